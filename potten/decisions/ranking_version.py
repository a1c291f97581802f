"""Each focus area's ``ranking_version``, kept by the database itself: triggers give the area a new
random version in the same transaction as every change to a row its ranking reads, whoever makes
it (the ORM, a Core ``UPDATE``, a person in ``psql``), so that a ranking cached under a version is
right for as long as the database holds that version.

What the ranking reads (``READ``) and whose areas a change raises:

- ``application``: its area, unless the application is and was a draft (drafts are not ranked);
  moved to another area, both areas;
- ``conflict_declaration``, ``decision``, ``review_summary``: the area of their application;
- ``focus_area``: its budget and what is granted from it;
- ``user`` and ``organisation``: their names, shown and searched in the rankings of the areas where
  they have applications that are not drafts.

A version is a random token (a UUID on PostgreSQL, 16 random bytes in hex on SQLite), never a
counter: a database restored from an older backup, or a version set back by hand, can never
bring back a version a running process has cached a different ranking under. Setting
``ranking_version`` by hand gives the area a new random version too.

The same DDL is run by the migration that creates the triggers and attached to the tables' metadata
(``after_create``), so a schema built by ``db.create_all()`` (the tests) has the triggers too.
"""
from sqlalchemy import DDL, event

from potten.accounts.models import Organisation, User
from potten.applications.models import Application
from potten.core import versions
from potten.decisions.models import Decision
from potten.review.models import ConflictDeclaration, ReviewSummary
from potten.rounds.models import FocusArea

# What a ranking reads of each table besides ids: the statement in ``ranking.py``, and the focus area's
# money in ``ranking.build`` (tests/review/test_ranking_cache.py checks the statement against this).
READ = {
    Application: ("status", "focus_area_id", "title", "requested_amount", "case_number", "applicant_id",
                  "organisation_id"),
    ConflictDeclaration: ("application_id", "user_id", "has_conflict"),
    Decision: ("application_id", "granted_amount", "in_force"),
    ReviewSummary: ("application_id", "reviews", "weighted_total", "weight_total", "full", "part", "reject",
                    "recommended_total"),
    FocusArea: ("budget", "committed"),
    User: ("name",),
    Organisation: ("name",),
}

# The focus areas a row (``{row}``: NEW or OLD) of each table counts in: a SELECT of their ids.
AREAS = {
    "application": "SELECT {row}.focus_area_id WHERE {row}.status <> 'draft'",
    "conflict_declaration": "SELECT focus_area_id FROM application WHERE id = {row}.application_id",
    "decision": "SELECT focus_area_id FROM application WHERE id = {row}.application_id",
    "review_summary": "SELECT focus_area_id FROM application WHERE id = {row}.application_id",
    "user": "SELECT focus_area_id FROM application WHERE applicant_id = {row}.id AND status <> 'draft'",
    "organisation": "SELECT focus_area_id FROM application WHERE organisation_id = {row}.id AND status <> 'draft'",
}
# the token and what counts as this transaction's own change: as every version the database keeps
TOKEN, MINE = versions.TOKEN, versions.MINE
VERSION_LENGTH = 36  # a UUID as text; SQLite's tokens are 32 hex digits


def _columns(table: str) -> tuple:
    return next(names for model, names in READ.items() if model.__table__.name == table)


def _quoted(names) -> list:
    return [f'"{name}"' for name in names]


def postgresql() -> list[str]:
    """Functions and triggers on PostgreSQL (one function per table; ``WHEN`` keeps out updates that
    leave every column the ranking reads as it was). The focus area's own trigger runs at once (it sets
    the row being written); those of the other tables at the commit (deferred constraint triggers)."""
    out = [
        f"""CREATE OR REPLACE FUNCTION ranking_version_token() RETURNS varchar LANGUAGE sql VOLATILE
            AS $$ SELECT {TOKEN['postgresql']} $$""",
        # a new version for these areas, rows locked in id order as every other writer of focus areas
        # does; not again for an area this transaction has given one already (its row's xmin): the
        # version is not seen by anyone before the commit, and rankings built meanwhile are not kept
        # (MINE). Updating one row thousands of times in one transaction costs time quadratic in the
        # number of times, since each UPDATE walks the row's versions made before.
        """CREATE OR REPLACE FUNCTION ranking_version_raise(areas integer[]) RETURNS void LANGUAGE sql
            AS $$ UPDATE focus_area SET ranking_version = ranking_version_token() WHERE id IN (
                  SELECT id FROM focus_area WHERE id = ANY(areas)
                  AND xmin IS DISTINCT FROM pg_current_xact_id_if_assigned()::xid ORDER BY id FOR UPDATE) $$""",
        # the focus area itself: a new version when it is created, its money changes or its version is set
        """CREATE OR REPLACE FUNCTION ranking_version_focus_area() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.ranking_version := ranking_version_token(); RETURN NEW; END $$""",
        """CREATE OR REPLACE TRIGGER ranking_version_focus_area_insert BEFORE INSERT ON focus_area
            FOR EACH ROW EXECUTE FUNCTION ranking_version_focus_area()""",
        """CREATE OR REPLACE TRIGGER ranking_version_focus_area_update
            BEFORE UPDATE OF budget, committed, ranking_version ON focus_area FOR EACH ROW
            WHEN ((OLD.budget, OLD.committed, OLD.ranking_version) IS DISTINCT FROM
                  (NEW.budget, NEW.committed, NEW.ranking_version))
            EXECUTE FUNCTION ranking_version_focus_area()""",
    ]
    for table, areas in AREAS.items():
        names = ", ".join(_quoted(_columns(table)))
        old = ", ".join(f"OLD.{n}" for n in _quoted(_columns(table)))
        new = ", ".join(f"NEW.{n}" for n in _quoted(_columns(table)))
        out += [
            f"""CREATE OR REPLACE FUNCTION ranking_version_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP = 'INSERT' THEN
                    PERFORM ranking_version_raise(ARRAY({areas.format(row='NEW')}));
                  ELSIF TG_OP = 'DELETE' THEN
                    PERFORM ranking_version_raise(ARRAY({areas.format(row='OLD')}));
                  ELSE
                    PERFORM ranking_version_raise(ARRAY({areas.format(row='OLD')} UNION {areas.format(row='NEW')}));
                  END IF;
                  RETURN NULL;
                END $$""",
            # constraint triggers, deferred: they run at the commit, in the transaction, so the focus
            # area's row is locked from there to the end only (as decide locks it last), not from the
            # first change on; "OR REPLACE" does not exist for them
            f'DROP TRIGGER IF EXISTS ranking_version_{table}_insert_delete ON "{table}"',
            f"""CREATE CONSTRAINT TRIGGER ranking_version_{table}_insert_delete AFTER INSERT OR DELETE ON "{table}"
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ranking_version_{table}()""",
            f'DROP TRIGGER IF EXISTS ranking_version_{table}_update ON "{table}"',
            f"""CREATE CONSTRAINT TRIGGER ranking_version_{table}_update AFTER UPDATE OF {names} ON "{table}"
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (({old}) IS DISTINCT FROM ({new}))
                EXECUTE FUNCTION ranking_version_{table}()""",
        ]
    return out


def sqlite() -> list[str]:
    """Triggers on SQLite (no functions there: each trigger runs its own UPDATE)."""
    token = TOKEN["sqlite"]

    def raising(areas: str) -> str:
        return f"UPDATE focus_area SET ranking_version = {token} WHERE id IN ({areas});"

    # recursive triggers are off (SQLite's default), so the focus area's own UPDATE does not fire it again
    out = [
        f"""CREATE TRIGGER IF NOT EXISTS ranking_version_focus_area_insert AFTER INSERT ON focus_area
            FOR EACH ROW WHEN NEW.ranking_version = ''
            BEGIN UPDATE focus_area SET ranking_version = {token} WHERE id = NEW.id; END""",
        f"""CREATE TRIGGER IF NOT EXISTS ranking_version_focus_area_update
            AFTER UPDATE OF budget, committed, ranking_version ON focus_area FOR EACH ROW
            WHEN OLD.budget IS NOT NEW.budget OR OLD.committed IS NOT NEW.committed
              OR OLD.ranking_version IS NOT NEW.ranking_version
            BEGIN UPDATE focus_area SET ranking_version = {token} WHERE id = NEW.id; END""",
    ]
    for table, areas in AREAS.items():
        columns = _quoted(_columns(table))
        changed = " OR ".join(f"OLD.{n} IS NOT NEW.{n}" for n in columns)
        out += [
            f"""CREATE TRIGGER IF NOT EXISTS ranking_version_{table}_insert AFTER INSERT ON "{table}" FOR EACH ROW
                BEGIN {raising(areas.format(row='NEW'))} END""",
            f"""CREATE TRIGGER IF NOT EXISTS ranking_version_{table}_delete AFTER DELETE ON "{table}" FOR EACH ROW
                BEGIN {raising(areas.format(row='OLD'))} END""",
            f"""CREATE TRIGGER IF NOT EXISTS ranking_version_{table}_update
                AFTER UPDATE OF {", ".join(columns)} ON "{table}" FOR EACH ROW WHEN {changed}
                BEGIN {raising(areas.format(row='OLD') + ' UNION ' + areas.format(row='NEW'))} END""",
        ]
    return out


def drop(dialect: str) -> list[str]:
    """What ``downgrade`` runs: the triggers (and on PostgreSQL the functions) gone."""
    tables = ["focus_area", *AREAS]
    if dialect == "postgresql":
        return ([f'DROP FUNCTION IF EXISTS ranking_version_{t}() CASCADE' for t in tables]
                + ["DROP FUNCTION IF EXISTS ranking_version_raise(integer[])",
                   "DROP FUNCTION IF EXISTS ranking_version_token()"])
    return [f"DROP TRIGGER IF EXISTS ranking_version_{t}_{op}" for t in tables
            for op in ("insert", "update", "delete")]


DIALECTS = {"postgresql": postgresql, "sqlite": sqlite}


def create(dialect: str) -> list[str]:
    """The statements that create the triggers on ``dialect`` (the migration runs them too)."""
    return DIALECTS[dialect]()


def _attach() -> None:
    """Create the triggers with the schema (``db.create_all()``), once every table they name exists."""
    for dialect in DIALECTS:
        for statement in create(dialect):
            event.listen(FocusArea.metadata, "after_create", DDL(statement).execute_if(dialect=dialect))


_attach()
