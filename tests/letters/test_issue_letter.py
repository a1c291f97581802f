"""A decision writes its letter in its own unit of work; after the commit the letter
is built, stored and mailed (in process on the embedded default)."""
import email
import io
from datetime import date, timedelta

import pytest
from docx import Document
from sqlalchemy import func, select

from potten.core import outbox, unit_of_work
from potten.core.audit import AuditEntry
from potten.core.errors import DomainError
from potten.core.outbox import OutboxEntry
from potten.core.time import utc_to_oslo
from potten.decisions.models import Decision
from potten.extensions import db
from potten.letters.models import Letter
from tests.letters.helpers import decided_letter, docx_text


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_decision_sends_its_applicant_one_mail_with_the_letter_attached(app, smtp):
    letter = decided_letter("partly_approved", "nb")
    unit_of_work.commit()

    assert len(smtp.messages) == 1
    envelope = smtp.messages[0]
    assert envelope.rcpt_tos == [letter.recipient_email]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == f"Vedtak i søknaden din {letter.application.case_number}"
    body = message.get_body(("plain",)).get_content()
    assert "Vedtak. Brevet ligger ved som Word-dokument." in body  # no converter in this process
    assert "Fristen for å klage er tre uker" in body
    attachment = next(message.iter_attachments())
    assert attachment.get_filename() == f"vedtak-{letter.application.case_number}-1.docx"
    content = attachment.get_content()
    assert content == db.session.get(Letter, letter.id).content
    assert "Du får 20 000 kr av de 40 000 kr du søkte om." in docx_text(content)

    letter = db.session.get(Letter, letter.id)
    assert letter.status == "sent" and letter.sent_at is not None
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.application_id == letter.application_id)
                                 .order_by(AuditEntry.id)).all()
    assert actions == ["letter.issued", "letter.built", "letter.sent"]


def test_an_english_speaking_applicant_gets_mail_and_letter_in_english(app, smtp):
    letter = decided_letter("approved", "en")
    unit_of_work.commit()
    message = email.message_from_bytes(smtp.messages[0].content, policy=email.policy.default)
    assert message["Subject"] == f"Decision: your application {letter.application.case_number}"
    attachment = next(message.iter_attachments())
    assert attachment.get_filename().startswith("decision-")
    assert "Decision on a grant from Nabolagspotten" in docx_text(attachment.get_content())


@pytest.mark.parametrize("outcome", ["rejected", "partly_approved"])
def test_a_decision_without_reasons_cannot_be_made_so_no_letter_is_ever_sent(app, smtp, outcome):
    with app.test_request_context(), pytest.raises(DomainError) as error:  # decide runs in a request
        decided_letter(outcome, "nb", reasons="   ", standard_reasons=[])
    assert error.value.field == "reasons"
    db.session.rollback()  # the view rolls the unit of work back, decision and all
    unit_of_work.commit()
    assert (_count(Decision), _count(Letter), _count(OutboxEntry)) == (0, 0, 0)
    assert smtp.messages == []


def test_a_standard_reason_is_reason_enough(app, smtp):
    letter = decided_letter("rejected", "nb", reasons="", standard_reasons=["Søknaden kom etter fristen."])
    unit_of_work.commit()
    assert "Søknaden kom etter fristen." in docx_text(db.session.get(Letter, letter.id).content)


@pytest.mark.parametrize(("outcome", "granted", "field"), [
    ("approved", 30_000, "granted_amount"),  # less than applied for is a partial approval
    ("partly_approved", 40_000, "granted_amount"),
    ("partly_approved", 0, "granted_amount"),
    ("rejected", 10_000, "granted_amount"),
])
def test_amounts_must_match_the_outcome(app, outcome, granted, field):
    with app.test_request_context(), pytest.raises(DomainError) as error:
        decided_letter(outcome, "nb", granted=granted, status=False)
    assert error.value.field == field


def test_a_grant_without_a_report_date_gets_one_two_months_after_the_project(app):
    from potten.core.formatting import day

    letter = decided_letter("approved", "nb")  # the project ended 30 June 2025
    decided = utc_to_oslo(letter.decision.decided_at).date()
    due = max(date(2025, 6, 30), decided) + timedelta(days=60)
    with app.test_request_context():
        assert f"Sluttrapport med regnskap skal leveres innen {day(due)}" in str(letter.data)


def test_a_report_date_set_by_the_decision_maker_is_kept(app):
    letter = decided_letter("approved", "nb", report_due=date(2026, 1, 15))
    assert letter.decision.report_due == date(2026, 1, 15)
    assert "15. januar 2026" in str(letter.data)


def test_nothing_is_sent_when_the_decision_is_rolled_back(app, smtp):
    decided_letter("approved", "nb")
    db.session.rollback()
    unit_of_work.commit()
    assert (_count(Letter), _count(OutboxEntry), smtp.messages) == (0, 0, [])


def test_the_letter_says_what_was_true_when_the_decision_was_made(app, smtp):
    letter = decided_letter("approved", "nb")
    application = letter.application
    db.session.commit()  # committed, but not yet handed over
    db.session.info.pop("outbox_ready", None)
    application.bank_account = "12345678903"
    application.title = "Et annet navn"
    db.session.commit()
    outbox.relay_pending(older_than_seconds=0)

    text = docx_text(db.session.get(Letter, letter.id).content)
    assert "**** ** *7947" in text and "Sommerfest i Torstrandparken" in text
    assert "*0903" not in text and "Et annet navn" not in text
    assert len(smtp.messages) == 1


def test_the_stored_letter_opens_in_word_format(app):
    letter = decided_letter("approved", "nb")
    unit_of_work.commit()
    letter = db.session.get(Letter, letter.id)
    doc = Document(io.BytesIO(letter.content))
    assert doc.paragraphs and letter.size == len(letter.content) and len(letter.sha256) == 64
