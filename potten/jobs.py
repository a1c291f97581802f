"""Imports every module that registers outbox jobs, so web and worker processes know them all."""
from potten.core import mail  # noqa: F401
from potten.decisions import acceptance  # noqa: F401  (the periodic task that accepts unanswered grants)
from potten.finance import plan  # noqa: F401  (plans payouts when a grant is accepted or changed)
from potten.reports import reminders  # noqa: F401  (the periodic task that mails report reminders)
from workers import annual_report, letters  # noqa: F401
