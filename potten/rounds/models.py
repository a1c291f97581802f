"""Calls for applications (rounds), their focus areas with budgets, and criteria."""
import uuid

from potten.core.i18n import current_locale
from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db


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
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    focus_areas = db.relationship("FocusArea", back_populates="round", order_by="FocusArea.position",
                                  cascade="all, delete-orphan")
    criteria = db.relationship("Criterion", back_populates="round", order_by="Criterion.position",
                               cascade="all, delete-orphan")

    __table_args__ = (
        db.CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        db.CheckConstraint("max_amount > 0", name="max_amount_positive"),
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
