"""Letters sent to applicants (decisions, an appeal sent on, the appeals board's decision)
and the settings every letter draws on. The .docx and its PDF/A are kept in the
database, so every web and worker machine can hand them out."""
import hashlib

from sqlalchemy.orm import deferred

from potten.core import outbox
from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db

PENDING, SENT, FAILED = "pending", "sent", "failed"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


class Letter(db.Model):
    __tablename__ = "letter"

    id = db.Column(db.Integer, primary_key=True)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), nullable=False, index=True)
    decision_id = db.Column(db.Integer, db.ForeignKey("decision.id"), nullable=True, index=True)
    appeal_id = db.Column(db.Integer, db.ForeignKey("appeal.id"), nullable=True)
    kind = db.Column(db.String(32), nullable=False, default="decision")  # see potten.letters.kinds
    number = db.Column(db.Integer, nullable=False, default=1)  # 1, 2, … among the application's letters
    locale = db.Column(db.String(5), nullable=False, default="nb")
    recipient_email = db.Column(db.String(254), nullable=False)
    filename = db.Column(db.String(200), nullable=False)  # of the .docx; the PDF's ends in .pdf
    data = db.Column(db.JSON, nullable=False)  # what the letter says, fixed when the decision was made
    content = deferred(db.Column(db.LargeBinary, nullable=True))  # the .docx, once built
    pdf = deferred(db.Column(db.LargeBinary, nullable=True))  # the PDF/A-2b sent, where LibreOffice made one
    size = db.Column(db.Integer, nullable=True)  # of the file sent (the PDF, or the .docx without one)
    pdf_size = db.Column(db.Integer, nullable=True)  # set when a PDF was made (the column is not loaded)
    sha256 = db.Column(db.String(64), nullable=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    built_at = db.Column(UTCDateTime, nullable=True)
    build_entry_id = db.Column(db.Integer, db.ForeignKey("outbox_entry.id"), nullable=True)
    mail_entry_id = db.Column(db.Integer, db.ForeignKey("outbox_entry.id"), nullable=True)

    application = db.relationship("Application")
    decision = db.relationship("Decision")
    appeal = db.relationship("Appeal")
    build_entry = db.relationship("OutboxEntry", foreign_keys=[build_entry_id])
    mail_entry = db.relationship("OutboxEntry", foreign_keys=[mail_entry_id])

    @property
    def is_built(self) -> bool:
        return self.built_at is not None

    @property
    def status(self) -> str:
        """pending (being built or mailed), sent, or failed (shown to the admin, who can retry)."""
        if self.failed_entry is not None:
            return FAILED
        if self.mail_entry is not None and self.mail_entry.status == outbox.DONE:
            return SENT
        return PENDING

    @property
    def failed_entry(self):
        """The outbox entry that failed for good, if any: the one an admin's retry restarts."""
        for entry in (self.build_entry, self.mail_entry):
            if entry is not None and entry.status == outbox.FAILED:
                return entry
        return None

    @property
    def sent_at(self):
        return self.mail_entry.done_at if self.status == SENT else None

    @property
    def last_error(self) -> str | None:
        entry = self.failed_entry or self.mail_entry or self.build_entry
        return entry.last_error if entry is not None else None

    @property
    def has_pdf(self) -> bool:
        return self.pdf_size is not None

    @property
    def pdf_filename(self) -> str:
        return self.filename.rsplit(".", 1)[0] + ".pdf"

    @property
    def sent_file(self) -> tuple[bytes, str, str]:
        """What the applicant gets: (content, media type, file name): the PDF, or the .docx
        where no PDF could be made."""
        if self.has_pdf:
            return self.pdf, PDF, self.pdf_filename
        return self.content, DOCX, self.filename

    def store(self, content: bytes, pdf: bytes | None = None) -> None:
        """Keep the built file (``sha256`` and ``size`` are those of what is sent)."""
        self.content, self.pdf = content, pdf
        self.pdf_size = len(pdf) if pdf is not None else None
        sent = pdf if pdf is not None else content
        self.size = len(sent)
        self.sha256 = hashlib.sha256(sent).hexdigest()
        self.built_at = utcnow()


class LetterSettings(db.Model):
    """What every letter says about the scheme and the office, set by the admin on
    ``/brev/innstillinger``: the rules (named, dated, published on ``/regler``), the
    delegation, the decision maker's role, the appeals board, and the contact block.
    One row; ``letter_settings()`` gives the built-in values until the admin saves."""

    __tablename__ = "letter_settings"

    id = db.Column(db.Integer, primary_key=True)
    rules_name = db.Column(db.String(200), nullable=False)
    rules_name_en = db.Column(db.String(200), nullable=False)
    rules_date = db.Column(db.Date, nullable=False)
    rules_text = db.Column(db.Text, nullable=False)
    rules_text_en = db.Column(db.Text, nullable=False)
    delegation = db.Column(db.Text, nullable=False)
    delegation_en = db.Column(db.Text, nullable=False)
    decider_role = db.Column(db.String(200), nullable=False)
    decider_role_en = db.Column(db.String(200), nullable=False)
    board_weeks = db.Column(db.Integer, nullable=False, default=8)  # how long the appeals board usually takes
    phone = db.Column(db.String(40), nullable=False)
    visiting_address = db.Column(db.String(200), nullable=False)
    email = db.Column(db.String(254), nullable=False)
    updated_at = db.Column(UTCDateTime, nullable=True)

    __table_args__ = (db.CheckConstraint("board_weeks > 0 AND board_weeks <= 52", name="board_weeks_range"),)

    def text(self, field: str, language: str) -> str:
        """``field`` in ``language`` (``rules_name`` or ``rules_name_en``)."""
        return getattr(self, f"{field}_en") if language == "en" else getattr(self, field)
