"""The applicant's side of a grant: accept or decline it, ask for a payout, change the account number."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from potten.applications import access
from potten.applications.models import Application
from potten.core.i18n import gettext as _
from potten.core.i18n import lazy_gettext as _l
from potten.core.views import attempt
from potten.decisions.acceptance import accept_grant, answer_due, awaits_answer, decline_grant
from potten.decisions.operations import current_decision
from potten.finance import bp, operations
from potten.finance.forms import AcceptForm, AccountForm, DeclineForm, RequestForm
from potten.finance.rules import masked
from potten.finance.summary import grant_for

# the round (how the grant is paid, the days to answer): shown on every page here, read with the application
WITH_ROUND = (joinedload(Application.round),)


def _back(application):
    return redirect(url_for("applications.show", application_id=application.id))


def _accepted(application_id: int, not_yet):
    """The applicant's own application and its accepted grant; before acceptance, back to the application
    page with ``not_yet`` said."""
    application = access.own(application_id, WITH_ROUND)
    grant = grant_for(application, current_user)
    if grant is None or grant.ledger is None:
        flash(str(not_yet), "info")
        abort(_back(application))
    return application, grant


@bp.app_template_global("grant_for")
def _grant_for(application):
    return grant_for(application, current_user)


@bp.route("/soknad/<int:application_id>/aksept", methods=["GET", "POST"])
@login_required
def answer(application_id: int):
    """Accept the grant and its conditions, or say no to it."""
    application = access.own(application_id, WITH_ROUND)
    decision = current_decision(application)
    if not awaits_answer(decision):
        flash(_("There is no grant to answer now."), "info")
        return _back(application)
    accept, decline = AcceptForm(), DeclineForm()
    chosen = request.form.get("choice")
    if request.method == "POST":
        if chosen == "decline" and decline.validate() and attempt(
                decline, decline_grant, decision, decline.reason.data, current_user):
            flash(_("You have said no to the grant. The money goes back to the scheme."), "success")
            return _back(application)
        if chosen != "decline" and accept.validate() and attempt(accept, accept_grant, decision, current_user):
            flash(_("Thank you. The grant is accepted."), "success")
            return _back(application)
    status = 400 if request.method == "POST" else 200
    return render_template("finance/answer.html", application=application, decision=decision,
                           due=answer_due(decision), accept=accept, decline=decline,
                           grant=grant_for(application, current_user)), status


@bp.route("/soknad/<int:application_id>/utbetaling", methods=["GET", "POST"])
@login_required
def request_payout(application_id: int):
    """Ask for a payout of what is due now."""
    application, grant = _accepted(application_id, _l("There is nothing to ask for before the grant is accepted."))
    form = RequestForm()
    if request.method == "GET":
        form.amount.data = grant.due_now or None
    if form.validate_on_submit() and attempt(form, operations.request_payout, application, form.amount.data,
                                             current_user):
        flash(_("Thank you. We have received your request and will check it."), "success")
        return _back(application)
    status = 400 if request.method == "POST" else 200
    return render_template("finance/request.html", application=application, grant=grant, form=form), status


@bp.route("/soknad/<int:application_id>/kontonummer", methods=["GET", "POST"])
@login_required
def change_account(application_id: int):
    """Give a new account number for the grant's payouts."""
    application, grant = _accepted(application_id, _l("You can change the account number when the grant is "
                                                      "accepted."))
    form = AccountForm()
    if form.validate_on_submit() and attempt(form, operations.change_account, application, form.account.data,
                                             current_user):
        flash(_("The account number is changed."), "success")
        return redirect(url_for("finance.request_payout", application_id=application.id)
                        if grant.can_request else url_for("applications.show", application_id=application.id))
    status = 400 if request.method == "POST" else 200
    return render_template("finance/account.html", application=application, grant=grant, form=form), status


bp.add_app_template_filter(masked, "masked_account")
