"""Routes of ``/api/v1`` about the analysis' data-quality signals: the open signals of one site,
for its panel on the planner's map (the same signals as ``locatieplanner analyse``)."""

from __future__ import annotations

from flask import Response

from .. import analyse
from .api import _json, _locatie, bp
from .openapi import operatie
from .schemas_signalen import Signaal
from .verzoek import Verzoek

__all__ = ["locatie_signalen"]


@operatie(
    bp,
    "GET /locaties/<int:locatie_id>/signalen",
    "Open signalen van de analyse over een locatie (overlap, grens, DAEB zonder corporatie, "
    "buiten werkgebied, oplevering buiten de periode, ...)",
    {200: list[Signaal]},
)
def locatie_signalen(v: Verzoek, locatie_id: int) -> Response:
    """The analysis' signals that name site ``locatie_id`` (404 when it does not exist)."""
    store = v.store
    _locatie(store, locatie_id)
    return _json([s.als_dict() for s in analyse.signalen(store, locatie=locatie_id)])
