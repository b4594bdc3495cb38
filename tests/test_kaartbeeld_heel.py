"""The view of the whole region aggregated once per data version (``alle_cellen`` in
``web/api_kaartbeeld.py``) and the data version it is kept under (``Store.cacheversie``):
the same answer as the view's own aggregate, never stale after a write, and on PostgreSQL not
moved by a transaction that writes no plan data (an API token's last use)."""

from __future__ import annotations

import json
import random

import pytest
from aanmelding import client_als, token_voor
from conftest import KLEINE_GEMEENTEN
from shapely.geometry import box

from locatieplanner.domein.model import Corporatie, Locatie
from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store
from locatieplanner.web import api_kaartbeeld, create_app
from locatieplanner.web.schemas_kaartbeeld import KaartbeeldVraag
from locatieplanner.web.voorverwarmen import FILTERS, eerste_zoom

#: Lon/lat boxes that hold both small municipalities (and every site), and one that does not.
HEEL = ("3.9,51.9,4.6,52.2", "4.0,51.95,4.5,52.15")
DEEL = "4.30,52.05,4.36,52.09"


def _vul(store: Store, aantal: int = 60) -> None:
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    rnd = random.Random(7)
    for n in range(aantal):
        x, y = rnd.uniform(75100, 89700), rnd.uniform(450100, 454700)
        store.voeg_locatie_toe(
            Locatie(
                f"Plan {n}",
                box(x, y, x + rnd.uniform(5, 200), y + 80),
                rnd.choice(["1A", "1B", "2A", "3"]),
                daeb=rnd.randint(0, 50),
                oplevering=rnd.choice([None, 2026, 2028, 2040]),
            )
        )


def _beeld(store: Store, bbox: str, zoom: int, **filters) -> str:
    q = KaartbeeldVraag.model_validate({"bbox": bbox, "zoom": zoom, **filters})
    return json.dumps(api_kaartbeeld._beeld(store, q))


def _zonder_heel(monkeypatch, store: Store, bbox: str, zoom: int, **filters) -> str:
    with monkeypatch.context() as m:
        m.setattr(api_kaartbeeld, "alle_cellen", lambda *a, **k: None)
        return _beeld(store, bbox, zoom, **filters)


@pytest.fixture
def gevuld(store: Store) -> Store:
    _vul(store)
    return store


@pytest.mark.parametrize("zoom", [5, 8, 11, 13])
@pytest.mark.parametrize("bbox", HEEL)
def test_heel_beeld_is_hetzelfde_antwoord_als_het_eigen_aggregaat(gevuld, monkeypatch, bbox, zoom):
    rd = api_kaartbeeld._wgs84_box_naar_rd(tuple(map(float, bbox.split(","))))[0]
    assert api_kaartbeeld.alle_cellen(gevuld, zoom, dict.fromkeys(FILTERS), binnen=rd) is not None
    assert _beeld(gevuld, bbox, zoom) == _zonder_heel(monkeypatch, gevuld, bbox, zoom)
    # with filters too (their own cells)
    filters = {"hardheid": "hard", "oplevering_van": 2026}
    assert _beeld(gevuld, bbox, zoom, **filters) == _zonder_heel(
        monkeypatch, gevuld, bbox, zoom, **filters
    )


def test_een_deel_van_het_gebied_gebruikt_het_eigen_aggregaat(gevuld, monkeypatch):
    rd = api_kaartbeeld._wgs84_box_naar_rd(tuple(map(float, DEEL.split(","))))[0]
    assert api_kaartbeeld.alle_cellen(gevuld, 9, dict.fromkeys(FILTERS), binnen=rd) is None
    assert _beeld(gevuld, DEEL, 9) == _zonder_heel(monkeypatch, gevuld, DEEL, 9)


def test_na_een_schrijfactie_meteen_de_nieuwe_cellen(gevuld):
    app = create_app({"TESTING": True, "DATABASE_URL": gevuld.url, "BASISKAART": False})
    client = client_als(app)
    url = f"/api/v1/kaartbeeld?bbox={HEEL[0]}&zoom=8"
    voor = client.get(url).json
    gevuld.voeg_locatie_toe(Locatie("Erbij", box(80000, 452000, 80100, 452100), "1A", daeb=5))
    na = client.get(url).json
    assert na["numberMatched"] == voor["numberMatched"] + 1
    daeb = sum(f["properties"]["daeb"] for f in na["features"])
    assert daeb == sum(f["properties"]["daeb"] for f in voor["features"]) + 5


def test_locatievak_en_versie(store):
    assert store.locatievak() is None  # no sites
    voor = store.cacheversie()
    _vul(store, 3)
    assert store.cacheversie() != voor
    vak = store.locatievak()
    assert vak is not None and 75000 < vak[0] < vak[2] < 90000


def test_eerste_zoom_zoals_leaflet():
    assert eerste_zoom(None) is None
    # the Netherlands on a map of 900 x 700 pixels: zoom 7 (as the benchmark's first view)
    assert eerste_zoom((3.3, 50.7, 7.3, 53.6)) == 7
    assert eerste_zoom((4.0, 51.95, 4.5, 52.15)) == 11


def test_postgis_versie_blijft_bij_een_token_en_verandert_bij_een_schrijfactie(postgis_url):
    store = Store.open(postgis_url)
    try:
        store.zet_regio(laad_regio())
        _vul(store, 3)
        token_voor(postgis_url)  # an account and a token
        voor = store.cacheversie()
        # a transaction that writes no plan data: the token's last use
        app = create_app({"TESTING": True, "DATABASE_URL": postgis_url, "BASISKAART": False})
        assert client_als(app).get("/api/v1/corporaties").status_code == 200
        app.extensions["locatieplanner.store"].sluit()
        assert store.cacheversie() == voor
        store.voeg_locatie_toe(Locatie("Erbij", box(80000, 452000, 80100, 452100), "1A", daeb=5))
        assert store.cacheversie() != voor
    finally:
        store.sluit()
