"""SQLite settings: enforce foreign keys, wait for locks, and sort Norwegian text."""
from sqlalchemy import event
from sqlalchemy.engine import Engine

_ORDER = "abcdefghijklmnopqrstuvwxyzæøå"


def norwegian_key(text: str) -> tuple:
    return tuple((_ORDER.find(c) if c in _ORDER else 100 + ord(c)) for c in (text or "").lower())


def _collate_nb(a: str, b: str) -> int:
    ka, kb = norwegian_key(a), norwegian_key(b)
    return (ka > kb) - (ka < kb)


@event.listens_for(Engine, "connect")
def _on_connect(dbapi_connection, connection_record) -> None:
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        dbapi_connection.execute("PRAGMA busy_timeout=30000")
        dbapi_connection.create_collation("nb", _collate_nb)
