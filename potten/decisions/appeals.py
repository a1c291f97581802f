"""Appeals (klage): filed by the applicant; changed by the decision maker, or upheld and
sent to the appeals board, whose outcome is recorded later: upheld, changed (the decision
maker then records the board's decision) or sent back to be decided again. Each step the
applicant must be told of sends ``signals.appeal_moved`` (``potten.letters`` writes the letter)."""
from sqlalchemy import select

from potten.applications.operations import application_url
from potten.applications.workflow import Status, check_transition, move
from potten.core import audit, signals
from potten.core.errors import Checklist, DomainError, IllegalTransition, NotAllowed
from potten.core.i18n import lazy_gettext as _l
from potten.core.mail import send_mail
from potten.core.time import utc_to_oslo, utcnow
from potten.decisions.models import BOARD_CHANGED, BOARD_SENT_BACK, BOARD_UPHELD, FILED, FORWARDED, Appeal
from potten.decisions.operations import current_decision, is_final
from potten.extensions import db
from potten.review import permissions


def file_appeal(application, text: str, actor) -> Appeal:
    """The applicant appeals the decision in force. After the three weeks it is still
    accepted, but flagged as late for the decision maker to consider."""
    if not application.is_own(actor):
        raise NotAllowed(_l("Only the applicant can appeal."))
    text = (text or "").strip()
    check_transition(Status(application.status), Status.APPEALED)
    if not text:
        raise DomainError(_l("Write what you disagree with, and why."), field="text")
    decision = current_decision(application)
    if decision is None:
        raise IllegalTransition(_l("There is no decision to appeal yet."))
    if db.session.scalar(select(Appeal.id).where(Appeal.decision_id == decision.id)) is not None:
        raise IllegalTransition(_l("This decision has already been appealed."))
    if is_final(decision):
        raise IllegalTransition(_l("This decision is final: the appeals board has decided, and its decision "
                                   "cannot be appealed."))
    late = utc_to_oslo(utcnow()).date() > decision.appeal_deadline
    move(application, Status.APPEALED, actor)
    appeal = Appeal(application_id=application.id, decision_id=decision.id, text=text, filed_by_id=actor.id,
                    late=late)
    db.session.add(appeal)
    audit.log("appeal.filed", appeal, actor=actor, application=application,
              after={"decision_id": decision.id, "late": late, "deadline": decision.appeal_deadline})
    people = [application.applicant] + ([actor] if actor.id != application.applicant_id else [])
    for person in people:  # a receipt, as for the application (forvaltningsloven § 11 a: say when to expect an answer)
        send_mail(person.email, "appeal_received", person.locale, name=person.name, application=application,
                  text=text, late=late, deadline=decision.appeal_deadline, url=application_url(application))
    return appeal


def _check_handler(appeal: Appeal, actor, state: str) -> None:
    if not permissions.can_decide(actor, appeal.application):
        raise NotAllowed(_l("You cannot handle this appeal."))
    if appeal.state != state:
        raise IllegalTransition(_l("This appeal is “%(state)s” and cannot be handled that way now.",
                                   state=appeal.state_label))


def forward_appeal(appeal: Appeal, note: str, actor) -> None:
    """Uphold the decision and send the case to the appeals board."""
    _check_handler(appeal, actor, FILED)
    note = (note or "").strip()
    if not note:
        raise DomainError(_l("Write why you uphold the decision; the appeals board reads it."), field="note")
    move(appeal.application, Status.APPEAL_FORWARDED, actor)
    appeal.state, appeal.note, appeal.handled_by_id, appeal.handled_at = FORWARDED, note, actor.id, utcnow()
    audit.log("appeal.forwarded", appeal, actor=actor, application=appeal.application, after={"note": note})
    signals.appeal_moved.send(appeal, actor=actor)


BOARD_OUTCOMES = {"upheld": BOARD_UPHELD, "changed": BOARD_CHANGED, "sent_back": BOARD_SENT_BACK}


def record_board_outcome(appeal: Appeal, outcome: str, note: str, actor) -> None:
    """Record what the appeals board decided, with its reasons (``note``): ``upheld`` (the
    decision stands, final), ``changed`` (the decision maker records the board's decision
    next) or ``sent_back`` (the case is decided again, and that decision may be appealed)."""
    _check_handler(appeal, actor, FORWARDED)
    note = (note or "").strip()
    checks = Checklist()  # every problem of the form at once
    if outcome not in BOARD_OUTCOMES:
        checks.add(_l("Choose the board's outcome."), "upheld")
    if not note:
        checks.add(_l("Write what the appeals board decided."), "board_note")
    checks.raise_if_any()
    application = appeal.application
    if outcome == "upheld":
        standing = current_decision(application)
        move(application, Status(standing.outcome), actor, appeals_board="upheld")
    elif outcome == "sent_back":
        move(application, Status.IN_REVIEW, actor, appeals_board="sent_back")
    appeal.state = BOARD_OUTCOMES[outcome]
    appeal.board_note, appeal.board_recorded_at = note, utcnow()
    audit.log("appeal.board_outcome", appeal, actor=actor, application=application,
              after={"outcome": outcome, "note": note})
    if outcome != "changed":  # a changed decision is told with the board's decision itself
        signals.appeal_moved.send(appeal, actor=actor)
