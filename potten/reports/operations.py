"""Final reports: open, save (drafts and autosave), send, return and approve; and, re-exported,
the repayment operations finance calls. Operations check the rule, change rows, write the
audit entry and flush; the caller commits."""
import hashlib

from sqlalchemy import update

from potten.applications import cleaning
from potten.applications.filetypes import safe_filename
from potten.applications.operations import checked_file
from potten.applications.workflow import Status
from potten.core import audit
from potten.core.errors import DomainError, IllegalTransition, NotAllowed
from potten.core.formatting import money
from potten.core.i18n import lazy_gettext as _l
from potten.core.time import utcnow
from potten.extensions import db
from potten.reports import queries
from potten.reports.models import (
    FinalReport,
    ReportAttachment,
    ReportLine,
    ReportStatus,
    ReportVersion,
    check_report_transition,
)
from potten.reports.repayment import (  # noqa: F401  (finance calls these from here)
    claim_repayment,
    decide_repayment,
    mark_repayment_paid,
    require_impartial,
    waive_repayment,
)
from potten.reports.signals import report_approved

MAX_ATTACHMENTS = 10
TEXTS = {"activities": 20_000, "involvement": 20_000, "worked_well": 20_000, "worked_badly": 20_000,
         "auditor_name": 200}


class Incomplete(DomainError):
    """The report cannot be sent yet; ``problems`` says what is missing, by field."""

    def __init__(self, problems: dict):
        super().__init__(_l("The report is not complete yet. See what is missing below."))
        self.problems = problems


def lines_from_budget(application) -> list[ReportLine]:
    return [ReportLine(position=i, budget_line_id=line.id, item=line.item, budgeted=line.amount)
            for i, line in enumerate(application.budget_lines)]


def open_report(application, actor, report: FinalReport | None = None) -> FinalReport:
    """The final report of ``application``'s grant, made (as an empty draft with the
    application's budget lines) the first time someone opens it. ``report``: the grant's report,
    when the caller has read it already."""
    report = report or queries.report_for(application)
    if report is not None:
        if not report.lines and report.is_editable and application.budget_lines:
            report.lines = lines_from_budget(application)  # opened by the reminder run, which makes no lines
            db.session.flush()
        return report
    if not queries.grant_accepted(application):
        raise IllegalTransition(_l("The final report opens when the grant has been accepted."))
    due = queries.report_due(application)
    report = FinalReport(application_id=application.id, due_date=due, status=ReportStatus.DRAFT,
                         lines=lines_from_budget(application))
    db.session.add(report)
    db.session.flush()
    audit.log("report.opened", report, actor=actor, application=application, after={"due_date": due})
    return report


def _require_editable(report: FinalReport, actor) -> None:
    if not report.application.is_own(actor):
        raise NotAllowed(_l("Only the applicant, or a member of the organisation, can write this report."))
    if Status(report.application.status) == Status.CLOSED:
        raise IllegalTransition(_l("This grant is closed, so its final report can no longer be changed."))
    if not report.is_editable:
        raise IllegalTransition(_l("This report has been sent and can no longer be changed."))


def save_report(report: FinalReport, data: dict, actor) -> dict:
    """Keep what is valid of ``data`` (what was typed, by field) on the draft; return a
    message per field that could not be kept. A draft may be incomplete."""
    _require_editable(report, actor)
    errors: dict = {}
    cleaners = {
        "activities": _text("activities"), "involvement": _text("involvement"),
        "worked_well": _text("worked_well"), "worked_badly": _text("worked_badly"),
        "auditor_name": _text("auditor_name"),
        "held_from": lambda v: cleaning.a_date(None, v), "held_to": lambda v: cleaning.a_date(None, v),
        "participants": cleaning.count, "dugnad_hours": cleaning.count,
        "other_funding": cleaning.kroner, "own_contribution": cleaning.kroner,
        "target_groups": lambda v: cleaning.target_groups(None, v),
    }
    for name, clean in cleaners.items():
        if name not in data:
            continue
        try:
            setattr(report, name, clean(data[name]))
        except cleaning.Invalid as exc:
            errors[name] = exc.message
    for i, typed in enumerate(data.get("actual", []) or []):
        if i >= len(report.lines):
            break
        try:
            report.lines[i].actual = cleaning.kroner(typed)
        except cleaning.Invalid as exc:
            errors[f"lines-{i}-actual"] = exc.message
    if "confirmed" in data:
        confirmed = data["confirmed"] in (True, "y", "on", "1")
        report.confirmed_by_id = actor.id if confirmed else None
        report.confirmed_at = utcnow() if confirmed else None
    if report.held_from and report.held_to and report.held_to < report.held_from:
        errors["held_to"] = _l("The end date cannot be before the start date.")
    report.updated_at = utcnow()
    db.session.flush()
    return errors


def _text(name: str):
    limit = TEXTS[name]

    def clean(value) -> str:
        value = (value or "").strip().replace("\r\n", "\n")
        if len(value) > limit:
            raise cleaning.Invalid(cleaning.too_long(limit, len(value)))
        return value
    return clean


def accounts(report: FinalReport, granted: int, lines=None) -> dict:
    """The report's accounts: costs against the approved budget, the funding, and what is left.
    ``lines``: the report's lines, when read without the report (``page.ReportPage``)."""
    lines = report.lines if lines is None else lines
    costs = sum(line.actual or 0 for line in lines)
    income = granted + (report.other_funding or 0) + (report.own_contribution or 0)
    return {"budgeted": sum(line.budgeted for line in lines), "costs": costs, "granted": granted,
            "other_funding": report.other_funding or 0, "own_contribution": report.own_contribution or 0,
            "income": income, "unused": max(0, min(granted, income - costs)), "short": max(0, costs - income)}


def problems(report: FinalReport) -> dict:
    """What must be filled in before the report can be sent, by field."""
    found: dict = {}
    if not report.activities:
        found["activities"] = _l("Describe what was done.")
    if report.held_from is None:
        found["held_from"] = _l("Write when the project started.")
    if report.held_to is None:
        found["held_to"] = _l("Write when the project ended.")
    if report.participants is None:
        found["participants"] = _l("Write how many took part.")
    if not report.target_groups:
        found["target_groups"] = _l("Choose which groups the project reached.")
    if report.dugnad_hours is None:
        found["dugnad_hours"] = _l("Write how many hours of volunteer work (dugnad) residents put in; 0 if none.")
    if not report.worked_well:
        found["worked_well"] = _l("Write what worked well.")
    if not report.worked_badly:
        found["worked_badly"] = _l("Write what did not work, or what you would do differently.")
    for i, line in enumerate(report.lines):
        if line.actual is None:
            found[f"lines-{i}-actual"] = _l("Write what “%(item)s” actually cost; 0 if nothing.", item=line.item)
    if report.other_funding is None:
        found["other_funding"] = _l("Write how much money you got from others; 0 if none.")
    if report.own_contribution is None:
        found["own_contribution"] = _l("Write how much of your own money you used; 0 if none.")
    return found


def auditor_problems(report: FinalReport, threshold: int) -> dict:
    """A grant above the round's threshold reports with an auditor's (revisor's) statement and name."""
    found: dict = {}
    if not report.auditor_name:
        found["auditor_name"] = _l("The grant is more than %(threshold)s, so an auditor (revisor) must check the "
                                   "accounts. Write the auditor's name.", threshold=money(threshold))
    if report.auditor_statement is None:
        found["auditor_file"] = _l("Add the auditor's statement that the accounts are correct (PDF, JPEG, PNG or "
                                   "Word).")
    return found


def send_report(report: FinalReport, actor) -> FinalReport:
    """Send the report for approval: checks everything at once, keeps what was sent as a
    version, and locks it. Raises ``Incomplete`` with every problem."""
    _require_editable(report, actor)
    application = report.application
    if queries.reports_closed(application):
        raise IllegalTransition(_l("This grant is closed, so no report can be sent for it. "
                                   "Contact the programme office."))
    found = problems(report)
    granted = queries.granted_amount(application)
    sums = accounts(report, granted)
    if not found and sums["short"]:
        found["other_funding"] = _l(
            "The accounts do not add up: the costs are %(costs)s kr, but the grant, the money from others and "
            "your own money come to %(income)s kr. Write who paid the remaining %(short)s kr under money from "
            "others or your own money, or correct the costs.",
            costs=sums["costs"], income=sums["income"], short=sums["short"])
    if application.round.needs_auditor(granted):
        found.update(auditor_problems(report, application.round.auditor_threshold))
    if report.confirmed_by_id is None or not application.is_own(report.confirmed_by):
        found["confirmed"] = _l("Confirm that the accounts are correct.") if application.organisation_id is None \
            else _l("A member of the organisation must confirm that the accounts are correct.")
    if found:
        raise Incomplete(found)
    current = ReportStatus(report.status)
    check_report_transition(current, ReportStatus.SENT)
    _move(report, current, ReportStatus.SENT, version=report.version + 1, sent_at=utcnow(),
          unused_amount=sums["unused"], return_comment="")
    db.session.add(ReportVersion(report_id=report.id, version=report.version, content=snapshot(report, sums),
                                 sent_by_id=actor.id))
    audit.log("report.sent", report, actor=actor, application=application,
              before={"status": current}, after={"status": ReportStatus.SENT, "version": report.version,
                                                 "costs": sums["costs"], "unused": sums["unused"]})
    return report


def snapshot(report: FinalReport, sums: dict) -> dict:
    """What was sent, as plain data: kept unchanged when the report is corrected later."""
    return {
        "activities": report.activities, "held_from": report.held_from and report.held_from.isoformat(),
        "held_to": report.held_to and report.held_to.isoformat(), "participants": report.participants,
        "target_groups": list(report.target_groups or []), "involvement": report.involvement,
        "dugnad_hours": report.dugnad_hours, "worked_well": report.worked_well, "worked_badly": report.worked_badly,
        "lines": [{"item": line.item, "budgeted": line.budgeted, "actual": line.actual} for line in report.lines],
        "accounts": sums, "attachments": [a.filename for a in report.attachments],
        "confirmed_by": report.confirmed_by.name if report.confirmed_by else None,
        "auditor_name": report.auditor_name,
        "auditor_statement": report.auditor_statement.filename if report.auditor_statement else None,
    }


def _move(report: FinalReport, current: ReportStatus, target: ReportStatus, **values) -> None:
    """A conditional update: of two people acting on the same report at once, the second is refused."""
    changed = db.session.execute(
        update(FinalReport).where(FinalReport.id == report.id, FinalReport.status == current)
        .values(status=target, **values).execution_options(synchronize_session=False)).rowcount
    db.session.refresh(report)
    if changed != 1:
        raise IllegalTransition(_l("Someone else changed this report just now: it is now “%(status)s”. "
                                   "Look at it again before you go on.",
                                   status=ReportStatus(report.status).label))


def _can_handle(actor) -> bool:
    from potten.core.roles import Role

    return actor.has_role(Role.DECISION_MAKER, Role.ADMIN)


def return_report(report: FinalReport, comment: str, actor) -> FinalReport:
    """Send the report back to the applicant for correction, saying what to correct."""
    comment = (comment or "").strip()
    if not _can_handle(actor):
        raise NotAllowed(_l("Only a decision maker can return a report."))
    require_impartial(actor, report.application)
    if not comment:
        raise DomainError(_l("Say what the applicant must correct."), field="comment")
    current = ReportStatus(report.status)
    check_report_transition(current, ReportStatus.RETURNED)
    _move(report, current, ReportStatus.RETURNED, return_comment=comment, handled_by_id=actor.id,
          handled_at=utcnow(), confirmed_by_id=None, confirmed_at=None)
    _close_version(report, "returned", comment, actor)
    audit.log("report.returned", report, actor=actor, application=report.application,
              before={"status": current}, after={"status": ReportStatus.RETURNED, "comment": comment})
    return report


def approve_report(report: FinalReport, actor, comment: str = "") -> FinalReport:
    """Approve the sent report. Finance reads the approval: what the payout plan held back
    becomes due, and the unused money (``unused_amount``) may be claimed back."""
    if not _can_handle(actor):
        raise NotAllowed(_l("Only a decision maker can approve a report."))
    require_impartial(actor, report.application)
    current = ReportStatus(report.status)
    check_report_transition(current, ReportStatus.APPROVED)
    _move(report, current, ReportStatus.APPROVED, handled_by_id=actor.id, handled_at=utcnow())
    _close_version(report, "approved", (comment or "").strip(), actor)
    audit.log("report.approved", report, actor=actor, application=report.application,
              before={"status": current}, after={"status": ReportStatus.APPROVED,
                                                 "unused_amount": report.unused_amount})
    report_approved.send(report, actor=actor)
    return report


def _close_version(report: FinalReport, outcome: str, comment: str, actor) -> None:
    version = next((v for v in report.versions if v.version == report.version), None)
    if version is not None:
        version.outcome, version.comment, version.handled_by_id, version.handled_at = \
            outcome, comment, actor.id, utcnow()
    db.session.flush()


def add_attachment(report: FinalReport, filename: str, data: bytes, actor,
                   auditor_statement: bool = False) -> ReportAttachment:
    """Keep a photo or document, if it really is a PDF, JPEG, PNG or Word file and not too
    large (the same rules as the application's attachments). ``auditor_statement``: it is the
    auditor's statement, and replaces the one added before."""
    _require_editable(report, actor)
    name, kind = checked_file(filename, data)
    earlier = report.auditor_statement if auditor_statement else None
    if earlier is not None:
        remove_attachment(earlier, actor)
    elif len([a for a in report.attachments if not a.auditor_statement]) >= MAX_ATTACHMENTS and not auditor_statement:
        raise DomainError(_l("A report can have at most %(count)d attachments. Remove one first.",
                             count=MAX_ATTACHMENTS), field="file")
    attachment = ReportAttachment(filename=safe_filename(name, kind), content_type=kind.content_type,
                                  size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data,
                                  uploaded_by_id=actor.id, auditor_statement=auditor_statement)
    report.attachments.append(attachment)
    db.session.flush()
    audit.log("report.attachment_added", attachment, actor=actor, application=report.application,
              after={"filename": attachment.filename, "size": len(data), "sha256": attachment.sha256,
                     **({"auditor_statement": True} if auditor_statement else {})})
    return attachment


def remove_attachment(attachment: ReportAttachment, actor) -> None:
    report = attachment.report
    _require_editable(report, actor)
    audit.log("report.attachment_removed", attachment, actor=actor, application=report.application,
              before={"filename": attachment.filename})
    report.attachments.remove(attachment)
    db.session.flush()

