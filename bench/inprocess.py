"""Pages timed in process, run by hand (never in the test suite):

    python bench/inprocess.py DATABASE_URL --fill 10000          # empty the database, build the world once
    python bench/inprocess.py DATABASE_URL --only '^/brev$'      # then time pages on it, as often as needed
    python bench/inprocess.py DATABASE_URL --only '^/brev$' --profile decision_maker

``--fill`` builds ``bench/world.py``'s world as ``bench/pages.py`` does and keeps what it made (the cast and
the named objects) in a file beside it, so that later runs open the pages on the same world without
building it again. A run times every page whose rule matches ``--only``, as every role that may open it,
through Flask's test client in this process (no server, no client threads): the SQL statements, and the
wall and CPU milliseconds of a request (the fastest of ``--requests``), each set against the bare ``SELECT 1``
route timed the same way, and the Python function calls of one request (cProfile's count: the same from run
to run whatever else the machine does). On a shared machine compare two versions of the code back to back on
the same world, and trust the calls and the statements over any time. ``--profile ROLE`` prints cProfile's
top functions for each page, ``--sql ROLE`` the statements with their times.
"""
import argparse
import cProfile
import io
import pickle
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import foundation, routes, world  # noqa: E402


def _world_file(url: str) -> Path:
    return Path(tempfile.gettempdir()) / f"potten-world-{url.rsplit('/', 1)[-1]}.pickle"


def fill(app, url: str, size: int) -> None:
    from sqlalchemy import text

    from potten.extensions import db

    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        db.create_all()
        built = world.build(size)
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        built.mass = []  # not needed to open a page; keeps the file small
        _world_file(url).write_bytes(pickle.dumps(built))


def timed(client, path: str, requests: int) -> dict:
    status = client.get(path).status_code  # warm: templates compiled, caches filled
    wall, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    profiler = cProfile.Profile()  # Python function calls: the same from run to run, whatever the load
    profiler.runcall(client.get, path)
    calls = pstats.Stats(profiler).total_calls
    return {"status": status, "wall": min(wall) * 1000, "cpu": min(cpu) * 1000, "calls": calls}


RESTRICT = ("/(potten|templates)/|psycopg/connection.py.*wait|orm/loading.py.*instances|_execute_context"  # ours,
            "|jinja2/environment.py.*render\\b")  # the SQL, the ORM and the template as a whole


def profile(client, path: str, requests: int, top: int, sort: str = "cumulative", restrict: str = RESTRICT) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(*([restrict] if restrict else []), top)
    return out.getvalue()


def statements_of(client, path: str) -> str:
    from sqlalchemy import event

    from potten.extensions import db

    app = client.application
    found = []

    def start(conn, cursor, statement, parameters, context, executemany):
        conn.info["potten_started"] = time.perf_counter()

    def record(conn, cursor, statement, parameters, context, executemany):
        took = (time.perf_counter() - conn.info.pop("potten_started")) * 1000
        found.append(f"-- {took:.2f} ms\n{statement}\n  -- {parameters}")

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", start)
    event.listen(engine, "after_cursor_execute", record)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", start)
        event.remove(engine, "after_cursor_execute", record)
    return "\n\n".join(found)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python bench/inprocess.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="PostgreSQL database URL (emptied by --fill)")
    parser.add_argument("--fill", type=int, metavar="N", help="empty the database and build a world of N applications")
    parser.add_argument("--only", default="", help="time the routes whose rule matches this regular expression")
    parser.add_argument("--roles", default=",".join(routes.ROLES), help="comma-separated (default: every role)")
    parser.add_argument("--requests", type=int, default=30,
                        help="requests a page and role (default 30); the fastest counts")
    parser.add_argument("--profile", metavar="ROLE", help="print cProfile's top functions of each page as ROLE")
    parser.add_argument("--top", type=int, default=40, help="functions printed by --profile (default 40)")
    parser.add_argument("--sort", default="cumulative", help="order of --profile's functions (cumulative, tottime …)")
    parser.add_argument("--every-function", action="store_true",
                        help="--profile prints every function, the libraries' too (default: ours, SQL and rendering)")
    parser.add_argument("--sql", metavar="ROLE", help="print the SQL each page runs as ROLE, with its parameters")
    args = parser.parse_args(argv)

    from potten.core import collector
    from potten.extensions import db

    app = foundation.bench_app(args.url, tempfile.mkdtemp(prefix="potten-inprocess-"), floor=True)
    if args.fill:
        fill(app, args.url, args.fill)
        print(f"world of {args.fill} applications built in {args.url}")
        if not args.only:
            return
    built = pickle.loads(_world_file(args.url).read_bytes())
    roles = [r for r in args.roles.split(",") if r in routes.ROLES]
    with app.app_context():
        floors = [routes.Page(rule, rule, rule) for rule in ("/bench/floor/user", "/bench/floor/page")]
        pages = [p for p in floors + routes.get_pages(app, built) if re.search(args.only, p.rule)]
        clients = {role: routes.visitor(app, routes.user_for(role, built)) for role in roles}
        counts = {(p.rule, role): routes.count(clients[role], p.path) for p in pages for role in roles}
        db.session.remove()
    collector.settle()  # as wsgi.py and bench/foundation.py do; without it GC pauses land in random requests
    base = timed(clients[roles[0]], foundation.BASELINE, args.requests)
    print(f"{'page':58} {'role':15} {'stmts':>5} {'wall ms':>8} {'cpu ms':>7} {'× wall':>7} {'× cpu':>6} {'calls':>7}")
    print(f"{'SELECT 1':58} {roles[0]:15} {1:5} {base['wall']:8.2f} {base['cpu']:7.2f} {'':7} {'':6} {base['calls']:7}")
    for page in pages:
        for role in roles:
            status, statements = counts[(page.rule, role)]
            if status != page.answer:
                continue
            found = timed(clients[role], page.path, args.requests)
            print(f"{page.rule[:58]:58} {role:15} {statements:5} {found['wall']:8.2f} {found['cpu']:7.2f} "
                  f"{found['wall'] / base['wall']:7.2f} {found['cpu'] / base['cpu']:6.2f} {found['calls']:7}",
                  flush=True)
            if args.sql == role:
                print(statements_of(clients[role], page.path))
            if args.profile == role:
                print(profile(clients[role], page.path, args.requests, args.top, args.sort,
                              "" if args.every_function else RESTRICT))


if __name__ == "__main__":
    main()
