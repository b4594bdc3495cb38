"""The site listing's page read as rows (``store.paginatabel``) gives byte for byte the same
GeoJSON features as the sites read as :class:`Locatie` objects, on SQLite
and PostGIS: polygons and points, empty and filled optional fields, sites with and without
assignments (a corporation twice, a year of its own), both output CRSs, also when the Feature
texts are built column by column; and the summary of a box counted from the ids or from the
matches' rows (``store.treffers``) equals the one counted by filters."""

from __future__ import annotations

import pytest
import shapely
from conftest import KLEINE_GEMEENTEN, database_url
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box

from locatieplanner.crs import RD, WGS84
from locatieplanner.domein.model import Corporatie, Locatie, Toewijzing
from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store
from locatieplanner.store.kaartbeeld import PAGINAKOLOMMEN
from locatieplanner.web.api import (
    _features,
    _featureteksten,
    _geometrieteksten,
    _json_tekst,
    _uit,
)


@pytest.fixture(params=["sqlite", pytest.param("postgis", marks=pytest.mark.postgis)])
def gevulde_store(request, tmp_path):
    url = (
        database_url(tmp_path)
        if request.param == "sqlite"
        else request.getfixturevalue("postgis_url")
    )
    store = Store.open(url)
    store.zet_regio(laad_regio())
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    store.bewaar_corporatie(Corporatie("Vidomes", "VID", ["GM0518", "GM0603"]))
    locaties = [
        Locatie("Vlak", box(80000, 452000, 80100, 452100), "1A", daeb=100, oplevering=2027),
        Locatie(
            "Punt met alles",
            Point(86000.123456, 450000.654321),
            "2B",
            bron_id="P-1",
            fase=2,
            daeb=40,
            soc_huur=3,
            goedk_koop=4,
            midden=5,
            bet_koop=6,
            overig=7,
            start=2025,
            oplevering=2028,
            opmerking='Opmerking met é en "aanhalingstekens"',
            toewijzingen=[
                Toewijzing("Vidomes", 10, 2029),
                Toewijzing("Staedion", 5),
                Toewijzing("Vidomes", 2),
            ],
        ),
        Locatie("Zacht zonder jaar", box(81000, 451000, 81010, 451010), "4A", daeb=0),
        Locatie(
            "Toegewezen",
            box(82000, 451000, 82050, 451050),
            "1B",
            daeb=20,
            oplevering=2026,
            toewijzingen=[Toewijzing("Staedion", 20, 2026)],
        ),
    ]
    for loc in locaties:
        store.voeg_locatie_toe(loc)
    yield store
    store.sluit()


def test_samenvatting_van_ids_gelijk_aan_die_van_filters(gevulde_store):
    store = gevulde_store
    vak = (79000, 449000, 87000, 453000)
    ids = store.treffer_ids(None, bbox=vak).tolist()
    assert len(ids) == 4
    # the matches read with their DAEB columns count the same as the aggregate of the filters
    for corporatie in (None, "Vidomes", "Staedion", "Onbekend"):
        gevonden, som = store.treffers(box(*vak), None, corporatie, bbox=vak)
        assert gevonden.tolist() == store.treffer_ids(box(*vak), corporatie=corporatie).tolist()
        assert som == store.daeb_som(corporatie, bbox=vak)
    assert store.daeb_som(None, ids) == store.daeb_som(None, bbox=vak)
    assert store.daeb_som("Vidomes", ids) == store.daeb_som("Vidomes", bbox=vak)
    assert store.daeb_som(None, ids[:1]) != store.daeb_som(None, ids)
    assert store.daeb_som(None, []) == dict.fromkeys(store.daeb_som(None, ids), 0)


@pytest.mark.parametrize("crs", [WGS84, RD])
def test_featureteksten_van_de_paginatabel_zijn_die_van_de_objecten(gevulde_store, crs):
    """The listing's Feature texts, built column by column from the page table, are byte for
    byte the encoder's texts of the Features of the sites read as objects."""
    store = gevulde_store
    alle = [loc.id for loc in store.locaties()]
    for ids in (alle, alle[1:3], alle[-1:], []):
        oud = {f["id"]: _json_tekst(f) for f in _features(store, store.locaties(ids=ids), crs)}
        assert _featureteksten(store, store.paginatabel(ids), crs) == oud
    # one row per site, in id order
    assert [r[PAGINAKOLOMMEN.index("id")] for r in store.paginatabel(alle).rijen] == alle


@pytest.mark.parametrize("crs", [WGS84, RD])
def test_geometrieteksten_gelijk_aan_die_van_de_encoder(crs):
    """Points and polygons are written from their coordinate arrays, every other geometry
    through the encoder: the same bytes either way, also for a hole, zero and minus zero, a
    third dimension, empty and missing geometries."""
    geometrieen = [
        Point(86000.123456789, 450000.1),
        box(80000, 452000, 80100.5, 452100.25),
        Polygon(
            [(0, 0), (200, 0), (200, 200), (0, 200)], [[(50, 50), (60, 50), (60, 60), (50, 50)]]
        ),
        Point(-0.0, 0.0),
        Point(1e-7, 123456789.123),
        Point(85000, 450000, 3.5),
        MultiPolygon([box(80000, 450000, 80010, 450010), box(81000, 450000, 81010, 450010)]),
        LineString([(80000, 450000), (80010, 450020)]),
        Polygon(),
        None,
    ]
    verwacht = [_json_tekst(g) for g in _uit(geometrieen, crs)]
    assert _geometrieteksten(geometrieen, crs) == verwacht
    # many at once (the arrays' grouping over several polygons and points)
    veel = [box(80000 + i, 450000, 80000 + i + 7.25 * (i % 3 + 1), 450010.5) for i in range(50)]
    veel += [Point(85000 + i / 3, 450000 - i / 7) for i in range(50)]
    assert _geometrieteksten(veel, crs) == [_json_tekst(g) for g in _uit(veel, crs)]
    assert shapely.is_empty(geometrieen[-2])
