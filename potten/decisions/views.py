"""The decision makers' pages: the overview of budgets, deciding, and handling appeals."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from potten.applications import access
from potten.applications.models import Application
from potten.applications.workflow import TRANSITIONS, Status
from potten.core.fields import options
from potten.core.i18n import gettext as _
from potten.core.roles import Role, roles_required
from potten.core.views import attempt, form_status
from potten.decisions import bp, operations, queries
from potten.decisions.appeals import file_appeal, forward_appeal, record_board_outcome
from potten.decisions.forms import AppealForm, BoardOutcomeForm, DecisionForm, ForwardForm
from potten.decisions.models import Appeal, StandardReason
from potten.extensions import db
from potten.review import permissions
from potten.review.permissions import load
from potten.review.timeline import submitted_reviews
from potten.rounds.models import Round

MANAGERS = (Role.DECISION_MAKER, Role.ADMIN)


@bp.get("/vedtak")
@roles_required(*MANAGERS)
def overview():
    rounds = db.session.scalars(select(Round).options(joinedload(Round.focus_areas))  # few: one statement
                                .order_by(Round.opens_at.desc())).unique().all()
    return render_template("decisions/overview.html", rounds=rounds, appeals=queries.open_appeals(current_user),
                           moves=queries.recent_moves())


def _reasons() -> list[StandardReason]:
    return list(db.session.scalars(select(StandardReason).where(StandardReason.active.is_(True))
                                   .order_by(StandardReason.id)))


@bp.route("/vedtak/soknad/<int:application_id>", methods=["GET", "POST"])
@roles_required(Role.DECISION_MAKER)
def decide(application_id: int):
    found = load(application_id, (joinedload(Application.round).joinedload(Round.criteria),))  # the few criteria
    if not permissions.can_decide(current_user, found):
        abort(403)
    reasons, defaults = _reasons(), operations.defaults_for(found.round)
    form = DecisionForm()
    form.standard_reasons.choices = options([(r.id, r.label) for r in reasons])
    if request.method == "GET":
        form.report_due.data = operations.default_report_due(found)
    if form.validate_on_submit():
        chosen = [r for r in reasons if r.id in set(form.standard_reasons.data or [])]
        if attempt(form, operations.decide, found, form.outcome.data, form.amount.data, form.reasons.data, chosen,
                      form.conditions.data, form.report_due.data, current_user):
            flash(_("The decision is made. The letter goes to the applicant."), "success")
            return redirect(url_for("review.application", application_id=found.id))
    return render_template("decisions/decide.html", application=found, form=form,
                           previous=operations.current_decision(found), appeal=operations.open_appeal(found),
                           area=found.focus_area, legal=Status.REJECTED in TRANSITIONS[Status(found.status)],
                           reviews=submitted_reviews(found), criteria=found.round.criteria,
                           reasons_required=[s.value for s in operations.REASONS_REQUIRED],
                           defaults=defaults), form_status(form)


@bp.route("/soknad/<int:application_id>/klage", methods=["GET", "POST"])
@login_required
def file_appeal_page(application_id: int):
    """The applicant's page for appealing a decision."""
    found = access.own(application_id)
    decision = operations.current_decision(found)
    form = AppealForm()
    if form.validate_on_submit() and (done := attempt(form, file_appeal, found, form.text.data, current_user)):
        if done.value.late:
            flash(_("Your appeal is received. It came after the three-week deadline, so the decision maker "
                    "will first consider whether it can still be handled."), "warning")
        else:
            flash(_("Your appeal is received. We will let you know what happens."), "success")
        return redirect(url_for("applications.mine"))
    return render_template("decisions/appeal.html", application=found, decision=decision, form=form,
                           can_appeal=operations.can_appeal(found, decision)), form_status(form)


@bp.route("/vedtak/klage/<int:appeal_id>", methods=["GET", "POST"])
@roles_required(Role.DECISION_MAKER)
def appeal(appeal_id: int):
    found = db.session.get(Appeal, appeal_id) or abort(404)
    load(found.application_id)
    if not permissions.can_decide(current_user, found.application):
        abort(403)
    forward, board = ForwardForm(prefix="forward"), BoardOutcomeForm(prefix="board")
    action = request.form.get("action")
    form = forward if action == "forward" else board
    if request.method == "POST" and form.validate():
        if action == "forward":
            done = attempt(form, forward_appeal, found, form.note.data, current_user)
        else:
            done = attempt(form, record_board_outcome, found, form.upheld.data, form.board_note.data, current_user)
        if done:
            flash(_("The appeal is updated."), "success")
            return redirect(url_for("decisions.appeal", appeal_id=found.id))
    return render_template("decisions/appeal_handle.html", appeal=found, forward=forward,
                           board=board), form_status(forward, board)
