"""Who may see and handle a report. Other people's reports are not found (404)."""
from functools import cache

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import contains_eager, joinedload, undefer

from potten.applications.models import Application, barred
from potten.core.roles import Role
from potten.extensions import db
from potten.reports.models import FinalReport, RepaymentClaim, ReportAttachment, ReportStatus
from potten.reports.page import ReportPage, report_page
from potten.reports.queries import declared_conflict

HANDLERS = (Role.DECISION_MAKER, Role.ADMIN)  # approve, return, claim back
READERS = (Role.DECISION_MAKER, Role.ADMIN, Role.FINANCE)  # read reports, overdue list, annual report


def own_application(application_id: int, options=()) -> Application:
    """The applicant's (or their organisation's) application; ``options``: loader options for what the
    page shows of it, loaded in the same statement."""
    application = db.session.get(Application, application_id, options=options)
    if application is None or not application.is_own(current_user):
        abort(404)
    return application


@cache
def _report_to_write() -> Select:
    """Built once and kept, with its cache key (see ``_report_to_handle``)."""
    return select(FinalReport).where(FinalReport.application_id == bindparam("application_id")).options(
        joinedload(FinalReport.application).joinedload(Application.round),
        joinedload(FinalReport.lines), joinedload(FinalReport.attachments), undefer(FinalReport.granted_in_force))


def own_report(application_id: int) -> FinalReport | None:
    """The final report of the applicant's (or their organisation's) application, with what its form shows (the
    case and its round, the lines, the files, the grant in force) in one statement; None while it has none.
    Another's is not found (404)."""
    report = db.session.execute(_report_to_write(), {"application_id": application_id}).unique().scalar_one_or_none()
    if report is not None and not report.application.is_own(current_user):
        abort(404)
    return report


def can_read(report: FinalReport, user, conflicted: bool | None = None) -> bool:
    """The applicant's own; staff who read reports, once it is sent, unless they declared a conflict of
    interest in the case (then it is as unknown to them as to a stranger). ``conflicted``: whether the user
    declared one, when it was read with the report (``page.report_page``); else it is asked (``barred``)."""
    if report.application.is_own(user):
        return True
    if not (getattr(user, "is_authenticated", False) and user.has_role(*READERS)
            and report.status != ReportStatus.DRAFT):
        return False
    return not (barred(user, report.application) if conflicted is None else conflicted)


def readable_claim(claim_id: int) -> RepaymentClaim:
    """A repayment claim, unless the reader declared a conflict of interest in its case (habilitet); 404
    otherwise. With what its page shows (the case, its organisation, the applicant's answer) in one statement."""
    found = db.session.get(RepaymentClaim, claim_id, options=[
        joinedload(RepaymentClaim.application).joinedload(Application.organisation),
        joinedload(RepaymentClaim.answer)])
    if found is None or found.application.is_own(current_user) or barred(current_user, found.application):
        abort(404)  # one's own case is handled by others
    return found


@cache
def _report_to_handle() -> Select:
    """The report by ``report_id`` with what returning or approving it changes and reads (its case, its
    versions). Built once and kept: SQLAlchemy keeps a statement's cache key on it, and working out one with
    many loader options cost more than the read when it was built anew for every request."""
    return select(FinalReport).where(FinalReport.id == bindparam("report_id")).options(
        joinedload(FinalReport.application), joinedload(FinalReport.versions))


def readable(report_id: int) -> FinalReport:
    """The report to change (``_report_to_handle``), if its reader may read it; the pages read theirs with
    ``readable_page``."""
    report = db.session.execute(_report_to_handle(), {"report_id": report_id}).unique().scalar_one_or_none()
    if report is None or not can_read(report, current_user):
        abort(404)
    return report


def readable_page(report_id: int) -> ReportPage:
    """What the report's pages show (``page.report_page``) in one statement, if its reader may read it."""
    found = report_page(report_id, current_user)
    if found is None or not can_read(found.report, current_user, found.conflicted):
        abort(404)
    return found


def handled_page(report_id: int) -> ReportPage:
    """``readable_page`` on the staff side: never one's own case (``handled``)."""
    found = readable_page(report_id)
    if found.application.is_own(current_user):
        abort(404)
    return found


@cache
def _report_with_case() -> Select:
    return (select(FinalReport, declared_conflict()).join(Application, Application.id == FinalReport.application_id)
            .where(FinalReport.id == bindparam("report_id"))
            .options(contains_eager(FinalReport.application), undefer(FinalReport.granted_in_force)))


def handled_case(report_id: int) -> FinalReport:
    """``handled`` for a page that shows the report's own fields and its case only (the claim form): the
    report, its application, the grant in force and whether the reader declared a conflict, in one statement."""
    row = db.session.execute(_report_with_case(), {"report_id": report_id, "user_id": current_user.id}).one_or_none()
    if row is None or not can_read(row.FinalReport, current_user, row.conflicted) \
            or row.FinalReport.application.is_own(current_user):
        abort(404)
    return row.FinalReport


def handled(report_id: int) -> FinalReport:
    """A report on the staff side (read, return, approve, claim back): never one's own case, which
    others handle (404, as to a stranger)."""
    report = readable(report_id)
    if report.application.is_own(current_user):
        abort(404)
    return report


def readable_attachment(report_id: int, attachment_id: int) -> ReportAttachment:
    """A file of a report its reader may read (``can_read``), with its bytes, and the report and application
    the check reads, in one statement: not the whole report, which its download does not show. 404 otherwise."""
    found = db.session.scalar(select(ReportAttachment).where(
        ReportAttachment.id == attachment_id, ReportAttachment.report_id == report_id).options(
        undefer(ReportAttachment.data),
        joinedload(ReportAttachment.report).joinedload(FinalReport.application)))
    if found is None or not can_read(found.report, current_user):
        abort(404)
    return found


def attachment_of(report: FinalReport, attachment_id: int) -> ReportAttachment:
    attachment = db.session.get(ReportAttachment, attachment_id)
    if attachment is None or attachment.report_id != report.id:
        abort(404)
    return attachment
