"""Assignments, conflict-of-interest declarations, reviews with their scores, and questions to the applicant."""
from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db

DRAFT, SUBMITTED = "draft", "submitted"
GRANT_FULL, GRANT_PART, REJECT = "grant_full", "grant_part", "reject"
RECOMMENDATIONS = (GRANT_FULL, GRANT_PART, REJECT)


class ReviewAssignment(db.Model):
    """A reviewer is asked to review an application by ``due_on``."""

    __tablename__ = "review_assignment"

    id = db.Column(db.Integer, primary_key=True)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), nullable=False, index=True)
    reviewer_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False, index=True)
    due_on = db.Column(db.Date, nullable=True)
    assigned_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    assigned_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    application = db.relationship("Application")
    reviewer = db.relationship("User", foreign_keys=[reviewer_id])

    __table_args__ = (db.UniqueConstraint("application_id", "reviewer_id"),)


class ConflictDeclaration(db.Model):
    """A person's declaration on one application (habilitet, forvaltningsloven § 6)."""

    __tablename__ = "conflict_declaration"

    id = db.Column(db.Integer, primary_key=True)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False, index=True)
    has_conflict = db.Column(db.Boolean, nullable=False)
    reason = db.Column(db.Text, nullable=False, default="")
    declared_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    user = db.relationship("User")

    __table_args__ = (
        db.UniqueConstraint("application_id", "user_id"),
        db.CheckConstraint("has_conflict = false OR reason <> ''", name="conflict_has_reason"),
    )


class Review(db.Model):
    """One reviewer's assessment. ``weighted_total``/``weight_total`` and ``recommended_amount``
    are fixed at submission so that the ranking adds them up in one query."""

    __tablename__ = "review"

    id = db.Column(db.Integer, primary_key=True)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), nullable=False, index=True)
    reviewer_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False, index=True)
    status = db.Column(db.String(16), nullable=False, default=DRAFT)
    recommendation = db.Column(db.String(16), nullable=True)
    recommended_amount = db.Column(db.Integer, nullable=True)  # kroner
    justification = db.Column(db.Text, nullable=False, default="")
    weighted_total = db.Column(db.Integer, nullable=True)  # sum of weight × score
    weight_total = db.Column(db.Integer, nullable=True)  # sum of weights
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)
    submitted_at = db.Column(UTCDateTime, nullable=True)

    reviewer = db.relationship("User")
    application = db.relationship("Application")
    scores = db.relationship("Score", cascade="all, delete-orphan", back_populates="review", lazy="selectin",
                             order_by="Score.id")

    __table_args__ = (
        db.UniqueConstraint("application_id", "reviewer_id"),
        db.CheckConstraint("status IN ('draft', 'submitted')", name="status_known"),
        db.CheckConstraint("recommendation IS NULL OR recommendation IN ('grant_full', 'grant_part', 'reject')",
                           name="recommendation_known"),
        db.CheckConstraint("recommended_amount IS NULL OR recommended_amount >= 0", name="amount_not_negative"),
        db.Index("ix_review_application_status", "application_id", "status"),
    )

    @property
    def is_submitted(self) -> bool:
        return self.status == SUBMITTED

    def score_for(self, criterion_id: int):
        return next((s for s in self.scores if s.criterion_id == criterion_id), None)


class Score(db.Model):
    __tablename__ = "score"

    id = db.Column(db.Integer, primary_key=True)
    review_id = db.Column(db.Integer, db.ForeignKey("review.id"), nullable=False, index=True)
    criterion_id = db.Column(db.Integer, db.ForeignKey("criterion.id"), nullable=False)
    score = db.Column(db.Integer, nullable=True)
    comment = db.Column(db.Text, nullable=False, default="")

    review = db.relationship("Review", back_populates="scores")
    criterion = db.relationship("Criterion")

    __table_args__ = (
        db.UniqueConstraint("review_id", "criterion_id"),
        db.CheckConstraint("score IS NULL OR (score >= 1 AND score <= 5)", name="score_1_to_5"),
    )


class InfoRequest(db.Model):
    """A question to the applicant; the application waits for the answer."""

    __tablename__ = "info_request"

    id = db.Column(db.Integer, primary_key=True)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), nullable=False, index=True)
    question = db.Column(db.Text, nullable=False)
    asked_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    asked_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    answer = db.Column(db.Text, nullable=True)
    answered_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    answered_at = db.Column(UTCDateTime, nullable=True)

    asked_by = db.relationship("User", foreign_keys=[asked_by_id])
    answered_by = db.relationship("User", foreign_keys=[answered_by_id])


class ReviewSummary(db.Model):
    """Running totals of an application's submitted reviews, kept by the database (triggers on
    ``review``: ``potten.review.summary``) so the ranking reads one row per application instead of
    adding up every review."""

    __tablename__ = "review_summary"

    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), primary_key=True, autoincrement=False)
    reviews = db.Column(db.Integer, nullable=False, default=0)
    weighted_total = db.Column(db.Integer, nullable=False, default=0)
    weight_total = db.Column(db.Integer, nullable=False, default=0)
    full = db.Column(db.Integer, nullable=False, default=0)
    part = db.Column(db.Integer, nullable=False, default=0)
    reject = db.Column(db.Integer, nullable=False, default=0)
    recommended_total = db.Column(db.Integer, nullable=False, default=0)  # kroner
