"""Decisions (vedtak) on applications. A decision is never changed: a new one supersedes it."""
from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db


class Decision(db.Model):
    __tablename__ = "decision"

    id = db.Column(db.Integer, primary_key=True)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), nullable=False, index=True)
    outcome = db.Column(db.String(32), nullable=False)  # a decided Status value: approved, partly_approved, rejected
    requested_amount = db.Column(db.Integer, nullable=False)  # kroner, as asked when decided
    granted_amount = db.Column(db.Integer, nullable=False, default=0)  # kroner
    reasons = db.Column(db.Text, nullable=False, default="")  # begrunnelse, free text
    standard_reasons = db.Column(db.JSON, nullable=False, default=list)  # texts of the chosen standard reasons
    conditions = db.Column(db.Text, nullable=False, default="")
    report_due = db.Column(db.Date, nullable=True)
    after_appeal = db.Column(db.Boolean, nullable=False, default=False)
    supersedes_id = db.Column(db.Integer, db.ForeignKey("decision.id"), nullable=True)
    decided_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    decided_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    application = db.relationship("Application", foreign_keys=[application_id])
    decided_by = db.relationship("User")

    __table_args__ = (
        db.CheckConstraint("granted_amount >= 0 AND granted_amount <= requested_amount", name="granted_within_request"),
        db.CheckConstraint("outcome IN ('approved', 'partly_approved', 'rejected')", name="outcome_known"),
    )
