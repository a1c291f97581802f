"""Illegal moves are refused with a clear message and change nothing."""
import pytest
from sqlalchemy import func, select

from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.core.errors import DomainError, IllegalTransition
from potten.decisions.appeals import file_appeal
from potten.decisions.models import Appeal, Decision
from potten.decisions.operations import decide
from potten.extensions import db
from potten.review.models import Review
from potten.review.operations import save_review
from potten.rounds.models import FocusArea
from tests.conftest import csrf_token
from tests.factories import make_application, make_assignment, make_declaration, make_user


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_deciding_a_draft_is_refused(app, in_request):
    approver = make_user("decision_maker")
    draft = make_application(status=Status.DRAFT)
    make_declaration(draft, approver)
    db.session.commit()
    with pytest.raises(IllegalTransition) as refused:
        decide(draft, Status.APPROVED, None, "", [], "Vilkår", draft.end_date, approver)
    db.session.rollback()
    assert "Utkast" in str(refused.value.message)
    assert db.session.get(Application, draft.id).status == Status.DRAFT
    assert _count(Decision) == 0
    assert db.session.get(FocusArea, draft.focus_area_id).committed == 0


def test_deciding_a_draft_by_url_finds_nothing(app, client, login_as):
    login_as("decision_maker")
    draft = make_application(status=Status.DRAFT)
    db.session.commit()
    token = csrf_token(client, "/vedtak")
    response = client.post(f"/vedtak/soknad/{draft.id}", data={"csrf_token": token, "outcome": "approved"})
    assert response.status_code == 404
    assert _count(Decision) == 0


def test_scoring_a_withdrawn_application_is_refused(app, client, log_in):
    reviewer = make_user("reviewer")
    application = make_application(status=Status.SUBMITTED)
    make_assignment(application, reviewer)
    application.status = Status.WITHDRAWN
    db.session.commit()
    log_in(reviewer)
    token = csrf_token(client, "/vurdering")
    data = {"csrf_token": token, "action": "submit", "recommendation": "reject", "justification": "Nei"}
    data.update({f"score_{c.id}": "2" for c in application.round.criteria})
    response = client.post(f"/vurdering/soknad/{application.id}/vurdering", data=data)
    assert response.status_code == 400
    assert "Bare søknader som er til vurdering" in response.get_data(as_text=True)
    assert _count(Review) == 0
    assert db.session.get(Application, application.id).status == Status.WITHDRAWN


def test_scoring_a_withdrawn_application_is_refused_by_the_operation(app, in_request):
    reviewer = make_user("reviewer")
    application = make_application(status=Status.SUBMITTED)
    make_assignment(application, reviewer)
    application.status = Status.WITHDRAWN
    db.session.commit()
    with pytest.raises(IllegalTransition):
        save_review(application, reviewer, {}, None, None, "", submit=False)
    db.session.rollback()
    assert _count(Review) == 0


def test_appealing_a_pending_application_is_refused(app, client, log_in):
    applicant = make_user()
    application = make_application(applicant=applicant, status=Status.IN_REVIEW)
    db.session.commit()
    log_in(applicant)
    token = csrf_token(client, f"/soknad/{application.id}/klage")
    response = client.post(f"/soknad/{application.id}/klage", data={"csrf_token": token, "text": "Jeg er uenig"})
    assert response.status_code == 400
    assert "kan ikke få status" in response.get_data(as_text=True)
    assert db.session.get(Application, application.id).status == Status.IN_REVIEW
    assert _count(Appeal) == 0


def test_appealing_a_pending_application_is_refused_by_the_operation(app, in_request):
    applicant = make_user()
    application = make_application(applicant=applicant, status=Status.SUBMITTED)
    db.session.commit()
    with pytest.raises(IllegalTransition):
        file_appeal(application, "Uenig", applicant)
    db.session.rollback()
    assert db.session.get(Application, application.id).status == Status.SUBMITTED
    assert _count(Appeal) == 0


def test_a_decided_application_cannot_be_decided_again_without_an_appeal(app, in_request):
    approver = make_user("decision_maker")
    application = make_application(status=Status.SUBMITTED, requested=30_000)
    make_declaration(application, approver)
    db.session.commit()
    decide(application, Status.APPROVED, None, "", [], "Vilkår", application.end_date, approver)
    db.session.commit()
    with pytest.raises(IllegalTransition):
        decide(application, Status.REJECTED, None, "Likevel ikke", [], "", None, approver)
    db.session.rollback()
    assert db.session.get(Application, application.id).status == Status.APPROVED
    assert _count(Decision) == 1
    assert db.session.get(FocusArea, application.focus_area_id).committed == 30_000


@pytest.mark.parametrize("outcome", [Status.PARTLY_APPROVED, Status.REJECTED])
def test_a_part_grant_or_a_rejection_needs_reasons(app, in_request, outcome):
    approver = make_user("decision_maker")
    application = make_application(status=Status.IN_REVIEW, requested=30_000)
    make_declaration(application, approver)
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        decide(application, outcome, 20_000, "  ", [], "Vilkår", application.end_date, approver)
    db.session.rollback()
    assert refused.value.field == "reasons"
    assert db.session.get(Application, application.id).status == Status.IN_REVIEW
    assert _count(Decision) == 0
