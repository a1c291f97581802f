"""The reports area's benchmark, run by hand (never in the test suite):

    python bench/reports.py [DATABASE_URL] [--grants N] [--requests N]

1. The daily reminder run over N grants (default 10 000) whose reports are due, against
   sending the same number of mails without the run's selection and ledger (the same
   rendering, outbox entries, commit and hand-over to Redis). Each is run three times,
   taking turns; the statements each sends are counted, for N and for N/10, to show the
   count does not grow per report.
2. The staff's overdue list and report page, served by gunicorn (2 workers) at 10 000
   applications, as ratios to the SELECT 1 route (see bench/foundation.py).
3. ``--in-process``: the same pages through Flask's test client in this process, on the same data,
   against the same SELECT 1 route (no HTTP, no other process: steadier on a shared machine), with
   the statements each request sends. ``--keep`` reuses the data a previous run left.
See bench/README.md.
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import foundation  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/potten_reports_bench"
STAFF = "programleder.benk@example.no"


def load_grants(grants: int, due_in_days: int = -1) -> dict:
    """10 000 applications (bench/data.py), ``grants`` of them granted and accepted, each with a
    final report due ``due_in_days`` from today (drafts), a staff user; the caller commits."""
    from sqlalchemy import insert, select, update

    from bench import data
    from potten.accounts.models import User, UserRole
    from potten.applications.models import Application
    from potten.core.time import today_local, utcnow
    from potten.decisions.models import Decision, GrantAnswer
    from potten.extensions import db
    from potten.reports.models import FinalReport

    loaded = data.load(applications=max(10_000, -(-grants * 10 // 9)), drafts=0)  # a tenth of them are drafts
    app_ids = db.session.scalars(select(Application.id).where(Application.case_number.is_not(None))
                                 .order_by(Application.id).limit(grants)).all()
    db.session.execute(update(Application).where(Application.id.in_(app_ids)).values(status="approved"))
    staff = User(email=STAFF, name="Pia Benk", locale="nb", email_verified_at=utcnow())
    staff.set_password(data.PASSWORD)
    staff.role_rows = [UserRole(role="applicant"), UserRole(role="decision_maker")]
    db.session.add(staff)
    db.session.flush()
    due = today_local() + timedelta(days=due_in_days)
    db.session.execute(insert(Decision), [
        {"application_id": a, "outcome": "approved", "requested_amount": 40_000, "granted_amount": 40_000,
         "reasons": "", "standard_reasons": [], "conditions": "Vilkår", "report_due": due,
         "decided_by_id": staff.id, "decided_at": utcnow(), "in_force": True, "after_appeal": False}
        for a in app_ids])
    decisions = dict(db.session.execute(select(Decision.application_id, Decision.id)).all())
    db.session.execute(insert(GrantAnswer), [
        {"decision_id": decisions[a], "application_id": a, "answer": "accepted", "how": "automatic",
         "answered_at": utcnow(), "reason": ""} for a in app_ids])
    db.session.execute(insert(FinalReport), [
        {"application_id": a, "due_date": due, "status": "draft", "version": 0, "activities": "",
         "target_groups": [], "involvement": "", "worked_well": "", "worked_badly": "", "return_comment": "",
         "created_at": utcnow(), "updated_at": utcnow()} for a in app_ids])
    db.session.flush()
    loaded["grants"] = len(app_ids)
    return loaded


class Statements:
    """Counts the statements the engine sends."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self._one)

    def _one(self, *args) -> None:
        self.count += 1


def reminder_runs(url: str, grants: int, rounds: int = 3) -> dict:
    """The reminder run against plain sending, ``rounds`` times each, taking turns."""
    from sqlalchemy import delete, select, update

    from potten.accounts.models import User
    from potten.applications.models import Application
    from potten.core import mail, unit_of_work
    from potten.core.outbox import OutboxEntry
    from potten.core.time import today_local
    from potten.extensions import db
    from potten.reports.models import FinalReport, ReminderSent
    from potten.reports.reminders import report_url, send_reminders

    app = foundation.bench_app(url, tempfile.mkdtemp(prefix="potten-bench-mail-"))
    times = {"reminder run": [], "plain sending": []}
    statements = {}
    with app.app_context():
        foundation.prepare_database(url)
        load_grants(grants)
        db.session.commit()
        counter = Statements(db.engine)
        today = today_local()

        def reset():
            db.session.execute(delete(ReminderSent))
            db.session.execute(delete(OutboxEntry))
            db.session.commit()
            foundation.flush_redis()

        def reminder_run():
            with unit_of_work.unit():
                return send_reminders(today)

        def plain_sending():
            """The same mails, read and sent without selecting what is due and without the ledger."""
            with unit_of_work.unit():
                rows = db.session.execute(
                    select(FinalReport.due_date, FinalReport.application_id, Application.title,
                           Application.case_number, User.email, User.name, User.locale)
                    .join(Application, Application.id == FinalReport.application_id)
                    .join(User, User.id == Application.applicant_id)).all()
                for row in rows:
                    mail.send_mail(row.email, "report_reminder", row.locale or "nb", name=row.name,
                                   title=row.title, case_number=row.case_number, due_date=row.due_date,
                                   days_late=(today - row.due_date).days, url=report_url(row.application_id))
                return len(rows)

        for _ in range(rounds):
            for name, run in (("reminder run", reminder_run), ("plain sending", plain_sending)):
                reset()
                before, started = counter.count, time.perf_counter()
                sent = run()
                times[name].append(time.perf_counter() - started)
                statements[name] = counter.count - before
                assert sent == grants, f"{name} sent {sent} mails, not {grants}"
        reset()
        reminder_run()
        again_before = counter.count
        assert reminder_run() == 0  # the same day again: nothing
        statements["reminder run, the same day again"] = counter.count - again_before
        reset()
        db.session.execute(update(FinalReport).where(FinalReport.id > grants // 10).values(status="approved"))
        db.session.commit()
        before = counter.count
        reminder_run()
        statements[f"reminder run, {grants // 10} reports"] = counter.count - before
        reset()
        db.engine.dispose()
    return {"times": times, "statements": statements}


def page_rows(url: str, args) -> dict:
    """The overdue list and the staff report page against SELECT 1, served by gunicorn."""
    from potten.extensions import db

    mail_dir = tempfile.mkdtemp(prefix="potten-bench-mail-")
    app = foundation.bench_app(url, mail_dir)
    with app.app_context():
        report_id = load_pages_data(url)  # 10 000 applications, 9 000 reports overdue, 3 000 sent
        db.engine.dispose()
    port = foundation.free_port()
    with open(Path(mail_dir) / "gunicorn.log", "w") as log:
        server = subprocess.Popen([sys.executable, foundation.__file__, "--serve", url, "--bind",
                                   f"127.0.0.1:{port}", "--workers", str(args.workers), "--mail-dir", mail_dir],
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            client = foundation.Client(port)
            foundation.wait_until_up(client)
            staff, _ = client.log_in(STAFF, "benk-passord-123")
            rows = [
                ("baseline: SELECT 1", lambda i: client.request("GET", foundation.BASELINE)[0]),
                ("overdue list  GET /sluttrapporter/forfalt",
                 lambda i: client.request("GET", "/sluttrapporter/forfalt", staff)[0]),
                ("reports to approve  GET /sluttrapporter",
                 lambda i: client.request("GET", "/sluttrapporter", staff)[0]),
                ("staff report page  GET /sluttrapporter/<id>",
                 lambda i: client.request("GET", f"/sluttrapporter/{report_id}", staff)[0]),
            ]
            results = {}
            for name, send in rows:
                foundation.measure(send, args.warmup, args.concurrency)
                results[name] = None
            per_slice = max(1, args.requests // args.slices)
            for _ in range(args.slices):
                for name, send in rows:
                    results[name] = foundation.merge(results[name], foundation.measure(send, per_slice,
                                                                                       args.concurrency))
            return {name: foundation.summary(r) for name, r in results.items()}
        finally:
            server.terminate()
            server.wait(30)
            foundation.flush_redis()


def load_pages_data(url: str) -> int:
    """10 000 applications, 9 000 granted with their reports overdue, 3 000 of them sent; the id of a
    sent report."""
    from sqlalchemy import select, update

    from potten.extensions import db
    from potten.reports.models import FinalReport

    foundation.prepare_database(url)
    load_grants(9_000, due_in_days=-5)
    sent = db.session.scalars(select(FinalReport.id).order_by(FinalReport.id).limit(3000)).all()
    db.session.execute(update(FinalReport).where(FinalReport.id.in_(sent))
                       .values(status="sent", version=1, activities="Vi holdt fest.", participants=100))
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # the statistics autovacuum would have gathered
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    return sent[0]


def in_process(url: str, args) -> dict:
    """The pages through the test client, slices taking turns; mean latency and statements each."""
    from sqlalchemy import select

    from potten.accounts.models import User
    from potten.extensions import db
    from potten.reports.models import FinalReport

    app = foundation.bench_app(url, tempfile.mkdtemp(prefix="potten-bench-mail-"))
    with app.app_context():
        report_id = db.session.scalar(select(FinalReport.id).where(FinalReport.status == "sent")
                                      .order_by(FinalReport.id).limit(1)) if args.keep else None
        if report_id is None:
            report_id = load_pages_data(url)
        token = db.session.scalar(select(User).where(User.email == STAFF)).get_id()
        db.session.commit()
        counter = Statements(db.engine)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = token, True
    rows = {"baseline: SELECT 1": foundation.BASELINE,
            "overdue list  GET /sluttrapporter/forfalt": "/sluttrapporter/forfalt",
            "reports to approve  GET /sluttrapporter": "/sluttrapporter",
            "staff report page  GET /sluttrapporter/<id>": f"/sluttrapporter/{report_id}"}
    times = {name: [] for name in rows}
    statements = {}
    for name, path in rows.items():
        for _ in range(args.warmup):
            assert client.get(path).status_code == 200, path
        before = counter.count
        client.get(path)
        statements[name] = counter.count - before
    per_slice = max(1, args.requests // args.slices)
    for _ in range(args.slices):
        for name, path in rows.items():
            for _ in range(per_slice):
                started = time.perf_counter()
                client.get(path)
                times[name].append(time.perf_counter() - started)
    return {name: {"mean": statistics.fmean(t), "p50": statistics.median(t), "statements": statements[name]}
            for name, t in times.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python bench/reports.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", nargs="?", default=DEFAULT_URL, help="database URL; it is emptied")
    parser.add_argument("--grants", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--slices", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--skip-reminders", action="store_true")
    parser.add_argument("--in-process", action="store_true", help="only the pages, through the test client")
    parser.add_argument("--keep", action="store_true", help="with --in-process: reuse the data of a previous run")
    args = parser.parse_args(argv)
    foundation.flush_redis()
    if args.in_process:
        results = in_process(args.url, args)
        base = results["baseline: SELECT 1"]["mean"]
        print(f"\nPages at 10 000 applications, in process ({args.requests} requests a row, test client):")
        for name, r in results.items():
            print(f"  {name:44} {r['mean'] * 1000:7.2f} ms  p50 {r['p50'] * 1000:7.2f} ms  "
                  f"× latency {r['mean'] / base:5.2f}  {r['statements']} statements")
        return
    if not args.skip_reminders:
        reminders(args)
    if not args.skip_pages:
        pages(args)


def reminders(args) -> None:
    runs = reminder_runs(args.url, args.grants)
    median = {name: statistics.median(values) for name, values in runs["times"].items()}
    print(f"\nReminders for {args.grants} reports due (3 runs each, taking turns; median):")
    for name, seconds in median.items():
        print(f"  {name:28} {seconds:7.2f} s   {runs['statements'][name]:6d} statements   "
              f"(runs: {', '.join(f'{t:.2f}' for t in runs['times'][name])})")
    print(f"  ratio reminder run / plain sending: {median['reminder run'] / median['plain sending']:.2f}")
    for name, count in runs["statements"].items():
        if name not in median:
            print(f"  {name:40} {count:6d} statements")



def pages(args) -> None:
    results = page_rows(args.url, args)
    base = results["baseline: SELECT 1"]
    print(f"\nPages at 10 000 applications ({args.requests} requests a row, {args.concurrency} clients, "
          f"gunicorn {args.workers} workers):")
    for name, r in results.items():
        errors = f"  ({len(r['errors'])} errors)" if r["errors"] else ""
        print(f"  {name:44} {r['mean'] * 1000:7.2f} ms  p95 {r['p95'] * 1000:7.2f} ms  "
              f"× latency {r['mean'] / base['mean']:5.2f}{errors}")


if __name__ == "__main__":
    main()
