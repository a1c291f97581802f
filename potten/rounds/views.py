"""The programme office's pages for rounds: open one, change its deadline,
focus areas with budgets, and criteria with weights."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from potten.core.i18n import gettext as _
from potten.core.roles import Role, roles_required
from potten.core.views import attempt, button_action, form_status
from potten.extensions import db
from potten.rounds import bp, operations, queries
from potten.rounds.forms import CriterionForm, FocusAreaForm, RoundForm
from potten.rounds.models import Criterion, FocusArea, Round


@bp.get("/admin/runder")
@roles_required(Role.ADMIN)
def index():
    return render_template("rounds/index.html", rounds=queries.all_rounds(), status=queries.status)


@bp.route("/admin/runder/ny", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new():
    form = RoundForm()
    if form.validate_on_submit() and (done := attempt(form, operations.open_round, current_user, **form.details())):
        flash(_("The round is opened. Now add its focus areas and criteria."), "success")
        return redirect(url_for("rounds.edit", round_id=done.value.id))
    return render_template("rounds/new.html", form=form), form_status(form)


@bp.route("/admin/runder/<int:round_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(round_id: int):
    # its focus areas and criteria (a handful each) in the same statement
    round_ = db.session.get(Round, round_id, options=[joinedload(Round.focus_areas), joinedload(Round.criteria)])
    if round_ is None:
        abort(404)
    form = RoundForm(data=RoundForm.initial(round_))
    saved = _saved(form, lambda: operations.change_round(round_, current_user, **form.details()),
                   _("The changes are saved."), round_id)
    return saved or _page("rounds/edit.html", form, round=round_, history=queries.history(round_))


@bp.route("/admin/runder/<int:round_id>/innsatsomrader/ny", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_focus_area(round_id: int):
    round_ = db.session.get(Round, round_id) or abort(404)
    form = FocusAreaForm()
    saved = _saved(form, lambda: operations.add_focus_area(round_, current_user, **form.details()),
                   _("The focus area is added."), round_id, "focus-areas")
    return saved or _page("rounds/focus_area.html", form, round=round_, area=None)


@bp.route("/admin/runder/<int:round_id>/innsatsomrader/<int:focus_area_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_focus_area(round_id: int, focus_area_id: int):
    area = _part(FocusArea, focus_area_id, round_id)
    form = FocusAreaForm(data=FocusAreaForm.initial(area))
    saved = _saved(form, lambda: operations.change_focus_area(area, current_user, **form.details()),
                   _("The changes are saved."), round_id, "focus-areas")
    return saved or _page("rounds/focus_area.html", form, round=area.round, area=area,
                          removable=not operations.focus_area_in_use(area))


@bp.post("/admin/runder/<int:round_id>/innsatsomrader/<int:focus_area_id>/fjern")
@roles_required(Role.ADMIN)
def remove_focus_area(round_id: int, focus_area_id: int):
    area = _part(FocusArea, focus_area_id, round_id)
    return _removed(lambda: operations.remove_focus_area(area, current_user), _("The focus area is removed."),
                   round_id, "focus-areas", url_for("rounds.edit_focus_area", round_id=round_id,
                                                    focus_area_id=focus_area_id))


@bp.route("/admin/runder/<int:round_id>/kriterier/ny", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_criterion(round_id: int):
    round_ = db.session.get(Round, round_id) or abort(404)
    form = CriterionForm()
    saved = _saved(form, lambda: operations.add_criterion(round_, current_user, **form.details()),
                   _("The criterion is added."), round_id, "criteria")
    return saved or _page("rounds/criterion.html", form, round=round_, criterion=None)


@bp.route("/admin/runder/<int:round_id>/kriterier/<int:criterion_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_criterion(round_id: int, criterion_id: int):
    criterion = _part(Criterion, criterion_id, round_id)
    form = CriterionForm(data=CriterionForm.initial(criterion))
    saved = _saved(form, lambda: operations.change_criterion(criterion, current_user, **form.details()),
                   _("The changes are saved."), round_id, "criteria")
    return saved or _page("rounds/criterion.html", form, round=criterion.round, criterion=criterion,
                          removable=not operations.criterion_in_use(criterion))


@bp.post("/admin/runder/<int:round_id>/kriterier/<int:criterion_id>/fjern")
@roles_required(Role.ADMIN)
def remove_criterion(round_id: int, criterion_id: int):
    criterion = _part(Criterion, criterion_id, round_id)
    return _removed(lambda: operations.remove_criterion(criterion, current_user), _("The criterion is removed."),
                   round_id, "criteria", url_for("rounds.edit_criterion", round_id=round_id,
                                                 criterion_id=criterion_id))


def _page(template: str, form, **context):
    """The page with its form; a form with errors answers 400."""
    return render_template(template, form=form, **context), form_status(form)


def _part(model, part_id: int, round_id: int):
    """A focus area or criterion, only through the round it belongs to (read with it: the page shows it)."""
    part = db.session.get(model, part_id, options=[joinedload(model.round)])
    if part is None or part.round_id != round_id:
        abort(404)
    return part


def _saved(form, operation, message: str, round_id: int, anchor: str | None = None):
    """On a valid POST that the operation accepts: the redirect back to the round, else None
    (the form is shown again). An operation that returns False changed nothing, and the page says so."""
    if not form.validate_on_submit():
        return None
    done = attempt(form, operation)
    if not done:
        return None
    flash(_("Nothing was changed.") if done.value is False else message, "success")
    return redirect(url_for("rounds.edit", round_id=round_id, _anchor=anchor))


def _removed(operation, message: str, round_id: int, anchor: str, back: str):
    """A removal behind a plain button: to the round when done, else ``back`` with the reason."""
    if button_action(operation, message):
        return redirect(url_for("rounds.edit", round_id=round_id, _anchor=anchor))
    return redirect(back)
