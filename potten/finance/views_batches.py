"""Payment batches (the pain.001 file for the bank, marked paid by hand when the bank confirms)
and the payouts exports for accounting."""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from potten.core.fields import options
from potten.core.i18n import gettext as _
from potten.core.roles import Role, roles_required
from potten.core.time import today_local
from potten.core.views import attempt, button_action
from potten.extensions import db
from potten.finance import batches, bp, exports, queries
from potten.finance.forms import SendForm
from potten.finance.models import PaymentBatch, PayoutStatus
from potten.finance.views import render_desk

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.post("/okonomi/betaling")
@roles_required(Role.FINANCE)
def send():
    """Send the chosen authorised payouts to the bank as one batch."""
    form = SendForm()
    chosen = [int(v) for v in request.form.getlist("payouts") if v.isdigit()]
    versions = {int(k[2:]): int(v) for k, v in request.form.items() if k.startswith("v-") and k[2:].isdigit()
                and v.isdigit()}
    form.payouts.choices = options([(i, str(i)) for i in chosen])
    if form.validate() and attempt(form, batches.send_to_payment, chosen, versions, current_user):
        batch = db.session.scalar(select(PaymentBatch).order_by(PaymentBatch.id.desc()).limit(1))
        flash(_("The payouts are sent to payment. Download the payment file and send it to the bank."), "success")
        return redirect(url_for("finance.batch", batch_id=batch.id))
    return render_desk(send=form, status=400)  # the chosen payouts stay chosen, the message above them


@bp.get("/okonomi/betaling/<int:batch_id>")
@roles_required(Role.FINANCE)
def batch(batch_id: int):
    batch, payouts = queries.batch_page(batch_id) or abort(404)
    return render_template("finance/batch.html", batch=batch, payouts=payouts, states=PayoutStatus,
                           today=today_local())


@bp.get("/okonomi/betaling/<int:batch_id>/pain001.xml")
@roles_required(Role.FINANCE)
def payment_file(batch_id: int):
    found = db.session.get(PaymentBatch, batch_id) or abort(404)
    return Response(found.content, mimetype="application/xml", headers={
        "Content-Disposition": f'attachment; filename="{found.message_id}.xml"'})


@bp.post("/okonomi/betaling/<int:batch_id>/betalt")
@roles_required(Role.FINANCE)
def batch_paid(batch_id: int):
    found = db.session.get(PaymentBatch, batch_id) or abort(404)
    button_action(lambda: batches.mark_batch_paid(found, current_user),
                  _("The payouts in the batch are marked as paid, and the applicants are told."))
    return redirect(url_for("finance.batch", batch_id=found.id))


@bp.get("/okonomi/utbetalinger.xlsx")
@roles_required(Role.FINANCE)
def export_xlsx():
    return Response(exports.xlsx_file(), mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="utbetalinger-{today_local().isoformat()}.xlsx"'})


@bp.get("/okonomi/utbetalinger.csv")
@roles_required(Role.FINANCE)
def export_csv():
    return Response(exports.csv_file(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="utbetalinger-{today_local().isoformat()}.csv"'})
