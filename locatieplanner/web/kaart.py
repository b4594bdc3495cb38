"""Blueprint ``kaart``: the home page with the map of the region and its GeoJSON endpoints."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, json, render_template, url_for

from .. import kaartlaag
from . import get_store

__all__ = ["bp"]

bp = Blueprint("kaart", __name__)

#: Content type of the GeoJSON endpoints (RFC 7946).
GEOJSON = "application/geo+json"


def _vendor_url() -> str:
    return url_for("static", filename="vendor/")


def _basiskaart() -> str | None:
    """Tile URL template of the basemap, or None when ``BASISKAART`` is off.

    ``BASISKAART_URL`` may point elsewhere (e.g. a local tile server); default PDOK BRT."""
    if not current_app.config.get("BASISKAART", True):
        return None
    return current_app.config.get("BASISKAART_URL") or kaartlaag.BRT_URL


def _geojson(data: dict[str, Any]) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), mimetype=GEOJSON)


@bp.get("/")
def index() -> str:
    store = get_store()
    regio = store.regio()
    grenzen = kaartlaag.kaartgrenzen(store.gemeenten(alleen_regio=True))
    kaart = kaartlaag.bouw_kaart(
        url_for("kaart.locaties_geojson"),
        url_for("kaart.gemeenten_geojson"),
        grenzen,
        asset_basis=_vendor_url(),
        basiskaart=_basiskaart(),
    )
    onderdelen = kaartlaag.kaart_onderdelen(kaart, _vendor_url())
    return render_template(
        "kaart.html",
        regio=regio,
        heeft_grenzen=store.heeft_grenzen(),
        kaart=onderdelen,
        lagen=kaartlaag.LAAGNAMEN,
    )


@bp.get("/kaart/locaties.geojson")
def locaties_geojson() -> Response:
    """All sites as GeoJSON (EPSG:4326) with the properties of the map's popups."""
    store = get_store()
    namen = {g.gemeente: g.naam for g in store.gemeenten()}
    return _geojson(kaartlaag.locaties_geojson(store.locaties_gdf(), namen))


@bp.get("/kaart/gemeenten.geojson")
def gemeenten_geojson() -> Response:
    """The region's municipalities that have a boundary, as GeoJSON (EPSG:4326)."""
    return _geojson(kaartlaag.gemeenten_geojson(get_store().gemeenten(alleen_regio=True)))
