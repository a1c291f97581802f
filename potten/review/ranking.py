"""The ranking of a focus area: scores, recommendations and the running sum against the budget.

The page runs a fixed number of SQL statements whatever the number of applications:
one for the focus area, one for all rows (applications joined with the review
aggregates, the decision in force and the viewer's own declaration).
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, case, func, select

from potten.accounts.models import Organisation, User
from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.decisions.models import Decision
from potten.extensions import db
from potten.review.models import GRANT_FULL, GRANT_PART, REJECT, SUBMITTED, ConflictDeclaration, Review

HIDDEN_STATUSES = (Status.DRAFT, Status.WITHDRAWN)
SORTS = ("score", "requested", "recommended", "reviews", "case")
SHOWS = ("all", "open", "decided")


@dataclass
class Row:
    id: int
    case_number: str
    title: str
    applicant: str
    requested: int
    status: Status
    cleared: bool  # the viewer declared no conflict: figures are shown
    reviews: int = 0
    mean: Decimal | None = None  # weighted mean score, two decimals
    full: int = 0
    part: int = 0
    reject: int = 0
    recommended: int | None = None  # mean recommended amount, whole kroner
    granted: int | None = None
    running: int | None = None  # running sum of recommended amounts of open applications
    fits: bool | None = None

    @property
    def decided(self) -> bool:
        return self.granted is not None


@dataclass
class Ranking:
    focus_area: object
    rows: list[Row]
    remaining: int
    hidden: int  # rows left out because the viewer has a conflict
    undeclared: list[int]  # application ids the viewer has not declared on
    cut_after: int | None  # id of the last row that fits within the remaining budget


def _round_div(total: int, n: int) -> int:
    return (2 * total + n) // (2 * n)


def _query(focus_area_id: int, user_id: int):
    agg = (select(
        Review.application_id.label("aid"),
        func.count().label("n"),
        func.sum(Review.weighted_total).label("ws"),
        func.sum(Review.weight_total).label("w"),
        func.sum(case((Review.recommendation == GRANT_FULL, 1), else_=0)).label("full"),
        func.sum(case((Review.recommendation == GRANT_PART, 1), else_=0)).label("part"),
        func.sum(case((Review.recommendation == REJECT, 1), else_=0)).label("reject"),
        func.sum(Review.recommended_amount).label("rec"))
        .join(Application, Application.id == Review.application_id)
        .where(Application.focus_area_id == focus_area_id, Review.status == SUBMITTED)
        .group_by(Review.application_id).subquery())
    latest = (select(func.max(Decision.id).label("did"))
              .join(Application, Application.id == Decision.application_id)
              .where(Application.focus_area_id == focus_area_id)
              .group_by(Decision.application_id).subquery())
    dec = select(Decision.application_id.label("aid"), Decision.granted_amount.label("granted")) \
        .where(Decision.id.in_(select(latest.c.did))).subquery()
    return (select(Application.id, Application.case_number, Application.title, Application.requested_amount,
                   Application.status, Application.applicant_id, Application.organisation_id,
                   func.coalesce(Organisation.name, User.name).label("applicant"),
                   agg.c.n, agg.c.ws, agg.c.w, agg.c.full, agg.c.part, agg.c.reject, agg.c.rec,
                   dec.c.granted, ConflictDeclaration.has_conflict)
            .join(User, User.id == Application.applicant_id)
            .outerjoin(Organisation, Organisation.id == Application.organisation_id)
            .outerjoin(agg, agg.c.aid == Application.id)
            .outerjoin(dec, dec.c.aid == Application.id)
            .outerjoin(ConflictDeclaration, and_(ConflictDeclaration.application_id == Application.id,
                                                 ConflictDeclaration.user_id == user_id))
            .where(Application.focus_area_id == focus_area_id, Application.status.not_in(HIDDEN_STATUSES)))


def _row(r, user) -> Row | None:
    """The viewer's row, or None if they have a conflict with the application."""
    party = r.applicant_id == user.id or user.belongs_to(r.organisation_id)
    if party or r.has_conflict:
        return None
    row = Row(id=r.id, case_number=r.case_number or "", title=r.title, applicant=r.applicant,
              requested=r.requested_amount or 0, status=Status(r.status), cleared=r.has_conflict is False)
    if row.cleared:
        row.granted = r.granted
        if r.n:
            row.reviews, row.full, row.part, row.reject = r.n, r.full, r.part, r.reject
            row.mean = (Decimal(r.ws) / Decimal(r.w)).quantize(Decimal("0.01"), ROUND_HALF_UP) if r.w else None
            row.recommended = _round_div(r.rec, r.n) if r.rec is not None else None
    return row


def _key(sort: str):
    return {
        "score": lambda r: (r.mean is None, -(r.mean or 0), r.requested, r.id),
        "requested": lambda r: (r.requested, r.id),
        "recommended": lambda r: (r.recommended is None, -(r.recommended or 0), r.id),
        "reviews": lambda r: (-r.reviews, r.id),
        "case": lambda r: (r.case_number, r.id),
    }[sort]


def build(focus_area, user, sort: str = "score", descending: bool | None = None, show: str = "all",
          q: str = "") -> Ranking:
    """The ranking of ``focus_area`` as ``user`` may see it, sorted and filtered.

    The running sum adds the recommended amounts of the open (undecided) applications
    in the order shown; the budget line falls after the last one that fits in what is left.
    """
    sort = sort if sort in SORTS else "score"
    rows, hidden = [], 0
    for r in db.session.execute(_query(focus_area.id, user.id)):
        row = _row(r, user)
        if row is None:
            hidden += 1
        else:
            rows.append(row)
    undeclared = [r.id for r in rows if not r.cleared]
    if show == "open":
        rows = [r for r in rows if not r.decided]
    elif show == "decided":
        rows = [r for r in rows if r.decided]
    needle = (q or "").strip().lower()
    if needle:
        rows = [r for r in rows if needle in f"{r.title} {r.applicant} {r.case_number}".lower()]
    rows.sort(key=_key(sort))
    if descending is not None and descending != (sort in ("score", "recommended", "reviews")):
        rows.reverse()
    remaining, running, cut_after = focus_area.budget - focus_area.committed, 0, None
    for row in rows:
        if row.cleared and not row.decided:
            running += row.recommended or 0
            row.running, row.fits = running, running <= remaining
            if row.fits:
                cut_after = row.id
    return Ranking(focus_area=focus_area, rows=rows, remaining=remaining, hidden=hidden,
                   undeclared=undeclared, cut_after=cut_after)
