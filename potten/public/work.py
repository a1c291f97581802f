"""What waits for each staff role: the lists on the start page ("Mitt arbeid").

Each function returns the first rows of one role's list and whether more wait (a ``Waiting``);
the start page shows those of every role the user holds. Applications the user has declared a conflict
with are left out.
"""
from dataclasses import dataclass

from sqlalchemy import exists, func, select

from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.decisions.models import BOARD_CHANGED, FILED, FORWARDED, Appeal
from potten.extensions import db
from potten.reports.models import FinalReport, ReportStatus
from potten.review.models import SUBMITTED, ConflictDeclaration, Review, ReviewAssignment
from potten.rounds.models import Round

LIMIT = 10  # rows shown per list; the full lists are on the areas' own pages


@dataclass
class Item:
    title: str
    case_number: str | None
    endpoint: str
    args: dict
    note: str = ""
    due: object = None


class Waiting(list):
    """The first ``LIMIT`` items of a list, and (``more``) whether more wait. Counting them all would read
    every waiting application (24 ms at 10 000 applications, against 3 ms for the lists): the areas' own
    pages have the whole lists."""

    def __init__(self, items: list[Item], more: bool):
        super().__init__(items)
        self.more = more


def _first(stmt, item) -> Waiting:
    """The first ``LIMIT`` rows of ``stmt`` made items by ``item``; one row more is read to tell whether more wait."""
    rows = db.session.execute(stmt.limit(LIMIT + 1)).all()
    return Waiting([item(r) for r in rows[:LIMIT]], len(rows) > LIMIT)


def _conflicted(user):
    return select(ConflictDeclaration.application_id).where(
        ConflictDeclaration.user_id == user.id, ConflictDeclaration.has_conflict.is_(True))


def reviews_to_do(user) -> Waiting:
    """The reviewer's assigned applications without a submitted review of theirs (not those they declared a
    conflict on: the reviewer's own work list shows those by case number only)."""
    done = exists().where(Review.application_id == ReviewAssignment.application_id,
                          Review.reviewer_id == user.id, Review.status == SUBMITTED)
    return _first(
        select(Application.id, Application.title, Application.case_number, ReviewAssignment.due_on)
        .join(ReviewAssignment, ReviewAssignment.application_id == Application.id)
        .where(ReviewAssignment.reviewer_id == user.id, ~done, Application.id.not_in(_conflicted(user)),
               Application.status.in_([Status.IN_REVIEW, Status.SUBMITTED, Status.INFO_REQUESTED]))
        .order_by(ReviewAssignment.due_on.is_(None), ReviewAssignment.due_on, Application.id),
        lambda r: Item(r.title, r.case_number, "review.application", {"application_id": r.id}, due=r.due_on))


def to_assign(user) -> Waiting:
    """Sent applications that no reviewer has been given yet."""
    assigned = exists().where(ReviewAssignment.application_id == Application.id)
    return _first(
        select(Application.id, Application.title, Application.case_number)
        .where(Application.status == Status.SUBMITTED, ~assigned, Application.id.not_in(_conflicted(user)))
        .order_by(Application.submitted_at, Application.id),
        lambda r: Item(r.title, r.case_number, "review.assign", {"application_id": r.id}))


def to_decide(user) -> Waiting:
    """Applications in review whose every assigned reviewer has submitted, and appealed ones
    waiting for a new decision."""
    reviews = (select(func.count(Review.id)).where(Review.application_id == Application.id,
                                                   Review.status == SUBMITTED).scalar_subquery())
    assignments = (select(func.count(ReviewAssignment.id))
                   .where(ReviewAssignment.application_id == Application.id).scalar_subquery())
    return _first(
        select(Application.id, Application.title, Application.case_number)
        .where(Application.status == Status.IN_REVIEW, reviews > 0, reviews >= assignments,
               Application.id.not_in(_conflicted(user)))
        .order_by(Application.submitted_at, Application.id),
        lambda r: Item(r.title, r.case_number, "decisions.decide", {"application_id": r.id}))


def appeals(user) -> Waiting:
    """Appeals waiting for the decision maker (or for the board's outcome to be recorded)."""
    from potten.decisions.models import APPEAL_STATES

    return _first(
        select(Appeal.id, Appeal.state, Appeal.late, Application.title, Application.case_number)
        .join(Application, Application.id == Appeal.application_id)
        .where(Appeal.state.in_([FILED, FORWARDED, BOARD_CHANGED]), Appeal.new_decision_id.is_(None),
               Application.id.not_in(_conflicted(user)))
        .order_by(Appeal.filed_at, Appeal.id),
        lambda r: Item(r.title, r.case_number, "decisions.appeal", {"appeal_id": r.id},
                       note=str(APPEAL_STATES[r.state])))


def reports_to_approve(user) -> Waiting:
    """Final reports sent and waiting for a decision maker to approve or return them."""
    return _first(
        select(FinalReport.id, Application.title, Application.case_number)
        .join(Application, Application.id == FinalReport.application_id)
        .where(FinalReport.status == ReportStatus.SENT, Application.id.not_in(_conflicted(user)))
        .order_by(FinalReport.sent_at, FinalReport.id),
        lambda r: Item(r.title, r.case_number, "reports.review", {"report_id": r.id}))


def open_rounds() -> list[Round]:
    """The admin's rounds, newest first."""
    return list(db.session.scalars(select(Round).order_by(Round.opens_at.desc()).limit(LIMIT)))
