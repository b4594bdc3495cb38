"""The cases (*casussen*) of working agreement 5b on the planner's map: ``GET
/api/v1/casussen.geojson``, filtered as ``GET /casussen``.

Each case is one point on each of its linked sites (a point on the site's surface) and its own
area when it has one; a case with neither is not on the map. Geometries in EPSG:4326 (via
:func:`locatieplanner.crs.naar_wgs84`).
"""

from __future__ import annotations

from typing import Any

import shapely
from flask import Response, url_for

from ..crs import WGS84
from . import schemas_casussen as sc
from .antwoordcache import gecachet
from .api import GEOJSON, _json, _uit, bp
from .openapi import operatie
from .schemas_casuskaart import Casuskaart
from .verzoek import Verzoek

__all__ = ["casussen_geojson"]


@operatie(
    bp,
    "GET /casussen.geojson",
    "Casussen op de kaart als GeoJSON: een punt op elke gekoppelde locatie en het eigen "
    "gebied, gefilterd als GET /casussen",
    {200: Casuskaart},
    query=sc.CasusZoekvraag,
)
@gecachet
def casussen_geojson(v: Verzoek) -> Response:
    """The cases on their sites and areas as a GeoJSON FeatureCollection (EPSG:4326); kept
    per data version and query, with an ETag (:mod:`.antwoordcache`)."""
    q, store = v.query, v.store
    casussen = store.casussen(
        gemeente=q.gemeente, categorie=q.categorie, status=q.status, soort=q.soort, partij=q.partij
    )
    ids = sorted({i for c in casussen for i in c.locaties})
    locaties = {loc.id: loc for loc in store.locaties(ids=ids)} if ids else {}
    plaatsen: list[tuple[Any, str, int | None, Any]] = []
    for c in casussen:
        for i in c.locaties:
            loc = locaties.get(i)
            if loc is not None and loc.geometry is not None:
                plaatsen.append((c, "locatie", i, shapely.point_on_surface(loc.geometry)))
        if c.gebied is not None:
            plaatsen.append((c, "gebied", None, c.gebied))
    geometrieen = _uit([p[3] for p in plaatsen], WGS84)
    features = [
        {
            "type": "Feature",
            "id": f"casus-{c.id}-" + (f"locatie-{i}" if plaats == "locatie" else "gebied"),
            "geometry": geo,
            "properties": {
                "casus": c.id,
                "soort": c.soort,
                "titel": c.titel,
                "status": c.status,
                "categorie": c.categorie,
                "gemeente": c.gemeente,
                "plaats": plaats,
                "locatie": i,
                "url": url_for("casussen.casus", casus_id=c.id),
            },
        }
        for (c, plaats, i, _), geo in zip(plaatsen, geometrieen, strict=True)
    ]
    return _json({"type": "FeatureCollection", "features": features}, mimetype=GEOJSON)
