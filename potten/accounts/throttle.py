"""Failed logins: after a few wrong passwords for one e-mail address, that address must wait.

Counted in the database, so every web process on every machine sees the same count. The
address is kept only as a hash, and unknown addresses are counted like known ones, so the
answer never tells whether an account exists. A successful login or a new password from a
reset link clears the count.
"""
import hashlib
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete

from potten.core.errors import DomainError
from potten.core.i18n import lazy_gettext as _l
from potten.core.rows import insert_unless_present
from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db

MAX_FAILURES = 5  # LOGIN_MAX_FAILURES
LOCK_MINUTES = 15  # LOGIN_LOCK_MINUTES: how long the address waits, and how long failures are remembered


class LoginThrottle(db.Model):
    __tablename__ = "login_throttle"

    key = db.Column(db.String(64), primary_key=True)  # sha256 of the lower-cased address
    failures = db.Column(db.Integer, nullable=False, default=0)
    first_failure_at = db.Column(UTCDateTime, nullable=False)
    locked_until = db.Column(UTCDateTime, nullable=True)


class TooManyAttempts(DomainError):
    pass


def check(email: str) -> TooManyAttempts | None:
    """The refusal while the address must wait (before the password is even looked at), else None."""
    row = db.session.get(LoginThrottle, _key(email))
    now = utcnow()
    if row is not None and row.locked_until is not None and row.locked_until > now:
        minutes = max(1, -(-int((row.locked_until - now).total_seconds()) // 60))
        return TooManyAttempts(_l("Too many wrong passwords for this e-mail address. Wait %(minutes)d minutes and "
                                  "try again, or choose a new password with “Forgot your password?”.",
                                  minutes=minutes), field="password")
    return None


def failed(email: str) -> None:
    """Count a wrong password; the count starts again once the last lock or the first failure is old."""
    key, now = _key(email), utcnow()
    window = timedelta(minutes=_setting("LOGIN_LOCK_MINUTES", LOCK_MINUTES))
    row = db.session.get(LoginThrottle, key, with_for_update=True)
    if row is None:
        insert_unless_present(LoginThrottle, key=key, failures=0, first_failure_at=now)
        row = db.session.get(LoginThrottle, key, with_for_update=True, populate_existing=True)
    if row.first_failure_at <= now - window:
        row.failures, row.first_failure_at, row.locked_until = 0, now, None
    row.failures += 1
    if row.failures >= _setting("LOGIN_MAX_FAILURES", MAX_FAILURES):
        row.locked_until = now + window  # after it, the first failure is old: the count starts again
    db.session.flush()


def cleared(email: str) -> None:
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == _key(email)))


def _key(email: str) -> str:
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))

