"""Fixtures: the app on SQLite and PostgreSQL, Redis, a real SMTP server, logins by role.

Every test that uses ``app`` runs once per database backend. The schema is made
once per backend and emptied after each test, so tests may commit, use threads
and start worker processes. On CI (``CI=true``) a missing service fails the run
instead of skipping.
"""
import os
import socket
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from potten import create_app
from potten.config import TestConfig
from potten.core import limits
from potten.extensions import db

# pytest-xdist runs the suite in several processes ("gw0", "gw1" …): each gets a PostgreSQL database
# and a Redis database of its own, so no process empties another's tables or queues.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_WORKER_NUMBER = int(WORKER[2:]) if WORKER.startswith("gw") else 0
_PG_SHARED_URL = os.environ.get("POTTEN_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_REDIS_SHARED_URL = os.environ.get("POTTEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _own(url: str, worker: str, number: int) -> str:
    """``url`` for one worker process: the PostgreSQL database ``<name>_gw1``, or the Redis database
    ``n - number`` (counting down from 15, so the default's neighbours stay free)."""
    if not worker:
        return url
    parsed = make_url(url)
    if parsed.drivername.startswith("postgresql"):
        return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)
    base, _, db_number = url.rpartition("/")
    return f"{base}/{int(db_number or 0) - number}"


PG_URL = _own(_PG_SHARED_URL, WORKER, _WORKER_NUMBER)
REDIS_URL = _own(_REDIS_SHARED_URL, WORKER, _WORKER_NUMBER)
BACKENDS = ("sqlite", "postgresql")
ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def service_missing(what: str) -> None:
    """Skip on a developer's machine, fail on CI: CI must never skip a real service."""
    if ON_CI:
        pytest.fail(f"{what} is not reachable, and CI must test against it", pytrace=False)
    pytest.skip(f"{what} is not reachable")


def pytest_xdist_auto_num_workers(config):
    """``-n auto``: one process per CPU this process may run on, and no more than a container's CPU
    quota (cgroup v2 ``cpu.max``) allows; ``PYTEST_XDIST_AUTO_NUM_WORKERS`` overrides it."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # pytest-xdist's own hook reads it
    count = len(os.sched_getaffinity(0))
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        if quota != "max":
            count = min(count, max(1, int(quota) // int(period)))
    except (OSError, ValueError):
        pass
    return count


def pytest_configure(config):
    config.addinivalue_line("markers", "backends(*names): run only on these database backends")
    config.addinivalue_line("markers", "browser: drives headless Chromium")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("backends")
        names = marker.args if marker else BACKENDS
        metafunc.parametrize("backend", names, scope="session")


_apps: dict = {}


def _database_url(backend: str, tmp_root: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_root / 'potten-test.sqlite3'}"
    return PG_URL


def _reachable(url: str) -> bool:
    """Whether the database at ``url`` answers; a worker's own database is made the first time."""
    if url == PG_URL and PG_URL != _PG_SHARED_URL:
        _create_database(PG_URL)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except OperationalError:
        return False
    finally:
        engine.dispose()


def _create_database(url: str) -> None:
    """Make the PostgreSQL database of ``url`` if it is missing, from the shared test database."""
    admin = create_engine(_PG_SHARED_URL, isolation_level="AUTOCOMMIT")
    name = make_url(url).database
    try:
        with admin.connect() as conn:
            if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is None:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError:
        pass  # not reachable: the caller says so
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def _app_root(tmp_path_factory):
    return tmp_path_factory.mktemp("potten")


@pytest.fixture
def app(backend, _app_root):
    """The app on ``backend``, with an empty database; jobs run in process."""
    if backend not in _apps:
        url = _database_url(backend, _app_root / backend if backend == "sqlite" else _app_root)
        if backend == "sqlite":
            (_app_root / backend).mkdir(exist_ok=True)
        if backend == "postgresql" and not _reachable(url):
            service_missing(f"PostgreSQL at {url}")
        engine_options = {"pool_pre_ping": True}
        if backend == "postgresql":  # tests need no durability; this halves the time of each commit
            engine_options["connect_args"] = {"options": "-c synchronous_commit=off"}
        application = create_app(TestConfig, {
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
            "MAIL_DIR": str(_app_root / backend / "mail"),
        })
        with application.app_context():
            _drop_everything()
            db.create_all()
        application.teardown_request(_forget_request_state)
        _apps[backend] = application
    application = _apps[backend]
    saved = dict(application.config)
    ctx = application.app_context()
    ctx.push()
    try:
        yield application
    finally:
        db.session.remove()
        _empty_tables()
        # the ranking cache is kept: ids start again in the emptied database, but versions never repeat
        limits.limiter.reset()  # the rate limits count each test's requests afresh
        ctx.pop()
        application.config.clear()
        application.config.update(saved)


def _forget_request_state(exc) -> None:
    """A test keeps one app context across its requests (so it can use ``db.session``);
    forget what Flask-Login and Flask-Babel cache in it, as a new request would."""
    from flask import g
    from flask_babel import refresh

    g.pop("_login_user", None)
    refresh()


def _drop_everything() -> None:
    """Start from an empty database, whatever an earlier run (of any branch) left in it."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()


def _empty_tables() -> None:
    """DELETE is much cheaper than TRUNCATE on the small tables of one test."""
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login_as(app, client):
    """``login_as(role)`` makes a verified user with that role and logs the client in as them."""
    from tests.factories import make_user

    def login(role: str = "applicant", **kwargs):
        user = make_user(role, **kwargs)
        token = user.get_id()  # a server-side session, committed with the user
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = token
            session["_fresh"] = True
        return user

    return login


def csrf_token(client, path: str = "/") -> str:
    """A valid CSRF token for ``client``'s session, as a page would give it."""
    import re

    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


@pytest.fixture
def redis_url():
    """A real Redis (database 15 by default), emptied before and after."""
    from redis import Redis
    from redis.exceptions import RedisError

    conn = Redis.from_url(REDIS_URL)
    try:
        conn.ping()
    except RedisError:
        service_missing(f"Redis at {REDIS_URL}")
    conn.flushdb()
    yield REDIS_URL
    conn.flushdb()


class _Collector:
    def __init__(self):
        self.messages = []
        self.refuse = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refuse > 0:
                self.refuse -= 1
                return "451 4.3.0 Try again later"
            self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(app):
    """A real SMTP server on loopback; the app sends its mail there.
    ``smtp.messages`` holds what arrived; set ``smtp.refuse = n`` to refuse the next n mails."""
    from aiosmtpd.controller import Controller

    handler = _Collector()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, enable_SMTPUTF8=True)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    handler.port = port
    try:
        yield handler
    finally:
        controller.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pytest_sessionstart(session):
    """Compile the translation catalogs, as the setup command does (they are never committed)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    if WORKER:
        return  # the controlling process has compiled them before it started its workers
    for po in (Path(__file__).parent.parent / "potten" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as f:
                catalog = read_po(f)
            partial = mo.with_suffix(".mo.partial")
            with partial.open("wb") as f:
                write_mo(f, catalog, use_fuzzy=True)
            partial.replace(mo)


def pytest_sessionfinish(session, exitstatus):
    """On CI a skipped test is a failure: every real service must be there."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if ON_CI and reporter is not None and reporter.stats.get("skipped"):
        reporter.ensure_newline()
        reporter.write_line(f"CI: {len(reporter.stats['skipped'])} tests were skipped; CI must skip none.", red=True)
        session.exitstatus = 1
