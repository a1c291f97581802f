"""The ranking of a focus area: scores, recommendations and the running sum against the budget.

The database does the work in one statement, whatever the number of applications:
the review totals (kept per application on submission), the decision in force, the viewer's declaration,
the order, the running sum (a window function, on PostgreSQL and SQLite alike), the page, and the counts
of applications shown, hidden by a conflict and not declared on. Rows the viewer has a conflict with are
left out before anything is added up. What it computed is kept in ``ranking_cache``, keyed on the focus
area's ``ranking_version``; a column read here must be listed in ``ranking_version.READ``.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from sqlalchemy import Float, and_, bindparam, case, cast, false, func, literal_column, or_, select, text, true

from potten.accounts.models import Organisation, User
from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.decisions import ranking_cache, ranking_version
from potten.decisions.models import Decision
from potten.extensions import db
from potten.review.models import ConflictDeclaration, ReviewSummary
from potten.review.visibility import HIDDEN_STATUSES, viewer, visible
from potten.rounds.models import FocusArea

SORTS = ("score", "requested", "recommended", "reviews", "case")
SHOWS = ("all", "open", "decided")
PAGE_SIZE = 100


@dataclass(slots=True)
class Row:  # rows of a cached ranking are shared between requests: never changed after _row
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
    everything: bool = False  # every row on one page (page=None)
    html: dict | None = None  # the table's rows as HTML once rendered, kept with a cached ranking


NATURAL_DESC = {"score": True, "requested": False, "recommended": True, "reviews": True, "case": False}


def _order(sort: str, descending: bool | None, c) -> list:
    """ORDER BY for ``sort`` over the columns ``c``: its natural direction, or the whole order turned round."""
    keys = {  # (expression, descending in the natural order)
        "score": [(c.mean.is_(None), False), (c.mean, True), (c.requested_amount, False)],
        "requested": [(c.requested_amount, False)],
        "recommended": [(c.recommended.is_(None), False), (c.recommended, True)],
        "reviews": [(c.reviews, True)],
        "case": [(c.case_number, False)],
    }[sort]
    flip = descending is not None and descending != NATURAL_DESC[sort]
    out = [(e.desc() if d != flip else e.asc()) for e, d in keys]
    return out + [c.id.desc() if flip else c.id.asc()]


def _shown(visible, show: str, searching: bool):
    """The rows the viewer sees with this filter: ``visible`` to them, and matching ``show`` and the
    search (the parameter ``pattern``)."""
    where = [visible]
    if show == "open":
        where.append(Decision.granted_amount.is_(None))
    elif show == "decided":
        where.append(Decision.granted_amount.is_not(None))
    if searching:
        pattern = bindparam("pattern")
        applicant = func.coalesce(
            select(Organisation.name).where(Organisation.id == Application.organisation_id).scalar_subquery(),
            select(User.name).where(User.id == Application.applicant_id).scalar_subquery())
        where.append(or_(func.lower(Application.title).like(pattern), func.lower(applicant).like(pattern),
                         func.lower(func.coalesce(Application.case_number, "")).like(pattern)))
    return and_(*where)


@lru_cache(maxsize=256)
def _statement(sort: str, descending: bool | None, show: str, searching: bool, with_organisations: bool,
               paged: bool):
    """One statement: every application of the focus area with its flags (``area``), the rows shown
    in order with the running sum and position (``ranked``), then the page's rows with their text,
    joined to the counts so that the counts come back even when the page is empty.

    The sort and the windows work on narrow rows; titles and names are read for the page only.
    The values are parameters (``focus_area_id``, ``user_id``, ``org_ids``, ``pattern``, ``first``,
    ``last``), so the statement depends on the arguments alone and is built once per combination:
    it is immutable, and building it costs more than running it.
    """
    agg, dec = ReviewSummary, Decision
    cleared = ConflictDeclaration.has_conflict == false()
    mean = case((and_(cleared, agg.weight_total > 0), cast(agg.weighted_total, Float) / cast(agg.weight_total, Float)))
    recommended = case((and_(cleared, agg.reviews > 0),
                        (2 * agg.recommended_total + agg.reviews) // (2 * agg.reviews)))
    shown_to_viewer = visible(with_organisations)
    area = (select(
        Application.id, Application.requested_amount, Application.case_number,
        ConflictDeclaration.has_conflict.label("declared_conflict"),
        case((cleared, func.coalesce(agg.reviews, 0)), else_=0).label("reviews"),
        mean.label("mean"), recommended.label("recommended"), dec.granted_amount.label("granted"),
        case((and_(cleared, dec.granted_amount.is_(None)), func.coalesce(recommended, 0)),
             else_=0).label("open_amount"),
        case((_shown(shown_to_viewer, show, searching), 1), else_=0).label("shown"),
        case((shown_to_viewer, 0), else_=1).label("hidden"),
        case((and_(shown_to_viewer, ConflictDeclaration.id.is_(None)), 1), else_=0).label("undeclared"))
        .outerjoin(agg, agg.application_id == Application.id)
        .outerjoin(dec, and_(dec.application_id == Application.id, dec.in_force.is_(True)))
        .outerjoin(ConflictDeclaration, and_(ConflictDeclaration.application_id == Application.id,
                                             ConflictDeclaration.user_id == bindparam("user_id")))
        .where(Application.focus_area_id == bindparam("focus_area_id"), Application.status.not_in(HIDDEN_STATUSES))
        .cte("area"))
    shown = select(area).where(area.c.shown == 1)
    if paged:  # the rows after the page add nothing to its running sums: a top-N sort is enough
        shown = shown.order_by(*_order(sort, descending, area.c)).limit(bindparam("last"))
    shown = shown.subquery("shown")
    order = _order(sort, descending, shown.c)
    ranked = (select(
        shown.c.id, shown.c.declared_conflict, shown.c.recommended, shown.c.granted, shown.c.open_amount,
        func.sum(shown.c.open_amount).over(order_by=order, rows=(None, 0)).label("running"),
        func.row_number().over(order_by=order).label("pos"))
        .subquery("ranked"))
    counts = select(func.coalesce(func.sum(area.c.shown), 0).label("total"),
                    func.coalesce(func.sum(area.c.hidden), 0).label("hidden"),
                    func.coalesce(func.sum(area.c.undeclared), 0).label("undeclared")).subquery("counts")
    on_page = and_(ranked.c.pos >= bindparam("first"), ranked.c.pos <= bindparam("last")) if paged else true()
    rows = (select(ranked, Application.case_number, Application.title, Application.requested_amount,
                   Application.status, func.coalesce(Organisation.name, User.name).label("applicant"),
                   agg.reviews.label("n"), agg.weighted_total.label("ws"), agg.weight_total.label("w"),
                   agg.full, agg.part, agg.reject)
            .join(Application, Application.id == ranked.c.id)
            .join(User, User.id == Application.applicant_id)
            .outerjoin(Organisation, Organisation.id == Application.organisation_id)
            .outerjoin(agg, agg.application_id == ranked.c.id)
            .where(on_page).subquery("page_rows"))
    return (select(counts, rows).select_from(counts).outerjoin(rows, true())
            .order_by(rows.c.pos))


def current(focus_area_id: int) -> tuple[FocusArea | None, bool]:
    """The focus area as the database holds it now (never an older copy in the session), and whether
    this transaction has written anything (``ranking_version.MINE``), in one statement: what ``build``
    needs for its cache's key when nothing runs in between."""
    row = db.session.execute(select(FocusArea, _mine()).where(FocusArea.id == focus_area_id)
                             .execution_options(populate_existing=True)).one_or_none()
    return (row[0], bool(row[1])) if row is not None else (None, False)


def build(focus_area, user, sort: str = "score", descending: bool | None = None, show: str = "all",
          q: str = "", page: int | None = 1, mine: bool | None = None) -> Ranking:
    """The ranking of ``focus_area`` as ``user`` may see it, sorted, filtered and cut into pages
    (``page=None``: every row, for the exports).

    The running sum adds the recommended amounts of the open (undecided) applications in the
    order shown; where it passes what is left of the budget, the money runs out.

    The cache's key holds the focus area's ``ranking_version`` as this transaction reads it now,
    after its own changes: a transaction that changed the ranking has a version nobody else sees
    until it commits, and nobody ever sees if it is rolled back; on PostgreSQL such a transaction
    neither reads nor keeps a cached ranking (``ranking_version.MINE``). ``mine``: what ``current``
    returned with ``focus_area``, loaded just before (saves reading the version again).
    """
    sort = sort if sort in SORTS else "score"
    descending = descending if descending in (True, False) else None
    show = show if show in SHOWS else "all"
    page = max(1, page) if page is not None else None
    params = {"focus_area_id": focus_area.id, **viewer(user)}
    needle = (q or "").strip().lower()
    if needle:
        params["pattern"] = f"%{needle.replace('%', '').replace('_', '')}%"
    if page is not None:
        params.update(first=(page - 1) * PAGE_SIZE + 1, last=page * PAGE_SIZE)
    if mine is None:  # read now, after whatever this transaction did since it loaded the area
        version, remaining, mine = db.session.execute(
            select(FocusArea.ranking_version, FocusArea.budget - FocusArea.committed, _mine())
            .where(FocusArea.id == focus_area.id)).one()
    else:  # the caller has just loaded it with ``current``
        version, remaining = focus_area.ranking_version, focus_area.budget - focus_area.committed
    cache = ranking_cache.usable() if not mine else None
    key = (focus_area.id, version, user.id, tuple(params.get("org_ids", ())), sort,
           descending, show, params.get("pattern"), page)
    entry = cache.get(key) if cache is not None else None
    if entry is None:
        entry = _compute(remaining, params,
                         _statement(sort, descending, show, bool(needle), "org_ids" in params, page is not None))
        if cache is not None:
            cache.put(key, entry)
    return Ranking(focus_area=focus_area, rows=list(entry.rows), remaining=entry.remaining, total=entry.total,
                   page=page or 1, pages=max(1, -(-entry.total // PAGE_SIZE)), hidden=entry.hidden,
                   undeclared=entry.undeclared, everything=page is None, html=entry.html)


def _mine():
    """Whether this transaction changed the area's version (then its ranking is neither read from the
    cache nor kept: see ``ranking_version.MINE``)."""
    return literal_column(ranking_version.MINE[db.session.get_bind().dialect.name])


def _compute(remaining: int, params: dict, statement) -> ranking_cache.Entry:
    """Run the ranking's statement: its rows and counts."""
    rows, total, hidden, undeclared = [], 0, 0, 0
    _plan_for_these_values()
    result = db.session.connection().execute(statement, params)  # Core: no ORM result machinery
    if tuple(result.keys()) != COLUMNS:
        raise RuntimeError(f"the ranking's columns changed: {tuple(result.keys())}; update COLUMNS and _row")
    for r in result:
        total, hidden, undeclared = int(r[0]), int(r[1]), int(r[2])
        if r[3] is not None:
            rows.append(_row(r, remaining))
    return ranking_cache.Entry(rows=tuple(rows), total=total, hidden=hidden, undeclared=undeclared,
                               remaining=remaining)


def _plan_for_these_values() -> None:
    """On PostgreSQL, plan the ranking for the focus area and viewer it runs for.

    psycopg prepares a statement the sixth time a connection runs it, and after five more runs
    PostgreSQL switches to a generic plan, made without the parameters' values, with estimates that
    do not fit the focus area: on the benchmark's data ranking.build() goes from 4.5 ms to 35-40 ms
    (page 1) and from 15 ms to about 50 ms (every row). Custom plans cost ~0.5 ms of planning.
    ``SET LOCAL`` lasts until the end of the transaction, that is the request.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


CENT = Decimal("0.01")
COLUMNS = ("total", "hidden", "undeclared", "id", "declared_conflict", "recommended", "granted", "open_amount",
           "running", "pos", "case_number", "title", "requested_amount", "status", "applicant", "n", "ws", "w",
           "full", "part", "reject")


def _row(r, remaining: int) -> Row:
    """One row of the result, unpacked by position (COLUMNS; by name costs 7 µs a row, ten times as much)."""
    (_total, _hidden, _undeclared, id_, declared_conflict, recommended, granted, open_amount, running, _pos,
     case_number, title, requested, status, applicant, n, ws, w, full, part, reject) = r
    cleared = declared_conflict is False
    row = Row(id_, case_number or "", title, applicant, requested or 0, status, cleared)
    if cleared:
        row.granted = granted
        if n:
            row.reviews, row.full, row.part, row.reject = n, full, part, reject
            row.mean = (Decimal(ws) / Decimal(w)).quantize(CENT, ROUND_HALF_UP) if w else None
            row.recommended = recommended
        if granted is None:
            row.running, row.fits = running, running <= remaining
            row.crosses = running - open_amount <= remaining < running
    return row
