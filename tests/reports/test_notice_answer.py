"""The applicant answers the advance notice (forvaltningsloven § 16) on their page before its
deadline; staff read the answer before the repayment decision, whose letter says it was considered."""
import io
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from potten.core.audit import AuditEntry
from potten.core.errors import DomainError, IllegalTransition, NotAllowed
from potten.core.outbox import OutboxEntry
from potten.core.time import today_local
from potten.extensions import db
from potten.reports import repayment
from potten.reports.letters import repayment_letter_data
from potten.reports.models import ClaimAnswer
from tests.conftest import csrf_token
from tests.factories import make_user, pdf_bytes
from tests.reports.helpers import make_claim, make_grant


def answer_path(application, claim) -> str:
    return f"/soknad/{application.id}/tilbakebetaling/{claim.id}/svar"


def test_the_applicant_answers_on_their_page_and_staff_read_it(app, client, log_in):
    applicant = make_user(name="Kari Nordmann")
    staff = make_user("decision_maker", name="Saksbehandler Sara")
    application, _, _ = make_grant(applicant)
    claim = make_claim(application, created_by=staff)
    db.session.commit()
    log_in(applicant)
    page = client.get(f"/soknad/{application.id}").get_data(as_text=True)
    assert "Svar på forhåndsvarselet" in page

    path = answer_path(application, claim)
    empty = client.post(path, data={"csrf_token": csrf_token(client, path), "text": "  ",
                                    "file": (io.BytesIO(b"MZ not a pdf"), "kvittering.pdf")},
                        content_type="multipart/form-data")
    text = empty.get_data(as_text=True)
    assert empty.status_code == 400  # both problems at once, in bokmål
    assert "Skriv svaret ditt" in text and "ikke en ekte PDF" in text
    assert db.session.scalar(select(ClaimAnswer)) is None

    typed = "Vi brukte pengene på telt, se kvitteringene."
    kept = client.post(path, data={"csrf_token": csrf_token(client, path), "text": typed + "x" * 20_001},
                       content_type="multipart/form-data")
    assert kept.status_code == 400 and typed in kept.get_data(as_text=True)  # nothing typed is lost

    sent = client.post(path, data={"csrf_token": csrf_token(client, path), "text": typed,
                                   "file": (io.BytesIO(pdf_bytes()), "kvitteringer.pdf")},
                       content_type="multipart/form-data")
    assert sent.status_code == 302
    answer = db.session.scalar(select(ClaimAnswer))
    assert (answer.text, answer.filename, answer.answered_by_id) == (typed, "kvitteringer.pdf", applicant.id)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "repayment.answered")) is not None
    mails = db.session.scalars(select(OutboxEntry).where(OutboxEntry.job == "send_mail")).all()
    assert any(m.payload["to"] == staff.email and str(application.case_number) in m.payload["subject"]
               for m in mails)
    assert client.get(path).status_code == 302  # one answer only

    log_in(staff)
    claim_page = client.get(f"/tilbakebetaling/{claim.id}").get_data(as_text=True)
    assert typed in claim_page and "kvitteringer.pdf" in claim_page
    download = client.get(f"/tilbakebetaling/{claim.id}/svar/vedlegg")
    assert download.status_code == 200 and download.data == pdf_bytes()


def test_no_answer_after_the_deadline_or_from_someone_else(app, in_request):
    applicant = make_user()
    application, _, _ = make_grant(applicant)
    claim = make_claim(application)
    with pytest.raises(NotAllowed):
        repayment.answer_notice(claim, "Hei", None, None, make_user())
    with time_machine.travel(today_local() + timedelta(days=30), tick=False):
        assert not repayment.can_answer(claim)
        with pytest.raises(IllegalTransition):
            repayment.answer_notice(claim, "For sent", None, None, applicant)
    with pytest.raises(DomainError) as refused:
        repayment.answer_notice(claim, "", None, None, applicant)
    assert refused.value.field == "text"


def test_the_repayment_decision_says_whether_an_answer_was_considered(app, in_request):
    applicant = make_user(locale="nb")
    staff = make_user("decision_maker")
    application, _, _ = make_grant(applicant)
    silent = make_claim(application, created_by=staff)
    answered = make_claim(application, created_by=staff)
    repayment.answer_notice(answered, "Vi er uenige.", None, None, applicant)
    db.session.flush()

    def text_of(claim) -> str:
        return str(repayment_letter_data(claim, "repayment_decision", "nb", staff))

    assert "vurdert svaret ditt" in text_of(answered)
    assert "ikke fått noe svar" in text_of(silent)
