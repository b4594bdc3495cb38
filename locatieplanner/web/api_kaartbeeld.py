"""The map's view of the sites: ``GET /api/v1/kaartbeeld?bbox=...&zoom=...`` (the filters of
``GET /locaties`` but the text search).

Only the sites in the view, at the detail the zoom level resolves: with few sites in the view
(at most :data:`DREMPEL`) each one with its geometry simplified to half a pixel and coordinates
rounded to what a pixel resolves, and only the properties the map shows; with more, the view is
cut into cells of :data:`CEL_PX` pixels (a grid in RD metres) and the database aggregates per
cell and hardness: a cell with several sites is one cluster (count, DAEB, the box to zoom to),
a cell with one site is that site as a point. The cost follows the number of cells, not of sites. The full
geometry of a site stays at ``GET /locaties/<id>`` (for editing). The answer carries a strong
ETag of the data version and the query: an unchanged view is answered 304, and each view is
built once per data version and kept (:mod:`.antwoordcache`).
"""

from __future__ import annotations

import math
from typing import Any

import shapely
from flask import Response

from ..crs import RD, naar_wgs84
from ..domein.model import HARDE_STATUSSEN
from ..store.kaartbeeld import Kaartcellen, Kaartrijen
from .analysecache import Analysecache
from .antwoordcache import gecachet
from .api import GEOJSON, _json, _uit, _wgs84_box_naar_rd, bp
from .geojson_invoer import NL_WGS84
from .openapi import Antwoord, operatie
from .schemas_kaartbeeld import Kaartbeeld, KaartbeeldVraag
from .verzoek import Verzoek

__all__ = ["CEL_PX", "DREMPEL", "alle_cellen", "kaartbeeld", "resolutie", "vooraf"]

#: At most this many sites in a view are sent one by one; more are aggregated.
DREMPEL = 1500
#: Side of a cluster cell in pixels.
CEL_PX = 64
#: Pixels of a web mercator world at zoom 0.
_TEGEL = 256
#: Metres per pixel at the equator at zoom 0 (web mercator).
_M_PER_PX = 2 * math.pi * 6378137 / _TEGEL


def resolutie(zoom: int) -> float:
    """Degrees of longitude per pixel at ``zoom``."""
    return 360.0 / (_TEGEL * 2**zoom)


def _decimalen(zoom: int) -> int:
    """Decimals of a lon/lat that resolve a pixel at ``zoom`` (rounding moves a coordinate at
    most half a unit of the last decimal: less than a pixel)."""
    return max(0, min(7, math.ceil(-math.log10(resolutie(zoom)))))


def _geometrieen(rijen: Kaartrijen, zoom: int) -> list[Any]:
    """The sites' geometries as GeoJSON in lon/lat, simplified to half a pixel and rounded to
    what a pixel resolves at ``zoom``."""
    eenvoudig = shapely.simplify(rijen.geometrie, _m_per_px(zoom) / 2, preserve_topology=True)
    # already in lon/lat (rounded for the zoom): _uit converts nothing more for RD
    return _uit(naar_wgs84(list(eenvoudig), _decimalen(zoom)), RD)


def _locatie(rijen: Kaartrijen, i: int, geometrie: Any) -> dict[str, Any]:
    status = rijen.status[i]
    lid = int(rijen.id[i])
    return {
        "type": "Feature",
        "id": lid,
        "geometry": geometrie,
        "properties": {
            "soort": "locatie",
            "id": lid,
            "naam": rijen.naam[i],
            "gemeente": rijen.gemeente[i],
            "status": status,
            "hardheid": "hard" if status in HARDE_STATUSSEN else "zacht",
            "fase": rijen.fase[i],
            "daeb": int(rijen.daeb[i]),
            "daeb_nt": int(rijen.daeb_nt[i]),
            "woningen": int(rijen.woningen[i]),
            "corporaties": rijen.corporaties[i],
            "oplevering": rijen.oplevering[i],
        },
    }


def _m_per_px(zoom: int) -> float:
    """Ground metres per pixel at ``zoom`` in the Netherlands (web mercator at 52 degrees)."""
    return _M_PER_PX * math.cos(math.radians(52.0)) / 2**zoom


def _clusters(store: Any, cellen: Kaartcellen, zoom: int) -> list[dict[str, Any]]:
    """Features of the cells aggregated by the database: a cluster per cell with several sites
    (at the mean of their middles), the site itself as a point where a cell has one."""
    decimalen = _decimalen(zoom)
    midden = naar_wgs84(list(shapely.points(cellen.midden)), None)
    hoeken = naar_wgs84(
        list(shapely.points(cellen.vak[:, :2])) + list(shapely.points(cellen.vak[:, 2:])), None
    )
    n = len(cellen.aantal)
    enkel = [int(i) for i, a in zip(cellen.een, cellen.aantal, strict=True) if a == 1]
    losse = store.kaartrijen(ids=enkel) if enkel else None
    plek = {int(i): k for k, i in enumerate(losse.id)} if losse is not None else {}
    features = []
    for g in range(n):
        punt = [round(midden[g].x, decimalen), round(midden[g].y, decimalen)]
        geometrie = {"type": "Point", "coordinates": punt}
        if cellen.aantal[g] == 1 and int(cellen.een[g]) in plek:
            features.append(_locatie(losse, plek[int(cellen.een[g])], geometrie))
            continue
        aantal, hard = int(cellen.aantal[g]), bool(cellen.hard[g])
        zuidwest, noordoost = hoeken[g], hoeken[n + g]
        features.append(
            {
                "type": "Feature",
                "id": f"cluster-{'hard' if hard else 'zacht'}-{int(cellen.een[g])}",
                "geometry": geometrie,
                "properties": {
                    "soort": "cluster",
                    "aantal": aantal,
                    "daeb": int(cellen.daeb[g]),
                    "hard": aantal if hard else 0,
                    "zacht": 0 if hard else aantal,
                    "vak": [
                        round(zuidwest.x, 6),
                        round(zuidwest.y, 6),
                        round(noordoost.x, 6),
                        round(noordoost.y, 6),
                    ],
                },
            }
        )
    return features


@operatie(
    bp,
    "GET /kaartbeeld",
    "De locaties in een kaartbeeld, gedetailleerd naar het zoomniveau: weinig locaties elk "
    "met vereenvoudigde geometrie, veel locaties samengevoegd tot clusters; met ETag "
    "(304 bij If-None-Match)",
    {200: Antwoord(Kaartbeeld, "Het kaartbeeld", ("ETag",)), 304: "Ongewijzigd (If-None-Match)"},
    query=KaartbeeldVraag,
)
@gecachet
def kaartbeeld(v: Verzoek) -> Response:
    """The sites of a map view at the zoom's detail (see the module), with a strong ETag; kept
    per data version and query (:mod:`.antwoordcache`)."""
    return _json(_beeld(v.store, v.query), mimetype=GEOJSON)


#: Per process: the box of all sites and the cells of all sites that pass the filters, per
#: store, data version (:meth:`Store.cacheversie`), zoom and filters.
_HEEL = Analysecache(16)


def alle_cellen(
    store: Any, zoom: int, filters: dict[str, Any], binnen: tuple[float, ...] | None = None
) -> Kaartcellen | None:
    """The cells at ``zoom`` of every site that passes ``filters``, kept per data version; with
    ``binnen`` (an RD box) only when that box holds every site's box (then a view of that box
    has exactly these cells, as :meth:`Store.kaartcellen` with its bbox would count them), else
    None. A view of the whole region (the planner's first view) is then aggregated once per data
    version, zoom and filters for every caller, and can be computed ahead (:mod:`.voorverwarmen`)."""
    versie = store.cacheversie()  # before the data
    if binnen is not None:
        vak = _HEEL.geef((store.url, versie, "vak"), store.locatievak)
        if vak is None or not (
            binnen[0] <= vak[0]
            and binnen[1] <= vak[1]
            and vak[2] <= binnen[2]
            and vak[3] <= binnen[3]
        ):
            return None
    gezet = tuple(sorted((k, repr(w)) for k, w in filters.items() if w is not None))
    return _HEEL.geef(
        (store.url, versie, zoom, gezet),
        lambda: store.kaartcellen(CEL_PX * _m_per_px(zoom), **filters),
    )


def vooraf(store: Any, zoom: int, filters: dict[str, Any]) -> Kaartcellen | None:
    """What the first view of the whole region costs a process once, done ahead
    (:mod:`.voorverwarmen`): the lon/lat -> RD transformation of a view's box, the box of all
    sites (both made on the first request otherwise) and :func:`alle_cellen` at ``zoom``."""
    omgezet = _wgs84_box_naar_rd(NL_WGS84)
    if omgezet is not None:
        alle_cellen(store, zoom, filters, binnen=omgezet[0])
    return alle_cellen(store, zoom, filters)


def _beeld(store: Any, q: KaartbeeldVraag) -> dict[str, Any]:
    filters = {
        "gemeente": q.gemeente,
        "corporatie": q.corporatie,
        "hardheid": q.hardheid,
        "status": q.status,
        "oplevering_van": q.oplevering_van,
        "oplevering_tot": q.oplevering_tot,
    }
    omgezet = _wgs84_box_naar_rd(NL_WGS84 if q.bbox is None else q.bbox)
    features: list[dict[str, Any]] = []
    aantal, geaggregeerd = 0, False
    if omgezet is not None:
        rd_box, veelhoek = omgezet
        # the database counts and aggregates; only a view with few sites is read site by site
        cellen = alle_cellen(store, q.zoom, filters, binnen=rd_box)
        if cellen is None:
            cellen = store.kaartcellen(CEL_PX * _m_per_px(q.zoom), bbox=rd_box, **filters)
        aantal = int(cellen.aantal.sum())
        if 0 < aantal <= DREMPEL:
            rijen = store.kaartrijen(met_geometrie=True, bbox=rd_box, **filters)
            rijen = rijen.waar(shapely.intersects(rijen.geometrie, veelhoek))
            aantal = len(rijen)
            geometrieen = _geometrieen(rijen, q.zoom)
            features = [_locatie(rijen, i, g) for i, g in enumerate(geometrieen)]
        elif aantal > DREMPEL:
            geaggregeerd = True
            features = _clusters(store, cellen, q.zoom)
    return {
        "type": "FeatureCollection",
        "numberMatched": aantal,
        "geaggregeerd": geaggregeerd,
        "resolutie": resolutie(q.zoom),
        "features": features,
    }
