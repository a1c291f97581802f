"""Named versions of derived data (files, figures, rendered lists), kept by the database itself, as
each focus area's ``ranking_version`` is (``potten.decisions.ranking_version``): triggers give the
name a new random version in the same transaction as every change to a row the data is built from,
whoever makes it (the ORM, a Core ``UPDATE``, a person in ``psql``). Whatever was built under a
version is right for as long as the database holds that version.

An area declares what its data reads with ``watch(name, Watch(table, columns, when), ...)``; the
triggers are generated from that list, attached to the schema (``db.create_all()``) and run by the
migration that introduces them. ``when`` narrows a table to the rows that count (e.g. applications
with a grant): a change raises the version if the row counts before or after it.

A version is a random token, never a counter, so a database restored from an older backup cannot
bring back a version something different was cached under. The table holds one row per name; a name
without a row (a database just emptied) has no version, and nothing is cached for it until the next
change writes one.
"""
from dataclasses import dataclass

from sqlalchemy import DDL, event, literal_column, select

from potten.extensions import db

TOKEN = {"postgresql": "gen_random_uuid()::text", "sqlite": "lower(hex(randomblob(16)))"}
# Whether this transaction may have changed what derived data reads, so that it must be neither read from
# a cache nor kept: on PostgreSQL, any transaction that has written anything (the versions are raised at
# its commit); SQLite gives a new version at once with every change, so what is built after a change is
# kept under a version nobody else sees until the commit, and nobody ever after a rollback.
MINE = {"postgresql": "pg_current_xact_id_if_assigned() IS NOT NULL", "sqlite": "0"}


class DataVersion(db.Model):
    """One version per name of derived data; written by triggers only."""

    __tablename__ = "data_version"

    name = db.Column(db.String(40), primary_key=True)
    version = db.Column(db.String(36), nullable=False)


@dataclass(frozen=True)
class Watch:
    """What one table gives to derived data: its ``columns`` (besides ``id``), for the rows that meet
    ``when`` (SQL about ``{row}``, NEW or OLD; every row when None)."""

    table: str
    columns: tuple[str, ...]
    when: str | None = None


WATCHED: dict[str, tuple[Watch, ...]] = {}


def watch(name: str, *watches: Watch) -> str:
    """Keep a version called ``name`` raised by every change to what ``watches`` list; returns ``name``."""
    WATCHED[name] = watches
    for dialect in DIALECTS:
        for statement in [*create(dialect, name), first(dialect, name)]:
            event.listen(db.metadata, "after_create", DDL(statement).execute_if(dialect=dialect))
    return name


def _quoted(names) -> list[str]:
    return [f'"{n}"' for n in names]


def _when(watch_: Watch, row: str) -> str:
    return f"({watch_.when.format(row=row)})" if watch_.when else "TRUE"


def postgresql(name: str) -> list[str]:
    """A function and two deferred constraint triggers a table: they run at the commit, so the version's
    row is locked from there to the end only, and once a transaction (``xmin``: it raised it already)."""
    out = [
        f"""CREATE OR REPLACE FUNCTION data_version_raise(version_name varchar) RETURNS void LANGUAGE sql AS $$
            INSERT INTO data_version AS d (name, version) VALUES (version_name, {TOKEN['postgresql']})
            ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version
            WHERE d.xmin IS DISTINCT FROM pg_current_xact_id_if_assigned()::xid $$""",
    ]
    for w in WATCHED[name]:
        function, quoted = f"data_version_{name}_{w.table}", _quoted(w.columns)
        old, new = ", ".join(f"OLD.{c}" for c in quoted), ", ".join(f"NEW.{c}" for c in quoted)
        out += [
            f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP <> 'INSERT' THEN
                    IF {_when(w, 'OLD')} THEN PERFORM data_version_raise('{name}'); RETURN NULL; END IF;
                  END IF;
                  IF TG_OP <> 'DELETE' THEN
                    IF {_when(w, 'NEW')} THEN PERFORM data_version_raise('{name}'); END IF;
                  END IF;
                  RETURN NULL;
                END $$""",
            f'DROP TRIGGER IF EXISTS {function}_insert_delete ON "{w.table}"',
            f"""CREATE CONSTRAINT TRIGGER {function}_insert_delete AFTER INSERT OR DELETE ON "{w.table}"
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {function}()""",
            f'DROP TRIGGER IF EXISTS {function}_update ON "{w.table}"',
            f"""CREATE CONSTRAINT TRIGGER {function}_update AFTER UPDATE OF {", ".join(quoted)} ON "{w.table}"
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (({old}) IS DISTINCT FROM ({new}))
                EXECUTE FUNCTION {function}()""",
        ]
    return out


def sqlite(name: str) -> list[str]:
    """Three triggers a table; each writes the version at once (SQLite has one writer at a time)."""
    raising = f"INSERT OR REPLACE INTO data_version (name, version) VALUES ('{name}', {TOKEN['sqlite']});"
    out = []
    for w in WATCHED[name]:
        trigger, quoted = f"data_version_{name}_{w.table}", _quoted(w.columns)
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in quoted)
        out += [
            f"""CREATE TRIGGER IF NOT EXISTS {trigger}_insert AFTER INSERT ON "{w.table}" FOR EACH ROW
                WHEN {_when(w, 'NEW')} BEGIN {raising} END""",
            f"""CREATE TRIGGER IF NOT EXISTS {trigger}_delete AFTER DELETE ON "{w.table}" FOR EACH ROW
                WHEN {_when(w, 'OLD')} BEGIN {raising} END""",
            f"""CREATE TRIGGER IF NOT EXISTS {trigger}_update AFTER UPDATE OF {", ".join(quoted)} ON "{w.table}"
                FOR EACH ROW WHEN ({changed}) AND ({_when(w, 'OLD')} OR {_when(w, 'NEW')})
                BEGIN {raising} END""",
        ]
    return out


DIALECTS = {"postgresql": postgresql, "sqlite": sqlite}


def create(dialect: str, name: str) -> list[str]:
    """The statements that create ``name``'s triggers on ``dialect`` (its migration runs them too)."""
    return DIALECTS[dialect](name)


def first(dialect: str, name: str) -> str:
    """The statement that gives ``name`` its first version (a schema just built has none)."""
    if dialect == "postgresql":
        return f"INSERT INTO data_version (name, version) VALUES ('{name}', {TOKEN[dialect]}) ON CONFLICT DO NOTHING"
    return f"INSERT OR IGNORE INTO data_version (name, version) VALUES ('{name}', {TOKEN[dialect]})"


def drop(dialect: str, name: str) -> list[str]:
    """What a ``downgrade`` runs: ``name``'s triggers (and on PostgreSQL their functions) gone."""
    tables = [w.table for w in WATCHED[name]]
    if dialect == "postgresql":
        return [f"DROP FUNCTION IF EXISTS data_version_{name}_{t}() CASCADE" for t in tables]
    return [f"DROP TRIGGER IF EXISTS data_version_{name}_{t}_{op}" for t in tables
            for op in ("insert", "update", "delete")]


def current(name: str) -> str | None:
    """``name``'s version as this transaction reads it, or None when nothing may be cached under it: it
    has none yet, or this transaction has written something (``MINE``). One statement."""
    mine = literal_column(MINE[db.session.get_bind().dialect.name])
    row = db.session.execute(select(mine, select(DataVersion.version).where(DataVersion.name == name)
                                    .scalar_subquery())).one()
    return None if row[0] else row[1]
