"""PostgreSQL settings: join in the order the statement is written, and keep the statements prepared.

A page's detail read joins its object to everything the page shows (the report with its application, round,
people, lines, files, versions and claims: eleven tables), and PostgreSQL weighed every order of those joins
before running it: 2-4 ms of planning for a statement that runs in 0.3 ms. With ``join_collapse_limit = 1``
the planner keeps the order of the written joins (still choosing, for each join, its method and which side it
reads first), which is how the ORM writes them, from the one row asked for outwards: over every page of
``bench/pages.py``'s world at 10 000 applications, planning took 112 ms instead of 199 ms and running the
statements 109 ms instead of 118 ms (``EXPLAIN ANALYZE`` of each page's statements, best of four). A statement
that filters on a table it joins late must therefore start from that table (``select_from``): the reviewers'
load of a focus area starts from the area's applications.

psycopg prepares a statement the fifth time a connection runs it, and PostgreSQL then plans it once for all
(a generic plan) where that plan is not dearer than planning each time. A request that only read ends its
transaction with COMMIT (``potten.core.unit_of_work``), because a ROLLBACK makes psycopg forget every
prepared statement. Run prepared, the 195 distinct statements of every page took 71 ms instead of 97 ms
planned each time; two were slower with a generic plan, and PostgreSQL's default (``plan_cache_mode = auto``)
kept planning those each time. Each connection keeps up to ``PREPARED_MAX`` prepared (psycopg's default is
100): the pages have 116 distinct statements, which took about 12 MB of the server's memory prepared.
"""
from sqlalchemy import event
from sqlalchemy.engine import Engine

OPTIONS = "-c join_collapse_limit=1"
PREPARED_MAX = 250


@event.listens_for(Engine, "do_connect")
def _on_do_connect(dialect, connection_record, cargs, cparams) -> None:
    if dialect.name == "postgresql":  # set when the session starts: no statement, nothing a rollback undoes
        cparams["options"] = " ".join(filter(None, (cparams.get("options"), OPTIONS)))


@event.listens_for(Engine, "connect")
def _on_connect(dbapi_connection, connection_record) -> None:
    if hasattr(dbapi_connection, "prepared_max"):  # psycopg 3
        dbapi_connection.prepared_max = PREPARED_MAX
