"""The map's view of the sites: ``GET /api/v1/kaartbeeld?bbox=...&zoom=...`` (filters as
``GET /locaties``).

Only the sites in the view, at the detail the zoom level resolves: with few sites in the view
(at most :data:`DREMPEL`) each one with its geometry simplified to half a pixel and coordinates
rounded to what a pixel resolves, and only the properties the map shows; with more, the view is
cut into cells of :data:`CEL_PX` pixels and each cell with several sites is one cluster (count,
DAEB, hard and soft, the box to zoom to), a cell with one site that site as a point. The full
geometry of a site stays at ``GET /locaties/<id>`` (for editing). The answer carries a strong
ETag of the data version and the query: an unchanged view is answered 304.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

import numpy as np
import shapely
from flask import Response, current_app, request

from ..crs import RD, naar_wgs84
from ..domein.model import HARDE_STATUSSEN
from ..store.kaartbeeld import Kaartrijen
from .api import GEOJSON, _json, _uit, _wgs84_box_naar_rd, bp
from .openapi import Antwoord, operatie
from .schemas_kaartbeeld import Kaartbeeld, KaartbeeldVraag
from .verzoek import Verzoek

__all__ = ["CEL_PX", "DREMPEL", "kaartbeeld", "resolutie"]

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


def _etag(vraag: KaartbeeldVraag, versie: int) -> str:
    """The strong validator of a view: the data version and the normalised query."""
    velden = sorted((k, repr(w)) for k, w in vars(vraag).items() if w is not None)
    sleutel = repr((versie, velden))
    return "kb-" + hashlib.sha256(sleutel.encode()).hexdigest()[:32]


def _bekend(etag: str) -> str | None:
    """The If-None-Match value that names ``etag`` (also with the coding suffix flask-compress
    adds to the ETag of a compressed answer, ``"...:br"``), or None."""
    for waarde in request.if_none_match.as_set():
        if waarde.split(":", 1)[0] == etag:
            return waarde
    return None


def _geometrieen(rijen: Kaartrijen, zoom: int) -> list[Any]:
    """The sites' geometries as GeoJSON in lon/lat, simplified to half a pixel and rounded to
    what a pixel resolves at ``zoom``."""
    midden = float(np.mean(rijen.vak[:, [1, 3]])) if len(rijen) else 463000.0
    # RD metres per pixel: web mercator stretches by 1/cos(latitude); ~52 degrees here
    breedte = math.radians(52.0 + (midden - 463000.0) / 111000.0)
    m_per_px = _M_PER_PX * math.cos(breedte) / 2**zoom
    eenvoudig = shapely.simplify(rijen.geometrie, m_per_px / 2, preserve_topology=True)
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


def _mercator(lon: np.ndarray, lat: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Web mercator pixel coordinates at ``zoom``."""
    wereld = _TEGEL * 2**zoom
    phi = np.radians(lat)
    x = (lon + 180.0) / 360.0 * wereld
    y = (1.0 - np.log(np.tan(phi) + 1.0 / np.cos(phi)) / math.pi) / 2.0 * wereld
    return x, y


def _clusters(rijen: Kaartrijen, zoom: int) -> list[dict[str, Any]]:
    """The sites aggregated per cell of :data:`CEL_PX` pixels (a cell with one site: that site
    as a point at the middle of its box)."""
    midden = shapely.points(
        (rijen.vak[:, 0] + rijen.vak[:, 2]) / 2, (rijen.vak[:, 1] + rijen.vak[:, 3]) / 2
    )
    lonlat = shapely.get_coordinates(np.asarray(naar_wgs84(list(midden), None), dtype=object))
    lon, lat = lonlat[:, 0], lonlat[:, 1]
    x, y = _mercator(lon, lat, zoom)
    cel = (np.floor(x / CEL_PX).astype(np.int64) << 26) + np.floor(y / CEL_PX).astype(np.int64)
    cellen, groep, aantal = np.unique(cel, return_inverse=True, return_counts=True)
    hard = np.isin(np.asarray(rijen.status, dtype=object), sorted(HARDE_STATUSSEN))
    daeb = np.bincount(groep, weights=rijen.daeb, minlength=len(cellen))
    harde = np.bincount(groep, weights=hard, minlength=len(cellen))
    som_lon = np.bincount(groep, weights=lon, minlength=len(cellen))
    som_lat = np.bincount(groep, weights=lat, minlength=len(cellen))
    vak = np.full((len(cellen), 4), [np.inf, np.inf, -np.inf, -np.inf])
    np.minimum.at(vak[:, 0], groep, lon)
    np.minimum.at(vak[:, 1], groep, lat)
    np.maximum.at(vak[:, 2], groep, lon)
    np.maximum.at(vak[:, 3], groep, lat)
    decimalen = _decimalen(zoom)
    enkel = {int(g): i for i, g in enumerate(groep) if aantal[g] == 1}
    features = []
    for g, sleutel in enumerate(cellen.tolist()):
        if aantal[g] == 1:
            i = enkel[g]
            punt = [round(float(lon[i]), decimalen), round(float(lat[i]), decimalen)]
            features.append(_locatie(rijen, i, {"type": "Point", "coordinates": punt}))
            continue
        n = int(aantal[g])
        punt = [round(som_lon[g] / n, decimalen), round(som_lat[g] / n, decimalen)]
        features.append(
            {
                "type": "Feature",
                "id": f"cluster-{sleutel}",
                "geometry": {"type": "Point", "coordinates": punt},
                "properties": {
                    "soort": "cluster",
                    "aantal": n,
                    "daeb": int(daeb[g]),
                    "hard": int(harde[g]),
                    "zacht": n - int(harde[g]),
                    "vak": [round(float(v), 6) for v in vak[g]],
                },
            }
        )
    return features


def _zoek(rijen: Kaartrijen, tekst: str | None) -> Kaartrijen:
    """The rows whose name or supplier id contains ``tekst`` (case-insensitive), as
    ``GET /locaties?q=``."""
    if tekst is None:
        return rijen
    z = tekst.casefold()
    masker = np.array(
        [
            z in naam.casefold() or (bron is not None and z in bron.casefold())
            for naam, bron in zip(rijen.naam, rijen.bron_id, strict=True)
        ],
        dtype=bool,
    )
    return rijen.waar(masker)


@operatie(
    bp,
    "GET /kaartbeeld",
    "De locaties in een kaartbeeld, gedetailleerd naar het zoomniveau: weinig locaties elk "
    "met vereenvoudigde geometrie, veel locaties samengevoegd tot clusters; met ETag "
    "(304 bij If-None-Match)",
    {200: Antwoord(Kaartbeeld, "Het kaartbeeld", ("ETag",)), 304: "Ongewijzigd (If-None-Match)"},
    query=KaartbeeldVraag,
)
def kaartbeeld(v: Verzoek) -> Response:
    """The sites of a map view at the zoom's detail (see the module), with a strong ETag."""
    q, store = v.query, v.store
    etag = _etag(q, store.dataversie())
    bekend = _bekend(etag)
    if bekend is not None:
        antwoord = current_app.response_class(status=304)
        antwoord.headers["ETag"] = f'"{bekend}"'
    else:
        antwoord = _json(_beeld(store, q), mimetype=GEOJSON)
        antwoord.set_etag(etag)
    antwoord.headers["Cache-Control"] = "private, no-cache"
    return antwoord


def _beeld(store: Any, q: KaartbeeldVraag) -> dict[str, Any]:
    filters = {
        "gemeente": q.gemeente,
        "corporatie": q.corporatie,
        "hardheid": q.hardheid,
        "status": q.status,
        "oplevering_van": q.oplevering_van,
        "oplevering_tot": q.oplevering_tot,
    }
    omgezet = _wgs84_box_naar_rd(q.bbox)
    features: list[dict[str, Any]] = []
    aantal, geaggregeerd = 0, False
    if omgezet is not None:
        rd_box, veelhoek = omgezet
        rijen = _zoek(store.kaartrijen(bbox=rd_box, **filters), q.q)
        if 0 < len(rijen) <= DREMPEL:
            rijen = _zoek(store.kaartrijen(met_geometrie=True, bbox=rd_box, **filters), q.q)
            rijen = rijen.waar(shapely.intersects(rijen.geometrie, veelhoek))
            geometrieen = _geometrieen(rijen, q.zoom)
            features = [_locatie(rijen, i, g) for i, g in enumerate(geometrieen)]
        elif len(rijen) > DREMPEL:
            geaggregeerd = True
            features = _clusters(rijen, q.zoom)
        aantal = len(rijen)
    return {
        "type": "FeatureCollection",
        "numberMatched": aantal,
        "geaggregeerd": geaggregeerd,
        "resolutie": resolutie(q.zoom),
        "features": features,
    }
