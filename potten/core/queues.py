"""RQ queues, used only when ``POTTEN_REDIS_URL`` is set.

Queues are named for what they carry: ``letters`` (decision letters to build),
``mail`` (every outgoing mail: receipts and notices from the web, and the retries
of a letter's mail, whose first try the worker that built the letter makes),
``maintenance`` (the outbox relay, reminders).
Every outbox entry becomes the RQ job ``outbox-<id>``; running it twice does its
work once (see ``potten.core.outbox``).

Settings (app config, else the ``POTTEN_*`` environment variable of the same name):
``JOB_RETRY_INTERVALS`` (seconds between retries, default ``5,30,120,600``),
``OUTBOX_RELAY_SECONDS`` (how often the relay runs, default 60) and
``OUTBOX_RELAY_GRACE_SECONDS`` (how long a pending entry may wait for its
after-commit hand-over before the relay takes it, default 30).
"""
import logging
import os

from flask import current_app
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry as RedisRetry
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus

log = logging.getLogger(__name__)

QUEUE_NAMES = ("letters", "mail", "maintenance")
DEFAULTS = {"JOB_RETRY_INTERVALS": "5,30,120,600", "OUTBOX_RELAY_SECONDS": "60",
            "OUTBOX_RELAY_GRACE_SECONDS": "30"}
JOB_TIMEOUT = 5 * 60
RELAY_JOB_ID = "outbox-relay"
RELAY_LOCK = "potten:outbox-relay-due"
# Named, not imported: this module is the transport under the outbox and must not import it.
RUN_ENTRY = "potten.core.outbox.run_entry"
RELAY_FUNCTION = "potten.core.relay.relay_job"
LIVE = (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED)


def setting(name: str) -> str:
    value = current_app.config.get(name)
    if value in (None, ""):
        value = os.environ.get(f"POTTEN_{name}") or DEFAULTS[name]
    return str(value)


def retry_policy() -> Retry:
    intervals = [int(s) for s in setting("JOB_RETRY_INTERVALS").replace(" ", "").split(",") if s]
    return Retry(max=len(intervals), interval=intervals)


def enabled() -> bool:
    return bool(current_app.config.get("REDIS_URL"))


def connection() -> Redis:
    """One connection pool per process and URL. It fails fast (no retry loop),
    so a request is never held up by a Redis that is down."""
    url = current_app.config["REDIS_URL"]
    cached = current_app.extensions.get("potten_redis")
    if cached is None or cached[0] != url or cached[2] != os.getpid():
        conn = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=10,
                              retry=RedisRetry(NoBackoff(), 0))
        cached = current_app.extensions["potten_redis"] = (url, conn, os.getpid())
    return cached[1]


def queue(name: str) -> Queue:
    return Queue(name, connection=connection())


def job_id(entry_id: int) -> str:
    return f"outbox-{entry_id}"


def entry_id_of(rq_job_id: str) -> int | None:
    prefix, _, number = rq_job_id.partition("-")
    return int(number) if prefix == "outbox" and number.isdigit() else None


def enqueue_entry(entry_id: int, queue_name: str) -> bool:
    """Give outbox entry ``entry_id`` to RQ, unless RQ holds it already. False if
    Redis is unreachable (the entry stays pending and the relay tries again)."""
    try:
        try:
            _enqueue(queue_name, entry_id)
        except DuplicateJobError:
            if _live(job_id(entry_id)):
                return True
            _enqueue(queue_name, entry_id)  # the old job had ended: this is a new run
    except DuplicateJobError:
        return True
    except RedisError as exc:
        log.warning("Redis unreachable, outbox entry %s stays pending: %s", entry_id, exc)
        return False
    return True


def _enqueue(queue_name: str, entry_id: int) -> None:
    queue(queue_name).enqueue(
        RUN_ENTRY, entry_id, job_id=job_id(entry_id), unique=True, retry=retry_policy(),
        job_timeout=JOB_TIMEOUT, failure_ttl=7 * 24 * 3600, result_ttl=0,  # the database keeps the outcome
        description=f"outbox entry {entry_id}",
    )


def _live(rq_job_id: str) -> bool:
    """True if RQ still holds a job that will run; a finished or failed one is removed."""
    try:
        existing = Job.fetch(rq_job_id, connection=connection())
    except NoSuchJobError:
        return False
    if existing.get_status(refresh=True) in LIVE:
        return True
    existing.delete()
    return False


def schedule_relay() -> bool:
    """Enqueue the relay unless it ran within the last interval. Many workers call
    this; a Redis lock and the fixed job id make it run once per interval in all."""
    interval = int(setting("OUTBOX_RELAY_SECONDS"))
    conn = connection()
    try:
        if not conn.set(RELAY_LOCK, os.getpid(), nx=True, ex=interval):
            return False
        queue("maintenance").enqueue(RELAY_FUNCTION, job_id=RELAY_JOB_ID, unique=True, job_timeout=JOB_TIMEOUT,
                                     result_ttl=0, failure_ttl=interval, description="outbox relay")
    except DuplicateJobError:
        return False
    except RedisError as exc:
        log.warning("Redis unreachable, the outbox relay waits: %s", exc)
        return False
    return True
