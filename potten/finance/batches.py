"""Payment batches: authorised payouts sent to the bank together in one pain.001 file, and marked
paid by hand when the bank has confirmed them. Each payout in a batch goes through the state machine
(``operations``); if any has changed since the page was opened, nothing is sent."""
import uuid
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from potten.applications.models import Application
from potten.core import audit
from potten.core.errors import Checklist, IllegalTransition
from potten.core.i18n import lazy_gettext as _l
from potten.core.time import today_local, utcnow
from potten.extensions import db
from potten.finance import pain001, rules
from potten.finance.models import PaymentBatch, Payout, PayoutStatus
from potten.finance.operations import _move, mark_paid

S = PayoutStatus


DEMO_ACCOUNT = "15032080119"  # an example number, used outside production when none is set


def payer() -> pain001.Payer:
    cfg = current_app.config
    account = cfg.get("PAYER_ACCOUNT") or ("" if cfg.get("PRODUCTION") else DEMO_ACCOUNT)
    return pain001.Payer(name=cfg.get("PAYER_NAME") or "Larvik kommune", account=account,
                         orgnr=cfg.get("PAYER_ORGNR") or None, bic=cfg.get("PAYER_BIC") or None)


def recipient_name(application: Application) -> str:
    return application.organisation.name if application.organisation else application.applicant.name


def send_to_payment(payout_ids: list[int], versions: dict[int, int], actor,
                    execution: date | None = None) -> PaymentBatch:
    """Send the chosen authorised payouts to the bank as one batch with its pain.001 file."""
    checks = Checklist()
    if not payout_ids:
        checks.add(_l("Choose at least one authorised payout to send."), "payouts")
    if not rules.valid_account(payer().account):
        checks.add(_l("The municipality's account number is not set (POTTEN_PAYER_ACCOUNT), so no "
                      "payment file can be made."))
    checks.raise_if_any()
    execution = execution or today_local()
    payouts = db.session.scalars(
        select(Payout).where(Payout.id.in_(payout_ids)).order_by(Payout.id)
        .options(selectinload(Payout.application).selectinload(Application.organisation),
                 selectinload(Payout.application).selectinload(Application.applicant))).all()
    if len(payouts) != len(set(payout_ids)):
        raise IllegalTransition(_l("Some of the chosen payouts no longer exist. Look at the list again."))
    now = utcnow()
    batch = PaymentBatch(message_id=uuid.uuid4().hex, execution_date=execution, count=len(payouts),
                         total=sum(p.amount for p in payouts), created_by_id=actor.id, created_at=now)
    db.session.add(batch)
    db.session.flush()
    batch.message_id = f"NABOLAGSPOTTEN-{now:%Y%m%d}-{batch.id:06d}"  # unique, and says where it came from
    for payout in payouts:
        rules.check_handler(actor, payout.application)
        if payout.state != S.AUTHORISED:
            raise IllegalTransition(_l("The payout in case %(case)s is “%(state)s”, no longer authorised, so "
                                       "nothing was sent. Look at the list again.",
                                       case=payout.application.case_number, state=payout.state.label))
        _move(payout, S.SENT, actor, versions.get(payout.id), "payout.sent", batch_id=batch.id, sent_by_id=actor.id,
              sent_at=now)
    batch.content = pain001.build(batch.message_id, now, execution, payer(), [
        pain001.Transfer(end_to_end_id=f"NP-{p.id}", amount=p.amount, name=recipient_name(p.application),
                         account=p.account_number, text=f"Nabolagspotten {p.application.case_number}")
        for p in payouts])
    audit.log("payment_batch.sent", batch, actor=actor,
              after={"payouts": [p.id for p in payouts], "total": batch.total, "execution": execution})
    return batch


def mark_batch_paid(batch: PaymentBatch, actor) -> int:
    """The bank has confirmed the batch: every payout still with the bank is paid. Returns how many."""
    waiting = db.session.scalars(select(Payout).where(Payout.batch_id == batch.id, Payout.status == S.SENT)
                                 .order_by(Payout.id)).all()
    if not waiting:
        raise IllegalTransition(_l("No payout in this batch is waiting for the bank."))
    for payout in waiting:
        mark_paid(payout, None, actor)
    return len(waiting)
