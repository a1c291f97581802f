"""Failed logins: after a few wrong passwords for one e-mail address, that address must wait.

Counted in the database, so every web process on every machine sees the same count, per address
*and client* (a stranger guessing from elsewhere does not lock the owner out). The address is kept
only as a hash, and unknown addresses are counted like known ones, so the
answer never tells whether an account exists. A successful login or a new password from a
reset link clears the count.
"""
import hashlib
from datetime import timedelta

from flask import current_app, has_request_context
from sqlalchemy import case, delete, update

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

    key = db.Column(db.String(64), primary_key=True)  # hashes of the lower-cased address and of the client
    failures = db.Column(db.Integer, nullable=False, default=0)  # attempts in the window, wrong or under way
    first_failure_at = db.Column(UTCDateTime, nullable=False)
    locked_until = db.Column(UTCDateTime, nullable=True)


class TooManyAttempts(DomainError):
    pass


def check(email: str) -> TooManyAttempts | None:
    """Count this attempt; the refusal if the address must wait (the password is not looked at then),
    else None. The attempt is counted *before* the password is checked, in one UPDATE that holds
    the row until the commit: attempts at the same moment, in any number of processes, are counted one
    after the other, so no more than ``LOGIN_MAX_FAILURES`` passwords are ever tried per window. The
    count starts again once the first failure is older than the window and no lock is in force."""
    key, now = _key(email), utcnow()
    window = timedelta(minutes=_setting("LOGIN_LOCK_MINUTES", LOCK_MINUTES))
    insert_unless_present(LoginThrottle, key=key, failures=0, first_failure_at=now)
    stale = (LoginThrottle.first_failure_at <= now - window) & (
        LoginThrottle.locked_until.is_(None) | (LoginThrottle.locked_until <= now))
    failures, first, locked_until = db.session.execute(
        update(LoginThrottle).where(LoginThrottle.key == key).values(
            failures=case((stale, 1), else_=LoginThrottle.failures + 1),
            first_failure_at=case((stale, now), else_=LoginThrottle.first_failure_at),
            locked_until=case((stale, None), else_=LoginThrottle.locked_until))
        .returning(LoginThrottle.failures, LoginThrottle.first_failure_at, LoginThrottle.locked_until),
        execution_options={"synchronize_session": False}).one()
    if locked_until is not None and locked_until > now:
        return _refusal(locked_until - now)
    if failures > _setting("LOGIN_MAX_FAILURES", MAX_FAILURES):  # the others at this moment used them up
        return _refusal(first + window - now)
    return None


def _refusal(wait: timedelta) -> TooManyAttempts:
    minutes = max(1, -(-int(wait.total_seconds()) // 60))
    return TooManyAttempts(_l("Too many wrong passwords for this e-mail address. Wait %(minutes)d minutes and "
                           "try again, or choose a new password with “Forgot your password?”.",
                           minutes=minutes), field="password")


def failed(email: str) -> None:
    """A wrong password (already counted by ``check``): the last one allowed starts the wait."""
    now = utcnow()
    window = timedelta(minutes=_setting("LOGIN_LOCK_MINUTES", LOCK_MINUTES))
    db.session.execute(update(LoginThrottle).where(
        LoginThrottle.key == _key(email), LoginThrottle.failures >= _setting("LOGIN_MAX_FAILURES", MAX_FAILURES))
        .values(locked_until=now + window), execution_options={"synchronize_session": False})


def cleared(email: str) -> None:
    """Forget the wrong passwords for ``email`` from every client (a login, or a new password by mail)."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key.startswith(_address_part(email))))


def delete_old(now=None) -> int:
    """Delete the counts nobody needs any more: no lock in force and the first failure older than the
    window. How many rows (the maintenance queue runs this)."""
    now = now or utcnow()
    window = timedelta(minutes=_setting("LOGIN_LOCK_MINUTES", LOCK_MINUTES))
    old = (LoginThrottle.first_failure_at <= now - window) & (
        LoginThrottle.locked_until.is_(None) | (LoginThrottle.locked_until <= now))
    return db.session.execute(delete(LoginThrottle).where(old),
                              execution_options={"synchronize_session": False}).rowcount


def _address_part(email: str) -> str:
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:40]


def _key(email: str) -> str:
    """The address and the client together: someone else guessing from elsewhere cannot lock the owner out
    (each client is also limited per address by ``potten.core.limits``)."""
    from potten.core.limits import client_key

    client = client_key() if has_request_context() else "-"
    return _address_part(email) + hashlib.sha256(client.encode()).hexdigest()[:24]


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))

