"""Finance officers and applicants acting at the same moment, each with a connection of their own
(PostgreSQL): nothing is authorised or paid twice, and the total paid never exceeds the grant."""
import threading

import pytest
from sqlalchemy import func, select

from potten import create_app
from potten.accounts.models import User
from potten.applications.models import Application
from potten.config import TestConfig
from potten.core import unit_of_work
from potten.core.errors import DomainError
from potten.extensions import db
from potten.finance import batches, operations
from potten.finance.models import GrantLedger, Payout
from tests.factories import make_organisation, make_user
from tests.finance.helpers import accepted, officers, to_sent

pytestmark = pytest.mark.backends("postgresql")


def race(app, n: int, act) -> list:
    """Run ``act(i)`` in ``n`` threads at once, each a request with its own connection; their outcomes."""
    racing = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                     "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": n + 2}})
    barrier = threading.Barrier(n, timeout=60)
    results, lock = [], threading.Lock()

    def run(i: int) -> None:
        with racing.test_request_context("/okonomi"):
            try:
                work = act(i)
                barrier.wait()
                try:
                    work()
                    unit_of_work.commit()
                    outcome = "done"
                except DomainError as exc:
                    db.session.rollback()
                    outcome = ("refused", str(exc.message))
            except Exception as exc:  # noqa: BLE001 – reported to the test
                outcome = ("error", repr(exc))
            finally:
                db.session.remove()
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    with racing.app_context():
        db.engine.dispose()
    assert not [r for r in results if r[0] == "error"], results
    return results


def _get(model, ident):
    return db.session.get(model, ident)


def test_two_officers_authorise_the_same_payout_at_once(app, in_request):
    application, _ = accepted()
    attestant, *authorisers = officers(3)
    payout = operations.request_payout(application, 40_000, application.applicant)
    operations.attest(payout, payout.version, True, attestant)
    db.session.commit()
    payout_id, version, ids = payout.id, payout.version, [u.id for u in authorisers]

    def act(i):
        found, who = _get(Payout, payout_id), _get(User, ids[i])
        return lambda: operations.authorise(found, version, who)

    results = race(app, 2, act)
    assert sorted(r if r == "done" else r[0] for r in results) == ["done", "refused"]
    assert "Noen andre endret denne utbetalingen" in next(r[1] for r in results if r != "done")
    db.session.expire_all()
    assert db.session.get(Payout, payout_id).authorised_by_id in ids


def test_two_officers_mark_the_same_payout_paid_at_once(app, in_request):
    application, _ = accepted()
    first, second = officers()
    payout, _ = to_sent(application, first, second)
    payout_id, ids = payout.id, [first.id, second.id]

    def act(i):
        found, who = _get(Payout, payout_id), _get(User, ids[i])
        return lambda: operations.mark_paid(found, None, who)

    results = race(app, 2, act)
    assert sorted(r if r == "done" else r[0] for r in results) == ["done", "refused"]
    db.session.expire_all()
    assert db.session.get(GrantLedger, application.id).paid == 40_000


def test_twenty_requests_and_payments_against_one_grant_never_pay_more_than_it(app, in_request):
    members = [make_user(name=f"Medlem {i}") for i in range(20)]
    organisation = make_organisation(members=members)
    application, _ = accepted("at_acceptance", 40_000, organisation=organisation, applicant=members[0])
    first, second = officers()
    application_id, member_ids = application.id, [m.id for m in members]

    def ask(i):  # twenty members of the organisation ask for 15 000 kr at the same moment
        found, who = _get(Application, application_id), _get(User, member_ids[i])
        return lambda: operations.request_payout(found, 15_000, who)

    asked = race(app, 20, ask)
    assert [r for r in asked if r == "done"] == ["done"]
    db.session.expire_all()
    [requested] = db.session.scalars(select(Payout).where(Payout.application_id == application_id,
                                                          Payout.status == "requested")).all()
    operations.attest(requested, requested.version, True, first)
    operations.authorise(requested, requested.version, second)
    batches.send_to_payment([requested.id], {requested.id: requested.version}, first)
    db.session.commit()
    rest, _ = to_sent(_get(Application, application_id), first, second)  # the other 25 000 kr
    officer_ids = [first.id, second.id] * 10
    payout_ids = [requested.id, rest.id] * 10

    def pay(i):  # twenty officers mark the two payouts paid at once
        found, who = _get(Payout, payout_ids[i]), _get(User, officer_ids[i])
        return lambda: operations.mark_paid(found, None, who)

    paid = race(app, 20, pay)
    assert len([r for r in paid if r == "done"]) == 2
    db.session.expire_all()
    ledger = db.session.get(GrantLedger, application_id)
    assert ledger.paid == 40_000 == ledger.granted
    assert db.session.scalar(select(func.sum(Payout.amount)).where(Payout.application_id == application_id,
                                                                   Payout.status == "paid")) == 40_000
    assert db.session.get(Application, application_id).status == "disbursed"
