"""``python -m workers [queue …]``: an RQ worker (with the scheduler) inside the app context.

The app is built once; forked work horses inherit its context. The database
pool is disposed before work starts so no connection is shared across a fork.
"""
import argparse
import logging

from rq import Worker

from potten import create_app
from potten.core import queues
from potten.extensions import db


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m workers", description=__doc__)
    parser.add_argument("queues", nargs="*", default=list(queues.QUEUE_NAMES),
                        help=f"queues to serve, in priority order (default: {' '.join(queues.QUEUE_NAMES)})")
    parser.add_argument("--burst", action="store_true", help="stop when the queues are empty")
    parser.add_argument("--name", help="worker name (default: host and pid)")
    args = parser.parse_args(argv)

    app = create_app()
    if not app.config.get("REDIS_URL"):
        parser.error("POTTEN_REDIS_URL is not set: on the embedded default, jobs run inside the web process.")
    with app.app_context():
        db.engine.dispose()
        worker = Worker([queues.queue(name) for name in args.queues], connection=queues.connection(),
                        name=args.name)
        logging.getLogger(__name__).info("worker %s serving %s", worker.name, ", ".join(args.queues))
        worker.work(burst=args.burst, with_scheduler=True)


if __name__ == "__main__":
    main()
