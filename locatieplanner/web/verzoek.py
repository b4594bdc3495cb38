"""Strict reading of REST API requests: JSON bodies, query parameters and headers.

Bodies and query parameters are validated by the pydantic models of :mod:`.schemas` that the
route declares (:class:`Verzoek`); a refusal names the field or parameter, the value and what is
allowed, in Dutch (:mod:`.meldingen`), and raises an :mod:`locatieplanner.errors` exception that
the web layer answers with a 4xx JSON body (:mod:`.fouten`): a request that cannot be read (bad
JSON, header or query parameter) is :class:`OngeldigVerzoek` (400), a body that breaks a rule
:class:`~locatieplanner.errors.ValidatieFout` (422), a wrong content type
:class:`OngeldigInhoudstype` (415) and a write without ``If-Match`` :class:`VoorwaardeOntbreekt`
(428). Only :class:`Verzoek` reads Flask's request.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from flask import request
from pydantic import BaseModel, ValidationError

from ..errors import Probleem, ValidatieFout
from . import get_store
from .fouten import OngeldigInhoudstype, OngeldigVerzoek, VoorwaardeOntbreekt
from .meldingen import eigenschappen, ingekort, problemen

if TYPE_CHECKING:
    from ..store import Store
    from .openapi import Operatie

__all__ = ["MAX_DIEPTE", "JSON_TYPEN", "Verzoek", "lees_json", "lees_body", "lees_query"]


#: Deepest nesting of arrays/objects in a body (a MultiPolygon Feature needs 7).
MAX_DIEPTE = 32
#: JSON content types accepted for bodies.
JSON_TYPEN = ("application/json", "application/geo+json")


def _onleesbaar(waarde: Any, melding: str, veld: str = "body") -> OngeldigVerzoek:
    return OngeldigVerzoek([Probleem(veld, waarde, melding)])


class Verzoek:
    """The current request as its operation declares it (:func:`.openapi.operatie`): the query
    parameters (validated at once), the store acting for the request's account, and the body and
    ``If-Match`` version when the route reads them (after a 404, say)."""

    def __init__(self, op: Operatie) -> None:
        self.operatie = op
        self.query: Any = lees_query(request.args.lists(), op.query, store=get_store)

    @property
    def store(self) -> Store:
        """The store, acting for the logged-in account (session or API token): its rights
        decide every write and its name is the author in the audit log."""
        return get_store()

    def if_match(self, wat: str = "de locatie") -> int:
        """The version in ``If-Match`` (428 when absent, 400 when it is no such ETag); ``wat``
        names the item in the message."""
        return lees_if_match(request.headers.get("If-Match"), wat)

    def body(self, item: str | None, **context: Any) -> Any:
        """The body validated by the declared model (``context`` for its validators)."""
        controleer_inhoudstype(request.headers.get("Content-Type"), self.operatie.inhoudstypen)
        data = lees_json(request.get_data(cache=False))
        return lees_body(self.operatie.body, data, item, **context)


# --------------------------------------------------------------------------- JSON

_TE_DIEP = f"JSON is te diep genest; hoogstens {MAX_DIEPTE} niveaus toegestaan"


def _weiger_constante(naam: str) -> Any:
    raise _onleesbaar(naam, "NaN en Infinity zijn geen JSON; gebruik een eindig getal of null")


def _eindig(tekst: str) -> float:
    waarde = float(tekst)
    if not math.isfinite(waarde):
        raise _onleesbaar(tekst[:40], "getal is te groot (oneindig); gebruik een eindig getal")
    return waarde


def _geheel(tekst: str) -> int:
    if len(tekst.lstrip("-")) > 30:
        raise _onleesbaar(tekst[:40] + "…", "geheel getal is te groot (meer dan 30 cijfers)")
    return int(tekst)


def _object(paren: list[tuple[str, Any]]) -> dict[str, Any]:
    uit: dict[str, Any] = {}
    for sleutel, waarde in paren:
        if sleutel in uit:
            raise _onleesbaar(sleutel[:60], "sleutel komt dubbel voor in een object")
        uit[sleutel] = waarde
    return uit


def _controleer_boom(data: Any) -> None:
    """Nesting depth and strings (lone surrogates, NUL) of a parsed JSON document."""
    stapel: list[tuple[Any, int]] = [(data, 1)]
    while stapel:
        knoop, diepte = stapel.pop()
        if isinstance(knoop, dict | list):
            if diepte > MAX_DIEPTE:
                raise _onleesbaar(f"diepte > {MAX_DIEPTE}", _TE_DIEP)
            kinderen = knoop.values() if isinstance(knoop, dict) else knoop
            stapel.extend((k, diepte + 1) for k in kinderen)
        for tekst in knoop if isinstance(knoop, dict) else (knoop,):
            if isinstance(tekst, str):
                _controleer_tekst(tekst)


def _controleer_tekst(tekst: str) -> None:
    if "\x00" in tekst:
        raise _onleesbaar(
            ingekort(tekst.replace("\x00", "\\u0000")),
            "tekst met een NUL-teken (\\u0000) is niet toegestaan",
        )
    try:
        tekst.encode("utf-8")
    except UnicodeEncodeError:
        raise _onleesbaar(
            ingekort(tekst.encode("utf-8", "backslashreplace").decode("ascii")),
            "tekst met een losse surrogaat (\\ud800-\\udfff) is geen geldige Unicode",
        ) from None


def lees_json(ruw: bytes) -> Any:
    """A request body as JSON: UTF-8, no NaN/Infinity, no huge or infinite numbers, no duplicate
    keys, at most :data:`MAX_DIEPTE` levels deep; :class:`OngeldigVerzoek` otherwise."""
    if not ruw.strip():
        raise _onleesbaar("", "is leeg; verwacht een JSON-object")
    try:
        tekst = ruw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise _onleesbaar(f"byte {e.start}", "is geen geldige UTF-8; stuur JSON in UTF-8") from None
    try:
        data = json.loads(
            tekst,
            parse_constant=_weiger_constante,
            parse_float=_eindig,
            parse_int=_geheel,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as e:
        plek = f"regel {e.lineno}, kolom {e.colno}"
        raise _onleesbaar(plek, f"is geen geldige JSON ({e.msg})") from None
    except RecursionError:
        raise _onleesbaar(f"diepte > {MAX_DIEPTE}", _TE_DIEP) from None
    except ValueError as e:  # e.g. an integer with more digits than Python converts
        raise _onleesbaar("getal", f"is geen bruikbare JSON ({e})") from None
    _controleer_boom(data)
    return data


# --------------------------------------------------------------------------- bodies and query


def lees_body(model: type[BaseModel], data: Any, item: str | None, **context: Any) -> Any:
    """A parsed JSON body validated by ``model`` (``context`` for its validators, e.g. ``crs``);
    :class:`ValidatieFout` (422) naming ``item`` otherwise."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as fout:
        raise ValidatieFout(problemen(fout, model, item)) from None


def lees_query(
    args: Iterable[tuple[str, list[str]]], model: type[BaseModel] | None, **context: Any
) -> Any:
    """Query parameters validated by ``model`` (no model: none allowed). Unknown, repeated or
    empty parameters and bad values are raised together as :class:`OngeldigVerzoek` (400)."""
    toegestaan = list(eigenschappen(model)) if model else []
    fouten: list[Probleem] = []
    waarden: dict[str, str] = {}
    for naam, lijst in args:
        if naam not in toegestaan:
            fouten.append(
                Probleem(
                    naam,
                    ingekort(lijst[0] if lijst else ""),
                    "onbekende queryparameter; toegestaan zijn "
                    + (", ".join(toegestaan) or "geen"),
                )
            )
        elif len(lijst) > 1:
            fouten.append(Probleem(naam, ingekort(",".join(lijst)), "mag maar één keer voorkomen"))
        elif not lijst or not lijst[0].strip():
            fouten.append(Probleem(naam, "", "is leeg; geef een waarde of laat de parameter weg"))
        else:
            waarden[naam] = lijst[0]
    gelezen = None
    if model is not None:
        try:
            gelezen = model.model_validate(waarden, context=context)
        except ValidationError as fout:
            fouten.extend(problemen(fout, model, query=True))
    if fouten:
        raise OngeldigVerzoek(
            fouten, "Ongeldige queryparameter(s): " + "; ".join(str(p) for p in fouten)
        )
    return gelezen


# --------------------------------------------------------------------------- headers

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
        raise _onleesbaar(
            ingekort(waarde),
            'moet de ETag van de huidige versie zijn, bijvoorbeeld "3" (één versienummer tussen '
            'aanhalingstekens); *, lijsten en zwakke ETags (W/"3") zijn niet toegestaan',
            "If-Match",
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
