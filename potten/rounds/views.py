"""The programme office's pages for rounds: open one, change its deadline,
focus areas with budgets, and criteria with weights."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from potten.core import outbox
from potten.core.errors import DomainError
from potten.core.forms import ActionForm
from potten.core.i18n import gettext as _
from potten.core.roles import Role, roles_required
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
    if form.validate_on_submit():
        try:
            round_ = operations.open_round(current_user, **form.details())
        except DomainError as exc:
            _show_error(form, exc)
        else:
            outbox.commit()
            flash(_("The round is opened. Now add its focus areas and criteria."), "success")
            return redirect(url_for("rounds.edit", round_id=round_.id))
    return render_template("rounds/new.html", form=form)


@bp.route("/admin/runder/<int:round_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(round_id: int):
    round_ = db.session.get(Round, round_id) or abort(404)
    form = RoundForm(data=RoundForm.initial(round_))
    saved = _save(form, lambda: operations.change_round(round_, current_user, **form.details()),
                  _("The changes are saved."), round_id)
    return saved or render_template("rounds/edit.html", round=round_, form=form, history=queries.history(round_))


@bp.route("/admin/runder/<int:round_id>/innsatsomrader/ny", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_focus_area(round_id: int):
    round_ = db.session.get(Round, round_id) or abort(404)
    form = FocusAreaForm()
    saved = _save(form, lambda: operations.add_focus_area(round_, current_user, **form.details()),
                  _("The focus area is added."), round_id, "focus-areas")
    return saved or render_template("rounds/focus_area.html", round=round_, area=None, form=form)


@bp.route("/admin/runder/<int:round_id>/innsatsomrader/<int:focus_area_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_focus_area(round_id: int, focus_area_id: int):
    area = _part(FocusArea, focus_area_id, round_id)
    form = FocusAreaForm(data=FocusAreaForm.initial(area))
    saved = _save(form, lambda: operations.change_focus_area(area, current_user, **form.details()),
                  _("The changes are saved."), round_id, "focus-areas")
    return saved or render_template("rounds/focus_area.html", round=area.round, area=area, form=form,
                                    removable=not operations.focus_area_in_use(area))


@bp.post("/admin/runder/<int:round_id>/innsatsomrader/<int:focus_area_id>/fjern")
@roles_required(Role.ADMIN)
def remove_focus_area(round_id: int, focus_area_id: int):
    area = _part(FocusArea, focus_area_id, round_id)
    return _remove(lambda: operations.remove_focus_area(area, current_user), _("The focus area is removed."),
                   round_id, "focus-areas", url_for("rounds.edit_focus_area", round_id=round_id,
                                                    focus_area_id=focus_area_id))


@bp.route("/admin/runder/<int:round_id>/kriterier/ny", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_criterion(round_id: int):
    round_ = db.session.get(Round, round_id) or abort(404)
    form = CriterionForm()
    saved = _save(form, lambda: operations.add_criterion(round_, current_user, **form.details()),
                  _("The criterion is added."), round_id, "criteria")
    return saved or render_template("rounds/criterion.html", round=round_, criterion=None, form=form)


@bp.route("/admin/runder/<int:round_id>/kriterier/<int:criterion_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_criterion(round_id: int, criterion_id: int):
    criterion = _part(Criterion, criterion_id, round_id)
    form = CriterionForm(data=CriterionForm.initial(criterion))
    saved = _save(form, lambda: operations.change_criterion(criterion, current_user, **form.details()),
                  _("The changes are saved."), round_id, "criteria")
    return saved or render_template("rounds/criterion.html", round=criterion.round, criterion=criterion, form=form,
                                    removable=not operations.criterion_in_use(criterion))


@bp.post("/admin/runder/<int:round_id>/kriterier/<int:criterion_id>/fjern")
@roles_required(Role.ADMIN)
def remove_criterion(round_id: int, criterion_id: int):
    criterion = _part(Criterion, criterion_id, round_id)
    return _remove(lambda: operations.remove_criterion(criterion, current_user), _("The criterion is removed."),
                   round_id, "criteria", url_for("rounds.edit_criterion", round_id=round_id,
                                                 criterion_id=criterion_id))


def _part(model, part_id: int, round_id: int):
    """A focus area or criterion, only through the round it belongs to."""
    part = db.session.get(model, part_id)
    if part is None or part.round_id != round_id:
        abort(404)
    return part


def _save(form, operation, message: str, round_id: int, anchor: str | None = None):
    """On a valid POST: run the operation, commit and go back to the round (a redirect).

    None when the form is to be shown (again): a GET, typing errors, or a rule the operation refused.
    An operation that returns False changed nothing, and the page says so.
    """
    if not form.validate_on_submit():
        return None
    try:
        result = operation()
    except DomainError as exc:
        _show_error(form, exc)
        return None
    outbox.commit()
    flash(_("Nothing was changed.") if result is False else message, "success")
    return redirect(url_for("rounds.edit", round_id=round_id, _anchor=anchor))


def _show_error(form, exc: DomainError) -> None:
    db.session.rollback()
    field = getattr(form, exc.field, None) if exc.field else None
    (field.errors if field is not None else form.form_errors).append(str(exc.message))


def _remove(operation, message: str, round_id: int, anchor: str, back: str):
    """A removal behind a plain button: to the round when done, else ``back`` with the reason."""
    if not ActionForm().validate():
        flash(_("The page had been open too long. Please try again."), "error")
        return redirect(back)
    try:
        operation()
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(back)
    outbox.commit()
    flash(message, "success")
    return redirect(url_for("rounds.edit", round_id=round_id, _anchor=anchor))
