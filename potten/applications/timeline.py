"""The application's timeline, built from its audit entries, in plain words.

The applicant sees only what happened to the application: what they did themselves,
and every change of its own status (never the work of a reviewer: a review's entries
carry the review's status, which is not the application's). Staff see every entry.
Other areas can add plain words for their own actions with ``describe_action``.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select

from potten.accounts.models import User, memberships
from potten.applications.workflow import Status
from potten.core.audit import AuditEntry
from potten.core.i18n import lazy_gettext as _l
from potten.extensions import db

# action → (text, shown to the applicant). The text may use %(filename)s, %(case_number)s, %(reason)s.
ACTIONS: dict[str, tuple[object, bool]] = {
    "application.started": (_l("The application was started."), True),
    "application.saved": (_l("The draft was saved."), False),
    "attachment.added": (_l("Attachment added: %(filename)s."), True),
    "attachment.removed": (_l("Attachment removed: %(filename)s."), True),
    "application.submitted": (_l("The application was sent. Case number %(case_number)s."), True),
    "application.withdrawn": (_l("The application was withdrawn."), True),
}


def describe_action(action: str, text, for_applicant: bool) -> None:
    """Let another area put its own action on the timeline."""
    ACTIONS[action] = (text, for_applicant)


@dataclass
class Event:
    at: datetime
    text: str
    who: str
    reason: str = ""


def events(application, viewer) -> list[Event]:
    """What happened to ``application``, oldest first, as ``viewer`` may see it. One statement: each entry
    with its actor's name and whether the actor is the applicant's side (applicant or member of the
    organisation), instead of loading every actor with their roles and organisations."""
    own = AuditEntry.actor_id == application.applicant_id
    if application.organisation_id is not None:
        own = own | exists().where(memberships.c.user_id == AuditEntry.actor_id,
                                   memberships.c.organisation_id == application.organisation_id)
    rows = db.session.execute(
        select(AuditEntry, User.name, own)
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .where(AuditEntry.application_id == application.id).order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    staff = not application.is_own(viewer)
    out = []
    for entry, actor_name, actor_is_own in rows:
        text = _text(entry, staff)
        if text is not None:
            after = entry.after or {}
            out.append(Event(entry.at, text, _who(entry, actor_name, actor_is_own, staff),
                             after.get("reason", "") if entry.action == "application.withdrawn" else ""))
    return out


def _text(entry: AuditEntry, staff: bool) -> str | None:
    values = {**(entry.before or {}), **(entry.after or {})}
    known = ACTIONS.get(entry.action)
    if known is not None and (known[1] or staff):
        return str(known[0]) % _Defaulting(values)
    new_status = (entry.after or {}).get("status")
    if entry.object_type == "Application" and new_status in Status._value2member_map_ \
            and new_status != (entry.before or {}).get("status"):
        return str(_l("The status is now “%(status)s”.", status=Status(new_status).label))
    return entry.action if staff else None


def _who(entry: AuditEntry, actor_name: str | None, actor_is_own: bool, staff: bool) -> str:
    if entry.actor_id is None or actor_name is None:
        return str(_l("Nabolagspotten"))
    if staff or actor_is_own:
        return actor_name
    return str(_l("The programme office"))


class _Defaulting(dict):
    def __missing__(self, key):
        return ""
