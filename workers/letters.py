"""The decision letter job: build the .docx, store it, and mail it. Idempotent.

The letter's text was fixed when the decision was made (``Letter.data``). This
job lays it out, stores the file on the letter and adds the mail that carries
it, all in the commit that marks the outbox entry done: a run that dies
half-way leaves nothing, and a second run finds the work done.
"""
import os
import time
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import joinedload, undefer

from potten.applications.models import Application
from potten.core import audit, mail, outbox
from potten.core.time import utcnow
from potten.extensions import db
from potten.letters.models import DOCX, Letter
from workers.docx_letter import build_decision_letter

TEST_HOLD = "POTTEN_TEST_HOLD_LETTER_JOB"
# the mail that carries each kind of letter (templates/emails/<name>.txt)
MAIL_TEMPLATES = {"decision": "decision_letter", "repayment_notice": "repayment_notice_letter",
                  "repayment_decision": "repayment_decision_letter"}


@outbox.job("build_letter", queue="letters")
def build_letter(letter_id: int) -> None:
    """Build and store letter ``letter_id`` unless it is built, then add its mail unless added."""
    letter = db.session.get(Letter, letter_id, options=load_options())
    if letter is None:
        return
    _hold_for_tests()
    if not letter.is_built:  # (built_at, not the deferred content: one query fewer)
        letter.store(build_decision_letter(letter.data))
        audit.log("letter.built", letter, application=letter.application,
                  after={"size": letter.size, "sha256": letter.sha256})
    if letter.mail_entry_id is None:
        application = letter.application
        letter.mail_entry = mail.send_mail(  # one UPDATE of the letter, after the INSERT of the entry
            letter.recipient_email, MAIL_TEMPLATES.get(letter.kind, "decision_letter"), letter.locale,
            attachments=[{"kind": "letter", "letter_id": letter.id}],
            name=application.applicant.name, title=application.title,
            case_number=application.case_number, url=external_url("letters.mine"),
        )


def load_options() -> list:
    """The letter with its application and applicant in one query (and not the
    applicant's roles and organisations, which a letter does not need)."""
    return [joinedload(Letter.application).joinedload(Application.applicant).lazyload("*")]


def external_url(endpoint: str, **values) -> str:
    """A link for a mail, made outside any request from ``POTTEN_BASE_URL``."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def letter_attachment(spec: dict) -> tuple[bytes, str, str, str]:
    letter = db.session.get(Letter, spec["letter_id"], options=[undefer(Letter.content)])
    if letter is None or letter.content is None:
        raise LookupError(f"letter {spec['letter_id']} is not built")
    maintype, subtype = DOCX.split("/")
    return letter.content, maintype, subtype, letter.filename


def letter_sent(spec: dict) -> None:
    """The letter has gone out: log it, and start the decision's appeal period from now."""
    letter = db.session.get(Letter, spec["letter_id"], options=[
        joinedload(Letter.application).lazyload("*"), joinedload(Letter.decision).lazyload("*")])
    if letter is None:
        return
    audit.log("letter.sent", letter, application=letter.application, after={"to": letter.recipient_email})
    if letter.decision is not None and letter.decision.notified_at is None:
        letter.decision.notified_at = utcnow()


mail.ATTACHMENT_RESOLVERS["letter"] = letter_attachment
mail.ATTACHMENT_SENT["letter"] = letter_sent


def _hold_for_tests() -> None:
    """Test hook, off unless ``POTTEN_TEST_HOLD_LETTER_JOB`` names a folder: write
    ``started-<pid>`` there and wait (at most a minute) for a file ``release``, so a
    test can kill the work horse in the middle of a job."""
    folder = os.environ.get(TEST_HOLD)
    if not folder:
        return
    (Path(folder) / f"started-{os.getpid()}").touch()
    deadline = time.monotonic() + 60
    while not (Path(folder) / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
