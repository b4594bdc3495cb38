"""Warming a fresh worker in the background, so the planner's first view does not wait for it.

A worker that has just started has compressed no static file and computed nothing: the first
visit of the map pays for the compression of its modules, style sheets and Leaflet, for the
aggregated view of the whole region (``GET /api/v1/kaartbeeld`` at the first view's zoom) and for
the totals of all sites (``GET /api/v1/locaties?limit=1``: every site's id and the DAEB count, the
largest request of the first view). :func:`start` does that work once, in a daemon thread, right
after the worker has built its app, in the order the first view asks for it (the totals, the
region's view at the first view's zoom, then the static files); ``GET /gereed`` does not wait
for it, a request for the totals or the view that arrives while that step runs does (it would
compute the same).

Nothing can become stale: the static files are kept under their modification time and size
(:mod:`.statisch`), the whole region's cells (:func:`.api_kaartbeeld.alle_cellen`) and the totals
under the data version (:meth:`Store.cacheversie`; the totals are made by the operation itself,
dispatched inside the app without the request hooks, so they are kept as a request's): after a
write the visit simply computes them as without warming.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, request

from ..weergave import kaartlaag
from . import get_store
from .api_kaartbeeld import alle_cellen
from .schemas_kaartbeeld import ZOOM_MAX
from .statisch import comprimeer_vooraf

__all__ = ["EERSTE_BEELD", "Voortgang", "eerste_zoom", "start", "verwarm"]

#: The filters of the map (none chosen in the first view).
FILTERS = ("gemeente", "corporatie", "hardheid", "status", "oplevering_van", "oplevering_tot")

_log = logging.getLogger("locatieplanner.voorverwarmen")

#: The read-only operations of the first view that do not depend on the map's size, as
#: (endpoint, query): the totals of all sites that ``filters.js`` asks for without filters.
EERSTE_BEELD = (("api.locaties_zoeken", {"limit": 1}),)
#: At most this long (seconds) a request waits for the warming step that computes its work.
WACHTTIJD = 10.0
#: The map's size the first view's zoom is computed for (pixels; the map next to the side bar
#: on a 1280 x 800 screen).
KAARTMAAT = (900, 700)


class Voortgang:
    """Which steps of the warming (by the endpoint whose work they do) have begun and ended."""

    def __init__(self) -> None:
        self._begonnen: dict[str, threading.Event] = {}
        self._klaar: dict[str, threading.Event] = {}

    def _paar(self, endpoint: str) -> tuple[threading.Event, threading.Event]:
        return (
            self._begonnen.setdefault(endpoint, threading.Event()),
            self._klaar.setdefault(endpoint, threading.Event()),
        )

    @contextmanager
    def stap(self, endpoint: str) -> Iterator[None]:
        begonnen, klaar = self._paar(endpoint)
        begonnen.set()
        try:
            yield
        finally:
            klaar.set()

    def wacht(self, endpoint: str | None) -> None:
        """Wait (at most :data:`WACHTTIJD`) while the step of ``endpoint`` runs; not when it
        has not begun (the request computes, and the step then finds it kept) or has ended."""
        if endpoint in self._begonnen and self._begonnen[endpoint].is_set():
            self._klaar[endpoint].wait(WACHTTIJD)

    def eindpunten(self, *namen: str) -> None:
        """Declare the steps before the warming starts (so a request can ask about them)."""
        for naam in namen:
            self._paar(naam)


def verwarm(app: Flask, voortgang: Voortgang | None = None) -> dict[str, Any]:
    """Compute the first view's work in the order it asks for it: the totals of
    :data:`EERSTE_BEELD`, the whole region's view at the first view's zoom, then every static
    file compressed. What was done (counts and CPU seconds); a failure is logged, never raised:
    warming only saves time."""
    voortgang = voortgang or Voortgang()
    cpu = time.process_time()
    uit: dict[str, Any] = {"antwoorden": 0, "zooms": [], "statisch": 0}
    try:
        for endpoint, query in EERSTE_BEELD:
            with voortgang.stap(endpoint):
                uit["antwoorden"] += _vraag(app, endpoint, query)
        with voortgang.stap("api.kaartbeeld"), app.app_context():
            store = get_store()
            zoom = eerste_zoom(kaartlaag.kaartgrenzen(store.gemeenten(alleen_regio=True)))
            if zoom is not None and alle_cellen(store, zoom, dict.fromkeys(FILTERS)) is not None:
                uit["zooms"].append(zoom)
        uit["statisch"] = comprimeer_vooraf(app)
    except Exception:  # noqa: BLE001 - a worker serves the same without warming
        _log.exception("voorverwarmen mislukt")
    uit["cpu_s"] = round(time.process_time() - cpu, 3)
    return uit


def eerste_zoom(grenzen: tuple[float, float, float, float] | None) -> int | None:
    """The zoom Leaflet's ``fitBounds`` gives the lon/lat box ``grenzen`` (west, south, east,
    north; ``pasKaartAan`` in kaart.js) on a map of :data:`KAARTMAAT`; None without a box."""
    if grenzen is None:
        return None
    west, zuid, oost, noord = grenzen

    def y(lat: float) -> float:  # web mercator, in units of the world's width
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)

    breedte = max((oost - west) / 360, 1e-9) * 256
    hoogte = max(y(noord) - y(zuid), 1e-9) * 256
    schaal = min((KAARTMAAT[0] - 20) / breedte, (KAARTMAAT[1] - 20) / hoogte)
    return max(0, min(ZOOM_MAX, math.floor(math.log2(schaal))))


def _vraag(app: Flask, endpoint: str, query: dict[str, Any]) -> int:
    """Run ``endpoint``'s view for ``query`` inside the app (as a request without an account
    would, but without the request hooks: nothing is sent or logged); 1 when it answered 200."""
    with app.test_request_context():
        from flask import url_for

        url = url_for(endpoint, **query)
    with app.test_request_context(url, headers={"Accept-Encoding": "br, gzip"}):
        antwoord = app.view_functions[endpoint]()
        return int(antwoord.status_code == 200)


def start(app: Flask) -> threading.Thread:
    """:func:`verwarm` in a daemon thread (a worker's start is not held up); logs
    ``voorverwarmd`` with what was done. Call before the app serves its first request: a
    request whose work a step is computing at that moment waits for it (at most
    :data:`WACHTTIJD`) instead of computing the same on the same cores."""
    voortgang = Voortgang()
    voortgang.eindpunten(*(endpoint for endpoint, _ in EERSTE_BEELD), "api.kaartbeeld")

    @app.before_request
    def _wacht_op_verwarmen() -> None:
        voortgang.wacht(request.endpoint)

    def werk() -> None:
        gedaan = verwarm(app, voortgang)
        _log.info("voorverwarmd", extra={"velden": gedaan})

    draad = threading.Thread(target=werk, name="voorverwarmen", daemon=True)
    draad.start()
    return draad
