"""RQ queues, used only when ``POTTEN_REDIS_URL`` is set.

Queues are named for what they carry: ``mail`` (receipts, notices),
``letters`` (decision letters), ``maintenance`` (the outbox relay, reminders).
"""
import logging

from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

log = logging.getLogger(__name__)

QUEUE_NAMES = ("letters", "mail", "maintenance")
RETRY = Retry(max=4, interval=[5, 30, 120, 600])


def enabled() -> bool:
    return bool(current_app.config.get("REDIS_URL"))


def connection() -> Redis:
    ext = current_app.extensions
    if "potten_redis" not in ext:
        ext["potten_redis"] = Redis.from_url(current_app.config["REDIS_URL"])
    return ext["potten_redis"]


def queue(name: str) -> Queue:
    return Queue(name, connection=connection())


def enqueue_entry(entry_id: int, again: bool = False) -> bool:
    """Give outbox entry ``entry_id`` to RQ. False if Redis is unreachable
    (the entry stays pending and the relay tries again)."""
    from potten.core.outbox import OutboxEntry, run_entry
    from potten.extensions import db

    entry = db.session.get(OutboxEntry, entry_id)
    job_id = f"outbox-{entry_id}"
    try:
        if again:
            try:
                existing = Job.fetch(job_id, connection=connection())
            except NoSuchJobError:
                existing = None
            if existing is not None:
                status = existing.get_status(refresh=True)
                if status in (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED):
                    return True
                existing.delete()
        queue(entry.queue).enqueue(
            run_entry, entry_id, job_id=job_id, retry=RETRY,
            failure_ttl=7 * 24 * 3600, result_ttl=24 * 3600,
        )
    except RedisError as exc:
        log.warning("Redis unreachable, outbox entry %s stays pending: %s", entry_id, exc)
        return False
    return True
