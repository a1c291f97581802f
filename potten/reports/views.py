"""The applicant's pages: write the final report (saved as a draft, autosaved), add photos and
attachments, send it; read it and what staff said."""

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from potten.applications.models import Application
from potten.core.dates import show_day
from potten.core.errors import DomainError
from potten.core.forms import ActionForm
from potten.core.i18n import gettext as _
from potten.core.time import today_local, utcnow
from potten.core.views import stored_file
from potten.extensions import db
from potten.reports import access, bp, operations, queries
from potten.reports.forms import ReportForm, UploadForm


def report_data(report) -> dict:
    r = report
    return {"activities": r.activities, "held_from": show_day(r.held_from), "held_to": show_day(r.held_to),
            "participants": "" if r.participants is None else str(r.participants),
            "target_groups": list(r.target_groups or []), "involvement": r.involvement,
            "dugnad_hours": "" if r.dugnad_hours is None else str(r.dugnad_hours),
            "worked_well": r.worked_well, "worked_badly": r.worked_badly,
            "actual": ["" if line.actual is None else str(line.actual) for line in r.lines],
            "other_funding": "" if r.other_funding is None else str(r.other_funding),
            "own_contribution": "" if r.own_contribution is None else str(r.own_contribution),
            "auditor_name": r.auditor_name, "confirmed": r.confirmed_by_id is not None}


def _open(application_id: int):
    report = access.own_report(application_id)
    application = report.application if report is not None else \
        access.own_application(application_id, (joinedload(Application.round),))
    try:
        return operations.open_report(application, current_user, report)
    except DomainError as exc:
        flash(str(exc.message), "warning")
        return None


@bp.route("/soknad/<int:application_id>/sluttrapport", methods=["GET", "POST"])
@login_required
def edit(application_id: int):
    report = _open(application_id)
    if report is None:
        return redirect(url_for("applications.show", application_id=application_id))
    if not report.is_editable:
        return redirect(url_for("reports.show", report_id=report.id))
    form = ReportForm() if request.method == "POST" else ReportForm(data=report_data(report))
    _fit_lines(form, report)
    if request.method == "POST":
        if not form.validate():
            return _render(report, form), 400
        # What is valid is kept even when something is wrong or the report cannot be sent yet:
        # these answers are 200, so the request edge commits the draft (a 400 would roll it back).
        errors = operations.save_report(report, form.typed(), current_user)
        if errors:
            _attach(form, errors)
            return _render(report, form, saved_with_errors=True)
        if request.form.get("go") != "send":
            flash(_("Saved at %(time)s.", time=_now()), "success")
            return redirect(url_for("reports.edit", application_id=application_id))
        try:
            operations.send_report(report, current_user)
        except operations.Incomplete as exc:
            _attach(form, exc.problems)
            return _render(report, form, tried=True)
        except DomainError as exc:
            form.form_errors.append(str(exc.message))
            return _render(report, form, tried=True)
        flash(_("The report is sent. We will read it and tell you when it is approved."), "success")
        return redirect(url_for("reports.show", report_id=report.id))
    return _render(report, form)


def _fit_lines(form, report) -> None:
    """One "actual cost" field per line of the approved budget."""
    while len(form.actual.entries) < len(report.lines):
        form.actual.append_entry("")
    while len(form.actual.entries) > len(report.lines):
        form.actual.pop_entry()


def _attach(form, errors: dict) -> None:
    for key, message in errors.items():
        if key.startswith("lines-"):
            field = form.actual.entries[int(key.split("-")[1])]
        else:
            field = form._fields.get(key)
        if field is None:
            form.form_errors.append(str(message))
        else:
            field.errors = [*field.errors, str(message)]


def _render(report, form, **context):
    granted = report.granted
    return render_template("reports/edit.html", report=report, application=report.application, form=form,
                           upload_form=UploadForm(), remove_form=ActionForm(),
                           needs_auditor=report.application.round.needs_auditor(granted),
                           sums=operations.accounts(report, granted), today=today_local(),
                           autosave_seconds=current_app.config.get("AUTOSAVE_SECONDS", 30), **context)


def _now() -> str:
    return format_datetime(utcnow(), "HH:mm")


@bp.post("/soknad/<int:application_id>/sluttrapport/autolagring")
@login_required
def autosave(application_id: int):
    """Saves the report while the applicant types (autosave.js); answers in JSON."""
    application = access.own_application(application_id)
    report = queries.report_for(application)
    if report is None or not report.is_editable:
        return jsonify(saved=False, message=_("This report has been sent and can no longer be changed.")), 409
    form = ReportForm()
    _fit_lines(form, report)
    if not form.validate():
        return jsonify(saved=False, message=str(form.csrf_token.errors[0])), 400
    data = form.typed()
    data.pop("confirmed", None)  # a confirmation is given with a button press, never by autosave
    errors = operations.save_report(report, data, current_user)
    message = _("Saved at %(time)s.", time=_now())
    if errors:
        message += " " + _("Some fields could not be saved yet: see the messages when you press “Save”.")
    return jsonify(saved=True, message=message, errors={k: str(v) for k, v in errors.items()})


@bp.post("/soknad/<int:application_id>/sluttrapport/vedlegg")
@login_required
def upload(application_id: int):
    """Add a photo or attachment (its own form, so a refused file never costs typed text)."""
    application = access.own_application(application_id)
    report = queries.report_for(application)
    if report is None:
        return redirect(url_for("reports.edit", application_id=application_id))
    form = UploadForm()
    if not form.validate():
        flash(_("The page had been open too long. Please try again."), "error")
    elif not form.file.data or not form.file.data.filename:
        flash(_("Choose a file first."), "error")
    else:
        try:
            found = operations.add_attachment(report, form.file.data.filename, form.file.data.read(), current_user,
                                              auditor_statement=form.auditor_statement.data == "y")
        except DomainError as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
        else:
            flash(_("“%(name)s” is added to the report.", name=found.filename), "success")
    anchor = "#auditor" if form.auditor_statement.data == "y" else "#attachments"
    return redirect(url_for("reports.edit", application_id=application_id) + anchor)


@bp.post("/soknad/<int:application_id>/sluttrapport/vedlegg/<int:attachment_id>/slett")
@login_required
def remove_attachment(application_id: int, attachment_id: int):
    application = access.own_application(application_id)
    report = queries.report_for(application)
    if report is None:
        return redirect(url_for("reports.edit", application_id=application_id))
    attachment = access.attachment_of(report, attachment_id)
    if not ActionForm().validate():
        flash(_("The page had been open too long. Please try again."), "error")
    else:
        name = attachment.filename
        try:
            operations.remove_attachment(attachment, current_user)
        except DomainError as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
        else:
            flash(_("“%(name)s” is removed.", name=name), "success")
    return redirect(url_for("reports.edit", application_id=application_id) + "#attachments")


@bp.get("/sluttrapport/<int:report_id>")
@login_required
def show(report_id: int):
    """The report as sent, with its versions and what staff said: for the applicant and staff."""
    page = access.readable_page(report_id)
    return render_template("reports/show.html", page=page, report=page.report, application=page.application,
                           sums=operations.accounts(page.report, page.granted, page.lines),
                           staff=not page.application.is_own(current_user))


@bp.get("/sluttrapport/<int:report_id>/vedlegg/<int:attachment_id>")
@login_required
def download(report_id: int, attachment_id: int):
    return stored_file(access.readable_attachment(report_id, attachment_id))



@bp.app_template_global()
def overdue_reports_of(user) -> list:
    """The overdue final reports of ``user``'s grants (and their organisations'): shown when
    they start a new application."""
    if not getattr(user, "is_authenticated", False):
        return []
    return queries.overdue_for_applicant(user)


@bp.app_template_global()
def report_of(application):
    """The final report of ``application``, if it has one (for the application page)."""
    return queries.report_for(application)


from potten.reports import views_annual, views_answer, views_staff  # noqa: E402,F401
