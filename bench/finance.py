"""The finance desk's benchmark, run by hand (never in the test suite):

    python bench/finance.py [DATABASE_URL] [--requests N] [--concurrency C]

It loads 10 000 applications (bench/data.py), 2 500 of them granted and accepted with two
instalments each: 5 000 payouts in every state, a payment batch, audit-free bulk inserts. It
counts the SQL statements of the desk and the exports at 2 500 and at 5 000 payouts (in process; each
twice: built after the change, then kept under the payouts version),
then serves the app with gunicorn (2 workers) on loopback and measures, as ratios to the
``SELECT 1`` route on the same app: the finance desk, the payouts XLSX and CSV exports.
See bench/README.md.
"""
import argparse
import itertools
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import foundation  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/potten_finance_bench"
FINANCE = ("okonomi.benk@example.no", "okonomi2.benk@example.no")
PATHS = {"desk": "/okonomi", "xlsx": "/okonomi/utbetalinger.xlsx", "csv": "/okonomi/utbetalinger.csv"}
# the state of each grant's first and second instalment, in turn
STATES = [("paid", "planned"), ("requested", "planned"), ("attested", "planned"), ("authorised", "planned"),
          ("sent", "planned"), ("failed", "planned"), ("paid", "paid"), ("cancelled", "planned"),
          ("planned", "planned"), ("paid", "requested")]


def add_grants(grants: int, first_application: int = 0) -> int:
    """Grant, accept and plan ``grants`` submitted applications (bulk), two payouts each; returns the payouts."""
    from sqlalchemy import insert, select, update

    from potten.accounts.models import User, UserRole
    from potten.applications.models import Application
    from potten.core.time import utcnow
    from potten.decisions.models import Decision, GrantAnswer
    from potten.extensions import db
    from potten.finance.models import GrantLedger, PaymentBatch, Payout

    now = utcnow()
    users = dict(db.session.execute(select(User.email, User.id).where(User.email.in_(FINANCE))).all())
    if not users:
        password_hash = db.session.scalar(select(User.password_hash).limit(1))
        for email in FINANCE + ("programleder.benk@example.no",):
            db.session.add(User(email=email, name=email.split("@")[0], password_hash=password_hash, locale="nb",
                                email_verified_at=now))
        db.session.flush()
        users = dict(db.session.execute(select(User.email, User.id).where(
            User.email.in_(FINANCE + ("programleder.benk@example.no",)))).all())
        db.session.execute(insert(UserRole), [{"user_id": users[e], "role": r} for e in FINANCE
                                              for r in ("applicant", "finance")]
                           + [{"user_id": users["programleder.benk@example.no"], "role": "decision_maker"}])
    maker = db.session.scalar(select(User.id).where(User.email == "programleder.benk@example.no"))
    attestant, authoriser = users[FINANCE[0]], users[FINANCE[1]]
    chosen = db.session.execute(
        select(Application.id, Application.applicant_id).where(Application.status == "submitted")
        .order_by(Application.id).offset(first_application).limit(grants)).all()
    ids = [a for a, _ in chosen]
    db.session.execute(update(Application).where(Application.id.in_(ids)).values(status="approved"))
    db.session.execute(insert(Decision), [
        {"application_id": a, "outcome": "approved", "requested_amount": 40_000, "granted_amount": 40_000,
         "reasons": "", "standard_reasons": [], "conditions": "Vilkår", "after_appeal": False,
         "decided_by_id": maker, "decided_at": now - timedelta(days=30), "notified_at": now - timedelta(days=29),
         "in_force": True} for a in ids])
    decisions = dict(db.session.execute(select(Decision.application_id, Decision.id)
                                        .where(Decision.application_id.in_(ids))).all())
    db.session.execute(insert(GrantAnswer), [
        {"decision_id": decisions[a], "application_id": a, "answer": "accepted", "how": "applicant",
         "answered_by_id": owner, "answered_at": now - timedelta(days=20), "reason": ""} for a, owner in chosen])
    batch = PaymentBatch(message_id=f"BENCH-{first_application}", execution_date=now.date(), count=1, total=1,
                         created_by_id=attestant, created_at=now, content=b"<xml/>")
    db.session.add(batch)
    db.session.flush()
    ledgers, payouts = [], []
    for (application_id, owner), (first, second) in zip(chosen, itertools.cycle(STATES)):
        paid = 0
        for position, (state, amount, due_on) in enumerate(((first, 30_000, "acceptance"),
                                                            (second, 10_000, "final_report")), start=1):
            payouts.append(_payout(application_id, decisions[application_id], position, state, amount, due_on,
                                   owner, maker, attestant, authoriser, batch.id, now))
            paid += amount if state == "paid" else 0
        allocated = 40_000 - (30_000 if first == "cancelled" else 0)
        ledgers.append({"application_id": application_id, "decision_id": decisions[application_id],
                        "granted": 40_000, "allocated": allocated, "paid": paid, "account_number": "86011117947",
                        "created_at": now})
    db.session.execute(insert(GrantLedger), ledgers)
    areas = dict(db.session.execute(select(Application.id, Application.focus_area_id)
                                    .where(Application.id.in_(ids))).all())
    for payout in payouts:
        payout["focus_area_id"] = areas[payout["application_id"]]
    db.session.execute(insert(Payout), payouts)
    return len(payouts)


def _payout(application_id, decision_id, position, state, amount, due_on, owner, maker, attestant, authoriser,
            batch_id, now) -> dict:
    reached = ["planned", "requested", "attested", "authorised", "sent", "paid"]
    step = {"failed": 4, "cancelled": 1}.get(state, reached.index(state) if state in reached else 0)
    at = now - timedelta(days=10)
    return {
        "application_id": application_id, "decision_id": decision_id, "position": position, "due_on": due_on,
        "due_at": at if due_on == "acceptance" or state != "planned" else None, "amount": amount, "status": state,
        "version": step + 1, "account_number": "86011117947" if step >= 1 else None, "applicant_id": owner,
        "decided_by_id": maker, "requested_by_id": owner if step >= 1 else None,
        "requested_at": at if step >= 1 else None, "attested_by_id": attestant if step >= 2 else None,
        "attested_at": at if step >= 2 else None, "authorised_by_id": authoriser if step >= 3 else None,
        "authorised_at": at if step >= 3 else None, "batch_id": batch_id if step >= 4 else None,
        "sent_by_id": attestant if step >= 4 else None, "sent_at": at if step >= 4 else None,
        "paid_by_id": authoriser if state == "paid" else None, "paid_at": at if state == "paid" else None,
        "failed_at": at if state == "failed" else None, "cancelled_at": at if state == "cancelled" else None,
        "note": "Banken avviste" if state == "failed" else "",
    }


def statement_counts(app) -> dict[str, tuple[int, int] | str]:
    """How many SQL statements each page runs, as a fresh request of a logged-in finance officer: (built after
    a change, then from the version cache)."""
    from sqlalchemy import event, select

    from potten.accounts.models import User
    from potten.extensions import db

    client = app.test_client()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == FINANCE[0]))
        token = user.get_id()  # a server-side session, committed so that the requests see it
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = token, True
    counts = {}
    for name, path in PATHS.items():
        count, statuses = [0, 0], []
        for turn in (0, 1):
            def counter(*args, count=count, turn=turn):
                count[turn] += 1

            with app.app_context():
                event.listen(db.engine, "before_cursor_execute", counter)
                try:
                    statuses.append(client.get(path).status_code)
                finally:
                    event.remove(db.engine, "before_cursor_execute", counter)
        counts[name] = tuple(count) if statuses == [200, 200] else f"answered {statuses}"
    return counts


def run(args) -> None:
    from bench import data
    from potten.extensions import db

    foundation.flush_redis()
    foundation.prepare_database(args.url)
    mail_dir = tempfile.mkdtemp(prefix="potten-bench-finance-")
    app = foundation.bench_app(args.url, mail_dir)
    started = time.perf_counter()
    with app.app_context():
        loaded = data.load()
        half = add_grants(1_250)
        db.session.commit()
    few = statement_counts(app)
    with app.app_context():
        total = half + add_grants(1_250, first_application=1_250)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":  # as autovacuum would, after a bulk load
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("ANALYZE")
        db.engine.dispose()
    many = statement_counts(app)
    print(f"Loaded {loaded['applications']} applications and {total} payouts in "
          f"{time.perf_counter() - started:.1f} s on {args.url.split('://')[0]}.")
    print(f"SQL statements a request at {half} payouts: {few}; at {total} payouts: {many}")

    port = foundation.free_port()
    with open(Path(mail_dir) / "gunicorn.log", "w") as log:
        server = subprocess.Popen([sys.executable, foundation.__file__, "--serve", args.url, "--bind",
                                   f"127.0.0.1:{port}", "--workers", str(args.workers), "--mail-dir", mail_dir],
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            client = foundation.Client(port)
            foundation.wait_until_up(client)
            cookie, _ = client.log_in(FINANCE[0], data.PASSWORD)
            rows = [("baseline: SELECT 1", lambda i: client.request("GET", foundation.BASELINE)[0]),
                    (f"finance desk  GET {PATHS['desk']}", lambda i: client.request("GET", PATHS["desk"], cookie)[0]),
                    (f"payouts XLSX ({total} payouts, the paid ones)  GET {PATHS['xlsx']}",
                     lambda i: client.request("GET", PATHS["xlsx"], cookie)[0]),
                    (f"payouts CSV  GET {PATHS['csv']}", lambda i: client.request("GET", PATHS["csv"], cookie)[0])]
            results = {}
            for _name, send in rows:
                foundation.measure(send, args.warmup, args.concurrency)
            per_slice = max(1, args.requests // args.slices)
            for _ in range(args.slices):  # the rows take turns, so a busy moment weighs on all alike
                for name, send in rows:
                    results[name] = foundation.merge(results.get(name), foundation.measure(send, per_slice,
                                                                                           args.concurrency))
            results = {name: foundation.summary(r) for name, r in results.items()}
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
            foundation.flush_redis()
    foundation.report(results, args)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python bench/finance.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", nargs="?", default=DEFAULT_URL,
                        help=f"database URL, PostgreSQL or sqlite:///FILE (default {DEFAULT_URL}); it is emptied")
    parser.add_argument("--requests", type=int, default=300, help="requests measured a row (default 300)")
    parser.add_argument("--warmup", type=int, default=20, help="requests sent first and not counted (default 20)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--slices", type=int, default=10, help="the rows take turns in this many slices")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
