"""Each focus area's ``ranking_version``: raised in the same transaction as every change that can
alter the area's ranking, so that a ranking cached under a version is right for as long as the
database holds that version.

What the ranking reads, and how a change to it is noted:

- through the ORM (new, changed or deleted rows): noted here before each flush, for the columns the
  ranking reads (``READ``): of applications that are or were in the ranking (not drafts), conflict
  declarations, decisions, review totals, a focus area's budget and committed amount, and the names
  of people and organisations that apply;
- through Core statements, which the ORM does not see: noted by the operation that runs them with
  ``changed`` (status transitions in ``workflow.move`` and ``operations._claim``, review totals in
  ``add_to_summary``, money in ``budget.commit`` and ``budget.move_budget``).

The noted areas get their version raised by one UPDATE each, in id order, when the session commits:
after the operation's other writes, so the focus area rows are locked last (as ``decide`` already
locks the application first and the focus area last), and once per transaction however many
changes it made. A transaction that has noted changes reads no cached ranking and stores none
(``changed_here``): what it sees is not committed, and may be rolled back.

Changes made by hand in SQL must raise the version too:
``UPDATE focus_area SET ranking_version = ranking_version + 1``.
"""
from itertools import chain

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from potten.accounts.models import Organisation, User
from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.decisions.models import Decision
from potten.review.models import ConflictDeclaration, ReviewSummary
from potten.rounds.models import FocusArea

NOTED = "ranking_changed"  # key in Session.info: the ids of the focus areas to raise at commit
# What a ranking reads of each table besides ids: the statement in ``ranking.py``, and the focus area's
# money in ``ranking.build`` (tests/review/test_ranking_cache.py checks the statement against this).
READ = {
    Application: ("status", "focus_area_id", "title", "requested_amount", "case_number", "applicant_id",
                  "organisation_id"),
    ConflictDeclaration: ("application_id", "user_id", "has_conflict"),
    Decision: ("application_id", "granted_amount", "in_force"),
    ReviewSummary: ("application_id", "reviews", "weighted_total", "weight_total", "full", "part", "reject",
                    "recommended_total"),
    FocusArea: ("budget", "committed"),
    User: ("name",),
    Organisation: ("name",),
}


def changed(session: Session, *focus_area_ids: int | None) -> None:
    """Note that the rankings of these focus areas change in ``session``'s transaction."""
    session.info.setdefault(NOTED, set()).update(i for i in focus_area_ids if i is not None)


def changed_here(session: Session) -> bool:
    """Whether this transaction changed any ranking (flushing first, so pending ORM changes count)."""
    session.flush()
    return bool(session.info.get(NOTED))


@event.listens_for(Session, "before_flush")
def _note_flush(session: Session, flush_context, instances) -> None:
    areas, applications, users, organisations = set(), set(), set(), set()
    new, deleted = session.new, session.deleted
    with session.no_autoflush:
        for obj in chain(new, session.dirty, deleted):
            names = READ.get(type(obj))
            if names is None or not (obj in new or obj in deleted or _modified(obj, names)):
                continue
            if isinstance(obj, Application):
                areas.update(_ranked_areas(obj))
            elif isinstance(obj, FocusArea):
                areas.add(obj.id)
            elif isinstance(obj, User):
                users.add(obj.id)
            elif isinstance(obj, Organisation):
                organisations.add(obj.id)
            else:
                applications.add(obj.application_id if obj.application_id is not None else _application_id(obj))
        for ids in (applications, users, organisations):
            ids.discard(None)
        areas.update(_areas_of(session, applications, users, organisations))
    changed(session, *areas)


def _ranked_areas(application: Application) -> set:
    """The focus areas whose ranking shows (or showed) ``application``: not while it is a draft."""
    state = inspect(application)
    status, area = state.attrs.status.history, state.attrs.focus_area_id.history
    statuses = set(status.added) | set(status.unchanged) | set(status.deleted) or {application.status}
    if statuses <= {Status.DRAFT, None}:
        return set()
    return set(area.added) | set(area.unchanged) | set(area.deleted) | {_area_id(application)}


def _area_id(application: Application) -> int | None:
    """Its focus area's id, also when only the relationship is set yet (a new application)."""
    if application.focus_area_id is not None or application.focus_area is None:
        return application.focus_area_id
    return application.focus_area.id


def _application_id(obj) -> int | None:
    application = getattr(obj, "application", None)
    return application.id if application is not None else None


def _modified(obj, names) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _areas_of(session: Session, application_ids: set, user_ids: set, organisation_ids: set) -> set:
    """The focus areas of these applications, and of the non-draft applications of these people
    and organisations (their names are shown and searched in the ranking)."""
    areas, unknown = set(), set()
    for application_id in application_ids:
        known = session.identity_map.get(session.identity_key(Application, application_id))
        if known is not None:
            areas.add(_area_id(known))
        else:
            unknown.add(application_id)
    conditions = []
    if unknown:
        conditions.append(Application.id.in_(unknown))
    if user_ids:
        conditions.append(Application.applicant_id.in_(user_ids) & (Application.status != Status.DRAFT))
    if organisation_ids:
        conditions.append(Application.organisation_id.in_(organisation_ids) & (Application.status != Status.DRAFT))
    for condition in conditions:
        areas.update(session.scalars(select(Application.focus_area_id).where(condition).distinct()))
    return areas


@event.listens_for(Session, "before_commit")
def _raise_versions(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: the versions go up when the whole transaction commits
        return
    session.flush()
    noted = session.info.pop(NOTED, None)
    for area_id in sorted(noted or ()):  # one order for every transaction: no deadlock between two of them
        session.execute(update(FocusArea).where(FocusArea.id == area_id)
                        .values(ranking_version=FocusArea.ranking_version + 1)
                        .execution_options(synchronize_session=False))
        known = session.identity_map.get(session.identity_key(FocusArea, area_id))
        if known is not None:
            session.expire(known, ["ranking_version"])


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:  # rolled back or closed: nothing it noted was committed
        session.info.pop(NOTED, None)
