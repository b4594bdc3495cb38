"""Warming a fresh worker: one thread that does, in order, the steps of :func:`stappen`.

A worker that has just started has compressed no static file and computed nothing: the first
visit of the map pays for the compression of its modules, style sheets and Leaflet, for the
aggregated view of the whole region (``GET /api/v1/kaartbeeld`` at the first view's zoom) and for
the totals of all sites (``GET /api/v1/locaties?limit=1``: every site's id and the DAEB count, the
largest request of the first view), and the distribution page for its analysis. :func:`start`
does that work once, in one daemon thread, right after the worker has built its app, in the
order the first view asks for it: the totals, the region's view at the first view's zoom (with
the transformation of a view's box to RD and the box of all sites), the map page's templates,
the static files (about 0.1 s of CPU), then the distribution page's analysis
(:func:`.spreiding.bereken_vooraf`, unless ``ANALYSE_VOORAF`` is false).

Each step (:class:`Stap`) says whether ``GET /gereed`` waits for it (the analysis: at most
``ANALYSE_VOORAF_WACHT`` seconds from the start, then the worker serves anyway) and which
endpoints' requests wait while it runs (at most :data:`WACHTTIJD`; the totals, the view: they
would compute the same). :func:`bezig` is the one place ``/gereed`` asks whether the steps it
waits for are done. A failing step is logged and the next one runs: warming only saves time.

Nothing can become stale: the static files are kept under their modification time and size
(:mod:`.statisch`), the whole region's cells (:func:`.api_kaartbeeld.alle_cellen`), the totals
and the analysis under the data version (:meth:`Store.cacheversie`; the totals are made by the
operation itself, dispatched inside the app without the request hooks, so they are kept as a
request's): after a write the visit simply computes them as without warming.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import Flask, request

from ..weergave import kaartlaag
from . import get_store
from .api_kaartbeeld import vooraf
from .schemas_kaartbeeld import ZOOM_MAX
from .spreiding import STANDAARD_VOORAF_WACHT, bereken_vooraf
from .statisch import comprimeer_vooraf

__all__ = [
    "EERSTE_BEELD",
    "SJABLONEN",
    "Stap",
    "Voortgang",
    "bezig",
    "eerste_zoom",
    "start",
    "stappen",
    "verwarm",
]

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
#: The templates of the map page (``/``): compiled ahead (a few tens of ms of CPU each).
SJABLONEN = ("kaart.html", "basis.html")
#: Key of a worker's :class:`Voortgang` in ``app.extensions``.
_EXTENSIE = "locatieplanner.voorverwarmen"


@dataclass(frozen=True)
class Stap:
    """One step of the warming: its name (its field in :func:`verwarm`'s result), the work
    (given the app; its result is that field), the seconds ``GET /gereed`` waits for it at most
    (0: ``/gereed`` does not wait) and the endpoints whose requests wait while it runs."""

    naam: str
    doe: Callable[[Flask], Any]
    gereed_wacht: float = 0.0
    eindpunten: tuple[str, ...] = ()


class Voortgang:
    """Which steps of the warming (by the endpoint whose work they do, or by their name) have
    begun and ended, and until when ``/gereed`` waits for those it must wait for."""

    def __init__(self) -> None:
        self._begonnen: dict[str, threading.Event] = {}
        self._klaar: dict[str, threading.Event] = {}
        #: (step's end, monotonic deadline) of each step ``/gereed`` waits for
        self._gereed: list[tuple[threading.Event, float]] = []

    def _paar(self, endpoint: str) -> tuple[threading.Event, threading.Event]:
        return (
            self._begonnen.setdefault(endpoint, threading.Event()),
            self._klaar.setdefault(endpoint, threading.Event()),
        )

    @contextmanager
    def stap(self, *endpoints: str) -> Iterator[None]:
        paren = [self._paar(endpoint) for endpoint in endpoints]
        for begonnen, _ in paren:
            begonnen.set()
        try:
            yield
        finally:
            for _, klaar in paren:
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

    def gereed_wacht_op(self, naam: str, seconden: float) -> None:
        """``/gereed`` waits for step ``naam`` to end, at most ``seconden`` from now."""
        _, klaar = self._paar(naam)
        self._gereed.append((klaar, time.monotonic() + seconden))

    def bezig(self) -> bool:
        """Whether a step ``/gereed`` waits for has not ended and its deadline has not passed."""
        nu = time.monotonic()
        return any(not klaar.is_set() and nu < grens for klaar, grens in self._gereed)


def bezig(app: Flask) -> bool:
    """Whether this worker still warms a step ``GET /gereed`` waits for (:func:`start`)."""
    voortgang = app.extensions.get(_EXTENSIE)
    return voortgang is not None and voortgang.bezig()


def _totalen(app: Flask) -> int:
    """The operations of :data:`EERSTE_BEELD` answered (how many answered 200)."""
    return sum(_vraag(app, endpoint, query) for endpoint, query in EERSTE_BEELD)


def _regiobeeld(app: Flask) -> list[int]:
    """The whole region's view at the first view's zoom (the zooms computed)."""
    with app.app_context():
        store = get_store()
        zoom = eerste_zoom(kaartlaag.kaartgrenzen(store.gemeenten(alleen_regio=True)))
        if zoom is not None and vooraf(store, zoom, dict.fromkeys(FILTERS)) is not None:
            return [zoom]
    return []


def _sjablonen(app: Flask) -> int:
    """The map page's templates (:data:`SJABLONEN`) compiled (else its first visit does it);
    how many."""
    for naam in SJABLONEN:
        app.jinja_env.get_template(naam)
    return len(SJABLONEN)


def stappen(app: Flask) -> list[Stap]:
    """The warming's steps for ``app``, in order (see the module)."""
    uit = [
        Stap("antwoorden", _totalen, eindpunten=tuple(e for e, _ in EERSTE_BEELD)),
        Stap("zooms", _regiobeeld, eindpunten=("api.kaartbeeld",)),
        Stap("sjablonen", _sjablonen, eindpunten=("kaart.index",)),
    ]
    uit.append(Stap("statisch", comprimeer_vooraf))  # about 0.1 s: before the analysis
    if app.config.get("ANALYSE_VOORAF", True):
        wacht = float(app.config.get("ANALYSE_VOORAF_WACHT", STANDAARD_VOORAF_WACHT))
        uit.append(Stap("analyse", bereken_vooraf, gereed_wacht=wacht))
    return uit


def verwarm(
    app: Flask, voortgang: Voortgang | None = None, stappen_: list[Stap] | None = None
) -> dict[str, Any]:
    """Do the steps (by default :func:`stappen`) in order; what each gave (under its name) and
    the CPU seconds. A failing step is logged, never raised, and the next one runs."""
    voortgang = voortgang or Voortgang()
    cpu = time.process_time()
    uit: dict[str, Any] = {}
    for stap in stappen(app) if stappen_ is None else stappen_:
        with voortgang.stap(stap.naam, *stap.eindpunten):
            try:
                uit[stap.naam] = stap.doe(app)
            except Exception:  # noqa: BLE001 - a worker serves the same without warming
                _log.exception("voorverwarmen mislukt: %s", stap.naam)
                uit[stap.naam] = None
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


def start(app: Flask, stappen_: list[Stap] | None = None) -> threading.Thread:
    """:func:`verwarm` in one daemon thread (a worker's start is not held up); logs
    ``voorverwarmd`` with what was done. Call before the app serves its first request: from
    now on ``GET /gereed`` waits for the steps it must wait for (:func:`bezig`), and a request
    whose work a step is computing at that moment waits for it (at most :data:`WACHTTIJD`)
    instead of computing the same on the same cores."""
    lijst = stappen(app) if stappen_ is None else stappen_
    voortgang = Voortgang()
    for stap in lijst:
        voortgang.eindpunten(*stap.eindpunten)
        if stap.gereed_wacht > 0:
            voortgang.gereed_wacht_op(stap.naam, stap.gereed_wacht)
    app.extensions[_EXTENSIE] = voortgang

    @app.before_request
    def _wacht_op_verwarmen() -> None:
        voortgang.wacht(request.endpoint)

    def werk() -> None:
        gedaan = verwarm(app, voortgang, lijst)
        _log.info("voorverwarmd", extra={"velden": gedaan})

    draad = threading.Thread(target=werk, name="voorverwarmen", daemon=True)
    draad.start()
    return draad
