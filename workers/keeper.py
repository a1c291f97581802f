"""The keeper and its work horse.

``python -m workers`` builds and warms up the app once, then forks a work horse: a
child that runs the RQ worker, job after job, without forking again for each job.
The keeper only waits. When the horse dies in the middle of a job (killed, out of
memory) the keeper gives back the outbox entries it held, hands its job back to RQ
(which retries it if it has retries left) and forks a new horse. SIGTERM and SIGINT
are passed on to the horse, which finishes its job and stops; then the keeper stops.
"""
import ctypes
import logging
import os
import signal
import time
from collections.abc import Callable
from contextlib import suppress

from redis.exceptions import RedisError
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.utils import now

from potten.core import queues
from potten.extensions import db
from workers.worker import PottenWorker, horse_killed

log = logging.getLogger("workers")
QUICK_DEATH = 10  # seconds: a horse that dies sooner is started again after a growing pause


def keep(run: Callable[[], None], name: str) -> None:
    """Run ``run()`` in a forked work horse, and a new horse after each unexpected death,
    until the horse ends normally or a signal asks the keeper to stop."""
    horse, stopping = 0, []

    def pass_on(signum, frame):
        stopping.append(signum)
        if horse:
            with suppress(ProcessLookupError):
                os.kill(horse, signum)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, pass_on)
    pause = 1.0
    while not stopping:
        began = time.monotonic()
        keeper, horse = os.getpid(), os.fork()
        if horse == 0:
            _be_the_horse(run, keeper)
        if stopping:  # the signal came before the horse had a pid to be passed on to
            pass_on(stopping[-1], None)
        _, status = os.waitpid(horse, 0)
        dead, horse = horse, 0  # reaped: its pid may be reused, so no signal may go to it now
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
            return
        recover(name, dead, status)
        if time.monotonic() - began < QUICK_DEATH and not stopping:
            time.sleep(pause)
            pause = min(pause * 2, 30)
        else:
            pause = 1.0


def _be_the_horse(run: Callable[[], None], keeper: int) -> None:
    os.setpgrp()  # its scheduler process joins its group, so the keeper can stop both
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)
    _stop_with(keeper)
    db.engine.dispose(close=False)  # connections are sockets: never use the keeper's
    code = 1
    try:
        run()
        code = 0
    except BaseException:
        log.exception("the work horse failed")
    finally:
        logging.shutdown()
        os._exit(code)


def _stop_with(keeper: int) -> None:
    """Have the kernel send this horse SIGTERM (a warm shutdown) when its keeper dies, so
    that no horse works on unseen after its keeper was killed (Linux; elsewhere a no-op)."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != keeper:  # it died before that
        os.kill(os.getpid(), signal.SIGTERM)


def recover(name: str, pid: int, status: int) -> None:
    """Horse ``pid`` (RQ worker ``name``) died: stop its scheduler, give back what it held,
    and have RQ retry, or fail, the job it was running."""
    with suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)  # its scheduler: it gives up its locks and stops
    why = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit code {os.WEXITSTATUS(status)}"
    worker = PottenWorker([queues.queue(n) for n in queues.QUEUE_NAMES], connection=queues.connection(), name=name)
    job, ours = None, False
    try:
        registered = PottenWorker.find_by_key(worker.key, connection=worker.connection)
        ours = registered is not None and registered.pid == pid  # not a live horse of the same name
        job_id = worker.get_current_job_id() if ours else None
        job = Job.fetch(job_id, connection=worker.connection) if job_id else None
        if job is not None and job.get_status() in (JobStatus.FINISHED, JobStatus.FAILED):
            job = None
    except (RedisError, NoSuchJobError) as exc:  # RQ's clean-up of abandoned jobs and the relay will get to it
        log.warning("work horse %s died (%s); its job is not known: %s", pid, why, exc)
    log.warning("work horse %s terminated unexpectedly (%s)%s", pid, why, f" during job {job.id}" if job else "")
    horse_killed(job, pid, status, None)
    if job is not None:
        try:
            worker.execution = next((e for e in job.get_executions() if e.worker_name == name), None)
            job.ended_at = now()
            worker.handle_job_failure(job, Queue(job.origin, connection=worker.connection),
                                      exc_string=f"Work-horse terminated unexpectedly ({why})")
        except RedisError as exc:
            log.warning("could not hand job %s back to RQ: %s", job.id, exc)
    if ours:
        with suppress(RedisError):
            worker.register_death()
    deadline = time.monotonic() + 5
    with suppress(ProcessLookupError):
        while time.monotonic() < deadline:  # let the scheduler give up its locks for the next horse
            os.killpg(pid, 0)
            time.sleep(0.1)
