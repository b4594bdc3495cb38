"""Blueprint ``kaart``: the planner's map page (features come from ``/api/v1``) and GeoJSON endpoints."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, json, render_template, url_for
from werkzeug.routing import BuildError

from ..domein.model import FASEN, HARDE_STATUSSEN, JAAR_MAX, JAAR_MIN, SEGMENTEN, STATUSSEN
from ..weergave import kaartlaag
from . import get_store
from .toegang import regel

__all__ = ["bp", "SEGMENTLABELS", "basiskaarten", "navigatie"]

bp = Blueprint("kaart", __name__)

#: Content type of the GeoJSON endpoints (RFC 7946).
GEOJSON = "application/geo+json"

#: Short labels of the dwelling segments for the form and the details (the long meaning is
#: shown as a tooltip).
SEGMENTLABELS = {
    "daeb": "DAEB (corporatie)",
    "soc_huur": "Sociale huur overig",
    "goedk_koop": "Goedkope koop",
    "midden": "Middenhuur",
    "bet_koop": "Betaalbare koop",
    "overig": "Overige woningen",
}

#: Pages linked from the header of the map: (text, candidate endpoints); the first endpoint
#: that exists in the app is linked, an entry without one is left out.
_NAVIGATIE = (
    ("Kaart", ("kaart.index",)),
    ("Spreiding", ("spreiding.index",)),
    ("Casussen", ("casussen.lijst",)),
    ("Importeren", ("uitwisseling.importeer_pagina", "uitwisseling.importeer")),
    ("Exporteren", ("uitwisseling.exporteer",)),
)


def basiskaarten() -> list[dict[str, Any]]:
    """The basemaps of the map: none when ``BASISKAART`` is off (offline: blank background);
    only ``BASISKAART_URL`` when that is set (e.g. a local tile server); else the PDOK BRT
    standard and grey maps and the PDOK aerial photo."""
    if not current_app.config.get("BASISKAART", True):
        return []
    eigen = current_app.config.get("BASISKAART_URL")
    if eigen:
        return [
            {
                "naam": "Achtergrondkaart",
                "url": eigen,
                "attributie": current_app.config.get(
                    "BASISKAART_ATTRIBUTIE", kaartlaag.BRT_ATTRIBUTIE
                ),
                "max_zoom": 19,
            }
        ]
    return [dict(b) for b in kaartlaag.BASISKAARTEN]


def navigatie(huidig: str | None = None) -> list[dict[str, Any]]:
    """Header links to the app's pages that exist in this app."""
    uit = []
    for tekst, endpoints in _NAVIGATIE:
        for endpoint in endpoints:
            try:
                url = url_for(endpoint)
            except BuildError:
                continue
            uit.append({"tekst": tekst, "url": url, "actief": endpoint == huidig})
            break
    return uit


def _tegelbronnen(kaarten: list[dict[str, Any]]) -> list[str]:
    bronnen = []
    for k in kaarten:
        delen = urlsplit(k["url"])
        if delen.scheme and delen.netloc:
            bronnen.append(f"{delen.scheme}://{delen.netloc}")
    return sorted(set(bronnen))


def _geojson(data: dict[str, Any]) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), mimetype=GEOJSON)


@bp.get("/")
@regel("aangemeld")
def index() -> Any:
    """The planner's map. The page carries only settings (``data-config``) and loads
    ``static/js/planner.js``, which fetches every feature from the REST API; there is no inline
    script, so the page is served with a Content-Security-Policy that allows this app's
    scripts only (and images from the configured tile servers)."""
    store = get_store()
    regio = store.regio()
    kaarten = basiskaarten()
    config = {
        "api": url_for("kaart.index") + "api/v1",
        "grenzen": kaartlaag.kaartgrenzen(store.gemeenten(alleen_regio=True)),
        "basiskaarten": kaarten,
        "statussen": STATUSSEN,
        "harde_statussen": sorted(HARDE_STATUSSEN),
        "fasen": {str(k): v for k, v in FASEN.items()},
        "segmenten": SEGMENTEN,
        "segmentlabels": SEGMENTLABELS,
        "jaren": [JAAR_MIN, JAAR_MAX],
        "periode": [regio.van, regio.tot],
        "stijlen": kaartlaag.STIJLEN,
        "laagnamen": kaartlaag.LAAGNAMEN,
    }
    html = render_template(
        "kaart.html",
        regio=regio,
        heeft_grenzen=store.heeft_grenzen(),
        config=config,
        navigatie=navigatie("kaart.index"),
    )
    antwoord = Response(html, mimetype="text/html")
    img = " ".join(["'self'", "data:", *_tegelbronnen(kaarten)])
    antwoord.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {img}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )
    antwoord.headers["X-Content-Type-Options"] = "nosniff"
    return antwoord


@bp.get("/kaart/locaties.geojson")
@regel("aangemeld")
def locaties_geojson() -> Response:
    """All sites as GeoJSON (EPSG:4326) with the properties of the map's popups."""
    store = get_store()
    namen = {g.gemeente: g.naam for g in store.gemeenten()}
    return _geojson(kaartlaag.locaties_geojson(store.locaties_gdf(), namen))


@bp.get("/kaart/gemeenten.geojson")
@regel("aangemeld")
def gemeenten_geojson() -> Response:
    """The region's municipalities that have a boundary, as GeoJSON (EPSG:4326)."""
    return _geojson(kaartlaag.gemeenten_geojson(get_store().gemeenten(alleen_regio=True)))
