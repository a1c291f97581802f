"""Fixtures for jobs and workers: RQ on the test Redis, worker processes started
as ``python -m workers``, a Redis of our own that a test may stop, and helpers
that wait for an outcome (never for a fixed time)."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from redis import Redis
from rq import SimpleWorker

from potten.core import queues
from potten.extensions import db
from tests.conftest import ON_CI, _free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, what: str, timeout: float = 60.0):
    """Poll ``predicate`` until it returns something true; fail with ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()  # see what other processes committed
        result = predicate()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def rq_app(app, redis_url):
    """The app with jobs going to RQ on the test Redis, retried at once."""
    app.config.update(REDIS_URL=redis_url, JOB_RETRY_INTERVALS="0,0,0,0")
    return app


def work_off(app) -> None:
    """Run every queued job in this process with a real RQ worker, until the queues are empty."""
    worker = SimpleWorker([queues.queue(name) for name in queues.QUEUE_NAMES], connection=queues.connection())
    worker.work(burst=True)
    db.session.rollback()


class WorkerProcess:
    """``python -m workers`` in its own process group, logging to a file (a pipe nobody
    reads would fill up and stop the worker)."""

    def __init__(self, env: dict, cwd: Path, log: Path):
        self.env, self.cwd, self.log, self.proc = env, cwd, log, None

    def start(self, *args: str) -> "WorkerProcess":
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "workers", *args], cwd=self.cwd, env=self.env,
                                         stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def stop(self) -> str:
        """Warm shutdown (SIGTERM lets a running job finish); returns what the worker logged."""
        if self.proc is None:
            return ""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the worker, its scheduler and any horse it left
            self.proc.wait()
        self.proc = None
        return self.log.read_text(errors="replace")


@pytest.fixture
def worker_process(app, smtp, tmp_path):
    """``worker_process(redis_url, **env)``: a real ``python -m workers`` on the test's database,
    Redis and SMTP server, relaying every second and retrying after one."""
    started: list[WorkerProcess] = []
    app.config["JOB_RETRY_INTERVALS"] = "1,1,1,1"  # for the jobs this process enqueues

    def start(redis_url: str, *args: str, **extra) -> WorkerProcess:
        env = dict(os.environ)
        env.update({
            "POTTEN_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "POTTEN_REDIS_URL": redis_url,
            "POTTEN_MAIL_SERVER": "127.0.0.1", "POTTEN_MAIL_PORT": str(smtp.port),
            "POTTEN_MAIL_DIR": str(tmp_path / "mail"), "POTTEN_JOB_RETRY_INTERVALS": "1,1,1,1",
            "POTTEN_OUTBOX_RELAY_SECONDS": "1", "POTTEN_OUTBOX_RELAY_GRACE_SECONDS": "0",
            "PYTHONPATH": str(ROOT), "POTTEN_LIBREOFFICE": "off",  # no converter unless a test asks
            **extra,
        })
        worker = WorkerProcess(env, ROOT, tmp_path / f"worker-{len(started)}.log").start(*args)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        log = worker.stop()
        if log and os.environ.get("POTTEN_TEST_SHOW_WORKER_LOG"):
            print(log)


class OwnRedis:
    """A Redis server of the test's own, which it may stop and start (never the shared one)."""

    def __init__(self, folder: Path):
        self.port, self.folder, self.proc = _free_port(), folder, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if Redis(port=self.port, socket_connect_timeout=0.5).ping():
                    return
            except Exception:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", self.port)) != 0, "Redis is still listening"


@pytest.fixture
def own_redis(tmp_path):
    if not shutil.which("redis-server"):
        if ON_CI:
            pytest.fail("redis-server must be installed on CI", pytrace=False)
        pytest.skip("redis-server is not installed")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


class _RefuseEveryone:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 No such mailbox here"


@pytest.fixture
def refusing_smtp(app):
    """A real SMTP server that refuses every recipient for good (5xx)."""
    from aiosmtpd.controller import Controller

    port = _free_port()
    controller = Controller(_RefuseEveryone(), hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield controller
    finally:
        controller.stop()
