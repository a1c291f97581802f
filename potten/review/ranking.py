"""The ranking of a focus area: scores, recommendations and the running sum against the budget.

The database does the work in one statement, whatever the number of applications:
the review totals (kept per application on submission), the decision in force, the viewer's declaration, the order, the
running sum (a window function, on PostgreSQL and SQLite alike) and the page. Rows the
viewer has a conflict with are left out before anything is added up.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Float, and_, case, cast, false, func, or_, select

from potten.accounts.models import Organisation, User
from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.decisions.models import Decision
from potten.extensions import db
from potten.review.models import ConflictDeclaration, ReviewSummary

HIDDEN_STATUSES = (Status.DRAFT, Status.WITHDRAWN)
SORTS = ("score", "requested", "recommended", "reviews", "case")
SHOWS = ("all", "open", "decided")
PAGE_SIZE = 100


@dataclass(slots=True)
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
    crosses: bool = False  # the money runs out at this row

    @property
    def decided(self) -> bool:
        return self.granted is not None


@dataclass
class Ranking:
    focus_area: object
    rows: list[Row]
    remaining: int
    total: int  # rows after filtering, on all pages
    page: int
    pages: int
    hidden: int = 0  # applications left out because the viewer has a conflict
    undeclared: int = 0  # applications the viewer has not declared on


def _visible(user):
    """Not a party, and no declared conflict (the ranking row is hidden then)."""
    conditions = [Application.applicant_id != user.id,
                  func.coalesce(ConflictDeclaration.has_conflict, false()) == false()]
    org_ids = [o.id for o in user.organisations]
    if org_ids:
        conditions.append(or_(Application.organisation_id.is_(None), Application.organisation_id.not_in(org_ids)))
    return and_(*conditions)


NATURAL_DESC = {"score": True, "requested": False, "recommended": True, "reviews": True, "case": False}


def _order(sort: str, descending: bool | None, mean, recommended, reviews) -> list:
    """ORDER BY for ``sort``: its natural direction, or the whole order turned round."""
    keys = {  # (expression, descending in the natural order)
        "score": [(mean.is_(None), False), (mean, True), (Application.requested_amount, False)],
        "requested": [(Application.requested_amount, False)],
        "recommended": [(recommended.is_(None), False), (recommended, True)],
        "reviews": [(reviews, True)],
        "case": [(Application.case_number, False)],
    }[sort]
    flip = descending is not None and descending != NATURAL_DESC[sort]
    out = [(e.desc() if d != flip else e.asc()) for e, d in keys]
    return out + [Application.id.desc() if flip else Application.id.asc()]


def build(focus_area, user, sort: str = "score", descending: bool | None = None, show: str = "all",
          q: str = "", page: int | None = 1) -> Ranking:
    """The ranking of ``focus_area`` as ``user`` may see it, sorted, filtered and cut into pages
    (``page=None``: every row, for the exports).

    The running sum adds the recommended amounts of the open (undecided) applications in the
    order shown; where it passes what is left of the budget, the money runs out.
    """
    sort = sort if sort in SORTS else "score"
    agg, dec = ReviewSummary, Decision
    cleared = ConflictDeclaration.has_conflict == false()
    reviews = case((cleared, func.coalesce(agg.reviews, 0)), else_=0)
    mean = case((and_(cleared, agg.weight_total > 0), cast(agg.weighted_total, Float) / agg.weight_total))
    recommended = case((and_(cleared, agg.reviews > 0),
                        (2 * agg.recommended_total + agg.reviews) // (2 * agg.reviews)))
    open_amount = case((and_(cleared, dec.granted_amount.is_(None)), func.coalesce(recommended, 0)), else_=0)
    order = _order(sort, descending, mean, recommended, reviews)
    where = [Application.focus_area_id == focus_area.id, Application.status.not_in(HIDDEN_STATUSES), _visible(user)]
    if show == "open":
        where.append(dec.granted_amount.is_(None))
    elif show == "decided":
        where.append(dec.granted_amount.is_not(None))
    needle = (q or "").strip().lower()
    if needle:
        pattern = f"%{needle.replace('%', '').replace('_', '')}%"
        where.append(or_(func.lower(Application.title).like(pattern),
                         func.lower(func.coalesce(Organisation.name, User.name)).like(pattern),
                         func.lower(func.coalesce(Application.case_number, "")).like(pattern)))
    inner = (select(
        Application.id, Application.case_number, Application.title, Application.requested_amount,
        Application.status, func.coalesce(Organisation.name, User.name).label("applicant"),
        ConflictDeclaration.has_conflict.label("declared_conflict"),
        agg.reviews.label("n"), agg.weighted_total.label("ws"), agg.weight_total.label("w"), agg.full, agg.part,
        agg.reject, recommended.label("recommended"), dec.granted_amount.label("granted"),
        open_amount.label("open_amount"),
        func.sum(open_amount).over(order_by=order, rows=(None, 0)).label("running"),
        func.row_number().over(order_by=order).label("pos"),
        func.count().over().label("total"))
        .join(User, User.id == Application.applicant_id)
        .outerjoin(Organisation, Organisation.id == Application.organisation_id)
        .outerjoin(agg, agg.application_id == Application.id)
        .outerjoin(dec, and_(dec.application_id == Application.id, dec.in_force.is_(True)))
        .outerjoin(ConflictDeclaration, and_(ConflictDeclaration.application_id == Application.id,
                                             ConflictDeclaration.user_id == user.id))
        .where(*where).subquery())
    query = select(inner).order_by(inner.c.pos)
    page = max(1, page) if page is not None else None
    if page is not None:
        query = query.where(inner.c.pos > (page - 1) * PAGE_SIZE, inner.c.pos <= page * PAGE_SIZE)
    remaining = focus_area.budget - focus_area.committed
    rows, total = [], 0
    for r in db.session.execute(query):
        rows.append(_row(r, remaining))
        total = r.total
    result = Ranking(focus_area=focus_area, rows=rows, remaining=remaining, total=total, page=page or 1,
                     pages=max(1, -(-total // PAGE_SIZE)))
    result.hidden, result.undeclared = counts(focus_area, user)
    return result


def _row(r, remaining: int) -> Row:
    cleared = r.declared_conflict is False
    row = Row(id=r.id, case_number=r.case_number or "", title=r.title, applicant=r.applicant,
              requested=r.requested_amount or 0, status=r.status, cleared=cleared)
    if cleared:
        row.granted = r.granted
        if r.n:
            row.reviews, row.full, row.part, row.reject = r.n, r.full, r.part, r.reject
            row.mean = (Decimal(r.ws) / Decimal(r.w)).quantize(Decimal("0.01"), ROUND_HALF_UP) if r.w else None
            row.recommended = r.recommended
        if row.granted is None:
            row.running, row.fits = r.running, r.running <= remaining
            row.crosses = r.running - r.open_amount <= remaining < r.running
    return row


def counts(focus_area, user) -> tuple[int, int]:
    """(applications hidden by a conflict, applications not declared on) in ``focus_area``."""
    hidden = ~_visible(user)
    row = db.session.execute(
        select(func.sum(case((hidden, 1), else_=0)),
               func.sum(case((and_(~hidden, ConflictDeclaration.id.is_(None)), 1), else_=0)))
        .select_from(Application)
        .outerjoin(ConflictDeclaration, and_(ConflictDeclaration.application_id == Application.id,
                                             ConflictDeclaration.user_id == user.id))
        .where(Application.focus_area_id == focus_area.id, Application.status.not_in(HIDDEN_STATUSES))).one()
    return int(row[0] or 0), int(row[1] or 0)


def undeclared_ids(focus_area, user) -> list[int]:
    """The applications of ``focus_area`` the user may see but has not declared on."""
    return list(db.session.scalars(
        select(Application.id)
        .outerjoin(ConflictDeclaration, and_(ConflictDeclaration.application_id == Application.id,
                                             ConflictDeclaration.user_id == user.id))
        .where(Application.focus_area_id == focus_area.id, Application.status.not_in(HIDDEN_STATUSES),
               _visible(user), ConflictDeclaration.id.is_(None))))

