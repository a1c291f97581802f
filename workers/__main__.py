"""``python -m workers [queue …]``: an RQ worker (with the scheduler) inside the app context.

The app is built once; forked work horses inherit its context and open their own
database connections. Queues, in priority order: letters, mail, maintenance.
"""
import argparse
import logging

from potten import create_app
from potten.core import queues
from potten.extensions import db
from workers.worker import PottenWorker


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m workers", description=__doc__)
    parser.add_argument("queues", nargs="*", default=list(queues.QUEUE_NAMES),
                        help=f"queues to serve, in priority order (default: {' '.join(queues.QUEUE_NAMES)})")
    parser.add_argument("--burst", action="store_true", help="stop when the queues are empty")
    parser.add_argument("--name", help="worker name (default: host and pid)")
    args = parser.parse_args(argv)
    unknown = set(args.queues) - set(queues.QUEUE_NAMES)
    if unknown:
        parser.error(f"unknown queue(s): {', '.join(sorted(unknown))}")

    app = create_app()
    if not app.config.get("REDIS_URL"):
        parser.error("POTTEN_REDIS_URL is not set: on the embedded default, jobs run inside the web process.")
    with app.app_context():
        db.engine.dispose()
        relay_every = int(queues.setting("OUTBOX_RELAY_SECONDS"))
        worker = PottenWorker([queues.queue(name) for name in args.queues], connection=queues.connection(),
                              name=args.name, maintenance_interval=relay_every,
                              worker_ttl=relay_every + 15)
        logging.getLogger(__name__).info("worker %s serving %s", worker.name, ", ".join(args.queues))
        worker.work(burst=args.burst, with_scheduler=True, logging_level="INFO")


if __name__ == "__main__":
    main()
