"""Warming a fresh worker in the background, so the planner's first view does not wait for it.

A worker that has just started has compressed no static file and computed nothing: the first
visit of the map pays for the compression of its modules, style sheets and Leaflet, and for the
totals of all sites (``GET /api/v1/locaties?limit=1``: every site's id and the DAEB count, the
largest request of the first view). :func:`start` does that work once, in a daemon thread, right
after the worker has built its app; ``GET /gereed`` does not wait for it.

Nothing can become stale: the static files are kept under their modification time and size
(:mod:`.statisch`), and the totals are made by the operation itself (dispatched inside the app,
without the request hooks), so they are kept under the same data version as a request's
(:meth:`Store.cacheversie`): after a write, or when the version moved on before the first visit,
the visit simply computes them as without warming.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from flask import Flask, request

from .statisch import comprimeer_vooraf

__all__ = ["EERSTE_BEELD", "start", "verwarm"]

_log = logging.getLogger("locatieplanner.voorverwarmen")

#: The read-only operations of the first view that do not depend on the map's size, as
#: (endpoint, query): the totals of all sites that ``filters.js`` asks for without filters.
EERSTE_BEELD = (("api.locaties_zoeken", {"limit": 1}),)
#: At most this long (seconds) a request of :data:`EERSTE_BEELD` waits for the warming in
#: progress; then it computes its answer itself.
WACHTTIJD = 10.0


def verwarm(app: Flask) -> dict[str, Any]:
    """Compress the static files and compute the first view's :data:`EERSTE_BEELD` answers;
    what was done (counts and CPU seconds). A failure is logged, never raised: warming only
    saves time."""
    cpu = time.process_time()
    uit: dict[str, Any] = {"statisch": 0, "antwoorden": 0}
    try:
        uit["statisch"] = comprimeer_vooraf(app)
        for endpoint, query in EERSTE_BEELD:
            uit["antwoorden"] += _vraag(app, endpoint, query)
    except Exception:  # noqa: BLE001 - a worker serves the same without warming
        _log.exception("voorverwarmen mislukt")
    uit["cpu_s"] = round(time.process_time() - cpu, 3)
    return uit


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
    request for one of :data:`EERSTE_BEELD` that arrives while the warming runs waits for it
    (at most :data:`WACHTTIJD`) instead of computing the same on the same cores."""
    klaar = threading.Event()
    eindpunten = {endpoint for endpoint, _ in EERSTE_BEELD}

    @app.before_request
    def _wacht_op_verwarmen() -> None:
        if request.endpoint in eindpunten and not klaar.is_set():
            klaar.wait(WACHTTIJD)

    def werk() -> None:
        try:
            gedaan = verwarm(app)
            _log.info("voorverwarmd", extra={"velden": gedaan})
        finally:
            klaar.set()

    draad = threading.Thread(target=werk, name="voorverwarmen", daemon=True)
    draad.start()
    return draad
