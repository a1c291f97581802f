"""What the reports area reads: grants that owe a report, reports by state, the overdue list."""
from datetime import date
from functools import cache

from sqlalchemy import Integer, and_, bindparam, exists, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from potten.accounts.models import Organisation, User
from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.core.time import today_local
from potten.decisions.acceptance import answer_to
from potten.decisions.models import ACCEPTED, Decision, GrantAnswer
from potten.extensions import db
from potten.reports.models import FinalReport, ReportStatus
from potten.review.models import ConflictDeclaration
from potten.rounds.models import FocusArea

# the application states of a grant that owes a final report
GRANT_STATES = (Status.APPROVED, Status.PARTLY_APPROVED, Status.DISBURSED)
OUTSTANDING = (ReportStatus.DRAFT, ReportStatus.RETURNED)
PAGE_SIZE = 25


def accepted_condition():
    """SQL, next to ``Decision``: the grant in force is accepted (by the applicant, automatically
    after the round's days, or carried over from the decision an appeal replaced)."""
    return and_(Application.status.in_(GRANT_STATES), exists().where(
        GrantAnswer.decision_id == Decision.id, GrantAnswer.answer == ACCEPTED))


def grant_accepted(application) -> bool:
    """The report form opens once the grant is accepted."""
    decision = current_decision(application)
    if Status(application.status) not in GRANT_STATES or decision is None or not decision.granted_amount:
        return False
    answer = answer_to(decision)
    return answer is not None and answer.accepted


def current_decision(application) -> Decision | None:
    return db.session.scalar(select(Decision).where(Decision.application_id == application.id,
                                                    Decision.in_force.is_(True))
                             .order_by(Decision.id.desc()).limit(1))


def granted_amount(application) -> int:
    decision = current_decision(application)
    return decision.granted_amount if decision is not None else 0


def report_due(application) -> date:
    decision = current_decision(application)
    if decision is not None and decision.report_due is not None:
        return decision.report_due
    from potten.decisions.operations import default_report_due

    return default_report_due(application)


def reports_closed(application) -> bool:
    """No report can be sent: the grant is closed, withdrawn or no longer in force."""
    return Status(application.status) in (Status.CLOSED, Status.WITHDRAWN) or granted_amount(application) == 0


def report_for(application) -> FinalReport | None:
    """``application``'s final report, which knows ``application`` as its own without asking again (the
    session only keeps an object while someone holds it: ``report.application`` cost a statement)."""
    report = db.session.scalar(select(FinalReport).where(FinalReport.application_id == application.id))
    if report is not None and "application" not in report.__dict__:
        set_committed_value(report, "application", application)
    return report


def insert_ignoring_duplicates(table):
    """``INSERT … ON CONFLICT DO NOTHING`` on PostgreSQL and SQLite."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()


def open_missing_reports() -> int:
    """Make the (empty) final report of every accepted grant that has none yet, in one
    statement, so reminders reach applicants who never opened the form."""
    missing = (select(Decision.application_id, Decision.report_due)
               .join(Application, Application.id == Decision.application_id)
               .outerjoin(FinalReport, FinalReport.application_id == Decision.application_id)
               .where(Decision.in_force.is_(True), Decision.granted_amount > 0, Decision.report_due.is_not(None),
                      accepted_condition(), FinalReport.id.is_(None)))
    rows = db.session.execute(missing).all()
    if not rows:
        return 0
    db.session.execute(insert_ignoring_duplicates(FinalReport.__table__), [
        {"application_id": r.application_id, "due_date": r.report_due, "status": ReportStatus.DRAFT.value,
         "version": 0, "activities": "", "target_groups": [], "involvement": "", "worked_well": "",
         "worked_badly": "", "return_comment": ""} for r in rows])
    return len(rows)


def declared_conflict():
    """SQL, a column of a read next to ``Application``: the reader (parameter ``user_id``) declared a conflict
    in the application (the lists show those by case number only). Read with the rows: no statement of its own."""
    return exists().where(ConflictDeclaration.application_id == Application.id,
                          ConflictDeclaration.user_id == bindparam("user_id"),
                          ConflictDeclaration.has_conflict.is_(True)).label("conflicted")


def overdue(today: date, page: int, reader_id: int) -> tuple[list, int]:
    """Reports past their due date and not sent (or returned and not sent again), oldest first, one page
    at a time (rows of plain values; ``conflicted``: the reader declared a conflict in the case); with the
    total count, read in the same statement (a page past the end costs one more)."""
    rows = db.session.execute(_overdue(), {"today": today, "offset": _offset(page), "user_id": reader_id}).all()
    if rows:
        return rows, rows[0].total
    return rows, db.session.scalar(_overdue_count(), {"today": today}) if page > 1 else 0


def by_status(status: ReportStatus, page: int, reader_id: int) -> tuple[list, dict]:
    """A page of the reports in ``status``, the ones sent longest ago first (rows as ``overdue``'s), and how
    many reports there are in each state (``counts()``), read in the same statement (an empty page costs one
    more)."""
    rows = db.session.execute(_by_status(), {"status": status, "offset": _offset(page),
                                             "user_id": reader_id}).all()
    if not rows:
        return rows, counts()
    return rows, {s.value: count for s in ReportStatus if (count := getattr(rows[0], f"count_{s.value}"))}


def _offset(page: int) -> int:
    return (page - 1) * PAGE_SIZE


def _outstanding_before_today():
    return and_(FinalReport.due_date < bindparam("today"), FinalReport.status.in_(OUTSTANDING))


@cache
def _overdue_count():
    return select(func.count()).select_from(FinalReport).where(_outstanding_before_today())


@cache
def _overdue():
    """Built once and kept, with its cache key (working it out cost more than running the statement)."""
    return _page(_outstanding_before_today(), (FinalReport.due_date, FinalReport.id),
                 _overdue_count().scalar_subquery().label("total"))


@cache
def _by_status():
    return _page(FinalReport.status == bindparam("status"), (FinalReport.sent_at, FinalReport.id),
                 *(select(func.count()).select_from(FinalReport).where(FinalReport.status == s.value)
                   .scalar_subquery().label(f"count_{s.value}") for s in ReportStatus))


def _page(where, order, *extra):
    """One page of a list in one statement: the page's reports in a subquery (an index walk that stops after
    a page, whatever the size of the table), joined to their cases and the names the list shows. Joining
    the page's 25 reports, not their ids back to the table, halved what PostgreSQL took to plan and run it."""
    found = (select(FinalReport.id, FinalReport.due_date, FinalReport.status, FinalReport.sent_at,
                    FinalReport.application_id).where(where).order_by(*order)
             .limit(PAGE_SIZE).offset(bindparam("offset", type_=Integer)).subquery())
    return (select(found.c.id, found.c.due_date, found.c.status, found.c.sent_at, found.c.application_id,
                   Application.title, Application.case_number, User.name.label("person"), User.email,
                   Organisation.name.label("organisation"), FocusArea.name.label("area"),
                   FocusArea.name_en.label("area_en"), declared_conflict(), *extra)
            .select_from(found).join(Application, Application.id == found.c.application_id)
            .join(User, User.id == Application.applicant_id)
            .outerjoin(Organisation, Organisation.id == Application.organisation_id)
            .outerjoin(FocusArea, FocusArea.id == Application.focus_area_id)
            .order_by(*(found.c[column.key] for column in order)))


def counts() -> dict:
    """How many reports there are in each state, by the state's value."""
    return dict(db.session.execute(select(FinalReport.status, func.count()).group_by(FinalReport.status)).all())


def overdue_for_applicant(user) -> list[FinalReport]:
    """The overdue reports of the grants of ``user`` or of the organisations they belong to."""
    org_ids = [org.id for org in user.organisations]
    owner = Application.applicant_id == user.id
    if org_ids:
        owner = owner | Application.organisation_id.in_(org_ids)
    return list(db.session.scalars(
        select(FinalReport).join(Application, Application.id == FinalReport.application_id)
        .where(owner, FinalReport.due_date < today_local(), FinalReport.status.in_(OUTSTANDING))
        .options(joinedload(FinalReport.application).lazyload("*")).order_by(FinalReport.due_date)))


def earlier_reports_check(application, user) -> dict:
    """A round may require the applicant's earlier final reports before a new application is sent."""
    from potten.core.i18n import lazy_gettext as _l

    if not getattr(application.round, "reports_required", False):
        return {}
    late = [r for r in overdue_for_applicant(user) if r.application_id != application.id]
    if application.organisation_id is not None:
        late = [r for r in late if r.application.organisation_id in (None, application.organisation_id)]
    if not late:
        return {}
    return {"earlier_reports": _l("Send the overdue final report for “%(title)s” (%(case)s) before you send "
                                  "a new application.", title=late[0].application.title,
                                  case=late[0].application.case_number)}


def overdue_report(application) -> FinalReport | None:
    """The grant's final report if it is past its due date and not sent (payouts wait for it)."""
    return db.session.scalar(select(FinalReport).where(
        FinalReport.application_id == application.id, FinalReport.due_date < today_local(),
        FinalReport.status.in_(OUTSTANDING)))
