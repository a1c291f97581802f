"""Server-side sessions: the cookie holds only a random token; the database says whether it still counts.

Logging in starts a session row (``User.get_id`` issues the token Flask-Login puts in the signed cookie).
Logging out deletes it, so a copy of the cookie taken before is worth nothing afterwards. A new password
ends every other session of the account (a reset from a mail link ends them all), deactivation ends them
all, and an admin can end them all ("log out everywhere"). A session also ends after
``SESSION_IDLE_HOURS`` without a request, and ``SESSION_MAX_DAYS`` after the login whatever happens;
the workers' maintenance queue deletes ended rows (``potten.accounts.cleanup``).

Only a hash of the token is stored: a copy of the database does not let anyone log in.
"""
import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import joinedload

from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db

IDLE_HOURS = 12  # SESSION_IDLE_HOURS
MAX_DAYS = 14  # SESSION_MAX_DAYS
SEEN_EVERY = timedelta(minutes=5)  # last_seen_at is written at most this often


class UserSession(db.Model):
    __tablename__ = "user_session"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False, index=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_at = db.Column(UTCDateTime, nullable=False)
    last_seen_at = db.Column(UTCDateTime, nullable=False)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(user) -> str:
    """Start a session for ``user``; the token for the cookie (flushed, committed with the request)."""
    token, now = secrets.token_urlsafe(32), utcnow()
    db.session.flush()  # a new user needs its id
    db.session.add(UserSession(user_id=user.id, token_hash=_hash(token), created_at=now, last_seen_at=now))
    db.session.flush()
    return token


def log_in(user) -> None:
    """Log ``user`` in with a new session (never one the browser or the user object brought along)."""
    from flask_login import login_user

    user.session_token = create(user)
    login_user(user)


def user_for(token: str):
    """The active user whose session ``token`` names, or None when it ended or expired."""
    if not token or len(token) > 100:
        return None
    found = db.session.execute(_session_query(), {"token_hash": _hash(token)}).unique().one_or_none()
    if found is None:
        return None
    user, session_row = found
    now = utcnow()
    if not user.active or _expired(session_row, now):
        return None
    if now - session_row.last_seen_at > SEEN_EVERY:
        session_row.last_seen_at = now
    user.session_token = token
    return user


def _expired(row: UserSession, now: datetime) -> bool:
    idle, longest = _limits()
    return row.last_seen_at <= now - idle or row.created_at <= now - longest


def _limits() -> tuple[timedelta, timedelta]:
    config = current_app.config
    return (timedelta(hours=float(config.get("SESSION_IDLE_HOURS", IDLE_HOURS))),
            timedelta(days=float(config.get("SESSION_MAX_DAYS", MAX_DAYS))))


def end(token: str | None) -> None:
    """End one session (logging out)."""
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == _hash(token)))


def end_all(user, keep: str | None = None) -> int:
    """End every session of ``user`` except the one with token ``keep``; how many ended."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep:
        query = query.where(UserSession.token_hash != _hash(keep))
    return db.session.execute(query, execution_options={"synchronize_session": False}).rowcount


def count(user) -> int:
    from sqlalchemy import func

    return db.session.scalar(select(func.count()).select_from(UserSession).where(UserSession.user_id == user.id))


def delete_expired(now: datetime | None = None) -> int:
    """Delete the sessions that have ended by age; how many."""
    now = now or utcnow()
    idle, longest = _limits()
    return db.session.execute(delete(UserSession).where(
        (UserSession.last_seen_at <= now - idle) | (UserSession.created_at <= now - longest)),
        execution_options={"synchronize_session": False}).rowcount


@cache
def _session_query():
    """Built once: the user, roles and organisations (every page needs them) and the session, in one query."""
    from potten.accounts.models import User

    return (select(User, UserSession).join(UserSession, UserSession.user_id == User.id)
            .where(UserSession.token_hash == bindparam("token_hash"))
            .options(joinedload(User.role_rows), joinedload(User.organisations)))
