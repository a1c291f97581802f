"""Imported by a worker started with ``--import tests.workers.held_letter_job``: the letter
job, held before it runs. It writes ``started-<pid>`` into the folder named by
``POTTEN_TEST_HOLD_FOLDER`` and waits (at most a minute) for a file ``release`` there, so
a test can kill the work horse in the middle of the job. Then the real job runs."""
import functools
import os
import time
from pathlib import Path

from potten.core import outbox

real = outbox.JOBS["build_letter"]


@functools.wraps(real)
def held(**payload):
    folder = Path(os.environ["POTTEN_TEST_HOLD_FOLDER"])
    (folder / f"started-{os.getpid()}").touch()
    deadline = time.monotonic() + 60
    while not (folder / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return real(**payload)


outbox.JOBS["build_letter"] = held
