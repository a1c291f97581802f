"""Twenty decision makers approve at the same moment: the budget is never overspent."""
import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from potten import create_app
from potten.accounts.models import User
from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.config import TestConfig
from potten.core import unit_of_work
from potten.decisions.budget import NotEnoughLeft
from potten.decisions.models import Decision
from potten.decisions.operations import decide
from potten.extensions import db
from potten.rounds.models import FocusArea
from tests.factories import make_application, make_declaration, make_round, make_user

AMOUNT = 40_000
APPROVERS = 20


@pytest.mark.parametrize("k", [1, 7])
def test_twenty_concurrent_approvals_on_a_budget_for_k_grant_exactly_k(app, k):
    round_ = make_round(budgets=(k * AMOUNT, 1_000_000))
    area = round_.focus_areas[0]
    pairs = []
    for i in range(APPROVERS):
        application = make_application(round_=round_, focus_area=area, status=Status.SUBMITTED, requested=AMOUNT,
                                       title=f"Søknad {i}")
        approver = make_user("decision_maker")
        make_declaration(application, approver, conflict=False)
        pairs.append((application.id, approver.id))
    db.session.commit()
    area_id = area.id

    # every approver has a connection of their own, so all twenty really run at once
    racing = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                     "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": APPROVERS + 2}})
    barrier = threading.Barrier(APPROVERS, timeout=60)
    results, lock = [], threading.Lock()

    def approve(application_id: int, approver_id: int) -> None:
        with racing.test_request_context("/vedtak"):  # each approver is a request of their own
            try:
                application = db.session.get(Application, application_id)
                approver = db.session.get(User, approver_id)
                barrier.wait()
                try:
                    decide(application, Status.APPROVED, None, "", [], "Vilkår", application.end_date, approver)
                    unit_of_work.commit()
                    outcome = "granted"
                except NotEnoughLeft as exc:
                    db.session.rollback()
                    outcome = ("not enough left", exc.remaining, str(exc.message))
            except Exception as exc:  # noqa: BLE001 – reported to the test below
                outcome = ("error", repr(exc))
            finally:
                db.session.remove()
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=approve, args=pair) for pair in pairs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    with racing.app_context():
        db.engine.dispose()

    errors = [r for r in results if r[0] == "error"]
    assert not errors, errors
    granted = [r for r in results if r == "granted"]
    refused = [r for r in results if r != "granted"]
    assert len(granted) == k
    assert len(refused) == APPROVERS - k
    assert all(r[0] == "not enough left" and r[1] == 0 for r in refused)
    assert "Det er ikke nok penger igjen" in refused[0][2] and "0\u00a0kr" in refused[0][2]

    db.session.expire_all()
    area = db.session.get(FocusArea, area_id)
    assert area.committed == k * AMOUNT <= area.budget
    assert db.session.scalar(select(func.count(Decision.id))) == k
    statuses = db.session.scalars(select(Application.status).where(Application.focus_area_id == area_id)).all()
    assert statuses.count(Status.APPROVED) == k
    assert statuses.count(Status.SUBMITTED) == APPROVERS - k


def test_the_database_refuses_to_commit_more_than_the_budget(app):
    round_ = make_round(budgets=(100_000,))
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(text("UPDATE focus_area SET committed = 100001 WHERE id = :id"),
                           {"id": round_.focus_areas[0].id})
        db.session.flush()
    db.session.rollback()


def test_an_approval_that_no_longer_fits_says_what_is_left(app, in_request):
    round_ = make_round(budgets=(50_000,))
    area = round_.focus_areas[0]
    first = make_application(round_=round_, focus_area=area, status=Status.SUBMITTED, requested=30_000)
    second = make_application(round_=round_, focus_area=area, status=Status.SUBMITTED, requested=30_000)
    approver = make_user("decision_maker")
    make_declaration(first, approver)
    make_declaration(second, approver)
    db.session.commit()
    decide(first, Status.APPROVED, None, "", [], "Vilkår", first.end_date, approver)
    unit_of_work.commit()
    with pytest.raises(NotEnoughLeft) as refused:
        decide(second, Status.APPROVED, None, "", [], "Vilkår", second.end_date, approver)
    db.session.rollback()
    assert refused.value.remaining == 20_000
    assert "20\u00a0000\u00a0kr" in str(refused.value.message)
    assert db.session.get(Application, second.id).status == Status.SUBMITTED
    assert db.session.get(FocusArea, area.id).committed == 30_000
