"""Strict reading of REST API input: JSON bodies, GeoJSON geometries, query parameters, headers.

Every refusal names the field or parameter, the value and what is allowed, in Dutch, and raises an
:mod:`locatieplanner.errors` exception that the web layer turns into a 4xx JSON answer: a request
that cannot be read (bad JSON, header or query parameter) is :class:`OngeldigVerzoek` (400), a body
that breaks a rule is :class:`~locatieplanner.errors.ValidatieFout` (422), a wrong content type
:class:`OngeldigInhoudstype` (415) and a write without ``If-Match`` :class:`VoorwaardeOntbreekt`
(428). The JSON-schema fragments below are the single source of the field rules: the validator
here and the OpenAPI document (:mod:`.openapi`) both use them. This module does not import Flask.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from ..errors import LocatieplannerError, Probleem, ValidatieFout
from ..model import (
    FASEN,
    JAAR_MAX,
    JAAR_MIN,
    RD_GRENZEN,
    SEGMENTEN,
    SOORTEN_ONTTREKKING,
    STATUSSEN,
    Bod,
    Onttrekking,
    Toewijzing,
)
from ..wgs84 import RD, WGS84, rd_grenzen_naar_wgs84, van_wgs84

__all__ = [
    "OngeldigVerzoek",
    "OngeldigInhoudstype",
    "VoorwaardeOntbreekt",
    "MAX_DIEPTE",
    "MAX_AANTAL",
    "MAX_ID",
    "MAX_HOEKPUNTEN",
    "MAX_TOEWIJZINGEN",
    "CRSSEN",
    "NL_WGS84",
    "JSON_TYPEN",
    "LOCATIE_TYPEN",
    "TOEWIJZING_SCHEMA",
    "LOCATIE_EIGENSCHAPPEN",
    "ALLEEN_LEZEN",
    "ONTTREKKING_SCHEMA",
    "BOD_SCHEMA",
    "lees_json",
    "controleer",
    "lees_geometrie",
    "lees_locatie",
    "lees_onttrekking",
    "lees_bod",
    "Parameters",
    "lees_if_match",
    "controleer_inhoudstype",
    "lees_gebruiker",
]


class OngeldigVerzoek(ValidatieFout):
    """The request cannot be read: malformed JSON, a bad query parameter or header (HTTP 400)."""

    http_status = 400


class OngeldigInhoudstype(LocatieplannerError):
    """The body has a content type the endpoint does not accept (HTTP 415)."""

    http_status = 415


class VoorwaardeOntbreekt(LocatieplannerError):
    """A write without the ``If-Match`` header that names the version it is based on (HTTP 428)."""

    http_status = 428


#: Deepest nesting of arrays/objects in a body (a MultiPolygon Feature needs 7).
MAX_DIEPTE = 32
#: Largest dwelling count anywhere (a site, a segment, an assignment, a removal, a bid).
MAX_AANTAL = 1_000_000
#: Largest id (the id columns are 32-bit integers on PostgreSQL).
MAX_ID = 2**31 - 1
#: Most positions in one geometry.
MAX_HOEKPUNTEN = 100_000
#: Most assignments of one site.
MAX_TOEWIJZINGEN = 200
#: Coordinate reference systems of geometries in the API (query parameter ``crs``).
CRSSEN = (WGS84, RD)
#: The lon/lat box (west, south, east, north) around the valid RD New area.
NL_WGS84: tuple[float, float, float, float] = tuple(  # type: ignore[assignment]
    round(v, 2) for v in rd_grenzen_naar_wgs84(RD_GRENZEN)
)
#: JSON content types accepted for bodies.
JSON_TYPEN = ("application/json", "application/geo+json")
#: Geometry types of a site.
LOCATIE_TYPEN = ("Point", "Polygon", "MultiPolygon")


# --------------------------------------------------------------------------- field rules


def _aantal(beschrijving: str) -> dict[str, Any]:
    return {"type": "integer", "minimum": 0, "maximum": MAX_AANTAL, "description": beschrijving}


def _jaar(beschrijving: str) -> dict[str, Any]:
    return {
        "type": ["integer", "null"],
        "minimum": JAAR_MIN,
        "maximum": JAAR_MAX,
        "description": beschrijving,
    }


def _tekst(maximum: int, beschrijving: str, verplicht: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "string" if verplicht else ["string", "null"],
        "maxLength": maximum,
        "description": beschrijving,
    }
    if verplicht:
        schema["minLength"] = 1
    return schema


TOEWIJZING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Deel van de DAEB-woningen van de locatie voor één corporatie",
    "required": ["corporatie", "daeb"],
    "additionalProperties": False,
    "properties": {
        "corporatie": _tekst(100, "Naam van een bekende corporatie (GET /corporaties)", True),
        "daeb": _aantal("Aantal DAEB-woningen voor deze corporatie"),
        "oplevering": _jaar("Opleveringsjaar van dit deel (null: dat van de locatie)"),
    },
}

#: Properties of a site that a client may write (POST, PUT, PATCH).
LOCATIE_EIGENSCHAPPEN: dict[str, dict[str, Any]] = {
    "bron_id": _tekst(100, "Id bij de leverancier (gemeente); uniek per gemeente"),
    "naam": _tekst(200, "Naam van de locatie", True),
    "gemeente": {
        **_tekst(
            10,
            "Gemeentecode (GM....); wordt afgeleid uit de geometrie zodra er "
            "gemeentegrenzen geladen zijn, en alleen zonder grenzen overgenomen",
        ),
    },
    "status": {
        "type": "string",
        "enum": list(STATUSSEN),
        "description": "Planstatus: " + "; ".join(f"{k} {v}" for k, v in STATUSSEN.items()),
    },
    "fase": {
        "type": ["integer", "null"],
        "enum": [*FASEN, None],
        "description": "Projectfase: " + "; ".join(f"{k} {v}" for k, v in FASEN.items()),
    },
    **{seg: _aantal(omschrijving) for seg, omschrijving in SEGMENTEN.items()},
    "start": _jaar("Startjaar van de bouw"),
    "oplevering": _jaar("Opleveringsjaar"),
    "opmerking": _tekst(4000, "Vrije toelichting"),
    "toewijzingen": {
        "type": "array",
        "maxItems": MAX_TOEWIJZINGEN,
        "items": TOEWIJZING_SCHEMA,
        "description": "Toewijzingen aan corporaties; vervangt bij wijzigen alle bestaande",
    },
}
#: Defaults of the writable properties (a PUT replaces the whole site: absent means this).
_STANDAARD: dict[str, Any] = {
    "bron_id": None,
    "gemeente": None,
    "fase": None,
    **dict.fromkeys(SEGMENTEN, 0),
    "start": None,
    "oplevering": None,
    "opmerking": None,
    "toewijzingen": [],
}
#: Properties the server derives or keeps; accepted in a body (so a read Feature can be sent
#: back) and ignored.
ALLEEN_LEZEN = frozenset(
    {
        "id",
        "gemeentenaam",
        "ligging",
        "hardheid",
        "versie",
        "aangemaakt",
        "gewijzigd",
        "daeb_nt",
        "corporaties",
    }
)

ONTTREKKING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["gemeente", "jaar", "aantal", "soort"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer", "readOnly": True, "description": "Wordt genegeerd"},
        "gemeente": _tekst(10, "Gemeentecode (GM....)", True),
        "jaar": {
            "type": "integer",
            "minimum": JAAR_MIN,
            "maximum": JAAR_MAX,
            "description": "Jaar van de onttrekking",
        },
        "aantal": _aantal("Aantal woningen dat uit de doelgroepvoorraad verdwijnt"),
        "soort": {"type": "string", "enum": list(SOORTEN_ONTTREKKING)},
        "corporatie": _tekst(100, "Naam van een bekende corporatie"),
        "locatie": {
            "type": ["integer", "null"],
            "minimum": 1,
            "maximum": MAX_ID,
            "description": "Id van de locatie waar de woningen verdwijnen",
        },
        "opmerking": _tekst(4000, "Vrije toelichting"),
    },
}

BOD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["gemeente", "versie", "datum", "daeb"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer", "readOnly": True, "description": "Wordt genegeerd"},
        "gemeente": _tekst(10, "Gemeentecode (GM....)", True),
        "versie": _tekst(40, "Versie van het bod, bijvoorbeeld origineel of aangescherpt", True),
        "datum": {
            "type": "string",
            "format": "date",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": f"Datum van het bod (JJJJ-MM-DD, {JAAR_MIN}-{JAAR_MAX})",
        },
        "daeb": _aantal("Geboden aantal DAEB-woningen 2021-2030"),
        "opmerking": _tekst(4000, "Vrije toelichting"),
    },
}


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


def _kort(waarde: Any) -> Any:
    """A value fit for an error message: long texts cut, containers described."""
    if isinstance(waarde, str):
        return waarde if len(waarde) <= 60 else waarde[:40] + "…"
    if isinstance(waarde, list):
        return f"lijst met {len(waarde)} elementen"
    if isinstance(waarde, dict):
        return "object met sleutels " + ", ".join(sorted(map(str, waarde))[:10])
    return waarde


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
                    _kort(tekst.replace("\x00", "\\u0000")),
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
                    _kort(tekst.encode("utf-8", "backslashreplace").decode("ascii")),
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


# --------------------------------------------------------------------------- schema check

_TYPENAMEN = {
    "integer": "een geheel getal",
    "number": "een getal",
    "string": "tekst",
    "boolean": "true of false",
    "array": "een lijst",
    "object": "een object",
    "null": "null",
}


def _past(waarde: Any, soort: str) -> bool:
    if soort == "integer":
        return isinstance(waarde, int) and not isinstance(waarde, bool)
    if soort == "number":
        return isinstance(waarde, int | float) and not isinstance(waarde, bool)
    if soort == "string":
        return isinstance(waarde, str)
    if soort == "boolean":
        return isinstance(waarde, bool)
    if soort == "array":
        return isinstance(waarde, list)
    if soort == "object":
        return isinstance(waarde, dict)
    return waarde is None


def _bereik(schema: Mapping[str, Any]) -> str:
    laag, hoog = schema.get("minimum"), schema.get("maximum")
    if laag is not None and hoog is not None:
        return f"van {laag} tot en met {hoog}"
    if laag is not None:
        return f"van {laag} of meer"
    return f"van hoogstens {hoog}"


def controleer(
    waarde: Any, schema: Mapping[str, Any], veld: str, item: str | None = None
) -> list[Probleem]:
    """Problems of ``waarde`` against a JSON-schema fragment of this module (type, enum,
    minimum/maximum, minLength/maxLength, maxItems/items, required/properties and
    ``additionalProperties: false``)."""
    typen = schema.get("type")
    if typen is not None:
        typen = [typen] if isinstance(typen, str) else list(typen)
        if not any(_past(waarde, t) for t in typen):
            namen = " of ".join(_TYPENAMEN[t] for t in typen)
            if waarde is None:
                melding = f"mag niet null zijn; moet {namen} zijn"
            elif isinstance(waarde, bool) and "integer" in typen:
                melding = f"moet {namen} zijn, geen true/false"
            else:
                melding = f"moet {namen} zijn"
            if "integer" in typen and ("minimum" in schema or "maximum" in schema):
                melding += f" {_bereik(schema)}"
            return [Probleem(veld, _kort(waarde), melding, item)]
    if waarde is None:
        return []
    if "enum" in schema and waarde not in schema["enum"]:
        toegestaan = ", ".join(str(v) for v in schema["enum"] if v is not None)
        return [
            Probleem(veld, _kort(waarde), f"niet toegestaan; toegestaan zijn {toegestaan}", item)
        ]
    if isinstance(waarde, int | float) and not isinstance(waarde, bool):
        laag, hoog = schema.get("minimum"), schema.get("maximum")
        if (laag is not None and waarde < laag) or (hoog is not None and waarde > hoog):
            soort = "een geheel getal" if "integer" in (typen or []) else "een getal"
            return [Probleem(veld, waarde, f"moet {soort} {_bereik(schema)} zijn", item)]
    if isinstance(waarde, str):
        if len(waarde) < schema.get("minLength", 0) or (
            schema.get("minLength") and not waarde.strip()
        ):
            return [Probleem(veld, waarde, "is verplicht en mag niet leeg zijn", item)]
        if "maxLength" in schema and len(waarde) > schema["maxLength"]:
            return [
                Probleem(
                    veld,
                    _kort(waarde),
                    f"is te lang ({len(waarde)} tekens); hoogstens {schema['maxLength']} tekens",
                    item,
                )
            ]
        if "pattern" in schema and not re.fullmatch(schema["pattern"], waarde):
            return [Probleem(veld, _kort(waarde), f"heeft niet de vorm {schema['pattern']}", item)]
    if isinstance(waarde, list):
        if "maxItems" in schema and len(waarde) > schema["maxItems"]:
            return [
                Probleem(
                    veld,
                    f"{len(waarde)} elementen",
                    f"te veel; hoogstens {schema['maxItems']} toegestaan",
                    item,
                )
            ]
        problemen: list[Probleem] = []
        if "items" in schema:
            for i, element in enumerate(waarde):
                problemen.extend(controleer(element, schema["items"], f"{veld}[{i}]", item))
        return problemen
    if isinstance(waarde, dict):
        eigenschappen = schema.get("properties", {})
        problemen = []
        if schema.get("additionalProperties") is False:
            problemen.extend(
                Probleem(
                    _pad(veld, k),
                    _kort(waarde[k]),
                    "onbekend veld; toegestaan zijn " + ", ".join(eigenschappen),
                    item,
                )
                for k in waarde
                if k not in eigenschappen
            )
        problemen.extend(
            Probleem(_pad(veld, k), None, "ontbreekt; dit veld is verplicht", item)
            for k in schema.get("required", [])
            if k not in waarde
        )
        for k, sub in eigenschappen.items():
            if k in waarde and not sub.get("readOnly"):
                problemen.extend(controleer(waarde[k], sub, _pad(veld, k), item))
        return problemen
    return []


def _pad(veld: str, sleutel: str) -> str:
    return f"{veld}.{sleutel}" if veld else sleutel


def _gooi(problemen: list[Probleem], melding: str | None = None) -> None:
    if problemen:
        raise ValidatieFout(problemen, melding)


# --------------------------------------------------------------------------- geometry


class _Geometriefout(Exception):
    def __init__(self, veld: str, waarde: Any, melding: str) -> None:
        super().__init__(melding)
        self.probleem = (veld, waarde, melding)


def _is_getal(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


class _Lezer:
    """Turns GeoJSON coordinate arrays into lists of (x, y), checking shape and count."""

    def __init__(self, veld: str) -> None:
        self.veld = veld
        self.aantal = 0

    def positie(self, p: Any, pad: str) -> tuple[float, float]:
        if not isinstance(p, list) or not 2 <= len(p) <= 3 or not all(map(_is_getal, p)):
            raise _Geometriefout(
                f"{self.veld}.coordinates{pad}",
                _kort(p),
                "een positie moet een lijst van 2 (of 3) getallen zijn: [x, y]",
            )
        self.aantal += 1
        if self.aantal > MAX_HOEKPUNTEN:
            raise _Geometriefout(
                f"{self.veld}.coordinates",
                f"meer dan {MAX_HOEKPUNTEN} posities",
                f"te veel hoekpunten; hoogstens {MAX_HOEKPUNTEN} toegestaan",
            )
        return (float(p[0]), float(p[1]))

    def lijst(self, waarde: Any, pad: str, minimum: int, wat: str) -> list[Any]:
        if not isinstance(waarde, list) or len(waarde) < minimum:
            raise _Geometriefout(
                f"{self.veld}.coordinates{pad}",
                _kort(waarde),
                f"moet een lijst van minstens {minimum} {wat} zijn",
            )
        return waarde

    def ring(self, r: Any, pad: str) -> list[tuple[float, float]]:
        r = self.lijst(r, pad, 4, "posities (een gesloten ring)")
        punten = [self.positie(p, f"{pad}[{i}]") for i, p in enumerate(r)]
        if punten[0] != punten[-1]:
            raise _Geometriefout(
                f"{self.veld}.coordinates{pad}",
                f"begint bij {list(punten[0])}, eindigt bij {list(punten[-1])}",
                "ring is niet gesloten: de laatste positie moet gelijk zijn aan de eerste",
            )
        return punten

    def polygoon(self, p: Any, pad: str) -> tuple[list[Any], list[Any]]:
        ringen = self.lijst(p, pad, 1, "ringen")
        gelezen = [self.ring(r, f"{pad}[{i}]") for i, r in enumerate(ringen)]
        return gelezen[0], gelezen[1:]


def _buiten(coords: Any, grenzen: tuple[float, float, float, float]) -> tuple[float, float] | None:
    x0, y0, x1, y1 = grenzen
    buiten = (coords[:, 0] < x0) | (coords[:, 0] > x1) | (coords[:, 1] < y0) | (coords[:, 1] > y1)
    if buiten.any():
        x, y = coords[buiten.argmax()]
        return float(x), float(y)
    return None


def lees_geometrie(
    data: Any,
    crs: str = WGS84,
    veld: str = "geometry",
    typen: Sequence[str] = LOCATIE_TYPEN,
    item: str | None = None,
) -> BaseGeometry:
    """A GeoJSON geometry in ``crs`` (EPSG:4326 lon/lat or EPSG:28992) as a valid shapely
    geometry in EPSG:28992: allowed type, well-formed coordinates, closed rings, inside the
    Netherlands, not self-intersecting. :class:`ValidatieFout` (422) otherwise."""
    try:
        return _lees_geometrie(data, crs, veld, tuple(typen))
    except _Geometriefout as e:
        v, waarde, melding = e.probleem
        raise ValidatieFout([Probleem(v, waarde, melding, item)]) from None


def _lees_geometrie(data: Any, crs: str, veld: str, typen: tuple[str, ...]) -> BaseGeometry:
    if data is None:
        raise _Geometriefout(veld, None, "ontbreekt; een geometrie is verplicht")
    if not isinstance(data, dict):
        raise _Geometriefout(veld, _kort(data), "moet een GeoJSON-geometrie (object) zijn")
    onbekend = sorted(set(data) - {"type", "coordinates", "bbox"})
    if onbekend:
        raise _Geometriefout(
            f"{veld}.{onbekend[0]}",
            _kort(data[onbekend[0]]),
            "onbekend veld in de geometrie; toegestaan zijn type, coordinates en bbox",
        )
    soort = data.get("type")
    if soort not in typen:
        raise _Geometriefout(
            f"{veld}.type",
            _kort(soort),
            "geometrietype niet toegestaan; toegestaan zijn " + ", ".join(typen),
        )
    if "coordinates" not in data:
        raise _Geometriefout(f"{veld}.coordinates", None, "ontbreekt")
    lezer = _Lezer(veld)
    c = data["coordinates"]
    if soort == "Point":
        geometrie: BaseGeometry = shapely.Point(lezer.positie(c, ""))
    elif soort == "Polygon":
        geometrie = shapely.Polygon(*lezer.polygoon(c, ""))
    else:
        delen = lezer.lijst(c, "", 1, "polygonen")
        geometrie = shapely.MultiPolygon([lezer.polygoon(p, f"[{i}]") for i, p in enumerate(delen)])
    coords = shapely.get_coordinates(geometrie)
    if crs == WGS84:
        x0, y0, x1, y1 = NL_WGS84
        fout = _buiten(coords, (-180, -90, 180, 90))
        if fout is not None:
            raise _Geometriefout(
                f"{veld}.coordinates",
                f"[{fout[0]:g}, {fout[1]:g}]",
                "geen lengte-/breedtegraad (EPSG:4326: [lon, lat] met lon -180..180, "
                "lat -90..90); voor RD-coördinaten: queryparameter crs=EPSG:28992",
            )
        fout = _buiten(coords, NL_WGS84)
        if fout is not None:
            raise _Geometriefout(
                f"{veld}.coordinates",
                f"[{fout[0]:g}, {fout[1]:g}]",
                f"valt buiten Nederland; toegestaan zijn [lon, lat] met lon {x0} tot {x1} en "
                f"lat {y0} tot {y1} (EPSG:4326)",
            )
    else:
        fout = _buiten(coords, RD_GRENZEN)
        if fout is not None:
            x0, y0, x1, y1 = RD_GRENZEN
            hint = ""
            if abs(fout[0]) <= 180 and abs(fout[1]) <= 90:
                hint = "; dit lijken lengte-/breedtegraden: laat crs weg of geef crs=EPSG:4326"
            raise _Geometriefout(
                f"{veld}.coordinates",
                f"[{fout[0]:g}, {fout[1]:g}]",
                f"valt buiten Nederland in EPSG:28992 (RD New): x moet {x0:g} tot {x1:g} en "
                f"y {y0:g} tot {y1:g} zijn{hint}",
            )
    if not geometrie.is_valid:
        reden = explain_validity(geometrie)
        plek = re.search(r"\[([-\d.e+]+) ([-\d.e+]+)\]", reden)
        waar = f"[{float(plek[1]):g}, {float(plek[2]):g}]" if plek else reden
        if reden.startswith("Self-intersection") or reden.startswith("Ring Self-intersection"):
            melding = (
                "de polygoon snijdt zichzelf; teken hem opnieuw zonder kruisende randen "
                "(Leaflet.draw: allowIntersection false)"
            )
        elif reden.startswith("Too few points"):
            melding = "een ring heeft te weinig verschillende punten (minstens 3)"
        else:
            melding = f"is geen geldige geometrie ({reden.split('[')[0].strip()})"
        raise _Geometriefout(veld, waar, melding)
    if crs == WGS84:
        geometrie = van_wgs84([geometrie])[0]
    return geometrie


# --------------------------------------------------------------------------- bodies


def lees_locatie(
    data: Any, crs: str = WGS84, gedeeltelijk: bool = False, locatie_id: int | None = None
) -> dict[str, Any]:
    """A site as a GeoJSON Feature (``gedeeltelijk``: a JSON merge patch of one) as canonical
    fields for :class:`~locatieplanner.model.Locatie` / ``Store.wijzig_locatie``, geometry in
    EPSG:28992. Read-only properties (:data:`ALLEEN_LEZEN`) are ignored; without
    ``gedeeltelijk`` absent properties get their defaults (a full replacement)."""
    item = "locatie" if locatie_id is None else f"locatie {locatie_id}"
    if not isinstance(data, dict):
        raise ValidatieFout(
            [Probleem("body", _kort(data), "moet een GeoJSON Feature (object) zijn", item)]
        )
    problemen: list[Probleem] = []
    for k in data:
        if k not in ("type", "id", "geometry", "properties", "bbox"):
            problemen.append(
                Probleem(
                    k,
                    _kort(data[k]),
                    "onbekend veld in de Feature; toegestaan zijn type, id, geometry, "
                    "properties en bbox",
                    item,
                )
            )
    if ("type" in data or not gedeeltelijk) and data.get("type") != "Feature":
        problemen.append(Probleem("type", _kort(data.get("type")), "moet Feature zijn", item))
    if locatie_id is not None and data.get("id") not in (None, locatie_id):
        problemen.append(
            Probleem(
                "id", _kort(data["id"]), f"verschilt van de locatie in de URL ({locatie_id})", item
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
                _kort(eigenschappen),
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
        velden.update({k: v for k, v in _STANDAARD.items() if k not in schrijfbaar})
    velden.update(schrijfbaar)
    if "toewijzingen" in velden:
        velden["toewijzingen"] = [
            Toewijzing(t["corporatie"], t["daeb"], t.get("oplevering"))
            for t in velden["toewijzingen"]
        ]
    return velden


def _zonder_id(data: Any, wat: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidatieFout([Probleem("body", _kort(data), f"moet een object zijn ({wat})")])
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
                        _kort(waarden[0] if waarden else ""),
                        "onbekende queryparameter; toegestaan zijn "
                        + (", ".join(self.toegestaan) or "geen"),
                    )
                )
            elif len(waarden) > 1:
                self.problemen.append(
                    Probleem(naam, _kort(",".join(waarden)), "mag maar één keer voorkomen")
                )
            elif not waarden or not waarden[0].strip():
                self.problemen.append(
                    Probleem(naam, "", "is leeg; geef een waarde of laat de parameter weg")
                )
            else:
                self._waarden[naam] = waarden[0]

    def _fout(self, naam: str, waarde: Any, melding: str) -> None:
        self.problemen.append(Probleem(naam, _kort(waarde), melding))

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
                    _kort(waarde),
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
        melding = f"Inhoudstype {_kort(mimetype)!r} wordt hier niet ondersteund"
    raise OngeldigInhoudstype(melding + "; toegestaan zijn " + ", ".join(toegestaan))


def lees_gebruiker(kop: str | None, standaard: str) -> str:
    """Who writes: the ``X-Gebruiker`` header (printable, at most 100 characters) or
    ``standaard``."""
    if kop is None or not kop.strip():
        return standaard
    naam = kop.strip()
    if len(naam) > 100 or not naam.isprintable():
        raise OngeldigVerzoek(
            [
                Probleem(
                    "X-Gebruiker",
                    _kort(naam),
                    "moet een naam van 1 tot 100 afdrukbare tekens zijn",
                )
            ]
        )
    return naam
