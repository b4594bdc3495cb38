"""Map layer: sites and municipalities as GeoJSON in EPSG:4326 and the folium map of the region.

Lon/lat exists only at the edge: this module (the map) and the GeoJSON export both reproject
through :mod:`locatieplanner.crs`, the one place that transforms EPSG:28992 to EPSG:4326.
Features are never written into the page by folium: the package's module ``kaartlagen.js``
(:class:`Kaartlagen`, see :mod:`locatieplanner.weergave.scripts`) fetches them from URLs (the web
app) or reads them from safely embedded JSON (a static map) and builds popups and tooltips with
DOM nodes and ``textContent``, so names like ``<img onerror=...>`` stay text. All Leaflet/folium
assets point at local copies (:func:`lokaliseer`), never at a CDN.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import folium
import numpy as np
import pandas as pd
import shapely
from branca.element import Element
from folium.elements import JSCSSMixin
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from ..crs import naar_wgs84, rd_grenzen_naar_wgs84
from ..domein.model import (
    CRS,
    FASEN,
    HARDE_STATUSSEN,
    SEGMENTEN,
    STATUSSEN,
    ZACHTE_STATUSSEN,
    Gemeente,
)
from ..errors import ConfiguratieFout
from .scripts import Module, boom, js_basis, sjabloon, veilige_json

__all__ = [
    "KAART_CRS",
    "VENDOR_URL",
    "LOKALE_ASSETS",
    "BRT_URL",
    "BRT_GRIJS_URL",
    "BRT_ATTRIBUTIE",
    "LUCHTFOTO_URL",
    "LUCHTFOTO_ATTRIBUTIE",
    "BASISKAARTEN",
    "STIJLEN",
    "LAAGNAMEN",
    "naar_wgs84",
    "rd_grenzen_naar_wgs84",
    "locaties_geojson",
    "gemeenten_geojson",
    "kaartgrenzen",
    "veilige_json",
    "Module",
    "lokaliseer",
    "Kaartlagen",
    "Legenda",
    "bouw_kaart",
    "kaart_onderdelen",
]

#: CRS of everything this module hands to the map.
KAART_CRS = "EPSG:4326"
#: Where the web app serves the vendored assets (``locatieplanner/web/static/vendor``).
VENDOR_URL = "/static/vendor/"

#: folium resource name -> file in the vendor folder (None: deliberately left out, see the
#: vendor README). Covers folium.Map, plugins.Draw and plugins.MarkerCluster of folium 0.20.
LOKALE_ASSETS: dict[str, str | None] = {
    # folium.Map
    "leaflet": "leaflet/leaflet.js",
    "jquery": "jquery/jquery.min.js",
    "bootstrap": "bootstrap/js/bootstrap.bundle.min.js",
    "awesome_markers": "leaflet.awesome-markers/leaflet.awesome-markers.min.js",
    "leaflet_css": "leaflet/leaflet.css",
    "bootstrap_css": "bootstrap/css/bootstrap.min.css",
    "glyphicons_css": None,
    "awesome_markers_font_css": "fontawesome-free/css/all.min.css",
    "awesome_markers_css": "leaflet.awesome-markers/leaflet.awesome-markers.css",
    "awesome_rotate_css": None,
    # folium.plugins.Draw
    "leaflet_draw_js": "leaflet-draw/leaflet.draw.js",
    "leaflet_draw_css": "leaflet-draw/leaflet.draw.css",
    # folium.plugins.MarkerCluster
    "markerclusterjs": "leaflet.markercluster/leaflet.markercluster.js",
    "markerclustercss": "leaflet.markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "leaflet.markercluster/MarkerCluster.Default.css",
}

#: PDOK BRT-Achtergrondkaart (Kadaster), WMTS tiles in web mercator.
BRT_URL = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
)
BRT_GRIJS_URL = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"
)
BRT_ATTRIBUTIE = "Kaartgegevens © Kadaster"
#: PDOK luchtfoto (Beeldmateriaal Nederland), the current high-resolution RGB orthophoto.
LUCHTFOTO_URL = (
    "https://service.pdok.nl/hwh/luchtfotorgb/wmts/v1_0/Actueel_orthoHR/EPSG:3857/{z}/{x}/{y}.jpeg"
)
LUCHTFOTO_ATTRIBUTIE = "Luchtfoto © Beeldmateriaal Nederland (PDOK), CC BY 4.0"

#: The basemaps the planner's map offers online: name in the layer control, tile URL template,
#: attribution and the highest zoom level the service has tiles for.
BASISKAARTEN: tuple[dict[str, Any], ...] = (
    {"naam": "BRT-Achtergrondkaart", "url": BRT_URL, "attributie": BRT_ATTRIBUTIE, "max_zoom": 19},
    {
        "naam": "BRT-Achtergrondkaart grijs",
        "url": BRT_GRIJS_URL,
        "attributie": BRT_ATTRIBUTIE,
        "max_zoom": 19,
    },
    {
        "naam": "Luchtfoto (PDOK)",
        "url": LUCHTFOTO_URL,
        "attributie": LUCHTFOTO_ATTRIBUTIE,
        "max_zoom": 19,
    },
)

#: Leaflet path styles per layer; the legend is drawn from the same values.
STIJLEN: dict[str, dict[str, Any]] = {
    "hard": {
        "color": "#08306b",
        "weight": 2,
        "opacity": 1.0,
        "fillColor": "#2171b5",
        "fillOpacity": 0.35,
        "className": "lp-hard",
    },
    "zacht": {
        "color": "#d95f02",
        "weight": 2.5,
        "opacity": 1.0,
        "dashArray": "6 4",
        "fillColor": "#fd8d3c",
        "fillOpacity": 0.25,
        "className": "lp-zacht",
    },
    "gemeenten": {
        "color": "#495057",
        "weight": 1.5,
        "opacity": 0.9,
        "fillColor": "#adb5bd",
        "fillOpacity": 0.05,
        "className": "lp-gemeente",
    },
}
#: Radius in pixels of sites that are points.
PUNTSTRAAL = 7

#: Names of the layers in the layer control.
LAAGNAMEN = {"hard": "Harde plannen", "zacht": "Zachte plannen", "gemeenten": "Gemeentegrenzen"}

#: Initial view when nothing is known about the region: the Netherlands (lon/lat).
_NEDERLAND = (3.3, 50.75, 7.25, 53.55)

_INT_VELDEN = ("id", "fase", "start", "oplevering", "daeb_nt", "versie", *SEGMENTEN)


# --------------------------------------------------------------------------- GeoJSON


def _python(waarde: Any, geheel: bool = False) -> Any:
    """numpy/pandas scalars as plain JSON values; NaN, NA and infinity as None."""
    if isinstance(waarde, np.generic):
        waarde = waarde.item()
    if waarde is None or isinstance(waarde, str | bool):
        return waarde
    if isinstance(waarde, float):
        if not math.isfinite(waarde):
            return None
        return int(waarde) if geheel and waarde.is_integer() else waarde
    if isinstance(waarde, int):
        return waarde
    return None if pd.isna(waarde) else waarde


def _feature(geometrie: BaseGeometry | None, eigenschappen: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": eigenschappen.get("id", eigenschappen.get("gemeente")),
        "geometry": None if geometrie is None else mapping(geometrie),
        "properties": eigenschappen,
    }


def locaties_geojson(
    locaties: Any, gemeentenamen: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Sites (a GeoDataFrame from ``Store.locaties_gdf()``, EPSG:28992) as a GeoJSON
    FeatureCollection in EPSG:4326 with the properties the map's popups show."""
    if locaties.crs is not None and locaties.crs.to_epsg() != 28992:
        raise ConfiguratieFout(
            f"Locaties moeten in {CRS} zijn voor de kaart, niet in {locaties.crs.to_string()}"
        )
    namen = dict(gemeentenamen or {})
    geometrieen = naar_wgs84(list(locaties.geometry))
    kolommen = [k for k in locaties.columns if k != locaties.geometry.name]
    features = []
    for geometrie, rij in zip(geometrieen, locaties[kolommen].itertuples(index=False), strict=True):
        r = {k: _python(v, k in _INT_VELDEN) for k, v in zip(kolommen, rij, strict=True)}
        status = r.get("status")
        fase = r.get("fase")
        eigenschappen = {
            "id": r.get("id"),
            "bron_id": r.get("bron_id"),
            "naam": r.get("naam"),
            "gemeente": r.get("gemeente"),
            "gemeentenaam": namen.get(r.get("gemeente") or ""),
            "ligging": r.get("ligging"),
            "status": status,
            "statusomschrijving": STATUSSEN.get(status or ""),
            "hardheid": r.get("hardheid"),
            "fase": fase,
            "fasenaam": FASEN.get(fase) if fase is not None else None,
            "daeb": r.get("daeb") or 0,
            "daeb_nt": r.get("daeb_nt"),
            "totaal": sum(r.get(s) or 0 for s in SEGMENTEN),
            "corporaties": r.get("corporaties") or "",
            "start": r.get("start"),
            "oplevering": r.get("oplevering"),
            "versie": r.get("versie"),
        }
        features.append(_feature(geometrie, eigenschappen))
    return {"type": "FeatureCollection", "features": features}


def gemeenten_geojson(gemeenten: Iterable[Gemeente]) -> dict[str, Any]:
    """Municipalities that have a boundary as a GeoJSON FeatureCollection in EPSG:4326."""
    met_grens = [g for g in gemeenten if g.geometry is not None]
    geometrieen = naar_wgs84([g.geometry for g in met_grens])
    features = [
        _feature(
            geometrie,
            {
                "gemeente": g.gemeente,
                "naam": g.naam,
                "woningen": g.woningen,
                "doelgroep": g.doelgroep,
            },
        )
        for g, geometrie in zip(met_grens, geometrieen, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def kaartgrenzen(
    gemeenten: Iterable[Gemeente] = (), locaties: Any = None
) -> tuple[float, float, float, float] | None:
    """The lon/lat box (west, south, east, north) to show: the municipalities' boundaries, else
    the sites (GeoDataFrame in EPSG:28992), else None (unknown)."""
    grenzen = [g.geometry for g in gemeenten if g.geometry is not None]
    if not grenzen and locaties is not None and len(locaties):
        grenzen = [g for g in locaties.geometry if g is not None]
    if not grenzen:
        return None
    minx, miny, maxx, maxy = shapely.total_bounds(np.array(grenzen, dtype=object))
    return rd_grenzen_naar_wgs84((minx, miny, maxx, maxy))


# --------------------------------------------------------------------------- assets


def _lokaal(element: JSCSSMixin, lijst: list[tuple[str, str]], basis: str) -> list[tuple[str, str]]:
    uit = []
    for naam, url in lijst:
        if naam not in LOKALE_ASSETS:
            raise ConfiguratieFout(
                f"{type(element).__name__} laadt {naam!r} van {url}: daar is geen lokale kopie van; "
                "voeg het bestand toe in scripts/vendor.sh en in kaartlaag.LOKALE_ASSETS"
            )
        pad = LOKALE_ASSETS[naam]
        if pad is not None:
            uit.append((naam, basis + pad))
    return uit


def lokaliseer(element: Element, basis: str = VENDOR_URL) -> None:
    """Point the JS/CSS of every folium element in the tree under ``element`` at ``basis``
    (the vendor folder's URL, ending in ``/``), and the package's modules of every
    :class:`Module` at the ``js/`` folder beside it. Assigns new lists on the instances; the
    shared class lists of folium stay untouched. Unknown resources raise
    :class:`ConfiguratieFout`."""
    if not basis.endswith("/"):
        raise ConfiguratieFout(f"De basis-URL van de assets moet op '/' eindigen, niet {basis!r}")
    for el in boom(element):
        if isinstance(el, JSCSSMixin):
            el.default_js = _lokaal(el, list(type(el).default_js), basis)
            el.default_css = _lokaal(el, list(type(el).default_css), basis)
        if isinstance(el, Module):
            el.js_basis = js_basis(basis)


# --------------------------------------------------------------------------- map elements


_KAARTLAGEN_STIJL = """
<style>
.leaflet-container { background: #e9ecef; }
.lp-popup { min-width: 14rem; font-size: 0.85rem; }
.lp-popup-naam { font-size: 1rem; font-weight: 600; margin: 0 0 0.35rem; }
.lp-popup table { border-collapse: collapse; }
.lp-popup th { font-weight: 600; padding: 0.1rem 0.6rem 0.1rem 0; vertical-align: top; white-space: nowrap; }
.lp-popup td { padding: 0.1rem 0; vertical-align: top; }
.lp-melding { background: #fff3cd; color: #664d03; border: 1px solid #ffe69c; padding: 0.4rem 0.6rem;
  border-radius: 4px; max-width: 22rem; font-size: 0.85rem; }
</style>
"""


class Kaartlagen(Module):
    """Loads sites and municipalities into the map's three feature groups (``kaartlagen.js``).

    ``locaties`` and ``gemeenten`` are a URL (fetched by the browser) or a FeatureCollection
    (embedded as escaped JSON). After loading, ``window.locatieplanner`` holds ``geladen`` and
    the ``aantallen`` per layer, and the map container gets ``data-geladen="ja"``.
    """

    _template = sjabloon(_KAARTLAGEN_STIJL)
    module = "kaartlagen.js"

    def __init__(
        self,
        hard: folium.FeatureGroup,
        zacht: folium.FeatureGroup,
        gemeenten: folium.FeatureGroup,
        locaties_bron: str | Mapping[str, Any],
        gemeenten_bron: str | Mapping[str, Any],
        pas_aan_data: bool = False,
    ) -> None:
        super().__init__()
        self._name = "Kaartlagen"
        self.hard, self.zacht, self.gemeenten = hard, zacht, gemeenten
        self.opties = {
            "bronnen": {"locaties": locaties_bron, "gemeenten": gemeenten_bron},
            "stijlen": STIJLEN,
            "puntstraal": PUNTSTRAAL,
            "pasAanData": pas_aan_data,
        }

    def gegevens(self) -> dict[str, Any]:
        lagen = {"hard": self.hard, "zacht": self.zacht, "gemeenten": self.gemeenten}
        return {
            "kaart": self._parent.get_name(),
            "lagen": {h: laag.get_name() for h, laag in lagen.items()},
            **self.opties,
        }


def _verf(stijl: Mapping[str, Any]) -> str:
    dash = f' stroke-dasharray="{stijl["dashArray"]}"' if "dashArray" in stijl else ""
    return (
        f'fill="{stijl["fillColor"]}" fill-opacity="{stijl["fillOpacity"]}" '
        f'stroke="{stijl["color"]}" stroke-width="{stijl["weight"]}"{dash}'
    )


def _staal(*stijlen: Mapping[str, Any], punt: bool = False) -> str:
    """A legend swatch (inline SVG): a rectangle, or one small circle per style for points."""
    if punt:
        vorm = "".join(
            f'<circle cx="{7 + 14 * i}" cy="9" r="5" {_verf(st)}/>' for i, st in enumerate(stijlen)
        )
    else:
        vorm = f'<rect x="2" y="2" width="24" height="14" {_verf(stijlen[0])}/>'
    return f'<svg class="lp-staal" width="28" height="18" aria-hidden="true">{vorm}</svg>'


_LEGENDA_STIJL = """
<style>
.lp-legenda { background: rgba(255, 255, 255, 0.94); padding: 0.5rem 0.75rem; border-radius: 4px;
  box-shadow: 0 1px 5px rgba(0, 0, 0, 0.4); font-size: 0.8rem; line-height: 1.3; color: #212529; }
.lp-legenda-titel { font-weight: 600; margin-bottom: 0.25rem; }
.lp-legenda-rij { display: flex; align-items: center; gap: 0.4rem; margin: 0.15rem 0; }
.lp-legenda small { color: #6c757d; }
</style>
"""
_LEGENDA_HTML = """
<div id="{{ this.get_name() }}" class="lp-legenda" role="region" aria-label="Legenda">
  <div class="lp-legenda-titel">Legenda</div>
  <div class="lp-legenda-rij">{{ this.staal_hard }}<span>Harde plannen <small>(status {{ this.harde }})</small></span></div>
  <div class="lp-legenda-rij">{{ this.staal_zacht }}<span>Zachte plannen <small>(status {{ this.zachte }})</small></span></div>
  <div class="lp-legenda-rij">{{ this.punten }}<span>Locatie zonder contour (punt)</span></div>
  <div class="lp-legenda-rij">{{ this.staal_gemeente }}<span>Gemeentegrens</span></div>
</div>
"""


class Legenda(Module):
    """The map legend (Dutch), drawn with the same colours and dashes as the layers; placed
    in the map's bottom right corner by ``legenda.js``."""

    _template = sjabloon(_LEGENDA_STIJL, _LEGENDA_HTML)
    module = "legenda.js"

    def __init__(self) -> None:
        super().__init__()
        self._name = "Legenda"
        self.staal_hard = _staal(STIJLEN["hard"])
        self.staal_zacht = _staal(STIJLEN["zacht"])
        self.punten = _staal(STIJLEN["hard"], STIJLEN["zacht"], punt=True)
        self.staal_gemeente = _staal(STIJLEN["gemeenten"])
        self.harde = ", ".join(s for s in STATUSSEN if s in HARDE_STATUSSEN)
        self.zachte = ", ".join(s for s in STATUSSEN if s in ZACHTE_STATUSSEN)

    def gegevens(self) -> dict[str, Any]:
        return {"kaart": self._parent.get_name(), "id": self.get_name()}


def bouw_kaart(
    locaties: str | Mapping[str, Any],
    gemeenten: str | Mapping[str, Any],
    grenzen: tuple[float, float, float, float] | None = None,
    *,
    asset_basis: str = VENDOR_URL,
    basiskaart: str | None = BRT_URL,
    basiskaart_attributie: str = BRT_ATTRIBUTIE,
) -> folium.Map:
    """The folium map of the region with the layers "Harde plannen", "Zachte plannen" and
    "Gemeentegrenzen", a legend and a layer control.

    ``locaties``/``gemeenten``: URL of the GeoJSON (4326) or the FeatureCollection itself.
    ``grenzen``: lon/lat box (west, south, east, north) from :func:`kaartgrenzen`; None shows the
    Netherlands and fits to the data once loaded. ``basiskaart``: tile URL template, None for a
    plain light-grey background. ``asset_basis``: URL of the vendor folder.
    """
    passend = grenzen is not None
    west, zuid, oost, noord = grenzen if grenzen is not None else _NEDERLAND
    kaart = folium.Map(
        location=[(zuid + noord) / 2, (west + oost) / 2],
        zoom_start=11 if passend else 7,
        tiles=None,
    )
    kaart.options["min_zoom"] = 6
    kaart.options["max_zoom"] = 19
    if basiskaart is not None:
        folium.TileLayer(
            tiles=basiskaart,
            attr=basiskaart_attributie,
            name="BRT-Achtergrondkaart (PDOK)",
            min_zoom=6,
            max_zoom=19,
            max_native_zoom=19,
            overlay=False,
            control=False,
        ).add_to(kaart)
    hard = folium.FeatureGroup(name=LAAGNAMEN["hard"], show=True).add_to(kaart)
    zacht = folium.FeatureGroup(name=LAAGNAMEN["zacht"], show=True).add_to(kaart)
    gemeentelaag = folium.FeatureGroup(name=LAAGNAMEN["gemeenten"], show=True).add_to(kaart)
    Kaartlagen(hard, zacht, gemeentelaag, locaties, gemeenten, pas_aan_data=not passend).add_to(
        kaart
    )
    Legenda().add_to(kaart)
    folium.LayerControl(collapsed=False, position="topright").add_to(kaart)
    if passend:
        kaart.fit_bounds([[zuid, west], [noord, oost]], padding=(10, 10))
    lokaliseer(kaart.get_root(), asset_basis)
    return kaart


def kaart_onderdelen(kaart: folium.Map, asset_basis: str = VENDOR_URL) -> dict[str, str]:
    """Render the map for embedding in a page: ``header`` (asset links and styles), ``html``
    (the map div and legend) and ``script`` (to put in a ``<script>`` at the end of the body).
    Points every asset, also of plugins added after :func:`bouw_kaart`, at ``asset_basis``."""
    figuur = kaart.get_root()
    lokaliseer(figuur, asset_basis)
    figuur.render()
    return {
        "header": figuur.header.render(),
        "html": figuur.html.render(),
        "script": figuur.script.render(),
    }
