"""The one way to commit, and the guard that refuses every other.

While a request or a job is being handled, only two kinds of commit may happen: the edge's
(``potten.core.unit_of_work``: once, when the request or job has succeeded) and the outbox
machinery's own (claiming an entry, marking it done, giving it back). Both go through
``commit``. Anything else that commits (a view, an operation, a job's handler) raises
``CommitOutsideEdge`` at once, before a row is written, so a unit of work can never be split.
"""
import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from sqlalchemy import event
from sqlalchemy.orm import Session

from potten.extensions import db

EDGE, OUTBOX = "edge", "outbox"
_handling: ContextVar[str | None] = ContextVar("potten_handling", default=None)  # "request" or "job"
_committing: ContextVar[str | None] = ContextVar("potten_committing", default=None)  # EDGE or OUTBOX


class CommitOutsideEdge(RuntimeError):
    """Something committed in the middle of a request or a job: only the edge may."""


def commit(kind: str = EDGE) -> None:
    """Commit the current session as ``kind`` (the edge, or the outbox machinery)."""
    token = _committing.set(kind)
    try:
        db.session.commit()
    finally:
        _committing.reset(token)


def committing() -> str | None:
    """The kind of the commit in progress (for tests that count the edge's commits), else None."""
    return _committing.get()


def handling() -> str | None:
    """"request" or "job" while one is being handled, else None."""
    return _handling.get()


@contextlib.contextmanager
def handled(what: str) -> Iterator[None]:
    """Mark a request or a job as being handled: inside, only ``commit`` commits."""
    token = _handling.set(what)
    try:
        yield
    finally:
        _handling.reset(token)


def start(what: str) -> None:
    """For hooks that cannot wrap (a request's ``before_request``): ``stop`` ends it."""
    _handling.set(what)


def stop() -> None:
    _handling.set(None)


@event.listens_for(Session, "before_commit")
def _guard(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint's release is part of the unit, not its end
        return
    if _handling.get() is not None and _committing.get() is None:
        raise CommitOutsideEdge(f"a commit in the middle of a {_handling.get()}: only the edge commits "
                                "(potten.core.unit_of_work); operations, views and job handlers flush")
