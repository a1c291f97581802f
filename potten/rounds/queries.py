"""What the programme office's pages read: the rounds, and a round's history of changes."""
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from potten.core.audit import AuditEntry
from potten.core.formatting import moment, money
from potten.core.i18n import lazy_gettext as _l
from potten.core.time import utcnow
from potten.extensions import db
from potten.rounds.models import Round

ACTIONS = {
    "round.created": _l("Opened the round"),
    "round.changed": _l("Changed the round"),
    "round.focus_area_added": _l("Added a focus area"),
    "round.focus_area_changed": _l("Changed a focus area"),
    "round.focus_area_removed": _l("Removed a focus area"),
    "round.criterion_added": _l("Added a criterion"),
    "round.criterion_changed": _l("Changed a criterion"),
    "round.criterion_removed": _l("Removed a criterion"),
}
FIELDS = {
    "title": _l("Title"), "title_en": _l("Title in English"),
    "description": _l("Description"), "description_en": _l("Description in English"),
    "opens_at": _l("Opens"), "closes_at": _l("Deadline"), "max_amount": _l("Largest amount"),
    "name": _l("Name"), "name_en": _l("Name in English"), "budget": _l("Budget"), "weight": _l("Weight"),
}
MOMENTS, AMOUNTS = {"opens_at", "closes_at"}, {"max_amount", "budget"}


def all_rounds() -> list[Round]:
    """Every round, newest first, with its focus areas (the list shows them): two statements however many
    rounds there are (it was one more for each round)."""
    return list(db.session.scalars(select(Round).options(selectinload(Round.focus_areas))
                                   .order_by(Round.opens_at.desc())))


def open_rounds() -> list[Round]:
    """The rounds open now, soonest deadline first, with their areas and criteria (one round trip)."""
    return list(db.session.scalars(_open_rounds(), {"now": utcnow()}).unique())


@cache
def _open_rounds():
    """Built once: SQLAlchemy caches the SQL, not the building of the statement."""
    now = bindparam("now")
    return (select(Round).where(Round.opens_at <= now, Round.closes_at > now)
            .options(joinedload(Round.focus_areas), joinedload(Round.criteria))
            .order_by(Round.closes_at))


def status(round_: Round, now: datetime | None = None) -> str:
    now = now or utcnow()
    if now < round_.opens_at:
        return str(_l("Not open yet"))
    return str(_l("Open") if round_.is_open(now) else _l("Closed"))


def history(round_: Round, limit: int = 10) -> list[dict]:
    """The latest changes to the round, newest first, in words (the page links to all of them in the audit
    log)."""
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "Round", AuditEntry.object_id == round_.id)
        .options(joinedload(AuditEntry.actor).lazyload("*"))  # the name only: not the roles, not the organisations
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit))
    return [{"at": e.at, "who": e.actor.name if e.actor else "–", "what": str(ACTIONS.get(e.action, e.action)),
             "changes": _changes(e.before or {}, e.after or {})} for e in entries]


def _changes(before: dict, after: dict) -> list[str]:
    lines = []
    for name in [n for n in FIELDS if n in before or n in after]:
        old, new = _show(name, before.get(name)), _show(name, after.get(name))
        lines.append(f"{FIELDS[name]}: " + (f"{old} → {new}" if name in before and name in after
                                              else (new if name in after else old)))
    return lines


def _show(name: str, value) -> str:
    if value is None or value == "":
        return "–"
    if name in MOMENTS:
        return moment(datetime.fromisoformat(value))
    if name in AMOUNTS:
        return money(value)
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"
