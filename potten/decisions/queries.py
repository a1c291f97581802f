"""Read-only queries for the decision makers' overview: a fixed number of statements, however many rows."""
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from potten.applications.models import Application
from potten.decisions.models import BOARD_CHANGED, FILED, FORWARDED, Appeal, BudgetMove
from potten.extensions import db
from potten.review.models import ConflictDeclaration

MOVES_SHOWN = 20


def open_appeals(user) -> list[Appeal]:
    """Appeals waiting for a decision maker or the board, oldest first, without those ``user`` may not
    handle (a party to the application, or a declared conflict): one statement."""
    conflicted = select(ConflictDeclaration.application_id).where(
        ConflictDeclaration.user_id == user.id, ConflictDeclaration.has_conflict.is_(True))
    appeals = db.session.scalars(
        select(Appeal).where(or_(Appeal.state.in_([FILED, FORWARDED]),  # the board's decision is recorded last
                                 and_(Appeal.state == BOARD_CHANGED, Appeal.board_decision_id.is_(None))),
                             Appeal.application_id.not_in(conflicted))
        .options(joinedload(Appeal.application).joinedload(Application.organisation))
        .order_by(Appeal.filed_at, Appeal.id)).all()
    return [a for a in appeals if not a.application.is_own(user)]


def recent_moves() -> list[BudgetMove]:
    """The latest budget moves, with who moved them and between which focus areas."""
    return list(db.session.scalars(
        select(BudgetMove).options(joinedload(BudgetMove.moved_by).lazyload("*"),  # the name: not roles nor orgs
                                   joinedload(BudgetMove.from_area),
                                   joinedload(BudgetMove.to_area))
        .order_by(BudgetMove.moved_at.desc(), BudgetMove.id.desc()).limit(MOVES_SHOWN)).unique())
