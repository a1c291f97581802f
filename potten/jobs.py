"""The registry of jobs: importing it registers every outbox job, mail hook, periodic task and signal
receiver, so web and worker processes know them all. It lists potten modules only: the web package
never depends on workers."""
from potten.accounts import cleanup  # periodic: old login counts and ended sessions
from potten.core import mail
from potten.decisions import acceptance  # the periodic task that accepts unanswered grants
from potten.finance import plan  # plans payouts when a grant is accepted, or changed after an appeal
from potten.reports import reminders  # the periodic task that mails report reminders

# TODO(letters): the letter job moves into potten/letters (branch ``letters``); once it is on main,
# import it from there and drop this import of the worker package. The annual report's job (reports)
# is in the worker package too, for the same reason.
from workers import annual_report, letters

__all__ = ["acceptance", "annual_report", "cleanup", "letters", "mail", "plan", "reminders"]
