"""A read that several parts of one page ask for, run once while nothing is written.

The application page asks for the decision in force three times (the decision's summary, the grant's,
the acceptance), each from its own area, and the grant's answer as often: each asking cost a statement,
and a missing row (no answer yet) is not kept by the session's identity map, so it was asked again.
``once(key, load)`` keeps what ``load`` returned in the session for the rest of the request, until the
session writes anything: a flush, an UPDATE or DELETE, a commit or a rollback forgets every kept read,
and while the session holds changes not yet flushed ``load`` runs every time, as the query's autoflush
would have made it see them. The request edge forgets them too when a request starts.
"""
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session

from potten.extensions import db

T = TypeVar("T")
KEPT = "reads.kept"  # session.info: key → what load returned


def once(key: Hashable, load: Callable[[], T]) -> T:
    """What ``load()`` returns, asked once in this request while the session writes nothing."""
    session = db.session()
    if session.new or session.deleted or session.dirty:
        return load()
    kept = session.info.setdefault(KEPT, {})
    if key not in kept:
        kept[key] = load()
    return kept[key]


def forget(session: Session | None = None) -> None:
    """Forget every kept read (``session`` defaults to the current one)."""
    (session if session is not None else db.session()).info.pop(KEPT, None)


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
@event.listens_for(Session, "after_soft_rollback")
def _written(session: Session, *args) -> None:
    session.info.pop(KEPT, None)


@event.listens_for(Session, "do_orm_execute")
def _executed(state) -> None:
    if not state.is_select:
        state.session.info.pop(KEPT, None)
