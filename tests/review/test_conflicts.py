"""Conflicts of interest: a declared conflict, the applicant and a member of the applying
organisation are kept out of scoring, the reviews and the decision — by URL, not only by buttons."""
import pytest
from sqlalchemy import func, select

from potten.applications.workflow import Status
from potten.decisions.models import Decision
from potten.extensions import db
from potten.review.models import Review
from tests.conftest import csrf_token
from tests.factories import (
    make_application,
    make_assignment,
    make_declaration,
    make_organisation,
    make_review,
    make_staff,
    make_user,
)


def _case(kind: str):
    """An application in review with one submitted review, and a person of ``kind`` who is staff
    (reviewer and decision maker) but must be kept out of it."""
    person = make_staff("reviewer", "decision_maker", name="Inhabil Person")
    organisation = make_organisation(members=[person] if kind == "member" else [])
    applicant = person if kind == "applicant" else make_user()
    application = make_application(applicant=applicant, organisation=organisation if kind != "applicant" else None,
                                   status=Status.SUBMITTED)
    make_review(application, make_user("reviewer"), recommendation="reject")
    if kind == "declared":
        make_assignment(application, person, declared=True, reason="Søkeren er min svoger")
    db.session.commit()
    return application, person


@pytest.mark.parametrize("kind", ["declared", "applicant", "member"])
def test_a_person_with_a_conflict_cannot_score_see_reviews_or_decide(app, client, kind, log_in):
    application, person = _case(kind)
    log_in(person)
    token = csrf_token(client, "/vedtak")
    base = f"/vurdering/soknad/{application.id}"

    assert client.get(f"{base}/vurdering").status_code in (403, 404)
    assert client.post(f"{base}/vurdering", data={"csrf_token": token, "action": "submit",
                                                  "recommendation": "grant_full", "justification": "Flott"}
                       ).status_code in (403, 404)
    assert client.get(f"{base}/vurderinger.json").status_code in (403, 404)
    assert client.get(f"/vedtak/soknad/{application.id}").status_code in (403, 404)
    assert client.post(f"/vedtak/soknad/{application.id}", data={
        "csrf_token": token, "outcome": "approved", "conditions": "Vilkår", "report_due": "2025-12-31"},
    ).status_code in (403, 404)

    page = client.get(base)
    assert page.status_code == 404  # a declared conflict, like being a party: as unknown as to a stranger
    assert "Et godt prosjekt for nabolaget" not in page.get_data(as_text=True)
    ranking = client.get(f"/vurdering/innsatsomrade/{application.focus_area_id}/rangering").get_data(as_text=True)
    assert application.title not in ranking
    export = client.get(f"/vurdering/innsatsomrade/{application.focus_area_id}/rangering.csv")
    assert application.title not in export.get_data(as_text=True)

    db.session.expire_all()
    assert db.session.get(type(application), application.id).status == Status.IN_REVIEW
    assert db.session.scalar(select(func.count(Decision.id))) == 0
    assert db.session.scalar(select(func.count(Review.id)).where(Review.reviewer_id == person.id)) == 0


def test_the_applicant_and_members_are_blocked_without_being_asked(app, client, log_in):
    application, person = _case("member")
    log_in(person)
    assert client.get(f"/vurdering/soknad/{application.id}").status_code == 404
    token = csrf_token(client, "/vedtak")
    response = client.post(f"/vurdering/soknad/{application.id}/habilitet",
                           data={"csrf_token": token, "conflict": "no"})
    assert response.status_code == 404


def test_a_party_cannot_be_assigned_as_reviewer(app, client, login_as):
    login_as("decision_maker")
    reviewer = make_user("reviewer")
    application = make_application(applicant=reviewer, status=Status.SUBMITTED)
    db.session.commit()
    token = csrf_token(client, "/vedtak")
    page = client.post(f"/vurdering/soknad/{application.id}/tildel",
                       data={"csrf_token": token, "reviewers": [str(reviewer.id)]})
    assert page.status_code == 400
    assert "Et godt prosjekt" not in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(application), application.id).status == Status.SUBMITTED


def test_reviewer_declares_no_conflict_then_may_score(app, client, login_as):
    reviewer = login_as("reviewer")
    application = make_application(status=Status.SUBMITTED)
    make_assignment(application, reviewer, declared=None)
    db.session.commit()
    assert client.get(f"/vurdering/soknad/{application.id}/vurdering").status_code == 403
    token = csrf_token(client, f"/vurdering/soknad/{application.id}")
    response = client.post(f"/vurdering/soknad/{application.id}/habilitet",
                           data={"csrf_token": token, "conflict": "no"}, follow_redirects=True)
    assert "Erklæringen din er lagret" in response.get_data(as_text=True)
    assert client.get(f"/vurdering/soknad/{application.id}/vurdering").status_code == 200


def test_a_conflict_needs_a_reason_and_is_kept_and_shown_to_the_decision_maker(app, client, login_as, log_in):
    reviewer = make_user("reviewer", name="Rita Reviewer")
    application = make_application(status=Status.SUBMITTED)
    make_assignment(application, reviewer, declared=None)
    db.session.commit()
    log_in(reviewer)
    token = csrf_token(client, f"/vurdering/soknad/{application.id}")
    refused = client.post(f"/vurdering/soknad/{application.id}/habilitet",
                          data={"csrf_token": token, "conflict": "yes", "reason": ""})
    assert refused.status_code == 400
    client.post(f"/vurdering/soknad/{application.id}/habilitet",
                data={"csrf_token": token, "conflict": "yes", "reason": "Jeg sitter i styret"})
    assert client.get(f"/vurdering/soknad/{application.id}/vurdering").status_code == 404

    decision_maker = make_user("decision_maker")
    make_declaration(application, decision_maker)
    db.session.commit()
    log_in(decision_maker)
    page = client.get(f"/vurdering/soknad/{application.id}").get_data(as_text=True)
    assert "Rita Reviewer" in page and "Jeg sitter i styret" in page
