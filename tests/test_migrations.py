"""The schema exists only through migrations: they build it on an empty database
and match the models exactly (no drift)."""
import re
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, make_url, text

from potten import create_app
from potten.config import TestConfig
from potten.extensions import db
from tests.conftest import PG_URL, _reachable, service_missing


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    if not _reachable(PG_URL):
        service_missing("PostgreSQL")
    name = f"potten_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_builds_the_schema_and_models_do_not_drift(empty_database):
    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        assert _triggers(db.engine) == _triggers_of_create_all(empty_database), \
            "the migrations must leave the triggers db.create_all() makes"
        downgrade(revision="base")
        db.engine.dispose()


def _triggers(engine) -> set:
    query = ("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal" if engine.dialect.name == "postgresql"
             else "SELECT name FROM sqlite_master WHERE type = 'trigger'")
    with engine.connect() as conn:
        return set(conn.scalars(text(query)))


def _triggers_of_create_all(url: str) -> set:
    from potten.core import versions
    from potten.decisions import ranking_version
    from potten.review import summary

    dialect = make_url(url).get_backend_name()
    pattern = re.compile(r"CREATE (?:OR REPLACE )?(?:CONSTRAINT )?TRIGGER (?:IF NOT EXISTS )?(\w+)")
    names = {m.group(1) for statement in ranking_version.create(dialect) + summary.create(dialect)
             + [s for name in versions.WATCHED for s in versions.create(dialect, name)]
             for m in pattern.finditer(statement)}
    assert len(names) >= 14 + 2 * len(versions.WATCHED)
    return names
