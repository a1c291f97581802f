"""Repayment (tilbakebetaling): an advance notice (forvaltningsloven § 16), a repayment
decision (§ 35), and the claim closed as paid (the focus area gets the money back) or waived.

Finance calls ``mark_repayment_paid`` and ``waive_repayment`` from its desk. Operations
check the rule, change rows, write the audit entry and flush; the caller commits.
"""
import hashlib
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from potten.applications.filetypes import safe_filename
from potten.applications.models import barred
from potten.applications.operations import checked_file
from potten.applications.workflow import Status, move
from potten.core import audit
from potten.core.errors import Checklist, DomainError, IllegalTransition, NotAllowed
from potten.core.i18n import lazy_gettext as _l
from potten.core.mail import send_mail
from potten.core.time import today_local, utcnow
from potten.decisions import budget
from potten.extensions import db
from potten.letters.content import public_url
from potten.reports.models import ClaimAnswer, ClaimStatus, RepaymentClaim
from potten.reports.signals import claim_closed

MIN_ANSWER_DAYS = 14  # the notice must leave the applicant time to answer
ANSWER_LENGTH = 20_000


def require_impartial(actor, application) -> None:
    """Habilitet: nobody handles a report or a claim in a case they are a party to (the applicant, a
    member of the applying organisation) or have declared a conflict of interest in."""
    if application.is_own(actor) or barred(actor, application):
        raise NotAllowed(_l("You are a party to this case or have declared a conflict of interest in it, so "
                            "someone else must handle it."))


def claims_of(application, with_answers: bool = False) -> list[RepaymentClaim]:
    stmt = select(RepaymentClaim).where(RepaymentClaim.application_id == application.id).order_by(RepaymentClaim.id)
    if with_answers:
        stmt = stmt.options(joinedload(RepaymentClaim.answer).joinedload(ClaimAnswer.answered_by).lazyload("*"))
    return list(db.session.scalars(stmt))


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

    require_impartial(actor, application)
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


def can_answer(claim: RepaymentClaim, today: date | None = None) -> bool:
    """The applicant may still answer the advance notice: the claim is open, undecided, unanswered,
    and the deadline has not passed."""
    return (claim.status == ClaimStatus.OPEN and not claim.is_decided and claim.answer is None
            and (today or today_local()) <= claim.answer_by)


def answer_notice(claim: RepaymentClaim, text: str, filename: str | None, data: bytes | None,
                  actor) -> ClaimAnswer:
    """The applicant answers the advance notice (forvaltningsloven § 16) before its deadline: their
    view in words, and a document if they have one (the same rules as the application's
    attachments). Staff read it before the repayment decision; whoever made the claim is mailed."""
    application = claim.application
    if not application.is_own(actor):
        raise NotAllowed(_l("Only the applicant, or a member of the organisation, can answer the advance notice."))
    if claim.answer is not None:
        raise IllegalTransition(_l("You have already answered this advance notice."))
    if claim.status != ClaimStatus.OPEN or claim.is_decided:
        raise IllegalTransition(_l("The claim is already decided, so the advance notice can no longer be answered. "
                                   "Contact the programme office if you have something to add."))
    if today_local() > claim.answer_by:
        raise IllegalTransition(_l("The deadline to answer was %(day)s. Contact the programme office if you still "
                                   "have something to add.", day=claim.answer_by.strftime("%d.%m.%Y")))
    text = (text or "").strip().replace("\r\n", "\n")
    checks = Checklist()
    if not text:
        checks.add(_l("Write your answer: what you think of the claim, and why."), "text")
    elif len(text) > ANSWER_LENGTH:
        checks.add(_l("Keep the answer to %(max)d characters or fewer.", max=ANSWER_LENGTH), "text")
    name = kind = None
    if data:
        try:
            name, kind = checked_file(filename or "", data)
        except DomainError as exc:
            checks.add(exc.message, "file")
    checks.raise_if_any()
    answer = ClaimAnswer(claim_id=claim.id, text=text, answered_by_id=actor.id, answered_at=utcnow())
    if kind is not None:
        answer.filename, answer.content_type = safe_filename(name, kind), kind.content_type
        answer.size, answer.sha256, answer.data = len(data), hashlib.sha256(data).hexdigest(), data
    db.session.add(answer)
    db.session.flush()
    claim.answer = answer
    audit.log("repayment.answered", claim, actor=actor, application=application,
              after={"text": text, "filename": answer.filename, "sha256": answer.sha256})
    staff = claim.created_by
    if staff is not None and staff.email:
        send_mail(staff.email, "repayment_answered", staff.locale or "nb", application=application,
                  link=public_url("reports.claim", claim_id=claim.id))
    return answer


def decide_repayment(claim: RepaymentClaim, amount: int | None, pay_by: date | None, actor) -> RepaymentClaim:
    """Make the repayment decision (§ 35) after the answer deadline of the notice: the amount
    (at most what was noticed), and the deadline to pay."""
    from potten.reports.letters import issue_repayment_letter

    require_impartial(actor, claim.application)
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
    require_impartial(actor, claim.application)
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
