"""Imports every module that registers outbox jobs, so web and worker processes know them all."""
from potten.core import mail  # noqa: F401
from potten.reports import reminders  # noqa: F401
from workers import annual_report, letters  # noqa: F401
