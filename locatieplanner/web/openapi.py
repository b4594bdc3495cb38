"""The operations of the REST API ``/api/v1``, each declared once with :func:`operatie`, and the
OpenAPI 3.1 document derived from them (served as ``/api/v1/openapi.json``).

An operation is a route with the pydantic models (:mod:`.schemas`) of its query parameters, body
and answers. The route validates its request with them (:class:`.verzoek.Verzoek`) and the
document describes them: parameters from the query models, request bodies and answers from
``model_json_schema``, the models' ``$defs`` as ``components/schemas``; it cannot drift from what
the server accepts and answers. A new endpoint is a function with the decorator::

    @operatie(bp, "GET /casussen/<int:casus_id>", "Eén casus", {200: Casus}, query=CrsVraag)
    def casus_lezen(v: Verzoek, casus_id: int) -> Response: ...
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from flask import Blueprint, Response
from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema

from .schemas import MAX_ID, Fout
from .toegang import regel
from .verzoek import JSON_TYPEN, Verzoek

__all__ = ["OPENAPI_VERSIE", "Antwoord", "Operatie", "OPERATIES", "operatie", "openapi_document"]

OPENAPI_VERSIE = "3.1.0"


@dataclass(frozen=True)
class Antwoord:
    """A successful answer: the model of its body (also ``list[model]``; None: no body), its
    description and response headers. Its content type is the model's ``inhoudstype``."""

    schema: Any
    beschrijving: str
    koppen: tuple[str, ...] = ()


@dataclass(frozen=True)
class Operatie:
    """What an operation takes and answers (see :func:`operatie`)."""

    methode: str
    pad: str
    operatie_id: str
    samenvatting: str
    antwoorden: dict[int, Antwoord]
    query: Any = None
    body: Any = None
    if_match: bool = False

    #: Access rule of the route (:func:`.toegang.regel`): ``aangemeld`` unless declared.
    regel: str = "aangemeld"

    @property
    def schrijft(self) -> bool:
        """Whether it writes: every method but GET."""
        return self.methode != "GET"

    @property
    def inhoudstypen(self) -> tuple[str, ...]:
        """The content types of its body (of a PATCH: also a JSON merge patch)."""
        patch = ("application/merge-patch+json",) if self.methode == "PATCH" else ()
        return (*JSON_TYPEN, *patch)


#: Every declared operation, in declaration order.
OPERATIES: list[Operatie] = []


def operatie(
    bp: Blueprint,
    route: str,
    samenvatting: str,
    antwoorden: dict[int, Any],
    naam: str | None = None,
    **declaratie: Any,
) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """Declare and route an operation of ``bp``: ``route`` is a method and a Flask rule
    (``"GET /locaties/<int:locatie_id>"``), ``samenvatting`` its (Dutch) summary, ``antwoorden``
    per status an :class:`Antwoord`, a model (described by the summary) or, without a body, a
    description; ``query`` and ``body`` are models, ``if_match`` asks for the version. The
    endpoint is ``naam`` (default: the function's name), the operationId that in camelCase. The
    function is called with a :class:`.verzoek.Verzoek` and the path's values."""
    methode, pad = route.split(" ", 1)

    def declareer(functie: Callable[..., Response]) -> Callable[..., Response]:
        endpoint = naam or functie.__name__
        op = Operatie(
            methode,
            pad,
            re.sub(r"_(\w)", lambda m: m[1].upper(), endpoint),
            samenvatting,
            {code: _antwoord_van(a, samenvatting) for code, a in antwoorden.items()},
            **declaratie,
        )
        OPERATIES.append(op)
        view = regel(op.regel)(lambda **waarden: functie(Verzoek(op), **waarden))
        # a kept answer of this operation may be sent by the fast path (see .snelpad)
        view._lp_gecachet = getattr(functie, "_lp_gecachet", False)  # type: ignore[attr-defined]
        bp.add_url_rule(pad, endpoint, view, methods=[methode])
        return functie

    return declareer


def _antwoord_van(antwoord: Any, samenvatting: str) -> Antwoord:
    if isinstance(antwoord, Antwoord):
        return antwoord
    if isinstance(antwoord, str):
        return Antwoord(None, antwoord)
    return Antwoord(antwoord, samenvatting)


# --------------------------------------------------------------------------- the document

_FOUTEN = {
    "400": "Onleesbaar verzoek: ongeldige JSON, queryparameter of header",
    "401": "Niet aangemeld: stuur een API-token (Authorization: Bearer) of meld u aan",
    "403": "Uw account mag dit niet (rol, gemeente of corporatie)",
    "404": "Bestaat niet (meer)",
    "412": "Verouderde versie: iemand anders heeft intussen gewijzigd (met het huidige item)",
    "413": "Verzoek te groot",
    "415": "Verkeerd inhoudstype (Content-Type)",
    "422": "Inhoud breekt een regel (veld, waarde en wat toegestaan is in details)",
    "428": "If-Match ontbreekt",
    "503": "De database is bezet; probeer het na Retry-After seconden opnieuw",
}
_KOPPEN = {
    "If-Match": {
        "name": "If-Match",
        "in": "header",
        "required": True,
        "schema": {"type": "string", "pattern": r'^\s*("[0-9]{1,15}"|[0-9]{1,15})\s*$'},
        "description": 'ETag van de versie waarop de wijziging is gebaseerd, bijvoorbeeld "3"; '
        "ontbreekt: 428, verouderd: 412",
    },
}
_ANTWOORDKOPPEN = {
    "ETag": "Versie van het item tussen aanhalingstekens",
    "Location": "URL van het nieuwe item",
}


class _Schemas(GenerateJsonSchema):
    """pydantic's JSON schemas without a title for every field."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document (a fresh copy)."""
    return copy.deepcopy(_document())


@cache
def _document() -> dict[str, Any]:
    from . import api, api_casussen  # noqa: F401  (declare the operations)

    # and the modules api_<onderwerp>.py that add operations to its blueprint
    web = importlib.import_module(__package__)
    for module in pkgutil.iter_modules(web.__path__):
        if module.name.startswith("api_"):
            importlib.import_module(f"{__package__}.{module.name}")

    soorten = [(op.body, "validation") for op in OPERATIES if op.body is not None]
    soorten += [
        (a.schema, "serialization")
        for op in OPERATIES
        for a in op.antwoorden.values()
        if a.schema is not None
    ]
    soorten = list(dict.fromkeys([*soorten, (Fout, "serialization")]))
    refs, defs = TypeAdapter.json_schemas(
        [(s, s[1], TypeAdapter(s[0])) for s in soorten],
        ref_template="#/components/schemas/{model}",
        schema_generator=_Schemas,
    )

    def ref(soort: Any, modus: str) -> dict[str, Any]:
        return refs[(soort, modus), modus]

    paden: dict[str, dict[str, Any]] = {}
    for op in OPERATIES:
        pad = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", op.pad)
        paden.setdefault(pad, {})[op.methode.lower()] = _operatie(op, ref)
    return {
        "openapi": OPENAPI_VERSIE,
        "info": {
            "title": "locatieplanner REST API",
            "version": "1.0.0",
            "description": "Locaties voor sociale huurwoningen (DAEB) in de woningmarktregio, "
            "hun toewijzing aan corporaties, onttrekkingen, biedingen en de analyse. "
            "Geometrieën zijn GeoJSON in EPSG:4326 (lon/lat) of, met crs=EPSG:28992, in RD New. "
            "Fouten zijn JSON {fout, details} met een 4xx-status. Wijzigen en verwijderen van "
            "een locatie, onttrekking, bod of corporatie vraagt If-Match met de ETag (versie) "
            "waarop de wijziging is gebaseerd: zonder 428, verouderd 412 met het huidige item.",
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paden,
        "components": {
            "schemas": defs.get("$defs", {}),
            "securitySchemes": {
                "token": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "API-token van uw account (maken op /account)",
                },
                "sessie": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "locatieplanner_sessie",
                    "description": "Sessie na aanmelden op /aanmelden; schrijven vraagt ook de "
                    "kop X-CSRFToken",
                },
            },
        },
        "security": [{"token": []}, {"sessie": []}],
    }


def _operatie(op: Operatie, ref: Callable[[Any, str], Any]) -> dict[str, Any]:
    uit: dict[str, Any] = {"operationId": op.operatie_id, "summary": op.samenvatting}
    parameters = [*_pad_parameters(op.pad), *_query_parameters(op.query)]
    parameters += [_KOPPEN["If-Match"]] if op.if_match else []
    if parameters:
        uit["parameters"] = parameters
    if op.body is not None:
        schema = ref(op.body, "validation")
        uit["requestBody"] = {
            "required": True,
            "content": {t: {"schema": schema} for t in op.inhoudstypen},
        }
    antwoorden = {str(code): _antwoord(a, ref) for code, a in sorted(op.antwoorden.items())}
    if op.regel == "openbaar":
        uit["security"] = []
    codes = {"400"} | ({"404"} if "<" in op.pad else set())
    codes |= {"401", "403"} if op.regel != "openbaar" else set()
    codes |= {"503"} if op.schrijft else set()
    codes |= {"412", "428"} if op.if_match else set()
    codes |= {"413", "415", "422"} if op.body is not None else set()
    fout = {"content": {"application/json": {"schema": ref(Fout, "serialization")}}}
    for code in sorted(codes):
        antwoorden[code] = {"description": _FOUTEN[code], **fout}
    antwoorden["default"] = {
        "description": "Andere fout (bijvoorbeeld 405 methode niet toegestaan)",
        **fout,
    }
    uit["responses"] = antwoorden
    return uit


def _antwoord(antwoord: Antwoord, ref: Callable[[Any, str], Any]) -> dict[str, Any]:
    uit: dict[str, Any] = {"description": antwoord.beschrijving}
    if antwoord.koppen:
        uit["headers"] = {
            k: {"description": _ANTWOORDKOPPEN[k], "schema": {"type": "string"}}
            for k in antwoord.koppen
        }
    if antwoord.schema is not None:
        soort = getattr(antwoord.schema, "inhoudstype", "application/json")
        uit["content"] = {soort: {"schema": ref(antwoord.schema, "serialization")}}
    return uit


def _pad_parameters(pad: str) -> list[dict[str, Any]]:
    return [
        {
            "name": naam,
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}
            if soort == "int"
            else {"type": "string"},
        }
        for soort, naam in re.findall(r"<(?:(\w+):)?(\w+)>", pad)
    ]


def _query_parameters(model: Any) -> list[dict[str, Any]]:
    if model is None:
        return []
    schema = model.model_json_schema(schema_generator=_Schemas)
    parameters = []
    for naam, veld in schema["properties"].items():
        veld = {k: v for k, v in veld.items() if not (k == "default" and v is None)}
        beschrijving = veld.pop("description", None)
        parameters.append(
            {
                "name": naam,
                "in": "query",
                "required": naam in schema.get("required", ()),
                "schema": veld,
                **({"description": beschrijving} if beschrijving else {}),
            }
        )
    return parameters
