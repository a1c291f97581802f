"""Imports every module that registers outbox jobs, so web and worker processes know them all."""
from potten.core import mail  # noqa: F401
from potten.decisions import acceptance  # noqa: F401  (the periodic task that accepts unanswered grants)
from potten.finance import plan  # noqa: F401  (plans payouts when a grant is accepted or changed)
from workers import letters  # noqa: F401
