"""The registry of jobs: importing it registers every outbox job, mail hook, periodic task and signal
receiver, so web and worker processes know them all. It lists potten modules only: the web package
never depends on workers."""
from potten.accounts import cleanup  # periodic: old login counts and ended sessions
from potten.core import mail
from potten.decisions import acceptance  # the periodic task that accepts unanswered grants
from potten.finance import plan  # plans payouts when a grant is accepted, or changed after an appeal
from potten.letters import jobs as letters  # builds, converts and mails every kind of letter
from potten.reports import annual_job, reminders  # the annual report's job; the report reminders

__all__ = ["acceptance", "annual_job", "cleanup", "letters", "mail", "plan", "reminders"]
