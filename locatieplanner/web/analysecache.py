"""A small per-process cache of results derived from the analysis (the analysis itself, the
dashboard built from it) for the pages that show it, optionally backed by a folder that the
worker processes share (:class:`Gedeeld`): one process computes a result, the others read it.

A result is kept under a key made of the database, :meth:`Store.cacheversie` (it changes with
every committed write, also with concurrent writers on PostgreSQL, so the next request after a
write computes anew), the
caller's authorization scope (role, municipalities, corporation: two callers with different
rights never share an entry) and whatever the caller adds (the page's settings). The cache is
bounded (least recently used entries go first) and lives in one worker process; results are
shared between threads and must not be changed by their users.

With a shared folder a result missing from the process is read from the folder (pickled,
zlib-compressed, one file per key), or, when no process has it yet, computed under a lock on
the folder (``fcntl.flock``: released by the system when its holder dies), so that processes and
threads that miss together wait for one computation instead of each running their own; the
folder keeps the newest :data:`STANDAARD_BESTANDEN` results. Its files are read with
:mod:`pickle`: the folder belongs in the instance folder, as private as its secret key.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import pickle
import tempfile
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ..domein.rechten import Account, Actie, mag
from ..store import Store

__all__ = ["Analysecache", "Gedeeld", "bereik", "leessleutel"]

LOGGER = logging.getLogger(__name__)

T = TypeVar("T")

#: Entries kept per process when the app does not set ``ANALYSECACHE_GROOTTE``.
STANDAARD_GROOTTE = 4
#: Results a shared folder keeps (the newest written).
STANDAARD_BESTANDEN = 8
#: First bytes of a file of the shared folder (the format: version 1, pickle + zlib).
_KOP = b"LPAC1"


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
    """A folder of results shared by the processes of one server (see the module)."""

    def __init__(self, map_: str | os.PathLike[str], bestanden: int = STANDAARD_BESTANDEN) -> None:
        if bestanden < 1:
            raise ValueError("bestanden moet 1 of meer zijn")
        self.map = Path(map_)
        self.bestanden = bestanden

    def _pad(self, sleutel_: Hashable) -> Path:
        return self.map / (hashlib.sha256(repr(sleutel_).encode()).hexdigest()[:40] + ".cache")

    @contextlib.contextmanager
    def _slot(self) -> Iterator[None]:
        """The folder's lock (one computation at a time over the server's processes)."""
        self.map.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.map / "slot", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock

    def lees(self, sleutel_: Hashable) -> tuple[bool, Any]:
        """``(True, result)`` when the folder has the result of ``sleutel_``, else ``(False, None)``
        (also when its file is damaged or of another format: it is then computed anew)."""
        try:
            data = self._pad(sleutel_).read_bytes()
        except FileNotFoundError:
            return False, None
        if not data.startswith(_KOP):
            return False, None
        try:
            return True, pickle.loads(zlib.decompress(data[len(_KOP) :]))  # noqa: S301 - own files
        except Exception:  # noqa: BLE001 - a damaged file is a miss
            LOGGER.warning("analysecache: onleesbaar bestand %s genegeerd", self._pad(sleutel_))
            return False, None

    def schrijf(self, sleutel_: Hashable, waarde: Any) -> None:
        """Keep ``waarde`` under ``sleutel_`` (whole or not at all), dropping the oldest files
        beyond :attr:`bestanden`."""
        data = _KOP + zlib.compress(pickle.dumps(waarde, protocol=pickle.HIGHEST_PROTOCOL), 1)
        fd, tijdelijk = tempfile.mkstemp(dir=self.map, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tijdelijk, self._pad(sleutel_))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tijdelijk)
            raise
        oud = sorted(self.map.glob("*.cache"), key=lambda p: p.stat().st_mtime, reverse=True)
        for pad in oud[self.bestanden :]:
            with contextlib.suppress(OSError):
                pad.unlink()

    def geef(self, sleutel_: Hashable, maak: Callable[[], T]) -> T:
        """The result under ``sleutel_`` from the folder, else made with ``maak()`` under the
        folder's lock (unless another process wrote it meanwhile) and written."""
        gevonden, waarde = self.lees(sleutel_)
        if gevonden:
            return waarde
        with self._slot():
            gevonden, waarde = self.lees(sleutel_)
            if gevonden:
                return waarde
            waarde = maak()
            self.schrijf(sleutel_, waarde)
            return waarde


class Analysecache:
    """At most ``grootte`` results, the least recently used dropped first; thread-safe.

    Without ``gedeeld``, two requests that miss the same key at once each compute (no request
    waits for another); the last one stored wins, both results being equal. With a
    :class:`Gedeeld` folder a miss reads the folder, and computations wait for each other."""

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
