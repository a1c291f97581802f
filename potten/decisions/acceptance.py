"""The applicant's answer to a grant (aksept av vilkår): accept it, decline it, or let it be accepted
automatically when the round's days have run out. Nothing is paid before a grant is accepted.

Accepting sends ``grant_accepted`` (finance plans the payouts in the same unit of work); declining
gives the money back to the focus area. The answer is one row per decision, added with
``INSERT … ON CONFLICT DO NOTHING``: two answers at the same moment (the applicant and the periodic
task, or two members of an organisation) cannot both count.
"""
from datetime import date, timedelta

from sqlalchemy import select

from potten.applications.workflow import GRANTED, Status, move
from potten.core import audit, periodic, reads
from potten.core.errors import DomainError, IllegalTransition, NotAllowed
from potten.core.i18n import lazy_gettext as _l
from potten.core.rows import insert_unless_present
from potten.core.signals import grant_accepted
from potten.core.time import utc_to_oslo, utcnow
from potten.decisions import budget
from potten.decisions.models import ACCEPTED, AUTOMATIC, BY_APPLICANT, CARRIED_OVER, DECLINED, Decision, GrantAnswer
from potten.extensions import db

ALREADY = _l("The grant has already been answered.")
REASON_MAX = 2000


def answer_to(decision: Decision | None) -> GrantAnswer | None:
    if decision is None:
        return None
    # a grant not yet answered has no row, which the identity map cannot keep: asked once a request
    return reads.once(("grant_answer", decision.id), lambda: db.session.get(GrantAnswer, decision.id))


def answer_due(decision: Decision, days: int | None = None) -> date | None:
    """The last day to answer; after it the grant counts as accepted. None until the letter has gone out."""
    if decision.notified_at is None:
        return None
    days = days if days is not None else decision.application.round.acceptance_days
    return utc_to_oslo(decision.notified_at).date() + timedelta(days=days)


def awaits_answer(decision: Decision | None) -> bool:
    """A grant in force that nobody has answered yet."""
    return (decision is not None and decision.in_force and decision.outcome in GRANTED
            and Status(decision.application.status) in GRANTED and answer_to(decision) is None)


def _check(decision: Decision, actor) -> None:
    if not decision.application.is_own(actor):
        raise NotAllowed(_l("Only the applicant can answer the grant."))
    if answer_to(decision) is not None:
        raise IllegalTransition(ALREADY)
    if not awaits_answer(decision):
        raise IllegalTransition(_l("This decision cannot be answered now."))


def _record(decision: Decision, answer: str, how: str, actor=None, reason: str = "") -> GrantAnswer:
    """Add the answer, or raise if another transaction just did."""
    if not insert_unless_present(GrantAnswer, decision_id=decision.id, application_id=decision.application_id,
                                 answer=answer, how=how, answered_by_id=getattr(actor, "id", None),
                                 reason=reason, answered_at=utcnow()):
        raise IllegalTransition(ALREADY)
    return db.session.get(GrantAnswer, decision.id)


def accept_grant(decision: Decision, actor) -> GrantAnswer:
    """The applicant accepts the grant and its conditions; its payouts are planned in the same step."""
    _check(decision, actor)
    found = _record(decision, ACCEPTED, BY_APPLICANT, actor)
    audit.log("grant.accepted", decision, actor=actor, application=decision.application,
              after={"granted_amount": decision.granted_amount, "how": BY_APPLICANT})
    grant_accepted.send(decision, actor=actor)
    return found


def decline_grant(decision: Decision, reason: str, actor) -> GrantAnswer:
    """The applicant says no to the grant: the money goes back to the focus area's budget."""
    _check(decision, actor)
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise DomainError(_l("Keep it to %(max)d characters or fewer.", max=REASON_MAX), field="reason")
    application = decision.application
    found = _record(decision, DECLINED, BY_APPLICANT, actor, reason)
    move(application, Status.DECLINED, actor)
    audit.log("grant.declined", decision, actor=actor, application=application,
              after={"granted_amount": decision.granted_amount, "reason": reason})
    if application.focus_area_id is not None and decision.granted_amount:
        budget.commit(application.focus_area_id, -decision.granted_amount)
    return found


def carry_over(previous: Decision | None, decision: Decision, actor) -> GrantAnswer | None:
    """A decision that replaces an accepted grant (after an appeal) is accepted as the old one was,
    so the payout plan changes in the same step instead of waiting for a new answer."""
    before = answer_to(previous)
    if before is None or not before.accepted or decision.outcome not in GRANTED:
        return None
    found = GrantAnswer(decision_id=decision.id, application_id=decision.application_id, answer=ACCEPTED,
                        how=CARRIED_OVER, answered_by_id=actor.id, answered_at=utcnow())
    db.session.add(found)
    db.session.flush()
    audit.log("grant.accepted", decision, actor=actor, application=decision.application,
              after={"granted_amount": decision.granted_amount, "how": CARRIED_OVER})
    return found


@periodic.task("accept_grants")
def accept_unanswered(today: date) -> int:
    """Accept every grant whose days to answer ended before ``today`` and that nobody answered."""
    from potten.applications.models import Application
    from potten.rounds.models import Round

    rows = db.session.execute(
        select(Decision, Round.acceptance_days).join(Application, Application.id == Decision.application_id)
        .join(Round, Round.id == Application.round_id)
        .outerjoin(GrantAnswer, GrantAnswer.decision_id == Decision.id)
        .where(Decision.in_force.is_(True), Decision.outcome.in_([s.value for s in GRANTED]),
               Decision.notified_at.is_not(None), Application.status.in_(GRANTED),
               GrantAnswer.decision_id.is_(None))
        .order_by(Decision.id)).all()
    done = 0
    for decision, days in rows:
        if answer_due(decision, days) >= today:
            continue
        if insert_unless_present(GrantAnswer, decision_id=decision.id, application_id=decision.application_id,
                                 answer=ACCEPTED, how=AUTOMATIC, answered_by_id=None, reason="",
                                 answered_at=utcnow()):
            audit.log("grant.accepted", decision, application=decision.application,
                      after={"granted_amount": decision.granted_amount, "how": AUTOMATIC,
                             "answer_due": answer_due(decision, days)})
            grant_accepted.send(decision, actor=None)
            done += 1
    return done
