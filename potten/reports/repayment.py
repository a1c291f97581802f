"""Repayment (tilbakebetaling): an advance notice (forvaltningsloven § 16), a repayment
decision (§ 35), and the claim closed as paid (the focus area gets the money back) or waived.

Finance calls ``mark_repayment_paid`` and ``waive_repayment`` from its desk. Operations
check the rule, change rows, write the audit entry and flush; the caller commits.
"""
from datetime import date

from sqlalchemy import select, update

from potten.applications.workflow import Status, move
from potten.core import audit
from potten.core.errors import Checklist, DomainError, IllegalTransition
from potten.core.i18n import lazy_gettext as _l
from potten.core.time import today_local, utcnow
from potten.decisions import budget
from potten.extensions import db
from potten.reports.models import ClaimStatus, RepaymentClaim
from potten.reports.signals import claim_closed

MIN_ANSWER_DAYS = 14  # the notice must leave the applicant time to answer


def claims_of(application) -> list[RepaymentClaim]:
    return list(db.session.scalars(select(RepaymentClaim).where(RepaymentClaim.application_id == application.id)
                                   .order_by(RepaymentClaim.id)))


def repaid_total(application) -> int:
    """What the applicant has paid back of this grant."""
    return sum(db.session.scalars(select(RepaymentClaim.amount).where(
        RepaymentClaim.application_id == application.id, RepaymentClaim.status == ClaimStatus.PAID)))


def claim_repayment(application, amount: int | None, reason: str, answer_by: date | None, actor,
                    granted: int | None = None) -> RepaymentClaim:
    """Open a claim and send the advance notice (§ 16): what we mean to claim back, why, and
    by when the applicant may answer. ``granted`` is the amount of the grant (the claim
    cannot be more)."""
    from potten.reports.letters import issue_repayment_letter

    reason = (reason or "").strip()
    checks = Checklist()  # every problem of the form at once
    if amount is None or amount <= 0:
        checks.add(_l("Enter an amount of more than 0 kroner."), "amount")
    elif granted is not None and amount > granted:
        checks.add(_l("The claim cannot be more than the grant."), "amount")
    if not reason:
        checks.add(_l("Say why the money is claimed back."), "reason")
    if answer_by is None or (answer_by - today_local()).days < MIN_ANSWER_DAYS:
        checks.add(_l("Give the applicant at least %(days)s days to answer.", days=MIN_ANSWER_DAYS), "answer_by")
    checks.raise_if_any()
    claim = RepaymentClaim(application_id=application.id, amount=amount, reason=reason, answer_by=answer_by,
                           created_by_id=actor.id, status=ClaimStatus.OPEN)
    db.session.add(claim)
    db.session.flush()
    _reopen(application, actor)
    claim.notice_letter_id = issue_repayment_letter(claim, "repayment_notice", actor).id
    audit.log("repayment.noticed", claim, actor=actor, application=application,
              after={"amount": amount, "reason": reason, "answer_by": answer_by})
    return claim


def _reopen(application, actor) -> None:
    """A claim on a grant that was closed (an audit found the money misused) means something is
    owed again: the grant is reopened, and closes again when the claim is paid back or waived."""
    if Status(application.status) == Status.CLOSED:
        move(application, Status.DISBURSED, actor, audit_action="application.reopened",
             reason="repayment_claim")


def decide_repayment(claim: RepaymentClaim, amount: int | None, pay_by: date | None, actor) -> RepaymentClaim:
    """Make the repayment decision (§ 35) after the answer deadline of the notice: the amount
    (at most what was noticed), and the deadline to pay."""
    from potten.reports.letters import issue_repayment_letter

    if claim.status != ClaimStatus.OPEN or claim.is_decided:
        raise IllegalTransition(_l("This claim is already decided or closed."))
    if today_local() <= claim.answer_by:
        raise DomainError(_l("Wait until the deadline to answer the advance notice (%(day)s) has passed.",
                             day=claim.answer_by.strftime("%d.%m.%Y")))
    checks = Checklist()
    if amount is None or not 0 < amount <= claim.amount:
        checks.add(_l("Enter an amount of more than 0 kroner and no more than the advance notice said."), "amount")
    if pay_by is None or pay_by <= today_local():
        checks.add(_l("The deadline to pay must be after today."), "pay_by")
    checks.raise_if_any()
    before = {"amount": claim.amount}
    claim.amount, claim.pay_by, claim.decided_at = amount, pay_by, utcnow()
    db.session.flush()
    claim.decision_letter_id = issue_repayment_letter(claim, "repayment_decision", actor).id
    audit.log("repayment.decided", claim, actor=actor, application=claim.application, before=before,
              after={"amount": amount, "pay_by": pay_by})
    return claim


def _close(claim: RepaymentClaim, target: ClaimStatus, actor, **values) -> None:
    changed = db.session.execute(
        update(RepaymentClaim).where(RepaymentClaim.id == claim.id, RepaymentClaim.status == ClaimStatus.OPEN)
        .values(status=target, closed_by_id=actor.id, closed_at=utcnow(), **values)
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(claim)
    if changed != 1:
        raise IllegalTransition(_l("This claim is already %(status)s.", status=ClaimStatus(claim.status).label))


def mark_repayment_paid(claim: RepaymentClaim, actor) -> None:
    """The applicant has paid the claim back: close it, and give the money back to the
    focus area's budget (what it has committed goes down by the amount)."""
    _close(claim, ClaimStatus.PAID, actor)
    area_id = claim.application.focus_area_id
    if area_id is not None:
        budget.commit(area_id, -claim.amount)
    audit.log("repayment.paid", claim, actor=actor, application=claim.application,
              before={"status": ClaimStatus.OPEN}, after={"status": ClaimStatus.PAID, "amount": claim.amount})
    claim_closed.send(claim, actor=actor)


def waive_repayment(claim: RepaymentClaim, reason: str, actor) -> None:
    """Give up the claim, with the reason (e.g. the applicant's answer to the notice was accepted)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Say why the claim is waived."), field="reason")
    _close(claim, ClaimStatus.WAIVED, actor, waive_reason=reason)
    audit.log("repayment.waived", claim, actor=actor, application=claim.application,
              before={"status": ClaimStatus.OPEN}, after={"status": ClaimStatus.WAIVED, "reason": reason})
    claim_closed.send(claim, actor=actor)
