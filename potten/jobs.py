"""The registry of jobs: importing it registers every outbox job and mail hook, so web and worker
processes know them all. It lists potten modules only: the web package never depends on workers."""
from potten.core import mail
from potten.letters import jobs as letters

__all__ = ["letters", "mail"]
