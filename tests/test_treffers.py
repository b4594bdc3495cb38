"""The lean search of ``GET /api/v1/locaties`` against the object path, on SQLite and PostGIS:
the ids found through the spatial index (geometry decoded at once, no site read as an object)
and the DAEB summary from one aggregate query equal what the sites read as objects and the
analysis' count give, for random boxes and filters and for every role; the API's summary equals
the analysis of the same sites."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
import shapely
from shapely.geometry import box

from locatieplanner.analyse.nieuwbouw import daeb_telling_van
from locatieplanner.domein.model import Corporatie
from locatieplanner.store import Store
from locatieplanner.uitwisseling.demo import laad_demo
from locatieplanner.web import create_app
from tests.aanmelding import ROLLEN, client_als
from tests.conftest import database_url

#: Filters of a search, as the API passes them to the store.
FILTERS = [
    {},
    {"gemeente": ["GM0518"]},
    {"hardheid": "hard"},
    {"hardheid": "zacht", "oplevering_van": 2026},
    {"status": ["1A", "3"]},
    {"corporatie": "Staedion"},
    {"corporatie": "Woonstichting Hofstad", "oplevering_tot": 2027},
    {"oplevering_van": 2025, "oplevering_tot": 2028},
]


@pytest.fixture
def demo_url(tmp_path):
    url = database_url(tmp_path)
    laad_demo(url, download=False)
    return url


def _in_jaren(loc, van, tot) -> bool:
    jaren = {loc.oplevering, *(t.oplevering for t in loc.toewijzingen)} - {None}
    return any((van is None or j >= van) and (tot is None or j <= tot) for j in jaren)


def _objecten(store: Store, veelhoek, tekst, filters) -> list:
    """The matches read as objects and filtered in Python (the path before the lean one)."""
    sql = {k: v for k, v in filters.items() if not k.startswith("oplevering")}
    gevonden = store.locaties(bbox=None if veelhoek is None else veelhoek.bounds, **sql)
    if veelhoek is not None:
        gevonden = [loc for loc in gevonden if loc.geometry.intersects(veelhoek)]
    van, tot = filters.get("oplevering_van"), filters.get("oplevering_tot")
    if van is not None or tot is not None:
        gevonden = [loc for loc in gevonden if _in_jaren(loc, van, tot)]
    if tekst is not None:
        z = tekst.casefold()
        gevonden = [
            loc
            for loc in gevonden
            if z in loc.naam.casefold() or (loc.bron_id is not None and z in loc.bron_id.casefold())
        ]
    return gevonden


def _zelfde_som(store: Store, gevonden: list, corporatie, som: dict[str, int]) -> None:
    telling = daeb_telling_van(gevonden, store.regio(), corporatie)
    verwacht = {
        "hard": telling.hard,
        "zacht": telling.zacht,
        "na_periode": telling.na_periode,
        "voor_periode": telling.voor_periode,
        "zonder_jaar": telling.zonder_jaar,
        "buiten_regio": telling.buiten_regio,
    }
    assert som == verwacht


def _controleer(store: Store) -> None:
    alle = store.locaties()
    assert len(alle) > 10
    x0, y0, x1, y1 = shapely.total_bounds(np.array([loc.geometry for loc in alle]))
    rnd = random.Random(13)
    for filters in FILTERS:
        corporatie = filters.get("corporatie")
        # without box: the database's conditions decide
        gevonden = _objecten(store, None, None, filters)
        ids = store.treffer_ids(None, None, **filters)
        assert ids.tolist() == [loc.id for loc in gevonden]
        rest = {k: v for k, v in filters.items() if k != "corporatie"}
        _zelfde_som(store, gevonden, corporatie, store.daeb_som(corporatie, **rest))
        for _ in range(8):
            x, y = rnd.uniform(x0, x1), rnd.uniform(y0, y1)
            veelhoek = box(x, y, x + rnd.uniform(50, 4000), y + rnd.uniform(50, 4000))
            tekst = rnd.choice([None, None, "a", "Locatie", "xyz"])
            gevonden = _objecten(store, veelhoek, tekst, filters)
            ids = store.treffer_ids(veelhoek, tekst, bbox=veelhoek.bounds, **filters)
            assert ids.tolist() == [loc.id for loc in gevonden], (filters, veelhoek.bounds)
            _zelfde_som(store, gevonden, corporatie, store.daeb_som(corporatie, ids.tolist()))
            # the listing's path: ids and their summary read together
            samen, som = store.treffers(veelhoek, tekst, bbox=veelhoek.bounds, **filters)
            assert samen.tolist() == ids.tolist()
            _zelfde_som(store, gevonden, corporatie, som)
    # every role finds the same sites (each role reads the whole region)
    for account in ROLLEN.values():
        assert store.als(account).treffer_ids().tolist() == [loc.id for loc in alle]
    assert store.daeb_som(ids=[]) == dict.fromkeys(store.daeb_som(), 0)


@pytest.mark.parametrize("opslag", ["sqlite", "postgis"])
def test_zoeken_gelijk_aan_objecten(opslag, request):
    if opslag == "postgis":
        url = request.getfixturevalue("postgis_url")
        laad_demo(url, download=False)
    else:
        url = request.getfixturevalue("demo_url")
    store = Store.open(url)
    try:
        _controleer(store)
    finally:
        store.sluit()


def test_api_samenvatting_gelijk_aan_analyse(demo_url):
    """The API's summary of a box and of a filter equals the analysis' count of the same sites;
    every role gets the same answer."""
    app = create_app({"TESTING": True, "DATABASE_URL": demo_url, "BASISKAART": False})
    store = Store.open(demo_url)
    # the corporation of the test corporation's account
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    try:
        for account in ROLLEN.values():
            client = client_als(app, account)
            for vraag, filters in (
                ("bbox=75000,440000,90000,460000&crs=EPSG:28992", None),
                ("corporatie=Woonstichting Hofstad", {"corporatie": "Woonstichting Hofstad"}),
                ("hardheid=hard&limit=2", {"hardheid": "hard"}),
            ):
                antwoord = client.get("/api/v1/locaties?" + vraag)
                assert antwoord.status_code == 200, antwoord.get_json()
                data = antwoord.get_json()
                if filters is None:
                    gevonden = _objecten(store, box(75000, 440000, 90000, 460000), None, {})
                else:
                    gevonden = _objecten(store, None, None, filters)
                corporatie = (filters or {}).get("corporatie")
                telling = daeb_telling_van(gevonden, store.regio(), corporatie)
                som = data["samenvatting"]
                assert som["locaties"] == data["numberMatched"] == len(gevonden)
                assert som["daeb"] == telling.totaal
                assert som["daeb_hard"] == telling.hard
                assert som["daeb_zacht"] == telling.zacht
                assert som["daeb_buiten_regio"] == telling.buiten_regio
                assert [f["id"] for f in data["features"]] == [
                    loc.id for loc in gevonden[: len(data["features"])]
                ]
    finally:
        store.sluit()


def test_plekken_in_een_verzoek(demo_url):
    """``GET /locaties/plekken``: name and lon/lat box of many sites in one request (unknown ids
    left out); bad ids a Dutch 400; every role may read it."""
    app = create_app({"TESTING": True, "DATABASE_URL": demo_url, "BASISKAART": False})
    store = Store.open(demo_url)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    try:
        alle = store.locaties()
        ids = [loc.id for loc in alle[:5]]
        for account in ROLLEN.values():
            client = client_als(app, account)
            antwoord = client.get(
                "/api/v1/locaties/plekken?ids=" + ",".join(map(str, [*ids, 999999]))
            )
            assert antwoord.status_code == 200, antwoord.get_json()
            plekken = antwoord.get_json()["plekken"]
            assert [p["id"] for p in plekken] == ids
            for p, loc in zip(plekken, alle[:5], strict=True):
                assert p["naam"] == loc.naam
                west, zuid, oost, noord = p["bbox"]
                assert 3 < west <= oost < 8 and 50 < zuid <= noord < 54
        client = client_als(app, ROLLEN["gemeente"])
        antwoord = client.get("/api/v1/locaties/plekken")
        assert antwoord.status_code == 200
        assert antwoord.get_json() == {"plekken": []}
        for fout in ("abc", "1,,2", "1, 2", ",".join(str(i) for i in range(1, 1100))):
            antwoord = client.get("/api/v1/locaties/plekken?ids=" + fout)
            assert antwoord.status_code == 400, fout
            assert "ids" in json.dumps(antwoord.get_json(), ensure_ascii=False)
    finally:
        store.sluit()
