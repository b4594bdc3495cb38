"""The planner's first view made cheap: the answers every map asks for (municipalities,
removals, cases, the view) are built once per data version and kept per process
(``web/antwoordcache.py``), with a strong ETag and 304; a write gives a new version and the new
data at once. The map page names every module of its entry and those answers for the browser
to fetch at once (``web/modulen.py``)."""

from __future__ import annotations

import re

import pytest
from aanmelding import client_als
from conftest import KLEINE_GEMEENTEN

from locatieplanner.domein.model import Onttrekking
from locatieplanner.store import Store
from locatieplanner.web import create_app
from locatieplanner.web.modulen import modulegraaf

API = "/api/v1"
PADEN = ("gemeenten", "onttrekkingen", "casussen.geojson")


@pytest.fixture
def app(store: Store):
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.voeg_onttrekking_toe(Onttrekking("GM0518", 2025, 12, "sloop"))
    return create_app({"TESTING": True, "DATABASE_URL": store.url, "BASISKAART": False})


@pytest.mark.parametrize("pad", PADEN)
def test_etag_en_304_tot_er_iets_verandert(app, store, pad):
    client = client_als(app)
    eerste = client.get(f"{API}/{pad}")
    assert eerste.status_code == 200, eerste.json
    etag = eerste.headers["ETag"]
    assert not etag.startswith("W/")
    assert eerste.headers["Cache-Control"] == "private, no-cache"
    opnieuw = client.get(f"{API}/{pad}", headers={"If-None-Match": etag})
    assert opnieuw.status_code == 304 and opnieuw.data == b""
    # the kept copy is the same answer, with its headers
    kopie = client.get(f"{API}/{pad}")
    assert kopie.data == eerste.data and kopie.mimetype == eerste.mimetype
    assert kopie.headers.get("Content-Crs") == eerste.headers.get("Content-Crs")
    # a write of any plan data: another version, so the answer is built again
    store.voeg_onttrekking_toe(Onttrekking("GM0603", 2026, 3, "verkoop"))
    na = client.get(f"{API}/{pad}", headers={"If-None-Match": etag})
    assert na.status_code == 200 and na.headers["ETag"] != etag


def test_een_nieuwe_onttrekking_staat_meteen_in_de_lijst(app, store):
    client = client_als(app)
    assert [o["aantal"] for o in client.get(f"{API}/onttrekkingen").json] == [12]
    store.voeg_onttrekking_toe(Onttrekking("GM0603", 2026, 3, "verkoop"))
    assert sorted(o["aantal"] for o in client.get(f"{API}/onttrekkingen").json) == [3, 12]
    # per query: one municipality's list is another answer
    assert [o["aantal"] for o in client.get(f"{API}/onttrekkingen?gemeente=GM0603").json] == [3]


def test_een_bewaard_antwoord_wordt_niet_opnieuw_gebouwd(app, store, monkeypatch):
    client = client_als(app)
    gebouwd = []
    echt = Store.gemeenten

    def tel(self, *args, **kwargs):
        gebouwd.append(1)
        return echt(self, *args, **kwargs)

    monkeypatch.setattr(Store, "gemeenten", tel)
    eerste = client.get(f"{API}/gemeenten?crs=EPSG:28992")
    n = len(gebouwd)
    assert n >= 1
    assert client.get(f"{API}/gemeenten?crs=EPSG:28992").data == eerste.data
    assert len(gebouwd) == n


def test_fout_wordt_niet_bewaard(app):
    client = client_als(app)
    for _ in range(2):
        r = client.get(f"{API}/gemeenten?crs=EPSG:1234")
        assert r.status_code == 400 and "ETag" not in r.headers


def test_modulegraaf_volgt_de_imports():
    graaf = modulegraaf("planner.js")
    assert graaf[0] == "js/planner.js"
    assert len(set(graaf)) == len(graaf)
    # every module one of them imports is in the list
    from locatieplanner.web.modulen import _IMPORT, _MAP

    for pad in graaf:
        for naam in _IMPORT.findall((_MAP / pad.removeprefix("js/")).read_text()):
            assert f"js/{naam}" in graaf, (pad, naam)
    assert {"js/lagen.js", "js/gedeeld.js", "js/onttrekkingen.js"} <= set(graaf)


def test_kaartpagina_laadt_modulen_en_eerste_antwoorden_vooraf(app):
    client = client_als(app)
    html = client.get("/").get_data(as_text=True)
    voorgeladen = re.findall(r'<link rel="modulepreload" href="/static/([^"]+)">', html)
    assert voorgeladen == list(modulegraaf("planner.js"))
    for pad in PADEN + ("corporaties",):
        assert f'<link rel="preload" as="fetch" crossorigin="anonymous" href="{API}/{pad}">' in html
    # the totals of every site too, as filters.js asks for them without filters
    samenvatting = (
        f'<link rel="preload" as="fetch" crossorigin="anonymous" href="{API}/locaties?limit=1">'
    )
    assert samenvatting in html
    # with filters in the address, the totals are another request: nothing to fetch ahead
    assert samenvatting not in client.get("/?gemeente=GM0518").get_data(as_text=True)
