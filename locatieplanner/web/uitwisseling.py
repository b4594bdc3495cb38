"""Web pages for exchange with municipal GIS: export downloads and the upload page for imports."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from werkzeug.utils import secure_filename

from ..errors import BestandFout
from ..uitwisseling.bestanden import EXTENSIES, Limieten
from ..uitwisseling.exporteer import FORMATEN, exporteer_download
from ..uitwisseling.importeer import (
    ImportAfgekeurd,
    ImportRapport,
    importeer_biedingen,
    importeer_locaties,
    importeer_onttrekkingen,
)
from . import get_store
from .fouten import TeVeelTegelijk
from .toegang import regel

__all__ = ["bp"]

bp = Blueprint("uitwisseling", __name__)

#: The pages have no script at all; styles (the shared basis.html has an inline style block)
#: and form posts only from this app.
_CSP = (
    "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@bp.after_request
def _beveiligingskoppen(antwoord: Response) -> Response:
    if antwoord.mimetype == "text/html":
        antwoord.headers["Content-Security-Policy"] = _CSP
    antwoord.headers["X-Content-Type-Options"] = "nosniff"
    return antwoord


_SOORTEN = {
    "locaties": "Locaties (GIS-bestand of tabel met coördinaten)",
    "onttrekkingen": "Onttrekkingen (tabel)",
    "biedingen": "Biedingen (tabel)",
}
_UPLOAD_EXTENSIES = sorted({*EXTENSIES, ".zip"})


def _wil_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and (
        request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _tekst(naam: str) -> str | None:
    waarde = (request.values.get(naam) or "").strip()
    return waarde or None


@bp.get("/exporteer")
@regel("aangemeld")
def exporteer() -> Any:
    """Without ``formaat``: the export page. With it: the download (same filters as the CLI)."""
    formaat = _tekst("formaat")
    if formaat is None:
        store = get_store()
        return render_template(
            "uitwisseling.html",
            pagina="exporteer",
            formaten=FORMATEN,
            gemeenten=store.gemeenten(alleen_regio=True),
            corporaties=store.corporaties(),
            soorten=_SOORTEN,
            extensies=_UPLOAD_EXTENSIES,
            rapport=None,
        )
    download = exporteer_download(
        get_store(),
        formaat,
        gemeente=_tekst("gemeente"),
        corporatie=_tekst("corporatie"),
        hardheid=_tekst("hardheid"),
        crs=_tekst("crs"),
    )
    antwoord = Response(download.inhoud, mimetype=download.mimetype)
    antwoord.headers["Content-Disposition"] = f'attachment; filename="{download.bestandsnaam}"'
    return antwoord


#: One import at a time per server process: an import holds a large file's sites in memory
#: while it checks them, so a second concurrent one is refused (429) instead of doubling that.
_IMPORTSLOT = threading.Lock()
#: Seconds a refused import is asked to wait (``Retry-After``).
_IMPORT_OPNIEUW_NA = 30


@contextmanager
def _importslot() -> Iterator[None]:
    """Hold this process's import slot; :class:`TeVeelTegelijk` (429) when it is taken."""
    if not _IMPORTSLOT.acquire(blocking=False):
        raise TeVeelTegelijk(
            "Er loopt al een import op deze server; er kan er één tegelijk lopen. Uw bestand "
            f"is niet geïmporteerd: probeer het over {_IMPORT_OPNIEUW_NA} seconden opnieuw",
            opnieuw_na=_IMPORT_OPNIEUW_NA,
        )
    try:
        yield
    finally:
        _IMPORTSLOT.release()


def _bewaar(upload: Any, map_: Path, wat: str) -> Path:
    naam = secure_filename(upload.filename or "") or "upload"
    ext = Path(naam).suffix.lower()
    if ext not in _UPLOAD_EXTENSIES:
        raise BestandFout(
            f"{wat} {upload.filename!r}: bestandstype {ext or '(geen extensie)'} wordt niet "
            "ondersteund; lever " + ", ".join(_UPLOAD_EXTENSIES)
        )
    pad = map_ / naam
    upload.save(pad)
    return pad


_AAN = ("1", "on", "true", "ja")


@bp.route("/importeer", methods=["GET", "POST"])
@regel("aangemeld")
def importeer_pagina() -> Any:
    """The upload page; a POST imports the file and shows the same report as the CLI (422 on
    problems). With ``formaat=csv`` the file is only checked (a dry run, nothing stored) and
    the report's table is the answer as a CSV download: the report is made again from the
    same upload, so the server keeps nothing between requests, whatever the report's size."""
    if request.method == "GET":
        return _importpagina(None)
    soort = request.form.get("soort", "locaties")
    if soort not in _SOORTEN:
        raise BestandFout(f"onbekende soort {soort!r}; kies uit {', '.join(_SOORTEN)}")
    formaat = request.form.get("formaat") or "html"
    if formaat not in ("html", "csv"):
        raise BestandFout(f"onbekend rapportformaat {formaat!r}; kies uit html, csv")
    upload = request.files.get("bestand")
    if upload is None or not upload.filename:
        raise BestandFout("kies een bestand om te importeren")
    droog = request.form.get("droog") in _AAN or formaat == "csv"
    opties: dict[str, Any] = {
        "laag": _tekst("laag"),
        "codering": _tekst("codering"),
        "droog": droog,
        "limieten": Limieten.uit_instellingen(current_app.config),
    }
    if soort != "biedingen":
        opties["nieuwe_corporaties"] = request.form.get("nieuwe_corporaties") in _AAN
    kolommen = {}
    for kolomregel in (request.form.get("kolommen") or "").replace(",", "\n").splitlines():
        if "=" in kolomregel:
            veld, bron = kolomregel.split("=", 1)
            kolommen[veld.strip()] = bron.strip()
    opties["kolommen"] = kolommen or None
    store = get_store()
    # Werkzeug has streamed the upload into a temporary file already (never whole in memory);
    # it is copied into a private folder under a safe name and read from there in batches.
    with _importslot(), tempfile.TemporaryDirectory(prefix="locatieplanner-upload-") as tmp:
        pad = _bewaar(upload, Path(tmp), "Bestand")
        status = 200
        try:
            if soort == "locaties":
                extra = request.files.get("toewijzingen")
                if extra is not None and extra.filename:
                    (Path(tmp) / "extra").mkdir()
                    opties["toewijzingen"] = _bewaar(extra, Path(tmp) / "extra", "Toewijzingen")
                rapport: ImportRapport = importeer_locaties(store, pad, crs=_tekst("crs"), **opties)
            elif soort == "onttrekkingen":
                rapport = importeer_onttrekkingen(store, pad, **opties)
            else:
                rapport = importeer_biedingen(store, pad, **opties)
        except ImportAfgekeurd as fout:
            rapport, status = fout.rapport, 422
    if rapport.problemen:
        status = 422
    if formaat == "csv":
        antwoord = Response(rapport.als_csv(), mimetype="text/csv")
        naam = Path(secure_filename(upload.filename or "") or "import").stem
        antwoord.headers["Content-Disposition"] = f'attachment; filename="importrapport-{naam}.csv"'
        return antwoord
    if _wil_json():
        return jsonify(rapport.als_dict()), status
    return _importpagina(rapport), status


def _importpagina(rapport: ImportRapport | None) -> str:
    """The upload page, with the report of an import when there is one."""
    return render_template(
        "uitwisseling.html",
        pagina="importeer",
        formaten=FORMATEN,
        gemeenten=[],
        corporaties=[],
        soorten=_SOORTEN,
        extensies=_UPLOAD_EXTENSIES,
        rapport=rapport,
    )
