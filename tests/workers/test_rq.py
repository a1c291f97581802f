"""Jobs through RQ on a real Redis, run by a real RQ worker in this process."""
import re

from rq import Queue
from rq.job import Job
from sqlalchemy import func, select

from potten.core import outbox, queues, relay, unit_of_work
from potten.core.outbox import OutboxEntry, run_entry
from potten.extensions import db
from potten.letters.models import Letter
from tests.conftest import _free_port, csrf_token
from tests.letters.helpers import decided_letter
from tests.workers.conftest import work_off


def test_the_letter_job_is_queued_only_after_the_commit_with_backoff(rq_app, smtp):
    rq_app.config["JOB_RETRY_INTERVALS"] = None  # the default backoff
    letter = decided_letter("approved", "nb")
    letters = queues.queue("letters")
    assert letters.count == 0  # nothing is queued before the commit
    unit_of_work.commit()

    assert letters.job_ids == [f"outbox-{letter.build_entry_id}"]
    job = Job.fetch(letters.job_ids[0], connection=queues.connection())
    assert (job.retries_left, job.retry_intervals) == (4, [5, 30, 120, 600])
    assert job.func is run_entry and job.args == (letter.build_entry_id,)
    assert smtp.messages == []


def test_a_decision_is_mailed_once_by_the_rq_worker(rq_app, smtp):
    letter = decided_letter("partly_approved", "en")
    unit_of_work.commit()
    work_off(rq_app)
    assert len(smtp.messages) == 1
    assert db.session.get(Letter, letter.id).status == "sent"


def test_a_job_queued_twice_still_sends_one_mail(rq_app, smtp):
    letter = decided_letter("approved", "nb")
    unit_of_work.commit()
    Queue("letters", connection=queues.connection()).enqueue(run_entry, letter.build_entry_id)  # a stray copy
    work_off(rq_app)
    assert len(smtp.messages) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxEntry)) == 2  # one letter, one mail


def test_a_mail_server_refusing_the_first_two_tries_gets_the_mail_on_the_third(rq_app, smtp):
    smtp.refuse = 2
    letter = decided_letter("approved", "nb")
    unit_of_work.commit()
    work_off(rq_app)
    letter = db.session.get(Letter, letter.id)
    assert len(smtp.messages) == 1
    assert (letter.status, letter.mail_entry.attempts) == ("sent", 3)


def test_a_letter_that_still_fails_after_the_last_retry_is_shown_failed_and_retried_by_the_admin(
        rq_app, smtp, client, login_as):
    rq_app.config["JOB_RETRY_INTERVALS"] = "0,0"
    smtp.refuse = 99
    letter = decided_letter("rejected", "nb")
    unit_of_work.commit()
    work_off(rq_app)
    letter = db.session.get(Letter, letter.id)
    # tried once by the worker that built the letter, then by RQ: once and twice more
    assert (letter.status, letter.mail_entry.attempts) == ("failed", 4)

    login_as("admin")
    page = client.get("/brev?status=failed").get_data(as_text=True)
    assert letter.application.case_number in page and "451" in page
    token = csrf_token(client, "/brev?status=failed")
    smtp.refuse = 0
    response = client.post(f"/brev/{letter.id}/prov-igjen", data={"csrf_token": token})
    assert response.status_code == 302
    work_off(rq_app)
    assert len(smtp.messages) == 1
    assert db.session.get(Letter, letter.id).status == "sent"


def test_when_redis_is_down_at_the_commit_the_relay_hands_the_letter_over_later(rq_app, smtp, redis_url):
    rq_app.config["REDIS_URL"] = f"redis://127.0.0.1:{_free_port()}/0"  # nobody listens there
    letter = decided_letter("approved", "nb")
    unit_of_work.commit()  # does not fail: the entry stays pending
    assert db.session.get(OutboxEntry, letter.build_entry_id).status == outbox.PENDING

    rq_app.config.update(REDIS_URL=redis_url, OUTBOX_RELAY_GRACE_SECONDS=0)
    assert relay.relay_job() == 1
    work_off(rq_app)
    assert len(smtp.messages) == 1


def test_many_workers_schedule_one_relay_per_interval(rq_app):
    assert queues.schedule_relay() is True
    assert queues.schedule_relay() is False
    assert queues.queue("maintenance").job_ids == [queues.RELAY_JOB_ID]
    job = Job.fetch(queues.RELAY_JOB_ID, connection=queues.connection())
    assert job.func is relay.relay_job


def test_the_job_description_names_the_entry(rq_app):
    decided_letter("approved", "nb")
    unit_of_work.commit()
    job = Job.fetch(queues.queue("letters").job_ids[0], connection=queues.connection())
    assert re.fullmatch(r"outbox entry \d+", job.description)


def test_a_dead_work_horse_gives_back_its_job_and_the_mail_it_had_started(rq_app, smtp):
    import socket
    import subprocess

    from workers.worker import horse_killed

    letter = decided_letter("approved", "nb")
    unit_of_work.commit()
    work_off(rq_app)  # built and mailed; now pretend a horse died holding both entries
    letter = db.session.get(Letter, letter.id)
    build_id, mail_id = letter.build_entry_id, letter.mail_entry_id
    dead = subprocess.Popen(["true"])
    dead.wait()
    for entry_id in (build_id, mail_id):
        entry = db.session.get(OutboxEntry, entry_id)
        entry.status, entry.claimed_by = outbox.RUNNING, f"{socket.gethostname()}:{dead.pid}"
    db.session.commit()
    job = Job.create(run_entry, args=(build_id,), id=f"outbox-{build_id}", connection=queues.connection())
    job.retries_left = 2  # RQ will run it again

    horse_killed(job, dead.pid, 9, None)
    db.session.rollback()
    assert {db.session.get(OutboxEntry, i).status for i in (build_id, mail_id)} == {outbox.PENDING}
    assert f"outbox-{mail_id}" in queues.queue("mail").job_ids  # RQ has no job for it: it gets one
    assert "died" in db.session.get(OutboxEntry, build_id).last_error
