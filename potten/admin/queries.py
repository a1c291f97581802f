"""Read-only queries for the admin pages: a fixed number of queries per page, whatever its size."""
import sqlite3
from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import event, func, literal, or_, select, tuple_, union_all
from sqlalchemy.engine import Engine
from sqlalchemy.orm import joinedload, load_only, raiseload

from potten.accounts.models import User
from potten.core.audit import AuditEntry
from potten.extensions import db

USERS_PER_PAGE = 25
ENTRIES_PER_PAGE = 25


def norwegian(column):
    """Sort as Norwegian does (… x y z æ ø å)."""
    return column.collate("nb-NO-x-icu" if db.engine.dialect.name == "postgresql" else "nb")


def contains_text(column, text: str):
    """``column`` contains ``text``, whatever the case, also for æ, ø and å
    (SQLite's own lower() and LIKE fold only A–Z)."""
    if db.engine.dialect.name == "sqlite":
        return func.casefold(column).contains(text.casefold(), autoescape=True)
    return column.icontains(text, autoescape=True)


@event.listens_for(Engine, "connect")
def _sqlite_casefold(dbapi_connection, connection_record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("casefold", 1, lambda s: s.casefold() if isinstance(s, str) else s,
                                         deterministic=True)


def _matching_users(text: str):
    return or_(contains_text(User.name, text), contains_text(User.email, text))


def search_users(text: str, page: int) -> Pagination:
    """Users whose name or address contains ``text``, by name, with their roles in the same statement."""
    stmt = select(User).options(joinedload(User.role_rows), raiseload(User.organisations))
    if text:
        stmt = stmt.where(_matching_users(text))
    stmt = stmt.order_by(norwegian(User.name), User.id)
    return db.paginate(stmt, page=page, per_page=USERS_PER_PAGE, error_out=False)


@dataclass
class AuditPage:
    """One page of the audit log, newest first. ``older``/``newer``: the entry id to page on from, or None
    where there is nothing further that way."""
    items: list
    older: int | None
    newer: int | None


def audit_entries(action: str = "", actor: str = "", object_type: str = "", object_id: int | None = None,
                  before: int | None = None, after: int | None = None, oldest: bool = False) -> AuditPage:
    """Audit entries, newest first, filtered by what happened, who did it and to what; a page of them
    older than the entry ``before``, newer than the entry ``after``, or the oldest (``oldest``).

    Keyset paging on (at, id), each filter served by an index ending in (at, id): a page costs the
    same on the first page as on the last, and nothing counts the whole log."""
    stmt = select(AuditEntry).options(joinedload(AuditEntry.actor).options(  # who: the name and address only
        load_only(User.name, User.email), raiseload(User.organisations), raiseload(User.role_rows)))
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if actor:
        stmt = stmt.where(AuditEntry.actor_id.in_(select(User.id).where(_matching_users(actor))))
    if object_type:
        stmt = stmt.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        stmt = stmt.where(AuditEntry.object_id == object_id)
    key = tuple_(AuditEntry.at, AuditEntry.id)
    newest_first = before is not None or (after is None and not oldest)
    if before is not None:
        stmt = stmt.where(key < _key_of(before))
    elif after is not None:
        stmt = stmt.where(key > _key_of(after))
    order = (AuditEntry.at.desc(), AuditEntry.id.desc()) if newest_first else (AuditEntry.at, AuditEntry.id)
    rows = list(db.session.scalars(stmt.order_by(*order).limit(ENTRIES_PER_PAGE + 1)).unique())
    more = len(rows) > ENTRIES_PER_PAGE
    rows = rows[:ENTRIES_PER_PAGE]
    if not newest_first:
        rows.reverse()
    if not rows:
        return AuditPage([], None, None)
    has_older = more if newest_first else not oldest
    has_newer = (before is not None) if newest_first else more
    return AuditPage(rows, rows[-1].id if has_older else None, rows[0].id if has_newer else None)


def _key_of(entry_id: int):
    """The (at, id) of the entry ``entry_id``, as a row value to compare with."""
    return tuple_(select(AuditEntry.at).where(AuditEntry.id == entry_id).scalar_subquery(), literal(entry_id))


def audit_choices() -> tuple[list[str], list[str]]:
    """The actions and the kinds of object that occur in the log, for the filter's menus: each distinct
    value found by one probe of its index (a loose index scan), never by reading the whole log; both lists
    in one statement."""
    actions, object_types = _distinct(AuditEntry.action, "actions"), _distinct(AuditEntry.object_type, "types")
    rows = db.session.execute(union_all(
        select(literal(0).label("list"), actions.c.value).where(actions.c.value.is_not(None)),
        select(literal(1).label("list"), object_types.c.value).where(object_types.c.value.is_not(None)))).all()
    found: tuple[list[str], list[str]] = ([], [])
    for which, value in rows:
        found[which].append(value)
    return found[0], found[1]


def _distinct(column, name: str):
    """The distinct values of ``column`` (indexed), as a recursive query named ``name`` that asks the index
    for the next value after the last one found, so it costs one probe per distinct value."""
    found = select(func.min(column).label("value")).cte(name, recursive=True)
    following = select(func.min(column)).where(column > found.c.value).scalar_subquery()
    return found.union_all(select(following).where(found.c.value.is_not(None)))
