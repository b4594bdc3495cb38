"""The operations of the REST API, each declared once by :func:`operatie`: a Flask route with the
models of its query parameters, body and answers (:mod:`.schemas`).

The declaration is the single source of both sides: the route validates its request with the
declared models (:class:`Verzoek`) and :mod:`.openapi` describes every registered operation. A
new endpoint is a function with this decorator::

    @operatie(bp, "GET", "/casussen/<int:casus_id>", "casusLezen", "Eén casus",
              query=CrsVraag, antwoorden={200: Antwoord(Casus, "De casus")})
    def casus(v: Verzoek, casus_id: int) -> Response: ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app, request

from . import get_store
from .verzoek import (
    JSON_TYPEN,
    controleer_inhoudstype,
    lees_body,
    lees_gebruiker,
    lees_if_match,
    lees_json,
    lees_query,
)

__all__ = ["GEOJSON", "Antwoord", "Operatie", "OPERATIES", "operatie", "Verzoek"]

#: Content type of Features and FeatureCollections (RFC 7946).
GEOJSON = "application/geo+json"


@dataclass(frozen=True)
class Antwoord:
    """One successful answer of an operation."""

    #: A model (or ``list[model]``, ``dict[str, Any]``) of the body; None: no body.
    schema: Any
    beschrijving: str
    inhoudstype: str = "application/json"
    #: Response headers (``ETag``, ``Location``).
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
    inhoudstypen: tuple[str, ...] = JSON_TYPEN
    if_match: bool = False
    schrijft: bool = False


#: Every declared operation, in declaration order.
OPERATIES: list[Operatie] = []


class Verzoek:
    """The current request as its operation declares it: the query parameters (validated at
    once, as is ``X-Gebruiker`` of a writing operation), the store, and the body and
    ``If-Match`` version when the route asks for them (after, e.g., a 404 check)."""

    def __init__(self, op: Operatie) -> None:
        self.operatie = op
        self.query: Any = lees_query(request.args.lists(), op.query, store=get_store)
        self.gebruiker = (
            lees_gebruiker(
                request.headers.get("X-Gebruiker"), current_app.config.get("GEBRUIKER", "planner")
            )
            if op.schrijft
            else None
        )

    @property
    def store(self) -> Any:
        """The store; for a writing operation recording ``X-Gebruiker`` in the audit log."""
        store = get_store()
        return store if self.gebruiker is None else store.als(self.gebruiker)

    def if_match(self) -> int:
        """The version in ``If-Match`` (428 when absent, 400 when it is no such ETag)."""
        return lees_if_match(request.headers.get("If-Match"))

    def body(self, item: str | None, **context: Any) -> Any:
        """The body validated by the declared model (``context`` for its validators)."""
        controleer_inhoudstype(request.headers.get("Content-Type"), self.operatie.inhoudstypen)
        data = lees_json(request.get_data(cache=False))
        return lees_body(self.operatie.body, data, item, **context)


def operatie(
    bp: Blueprint, methode: str, pad: str, operatie_id: str, samenvatting: str, **declaratie: Any
) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """Declare and route an operation: ``pad`` a Flask rule of ``bp``, ``operatie_id`` the OpenAPI
    operationId, ``samenvatting`` its (Dutch) summary, and as in :class:`Operatie`
    ``antwoorden``, ``query`` (model), ``body`` (model), ``inhoudstypen``, ``if_match`` and
    ``schrijft`` (takes ``X-Gebruiker``). The route is called with a :class:`Verzoek` and the
    path's values."""
    op = Operatie(methode, pad, operatie_id, samenvatting, **declaratie)
    OPERATIES.append(op)

    def route(functie: Callable[..., Response]) -> Callable[..., Response]:
        def behandel(**padwaarden: Any) -> Response:
            return functie(Verzoek(op), **padwaarden)

        bp.add_url_rule(pad, functie.__name__, behandel, methods=[methode])
        return functie

    return route
