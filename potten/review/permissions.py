"""Who may do what with an application on the staff side (deny by default).

The rules of habilitet: a person who is a party (the applicant, or a member of the
applying organisation) is blocked without being asked; everyone else declares for
each application before they see its scores or act on it, and a declared conflict
blocks them from scoring, seeing reviews, the ranking row and the decision.
"""
from sqlalchemy import select

from potten.applications.models import BARRED_BY
from potten.applications.workflow import REVIEWABLE, Status
from potten.core.roles import Role
from potten.extensions import db
from potten.review.models import SUBMITTED, ConflictDeclaration, Review, ReviewAssignment

MANAGERS = (Role.DECISION_MAKER, Role.ADMIN)


def is_party(user, application) -> bool:
    """The applicant, or a member of the applying organisation: always in conflict."""
    return application.is_own(user)


def declaration(user, application) -> ConflictDeclaration | None:
    return db.session.scalar(select(ConflictDeclaration).where(
        ConflictDeclaration.application_id == application.id, ConflictDeclaration.user_id == user.id))


def assignment(user, application) -> ReviewAssignment | None:
    return db.session.scalar(select(ReviewAssignment).where(
        ReviewAssignment.application_id == application.id, ReviewAssignment.reviewer_id == user.id))


def own_review(user, application) -> Review | None:
    return db.session.scalar(select(Review).where(
        Review.application_id == application.id, Review.reviewer_id == user.id))


def has_conflict(user, application) -> bool:
    if is_party(user, application):
        return True
    found = declaration(user, application)
    return found is not None and found.has_conflict


def declared_conflict(user, application) -> bool:
    """Has declared a conflict of interest for this application."""
    if not getattr(user, "is_authenticated", False):
        return False
    found = declaration(user, application)
    return found is not None and found.has_conflict


BARRED_BY.append(declared_conflict)


def is_cleared(user, application) -> bool:
    """Declared "no conflict" and not a party."""
    if is_party(user, application):
        return False
    found = declaration(user, application)
    return found is not None and not found.has_conflict


def is_manager(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_role(*MANAGERS)


def can_open(user, application) -> bool:
    """The staff page of an application: managers, and reviewers it is assigned to; never a party."""
    if not getattr(user, "is_authenticated", False) or application.status == Status.DRAFT:
        return False
    if is_party(user, application):
        return False
    if is_manager(user):
        return True
    return user.has_role(Role.REVIEWER) and assignment(user, application) is not None


def can_declare(user, application) -> bool:
    return can_open(user, application) and declaration(user, application) is None


def can_score(user, application) -> bool:
    return (user.has_role(Role.REVIEWER) and can_open(user, application)
            and assignment(user, application) is not None and is_cleared(user, application))


def may_edit_review(user, application) -> bool:
    """Scoring is open while the application is in review and the reviewer has not submitted."""
    review = own_review(user, application)
    return (can_score(user, application) and Status(application.status) in REVIEWABLE
            and (review is None or not review.is_submitted))


def can_see_reviews(user, application) -> bool:
    """Others' reviews: a cleared manager, or a cleared reviewer once their own review is submitted."""
    if not can_open(user, application) or not is_cleared(user, application):
        return False
    if is_manager(user):
        return True
    review = own_review(user, application)
    return review is not None and review.status == SUBMITTED


def can_decide(user, application) -> bool:
    return (getattr(user, "is_authenticated", False) and user.has_role(Role.DECISION_MAKER)
            and can_open(user, application) and is_cleared(user, application))


def can_ask(user, application) -> bool:
    """Ask the applicant for more information: a cleared reviewer of it, or a cleared manager."""
    if not is_cleared(user, application):
        return False
    return is_manager(user) or can_score(user, application)


def can_assign(user, application) -> bool:
    return is_manager(user) and can_open(user, application) and not has_conflict(user, application)


def load(application_id: int):
    """The application, if the current user may open its staff page; 404 otherwise."""
    from flask import abort
    from flask_login import current_user

    from potten.applications.models import Application

    application = db.session.get(Application, application_id)
    if application is None or not can_open(current_user, application):
        abort(404)
    return application
