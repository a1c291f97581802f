"""Decisions (vedtak) on applications. A decision is never changed: a new one supersedes it.

Also the things decisions draw on: standard reasons, each round's default conditions,
appeals (klage) and budget moves between focus areas.
"""
from datetime import date, timedelta

from potten.core.i18n import lazy_gettext as _l
from potten.core.time import utc_to_oslo, utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db
from potten.rounds.models import localized

APPEAL_WEEKS = 3
DEFAULT_CONDITIONS = (
    "Tilskuddet skal bare brukes til prosjektet slik det er beskrevet i søknaden og budsjettet. "
    "Sluttrapport med regnskap skal leveres innen fristen som står i vedtaket. "
    "Penger som ikke er brukt, skal betales tilbake til Larvik kommune."
)
DEFAULT_CONDITIONS_EN = (
    "The grant may only be used for the project as it is described in the application and its budget. "
    "A final report with accounts must be delivered by the deadline given in the decision. "
    "Money that is not used must be paid back to Larvik kommune."
)


class Decision(db.Model):
    __tablename__ = "decision"

    id = db.Column(db.Integer, primary_key=True)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), nullable=False, index=True)
    outcome = db.Column(db.String(32), nullable=False)  # a decided Status value: approved, partly_approved, rejected
    requested_amount = db.Column(db.Integer, nullable=False)  # kroner, as asked when decided
    granted_amount = db.Column(db.Integer, nullable=False, default=0)  # kroner
    reasons = db.Column(db.Text, nullable=False, default="")  # begrunnelse, free text
    standard_reasons = db.Column(db.JSON, nullable=False, default=list)  # texts of the chosen standard reasons
    conditions = db.Column(db.Text, nullable=False, default="")  # special conditions, only when written
    # the round's general conditions when decided, in both languages: {"nb": …, "en": …}
    general_conditions = db.Column(db.JSON, nullable=True)
    report_due = db.Column(db.Date, nullable=True)
    after_appeal = db.Column(db.Boolean, nullable=False, default=False)
    by_board = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())  # final (§ 28)
    supersedes_id = db.Column(db.Integer, db.ForeignKey("decision.id"), nullable=True)
    decided_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    decided_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    # when the decision reached the applicant (the letter was sent); the appeal period runs from here
    notified_at = db.Column(UTCDateTime, nullable=True)
    in_force = db.Column(db.Boolean, nullable=False, default=True, server_default=db.true())  # False once superseded

    application = db.relationship("Application", foreign_keys=[application_id])
    decided_by = db.relationship("User")
    supersedes = db.relationship("Decision", remote_side=[id])

    __table_args__ = (
        db.CheckConstraint("granted_amount >= 0 AND granted_amount <= requested_amount", name="granted_within_request"),
        db.CheckConstraint("outcome IN ('approved', 'partly_approved', 'rejected')", name="outcome_known"),
    )

    @property
    def appeal_deadline(self) -> date:
        """Three weeks from the day the decision reached the applicant (or was made, until then)."""
        reached = utc_to_oslo(self.notified_at or self.decided_at).date()
        return reached + timedelta(weeks=APPEAL_WEEKS)

    def general_conditions_in(self, language: str) -> str:
        texts = self.general_conditions or {}
        return (texts.get(language) or texts.get("nb") or "").strip()

    def standard_reasons_in(self, language: str) -> list[str]:
        """The chosen standard reasons in ``language`` (older decisions kept one text each)."""
        found = []
        for reason in self.standard_reasons or []:
            text = reason.get(language) or reason.get("nb") if isinstance(reason, dict) else reason
            if str(text or "").strip():
                found.append(str(text).strip())
        return found


ACCEPTED, DECLINED = "accepted", "declined"
BY_APPLICANT, AUTOMATIC, CARRIED_OVER = "applicant", "automatic", "carried_over"


class GrantAnswer(db.Model):
    """The applicant's answer to a grant (aksept av vilkår): accepted or declined, by them, automatically
    when the round's days ran out, or carried over from the decision an appeal replaced. Nothing is paid
    before a grant is accepted."""

    __tablename__ = "grant_answer"

    decision_id = db.Column(db.Integer, db.ForeignKey("decision.id"), primary_key=True, autoincrement=False)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), nullable=False, index=True)
    answer = db.Column(db.String(16), nullable=False)
    how = db.Column(db.String(16), nullable=False)
    answered_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)  # none when automatic
    answered_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    reason = db.Column(db.Text, nullable=False, default="")  # why it was declined, if the applicant says

    decision = db.relationship("Decision")
    answered_by = db.relationship("User")

    __table_args__ = (
        db.CheckConstraint("answer IN ('accepted', 'declined')", name="answer_known"),
        db.CheckConstraint("how IN ('applicant', 'automatic', 'carried_over')", name="how_known"),
        db.CheckConstraint("how = 'automatic' OR answered_by_id IS NOT NULL", name="who_answered"),
        db.CheckConstraint("answer = 'accepted' OR how = 'applicant'", name="only_applicant_declines"),
    )

    @property
    def accepted(self) -> bool:
        return self.answer == ACCEPTED


class StandardReason(db.Model):
    """A reason the admin keeps ready for decisions (e.g. "outside the scheme's purpose")."""

    __tablename__ = "standard_reason"

    id = db.Column(db.Integer, primary_key=True)
    text = db.Column(db.Text, nullable=False)
    text_en = db.Column(db.Text, nullable=True)  # required for new reasons: letters in English use it
    active = db.Column(db.Boolean, nullable=False, default=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    @property
    def label(self) -> str:
        return localized(self.text, self.text_en)

    @property
    def texts(self) -> dict:
        """Both languages, as a decision keeps them."""
        return {"nb": self.text, "en": self.text_en or self.text}


class DecisionDefaults(db.Model):
    """A round's defaults for the conditions of every grant (the report period is the round's own
    ``report_days``)."""

    __tablename__ = "decision_defaults"

    round_id = db.Column(db.Integer, db.ForeignKey("round.id"), primary_key=True, autoincrement=False)
    conditions = db.Column(db.Text, nullable=False, default=DEFAULT_CONDITIONS)
    conditions_en = db.Column(db.Text, nullable=False, default=DEFAULT_CONDITIONS_EN,
                              server_default=DEFAULT_CONDITIONS_EN)


FILED, CHANGED, FORWARDED = "filed", "changed", "forwarded"
BOARD_UPHELD, BOARD_CHANGED, BOARD_SENT_BACK = "board_upheld", "board_changed", "board_sent_back"
BOARD_STATES = (BOARD_UPHELD, BOARD_CHANGED, BOARD_SENT_BACK)
APPEAL_STATES = {
    FILED: _l("Waiting for the decision maker"),
    CHANGED: _l("The decision was changed"),
    FORWARDED: _l("Sent to the appeals board"),
    BOARD_UPHELD: _l("The appeals board upheld the decision"),
    BOARD_CHANGED: _l("The appeals board changed the decision"),
    BOARD_SENT_BACK: _l("The appeals board sent the case back to be decided again"),
}


class Appeal(db.Model):
    """An appeal (klage) against one decision."""

    __tablename__ = "appeal"

    id = db.Column(db.Integer, primary_key=True)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), nullable=False, index=True)
    decision_id = db.Column(db.Integer, db.ForeignKey("decision.id"), nullable=False, unique=True)
    text = db.Column(db.Text, nullable=False)
    filed_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    filed_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    late = db.Column(db.Boolean, nullable=False, default=False)
    state = db.Column(db.String(16), nullable=False, default=FILED)
    handled_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    handled_at = db.Column(UTCDateTime, nullable=True)
    note = db.Column(db.Text, nullable=False, default="")  # the decision maker's assessment
    board_note = db.Column(db.Text, nullable=False, default="")
    board_recorded_at = db.Column(UTCDateTime, nullable=True)
    new_decision_id = db.Column(db.Integer, db.ForeignKey("decision.id"), nullable=True)  # § 33, or after sent back
    board_decision_id = db.Column(db.Integer, db.ForeignKey("decision.id"), nullable=True)  # the board's own

    application = db.relationship("Application")
    decision = db.relationship("Decision", foreign_keys=[decision_id])
    new_decision = db.relationship("Decision", foreign_keys=[new_decision_id])
    board_decision = db.relationship("Decision", foreign_keys=[board_decision_id])
    filed_by = db.relationship("User", foreign_keys=[filed_by_id])

    __table_args__ = (
        db.CheckConstraint("state IN ('filed', 'changed', 'forwarded', 'board_upheld', 'board_changed', "
                           "'board_sent_back')", name="state_known"),
    )

    @property
    def state_label(self) -> str:
        return str(APPEAL_STATES[self.state])


class BudgetMove(db.Model):
    """Money moved from one focus area of a round to another, with the reason."""

    __tablename__ = "budget_move"

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.Integer, db.ForeignKey("round.id"), nullable=False, index=True)
    from_area_id = db.Column(db.Integer, db.ForeignKey("focus_area.id"), nullable=False)
    to_area_id = db.Column(db.Integer, db.ForeignKey("focus_area.id"), nullable=False)
    amount = db.Column(db.Integer, nullable=False)  # kroner
    reason = db.Column(db.Text, nullable=False)
    moved_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    moved_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    from_area = db.relationship("FocusArea", foreign_keys=[from_area_id])
    to_area = db.relationship("FocusArea", foreign_keys=[to_area_id])
    moved_by = db.relationship("User")

    __table_args__ = (
        db.CheckConstraint("amount > 0", name="amount_positive"),
        db.CheckConstraint("from_area_id <> to_area_id", name="different_areas"),
    )
