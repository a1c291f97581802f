"""Two "machines" at once: two real worker processes (``python -m workers``), each with its own
connections to the same PostgreSQL and Redis, run the reminder task for the same day at the
same moment, twice each. Every report gets exactly one mail for the step that is due.

The day is a job argument: a clock cannot be moved in another process. It lies a year
ahead, so the workers' own periodic runs (for the real today) have nothing to send."""
from datetime import timedelta

import pytest
from redis import Redis
from rq import Worker
from sqlalchemy import func, select

from potten.core import outbox, queues
from potten.core.outbox import OutboxEntry
from potten.core.time import today_local
from potten.extensions import db
from potten.reports.models import ReminderSent
from tests.factories import make_round, make_user
from tests.reports.helpers import make_grant
from tests.workers.conftest import wait_for

REPORTS = 120


@pytest.mark.backends("postgresql")
def test_two_workers_running_the_same_day_at_once_send_each_step_exactly_once(app, smtp, redis_url,
                                                                               worker_process):
    app.config["REDIS_URL"] = redis_url
    due = today_local() + timedelta(days=400)
    round_ = make_round(budgets=(10_000_000,))
    for n in range(REPORTS):
        make_grant(make_user(email=f"soker{n}@example.no"), round_=round_, due=due)
    db.session.commit()

    first, second = worker_process(redis_url), worker_process(redis_url)
    connection = Redis.from_url(redis_url)
    # both listening on their queues, not just registered: else the first could take all four runs
    # before the second asks for one (seen once on a loaded machine), and "both ran it" would not hold
    wait_for(lambda: [w.get_state() for w in Worker.all(connection=connection)] == ["idle", "idle"],
             "both workers to listen")

    jobs = [queues.queue("maintenance").enqueue("potten.reports.reminders.reminder_job", due.isoformat(),
                                                job_timeout=300) for _ in range(4)]
    wait_for(lambda: all(job.get_status(refresh=True) == "finished" for job in jobs),
             "the four reminder runs to finish", timeout=120)
    wait_for(lambda: len(smtp.messages) >= REPORTS and not db.session.scalar(
        select(func.count()).select_from(OutboxEntry).where(OutboxEntry.status != outbox.DONE)),
        "the mails to be delivered", timeout=120)
    first.stop()
    second.stop()

    results = [job.return_value() for job in jobs]
    assert sum(r["sent"] for r in results) == REPORTS  # the four runs together mailed each report once
    assert len({r["by"] for r in results}) == 2  # both machines ran it
    recipients = sorted(m.rcpt_tos[0] for m in smtp.messages)
    assert recipients == sorted(f"soker{n}@example.no" for n in range(REPORTS))
    ledger = db.session.execute(select(ReminderSent.step, func.count()).group_by(ReminderSent.step)).all()
    assert ledger == [(0, REPORTS)]
