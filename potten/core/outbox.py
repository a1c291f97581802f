"""The transactional outbox.

An operation that needs work done after its commit (a mail, a letter) adds an
``OutboxEntry`` in the same transaction. After the commit, ``dispatch_ready``
hands the new entries to RQ, or runs them in process on the embedded default.
If Redis is down nothing is lost: the entry stays pending and ``relay_pending``
(run periodically by the workers) hands it over again.

Running an entry twice does its work once. A run first *claims* the entry with
one conditional UPDATE (pending → running, owner and lease), so two runs at the
same moment cannot both do the work; the handler's writes and the change to
``done`` are committed together, so a run that dies half-way leaves nothing
behind. A claim whose owner died (same host, process gone) or whose lease ran
out may be taken over.

In a worker, what a job adds (a letter's mail) is run right after it by the
same process, saving a fork and a queue round; only if that try fails does the
entry go to RQ, which retries it with backoff.
"""
import logging
import os
import socket
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from potten.core import commits, queues
from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db

log = logging.getLogger(__name__)

PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
MAX_ATTEMPTS = 5  # in process, where no RQ retry counts the attempts
LEASE_SECONDS = 15 * 60  # longer than any job's timeout
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
    claimed_by = db.Column(db.String(128), nullable=True)  # "host:pid" of the run doing it
    claimed_until = db.Column(UTCDateTime, nullable=True)


class Busy(Exception):
    """Another live run holds the entry; try again later."""


class PermanentError(Exception):
    """Trying again will not help (e.g. the mail server refuses the address): the entry fails at once."""


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


def dispatch_ready() -> None:
    """Hand over the entries committed by this session (RQ, or in process)."""
    while ready := db.session.info.pop("outbox_ready", []):
        for entry_id, queue in ready:
            _hand_over(entry_id, queue)


def _hand_over(entry_id: int, queue: str | None = None) -> None:
    if not queues.enabled():
        try:
            run_entry(entry_id, reraise=False)
        except Exception:  # in process, a failed job must not break the request
            log.exception("outbox entry %s failed in process", entry_id)
    elif _current_rq_job() is None:
        enqueue(entry_id, queue)
    elif not run_entry(entry_id, reraise=False, inline=True):
        enqueue(entry_id, queue)  # it failed here: RQ retries it, with backoff


def enqueue(entry_id: int, queue: str | None = None) -> bool:
    """Give entry ``entry_id`` to RQ (its queue read from the row when not given); False if
    Redis is unreachable (the entry stays pending and the relay tries again)."""
    if queue is None:
        entry = db.session.get(OutboxEntry, entry_id)
        if entry is None:
            return False
        queue = entry.queue
        db.session.rollback()  # do not hold a transaction open while talking to Redis
    return queues.enqueue_entry(entry_id, queue)


# Running one entry ---------------------------------------------------------

def owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


def owner_alive(claimed_by: str | None) -> bool:
    """False only when we can tell: the owner ran on this host and its process is gone."""
    host, _, pid = (claimed_by or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claim(entry_id: int):
    """Take ``entry_id`` for this process and commit the claim; returns its job, payload
    and attempts. None when there is nothing left to do; ``Busy`` when another live run
    holds it."""
    taken = _take(entry_id, OutboxEntry.status == PENDING)
    if taken is None:
        entry = db.session.get(OutboxEntry, entry_id, populate_existing=True)
        if entry is None or entry.status in (DONE, FAILED):
            db.session.rollback()
            return None
        if entry.status == RUNNING and (not entry.claimed_until or entry.claimed_until <= utcnow()
                                        or not owner_alive(entry.claimed_by)):
            taken = _take(entry_id, (OutboxEntry.status == RUNNING) & (OutboxEntry.claimed_by == entry.claimed_by))
        if taken is None:
            db.session.rollback()
            raise Busy(f"outbox entry {entry_id} is being run by {entry.claimed_by}")
    commits.commit(commits.OUTBOX)
    return taken


def _take(entry_id: int, free):
    """One conditional UPDATE: of two runs at the same moment, only one gets a row back."""
    return db.session.execute(
        update(OutboxEntry).where(OutboxEntry.id == entry_id, free).values(
            status=RUNNING, claimed_by=owner(), claimed_until=utcnow() + timedelta(seconds=_lease()),
            attempts=OutboxEntry.attempts + 1)
        .returning(OutboxEntry.job, OutboxEntry.payload, OutboxEntry.attempts)
        .execution_options(synchronize_session=False)
    ).first()


def run_entry(entry_id: int, reraise: bool = True, inline: bool = False) -> bool:
    """Run one outbox entry: the body of every job. Safe to run twice, or at the same time.

    True when the entry is done (now or before). ``inline``: run by a worker right after
    the job that added it (a letter's mail, after the letter), never as the last attempt:
    if it fails, RQ gets it. Work an entry adds is done the same way, in the same process."""
    try:
        entry = claim(entry_id)
    except Busy:
        if reraise and _current_rq_job() is not None:
            raise  # RQ tries again later, with backoff
        log.info("outbox entry %s is being run elsewhere", entry_id)
        return False
    if entry is None:
        return True
    name, payload, attempts = entry.job, dict(entry.payload or {}), entry.attempts
    try:
        with commits.handled("job"):
            JOBS[name](**payload)
        _finish(entry_id)
        commits.commit(commits.OUTBOX)  # the job's work and its entry marked done, together
    except PermanentError as exc:
        db.session.rollback()
        release(entry_id, exc, final=True)
        return True
    except Exception as exc:
        db.session.rollback()
        release(entry_id, exc, final=not inline and _final_attempt(attempts))
        if reraise:
            raise
        return False
    dispatch_ready()
    return True


def _finish(entry_id: int) -> None:
    done = db.session.execute(
        update(OutboxEntry).where(OutboxEntry.id == entry_id, OutboxEntry.claimed_by == owner()).values(
            status=DONE, done_at=utcnow(), last_error=None, claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if done != 1:
        raise Busy(f"outbox entry {entry_id}: the claim ran out and another run took it over")


def release(entry_id: int, exc: BaseException | str, final: bool, claimed_by: str | None = None) -> bool:
    """Give back a claim after a failed run: pending again (to be retried), or failed
    when that was the last attempt. Commits; True if the claim was still held."""
    error = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    released = db.session.execute(
        update(OutboxEntry).where(OutboxEntry.id == entry_id, OutboxEntry.status == RUNNING,
                                  OutboxEntry.claimed_by == (claimed_by or owner()))
        .values(status=FAILED if final else PENDING, last_error=error[:2000], claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    commits.commit(commits.OUTBOX)
    if not released:
        return False
    (log.error if final else log.warning)("outbox entry %s %s: %s", entry_id,
                                          "failed for good" if final else "will be retried", error)
    return released == 1


def claims_of(claimed_by: str) -> list[int]:
    """The entries a run (``host:pid``) still holds: after it died, they must be given back."""
    ids = db.session.scalars(select(OutboxEntry.id).where(OutboxEntry.status == RUNNING,
                                                          OutboxEntry.claimed_by == claimed_by)).all()
    db.session.rollback()
    return list(ids)


def _final_attempt(attempts: int) -> bool:
    rq_job = _current_rq_job()
    if rq_job is not None:
        return not rq_job.retries_left
    return attempts >= current_app.config.get("OUTBOX_MAX_ATTEMPTS", MAX_ATTEMPTS)


def _current_rq_job():
    from rq import get_current_job

    try:
        return get_current_job()
    except Exception:  # no RQ job in this process (in process run, tests)
        return None


def _lease() -> int:
    return int(current_app.config.get("OUTBOX_LEASE_SECONDS", LEASE_SECONDS))


def warm_up() -> None:
    """Compile, in a worker's parent process, the statements every job runs, so that no
    forked horse compiles them again (SQLAlchemy keeps compiled SQL per process)."""
    from potten.core.audit import AuditEntry

    _take(-1, OutboxEntry.status == PENDING)
    _take(-1, (OutboxEntry.status == RUNNING) & (OutboxEntry.claimed_by == ""))
    db.session.execute(update(OutboxEntry).where(OutboxEntry.id == -1, OutboxEntry.claimed_by == owner()).values(
        status=DONE, done_at=utcnow(), last_error=None, claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False))
    db.session.get(OutboxEntry, -1)
    db.session.add_all([OutboxEntry(job="-", payload={}), AuditEntry(action="-", object_type="-")])
    db.session.flush()  # the INSERTs, never committed
    db.session.rollback()
    stalled_ids(0)


# Relay and retry -----------------------------------------------------------

def stalled_ids(older_than_seconds: int = 30) -> list[int]:
    """Entries that should be running but are not: pending for a while (Redis was
    down, a job was lost), or claimed by a run that died or whose lease ran out."""
    now = utcnow()
    cutoff = now - timedelta(seconds=older_than_seconds)
    rows = db.session.execute(
        select(OutboxEntry.id, OutboxEntry.status, OutboxEntry.claimed_by, OutboxEntry.claimed_until)
        .where(or_((OutboxEntry.status == PENDING) & (OutboxEntry.created_at <= cutoff),
                   OutboxEntry.status == RUNNING))
        .order_by(OutboxEntry.id)
    ).all()
    db.session.rollback()
    return [r.id for r in rows if r.status == PENDING
            or (r.claimed_until is None or r.claimed_until <= now or not owner_alive(r.claimed_by))]


def relay_pending(older_than_seconds: int = 30) -> int:
    """Hand over again what is stalled; returns how many entries were handed over."""
    ids = stalled_ids(older_than_seconds)
    for entry_id in ids:
        if queues.enabled():
            enqueue(entry_id)
        else:
            run_entry(entry_id, reraise=False)
    return len(ids)


def retry(entry: OutboxEntry) -> None:
    """Put a failed entry back to pending (an admin's retry); it runs after the commit."""
    entry.status = PENDING
    entry.attempts = 0
    entry.claimed_by = entry.claimed_until = None
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
    if new:  # read now: after the commit the objects are expired, and reading them would query again
        ready = sorted((e.id, e.__dict__.get("queue")) for e in new)
        session.info.setdefault("outbox_ready", []).extend(ready)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session, previous_transaction) -> None:
    session.info.pop("outbox_new", None)
