"""The OpenAPI 3.1 document of the REST API ``/api/v1`` (served as ``/api/v1/openapi.json``).

Field rules come from :mod:`.velden` (the same fragments the server validates with) and the
analysis schema from :func:`locatieplanner.analyse.laad_schema`, so the document cannot drift from
what the server accepts and answers. This module does not import Flask.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from ..analyse import laad_schema
from ..domein.model import FASEN, JAAR_MAX, JAAR_MIN, LIGGINGEN, SEGMENTEN, STATUSSEN
from ..domein.waarschuwingen import SOORTEN as SOORTEN_WAARSCHUWING
from .geojson_invoer import LOCATIE_TYPEN, MAX_HOEKPUNTEN, NL_WGS84
from .velden import (
    ALLEEN_LEZEN,
    BOD_SCHEMA,
    LOCATIE_EIGENSCHAPPEN,
    MAX_ID,
    ONTTREKKING_SCHEMA,
    ZOEK_PARAMETERS,
)
from .verzoek import CRSSEN

__all__ = ["OPENAPI_VERSIE", "openapi_document"]

OPENAPI_VERSIE = "3.1.0"

_JSON = "application/json"
_GEOJSON = "application/geo+json"
_MERGE = "application/merge-patch+json"


def _ref(naam: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{naam}"}


def _param(naam: str) -> dict[str, str]:
    return {"$ref": f"#/components/parameters/{naam}"}


def _inhoud(schema: dict[str, Any], *typen: str) -> dict[str, Any]:
    return {t: {"schema": schema} for t in (typen or (_JSON,))}


def _fout(beschrijving: str) -> dict[str, Any]:
    return {"description": beschrijving, "content": _inhoud(_ref("Fout"))}


_FOUTEN = {
    "400": "Onleesbaar verzoek: ongeldige JSON, queryparameter of header",
    "404": "Bestaat niet (meer)",
    "412": "Verouderde versie: iemand anders heeft intussen gewijzigd (met het huidige item)",
    "413": "Verzoek te groot",
    "415": "Verkeerd inhoudstype (Content-Type)",
    "422": "Inhoud breekt een regel (veld, waarde en wat toegestaan is in details)",
    "428": "If-Match ontbreekt",
}


def _antwoorden(goed: dict[str, Any], *fouten: str) -> dict[str, Any]:
    uit = dict(goed)
    for code in ("400", *fouten):
        uit[code] = _fout(_FOUTEN[code])
    uit["default"] = _fout("Andere fout (bijvoorbeeld 405 methode niet toegestaan)")
    return uit


def _positie() -> dict[str, Any]:
    return {"type": "array", "minItems": 2, "maxItems": 3, "items": {"type": "number"}}


def _ring() -> dict[str, Any]:
    return {"type": "array", "minItems": 4, "items": _ref("Positie")}


def _geometrie(soort: str, coordinaten: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type", "coordinates"],
        "properties": {
            "type": {"type": "string", "const": soort},
            "coordinates": coordinaten,
            "bbox": {"type": "array", "items": {"type": "number"}},
        },
        "additionalProperties": False,
    }


def _schemas() -> dict[str, Any]:
    analyse = copy.deepcopy(laad_schema())
    analyse.pop("$schema", None)
    uitvoer_eigenschappen = {
        "id": {
            "type": "integer",
            "minimum": 1,
            "description": "Id van de locatie (als Feature.id)",
        },
        "bron_id": {"type": ["string", "null"]},
        "naam": {"type": "string"},
        "gemeente": {"type": ["string", "null"]},
        "gemeentenaam": {
            "type": ["string", "null"],
            "description": "Naam van de gemeente",
        },
        "ligging": {
            "type": "string",
            "enum": list(LIGGINGEN),
            "description": "; ".join(f"{k}: {v}" for k, v in LIGGINGEN.items()),
        },
        "status": {"type": "string", "enum": list(STATUSSEN)},
        "hardheid": {
            "type": "string",
            "enum": ["hard", "zacht"],
            "description": "hard bij status 1A, 1B, 2A, 2B; anders zacht",
        },
        "fase": {"type": ["integer", "null"], "enum": [*FASEN, None]},
        **{seg: {"type": "integer", "minimum": 0} for seg in SEGMENTEN},
        "start": {"type": ["integer", "null"]},
        "oplevering": {"type": ["integer", "null"]},
        "opmerking": {"type": ["string", "null"]},
        "versie": {
            "type": "integer",
            "minimum": 1,
            "description": "Versie (optimistische vergrendeling); de ETag is deze waarde tussen aanhalingstekens",
        },
        "aangemaakt": {"type": "string", "format": "date-time"},
        "gewijzigd": {"type": "string", "format": "date-time"},
        "daeb_nt": {"type": "integer", "description": "DAEB-woningen zonder corporatie"},
        "corporaties": {
            "type": "string",
            "description": "Namen van de corporaties, gescheiden door '; '",
        },
        "toewijzingen": {"type": "array", "items": _ref("Toewijzing")},
    }
    # accepted with any value and ignored, so a Feature as read can be sent back
    alleen_lezen = {
        k: {"readOnly": True, "description": "Alleen-lezen; wordt in een verzoek genegeerd"}
        for k in sorted(ALLEEN_LEZEN)
    }
    invoer_eigenschappen = {
        "type": "object",
        "description": "Eigenschappen van een locatie (onbekende velden worden geweigerd; "
        "alleen-lezen velden genegeerd)",
        "properties": {**LOCATIE_EIGENSCHAPPEN, **alleen_lezen},
        "additionalProperties": False,
    }
    volledig = copy.deepcopy(invoer_eigenschappen)
    volledig["required"] = ["naam", "status"]
    link = {
        "type": "object",
        "required": ["rel", "href"],
        "properties": {
            "rel": {"type": "string"},
            "href": {"type": "string"},
            "type": {"type": "string"},
        },
    }
    return {
        "Probleem": {
            "type": "object",
            "required": ["veld", "melding"],
            "properties": {
                "item": {"type": ["string", "null"], "description": "Welk item"},
                "veld": {"type": "string", "description": "Veld, parameter of header"},
                "waarde": {"description": "De geweigerde waarde (ingekort)"},
                "melding": {"type": "string", "description": "Wat er mis is en wat mag"},
            },
        },
        "Fout": {
            "type": "object",
            "required": ["fout", "details"],
            "properties": {
                "fout": {"type": "string", "description": "Nederlandse foutmelding"},
                "details": {"type": "array", "items": _ref("Probleem")},
                "huidig": {
                    **_ref("Locatie"),
                    "description": "Bij 412: de huidige versie van de locatie",
                },
            },
        },
        "Positie": {
            **_positie(),
            "description": "[lon, lat] in EPSG:4326 (binnen Nederland: lon "
            f"{NL_WGS84[0]}..{NL_WGS84[2]}, lat {NL_WGS84[1]}..{NL_WGS84[3]}), "
            "of [x, y] in EPSG:28992 met crs=EPSG:28992",
        },
        "Punt": _geometrie("Point", _ref("Positie")),
        "Polygoon": _geometrie(
            "Polygon",
            {
                "type": "array",
                "minItems": 1,
                "items": _ring(),
                "description": "Gesloten ringen; de eerste is de buitenrand. Zichzelf snijdende "
                "polygonen worden geweigerd (422)",
            },
        ),
        "MultiPolygoon": _geometrie(
            "MultiPolygon",
            {
                "type": "array",
                "minItems": 1,
                "items": {"type": "array", "minItems": 1, "items": _ring()},
            },
        ),
        "Geometrie": {
            "description": f"GeoJSON-geometrie ({', '.join(LOCATIE_TYPEN)}), hoogstens "
            f"{MAX_HOEKPUNTEN} posities, binnen Nederland",
            "oneOf": [_ref("Punt"), _ref("Polygoon"), _ref("MultiPolygoon")],
        },
        "Vlak": {"oneOf": [_ref("Polygoon"), _ref("MultiPolygoon")]},
        "Toewijzing": {
            "type": "object",
            "required": ["corporatie", "daeb", "oplevering"],
            "properties": {
                "corporatie": {"type": "string"},
                "daeb": {"type": "integer", "minimum": 0},
                "oplevering": {"type": ["integer", "null"]},
            },
        },
        "LocatieEigenschappen": {
            "type": "object",
            "required": list(uitvoer_eigenschappen),
            "properties": uitvoer_eigenschappen,
        },
        "Locatie": {
            "type": "object",
            "required": ["type", "id", "geometry", "properties"],
            "properties": {
                "type": {"type": "string", "const": "Feature"},
                "id": {"type": "integer", "minimum": 1},
                "geometry": _ref("Geometrie"),
                "properties": _ref("LocatieEigenschappen"),
            },
        },
        "Waarschuwing": {
            "type": "object",
            "required": ["soort", "melding"],
            "properties": {
                "soort": {"type": "string", "enum": list(SOORTEN_WAARSCHUWING)},
                "melding": {"type": "string"},
                "locatie": {"type": "integer", "description": "Bij overlap: de andere locatie"},
                "oppervlakte_m2": {
                    "type": "number",
                    "description": "Bij overlap: gedeelde oppervlakte (0 bij een punt)",
                },
            },
        },
        "LocatieOpgeslagen": {
            "allOf": [
                _ref("Locatie"),
                {
                    "type": "object",
                    "required": ["waarschuwingen"],
                    "properties": {
                        "waarschuwingen": {"type": "array", "items": _ref("Waarschuwing")}
                    },
                },
            ]
        },
        "Link": link,
        "LocatieCollectie": {
            "type": "object",
            "required": [
                "type",
                "numberMatched",
                "numberReturned",
                "links",
                "samenvatting",
                "features",
            ],
            "properties": {
                "type": {"type": "string", "const": "FeatureCollection"},
                "numberMatched": {"type": "integer", "minimum": 0},
                "numberReturned": {"type": "integer", "minimum": 0},
                "links": {"type": "array", "items": _ref("Link")},
                "samenvatting": {
                    "type": "object",
                    "description": "Over alle gevonden locaties (niet alleen deze pagina)",
                    "required": ["locaties", "daeb", "daeb_hard", "daeb_zacht"],
                    "properties": {
                        k: {"type": "integer", "minimum": 0}
                        for k in ("locaties", "daeb", "daeb_hard", "daeb_zacht")
                    },
                },
                "features": {"type": "array", "items": _ref("Locatie")},
            },
        },
        "LocatieInvoerEigenschappen": volledig,
        "LocatiePatchEigenschappen": invoer_eigenschappen,
        "LocatieInvoer": {
            "type": "object",
            "description": "Een GeoJSON Feature; bij PUT vervangt ze de hele locatie (afwezige "
            "eigenschappen krijgen hun standaardwaarde)",
            "required": ["type", "geometry", "properties"],
            "additionalProperties": False,
            "properties": {
                "type": {"type": "string", "const": "Feature"},
                "id": {"readOnly": True, "description": "Genegeerd (bij PUT gelijk aan de URL)"},
                "bbox": {"type": "array", "items": {"type": "number"}},
                "geometry": _ref("Geometrie"),
                "properties": _ref("LocatieInvoerEigenschappen"),
            },
        },
        "LocatiePatch": {
            "type": "object",
            "description": "JSON merge patch (RFC 7396) van een Feature: alleen de gegeven "
            "eigenschappen (en eventueel de geometrie) veranderen; toewijzingen vervangt alle",
            "additionalProperties": False,
            "properties": {
                "type": {"type": "string", "const": "Feature"},
                "id": {"readOnly": True, "description": "Genegeerd (gelijk aan de URL)"},
                "bbox": {"type": "array", "items": {"type": "number"}},
                "geometry": _ref("Geometrie"),
                "properties": _ref("LocatiePatchEigenschappen"),
            },
        },
        "Geschiedenisregel": {
            "type": "object",
            "required": ["tijd", "gebruiker", "actie", "oud", "nieuw"],
            "properties": {
                "tijd": {"type": "string", "format": "date-time"},
                "gebruiker": {"type": "string"},
                "actie": {
                    "type": "string",
                    "description": "toegevoegd, gewijzigd, verwijderd of herberekend",
                },
                "oud": {
                    "type": ["object", "null"],
                    "description": "Velden vóór de wijziging (geometrie als WKT in EPSG:28992)",
                },
                "nieuw": {"type": ["object", "null"], "description": "Velden na de wijziging"},
            },
        },
        "GemeenteCollectie": {
            "type": "object",
            "required": ["type", "features"],
            "properties": {
                "type": {"type": "string", "const": "FeatureCollection"},
                "features": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["type", "id", "geometry", "properties"],
                        "properties": {
                            "type": {"type": "string", "const": "Feature"},
                            "id": {"type": "string"},
                            "geometry": {
                                "oneOf": [_ref("Vlak"), {"type": "null"}],
                                "description": "null als de grens niet geladen is",
                            },
                            "properties": {
                                "type": "object",
                                "required": [
                                    "gemeente",
                                    "naam",
                                    "woningen",
                                    "doelgroep",
                                    "peiljaar",
                                    "bod",
                                ],
                                "properties": {
                                    "gemeente": {"type": "string"},
                                    "naam": {"type": "string"},
                                    "woningen": {"type": ["integer", "null"]},
                                    "doelgroep": {"type": ["integer", "null"]},
                                    "peiljaar": {"type": ["integer", "null"]},
                                    "bod": {
                                        "type": ["integer", "null"],
                                        "description": "DAEB van het nieuwste bod",
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
        "Corporatie": {
            "type": "object",
            "required": ["id", "naam", "code", "gemeenten"],
            "properties": {
                "id": {"type": "integer"},
                "naam": {"type": "string"},
                "code": {"type": ["string", "null"]},
                "gemeenten": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "Werkgebied (gemeentecodes)",
                },
            },
        },
        "ToewijzingRij": {
            "type": "object",
            "required": [
                "locatie",
                "bron_id",
                "naam",
                "gemeente",
                "corporatie",
                "daeb",
                "oplevering",
                "hardheid",
            ],
            "properties": {
                "locatie": {"type": "integer"},
                "bron_id": {"type": ["string", "null"]},
                "naam": {"type": "string"},
                "gemeente": {"type": ["string", "null"]},
                "corporatie": {"type": "string"},
                "daeb": {"type": "integer", "minimum": 0},
                "oplevering": {"type": ["integer", "null"]},
                "hardheid": {"type": "string", "enum": ["hard", "zacht"]},
            },
        },
        "OnttrekkingInvoer": ONTTREKKING_SCHEMA,
        "Onttrekking": _uitvoer_schema(ONTTREKKING_SCHEMA),
        "BodInvoer": BOD_SCHEMA,
        "Bod": _uitvoer_schema(BOD_SCHEMA),
        "Analyse": analyse,
    }


def _uitvoer_schema(invoer: dict[str, Any]) -> dict[str, Any]:
    """The schema of a stored item from the schema of its input: every field present (without
    input limits such as maxLength) plus its ``id``."""
    return {
        "type": "object",
        "required": list(invoer["properties"]),
        "properties": {
            **{
                k: {kk: vv for kk, vv in v.items() if kk not in ("readOnly", "maxLength")}
                for k, v in invoer["properties"].items()
            },
            "id": {"type": "integer", "minimum": 1},
        },
    }


def _parameters() -> dict[str, Any]:
    def query(naam: str, schema: dict[str, Any], beschrijving: str) -> dict[str, Any]:
        return {
            "name": naam,
            "in": "query",
            "required": False,
            "schema": schema,
            "description": beschrijving,
        }

    getal = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"
    return {
        "crs": query(
            "crs",
            {"type": "string", "enum": list(CRSSEN), "default": CRSSEN[0]},
            "Coördinatenstelsel van geometrieën (en bbox) in verzoek en antwoord",
        ),
        "bbox": query(
            "bbox",
            {"type": "string", "pattern": rf"^{getal},{getal},{getal},{getal}$"},
            "minx,miny,maxx,maxy in crs (standaard minlon,minlat,maxlon,maxlat); locaties die "
            "het vak raken",
        ),
        "gemeente": query(
            "gemeente",
            {"type": "string", "maxLength": 2000},
            "Gemeentecode(s), kommagescheiden, bijvoorbeeld GM0518,GM0603",
        ),
        "een_gemeente": query(
            "gemeente", {"type": "string", "maxLength": 10}, "Eén gemeentecode, bijvoorbeeld GM0518"
        ),
        "corporatie": query(
            "corporatie", {"type": "string", "maxLength": 100}, "Naam van een bekende corporatie"
        ),
        "hardheid": query(
            "hardheid", {"type": "string", "enum": ["hard", "zacht"]}, "Harde of zachte plannen"
        ),
        "status": query(
            "status",
            {
                "type": "string",
                "pattern": "^(" + "|".join(STATUSSEN) + ")(,(" + "|".join(STATUSSEN) + "))*$",
            },
            "Planstatus(sen), kommagescheiden, bijvoorbeeld 1A,1B",
        ),
        "oplevering_van": query(
            "oplevering_van",
            {"type": "integer", "minimum": JAAR_MIN, "maximum": JAAR_MAX},
            "Locaties met een opleveringsjaar (van de locatie of een toewijzing) vanaf dit jaar",
        ),
        "oplevering_tot": query(
            "oplevering_tot",
            {"type": "integer", "minimum": JAAR_MIN, "maximum": JAAR_MAX},
            "... tot en met dit jaar",
        ),
        "q": query(
            "q",
            {"type": "string", "maxLength": 200},
            "Zoektekst in naam of bron_id (hoofdletterongevoelig)",
        ),
        "limit": query(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": 5000, "default": 1000},
            "Aantal locaties per pagina",
        ),
        "offset": query(
            "offset",
            {"type": "integer", "minimum": 0, "maximum": MAX_ID, "default": 0},
            "Aantal over te slaan locaties",
        ),
        "locatie_id": {
            "name": "locatie_id",
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        },
        "onttrekking_id": {
            "name": "onttrekking_id",
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        },
        "If-Match": {
            "name": "If-Match",
            "in": "header",
            "required": True,
            "schema": {"type": "string", "pattern": r'^\s*("[0-9]{1,15}"|[0-9]{1,15})\s*$'},
            "description": 'ETag van de versie waarop de wijziging is gebaseerd, bijvoorbeeld "3"; '
            "ontbreekt: 428, verouderd: 412",
        },
        "X-Gebruiker": {
            "name": "X-Gebruiker",
            "in": "header",
            "required": False,
            "schema": {"type": "string", "maxLength": 100},
            "description": "Wie de wijziging doet (in het wijzigingslog); standaard de "
            "instelling GEBRUIKER",
        },
    }


def _feature_antwoord(beschrijving: str, schema: str) -> dict[str, Any]:
    return {
        "description": beschrijving,
        "headers": {
            "ETag": {
                "description": "Versie van de locatie tussen aanhalingstekens",
                "schema": {"type": "string"},
            },
        },
        "content": _inhoud(_ref(schema), _GEOJSON),
    }


def _paden() -> dict[str, Any]:
    schrijf = [_param("X-Gebruiker")]
    # the answers of replacing and of changing a site
    opgeslagen = _antwoorden(
        {"200": _feature_antwoord("Opgeslagen, met waarschuwingen", "LocatieOpgeslagen")},
        "404",
        "412",
        "413",
        "415",
        "422",
        "428",
    )
    json_lijst = lambda schema, tekst: {  # noqa: E731
        "description": tekst,
        "content": _inhoud({"type": "array", "items": _ref(schema)}),
    }
    return {
        "/": {
            "get": {
                "operationId": "index",
                "summary": "Ingang met links naar de collecties en dit document",
                "responses": _antwoorden(
                    {"200": {"description": "Links", "content": _inhoud({"type": "object"})}}
                ),
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "Dit OpenAPI-document",
                "responses": _antwoorden(
                    {"200": {"description": "OpenAPI 3.1", "content": _inhoud({"type": "object"})}}
                ),
            }
        },
        "/locaties": {
            "get": {
                "operationId": "locatiesZoeken",
                "summary": "Locaties als GeoJSON, gefilterd en per pagina",
                "parameters": [_param(n) for n in ZOEK_PARAMETERS],
                "responses": _antwoorden(
                    {
                        "200": {
                            "description": "FeatureCollection met numberMatched, "
                            "numberReturned, links (self, next, prev) en samenvatting",
                            "content": _inhoud(_ref("LocatieCollectie"), _GEOJSON),
                        }
                    }
                ),
            },
            "post": {
                "operationId": "locatieToevoegen",
                "summary": "Nieuwe locatie (gemeente en ligging worden afgeleid)",
                "parameters": [_param("crs"), *schrijf],
                "requestBody": {
                    "required": True,
                    "content": _inhoud(_ref("LocatieInvoer"), _JSON, _GEOJSON),
                },
                "responses": _antwoorden(
                    {
                        "201": {
                            **_feature_antwoord(
                                "Opgeslagen, met waarschuwingen (grens, buiten, onbekend, overlap)",
                                "LocatieOpgeslagen",
                            ),
                            "headers": {
                                "ETag": {"schema": {"type": "string"}},
                                "Location": {"schema": {"type": "string"}},
                            },
                        }
                    },
                    "413",
                    "415",
                    "422",
                ),
            },
        },
        "/locaties/{locatie_id}": {
            "parameters": [_param("locatie_id")],
            "get": {
                "operationId": "locatieLezen",
                "summary": "Eén locatie met ETag",
                "parameters": [_param("crs")],
                "responses": _antwoorden(
                    {
                        "200": _feature_antwoord("De locatie", "Locatie"),
                        "304": {"description": "Ongewijzigd (If-None-Match)"},
                    },
                    "404",
                ),
            },
            "put": {
                "operationId": "locatieVervangen",
                "summary": "Locatie geheel vervangen (geometrie en alle eigenschappen)",
                "parameters": [_param("crs"), _param("If-Match"), *schrijf],
                "requestBody": {
                    "required": True,
                    "content": _inhoud(_ref("LocatieInvoer"), _JSON, _GEOJSON),
                },
                "responses": opgeslagen,
            },
            "patch": {
                "operationId": "locatieWijzigen",
                "summary": "Gegeven eigenschappen (en eventueel de geometrie) wijzigen",
                "parameters": [_param("crs"), _param("If-Match"), *schrijf],
                "requestBody": {
                    "required": True,
                    "content": _inhoud(_ref("LocatiePatch"), _MERGE, _JSON),
                },
                "responses": opgeslagen,
            },
            "delete": {
                "operationId": "locatieVerwijderen",
                "summary": "Locatie verwijderen (met haar toewijzingen)",
                "parameters": [_param("If-Match"), *schrijf],
                "responses": _antwoorden(
                    {"204": {"description": "Verwijderd"}}, "404", "412", "428"
                ),
            },
        },
        "/locaties/{locatie_id}/geschiedenis": {
            "parameters": [_param("locatie_id")],
            "get": {
                "operationId": "locatieGeschiedenis",
                "summary": "Wijzigingslog van een locatie, oudste eerst (ook na verwijderen)",
                "responses": _antwoorden(
                    {"200": json_lijst("Geschiedenisregel", "Wijzigingen")}, "404"
                ),
            },
        },
        "/gemeenten": {
            "get": {
                "operationId": "gemeenten",
                "summary": "Gemeenten van de regio met voorraden en nieuwste bod",
                "parameters": [_param("crs")],
                "responses": _antwoorden(
                    {
                        "200": {
                            "description": "FeatureCollection; geometry null zonder grens",
                            "content": _inhoud(_ref("GemeenteCollectie"), _GEOJSON),
                        }
                    }
                ),
            }
        },
        "/corporaties": {
            "get": {
                "operationId": "corporaties",
                "summary": "Corporaties met werkgebied",
                "responses": _antwoorden({"200": json_lijst("Corporatie", "Corporaties")}),
            }
        },
        "/toewijzingen": {
            "get": {
                "operationId": "toewijzingen",
                "summary": "Toewijzingen van DAEB-woningen aan corporaties",
                "parameters": [_param("gemeente"), _param("corporatie")],
                "responses": _antwoorden({"200": json_lijst("ToewijzingRij", "Toewijzingen")}),
            }
        },
        "/onttrekkingen": {
            "get": {
                "operationId": "onttrekkingen",
                "summary": "Onttrekkingen aan de doelgroepvoorraad",
                "parameters": [_param("een_gemeente")],
                "responses": _antwoorden({"200": json_lijst("Onttrekking", "Onttrekkingen")}),
            },
            "post": {
                "operationId": "onttrekkingToevoegen",
                "summary": "Nieuwe onttrekking",
                "parameters": schrijf,
                "requestBody": {"required": True, "content": _inhoud(_ref("OnttrekkingInvoer"))},
                "responses": _antwoorden(
                    {
                        "201": {
                            "description": "Opgeslagen",
                            "headers": {"Location": {"schema": {"type": "string"}}},
                            "content": _inhoud(_ref("Onttrekking")),
                        }
                    },
                    "413",
                    "415",
                    "422",
                ),
            },
        },
        "/onttrekkingen/{onttrekking_id}": {
            "parameters": [_param("onttrekking_id")],
            "get": {
                "operationId": "onttrekkingLezen",
                "summary": "Eén onttrekking",
                "responses": _antwoorden(
                    {
                        "200": {
                            "description": "De onttrekking",
                            "content": _inhoud(_ref("Onttrekking")),
                        }
                    },
                    "404",
                ),
            },
            "delete": {
                "operationId": "onttrekkingVerwijderen",
                "summary": "Onttrekking verwijderen",
                "parameters": schrijf,
                "responses": _antwoorden({"204": {"description": "Verwijderd"}}, "404"),
            },
        },
        "/biedingen": {
            "get": {
                "operationId": "biedingen",
                "summary": "Alle versies van de biedingen, per gemeente oudste eerst",
                "parameters": [_param("een_gemeente")],
                "responses": _antwoorden({"200": json_lijst("Bod", "Biedingen")}),
            },
            "post": {
                "operationId": "bodBewaren",
                "summary": "Versie van een bod bewaren; dezelfde (gemeente, versie) wordt bijgewerkt",
                "parameters": schrijf,
                "requestBody": {"required": True, "content": _inhoud(_ref("BodInvoer"))},
                "responses": _antwoorden(
                    {
                        "200": {"description": "Bijgewerkt", "content": _inhoud(_ref("Bod"))},
                        "201": {"description": "Nieuw", "content": _inhoud(_ref("Bod"))},
                    },
                    "413",
                    "415",
                    "422",
                ),
            },
        },
        "/analyse": {
            "get": {
                "operationId": "analyse",
                "summary": "De analyse als JSON (schema locatieplanner-analyse/1)",
                "parameters": [
                    {
                        "name": "peiljaar",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": JAAR_MIN, "maximum": JAAR_MAX},
                        "description": "Peiljaar binnen de periode van de regio (standaard het "
                        "laatste jaar); daarbuiten 400",
                    },
                    {
                        "name": "zacht_factor",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "number", "minimum": 0, "maximum": 1},
                        "description": "Deel van de zachte plannen dat gebouwd wordt (realistische "
                        "schatting)",
                    },
                ],
                "responses": _antwoorden(
                    {"200": {"description": "De analyse", "content": _inhoud(_ref("Analyse"))}}
                ),
            }
        },
    }


@cache
def _document() -> dict[str, Any]:
    return {
        "openapi": OPENAPI_VERSIE,
        "info": {
            "title": "locatieplanner REST API",
            "version": "1.0.0",
            "description": "Locaties voor sociale huurwoningen (DAEB) in de woningmarktregio, "
            "hun toewijzing aan corporaties, onttrekkingen, biedingen en de analyse. "
            "Geometrieën zijn GeoJSON in EPSG:4326 (lon/lat) of, met crs=EPSG:28992, in RD New. "
            "Fouten zijn JSON {fout, details} met een 4xx-status. Schrijven naar een locatie "
            "vraagt If-Match met de ETag (versie) waarop de wijziging is gebaseerd.",
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": _paden(),
        "components": {"schemas": _schemas(), "parameters": _parameters()},
    }


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document (a fresh copy)."""
    return copy.deepcopy(_document())
