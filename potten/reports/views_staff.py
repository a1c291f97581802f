"""Staff pages: reports to read, the overdue list, approve or return a report, claim money back."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from potten.core.i18n import gettext as _
from potten.core.roles import roles_required
from potten.core.time import today_local
from potten.core.views import attempt
from potten.reports import access, bp, lists_html, operations, queries, repayment
from potten.reports.forms import ApproveForm, ClaimDecisionForm, ClaimForm, ReturnForm
from potten.reports.models import ReportStatus

TABS = {"sendt": ReportStatus.SENT, "returnert": ReportStatus.RETURNED, "godkjent": ReportStatus.APPROVED}


@bp.get("/sluttrapporter")
@roles_required(*access.READERS)
def overview():
    tab = request.args.get("vis", "sendt")
    status = TABS.get(tab)
    if status is None:
        abort(404)
    page = max(1, request.args.get("side", 1, type=int))
    reports, counts = queries.by_status(status, page, current_user.id)
    return render_template("reports/overview.html", reports=reports, rows=lists_html.overview_rows(reports),
                           total=counts.get(status, 0), page=page, tab=tab, tabs=TABS, counts=counts,
                           page_size=queries.PAGE_SIZE)


@bp.get("/sluttrapporter/forfalt")
@roles_required(*access.READERS)
def overdue():
    page = max(1, request.args.get("side", 1, type=int))
    today = today_local()
    reports, total = queries.overdue(today, page, current_user.id)
    return render_template("reports/overdue.html", reports=reports, rows=lists_html.overdue_rows(reports, today),
                           total=total, page=page, page_size=queries.PAGE_SIZE)


def _handling_page(report_id: int, return_form=None, approve_form=None, status: int = 200):
    """The staff's report page, read anew (after a refused return or approval too: its rollback has
    expired what the handler read)."""
    page = access.handled_page(report_id)
    handles = page.report.status == ReportStatus.SENT and current_user.has_role(*access.HANDLERS)
    if handles or return_form is not None or approve_form is not None:  # shown, or showing what was refused
        return_form, approve_form = return_form or ReturnForm(), approve_form or ApproveForm()
    return render_template("reports/review.html", page=page, report=page.report, application=page.application,
                           sums=operations.accounts(page.report, page.granted, page.lines), granted=page.granted,
                           handles=handles, return_form=return_form, approve_form=approve_form), status


@bp.get("/sluttrapporter/<int:report_id>")
@roles_required(*access.READERS)
def review(report_id: int):
    """The staff's report page: the report with its accounts next to the approved budget."""
    return _handling_page(report_id)


@bp.post("/sluttrapporter/<int:report_id>/returner")
@roles_required(*access.HANDLERS)
def return_report(report_id: int):
    report = access.handled(report_id)
    form = ReturnForm()
    if form.validate() and attempt(form, operations.return_report, report, form.comment.data, current_user):
        flash(_("The report is returned to the applicant with your comment."), "success")
        return redirect(url_for("reports.review", report_id=report_id))
    return _handling_page(report_id, return_form=form, status=400)


@bp.post("/sluttrapporter/<int:report_id>/godkjenn")
@roles_required(*access.HANDLERS)
def approve(report_id: int):
    report = access.handled(report_id)
    form = ApproveForm()
    if form.validate() and attempt(form, operations.approve_report, report, current_user, form.note.data):
        flash(_("The report is approved."), "success")
        return redirect(url_for("reports.review", report_id=report_id))
    return _handling_page(report_id, approve_form=form, status=400)


@bp.route("/sluttrapporter/<int:report_id>/krav", methods=["GET", "POST"])
@roles_required(*access.HANDLERS)
def new_claim(report_id: int):
    """Claim money back: the advance notice (forvaltningsloven § 16) goes to the applicant."""
    report = access.handled_case(report_id)
    granted = report.granted  # the decision in force's grant, read with the report
    form = ClaimForm()
    if request.method == "GET" and report.unused_amount:
        form.amount.data = report.unused_amount
    if form.validate_on_submit() and attempt(form, repayment.claim_repayment, report.application, form.amount.data,
                                             form.reason.data, form.answer_by.data, current_user, granted=granted):
        flash(_("The advance notice is sent to the applicant."), "success")
        return redirect(url_for("reports.review", report_id=report_id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("reports/claim_new.html", report=report, application=report.application, form=form,
                           granted=granted), status


@bp.route("/tilbakebetaling/<int:claim_id>", methods=["GET", "POST"])
@roles_required(*access.READERS)
def claim(claim_id: int):
    """A repayment claim; a decision maker makes the repayment decision (§ 35) here."""
    found = access.readable_claim(claim_id)
    form = ClaimDecisionForm()
    if request.method == "GET":
        form.amount.data = found.amount
    if request.method == "POST":
        if not current_user.has_role(*access.HANDLERS):
            abort(403)
        if form.validate() and attempt(form, repayment.decide_repayment, found, form.amount.data, form.pay_by.data,
                                       current_user):
            flash(_("The repayment decision is sent to the applicant."), "success")
            return redirect(url_for("reports.claim", claim_id=claim_id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("reports/claim.html", claim=found, application=found.application, form=form,
                           report=queries.report_for(found.application), today=today_local()), status

