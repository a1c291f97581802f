"""``python -m workers`` as it runs in production: the keeper and its work horse (an
RQ worker with the scheduler), a real Redis, the real SMTP server on loopback. Each
fault ends with exactly one letter and one mail."""
import os
import shutil
import signal

from sqlalchemy import func, select

from potten.core import outbox, unit_of_work
from potten.core.audit import AuditEntry
from potten.core.outbox import OutboxEntry
from potten.extensions import db
from potten.letters.models import Letter
from tests.conftest import service_missing
from tests.letters.helpers import decided_letter
from tests.workers.conftest import wait_for


def _delivered(smtp, letter_id: int):
    """True once the mail went and every outbox entry is done."""
    letter = db.session.get(Letter, letter_id, populate_existing=True)
    undone = db.session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.status != outbox.DONE))
    return smtp.messages and letter.status == "sent" and undone == 0


def _assert_one_letter_and_one_mail(smtp, letter_id: int, pdf: bool = False) -> None:
    letter = db.session.get(Letter, letter_id, populate_existing=True)
    built = db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "letter.built"))
    assert (len(smtp.messages), db.session.scalar(select(func.count()).select_from(Letter)), built) == (1, 1, 1)
    assert smtp.messages[0].rcpt_tos == [letter.recipient_email]
    sent = letter.pdf_filename if pdf else letter.filename
    assert sent.encode() in smtp.messages[0].content


def test_a_decision_produces_exactly_one_mail_with_the_letter_through_a_real_worker(app, smtp, redis_url,
                                                                                    worker_process):
    """As in production: the worker starts its LibreOffice, and the letter goes out as PDF/A."""
    if not shutil.which("soffice"):
        service_missing("LibreOffice (soffice)")
    app.config["REDIS_URL"] = redis_url
    worker = worker_process(redis_url, POTTEN_LIBREOFFICE="soffice")
    letter = decided_letter("approved", "nb", organisation=True)
    unit_of_work.commit()
    letter_id = letter.id
    wait_for(lambda: _delivered(smtp, letter_id), "the letter to be mailed")
    log = worker.stop()
    _assert_one_letter_and_one_mail(smtp, letter_id, pdf=True)
    assert "letters go out as PDF/A-2b" in log
    letter = db.session.get(Letter, letter_id)
    assert letter.has_pdf and letter.content is not None  # the .docx stays for staff


def test_a_worker_without_libreoffice_says_so_and_sends_the_docx(app, smtp, redis_url, worker_process):
    app.config["REDIS_URL"] = redis_url
    worker = worker_process(redis_url, POTTEN_LIBREOFFICE="no-such-soffice")
    letter = decided_letter("rejected", "en")
    unit_of_work.commit()
    letter_id = letter.id
    wait_for(lambda: _delivered(smtp, letter_id), "the letter to be mailed")
    log = worker.stop()
    _assert_one_letter_and_one_mail(smtp, letter_id)
    assert "letters go out as .docx, not PDF: LibreOffice (no-such-soffice) is not installed" in log


def test_a_work_horse_killed_in_the_middle_of_the_job_is_retried_and_mails_once(app, smtp, redis_url,
                                                                              worker_process, tmp_path):
    app.config["REDIS_URL"] = redis_url
    hold = tmp_path / "hold"
    hold.mkdir()
    worker = worker_process(redis_url, "--import", "tests.workers.held_letter_job",
                            POTTEN_TEST_HOLD_FOLDER=str(hold))
    letter = decided_letter("rejected", "en")
    unit_of_work.commit()
    letter_id, build_id = letter.id, letter.build_entry_id

    started = wait_for(lambda: sorted(hold.glob("started-*")), "the work horse to start the letter job")
    horse = int(started[0].name.split("-")[1])
    assert db.session.get(OutboxEntry, build_id, populate_existing=True).status == outbox.RUNNING
    os.kill(horse, signal.SIGKILL)
    (hold / "release").touch()

    wait_for(lambda: _delivered(smtp, letter_id), "the retried job to mail the letter")
    log = worker.stop()
    _assert_one_letter_and_one_mail(smtp, letter_id)
    assert db.session.get(OutboxEntry, build_id).attempts == 2
    assert "terminated unexpectedly" in log


def test_redis_stopped_when_the_decision_is_made_and_started_later_loses_nothing(app, smtp, own_redis,
                                                                                 worker_process):
    app.config["REDIS_URL"] = own_redis.url
    worker = worker_process(own_redis.url)
    wait_for(lambda: worker.proc.poll() is None and own_redis_has_worker(own_redis), "the worker to start")
    own_redis.stop()

    letter = decided_letter("partly_approved", "nb")
    unit_of_work.commit()  # the request does not fail
    letter_id = letter.id
    assert db.session.get(OutboxEntry, letter.build_entry_id).status == outbox.PENDING
    assert smtp.messages == []

    own_redis.start()
    wait_for(lambda: _delivered(smtp, letter_id), "the relay to hand the letter over after Redis came back")
    worker.stop()
    _assert_one_letter_and_one_mail(smtp, letter_id)


def own_redis_has_worker(server) -> bool:
    from redis import Redis

    return bool(Redis.from_url(server.url).keys("rq:worker:*"))


def test_a_mail_server_refusing_the_first_two_tries_still_gets_one_mail(app, smtp, redis_url, worker_process):
    app.config["REDIS_URL"] = redis_url
    smtp.refuse = 2
    worker = worker_process(redis_url)
    letter = decided_letter("approved", "en")
    unit_of_work.commit()
    letter_id = letter.id
    wait_for(lambda: _delivered(smtp, letter_id), "the third try to deliver the mail")
    worker.stop()
    _assert_one_letter_and_one_mail(smtp, letter_id)
    assert db.session.get(Letter, letter_id).mail_entry.attempts == 3


def test_a_job_run_again_after_it_was_done_changes_nothing(app, smtp, redis_url, worker_process):
    from potten.core import queues, unit_of_work
    from potten.core.outbox import run_entry

    app.config["REDIS_URL"] = redis_url
    worker = worker_process(redis_url)
    letter = decided_letter("approved", "nb")
    unit_of_work.commit()
    letter_id, build_id = letter.id, letter.build_entry_id
    wait_for(lambda: _delivered(smtp, letter_id), "the letter to be mailed")
    again = queues.queue("letters").enqueue(run_entry, build_id)
    wait_for(lambda: again.get_status(refresh=True) == "finished", "the second run to finish")
    worker.stop()
    _assert_one_letter_and_one_mail(smtp, letter_id)


def test_a_work_horse_stops_when_its_keeper_is_killed(app, redis_url, worker_process):
    from redis import Redis
    from rq import Worker

    worker = worker_process(redis_url)
    horses = wait_for(lambda: [w.pid for w in Worker.all(connection=Redis.from_url(redis_url))],
                      "the work horse to start")
    assert horses[0] != worker.proc.pid
    os.kill(worker.proc.pid, signal.SIGKILL)
    worker.proc.wait()
    wait_for(lambda: not _alive(horses[0]), "the work horse to stop")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
