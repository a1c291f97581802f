"""A read several parts of a page ask for is run once, and never outlives a write (potten.core.reads)."""
from sqlalchemy import func, select, update

from potten.applications.models import Application
from potten.core import reads
from potten.extensions import db
from tests.factories import make_application


def counted():
    calls = []

    def load():
        calls.append(1)
        db.session.scalar(select(func.count()).select_from(Application))  # a read, as a real one begins a transaction
        return len(calls)
    return calls, load


def test_a_read_is_run_once_until_the_session_writes(app):
    application = make_application()
    db.session.commit()
    calls, load = counted()
    assert reads.once("k", load) == reads.once("k", load) == 1
    application.title = "Nytt navn"  # pending: the read must see what a query's autoflush would show
    assert reads.once("k", load) == 2
    db.session.flush()
    assert reads.once("k", load) == 3
    assert reads.once("k", load) == 3
    db.session.execute(update(Application).where(Application.id == application.id).values(title="Igjen"))
    assert reads.once("k", load) == 4
    db.session.commit()
    assert reads.once("k", load) == 5
    db.session.rollback()
    assert reads.once("k", load) == 6
    assert len(calls) == 6


def test_a_missing_row_is_kept_too(app):
    calls, _ = counted()

    def missing():
        calls.append(1)
        return None
    assert reads.once("none", missing) is None
    assert reads.once("none", missing) is None
    assert len(calls) == 1


def test_a_new_request_reads_again(app, client):
    calls, load = counted()
    reads.once("k", load)
    client.get("/")  # the request edge forgets what was kept (a test shares its session with its requests)
    reads.once("k", load)
    assert len(calls) == 2
