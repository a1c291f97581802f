"""Imports every module that registers outbox jobs, so web and worker processes know them all."""
from potten.core import mail  # noqa: F401
from potten.letters import jobs  # noqa: F401
