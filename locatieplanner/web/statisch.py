"""Static files compressed once per worker instead of on every request.

Flask-Compress compresses each answer it sends; for the static files (the map page's 19 ES
modules, its style sheets and Leaflet) that is the same work on every visit. With
:func:`stel_in` Flask-Compress keeps the compressed body of a static file per encoding in
:class:`Gecomprimeerd`, under the file's name, modification time and size: a file changed on
disk is compressed again, and every other answer (the API, pages) is compressed as before and
never kept. Headers stay Flask-Compress's own (``Content-Encoding``, ``Vary: Accept-Encoding``,
the ETag with the encoding appended, 304 on ``If-None-Match``). :func:`comprimeer_vooraf`
fills the cache for every compressible static file (at worker start, see
:mod:`.voorverwarmen`).
"""

from __future__ import annotations

import mimetypes
import os
import threading
from pathlib import Path
from typing import Any

from flask import Flask, Request, current_app
from werkzeug.security import safe_join

__all__ = ["Gecomprimeerd", "comprimeer_vooraf", "sleutel", "stel_in"]

#: The key of an answer that is not a static file: never kept.
_NIET_BEWAARD = "-"


class Gecomprimeerd:
    """Compressed static files (thread-safe): per encoding and file only the newest version,
    so the cache holds at most one body per file and encoding."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], tuple[str, bytes]] = {}
        self._slot = threading.Lock()

    def __len__(self) -> int:
        with self._slot:
            return len(self._items)

    @staticmethod
    def _delen(sleutel: str) -> tuple[tuple[str, str], str] | None:
        # Flask-Compress asks for "<encoding>;<key of sleutel()>"
        codering, _, rest = sleutel.partition(";")
        if rest == _NIET_BEWAARD:
            return None
        naam, _, stempel = rest.partition("\0")
        return (codering, naam), stempel

    def get(self, sleutel: str) -> bytes | None:
        delen = self._delen(sleutel)
        if delen is None:
            return None
        plek, stempel = delen
        with self._slot:
            bewaard = self._items.get(plek)
        return bewaard[1] if bewaard is not None and bewaard[0] == stempel else None

    def set(self, sleutel: str, waarde: bytes) -> None:
        delen = self._delen(sleutel)
        if delen is not None:
            plek, stempel = delen
            with self._slot:
                self._items[plek] = (stempel, waarde)


def sleutel(request: Request) -> str:
    """The key of this request's answer for Flask-Compress's cache: a static file's name, its
    modification time and size; ``-`` (not kept) for every other answer."""
    naam = (request.view_args or {}).get("filename") if request.endpoint == "static" else None
    pad = safe_join(str(current_app.static_folder), naam) if naam else None
    if pad is None:
        return _NIET_BEWAARD
    try:
        info = os.stat(pad)
    except OSError:
        return _NIET_BEWAARD
    return f"{naam}\0{info.st_mtime_ns}:{info.st_size}"


def stel_in(app: Flask) -> None:
    """Let Flask-Compress keep the compressed static files (call before ``Compress(app)``)."""
    app.config.setdefault("COMPRESS_CACHE_BACKEND", Gecomprimeerd)
    app.config.setdefault("COMPRESS_CACHE_KEY", sleutel)


def comprimeer_vooraf(app: Flask) -> int:
    """Compress every static file Flask-Compress would compress, in each of its encodings,
    into its cache; the number of bodies made (0 when the app keeps none)."""
    compressie = app.extensions.get("compress")
    if compressie is None or compressie.cache is None or not app.static_folder:
        return 0
    soorten = set(app.config["COMPRESS_MIMETYPES"])
    minimum = app.config["COMPRESS_MIN_SIZE"]
    map_ = Path(app.static_folder)
    gemaakt = 0
    for pad in sorted(map_.rglob("*")):
        soort = mimetypes.guess_type(pad.name)[0]
        if not pad.is_file() or soort not in soorten or pad.stat().st_size < minimum:
            continue
        naam = pad.relative_to(map_).as_posix()
        for codering in compressie.enabled_algorithms:
            gemaakt += _comprimeer_een(app, compressie, naam, codering)
    return gemaakt


def _comprimeer_een(app: Flask, compressie: Any, naam: str, codering: str) -> int:
    """Send static file ``naam`` to a request accepting only ``codering`` (nothing else of the
    app runs: no request hooks, no log line); 1 when its body was compressed."""
    url = app.static_url_path + "/" + naam
    with app.test_request_context(url, headers={"Accept-Encoding": codering}):
        antwoord = compressie.after_request(app.send_static_file(naam))
        antwoord.close()
        return int(antwoord.headers.get("Content-Encoding") == codering)
