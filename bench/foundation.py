"""The foundation's benchmark, run by hand (never in the test suite):

    python bench/foundation.py [DATABASE_URL] [--requests N] [--concurrency C]

It loads 10 000 applications, serves the app with gunicorn (2 workers) on
loopback and sends a bounded number of requests from Python threads to each
page, next to a bare baseline route on the same app that runs one query
(SELECT 1). Each row is given as a ratio to that baseline. See bench/README.md.
"""
import argparse
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/potten_rounds_bench"
SECRET_KEY = "benchmark-only-" + "k" * 40  # every worker must read the same session cookies
BASELINE = "/bench/baseline"
# As in production (PostgreSQL + Redis): mail after a submission is enqueued for the RQ worker, not sent in
# the request. No worker runs during the benchmark; this Redis database is emptied before and after the run
# (POTTEN_BENCH_REDIS_URL picks another, so two benchmarks can run side by side).
REDIS_URL = os.environ.get("POTTEN_BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")


def bench_app(url: str, mail_dir: str, floor: bool = False):
    """The app as served, on ``url``, with the baseline route added (and the floor's, with ``floor``)."""
    from sqlalchemy import text

    from potten import create_app
    from potten.config import Config
    from potten.extensions import db

    app = create_app(Config, {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY, "REDIS_URL": REDIS_URL,
                              "MAIL_SERVER": None, "MAIL_DIR": mail_dir})

    def baseline():
        db.session.execute(text("SELECT 1"))
        return "ok"

    app.add_url_rule(BASELINE, "bench_baseline", baseline)
    if floor:
        add_floor_routes(app)
    return app


def add_floor_routes(app) -> None:
    """``--floor``: what any submission must cost, written as bare as it goes, to tell the price of
    the work from the price of our code. Never part of the service.

    - ``/bench/floor/user``: a logged-in request that does nothing (session, user loaded as every
      page loads it);
    - ``/bench/floor/page``: the same, answered with a page of the service's layout (base.html: the
      menu, the language button, the CSRF tokens, the footer) and nothing in it, the least any page costs;
    - ``/bench/floor/submit/<id>``: the least a submission must do, in raw SQL and no ORM: the
      CSRF check, the draft's owner, status and deadline, the next case number (its counter row
      locked until the commit, as in the service, so numbers have no gaps), the claim with the
      number, the audit entry, the outbox entry for the receipt, a durable commit, then (with
      ``?queue=1``) the hand-over to RQ. No checks of the fields and no mail is rendered.
    """
    from flask import abort, redirect, render_template, request
    from flask_login import current_user, login_required
    from flask_wtf.csrf import validate_csrf
    from sqlalchemy import text

    from potten.core import queues, unit_of_work
    from potten.extensions import db

    @login_required
    def floor_user():
        return "ok"

    empty_page = []  # the template, compiled at its first request as render_template's are

    @login_required
    def floor_page():
        if not empty_page:
            empty_page.append(app.jinja_env.from_string('{% extends "base.html" %}{% block title %}-{% endblock %}'))
        return render_template(empty_page[0])

    @login_required
    def floor_submit(application_id: int):
        validate_csrf(request.form.get("csrf_token"))
        draft = db.session.execute(text(
            "SELECT a.applicant_id, a.status, r.opens_at <= now() AND now() < r.closes_at AS open, r.year "
            "FROM application a JOIN round r ON r.id = a.round_id WHERE a.id = :id"), {"id": application_id}).first()
        if draft is None or draft.applicant_id != current_user.id or draft.status != "draft" or not draft.open:
            abort(404)
        number = db.session.execute(text("UPDATE case_counter SET last = last + 1 WHERE year = :year "
                                         "RETURNING last"), {"year": draft.year}).scalar_one()
        claimed = db.session.execute(text(
            "UPDATE application SET status = 'submitted', case_number = :number, submitted_at = now(), "
            "updated_at = now() WHERE id = :id AND status = 'draft'"),
            {"id": application_id, "number": f"{draft.year}-{number:04d}"}).rowcount
        if claimed != 1:
            db.session.rollback()
            abort(409)
        db.session.execute(text(
            "INSERT INTO audit_entry (at, actor_id, action, object_type, object_id, application_id, before, after) "
            "VALUES (now(), :actor, 'application.submitted', 'Application', :id, :id, :before, :after)"),
            {"actor": current_user.id, "id": application_id, "before": '{"status": "draft"}',
             "after": '{"status": "submitted"}'})
        entry_id = db.session.execute(text(
            "INSERT INTO outbox_entry (job, queue, payload, status, attempts, created_at) "
            "VALUES ('bench_floor', 'mail', '{}', 'done', 0, now()) RETURNING id")).scalar_one()
        unit_of_work.commit()
        if request.args.get("queue"):
            queues.enqueue_entry(entry_id, "mail")  # the job finds the entry done and does nothing
        return redirect(f"/soknad/{application_id}/kvittering")

    app.add_url_rule("/bench/floor/user", "bench_floor_user", floor_user)
    app.add_url_rule("/bench/floor/page", "bench_floor_page", floor_page)
    app.add_url_rule("/bench/floor/submit/<int:application_id>", "bench_floor_submit", floor_submit,
                     methods=["POST"])


def serve(url: str, bind: str, workers: int, mail_dir: str, floor: bool = False) -> None:
    """Serve the app with gunicorn's sync workers (runs in its own process)."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self):
            for key, value in {"bind": bind, "workers": workers, "loglevel": "warning",
                               "accesslog": None, "timeout": 120}.items():
                self.cfg.set(key, value)

        def load(self):
            from potten.core import collector

            app = bench_app(url, mail_dir, floor)
            collector.settle()  # as wsgi.py does in production
            return app

    Server().run()


def prepare_database(url: str) -> None:
    """A fresh SQLite file, or the PostgreSQL database created if it is missing."""
    from sqlalchemy import create_engine, make_url, text

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and os.path.exists(parsed.database):
            os.remove(parsed.database)
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": parsed.database}).first():
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def load_data(url: str, mail_dir: str, drafts: int) -> dict:
    from bench import data
    from potten.core import unit_of_work
    from potten.extensions import db

    app = bench_app(url, mail_dir)
    with app.app_context():
        loaded = data.load(drafts=drafts)
        unit_of_work.commit()
        loaded["draft_ids"] = data.draft_ids()
        db.engine.dispose()
    return loaded


class Client:
    """Plain HTTP/1.1 to the server: a new connection per request, as gunicorn's sync workers want."""

    def __init__(self, port: int):
        self.port = port

    def request(self, method: str, path: str, cookie: str | None = None, form: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": cookie} if cookie else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.getheader("Set-Cookie") or "", response.read()
        finally:
            conn.close()

    def log_in(self, email: str, password: str) -> tuple[str, str]:
        """The session cookie of ``email`` once logged in, and a CSRF token valid in that session."""
        _, set_cookie, page = self.request("GET", "/logg-inn")
        cookie = set_cookie.split(";", 1)[0]
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()
        status, set_cookie, _ = self.request("POST", "/logg-inn", cookie,
                                             {"csrf_token": token, "email": email, "password": password})
        if status != 302:
            raise RuntimeError(f"logging in as {email} gave {status}")
        return set_cookie.split(";", 1)[0], token


def measure(send, requests: int, concurrency: int) -> dict:
    """Send ``requests`` requests from ``concurrency`` threads; ``send(i)`` does request i, returns the status."""
    numbers = iter(range(requests))
    lock = threading.Lock()
    latencies, errors = [], []

    def worker():
        while True:
            with lock:
                i = next(numbers, None)
            if i is None:
                return
            start = time.perf_counter()
            status = send(i)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if status >= 400:
                    errors.append(status)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"latencies": latencies, "wall": time.perf_counter() - started, "errors": errors}


def merge(total: dict | None, part: dict) -> dict:
    if total is None:
        return part
    return {"latencies": total["latencies"] + part["latencies"], "wall": total["wall"] + part["wall"],
            "errors": total["errors"] + part["errors"]}


def summary(measured: dict) -> dict:
    latencies = sorted(measured["latencies"])
    return {"n": len(latencies), "mean": statistics.fmean(latencies), "p50": latencies[len(latencies) // 2],
            "p95": latencies[int(len(latencies) * 0.95) - 1], "rps": len(latencies) / measured["wall"],
            "errors": measured["errors"]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(client: Client, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if client.request("GET", BASELINE)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def flush_redis() -> None:
    from redis import Redis

    Redis.from_url(REDIS_URL).flushdb()


def run(args) -> None:

    flush_redis()
    per_row = (args.requests + args.warmup) * (3 if args.floor else 1)
    prepare_database(args.url)
    mail_dir = tempfile.mkdtemp(prefix="potten-bench-mail-")
    started = time.perf_counter()
    loaded = load_data(args.url, mail_dir, drafts=per_row + 1)
    print(f"Loaded {loaded['applications']} applications ({loaded['drafts']} of them drafts for submission) "
          f"from {loaded['applicants']} applicants in {time.perf_counter() - started:.1f} s "
          f"on {args.url.split('://')[0]}.")

    port = free_port()
    with open(Path(mail_dir) / "gunicorn.log", "w") as log:
        server = subprocess.Popen([sys.executable, __file__, "--serve", args.url, "--bind", f"127.0.0.1:{port}",
                                   "--workers", str(args.workers), "--mail-dir", mail_dir]
                                  + (["--floor"] if args.floor else []),
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            results = measure_rows(Client(port), loaded["draft_ids"], args)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
            flush_redis()
    report(results, args)


def measure_rows(client: Client, draft_ids: list[int], args) -> dict:
    """Each row measured, or why it was not."""
    from bench import data

    wait_until_up(client)
    heavy, _ = client.log_in(data.HEAVY, data.PASSWORD)
    submitter, token = client.log_in(data.SUBMITTER, data.PASSWORD)
    drafts = iter(draft_ids)
    rows = [
        ("baseline: SELECT 1", lambda i: client.request("GET", BASELINE)[0]),
        ("front page  GET /", lambda i: client.request("GET", "/")[0]),
        (f"my applications ({data.HEAVY_COUNT})  GET /mine-soknader",
         lambda i: client.request("GET", "/mine-soknader", heavy)[0]),
        ("submit a draft  POST /soknad/<id>/kontroll",
         lambda i: client.request("POST", f"/soknad/{next(drafts)}/kontroll", submitter,
                                  {"csrf_token": token, "privacy_consent": "y"})[0]),
    ]
    if args.floor:
        rows += [
            ("floor: logged in, nothing else", lambda i: client.request("GET", "/bench/floor/user", heavy)[0]),
            ("floor: submission's writes, raw SQL",
             lambda i: client.request("POST", f"/bench/floor/submit/{next(drafts)}", submitter,
                                      {"csrf_token": token})[0]),
            ("floor: the same + hand-over to RQ",
             lambda i: client.request("POST", f"/bench/floor/submit/{next(drafts)}?queue=1", submitter,
                                      {"csrf_token": token})[0]),
        ]
    results, ready = {}, []
    for name, send in rows:
        probe = send(-1)
        if probe == 404:
            results[name] = "not available yet"
        elif probe >= 400:
            results[name] = f"answers {probe}"
        else:
            measure(send, args.warmup, args.concurrency)
            results[name] = None
            ready.append((name, send))
    # The rows take turns, a slice at a time: whatever else the machine does meanwhile weighs on every
    # row alike, instead of on whichever row was being measured at that moment.
    per_slice = max(1, args.requests // args.slices)
    for _ in range(args.slices):
        for name, send in ready:
            results[name] = merge(results[name], measure(send, per_slice, args.concurrency))
    for name, _send in ready:
        results[name] = summary(results[name])
        print(f"  measured {name}")
    return results


def report(results: dict, args) -> None:
    base = next(iter(results.values()))
    print(f"\n{args.requests} requests a row after {args.warmup} to warm up, the rows taking turns in "
          f"{args.slices} slices, {args.concurrency} client threads, "
          f"gunicorn with {args.workers} sync workers, {os.cpu_count()} cores\n")
    header = f"{'':48} {'mean ms':>8} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>7} {'× latency':>10} {'× req/s':>8}"
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        if isinstance(r, str):
            print(f"{name:48} {r}")
            continue
        errors = f"  ({len(r['errors'])} errors: {sorted(set(r['errors']))})" if r["errors"] else ""
        print(f"{name:48} {r['mean'] * 1000:8.2f} {r['p50'] * 1000:7.2f} {r['p95'] * 1000:7.2f} {r['rps']:7.0f} "
              f"{r['mean'] / base['mean']:10.2f} {r['rps'] / base['rps']:8.2f}{errors}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python bench/foundation.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", nargs="?", default=DEFAULT_URL,
                        help=f"database URL, PostgreSQL or sqlite:///FILE (default {DEFAULT_URL}); it is emptied")
    parser.add_argument("--requests", type=int, default=1000, help="requests measured a row (default 1000)")
    parser.add_argument("--warmup", type=int, default=50, help="requests sent first and not counted (default 50)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--slices", type=int, default=10,
                        help="the rows take turns in this many slices of the requests (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--floor", action="store_true",
                        help="also measure the least a logged-in request and a submission must cost (bare routes)")
    parser.add_argument("--serve", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--bind", help=argparse.SUPPRESS)
    parser.add_argument("--mail-dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.bind, args.workers, args.mail_dir, args.floor)
    else:
        run(args)


if __name__ == "__main__":
    main()
