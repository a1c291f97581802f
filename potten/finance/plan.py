"""A grant's payout plan: its ledger and instalments, made when the grant is accepted and changed
when a decision after an appeal changes the grant, in the same unit of work (signal receivers).

The round says how a grant is paid (``Round.instalments``): the whole grant after the final
report, an advance at acceptance and the rest after the report, or all at acceptance. An
instalment due at acceptance is due at once; one due after the final report waits until the
report is approved (``release_after_report``).
"""
from sqlalchemy import delete, func, select, update

from potten.core import audit
from potten.core.errors import DomainError
from potten.core.formatting import money
from potten.core.i18n import lazy_gettext as _l
from potten.core.signals import decision_made, grant_accepted
from potten.core.time import utcnow
from potten.decisions.acceptance import answer_to
from potten.extensions import db
from potten.finance.models import AFTER_FINAL_REPORT, AT_ACCEPTANCE, GrantLedger, Payout, PayoutStatus
from potten.reports import annual
from potten.reports.signals import report_approved

S = PayoutStatus
IN_FLIGHT = (S.REQUESTED, S.ATTESTED, S.AUTHORISED, S.FAILED)  # asked for, not with the bank
GONE = (S.SENT, S.PAID)  # with the bank or paid: cannot be taken back


def ledger_of(application_id: int, lock: bool = False) -> GrantLedger | None:
    query = select(GrantLedger).where(GrantLedger.application_id == application_id) \
        .execution_options(populate_existing=True)
    if lock:
        query = query.with_for_update()
    return db.session.scalars(query).one_or_none()


def _add_instalments(decision, ledger: GrantLedger, parts: list[tuple[str, int]], report_approved: bool) -> None:
    application = decision.application
    position = db.session.scalar(select(func.coalesce(func.max(Payout.position), 0))
                                 .where(Payout.application_id == application.id))
    now = utcnow()
    for due_on, amount in parts:
        position += 1
        due = due_on == AT_ACCEPTANCE or report_approved
        db.session.add(Payout(application_id=application.id, decision_id=decision.id, position=position,
                              focus_area_id=application.focus_area_id,
                              due_on=due_on, due_at=now if due else None, amount=amount, status=S.PLANNED,
                              applicant_id=application.applicant_id, decided_by_id=decision.decided_by_id))
    db.session.flush()


def plan_payouts(decision, actor=None) -> GrantLedger:
    """Make the grant's ledger and its instalments under the round's plan (on acceptance)."""
    application = decision.application
    existing = ledger_of(application.id)
    if existing is not None:
        return existing
    parts = application.round.instalments(decision.granted_amount)
    ledger = GrantLedger(application_id=application.id, decision_id=decision.id, granted=decision.granted_amount,
                         allocated=sum(amount for _, amount in parts), paid=0,
                         account_number=application.bank_account)
    db.session.add(ledger)
    db.session.flush()
    _add_instalments(decision, ledger, parts, report_approved=report_is_approved(application))
    audit.log("payouts.planned", ledger, actor=actor, application=application,
              after={"granted": ledger.granted, "plan": application.round.payout_plan,
                     "instalments": [[d, a] for d, a in parts]})
    return ledger


def replan(decision, previous, actor) -> None:
    """A new decision in a case whose grant was accepted: keep what is paid or with the bank, and plan
    the rest of the new grant under the round's plan. A new decision cannot grant less than what has
    already been paid or sent to the bank."""
    application = decision.application
    ledger = ledger_of(application.id, lock=True)
    if ledger is None:
        return
    answer = answer_to(decision)
    new_amount = decision.granted_amount if answer is not None and answer.accepted else 0
    rows = db.session.scalars(select(Payout).where(Payout.application_id == application.id,
                                                   Payout.status != S.CANCELLED)
                              .order_by(Payout.position).with_for_update()).all()
    gone = sum(p.amount for p in rows if p.state in GONE)
    if gone > new_amount:
        raise DomainError(_l("%(amount)s of this grant has already been paid or sent to the bank, so the new "
                             "decision cannot grant less than that. Money paid out is claimed back as a repayment.",
                             amount=money(gone)), field="amount")
    in_flight = [p for p in rows if p.state in IN_FLIGHT]
    kept = gone + sum(p.amount for p in in_flight)
    now = utcnow()
    cancelled = [p for p in rows if p.state == S.PLANNED]
    if kept > new_amount:  # what was asked for no longer fits: ask again under the new decision
        cancelled += in_flight
        kept = gone
    for payout in cancelled:
        _cancel_row(payout, actor, str(_l("The decision was changed after an appeal.")), now)
    freed = sum(p.amount for p in cancelled)
    parts = _rest_of_plan(application.round.instalments(new_amount), kept)
    before = {"granted": ledger.granted, "allocated": ledger.allocated}
    db.session.execute(update(GrantLedger).where(GrantLedger.application_id == application.id)
                       .values(granted=new_amount, decision_id=decision.id,
                               allocated=GrantLedger.allocated - freed + sum(a for _, a in parts))
                       .execution_options(synchronize_session=False))
    _add_instalments(decision, ledger, parts, report_approved=report_is_approved(application))
    ledger = ledger_of(application.id)
    audit.log("payouts.replanned", ledger, actor=actor, application=application, before=before,
              after={"granted": ledger.granted, "allocated": ledger.allocated, "decision_id": decision.id,
                     "cancelled": [p.id for p in cancelled], "instalments": [[d, a] for d, a in parts]})


def _rest_of_plan(parts: list[tuple[str, int]], covered: int) -> list[tuple[str, int]]:
    """The plan's instalments less ``covered`` kroner already paid or asked for, the earliest first."""
    rest = []
    for due_on, amount in parts:
        taken = min(amount, covered)
        covered -= taken
        if amount - taken > 0:
            rest.append((due_on, amount - taken))
    return rest


def _cancel_row(payout: Payout, actor, note: str, now) -> None:
    before = payout.status
    payout.status, payout.cancelled_at, payout.note = S.CANCELLED, now, note
    payout.cancelled_by_id = getattr(actor, "id", None)
    payout.version += 1
    db.session.flush()
    audit.log("payout.cancelled", payout, actor=actor, application=payout.application,
              before={"status": before}, after={"status": S.CANCELLED, "note": note})


def release_after_report(application, actor=None) -> int:
    """The final report is approved: the instalments that waited for it are now due. Returns how many."""
    changed = db.session.execute(
        update(Payout).where(Payout.application_id == application.id, Payout.due_on == AFTER_FINAL_REPORT,
                             Payout.status == S.PLANNED, Payout.due_at.is_(None))
        .values(due_at=utcnow(), version=Payout.version + 1).execution_options(synchronize_session=False)).rowcount
    if changed:
        audit.log("payouts.due_after_report", application, actor=actor, application=application,
                  after={"instalments": changed})
    return changed


def report_is_approved(application) -> bool:
    """Whether the grant's final report is approved."""
    from potten.reports.models import ReportStatus
    from potten.reports.queries import report_for

    report = report_for(application)
    return report is not None and report.status == ReportStatus.APPROVED


def remove_planned(payouts: list[Payout]) -> None:
    """Planned instalments merged into a request: they never had a life of their own."""
    if payouts:
        db.session.execute(delete(Payout).where(Payout.id.in_([p.id for p in payouts]),
                                                Payout.status == S.PLANNED)
                           .execution_options(synchronize_session=False))
        for payout in payouts:
            db.session.expunge(payout)


@grant_accepted.connect
def _on_grant_accepted(decision, actor=None, **kwargs) -> None:
    plan_payouts(decision, actor)


@report_approved.connect
def _on_report_approved(report, actor=None, **kwargs) -> None:
    release_after_report(report.application, actor)


@decision_made.connect
def _on_decision_made(decision, actor=None, replaces=None, **kwargs) -> None:
    if replaces is not None:
        replan(decision, replaces, actor)



def paid_per_grant(application_ids: list[int]) -> dict[int, int]:
    """What has been paid out of each grant: the annual report (reports area) reads it."""
    return dict(db.session.execute(select(GrantLedger.application_id, GrantLedger.paid)
                                   .where(GrantLedger.application_id.in_(application_ids))).all())


annual.PAID_SOURCES.append(paid_per_grant)
