"""The columnar import: a file read in several batches and converted column by column gives
every site the values of its own row (batch boundaries, repeated and empty values, mixed types),
and the per-row report still names row, bron_id, field, value and what is allowed."""

from __future__ import annotations

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import MultiPolygon, Point, box
from uitwisseling_data import nieuwe_store

from locatieplanner.uitwisseling import bestanden
from locatieplanner.uitwisseling.importeer import ImportAfgekeurd, importeer_locaties


@pytest.fixture
def doel(tmp_path):
    store = nieuwe_store(tmp_path)
    yield store
    store.sluit()


def _frame(n: int) -> gpd.GeoDataFrame:
    geometrieen = [
        Point(80000 + 20 * i, 452000)
        if i % 3
        else MultiPolygon([box(80000 + 20 * i, 453000, 80010 + 20 * i, 453010)])
        for i in range(n)
    ]
    return gpd.GeoDataFrame(
        {
            "bron_id": [f"B{i}" for i in range(n)],
            "naam": [f"Plan {i}" for i in range(n)],
            "status": ["1a" if i % 2 else "3" for i in range(n)],  # lower case: upper-cased
            "daeb": [i % 7 for i in range(n)],
            "midden": [None if i % 4 == 0 else float(i) for i in range(n)],  # empty: 0
            "oplevering": [2025 + i % 5 for i in range(n)],
            "corporatie": ["Staedion" if i % 2 else "Vidomes" for i in range(n)],
        },
        geometry=geometrieen,
        crs=28992,
    )


def test_partijen_en_kolommen_geven_elke_locatie_haar_eigen_rij(doel, tmp_path, monkeypatch):
    monkeypatch.setattr(bestanden, "BYTES_PER_DEEL", 1)  # as small as allowed
    monkeypatch.setattr(bestanden, "MIN_DEEL", 7)  # batches of 7 rows: several boundaries
    n = 30
    pad = tmp_path / "plan.gpkg"
    pyogrio.write_dataframe(_frame(n), pad, layer="locaties")
    rapport = importeer_locaties(doel, pad)
    assert rapport.geslaagd and rapport.toegevoegd == n, rapport.regels()
    per_bron = {loc.bron_id: loc for loc in doel.locaties()}
    for i in range(n):
        loc = per_bron[f"B{i}"]
        assert loc.naam == f"Plan {i}"
        assert loc.status == ("1A" if i % 2 else "3")
        assert loc.daeb == i % 7 and isinstance(loc.daeb, int)
        assert loc.midden == (0 if i % 4 == 0 else i)
        assert loc.oplevering == 2025 + i % 5
        assert loc.geometry.geom_type == ("Point" if i % 3 else "Polygon")  # one part: single
        if i % 7:
            assert [(t.corporatie, t.daeb) for t in loc.toewijzingen] == [
                ("Staedion" if i % 2 else "Vidomes", i % 7)
            ]
        else:
            assert loc.toewijzingen == []
    # the same file again changes nothing
    assert importeer_locaties(doel, pad).ongewijzigd == n


def test_rapport_per_rij_na_kolomsgewijze_omzetting(doel, tmp_path, monkeypatch):
    monkeypatch.setattr(bestanden, "BYTES_PER_DEEL", 1)
    monkeypatch.setattr(bestanden, "MIN_DEEL", 4)
    frame = _frame(10)
    frame["status"] = frame["status"].astype(object)
    frame.loc[5, "status"] = "9Z"
    frame.loc[8, "oplevering"] = 1990
    frame.loc[9, "corporatie"] = "Woonstichting Onbekend"
    pad = tmp_path / "fout.gpkg"
    pyogrio.write_dataframe(frame, pad, layer="locaties")
    with pytest.raises(ImportAfgekeurd) as fout:
        importeer_locaties(doel, pad)
    rijen = {(r["rij"], r["bron_id"], r["veld"]): r for r in fout.value.rapport.tabel()}
    status = rijen[(6, "B5", "status")]
    assert status["waarde"] == "9Z" and status["ernst"] == "fout"
    assert "1A" in status["toegestaan"]
    oplevering = rijen[(9, "B8", "oplevering")]
    assert oplevering["waarde"] == 1990 and "2000" in oplevering["probleem"]
    corporatie = rijen[(10, "B9", "corporatie")]
    assert corporatie["waarde"] == "Woonstichting Onbekend"
    assert doel.tellingen()["locatie"] == 0
