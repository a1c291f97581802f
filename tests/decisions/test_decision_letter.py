"""A decision made by a decision maker reaches the applicant as one mail with the letter,
and the three-week appeal period counts from when it went out."""
import email
from datetime import date, timedelta

from potten.applications.workflow import Status
from potten.core import unit_of_work
from potten.decisions.operations import decide
from potten.extensions import db
from potten.letters.models import Letter
from tests.factories import make_application, make_declaration, make_user


def test_a_partial_grant_mails_the_applicant_one_letter_and_starts_the_appeal_period(app, smtp):
    applicant = make_user(email="ase@example.no")
    application = make_application(applicant=applicant, status=Status.IN_REVIEW, requested=40_000)
    decision_maker = make_user("decision_maker")
    make_declaration(application, decision_maker)
    db.session.commit()

    decision = decide(application, Status.PARTLY_APPROVED, 25_000, "Maten er dyr i forhold til antallet.", [],
                      "Pengene brukes til festen.", date.today() + timedelta(days=90), decision_maker)
    unit_of_work.commit()

    assert len(smtp.messages) == 1
    message = email.message_from_bytes(smtp.messages[0].content, policy=email.policy.default)
    assert smtp.messages[0].rcpt_tos == ["ase@example.no"]
    attachment = next(message.iter_attachments())
    assert attachment.get_filename().endswith(".docx")
    letter = db.session.query(Letter).one()
    assert letter.status == "sent" and attachment.get_content() == letter.content
    db.session.refresh(decision)
    assert decision.notified_at is not None
    assert application.focus_area.committed == 25_000
