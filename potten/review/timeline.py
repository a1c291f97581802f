"""What the staff page of an application shows, as the viewer may see it."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from potten.applications.workflow import REVIEWABLE, Status
from potten.core.audit import AuditEntry
from potten.core.i18n import lazy_gettext as _l
from potten.decisions.models import Appeal, Decision
from potten.extensions import db
from potten.review import permissions
from potten.review.models import SUBMITTED, ConflictDeclaration, InfoRequest, Review, ReviewAssignment

ACTIONS = {
    "application.status_changed": _l("Status changed"),
    "review.assigned": _l("Reviewer assigned"),
    "review.unassigned": _l("Reviewer removed"),
    "conflict.declared": _l("Conflict of interest declared"),
    "review.saved": _l("Review draft saved"),
    "review.submitted": _l("Review submitted"),
    "review.info_requested": _l("More information requested"),
    "review.info_answered": _l("The applicant answered"),
    "decision.made": _l("Decision made"),
    "appeal.filed": _l("Appeal filed"),
    "appeal.forwarded": _l("Appeal sent to the appeals board"),
    "appeal.board_outcome": _l("The appeals board's outcome recorded"),
}


def timeline(application) -> list[dict]:
    """The application's history from the audit log. Only what changed state is shown, never
    scores (the figures are in the reviews, which have their own rules)."""
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.application_id == application.id)
                                 .options(joinedload(AuditEntry.actor))
                                 .order_by(AuditEntry.at, AuditEntry.id)).all()
    out = []
    for e in entries:
        label = ACTIONS.get(e.action, e.action)
        detail = ""
        if e.action == "application.status_changed" and e.before and e.after:
            detail = f"{Status(e.before['status']).label} → {Status(e.after['status']).label}"
        elif e.action == "conflict.declared" and e.after:
            detail = str(_l("conflict")) if e.after.get("has_conflict") else str(_l("no conflict"))
        out.append({"at": e.at, "label": str(label), "detail": detail, "actor": e.actor.name if e.actor else "–"})
    return out


def page_context(application, user) -> dict:
    """Everything the staff page needs, with each part only if ``user`` may see it. Until they have declared
    no conflict of interest, a person sees only the title, the applicant and the organisation (habilitet:
    they must be able to tell whether they are in conflict, and nothing more)."""
    mine = permissions.declaration(user, application)
    cleared = permissions.is_cleared(user, application)
    manager = permissions.is_manager(user)
    see_reviews = permissions.can_see_reviews(user, application)
    reviews = db.session.scalars(select(Review).options(selectinload(Review.reviewer))
                                 .where(Review.application_id == application.id, Review.status == SUBMITTED)
                                 .order_by(Review.id)).all() if see_reviews else []
    return {
        "application": application,
        "declaration": mine,
        "cleared": cleared,
        "manager": manager,
        "own_review": permissions.own_review(user, application),
        "assignment": permissions.assignment(user, application),
        "can_score": permissions.can_score(user, application),
        "may_edit_review": permissions.may_edit_review(user, application),
        "can_see_reviews": see_reviews,
        "can_decide": permissions.can_decide(user, application),
        "can_ask": permissions.can_ask(user, application) and Status(application.status) in REVIEWABLE,
        "can_assign": permissions.can_assign(user, application),
        "reviews": reviews,
        "criteria": application.round.criteria,
        "declarations": db.session.scalars(select(ConflictDeclaration).options(selectinload(ConflictDeclaration.user))
                                           .where(ConflictDeclaration.application_id == application.id)
                                           .order_by(ConflictDeclaration.id)).all()
        if manager and cleared else [],
        "assignments": db.session.scalars(select(ReviewAssignment).options(selectinload(ReviewAssignment.reviewer))
                                          .where(ReviewAssignment.application_id == application.id)
                                          .order_by(ReviewAssignment.id)).all()
        if manager and cleared else [],
        "questions": db.session.scalars(select(InfoRequest).where(
            InfoRequest.application_id == application.id).order_by(InfoRequest.id)).all() if cleared else [],
        "decisions": db.session.scalars(select(Decision).where(
            Decision.application_id == application.id).order_by(Decision.id.desc())).all()
        if cleared and manager else [],
        "appeals": db.session.scalars(select(Appeal).where(
            Appeal.application_id == application.id).order_by(Appeal.id.desc())).all()
        if cleared and manager else [],
        "timeline": timeline(application) if cleared else [],
    }
