"""The outbox does each piece of work once: a job run twice, two runs at the same
moment, a run that died, a mail server that says no (in process, no Redis)."""
import socket
import subprocess
import threading
from datetime import timedelta

from sqlalchemy import func, select

from potten.core import outbox, unit_of_work
from potten.core.audit import AuditEntry
from potten.core.outbox import OutboxEntry
from potten.core.time import utcnow
from potten.extensions import db
from potten.letters import operations
from potten.letters.models import Letter
from tests.letters.helpers import decided_letter


def _committed_letter() -> Letter:
    """A decision and its letter committed, but not yet handed over (as if the process stopped there)."""
    letter = decided_letter("approved", "nb")
    db.session.commit()
    db.session.info.pop("outbox_ready", None)
    return letter


def _built_count(letter_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "letter.built", AuditEntry.object_id == letter_id))


def test_a_job_run_twice_builds_one_letter_and_sends_one_mail(app, smtp):
    letter = _committed_letter()
    build_id = letter.build_entry_id
    outbox.run_entry(build_id)
    outbox.run_entry(build_id)
    letter = db.session.get(Letter, letter.id)
    outbox.run_entry(letter.mail_entry_id)

    assert len(smtp.messages) == 1
    assert _built_count(letter.id) == 1
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 1
    assert db.session.get(OutboxEntry, build_id).attempts == 1


def test_two_runs_at_the_same_moment_send_one_mail(app, smtp):
    letter = _committed_letter()
    outbox.run_entry(letter.build_entry_id)  # builds; its mail is sent in process
    letter = db.session.get(Letter, letter.id)
    mail_id = letter.mail_entry_id
    mail_entry = db.session.get(OutboxEntry, mail_id)
    mail_entry.status = outbox.PENDING  # as if the mail had not gone yet
    db.session.commit()
    smtp.messages.clear()

    start = threading.Barrier(2)

    def run():
        with app.app_context():
            start.wait()
            outbox.run_entry(mail_id, reraise=False)
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(smtp.messages) == 1
    assert db.session.get(OutboxEntry, mail_id, populate_existing=True).status == outbox.DONE


def test_a_run_does_nothing_while_another_live_run_holds_the_entry(app, smtp):
    letter = _committed_letter()
    assert outbox.claim(letter.build_entry_id).job == "build_letter"  # held, as by a running job
    outbox.run_entry(letter.build_entry_id, reraise=False)
    assert db.session.get(OutboxEntry, letter.build_entry_id, populate_existing=True).status == outbox.RUNNING
    assert db.session.get(Letter, letter.id, populate_existing=True).built_at is None
    assert smtp.messages == []


def test_the_claim_of_a_process_that_died_is_taken_over(app, smtp):
    letter = _committed_letter()
    dead = subprocess.Popen(["true"])
    dead.wait()
    _claimed_by(letter.build_entry_id, f"{socket.gethostname()}:{dead.pid}", utcnow() + timedelta(minutes=10))

    outbox.run_entry(letter.build_entry_id)
    assert len(smtp.messages) == 1
    assert db.session.get(OutboxEntry, letter.build_entry_id).attempts == 2


def test_a_claim_held_on_another_machine_is_left_until_its_lease_runs_out(app, smtp):
    letter = _committed_letter()
    _claimed_by(letter.build_entry_id, "worker-2.example:4242", utcnow() + timedelta(minutes=10))
    assert outbox.relay_pending(older_than_seconds=0) == 0
    assert smtp.messages == []

    _claimed_by(letter.build_entry_id, "worker-2.example:4242", utcnow() - timedelta(seconds=1))
    assert outbox.relay_pending(older_than_seconds=0) == 1
    assert len(smtp.messages) == 1


def _claimed_by(entry_id: int, owner: str, until) -> None:
    entry = db.session.get(OutboxEntry, entry_id)
    entry.status, entry.claimed_by, entry.claimed_until, entry.attempts = outbox.RUNNING, owner, until, 1
    db.session.commit()


def test_a_mail_that_keeps_failing_is_marked_failed_and_an_admin_can_retry_it(app, smtp, login_as):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 2
    smtp.refuse = 99
    letter = decided_letter("rejected", "nb")
    unit_of_work.commit()
    letter = db.session.get(Letter, letter.id)
    assert letter.is_built and letter.status == "pending"
    assert "451" in letter.mail_entry.last_error

    outbox.relay_pending(older_than_seconds=0)  # the second and last try
    letter = db.session.get(Letter, letter.id, populate_existing=True)
    assert letter.status == "failed" and letter.failed_entry is letter.mail_entry
    assert smtp.messages == []

    smtp.refuse = 0
    admin = login_as("admin")
    operations.retry_letter(letter, admin)
    unit_of_work.commit()
    assert len(smtp.messages) == 1
    assert db.session.get(Letter, letter.id, populate_existing=True).status == "sent"
    assert _built_count(letter.id) == 1


def test_a_mail_server_that_refuses_the_address_fails_the_mail_at_once(app, refusing_smtp):
    letter = decided_letter("approved", "nb")
    unit_of_work.commit()
    letter = db.session.get(Letter, letter.id)
    assert letter.status == "failed"
    assert letter.mail_entry.attempts == 1
    assert "refuses" in letter.mail_entry.last_error


def test_the_relay_hands_over_what_was_never_handed_over(app, smtp):
    _committed_letter()
    assert smtp.messages == []
    assert outbox.relay_pending(older_than_seconds=0) == 1
    assert len(smtp.messages) == 1
    assert outbox.relay_pending(older_than_seconds=0) == 0
