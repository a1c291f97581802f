"""The annual report (årsrapport): per focus area of a year's rounds, the number of
applications and grants, the amounts granted, paid and repaid, the participants and dugnad
hours the approved final reports tell of, and one paragraph per finished project.

Staff start it (``request_annual_report``); a worker builds the .docx and .xlsx
(``potten/reports/annual_job.py``) and stores them on the row; staff download them when ready.
The wording and order of the .docx live in ``templates/reports/annual_<lang>.txt``.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.core import audit, outbox
from potten.core.errors import DomainError
from potten.core.i18n import lazy_gettext as _l
from potten.decisions.models import Decision
from potten.extensions import db
from potten.reports.models import AnnualReport, ClaimStatus, FinalReport, RepaymentClaim, ReportStatus
from potten.rounds.models import FocusArea, Round, localized

PAID_STATES = (Status.DISBURSED, Status.CLOSED)
# fn(application_ids) -> {application_id: kroner paid}: the finance desk registers how much
# it has paid out of each grant. Until it does, a grant counts as paid when the
# application is paid out (disbursed) or closed.
PAID_SOURCES: list = []


@dataclass
class AreaFigures:
    name: str
    applications: int = 0
    grants: int = 0
    granted: int = 0
    paid: int = 0
    repaid: int = 0
    participants: int = 0
    dugnad_hours: int = 0
    projects: list[dict] = field(default_factory=list)


def request_annual_report(year: int | None, actor, locale: str = "nb") -> AnnualReport:
    """Ask a worker to build the annual report of ``year``."""
    if year is None or not 2000 <= year <= 2100:
        raise DomainError(_l("Enter a year between 2000 and 2100."), field="year")
    if not db.session.scalar(select(func.count()).select_from(Round).where(Round.year == year)):
        raise DomainError(_l("There is no round in %(year)s, so there is nothing to report.", year=year),
                          field="year")
    found = AnnualReport(year=year, locale=locale if locale in ("nb", "en") else "nb", requested_by_id=actor.id)
    db.session.add(found)
    db.session.flush()
    entry = outbox.add("build_annual_report", annual_report_id=found.id)
    db.session.flush()
    found.entry_id = entry.id
    audit.log("annual_report.requested", found, actor=actor, after={"year": year, "locale": found.locale})
    return found


def figures(year: int) -> list[AreaFigures]:
    """The year's figures per focus area, in the rounds' order (a few queries, whatever the size)."""
    areas = db.session.execute(
        select(FocusArea.id, FocusArea.name, FocusArea.name_en).join(Round, Round.id == FocusArea.round_id)
        .where(Round.year == year).order_by(Round.opens_at, FocusArea.position)).all()
    out = {a.id: AreaFigures(localized(a.name, a.name_en)) for a in areas}
    if not out:
        return []
    sent = Application.status != Status.DRAFT
    for area_id, count in db.session.execute(
            select(Application.focus_area_id, func.count()).where(Application.focus_area_id.in_(out), sent)
            .group_by(Application.focus_area_id)):
        out[area_id].applications = count
    grants = db.session.execute(
        select(Application.id, Application.focus_area_id, Application.status, Decision.granted_amount)
        .join(Decision, Decision.application_id == Application.id)
        .where(Application.focus_area_id.in_(out), Decision.in_force.is_(True), Decision.granted_amount > 0)).all()
    paid = paid_amounts([g.id for g in grants], {g.id: g for g in grants})
    for g in grants:
        figures_ = out[g.focus_area_id]
        figures_.grants += 1
        figures_.granted += g.granted_amount
        figures_.paid += paid.get(g.id, 0)
    for area_id, amount in db.session.execute(
            select(Application.focus_area_id, func.sum(RepaymentClaim.amount))
            .join(RepaymentClaim, RepaymentClaim.application_id == Application.id)
            .where(Application.focus_area_id.in_(out), RepaymentClaim.status == ClaimStatus.PAID)
            .group_by(Application.focus_area_id)):
        out[area_id].repaid = amount or 0
    for report, application in db.session.execute(
            select(FinalReport, Application).join(Application, Application.id == FinalReport.application_id)
            .where(Application.focus_area_id.in_(out), FinalReport.status == ReportStatus.APPROVED)
            .order_by(Application.case_number)):
        figures_ = out[application.focus_area_id]
        figures_.participants += report.participants or 0
        figures_.dugnad_hours += report.dugnad_hours or 0
        figures_.projects.append({
            "case_number": application.case_number, "title": application.title,
            "applicant": application.applicant_name, "participants": report.participants or 0,
            "dugnad_hours": report.dugnad_hours or 0, "activities": report.activities,
            "worked_well": report.worked_well, "worked_badly": report.worked_badly,
            "spent": report.spent_total, "unused": report.unused_amount or 0})
    return list(out.values())


def paid_amounts(application_ids: list[int], grants: dict) -> dict[int, int]:
    if PAID_SOURCES:
        paid: dict[int, int] = defaultdict(int)
        for source in PAID_SOURCES:
            for app_id, amount in source(application_ids).items():
                paid[app_id] += amount
        return paid
    return {app_id: g.granted_amount for app_id, g in grants.items() if Status(g.status) in PAID_STATES}


def totals(areas: list[AreaFigures]) -> AreaFigures:
    total = AreaFigures("")
    for area in areas:
        for name in ("applications", "grants", "granted", "paid", "repaid", "participants", "dugnad_hours"):
            setattr(total, name, getattr(total, name) + getattr(area, name))
    return total
