"""A small per-process cache of results derived from the analysis (the analysis itself, the
dashboard built from it) for the pages that show it.

A result is kept under a key made of the database, :meth:`Store.cacheversie` (it changes with
every committed write, also with concurrent writers on PostgreSQL, so the next request after a
write computes anew), the
caller's authorization scope (role, municipalities, corporation: two callers with different
rights never share an entry) and whatever the caller adds (the page's settings). The cache is
bounded (least recently used entries go first) and lives in one worker process; results are
shared between threads and must not be changed by their users.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from ..domein.rechten import Account
from ..store import Store

__all__ = ["Analysecache", "bereik", "sleutel"]

T = TypeVar("T")

#: Entries kept per process when the app does not set ``ANALYSECACHE_GROOTTE``.
STANDAARD_GROOTTE = 4


def bereik(account: Account | None) -> tuple[Any, ...]:
    """The part of an account that decides what it may see: role, municipalities, corporation."""
    if account is None:
        return ("anoniem",)
    return (account.rol, tuple(sorted(account.gemeenten)), account.corporatie)


def sleutel(store: Store, *rest: Hashable) -> tuple[Hashable, ...]:
    """The key of a result of ``store`` for its account: database, data version, scope, ``rest``."""
    return (store.url, store.cacheversie(), bereik(store.account), *rest)


class Analysecache:
    """At most ``grootte`` results, the least recently used dropped first; thread-safe.

    Two requests that miss the same key at once each compute (no request waits for another);
    the last one stored wins, both results being equal."""

    def __init__(self, grootte: int = STANDAARD_GROOTTE) -> None:
        if grootte < 0:
            raise ValueError("grootte moet 0 of meer zijn")
        self.grootte = grootte
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
        waarde = maak()
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
