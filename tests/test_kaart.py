"""The map page, its GeoJSON endpoints and offline assets (Flask test client), and kaartlaag."""

from __future__ import annotations

import copy
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import folium
import pytest
from aanmelding import client_als
from conftest import database_url
from folium import plugins
from shapely.geometry import Point, box, shape

from locatieplanner.domein.model import (
    HARDE_STATUSSEN,
    SEGMENTEN,
    STATUSSEN,
    Gemeente,
    Locatie,
    Toewijzing,
)
from locatieplanner.domein.regio import Regio
from locatieplanner.errors import ConfiguratieFout
from locatieplanner.store import Store
from locatieplanner.web import create_app
from locatieplanner.weergave import kaartlaag

#: Den Haag centre in RD New and (about) in lon/lat, from the field notes.
DEN_HAAG_RD = (81000, 455000)
DEN_HAAG_LONLAT = (4.3077, 52.0783)


class _Links(HTMLParser):
    """Collects every src/href, the <style> texts and inline style attributes of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.stijlen: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for naam, waarde in attrs:
            if naam in ("src", "href", "srcset", "poster", "data") and waarde is not None:
                self.urls.append((tag, naam, waarde))
            if naam == "style" and waarde:
                self.stijlen.append(waarde)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.stijlen.append(data)


def _links(html: str) -> _Links:
    p = _Links()
    p.feed(html)
    return p


def _is_lokaal(url: str) -> bool:
    """Relative or root-relative, without scheme or network location."""
    return not re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)", url.strip())


@pytest.fixture
def met_locaties(kleine_store: Store) -> Store:
    kleine_store.voeg_locatie_toe(
        Locatie(
            "Binckhorst",
            Point(*DEN_HAAG_RD),
            "1A",
            daeb=120,
            midden=30,
            fase=3,
            oplevering=2027,
            toewijzingen=[Toewijzing("Staedion", 80), Toewijzing("Vidomes", 20)],
        )
    )
    kleine_store.voeg_locatie_toe(
        Locatie("Havenkwartier", box(86000, 446000, 87000, 447000), "3", daeb=60, bet_koop=15)
    )
    kleine_store.voeg_locatie_toe(
        Locatie("Erasmusveld", box(76000, 451000, 77000, 452000), "2B", daeb=5)
    )
    return kleine_store


@pytest.fixture
def kaart_client(met_locaties: Store):
    app = create_app({"TESTING": True, "DATABASE_URL": met_locaties.url, "BASISKAART": False})
    return client_als(app)


# --------------------------------------------------------------------------- page


def _config(html: str) -> dict:
    """The settings the page hands to planner.js (``data-config`` of the map element)."""

    class _Config(HTMLParser):
        config = None

        def handle_starttag(self, tag, attrs):
            if dict(attrs).get("id") == "kaart":
                self.config = json.loads(dict(attrs)["data-config"])

    p = _Config()
    p.feed(html)
    assert p.config is not None, "geen kaart met data-config in de pagina"
    return p.config


def test_pagina_toont_kaart_van_regio(kaart_client):
    r = kaart_client.get("/")
    assert r.status_code == 200
    assert r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert "<title>Kaart Haaglanden" in html
    assert "Woningmarktregio Haaglanden" in html
    config = _config(html)
    assert config["api"] == "/api/v1"
    assert config["laagnamen"] == kaartlaag.LAAGNAMEN
    assert config["stijlen"] == kaartlaag.STIJLEN
    assert config["statussen"] == STATUSSEN
    assert sorted(config["harde_statussen"]) == sorted(HARDE_STATUSSEN)
    assert config["segmenten"] == SEGMENTEN
    assert set(config["segmentlabels"]) == set(SEGMENTEN)
    assert config["basiskaarten"] == []  # BASISKAART False: blank background
    west, zuid, oost, noord = config["grenzen"]  # fitted to the two municipalities
    assert west < 4.23 and oost > 4.43 and zuid < 51.99 and noord > 52.12
    # all behaviour in static files: no inline script, features fetched from the API
    scripts = [u for tag, attr, u in _links(html).urls if tag == "script"]
    assert scripts[-1] == "/static/js/planner.js"
    assert html.count("<script") == len(scripts)
    assert "Binckhorst" not in html
    assert "Gemeentegrenzen zijn niet geladen" not in html  # kleine_store has boundaries
    # the form has a labelled field for every property the planner writes
    for veld in ["naam", "status", "fase", *SEGMENTEN, "start", "oplevering", "opmerking"]:
        assert f'name="{veld}"' in html, veld
    for code, omschrijving in STATUSSEN.items():
        assert f"{code} – {omschrijving}" in html
    assert len(html) < 40_000


def test_pagina_heeft_strenge_csp(kaart_client):
    r = kaart_client.get("/")
    csp = dict(
        (deel.split(" ", 1) + [""])[:2]
        for deel in (d.strip() for d in r.headers["Content-Security-Policy"].split(";"))
    )
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["connect-src"] == "'self'"
    assert csp["img-src"] == "'self' data:"  # no tile server configured
    assert csp["object-src"] == "'none'"
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_navigatie_naar_andere_paginas(kaart_client):
    html = kaart_client.get("/").get_data(as_text=True)
    nav = html[html.index('<nav aria-label="Hoofdmenu"') : html.index("</nav>")]
    links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)
    assert ("/", ' aria-current="page"', "Kaart") in links
    assert ("/importeer", "", "Importeren") in links
    assert ("/exporteer", "", "Exporteren") in links
    for url, _, _ in links:
        assert kaart_client.get(url).status_code == 200, url


def test_pagina_zonder_grenzen_meldt_dat(client, store):
    store.voeg_locatie_toe(Locatie("Punt", Point(*DEN_HAAG_RD), "1A", daeb=1))
    html = client.get("/").get_data(as_text=True)
    assert "Gemeentegrenzen zijn niet geladen" in html
    assert _config(html)["grenzen"] is None  # the browser fits to the sites once loaded


def test_pagina_heeft_geen_externe_bronnen(kaart_client):
    html = kaart_client.get("/").get_data(as_text=True)
    links = _links(html)
    assert links.urls, "de pagina hoort scripts en stylesheets te laden"
    extern = [u for u in links.urls if not _is_lokaal(u[2])]
    assert extern == []
    for tag, attr, url in links.urls:
        if tag in ("script", "link"):
            # scripts and style sheets from the app's own static files; the first answers the
            # map asks for are fetched ahead (preload) from the app's own API
            assert url.startswith(("/static/", "/api/v1/")), (tag, attr, url)
    assert "/api/v1/gemeenten" in {u for _, _, u in links.urls}
    for stijl in links.stijlen:
        assert "@import" not in stijl
        assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", stijl)
    # nothing in inline scripts points outside either (no tile layer in this config)
    assert not re.search(r"https?://", html.replace('http-equiv="content-type"', ""))


def test_alle_vendor_bestanden_bestaan(kaart_client):
    html = kaart_client.get("/").get_data(as_text=True)
    vendor = [
        u
        for tag, _, u in _links(html).urls
        if tag in ("script", "link") and u.endswith((".js", ".css"))
    ]
    assert {PurePosixPath(u).name for u in vendor} >= {
        "leaflet.js",
        "leaflet.css",
        "leaflet.draw.js",
        "leaflet.draw.css",
        "leaflet.markercluster.js",
        "MarkerCluster.css",
        "bootstrap.min.css",
        "planner.js",
        "planner.css",
    }
    for url in vendor:
        status, data = _haal(kaart_client, url)
        assert status == 200, url
        assert len(data) > 500, url
        if url.endswith(".css"):
            # every file a stylesheet refers to is served too (images, fonts)
            css = data.decode("utf-8")
            assert "@import" not in css
            for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css):
                if ref.startswith(("data:", "#")):
                    continue
                assert _is_lokaal(ref), (url, ref)
                doel = posixpath.join(posixpath.dirname(url), ref.split("?")[0].split("#")[0])
                opgelost = posixpath.normpath(doel)
                assert _haal(kaart_client, opgelost)[0] == 200, (url, ref, opgelost)


def _haal(client, url: str) -> tuple[int, bytes]:
    """GET and close (static files are streamed from an open file)."""
    with client.get(url) as r:
        return r.status_code, r.get_data()


def test_regionaam_wordt_geescaped(tmp_path):
    store = Store.open(database_url(tmp_path))
    store.zet_regio(Regio("<script>alert(5)</script>", 2021, 2030, 10, {"GM0518": "Den Haag"}))
    app = create_app({"TESTING": True, "DATABASE_URL": store.url, "BASISKAART": False})
    html = client_als(app).get("/").get_data(as_text=True)
    assert "<script>alert(5)" not in html
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in html
    store.sluit()


def test_basiskaart_pdok_met_attributie(met_locaties):
    app = create_app({"TESTING": True, "DATABASE_URL": met_locaties.url, "BASISKAART": True})
    r = client_als(app).get("/")
    html = r.get_data(as_text=True)
    kaarten = _config(html)["basiskaarten"]
    assert [k["naam"] for k in kaarten] == [
        "BRT-Achtergrondkaart",
        "BRT-Achtergrondkaart grijs",
        "Luchtfoto (PDOK)",
    ]
    assert [k["url"] for k in kaarten] == [
        kaartlaag.BRT_URL,
        kaartlaag.BRT_GRIJS_URL,
        kaartlaag.LUCHTFOTO_URL,
    ]
    assert kaarten[0]["attributie"] == "Kaartgegevens © Kadaster"
    assert "Beeldmateriaal" in kaarten[2]["attributie"]
    # the only external URLs are the tile templates (images, not scripts or stylesheets)
    externe = set(re.findall(r"https?://[^\s\"']+", html))
    assert externe == {k["url"] for k in kaarten}
    assert all(_is_lokaal(u) for _, _, u in _links(html).urls)
    assert "img-src 'self' data: https://service.pdok.nl;" in r.headers["Content-Security-Policy"]


def test_eigen_tegelserver(met_locaties):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": met_locaties.url,
            "BASISKAART_URL": "http://127.0.0.1:8081/tegels/{z}/{x}/{y}.png",
        }
    )
    r = client_als(app).get("/")
    (kaart,) = _config(r.get_data(as_text=True))["basiskaarten"]
    assert kaart["url"] == "http://127.0.0.1:8081/tegels/{z}/{x}/{y}.png"
    assert "img-src 'self' data: http://127.0.0.1:8081;" in r.headers["Content-Security-Policy"]


# --------------------------------------------------------------------------- GeoJSON


def test_locaties_geojson_in_wgs84(kaart_client, met_locaties):
    r = kaart_client.get("/kaart/locaties.geojson")
    assert r.status_code == 200
    assert r.mimetype == "application/geo+json"
    fc = json.loads(r.data)
    assert fc["type"] == "FeatureCollection"
    per_naam = {f["properties"]["naam"]: f for f in fc["features"]}
    assert set(per_naam) == {loc.naam for loc in met_locaties.locaties()}

    binck = per_naam["Binckhorst"]
    assert binck["geometry"]["type"] == "Point"
    lon, lat = binck["geometry"]["coordinates"]
    assert lon == pytest.approx(DEN_HAAG_LONLAT[0], abs=2e-4)
    assert lat == pytest.approx(DEN_HAAG_LONLAT[1], abs=2e-4)
    p = binck["properties"]
    assert p["gemeente"] == "GM0518" and p["gemeentenaam"] == "'s-Gravenhage"
    assert p["status"] == "1A" and p["hardheid"] == "hard"
    assert p["statusomschrijving"] == "Vastgesteld plan, onherroepelijk"
    assert p["corporaties"] == "Staedion; Vidomes"
    assert p["daeb"] == 120 and p["daeb_nt"] == 20 and p["totaal"] == 150
    assert p["fase"] == 3 and p["fasenaam"] == "Definitie" and p["oplevering"] == 2027
    assert isinstance(p["id"], int) and binck["id"] == p["id"]

    haven = per_naam["Havenkwartier"]
    assert haven["properties"]["hardheid"] == "zacht"
    assert haven["properties"]["gemeente"] == "GM0603"
    assert haven["properties"]["gemeentenaam"] == "Rijswijk"
    assert haven["properties"]["corporaties"] == ""
    assert haven["properties"]["fase"] is None  # NaN in the GeoDataFrame becomes null
    assert haven["properties"]["totaal"] == 75
    poly = shape(haven["geometry"])
    assert poly.geom_type == "Polygon"
    minx, miny, maxx, maxy = poly.bounds
    assert 4.37 < minx < maxx < 4.40 and 51.99 < miny < maxy < 52.01  # lon/lat, not RD
    assert poly.exterior.is_ccw  # RFC 7946 orientation

    harde = {
        f["properties"]["naam"] for f in fc["features"] if f["properties"]["hardheid"] == "hard"
    }
    assert (
        harde
        == {loc.naam for loc in met_locaties.locaties(hardheid="hard")}
        == {
            "Binckhorst",
            "Erasmusveld",
        }
    )
    assert b"NaN" not in r.data


def test_locaties_geojson_leeg(client):
    fc = client.get("/kaart/locaties.geojson").get_json()
    assert fc == {"type": "FeatureCollection", "features": []}


def test_gemeenten_geojson_alleen_regio_met_grens(kaart_client, met_locaties):
    # a municipality outside the region is not drawn; one without boundary cannot be
    met_locaties.bewaar_gemeenten(
        [Gemeente("GM0599", "Rotterdam", box(90000, 430000, 95000, 440000))]
    )
    fc = json.loads(kaart_client.get("/kaart/gemeenten.geojson").data)
    codes = [f["properties"]["gemeente"] for f in fc["features"]]
    assert codes == ["GM0518", "GM0603"]
    dh = fc["features"][0]
    assert dh["properties"]["naam"] == "'s-Gravenhage"
    assert dh["properties"]["woningen"] == 265959
    west, zuid, oost, noord = shape(dh["geometry"]).bounds
    assert west < DEN_HAAG_LONLAT[0] < oost and zuid < DEN_HAAG_LONLAT[1] < noord


def test_gemeenten_geojson_zonder_grenzen_leeg(client):
    assert client.get("/kaart/gemeenten.geojson").get_json()["features"] == []


# --------------------------------------------------------------------------- kaartlaag


def test_naar_wgs84_bekende_punten():
    amersfoort, den_haag, leeg = kaartlaag.naar_wgs84(
        [Point(155000, 463000), Point(*DEN_HAAG_RD), None]
    )
    assert (amersfoort.x, amersfoort.y) == pytest.approx((5.3872, 52.1552), abs=2e-4)
    assert (den_haag.x, den_haag.y) == pytest.approx(DEN_HAAG_LONLAT, abs=2e-4)
    assert leeg is None


def test_kaartgrenzen(met_locaties):
    gemeenten = met_locaties.gemeenten(alleen_regio=True)
    west, zuid, oost, noord = kaartlaag.kaartgrenzen(gemeenten)
    assert west < 4.23 and oost > 4.43 and zuid < 51.99 and noord > 52.12
    # without boundaries: the sites; without anything: unknown
    zonder = [Gemeente(g.gemeente, g.naam) for g in gemeenten]
    w, z, o, n = kaartlaag.kaartgrenzen(zonder, met_locaties.locaties_gdf())
    assert west < w < o < oost and zuid < z < n < noord
    assert kaartlaag.kaartgrenzen(zonder, met_locaties.locaties_gdf(gemeente="GM9999")) is None


def test_locaties_geojson_weigert_ander_crs(met_locaties):
    gdf = met_locaties.locaties_gdf().to_crs("EPSG:3857")
    with pytest.raises(ConfiguratieFout, match="EPSG:28992"):
        kaartlaag.locaties_geojson(gdf)


def _assets(html: str) -> list[str]:
    return [u for tag, _, u in _links(html).urls if tag in ("script", "link")]


def test_plugins_lokaal_en_folium_klassen_onaangetast():
    klassen = [folium.Map, plugins.Draw, plugins.MarkerCluster]
    voor = {k: (copy.deepcopy(k.default_js), copy.deepcopy(k.default_css)) for k in klassen}
    kaart = kaartlaag.bouw_kaart("/l", "/g", (4.2, 52.0, 4.4, 52.1), basiskaart=None)
    plugins.Draw().add_to(kaart)
    plugins.MarkerCluster().add_to(kaart)
    d = kaartlaag.kaart_onderdelen(kaart, "/static/vendor/")
    html = d["header"] + d["html"]
    # the package's own modules come from the js folder beside the vendor folder
    modules = [u for u in _assets(html) if u.startswith("/static/js/")]
    assert {PurePosixPath(u).name for u in modules} == {"kaartlagen.js", "legenda.js"}
    assets = [u for u in _assets(html) if u not in modules]
    assert all(u.startswith("/static/vendor/") for u in assets), assets
    namen = {PurePosixPath(u).name for u in assets}
    assert {
        "leaflet.draw.js",
        "leaflet.draw.css",
        "leaflet.markercluster.js",
        "MarkerCluster.css",
    } <= namen
    for u in assets + modules:
        pad = Path(kaartlaag.__file__).parents[1] / "web" / u.lstrip("/")
        assert pad.is_file(), u
    # the shared class lists still point where folium put them
    for k in klassen:
        assert (k.default_js, k.default_css) == voor[k]
    # another base URL (e.g. a static map next to a copy of the vendor folder)
    d2 = kaartlaag.kaart_onderdelen(kaart, "vendor/")
    assert all(u.startswith(("vendor/", "js/")) for u in _assets(d2["header"]))


def test_lokaliseer_weigert_asset_zonder_lokale_kopie():
    kaart = kaartlaag.bouw_kaart("/l", "/g", basiskaart=None)
    plugins.Fullscreen().add_to(kaart)
    with pytest.raises(ConfiguratieFout, match="Fullscreen.*geen lokale kopie"):
        kaartlaag.kaart_onderdelen(kaart)
    with pytest.raises(ConfiguratieFout, match="eindigen"):
        kaartlaag.lokaliseer(kaart, "/static/vendor")


def test_ingebedde_geojson_kan_script_niet_afsluiten(met_locaties):
    payload = "</script><script>alert(4)</script><!-- ${alert(2)} x\\`);alert(3);//"
    fc = kaartlaag.locaties_geojson(met_locaties.locaties_gdf())
    fc["features"][0]["properties"]["naam"] = payload
    kaart = kaartlaag.bouw_kaart(fc, {"type": "FeatureCollection", "features": []}, basiskaart=None)
    d = kaartlaag.kaart_onderdelen(kaart)
    # the data goes to kaartlagen.js as a JSON block (never as code)
    blok = re.search(
        r'<script type="application/json" data-lp-module="kaartlagen">(.*?)</script>', d["html"]
    ).group(1)
    for script in (d["script"], blok):
        assert "</script" not in script.lower() and "<!--" not in script
    opties = json.loads(blok)
    assert opties["bronnen"]["locaties"] == json.loads(json.dumps(fc))
    assert opties["bronnen"]["locaties"]["features"][0]["properties"]["naam"] == payload
