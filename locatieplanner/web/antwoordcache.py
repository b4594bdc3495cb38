"""The map's read-only answers kept per process, keyed by the data version.

The planner's first view asks the same few things of every visitor: the municipalities, the
removals, the cases and the view of the region. Each is built once per data version
(``Store.dataversie()``, the newest audit-log id, read from the database at each use, so that
several workers and servers on one database stay correct; see ARCHITECTURE.md) and query, and
kept as the encoded body: a repeated request costs one small query and a copy of the bytes.
Every answer carries a strong ETag of the same key; a request that names it is answered 304.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Response, current_app, request

__all__ = ["Antwoordcache", "bekend", "gecachet"]

#: Headers of a built answer that a kept copy carries too.
_KOPPEN = ("Content-Crs",)


def bekend(etag: str) -> str | None:
    """The If-None-Match value that names ``etag`` (also with the coding suffix flask-compress
    adds to the ETag of a compressed answer, ``"...:br"``), or None."""
    for waarde in request.if_none_match.as_set():
        if waarde.split(":", 1)[0] == etag:
            return waarde
    return None


def niet_gewijzigd(etag: str) -> Response | None:
    """A 304 answer when the request names ``etag`` (If-None-Match), else None."""
    waarde = bekend(etag)
    if waarde is None:
        return None
    antwoord = current_app.response_class(status=304)
    antwoord.headers["ETag"] = f'"{waarde}"'
    antwoord.headers["Cache-Control"] = "private, no-cache"
    return antwoord


@dataclass(frozen=True)
class _Bewaard:
    body: bytes
    status: int
    mimetype: str
    koppen: tuple[tuple[str, str], ...]


class Antwoordcache:
    """Encoded answers by key, least recently used first out when over ``max_bytes``."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._bewaard: OrderedDict[str, _Bewaard] = OrderedDict()
        self._bytes = 0
        self._slot = threading.Lock()

    def __len__(self) -> int:
        return len(self._bewaard)

    def leeg(self) -> None:
        with self._slot:
            self._bewaard.clear()
            self._bytes = 0

    def _haal(self, sleutel: str) -> _Bewaard | None:
        with self._slot:
            bewaard = self._bewaard.get(sleutel)
            if bewaard is not None:
                self._bewaard.move_to_end(sleutel)
            return bewaard

    def _zet(self, sleutel: str, bewaard: _Bewaard) -> None:
        if len(bewaard.body) > self.max_bytes // 4:
            return  # one answer may not push out all others
        with self._slot:
            oud = self._bewaard.pop(sleutel, None)
            if oud is not None:
                self._bytes -= len(oud.body)
            self._bewaard[sleutel] = bewaard
            self._bytes += len(bewaard.body)
            while self._bytes > self.max_bytes:
                _, weg = self._bewaard.popitem(last=False)
                self._bytes -= len(weg.body)

    def antwoord(self, sleutel: str, maak: Callable[[], Response]) -> Response:
        """The answer kept under ``sleutel``, or ``maak()`` kept (only a 200) and returned."""
        bewaard = self._haal(sleutel)
        if bewaard is None:
            nieuw = maak()
            if nieuw.status_code != 200 or nieuw.direct_passthrough or nieuw.is_streamed:
                return nieuw
            bewaard = _Bewaard(
                nieuw.get_data(),
                nieuw.status_code,
                nieuw.mimetype or "application/json",
                tuple((k, nieuw.headers[k]) for k in _KOPPEN if k in nieuw.headers),
            )
            self._zet(sleutel, bewaard)
        antwoord = current_app.response_class(
            bewaard.body, status=bewaard.status, mimetype=bewaard.mimetype
        )
        for naam, waarde in bewaard.koppen:
            antwoord.headers[naam] = waarde
        return antwoord


#: The one cache of this process (a few MB: municipalities, removals, cases, recent views).
CACHE = Antwoordcache(48 * 1024 * 1024)


def sleutel(store: Any, naam: str, vraag: Any, versie: int | None = None) -> str:
    """The key (and strong ETag) of answer ``naam`` to ``vraag`` (a query model or None) of
    ``store`` at data version ``versie`` (read now when None)."""
    if versie is None:
        versie = store.dataversie()
    velden = sorted((k, repr(w)) for k, w in vars(vraag).items() if w is not None) if vraag else []
    # the links in an answer start with the app's path (behind a proxy: its prefix)
    tekst = repr((store.url, versie, request.script_root, naam, velden))
    return naam[:2] + "-" + hashlib.sha256(tekst.encode()).hexdigest()[:32]


def gecachet(store: Any, naam: str, vraag: Any, maak: Callable[[], Response]) -> Response:
    """Answer ``naam`` to ``vraag``: 304 when the request names its ETag, else the kept answer
    (built by ``maak`` once per data version and query), with its ETag."""
    etag = sleutel(store, naam, vraag)
    antwoord = niet_gewijzigd(etag)
    if antwoord is None:
        antwoord = CACHE.antwoord(etag, maak)
        if antwoord.status_code == 200:
            antwoord.set_etag(etag)
            antwoord.headers["Cache-Control"] = "private, no-cache"
    return antwoord
