"""Small statements both databases need written the same way."""
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from potten.extensions import db


def insert_unless_present(model, **values) -> bool:
    """``INSERT … ON CONFLICT DO NOTHING``: add the row unless another transaction just did (PostgreSQL
    and SQLite have the same clause, each in its own dialect). True if this call added it."""
    insert = {"postgresql": pg_insert, "sqlite": sqlite_insert}[db.session.get_bind().dialect.name]
    statement = insert(model).values(**values).on_conflict_do_nothing()
    # rowcount is not reliable here (psycopg answers -1): a returned key says the row was added
    return db.session.execute(statement.returning(*model.__table__.primary_key.columns)).first() is not None
