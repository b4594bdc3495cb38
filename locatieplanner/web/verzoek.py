"""Strict reading of REST API requests: JSON bodies, sites, removals, bids, query parameters and
headers.

Every refusal names the field or parameter, the value and what is allowed, in Dutch, and raises an
:mod:`locatieplanner.errors` exception that the web layer turns into a 4xx JSON answer: a request
that cannot be read (bad JSON, header or query parameter) is :class:`OngeldigVerzoek` (400), a body
that breaks a rule is :class:`~locatieplanner.errors.ValidatieFout` (422), a wrong content type
:class:`OngeldigInhoudstype` (415) and a write without ``If-Match`` :class:`VoorwaardeOntbreekt`
(428). Field rules are in :mod:`.velden`, geometries in :mod:`.geojson_invoer`. This module does
not import Flask.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from ..crs import RD, WGS84
from ..domein.model import JAAR_MAX, JAAR_MIN, Bod, Onttrekking, Toewijzing
from ..errors import Probleem, ValidatieFout
from .fouten import OngeldigInhoudstype, OngeldigVerzoek, VoorwaardeOntbreekt
from .geojson_invoer import lees_geometrie
from .velden import (
    ALLEEN_LEZEN,
    BOD_SCHEMA,
    LOCATIE_EIGENSCHAPPEN,
    ONTTREKKING_SCHEMA,
    STANDAARD,
    controleer,
    ingekort,
)

__all__ = [
    "OngeldigVerzoek",
    "OngeldigInhoudstype",
    "VoorwaardeOntbreekt",
    "MAX_DIEPTE",
    "CRSSEN",
    "JSON_TYPEN",
    "lees_json",
    "lees_locatie",
    "lees_onttrekking",
    "lees_bod",
    "Parameters",
    "lees_if_match",
    "controleer_inhoudstype",
    "lees_gebruiker",
]


#: Deepest nesting of arrays/objects in a body (a MultiPolygon Feature needs 7).
MAX_DIEPTE = 32
#: Coordinate reference systems of geometries in the API (query parameter ``crs``).
CRSSEN = (WGS84, RD)
#: JSON content types accepted for bodies.
JSON_TYPEN = ("application/json", "application/geo+json")


def _gooi(problemen: list[Probleem], melding: str | None = None) -> None:
    if problemen:
        raise ValidatieFout(problemen, melding)


# --------------------------------------------------------------------------- JSON


class _Weigering(ValueError):
    def __init__(self, melding: str, waarde: str) -> None:
        super().__init__(melding)
        self.melding = melding
        self.waarde = waarde


def _weiger_constante(naam: str) -> Any:
    raise _Weigering("NaN en Infinity zijn geen JSON; gebruik een eindig getal of null", naam)


def _eindig(tekst: str) -> float:
    waarde = float(tekst)
    if not math.isfinite(waarde):
        raise _Weigering("getal is te groot (oneindig); gebruik een eindig getal", tekst[:40])
    return waarde


def _geheel(tekst: str) -> int:
    if len(tekst.lstrip("-")) > 30:
        raise _Weigering("geheel getal is te groot (meer dan 30 cijfers)", tekst[:40] + "…")
    return int(tekst)


def _object(paren: list[tuple[str, Any]]) -> dict[str, Any]:
    uit: dict[str, Any] = {}
    for sleutel, waarde in paren:
        if sleutel in uit:
            raise _Weigering("sleutel komt dubbel voor in een object", sleutel[:60])
        uit[sleutel] = waarde
    return uit


def _controleer_boom(data: Any) -> None:
    """Nesting depth and strings (lone surrogates, NUL) of a parsed JSON document."""
    stapel: list[tuple[Any, int]] = [(data, 1)]
    while stapel:
        knoop, diepte = stapel.pop()
        teksten: Iterable[Any] = ()
        if isinstance(knoop, dict):
            kinderen: Iterable[Any] = knoop.values()
            teksten = knoop.keys()
        elif isinstance(knoop, list):
            kinderen = knoop
        else:
            kinderen = ()
            teksten = (knoop,)
        if isinstance(knoop, dict | list):
            if diepte > MAX_DIEPTE:
                raise OngeldigVerzoek(
                    [
                        Probleem(
                            "body",
                            f"diepte > {MAX_DIEPTE}",
                            f"JSON is te diep genest; hoogstens {MAX_DIEPTE} niveaus toegestaan",
                        )
                    ]
                )
            stapel.extend((k, diepte + 1) for k in kinderen)
        for tekst in teksten:
            if isinstance(tekst, str):
                _controleer_tekst(tekst)


def _controleer_tekst(tekst: str) -> None:
    if "\x00" in tekst:
        raise OngeldigVerzoek(
            [
                Probleem(
                    "body",
                    ingekort(tekst.replace("\x00", "\\u0000")),
                    "tekst met een NUL-teken (\\u0000) is niet toegestaan",
                )
            ]
        )
    try:
        tekst.encode("utf-8")
    except UnicodeEncodeError:
        raise OngeldigVerzoek(
            [
                Probleem(
                    "body",
                    ingekort(tekst.encode("utf-8", "backslashreplace").decode("ascii")),
                    "tekst met een losse surrogaat (\\ud800-\\udfff) is geen geldige Unicode",
                )
            ]
        ) from None


def lees_json(ruw: bytes) -> Any:
    """A request body as JSON: UTF-8, no NaN/Infinity, no huge or infinite numbers, no duplicate
    keys, at most :data:`MAX_DIEPTE` levels deep; :class:`OngeldigVerzoek` otherwise."""
    if not ruw.strip():
        raise OngeldigVerzoek([Probleem("body", "", "is leeg; verwacht een JSON-object")])
    try:
        tekst = ruw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise OngeldigVerzoek(
            [Probleem("body", f"byte {e.start}", "is geen geldige UTF-8; stuur JSON in UTF-8")]
        ) from None
    try:
        data = json.loads(
            tekst,
            parse_constant=_weiger_constante,
            parse_float=_eindig,
            parse_int=_geheel,
            object_pairs_hook=_object,
        )
    except _Weigering as e:
        raise OngeldigVerzoek([Probleem("body", e.waarde, e.melding)]) from None
    except json.JSONDecodeError as e:
        raise OngeldigVerzoek(
            [
                Probleem(
                    "body",
                    f"regel {e.lineno}, kolom {e.colno}",
                    f"is geen geldige JSON ({e.msg})",
                )
            ]
        ) from None
    except RecursionError:
        raise OngeldigVerzoek(
            [
                Probleem(
                    "body",
                    f"diepte > {MAX_DIEPTE}",
                    f"JSON is te diep genest; hoogstens {MAX_DIEPTE} niveaus toegestaan",
                )
            ]
        ) from None
    except ValueError as e:  # e.g. an integer with more digits than Python converts
        raise OngeldigVerzoek(
            [Probleem("body", "getal", f"is geen bruikbare JSON ({e})")]
        ) from None
    _controleer_boom(data)
    return data


# --------------------------------------------------------------------------- bodies


def lees_locatie(
    data: Any, crs: str = WGS84, gedeeltelijk: bool = False, locatie_id: int | None = None
) -> dict[str, Any]:
    """A site as a GeoJSON Feature (``gedeeltelijk``: a JSON merge patch of one) as canonical
    fields for :class:`~locatieplanner.domein.model.Locatie` / ``Store.wijzig_locatie``, geometry in
    EPSG:28992. Read-only properties (:data:`ALLEEN_LEZEN`) are ignored; without
    ``gedeeltelijk`` absent properties get their defaults (a full replacement)."""
    item = "locatie" if locatie_id is None else f"locatie {locatie_id}"
    if not isinstance(data, dict):
        raise ValidatieFout(
            [Probleem("body", ingekort(data), "moet een GeoJSON Feature (object) zijn", item)]
        )
    problemen: list[Probleem] = []
    for k in data:
        if k not in ("type", "id", "geometry", "properties", "bbox"):
            problemen.append(
                Probleem(
                    k,
                    ingekort(data[k]),
                    "onbekend veld in de Feature; toegestaan zijn type, id, geometry, "
                    "properties en bbox",
                    item,
                )
            )
    if ("type" in data or not gedeeltelijk) and data.get("type") != "Feature":
        problemen.append(Probleem("type", ingekort(data.get("type")), "moet Feature zijn", item))
    if locatie_id is not None and data.get("id") not in (None, locatie_id):
        problemen.append(
            Probleem(
                "id",
                ingekort(data["id"]),
                f"verschilt van de locatie in de URL ({locatie_id})",
                item,
            )
        )
    velden: dict[str, Any] = {}
    if "geometry" in data or not gedeeltelijk:
        try:
            velden["geometry"] = lees_geometrie(data.get("geometry"), crs, item=item)
        except ValidatieFout as e:
            problemen.extend(e.problemen)
    eigenschappen = data.get("properties")
    if eigenschappen is None and gedeeltelijk and "properties" not in data:
        eigenschappen = {}
    if not isinstance(eigenschappen, dict):
        problemen.append(
            Probleem(
                "properties",
                ingekort(eigenschappen),
                "moet een object zijn met de eigenschappen van de locatie",
                item,
            )
        )
        eigenschappen = {}
    schrijfbaar = {k: v for k, v in eigenschappen.items() if k not in ALLEEN_LEZEN}
    schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": LOCATIE_EIGENSCHAPPEN,
        "required": [] if gedeeltelijk else ["naam", "status"],
    }
    problemen.extend(controleer(schrijfbaar, schema, "", item))
    _gooi(problemen)
    if not gedeeltelijk:
        velden.update({k: v for k, v in STANDAARD.items() if k not in schrijfbaar})
    velden.update(schrijfbaar)
    if "toewijzingen" in velden:
        velden["toewijzingen"] = [
            Toewijzing(t["corporatie"], t["daeb"], t.get("oplevering"))
            for t in velden["toewijzingen"]
        ]
    return velden


def _zonder_id(data: Any, wat: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidatieFout([Probleem("body", ingekort(data), f"moet een object zijn ({wat})")])
    return data


def lees_onttrekking(data: Any) -> Onttrekking:
    """A removal from a JSON object (the ``id`` is ignored)."""
    data = _zonder_id(data, "een onttrekking")
    _gooi(controleer(data, ONTTREKKING_SCHEMA, "", "onttrekking"))
    velden = {k: v for k, v in data.items() if k != "id"}
    return Onttrekking(**velden)


def lees_bod(data: Any) -> Bod:
    """A bid version from a JSON object (``datum`` as JJJJ-MM-DD; the ``id`` is ignored)."""
    data = _zonder_id(data, "een bod")
    _gooi(controleer(data, BOD_SCHEMA, "", "bod"))
    velden = {k: v for k, v in data.items() if k != "id"}
    try:
        datum = date.fromisoformat(velden["datum"])
    except ValueError:
        datum = None
    if datum is None or not JAAR_MIN <= datum.year <= JAAR_MAX:
        raise ValidatieFout(
            [
                Probleem(
                    "datum",
                    velden["datum"],
                    f"moet een bestaande datum JJJJ-MM-DD van {JAAR_MIN} tot en met {JAAR_MAX} zijn",
                    "bod",
                )
            ]
        )
    velden["datum"] = datum
    return Bod(**velden)


# --------------------------------------------------------------------------- query and headers

_GEHEEL = re.compile(r"[+-]?[0-9]{1,15}")
_GETAL = re.compile(r"[+-]?([0-9]{1,15}(\.[0-9]{0,15})?|\.[0-9]{1,15})")


class Parameters:
    """Query parameters of one request: unknown or repeated parameters and bad values are
    collected and raised together by :meth:`klaar` as :class:`OngeldigVerzoek` (400)."""

    def __init__(self, args: Mapping[str, Sequence[str]], toegestaan: Iterable[str]) -> None:
        self.toegestaan = list(toegestaan)
        self.problemen: list[Probleem] = []
        self._waarden: dict[str, str] = {}
        for naam, waarden in args.items():
            if naam not in self.toegestaan:
                self.problemen.append(
                    Probleem(
                        naam,
                        ingekort(waarden[0] if waarden else ""),
                        "onbekende queryparameter; toegestaan zijn "
                        + (", ".join(self.toegestaan) or "geen"),
                    )
                )
            elif len(waarden) > 1:
                self.problemen.append(
                    Probleem(naam, ingekort(",".join(waarden)), "mag maar één keer voorkomen")
                )
            elif not waarden or not waarden[0].strip():
                self.problemen.append(
                    Probleem(naam, "", "is leeg; geef een waarde of laat de parameter weg")
                )
            else:
                self._waarden[naam] = waarden[0]

    def _fout(self, naam: str, waarde: Any, melding: str) -> None:
        self.problemen.append(Probleem(naam, ingekort(waarde), melding))

    def tekst(self, naam: str, maximum: int = 200) -> str | None:
        waarde = self._waarden.get(naam)
        if waarde is not None and len(waarde) > maximum:
            self._fout(naam, waarde, f"is te lang; hoogstens {maximum} tekens")
            return None
        return waarde

    def geheel(
        self, naam: str, minimum: int, maximum: int, standaard: int | None = None
    ) -> int | None:
        waarde = self._waarden.get(naam)
        if waarde is None:
            return standaard
        if not _GEHEEL.fullmatch(waarde) or not minimum <= int(waarde) <= maximum:
            self._fout(
                naam, waarde, f"moet een geheel getal van {minimum} tot en met {maximum} zijn"
            )
            return standaard
        return int(waarde)

    def getal(self, naam: str, minimum: float, maximum: float) -> float | None:
        waarde = self._waarden.get(naam)
        if waarde is None:
            return None
        if not _GETAL.fullmatch(waarde) or not minimum <= float(waarde) <= maximum:
            self._fout(
                naam,
                waarde,
                f"moet een getal van {minimum:g} tot en met {maximum:g} zijn (punt als decimaalteken)",
            )
            return None
        return float(waarde)

    def keuze(self, naam: str, waarden: Sequence[str], standaard: str | None = None) -> str | None:
        waarde = self._waarden.get(naam)
        if waarde is None:
            return standaard
        if waarde not in waarden:
            self._fout(naam, waarde, "niet toegestaan; toegestaan zijn " + ", ".join(waarden))
            return standaard
        return waarde

    def lijst(self, naam: str, waarden: Sequence[str]) -> list[str] | None:
        """A comma-separated list of values from ``waarden``."""
        waarde = self._waarden.get(naam)
        if waarde is None:
            return None
        delen = waarde.split(",")
        fout = [d for d in delen if d not in waarden]
        if fout:
            self._fout(
                naam,
                waarde,
                "niet toegestaan: "
                + ", ".join(repr(d) for d in fout)
                + "; toegestaan zijn (kommagescheiden, zonder spaties) "
                + ", ".join(waarden),
            )
            return None
        return list(dict.fromkeys(delen))

    def bbox(self, naam: str, crs: str) -> tuple[float, float, float, float] | None:
        """``minx,miny,maxx,maxy`` in ``crs`` (lon/lat for EPSG:4326)."""
        waarde = self._waarden.get(naam)
        if waarde is None:
            return None
        delen = waarde.split(",")
        if len(delen) != 4 or not all(_GETAL.fullmatch(d) for d in delen):
            self._fout(
                naam,
                waarde,
                "moet vier getallen zijn: minx,miny,maxx,maxy (in EPSG:4326: minlon,minlat,maxlon,maxlat)",
            )
            return None
        x0, y0, x1, y1 = (float(d) for d in delen)
        if crs == WGS84 and not (
            -180 <= x0 <= 180 and -180 <= x1 <= 180 and -90 <= y0 <= 90 and -90 <= y1 <= 90
        ):
            self._fout(
                naam,
                waarde,
                "lengtegraden moeten -180..180 en breedtegraden -90..90 zijn (EPSG:4326); voor RD-coördinaten: crs=EPSG:28992",
            )
            return None
        if x0 > x1 or y0 > y1:
            self._fout(naam, waarde, "minx moet ≤ maxx en miny ≤ maxy zijn")
            return None
        return (x0, y0, x1, y1)

    def klaar(self) -> None:
        if self.problemen:
            raise OngeldigVerzoek(
                self.problemen,
                "Ongeldige queryparameter(s): " + "; ".join(str(p) for p in self.problemen),
            )


_ETAG = re.compile(r'\s*(?:"([0-9]{1,15})"|([0-9]{1,15}))\s*')


def lees_if_match(waarde: str | None, wat: str = "de locatie") -> int:
    """The version in an ``If-Match`` header (``"3"``); :class:`VoorwaardeOntbreekt` (428)
    when absent, :class:`OngeldigVerzoek` (400) when it is no such ETag."""
    if waarde is None or not waarde.strip():
        raise VoorwaardeOntbreekt(
            f"De header If-Match ontbreekt: stuur de ETag van {wat} mee (bijvoorbeeld "
            'If-Match: "3"), zodat een wijziging van een ander niet ongemerkt wordt overschreven'
        )
    m = _ETAG.fullmatch(waarde)
    if m is None:
        raise OngeldigVerzoek(
            [
                Probleem(
                    "If-Match",
                    ingekort(waarde),
                    'moet de ETag van de huidige versie zijn, bijvoorbeeld "3" (één '
                    'versienummer tussen aanhalingstekens); *, lijsten en zwakke ETags (W/"3") '
                    "zijn niet toegestaan",
                )
            ]
        )
    return int(m[1] or m[2])


def controleer_inhoudstype(kop: str | None, toegestaan: Sequence[str] = JSON_TYPEN) -> None:
    """The ``Content-Type`` must be one of ``toegestaan`` (charset, if given, UTF-8)."""
    mimetype, _, rest = (kop or "").partition(";")
    mimetype = mimetype.strip().lower()
    tekens = re.search(r"charset\s*=\s*\"?([^\";\s]+)", rest, re.IGNORECASE)
    if mimetype in toegestaan and (tekens is None or tekens[1].lower() in ("utf-8", "utf8")):
        return
    if mimetype in toegestaan:
        melding = f"Tekenset {tekens[1]!r} niet ondersteund; stuur JSON in UTF-8"  # type: ignore[index]
    elif not mimetype:
        melding = "De header Content-Type ontbreekt"
    else:
        melding = f"Inhoudstype {ingekort(mimetype)!r} wordt hier niet ondersteund"
    raise OngeldigInhoudstype(melding + "; toegestaan zijn " + ", ".join(toegestaan))


def lees_gebruiker(kop: str | None, standaard: str) -> str:
    """Who writes: the ``X-Gebruiker`` header (printable, at most 100 characters) or
    ``standaard``."""
    if kop is None or not kop.strip():
        return standaard
    naam = kop.strip()
    if len(kop) > 100 or not naam.isprintable():
        raise OngeldigVerzoek(
            [
                Probleem(
                    "X-Gebruiker",
                    ingekort(naam),
                    "moet een naam van 1 tot 100 afdrukbare tekens zijn",
                )
            ]
        )
    return naam
