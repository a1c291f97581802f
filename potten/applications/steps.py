"""The application form in steps: about the project, budget and payment, attachments, check and send.

Every step saves what is valid when the applicant saves or moves on, and shows
again exactly what was typed, with a message by each field we could not keep.
"""
from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from potten.applications import access, bp, checks, operations
from potten.applications.cleaning import format_account
from potten.applications.forms import EMPTY_BUDGET_ROWS, AboutForm, BudgetForm, BudgetLineForm, CheckForm
from potten.applications.models import Application
from potten.core.dates import show_day
from potten.core.i18n import gettext as _
from potten.core.time import utcnow
from potten.core.views import attempt
from potten.rounds.models import Round

STEPS = ("about", "budget", "attachments", "check")
MAX_EXTRA_ROWS = 30


def check_loads() -> tuple:
    """What checking and sending read (the rules, the receipt mail), in the query that loads the application.
    (A function: building the options at import time would configure the mappers too early.)"""
    return (joinedload(Application.round).joinedload(Round.focus_areas),
            joinedload(Application.budget_lines), joinedload(Application.attachments))


def about_data(application) -> dict:
    a = application
    return {"title": a.title, "summary": a.summary, "description": a.description,
            "focus_area_id": str(a.focus_area_id) if a.focus_area_id else None,
            "target_groups": list(a.target_groups or []), "location": a.location,
            "start_date": show_day(a.start_date), "end_date": show_day(a.end_date),
            "expected_participants": "" if a.expected_participants is None else str(a.expected_participants)}


def budget_data(application) -> dict:
    a = application
    return {"budget_lines": [{"item": line.item, "amount": str(line.amount)} for line in a.budget_lines],
            "other_funding": str(a.other_funding), "own_contribution": str(a.own_contribution),
            "volunteer_hours": str(a.volunteer_hours),
            "requested_amount": "" if a.requested_amount is None else str(a.requested_amount),
            "bank_account": format_account(a.bank_account)}


def step_url(application, step: str, **values) -> str:
    return url_for(f"applications.{step}", application_id=application.id, **values)


@bp.route("/soknad/<int:application_id>/om-prosjektet", methods=["GET", "POST"])
@login_required
def about(application_id: int):
    application = access.editable(application_id, (joinedload(Application.round).joinedload(Round.focus_areas),))
    form = AboutForm() if request.method == "POST" else AboutForm(data=about_data(application))
    form.set_round(application.round)
    return _step(application, form, "about")


@bp.route("/soknad/<int:application_id>/budsjett", methods=["GET", "POST"])
@login_required
def budget(application_id: int):
    application = access.editable(application_id, (joinedload(Application.round), joinedload(Application.budget_lines)))
    if request.method == "POST":
        form = BudgetForm()
    else:
        form = BudgetForm(data=budget_data(application))
        form.add_empty_rows(min(MAX_EXTRA_ROWS, request.args.get("rader", EMPTY_BUDGET_ROWS, type=int)))
    return _step(application, form, "budget")


def _step(application, form, step: str):
    if request.method != "POST":
        return _render(application, form, step)
    if not form.validate():  # only the CSRF token can fail: nothing is saved, all is shown again
        return _render(application, form, step), 400
    errors = operations.save_draft(application, form.draft_data(), current_user)  # keeps what is valid
    go = request.form.get("go", "stay")
    if errors:
        _attach_errors(form, errors)
        if go == "add_line":
            form.add_empty_rows(1)
        return _render(application, form, step, saved_with_errors=True)
    flash(_("Saved at %(time)s.", time=_now()), "success")
    if go == "add_line":
        blank = sum(1 for e in form.budget_lines.entries if not (e.form.item.data or e.form.amount.data))
        return redirect(step_url(application, step, rader=min(MAX_EXTRA_ROWS, blank + 1)) + "#budget_lines")
    return redirect(step_url(application, _target(step, go)))


def _target(step: str, go: str) -> str:
    here = STEPS.index(step)
    if go == "next":
        return STEPS[min(here + 1, len(STEPS) - 1)]
    if go == "prev":
        return STEPS[max(here - 1, 0)]
    return go if go in STEPS else step


def _render(application, form, step: str, **context):
    if step == "budget":
        context["template_line"] = BudgetLineForm(prefix="budget_lines-__n__-")
    return render_template(f"applications/step_{step}.html", application=application, form=form, step=step,
                           steps=STEPS, autosave_seconds=current_app.config.get("AUTOSAVE_SECONDS", 30),
                           **context)


def _attach_errors(form, errors: dict) -> None:
    """Put each message from the operation by its field (budget rows are ``budget_lines-<n>-<field>``)."""
    for key, message in errors.items():
        field = form._fields.get(key)
        if field is None and key.startswith("budget_lines-"):
            _prefix, index, name = key.split("-")
            field = form.budget_lines.entries[int(index)].form[name]
        if field is not None:
            field.errors = [*field.errors, str(message)]


def _now() -> str:
    return format_datetime(utcnow(), "HH:mm")


@bp.post("/soknad/<int:application_id>/autolagring")
@login_required
def autosave(application_id: int):
    """Saves a step while the applicant types (autosave.js); answers in JSON."""
    application = access.own(application_id)
    if not application.is_editable:
        return jsonify(saved=False, message=_("This application has been sent and can no longer be changed.")), 409
    form_class = {"about": AboutForm, "budget": BudgetForm}.get(request.form.get("step", ""))
    if form_class is None:
        return jsonify(saved=False, message=_("We could not save automatically. Press “Save”.")), 400
    form = form_class()
    if not form.validate():
        return jsonify(saved=False, message=str(form.csrf_token.errors[0])), 400
    errors = operations.save_draft(application, form.draft_data(), current_user)
    message = _("Saved at %(time)s.", time=_now())
    if errors:
        message += " " + _("Some fields could not be saved yet: see the messages when you press “Save”.")
    return jsonify(saved=True, message=message, errors={k: str(v) for k, v in errors.items()})


@bp.route("/soknad/<int:application_id>/kontroll", methods=["GET", "POST"])
@login_required
def check(application_id: int):
    application = access.editable(application_id, check_loads())
    form = CheckForm(data={"privacy_consent": application.privacy_consent, "publish_name": application.publish_name})
    if request.method == "GET":
        preview = checks.problems(application, current_user)
        preview.pop("privacy_consent", None)  # the box is right here on the page
        return _render(application, form, "check", problems=_links(application, preview))
    if not form.validate():
        return _render(application, form, "check", problems=[]), 400
    done = attempt(form, operations.send, application, form.privacy_consent.data, current_user,
                   publish_name=form.publish_name.data)
    if not done:  # a rule refused it (the deadline passed): shown on the form, nothing kept
        return _render(application, form, "check", problems=[], tried=True), 400
    if done.value:  # not complete yet: the consent is kept (the answer is 200, so the edge commits it)
        return _render(application, form, "check", problems=_links(application, done.value), tried=True)
    # application_id, not application.id: after the commit that would load the row again
    return redirect(url_for("applications.receipt", application_id=application_id))


def _links(application, problems: dict) -> list[tuple[str, str]]:
    """(where to fix it, message) for each problem, linking to the field on its step."""
    out = []
    for field, message in problems.items():
        if field == "email":
            href = url_for("accounts.profile")
        elif field == "privacy_consent":
            href = "#privacy_consent"
        else:
            href = step_url(application, checks.STEP_OF[field]) + "#" + field
        out.append((href, str(message)))
    return out
