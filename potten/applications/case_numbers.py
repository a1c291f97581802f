"""Case numbers ``YYYY-NNNN``: one sequence per year, never the same number twice.

The counter row is bumped with ``UPDATE … SET last = last + 1 RETURNING last``
(one statement). The update locks the row (PostgreSQL) or the database
(SQLite) until the commit, so a second submission at the same moment waits and
then gets the next number.
"""
from sqlalchemy import update

from potten.applications.models import CaseCounter
from potten.core.rows import insert_unless_present
from potten.extensions import db


def next_case_number(year: int) -> str:
    """Take the next number of ``year`` (inside the caller's transaction)."""
    bump = (update(CaseCounter).where(CaseCounter.year == year).values(last=CaseCounter.last + 1)
            .returning(CaseCounter.last))
    options = {"synchronize_session": False}
    last = db.session.scalar(bump, execution_options=options)
    if last is None:
        _create_counter(year)
        last = db.session.scalar(bump, execution_options=options)
    return f"{year}-{last:04d}"


def _create_counter(year: int) -> None:
    """The year's first number: add the row, unless a submission at the same moment just did."""
    insert_unless_present(CaseCounter, year=year, last=0)
