"""The places of many sites in one request: ``GET /api/v1/locaties/plekken?ids=...`` (name and
lon/lat box per site, from the stored box columns: no geometry read). The planner's removals
are drawn at their sites; the sites outside the view are looked up with one request instead of
one per site."""

from __future__ import annotations

from flask import Response

from ..crs import rd_grenzen_naar_wgs84
from .api import _json, bp
from .openapi import operatie
from .schemas_plekken import Plekken, PlekkenVraag
from .verzoek import Verzoek

__all__ = ["plekken"]


@operatie(
    bp,
    "GET /locaties/plekken",
    "Naam en omhullende (EPSG:4326) van meerdere locaties in één verzoek; onbekende ids ontbreken",
    {200: Plekken},
    query=PlekkenVraag,
)
def plekken(v: Verzoek) -> Response:
    """Name and lon/lat box of the sites ``ids`` that exist, by id."""
    ids = v.query.ids or []
    rijen = v.store.kaartrijen(ids=ids) if ids else None
    uit = []
    if rijen is not None:
        for i, naam, vak in zip(rijen.id.tolist(), rijen.naam, rijen.vak.tolist(), strict=True):
            uit.append({"id": i, "naam": naam, "bbox": list(rd_grenzen_naar_wgs84(tuple(vak)))})
    return _json({"plekken": uit})
