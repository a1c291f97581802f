"""Benchmark: the end of a round, 500 decisions at once, delivered as PDF/A by two workers.

Run by hand from the repository root (PostgreSQL and Redis on 127.0.0.1):

    python bench/letters.py [--letters 500] [--workers 2] [--redis redis://127.0.0.1:6379/5]
                            [--database potten_letters_bench]

It (re)creates the database given (default ``potten_letters_bench``), starts an SMTP server on
loopback and N ``python -m workers`` processes, makes the decisions (each in
its own unit of work, as the decide view does), and measures

* the time from the first decision to the last mail received (letters built as
  .docx, converted to PDF/A by each worker's LibreOffice, stored and mailed), and
* the time LibreOffice alone takes to convert the same 500 .docx in one long-lived
  process (one converter, one letter after the other),

and reports their ratio (target: 1.5 or less), the CPU time of the workers' process
trees, and each worker's peak memory (the keeper, its work horse, the horse's scheduler
and the worker's LibreOffice converter, sampled from /proc: peak RSS of the keeper, and
peak PSS of the whole tree, which counts shared pages once; target: under 400 MB).
"""
import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/"
DB_NAME = "potten_letters_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--database", default=DB_NAME, help=f"PostgreSQL database to replace (default {DB_NAME})")
    args = parser.parse_args()

    url = _fresh_database(args.database)
    smtp = _Smtp()
    os.environ.update(POTTEN_DATABASE_URL=url, POTTEN_REDIS_URL=args.redis, POTTEN_MAIL_SERVER="127.0.0.1",
                      POTTEN_MAIL_PORT=str(smtp.port))
    from redis import Redis

    Redis.from_url(args.redis).flushdb()

    from potten import create_app
    from potten.extensions import db

    app = create_app()
    with app.app_context():
        db.create_all()
        ids = _applications(args.letters)
    from rq.suspension import resume, suspend

    redis = Redis.from_url(args.redis)
    suspend(redis)  # the workers start and wait, as a running service's workers would
    workers = [_start_worker(i) for i in range(args.workers)]
    try:
        sampler = _Sampler([w.pid for w in workers])
        with app.app_context():
            began = time.perf_counter()
            _decide_all(ids)  # the end of the round: every decision made and committed
            decided = time.perf_counter() - began
            time.sleep(2)
            began, cpu_before = time.perf_counter(), _cpu_seconds([w.pid for w in workers])
            resume(redis)
            while smtp.count.value < args.letters:
                time.sleep(0.02)
            delivered = time.perf_counter() - began
            cpu = _cpu_seconds([w.pid for w in workers]) - cpu_before
            _check(args.letters)
            sampler.stop()
            baseline, baseline_cpu, docx_only = _baseline()
    finally:
        for w in workers:
            w.send_signal(signal.SIGTERM)
        for w in workers:
            w.wait(60)
        smtp.stop()

    print(f"\n{args.letters} decisions, {args.workers} workers "
          f"(PostgreSQL, Redis and SMTP on loopback, {os.cpu_count()} cores)")
    print(f"  decisions made and committed, one unit of work each:   {decided:6.1f} s (not in the ratio)")
    print(f"  the workers resumed, to the last mail received:        {delivered:6.1f} s")
    print(f"  the same .docx converted by one LibreOffice, alone:      {baseline:6.1f} s "
          f"({baseline_cpu:.1f} s CPU, its converter and this client)")
    print(f"  (python-docx alone builds them in {docx_only:.1f} s)")
    print(f"  ratio: {delivered / baseline:.2f} (target: 1.5 or less)")
    print(f"  CPU time of the workers' trees (with their LibreOffice): {cpu:.1f} s "
          f"({cpu / args.letters * 1000:.0f} ms a letter; alone: {baseline_cpu / args.letters * 1000:.0f} ms)")
    print(f"  load average when done: {os.getloadavg()[0]:.1f} (other processes share these cores)")
    for n, w in enumerate(workers):
        rss, pss = sampler.peak[w.pid]
        print(f"  worker {n + 1}: peak RSS of the keeper {rss / 1024:5.0f} MB, "
              f"peak PSS of keeper + horse + scheduler + LibreOffice {pss / 1024:5.0f} MB (target: under 400 MB)")


def _fresh_database(name: str) -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine(PG + "postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG + name


def _applications(n: int) -> list[int]:
    from potten.applications.workflow import Status
    from potten.core import unit_of_work
    from tests.factories import make_application, make_organisation, make_round, make_user

    round_ = make_round(budgets=(10**9, 10**9, 10**9, 10**9))
    maker = make_user("decision_maker", name="Pia Programleder")
    ids = []
    for i in range(n):
        applicant = make_user(name=f"Søker Ærlig Øverby {i}", locale="en" if i % 5 == 0 else "nb")
        org = make_organisation(name=f"Torstrand Vel {i}", orgnr=f"{900000000 + i}", members=[applicant]) \
            if i % 2 else None
        ids.append(make_application(applicant=applicant, round_=round_, organisation=org,
                                    status=Status.IN_REVIEW).id)
    unit_of_work.commit()
    _applications.maker_id = maker.id
    return ids


def _decide_all(ids: list[int]) -> None:
    from potten.accounts.models import User
    from potten.applications.models import Application
    from potten.core import unit_of_work
    from potten.decisions.models import DEFAULT_CONDITIONS, DEFAULT_CONDITIONS_EN
    from potten.extensions import db
    from potten.letters.operations import issue_letter
    from tests.factories import make_decision

    outcomes = ("approved", "partly_approved", "rejected")
    for i, application_id in enumerate(ids):
        application = db.session.get(Application, application_id)
        maker = db.session.get(User, _applications.maker_id)
        outcome = outcomes[i % 3]
        decision = make_decision(application, outcome, decided_by=maker,
                                 reasons="" if outcome == "approved" else "Budsjettet er for høyt for aktiviteten.")
        if decision.granted_amount:
            decision.general_conditions = {"nb": DEFAULT_CONDITIONS, "en": DEFAULT_CONDITIONS_EN}
        issue_letter(decision, maker)
        unit_of_work.commit()


def _check(n: int) -> None:
    from sqlalchemy import func, select

    from potten.core.outbox import DONE, OutboxEntry
    from potten.extensions import db
    from potten.letters.models import Letter

    for _ in range(100):  # the last mail may be received just before its entry is marked done
        db.session.rollback()
        built = db.session.scalar(select(func.count()).select_from(Letter).where(Letter.pdf_size.is_not(None)))
        done = db.session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.status == DONE))
        if (built, done) == (n, 2 * n):
            return
        time.sleep(0.1)
    raise AssertionError(f"{built} letters built as PDF, {done} outbox entries done; expected {n} and {2 * n}")


def _cpu_seconds(pids: list[int]) -> float:
    """CPU time of each process tree: a worker's keeper, its work horse and the horse's
    scheduler while they live, and every child they have reaped (a horse that died)."""
    children = _children()
    total = 0
    for root in pids:
        for pid in (root, *_descendants(root, children)):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")


def _baseline() -> tuple[float, float, float]:
    """Seconds for one long-lived LibreOffice to convert every letter's .docx, one after the
    other (started beforehand, as a worker's is), the CPU seconds that took (the converter's
    tree and this process), and seconds for python-docx to build them."""
    from flask import current_app
    from sqlalchemy import select

    from potten.extensions import db
    from potten.letters import pdf
    from potten.letters.docx import build_docx
    from potten.letters.models import Letter

    data = db.session.scalars(select(Letter.data).order_by(Letter.id)).all()
    began = time.perf_counter()
    documents = [build_docx(d) for d in data]
    docx_only = time.perf_counter() - began
    converter = pdf.Converter(*pdf.find(current_app.config["LIBREOFFICE"], current_app.config["UNO_PYTHON"]))
    converter.start()
    try:
        converter.convert(documents[0])  # LibreOffice's first document loads its filters
        began, cpu_before = time.perf_counter(), _cpu_seconds([converter.process.pid]) + _own_cpu()
        for document in documents:
            converter.convert(document)
        seconds = time.perf_counter() - began
        return seconds, _cpu_seconds([converter.process.pid]) + _own_cpu() - cpu_before, docx_only
    finally:
        converter.stop()


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def _start_worker(n: int) -> subprocess.Popen:
    log = open(ROOT / "instance" / f"bench-worker-{n}.log", "wb")  # noqa: SIM115 (the child writes to it)
    return subprocess.Popen([sys.executable, "-m", "workers", "--name", f"bench-{n}-{os.getpid()}"], cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONPATH=str(ROOT)))


class _Smtp:
    """An SMTP server in a process of its own, counting mails (not competing with the bench for the GIL)."""

    def __init__(self):
        import multiprocessing
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        context = multiprocessing.get_context("spawn")
        self.count = context.Value("i", 0)
        self._stop = context.Event()
        self._process = context.Process(target=_serve_smtp, args=(self.port, self.count, self._stop), daemon=True)
        self._process.start()
        import smtplib

        for _ in range(100):
            try:
                smtplib.SMTP("127.0.0.1", self.port, timeout=1).quit()
                return
            except OSError:
                time.sleep(0.1)

    def stop(self):
        self._stop.set()
        self._process.join(10)


def _serve_smtp(port, count, stop) -> None:
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with count.get_lock():
                count.value += 1
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    stop.wait()
    controller.stop()


class _Sampler:
    """Every 50 ms: each worker's own RSS and the PSS of its process tree."""

    def __init__(self, pids: list[int]):
        self.peak = {pid: (0, 0) for pid in pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            children = _children()
            for pid in self.peak:
                tree = [pid, *_descendants(pid, children)]
                rss = _kb(pid, "status", "VmRSS:")
                pss = sum(_kb(p, "smaps_rollup", "Pss:") for p in tree)
                old = self.peak[pid]
                self.peak[pid] = (max(old[0], rss), max(old[1], pss))
            time.sleep(0.05)


def _children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            out.setdefault(ppid, []).append(int(entry))
    return out


def _descendants(pid: int, children: dict[int, list[int]]) -> list[int]:
    found = []
    for child in children.get(pid, []):
        found += [child, *_descendants(child, children)]
    return found


def _kb(pid: int, name: str, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    main()
