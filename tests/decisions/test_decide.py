"""A decision maker approves, approves a part, or rejects — within the budget, with reasons and conditions."""
from datetime import date, timedelta

from sqlalchemy import select

from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.core.audit import AuditEntry
from potten.decisions.models import Decision, StandardReason
from potten.extensions import db
from potten.rounds.models import FocusArea
from tests.conftest import csrf_token
from tests.factories import make_application, make_declaration, make_review, make_user


def test_decision_maker_grants_a_part_with_reasons_and_conditions(app, client, login_as):
    approver = login_as("decision_maker")
    reason = StandardReason(text="Budsjettet er høyere enn det ordningen kan dekke.",
                            text_en="The budget is higher than the scheme can cover.")
    application = make_application(status=Status.SUBMITTED, requested=40_000)
    make_review(application)
    make_declaration(application, approver)
    db.session.add(reason)
    db.session.commit()
    form = client.get(f"/vedtak/soknad/{application.id}").get_data(as_text=True)
    assert "Tilskuddet skal bare brukes til prosjektet" in form  # the round's general conditions, shown
    token = csrf_token(client, f"/vedtak/soknad/{application.id}")
    response = client.post(f"/vedtak/soknad/{application.id}", data={
        "csrf_token": token, "outcome": "partly_approved", "amount": "25 000", "standard_reasons": [str(reason.id)],
        "reasons": "Vi dekker mat, ikke utstyr.", "conditions": "Bruk pengene på mat.",
        "report_due": "2025-09-01"})
    assert response.status_code == 302
    decision = db.session.scalar(select(Decision))
    assert (decision.outcome, decision.granted_amount, decision.requested_amount) == ("partly_approved", 25_000, 40_000)
    assert decision.standard_reasons == [reason.texts]  # both languages: the letter speaks the applicant's
    assert decision.conditions == "Bruk pengene på mat."  # special conditions only
    assert decision.general_conditions_in("nb").startswith("Tilskuddet skal bare brukes til prosjektet")
    assert decision.report_due == date(2025, 9, 1)
    assert db.session.get(Application, application.id).status == Status.PARTLY_APPROVED
    assert db.session.get(FocusArea, application.focus_area_id).committed == 25_000
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.application_id == application.id)).all()
    assert "decision.made" in actions and "application.status_changed" in actions
    page = client.get(f"/vurdering/soknad/{application.id}").get_data(as_text=True)
    assert "Vedtak fattet" in page  # on the timeline


def test_a_part_grant_must_be_less_than_asked(app, client, login_as):
    approver = login_as("decision_maker")
    application = make_application(status=Status.IN_REVIEW, requested=40_000)
    make_declaration(application, approver)
    db.session.commit()
    token = csrf_token(client, f"/vedtak/soknad/{application.id}")
    response = client.post(f"/vedtak/soknad/{application.id}", data={
        "csrf_token": token, "outcome": "partly_approved", "amount": "40000", "reasons": "Delvis",
        "conditions": "Vilkår", "report_due": "2025-09-01"})
    assert response.status_code == 400
    assert db.session.get(Application, application.id).status == Status.IN_REVIEW


def test_an_approval_that_does_not_fit_shows_what_is_left(app, client, login_as):
    approver = login_as("decision_maker")
    application = make_application(status=Status.IN_REVIEW, requested=40_000)
    make_declaration(application, approver)
    area = application.focus_area
    area.committed = area.budget - 15_000
    db.session.commit()
    token = csrf_token(client, f"/vedtak/soknad/{application.id}")
    response = client.post(f"/vedtak/soknad/{application.id}", data={
        "csrf_token": token, "outcome": "approved", "conditions": "Vilkår",
        "report_due": (date.today() + timedelta(days=90)).isoformat()})
    assert response.status_code == 400
    assert "15\u00a0000\u00a0kr" in response.get_data(as_text=True)
    assert db.session.get(Application, application.id).status == Status.IN_REVIEW


def test_a_rejection_commits_nothing(app, client, login_as):
    approver = login_as("decision_maker")
    application = make_application(status=Status.IN_REVIEW, requested=40_000)
    make_declaration(application, approver)
    db.session.commit()
    token = csrf_token(client, f"/vedtak/soknad/{application.id}")
    client.post(f"/vedtak/soknad/{application.id}", data={"csrf_token": token, "outcome": "rejected",
                                                          "reasons": "Utenfor ordningens formål."})
    assert db.session.get(Application, application.id).status == Status.REJECTED
    assert db.session.get(FocusArea, application.focus_area_id).committed == 0


def test_a_reviewer_cannot_decide(app, client, login_as):
    login_as("reviewer")
    application = make_application(status=Status.IN_REVIEW)
    db.session.commit()
    assert client.get(f"/vedtak/soknad/{application.id}").status_code == 403


def test_the_decision_maker_must_declare_first(app, client, login_as):
    login_as("decision_maker")
    application = make_application(status=Status.IN_REVIEW)
    make_user()
    db.session.commit()
    assert client.get(f"/vedtak/soknad/{application.id}").status_code == 403
