"""Imports every module that registers outbox jobs or periodic tasks, so web and worker processes know them all."""
from potten.accounts import cleanup  # noqa: F401  (a periodic task on the maintenance queue)
from potten.core import mail  # noqa: F401
from workers import letters  # noqa: F401
