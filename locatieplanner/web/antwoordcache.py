"""A cache of the answers of read-only GET operations, per worker process, correct by
construction.

An answer is kept under a key of everything it depends on:

- the store's cache version (:meth:`Store.cacheversie`): it changes with every committed write
  of the plan data and with nothing else (on PostgreSQL a counter raised in commit order,
  migration 0011), and it is read *before* the answer is made, so an answer is never kept
  under a version older than its data;
- the caller's authorization scope (role, municipalities, corporation; anonymous is a scope of
  its own): two roles never share an entry;
- the path and the query as Flask parsed it (in the order given: the answer's links repeat
  it);
- the ``Accept-Encoding`` header: the body is kept as sent, compressed by Flask-Compress once,
  so a hit costs no compression.

Under the production server the workers share one cache (:class:`GedeeldeAntwoordcache`, a
``diskcache`` SQLite store in a private temporary folder that the server makes at start and
removes at exit, :func:`deel_tussen_werkprocessen`): an answer is made once per server, not
once per worker, and no worker holds the answers in its own heap. An app on its own (tests,
the development server) keeps them in its memory (:class:`Antwoordcache`, an LRU); there
:func:`itemteksten` also keeps the encoded text of each item (a site's Feature) under the same
version, so overlapping queries encode a site once.

An answer not kept yet is computed once (:class:`Eenmalig`): requests that miss the same key
together wait for the one computing it (in one process by an event per key; across the
server's workers by a lock entry in the shared store, :meth:`GedeeldeAntwoordcache.wacht_op_ander`),
each wait bounded (:data:`WACHTTIJD`), and a computation that fails or whose answer is not kept
lets its waiters compute their own. A worker computes at most ``ANTWOORDCACHE_MISSERS`` answers
at the same time (default :data:`STANDAARD_MISSERS`): its other threads stay free for the kept
answers, which would otherwise wait behind the computations for the interpreter's lock.

Both have a byte budget (the setting ``ANTWOORDCACHE_MB``, default :data:`STANDAARD_MB`; 0
switches the cache off): an answer larger than a quarter of the budget is not kept. Every kept
answer has a strong ETag derived from its key; ``If-None-Match`` with it gives 304 without
reading anything but the version. Several app servers on one database stay correct without
talking to each other, since the key holds the database's version.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import tempfile
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Flask, Response, current_app, g, request

from ..errors import ConfiguratieFout
from .analysecache import SCHIJFFOUTEN, bereik, open_schijfcache

__all__ = [
    "CACHE_CONTROL",
    "Antwoordcache",
    "Bewaard",
    "Eenmalig",
    "GedeeldeAntwoordcache",
    "STANDAARD_MB",
    "STANDAARD_MISSERS",
    "WACHTTIJD",
    "antwoordcache",
    "antwoordsleutel",
    "deel_tussen_werkprocessen",
    "etag_van",
    "gecachet",
    "init_antwoordcache",
    "itemteksten",
]

#: The default budget (MB) of the cache a server's workers share (of an app on its own: its
#: memory cache).
STANDAARD_MB = 64
#: The default number of answers one worker process computes at the same time.
STANDAARD_MISSERS = 1
#: Seconds a request waits at most for another request computing the same answer (or for a
#: free place to compute); then it computes its own.
WACHTTIJD = 30.0
#: Seconds between two looks at the shared store of a request waiting for another worker.
_POLL = 0.005
_log = logging.getLogger("locatieplanner.antwoordcache")

#: Key of the cache in ``app.extensions``.
_EXTENSIE = "locatieplanner.antwoordcache"
#: Key of the app's :class:`Eenmalig` in ``app.extensions``.
_EENMALIG = "locatieplanner.antwoordcache.eenmalig"
#: A kept answer is the caller's own (private) and asked again each time (no-cache), with its
#: ETag: an unchanged one costs a 304.
CACHE_CONTROL = "private, no-cache"
#: Headers of a made answer that are not kept (set again on every answer by the app).
_NIET_BEWAARD = frozenset({"etag", "set-cookie"})


@dataclass(frozen=True)
class Bewaard:
    """One kept answer: the body as sent (bytes; the text of an item of :func:`itemteksten`)
    and the headers the operation and the compression gave it."""

    body: Any
    koppen: tuple[tuple[str, str], ...]
    etag: str

    @property
    def grootte(self) -> int:
        """Bytes it takes, roughly (body and headers)."""
        return len(self.body) + sum(len(k) + len(w) for k, w in self.koppen) + 200


class Antwoordcache:
    """LRU of :class:`Bewaard` answers within ``budget`` bytes (thread-safe)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.gebruikt = 0
        self._items: OrderedDict[Any, Bewaard] = OrderedDict()
        self._slot = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def haal(self, sleutel: Any) -> Bewaard | None:
        """The answer kept under ``sleutel`` (now the most recently used), or None."""
        with self._slot:
            bewaard = self._items.get(sleutel)
            if bewaard is not None:
                self._items.move_to_end(sleutel)
            return bewaard

    def zet(self, sleutel: Any, bewaard: Bewaard) -> bool:
        """Keep ``bewaard`` (dropping the least recently used beyond the budget); False when it
        is larger than a quarter of the budget (it is then not kept)."""
        grootte = bewaard.grootte
        if grootte > self.budget // 4:
            return False
        with self._slot:
            oud = self._items.pop(sleutel, None)
            if oud is not None:
                self.gebruikt -= oud.grootte
            self._items[sleutel] = bewaard
            self.gebruikt += grootte
            while self.gebruikt > self.budget:
                _, weg = self._items.popitem(last=False)
                self.gebruikt -= weg.grootte
        return True

    def leeg(self) -> None:
        """Forget everything."""
        with self._slot:
            self._items.clear()
            self.gebruikt = 0


class GedeeldeAntwoordcache:
    """:class:`Bewaard` answers within ``budget`` bytes in the folder ``map``, shared by the
    worker processes of one server (``diskcache``: SQLite in WAL mode, safe for processes and
    threads). Entries are dropped oldest-stored first beyond the budget: a hit then only reads
    (no write per hit, as least-recently-used would need), and a key holds the data version,
    so old versions are the first to go. SQLite's page cache and memory map are kept small: the
    answers are read through the system's file cache, not kept in each worker's memory."""

    def __init__(self, map: str, budget: int) -> None:
        self.budget = budget
        #: what the store may raise: busy longer than its timeout, a full disk, a removed folder
        self._fouten = SCHIJFFOUTEN
        # a write that waits longer than 1 s for the store's lock is dropped (the answer is sent)
        self._cache = open_schijfcache(map, budget, timeout=1)

    def __len__(self) -> int:
        return len(self._cache)

    def sleutels(self) -> list[str]:
        """The texts of the keys kept (for inspection)."""
        return [str(sleutel) for sleutel in self._cache.iterkeys()]

    @property
    def gebruikt(self) -> int:
        """Bytes the kept answers take (as ``diskcache`` counts them)."""
        return int(self._cache.volume())

    def haal(self, sleutel: Any) -> Bewaard | None:
        """The answer kept under ``sleutel``, or None (also when the store cannot be read: the
        answer is then made, never refused)."""
        try:
            bewaard = self._cache.get(repr(sleutel))
        except self._fouten as fout:
            _log.warning("antwoordcache niet leesbaar: %s", fout)
            return None
        return None if bewaard is None else Bewaard(*pickle.loads(bewaard))

    def zet(self, sleutel: Any, bewaard: Bewaard) -> bool:
        """Keep ``bewaard``; False when it is larger than a quarter of the budget, or when the
        store cannot be written now (it is then only sent)."""
        if bewaard.grootte > self.budget // 4:
            return False
        # one bytes value (kept as is by diskcache), the key as its exact text
        waarde = pickle.dumps((bewaard.body, bewaard.koppen, bewaard.etag), protocol=5)
        try:
            return bool(self._cache.set(repr(sleutel), waarde))
        except self._fouten as fout:
            _log.warning("antwoordcache niet beschrijfbaar: %s", fout)
            return False

    def leeg(self) -> None:
        """Forget everything."""
        self._cache.clear()

    def wacht_op_ander(
        self, sleutel: Any, wachttijd: float = WACHTTIJD
    ) -> tuple[Bewaard | None, Callable[[], None] | None]:
        """Claim the computation of the answer under ``sleutel`` for this worker (a lock entry
        added atomically, expiring after ``wachttijd`` should its holder die). When another
        worker holds it, wait (at most ``wachttijd``) until its answer is kept (returned) or its
        lock is gone. Returns ``(answer or None, release)``: with no answer the caller computes,
        then calls ``release`` (None when it holds no lock: the store could not be used, or
        the wait ran out)."""
        slot = "bezig:" + repr(sleutel)
        eigen = f"{os.getpid()}:{threading.get_ident()}:{uuid.uuid4().hex}"
        grens = time.monotonic() + wachttijd
        try:
            while not self._cache.add(slot, eigen, expire=wachttijd):
                # only reads while the lock is held (a write per look would hold up the
                # holder's own write of its answer)
                while True:
                    if time.monotonic() >= grens:
                        return None, None
                    time.sleep(_POLL)
                    bewaard = self.haal(sleutel)
                    if bewaard is not None:
                        return bewaard, None
                    if self._cache.get(slot) is None:
                        break  # given back or expired: try to take it
        except self._fouten as fout:
            _log.warning("antwoordcache niet te gebruiken: %s", fout)
            return None, None

        def vrij() -> None:
            try:
                with self._cache.transact():
                    if self._cache.get(slot) == eigen:  # not when it expired and another took it
                        self._cache.delete(slot)
            except self._fouten as fout:  # it then expires
                _log.warning("antwoordcache: slot niet vrijgegeven: %s", fout)

        # kept while this worker waited for the lock (the holder finished just now)
        return self.haal(sleutel), vrij


class _Lopend:
    """A computation in progress in this process: its end, and its kept answer (None: it
    failed or gave an answer that is not kept)."""

    __slots__ = ("bewaard", "klaar", "wachtenden")

    def __init__(self) -> None:
        self.klaar = threading.Event()
        self.bewaard: Bewaard | None = None
        self.wachtenden = 0


class Eenmalig:
    """The computations of answers in one process: per key one at a time (the others wait for
    it, :meth:`bereken`), and at most ``gelijktijdig`` at the same time (0: no limit)."""

    def __init__(self, gelijktijdig: int, wachttijd: float = WACHTTIJD) -> None:
        self.wachttijd = wachttijd
        self._slot = threading.Lock()
        self._lopend: dict[Any, _Lopend] = {}
        self._ruimte = threading.BoundedSemaphore(gelijktijdig) if gelijktijdig else None

    def lopend(self) -> int:
        """Keys being computed now."""
        with self._slot:
            return len(self._lopend)

    def wachtenden(self, sleutel: Any) -> int:
        """Requests of this process waiting now for the computation of ``sleutel``."""
        with self._slot:
            lopend = self._lopend.get(sleutel)
            return 0 if lopend is None else lopend.wachtenden

    def bereken(
        self,
        sleutel: Any,
        maak: Callable[[], Any],
        cache: Antwoordcache | GedeeldeAntwoordcache | None,
    ) -> tuple[Any, str]:
        """The answer under ``sleutel``: another request's that computed it meanwhile, or
        ``maak()`` (a :class:`Bewaard` when the answer is kept, else what ``maak`` gives, e.g.
        an error answer). Returns ``(answer, how)``, how being ``"berekend"`` or ``"gewacht"``."""
        with self._slot:
            lopend = self._lopend.get(sleutel)
            eigen = lopend is None
            if eigen:
                lopend = self._lopend[sleutel] = _Lopend()
            else:
                lopend.wachtenden += 1
        assert lopend is not None
        if not eigen:
            # another thread of this process computes it: wait for its answer
            klaar = lopend.klaar.wait(self.wachttijd)
            if klaar and lopend.bewaard is not None:
                return lopend.bewaard, "gewacht"
            return self._maak(maak), "berekend"
        vrij = None
        try:
            if isinstance(cache, GedeeldeAntwoordcache):
                bewaard, vrij = cache.wacht_op_ander(sleutel, self.wachttijd)
                if bewaard is not None:
                    lopend.bewaard = bewaard
                    return bewaard, "gewacht"
            uitkomst = self._maak(maak)
            if isinstance(uitkomst, Bewaard):
                lopend.bewaard = uitkomst
            return uitkomst, "berekend"
        finally:
            with self._slot:
                del self._lopend[sleutel]
            lopend.klaar.set()
            if vrij is not None:
                vrij()

    def _maak(self, maak: Callable[[], Any]) -> Any:
        """``maak()`` once a place to compute is free (or the wait ran out)."""
        if self._ruimte is None:
            return maak()
        genomen = self._ruimte.acquire(timeout=self.wachttijd)
        try:
            return maak()
        finally:
            if genomen:
                self._ruimte.release()


#: The folder of the cache the worker processes of this server share (set in the server's
#: main process before the workers are forked; None: each app keeps its own in memory).
_GEDEELDE_MAP: str | None = None


def deel_tussen_werkprocessen() -> Callable[[], None]:
    """Let the apps built after this call (the server's workers, after the fork) share one
    answer cache in a new private temporary folder (mode 0700: answers are per role); returns
    the function that removes that folder (at the server's exit)."""
    global _GEDEELDE_MAP
    map = tempfile.mkdtemp(prefix="locatieplanner-antwoorden-")
    _GEDEELDE_MAP = map

    def opruimen() -> None:
        shutil.rmtree(map, ignore_errors=True)

    return opruimen


def _budget(app: Flask) -> int:
    waarde = app.config.get("ANTWOORDCACHE_MB", STANDAARD_MB)
    if isinstance(waarde, bool) or not isinstance(waarde, int | float) or not 0 <= waarde <= 65536:
        raise ConfiguratieFout(
            f"De instelling ANTWOORDCACHE_MB is {waarde!r}; toegestaan is een getal van 0 tot en "
            "met 65536: het geheugen in MB dat de server voor antwoorden bewaart (0: geen cache)"
        )
    return int(waarde * 1024 * 1024)


def _missers(app: Flask) -> int:
    waarde = app.config.get("ANTWOORDCACHE_MISSERS", STANDAARD_MISSERS)
    if isinstance(waarde, bool) or not isinstance(waarde, int) or not 0 <= waarde <= 64:
        raise ConfiguratieFout(
            f"De instelling ANTWOORDCACHE_MISSERS is {waarde!r}; toegestaan is een geheel getal "
            "van 0 tot en met 64: de antwoorden die een werkproces tegelijk berekent (0: geen "
            "grens)"
        )
    return waarde


def init_antwoordcache(app: Flask) -> None:
    """Give ``app`` its answer cache (the one the server's workers share, or one of its own)
    and its computations (:class:`Eenmalig`)."""
    app.extensions[_EENMALIG] = Eenmalig(_missers(app))
    budget = _budget(app)
    if not budget:
        app.extensions[_EXTENSIE] = None
    elif _GEDEELDE_MAP is not None:
        app.extensions[_EXTENSIE] = GedeeldeAntwoordcache(_GEDEELDE_MAP, budget)
    else:
        app.extensions[_EXTENSIE] = Antwoordcache(budget)


def antwoordcache(app: Flask | None = None) -> Antwoordcache | GedeeldeAntwoordcache | None:
    """The answer cache of ``app`` (default: the current app); None when switched off."""
    return (app or current_app).extensions.get(_EXTENSIE)


def antwoordsleutel(
    versie: Any, scope: tuple[Any, ...], pad: str, args: tuple[Any, ...], codering: str
) -> tuple[Any, ...]:
    """The key of a kept answer: the data version (read before the data), the caller's scope
    (:func:`.analysecache.bereik`), the path, the query's items as Werkzeug parses them (in the
    order given) and the ``Accept-Encoding`` header. Flask's path (:func:`gecachet`) and the
    fast path in front of it (:mod:`.snelpad`) both key by this."""
    return (
        versie,
        scope,
        pad,
        args,
        ",".join(deel.strip() for deel in codering.lower().split(",")),
    )


def etag_van(sleutel: tuple[Any, ...]) -> str:
    """The strong ETag (without quotes) of the answer kept under ``sleutel``."""
    return hashlib.blake2b(repr(sleutel).encode("utf-8"), digest_size=12).hexdigest()


def _comprimeer(antwoord: Response) -> Response:
    """``antwoord`` as Flask-Compress sends it to this request (once, before it is kept)."""
    compressie = current_app.extensions.get("compress")
    if compressie is None:
        return antwoord
    return compressie.after_request(antwoord)


def gecachet(functie: Callable[..., Response]) -> Callable[..., Response]:
    """Keep the 200 answers of the read-only GET operation ``functie`` in the answer cache
    (put it under :func:`.openapi.operatie`): a hit is sent as kept, with its ETag, and
    ``If-None-Match`` naming it gives 304. With the cache switched off the answers still carry
    the ETag (and give 304); they are only not kept."""

    @wraps(functie)
    def bediend(v: Any, *args: Any, **kwargs: Any) -> Response:
        if request.method != "GET":
            return functie(v, *args, **kwargs)
        cache = antwoordcache()
        # the version first: an answer is never kept under a version older than its data
        g._lp_cacheversie = versie = v.store.cacheversie()
        sleutel = antwoordsleutel(
            versie,
            bereik(g.get("account")),
            request.path,
            tuple(request.args.items(multi=True)),
            request.headers.get("Accept-Encoding", ""),
        )
        etag = etag_van(sleutel)
        if request.if_none_match.contains(etag):
            antwoord = current_app.response_class(status=304)
            antwoord.set_etag(etag)
            antwoord.headers["Cache-Control"] = CACHE_CONTROL
            return antwoord
        bewaard = cache.haal(sleutel) if cache is not None else None
        if bewaard is None:

            def maak() -> Bewaard | Response:
                antwoord = _comprimeer(functie(v, *args, **kwargs))
                if antwoord.status_code != 200 or antwoord.is_streamed:
                    return antwoord
                gemaakt = Bewaard(
                    antwoord.get_data(),
                    tuple(
                        (k, w)
                        for k, w in antwoord.headers.items()
                        if k.lower() not in _NIET_BEWAARD
                    ),
                    etag,
                )
                if cache is not None:
                    cache.zet(sleutel, gemaakt)
                return gemaakt

            eenmalig = current_app.extensions.get(_EENMALIG)
            if cache is None or eenmalig is None:
                uitkomst, g._lp_antwoord = maak(), "berekend"
            else:
                uitkomst, g._lp_antwoord = eenmalig.bereken(sleutel, maak, cache)
            if not isinstance(uitkomst, Bewaard):
                return uitkomst
            bewaard = uitkomst
        else:
            g._lp_antwoord = "bewaard"
        antwoord = current_app.response_class(bewaard.body, status=200)
        antwoord.headers.clear()
        antwoord.headers.extend(bewaard.koppen)
        antwoord.set_etag(bewaard.etag)
        antwoord.headers["Cache-Control"] = CACHE_CONTROL
        return antwoord

    bediend._lp_gecachet = True  # type: ignore[attr-defined]
    return bediend


def itemteksten(
    soort: Any, ids: Sequence[int], maak: Callable[[list[int]], dict[int, str]]
) -> list[str]:
    """The texts of the items ``ids`` of kind ``soort`` (in the order of ``ids``), kept in the
    answer cache under the version this request read before its data (see :func:`gecachet`);
    ``maak`` makes those not kept (id -> text; an id it leaves out does not exist any more and
    is left out). Items do not depend on the caller: every role reads every site. Only an app's
    own memory cache keeps them (in the shared one each would cost a write)."""
    cache = antwoordcache()
    versie = g.get("_lp_cacheversie")
    if not isinstance(cache, Antwoordcache) or versie is None:
        gemaakt = maak(list(ids))
        return [gemaakt[i] for i in ids if i in gemaakt]
    teksten: dict[int, str] = {}
    for i in ids:
        bewaard = cache.haal((versie, soort, i))
        if bewaard is not None:
            teksten[i] = bewaard.body
    ontbrekend = [i for i in ids if i not in teksten]
    if ontbrekend:
        for i, tekst in maak(ontbrekend).items():
            teksten[i] = tekst
            cache.zet((versie, soort, i), Bewaard(tekst, (), ""))
    return [teksten[i] for i in ids if i in teksten]
