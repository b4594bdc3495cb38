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


def test_tabelrijen_kolom_voor_kolom_zijn_die_van_to_dict():
    """A table (a .dbf or GeoPackage layer without geometry) becomes rows column by column
    where that gives what ``to_dict("records")`` gives; columns with pandas' own NA still go
    through ``to_dict``. Compared by value and type (NaN, NaT and None included)."""
    import datetime as dt

    import numpy as np
    import pandas as pd

    def zelfde(frame: pd.DataFrame) -> None:
        verwacht = frame.to_dict("records")
        rijen = bestanden._als_dicts(frame)
        assert len(rijen) == len(verwacht)
        for a, b in zip(rijen, verwacht, strict=True):
            assert list(a) == list(b)
            assert [(type(v), repr(v)) for v in a.values()] == [
                (type(v), repr(v)) for v in b.values()
            ]

    gewoon = pd.DataFrame(
        {
            "tekst": pd.Series(["a", None, "c"], dtype="str"),
            "object": pd.Series(["a", None, 3], dtype=object),
            "geheel": [1, 2, 3],
            "kommagetal": [1.5, np.nan, 2.0],
            "waarheid": [True, False, True],
            "tijd": pd.to_datetime(pd.Series(["2020-01-01", None, "2021-06-30"])),
            "datum": pd.Series([dt.date(2020, 1, 1), None, dt.date(2020, 1, 2)], dtype=object),
        }
    )
    zelfde(gewoon)
    zelfde(gewoon.iloc[:0])
    met_na = gewoon.assign(
        nullable=pd.Series([1, None, 3], dtype="Int64"),
        string=pd.Series(["x", None, "y"], dtype="string"),
    )
    zelfde(met_na)
    assert bestanden._als_dicts(pd.DataFrame(index=range(2))) == [{}, {}]  # no columns


def test_omzetting_per_waarde_houdt_typen_uit_elkaar():
    """A column's conversion is computed once per distinct value, and 1, 1.0 and True stay
    different values (a mixed column), also in a column of one type."""
    from locatieplanner.uitwisseling.importeer import _geheel, _omgezet, _tekst

    gezien = []

    def tel(w):
        gezien.append(w)
        return _tekst(w)

    assert _omgezet(["a", "b", "a", "a"], tel) == ["a", "b", "a", "a"]
    assert gezien == ["a", "b"]
    gemengd = [1, 1.0, True, "1", None, 1, float("nan")]
    assert [repr(w) for w in _omgezet(gemengd, repr)] == [repr(repr(w)) for w in gemengd]
    assert _omgezet([3, None, 3], _geheel) == [3, None, 3]
    assert _omgezet([2.0, 2.5, 2.0], repr) == ["2.0", "2.5", "2.0"]


def test_locaties_uit_kolommen_zijn_die_van_de_constructor():
    """The sites built by position from columns equal those built by name, field for field and
    in the same attribute order; each has its own (empty) list of assignments."""
    from locatieplanner.domein.model import SEGMENTEN, Locatie
    from locatieplanner.uitwisseling.importeer import _locaties_uit_kolommen

    geometrieen = [Point(80000, 450000), None, Point(80001, 450001)]
    per_veld = {
        "bron_id": ["A", None, "C"],
        "naam": ["Een", "Twee", ""],
        "gemeente": ["GM0518", None, "GM0603"],
        "status": ["1A", "2B", None],
        "fase": [1, None, "x"],
        "start": [2025, None, 2026],
        "oplevering": [2027, None, 2026],
        "opmerking": [None, "let op", None],
        **{seg: [3, 0, None] for seg in SEGMENTEN},
    }
    gebouwd = _locaties_uit_kolommen(geometrieen, per_veld)
    verwacht = [
        Locatie(geometry=g, **{veld: waarden[i] for veld, waarden in per_veld.items()})
        for i, g in enumerate(geometrieen)
    ]
    assert gebouwd == verwacht
    assert [list(vars(loc)) for loc in gebouwd] == [list(vars(loc)) for loc in verwacht]
    assert all(loc.ligging is None and loc.toewijzingen == [] for loc in gebouwd)
    assert gebouwd[0].toewijzingen is not gebouwd[1].toewijzingen
    assert _locaties_uit_kolommen([], {veld: [] for veld in per_veld}) == []


def test_de_bestandsimport_loopt_zonder_de_collector_en_zet_hem_terug(doel, tmp_path, monkeypatch):
    import gc

    from locatieplanner.uitwisseling import importeer

    gezien = []
    echt = importeer._locaties_uit_kolommen

    def bouw(*args):
        gezien.append(gc.isenabled())
        return echt(*args)

    monkeypatch.setattr(importeer, "_locaties_uit_kolommen", bouw)
    pad = tmp_path / "plan.gpkg"
    pyogrio.write_dataframe(_frame(5), pad, layer="locaties")
    assert gc.isenabled()
    assert importeer_locaties(doel, pad).toegevoegd == 5
    assert gezien == [False]
    assert gc.isenabled()
