"""Assigning reviewers: one application, a whole focus area, or spread evenly over the panel."""
from collections import Counter

from sqlalchemy import select

from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.extensions import db
from potten.review.models import ReviewAssignment
from tests.conftest import csrf_token
from tests.factories import make_application, make_declaration, make_round, make_user


def _pairs():
    return {(a.application_id, a.reviewer_id) for a in db.session.scalars(select(ReviewAssignment))}


def test_decision_maker_assigns_reviewers_to_one_application(app, client, login_as):
    login_as("decision_maker")
    application = make_application(status=Status.SUBMITTED)
    first, second = make_user("reviewer"), make_user("reviewer")
    db.session.commit()
    token = csrf_token(client, f"/vurdering/soknad/{application.id}/tildel")
    response = client.post(f"/vurdering/soknad/{application.id}/tildel", data={
        "csrf_token": token, "reviewers": [str(first.id), str(second.id)], "due_on": "2025-05-01"})
    assert response.status_code == 302
    assert _pairs() == {(application.id, first.id), (application.id, second.id)}
    assert db.session.get(Application, application.id).status == Status.IN_REVIEW


def test_spreading_gives_each_application_n_reviewers_evenly_and_skips_conflicts(app, client, login_as):
    login_as("admin")
    round_ = make_round()
    area = round_.focus_areas[1]
    panel = [make_user("reviewer") for _ in range(4)]
    applications = [make_application(round_=round_, focus_area=area, status=Status.SUBMITTED) for _ in range(6)]
    conflicted = applications[0]
    make_declaration(conflicted, panel[0], conflict=True)
    own = make_application(round_=round_, focus_area=area, applicant=panel[1], status=Status.SUBMITTED)
    db.session.commit()
    token = csrf_token(client, f"/vurdering/innsatsomrade/{area.id}/tildel")
    response = client.post(f"/vurdering/innsatsomrade/{area.id}/tildel", data={
        "spread-csrf_token": token, "action": "spread", "spread-per_application": "2",
        "spread-panel": [str(r.id) for r in panel], "spread-due_on": "2025-05-01"})
    assert response.status_code == 302
    pairs = _pairs()
    per_application = Counter(a for a, _ in pairs)
    assert set(per_application.values()) == {2} and len(per_application) == 7
    assert (conflicted.id, panel[0].id) not in pairs
    assert (own.id, panel[1].id) not in pairs
    load = Counter(r for _, r in pairs)
    assert max(load.values()) - min(load.values()) <= 1  # 14 assignments over 4 reviewers: 3 or 4 each


def test_assigning_a_whole_focus_area(app, client, login_as):
    login_as("decision_maker")
    round_ = make_round()
    area = round_.focus_areas[0]
    applications = [make_application(round_=round_, focus_area=area, status=Status.SUBMITTED) for _ in range(3)]
    make_application(round_=round_, focus_area=area, status=Status.DRAFT)
    reviewer = make_user("reviewer")
    db.session.commit()
    token = csrf_token(client, f"/vurdering/innsatsomrade/{area.id}/tildel")
    client.post(f"/vurdering/innsatsomrade/{area.id}/tildel", data={
        "all-csrf_token": token, "action": "all", "all-reviewers": [str(reviewer.id)]})
    assert _pairs() == {(a.id, reviewer.id) for a in applications}


def test_worklist_shows_what_is_to_do_and_done(app, client, login_as):
    from tests.factories import make_assignment, make_review

    reviewer = login_as("reviewer")
    todo = make_application(status=Status.SUBMITTED, title="Gatefest")
    make_assignment(todo, reviewer, declared=None)
    done = make_application(status=Status.SUBMITTED, title="Lekeplass")
    make_review(done, reviewer)
    db.session.commit()
    page = client.get("/vurdering").get_data(as_text=True)
    assert page.index("Gatefest") < page.index("Lekeplass")


def test_a_reviewer_only_opens_applications_given_to_them(app, client, login_as):
    login_as("reviewer")
    application = make_application(status=Status.SUBMITTED)
    db.session.commit()
    assert client.get(f"/vurdering/soknad/{application.id}").status_code == 404


def test_a_long_work_list_comes_a_page_at_a_time(app, client, login_as):
    """60 to do and 3 done: 25 on the first page, 25 on the next, the other 10 on the third; the done list
    apart."""
    from tests.factories import make_application, make_assignment, make_review, make_round

    reviewer = login_as("reviewer")
    round_ = make_round()
    for n in range(60):
        make_assignment(make_application(round_=round_, status=Status.SUBMITTED, title=f"Søknad {n:02d}"), reviewer)
    for n in range(3):
        make_review(make_application(round_=round_, status=Status.SUBMITTED, title=f"Levert {n}"), reviewer)
    db.session.commit()

    first = client.get("/vurdering").get_data(as_text=True)
    assert "(60)" in first and "(3)" in first
    assert first.count("Søknad ") == 25 and first.count("Levert ") == 3
    assert 'href="/vurdering?side=2"' in first
    second = client.get("/vurdering?side=2").get_data(as_text=True)
    assert second.count("Søknad ") == 25 and 'href="/vurdering?side=3"' in second
    third = client.get("/vurdering?side=3").get_data(as_text=True)
    assert third.count("Søknad ") == 10 and 'href="/vurdering?side=4"' not in third
