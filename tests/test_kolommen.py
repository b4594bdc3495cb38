"""The columnar read (Store.locatietabellen) against the object path, on SQLite and PostGIS, for
every role and filter; a frozen state gives the same tables; the analysis and the export built
on it give exactly what the object path gave."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pyogrio
import pytest
import shapely

from locatieplanner.analyse import bereken
from locatieplanner.analyse.invoer import lees_invoer, maak_invoer
from locatieplanner.analyse.schema import als_json
from locatieplanner.errors import ValidatieFout
from locatieplanner.store import Store
from locatieplanner.store.kolommen import tabellen_uit_locaties
from locatieplanner.uitwisseling import exporteer as exporteer_module
from locatieplanner.uitwisseling.demo import laad_demo
from tests.aanmelding import ROLLEN
from tests.conftest import database_url


@pytest.fixture
def gevulde_store(tmp_path):
    """The example data: 75 sites (areas and points, overlaps, a border site), assignments,
    removals, bids and cases."""
    url = database_url(tmp_path)
    laad_demo(url, download=False)
    s = Store.open(url)
    yield s
    s.sluit()


def _zelfde(kolommen, objecten) -> None:
    """Columnar tables equal those built from the objects (geometry exactly equal)."""
    a, b = kolommen.locaties.copy(), objecten.locaties.copy()
    ga, gb = a.pop("geometry").to_numpy(), b.pop("geometry").to_numpy()
    pd.testing.assert_frame_equal(a, b)
    assert len(ga) == len(gb)
    assert all(shapely.equals_exact(ga, gb, tolerance=0))
    pd.testing.assert_frame_equal(kolommen.toewijzingen, objecten.toewijzingen)


FILTERS = [
    {},
    {"gemeente": "GM0518"},
    {"gemeente": ["GM0518", "GM0603"]},
    {"hardheid": "hard"},
    {"hardheid": "zacht"},
    {"corporatie": "Staedion"},
    {"corporatie": "Woonstichting Hofstad"},
    {"gemeente": "GM0518", "hardheid": "zacht", "corporatie": "Woonstichting Hofstad"},
]


def _controleer_store(store: Store) -> None:
    assert len(store.locaties()) > 10  # the test data is not trivial
    for filters in FILTERS:
        _zelfde(store.locatietabellen(**filters), tabellen_uit_locaties(store.locaties(**filters)))
    # every role reads every site, in the columnar read as in the object read
    alle = store.locatietabellen()
    for account in ROLLEN.values():
        als = store.als(account)
        _zelfde(als.locatietabellen(), tabellen_uit_locaties(als.locaties()))
        assert als.locatietabellen().locaties["id"].tolist() == alle.locaties["id"].tolist()


def test_kolommen_gelijk_aan_objecten_sqlite(gevulde_store):
    _controleer_store(gevulde_store)


def test_kolommen_gelijk_aan_objecten_postgis(postgis_url):
    laad_demo(postgis_url, download=False)
    store = Store.open(postgis_url)
    try:
        _controleer_store(store)
        tabellen = store.locatietabellen()
        assert str(tabellen.locaties["aangemaakt"].dtype).endswith("UTC]")
        assert all(shapely.get_srid(tabellen.locaties["geometry"].to_numpy()) == 0)
    finally:
        store.sluit()


def test_kolommen_typen_en_volgorde(gevulde_store):
    t = gevulde_store.locatietabellen()
    loc, tw = t.locaties, t.toewijzingen
    assert loc["id"].is_monotonic_increasing
    assert str(loc["id"].dtype) == "int64" and str(loc["oplevering"].dtype) == "Int64"
    assert str(loc["gewijzigd"].dtype) == "datetime64[us, UTC]"
    assert list(zip(tw["locatie"], tw["id"], strict=True)) == sorted(
        zip(tw["locatie"], tw["id"], strict=True)
    )
    zonder = gevulde_store.locatietabellen(met_geometrie=False)
    assert zonder.locaties["geometry"].isna().all()
    assert zonder.locaties["id"].tolist() == loc["id"].tolist()


def test_kolommen_alleen_gekozen_kolommen(gevulde_store):
    alle = gevulde_store.locatietabellen()
    deel = gevulde_store.locatietabellen(
        alleen=["naam", "oplevering", "gewijzigd"], hardheid="hard"
    )
    gekozen = ["id", "naam", "oplevering", "gewijzigd", "geometry"]
    assert list(deel.locaties.columns) == gekozen
    verwacht = alle.locaties[alle.locaties["id"].isin(deel.locaties["id"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(deel.locaties, verwacht[gekozen])
    assert len(deel.locaties) and deel.toewijzingen["locatie"].isin(deel.locaties["id"]).all()
    zonder = gevulde_store.locatietabellen(alleen=[], met_geometrie=False)
    assert list(zonder.locaties.columns) == ["id", "geometry"]
    assert zonder.locaties["id"].tolist() == alle.locaties["id"].tolist()


def test_kolommen_onbekende_hardheid_geeft_nederlandse_melding(gevulde_store):
    with pytest.raises(ValidatieFout) as fout:
        gevulde_store.locatietabellen(hardheid="half")
    assert "hardheid" in str(fout.value) and "toegestaan zijn hard en zacht" in str(fout.value)


def test_kolommen_lege_database(tmp_path):
    s = Store.open(database_url(tmp_path))
    try:
        t = s.locatietabellen()
        assert len(t.locaties) == 0 and len(t.toewijzingen) == 0
        assert "geometry" in t.locaties.columns
    finally:
        s.sluit()


def test_peilstand_geeft_dezelfde_tabellen(gevulde_store):
    gevulde_store.leg_peildatum_vast("december", date(2021, 12, 15))
    stand = gevulde_store.peilstand("december")
    _zelfde(stand.locatietabellen(), gevulde_store.locatietabellen())


def _analyse_via_objecten(store: Store) -> str:
    invoer = maak_invoer(
        store.regio(),
        store.gemeenten(),
        store.locaties(),
        store.onttrekkingen(),
        store.biedingen(),
        store.corporaties(),
    )
    invoer.kansen = lees_invoer(store).kansen
    return als_json(bereken(invoer, datum=date(2024, 1, 1)))


def test_analyse_via_kolommen_gelijk_aan_objectpad(gevulde_store):
    kolommen = als_json(bereken(lees_invoer(gevulde_store), datum=date(2024, 1, 1)))
    assert kolommen == _analyse_via_objecten(gevulde_store)
    assert json.loads(kolommen)["signalen"]  # the test data has signals to compare


@pytest.mark.parametrize("formaat", ["gpkg", "shp"])
def test_export_via_kolommen_gelijk_aan_objectpad(gevulde_store, tmp_path, monkeypatch, formaat):
    nieuw = tmp_path / f"kolommen.{'zip' if formaat == 'shp' else formaat}"
    rapport_nieuw = exporteer_module.exporteer(gevulde_store, nieuw, formaat)
    monkeypatch.setattr(exporteer_module, "_KOLOMSGEWIJS", ())
    oud = tmp_path / f"objecten.{'zip' if formaat == 'shp' else formaat}"
    rapport_oud = exporteer_module.exporteer(gevulde_store, oud, formaat)
    rapport_nieuw.pad = rapport_oud.pad = ""
    assert rapport_nieuw == rapport_oud
    if formaat == "gpkg":
        paren = [(nieuw, oud, laag) for laag, _ in pyogrio.list_layers(oud)]
        assert [laag for laag, _ in pyogrio.list_layers(nieuw)] == [p[2] for p in paren]
    else:
        import zipfile

        za, zb = zipfile.ZipFile(nieuw), zipfile.ZipFile(oud)
        assert za.namelist() == zb.namelist()
        za.extractall(tmp_path / "a")
        zb.extractall(tmp_path / "b")
        for naam in za.namelist():
            if naam.endswith((".csv", ".txt", ".prj", ".cpg")):
                assert (tmp_path / "a" / naam).read_bytes() == (tmp_path / "b" / naam).read_bytes()
        paren = [
            (tmp_path / "a" / n, tmp_path / "b" / n, None)
            for n in za.namelist()
            if n.endswith((".shp", ".dbf"))
        ]
    for a, b, laag in paren:
        fa, fb = pyogrio.read_dataframe(a, layer=laag), pyogrio.read_dataframe(b, layer=laag)
        if "geometry" in fa:
            assert list(fa.geom_type) == list(fb.geom_type)
            assert all(shapely.equals_exact(fa.geometry.values, fb.geometry.values, tolerance=0))
        pd.testing.assert_frame_equal(
            pd.DataFrame(fa.drop(columns="geometry", errors="ignore")),
            pd.DataFrame(fb.drop(columns="geometry", errors="ignore")),
        )
