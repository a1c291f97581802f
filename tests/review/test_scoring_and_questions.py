"""Scoring against the round's criteria, drafts, and asking the applicant for more information."""
from sqlalchemy import select

from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.extensions import db
from potten.review.models import InfoRequest, Review
from tests.conftest import csrf_token
from tests.factories import make_application, make_assignment, make_user


def test_reviewer_saves_a_draft_then_submits_with_weighted_totals(app, client, login_as):
    reviewer = login_as("reviewer")
    application = make_application(status=Status.SUBMITTED, requested=40_000)
    make_assignment(application, reviewer)
    db.session.commit()
    url = f"/vurdering/soknad/{application.id}/vurdering"
    token = csrf_token(client, url)
    criteria = application.round.criteria
    draft = {"csrf_token": token, "action": "save", f"score_{criteria[0].id}": "5"}
    assert client.post(url, data=draft).status_code == 302
    assert db.session.scalar(select(Review)).status == "draft"
    incomplete = {**draft, "action": "submit", "recommendation": "grant_part", "justification": "Ok"}
    response = client.post(url, data=incomplete)
    assert response.status_code == 400
    assert db.session.scalar(select(Review)).status == "draft"
    full = {**incomplete, "amount": "30 000"}
    full.update({f"score_{c.id}": str(s) for c, s in zip(criteria, (5, 4, 3, 2, 1), strict=True)})
    assert client.post(url, data=full).status_code == 302
    review = db.session.scalar(select(Review))
    assert review.status == "submitted"
    assert (review.weighted_total, review.weight_total) == (5 * 3 + 4 * 3 + 3 * 2 + 2 * 2 + 1, 11)
    assert review.recommended_amount == 30_000
    assert client.post(url, data=full).status_code == 302  # no change after submitting
    assert db.session.scalar(select(Review)).recommendation == "grant_part"


def test_a_score_outside_1_to_5_is_refused(app, client, login_as):
    reviewer = login_as("reviewer")
    application = make_application(status=Status.SUBMITTED)
    make_assignment(application, reviewer)
    db.session.commit()
    url = f"/vurdering/soknad/{application.id}/vurdering"
    token = csrf_token(client, url)
    criterion = application.round.criteria[0]
    response = client.post(url, data={"csrf_token": token, "action": "save", f"score_{criterion.id}": "7"})
    assert response.status_code == 400
    assert db.session.scalar(select(Review)) is None


def test_reviewer_asks_the_applicant_who_answers_and_review_resumes(app, client, log_in):
    reviewer, applicant = make_user("reviewer"), make_user(email="soker@example.no")
    application = make_application(applicant=applicant, status=Status.SUBMITTED)
    make_assignment(application, reviewer)
    db.session.commit()
    log_in(reviewer)
    token = csrf_token(client, f"/vurdering/soknad/{application.id}/sporsmal")
    client.post(f"/vurdering/soknad/{application.id}/sporsmal",
                data={"csrf_token": token, "question": "Hvem skal rydde etter festen?"})
    assert db.session.get(Application, application.id).status == Status.INFO_REQUESTED
    score_url = f"/vurdering/soknad/{application.id}/vurdering"
    assert "ikke til vurdering nå" in client.get(score_url).get_data(as_text=True)

    log_in(applicant)
    page = client.get(f"/soknad/{application.id}/svar").get_data(as_text=True)
    assert "Hvem skal rydde etter festen?" in page
    token = csrf_token(client, f"/soknad/{application.id}/svar")
    client.post(f"/soknad/{application.id}/svar", data={"csrf_token": token, "answer": "Vi rydder selv."})
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == Status.IN_REVIEW
    assert db.session.scalar(select(InfoRequest)).answer == "Vi rydder selv."


def test_the_question_reaches_the_applicant_by_mail(app, client, log_in, smtp):
    reviewer, applicant = make_user("reviewer"), make_user(email="soker@example.no")
    application = make_application(applicant=applicant, status=Status.SUBMITTED)
    make_assignment(application, reviewer)
    db.session.commit()
    log_in(reviewer)
    token = csrf_token(client, f"/vurdering/soknad/{application.id}/sporsmal")
    client.post(f"/vurdering/soknad/{application.id}/sporsmal",
                data={"csrf_token": token, "question": "Hvem skal rydde etter festen?"})
    assert [m.rcpt_tos for m in smtp.messages] == [["soker@example.no"]]
    body = smtp.messages[0].content.decode()
    assert f"/soknad/{application.id}/svar" in body


def test_only_the_applicant_can_answer(app, client, login_as):
    login_as("applicant")
    application = make_application(status=Status.INFO_REQUESTED)
    db.session.commit()
    assert client.get(f"/soknad/{application.id}/svar").status_code == 404
