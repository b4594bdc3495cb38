"""Blueprint ``api``: the REST API ``/api/v1`` (sites as GeoJSON with ETag/If-Match, assignments,
removals, bids, municipalities, corporations, the analysis) as described in ``openapi.json``.

Every route is declared with :func:`.openapi.operatie`: its query parameters, body and answers
are models of :mod:`.schemas`, from which both the validation of the request and the OpenAPI
document follow. Geometries travel as GeoJSON in EPSG:4326 (lon/lat, RFC 7946) unless
``crs=EPSG:28992`` is given; the conversion is :mod:`locatieplanner.crs`'s. Every refusal is a
Dutch 4xx JSON answer ``{"fout": ..., "details": [...]}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import shapely
from flask import Blueprint, Response, current_app, g, has_request_context, request, url_for
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry
from werkzeug.exceptions import RequestEntityTooLarge

from ..analyse import analyseer
from ..analyse.definities import controleer_zacht_factor
from ..analyse.resultaat import controleer_peiljaar
from ..crs import RD, WGS84, naar_wgs84, van_wgs84, wgs84_grenzen_naar_rd
from ..domein import model as domein
from ..domein.model import hardheid
from ..domein.waarschuwingen import waarschuwingen
from ..errors import Conflict, NietGevonden, Probleem, ValidatieFout
from ..store import Store
from ..store.kaartbeeld import PAGINAKOLOMMEN
from . import schemas as s
from .analysecache import Analysecache
from .antwoordcache import gecachet, itemteksten
from .fouten import OngeldigVerzoek
from .geojson_invoer import NL_WGS84
from .openapi import Antwoord, operatie
from .schemas import GEOJSON, LIMIET_MAX, LIMIET_STANDAARD, MAX_ID
from .verzoek import Verzoek

__all__ = ["bp", "GEOJSON", "LIMIET_STANDAARD", "LIMIET_MAX", "API_MAX_CONTENT_LENGTH"]

bp = Blueprint("api", __name__, url_prefix="/api/v1")

#: Largest request body of the API (bytes) unless the config sets ``API_MAX_CONTENT_LENGTH``;
#: the app's ``MAX_CONTENT_LENGTH`` applies too when it is smaller.
API_MAX_CONTENT_LENGTH = 16 * 1024 * 1024
#: ``Content-Crs`` header values (OGC API - Features part 2).
_CRS_URI = {
    WGS84: "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>",
    RD: "<http://www.opengis.net/def/crs/EPSG/0/28992>",
}


# --------------------------------------------------------------------------- plumbing


@bp.before_request
def _grens_body() -> None:
    grenzen = [
        g
        for g in (
            current_app.config.get("MAX_CONTENT_LENGTH"),
            current_app.config.get("API_MAX_CONTENT_LENGTH", API_MAX_CONTENT_LENGTH),
        )
        if g is not None
    ]
    request.max_content_length = min(grenzen) if grenzen else None


@bp.after_request
def _koppen(antwoord: Response) -> Response:
    antwoord.headers.setdefault("Cache-Control", "no-cache")
    antwoord.headers.setdefault("X-Content-Type-Options", "nosniff")
    return antwoord


@bp.errorhandler(RequestEntityTooLarge)
def _te_groot(_fout: RequestEntityTooLarge) -> Response:
    grens = request.max_content_length
    melding = f"Het verzoek is te groot; hoogstens {grens} bytes toegestaan"
    return _json(
        {
            "fout": melding,
            "details": [
                Probleem(
                    "body", request.content_length, f"hoogstens {grens} bytes toegestaan"
                ).als_dict()
            ],
        },
        413,
    )


def _standaard(o: Any) -> Any:
    if isinstance(o, datetime | date):
        return o.isoformat()
    if isinstance(o, np.generic):
        return o.item()
    raise TypeError(type(o).__name__)


#: The API's JSON encoder (one instance: the listing encodes each Feature apart).
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, default=_standaard)


def _json_tekst(data: Any) -> str:
    return _ENCODER.encode(data)


def _json(data: Any, status: int = 200, mimetype: str = "application/json") -> Response:
    return current_app.response_class(_json_tekst(data), status=status, mimetype=mimetype)


def _id(waarde: int, wat: str) -> int:
    if waarde > MAX_ID:
        raise NietGevonden(f"{wat} {waarde} bestaat niet")
    return waarde


def _uit(geometrieen: Sequence[BaseGeometry | None], crs: str) -> list[Any]:
    if crs == WGS84:
        geometrieen = naar_wgs84(geometrieen)
    rij = np.empty(len(geometrieen), dtype=object)
    rij[:] = list(geometrieen)
    # GEOS writes GeoJSON with round-trip precision, several times faster than mapping(); one
    # json.loads of them all (None becomes null)
    teksten = shapely.to_geojson(rij)
    return json.loads("[" + ",".join("null" if g is None else g for g in teksten) + "]")


def _regio(store: Store) -> Any:
    """The store's region, read once per request (a national region has hundreds of members)."""
    if not has_request_context():
        return store.regio()
    bewaard = g.get("_lp_regio")
    if bewaard is None or bewaard[0] is not store:
        bewaard = g._lp_regio = (store, store.regio())
    return bewaard[1]


def _gemeentenamen(store: Store, codes: Iterable[str | None]) -> dict[str, str]:
    namen = dict(_regio(store).gemeenten)
    anders = {c for c in codes if c and c not in namen}
    if anders:
        namen.update({g.gemeente: g.naam for g in store.gemeenten(sorted(anders))})
    return namen


def _features(store: Store, locaties: Sequence[Any], crs: str) -> list[dict[str, Any]]:
    namen = _gemeentenamen(store, (loc.gemeente for loc in locaties))
    geometrieen = _uit([loc.geometry for loc in locaties], crs)
    features = []
    for loc, geometrie in zip(locaties, geometrieen, strict=True):
        eigenschappen = {
            "id": loc.id,
            "bron_id": loc.bron_id,
            "naam": loc.naam,
            "gemeente": loc.gemeente,
            "gemeentenaam": namen.get(loc.gemeente or ""),
            "ligging": loc.ligging,
            "status": loc.status,
            "hardheid": hardheid(loc.status),
            "fase": loc.fase,
            "daeb": loc.daeb,
            "soc_huur": loc.soc_huur,
            "goedk_koop": loc.goedk_koop,
            "midden": loc.midden,
            "bet_koop": loc.bet_koop,
            "overig": loc.overig,
            "start": loc.start,
            "oplevering": loc.oplevering,
            "opmerking": loc.opmerking,
            "versie": loc.versie,
            "aangemaakt": loc.aangemaakt,
            "gewijzigd": loc.gewijzigd,
            "daeb_nt": loc.daeb - sum(t.daeb for t in loc.toewijzingen),
            "corporaties": "; ".join(dict.fromkeys(t.corporatie for t in loc.toewijzingen)),
            "toewijzingen": [
                {"corporatie": t.corporatie, "daeb": t.daeb, "oplevering": t.oplevering}
                for t in loc.toewijzingen
            ],
        }
        features.append(
            {"type": "Feature", "id": loc.id, "geometry": geometrie, "properties": eigenschappen}
        )
    return features


#: A string as :data:`_ENCODER` writes it (the same function: ensure_ascii off).
_TEKST = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _kolomteksten(kolom: Sequence[Any]) -> list[str]:
    """The values of a column as :func:`_json_tekst` writes them: strings and integers
    directly (the encoder's own functions), times as their ISO text in UTC (each distinct time
    once), anything else through the encoder."""
    try:
        # a column of integers (a database integer column gives no bools)
        return list(map(int.__repr__, kolom))
    except TypeError:
        pass
    tijden: dict[datetime, str] = {}
    return [
        "null"
        if w is None
        else _TEKST(w)
        if type(w) is str
        else int.__repr__(w)
        if type(w) is int
        else tijden.get(w) or tijden.setdefault(w, _tijdtekst(w))
        if type(w) is datetime
        else _json_tekst(w)
        for w in kolom
    ]


def _tijdtekst(w: datetime) -> str:
    """A stored time as the encoder writes it after :func:`utc` (ISO in UTC)."""
    if w.tzinfo is None:
        return '"' + w.isoformat() + '+00:00"'
    return '"' + w.astimezone(UTC).isoformat() + '"'


def _punten(xy: np.ndarray) -> list[str]:
    """Coordinate pairs as :func:`_json_tekst` writes them (``float.__repr__``, as the
    encoder), each distinct value written once (rings share their values: a closing point,
    the corners of a box)."""
    if (xy == 0).any():
        # np.unique would take -0.0 for 0.0; the encoder writes them apart
        return [f"[{x!r}, {y!r}]" for x, y in xy.tolist()]
    waarden, plek = np.unique(xy, return_inverse=True)
    tekst = list(map(float.__repr__, waarden.tolist()))
    return ["[" + tekst[a] + ", " + tekst[b] + "]" for a, b in plek.reshape(xy.shape).tolist()]


def _groepen(teksten: list[str], van: np.ndarray, aantal: int) -> list[str]:
    """``teksten`` joined as a JSON list per group, ``van`` the (ascending) group of each."""
    grens = np.searchsorted(van, np.arange(aantal + 1)).tolist()
    return ["[" + ", ".join(teksten[a:b]) + "]" for a, b in zip(grens, grens[1:], strict=False)]


def _geometrieteksten(geometrieen: Sequence[BaseGeometry | None], crs: str) -> list[str]:
    """The geometries (EPSG:28992) as GeoJSON texts in ``crs``, byte for byte as
    :func:`_json_tekst` writes :func:`_uit`'s: 2D points and polygons from their coordinate
    arrays at once, any other geometry through :func:`_uit`."""
    if crs == WGS84:
        geometrieen = naar_wgs84(geometrieen)
    rij = np.empty(len(geometrieen), dtype=object)
    rij[:] = list(geometrieen)
    soort = shapely.get_type_id(rij)
    snel = np.isin(soort, (0, 3)) & ~shapely.is_empty(rij) & ~shapely.has_z(rij)
    snel[snel] = np.isfinite(shapely.bounds(rij[snel])).all(axis=1)
    uit: list[str] = [""] * len(rij)
    punten = np.flatnonzero(snel & (soort == 0))
    for i, tekst in zip(
        punten.tolist(), _punten(shapely.get_coordinates(rij[punten])), strict=True
    ):
        uit[i] = '{"type": "Point", "coordinates": ' + tekst + "}"
    vlakken = np.flatnonzero(snel & (soort == 3))
    ringen, ring_van = shapely.get_rings(rij[vlakken], return_index=True)
    xy, punt_van = shapely.get_coordinates(ringen, return_index=True)
    ringteksten = _groepen(_punten(xy), punt_van, len(ringen))
    for i, tekst in zip(
        vlakken.tolist(), _groepen(ringteksten, ring_van, len(vlakken)), strict=True
    ):
        uit[i] = '{"type": "Polygon", "coordinates": ' + tekst + "}"
    rest = np.flatnonzero(~snel).tolist()
    for i, geometrie in zip(rest, _uit(rij[rest].tolist(), RD), strict=True):
        uit[i] = _json_tekst(geometrie)
    return uit


def _featureteksten(store: Store, tabel: Any, crs: str) -> dict[int, str]:
    """The Features of the sites of ``tabel`` (a
    :class:`~locatieplanner.store.kaartbeeld.Paginatabel`) as JSON texts by id, byte for byte
    as :func:`_json_tekst` writes :func:`_features` of those sites (within a list), but built
    column by column from the values' texts: no dict per site."""
    if not tabel.rijen:
        return {}
    kolom = dict(zip(PAGINAKOLOMMEN, zip(*tabel.rijen, strict=False), strict=False))
    ids = kolom["id"]
    namen = _gemeentenamen(store, kolom["gemeente"])
    toewijzingen = [tabel.toewijzingen.get(lid, []) for lid in ids]
    tekst = {
        naam: _kolomteksten(kolom[naam])
        for naam in ("id", "bron_id", "naam", "gemeente", "ligging", "status")
        + _PAGINAGETALLEN
        + ("opmerking", "versie", "aangemaakt", "gewijzigd")
    }
    tekst["gemeentenaam"] = _kolomteksten([namen.get(c or "") for c in kolom["gemeente"]])
    tekst["hardheid"] = _kolomteksten([hardheid(st) for st in kolom["status"]])
    tekst["daeb_nt"] = _kolomteksten(
        [d - sum(w.daeb for w in ws) for d, ws in zip(kolom["daeb"], toewijzingen, strict=True)]
    )
    tekst["corporaties"] = _kolomteksten(
        ["; ".join(dict.fromkeys(w.corporatie for w in ws)) for ws in toewijzingen]
    )
    # all assignments of the page at once, then each site's slice
    alle = [w for ws in toewijzingen for w in ws]
    stukken = [
        '{"corporatie": ' + c + ', "daeb": ' + d + ', "oplevering": ' + j + "}"
        for c, d, j in zip(
            _kolomteksten([w.corporatie for w in alle]),
            _kolomteksten([w.daeb for w in alle]),
            _kolomteksten([w.oplevering for w in alle]),
            strict=True,
        )
    ]
    grens = np.cumsum([0, *map(len, toewijzingen)]).tolist()
    tekst["toewijzingen"] = [
        "[" + ", ".join(stukken[a:b]) + "]" for a, b in zip(grens, grens[1:], strict=False)
    ]
    tekst["geometry"] = _geometrieteksten(tabel.geometrie.tolist(), crs)
    # per Feature: its texts in order, each property's key before its value
    delen = [('{"type": "Feature", "id": ', tekst["id"]), (', "geometry": ', tekst["geometry"])]
    scheiding = ', "properties": {'
    for naam in _EIGENSCHAPPEN:
        delen.append((scheiding + '"' + naam + '": ', tekst[naam]))
        scheiding = ", "
    sleutels = [d[0] for d in delen] + ["}}"]
    waarden = [d[1] for d in delen]
    return {
        lid: "".join([s for paar in zip(sleutels, (*rij, ""), strict=True) for s in paar])
        for lid, rij in zip(ids, zip(*waarden, strict=True), strict=True)
    }


#: The properties of a site's Feature, in order.
_EIGENSCHAPPEN = (
    "id",
    "bron_id",
    "naam",
    "gemeente",
    "gemeentenaam",
    "ligging",
    "status",
    "hardheid",
    "fase",
    "daeb",
    "soc_huur",
    "goedk_koop",
    "midden",
    "bet_koop",
    "overig",
    "start",
    "oplevering",
    "opmerking",
    "versie",
    "aangemaakt",
    "gewijzigd",
    "daeb_nt",
    "corporaties",
    "toewijzingen",
)
#: The numeric properties of a site from ``fase`` up to ``oplevering``, in Feature order.
_PAGINAGETALLEN = _EIGENSCHAPPEN[
    _EIGENSCHAPPEN.index("fase") : _EIGENSCHAPPEN.index("oplevering") + 1
]


def _etag(antwoord: Response, versie: int) -> Response:
    """``antwoord`` with the ETag of row version ``versie``."""
    antwoord.headers["ETag"] = f'"{versie}"'
    return antwoord


def _niet_gewijzigd(versie: int) -> Response | None:
    """304 when the request's If-None-Match names ``versie``."""
    if request.if_none_match.contains(str(versie)):
        return _etag(current_app.response_class(status=304), versie)
    return None


def _versie_conflict(fout: Conflict, huidig: dict[str, Any], versie: int) -> Response:
    """412 with the current item, so the client can show the other change, and its ETag."""
    return _etag(_json({"fout": fout.melding, "details": [], "huidig": huidig}, 412), versie)


def _feature_antwoord(
    store: Store,
    loc: domein.Locatie,
    crs: str,
    status: int = 200,
    waarschuwingen: list[dict[str, Any]] | None = None,
) -> Response:
    feature = _features(store, [loc], crs)[0]
    if waarschuwingen is not None:
        feature["waarschuwingen"] = waarschuwingen
    antwoord = _json(feature, status, GEOJSON)
    antwoord.headers["Content-Crs"] = _CRS_URI[crs]
    return _etag(antwoord, loc.versie)  # type: ignore[arg-type]


def _locatie(store: Store, locatie_id: int) -> domein.Locatie:
    return store.locatie(_id(locatie_id, "Locatie"))


def _conflict(store: Store, locatie_id: int, fout: Conflict, crs: str) -> Response:
    """412 with the current Feature."""
    try:
        huidig = store.locatie(locatie_id)
    except NietGevonden:
        raise NietGevonden(f"Locatie {locatie_id} is intussen verwijderd door een ander") from None
    return _versie_conflict(fout, _features(store, [huidig], crs)[0], huidig.versie)  # type: ignore[arg-type]


def _velden(data: Any, gedeeltelijk: bool = False) -> dict[str, Any]:
    """A validated request body of a record as the fields of its domain object, without the
    read-only ones (id, row version); ``gedeeltelijk``: only those a merge patch gives."""
    gegeven = data.model_fields_set if gedeeltelijk else type(data).model_fields
    return {k: w for k, w in data if k in gegeven and k not in data.alleen_lezen}


def _locatievelden(feature: Any, gedeeltelijk: bool = False) -> dict[str, Any]:
    """A validated site Feature (``gedeeltelijk``: what a merge patch gives) as the fields of a
    domain :class:`~locatieplanner.domein.model.Locatie`."""
    velden = feature.properties.model_dump(exclude_unset=gedeeltelijk)
    if not gedeeltelijk or "geometry" in feature.model_fields_set:
        velden["geometry"] = feature.geometry
    if "toewijzingen" in velden:
        velden["toewijzingen"] = [domein.Toewijzing(**t) for t in velden["toewijzingen"]]
    return velden


# --------------------------------------------------------------------------- index, OpenAPI


@operatie(
    bp,
    "GET /",
    "Ingang met links naar de collecties en dit document",
    {200: s.Index},
    regel="openbaar",
)
def index(_v: Verzoek) -> Response:
    """Entry point with links to the collections and the OpenAPI document."""
    links = [
        {"rel": "service-desc", "href": url_for("api.openapi"), "type": "application/json"},
        {"rel": "locaties", "href": url_for("api.locaties_zoeken"), "type": GEOJSON},
        {"rel": "gemeenten", "href": url_for("api.gemeenten"), "type": GEOJSON},
        {"rel": "corporaties", "href": url_for("api.corporaties"), "type": "application/json"},
        {"rel": "toewijzingen", "href": url_for("api.toewijzingen"), "type": "application/json"},
        {"rel": "onttrekkingen", "href": url_for("api.onttrekkingen"), "type": "application/json"},
        {"rel": "biedingen", "href": url_for("api.biedingen"), "type": "application/json"},
        {"rel": "analyse", "href": url_for("api.analyse"), "type": "application/json"},
    ]
    return _json({"titel": "locatieplanner REST API", "versie": "1", "links": links})


@operatie(bp, "GET /openapi.json", "Dit OpenAPI-document", {200: dict[str, Any]}, regel="openbaar")
def openapi(_v: Verzoek) -> Response:
    """The OpenAPI 3.1 description of this API."""
    from .openapi import openapi_document

    return _json(openapi_document())


# --------------------------------------------------------------------------- locaties


def _wgs84_box_naar_rd(bbox: tuple[float, float, float, float]) -> tuple[Any, Any] | None:
    """The part of a lon/lat box within the Netherlands as (RD box, RD polygon), or None."""
    x0, y0, x1, y1 = NL_WGS84
    deel = (max(bbox[0], x0), max(bbox[1], y0), min(bbox[2], x1), min(bbox[3], y1))
    if deel[0] > deel[2] or deel[1] > deel[3]:
        return None
    veelhoek = (
        shapely.segmentize(box(*deel), 0.01)
        if deel[0] < deel[2] and deel[1] < deel[3]
        else box(*deel)
    )
    return wgs84_grenzen_naar_rd(deel), van_wgs84([veelhoek], None)[0]


def _filters(q: Any) -> dict[str, Any]:
    """The filters of the search ``q`` that the database applies (all but the text)."""
    return {
        "gemeente": q.gemeente,
        "hardheid": q.hardheid,
        "status": q.status,
        "oplevering_van": q.oplevering_van,
        "oplevering_tot": q.oplevering_tot,
    }


def _treffers(store: Store, q: Any, rd_box: Any, veelhoek: Any) -> tuple[list[int], dict[str, Any]]:
    """The ids of the matches (through the index, no site read as an object) and their count
    summary by the analysis' rules (``analyse.nieuwbouw.daeb_telling``): without box or text
    one aggregate query, else counted from the matches' rows read with their ids."""
    if veelhoek is None and q.q is None:
        ids = store.treffer_ids(None, None, corporatie=q.corporatie, **_filters(q))
        som = store.daeb_som(q.corporatie, **_filters(q))
    else:
        ids, som = store.treffers(
            veelhoek, q.q, q.corporatie, regio=_regio(store), bbox=rd_box, **_filters(q)
        )
    return ids.tolist(), _samenvatting(store, q, len(ids), som)


def _samenvatting(store: Store, q: Any, aantal: int, som: dict[str, int]) -> dict[str, Any]:
    """The summary of ``aantal`` matches whose DAEB counts are ``som``."""
    regio = _regio(store)
    return {
        "locaties": aantal,
        "van": regio.van,
        "tot": regio.tot,
        "corporatie": q.corporatie,
        "daeb": som["hard"] + som["zacht"],
        "daeb_hard": som["hard"],
        "daeb_zacht": som["zacht"],
        "daeb_na_periode": som["na_periode"],
        "daeb_voor_periode": som["voor_periode"],
        "daeb_zonder_jaar": som["zonder_jaar"],
        "daeb_buiten_regio": som["buiten_regio"],
    }


#: Per process, the matches of recent searches without bbox by store, cache version, region and
#: filters: (ids, summary). Few and small (ids only), so a worker keeps them.
_ZOEKCACHE = Analysecache(16)


def _zonder_vak(store: Store, q: Any) -> tuple[list[int], dict[str, Any]]:
    """:func:`_treffers` of a search without bbox, kept per data version."""
    regio = _regio(store)
    filters = sorted(
        (k, repr(w))
        for k, w in vars(q).items()
        if w is not None and k not in ("limit", "offset", "crs")
    )
    sleutel = (store.url, store.cacheversie(), regio.van, regio.tot, tuple(regio.codes), *filters)
    return _ZOEKCACHE.geef(sleutel, lambda: _treffers(store, q, None, None))


@operatie(
    bp,
    "GET /locaties",
    "Locaties als GeoJSON, gefilterd en per pagina (numberMatched, numberReturned, links self, "
    "next en prev, samenvatting)",
    {200: s.LocatieCollectie},
    query=s.LocatieZoekvraag,
)
@gecachet
def locaties_zoeken(v: Verzoek) -> Response:
    """Sites as a GeoJSON FeatureCollection, filtered and paged, with a summary of all matches."""
    store, q = v.store, v.query
    limit, offset = q.limit, q.offset
    rd_box, veelhoek = None, None
    leeg = False
    if q.bbox is not None:
        if q.crs == WGS84:
            omgezet = _wgs84_box_naar_rd(q.bbox)
            if omgezet is None:
                leeg = True
            else:
                rd_box, veelhoek = omgezet
        else:
            rd_box, veelhoek = q.bbox, box(*q.bbox)
    pagina: list[str] = []
    if leeg:
        ids = []
        samenvatting = _samenvatting(store, q, 0, store.daeb_som(q.corporatie, []))
    elif veelhoek is not None:
        # the spatial index finds the ids of the sites in the box, their geometries decoded at
        # once; their DAEB columns are read with them and counted here (only their assignments
        # are read apart)
        ids, samenvatting = _treffers(store, q, rd_box, veelhoek)
    else:
        # without a bbox the matches and their summary are kept per data version (a repeated
        # search, or the next page, reads only its page)
        ids, samenvatting = _zonder_vak(store, q)
    if ids[offset : offset + limit]:
        # only the page is read, as the driver's rows (no object per site), in id order as the
        # matches, and its Feature texts are built column by column; each site's text is kept
        # per data version (overlapping boxes encode a site once)
        pagina = itemteksten(
            ("locatie", q.crs),
            ids[offset : offset + limit],
            lambda nodig: _featureteksten(store, store.paginatabel(nodig), q.crs),
        )

    def link(rel: str, begin: int) -> dict[str, str]:
        args = {k: v for k, v in request.args.items() if k not in ("offset", "limit")}
        return {
            "rel": rel,
            "type": GEOJSON,
            "href": url_for("api.locaties_zoeken", **args, limit=limit, offset=begin),
        }

    links = [link("self", offset)]
    if offset + limit < len(ids):
        links.append(link("next", offset + limit))
    if offset > 0:
        links.append(link("prev", max(0, offset - limit)))
    data = {
        "type": "FeatureCollection",
        "numberMatched": len(ids),
        "numberReturned": len(pagina),
        "links": links,
        "samenvatting": samenvatting,
        "features": [],
    }
    # the collection as _json writes it, its (last) "features" list spliced in from the texts
    tekst = _json_tekst(data)
    tekst = tekst[: -len("[]}")] + "[" + ", ".join(pagina) + "]}"
    antwoord = current_app.response_class(tekst, mimetype=GEOJSON)
    antwoord.headers["Content-Crs"] = _CRS_URI[q.crs]
    return antwoord


#: The answer to a saved site.
_OPGESLAGEN = Antwoord(
    s.LocatieOpgeslagen,
    "Opgeslagen, met waarschuwingen (" + ", ".join(s.SOORTEN_WAARSCHUWING) + ")",
    ("ETag",),
)


@operatie(
    bp,
    "POST /locaties",
    "Nieuwe locatie (gemeente en ligging worden afgeleid)",
    {201: replace(_OPGESLAGEN, koppen=("ETag", "Location"))},
    query=s.CrsVraag,
    body=s.LocatieInvoer,
)
def locatie_toevoegen(v: Verzoek) -> Response:
    """A new site from a Feature; 201 with Location, ETag and warnings."""
    store = v.store
    feature = v.body("locatie", crs=v.query.crs)
    nieuw = store.voeg_locatie_toe(domein.Locatie(**_locatievelden(feature)))
    loc = store.locatie(nieuw.id)  # type: ignore[arg-type]
    antwoord = _feature_antwoord(store, loc, v.query.crs, 201, waarschuwingen(store, loc))
    antwoord.headers["Location"] = url_for("api.locatie_lezen", locatie_id=loc.id)
    return antwoord


@operatie(
    bp,
    "GET /locaties/<int:locatie_id>",
    "Eén locatie met ETag",
    {200: Antwoord(s.Locatie, "De locatie", ("ETag",)), 304: "Ongewijzigd (If-None-Match)"},
    query=s.CrsVraag,
)
def locatie_lezen(v: Verzoek, locatie_id: int) -> Response:
    """One site as a Feature with ``ETag: "<versie>"`` (304 for a matching If-None-Match)."""
    store = v.store
    loc = _locatie(store, locatie_id)
    return _niet_gewijzigd(loc.versie) or _feature_antwoord(store, loc, v.query.crs)  # type: ignore[arg-type]


@operatie(
    bp,
    "PUT /locaties/<int:locatie_id>",
    "Locatie geheel vervangen (geometrie en alle eigenschappen)",
    {200: _OPGESLAGEN},
    naam="locatie_vervangen",
    query=s.CrsVraag,
    body=s.LocatieInvoer,
    if_match=True,
)
@operatie(
    bp,
    "PATCH /locaties/<int:locatie_id>",
    "Gegeven eigenschappen (en eventueel de geometrie) wijzigen",
    {200: _OPGESLAGEN},
    naam="locatie_wijzigen",
    query=s.CrsVraag,
    body=s.LocatiePatch,
    if_match=True,
)
def locatie_wijzigen(v: Verzoek, locatie_id: int) -> Response:
    """Replace a site (PUT: geometry and all properties, absent ones get their defaults) or
    change what a JSON merge patch gives (PATCH), if it is still at the If-Match version."""
    crs, store = v.query.crs, v.store
    _locatie(store, locatie_id)
    versie = v.if_match()
    feature = v.body(f"locatie {locatie_id}", crs=crs, locatie_id=locatie_id)
    velden = _locatievelden(feature, gedeeltelijk=v.operatie.methode == "PATCH")
    try:
        if velden:
            store.wijzig_locatie(locatie_id, velden, versie)
        else:
            huidig = store.locatie(locatie_id)
            if huidig.versie != versie:
                raise Conflict(
                    f"Locatie {locatie_id} ({huidig.naam!r}) is intussen gewijzigd door een ander "
                    f"(versie {huidig.versie}, uw wijziging is gebaseerd op versie {versie})"
                )
    except Conflict as fout:
        return _conflict(store, locatie_id, fout, crs)
    loc = store.locatie(locatie_id)
    return _feature_antwoord(store, loc, crs, 200, waarschuwingen(store, loc))


@operatie(
    bp,
    "DELETE /locaties/<int:locatie_id>",
    "Locatie verwijderen (met haar toewijzingen)",
    {204: "Verwijderd"},
    if_match=True,
)
def locatie_verwijderen(v: Verzoek, locatie_id: int) -> Response:
    """Delete a site that is still at the If-Match version; 204."""
    store = v.store
    _locatie(store, locatie_id)
    versie = v.if_match()
    try:
        store.verwijder_locatie(locatie_id, versie)
    except Conflict as fout:
        return _conflict(store, locatie_id, fout, WGS84)
    return current_app.response_class(status=204)


@operatie(
    bp,
    "GET /locaties/<int:locatie_id>/geschiedenis",
    "Wijzigingslog van een locatie, oudste eerst (ook na verwijderen)",
    {200: list[s.Geschiedenisregel]},
)
def locatie_geschiedenis(v: Verzoek, locatie_id: int) -> Response:
    """The audit log of one site, oldest first (also after it was deleted)."""
    store = v.store
    regels = store.geschiedenis("locatie", _id(locatie_id, "Locatie"))
    if not regels:
        _locatie(store, locatie_id)
    velden = s.Geschiedenisregel.model_fields
    return _json([{k: r[k] for k in velden} for r in regels])


# --------------------------------------------------------------------------- gemeenten, corporaties


@operatie(
    bp,
    "GET /gemeenten",
    "Gemeenten van de regio met voorraden en nieuwste bod (geometry null zonder grens)",
    {200: s.GemeenteCollectie},
    query=s.CrsVraag,
)
@gecachet
def gemeenten(v: Verzoek) -> Response:
    """The region's municipalities with stocks and newest bid; geometry null when not loaded.
    Kept per data version (every map asks for them), with an ETag (:mod:`.antwoordcache`)."""
    store, crs = v.store, v.query.crs
    lijst = store.gemeenten(alleen_regio=True)
    biedingen = store.actuele_biedingen()
    geometrieen = _uit([g.geometry for g in lijst], crs)
    features = [
        {
            "type": "Feature",
            "id": g.gemeente,
            "geometry": geometrie,
            "properties": {
                "gemeente": g.gemeente,
                "naam": g.naam,
                "woningen": g.woningen,
                "doelgroep": g.doelgroep,
                "peiljaar": g.peiljaar,
                "bod": biedingen[g.gemeente].daeb if g.gemeente in biedingen else None,
            },
        }
        for g, geometrie in zip(lijst, geometrieen, strict=True)
    ]
    antwoord = _json({"type": "FeatureCollection", "features": features}, mimetype=GEOJSON)
    antwoord.headers["Content-Crs"] = _CRS_URI[crs]
    return antwoord


@operatie(bp, "GET /corporaties", "Corporaties met werkgebied", {200: list[s.Corporatie]})
def corporaties(v: Verzoek) -> Response:
    """All corporations with their working areas (municipality codes)."""
    return _json([_CORPORATIE.als_dict(c) for c in v.store.corporaties()])


@operatie(
    bp,
    "GET /toewijzingen",
    "Toewijzingen van DAEB-woningen aan corporaties",
    {200: list[s.ToewijzingRij]},
    query=s.GemeentenVraag,
)
def toewijzingen(v: Verzoek) -> Response:
    """Assignments of DAEB units to corporations, one row each, by site."""
    corporatie = v.query.corporatie
    rijen = []
    for loc in v.store.locaties(gemeente=v.query.gemeente, corporatie=corporatie):
        for t in loc.toewijzingen:
            if corporatie is not None and t.corporatie != corporatie:
                continue
            rijen.append(
                {
                    "locatie": loc.id,
                    "bron_id": loc.bron_id,
                    "naam": loc.naam,
                    "gemeente": loc.gemeente,
                    "corporatie": t.corporatie,
                    "daeb": t.daeb,
                    "oplevering": t.oplevering,
                    "hardheid": hardheid(loc.status),
                }
            )
    return _json(rijen)


# --------------------------------------------------------------------------- one item with a version


@dataclass(frozen=True)
class _Soort:
    """A kind of record the API serves item by item with its row version as ETag, and changes
    (PUT with ``invoer``, PATCH with the merge patch ``patch``) and deletes only with If-Match:
    one mechanism for removals, bids, corporations and the kinds to come (:func:`_routes`)."""

    naam: str
    lidwoord: str
    #: The collection: the items are at ``/<meervoud>/<int:<naam>_id>``.
    meervoud: str
    model: type[s.BaseModel]
    lees: Callable[[Store, int], Any]
    wijzig: Callable[[Store, int, dict[str, Any], int], Any]
    verwijder: Callable[[Store, int, int], None] | None
    invoer: type[s.Invoer] | None
    patch: type[s.Invoer]
    #: The access rule of the writing routes (:func:`.toegang.regel`).
    regel: str = "aangemeld"
    #: The field of the row version.
    kolom: str = "versie"

    def item(self, store: Store, item_id: int) -> Any:
        """Item ``item_id``; :class:`NietGevonden` (404) when it does not exist."""
        return self.lees(store, _id(item_id, self.naam.capitalize()))

    def als_dict(self, item: Any) -> dict[str, Any]:
        """An item as its answer model's fields."""
        return {k: getattr(item, k) for k in self.model.model_fields}

    def antwoord(self, item: Any, status: int = 200) -> Response:
        """An item as JSON with its ETag."""
        return _etag(_json(self.als_dict(item), status), getattr(item, self.kolom))

    def url(self, item_id: int) -> str:
        """The URL of item ``item_id``."""
        return url_for(f"api.{self.naam}_lezen", **{f"{self.naam}_id": item_id})

    def nieuw(self, item: Any) -> Response:
        """201 with a new item, its ETag and its URL (Location)."""
        antwoord = self.antwoord(item, 201)
        antwoord.headers["Location"] = self.url(item.id)
        return antwoord

    def bestaat_al(self, melding: str, probleem: Probleem, bestaand: Any) -> Response:
        """409 for a new item whose key ``bestaand`` has already: that item in ``huidig``, its
        URL (Location) and its ETag; nothing is overwritten."""
        antwoord = _json(
            {"fout": melding, "details": [probleem.als_dict()], "huidig": self.als_dict(bestaand)},
            409,
        )
        antwoord.headers["Location"] = self.url(bestaand.id)
        return _etag(antwoord, getattr(bestaand, self.kolom))

    def conflict(self, store: Store, item_id: int, fout: Conflict) -> Response:
        """412 with the current item (404 when it is gone)."""
        try:
            huidig = self.lees(store, item_id)
        except NietGevonden:
            raise NietGevonden(
                f"{self.naam.capitalize()} {item_id} is intussen verwijderd door een ander"
            ) from None
        return _versie_conflict(fout, self.als_dict(huidig), getattr(huidig, self.kolom))


def _lezen(soort: _Soort, v: Verzoek, item_id: int) -> Response:
    item = soort.item(v.store, item_id)
    return _niet_gewijzigd(getattr(item, soort.kolom)) or soort.antwoord(item)


def _wijzigen(soort: _Soort, v: Verzoek, item_id: int) -> Response:
    store = v.store
    soort.item(store, item_id)
    versie = v.if_match(f"{soort.lidwoord} {soort.naam}")
    velden = _velden(v.body(f"{soort.naam} {item_id}"), v.operatie.methode == "PATCH")
    try:
        item = soort.wijzig(store, item_id, velden, versie)
    except Conflict as fout:
        return soort.conflict(store, item_id, fout)
    return soort.antwoord(item)


def _verwijderen(soort: _Soort, v: Verzoek, item_id: int) -> Response:
    store = v.store
    soort.item(store, item_id)
    versie = v.if_match(f"{soort.lidwoord} {soort.naam}")
    try:
        soort.verwijder(store, item_id, versie)  # type: ignore[misc]
    except Conflict as fout:
        return soort.conflict(store, item_id, fout)
    return current_app.response_class(status=204)


def _routes(soort: _Soort) -> None:
    """Declare the routes of one item of ``soort`` (at ``/onttrekkingen/<int:onttrekking_id>``):
    GET with ETag (304 for a matching If-None-Match), PUT (when it has ``invoer``), PATCH, and
    DELETE (when it has ``verwijder``), the writes with If-Match (428 without, 412 with the
    current item when stale). Endpoints ``<naam>_lezen``, ``_vervangen``, ``_wijzigen``,
    ``_verwijderen``."""
    naam, wat = soort.naam, f"{soort.lidwoord} {soort.naam}"
    pad = f"/{soort.meervoud}/<int:{naam}_id>"
    opgeslagen = {200: Antwoord(soort.model, "Opgeslagen", ("ETag",))}

    def declareer(methode: str, samenvatting: str, antwoorden: Any, doe: Any, **kw: Any) -> None:
        def functie(v: Verzoek, **waarden: int) -> Response:
            return doe(soort, v, *waarden.values())

        operatie(bp, f"{methode} {pad}", samenvatting, antwoorden, **kw)(functie)

    declareer(
        "GET",
        f"Eén {naam} met ETag (de versie)",
        {200: Antwoord(soort.model, naam.capitalize(), ("ETag",)), 304: "Ongewijzigd"},
        _lezen,
        naam=f"{naam}_lezen",
    )
    schrijven = {"if_match": True, "regel": soort.regel}
    if soort.invoer is not None:
        declareer(
            "PUT",
            f"{naam.capitalize()} geheel vervangen (afwezige velden krijgen hun standaardwaarde)",
            opgeslagen,
            _wijzigen,
            naam=f"{naam}_vervangen",
            body=soort.invoer,
            **schrijven,
        )
    declareer(
        "PATCH",
        f"Gegeven velden van {wat} wijzigen (JSON merge patch)",
        opgeslagen,
        _wijzigen,
        naam=f"{naam}_wijzigen",
        body=soort.patch,
        **schrijven,
    )
    if soort.verwijder is not None:
        declareer(
            "DELETE",
            f"{naam.capitalize()} verwijderen",
            {204: "Verwijderd"},
            _verwijderen,
            naam=f"{naam}_verwijderen",
            **schrijven,
        )


# --------------------------------------------------------------------------- onttrekkingen

_ONTTREKKING = _Soort(
    "onttrekking",
    "de",
    "onttrekkingen",
    s.Onttrekking,
    Store.onttrekking,
    Store.wijzig_onttrekking,
    Store.verwijder_onttrekking,
    s.OnttrekkingInvoer,
    s.OnttrekkingPatch,
)


@operatie(
    bp,
    "GET /onttrekkingen",
    "Onttrekkingen aan de doelgroepvoorraad",
    {200: list[s.Onttrekking]},
    query=s.GemeenteVraag,
)
@gecachet
def onttrekkingen(v: Verzoek) -> Response:
    """Removals from the target-group stock, by municipality and year (kept per data version,
    with an ETag: every map asks for them)."""
    return _json([_ONTTREKKING.als_dict(o) for o in v.store.onttrekkingen(v.query.gemeente)])


@operatie(
    bp,
    "POST /onttrekkingen",
    "Nieuwe onttrekking",
    {201: Antwoord(s.Onttrekking, "Opgeslagen", ("ETag", "Location"))},
    body=s.OnttrekkingInvoer,
)
def onttrekking_toevoegen(v: Verzoek) -> Response:
    """A new removal; 201 with Location and ETag."""
    o = v.store.voeg_onttrekking_toe(domein.Onttrekking(**_velden(v.body("onttrekking"))))
    return _ONTTREKKING.nieuw(o)


_routes(_ONTTREKKING)


# --------------------------------------------------------------------------- biedingen

_BOD = _Soort(
    "bod",
    "het",
    "biedingen",
    s.Bod,
    Store.bod,
    Store.wijzig_bod,
    Store.verwijder_bod,
    s.BodInvoer,
    s.BodPatch,
    kolom="rijversie",
)


@operatie(
    bp,
    "GET /biedingen",
    "Alle versies van de biedingen, per gemeente oudste eerst",
    {200: list[s.Bod]},
    query=s.GemeenteVraag,
)
def biedingen(v: Verzoek) -> Response:
    """All bid versions, per municipality oldest first."""
    return _json([_BOD.als_dict(b) for b in v.store.biedingen(v.query.gemeente)])


@operatie(
    bp,
    "POST /biedingen",
    "Nieuwe versie van een bod; een bestaande (gemeente, versie) wordt niet overschreven (409)",
    {
        201: Antwoord(s.Bod, "Opgeslagen", ("ETag", "Location")),
        409: Antwoord(
            s.Fout,
            "Deze versie van het bod bestaat al: huidig is het bestaande bod, Location zijn URL; "
            "wijzig het daar met PUT of PATCH en If-Match, of kies een andere versienaam",
            ("ETag", "Location"),
        ),
    },
    body=s.BodInvoer,
)
def bod_toevoegen(v: Verzoek) -> Response:
    """A new bid version; 201 with Location and ETag. An existing (gemeente, versie) is never
    overwritten: 409 with the stored bid and its URL."""
    store = v.store
    bod = domein.Bod(**_velden(v.body("bod")))
    try:
        bewaard = store.bewaar_bod(bod)
    except Conflict as fout:
        bestaand = store.bod(fout.huidig["id"])  # type: ignore[index]
        url = _BOD.url(bestaand.id)
        melding = (
            f"bestaat al voor {bod.gemeente} (bod {bestaand.id}); wijzig dat bod met PUT of PATCH "
            f'{url} en If-Match: "{bestaand.rijversie}", of kies een andere versienaam'
        )
        return _BOD.bestaat_al(
            f"Bod {bod.versie!r} van {bod.gemeente} {melding}",
            Probleem("versie", bod.versie, melding, "bod"),
            bestaand,
        )
    return _BOD.nieuw(bewaard)


_routes(_BOD)


# --------------------------------------------------------------------------- corporaties

_CORPORATIE = _Soort(
    "corporatie",
    "de",
    "corporaties",
    s.Corporatie,
    Store.corporatie,
    Store.wijzig_corporatie,
    None,
    None,
    s.CorporatiePatch,
    # the store decides: administrators, and a corporation's account for its own name and area
    regel="aangemeld",
)
_routes(_CORPORATIE)


# --------------------------------------------------------------------------- analyse


@operatie(
    bp,
    "GET /analyse",
    "De analyse als JSON (schema locatieplanner-analyse/1)",
    {200: s.Analyse},
    query=s.AnalyseVraag,
)
def analyse(v: Verzoek) -> Response:
    """The analysis as JSON (``Analyse.als_dict()``, schema ``locatieplanner-analyse/1``)."""
    store, peiljaar, zacht_factor = v.store, v.query.peiljaar, v.query.zacht_factor
    try:
        controleer_peiljaar(peiljaar, store.regio())
        controleer_zacht_factor(zacht_factor)
    except ValidatieFout as fout:
        raise OngeldigVerzoek(fout.problemen, "Ongeldige queryparameter: " + fout.melding) from None
    return _json(analyseer(store, peiljaar, zacht_factor).als_dict())
