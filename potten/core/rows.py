"""Small statements both databases need written the same way."""
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from potten.extensions import db


def insert_unless_present(model, **values) -> None:
    """``INSERT … ON CONFLICT DO NOTHING``: add the row unless another transaction just did (PostgreSQL
    and SQLite have the same clause, each in its own dialect)."""
    insert = {"postgresql": pg_insert, "sqlite": sqlite_insert}[db.session.get_bind().dialect.name]
    db.session.execute(insert(model).values(**values).on_conflict_do_nothing())
