"""Case numbers: YYYY-NNNN, one sequence per year, never the same number twice."""
import threading

from potten.accounts.models import User
from potten.applications import operations
from potten.applications.models import Application, CaseCounter
from potten.applications.workflow import Status
from potten.core import unit_of_work
from potten.extensions import db
from tests.factories import make_application, make_round

SUBMISSIONS_AT_ONCE = 6


def test_submissions_at_the_same_moment_get_distinct_numbers(app):
    """Each thread is one web request."""
    round_ = make_round(year=2025)
    ids = [(a.id, a.applicant_id) for a in (make_application(round_=round_) for _ in range(SUBMISSIONS_AT_ONCE))]
    db.session.commit()
    start = threading.Barrier(SUBMISSIONS_AT_ONCE)
    numbers, failures = {}, []

    def submit(application_id: int, user_id: int) -> None:
        with app.test_request_context():  # a context of its own: its own session and connection
            try:
                application = db.session.get(Application, application_id)
                user = db.session.get(User, user_id)
                start.wait(timeout=30)
                operations.submit(application, user)
                unit_of_work.commit()
                numbers[application_id] = application.case_number
            except Exception as exc:  # reported below, with the thread's own error
                failures.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit, args=pair) for pair in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert failures == []
    assert sorted(numbers.values()) == [f"2025-{n:04d}" for n in range(1, SUBMISSIONS_AT_ONCE + 1)]
    db.session.expire_all()
    stored = {a.id: a.case_number for a in db.session.query(Application)}
    assert stored == numbers
    assert db.session.get(CaseCounter, 2025).last == SUBMISSIONS_AT_ONCE


def test_each_year_has_its_own_sequence_and_an_existing_counter_continues(app, in_request):
    db.session.add(CaseCounter(year=2025, last=41))
    this_year, next_year = make_round(year=2025), make_round(year=2026)
    first = make_application(round_=this_year)
    second = make_application(round_=next_year)
    third = make_application(round_=this_year)
    db.session.commit()
    for application in (first, second, third):
        operations.submit(application, application.applicant)
        unit_of_work.commit()
    assert [first.case_number, second.case_number, third.case_number] == ["2025-0042", "2026-0001", "2025-0043"]


def test_a_second_click_on_send_does_not_take_a_second_number(app, in_request):
    application = make_application()
    db.session.commit()
    operations.submit(application, application.applicant)
    unit_of_work.commit()
    try:
        operations.submit(application, application.applicant)
    except operations.DomainError as exc:
        assert "kan ikke få status" in str(exc.message) or "cannot become" in str(exc.message)
    else:
        raise AssertionError("a sent application was sent again")
    db.session.rollback()
    assert application.status == Status.SUBMITTED and application.case_number.endswith("-0001")
    assert db.session.get(CaseCounter, application.round.year).last == 1
