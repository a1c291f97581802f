"""Letters sent to applicants (decision letters). The .docx is kept in the
database, so every web and worker machine can hand it out."""
import hashlib

from sqlalchemy.orm import deferred

from potten.core import outbox
from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db

PENDING, SENT, FAILED = "pending", "sent", "failed"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Letter(db.Model):
    __tablename__ = "letter"

    id = db.Column(db.Integer, primary_key=True)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), nullable=False, index=True)
    decision_id = db.Column(db.Integer, db.ForeignKey("decision.id"), nullable=True, unique=True)
    kind = db.Column(db.String(32), nullable=False, default="decision")
    locale = db.Column(db.String(5), nullable=False, default="nb")
    recipient_email = db.Column(db.String(254), nullable=False)
    filename = db.Column(db.String(200), nullable=False)
    data = db.Column(db.JSON, nullable=False)  # what the letter says, fixed when the decision was made
    content = deferred(db.Column(db.LargeBinary, nullable=True))  # the .docx, once built
    size = db.Column(db.Integer, nullable=True)
    sha256 = db.Column(db.String(64), nullable=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    built_at = db.Column(UTCDateTime, nullable=True)
    build_entry_id = db.Column(db.Integer, db.ForeignKey("outbox_entry.id"), nullable=True)
    mail_entry_id = db.Column(db.Integer, db.ForeignKey("outbox_entry.id"), nullable=True)

    application = db.relationship("Application")
    decision = db.relationship("Decision")
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
    def sent_file(self) -> tuple[bytes, str, str]:
        """What the applicant gets: (content, media type, file name)."""
        return self.content, DOCX, self.filename

    def store(self, content: bytes) -> None:
        self.content = content
        self.size = len(content)
        self.sha256 = hashlib.sha256(content).hexdigest()
        self.built_at = utcnow()
