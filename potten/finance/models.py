"""Payouts (utbetalinger) of grants, the ledger that keeps them within the grant, and payment batches.

A grant's instalments are ``Payout`` rows, made when the grant is accepted. Each lives through
planned → requested → attested → authorised → sent → paid (or failed, or cancelled); the allowed
transitions are in ``TRANSITIONS`` and nowhere else. Who did each step, and when, is on the row,
and the database refuses a row that breaks the two-person rule.

``GrantLedger`` holds, per application, what is granted, what the payouts not cancelled add up to
(``allocated``) and what is paid; every change to it is a conditional UPDATE backed by check
constraints, so no two transactions together can plan or pay more than the grant.
"""
from enum import StrEnum

from sqlalchemy.orm import deferred

from potten.core.i18n import lazy_gettext as _l
from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db


class PayoutStatus(StrEnum):
    PLANNED = "planned"
    REQUESTED = "requested"
    ATTESTED = "attested"
    AUTHORISED = "authorised"
    SENT = "sent"
    PAID = "paid"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return str(LABELS[self])

    @property
    def plain(self) -> str:
        """What it means for the applicant, in plain words."""
        return str(PLAIN[self])


LABELS = {
    PayoutStatus.PLANNED: _l("Planned"),
    PayoutStatus.REQUESTED: _l("Requested"),
    PayoutStatus.ATTESTED: _l("Attested"),
    PayoutStatus.AUTHORISED: _l("Authorised"),
    PayoutStatus.SENT: _l("Sent to payment"),
    PayoutStatus.PAID: _l("Paid"),
    PayoutStatus.FAILED: _l("Payment failed"),
    PayoutStatus.CANCELLED: _l("Cancelled"),
}

PLAIN = {
    PayoutStatus.PLANNED: _l("Not asked for yet"),
    PayoutStatus.REQUESTED: _l("You have asked for it; we are checking it"),
    PayoutStatus.ATTESTED: _l("Checked; waiting for approval of the payment"),
    PayoutStatus.AUTHORISED: _l("Approved; it will be sent to the bank soon"),
    PayoutStatus.SENT: _l("Sent to the bank"),
    PayoutStatus.PAID: _l("Paid to your account"),
    PayoutStatus.FAILED: _l("The bank could not pay it; we are looking into it"),
    PayoutStatus.CANCELLED: _l("Will not be paid"),
}

S = PayoutStatus
TRANSITIONS: dict[PayoutStatus, set[PayoutStatus]] = {
    S.PLANNED: {S.REQUESTED, S.CANCELLED},
    S.REQUESTED: {S.ATTESTED, S.PLANNED, S.CANCELLED},  # planned: returned to the applicant
    S.ATTESTED: {S.AUTHORISED, S.REQUESTED, S.PLANNED, S.CANCELLED},  # requested: the account number changed
    S.AUTHORISED: {S.SENT, S.REQUESTED, S.PLANNED, S.CANCELLED},
    S.SENT: {S.PAID, S.FAILED},
    S.FAILED: {S.AUTHORISED, S.REQUESTED, S.CANCELLED},  # authorised: fixed; requested: new account number
    S.PAID: set(),
    S.CANCELLED: set(),
}
OPEN = (S.REQUESTED, S.ATTESTED, S.AUTHORISED)  # one open request per grant at a time
UNPAID = (S.PLANNED, S.REQUESTED, S.ATTESTED, S.AUTHORISED, S.SENT, S.FAILED)
ACCOUNT_CHANGES_BACK = (S.ATTESTED, S.AUTHORISED, S.FAILED)  # a new account number sends these back
AT_ACCEPTANCE, AFTER_FINAL_REPORT = "acceptance", "final_report"

_states = ", ".join(f"'{s.value}'" for s in PayoutStatus)


def _in(*states: PayoutStatus) -> str:
    return "status IN (" + ", ".join(f"'{s.value}'" for s in states) + ")"


class GrantLedger(db.Model):
    """One row per accepted grant: granted, planned (``allocated``) and paid, in kroner."""

    __tablename__ = "grant_ledger"

    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), primary_key=True, autoincrement=False)
    decision_id = db.Column(db.Integer, db.ForeignKey("decision.id"), nullable=False)  # the decision in force
    granted = db.Column(db.Integer, nullable=False)
    allocated = db.Column(db.Integer, nullable=False, default=0)  # the amounts of payouts not cancelled
    paid = db.Column(db.Integer, nullable=False, default=0)
    account_number = db.Column(db.String(11), nullable=True)  # where payouts go: the application's, or a newer one
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        db.CheckConstraint("granted >= 0", name="granted_not_negative"),
        db.CheckConstraint("allocated >= 0 AND allocated <= granted", name="allocated_within_grant"),
        db.CheckConstraint("paid >= 0 AND paid <= allocated", name="paid_within_allocated"),
    )


class Payout(db.Model):
    """One instalment of a grant and its way to the applicant's account."""

    __tablename__ = "payout"

    id = db.Column(db.Integer, primary_key=True)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"),
                               db.ForeignKey("grant_ledger.application_id"), nullable=False, index=True)
    decision_id = db.Column(db.Integer, db.ForeignKey("decision.id"), nullable=False)
    # the application's, which no longer changes once decided: the desk sums money per area without a join
    focus_area_id = db.Column(db.Integer, db.ForeignKey("focus_area.id"), nullable=False)
    position = db.Column(db.Integer, nullable=False, default=1)  # instalment 1, 2, …
    due_on = db.Column(db.String(16), nullable=False)  # AT_ACCEPTANCE or AFTER_FINAL_REPORT
    due_at = db.Column(UTCDateTime, nullable=True)  # when it became due; none while it waits
    amount = db.Column(db.Integer, nullable=False)  # kroner
    status = db.Column(db.String(16), nullable=False, default=PayoutStatus.PLANNED)
    version = db.Column(db.Integer, nullable=False, default=1)  # raised on every change: stale forms are refused
    account_number = db.Column(db.String(11), nullable=True)  # where it goes; fixed when it is requested
    # copied from the case, so the database itself can refuse a payout approved by a party to it
    applicant_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    decided_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)  # committed the budget

    requested_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    requested_at = db.Column(UTCDateTime, nullable=True)
    attested_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    attested_at = db.Column(UTCDateTime, nullable=True)
    authorised_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    authorised_at = db.Column(UTCDateTime, nullable=True)
    batch_id = db.Column(db.Integer, db.ForeignKey("payment_batch.id"), nullable=True, index=True)
    sent_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    sent_at = db.Column(UTCDateTime, nullable=True)
    paid_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    paid_at = db.Column(UTCDateTime, nullable=True)
    failed_at = db.Column(UTCDateTime, nullable=True)
    cancelled_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    cancelled_at = db.Column(UTCDateTime, nullable=True)
    note = db.Column(db.Text, nullable=False, default="")  # why it failed, was returned or cancelled

    application = db.relationship("Application", foreign_keys=[application_id])
    requested_by = db.relationship("User", foreign_keys=[requested_by_id])
    attested_by = db.relationship("User", foreign_keys=[attested_by_id])
    authorised_by = db.relationship("User", foreign_keys=[authorised_by_id])
    paid_by = db.relationship("User", foreign_keys=[paid_by_id])
    batch = db.relationship("PaymentBatch", back_populates="payouts")

    __table_args__ = (
        db.CheckConstraint("amount > 0", name="amount_positive"),
        db.CheckConstraint(f"status IN ({_states})", name="status_known"),
        db.CheckConstraint("due_on IN ('acceptance', 'final_report')", name="due_on_known"),
        # the two-person rule: neither the applicant nor the one who granted the money attests;
        # the authoriser is another person than the attestant, and not the applicant
        db.CheckConstraint("attested_by_id <> applicant_id AND attested_by_id <> decided_by_id",
                           name="attestant_not_party"),
        db.CheckConstraint("authorised_by_id <> applicant_id AND authorised_by_id <> attested_by_id",
                           name="authoriser_is_a_second_person"),
        db.CheckConstraint("authorised_by_id IS NULL OR attested_by_id IS NOT NULL", name="attested_first"),
        db.CheckConstraint(f"NOT {_in(S.REQUESTED, S.ATTESTED, S.AUTHORISED, S.SENT, S.PAID, S.FAILED)} "
                           "OR (requested_at IS NOT NULL AND account_number IS NOT NULL)", name="requested_has_who"),
        db.CheckConstraint(f"NOT {_in(S.ATTESTED, S.AUTHORISED, S.SENT, S.PAID, S.FAILED)} "
                           "OR (attested_by_id IS NOT NULL AND attested_at IS NOT NULL)", name="attested_has_who"),
        db.CheckConstraint(f"NOT {_in(S.AUTHORISED, S.SENT, S.PAID, S.FAILED)} "
                           "OR (authorised_by_id IS NOT NULL AND authorised_at IS NOT NULL)",
                           name="authorised_has_who"),
        db.CheckConstraint(f"NOT {_in(S.SENT, S.PAID)} OR (sent_at IS NOT NULL AND batch_id IS NOT NULL)",
                           name="sent_has_batch"),
        db.CheckConstraint(f"NOT {_in(S.PAID)} OR (paid_by_id IS NOT NULL AND paid_at IS NOT NULL)",
                           name="paid_has_who"),
        db.Index("ix_payout_status_requested_at", "status", "requested_at", "id"),  # the desk's queues, in order
        db.Index("ix_payout_one_open_request", "application_id", unique=True,
                 sqlite_where=db.text("status IN ('requested', 'attested', 'authorised')"),
                 postgresql_where=db.text("status IN ('requested', 'attested', 'authorised')")),
    )

    @property
    def state(self) -> PayoutStatus:
        return PayoutStatus(self.status)


class PaymentBatch(db.Model):
    """Payouts sent to the bank together, as one ISO 20022 pain.001 payment file kept as it was sent."""

    __tablename__ = "payment_batch"

    id = db.Column(db.Integer, primary_key=True)
    message_id = db.Column(db.String(35), nullable=False, unique=True)  # the file's MsgId
    execution_date = db.Column(db.Date, nullable=False)
    count = db.Column(db.Integer, nullable=False)
    total = db.Column(db.Integer, nullable=False)  # kroner
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    content = deferred(db.Column(db.LargeBinary, nullable=True))  # the pain.001 XML

    created_by = db.relationship("User")
    payouts = db.relationship("Payout", back_populates="batch", order_by="Payout.id")

    __table_args__ = (
        db.CheckConstraint("count > 0 AND total > 0", name="not_empty"),
    )
