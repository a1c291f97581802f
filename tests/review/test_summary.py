"""An application's review totals are kept by the database: whoever adds, changes, takes back or
deletes a submitted review (the service, or a person in SQL), the totals the ranking reads follow,
and two reviewers submitting at the same moment are both counted."""
import threading

import pytest
from sqlalchemy import text

from potten.applications.workflow import Status
from potten.extensions import db
from tests.factories import make_application, make_review, make_user

FROM_REVIEWS = """SELECT count(*), coalesce(sum(weighted_total), 0), coalesce(sum(weight_total), 0),
    coalesce(sum(CASE WHEN recommendation = 'grant_full' THEN 1 ELSE 0 END), 0),
    coalesce(sum(CASE WHEN recommendation = 'grant_part' THEN 1 ELSE 0 END), 0),
    coalesce(sum(CASE WHEN recommendation = 'reject' THEN 1 ELSE 0 END), 0),
    coalesce(sum(recommended_amount), 0)
    FROM review WHERE application_id = :id AND status = 'submitted'"""


def totals(application_id: int) -> tuple:
    """The summary the ranking reads, and the same figures added up from the reviews."""
    with db.engine.connect() as conn:
        kept = conn.execute(text('SELECT reviews, weighted_total, weight_total, "full", part, reject, '
                                 "recommended_total FROM review_summary WHERE application_id = :id"),
                            {"id": application_id}).one_or_none()
        counted = conn.execute(text(FROM_REVIEWS), {"id": application_id}).one()
    return tuple(kept or (0,) * 7), tuple(counted)


def by_hand(sql: str, **params) -> None:
    db.session.rollback()
    with db.engine.begin() as conn:
        conn.execute(text(sql), params)


def test_the_totals_follow_every_change_to_a_submitted_review(app):
    application = make_application(status=Status.IN_REVIEW)
    make_review(application, recommendation="grant_full")
    make_review(application, scores=(3, 3, 3, 3, 3), recommendation="grant_part", amount=20_000)
    draft = make_review(application, scores=(1, 1, 1, 1, 1), recommendation="reject", submitted=False)
    db.session.commit()
    kept, counted = totals(application.id)
    assert kept == counted and kept[0] == 2
    by_hand("UPDATE review SET recommendation = 'reject', recommended_amount = 0 "
            "WHERE application_id = :id AND recommendation = 'grant_full'", id=application.id)
    kept, counted = totals(application.id)
    assert kept == counted and kept[5] == 1
    by_hand("UPDATE review SET status = 'submitted', weighted_total = 11, weight_total = 11 WHERE id = :id",
            id=draft.id)
    kept, counted = totals(application.id)
    assert kept == counted and kept[0] == 3
    by_hand("UPDATE review SET status = 'draft' WHERE application_id = :id AND recommendation = 'grant_part'",
            id=application.id)
    by_hand("DELETE FROM score WHERE review_id = :id", id=draft.id)
    by_hand("DELETE FROM review WHERE id = :id", id=draft.id)
    kept, counted = totals(application.id)
    assert kept == counted and kept[0] == 1


@pytest.mark.backends("postgresql")
def test_two_reviews_submitted_at_the_same_moment_are_both_counted(app):
    application = make_application(status=Status.IN_REVIEW)
    reviewers = [make_user("reviewer"), make_user("reviewer")]
    db.session.commit()
    insert = text("INSERT INTO review (application_id, reviewer_id, status, justification, recommendation, "
                  "recommended_amount, weighted_total, weight_total, updated_at) "
                  "VALUES (:a, :r, 'submitted', '', 'reject', 0, 33, 11, now())")
    engine = db.engine
    first = engine.connect()
    first.begin()
    first.execute(insert, {"a": application.id, "r": reviewers[0].id})  # the summary row, not committed yet
    second_done = threading.Event()

    def second():
        with app.app_context(), engine.begin() as conn:  # waits for the first one's summary row, then adds
            conn.execute(insert, {"a": application_id, "r": reviewer_id})
        second_done.set()

    application_id, reviewer_id = application.id, reviewers[1].id
    thread = threading.Thread(target=second)
    thread.start()
    assert not second_done.wait(0.5)
    first.commit()
    first.close()
    thread.join(30)
    assert second_done.is_set()
    kept, counted = totals(application.id)
    assert kept == counted and kept[:3] == (2, 66, 22)
