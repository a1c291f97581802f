"""``python -m workers [queue …]``: an RQ worker (with the scheduler) inside the app context.

The app is built and warmed up once; a forked work horse inherits it, opens its own
database connection and runs job after job (see ``workers.keeper``). Queues, in
priority order: letters, mail, maintenance.
"""
import argparse
import importlib
import logging
import time
import uuid

from redis.exceptions import RedisError
from rq.exceptions import StopRequested

from potten import create_app
from potten.core import queues
from potten.letters import pdf
from workers.keeper import keep
from workers.worker import PottenWorker, warm_up

log = logging.getLogger("workers")
EPILOG = """settings (environment):
  POTTEN_REDIS_URL, POTTEN_DATABASE_URL, POTTEN_MAIL_*   as for the web process (see README)
  POTTEN_JOB_RETRY_INTERVALS      seconds between retries of a failed job (default 5,30,120,600)
  POTTEN_OUTBOX_RELAY_SECONDS     how often the relay looks for stalled work (default 60)
  POTTEN_OUTBOX_RELAY_GRACE_SECONDS  how long new work may wait for its hand-over (default 30)
  POTTEN_LIBREOFFICE              soffice, for letters as PDF/A (default soffice; off: send .docx)
  POTTEN_UNO_PYTHON               a Python with LibreOffice's UNO bridge (default /usr/bin/python3)

Run one worker per core, on as many machines as you like; at least one must serve
the maintenance queue (the relay). Each worker is two processes: a keeper and its
work horse, which runs the jobs; if the horse dies, the keeper gives its job back to
RQ and starts a new one. SIGTERM finishes the running job, then stops."""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m workers", description=__doc__, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("queues", nargs="*", default=list(queues.QUEUE_NAMES),
                        help=f"queues to serve, in priority order (default: {' '.join(queues.QUEUE_NAMES)})")
    parser.add_argument("--burst", action="store_true", help="stop when the queues are empty")
    parser.add_argument("--name", help="worker name (default: host and pid)")
    parser.add_argument("--import", dest="modules", action="append", default=[], metavar="MODULE",
                        help="import MODULE once the app is built: jobs of its own (the tests use it)")
    args = parser.parse_args(argv)
    unknown = set(args.queues) - set(queues.QUEUE_NAMES)
    if unknown:
        parser.error(f"unknown queue(s): {', '.join(sorted(unknown))}")

    app = create_app()
    if not app.config.get("REDIS_URL"):
        parser.error("POTTEN_REDIS_URL is not set: on the embedded default, jobs run inside the web process.")
    with app.app_context():
        for module in args.modules:
            importlib.import_module(module)
        if "letters" in args.queues:  # one converter per worker, shared by the horses it forks
            pdf.start(app.config["LIBREOFFICE"], app.config["UNO_PYTHON"])
        warm_up(app)
        name = args.name or uuid.uuid4().hex
        keep(lambda: serve(args.queues, burst=args.burst, name=name), name)


def serve(names: list[str], burst: bool = False, name: str | None = None) -> None:
    """Run a worker; when Redis goes away under it (RQ's worker then quits), wait
    for Redis and run a new one, until a signal or the end of a burst stops it."""
    relay_every = int(queues.setting("OUTBOX_RELAY_SECONDS"))
    while True:
        worker = PottenWorker([queues.queue(n) for n in names], connection=queues.connection(), name=name,
                              maintenance_interval=relay_every, worker_ttl=relay_every + 15)
        log.info("worker %s serving %s", worker.name, ", ".join(names))
        try:
            worker.work(burst=burst, with_scheduler=True, logging_level="INFO")
        except RedisError as exc:
            log.warning("worker %s lost Redis: %s", worker.name, exc)
        if burst or worker.stop_wanted:
            return
        try:
            _wait_for_redis()
        except StopRequested:
            return


def _wait_for_redis() -> None:
    pause = 1.0
    while True:
        try:
            queues.connection().ping()
            return
        except RedisError:
            log.warning("Redis is unreachable; trying again in %.0f s", pause)
            time.sleep(pause)
            pause = min(pause * 2, 30)


if __name__ == "__main__":
    main()
