"""One unit of work per request and per job: it commits once, at its edge, or rolls back.

Operations change rows, write the audit entry and flush; they never commit. The edge
decides: a request that ends without an exception and with a status below 400 commits
what it wrote, then hands the outbox entries it added to the queue; any other ending rolls
back. A request that wrote nothing ends its database transaction with COMMIT, which keeps
nothing and undoes nothing, but keeps the statements PostgreSQL has prepared. A job, a CLI
command or a script runs its operations inside ``unit()``. While a request or a job is
being handled, any other commit raises (``potten.core.commits``).
"""
import contextlib
from collections.abc import Iterator

from flask import Flask, Response
from sqlalchemy import event
from sqlalchemy.orm import Session

from potten.core import commits, outbox, reads
from potten.extensions import db

WROTE = "unit_of_work.wrote"  # session.info: something was flushed or executed that writes
KEEP = "unit_of_work.keep"  # session.info: commit even though the answer refuses (see ``keep_on_refusal``)


def commit() -> None:
    """Commit the current unit of work, then hand over its outbox entries (RQ, or in process)."""
    commits.commit(commits.EDGE)
    outbox.dispatch_ready()


def has_writes(session: Session) -> bool:
    return bool(session.new or session.dirty or session.deleted or session.info.get(WROTE))


def keep_on_refusal() -> None:
    """Keep what this request wrote even if its answer is a refusal (status 4xx): the one case
    is the count of wrong passwords, which a refused login must keep. An exception still
    rolls back."""
    db.session.info[KEEP] = True


@contextlib.contextmanager
def unit() -> Iterator[None]:
    """Run a job's or a command's operations as one unit: commit on success, roll back on error."""
    with commits.handled("job"):
        try:
            yield
        except BaseException:
            db.session.rollback()
            raise
        commit()


def init_app(app: Flask) -> None:
    """Install the request edge."""
    @app.before_request
    def _start_of_request() -> None:
        commits.start("request")
        reads.forget()

    @app.after_request
    def _end_of_request(response: Response) -> Response:
        session = db.session
        keep = session.info.pop(KEEP, False)
        if not has_writes(session):
            _end_reading(session())
        elif response.status_code >= 400 and not keep:
            session.rollback()
        else:
            commit()
        return response

    @app.teardown_request
    def _after_exception(exc: BaseException | None) -> None:
        commits.stop()
        db.session.info.pop(KEEP, None)
        if exc is not None:
            db.session.rollback()


def _end_reading(session: Session) -> None:
    """End the transaction of a request that read and wrote nothing with COMMIT instead of the ROLLBACK the
    session's close sends (nothing to keep or undo either way): psycopg forgets every statement it prepared on
    the connection at a ROLLBACK, so no statement of a page was ever prepared."""
    if session.in_transaction() and session.get_bind().dialect.name == "postgresql":
        session.connection().connection.dbapi_connection.commit()


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, flush_context) -> None:
    session.info[WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state) -> None:
    if not state.is_select:
        state.session.info[WROTE] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _ended(session: Session, *args) -> None:
    session.info.pop(WROTE, None)
