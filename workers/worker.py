"""The RQ worker class, run by the work horse (see ``workers.keeper``): each job in a
fresh app context, a horse that dies gives back its claims at once, and the outbox
relay is kept running by whichever worker's maintenance comes first."""
import gc
import logging
import socket

from flask import current_app
from rq import SimpleWorker

from potten.core import outbox, queues
from potten.extensions import db

log = logging.getLogger(__name__)


class PottenWorker(SimpleWorker):
    """An RQ worker that runs job after job in its own process, the work horse. It does not
    fork per job: the horse keeps its database connection, compiled SQL and loaded modules
    from one job to the next. Its keeper forks a new horse if this one dies."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stop_wanted = False

    def request_stop(self, signum, frame):
        self.stop_wanted = True  # SIGTERM or Ctrl+C: the supervisor wants us gone
        super().request_stop(signum, frame)

    def perform_job(self, job, queue):
        with current_app.app_context():  # a context and database session of its own, as a request has
            return super().perform_job(job, queue)

    def run_maintenance_tasks(self):
        super().run_maintenance_tasks()
        if any(q.name == "maintenance" for q in self.queues):
            queues.schedule_relay()


def warm_up(app) -> None:
    """Do once in the keeper what every work horse would otherwise do again: configure the
    mappers, initialise the database dialect, compile the templates and load the
    translations. Then close the connections, so none crosses a fork."""
    from flask_babel import force_locale, get_translations
    from sqlalchemy.orm import configure_mappers, undefer

    from potten.letters import jobs as letters
    from potten.letters.models import Letter

    configure_mappers()
    outbox.warm_up()
    db.session.get(Letter, -1, options=letters.load_options())
    db.session.get(Letter, -1, options=[undefer(Letter.content)])
    for name in app.jinja_env.list_templates(filter_func=lambda n: n.startswith(("emails/", "letters/"))):
        app.jinja_env.get_template(name)
    for language in app.config.get("LANGUAGES", ("nb",)):
        with force_locale(language):
            get_translations()
    db.session.remove()
    db.engine.dispose()
    # Keep the collector of each forked horse away from the keeper's objects: walking them
    # would write to (and so copy) every page the horse shares with its keeper.
    gc.collect()
    gc.freeze()


def horse_killed(job, retpid: int, ret_val: int, rusage) -> None:
    """The horse running ``job`` died (killed, out of memory): give back what it held now
    rather than when the leases run out. RQ retries the job's own entry; entries it had
    started in the same process (a letter's mail) go back to RQ here."""
    dead = f"{socket.gethostname()}:{retpid}"[:128]
    own = queues.entry_id_of(job.id) if job is not None else None
    why = f"the worker process {retpid} died in the middle of the job ({ret_val})"
    try:
        for entry_id in outbox.claims_of(dead):
            released = outbox.release(entry_id, why, final=entry_id == own and not job.retries_left,
                                      claimed_by=dead)
            if released and entry_id != own:
                outbox.enqueue(entry_id)
    except Exception:  # the relay will find them when their leases run out
        log.exception("could not give back the claims of work horse %s", retpid)
    finally:
        db.session.remove()
        db.engine.dispose()  # the next horse must not inherit this connection
