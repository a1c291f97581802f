"""The letter job: build a letter's file, store it, and mail it. Idempotent.

The letter's text was fixed when it was issued (``Letter.data``). The job only runs
operations (``potten.letters.operations``): lay out and store the file, add the mail
that carries it. The outbox commits them together with marking the entry done, so a
run that dies half-way leaves nothing, and a second run finds the work done.
"""
from flask import current_app
from sqlalchemy.orm import joinedload, undefer

from potten.applications.models import Application
from potten.core import mail, outbox
from potten.extensions import db
from potten.letters import operations
from potten.letters.models import Letter


@outbox.job("build_letter", queue="letters")
def build_letter(letter_id: int) -> None:
    """Build and store letter ``letter_id`` unless it is built, then add its mail unless added."""
    letter = db.session.get(Letter, letter_id, options=load_options())
    if letter is None:
        return
    if not letter.is_built:  # (built_at, not the deferred content: one query fewer)
        operations.build(letter)
    if letter.mail_entry_id is None:
        operations.mail(letter, url=external_url("letters.mine"))


def load_options() -> list:
    """The letter with its application and applicant in one query (and not the
    applicant's roles and organisations, which a letter does not need)."""
    return [joinedload(Letter.application).joinedload(Application.applicant).lazyload("*")]


def external_url(endpoint: str, **values) -> str:
    """A link for a mail, made outside any request from ``POTTEN_BASE_URL``."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def letter_attachment(spec: dict) -> tuple[bytes, str, str, str]:
    """The file a letter's mail carries: the PDF, or the .docx where no PDF could be made."""
    letter = db.session.get(Letter, spec["letter_id"], options=[undefer(Letter.content)])
    if letter is None or letter.content is None:
        raise LookupError(f"letter {spec['letter_id']} is not built")
    data, mimetype, filename = letter.sent_file
    maintype, subtype = mimetype.split("/")
    return data, maintype, subtype, filename


def letter_sent(spec: dict) -> None:
    """The mail carrying the letter was accepted: the letter is sent (see ``operations.sent``)."""
    letter = db.session.get(Letter, spec["letter_id"], options=[
        joinedload(Letter.application).lazyload("*"), joinedload(Letter.decision).lazyload("*")])
    if letter is not None:
        operations.sent(letter)


mail.ATTACHMENT_RESOLVERS["letter"] = letter_attachment
mail.ATTACHMENT_SENT["letter"] = letter_sent
