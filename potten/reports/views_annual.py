"""The annual report: staff start it, a worker builds it, staff download it when it is ready."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import undefer

from potten.accounts.models import named
from potten.core.i18n import current_locale
from potten.core.i18n import gettext as _
from potten.core.roles import roles_required
from potten.core.time import today_local
from potten.core.views import attempt, file_response
from potten.extensions import db
from potten.letters.models import DOCX
from potten.reports import access, annual, bp
from potten.reports.forms import AnnualReportForm
from potten.reports.models import AnnualReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILES = {"docx": (AnnualReport.docx, DOCX), "xlsx": (AnnualReport.xlsx, XLSX)}


@bp.route("/arsrapport", methods=["GET", "POST"])
@roles_required(*access.READERS)
def annual_reports():
    form = AnnualReportForm(data={"year": today_local().year - 1})
    if form.validate_on_submit() and attempt(form, annual.request_annual_report, form.year.data, current_user,
                                             current_locale().language):
        flash(_("The annual report is being made. Reload this page in a little while to download it."), "success")
        return redirect(url_for("reports.annual_reports"))
    made = db.session.scalars(select(AnnualReport).options(named(AnnualReport.requested_by))
                              .order_by(AnnualReport.id.desc()).limit(20)).all()
    status = 400 if form.errors or form.form_errors else 200
    return render_template("reports/annual.html", form=form, made=made), status


@bp.get("/arsrapport/<int:annual_report_id>.<kind>")
@roles_required(*access.READERS)
def annual_download(annual_report_id: int, kind: str):
    if kind not in FILES:
        abort(404)
    column, mimetype = FILES[kind]
    found = db.session.get(AnnualReport, annual_report_id, options=[undefer(column)])
    if found is None or not found.is_ready:
        abort(404)
    name = ("arsrapport-{year}.{kind}" if found.locale == "nb" else "annual-report-{year}.{kind}").format(
        year=found.year, kind=kind)
    return file_response(getattr(found, kind), mimetype, name)
