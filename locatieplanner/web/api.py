"""Blueprint ``api``: the REST API ``/api/v1`` (sites as GeoJSON with ETag/If-Match, assignments,
removals, bids, municipalities, corporations, the analysis) as described in ``openapi.json``.

Geometries travel as GeoJSON in EPSG:4326 (lon/lat, RFC 7946) unless ``crs=EPSG:28992`` is
given; the conversion is :mod:`locatieplanner.crs`'s. Input is read strictly by :mod:`.verzoek`
and every refusal is a Dutch 4xx JSON answer ``{"fout": ..., "details": [...]}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import numpy as np
import shapely
from flask import Blueprint, Response, current_app, request, url_for
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry
from werkzeug.exceptions import RequestEntityTooLarge

from .. import analyse
from ..analyse.definities import controleer_zacht_factor
from ..analyse.resultaat import controleer_peiljaar
from ..crs import RD, WGS84, naar_wgs84, van_wgs84, wgs84_grenzen_naar_rd
from ..domein.model import JAAR_MAX, JAAR_MIN, STATUSSEN, Locatie, hardheid
from ..domein.waarschuwingen import waarschuwingen
from ..errors import Conflict, NietGevonden, Probleem, ValidatieFout
from ..store import Store
from . import get_store
from .geojson_invoer import NL_WGS84
from .velden import MAX_ID, ZOEK_PARAMETERS
from .verzoek import (
    CRSSEN,
    JSON_TYPEN,
    OngeldigVerzoek,
    Parameters,
    controleer_inhoudstype,
    lees_bod,
    lees_gebruiker,
    lees_if_match,
    lees_json,
    lees_locatie,
    lees_onttrekking,
)

__all__ = ["bp", "GEOJSON", "LIMIET_STANDAARD", "LIMIET_MAX", "API_MAX_CONTENT_LENGTH"]

bp = Blueprint("api", __name__, url_prefix="/api/v1")

#: Content type of Features and FeatureCollections (RFC 7946).
GEOJSON = "application/geo+json"
#: Page size of ``GET /locaties`` without ``limit``, and its maximum.
LIMIET_STANDAARD = 1000
LIMIET_MAX = 5000
#: Largest request body of the API (bytes) unless the config sets ``API_MAX_CONTENT_LENGTH``;
#: the app's ``MAX_CONTENT_LENGTH`` applies too when it is smaller.
API_MAX_CONTENT_LENGTH = 16 * 1024 * 1024
#: ``Content-Crs`` header values (OGC API - Features part 2).
_CRS_URI = {
    WGS84: "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>",
    RD: "<http://www.opengis.net/def/crs/EPSG/0/28992>",
}
_PATCH_TYPEN = (*JSON_TYPEN, "application/merge-patch+json")


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


def _json(data: Any, status: int = 200, mimetype: str = "application/json") -> Response:
    tekst = json.dumps(data, ensure_ascii=False, allow_nan=False, default=_standaard)
    return current_app.response_class(tekst, status=status, mimetype=mimetype)


def _args() -> dict[str, list[str]]:
    return dict(request.args.lists())


def _alleen_crs() -> str:
    p = Parameters(_args(), ["crs"])
    crs = p.keuze("crs", CRSSEN, WGS84)
    p.klaar()
    return crs  # type: ignore[return-value]


def _body(toegestaan: Sequence[str] = JSON_TYPEN) -> Any:
    controleer_inhoudstype(request.headers.get("Content-Type"), toegestaan)
    return lees_json(request.get_data(cache=False))


def _schrijver() -> Store:
    """The store, writing in the audit log as ``X-Gebruiker`` or the app's ``GEBRUIKER``."""
    gebruiker = lees_gebruiker(
        request.headers.get("X-Gebruiker"), current_app.config.get("GEBRUIKER", "planner")
    )
    return get_store().als(gebruiker)


def _id(waarde: int, wat: str) -> int:
    if waarde > MAX_ID:
        raise NietGevonden(f"{wat} {waarde} bestaat niet")
    return waarde


def _uit(geometrieen: Sequence[BaseGeometry | None], crs: str) -> list[Any]:
    if crs == WGS84:
        geometrieen = naar_wgs84(geometrieen)
    rij = np.empty(len(geometrieen), dtype=object)
    rij[:] = list(geometrieen)
    # GEOS writes GeoJSON with round-trip precision, several times faster than mapping()
    return [None if g is None else json.loads(g) for g in shapely.to_geojson(rij)]


def _gemeentenamen(store: Store, codes: Iterable[str | None]) -> dict[str, str]:
    namen = dict(store.regio().gemeenten)
    anders = {c for c in codes if c and c not in namen}
    if anders:
        namen.update({g.gemeente: g.naam for g in store.gemeenten(sorted(anders))})
    return namen


def _features(store: Store, locaties: Sequence[Locatie], crs: str) -> list[dict[str, Any]]:
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


def _feature_antwoord(
    store: Store,
    loc: Locatie,
    crs: str,
    status: int = 200,
    waarschuwingen: list[dict[str, Any]] | None = None,
) -> Response:
    feature = _features(store, [loc], crs)[0]
    if waarschuwingen is not None:
        feature["waarschuwingen"] = waarschuwingen
    antwoord = _json(feature, status, GEOJSON)
    antwoord.headers["ETag"] = f'"{loc.versie}"'
    antwoord.headers["Content-Crs"] = _CRS_URI[crs]
    return antwoord


def _locatie(store: Store, locatie_id: int) -> Locatie:
    return store.locatie(_id(locatie_id, "Locatie"))


def _conflict(store: Store, locatie_id: int, fout: Conflict, crs: str) -> Response:
    """412 with the current Feature, so the client can show the other change."""
    try:
        huidig = store.locatie(locatie_id)
    except NietGevonden:
        raise NietGevonden(f"Locatie {locatie_id} is intussen verwijderd door een ander") from None
    antwoord = _json(
        {"fout": fout.melding, "details": [], "huidig": _features(store, [huidig], crs)[0]}, 412
    )
    antwoord.headers["ETag"] = f'"{huidig.versie}"'
    return antwoord


def _bekende_gemeenten(store: Store, p: Parameters, naam: str) -> list[str] | None:
    """A comma-separated list of known municipality codes (``p`` gets the problems)."""
    waarde = p.tekst(naam, 2000)
    if waarde is None:
        return None
    bekend = [g.gemeente for g in store.gemeenten()]
    codes = list(dict.fromkeys(waarde.split(",")))
    onbekend = [c for c in codes if c not in bekend]
    if onbekend:
        regio = store.regio().codes
        p.problemen.append(
            Probleem(
                naam,
                waarde if len(waarde) <= 60 else waarde[:40] + "…",
                "onbekende gemeentecode "
                + ", ".join(repr(c) for c in onbekend)[:200]
                + "; bekend zijn (kommagescheiden, zonder spaties) "
                + ", ".join(regio)
                + (f" en {len(bekend) - len(regio)} andere" if len(bekend) > len(regio) else ""),
            )
        )
        return None
    return codes


def _bekende_corporatie(store: Store, p: Parameters, naam: str) -> str | None:
    waarde = p.tekst(naam, 100)
    if waarde is None:
        return None
    bekend = [c.naam for c in store.corporaties()]
    if waarde not in bekend:
        p.problemen.append(
            Probleem(
                naam,
                waarde,
                "onbekende corporatie; bekend zijn " + (", ".join(bekend) or "(nog geen)"),
            )
        )
        return None
    return waarde


# --------------------------------------------------------------------------- index, OpenAPI


@bp.get("/")
def index() -> Response:
    """Entry point with links to the collections and the OpenAPI document."""
    links = [
        {"rel": "service-desc", "href": url_for("api.openapi"), "type": "application/json"},
        {"rel": "locaties", "href": url_for("api.locaties"), "type": GEOJSON},
        {"rel": "gemeenten", "href": url_for("api.gemeenten"), "type": GEOJSON},
        {"rel": "corporaties", "href": url_for("api.corporaties"), "type": "application/json"},
        {"rel": "toewijzingen", "href": url_for("api.toewijzingen"), "type": "application/json"},
        {"rel": "onttrekkingen", "href": url_for("api.onttrekkingen"), "type": "application/json"},
        {"rel": "biedingen", "href": url_for("api.biedingen"), "type": "application/json"},
        {"rel": "analyse", "href": url_for("api.analyse_json"), "type": "application/json"},
    ]
    Parameters(_args(), []).klaar()
    return _json({"titel": "locatieplanner REST API", "versie": "1", "links": links})


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API."""
    from .openapi import openapi_document

    Parameters(_args(), []).klaar()
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


def _in_jaren(loc: Locatie, van: int | None, tot: int | None) -> bool:
    jaren = {loc.oplevering, *(t.oplevering for t in loc.toewijzingen)} - {None}
    return any((van is None or j >= van) and (tot is None or j <= tot) for j in jaren)


@bp.get("/locaties")
def locaties() -> Response:
    """Sites as a GeoJSON FeatureCollection, filtered and paged, with a summary of all matches."""
    store = get_store()
    p = Parameters(_args(), ZOEK_PARAMETERS)
    crs = p.keuze("crs", CRSSEN, WGS84) or WGS84
    bbox = p.bbox("bbox", crs)
    gemeenten = _bekende_gemeenten(store, p, "gemeente")
    corporatie = _bekende_corporatie(store, p, "corporatie")
    hard_zacht = p.keuze("hardheid", ["hard", "zacht"])
    statussen = p.lijst("status", list(STATUSSEN))
    van = p.geheel("oplevering_van", JAAR_MIN, JAAR_MAX)
    tot = p.geheel("oplevering_tot", JAAR_MIN, JAAR_MAX)
    if van is not None and tot is not None and van > tot:
        p.problemen.append(
            Probleem("oplevering_tot", tot, f"moet gelijk aan of na oplevering_van ({van}) zijn")
        )
    zoek = p.tekst("q", 200)
    limit = p.geheel("limit", 1, LIMIET_MAX, LIMIET_STANDAARD) or LIMIET_STANDAARD
    offset = p.geheel("offset", 0, MAX_ID, 0) or 0
    p.klaar()

    gevonden: list[Locatie] = []
    rd_box, veelhoek = None, None
    leeg = False
    if bbox is not None:
        if crs == WGS84:
            omgezet = _wgs84_box_naar_rd(bbox)
            if omgezet is None:
                leeg = True
            else:
                rd_box, veelhoek = omgezet
        else:
            rd_box, veelhoek = bbox, box(*bbox)
    # Without a bbox, a page smaller than everything is found without reading geometries
    # (counting, filtering and the summary need none); then only the page is read in full.
    licht = veelhoek is None and limit < LIMIET_MAX
    if not leeg:
        gevonden = store.locaties(
            gemeente=gemeenten,
            corporatie=corporatie,
            hardheid=hard_zacht,
            status=statussen,
            bbox=rd_box,
            met_geometrie=not licht,
        )
    if veelhoek is not None and gevonden:
        geoms = np.empty(len(gevonden), dtype=object)
        geoms[:] = [loc.geometry for loc in gevonden]
        raak = shapely.intersects(geoms, veelhoek)
        gevonden = [loc for loc, r in zip(gevonden, raak, strict=True) if r]
    if van is not None or tot is not None:
        gevonden = [loc for loc in gevonden if _in_jaren(loc, van, tot)]
    if zoek is not None:
        z = zoek.casefold()
        gevonden = [
            loc
            for loc in gevonden
            if z in loc.naam.casefold() or (loc.bron_id is not None and z in loc.bron_id.casefold())
        ]
    pagina = gevonden[offset : offset + limit]
    if licht and pagina:
        pagina = store.locaties(ids=[loc.id for loc in pagina])  # type: ignore[misc]

    def link(rel: str, begin: int) -> dict[str, str]:
        args = {k: v for k, v in request.args.items() if k not in ("offset", "limit")}
        return {
            "rel": rel,
            "type": GEOJSON,
            "href": url_for("api.locaties", **args, limit=limit, offset=begin),
        }

    links = [link("self", offset)]
    if offset + limit < len(gevonden):
        links.append(link("next", offset + limit))
    if offset > 0:
        links.append(link("prev", max(0, offset - limit)))
    hard = [loc.daeb for loc in gevonden if hardheid(loc.status) == "hard"]
    zacht = [loc.daeb for loc in gevonden if hardheid(loc.status) == "zacht"]
    data = {
        "type": "FeatureCollection",
        "numberMatched": len(gevonden),
        "numberReturned": len(pagina),
        "links": links,
        "samenvatting": {
            "locaties": len(gevonden),
            "daeb": sum(hard) + sum(zacht),
            "daeb_hard": sum(hard),
            "daeb_zacht": sum(zacht),
        },
        "features": _features(store, pagina, crs),
    }
    antwoord = _json(data, mimetype=GEOJSON)
    antwoord.headers["Content-Crs"] = _CRS_URI[crs]
    return antwoord


@bp.post("/locaties")
def nieuwe_locatie() -> Response:
    """A new site from a Feature; 201 with Location, ETag and warnings."""
    crs = _alleen_crs()
    store = _schrijver()
    velden = lees_locatie(_body(), crs)
    nieuw = store.voeg_locatie_toe(Locatie(**velden))
    loc = store.locatie(nieuw.id)  # type: ignore[arg-type]
    antwoord = _feature_antwoord(store, loc, crs, 201, waarschuwingen(store, loc))
    antwoord.headers["Location"] = url_for("api.locatie", locatie_id=loc.id)
    return antwoord


@bp.get("/locaties/<int:locatie_id>")
def locatie(locatie_id: int) -> Response:
    """One site as a Feature with ``ETag: "<versie>"`` (304 for a matching If-None-Match)."""
    crs = _alleen_crs()
    store = get_store()
    loc = _locatie(store, locatie_id)
    if request.if_none_match.contains(str(loc.versie)):
        antwoord = current_app.response_class(status=304)
        antwoord.headers["ETag"] = f'"{loc.versie}"'
        return antwoord
    return _feature_antwoord(store, loc, crs)


def _wijzig(locatie_id: int, gedeeltelijk: bool) -> Response:
    crs = _alleen_crs()
    store = _schrijver()
    _locatie(store, locatie_id)
    versie = lees_if_match(request.headers.get("If-Match"))
    data = _body(_PATCH_TYPEN if gedeeltelijk else JSON_TYPEN)
    velden = lees_locatie(data, crs, gedeeltelijk, locatie_id)
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


@bp.put("/locaties/<int:locatie_id>")
def vervang_locatie(locatie_id: int) -> Response:
    """Replace a site (geometry and all properties) that is still at the If-Match version."""
    return _wijzig(locatie_id, gedeeltelijk=False)


@bp.patch("/locaties/<int:locatie_id>")
def wijzig_locatie(locatie_id: int) -> Response:
    """Change the given properties (and optionally the geometry): a JSON merge patch."""
    return _wijzig(locatie_id, gedeeltelijk=True)


@bp.delete("/locaties/<int:locatie_id>")
def verwijder_locatie(locatie_id: int) -> Response:
    """Delete a site that is still at the If-Match version; 204."""
    Parameters(_args(), []).klaar()
    store = _schrijver()
    _locatie(store, locatie_id)
    versie = lees_if_match(request.headers.get("If-Match"))
    try:
        store.verwijder_locatie(locatie_id, versie)
    except Conflict as fout:
        return _conflict(store, locatie_id, fout, WGS84)
    return current_app.response_class(status=204)


@bp.get("/locaties/<int:locatie_id>/geschiedenis")
def geschiedenis(locatie_id: int) -> Response:
    """The audit log of one site, oldest first (also after it was deleted)."""
    Parameters(_args(), []).klaar()
    store = get_store()
    regels = store.geschiedenis("locatie", _id(locatie_id, "Locatie"))
    if not regels:
        _locatie(store, locatie_id)
    return _json(
        [{k: r[k] for k in ("tijd", "gebruiker", "actie", "oud", "nieuw")} for r in regels]
    )


# --------------------------------------------------------------------------- gemeenten, corporaties


@bp.get("/gemeenten")
def gemeenten() -> Response:
    """The region's municipalities with stocks and newest bid; geometry null when not loaded."""
    crs = _alleen_crs()
    store = get_store()
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


@bp.get("/corporaties")
def corporaties() -> Response:
    """All corporations with their working areas (municipality codes)."""
    Parameters(_args(), []).klaar()
    return _json(
        [
            {"id": c.id, "naam": c.naam, "code": c.code, "gemeenten": c.gemeenten}
            for c in get_store().corporaties()
        ]
    )


@bp.get("/toewijzingen")
def toewijzingen() -> Response:
    """Assignments of DAEB units to corporations, one row each, by site."""
    store = get_store()
    p = Parameters(_args(), ["gemeente", "corporatie"])
    codes = _bekende_gemeenten(store, p, "gemeente")
    corporatie = _bekende_corporatie(store, p, "corporatie")
    p.klaar()
    rijen = []
    for loc in store.locaties(gemeente=codes, corporatie=corporatie):
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


# --------------------------------------------------------------------------- onttrekkingen


def _onttrekking_dict(o: Any) -> dict[str, Any]:
    return {
        k: getattr(o, k)
        for k in ("id", "gemeente", "jaar", "aantal", "soort", "corporatie", "locatie", "opmerking")
    }


def _een_gemeente(store: Store, p: Parameters) -> str | None:
    codes = _bekende_gemeenten(store, p, "gemeente")
    if codes is not None and len(codes) > 1:
        p.problemen.append(
            Probleem("gemeente", ",".join(codes), "hier is één gemeentecode toegestaan")
        )
        return None
    return codes[0] if codes else None


@bp.get("/onttrekkingen")
def onttrekkingen() -> Response:
    """Removals from the target-group stock, by municipality and year."""
    store = get_store()
    p = Parameters(_args(), ["gemeente"])
    code = _een_gemeente(store, p)
    p.klaar()
    return _json([_onttrekking_dict(o) for o in store.onttrekkingen(code)])


@bp.post("/onttrekkingen")
def nieuwe_onttrekking() -> Response:
    """A new removal; 201 with Location."""
    Parameters(_args(), []).klaar()
    store = _schrijver()
    o = store.voeg_onttrekking_toe(lees_onttrekking(_body()))
    bewaard = _zoek_onttrekking(store, o.id)  # type: ignore[arg-type]
    antwoord = _json(_onttrekking_dict(bewaard), 201)
    antwoord.headers["Location"] = url_for("api.onttrekking", onttrekking_id=o.id)
    return antwoord


def _zoek_onttrekking(store: Store, onttrekking_id: int) -> Any:
    _id(onttrekking_id, "Onttrekking")
    for o in store.onttrekkingen():
        if o.id == onttrekking_id:
            return o
    raise NietGevonden(f"Onttrekking {onttrekking_id} bestaat niet (meer)")


@bp.get("/onttrekkingen/<int:onttrekking_id>")
def onttrekking(onttrekking_id: int) -> Response:
    """One removal."""
    Parameters(_args(), []).klaar()
    return _json(_onttrekking_dict(_zoek_onttrekking(get_store(), onttrekking_id)))


@bp.delete("/onttrekkingen/<int:onttrekking_id>")
def verwijder_onttrekking(onttrekking_id: int) -> Response:
    """Delete a removal; 204."""
    Parameters(_args(), []).klaar()
    _schrijver().verwijder_onttrekking(_id(onttrekking_id, "Onttrekking"))
    return current_app.response_class(status=204)


# --------------------------------------------------------------------------- biedingen


def _bod_dict(b: Any) -> dict[str, Any]:
    return {k: getattr(b, k) for k in ("id", "gemeente", "versie", "datum", "daeb", "opmerking")}


@bp.get("/biedingen")
def biedingen() -> Response:
    """All bid versions, per municipality oldest first."""
    store = get_store()
    p = Parameters(_args(), ["gemeente"])
    code = _een_gemeente(store, p)
    p.klaar()
    return _json([_bod_dict(b) for b in store.biedingen(code)])


@bp.post("/biedingen")
def nieuw_bod() -> Response:
    """A bid version; the same (gemeente, versie) is updated: 201 new, 200 updated."""
    Parameters(_args(), []).klaar()
    store = _schrijver()
    bod = lees_bod(_body())
    bestond = any(b.versie == bod.versie for b in store.biedingen(bod.gemeente))
    bewaard = store.bewaar_bod(bod)
    return _json(_bod_dict(bewaard), 200 if bestond else 201)


# --------------------------------------------------------------------------- analyse


@bp.get("/analyse")
def analyse_json() -> Response:
    """The analysis as JSON (``Analyse.als_dict()``, schema ``locatieplanner-analyse/1``)."""
    store = get_store()
    p = Parameters(_args(), ["peiljaar", "zacht_factor"])
    peiljaar = p.geheel("peiljaar", JAAR_MIN, JAAR_MAX)
    zacht_factor = p.getal("zacht_factor", 0, 1)
    p.klaar()
    try:
        controleer_peiljaar(peiljaar, store.regio())
        controleer_zacht_factor(zacht_factor)
    except ValidatieFout as fout:
        raise OngeldigVerzoek(fout.problemen, "Ongeldige queryparameter: " + fout.melding) from None
    return _json(analyse.analyseer(store, peiljaar, zacht_factor).als_dict())
