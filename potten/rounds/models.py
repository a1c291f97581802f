"""Calls for applications (rounds), their focus areas with budgets, and criteria."""
import uuid

from potten.core.i18n import current_locale
from potten.core.i18n import lazy_gettext as _l
from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db

DEFAULT_REMINDER_STEPS = "-14,0,14,30"
AFTER_REPORT, ADVANCE, AT_ACCEPTANCE = "after_report", "advance", "at_acceptance"
PAYOUT_PLANS = {  # how a round pays its grants; the decision letter and the applicant's page show it
    AFTER_REPORT: _l("The whole grant after the final report is approved"),
    ADVANCE: _l("An advance when the grant is accepted, the rest after the final report is approved"),
    AT_ACCEPTANCE: _l("The whole grant when it is accepted"),
}
DEFAULT_ADVANCE_PERCENT = 75
DEFAULT_ACCEPTANCE_DAYS = 21
DEFAULT_REPORT_DAYS = 60


class Round(db.Model):
    __tablename__ = "round"

    id = db.Column(db.Integer, primary_key=True)
    year = db.Column(db.Integer, nullable=False)
    title = db.Column(db.String(200), nullable=False)
    title_en = db.Column(db.String(200), nullable=True)
    description = db.Column(db.Text, nullable=False, default="")
    description_en = db.Column(db.Text, nullable=True)
    opens_at = db.Column(UTCDateTime, nullable=False)
    closes_at = db.Column(UTCDateTime, nullable=False)
    max_amount = db.Column(db.Integer, nullable=False)  # kroner
    # final reports: the reminder steps in days from the due date, and whether an applicant
    # with an overdue report may send a new application
    reminder_steps = db.Column(db.String(100), nullable=False, default=DEFAULT_REMINDER_STEPS,
                               server_default=DEFAULT_REMINDER_STEPS)
    reports_required = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    # the report's due date a decision proposes: the project's end + these days (the decision may change it)
    report_days = db.Column(db.Integer, nullable=False, default=DEFAULT_REPORT_DAYS,
                            server_default=str(DEFAULT_REPORT_DAYS))
    # a grant above this many kroner reports with an auditor's (revisor's) statement; None: never
    auditor_threshold = db.Column(db.Integer, nullable=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    # after the decision: how grants are paid, and when a grant nobody answered counts as accepted
    payout_plan = db.Column(db.String(16), nullable=False, default=AFTER_REPORT, server_default=AFTER_REPORT)
    advance_percent = db.Column(db.Integer, nullable=False, default=DEFAULT_ADVANCE_PERCENT,
                                server_default=str(DEFAULT_ADVANCE_PERCENT))  # of the grant, with ADVANCE
    acceptance_days = db.Column(db.Integer, nullable=False, default=DEFAULT_ACCEPTANCE_DAYS,
                                server_default=str(DEFAULT_ACCEPTANCE_DAYS))  # from the day the letter went out

    focus_areas = db.relationship("FocusArea", back_populates="round", order_by="FocusArea.position",
                                  cascade="all, delete-orphan")
    criteria = db.relationship("Criterion", back_populates="round", order_by="Criterion.position",
                               cascade="all, delete-orphan")

    __table_args__ = (
        db.CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        db.CheckConstraint("max_amount > 0", name="max_amount_positive"),
        db.CheckConstraint("payout_plan IN ('after_report', 'advance', 'at_acceptance')", name="payout_plan_known"),
        db.CheckConstraint("advance_percent BETWEEN 1 AND 99", name="advance_percent_range"),
        db.CheckConstraint("acceptance_days BETWEEN 1 AND 365", name="acceptance_days_range"),
        db.CheckConstraint("report_days BETWEEN 1 AND 730", name="report_days_range"),
        db.CheckConstraint("auditor_threshold IS NULL OR auditor_threshold > 0", name="auditor_threshold_positive"),
    )

    def is_open(self, now=None) -> bool:
        now = now or utcnow()
        return self.opens_at <= now < self.closes_at

    @property
    def label(self) -> str:
        return localized(self.title, self.title_en)

    @property
    def text(self) -> str:
        return localized(self.description, self.description_en)

    @property
    def reminder_days(self) -> list[int]:
        """The reminder steps as days from the due date, e.g. ``[-14, 0, 14, 30]``."""
        return parse_steps(self.reminder_steps or "")

    def needs_auditor(self, granted: int) -> bool:
        """Whether a grant of ``granted`` kroner reports with an auditor's statement."""
        return self.auditor_threshold is not None and granted > self.auditor_threshold

    @property
    def payout_plan_label(self) -> str:
        return str(PAYOUT_PLANS[self.payout_plan])

    def instalments(self, granted: int) -> list[tuple[str, int]]:
        """How a grant of ``granted`` kroner is paid under this round's plan: (when, amount) in order,
        ``when`` being ``"acceptance"`` or ``"final_report"``. The advance is rounded down to whole kroner."""
        if granted <= 0:
            return []
        if self.payout_plan == AT_ACCEPTANCE:
            return [("acceptance", granted)]
        if self.payout_plan == ADVANCE:
            advance = granted * self.advance_percent // 100
            return [(when, amount) for when, amount in (("acceptance", advance), ("final_report", granted - advance))
                    if amount > 0]
        return [("final_report", granted)]

    @property
    def total_budget(self) -> int:
        return sum(area.budget for area in self.focus_areas)


class FocusArea(db.Model):
    """An innsatsområde with its activity budget; ``committed`` is what decisions have granted.

    ``ranking_version`` is a random token the database replaces, in the same transaction, with every
    change that can alter the area's ranking (triggers: ``potten.decisions.ranking_version``); the ranking
    cache is keyed on it.
    """

    __tablename__ = "focus_area"

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.Integer, db.ForeignKey("round.id"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=0)
    name = db.Column(db.String(200), nullable=False)
    name_en = db.Column(db.String(200), nullable=True)
    budget = db.Column(db.Integer, nullable=False)  # kroner
    committed = db.Column(db.Integer, nullable=False, default=0)  # kroner
    ranking_version = db.Column(db.String(36), nullable=False, default=lambda: uuid.uuid4().hex, server_default="",
                                server_onupdate=db.FetchedValue())

    round = db.relationship("Round", back_populates="focus_areas")

    __table_args__ = (
        db.CheckConstraint("budget >= 0", name="budget_not_negative"),
        db.CheckConstraint("committed >= 0 AND committed <= budget", name="committed_within_budget"),
    )

    @property
    def remaining(self) -> int:
        return self.budget - self.committed

    @property
    def label(self) -> str:
        return localized(self.name, self.name_en)


class Criterion(db.Model):
    __tablename__ = "criterion"

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.Integer, db.ForeignKey("round.id"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=0)
    title = db.Column(db.String(200), nullable=False)
    title_en = db.Column(db.String(200), nullable=True)
    description = db.Column(db.Text, nullable=False, default="")
    description_en = db.Column(db.Text, nullable=True)
    weight = db.Column(db.Integer, nullable=False, default=1)

    round = db.relationship("Round", back_populates="criteria")

    __table_args__ = (db.CheckConstraint("weight > 0", name="weight_positive"),)

    @property
    def label(self) -> str:
        return localized(self.title, self.title_en)

    @property
    def text(self) -> str:
        return localized(self.description, self.description_en)


def localized(nb: str, en: str | None) -> str:
    """Content entered by staff in bokmål, with an optional English version."""
    locale = current_locale()
    return en if en and locale is not None and locale.language == "en" else nb


def parse_steps(text: str) -> list[int]:
    """``"-14, 0, 14,30"`` → ``[-14, 0, 14, 30]``; raises ``ValueError`` on anything else."""
    steps = sorted({int(part) for part in text.replace(";", ",").split(",") if part.strip()})
    if any(abs(step) > 365 for step in steps):
        raise ValueError("a step is more than a year from the due date")
    return steps
