"""Repayment claims: paid back (the focus area gets the money back) or waived with a reason."""
import pytest

from potten.core.audit import AuditEntry
from potten.core.errors import DomainError
from potten.extensions import db
from potten.reports.models import ClaimStatus
from potten.reports.operations import mark_repayment_paid, waive_repayment
from tests.factories import make_user
from tests.reports.helpers import make_claim, make_grant


def test_a_paid_claim_gives_the_money_back_to_the_focus_area(app, in_request):
    application, decision, _ = make_grant()
    area = application.focus_area
    committed = area.committed
    claim = make_claim(application, amount=5_000)
    finance = make_user("finance")
    mark_repayment_paid(claim, finance)
    db.session.commit()
    db.session.refresh(area)
    assert claim.status == ClaimStatus.PAID and claim.closed_by_id == finance.id
    assert area.committed == committed - 5_000
    assert db.session.query(AuditEntry).filter_by(action="repayment.paid", object_id=claim.id).count() == 1
    with pytest.raises(DomainError):  # paid twice: refused, the budget is not given back twice
        mark_repayment_paid(claim, finance)
    db.session.rollback()
    db.session.refresh(area)
    assert area.committed == committed - 5_000


def test_a_waived_claim_needs_a_reason_and_leaves_the_budget(app, in_request):
    application, _, _ = make_grant()
    claim = make_claim(application)
    finance = make_user("finance")
    with pytest.raises(DomainError) as refused:
        waive_repayment(claim, "  ", finance)
    assert refused.value.field == "reason"
    waive_repayment(claim, "Søkeren viste kvitteringer for alt.", finance)
    db.session.commit()
    assert claim.status == ClaimStatus.WAIVED and claim.waive_reason == "Søkeren viste kvitteringer for alt."
    with pytest.raises(DomainError):
        mark_repayment_paid(claim, finance)
