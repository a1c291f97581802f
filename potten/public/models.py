"""Texts of the public pages the programme office edits: the privacy notice and the
accessibility statement, in bokmål and English."""
from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db

KEYS = ("privacy", "accessibility")
LOCALES = ("nb", "en")


class PublicText(db.Model):
    """One page's text in one language; until the admin saves one, the built-in text is shown."""

    __tablename__ = "public_text"

    key = db.Column(db.String(32), primary_key=True)
    locale = db.Column(db.String(2), primary_key=True)
    body = db.Column(db.Text, nullable=False)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)
    updated_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)

    updated_by = db.relationship("User")

    __table_args__ = (
        db.CheckConstraint("key IN ('privacy', 'accessibility')", name="key_known"),
        db.CheckConstraint("locale IN ('nb', 'en')", name="locale_known"),
    )
