"""What the staff page of an application shows, as the viewer may see it."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from potten.accounts.models import named
from potten.applications.workflow import REVIEWABLE, Status
from potten.core.audit import AuditEntry
from potten.core.audit_words import action_label
from potten.core.i18n import lazy_gettext as _l
from potten.extensions import db
from potten.review import permissions
from potten.review.models import SUBMITTED, ConflictDeclaration, InfoRequest, Review, ReviewAssignment

SECTIONS: list = []  # what higher layers add to the page: see ``section``


def section(add):
    """Register ``add(application, user, cleared=, manager=) -> dict``, the part of the staff page a higher
    layer shows (the decisions and appeals, from ``potten.decisions``): the review package never imports it."""
    SECTIONS.append(add)
    return add


def timeline(application) -> list[dict]:
    """The application's history from the audit log. Only what changed state is shown, never
    scores (the figures are in the reviews, which have their own rules)."""
    entries = db.session.scalars(select(AuditEntry).options(named(AuditEntry.actor))
                                 .where(AuditEntry.application_id == application.id)
                                 .order_by(AuditEntry.at, AuditEntry.id)).all()
    out = []
    for e in entries:
        label = action_label(e.action)
        detail = ""
        if e.action == "application.status_changed" and e.before and e.after:
            detail = f"{Status(e.before['status']).label} → {Status(e.after['status']).label}"
        elif e.action == "conflict.declared" and e.after:
            detail = str(_l("conflict")) if e.after.get("has_conflict") else str(_l("no conflict"))
        out.append({"at": e.at, "label": str(label), "detail": detail, "actor": e.actor.name if e.actor else "–"})
    return out


def submitted_reviews(application) -> list[Review]:
    """The application's submitted reviews, oldest first (who may see them is the caller's check)."""
    return list(db.session.scalars(select(Review).options(named(Review.reviewer), joinedload(Review.scores))
                                   .where(Review.application_id == application.id, Review.status == SUBMITTED)
                                   .order_by(Review.id)).unique())


def page_context(application, user) -> dict:
    """Everything the staff page needs, with each part only if ``user`` may see it. Until they have declared
    no conflict of interest, a person sees only the title, the applicant and the organisation (habilitet:
    they must be able to tell whether they are in conflict, and nothing more). Its statements
    do not grow with the page: the viewer's standing is read once, and the people named on the page
    are loaded with their rows."""
    standing = permissions.standing(user, application)
    cleared, manager, see_reviews = standing.cleared, standing.manager, standing.can_see_reviews
    reviews = submitted_reviews(application) if see_reviews else []
    context = {
        "application": application,
        "declaration": standing.declaration,
        "cleared": cleared,
        "manager": manager,
        "own_review": standing.own_review,
        "assignment": standing.assignment,
        "can_score": standing.can_score,
        "may_edit_review": standing.may_edit_review,
        "can_see_reviews": see_reviews,
        "can_decide": standing.can_decide,
        "can_ask": standing.can_ask and Status(application.status) in REVIEWABLE,
        "can_assign": standing.can_assign,
        "reviews": reviews,
        "criteria": application.round.criteria if see_reviews else [],
        "declarations": db.session.scalars(select(ConflictDeclaration).options(named(ConflictDeclaration.user))
                                           .where(ConflictDeclaration.application_id == application.id)
                                           .order_by(ConflictDeclaration.id)).all()
        if manager and cleared else [],
        "assignments": db.session.scalars(select(ReviewAssignment).options(named(ReviewAssignment.reviewer))
                                          .where(ReviewAssignment.application_id == application.id)
                                          .order_by(ReviewAssignment.id)).all()
        if manager and cleared else [],
        "questions": db.session.scalars(select(InfoRequest).where(
            InfoRequest.application_id == application.id).order_by(InfoRequest.id)).all() if cleared else [],
        "timeline": timeline(application) if cleared else [],
    }
    for add in SECTIONS:
        context.update(add(application, user, cleared=cleared, manager=manager))
    return context
