"""Every page of the app at real volume, run by hand (never in the test suite):

    python bench/pages.py [DATABASE_URL] [--sizes 1000,10000] [--requests N]

For each size it fills the database (emptied first) with ``bench/world.py``'s world of that many
applications, finds every GET route in the URL map (``bench/routes.py``), counts each page's SQL
statements as every role in process, then serves the app with gunicorn (2 sync workers, PostgreSQL and
Redis, as production runs it; the server of ``bench/foundation.py``) and measures every page as every role
that may open it, next to the bare ``SELECT 1`` route, the rows taking turns in slices. The exports are
also set against their library alone writing the same rows, in the same run. It prints each page's ratio
to the baseline and its statements at every size; a page no role could open, a page above 3×, and a
statement count that grows with the data are marked. See bench/README.md.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import foundation, routes, world  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/potten_pages_bench"
TARGET = 3.0
# what any page costs before it reads or shows anything of its own, measured beside the pages (not pages of
# the service: routes of bench/foundation.py's --floor), so a page's ratio can be read against them
FLOORS = {"floor: logged in, answers ok": "/bench/floor/user",
          "floor: logged in, an empty page of the layout": "/bench/floor/page"}
EXPORT_TARGET = 1.5


def fill(url: str, mail_dir: str, size: int) -> dict:
    """Empty the database, build the world, count every page's statements; what the run needs."""
    from sqlalchemy import text

    from potten.decisions.ranking import build as build_ranking
    from potten.extensions import db

    app = foundation.bench_app(url, mail_dir)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        else:
            db.drop_all()
        db.create_all()
        started = time.perf_counter()
        built = world.build(size)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        loaded = time.perf_counter() - started
        counts = routes.statement_counts(app, built)
        pages = routes.get_pages(app, built)
        emails = _emails(built)
        library = _library_times(app, built, build_ranking)
        db.engine.dispose()
    return {"pages": pages, "counts": counts, "emails": emails, "loaded": loaded, "library": library,
            "audit": _audit_size(app)}


def _emails(built) -> dict[str, str]:
    from sqlalchemy import select

    from potten.accounts.models import User
    from potten.extensions import db

    ids = {role: routes.user_for(role, built) for role in routes.ROLES if role != "anonymous"}
    found = dict(db.session.execute(select(User.id, User.email).where(User.id.in_(ids.values()))).all())
    return {role: found[i] for role, i in ids.items()}


def _audit_size(app) -> int:
    from sqlalchemy import func, select

    from potten.core.audit import AuditEntry
    from potten.extensions import db

    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(AuditEntry))
        db.engine.dispose()
    return n


RANKING = "/vurdering/innsatsomrade/<int:focus_area_id>/rangering"
EXPORTS = {  # name → (the export's rule, the role measured)
    "ranking csv": (RANKING + ".csv", "decision_maker"), "ranking xlsx": (RANKING + ".xlsx", "decision_maker"),
    "payouts csv": ("/okonomi/utbetalinger.csv", "finance"), "payouts xlsx": ("/okonomi/utbetalinger.xlsx", "finance"),
}


def _library_times(app, built, build_ranking, repeat: int = 10) -> dict[str, dict]:
    """Seconds the export libraries alone take to write each export's rows: the exported ranking (the
    ranking's own writers, defusedcsv and xlsxwriter) and the paid payouts (defusedcsv's writer and
    xlsxwriter in constant-memory mode writing the finished cells, read beforehand)."""
    from flask_login import login_user

    from potten.accounts.models import User
    from potten.decisions import export
    from potten.extensions import db
    from potten.finance import exports as payouts
    from potten.finance import queries
    from potten.rounds.models import FocusArea

    def timed(write) -> float:
        write()
        started = time.perf_counter()
        for _ in range(repeat):
            write()
        return (time.perf_counter() - started) / repeat

    times = {}
    with app.test_request_context():
        login_user(db.session.get(User, built.users["decision_maker"]))
        ranking = build_ranking(db.session.get(FocusArea, built.focus_areas[0]),
                                db.session.get(User, built.users["decision_maker"]), page=None)
        for kind, write in (("csv", export.write_csv), ("xlsx", export.write_xlsx)):
            times[f"ranking {kind}"] = {"seconds": timed(lambda write=write: write(ranking)),
                                        "rows": len(ranking.rows)}
        cells = [payouts._header()] + [payouts._cells(row) for row in queries.export_rows()]
        for kind, write in (("csv", _csv_alone), ("xlsx", _xlsx_alone)):
            times[f"payouts {kind}"] = {"seconds": timed(lambda write=write: write(cells)), "rows": len(cells) - 1}
    return times


def _csv_alone(cells: list[list]) -> bytes:
    import io

    from defusedcsv import csv

    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(cells)
    return out.getvalue().encode("utf-8")


def _xlsx_alone(cells: list[list]) -> bytes:
    import io

    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "in_memory": True})
    sheet = book.add_worksheet()
    for n, row in enumerate(cells):
        for col, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(n, col, value)
            else:
                sheet.write_string(n, col, value)
    book.close()
    return out.getvalue()


def measure_size(args, size: int) -> dict:
    mail_dir = tempfile.mkdtemp(prefix="potten-pages-")
    foundation.flush_redis()
    filled = fill(args.url, mail_dir, size)
    print(f"\n{size} applications: loaded in {filled['loaded']:.0f} s, {filled['audit']} audit entries, "
          f"{filled['library']['ranking csv']['rows']} rows in the exported ranking, "
          f"{filled['library']['payouts csv']['rows']} paid payouts", flush=True)
    port = foundation.free_port()
    with open(Path(mail_dir) / "gunicorn.log", "w") as log:
        server = subprocess.Popen([sys.executable, str(ROOT / "bench" / "foundation.py"), "--serve", args.url,
                                   "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
                                   "--mail-dir", mail_dir, "--floor"], stdout=log, stderr=subprocess.STDOUT)
        try:
            timed = _measure_pages(foundation.Client(port), filled, args)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
            foundation.flush_redis()
    return {"counts": filled["counts"], "timed": timed, "library": filled["library"],
            "rules": sorted({p.rule for p in filled["pages"]})}


def _measure_pages(client, filled: dict, args) -> dict:
    foundation.wait_until_up(client)
    cookies = {"anonymous": None}
    for role, email in filled["emails"].items():
        cookies[role], _ = client.log_in(email, world.PASSWORD)
    rows = [("baseline", "-", foundation.BASELINE)] + [(name, "owner", path) for name, path in FLOORS.items()]
    for page in filled["pages"]:
        if args.only and not re.search(args.only, page.rule):
            continue
        for role in routes.ROLES:
            if filled["counts"][(page.rule, role)][0]:
                rows.append((page.rule, role, page.path))
    sends = {(rule, role): _sender(client, path, cookies.get(role)) for rule, role, path in rows}
    for send in sends.values():
        foundation.measure(send, args.warmup, args.concurrency)
    results = {key: None for key in sends}
    per_slice = max(1, args.requests // args.slices)
    for n in range(args.slices):
        for key, send in sends.items():
            results[key] = foundation.merge(results[key], foundation.measure(send, per_slice, args.concurrency))
        print(f"  slice {n + 1}/{args.slices} done", flush=True)
    return {key: foundation.summary(r) for key, r in results.items()}


def _sender(client, path: str, cookie: str | None):
    return lambda i: client.request("GET", path, cookie)[0]


def report(measured: dict[int, dict], only: str | None = None) -> list[dict]:
    """The table: every page × role, its ratio and statements at each size; and what fails."""
    sizes = sorted(measured)
    rules = sorted({r for m in measured.values() for r in m["rules"] if not only or re.search(only, r)})
    lines, failures = [], []
    for size in sizes:
        baseline = measured[size]["timed"][("baseline", "-")]["mean"]
        print(f"{size} applications: the baseline's mean {baseline * 1000:.2f} ms; " + "; ".join(
            f"{name} {measured[size]['timed'][(name, 'owner')]['mean'] / baseline:.2f}×" for name in FLOORS))
    for rule in rules:
        roles = [role for role in routes.ROLES if any(m["counts"].get((rule, role), (False,))[0]
                                                      for m in measured.values())]
        if not roles:
            failures.append(f"{rule}: no role could open it: not measured")
            lines.append({"rule": rule, "role": "-", "ratios": {}, "statements": {}})
        for role in roles:
            line = {"rule": rule, "role": role, "ratios": {}, "statements": {}, "errors": {}}
            for size in sizes:
                m = measured[size]
                timed = m["timed"].get((rule, role))
                if timed is None:
                    failures.append(f"{rule} as {role}: not measured at {size}")
                    continue
                line["ratios"][size] = timed["mean"] / m["timed"][("baseline", "-")]["mean"]
                line["statements"][size] = m["counts"][(rule, role)][2]
                line["errors"][size] = len(timed["errors"])
            if len(set(line["statements"].values())) > 1:
                failures.append(f"{rule} as {role}: statements grow {line['statements']}")
            lines.append(line)
    header = f"{'page':62} {'role':15}" + "".join(f" {'× ' + str(s):>8}" for s in sizes) + \
        "".join(f" {'stmts ' + str(s):>11}" for s in sizes)
    print("\n" + header + "\n" + "-" * len(header))
    for line in lines:
        marks = " ABOVE 3×" if line["ratios"] and max(line["ratios"].values()) > TARGET else ""
        marks += " ERRORS" if any(line.get("errors", {}).values()) else ""
        print(f"{line['rule'][:62]:62} {line['role']:15}" +
              "".join(f" {line['ratios'].get(s, float('nan')):8.2f}" for s in sizes) +
              "".join(f" {line['statements'].get(s, '-'):>11}" for s in sizes) + marks)
    print("\nExports against their library alone writing the same rows (same run):")
    for size in sizes:
        m = measured[size]
        for name, (rule, role) in EXPORTS.items():
            timed = m["timed"].get((rule, role))
            library = m["library"][name]
            if timed:
                ratio = timed["mean"] / library["seconds"]
                print(f"  {size:>6} applications, {name}: {timed['mean'] * 1000:.1f} ms a request, the library "
                      f"alone {library['seconds'] * 1000:.1f} ms for {library['rows']} rows: {ratio:.2f}×"
                      + (" ABOVE 1.5×" if ratio > EXPORT_TARGET else ""))
    above = [line for line in lines if line["ratios"] and max(line["ratios"].values()) > TARGET]
    print(f"\n{len(lines)} page × role rows, {len(above)} above {TARGET}× at some size")
    if failures:
        print("FAILURES of the benchmark:\n  " + "\n  ".join(failures))
    return lines, failures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python bench/pages.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", nargs="?", default=DEFAULT_URL, help=f"database URL (default {DEFAULT_URL}); emptied")
    parser.add_argument("--sizes", default="1000,10000", help="applications, comma-separated (default 1000,10000)")
    parser.add_argument("--requests", type=int, default=200, help="requests measured a row (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="requests a row first, not counted (default 10)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--slices", type=int, default=5, help="the rows take turns in this many slices (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--only", help="measure only the routes whose rule matches this regular expression "
                                       "(statements are still counted for all); for work on a few pages")
    args = parser.parse_args(argv)
    foundation.prepare_database(args.url)
    measured = {}
    for size in (int(s) for s in args.sizes.split(",")):
        measured[size] = measure_size(args, size)
    print(f"\n{args.requests} requests a row after {args.warmup} to warm up, in {args.slices} slices, "
          f"{args.concurrency} client threads, gunicorn with {args.workers} sync workers, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    lines, failures = report(measured, args.only)
    if args.json:
        floors = {s: {name: m["timed"][(name, "owner")]["mean"] / m["timed"][("baseline", "-")]["mean"]
                      for name in FLOORS} for s, m in measured.items()}
        Path(args.json).write_text(json.dumps({"lines": lines, "floors": floors, "library": {s: m["library"]
                                                                          for s, m in measured.items()}},
                                              default=str, indent=1))
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
