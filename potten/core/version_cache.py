"""Finished derived data (export files, rendered lists, computed figures) kept under the version the
database holds for what it is built from (``potten.core.versions``), so that it is built once per
change instead of once per request, and is never stale: a committed change makes a new version and
so new keys; entries under the old ones are never read again.

Kept in Redis when ``REDIS_URL`` is set (many processes on many machines share one copy; each entry
expires after ``VERSION_CACHE_SECONDS``, as old versions are never asked for again), otherwise in each
process, the least recently used dropped beyond ``VERSION_CACHE_BYTES`` (0 turns the cache off). A
Redis that does not answer costs a build, never an error.
"""
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from flask import current_app
from redis.exceptions import RedisError

from potten.core import queues, versions
from potten.core.i18n import current_locale

log = logging.getLogger(__name__)
PREFIX = "potten:version-cache"
T = TypeVar("T")
DECODED = 64  # decoded values kept in each process (fetch_kept)


class Memory:
    """A least-recently-used map holding at most ``limit`` in all, each value weighing ``weight(value)``
    (bytes, by default)."""

    def __init__(self, limit: int, weight: Callable[[object], int] = len):
        self.limit, self.size, self.weight = limit, 0, weight
        self._entries: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()  # threaded servers share it between requests

    def get(self, key: str):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: str, value) -> None:
        if self.weight(value) > self.limit:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self.size += self.weight(value) - (self.weight(old) if old is not None else 0)
            self._entries[key] = value
            while self.size > self.limit:
                _, gone = self._entries.popitem(last=False)
                self.size -= self.weight(gone)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0


class Shared:
    """Redis, for every process: entries expire after ``seconds``."""

    def __init__(self, seconds: int):
        self.seconds = seconds

    def get(self, key: str) -> bytes | None:
        try:
            return queues.connection().get(key)
        except RedisError as error:
            log.warning("version cache: Redis did not answer (%s)", error)
            return None

    def put(self, key: str, value: bytes) -> None:
        try:
            queues.connection().set(key, value, ex=self.seconds)
        except RedisError as error:
            log.warning("version cache: Redis did not answer (%s)", error)


def store() -> Memory | Shared | None:
    """Where this app keeps finished data, or None when the cache is off."""
    limit = current_app.config.get("VERSION_CACHE_BYTES", 0)
    if not limit:
        return None
    if queues.enabled():
        return Shared(current_app.config.get("VERSION_CACHE_SECONDS", 3600))
    memory = current_app.extensions.get("version_cache")
    if memory is None or memory.limit != limit:
        memory = current_app.extensions["version_cache"] = Memory(limit)
    return memory


def fetch(name: str, key: tuple, build: Callable[[], bytes]) -> bytes:
    """What ``build`` gives for ``key`` (in the request's language) under the current version of ``name``:
    built now only if no process has built it under this version yet (or this transaction has changed
    something)."""
    return _fetch(name, key, build)[0]


def fetch_kept(name: str, key: tuple, build: Callable[[], bytes], decode: Callable[[bytes], T]) -> T:
    """``decode(fetch(name, key, build))``, the decoded value kept in this process under the same key (the
    ``DECODED`` latest): while the version stands, a page that shows it neither fetches it from Redis
    nor decodes it again (the finance desk's lists and figures: about 100 kB of JSON). The version is still
    read from the database on every request, so no process shows an old value. The value is shared by the
    requests that follow: ``decode`` must give something nobody changes."""
    version = versions.current(name)
    if version is None or store() is None:
        return decode(build())
    full = _key(name, version, key)
    kept = current_app.extensions.get("version_cache_decoded")
    if kept is None:
        kept = current_app.extensions["version_cache_decoded"] = Memory(DECODED, weight=lambda value: 1)
    found = kept.get(full)
    if found is None:
        found = decode(_fetch(name, key, build, version)[0])
        kept.put(full, found)
    return found


def _key(name: str, version: str, key: tuple) -> str:
    locale = current_locale()
    return ":".join((PREFIX, name, version, locale.language if locale is not None else "", *map(str, key)))


def _fetch(name: str, key: tuple, build: Callable[[], bytes], version: str | None = None):
    """The value and its key in the store (None when nothing is kept)."""
    version = version or versions.current(name)
    where = store() if version is not None else None
    if where is None:
        return build(), None
    full = _key(name, version, key)
    value = where.get(full)
    if value is None:
        value = build()
        where.put(full, value)
    return value, full
