"""The folium map of :mod:`locatieplanner.weergave.kaartlaag` (the static consultation map, and the layers
fetched from ``/kaart/*.geojson``) in a real headless Chromium against the real app on 127.0.0.1.

The planner's interactive map at ``/`` is tested in ``test_planner_browser.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import browser
import pytest
from browser import ARTEFACTEN, Bezoek, Server
from shapely.geometry import Point, box
from werkzeug.wrappers import Response

from locatieplanner.domein.model import Locatie, Toewijzing
from locatieplanner.store import Store
from locatieplanner.weergave import kaartlaag

pytestmark = pytest.mark.browser


# --------------------------------------------------------------------------- data

#: (naam, geometrie, status, daeb, toewijzingen): hard and soft, polygons and points.
LOCATIES = [
    (
        "Binckhorst",
        box(80000, 454000, 81500, 455500),
        "1A",
        120,
        [("Staedion", 80), ("Vidomes", 20)],
    ),
    ("Centrum-Noord", Point(78500, 457500), "2B", 30, [("Staedion", 30)]),
    ("Havenkwartier", box(86000, 446000, 87800, 447800), "3", 60, [("Vidomes", 40)]),
    ("Zoeklocatie Plaspoelpolder", Point(88500, 451500), "4B", 0, []),
    ("Erasmusveld", box(76000, 451000, 77500, 452500), "1C", 45, []),
]


@pytest.fixture
def kaart_app(kleine_store: Store) -> Any:
    for naam, geom, status, daeb, toew in LOCATIES:
        kleine_store.voeg_locatie_toe(
            Locatie(naam, geom, status, daeb=daeb, toewijzingen=[Toewijzing(c, n) for c, n in toew])
        )
    return browser.maak_app(kleine_store.url)


def _pagina(onderdelen: dict[str, str]) -> str:
    """A minimal page around ``kaartlaag.kaart_onderdelen`` (as a static map would be)."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<link rel='icon' href='/static/favicon.svg'>"
        + onderdelen["header"]
        + "</head><body>"
        + onderdelen["html"]
        + "<script>"
        + onderdelen["script"]
        + "</script></body></html>"
    )


def _folium(
    serveer: Callable[..., Server], app: Any, store: Store, basiskaart: str | None = None
) -> Server:
    """Serve the app plus ``/folium.html``: the kaartlaag map fetching ``/kaart/*.geojson``
    (fitted to the municipalities, or to the data once loaded when there are none)."""

    def pagina() -> Response:
        kaart = kaartlaag.bouw_kaart(
            "/kaart/locaties.geojson",
            "/kaart/gemeenten.geojson",
            kaartlaag.kaartgrenzen(store.gemeenten(alleen_regio=True)),
            basiskaart=basiskaart,
        )
        return Response(_pagina(kaartlaag.kaart_onderdelen(kaart)), mimetype="text/html")

    return serveer(app, {"/folium.html": pagina})


def _aantal(page: Any, selector: str) -> int:
    return page.locator(selector).count()


def _verwacht(store: Store) -> dict[str, int]:
    return {
        "hard": len(store.locaties(hardheid="hard")),
        "zacht": len(store.locaties(hardheid="zacht")),
        "gemeenten": sum(g.geometry is not None for g in store.gemeenten(alleen_regio=True)),
    }


def _laag_checkbox(page: Any, naam: str) -> Any:
    return page.locator(".leaflet-control-layers-overlays label", has_text=naam).locator("input")


# --------------------------------------------------------------------------- tests


def test_kaart_toont_lagen_offline(kaart_app, kleine_store, serveer, bezoek):
    srv = _folium(serveer, kaart_app, kleine_store)
    b = bezoek(srv.url + "/folium.html", srv.url)
    page = b.page
    verwacht = _verwacht(kleine_store)
    assert verwacht == {"hard": 2, "zacht": 3, "gemeenten": 2}
    assert page.evaluate("window.locatieplanner.aantallen") == verwacht
    assert _aantal(page, "path.lp-hard") == verwacht["hard"]
    assert _aantal(page, "path.lp-zacht") == verwacht["zacht"]
    assert _aantal(page, "path.lp-gemeente") == verwacht["gemeenten"]
    # distinct styling: hard solid dark blue, soft dashed orange
    hard = page.locator("path.lp-hard").first
    zacht = page.locator("path.lp-zacht").first
    assert hard.get_attribute("stroke") == kaartlaag.STIJLEN["hard"]["color"]
    assert hard.get_attribute("stroke-dasharray") is None
    assert zacht.get_attribute("stroke") == kaartlaag.STIJLEN["zacht"]["color"]
    assert zacht.get_attribute("stroke-dasharray") == kaartlaag.STIJLEN["zacht"]["dashArray"]
    # legend and layer control, heading with the region
    legenda = page.locator(".leaflet-bottom .leaflet-control.lp-legenda")
    assert legenda.is_visible()
    assert "Harde plannen" in legenda.inner_text() and "Zachte plannen" in legenda.inner_text()
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert [t.strip() for t in labels] == ["Harde plannen", "Zachte plannen", "Gemeentegrenzen"]
    assert page.locator("img.leaflet-tile").count() == 0  # BASISKAART False: no tile layer
    # the map is fitted to the two municipalities (lon 4.22-4.44, lat 51.98-52.13)
    midden = page.evaluate("window.locatieplanner.kaart.getCenter()")
    assert 4.2 < midden["lng"] < 4.45 and 51.95 < midden["lat"] < 52.15
    ARTEFACTEN.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTEN / "kaart.png"))
    assert b.extern() == []
    assert any("/static/vendor/leaflet/leaflet.js" in u for u in b.verzoeken)
    assert any(u.endswith("/kaart/locaties.geojson") for u in b.verzoeken)
    assert b.mislukt == []
    assert b.console_fouten == []
    assert b.dialogen == []


def test_laag_uit_en_aan_zetten(kaart_app, kleine_store, serveer, bezoek):
    srv = _folium(serveer, kaart_app, kleine_store)
    page = bezoek(srv.url + "/folium.html", srv.url).page
    verwacht = _verwacht(kleine_store)
    _laag_checkbox(page, "Harde plannen").uncheck()
    assert _aantal(page, "path.lp-hard") == 0
    assert _aantal(page, "path.lp-zacht") == verwacht["zacht"]
    _laag_checkbox(page, "Gemeentegrenzen").uncheck()
    assert _aantal(page, "path.lp-gemeente") == 0
    assert _aantal(page, "path.lp-zacht") == verwacht["zacht"]
    _laag_checkbox(page, "Harde plannen").check()
    assert _aantal(page, "path.lp-hard") == verwacht["hard"]
    _laag_checkbox(page, "Zachte plannen").uncheck()
    assert _aantal(page, "path.lp-zacht") == 0
    assert _aantal(page, "path.lp-hard") == verwacht["hard"]


def test_klik_opent_popup_met_gegevens(kaart_app, kleine_store, serveer, bezoek):
    srv = _folium(serveer, kaart_app, kleine_store)
    b = bezoek(srv.url + "/folium.html", srv.url)
    page = b.page
    ids = {loc.naam: loc.id for loc in kleine_store.locaties()}

    page.locator(f"path.lp-id-{ids['Binckhorst']}").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    tekst = popup.inner_text()
    assert "Binckhorst" in tekst
    assert "GM0518 's-Gravenhage" in tekst
    assert "1A (hard)" in tekst and "Vastgesteld plan, onherroepelijk" in tekst
    assert "Staedion; Vidomes" in tekst
    assert "120 (20 nog niet toegewezen)" in tekst

    # a soft point in the other municipality
    page.locator(f"path.lp-id-{ids['Zoeklocatie Plaspoelpolder']}").click()
    page.wait_for_function(
        "document.querySelector('.leaflet-popup-content').textContent.includes('Plaspoelpolder')"
    )
    tekst = page.locator(".leaflet-popup-content").inner_text()
    assert "GM0603 Rijswijk" in tekst
    assert "4B (zacht)" in tekst
    assert "geen" in tekst  # no corporations
    assert b.console_fouten == []


def _controleer_xss(b: Bezoek, store: Store) -> None:
    page = b.page
    for loc in store.locaties():
        pad = page.locator(f"path.lp-id-{loc.id}")
        pad.hover()
        page.wait_for_function(
            "n => [...document.querySelectorAll('.leaflet-tooltip')].some(t => t.textContent === n)",
            arg=loc.naam,
        )
        assert page.locator(".leaflet-tooltip img, .leaflet-tooltip script").count() == 0
        pad.click()
        page.wait_for_function(
            "n => { const p = document.querySelector('.leaflet-popup-content');"
            " return p && p.querySelector('.lp-popup-naam').textContent === n; }",
            arg=loc.naam,
        )
        popup = page.locator(".leaflet-popup-content")
        assert popup.locator(".lp-popup-naam").inner_text() == loc.naam
        assert loc.naam in popup.inner_text()  # corporation with the same payload name
        assert popup.locator("img, script").count() == 0
        page.evaluate("window.locatieplanner.kaart.closePopup()")
    assert page.locator(".leaflet-container img, .leaflet-container script").count() == 0
    # every image has loaded or failed: an injected onerror handler would have run
    page.wait_for_function("Array.from(document.images).every(i => i.complete)")
    assert b.dialogen == []
    assert b.extern() == []
    assert not any(u.endswith("/x") for u in b.verzoeken)
    assert b.console_fouten == []


def test_xss_namen_blijven_tekst(tmp_path, serveer, bezoek):
    store = browser.xss_store(tmp_path)
    app = browser.maak_app(store.url)
    srv = _folium(serveer, app, store)
    b = bezoek(srv.url + "/folium.html", srv.url)
    assert b.page.evaluate("window.locatieplanner.aantallen") == {
        "hard": 2,
        "zacht": 2,
        "gemeenten": 1,
    }
    _controleer_xss(b, store)
    # the municipality's tooltip shows its payload name as text too (hover above the sites)
    binnen = kaartlaag.naar_wgs84([Point(72000, 462000)])[0]  # in GM0518, away from the sites
    punt = b.page.evaluate(
        "([lon, lat]) => { const k = window.locatieplanner.kaart;"
        " k.fitBounds(window.locatieplanner.lagen.gemeenten.getBounds(), {animate: false});"
        " return k.latLngToContainerPoint([lat, lon]); }",
        [binnen.x, binnen.y],
    )
    vak = b.page.locator(".leaflet-container").bounding_box()
    b.page.mouse.move(vak["x"] + punt["x"], vak["y"] + punt["y"])
    b.page.wait_for_function(
        "[...document.querySelectorAll('.leaflet-tooltip')].some(t => t.textContent.startsWith('GM0518'))"
    )
    teksten = b.page.locator(".leaflet-tooltip").all_inner_texts()
    assert "GM0518 <img src=x onerror=alert(6)>" in teksten
    assert b.dialogen == []
    store.sluit()


def test_xss_ingebedde_gegevens_blijven_tekst(tmp_path, serveer, bezoek):
    """The static-map variant: the FeatureCollections embedded in the page, not fetched."""
    store = browser.xss_store(tmp_path)
    app = browser.maak_app(store.url)
    namen = {g.gemeente: g.naam for g in store.gemeenten()}
    kaart = kaartlaag.bouw_kaart(
        kaartlaag.locaties_geojson(store.locaties_gdf(), namen),
        kaartlaag.gemeenten_geojson(store.gemeenten()),
        kaartlaag.kaartgrenzen(store.gemeenten()),
        basiskaart=None,
    )
    d = kaartlaag.kaart_onderdelen(kaart)
    html = _pagina(d)
    srv = serveer(app, {"/statisch.html": lambda: Response(html, mimetype="text/html")})
    b = bezoek(srv.url + "/statisch.html", srv.url)
    assert not any(u.endswith(".geojson") for u in b.verzoeken)  # nothing fetched
    assert b.page.evaluate("window.locatieplanner.aantallen") == {
        "hard": 2,
        "zacht": 2,
        "gemeenten": 1,
    }
    _controleer_xss(b, store)
    store.sluit()


def test_zonder_grenzen_en_kapotte_tegels(store, serveer, bezoek):
    """No boundaries: the map fits the sites; tiles that fail to load leave a light-grey
    background with the features still drawn."""
    store.voeg_locatie_toe(Locatie("Alleen punt", Point(81000, 455000), "2A", daeb=12))
    store.voeg_locatie_toe(Locatie("Tweede punt", Point(84000, 450000), "4A", daeb=3))
    app = browser.maak_app(store.url)
    # a local URL that answers 404 for every tile: no request leaves 127.0.0.1
    srv = _folium(serveer, app, store, "/tegels-bestaan-niet/{z}/{x}/{y}.png")
    b = bezoek(srv.url + "/folium.html", srv.url)
    page = b.page
    assert page.evaluate("window.locatieplanner.aantallen") == {
        "hard": 1,
        "zacht": 1,
        "gemeenten": 0,
    }
    page.wait_for_function("document.querySelectorAll('img.leaflet-tile').length > 0")
    page.wait_for_function(
        "Array.from(document.querySelectorAll('img.leaflet-tile')).every(i => i.complete)"
    )
    assert any("/tegels-bestaan-niet/" in m and "HTTP 404" in m for m in b.mislukt)
    assert "Kaartgegevens © Kadaster" in page.locator(".leaflet-control-attribution").inner_text()
    achtergrond = page.evaluate(
        "getComputedStyle(document.querySelector('.leaflet-container')).backgroundColor"
    )
    assert achtergrond == "rgb(233, 236, 239)"
    # fitted to the sites (between lon 4.30 and 4.35) instead of the whole country
    assert page.evaluate("window.locatieplanner.kaart.getZoom()") >= 11
    assert _aantal(page, "path.lp-hard") == 1 and _aantal(page, "path.lp-zacht") == 1
    assert page.locator(".lp-legenda").is_visible()
    ARTEFACTEN.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTEN / "kaart-zonder-tegels.png"))
    assert b.extern() == []
    assert [f for f in b.console_fouten if "404" not in f] == []


def test_laadfout_geeft_melding_en_lege_kaart(kaart_app, serveer, bezoek):
    """A data URL that fails: a Dutch message on the map, the other layers still drawn."""
    kaart = kaartlaag.bouw_kaart(
        "/bestaat-niet.geojson", "/kaart/gemeenten.geojson", (4.2, 52.0, 4.4, 52.1), basiskaart=None
    )
    d = kaartlaag.kaart_onderdelen(kaart)
    html = _pagina(d)
    srv = serveer(kaart_app, {"/kapot.html": lambda: Response(html, mimetype="text/html")})
    b = bezoek(srv.url + "/kapot.html", srv.url)
    page = b.page
    melding = page.locator(".lp-melding")
    assert melding.inner_text() == "Locaties konden niet worden geladen (HTTP 404)."
    assert page.evaluate("window.locatieplanner.aantallen") == {
        "hard": 0,
        "zacht": 0,
        "gemeenten": 2,
    }
    assert page.locator(".lp-legenda").is_visible()
    assert b.extern() == []
    assert [f for f in b.console_fouten if "404" not in f] == []
