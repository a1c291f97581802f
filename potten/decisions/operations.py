"""Decisions: decide within the focus area's budget, with reasons and conditions.

Operations check the rules, change rows, write the audit entry and flush; the caller commits.
"""
from datetime import date, timedelta

from sqlalchemy import select

from potten.applications.workflow import DECIDED, GRANTED, Status, check_transition, move
from potten.core import audit, signals
from potten.core.errors import DomainError, IllegalTransition, NotAllowed
from potten.core.i18n import lazy_gettext as _l
from potten.core.time import utc_to_oslo, utcnow
from potten.decisions import budget
from potten.decisions.models import (
    BOARD_CHANGED,
    CHANGED,
    FILED,
    Appeal,
    Decision,
    DecisionDefaults,
    StandardReason,
)
from potten.extensions import db
from potten.review import permissions

AFTER_APPEAL = (Status.APPEALED, Status.APPEAL_FORWARDED)


def current_decision(application) -> Decision | None:
    """The decision in force: the newest one."""
    return db.session.scalar(select(Decision).where(Decision.application_id == application.id)
                             .order_by(Decision.id.desc()).limit(1))


def open_appeal(application) -> Appeal | None:
    """The appeal waiting for a (new) decision, if any."""
    return db.session.scalar(select(Appeal).where(
        Appeal.application_id == application.id, Appeal.new_decision_id.is_(None),
        Appeal.state.in_([FILED, BOARD_CHANGED])).order_by(Appeal.id.desc()).limit(1))


def defaults_for(round_) -> DecisionDefaults:
    """The round's defaults for grant conditions (the built-in ones until the admin sets them)."""
    found = db.session.get(DecisionDefaults, round_.id)
    return found or DecisionDefaults(round_id=round_.id, conditions=DecisionDefaults.conditions.default.arg,
                                     report_due_days=DecisionDefaults.report_due_days.default.arg)


def default_report_due(application) -> date:
    """The final report is due a set number of days after the project ends (or after today)."""
    today = utc_to_oslo(utcnow()).date()
    ends = max(application.end_date or today, today)
    return ends + timedelta(days=defaults_for(application.round).report_due_days)


def granted_for(outcome: Status, requested: int, amount: int | None) -> int:
    """The amount a decision grants: all, a part (more than 0 and less than asked) or nothing."""
    if outcome == Status.APPROVED:
        return requested
    if outcome == Status.REJECTED:
        return 0
    if amount is None or not 0 < amount < requested:
        raise DomainError(_l("A part grant is more than 0 and less than the amount applied for."), field="amount")
    return amount


def decide(application, outcome: Status | str, granted_amount: int | None, reasons: str,
           standard_reasons: list[str], conditions: str, report_due: date | None, actor) -> Decision:
    """Approve in full, approve a part, or reject ``application``.

    The grant is committed against the focus area's remaining budget in the same unit of
    work (after an appeal, the old grant is released in the same step), and the decision
    letter is issued with it. Raises ``budget.NotEnoughLeft`` if the grant no longer fits.
    """
    outcome = Status(outcome)
    if outcome not in DECIDED:
        raise DomainError(_l("Choose approve, approve a part, or reject."), field="outcome")
    current = Status(application.status)
    check_transition(current, outcome)
    if not permissions.can_decide(actor, application):
        raise NotAllowed(_l("You cannot decide this application."))
    appeal = open_appeal(application) if current in AFTER_APPEAL else None
    if current == Status.APPEAL_FORWARDED and appeal is None:
        raise IllegalTransition(_l("The appeal is with the appeals board. Record the board's outcome first."))
    amount = granted_for(outcome, application.requested_amount or 0, granted_amount)
    reasons, standard_reasons = (reasons or "").strip(), [r for r in standard_reasons or [] if r]
    if outcome in (Status.PARTLY_APPROVED, Status.REJECTED) and not (reasons or standard_reasons):
        raise DomainError(_l("Give the reasons: choose a standard reason or write your own."), field="reasons")
    conditions = (conditions or "").strip()
    if outcome in GRANTED:
        if not conditions:
            raise DomainError(_l("A grant needs conditions."), field="conditions")
        if report_due is None:
            raise DomainError(_l("Enter the due date of the final report."), field="report_due")
        if application.focus_area_id is None:
            raise DomainError(_l("The application has no focus area, so there is no budget to grant from."))
    previous = current_decision(application)
    released = previous.granted_amount if previous is not None else 0
    move(application, outcome, actor, granted_amount=amount)
    decision = Decision(
        application_id=application.id, outcome=outcome.value, requested_amount=application.requested_amount or 0,
        granted_amount=amount, reasons=reasons, standard_reasons=standard_reasons,
        conditions=conditions if outcome in GRANTED else "", report_due=report_due if outcome in GRANTED else None,
        after_appeal=appeal is not None, supersedes_id=previous.id if previous else None, decided_by_id=actor.id)
    if previous is not None:
        previous.in_force = False
    db.session.add(decision)
    db.session.flush()
    if appeal is not None:
        appeal.new_decision_id = decision.id
        if appeal.state == FILED:
            appeal.state, appeal.handled_by_id, appeal.handled_at = CHANGED, actor.id, utcnow()
    audit.log("decision.made", decision, actor=actor, application=application,
              before={"granted_amount": released, "decision_id": previous.id if previous else None},
              after={"outcome": outcome, "granted_amount": amount, "reasons": reasons,
                     "standard_reasons": standard_reasons, "conditions": decision.conditions,
                     "report_due": decision.report_due, "after_appeal": decision.after_appeal})
    signals.decision_made.send(decision, actor=actor, replaces=previous)  # the letter (potten.letters)
    if application.focus_area_id is not None:
        # last, so the focus area's row is locked only from here to the commit
        budget.commit(application.focus_area_id, amount - released)
    return decision


def mark_notified(decision: Decision, when) -> None:
    """The decision reached the applicant at ``when`` (its letter was sent): the appeal
    period runs from here. Only the first notice counts."""
    if decision.notified_at is None:
        decision.notified_at = when


def add_standard_reason(text: str, text_en: str | None, actor) -> StandardReason:
    """Add a standard reason the decision makers can choose."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_l("Write the reason."), field="text")
    found = StandardReason(text=text, text_en=(text_en or "").strip() or None)
    db.session.add(found)
    audit.log("standard_reason.added", found, actor=actor, after={"text": text, "text_en": found.text_en})
    return found


def set_standard_reason_active(found: StandardReason, active: bool, actor) -> None:
    """Retire a standard reason (decisions that used it keep its text), or bring it back."""
    before = found.active
    found.active = active
    audit.log("standard_reason.changed", found, actor=actor, before={"active": before}, after={"active": active})


def save_defaults(round_, conditions: str, report_due_days: int, actor) -> DecisionDefaults:
    """Set the round's default grant conditions and final-report period."""
    conditions = (conditions or "").strip()
    if not conditions:
        raise DomainError(_l("Write the conditions."), field="conditions")
    if report_due_days is None or report_due_days < 1:
        raise DomainError(_l("Enter a number of days of 1 or more."), field="report_due_days")
    found = db.session.get(DecisionDefaults, round_.id)
    before = {"conditions": found.conditions, "report_due_days": found.report_due_days} if found else None
    if found is None:
        found = DecisionDefaults(round_id=round_.id)
        db.session.add(found)
    found.conditions, found.report_due_days = conditions, report_due_days
    audit.log("decision_defaults.saved", round_, actor=actor, before=before,
              after={"conditions": conditions, "report_due_days": report_due_days})
    return found
