"""The site listing's page read as rows (``store.paginarijen``) gives byte for byte the same
GeoJSON features as the sites read as :class:`Locatie` objects, on SQLite and PostGIS: polygons
and points, empty and filled optional fields, sites with and without assignments (a
corporation twice, a year of its own), both output CRSs; and the summary of a box counted
with the ids as one bound value equals the one counted by filters."""

from __future__ import annotations

import json

import pytest
from conftest import KLEINE_GEMEENTEN, database_url
from shapely.geometry import Point, box

from locatieplanner.crs import RD, WGS84
from locatieplanner.domein.model import Corporatie, Locatie, Toewijzing
from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store
from locatieplanner.web.api import _features, _standaard


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


def _json(features) -> bytes:
    return json.dumps(features, ensure_ascii=False, allow_nan=False, default=_standaard).encode()


@pytest.mark.parametrize("crs", [WGS84, RD])
def test_paginarijen_geven_dezelfde_features_als_locaties(gevulde_store, crs):
    store = gevulde_store
    alle = [loc.id for loc in store.locaties()]
    for ids in (alle, alle[1:3], alle[-1:], []):
        oud = _json(_features(store, store.locaties(ids=ids), crs))
        nieuw = _json(_features(store, store.paginarijen(ids), crs))
        assert nieuw == oud
    assert len(store.paginarijen(alle)) == 4


def test_samenvatting_van_ids_gelijk_aan_die_van_filters(gevulde_store):
    store = gevulde_store
    vak = (79000, 449000, 87000, 453000)
    ids = store.treffer_ids(None, bbox=vak).tolist()
    assert len(ids) == 4
    assert store.daeb_som(None, ids) == store.daeb_som(None, bbox=vak)
    assert store.daeb_som("Vidomes", ids) == store.daeb_som("Vidomes", bbox=vak)
    assert store.daeb_som(None, ids[:1]) != store.daeb_som(None, ids)
    assert store.daeb_som(None, []) == dict.fromkeys(store.daeb_som(None, ids), 0)
