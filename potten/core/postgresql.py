"""PostgreSQL settings: join in the order the statement is written.

A page's detail read joins its object to everything the page shows (the report with its application, round,
people, lines, files, versions and claims: eleven tables), and PostgreSQL weighed every order of those joins
before running it: 2-4 ms of planning for a statement that runs in 0.3 ms. With ``join_collapse_limit = 1``
the planner keeps the order of the written joins (still choosing, for each join, its method and which side it
reads first), which is how the ORM writes them, from the one row asked for outwards: over every page of
``bench/pages.py``'s world at 10 000 applications, planning took 112 ms instead of 199 ms and running the
statements 109 ms instead of 118 ms (``EXPLAIN ANALYZE`` of each page's statements, best of four). A statement
that filters on a table it joins late must therefore start from that table (``select_from``): the reviewers'
load of a focus area starts from the area's applications.
"""
from sqlalchemy import event
from sqlalchemy.engine import Engine

OPTIONS = "-c join_collapse_limit=1"


@event.listens_for(Engine, "do_connect")
def _on_connect(dialect, connection_record, cargs, cparams) -> None:
    if dialect.name == "postgresql":  # set when the session starts: no statement, nothing a rollback undoes
        cparams["options"] = " ".join(filter(None, (cparams.get("options"), OPTIONS)))
