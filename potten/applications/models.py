"""Applications, their budget lines and attachments."""
from sqlalchemy.orm import deferred

from potten.applications.workflow import WITHDRAWABLE, Status
from potten.core.roles import Role
from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db

TARGET_GROUPS = ("children", "youth", "families", "elderly", "disabilities",
                 "minorities", "generations", "everyone")


class Application(db.Model):
    __tablename__ = "application"

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.Integer, db.ForeignKey("round.id"), nullable=False, index=True)
    applicant_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False, index=True)
    organisation_id = db.Column(db.Integer, db.ForeignKey("organisation.id"), nullable=True, index=True)
    status = db.Column(db.Enum(Status, native_enum=False, length=32,
                               values_callable=lambda e: [m.value for m in e]),
                       nullable=False, default=Status.DRAFT, index=True)
    case_number = db.Column(db.String(16), nullable=True, unique=True)

    title = db.Column(db.String(200), nullable=False, default="")
    summary = db.Column(db.String(600), nullable=False, default="")
    description = db.Column(db.Text, nullable=False, default="")
    focus_area_id = db.Column(db.Integer, db.ForeignKey("focus_area.id"), nullable=True, index=True)
    target_groups = db.Column(db.JSON, nullable=False, default=list)
    location = db.Column(db.String(200), nullable=False, default="")
    start_date = db.Column(db.Date, nullable=True)
    end_date = db.Column(db.Date, nullable=True)
    expected_participants = db.Column(db.Integer, nullable=True)
    other_funding = db.Column(db.Integer, nullable=False, default=0)  # kroner
    own_contribution = db.Column(db.Integer, nullable=False, default=0)  # kroner
    volunteer_hours = db.Column(db.Integer, nullable=False, default=0)
    requested_amount = db.Column(db.Integer, nullable=True)  # kroner
    bank_account = db.Column(db.String(11), nullable=True)
    privacy_consent = db.Column(db.Boolean, nullable=False, default=False)
    # a private person's consent to their name in the public list of grants ("privatperson" without it)
    publish_name = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())

    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)
    submitted_at = db.Column(UTCDateTime, nullable=True)

    round = db.relationship("Round")
    applicant = db.relationship("User", foreign_keys=[applicant_id])
    organisation = db.relationship("Organisation")
    focus_area = db.relationship("FocusArea")
    budget_lines = db.relationship("BudgetLine", order_by="BudgetLine.position",
                                   cascade="all, delete-orphan", back_populates="application")
    attachments = db.relationship("Attachment", order_by="Attachment.id",
                                  cascade="all, delete-orphan", back_populates="application")

    __table_args__ = (
        db.CheckConstraint("requested_amount IS NULL OR requested_amount > 0", name="requested_positive"),
        db.CheckConstraint("other_funding >= 0 AND own_contribution >= 0 AND volunteer_hours >= 0",
                           name="amounts_not_negative"),
        # the staff's work lists: the oldest sent first among one status, read in index order
        db.Index("ix_application_status_submitted", "status", "submitted_at", "id"),
    )

    @property
    def budget_total(self) -> int:
        return sum(line.amount for line in self.budget_lines)

    @property
    def applicant_name(self) -> str:
        return self.organisation.name if self.organisation else self.applicant.name

    @property
    def is_editable(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_withdrawable(self) -> bool:
        return self.status in WITHDRAWABLE

    def is_own(self, user) -> bool:
        """The applicant, or a member of the organisation the application is for."""
        if not getattr(user, "is_authenticated", False):
            return False
        return user.id == self.applicant_id or user.belongs_to(self.organisation_id)

    def can_view(self, user) -> bool:
        if self.is_own(user):
            return True
        if not getattr(user, "is_authenticated", False) or self.status == Status.DRAFT:
            return False
        return user.has_role(Role.ADMIN, Role.DECISION_MAKER, Role.FINANCE) and not barred(user, self)

    def can_edit(self, user) -> bool:
        return self.is_own(user) and self.is_editable


# Rules of higher layers that bar a staff member from an application they could otherwise see: the review
# package adds "has declared a conflict of interest" (habilitet). Such a person sees no more of the
# application than a stranger, through any address.
BARRED_BY: list = []


def barred(user, application) -> bool:
    return any(rule(user, application) for rule in BARRED_BY)


class BudgetLine(db.Model):
    __tablename__ = "budget_line"

    id = db.Column(db.Integer, primary_key=True)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=0)
    item = db.Column(db.String(200), nullable=False)
    amount = db.Column(db.Integer, nullable=False)  # kroner

    application = db.relationship("Application", back_populates="budget_lines")

    __table_args__ = (db.CheckConstraint("amount >= 0", name="amount_not_negative"),)


class Attachment(db.Model):
    """A file kept in the database, so every web and worker process sees it."""

    __tablename__ = "attachment"

    id = db.Column(db.Integer, primary_key=True)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), nullable=False, index=True)
    filename = db.Column(db.String(255), nullable=False)
    content_type = db.Column(db.String(100), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    sha256 = db.Column(db.String(64), nullable=False)
    data = deferred(db.Column(db.LargeBinary, nullable=False))
    uploaded_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    application = db.relationship("Application", back_populates="attachments")


class CaseCounter(db.Model):
    """The last case number given out per year (2025-0001, 2025-0002, …)."""

    __tablename__ = "case_counter"

    year = db.Column(db.Integer, primary_key=True, autoincrement=False)
    last = db.Column(db.Integer, nullable=False, default=0)
