"""Read-only queries for the admin pages: a fixed number of queries per page, whatever its size."""
import sqlite3

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import event, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import raiseload, selectinload

from potten.accounts.models import User
from potten.core.audit import AuditEntry
from potten.extensions import db

USERS_PER_PAGE = 25
ENTRIES_PER_PAGE = 50


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
    """Users whose name or address contains ``text``, by name; their roles come in one extra query."""
    stmt = select(User).options(selectinload(User.role_rows), raiseload(User.organisations))
    if text:
        stmt = stmt.where(_matching_users(text))
    stmt = stmt.order_by(norwegian(User.name), User.id)
    return db.paginate(stmt, page=page, per_page=USERS_PER_PAGE, error_out=False)


def audit_entries(action: str = "", actor: str = "", object_type: str = "", object_id: int | None = None,
                  page: int = 1) -> Pagination:
    """Audit entries, newest first, filtered by what happened, who did it and to what."""
    stmt = select(AuditEntry).options(
        selectinload(AuditEntry.actor).options(raiseload(User.organisations), raiseload(User.role_rows)))
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if actor:
        stmt = stmt.where(AuditEntry.actor_id.in_(select(User.id).where(_matching_users(actor))))
    if object_type:
        stmt = stmt.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        stmt = stmt.where(AuditEntry.object_id == object_id)
    stmt = stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    return db.paginate(stmt, page=page, per_page=ENTRIES_PER_PAGE, error_out=False)


def audit_choices() -> tuple[list[str], list[str]]:
    """The actions and the kinds of object that occur in the log, for the filter's menus."""
    rows = db.session.execute(select(AuditEntry.action, AuditEntry.object_type).distinct()).all()
    return sorted({a for a, _ in rows}), sorted({t for _, t in rows})
