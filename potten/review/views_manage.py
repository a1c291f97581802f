"""Assignment and ranking (decision makers and admins), and the applicant's answer to a question."""
from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from potten.accounts.models import Organisation, User, UserRole, named
from potten.applications import access
from potten.applications.models import Application
from potten.core.fields import options
from potten.core.forms import ActionForm
from potten.core.i18n import gettext as _
from potten.core.i18n import ngettext
from potten.core.roles import Role, roles_required
from potten.core.time import utc_to_oslo, utcnow
from potten.core.views import attempt, button_action, form_status
from potten.extensions import db
from potten.review import bp, operations, permissions, visibility
from potten.review.forms import AnswerForm, AssignForm, SpreadForm
from potten.review.models import ReviewAssignment
from potten.review.permissions import load
from potten.rounds.models import FocusArea

MANAGERS = (Role.DECISION_MAKER, Role.ADMIN)


def _reviewers() -> list[User]:
    return list(db.session.scalars(select(User).join(UserRole).where(
        UserRole.role == Role.REVIEWER.value, User.active.is_(True)).order_by(User.name)))


def _reviewer_choices(application=None) -> list[tuple[int, str]]:
    """(id, name) of the active reviewers, in one statement; with ``application``, not its parties
    (the applicant, the members of the applying organisation)."""
    query = select(User.id, User.name).join(UserRole).where(UserRole.role == Role.REVIEWER.value,
                                                            User.active.is_(True))
    if application is not None:
        query = query.where(User.id != application.applicant_id)
        if application.organisation_id is not None:
            query = query.where(~User.organisations.any(Organisation.id == application.organisation_id))
    return [(row.id, row.name) for row in db.session.execute(query.order_by(User.name))]


def _default_due():
    return utc_to_oslo(utcnow()).date() + timedelta(days=14)


def _chosen(ids) -> list[User]:
    return [u for u in _reviewers() if u.id in set(ids or [])]


@bp.route("/vurdering/soknad/<int:application_id>/tildel", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def assign(application_id: int):
    found = load(application_id)
    if not permissions.can_assign(current_user, found):
        abort(403)
    form = AssignForm()
    form.reviewers.choices = options(_reviewer_choices(found))
    if request.method == "GET":
        form.due_on.data = _default_due()
    if form.validate_on_submit():
        if attempt(form, operations.assign, found, _chosen(form.reviewers.data), current_user, form.due_on.data):
            flash(_("The reviewers are assigned."), "success")
            return redirect(url_for("review.application", application_id=found.id))
    assigned = db.session.scalars(select(ReviewAssignment).options(named(ReviewAssignment.reviewer)).where(
        ReviewAssignment.application_id == found.id).order_by(ReviewAssignment.id)).all()
    return render_template("review/assign.html", application=found, form=form, assigned=assigned,
                           remove_form=ActionForm()), form_status(form)


@bp.post("/vurdering/soknad/<int:application_id>/saksbehandler/<int:user_id>/fjern")
@roles_required(*MANAGERS)
def unassign(application_id: int, user_id: int):
    found = load(application_id)
    if not permissions.can_assign(current_user, found):
        abort(403)
    reviewer = db.session.get(User, user_id) or abort(404)
    target = permissions.assignment(reviewer, found) or abort(404)
    button_action(lambda: operations.unassign(target, current_user),
                  _("%(name)s no longer has this application.", name=reviewer.name))
    return redirect(url_for("review.assign", application_id=found.id))


@bp.route("/vurdering/innsatsomrade/<int:focus_area_id>/tildel", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def assign_area(focus_area_id: int):
    area = db.session.get(FocusArea, focus_area_id) or abort(404)
    everyone, spread_form = AssignForm(prefix="all"), SpreadForm(prefix="spread")
    choices = options(_reviewer_choices())
    everyone.reviewers.choices = spread_form.panel.choices = choices
    if request.method == "GET":
        everyone.due_on.data = spread_form.due_on.data = _default_due()
        spread_form.per_application.data = 3 if len(choices) >= 3 else len(choices) or 1
        spread_form.panel.data = [c.value for c in choices]
    action = request.form.get("action")
    form = everyone if action == "all" else spread_form
    if request.method == "POST" and form.validate():
        if action == "all":
            done = attempt(form, operations.assign_focus_area, area, _chosen(form.reviewers.data), current_user,
                           form.due_on.data)
        else:
            done = attempt(form, operations.spread, area, form.per_application.data, _chosen(form.panel.data),
                           current_user, form.due_on.data)
        if done:
            flash(ngettext("%(num)d assignment was added.", "%(num)d assignments were added.", done.value),
                  "success")
            return redirect(url_for("review.assign_area", focus_area_id=area.id))
    load_rows = db.session.execute(
        select(User.name, db.func.count(ReviewAssignment.id)).select_from(Application)  # the area's few first
        .join(ReviewAssignment, ReviewAssignment.application_id == Application.id)
        .join(User, User.id == ReviewAssignment.reviewer_id)
        .where(Application.focus_area_id == area.id).group_by(User.id, User.name).order_by(User.name)).all()
    return render_template("review/assign_area.html", area=area, everyone=everyone, spread_form=spread_form,
                           load_rows=load_rows), form_status(everyone, spread_form)


@bp.post("/vurdering/innsatsomrade/<int:focus_area_id>/habilitet")
@roles_required(*MANAGERS)
def declare_area(focus_area_id: int):
    """Declare "no conflict" on every application of the ranking not declared on yet."""
    area = db.session.get(FocusArea, focus_area_id) or abort(404)
    if ActionForm().validate():
        ids = visibility.undeclared_ids(area, current_user)
        applications = list(db.session.scalars(select(Application).where(Application.id.in_(ids))))
        count = operations.declare_none_for(applications, current_user)
        flash(ngettext("You declared no conflict of interest for %(num)d application.",
                       "You declared no conflict of interest for %(num)d applications.", count), "success")
    return redirect(url_for("decisions.ranking_page", focus_area_id=area.id))


@bp.route("/soknad/<int:application_id>/svar", methods=["GET", "POST"])
@login_required
def answer_question(application_id: int):
    """The applicant's page for answering a reviewer's question."""
    found = access.own(application_id)
    question = operations.open_question(found)
    form = AnswerForm()
    if question is not None and form.validate_on_submit():
        if attempt(form, operations.answer_info, found, form.answer.data, current_user):
            flash(_("Thank you! Your answer is sent, and the application is back in review."), "success")
            return redirect(url_for("applications.mine"))
    return render_template("review/answer.html", application=found, question=question, form=form), form_status(form)
