"""Payout operations: the applicant asks for a payout and keeps the account number right; finance
attests, authorises, sends to payment, marks paid or failed, returns or cancels.

Every step is one conditional UPDATE on the payout (``WHERE status = <the state seen> AND version =
<the version on the form>``), so two people acting at once, or a form left open while someone else
acted, cannot both move it: the second is told what happened. Money goes through the grant's ledger
the same way (``paid + amount <= allocated``, backed by check constraints). Operations flush; the
caller's unit of work commits.
"""
from sqlalchemy import func, select, update

from potten.applications.operations import application_url
from potten.applications.workflow import GRANTED, Status, move
from potten.core import audit
from potten.core.errors import Checklist, DomainError, IllegalTransition, NotAllowed
from potten.core.formatting import money
from potten.core.i18n import lazy_gettext as _l
from potten.core.mail import send_mail
from potten.core.time import utcnow
from potten.extensions import db
from potten.finance import rules
from potten.finance.closing import close_if_complete
from potten.finance.models import (
    ACCOUNT_CHANGES_BACK,
    OPEN,
    TRANSITIONS,
    GrantLedger,
    Payout,
    PayoutStatus,
)
from potten.finance.plan import ledger_of, remove_planned

S = PayoutStatus
STALE = _l("Someone else changed this payout just now. Look at it again before you go on.")
NOTE_MAX = 2000
ONE_OPEN = _l("You already have a payout request that is being handled. "
              "You can ask for the next one when it has been sent to the bank.")
CLOSED = _l("This grant is closed: everything is paid and nothing is owed, so nothing more can be asked for "
             "or changed.")
CLEARED = {  # what a step back forgets on the row (the audit log keeps it)
    S.PLANNED: dict(requested_by_id=None, requested_at=None, attested_by_id=None, attested_at=None,
                    authorised_by_id=None, authorised_at=None, account_number=None),
    S.REQUESTED: dict(attested_by_id=None, attested_at=None, authorised_by_id=None, authorised_at=None,
                      batch_id=None, sent_by_id=None, sent_at=None, failed_at=None),
    S.AUTHORISED: dict(batch_id=None, sent_by_id=None, sent_at=None, failed_at=None),
}


def due_now(application) -> int:
    """What the applicant may ask for now: the instalments that are due and not asked for."""
    return db.session.scalar(select(func.coalesce(func.sum(Payout.amount), 0)).where(
        Payout.application_id == application.id, Payout.status == S.PLANNED, Payout.due_at.is_not(None))) or 0


def open_request(application) -> Payout | None:
    return db.session.scalar(select(Payout).where(Payout.application_id == application.id,
                                                  Payout.status.in_(OPEN)).limit(1))


def _move(payout: Payout, target: PayoutStatus, actor, version: int | None, action: str,
          note: str | None = None, **values) -> None:
    """Move ``payout`` to ``target`` if the state machine allows it and nobody moved it first."""
    current = payout.state
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(_l("This payout is “%(current)s” and cannot become “%(target)s”.",
                                   current=current.label, target=target.label))
    if version is not None and version != payout.version:
        raise IllegalTransition(STALE)
    values = {**CLEARED.get(target, {}), **values}
    if note is not None:
        values["note"] = note
    changed = db.session.execute(
        update(Payout).where(Payout.id == payout.id, Payout.status == current, Payout.version == payout.version)
        .values(status=target, version=Payout.version + 1, **values)
        .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.refresh(payout)
        raise IllegalTransition(STALE)
    db.session.refresh(payout)
    audit.log(action, payout, actor=actor, application=payout.application,
              before={"status": current}, after={"status": target, "amount": payout.amount,
                                                 **({"note": note} if note else {})})


def _note(text: str | None, message) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(message, field="note")
    if len(text) > NOTE_MAX:
        raise DomainError(_l("Keep it to %(max)d characters or fewer.", max=NOTE_MAX), field="note")
    return text


def _check_not_closed(application) -> None:
    if Status(application.status) == Status.CLOSED:
        raise IllegalTransition(CLOSED)


def _check_not_held(application) -> None:
    reason = rules.hold(application)
    if reason is not None:
        raise IllegalTransition(reason)


# The applicant -------------------------------------------------------------------------------------

def request_payout(application, amount: int | None, actor) -> Payout:
    """The applicant asks for ``amount`` kroner of what is due now. One open request at a time;
    asking for less leaves the rest due for a later request."""
    if not application.is_own(actor):
        raise NotAllowed(_l("Only the applicant can ask for a payout."))
    _check_not_closed(application)
    _check_not_held(application)
    if open_request(application) is not None:
        raise IllegalTransition(ONE_OPEN)
    due = db.session.scalars(select(Payout).where(
        Payout.application_id == application.id, Payout.status == S.PLANNED, Payout.due_at.is_not(None))
        .order_by(Payout.position).with_for_update()).all()
    if open_request(application) is not None:  # someone asked at the same moment, and was first
        raise IllegalTransition(ONE_OPEN)
    total = sum(p.amount for p in due)
    if total == 0:
        raise IllegalTransition(_l("Nothing is due for payment now."))
    checks = Checklist()  # every problem of the form at once
    if amount is None or amount < 1:
        checks.add(_l("Write the amount in whole kroner, more than 0."), "amount")
    elif amount > total:
        checks.add(_l("You can ask for at most %(due)s now.", due=money(total)), "amount")
    ledger = ledger_of(application.id)
    if not rules.valid_account(ledger.account_number):
        checks.add(_l("We have no valid account number for this grant. Add one before you ask."), "account")
    checks.raise_if_any()
    first, rest = due[0], due[1:]
    remainder = total - amount
    last_due_on = due[-1].due_on
    remove_planned(rest)
    _move(first, S.REQUESTED, actor, first.version, "payout.requested", requested_by_id=actor.id,
          requested_at=utcnow(), account_number=ledger.account_number, amount=amount, note="")
    if remainder:
        position = db.session.scalar(select(func.max(Payout.position)).where(Payout.application_id == application.id))
        db.session.add(Payout(application_id=application.id, decision_id=first.decision_id, position=position + 1,
                              focus_area_id=first.focus_area_id,
                              due_on=last_due_on, due_at=utcnow(), amount=remainder, status=S.PLANNED,
                              applicant_id=first.applicant_id, decided_by_id=first.decided_by_id))
        db.session.flush()
    return first


def change_account(application, text: str, actor) -> str:
    """The applicant gives a new account number for the grant's payouts. Payouts already attested
    or authorised go back to attestation; a payout with the bank keeps the number it was sent with."""
    if not application.is_own(actor):
        raise NotAllowed(_l("Only the applicant can change the account number."))
    _check_not_closed(application)
    number = rules.clean_account(text)
    ledger = ledger_of(application.id, lock=True)
    if ledger is None:
        raise IllegalTransition(_l("The grant has not been accepted yet."))
    before = ledger.account_number
    if number == before:
        return number
    db.session.execute(update(GrantLedger).where(GrantLedger.application_id == application.id)
                       .values(account_number=number).execution_options(synchronize_session=False))
    affected = db.session.scalars(select(Payout).where(
        Payout.application_id == application.id, Payout.status.in_((S.REQUESTED, *ACCOUNT_CHANGES_BACK)))
        .with_for_update()).all()
    for payout in affected:
        if payout.state == S.REQUESTED:
            payout.account_number, payout.version = number, payout.version + 1
            db.session.flush()
        else:
            _move(payout, S.REQUESTED, actor, None, "payout.account_changed", account_number=number,
                  note=str(_l("The account number was changed, so the payout is checked again.")))
    audit.log("grant.account_changed", ledger, actor=actor, application=application,
              before={"account": rules.masked(before)}, after={"account": rules.masked(number),
                                                                "payouts_back": [p.id for p in affected]})
    return number


# Finance -------------------------------------------------------------------------------------------

def attest(payout: Payout, version: int | None, confirmed: bool, actor) -> None:
    """Attest: the payout matches the decision (accepted, conditions met, amount due, a valid account
    number). Not by the applicant, a member of the organisation, anyone with a conflict in the case,
    or the one who granted the money."""
    application = payout.application
    rules.check_handler(actor, application)
    if actor.id == payout.decided_by_id:
        raise NotAllowed(_l("You made the decision that granted this money, so someone else must attest the "
                            "payout."))
    _check_not_held(application)
    checks = Checklist()
    if not confirmed:
        checks.add(_l("Confirm that you have checked the payout against the decision and its conditions."),
                   "confirmed")
    if not rules.valid_account(payout.account_number):
        checks.add(_l("The account number of this payout is not valid. Ask the applicant for a new one."))
    checks.raise_if_any()
    _move(payout, S.ATTESTED, actor, version, "payout.attested", attested_by_id=actor.id, attested_at=utcnow())


def authorise(payout: Payout, version: int | None, actor) -> None:
    """Authorise (anvise) an attested payout: a second person with the finance role."""
    application = payout.application
    rules.check_handler(actor, application)
    if actor.id == payout.attested_by_id:
        raise NotAllowed(_l("You attested this payout, so another person must authorise it."))
    _check_not_held(application)
    _move(payout, S.AUTHORISED, actor, version, "payout.authorised", authorised_by_id=actor.id,
          authorised_at=utcnow())


def return_to_applicant(payout: Payout, version: int | None, note: str, actor) -> None:
    """Send a request back to the applicant with the reason; the instalment is due again."""
    rules.check_handler(actor, payout.application)
    note = _note(note, _l("Write why the request is sent back; the applicant reads it."))
    _move(payout, S.PLANNED, actor, version, "payout.returned", note=note)


def cancel(payout: Payout, version: int | None, note: str, actor) -> None:
    """Cancel a payout that will not be paid; it no longer counts against the grant."""
    rules.check_handler(actor, payout.application)
    note = _note(note, _l("Write why the payout is cancelled."))
    _move(payout, S.CANCELLED, actor, version, "payout.cancelled", note=note, cancelled_by_id=actor.id,
          cancelled_at=utcnow())
    db.session.execute(update(GrantLedger).where(GrantLedger.application_id == payout.application_id)
                       .values(allocated=GrantLedger.allocated - payout.amount)
                       .execution_options(synchronize_session=False))
    _close_if_done(payout.application, actor)


def mark_failed(payout: Payout, version: int | None, note: str, actor) -> None:
    """The bank could not pay (a closed account, a wrong name): it waits for a fix."""
    rules.check_handler(actor, payout.application)
    note = _note(note, _l("Write what the bank said."))
    _move(payout, S.FAILED, actor, version, "payout.failed", note=note, failed_at=utcnow())


def retry(payout: Payout, version: int | None, actor) -> None:
    """A failed payout is fixed and can go to the bank again (back to authorised)."""
    rules.check_handler(actor, payout.application)
    _check_not_held(payout.application)
    _move(payout, S.AUTHORISED, actor, version, "payout.retried", note="")


def mark_paid(payout: Payout, version: int | None, actor) -> None:
    """The bank confirmed the payment. The grant's ledger counts it (never more than the grant), the
    applicant gets a mail, and paying the last instalment marks the application as paid out."""
    rules.check_handler(actor, payout.application)
    _move(payout, S.PAID, actor, version, "payout.paid", paid_by_id=actor.id, paid_at=utcnow())
    counted = db.session.execute(
        update(GrantLedger).where(GrantLedger.application_id == payout.application_id,
                                  GrantLedger.paid + payout.amount <= GrantLedger.allocated)
        .values(paid=GrantLedger.paid + payout.amount).execution_options(synchronize_session=False)).rowcount
    if counted != 1:
        raise IllegalTransition(_l("This would pay more than the grant, so it was not recorded."))
    application = payout.application
    applicant = application.applicant
    send_mail(applicant.email, "payout_paid", locale=applicant.locale or "nb", application=application,
              amount=payout.amount, account=rules.masked(payout.account_number), url=application_url(application))
    _close_if_done(application, actor)


def _close_if_done(application, actor) -> None:
    """Every instalment not cancelled is paid: the application is paid out; and if its final report
    is approved and nothing is owed, the grant closes in the same step."""
    if Status(application.status) not in GRANTED:
        return
    left = db.session.scalar(select(func.count(Payout.id)).where(
        Payout.application_id == application.id, Payout.status.not_in((S.PAID, S.CANCELLED))))
    paid = db.session.scalar(select(func.count(Payout.id)).where(
        Payout.application_id == application.id, Payout.status == S.PAID))
    if left == 0 and paid:
        move(application, Status.DISBURSED, actor)
        close_if_complete(application, actor)
