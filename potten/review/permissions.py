"""Who may do what with an application on the staff side (deny by default).

The rules of habilitet: a person who is a party (the applicant, or a member of the
applying organisation) is blocked without being asked; everyone else declares for
each application before they see more than its title, applicant and organisation. A declared
conflict makes the application as unknown to them as to any stranger: every staff URL of it answers
404, the lists show no title of it, and only the managers who are not in conflict see the declaration.
"""
from sqlalchemy import and_, event, select
from sqlalchemy.orm import Session, joinedload, lazyload

from potten.accounts.models import named
from potten.applications.models import BARRED_BY, Application
from potten.applications.workflow import REVIEWABLE, Status
from potten.core.roles import Role
from potten.extensions import db
from potten.review.models import SUBMITTED, ConflictDeclaration, Review, ReviewAssignment

MANAGERS = (Role.DECISION_MAKER, Role.ADMIN)


def _with_standing(user, *entities):
    """``entities`` and the person's declaration, assignment and own review, selected from ``Application``
    (its review's scores only when asked for: most pages show none)."""
    return (select(*entities, ConflictDeclaration, ReviewAssignment, Review).select_from(Application)
            .outerjoin(ConflictDeclaration, and_(ConflictDeclaration.application_id == Application.id,
                                                 ConflictDeclaration.user_id == user.id))
            .outerjoin(ReviewAssignment, and_(ReviewAssignment.application_id == Application.id,
                                              ReviewAssignment.reviewer_id == user.id))
            .outerjoin(Review, and_(Review.application_id == Application.id, Review.reviewer_id == user.id))
            .options(lazyload(Review.scores)))


class Standing:
    """What one person is to one application, read from the database once (their declaration,
    assignment and own review, in one statement): every rule of this module is a property of it.
    A page that asks many questions builds one (``standing``); the functions below answer one
    question each for the operations."""

    __slots__ = ("user", "application", "declaration", "assignment", "own_review")

    def __init__(self, user, application, found: tuple | None = None):
        """``found``: the (declaration, assignment, own review) already read with the application (``read``)."""
        self.user, self.application = user, application
        self.declaration = self.assignment = self.own_review = None
        if found is not None:
            self.declaration, self.assignment, self.own_review = found
        elif getattr(user, "is_authenticated", False) and application.id is not None:
            row = db.session.execute(_with_standing(user).where(Application.id == application.id)).one_or_none()
            if row is not None:
                self.declaration, self.assignment, self.own_review = row

    @property
    def authenticated(self) -> bool:
        return getattr(self.user, "is_authenticated", False)

    @property
    def party(self) -> bool:
        """The applicant, or a member of the applying organisation: always in conflict."""
        return self.application.is_own(self.user)

    @property
    def conflict(self) -> bool:
        return self.party or self.declared_conflict

    @property
    def declared_conflict(self) -> bool:
        """Has declared a conflict of interest for this application (a party need not declare)."""
        return self.declaration is not None and self.declaration.has_conflict

    @property
    def cleared(self) -> bool:
        """Declared "no conflict" and not a party."""
        return not self.party and self.declaration is not None and not self.declaration.has_conflict

    @property
    def manager(self) -> bool:
        return is_manager(self.user)

    @property
    def can_open(self) -> bool:
        """The staff page of an application: managers, and reviewers it is assigned to; never a party, and
        never after declaring a conflict (then the application is as unknown to them as to a stranger)."""
        if not self.authenticated or self.application.status == Status.DRAFT or self.conflict:
            return False
        return self.manager or (self.user.has_role(Role.REVIEWER) and self.assignment is not None)

    @property
    def can_declare(self) -> bool:
        return self.can_open and self.declaration is None

    @property
    def can_score(self) -> bool:
        return (self.user.has_role(Role.REVIEWER) and self.can_open and self.assignment is not None
                and self.cleared)

    @property
    def may_edit_review(self) -> bool:
        """Scoring is open while the application is in review and the reviewer has not submitted."""
        review = self.own_review
        return (self.can_score and Status(self.application.status) in REVIEWABLE
                and (review is None or not review.is_submitted))

    @property
    def can_see_reviews(self) -> bool:
        """Others' reviews: a cleared manager, or a cleared reviewer once their own review is submitted."""
        if not self.can_open or not self.cleared:
            return False
        return self.manager or (self.own_review is not None and self.own_review.status == SUBMITTED)

    @property
    def can_decide(self) -> bool:
        return (self.authenticated and self.user.has_role(Role.DECISION_MAKER) and self.can_open
                and self.cleared)

    @property
    def can_ask(self) -> bool:
        """Ask the applicant for more information: a cleared reviewer of it, or a cleared manager."""
        return self.cleared and (self.manager or self.can_score)

    @property
    def can_assign(self) -> bool:
        return self.manager and self.can_open and not self.conflict


KEPT = "review_standings"  # in Session.info: the standings read since the session last wrote anything


def standing(user, application) -> Standing:
    """Everything ``user`` may do with ``application``, read once: kept in the session until it writes
    anything or its transaction ends, so a page that checks access and then asks every question reads
    the person's declaration, assignment and review once."""
    if not getattr(user, "is_authenticated", False) or application.id is None:
        return Standing(user, application)
    kept = db.session.info.setdefault(KEPT, {})
    key = (user.id, application.id)
    found = kept.get(key)
    if found is None or found.user is not user or found.application is not application:
        found = kept[key] = Standing(user, application)
    return found


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_transaction_end")
def _forget(session, *_) -> None:
    session.info.pop(KEPT, None)


@event.listens_for(Session, "do_orm_execute")
def _forget_on_write(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info.pop(KEPT, None)


def is_party(user, application) -> bool:
    """The applicant, or a member of the applying organisation: always in conflict."""
    return application.is_own(user)


def is_manager(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_role(*MANAGERS)


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
    return is_party(user, application) or standing(user, application).conflict


def declared_conflict(user, application) -> bool:
    """Has declared a conflict of interest for this application."""
    return getattr(user, "is_authenticated", False) and standing(user, application).declared_conflict


BARRED_BY.append(declared_conflict)


def is_cleared(user, application) -> bool:
    return standing(user, application).cleared


def can_open(user, application) -> bool:
    return standing(user, application).can_open


def can_declare(user, application) -> bool:
    return standing(user, application).can_declare


def can_score(user, application) -> bool:
    return standing(user, application).can_score


def may_edit_review(user, application) -> bool:
    return standing(user, application).may_edit_review


def can_see_reviews(user, application) -> bool:
    return standing(user, application).can_see_reviews


def can_decide(user, application) -> bool:
    return standing(user, application).can_decide


def can_ask(user, application) -> bool:
    return standing(user, application).can_ask


def can_assign(user, application) -> bool:
    return standing(user, application).can_assign


def read(user, application_id: int, options=()) -> Application | None:
    """The application with what every staff page shows around it (its round, focus area, organisation
    and applicant) and ``user``'s standing on it, in one statement; the standing is kept as ``standing``
    keeps it, so the page's questions to it read nothing more. ``options``: loader options for what the
    page shows besides, loaded in the same statement."""
    if not getattr(user, "is_authenticated", False):
        return db.session.get(Application, application_id)
    row = db.session.execute(
        _with_standing(user, Application).where(Application.id == application_id)
        .options(joinedload(Application.round), joinedload(Application.focus_area),
                 joinedload(Application.organisation), named(Application.applicant), *options)).unique().one_or_none()
    if row is None:
        return None
    application, *found = row
    db.session.info.setdefault(KEPT, {})[(user.id, application.id)] = Standing(user, application, tuple(found))
    return application


def load(application_id: int, options=()):
    """The application, if the current user may open its staff page; 404 otherwise. ``options``: as
    ``read``'s."""
    from flask import abort
    from flask_login import current_user

    application = read(current_user, application_id, options)
    if application is None or not can_open(current_user, application):
        abort(404)
    return application
