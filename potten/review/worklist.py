"""The reviewer's work list, a page at a time: what is to do, and what is done."""
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import lazyload, load_only

from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.core.paging import RowPagination, rows_page
from potten.extensions import db
from potten.review.models import SUBMITTED, ConflictDeclaration, Review, ReviewAssignment

PER_PAGE = 25  # rows a page, as the other staff lists


def _assigned(user):
    return (select(ReviewAssignment, Application, Review)
            .options(load_only(Application.id, Application.title, Application.case_number, Application.status),
                     load_only(ReviewAssignment.id, ReviewAssignment.due_on),
                     load_only(Review.id, Review.status, Review.submitted_at),
                     lazyload(Review.scores))  # the list shows neither the text nor the scores
            .join(Application, Application.id == ReviewAssignment.application_id)
            .outerjoin(Review, (Review.application_id == Application.id) & (Review.reviewer_id == user.id))
            .where(ReviewAssignment.reviewer_id == user.id))


def _to_do():
    """Assigned, not yet submitted and not withdrawn."""
    return and_(or_(Review.id.is_(None), Review.status != SUBMITTED), Application.status != Status.WITHDRAWN)


def _done():
    return Review.status == SUBMITTED


def counts(user) -> tuple[int, int]:
    """How many of ``user``'s assignments are to do, and how many done: both lists counted in one statement."""
    stmt = _assigned(user).with_only_columns(func.count(case((_to_do(), 1))), func.count(case((_done(), 1))))
    to_do_total, done_total = db.session.execute(stmt).one()
    return to_do_total, done_total


def to_do(user, page: int = 1, total: int | None = None) -> RowPagination:
    """The earliest due first (no due date last); each row with ``conflict``: the user's declaration on the
    application (True: a conflict, False: none, None: not declared yet)."""
    stmt = (_assigned(user).add_columns(ConflictDeclaration.has_conflict.label("conflict"))
            .outerjoin(ConflictDeclaration, (ConflictDeclaration.application_id == Application.id)
                       & (ConflictDeclaration.user_id == user.id))
            .where(_to_do()))
    return rows_page(stmt.order_by(ReviewAssignment.due_on.is_(None), ReviewAssignment.due_on, Application.id),
                     page, PER_PAGE, total)


def done(user, page: int = 1, total: int | None = None) -> RowPagination:
    """Submitted reviews, the latest first."""
    stmt = _assigned(user).where(_done())
    return rows_page(stmt.order_by(Review.submitted_at.desc(), Application.id), page, PER_PAGE, total)
