"""The transactional outbox.

An operation that needs work done after its commit (a mail, a letter) adds an
``OutboxEntry`` in the same transaction. After the commit, ``dispatch_ready``
hands the new entries to RQ, or runs them in process on the embedded default.
If Redis is down nothing is lost: the entry stays pending and ``relay_pending``
(run periodically by the workers) hands it over again. Running an entry twice
does its work once: a done entry is skipped, and every job checks its own
guard as well.
"""
import logging
from collections.abc import Callable

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db

log = logging.getLogger(__name__)

PENDING, DONE, FAILED = "pending", "done", "failed"
MAX_ATTEMPTS = 5
JOBS: dict[str, Callable] = {}


class OutboxEntry(db.Model):
    __tablename__ = "outbox_entry"

    id = db.Column(db.Integer, primary_key=True)
    job = db.Column(db.String(64), nullable=False)
    queue = db.Column(db.String(32), nullable=False, default="mail")
    payload = db.Column(db.JSON, nullable=False, default=dict)
    status = db.Column(db.String(16), nullable=False, default=PENDING, index=True)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    enqueued_at = db.Column(UTCDateTime, nullable=True)
    done_at = db.Column(UTCDateTime, nullable=True)
    last_error = db.Column(db.Text, nullable=True)


def job(name: str, queue: str = "mail"):
    """Register ``fn`` as the handler of outbox entries named ``name``."""
    def register(fn):
        JOBS[name] = fn
        fn.outbox_queue = queue
        return fn
    return register


def add(name: str, **payload) -> OutboxEntry:
    """Add an entry to the current unit of work; it runs after the commit."""
    entry = OutboxEntry(job=name, payload=payload, queue=getattr(JOBS.get(name), "outbox_queue", "mail"))
    db.session.add(entry)
    return entry


def commit() -> None:
    """Commit the unit of work, then hand over what it added to the outbox."""
    db.session.commit()
    dispatch_ready()


def dispatch_ready() -> None:
    """Hand over the entries committed by this session (RQ, or in process)."""
    while ids := db.session.info.pop("outbox_ready", []):
        for entry_id in ids:
            _hand_over(entry_id)


def _hand_over(entry_id: int) -> None:
    from potten.core import queues

    if queues.enabled():
        queues.enqueue_entry(entry_id)
    else:
        try:
            run_entry(entry_id, reraise=False)
        except Exception:  # in process, a failed job must not break the request
            log.exception("outbox entry %s failed in process", entry_id)


def run_entry(entry_id: int, reraise: bool = True) -> None:
    """Run one outbox entry: the body of every job. Safe to run twice."""
    entry = db.session.get(OutboxEntry, entry_id, with_for_update=True)
    if entry is None or entry.status == DONE:
        db.session.rollback()
        return
    handler = JOBS[entry.job]
    try:
        handler(**entry.payload)
    except Exception as exc:
        db.session.rollback()
        _record_failure(entry_id, exc)
        if reraise:
            raise
        return
    entry.status = DONE
    entry.attempts += 1
    entry.done_at = utcnow()
    entry.last_error = None
    commit()


def _record_failure(entry_id: int, exc: Exception) -> None:
    entry = db.session.get(OutboxEntry, entry_id, with_for_update=True)
    entry.attempts += 1
    entry.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if entry.attempts >= current_app.config.get("OUTBOX_MAX_ATTEMPTS", MAX_ATTEMPTS):
        entry.status = FAILED
    db.session.commit()


def relay_pending(older_than_seconds: int = 30) -> int:
    """Hand over again what is still pending (Redis was down, a job was lost)."""
    from datetime import timedelta

    from potten.core import queues

    cutoff = utcnow() - timedelta(seconds=older_than_seconds)
    ids = db.session.scalars(
        select(OutboxEntry.id).where(OutboxEntry.status == PENDING, OutboxEntry.created_at <= cutoff)
        .order_by(OutboxEntry.id)
    ).all()
    db.session.rollback()
    for entry_id in ids:
        if queues.enabled():
            queues.enqueue_entry(entry_id, again=True)
        else:
            run_entry(entry_id, reraise=False)
    return len(ids)


def retry(entry: OutboxEntry) -> None:
    """Put a failed entry back to pending (an admin's retry); runs after commit."""
    entry.status = PENDING
    entry.attempts = 0
    _mark_ready(db.session, [entry])


def _mark_ready(session, entries) -> None:
    session.info.setdefault("outbox_new", set()).update(entries)


@event.listens_for(Session, "after_flush")
def _after_flush(session, flush_context) -> None:
    new = [o for o in session.new if isinstance(o, OutboxEntry)]
    if new:
        _mark_ready(session, new)


@event.listens_for(Session, "after_commit")
def _after_commit(session) -> None:
    new = session.info.pop("outbox_new", set())
    if new:
        session.info.setdefault("outbox_ready", []).extend(sorted(e.id for e in new))


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session, previous_transaction) -> None:
    session.info.pop("outbox_new", None)
