"""Helpers for the review tests."""
from flask import g
from sqlalchemy import event

from potten.extensions import db


def statements(client, url: str) -> int:
    """How many SQL statements a GET of ``url`` runs, as a fresh request: nothing cached in the session or in g."""
    count = [0]

    def counter(*args):
        count[0] += 1

    db.session.remove()
    g.pop("_login_user", None)
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return count[0]
