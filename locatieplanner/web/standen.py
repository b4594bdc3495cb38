"""The choice of state (the current data or a frozen reference date) and of bid version that the
documents, the reference-date pages and the dashboard share: read from the URL (``stand``: the
name of a frozen state, empty for the current data; ``bod_versie``: a version name, empty for
each municipality's newest), checked, and the file downloads they give."""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from flask import request, send_file

from ..analyse.bodversie import ORIGINEEL
from ..errors import NietGevonden, Probleem
from ..store import Store
from .fouten import OngeldigVerzoek

__all__ = [
    "Stand",
    "kies_stand",
    "kies_formaat",
    "bodversies",
    "MIMETYPES",
    "download",
    "bestandsnaam",
]

#: The content type of each download format.
MIMETYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Stand:
    """The chosen state: ``bron`` (the store or a frozen state) reads like the store; ``naam``
    and ``datum`` are None for the current data. ``bod_versie`` None: the newest per
    municipality. ``peildata``: every frozen state (for the selects), ``versies``: the bid
    versions that can be chosen."""

    bron: Any
    naam: str | None
    datum: date | None
    bod_versie: str | None
    peildata: list[dict[str, Any]] = field(default_factory=list)
    versies: list[str] = field(default_factory=list)

    @property
    def opties(self) -> dict[str, Any]:
        """The keyword arguments of the document builders (``*_van``)."""
        return {"bod_versie": self.bod_versie, "peildatum_naam": self.naam, "datum": self.datum}

    @property
    def url_waarden(self) -> dict[str, str]:
        """The choice as URL parameters (only those that are set)."""
        uit = {"stand": self.naam, "bod_versie": self.bod_versie}
        return {k: w for k, w in uit.items() if w}


def bodversies(bron: Any) -> list[str]:
    """``origineel`` and the other bid version names of ``bron``, in order of first date."""
    namen = [b.versie for b in sorted(bron.biedingen(), key=lambda b: (b.datum, b.id or 0))]
    return list(dict.fromkeys([ORIGINEEL, *namen]))


def _parameter(naam: str, maximum: int) -> str | None:
    waarde = (request.args.get(naam) or "").strip()
    if len(waarde) > maximum:
        raise OngeldigVerzoek(
            [Probleem(naam, waarde[:40] + "…", f"hoogstens {maximum} tekens toegestaan")]
        )
    return waarde or None


def kies_stand(store: Store, parameter: str = "stand") -> Stand:
    """The state and bid version the request chooses (URL parameters ``parameter`` and
    ``bod_versie``); :class:`OngeldigVerzoek` (400) naming the known ones when one does not exist."""
    peildata = store.peildata()
    naam = _parameter(parameter, 100)
    versie = _parameter("bod_versie", 40)
    bron: Any = store
    datum = None
    problemen: list[Probleem] = []
    if naam is not None:
        try:
            bron = store.peilstand(naam)
            datum = bron.datum
        except NietGevonden:
            bekend = ", ".join(repr(p["naam"]) for p in peildata) or "(nog geen)"
            problemen.append(
                Probleem(parameter, naam, f"onbekende peildatum; vastgelegd zijn {bekend}")
            )
            bron = store
    versies = bodversies(bron)
    if versie is not None and versie not in versies:
        problemen.append(
            Probleem("bod_versie", versie, "onbekende bodversie; bekend zijn " + ", ".join(versies))
        )
    if problemen:
        raise OngeldigVerzoek(problemen, "Onbekende stand of bodversie")
    return Stand(bron, naam, datum, versie, peildata, versies)


def kies_formaat(toegestaan: tuple[str, ...], standaard: str) -> str:
    """The URL parameter ``formaat`` (``standaard`` when absent); :class:`OngeldigVerzoek`
    naming the allowed ones otherwise."""
    formaat = (request.args.get("formaat") or standaard).strip().lower()
    if formaat not in toegestaan:
        raise OngeldigVerzoek(
            [Probleem("formaat", formaat[:40], "toegestaan zijn " + ", ".join(toegestaan))],
            "Onbekend formaat",
        )
    return formaat


def bestandsnaam(*delen: str | None, datum: date | None, formaat: str) -> str:
    """A Dutch file name from ``delen`` (letters, digits and hyphens) with the date."""
    woorden = [re.sub(r"[^0-9A-Za-zÀ-ÿ]+", "-", d).strip("-") for d in delen if d]
    dag = (datum or date.today()).isoformat()
    return "-".join([*(w for w in woorden if w), dag]) + f".{formaat}"


def download(schrijf: Callable[[Path], Any], naam: str, formaat: str) -> Any:
    """The file ``schrijf(pad)`` writes as a download named ``naam`` (Content-Disposition)."""
    with tempfile.TemporaryDirectory() as map_:
        pad = Path(map_) / f"bestand.{formaat}"
        schrijf(pad)
        inhoud = pad.read_bytes()
    return send_file(
        io.BytesIO(inhoud),
        mimetype=MIMETYPES[formaat],
        as_attachment=True,
        download_name=naam,
        max_age=0,
    )
