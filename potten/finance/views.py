"""The finance desk (``/okonomi``, the finance role's start page): queues of payouts to attest,
authorise and send, what was sent and what failed, money per round and focus area, and search."""
from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from potten.applications.models import Application
from potten.core.fields import options
from potten.core.i18n import lazy_gettext as _l
from potten.core.roles import Role, roles_required
from potten.core.views import attempt, button_action
from potten.decisions.acceptance import answer_due, answer_to
from potten.extensions import db
from potten.finance import bp, desk_html, operations, queries, rules
from potten.finance import desk as desk_figures
from potten.finance.forms import PayoutForm, SendForm, WaiveForm
from potten.finance.models import Payout, PayoutStatus
from potten.reports import repayment
from potten.reports.models import RepaymentClaim
from potten.review import permissions

S = PayoutStatus
QUEUE_TITLES = {
    S.REQUESTED: _l("To attest"),
    S.ATTESTED: _l("To authorise"),
    S.AUTHORISED: _l("Ready to send to the bank"),
    S.SENT: _l("Sent to payment"),
    S.FAILED: _l("Failed"),
}


@bp.get("/okonomi")
@roles_required(Role.FINANCE)
def desk():
    return render_desk()


def render_desk(send: SendForm | None = None, waive: WaiveForm | None = None, waiving: int | None = None,
                 status: int = 200):
    """The desk; with ``send`` or ``waive`` (and the claim ``waiving``) as refused, shown with their
    errors and what was chosen or typed (status 400)."""
    shown = desk_figures.shown_queue(request.args.get("ko"))  # one queue in full, the others as their first rows
    figures = desk_figures.figures(shown, partial(render_template, "finance/_money.html"))
    send = send or SendForm()
    send.payouts.choices = options([(row.id, row.case_number) for row in figures.queues[S.AUTHORISED]])
    return render_template("finance/desk.html", queues=figures.queues, counts=figures.counts, titles=QUEUE_TITLES,
                           money=figures.money, send=send, waive=waive or WaiveForm(), waiving=waiving,
                           open_claims=figures.open_claims, closed_claims=figures.closed_claims,
                           query=request.args.get("q", ""), found=queries.search(request.args.get("q", "")),
                           shown=shown, queue_tables=desk_html.queue_tables,
                           open_claims_table=desk_html.open_claims_table,
                           closed_claims_list=desk_html.closed_claims_list), status


def _case(application_id: int) -> tuple[Application, object, object]:
    """The application of a finance case, its ledger and its decision in force (404 if it is no case)."""
    application = permissions.read(current_user, application_id)  # with the viewer's standing: one statement
    if application is None:
        abort(404)
    ledger, decision = queries.case_money(application)
    if ledger is None and decision is None:
        abort(404)
    if permissions.has_conflict(current_user, application):
        abort(404)  # one's own case, or one with a declared conflict of interest, is handled by others
    return application, ledger, decision


@bp.get("/okonomi/soknad/<int:application_id>")
@roles_required(Role.FINANCE)
def case(application_id: int):
    application, ledger, decision = _case(application_id)
    return _render_case(application, PayoutForm(), ledger=ledger, decision=decision)


def _render_case(application, form, status: int = 200, acting: int | None = None, ledger=None, decision=rules.UNREAD):
    """The case page; ``ledger`` and ``decision``: as read for this request, when nothing has changed since."""
    if decision is rules.UNREAD:
        ledger, decision = queries.case_money(application)
    payouts, names = queries.case_payouts_and_names(application.id)
    return render_template("finance/case.html", application=application, decision=decision,
                           answer=answer_to(decision) if decision else None,
                           answer_due=answer_due(decision) if decision else None, ledger=ledger,
                           payouts=payouts, names=names, form=form, acting=acting,
                           hold=rules.hold(application, decision),
                           may_handle=rules.may_handle(current_user, application), masked=rules.masked), status


ACTIONS = {  # form action → (operation, what it needs from the form, message)
    "attest": (lambda p, f, u: operations.attest(p, f.version.data, f.confirmed.data, u),
               _l("The payout is attested.")),
    "authorise": (lambda p, f, u: operations.authorise(p, f.version.data, u), _l("The payout is authorised.")),
    "return": (lambda p, f, u: operations.return_to_applicant(p, f.version.data, f.note.data, u),
               _l("The request is sent back to the applicant.")),
    "cancel": (lambda p, f, u: operations.cancel(p, f.version.data, f.note.data, u), _l("The payout is cancelled.")),
    "failed": (lambda p, f, u: operations.mark_failed(p, f.version.data, f.note.data, u),
               _l("The payout is marked as failed.")),
    "retry": (lambda p, f, u: operations.retry(p, f.version.data, u),
              _l("The payout is authorised again and can be sent to the bank.")),
    "paid": (lambda p, f, u: operations.mark_paid(p, f.version.data, u), _l("The payout is marked as paid.")),
}


@bp.post("/okonomi/utbetaling/<int:payout_id>")
@roles_required(Role.FINANCE)
def act(payout_id: int):
    """One step on one payout, chosen by the button pressed."""
    payout = db.session.get(Payout, payout_id) or abort(404)
    application, _, _ = _case(payout.application_id)
    form = PayoutForm()
    action = ACTIONS.get(form.action.data or "")
    if action is None:
        abort(400)
    operation, message = action
    if form.validate() and attempt(form, operation, payout, form, current_user):
        flash(str(message), "success")
        if request.form.get("back") == "desk":
            return redirect(url_for("finance.desk"))
        return redirect(url_for("finance.case", application_id=application.id))
    return _render_case(application, form, 400, acting=payout.id)


@bp.post("/okonomi/tilbakebetaling/<int:claim_id>")
@roles_required(Role.FINANCE)
def claim(claim_id: int):
    """The applicant has paid a repayment claim back, or it is waived (with the reason). A refused
    waiver shows the desk again with the message next to the reason, and the reason kept."""
    found = db.session.get(RepaymentClaim, claim_id) or abort(404)
    if permissions.has_conflict(current_user, found.application):
        abort(404)
    if request.form.get("action") == "waive":
        form = WaiveForm()
        if form.validate() and attempt(form, repayment.waive_repayment, found, form.reason.data, current_user):
            flash(str(_l("The claim is waived.")), "success")
            return redirect(url_for("finance.desk", _anchor="h-claims"))
        return render_desk(waive=form, waiving=found.id, status=400)
    done = button_action(lambda: repayment.mark_repayment_paid(found, current_user),
                         str(_l("The repayment is recorded, and the money is back in the focus area's budget.")))
    return redirect(url_for("finance.desk", _anchor="h-claims" if done else f"claim-{found.id}"))
