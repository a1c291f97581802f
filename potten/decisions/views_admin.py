"""The programme office's pages: move budget between focus areas, standard reasons, default conditions."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from potten.core.fields import options
from potten.core.i18n import gettext as _
from potten.core.roles import Role, roles_required
from potten.core.views import attempt, form_status
from potten.decisions import bp, operations
from potten.decisions.budget import move_budget
from potten.decisions.forms import BudgetMoveForm, DefaultsForm, ReasonToggleForm, StandardReasonForm
from potten.decisions.models import BudgetMove, StandardReason
from potten.extensions import db
from potten.rounds.models import FocusArea, Round


@bp.route("/vedtak/utlysning/<int:round_id>/budsjett", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def budget(round_id: int):
    round_ = db.session.get(Round, round_id) or abort(404)
    form = BudgetMoveForm()
    form.from_area.choices = form.to_area.choices = options([(a.id, a.label) for a in round_.focus_areas])
    if form.validate_on_submit():
        source, target = db.session.get(FocusArea, form.from_area.data), db.session.get(FocusArea, form.to_area.data)
        if attempt(form, move_budget, round_, source, target, form.amount.data, form.reason.data, current_user):
            flash(_("The budget is moved."), "success")
            return redirect(url_for("decisions.budget", round_id=round_.id))
    moves = db.session.scalars(select(BudgetMove).where(BudgetMove.round_id == round_.id)
                               .order_by(BudgetMove.moved_at.desc())).all()
    return render_template("decisions/budget.html", round=round_, form=form, moves=moves), form_status(form)


@bp.route("/vedtak/standardbegrunnelser", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def standard_reasons():
    form, toggle = StandardReasonForm(), ReasonToggleForm()
    if request.method == "POST" and request.form.get("action") in ("retire", "restore"):
        if toggle.validate():
            found = db.session.get(StandardReason, int(toggle.reason_id.data)) if toggle.reason_id.data.isdigit() \
                else None
            if found is None:
                abort(404)
            operations.set_standard_reason_active(found, request.form["action"] == "restore", current_user)
            flash(_("The standard reason is updated."), "success")
        return redirect(url_for("decisions.standard_reasons"))
    if form.validate_on_submit():
        if attempt(form, operations.add_standard_reason, form.text.data, form.text_en.data, current_user):
            flash(_("The standard reason is added."), "success")
            return redirect(url_for("decisions.standard_reasons"))
    reasons = db.session.scalars(select(StandardReason).order_by(StandardReason.active.desc(),
                                                                 StandardReason.id)).all()
    return render_template("decisions/standard_reasons.html", form=form, reasons=reasons,
                           toggle=toggle), form_status(form)


@bp.route("/vedtak/standardbegrunnelser/<int:reason_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_standard_reason(reason_id: int):
    found = db.session.get(StandardReason, reason_id) or abort(404)
    form = StandardReasonForm(obj=found if request.method == "GET" else None)
    if form.validate_on_submit():
        if attempt(form, operations.edit_standard_reason, found, form.text.data, form.text_en.data, current_user):
            flash(_("The standard reason is updated."), "success")
            return redirect(url_for("decisions.standard_reasons"))
    return render_template("decisions/standard_reason_edit.html", form=form, reason=found), form_status(form)


@bp.route("/vedtak/utlysning/<int:round_id>/vilkar", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def defaults(round_id: int):
    round_ = db.session.get(Round, round_id) or abort(404)
    current = operations.defaults_for(round_)
    form = DefaultsForm(obj=current if request.method == "GET" else None)
    if form.validate_on_submit():
        if attempt(form, operations.save_defaults, round_, form.conditions.data, form.conditions_en.data,
                   current_user):
            flash(_("The default conditions are saved."), "success")
            return redirect(url_for("decisions.overview"))
    return render_template("decisions/defaults.html", round=round_, form=form), form_status(form)
