"""Work that falls due by the clock: report reminders, automatic acceptance of grants.

A task is a function ``fn(today: date) -> int`` that selects what is due *on or before*
``today`` (Europe/Oslo) and not yet done, does it and records it in the same unit of work,
and returns how many things it did. Because the database, not the scheduler, decides what
is due, a task may run any number of times, on many workers at once, and a day missed
while the workers were down is caught up by the next run.

With Redis, the workers run every task after the outbox relay, once per
``OUTBOX_RELAY_SECONDS`` across all workers (``potten.core.relay.relay_job``). On the
embedded default, ``flask periodic`` runs them (and ``make run`` runs it at start).
"""
import logging
from collections.abc import Callable
from datetime import date

from potten.core import unit_of_work
from potten.core.time import today_local

log = logging.getLogger(__name__)

TASKS: dict[str, Callable[[date], int]] = {}


def task(name: str):
    """Register ``fn(today) -> int`` as the periodic task ``name``."""
    def register(fn):
        TASKS[name] = fn
        return fn
    return register


def run_all(today: date | None = None) -> dict[str, int]:
    """Run every task, each in its own unit of work; a failing task does not stop the others."""
    today = today or today_local()
    done: dict[str, int] = {}
    for name, fn in TASKS.items():
        try:
            with unit_of_work.unit():
                done[name] = fn(today)
        except Exception:
            log.exception("periodic task %s failed; the next run tries again", name)
    return done
