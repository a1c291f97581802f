"""Every GET route in the URL map runs the same number of SQL statements however much data there is.

The world of ``bench/world.py`` (the benchmark's, at a handful of applications) is built at two sizes;
every page of ``bench/routes.py`` is opened as every role, and wherever a role may open it (it answers
200), the statements of the request are counted at both sizes. A page that gains a statement per row
(a lazy load in a loop, a permission asked once per item) fails here, whatever page it is and whoever
adds it later. A GET route that no role can open on that world fails too: give it an object it can
show (``PAGE_OBJECTS`` in bench/routes.py).
"""
from bench import routes, world
from potten.decisions import ranking_cache
from potten.extensions import db
from tests.conftest import _empty_tables

SMALL, LARGE = 3, 12


def measure(app, size: int) -> dict:
    built = world.build(size)
    db.session.commit()
    return routes.statement_counts(app, built)


def test_every_page_runs_as_many_statements_at_either_size(app):
    small = measure(app, SMALL)
    db.session.remove()
    _empty_tables()
    ranking_cache.clear(app)
    large = measure(app, LARGE)

    opened = {key for key, (answered, _, _) in small.items() if answered}
    rules = {rule for rule, _ in small}
    never = sorted(rules - {rule for rule, _ in opened})
    assert not never, f"GET routes no role could open on the world of bench/world.py: {never}"
    grew = [f"{rule} as {role}: {small[(rule, role)][2]} statements at {SMALL} applications, "
            f"{large[(rule, role)][2]} at {LARGE} (status {large[(rule, role)][1]})"
            for rule, role in sorted(opened) if large[(rule, role)] != small[(rule, role)]]
    assert not grew, "\n".join(grew)
