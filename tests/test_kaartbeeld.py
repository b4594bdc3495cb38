"""The spatial index of the sites (R*Tree on SQLite, GIST on PostGIS) and the map's view
``GET /api/v1/kaartbeeld``: the index answers bbox queries and stays in step with every write
(insert, update, delete, import, rollback); the view is detailed or aggregated by the number of
sites, quantised within the zoom's resolution, filtered, compressed, and 304 when unchanged."""

from __future__ import annotations

import math
import random

import pytest
import shapely
from aanmelding import client_als
from conftest import KLEINE_GEMEENTEN
from shapely.geometry import Point, box, shape
from sqlalchemy import text

from locatieplanner.crs import naar_wgs84, rd_grenzen_naar_wgs84
from locatieplanner.domein.model import Corporatie, Locatie, Toewijzing
from locatieplanner.domein.rechten import Account
from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store
from locatieplanner.web import create_app
from locatieplanner.web.api_kaartbeeld import DREMPEL, resolutie
from locatieplanner.web.schemas_kaartbeeld import Kaartbeeld

API = "/api/v1"
#: The two small municipalities together (EPSG:28992).
GEBIED = (75000.0, 445000.0, 90000.0, 460000.0)


def _vul(store: Store) -> Store:
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    store.bewaar_corporatie(Corporatie("Vidomes", "VID", ["GM0518", "GM0603"]))
    return store


def _site(rnd: random.Random, n: int, **kw) -> Locatie:
    """A random site in the two municipalities: a point or a small rectangle."""
    x = rnd.uniform(GEBIED[0] + 50, GEBIED[2] - 250)
    y = rnd.uniform(450000 + 50, 455000 - 250)
    geometrie = Point(x, y) if n % 3 == 0 else box(x, y, x + rnd.uniform(5, 200), y + 80)
    waarden = {"naam": f"Locatie {n}", "status": rnd.choice(["1A", "1B", "2A", "3"]), "daeb": 10}
    waarden.update(kw)
    return Locatie(geometry=geometrie, **waarden)


def _in_index(store: Store, vak: tuple[float, float, float, float]) -> set[int]:
    return {loc.id for loc in store.locaties(bbox=vak, met_geometrie=False)}


def _brute_kracht(store: Store, vak: tuple[float, float, float, float]) -> set[int]:
    """Every site whose bounding box meets ``vak``, computed with shapely over all sites."""
    rechthoek = box(*vak)
    return {loc.id for loc in store.locaties() if box(*loc.geometry.bounds).intersects(rechthoek)}


def _vergelijk(store: Store, rnd: random.Random, keer: int = 25) -> None:
    for _ in range(keer):
        x, y = rnd.uniform(GEBIED[0], GEBIED[2]), rnd.uniform(449000, 456000)
        vak = (x, y, x + rnd.uniform(10, 3000), y + rnd.uniform(10, 3000))
        assert _in_index(store, vak) == _brute_kracht(store, vak), vak


def _index_in_stap(store: Store) -> None:
    """Insert, update, delete, import and a rolled-back write: after each, bbox queries through
    the index equal the brute-force answer."""
    rnd = random.Random(13)
    ids = [store.voeg_locatie_toe(_site(rnd, n)).id for n in range(40)]
    _vergelijk(store, rnd)
    for lid in ids[:10]:  # moved far away
        loc = store.locatie(lid)
        verschoven = shapely.affinity.translate(loc.geometry, 3000, -1500)
        store.wijzig_locatie(lid, {"geometry": verschoven}, loc.versie)
    _vergelijk(store, rnd)
    for lid in ids[10:20]:
        store.verwijder_locatie(lid, store.locatie(lid).versie)
    _vergelijk(store, rnd)
    store.importeer_locaties([_site(rnd, 100 + n, bron_id=f"imp-{n}") for n in range(30)])
    _vergelijk(store, rnd)
    # a write that fails half-way (an unknown corporation) leaves the index as it was
    voor = _in_index(store, GEBIED)
    kapot = _site(rnd, 999, toewijzingen=[Toewijzing("Bestaat niet", 5)])
    with pytest.raises(Exception):  # noqa: B017 - any refusal; the index must not change
        store.importeer_locaties([_site(rnd, 998, bron_id="goed"), kapot])
    assert _in_index(store, GEBIED) == voor
    _vergelijk(store, rnd)


def test_index_blijft_in_stap_sqlite(store):
    _index_in_stap(_vul(store))
    with store.engine.connect() as c:
        in_rtree = c.execute(text("select count(*) from locatie_rtree")).scalar_one()
        in_tabel = c.execute(text("select count(*) from locatie")).scalar_one()
    assert in_rtree == in_tabel > 0


def test_index_blijft_in_stap_postgis(postgis_url):
    store = Store.open(postgis_url)
    store.zet_regio(laad_regio())
    try:
        _index_in_stap(_vul(store))
    finally:
        store.sluit()


def test_sqlite_zoekt_via_de_rtree(store):
    from sqlalchemy import select

    from locatieplanner.store import schema as t
    from locatieplanner.store.kaartbeeld import vak_voorwaarden

    q = select(t.locatie.c.id).where(*vak_voorwaarden("sqlite", (80000, 450000, 81000, 451000)))
    sql = str(q.compile(dialect=store.engine.dialect, compile_kwargs={"literal_binds": True}))
    with store.engine.connect() as c:
        plan = " | ".join(str(r[-1]) for r in c.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert "locatie_rtree VIRTUAL TABLE INDEX" in plan, plan


def test_postgis_zoekt_via_de_gist_index(postgis_url):
    from sqlalchemy import select

    from locatieplanner.store import schema as t
    from locatieplanner.store.kaartbeeld import vak_voorwaarden

    store = Store.open(postgis_url)
    try:
        q = select(t.locatie.c.id).where(
            *vak_voorwaarden("postgresql", (80000, 450000, 81000, 451000))
        )
        sql = str(q.compile(dialect=store.engine.dialect, compile_kwargs={"literal_binds": True}))
        with store.engine.begin() as c:
            c.execute(text("SET LOCAL enable_seqscan = off"))
            plan = "\n".join(r[0] for r in c.execute(text("EXPLAIN " + sql)))
        assert "ix_locatie_geom" in plan, plan
    finally:
        store.sluit()


# --------------------------------------------------------------------------- the view


def _beeld_vak(vak_rd: tuple[float, float, float, float]) -> str:
    return ",".join(f"{v:.6f}" for v in rd_grenzen_naar_wgs84(vak_rd))


@pytest.fixture
def beeldapp(store):
    """An app on a store with sites: 60 spread over both municipalities, and a dense block of
    DREMPEL + 100 points in a 2 km square of 's-Gravenhage."""
    _vul(store)
    rnd = random.Random(7)
    verspreid = [_site(rnd, n, bron_id=f"v-{n}") for n in range(60)]
    verspreid[0].toewijzingen = [Toewijzing("Staedion", 4)]
    dicht = [
        Locatie(
            geometry=Point(rnd.uniform(76000, 78000), rnd.uniform(456000, 458000)),
            naam=f"Dicht {n}",
            bron_id=f"d-{n}",
            status="1A" if n % 2 else "3",
            daeb=2,
        )
        for n in range(DREMPEL + 100)
    ]
    store.importeer_locaties(verspreid + dicht)
    return create_app({"TESTING": True, "DATABASE_URL": store.url, "BASISKAART": False})


def _haal(client, vak: str, zoom: int, **filters):
    args = "&".join(f"{k}={v}" for k, v in filters.items())
    return client.get(f"{API}/kaartbeeld?bbox={vak}&zoom={zoom}" + (f"&{args}" if args else ""))


def test_dicht_beeld_wordt_samengevoegd_en_ingezoomd_gedetailleerd(beeldapp, store):
    client = client_als(beeldapp)
    r = _haal(client, _beeld_vak(GEBIED), 11)
    assert r.status_code == 200, r.json
    d = r.json
    assert d["geaggregeerd"] is True
    assert d["numberMatched"] == 60 + DREMPEL + 100
    clusters = [f for f in d["features"] if f["properties"]["soort"] == "cluster"]
    losse = [f for f in d["features"] if f["properties"]["soort"] == "locatie"]
    # every site is in exactly one feature, and the clusters carry the DAEB sums
    assert sum(f["properties"]["aantal"] for f in clusters) + len(losse) == d["numberMatched"]
    daeb = sum(f["properties"]["daeb"] for f in d["features"])
    assert daeb == sum(loc.daeb for loc in store.locaties(met_geometrie=False))
    assert all(
        c["properties"]["hard"] + c["properties"]["zacht"] == c["properties"]["aantal"]
        for c in clusters
    )
    assert len(d["features"]) < 200  # far fewer than the sites
    Kaartbeeld.model_validate(d)  # the shape the OpenAPI document states
    # zoomed in on one part of the dense block: the sites themselves
    r = _haal(client, _beeld_vak((76000, 456000, 76400, 456400)), 17)
    d = r.json
    assert d["geaggregeerd"] is False
    assert 0 < d["numberMatched"] <= DREMPEL
    assert {f["properties"]["soort"] for f in d["features"]} == {"locatie"}
    assert all(f["properties"]["naam"].startswith("Dicht ") for f in d["features"])


def test_gedetailleerd_beeld_heeft_de_getoonde_eigenschappen(beeldapp, store):
    client = client_als(beeldapp)
    vak = (75000, 450000, 90000, 455000)  # the spread sites only
    d = _haal(client, _beeld_vak(vak), 12).json
    assert d["geaggregeerd"] is False
    verwacht = {
        loc.id: loc
        for loc in store.locaties(bbox=vak)
        if loc.geometry.intersects(box(*vak)) and loc.naam.startswith("Locatie")
    }
    assert {f["id"] for f in d["features"]} == set(verwacht)
    Kaartbeeld.model_validate(d)
    for f in d["features"]:
        p, loc = f["properties"], verwacht[f["id"]]
        assert p["naam"] == loc.naam and p["status"] == loc.status and p["daeb"] == loc.daeb
        assert p["woningen"] == loc.totaal
        assert p["daeb_nt"] == loc.daeb_niet_toegewezen
        assert p["corporaties"] == "; ".join(t.corporatie for t in loc.toewijzingen)
        assert "opmerking" not in p and "toewijzingen" not in p  # only what the map draws


@pytest.mark.parametrize("zoom", [8, 12, 16])
def test_kwantisering_blijft_binnen_de_resolutie(beeldapp, store, zoom):
    client = client_als(beeldapp)
    vak = (75000, 450000, 90000, 455000)
    d = _haal(client, _beeld_vak(vak), zoom).json
    assert d["resolutie"] == pytest.approx(resolutie(zoom))
    volledig = {loc.id: loc.geometry for loc in store.locaties(bbox=vak)}
    punten = [f for f in d["features"] if f["geometry"]["type"] == "Point"]
    assert punten
    for f in punten:
        exact = naar_wgs84([volledig[f["id"]]], None)[0]
        getoond = shape(f["geometry"])
        assert abs(getoond.x - exact.x) <= resolutie(zoom)
        assert abs(getoond.y - exact.y) <= resolutie(zoom)
    # polygons: within a pixel of the exact outline (Hausdorff distance in degrees)
    for f in d["features"]:
        if f["geometry"]["type"] != "Point":
            exact = naar_wgs84([volledig[f["id"]]], None)[0]
            assert shapely.hausdorff_distance(shape(f["geometry"]), exact) <= resolutie(zoom)


def test_filters_gelden_ook_voor_het_kaartbeeld(beeldapp, store):
    client = client_als(beeldapp)
    vak = _beeld_vak(GEBIED)
    for filters, past in [
        ({"hardheid": "hard"}, lambda loc: loc.hardheid == "hard"),
        ({"status": "3"}, lambda loc: loc.status == "3"),
        ({"gemeente": "GM0603"}, lambda loc: loc.gemeente == "GM0603"),
        ({"corporatie": "Staedion"}, lambda loc: bool(loc.toewijzingen)),
        ({"oplevering_van": "2025"}, lambda loc: False),
    ]:
        d = _haal(client, vak, 16, **filters).json
        verwacht = sum(1 for loc in store.locaties(met_geometrie=False) if past(loc))
        assert d["numberMatched"] == verwacht, filters


def test_etag_en_304_tot_er_iets_verandert(beeldapp, store):
    client = client_als(beeldapp)
    vak = _beeld_vak((75000, 450000, 90000, 455000))
    eerste = _haal(client, vak, 12)
    etag = eerste.headers["ETag"]
    assert not etag.startswith("W/")
    opnieuw = client.get(f"{API}/kaartbeeld?bbox={vak}&zoom=12", headers={"If-None-Match": etag})
    assert opnieuw.status_code == 304 and opnieuw.data == b""
    # another view, or another filter: another ETag
    assert _haal(client, vak, 13).headers["ETag"] != etag
    assert _haal(client, vak, 12, hardheid="hard").headers["ETag"] != etag
    # a change of the data: the same view is sent again
    loc = store.locaties(met_geometrie=False)[0]
    store.wijzig_locatie(loc.id, {"naam": "Hernoemd"}, loc.versie)
    na = client.get(f"{API}/kaartbeeld?bbox={vak}&zoom=12", headers={"If-None-Match": etag})
    assert na.status_code == 200 and na.headers["ETag"] != etag


def test_kaartbeeld_wordt_gecomprimeerd_met_sterke_etag(beeldapp):
    client = client_als(beeldapp)
    vak = _beeld_vak(GEBIED)
    r = client.get(f"{API}/kaartbeeld?bbox={vak}&zoom=16", headers={"Accept-Encoding": "gzip"})
    assert r.headers["Content-Encoding"] == "gzip"
    assert r.headers["Content-Type"].startswith("application/geo+json")
    etag = r.headers["ETag"]
    assert not etag.startswith("W/")
    # strong, so one per coding: the uncompressed answer has another ETag
    ongecomprimeerd = client.get(f"{API}/kaartbeeld?bbox={vak}&zoom=16")
    assert "Content-Encoding" not in ongecomprimeerd.headers
    assert ongecomprimeerd.headers["ETag"] != etag
    nog = client.get(
        f"{API}/kaartbeeld?bbox={vak}&zoom=16",
        headers={"Accept-Encoding": "gzip", "If-None-Match": etag},
    )
    assert nog.status_code == 304


@pytest.mark.parametrize(
    ("query", "fout"),
    [
        ("bbox=4,52,5&zoom=10", "bbox"),
        ("bbox=4,52,5,53&zoom=hoog", "zoom"),
        ("bbox=4,52,5,53&zoom=23", "zoom"),
        ("bbox=5,53,4,52&zoom=10", "bbox"),
        ("bbox=4,52,5,53&zoom=10&hardheid=hal", "hardheid"),
        ("bbox=4,52,5,53&zoom=10&limit=5", "limit"),
        ("bbox=4,52,5,53&zoom=10&q=Dicht", "q"),
    ],
)
def test_fout_verzoek_krijgt_een_nederlandse_400(beeldapp, query, fout):
    r = client_als(beeldapp).get(f"{API}/kaartbeeld?{query}")
    assert r.status_code == 400
    assert fout in r.get_data(as_text=True)


def test_zonder_vak_heel_nederland(beeldapp):
    d = client_als(beeldapp).get(f"{API}/kaartbeeld").json
    assert d["numberMatched"] == 60 + DREMPEL + 100 and d["geaggregeerd"] is True


def test_buiten_nederland_is_leeg(beeldapp):
    d = _haal(client_als(beeldapp), "-10,-10,-9,-9", 10).json
    assert d["numberMatched"] == 0 and d["features"] == []


def test_kaartbeeld_vraagt_aanmelding_en_mag_voor_elke_rol(beeldapp):
    vak = _beeld_vak(GEBIED)
    assert beeldapp.test_client().get(f"{API}/kaartbeeld?bbox={vak}&zoom=10").status_code == 401
    for rol, kw in [
        ("gemeente", {"gemeenten": ("GM0603",)}),
        ("corporatie", {"corporatie": "Staedion"}),
        ("provincie", {}),
    ]:
        r = client_als(beeldapp, Account(f"test-{rol}", rol, **kw)).get(
            f"{API}/kaartbeeld?bbox={vak}&zoom=10"
        )
        assert r.status_code == 200, (rol, r.json)


def test_kaartbeeld_op_postgis(postgis_url):
    store = Store.open(postgis_url)
    try:
        store.zet_regio(laad_regio())
        _vul(store)
        rnd = random.Random(3)
        store.importeer_locaties([_site(rnd, n, bron_id=f"p-{n}") for n in range(50)])
        app = create_app({"TESTING": True, "DATABASE_URL": postgis_url, "BASISKAART": False})
        try:
            d = _haal(client_als(app), _beeld_vak(GEBIED), 12).json
        finally:
            app.extensions["locatieplanner.store"].sluit()
        assert d["numberMatched"] == 50 and not d["geaggregeerd"]
        assert math.isclose(sum(f["properties"]["daeb"] for f in d["features"]), 500)
    finally:
        store.sluit()
