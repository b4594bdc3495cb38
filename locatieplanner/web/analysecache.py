"""A small per-process cache of results derived from the analysis (the analysis itself, the
dashboard built from it) for the pages that show it, optionally backed by a store that the
worker processes share (:class:`Gedeeld`): one process computes a result, the others read it.

A result is kept under a key made of the database, :meth:`Store.cacheversie` (it changes with
every committed write, also with concurrent writers on PostgreSQL, so the next request after a
write computes anew), the
caller's authorization scope (role, municipalities, corporation: two callers with different
rights never share an entry) and whatever the caller adds (the page's settings). The cache is
bounded (least recently used entries go first) and lives in one worker process; results are
shared between threads and must not be changed by their users.

With a shared store (``diskcache``, SQLite in WAL mode in a folder: safe for processes and
threads) a result missing from the process is read from it (pickled, zlib-compressed, under a
hash of its key), or, when no process has it yet, computed under the store's lock (an entry
added atomically that expires should its holder die), so that processes and threads that miss
together wait for one computation instead of each running their own; the store keeps the newest
results within its size (:data:`STANDAARD_MB`). Its values are read with :mod:`pickle`: the
folder belongs in the instance folder, as private as its secret key.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import sqlite3
import threading
import time
import uuid
import zlib
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable
from pathlib import Path
from typing import Any, TypeVar

import diskcache

from ..domein.rechten import Account, Actie, mag
from ..store import Store

__all__ = [
    "SCHIJFFOUTEN",
    "Analysecache",
    "Gedeeld",
    "bereik",
    "leessleutel",
    "open_schijfcache",
]

LOGGER = logging.getLogger(__name__)

T = TypeVar("T")

#: Entries kept per process when the app does not set ``ANALYSECACHE_GROOTTE``.
STANDAARD_GROOTTE = 4
#: Megabytes a shared store keeps when the app does not set ``ANALYSECACHE_MAP_MB`` (the newest
#: results within it; at 100,000 sites one setting takes about 0.7 MB).
STANDAARD_MB = 64
#: First bytes of a value of the shared store (the format: version 1, pickle + zlib).
_KOP = b"LPAC1"
#: Key of the shared store's lock (one computation at a time over the server's processes).
_SLOT = "slot"
#: Seconds the lock is held at most (then its holder is taken for dead, and a waiter computes).
HOUDTIJD = 300.0
#: Seconds between two looks of a waiter at the store (the result, the lock).
_POLL = 0.05
#: Seconds a store operation waits for SQLite's lock before it gives up (and computes).
_TIMEOUT = 5
#: What a shared store may raise: a folder that cannot be made or read, a full disk, busy too
#: long.
SCHIJFFOUTEN: tuple[type[BaseException], ...] = (OSError, sqlite3.Error, diskcache.Timeout)
_FOUTEN = SCHIJFFOUTEN


def open_schijfcache(
    map_: str | os.PathLike[str], budget: int, timeout: float, cull_limit: int = 10
) -> diskcache.Cache:
    """A ``diskcache`` store in ``map_`` shared by the worker processes of one server, for the
    answer cache and the analyses alike: within ``budget`` bytes, the oldest stored dropped
    first (a hit only reads: no write per hit, as least-recently-used would need), ``cull_limit``
    entries at most dropped per write, a write waiting at most ``timeout`` seconds for the
    store's lock; SQLite's page cache and memory map kept small, so values are read through the
    system's file cache, not held in each worker's memory."""
    return diskcache.Cache(
        str(map_),
        timeout=timeout,
        size_limit=budget,
        eviction_policy="least-recently-stored",
        cull_limit=cull_limit,
        sqlite_cache_size=256,
        sqlite_mmap_size=0,
    )


def bereik(account: Account | None) -> tuple[Any, ...]:
    """The part of an account that decides what it may see: role, municipalities, corporation."""
    if account is None:
        return ("anoniem",)
    return (account.rol, tuple(sorted(account.gemeenten)), account.corporatie)


def leessleutel(store: Store, gemeenten: Collection[str], *rest: Hashable) -> tuple[Hashable, ...]:
    """The key of a result made only of what ``store``'s account reads of the municipalities
    ``gemeenten`` (the region's): database, data version, read scope, ``rest``. Accounts that
    may read all of them (:func:`..domein.rechten.mag`, today every active account) share one
    read scope, and so one result; any other account has its own (:func:`bereik`)."""
    account = store.account
    lezer = account is not None and mag(account, Actie.LEZEN, gemeenten=gemeenten)
    return (store.url, store.cacheversie(), ("leest alles",) if lezer else bereik(account), *rest)


class Gedeeld:
    """Results shared by the worker processes of one server (see the module): a ``diskcache``
    store in the folder ``map_`` within ``mb`` megabytes, the oldest stored dropped first.

    The store is opened on first use, in the process that uses it (after the fork). Whatever it
    raises (a folder that cannot be made, read or written, a store busy longer than its timeout)
    is logged and turns into computing without it: sharing only saves time."""

    def __init__(self, map_: str | os.PathLike[str], mb: float = STANDAARD_MB) -> None:
        if mb <= 0:
            raise ValueError("mb moet groter dan 0 zijn")
        self.map = Path(map_)
        self.mb = mb
        self._cache: Any = None
        self._open = threading.Lock()

    def _store(self) -> Any:
        """The ``diskcache`` store (opened once per process; raises what opening raises)."""
        with self._open:
            if self._cache is None:
                # private: its values are read with pickle
                self.map.mkdir(mode=0o700, parents=True, exist_ok=True)
                # beyond the size the oldest goes at each write (not the ten oldest at once:
                # the store holds a few large results, the newest must stay)
                self._cache = open_schijfcache(
                    self.map, int(self.mb * 1024 * 1024), _TIMEOUT, cull_limit=1
                )
            return self._cache

    def lees(self, sleutel_: Hashable) -> tuple[bool, Any]:
        """``(True, result)`` when the store has the result of ``sleutel_``, else ``(False, None)``
        (also when it is damaged or the store cannot be read: it is then computed anew)."""
        try:
            data = self._store().get(_tekst(sleutel_))
        except _FOUTEN as fout:
            LOGGER.warning("analysecache: map %s niet leesbaar: %s", self.map, fout)
            return False, None
        if not isinstance(data, bytes) or not data.startswith(_KOP):
            return False, None
        try:
            return True, pickle.loads(zlib.decompress(data[len(_KOP) :]))  # noqa: S301 - own store
        except Exception:  # noqa: BLE001 - a damaged value is a miss
            LOGGER.warning("analysecache: onleesbare waarde in %s genegeerd", self.map)
            return False, None

    def schrijf(self, sleutel_: Hashable, waarde: Any) -> bool:
        """Keep ``waarde`` under ``sleutel_`` (whole or not at all); False when the store cannot
        be written now (the result is then only this process')."""
        data = _KOP + zlib.compress(pickle.dumps(waarde, protocol=pickle.HIGHEST_PROTOCOL), 1)
        try:
            return bool(self._store().set(_tekst(sleutel_), data))
        except _FOUTEN as fout:
            LOGGER.warning("analysecache: map %s niet beschrijfbaar: %s", self.map, fout)
            return False

    def _neem_slot(self, eigen: str) -> bool:
        """Whether this caller now holds the store's lock (an entry added atomically, expiring
        after :data:`HOUDTIJD` should its holder die)."""
        return bool(self._store().add(_SLOT, eigen, expire=HOUDTIJD, retry=True))

    def _geef_slot_vrij(self, eigen: str) -> None:
        cache = self._store()
        with cache.transact(retry=True):
            if cache.get(_SLOT) == eigen:  # not when it expired and another took it
                cache.delete(_SLOT, retry=True)

    def geef(self, sleutel_: Hashable, maak: Callable[[], T]) -> T:
        """The result under ``sleutel_`` from the store, else made with ``maak()`` under the
        store's lock and written: a caller that finds the lock taken waits until the result
        appears or the lock is free (at most :data:`HOUDTIJD`), then computes itself only when
        the result is still missing."""
        gevonden, waarde = self.lees(sleutel_)
        if gevonden:
            return waarde
        eigen = f"{os.getpid()}:{threading.get_ident()}:{uuid.uuid4().hex}"
        try:
            grens = time.monotonic() + HOUDTIJD
            while not (slot := self._neem_slot(eigen)) and time.monotonic() < grens:
                time.sleep(_POLL)
                gevonden, waarde = self.lees(sleutel_)
                if gevonden:
                    return waarde
        except _FOUTEN as fout:
            LOGGER.warning("analysecache: map %s niet te gebruiken: %s", self.map, fout)
            return maak()
        try:
            gevonden, waarde = self.lees(sleutel_)  # written while this caller waited
            if not gevonden:
                waarde = maak()
                self.schrijf(sleutel_, waarde)
            return waarde
        finally:
            if slot:
                with contextlib.suppress(*_FOUTEN):
                    self._geef_slot_vrij(eigen)


def _tekst(sleutel_: Hashable) -> str:
    """The store's key of ``sleutel_``: a hash of its exact text (which holds the database's
    URL, not to be written down)."""
    return hashlib.sha256(repr(sleutel_).encode()).hexdigest()


class Analysecache:
    """At most ``grootte`` results, the least recently used dropped first; thread-safe.

    Without ``gedeeld``, two requests that miss the same key at once each compute (no request
    waits for another); the last one stored wins, both results being equal. With a
    :class:`Gedeeld` store a miss reads the store, and computations wait for each other."""

    def __init__(self, grootte: int = STANDAARD_GROOTTE, gedeeld: Gedeeld | None = None) -> None:
        if grootte < 0:
            raise ValueError("grootte moet 0 of meer zijn")
        self.grootte = grootte
        self.gedeeld = gedeeld
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._slot = threading.Lock()
        self.treffers = 0
        self.missers = 0

    def __len__(self) -> int:
        with self._slot:
            return len(self._items)

    def geef(self, sleutel_: Hashable, maak: Callable[[], T]) -> T:
        """The result under ``sleutel_``, made with ``maak()`` (and kept) when it is absent."""
        with self._slot:
            if sleutel_ in self._items:
                self._items.move_to_end(sleutel_)
                self.treffers += 1
                return self._items[sleutel_]
            self.missers += 1
        waarde = maak() if self.gedeeld is None else self.gedeeld.geef(sleutel_, maak)
        if self.grootte:
            with self._slot:
                self._items[sleutel_] = waarde
                self._items.move_to_end(sleutel_)
                while len(self._items) > self.grootte:
                    self._items.popitem(last=False)
        return waarde

    def leeg(self) -> None:
        with self._slot:
            self._items.clear()
