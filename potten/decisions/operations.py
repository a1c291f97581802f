"""Decisions: decide within the focus area's budget, with reasons and conditions.

Operations check the rules, change rows, write the audit entry and flush; the caller commits.
"""
from datetime import date, timedelta

from sqlalchemy import and_, or_, select

from potten.accounts.models import named
from potten.applications.workflow import DECIDED, GRANTED, Status, check_transition, move
from potten.core import audit, reads, signals
from potten.core.errors import Checklist, DomainError, IllegalTransition, NotAllowed
from potten.core.i18n import lazy_gettext as _l
from potten.core.time import utc_to_oslo, utcnow
from potten.decisions import acceptance, budget
from potten.decisions.models import (
    BOARD_CHANGED,
    BOARD_STATES,
    CHANGED,
    FILED,
    FORWARDED,
    Appeal,
    Decision,
    DecisionDefaults,
    StandardReason,
)
from potten.extensions import db
from potten.review import permissions

AFTER_APPEAL = (Status.APPEALED, Status.APPEAL_FORWARDED)
REASONS_REQUIRED = (Status.PARTLY_APPROVED, Status.REJECTED)  # forvaltningsloven § 24: reasons for what is refused


def current_decision(application) -> Decision | None:
    """The decision in force: the newest one (with who made it, by name). Asked once a request while nothing
    is written (``potten.core.reads``): the application page asks for it from three areas."""
    return reads.once(("current_decision", application.id), lambda: db.session.scalar(
        select(Decision).options(named(Decision.decided_by))
        .where(Decision.application_id == application.id).order_by(Decision.id.desc()).limit(1)))


def open_appeal(application) -> Appeal | None:
    """The appeal waiting for a (new) decision, if any: one just filed, or one whose
    decision the appeals board changed (the decision maker records the board's decision)."""
    return db.session.scalar(select(Appeal).where(
        Appeal.application_id == application.id,
        or_(and_(Appeal.state == FILED, Appeal.new_decision_id.is_(None)),
            and_(Appeal.state == BOARD_CHANGED, Appeal.board_decision_id.is_(None))))
        .order_by(Appeal.id.desc()).limit(1))


def is_final(decision: Decision | None) -> bool:
    """True when ``decision`` cannot be appealed (again): the appeals board made or upheld it,
    or it was already appealed (forvaltningsloven § 28 third paragraph)."""
    if decision is None:
        return False
    if decision.by_board:
        return True
    return db.session.scalar(select(Appeal.id).where(or_(
        Appeal.decision_id == decision.id,
        and_(Appeal.new_decision_id == decision.id, Appeal.state.in_([FORWARDED, *BOARD_STATES])))).limit(1)) \
        is not None


def can_appeal(application, decision: Decision | None = None) -> bool:
    """Whether the applicant may appeal the decision in force now."""
    decision = decision if decision is not None else current_decision(application)
    return (Status(application.status) in DECIDED and decision is not None and not is_final(decision))


def defaults_for(round_) -> DecisionDefaults:
    """The round's defaults for grant conditions (the built-in ones until the admin sets them)."""
    found = db.session.get(DecisionDefaults, round_.id)
    return found or DecisionDefaults(round_id=round_.id, conditions=DecisionDefaults.conditions.default.arg,
                                     conditions_en=DecisionDefaults.conditions_en.default.arg)


def default_report_due(application, decided_at=None) -> date:
    """The final report is due the round's number of days after the project ends, or after the day of
    the decision (``decided_at``, by default now) when the project ended before it or has no end date."""
    decided_day = utc_to_oslo(decided_at or utcnow()).date()
    ends = max(application.end_date or decided_day, decided_day)
    return ends + timedelta(days=application.round.report_days)


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
           standard_reasons: list, conditions: str, report_due: date | None, actor) -> Decision:
    """Approve in full, approve a part, or reject ``application``.

    ``standard_reasons``: the chosen ``StandardReason`` rows (or their texts as
    ``{"nb": …, "en": …}``), kept in both languages so the letter speaks the applicant's.
    ``conditions``: special conditions only, if any; the round's general conditions are
    kept with every grant in both languages.

    After an appeal (§ 33): a new decision that does not give all that was asked sends the
    rest of the appeal on to the appeals board. When the board has changed the decision,
    this records the board's decision (final, § 28). The grant is committed against the
    focus area's remaining budget in the same unit of work (the old grant is released in
    the same step), and the letter is issued with it. Raises ``budget.NotEnoughLeft`` if the
    grant no longer fits. A decision that replaces an accepted grant is accepted as that one
    was, and sends ``decision_made``: the letter is issued (potten.letters) and the payout
    plan changes (potten.finance) in the same step.
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
    checks = Checklist()  # every problem of the form at once
    try:
        amount = granted_for(outcome, application.requested_amount or 0, granted_amount)
    except DomainError as exc:
        checks.add(exc.message, exc.field)
    reasons = (reasons or "").strip()
    standard_reasons = [r.texts if isinstance(r, StandardReason) else r for r in standard_reasons or [] if r]
    if outcome in REASONS_REQUIRED and not (reasons or standard_reasons):
        checks.add(_l("Give the reasons: choose a standard reason or write your own."), "reasons")
    by_board = appeal is not None and appeal.state == BOARD_CHANGED
    if by_board and not reasons:
        checks.add(_l("Write the appeals board's reasons: the letter gives them as the board's."), "reasons")
    conditions = (conditions or "").strip()
    general = None
    if outcome in GRANTED:
        if report_due is None:
            checks.add(_l("Enter the due date of the final report."), "report_due")
        if application.focus_area_id is None:
            checks.add(_l("The application has no focus area, so there is no budget to grant from."))
        defaults = defaults_for(application.round)
        general = {"nb": defaults.conditions, "en": defaults.conditions_en}
    checks.raise_if_any()
    previous = current_decision(application)
    released = previous.granted_amount if previous is not None else 0
    move(application, outcome, actor, granted_amount=amount)
    decision = Decision(
        application_id=application.id, outcome=outcome.value, requested_amount=application.requested_amount or 0,
        granted_amount=amount, reasons=reasons, standard_reasons=standard_reasons,
        conditions=conditions if outcome in GRANTED else "", general_conditions=general,
        report_due=report_due if outcome in GRANTED else None, after_appeal=appeal is not None, by_board=by_board,
        supersedes_id=previous.id if previous else None, decided_by_id=actor.id)
    if previous is not None:
        previous.in_force = False
    db.session.add(decision)
    db.session.flush()
    if by_board:
        appeal.board_decision_id = decision.id
    elif appeal is not None:
        appeal.new_decision_id, appeal.handled_by_id, appeal.handled_at = decision.id, actor.id, utcnow()
        if outcome == Status.APPROVED:
            appeal.state = CHANGED
        else:  # the applicant did not get all they asked: the rest goes to the appeals board (§ 33)
            appeal.state = FORWARDED
            appeal.note = appeal.note or reasons or "; ".join(r.get("nb", "") for r in standard_reasons)
            move(application, Status.APPEAL_FORWARDED, actor, appeal_id=appeal.id)
    audit.log("decision.made", decision, actor=actor, application=application,
              before={"granted_amount": released, "decision_id": previous.id if previous else None},
              after={"outcome": outcome, "granted_amount": amount, "reasons": reasons,
                     "standard_reasons": standard_reasons, "conditions": decision.conditions,
                     "report_due": decision.report_due, "after_appeal": decision.after_appeal,
                     "by_board": by_board, "appeal_state": appeal.state if appeal is not None else None})
    acceptance.carry_over(previous, decision, actor)
    # the letter (potten.letters) and the payout plan (potten.finance), in this unit of work
    signals.decision_made.send(decision, actor=actor, replaces=previous)
    if application.focus_area_id is not None:
        # last, so the focus area's row is locked only from here to the commit
        budget.commit(application.focus_area_id, amount - released)
    return decision


def mark_notified(decision: Decision, when) -> None:
    """The decision reached the applicant at ``when`` (its letter was sent): the appeal
    period runs from here. Only the first notice counts."""
    if decision.notified_at is None:
        decision.notified_at = when


def _reason_texts(text: str, text_en: str | None) -> tuple[str, str]:
    """A standard reason's texts, tidied; both are needed (every missing one is reported)."""
    text, text_en = (text or "").strip(), (text_en or "").strip()
    checks = Checklist()
    if not text:
        checks.add(_l("Write the reason."), "text")
    if not text_en:
        checks.add(_l("Write the reason in English too: letters to applicants who read English use it."), "text_en")
    checks.raise_if_any()
    return text, text_en


def add_standard_reason(text: str, text_en: str | None, actor) -> StandardReason:
    """Add a standard reason the decision makers can choose, in bokmål and English."""
    text, text_en = _reason_texts(text, text_en)
    found = StandardReason(text=text, text_en=text_en)
    db.session.add(found)
    audit.log("standard_reason.added", found, actor=actor, after={"text": text, "text_en": found.text_en})
    return found


def edit_standard_reason(found: StandardReason, text: str, text_en: str, actor) -> None:
    """Change the texts of a standard reason, in bokmål and English. Decisions that used it keep
    the texts they were made with."""
    text, text_en = _reason_texts(text, text_en)
    before = {"text": found.text, "text_en": found.text_en}
    found.text, found.text_en = text, text_en
    audit.log("standard_reason.edited", found, actor=actor, before=before, after={"text": text, "text_en": text_en})


def set_standard_reason_active(found: StandardReason, active: bool, actor) -> None:
    """Retire a standard reason (decisions that used it keep its text), or bring it back."""
    before = found.active
    found.active = active
    audit.log("standard_reason.changed", found, actor=actor, before={"active": before}, after={"active": active})


def save_defaults(round_, conditions: str, conditions_en: str, actor) -> DecisionDefaults:
    """Set the round's general grant conditions (bokmål and English)."""
    conditions, conditions_en = (conditions or "").strip(), (conditions_en or "").strip()
    checks = Checklist()
    if not conditions:
        checks.add(_l("Write the conditions."), "conditions")
    if not conditions_en:
        checks.add(_l("Write the conditions in English too: letters to applicants who read English use them."),
                   "conditions_en")
    checks.raise_if_any()
    found = db.session.get(DecisionDefaults, round_.id)
    before = {"conditions": found.conditions, "conditions_en": found.conditions_en} if found else None
    if found is None:
        found = DecisionDefaults(round_id=round_.id)
        db.session.add(found)
    found.conditions, found.conditions_en = conditions, conditions_en
    audit.log("decision_defaults.saved", round_, actor=actor, before=before,
              after={"conditions": conditions, "conditions_en": conditions_en})
    return found
