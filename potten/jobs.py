"""The registry of jobs: importing it registers every outbox job and mail hook, so web and worker
processes know them all. It lists potten modules only: the web package never depends on workers."""
from potten.core import mail

# TODO(letters): the letter job moves into potten/letters (branch ``letters``); once it is on main,
# import it from there and drop this import of the worker package.
from workers import letters

__all__ = ["letters", "mail"]
