"""Grants with final reports and repayment claims, as the decisions and reports areas make them."""
from datetime import date, timedelta

from potten.core.time import today_local
from potten.decisions import budget
from potten.extensions import db
from potten.reports.models import FinalReport, RepaymentClaim, ReportStatus
from tests.factories import make_application, make_decision, make_user


def make_grant(applicant=None, round_=None, granted: int | None = None, due: date | None = None,
               organisation=None, accept: bool = True, **fields):
    """An approved application, its grant committed against the focus area and accepted by the
    applicant (which opens its final report, a draft due on ``due``, default in 30 days)."""
    from potten.applications.workflow import Status
    from potten.decisions.acceptance import accept_grant
    from potten.reports.queries import report_for

    application = make_application(applicant=applicant, round_=round_, status=Status.SUBMITTED,
                                   organisation=organisation, **fields)
    decision = make_decision(application, "approved" if granted is None else "partly_approved", granted=granted,
                             conditions="Vanlige vilkår", report_due=due or today_local() + timedelta(days=30))
    budget.commit(application.focus_area_id, decision.granted_amount)
    if not accept:
        return application, decision, None
    accept_grant(decision, application.applicant)
    return application, decision, report_for(application)


def make_report(application, due: date | None = None, status: ReportStatus = ReportStatus.DRAFT) -> FinalReport:
    from potten.reports.operations import lines_from_budget

    report = FinalReport(application_id=application.id, due_date=due or today_local() + timedelta(days=30),
                         status=status)
    report.lines = lines_from_budget(application)
    db.session.add(report)
    db.session.flush()
    return report


def make_claim(application, amount: int = 5_000, created_by=None) -> RepaymentClaim:
    claim = RepaymentClaim(application_id=application.id, amount=amount, reason="Pengene ble ikke brukt.",
                           answer_by=today_local() + timedelta(days=21),
                           created_by_id=(created_by or make_user("decision_maker")).id)
    db.session.add(claim)
    db.session.flush()
    return claim
