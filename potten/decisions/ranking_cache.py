"""Computed rankings kept in each process, with their table rows as HTML once rendered.

Always right without any message between processes: the key holds the focus area's
``ranking_version`` as the request's transaction reads it, and the database gives the area a new
random version with every change that can alter the ranking, in the change's own transaction
(triggers: ``potten.decisions.ranking_version``). A change committed by anyone makes new keys; entries
under the old ones are never read again and fall out as the least recently used. A version is never
repeated, so a transaction rolled back, or a database restored from a backup, cannot bring back a
key whose entry does not match the data.

The size is counted in rows (``RANKING_CACHE_ROWS``; 0 turns the cache off), because a ranking with
every row (the exports, ``page=all``) weighs twenty pages of 100.
"""
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from flask import current_app


@dataclass(frozen=True, slots=True)
class Entry:
    """One computed ranking, shared by the requests that hit it: read only."""

    rows: tuple
    total: int
    hidden: int
    undeclared: int
    remaining: int
    html: dict = field(default_factory=dict)  # (locale, link base) -> the table's rows as Markup

    @property
    def weight(self) -> int:
        return max(1, len(self.rows))


class Cache:
    """A least-recently-used map of ``Entry`` holding at most ``limit`` rows in all."""

    def __init__(self, limit: int):
        self.limit, self.rows = limit, 0
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()  # threaded servers share it between requests

    def get(self, key) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, entry: Entry) -> None:
        if entry.weight > self.limit:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self.rows += entry.weight - (old.weight if old is not None else 0)
            self._entries[key] = entry
            while self.rows > self.limit:
                _, gone = self._entries.popitem(last=False)
                self.rows -= gone.weight

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.rows = 0


def usable() -> Cache | None:
    """The app's cache, or None when it is off."""
    limit = current_app.config.get("RANKING_CACHE_ROWS", 0)
    if not limit:
        return None
    cache = current_app.extensions.get("ranking_cache")
    if cache is None or cache.limit != limit:
        cache = current_app.extensions["ranking_cache"] = Cache(limit)
    return cache


def clear(app) -> None:
    """Forget every ranking: for a database emptied or restored under a running app (tests)."""
    cache = app.extensions.get("ranking_cache")
    if cache is not None:
        cache.clear()
