"""The periodic relay the workers run on queue ``maintenance`` (``queues.schedule_relay``)."""
from potten.core import outbox, periodic, queues


def relay_job() -> int:
    """Hand stalled outbox entries to RQ again, then run the periodic tasks
    (``potten.core.periodic``); returns how many entries were handed over."""
    handed = outbox.relay_pending(older_than_seconds=int(queues.setting("OUTBOX_RELAY_GRACE_SECONDS")))
    periodic.run_all()
    return handed
