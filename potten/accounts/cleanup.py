"""The maintenance queue's clean-up of accounts: old login counts and ended sessions."""
from datetime import date

from potten.accounts import sessions, throttle
from potten.core import periodic


@periodic.task("accounts.cleanup")
def cleanup(today: date) -> int:
    """Delete login counts older than their window and sessions that ended by age; how many rows."""
    return throttle.delete_old() + sessions.delete_expired()
