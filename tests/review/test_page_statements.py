"""The staff page of an application runs the same number of SQL statements however many reviews,
declarations, history entries and decisions it has: for a decision maker and for a reviewer."""
import pytest

from potten.applications.workflow import Status
from potten.core import audit
from potten.extensions import db
from tests.factories import make_application, make_decision, make_declaration, make_review, make_round, make_user
from tests.review.helpers import statements


def _application_with(reviews: int, round_, manager, reviewer):
    """An application with ``reviews`` submitted reviews (the first by ``reviewer``), each reviewer's
    declaration and an entry in the history by each, and as many decisions as reviews, each replacing
    the one before (as after appeals)."""
    application = make_application(round_=round_, focus_area=round_.focus_areas[0], status=Status.IN_REVIEW)
    make_declaration(application, manager)
    for i in range(reviews):
        by = reviewer if i == 0 else make_user("reviewer")
        review = make_review(application, by, recommendation="grant_full")
        audit.log("review.submitted", review, actor=by, application=application)
    previous = None
    for _ in range(reviews):
        decision = make_decision(application, "rejected", reasons="Utenfor ordningen.", decided_by=manager,
                                 supersedes=previous, status=False)
        if previous is not None:
            previous.in_force = False
        previous = decision
    return application


@pytest.fixture
def pages(app, login_as):
    round_ = make_round()
    manager = login_as("decision_maker")
    reviewer = make_user("reviewer")
    few = _application_with(1, round_, manager, reviewer)
    many = _application_with(10, round_, manager, reviewer)
    db.session.commit()
    return manager, reviewer, f"/vurdering/soknad/{few.id}", f"/vurdering/soknad/{many.id}"


def test_the_staff_page_costs_the_same_with_1_and_with_10_reviews(client, pages):
    manager, reviewer, few, many = pages
    one, ten = statements(client, few), statements(client, many)
    assert one == ten, (one, ten)
    assert ten <= 31, ten  # 42 with 5 reviews before (57 with 10)


def test_the_reviewers_page_costs_the_same_with_1_and_with_10_reviews(client, log_in, pages):
    manager, reviewer, few, many = pages
    log_in(reviewer)
    one, ten = statements(client, few), statements(client, many)
    assert one == ten, (one, ten)
    assert ten <= 22, ten
