"""Final reports (sluttrapport) on grants, their reminders, repayment claims and annual reports.

A grant has one ``FinalReport``; its state moves draft → sent → approved, or sent →
returned → sent again. Each time it is sent, what was sent is kept as a
``ReportVersion``, so a returned report's earlier text is never lost.
"""
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import column_property, deferred

from potten.core.errors import IllegalTransition
from potten.core.i18n import lazy_gettext as _l
from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.decisions.models import Decision
from potten.extensions import db


class ReportStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    RETURNED = "returned"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return str(REPORT_LABELS[self])


REPORT_LABELS = {
    ReportStatus.DRAFT: _l("Not sent"),
    ReportStatus.SENT: _l("Sent, waiting for approval"),
    ReportStatus.RETURNED: _l("Returned for correction"),
    ReportStatus.APPROVED: _l("Report approved"),
}

REPORT_TRANSITIONS: dict[ReportStatus, set[ReportStatus]] = {
    ReportStatus.DRAFT: {ReportStatus.SENT},
    ReportStatus.SENT: {ReportStatus.RETURNED, ReportStatus.APPROVED},
    ReportStatus.RETURNED: {ReportStatus.SENT},
    ReportStatus.APPROVED: set(),
}
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def check_report_transition(current: ReportStatus, target: ReportStatus) -> None:
    if target not in REPORT_TRANSITIONS[current]:
        raise IllegalTransition(_l("A report that is “%(current)s” cannot become “%(target)s”.",
                                   current=current.label, target=target.label))


def _enum(enum_cls, length=16):
    return db.Enum(enum_cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class FinalReport(db.Model):
    __tablename__ = "final_report"

    id = db.Column(db.Integer, primary_key=True)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), nullable=False, unique=True)
    due_date = db.Column(db.Date, nullable=False, index=True)
    status = db.Column(_enum(ReportStatus), nullable=False, default=ReportStatus.DRAFT, index=True)
    version = db.Column(db.Integer, nullable=False, default=0)  # how many times it was sent

    activities = db.Column(db.Text, nullable=False, default="")  # what was done
    held_from = db.Column(db.Date, nullable=True)
    held_to = db.Column(db.Date, nullable=True)
    participants = db.Column(db.Integer, nullable=True)
    target_groups = db.Column(db.JSON, nullable=False, default=list)
    involvement = db.Column(db.Text, nullable=False, default="")  # how residents took part
    dugnad_hours = db.Column(db.Integer, nullable=True)
    worked_well = db.Column(db.Text, nullable=False, default="")
    worked_badly = db.Column(db.Text, nullable=False, default="")
    other_funding = db.Column(db.Integer, nullable=True)  # kroner
    own_contribution = db.Column(db.Integer, nullable=True)  # kroner
    unused_amount = db.Column(db.Integer, nullable=True)  # kroner of the grant not used, computed when sent

    auditor_name = db.Column(db.String(200), nullable=False, default="", server_default="")  # above the threshold

    confirmed_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    confirmed_at = db.Column(UTCDateTime, nullable=True)
    sent_at = db.Column(UTCDateTime, nullable=True)
    handled_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    handled_at = db.Column(UTCDateTime, nullable=True)
    return_comment = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    application = db.relationship("Application")
    confirmed_by = db.relationship("User", foreign_keys=[confirmed_by_id])
    handled_by = db.relationship("User", foreign_keys=[handled_by_id])
    lines = db.relationship("ReportLine", order_by="ReportLine.position", cascade="all, delete-orphan",
                            back_populates="report")
    attachments = db.relationship("ReportAttachment", order_by="ReportAttachment.id",
                                  cascade="all, delete-orphan", back_populates="report")
    versions = db.relationship("ReportVersion", order_by="ReportVersion.version", cascade="all, delete-orphan",
                               back_populates="report")
    # the grant's repayment claims, read with the report on the staff's page
    claims = db.relationship("RepaymentClaim", viewonly=True, order_by="RepaymentClaim.id",
                             primaryjoin="foreign(RepaymentClaim.application_id) == FinalReport.application_id")

    __table_args__ = (
        db.CheckConstraint("status IN ('draft', 'sent', 'returned', 'approved')", name="status_known"),
        db.CheckConstraint("(participants IS NULL OR participants >= 0) AND (dugnad_hours IS NULL OR dugnad_hours >= 0)"
                           " AND (other_funding IS NULL OR other_funding >= 0)"
                           " AND (own_contribution IS NULL OR own_contribution >= 0)"
                           " AND (unused_amount IS NULL OR unused_amount >= 0)", name="numbers_not_negative"),
        # the staff's lists walk these in order and stop after a page: the overdue list (outstanding
        # reports by due date) and the reports in one state by the time they were sent
        db.Index("ix_final_report_outstanding_due", "due_date", "id",
                 postgresql_where=db.text("status IN ('draft', 'returned')"),
                 sqlite_where=db.text("status IN ('draft', 'returned')")),
        db.Index("ix_final_report_status_sent", "status", "sent_at", "id"),
    )

    @property
    def is_editable(self) -> bool:
        return ReportStatus(self.status) in EDITABLE

    @property
    def granted(self) -> int:
        """What the decision in force grants (0 if none); loaded with the report where a page needs it."""
        return self.granted_in_force or 0

    @property
    def auditor_statement(self):
        """The auditor's (revisor's) statement among the attachments, if one was added."""
        return next((a for a in self.attachments if a.auditor_statement), None)

    @property
    def spent_total(self) -> int:
        return sum(line.actual or 0 for line in self.lines)

    @property
    def budget_total(self) -> int:
        return sum(line.budgeted for line in self.lines)


FinalReport.granted_in_force = column_property(
    select(Decision.granted_amount).where(Decision.application_id == FinalReport.application_id,
                                          Decision.in_force.is_(True))
    .order_by(Decision.id.desc()).limit(1).correlate_except(Decision).scalar_subquery(), deferred=True)


class ReportLine(db.Model):
    """One line of the report's accounts: a line of the application's budget, or a new cost."""

    __tablename__ = "report_line"

    id = db.Column(db.Integer, primary_key=True)
    report_id = db.Column(db.Integer, db.ForeignKey("final_report.id"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=0)
    budget_line_id = db.Column(db.Integer, db.ForeignKey("budget_line.id"), nullable=True)
    item = db.Column(db.String(200), nullable=False)
    budgeted = db.Column(db.Integer, nullable=False, default=0)  # kroner, from the application
    actual = db.Column(db.Integer, nullable=True)  # kroner spent

    report = db.relationship("FinalReport", back_populates="lines")

    __table_args__ = (db.CheckConstraint("budgeted >= 0 AND (actual IS NULL OR actual >= 0)",
                                         name="amounts_not_negative"),)


class ReportAttachment(db.Model):
    """A photo or document sent with the report, kept in the database like the application's."""

    __tablename__ = "report_attachment"

    id = db.Column(db.Integer, primary_key=True)
    report_id = db.Column(db.Integer, db.ForeignKey("final_report.id"), nullable=False, index=True)
    filename = db.Column(db.String(255), nullable=False)
    content_type = db.Column(db.String(100), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    sha256 = db.Column(db.String(64), nullable=False)
    data = deferred(db.Column(db.LargeBinary, nullable=False))
    uploaded_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    # the auditor's statement that the accounts are correct (a grant above the round's threshold)
    auditor_statement = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())

    report = db.relationship("FinalReport", back_populates="attachments")


class ReportVersion(db.Model):
    """What the applicant sent, as sent (kept when staff return it), and what staff said."""

    __tablename__ = "report_version"

    id = db.Column(db.Integer, primary_key=True)
    report_id = db.Column(db.Integer, db.ForeignKey("final_report.id"), nullable=False, index=True)
    version = db.Column(db.Integer, nullable=False)
    content = db.Column(db.JSON, nullable=False)
    sent_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    sent_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    outcome = db.Column(db.String(16), nullable=True)  # returned / approved, once handled
    comment = db.Column(db.Text, nullable=False, default="")
    handled_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    handled_at = db.Column(UTCDateTime, nullable=True)

    report = db.relationship("FinalReport", back_populates="versions")
    sent_by = db.relationship("User", foreign_keys=[sent_by_id])
    handled_by = db.relationship("User", foreign_keys=[handled_by_id])

    __table_args__ = (db.UniqueConstraint("report_id", "version", name="report_version_once"),)


class ReminderSent(db.Model):
    """The ledger of reminders: one row per report and step, written with the mail's outbox entry.

    The unique key makes "at most once" hold across any number of workers: whoever inserts
    the row sends the mail, everyone else's insert does nothing."""

    __tablename__ = "reminder_sent"

    report_id = db.Column(db.Integer, db.ForeignKey("final_report.id"), primary_key=True, autoincrement=False)
    step = db.Column(db.Integer, primary_key=True, autoincrement=False)  # days from the due date
    due_on = db.Column(db.Date, nullable=False)  # the day this step fell due
    sent_on = db.Column(db.Date, nullable=False)  # the day (Europe/Oslo) the run sent it
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class ClaimStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"
    WAIVED = "waived"

    @property
    def label(self) -> str:
        return str(CLAIM_LABELS[self])


CLAIM_LABELS = {ClaimStatus.OPEN: _l("Open"), ClaimStatus.PAID: _l("Paid back"), ClaimStatus.WAIVED: _l("Waived")}


class RepaymentClaim(db.Model):
    """A claim to pay back (part of) a grant: first an advance notice (forvaltningsloven § 16),
    then a repayment decision (§ 35); open until paid or waived."""

    __tablename__ = "repayment_claim"

    id = db.Column(db.Integer, primary_key=True)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), nullable=False, index=True)
    amount = db.Column(db.Integer, nullable=False)  # kroner
    reason = db.Column(db.Text, nullable=False)
    status = db.Column(_enum(ClaimStatus), nullable=False, default=ClaimStatus.OPEN, index=True)
    answer_by = db.Column(db.Date, nullable=False)  # the deadline to answer the advance notice
    notice_letter_id = db.Column(db.Integer, db.ForeignKey("letter.id"), nullable=True)
    decided_at = db.Column(UTCDateTime, nullable=True)  # the repayment decision
    pay_by = db.Column(db.Date, nullable=True)  # the deadline to pay, set in the decision
    decision_letter_id = db.Column(db.Integer, db.ForeignKey("letter.id"), nullable=True)
    waive_reason = db.Column(db.Text, nullable=False, default="")
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    closed_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    closed_at = db.Column(UTCDateTime, nullable=True)

    application = db.relationship("Application")
    notice_letter = db.relationship("Letter", foreign_keys=[notice_letter_id])
    decision_letter = db.relationship("Letter", foreign_keys=[decision_letter_id])
    created_by = db.relationship("User", foreign_keys=[created_by_id])
    closed_by = db.relationship("User", foreign_keys=[closed_by_id])
    answer = db.relationship("ClaimAnswer", uselist=False, back_populates="claim")

    __table_args__ = (
        db.CheckConstraint("amount > 0", name="amount_positive"),
        db.CheckConstraint("status IN ('open', 'paid', 'waived')", name="status_known"),
        db.CheckConstraint("status <> 'waived' OR waive_reason <> ''", name="waived_with_reason"),
    )

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None


class ClaimAnswer(db.Model):
    """The applicant's answer to the advance notice of a repayment claim (forvaltningsloven § 16),
    given on their page before the deadline, with an optional attachment; read before the decision."""

    __tablename__ = "claim_answer"

    id = db.Column(db.Integer, primary_key=True)
    claim_id = db.Column(db.Integer, db.ForeignKey("repayment_claim.id"), nullable=False, unique=True)
    text = db.Column(db.Text, nullable=False)
    filename = db.Column(db.String(255), nullable=True)
    content_type = db.Column(db.String(100), nullable=True)
    size = db.Column(db.Integer, nullable=True)
    sha256 = db.Column(db.String(64), nullable=True)
    data = deferred(db.Column(db.LargeBinary, nullable=True))
    answered_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    answered_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    claim = db.relationship("RepaymentClaim", back_populates="answer")
    answered_by = db.relationship("User")


class AnnualReport(db.Model):
    """The annual report (årsrapport) of one year, built by a worker as .docx and .xlsx."""

    __tablename__ = "annual_report"

    id = db.Column(db.Integer, primary_key=True)
    year = db.Column(db.Integer, nullable=False, index=True)
    locale = db.Column(db.String(5), nullable=False, default="nb")
    requested_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    requested_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    built_at = db.Column(UTCDateTime, nullable=True)
    docx = deferred(db.Column(db.LargeBinary, nullable=True))
    xlsx = deferred(db.Column(db.LargeBinary, nullable=True))
    entry_id = db.Column(db.Integer, db.ForeignKey("outbox_entry.id"), nullable=True)

    requested_by = db.relationship("User")
    entry = db.relationship("OutboxEntry")

    @property
    def is_ready(self) -> bool:
        return self.built_at is not None
