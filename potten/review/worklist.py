"""The reviewer's work list, a page at a time: what is to do, and what is done."""
from sqlalchemy import or_, select
from sqlalchemy.orm import lazyload, load_only

from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.core.paging import RowPagination
from potten.extensions import db
from potten.review.models import SUBMITTED, ConflictDeclaration, Review, ReviewAssignment

PER_PAGE = 50


def _assigned(user):
    return (select(ReviewAssignment, Application, Review)
            .options(load_only(Application.id, Application.title, Application.case_number, Application.status),
                     load_only(ReviewAssignment.id, ReviewAssignment.due_on),
                     load_only(Review.id, Review.status, Review.submitted_at),
                     lazyload(Review.scores))  # the list shows neither the text nor the scores
            .join(Application, Application.id == ReviewAssignment.application_id)
            .outerjoin(Review, (Review.application_id == Application.id) & (Review.reviewer_id == user.id))
            .where(ReviewAssignment.reviewer_id == user.id))


def _page(stmt, page: int) -> RowPagination:
    return RowPagination(select=stmt, session=db.session, page=page, per_page=PER_PAGE, error_out=False)


def to_do(user, page: int = 1) -> RowPagination:
    """Assigned, not yet submitted and not withdrawn: the earliest due first (no due date last)."""
    stmt = _assigned(user).where(or_(Review.id.is_(None), Review.status != SUBMITTED),
                                 Application.status != Status.WITHDRAWN)
    return _page(stmt.order_by(ReviewAssignment.due_on.is_(None), ReviewAssignment.due_on, Application.id), page)


def done(user, page: int = 1) -> RowPagination:
    """Submitted reviews, the latest first."""
    stmt = _assigned(user).where(Review.status == SUBMITTED)
    return _page(stmt.order_by(Review.submitted_at.desc(), Application.id), page)


def declarations(user, rows) -> dict[int, bool]:
    """``application id → has_conflict`` of ``user``'s declarations on the applications of ``rows``."""
    ids = {row.Application.id for row in rows}
    if not ids:
        return {}
    return dict(db.session.execute(select(ConflictDeclaration.application_id, ConflictDeclaration.has_conflict)
                                   .where(ConflictDeclaration.user_id == user.id,
                                          ConflictDeclaration.application_id.in_(ids))).all())
