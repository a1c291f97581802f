"""The audit log: who changed what, when, with the state before and after."""
from typing import Any

from flask import has_request_context, request

from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"

    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    actor_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    action = db.Column(db.String(64), nullable=False)
    object_type = db.Column(db.String(64), nullable=False)
    object_id = db.Column(db.Integer, nullable=True)
    application_id = db.Column(db.Integer, db.ForeignKey("application.id"), nullable=True, index=True)
    before = db.Column(db.JSON, nullable=True)
    after = db.Column(db.JSON, nullable=True)
    ip = db.Column(db.String(64), nullable=True)

    actor = db.relationship("User", foreign_keys=[actor_id])

    # The log is read newest first on (at, id), filtered or not: each filter's index ends in (at, id)
    # (see the migration pages_audit_indexes and potten/admin/queries.py).
    __table_args__ = (
        db.Index("ix_audit_entry_at_id", "at", "id"),
        db.Index("ix_audit_entry_action_at", "action", "at", "id"),
        db.Index("ix_audit_entry_object_at", "object_type", "object_id", "at", "id"),
        db.Index("ix_audit_entry_actor_at", "actor_id", "at", "id"),
    )


def log(action: str, obj, actor=None, before: dict | None = None,
        after: dict | None = None, application=None) -> AuditEntry:
    """Add an audit entry for ``obj`` to the session (the caller's unit of work commits)."""
    if obj is not None and getattr(obj, "id", None) is None:
        db.session.flush()
    entry = AuditEntry(
        action=action,
        object_type=type(obj).__name__ if obj is not None else "-",
        object_id=getattr(obj, "id", None),
        actor_id=getattr(actor, "id", None),
        application_id=getattr(application, "id", None),
        before=_jsonable(before),
        after=_jsonable(after),
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry


def _jsonable(data: dict | None) -> dict | None:
    if data is None:
        return None
    return {k: _value(v) for k, v in data.items()}


def _value(v: Any):
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if hasattr(v, "value"):  # enums
        return v.value
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_value(x) for x in v]
    return str(v)
