"""Field rules of the REST API as JSON-schema fragments, and a small validator for them.

The fragments are the single source of the rules: :mod:`.verzoek` checks bodies with
:func:`controleer` (Dutch messages naming field, value and what is allowed) and :mod:`.openapi`
puts the same fragments in the OpenAPI document. This module does not import Flask.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..domein.model import (
    AANTAL_MAX,
    FASEN,
    JAAR_MAX,
    JAAR_MIN,
    SEGMENTEN,
    SOORTEN_ONTTREKKING,
    STATUSSEN,
)
from ..errors import Probleem

__all__ = [
    "MAX_AANTAL",
    "MAX_ID",
    "MAX_TOEWIJZINGEN",
    "ZOEK_PARAMETERS",
    "TOEWIJZING_SCHEMA",
    "LOCATIE_EIGENSCHAPPEN",
    "STANDAARD",
    "ALLEEN_LEZEN",
    "ONTTREKKING_SCHEMA",
    "BOD_SCHEMA",
    "controleer",
    "ingekort",
]

#: Largest dwelling count anywhere (a site, a segment, an assignment, a removal, a bid).
MAX_AANTAL = AANTAL_MAX
#: Largest id (the id columns are 32-bit integers on PostgreSQL).
MAX_ID = 2**31 - 1
#: Most assignments of one site.
MAX_TOEWIJZINGEN = 200
#: The query parameters of ``GET /locaties`` (the API accepts these and no others).
ZOEK_PARAMETERS: tuple[str, ...] = (
    "bbox",
    "crs",
    "gemeente",
    "corporatie",
    "hardheid",
    "status",
    "oplevering_van",
    "oplevering_tot",
    "q",
    "limit",
    "offset",
)

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
STANDAARD: dict[str, Any] = {
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


def ingekort(waarde: Any) -> Any:
    """A value fit for an error message: long texts cut, containers described."""
    if isinstance(waarde, str):
        return waarde if len(waarde) <= 60 else waarde[:40] + "…"
    if isinstance(waarde, list):
        return f"lijst met {len(waarde)} elementen"
    if isinstance(waarde, dict):
        return "object met sleutels " + ", ".join(sorted(map(str, waarde))[:10])
    return waarde


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
            return [Probleem(veld, ingekort(waarde), melding, item)]
    if waarde is None:
        return []
    if "enum" in schema and waarde not in schema["enum"]:
        toegestaan = ", ".join(str(v) for v in schema["enum"] if v is not None)
        return [
            Probleem(veld, ingekort(waarde), f"niet toegestaan; toegestaan zijn {toegestaan}", item)
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
                    ingekort(waarde),
                    f"is te lang ({len(waarde)} tekens); hoogstens {schema['maxLength']} tekens",
                    item,
                )
            ]
        if "pattern" in schema and not re.fullmatch(schema["pattern"], waarde):
            return [
                Probleem(veld, ingekort(waarde), f"heeft niet de vorm {schema['pattern']}", item)
            ]
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
                    ingekort(waarde[k]),
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
