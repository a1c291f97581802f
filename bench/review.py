"""Benchmark: the ranking page (2 000 applications × 3 reviews) and approval throughput with
20 concurrent approvers on PostgreSQL, each against a bare Flask route doing ``SELECT 1``.

The ranking row is the page a decision maker lands on: the first 100 rows by score, with the
running sums over the whole ranking. The page with all 2 000 rows (``?page=all``) is measured
too, for information; the target is for the first. Both are measured twice: as served (the
ranking cache answers all but the first request of each worker) and by a second gunicorn with
the cache off (``POTTEN_RANKING_CACHE_ROWS=0``), where every request computes the ranking:
what a request costs right after a change.

Run by hand, never in the test suite:

    python bench/review.py                       # seed, start gunicorn (2 workers), measure, stop
    python bench/review.py --seconds 20 --clients 10

It creates (and recreates) the database ``potten_review_bench`` on the PostgreSQL at
127.0.0.1:5432 and serves the app with gunicorn on a free loopback port. The load
generator is plain ``http.client`` in threads on the same machine (it shares the cores,
so the ratios matter more than the absolute numbers).
"""
import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BENCH_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/potten_review_bench"
PASSWORD = "riktig-passord-1"
APPLICATIONS, REVIEWS, APPROVERS = 2000, 3, 20


def bench_app():
    """The app as gunicorn serves it, plus the baseline route ``/bench/select1``."""
    from flask import jsonify
    from sqlalchemy import text

    from potten import create_app
    from potten.config import Config
    from potten.extensions import db

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = os.environ.get("POTTEN_DATABASE_URL", BENCH_URL)
        SECRET_KEY = "bench-secret-bench-secret-bench-secret"
        PASSWORD_HASH_FAST = True

    app = create_app(BenchConfig)

    @app.get("/bench/select1")
    def select1():
        return jsonify(db.session.execute(text("SELECT 1")).scalar())

    return app


def seed() -> dict:
    """A round with a focus area of 2 000 applications × 3 submitted reviews, one decision maker
    cleared on all of them, and 20 approvers each with their own open applications."""
    from sqlalchemy import create_engine, insert, text

    from potten.accounts.models import User, UserRole
    from potten.applications.models import Application
    from potten.core import unit_of_work
    from potten.extensions import db
    from potten.review.models import ConflictDeclaration, Review, ReviewAssignment
    from tests.factories import make_round, make_user

    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text('DROP DATABASE IF EXISTS "potten_review_bench" WITH (FORCE)'))
        conn.execute(text('CREATE DATABASE "potten_review_bench"'))
    admin.dispose()

    app = bench_app()
    with app.app_context():
        db.create_all()
        round_ = make_round(budgets=(10_000_000, 100_000_000))
        ranked, approvals = round_.focus_areas
        viewer = make_user("decision_maker", email="rangering@example.no")
        reviewers = [make_user("reviewer") for _ in range(REVIEWS)]
        applicant = make_user()
        approvers = [make_user("decision_maker", email=f"godkjenner{i}@example.no") for i in range(APPROVERS)]
        db.session.flush()
        rows = [dict(id=i + 1, round_id=round_.id, applicant_id=applicant.id, status="in_review",
                     title=f"Søknad {i}", focus_area_id=ranked.id, requested_amount=10_000 + 7 * i,
                     case_number=f"2025-{i + 1:04d}", target_groups=[], summary="", description="")
                for i in range(APPLICATIONS)]
        per_approver = 200
        first = APPLICATIONS + 1
        rows += [dict(id=first + i, round_id=round_.id, applicant_id=applicant.id, status="in_review",
                      title=f"Godkjenning {i}", focus_area_id=approvals.id, requested_amount=10_000,
                      case_number=f"2025-{first + i:04d}", target_groups=[], summary="", description="")
                 for i in range(APPROVERS * per_approver)]
        db.session.execute(insert(Application), rows)
        db.session.execute(text("SELECT setval('application_id_seq', (SELECT max(id) FROM application))"))
        db.session.execute(insert(ReviewAssignment), [
            dict(application_id=i + 1, reviewer_id=r.id, assigned_by_id=viewer.id)
            for i in range(APPLICATIONS) for r in reviewers])
        db.session.execute(insert(Review), [
            dict(application_id=i + 1, reviewer_id=r.id, status="submitted", justification="",
                 recommendation=("grant_full", "grant_part", "reject")[(i + n) % 3],
                 recommended_amount=((10_000 + 7 * i), 5_000, 0)[(i + n) % 3],
                 weighted_total=11 * ((i * (n + 1)) % 5 + 1), weight_total=11)
            for i in range(APPLICATIONS) for n, r in enumerate(reviewers)])
        db.session.execute(text(
            "INSERT INTO review_summary (application_id, reviews, weighted_total, weight_total, \"full\", part, "
            "reject, recommended_total) SELECT application_id, count(*), sum(weighted_total), sum(weight_total), "
            "sum(CASE WHEN recommendation = 'grant_full' THEN 1 ELSE 0 END), "
            "sum(CASE WHEN recommendation = 'grant_part' THEN 1 ELSE 0 END), "
            "sum(CASE WHEN recommendation = 'reject' THEN 1 ELSE 0 END), sum(recommended_amount) "
            "FROM review WHERE status = 'submitted' GROUP BY application_id"))
        db.session.execute(insert(ConflictDeclaration), [
            dict(application_id=i + 1, user_id=viewer.id, has_conflict=False, reason="")
            for i in range(APPLICATIONS)])
        db.session.execute(insert(ConflictDeclaration), [
            dict(application_id=first + a * per_approver + k, user_id=approvers[a].id, has_conflict=False, reason="")
            for a in range(APPROVERS) for k in range(per_approver)])
        unit_of_work.commit()
        assert db.session.query(UserRole).count() > 0 and db.session.query(User).count() > 0
        with db.engine.connect() as conn:  # fresh statistics, as autovacuum would give a live database
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        return {"ranked": ranked.id, "first": first, "per_approver": per_approver}


class Client:
    """One logged-in browser: a session cookie and a CSRF token."""

    def __init__(self, port: int, email: str | None = None):
        self.port, self.cookie, self.token = port, "", ""
        if email:
            self.token = self._token("/logg-inn")
            status, _ = self.request("POST", "/logg-inn", {"csrf_token": self.token, "email": email,
                                                          "password": PASSWORD})
            assert status == 302, f"login failed for {email}: {status}"

    def _token(self, path: str) -> str:
        _, body = self.request("GET", path)
        return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', body).group(1)

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read().decode()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        conn.close()
        return response.status, data


def load(clients: list, make_request, seconds: float) -> dict:
    """Each client sends requests one after another for ``seconds``; returns throughput and latencies."""
    latencies, failures, lock = [], [0], threading.Lock()
    stop = time.perf_counter() + seconds

    def run(client, index):
        n = 0
        while time.perf_counter() < stop:
            started = time.perf_counter()
            ok = make_request(client, index, n)
            took = time.perf_counter() - started
            n += 1
            with lock:
                if ok:
                    latencies.append(took)
                else:
                    failures[0] += 1
            if ok is None:
                return

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(c, i)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {"rps": len(latencies) / elapsed, "n": len(latencies), "failures": failures[0],
            "median_ms": 1000 * statistics.median(latencies) if latencies else 0.0,
            "p95_ms": 1000 * statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 20 else 0.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port: int, **config) -> subprocess.Popen:
    """gunicorn with 2 workers on ``port``, once it accepts connections; ``config``: POTTEN_* settings."""
    env = {**os.environ, "POTTEN_DATABASE_URL": BENCH_URL, "PYTHONPATH": str(ROOT),
           **{f"POTTEN_{name}": value for name, value in config.items()}}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
         "bench.review:bench_app()"], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients for the page measurements")
    args = parser.parse_args()

    print("seeding potten_review_bench …", flush=True)
    facts = seed()
    port, port_off = free_port(), free_port()
    server = serve(port)
    server_off = serve(port_off, RANKING_CACHE_ROWS="0")  # the same app with the ranking cache off
    try:
        viewer = [Client(port, "rangering@example.no") for _ in range(args.clients)]
        viewer_off = [Client(port_off, "rangering@example.no") for _ in range(args.clients)]
        ranking = f"/vurdering/innsatsomrade/{facts['ranked']}/rangering"
        for client in (viewer[0], viewer_off[0]):
            status, page = client.request("GET", ranking)
            assert status == 200 and page.count('href="/vurdering/soknad/') == 100, status
            status, page = client.request("GET", ranking + "?page=all")
            assert status == 200 and page.count('href="/vurdering/soknad/') == APPLICATIONS, status

        def get(path):
            return lambda client, i, n: client.request("GET", path)[0] == 200

        baseline = load(viewer, get("/bench/select1"), args.seconds)
        ranked = load(viewer, get(ranking), args.seconds)
        ranked_off = load(viewer_off, get(ranking), args.seconds)
        ranked_all = load(viewer, get(ranking + "?page=all"), args.seconds)
        ranked_all_off = load(viewer_off, get(ranking + "?page=all"), args.seconds)

        approvers = [Client(port, f"godkjenner{i}@example.no") for i in range(APPROVERS)]
        for client in approvers:
            client.token = client._token("/vedtak")

        def approve(client, i, n):
            if n >= facts["per_approver"]:
                return None
            application_id = facts["first"] + i * facts["per_approver"] + n
            status, _ = client.request("POST", f"/vedtak/soknad/{application_id}", {
                "csrf_token": client.token, "outcome": "approved", "conditions": "Vilkår",
                "report_due": "2026-01-31"})
            return status == 302

        baseline_20 = load(approvers, get("/bench/select1"), args.seconds)
        approvals = load(approvers, approve, args.seconds)
    finally:
        for process in (server, server_off):
            process.terminate()
            process.wait(10)

    def line(name, r):
        return (f"{name:44} {r['rps']:8.1f} req/s  median {r['median_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms"
                f"  ({r['n']} ok, {r['failures']} failed)")

    print(f"\ngunicorn 2 workers, {args.clients} clients for the pages, {APPROVERS} approvers, "
          f"{args.seconds:.0f} s each, PostgreSQL")
    print(line("baseline: SELECT 1 route", baseline))
    print(line(f"ranking page, {APPLICATIONS} applications × {REVIEWS} reviews", ranked))
    print(line("  the same, ranking cache off", ranked_off))
    print(line(f"the same, all {APPLICATIONS} rows on one page", ranked_all))
    print(line("  the same, ranking cache off", ranked_all_off))
    print(line(f"baseline with {APPROVERS} clients", baseline_20))
    print(line(f"approvals, {APPROVERS} concurrent approvers", approvals))
    print(f"\nranking page: {baseline['rps'] / ranked['rps']:.1f}× the baseline's time per request "
          f"(median latency {ranked['median_ms'] / baseline['median_ms']:.1f}×); target ≤ 5×")
    print(f"ranking page, cache off (every request computes it): {baseline['rps'] / ranked_off['rps']:.1f}× "
          f"(median latency {ranked_off['median_ms'] / baseline['median_ms']:.1f}×)")
    print(f"ranking, all rows on one page: {baseline['rps'] / ranked_all['rps']:.1f}× "
          f"(median latency {ranked_all['median_ms'] / baseline['median_ms']:.1f}×); "
          f"cache off: {baseline['rps'] / ranked_all_off['rps']:.1f}×")
    print(f"approvals: {baseline_20['rps'] / approvals['rps']:.1f}× the baseline's time per request "
          f"({approvals['rps']:.0f} approvals/s)")


if __name__ == "__main__":
    main()
