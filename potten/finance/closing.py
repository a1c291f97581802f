"""The grant closes (status "closed") when everything is paid and nothing is owed: the final report
is approved, every payout not cancelled is paid, and no repayment claim is open.

Whichever of these comes last closes it, in the same transaction: the last payout marked paid (or
the last one left cancelled) through the finance operations, which call ``close_if_complete`` after
their own change; the report approved or a claim paid back or waived through the reports area's
signals, which the receivers here answer (reports sits below finance and never imports it).
"""
from sqlalchemy import exists, select

from potten.applications.workflow import Status, move
from potten.extensions import db
from potten.finance.models import Payout, PayoutStatus
from potten.reports.models import ClaimStatus, FinalReport, RepaymentClaim, ReportStatus
from potten.reports.signals import claim_closed, report_approved


def what_is_left(application) -> list[str]:
    """Why the grant is not closed yet, as codes (empty: it may close): ``paid_out`` (a payout is not
    paid, or none was), ``report`` (the final report is not approved), ``claim`` (a claim is open)."""
    left = []
    if Status(application.status) != Status.DISBURSED:
        left.append("paid_out")
    report_approved_ = db.session.scalar(select(exists().where(
        FinalReport.application_id == application.id, FinalReport.status == ReportStatus.APPROVED)))
    if not report_approved_:
        left.append("report")
    unpaid = db.session.scalar(select(exists().where(
        Payout.application_id == application.id,
        Payout.status.not_in((PayoutStatus.PAID, PayoutStatus.CANCELLED)))))
    if unpaid and "paid_out" not in left:
        left.append("paid_out")
    claim_open = db.session.scalar(select(exists().where(
        RepaymentClaim.application_id == application.id, RepaymentClaim.status == ClaimStatus.OPEN)))
    if claim_open:
        left.append("claim")
    return left


def close_if_complete(application, actor) -> bool:
    """Close the grant if nothing is left to pay, report or pay back; the audit log records it
    (``application.closed``, by ``actor``: whoever did the last thing). True when it closed now."""
    if Status(application.status) != Status.DISBURSED or what_is_left(application):
        return False
    move(application, Status.CLOSED, actor, audit_action="application.closed",
         reason="paid_out_report_approved_nothing_owed")
    return True


@report_approved.connect
def _on_report_approved(report, actor=None, **kwargs) -> None:
    close_if_complete(report.application, actor)


@claim_closed.connect
def _on_claim_closed(claim, actor=None, **kwargs) -> None:
    close_if_complete(claim.application, actor)
