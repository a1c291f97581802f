"""A decision changed after an appeal changes the grant's payout plan in the same step."""
import pytest

from potten.applications.workflow import Status
from potten.core.errors import DomainError
from potten.decisions.acceptance import answer_to
from potten.decisions.appeals import file_appeal
from potten.decisions.operations import decide
from potten.extensions import db
from potten.finance import operations
from potten.finance.models import GrantLedger
from tests.finance.helpers import accepted, officers, payouts, to_sent


def _appeal_and_decide(application, maker, outcome, amount):
    file_appeal(application, "Vi trenger mer.", application.applicant)
    decision = decide(application, outcome, amount, "Ny vurdering", [], "Vilkår", application.end_date, maker)
    return decision


def test_a_higher_grant_after_appeal_keeps_what_is_paid_and_plans_the_rest(app, in_request):
    application, first_decision = accepted("advance", 30_000, advance=50)
    application.requested_amount = 60_000  # the appeal asks for more than was granted
    first, second = officers()
    paid, _ = to_sent(application, first, second)
    operations.mark_paid(paid, paid.version, first)
    db.session.commit()
    decision = _appeal_and_decide(application, first_decision.decided_by, Status.PARTLY_APPROVED, 50_000)
    db.session.commit()
    assert answer_to(decision).how == "carried_over"
    plan = [(p.due_on, p.amount, p.status) for p in payouts(application)]
    assert plan == [("acceptance", 15_000, "paid"), ("final_report", 15_000, "cancelled"),
                    ("acceptance", 10_000, "planned"), ("final_report", 25_000, "planned")]
    ledger = db.session.get(GrantLedger, application.id)
    assert (ledger.granted, ledger.allocated, ledger.paid, ledger.decision_id) == (50_000, 50_000, 15_000,
                                                                                   decision.id)
    assert operations.due_now(application) == 10_000


def test_a_new_decision_cannot_grant_less_than_what_is_already_paid(app, in_request):
    application, first_decision = accepted("at_acceptance", 40_000)
    first, second = officers()
    payout, _ = to_sent(application, first, second)
    file_appeal(application, "Vi er uenige.", application.applicant)
    db.session.commit()
    with pytest.raises(DomainError, match="40\u00a0000"):
        decide(application, Status.REJECTED, None, "Avslag", [], "", None, first_decision.decided_by)
    db.session.rollback()
    assert application.status == Status.APPEALED
    assert db.session.get(GrantLedger, application.id).granted == 40_000
