"""The export's Arrow path: the raw-WKB columnar read (locatietabellen_wkb) against the decoded
one on SQLite and PostGIS, the WKB helpers (type codes, polygons made multi without decoding),
the field types GDAL writes, and the CSV cells against the per-cell rule."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from locatieplanner.store import Store
from locatieplanner.store.kolommen import locatietabellen_wkb
from locatieplanner.uitwisseling import exporteer as ex
from locatieplanner.uitwisseling.demo import laad_demo
from tests.conftest import database_url

FILTERS = [
    {},
    {"gemeente": ["GM0518", "GM0603"]},
    {"hardheid": "zacht"},
    {"corporatie": "Woonstichting Hofstad"},
]


@pytest.fixture
def gevulde_store(tmp_path):
    url = database_url(tmp_path)
    laad_demo(url, download=False)
    s = Store.open(url)
    yield s
    s.sluit()


@pytest.fixture(params=["sqlite", "postgis"])
def demo_store(request, tmp_path):
    """The example data on SQLite and on the PostGIS server of the fixtures."""
    url = (
        database_url(tmp_path)
        if request.param == "sqlite"
        else request.getfixturevalue("postgis_url")
    )
    laad_demo(url, download=False)
    s = Store.open(url)
    yield s
    s.sluit()


def test_wkb_lezen_gelijk_aan_gedecodeerd(demo_store):
    for filters in FILTERS:
        ruw = locatietabellen_wkb(demo_store, **filters)
        gewoon = demo_store.locatietabellen(**filters)
        wkb = ruw.locaties.pop("geometry").to_numpy()
        geoms = gewoon.locaties.pop("geometry").to_numpy()
        assert len(wkb) == len(geoms) > 0, filters
        assert all(isinstance(w, bytes) for w in wkb)
        assert all(shapely.equals_exact(shapely.from_wkb(wkb), geoms, tolerance=0))
        pd.testing.assert_frame_equal(ruw.locaties, gewoon.locaties)
        pd.testing.assert_frame_equal(ruw.toewijzingen, gewoon.toewijzingen)
    alleen = locatietabellen_wkb(demo_store, alleen=["naam"])
    assert list(alleen.locaties.columns) == ["id", "naam", "geometry"]


def test_wkb_typen_in_beide_bytevolgordes():
    vierkant = shapely.box(0, 0, 10, 10)
    geoms = [
        shapely.Point(1, 2),
        vierkant,
        shapely.MultiPolygon([vierkant]),
        shapely.Point(1, 2, 3),
    ]
    for volgorde in (0, 1):
        wkb = np.empty(len(geoms), dtype=object)
        wkb[:] = [shapely.to_wkb(g, byte_order=volgorde, flavor="iso") for g in geoms]
        assert ex._wkb_typen(wkb).tolist() == [1, 3, 6, 1]
    assert ex._wkb_typen(np.empty(0, dtype=object)).tolist() == []


def test_polygonen_multi_zonder_decoderen():
    geoms = [shapely.box(0, 0, 1, 2), shapely.MultiPolygon([shapely.box(5, 5, 6, 6)])]
    wkb = np.empty(2, dtype=object)
    wkb[:] = [shapely.to_wkb(g) for g in geoms]
    uit = shapely.from_wkb(ex._als_multi(wkb))
    assert list(shapely.get_type_id(uit)) == [6, 6]
    assert shapely.equals_exact(uit[0], shapely.MultiPolygon([geoms[0]]), tolerance=0)
    assert shapely.equals_exact(uit[1], geoms[1], tolerance=0)


def test_gpkg_veldtypen(gevulde_store, tmp_path):
    pad = tmp_path / "x.gpkg"
    ex.exporteer(gevulde_store, pad)
    lagen = dict(pyogrio.list_layers(pad).tolist())
    assert lagen["locaties"] == "MultiPolygon" and lagen["locaties_punten"] == "Point"
    assert lagen["toewijzingen"] is None
    info = pyogrio.read_info(pad, layer="locaties")
    typen = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert typen["id"] == typen["fase"] == typen["versie"] == "int64"
    assert typen["naam"] == typen["corporatie"] == typen["hardheid"] == "object"
    assert info["crs"] == "EPSG:28992" and info["geometry_name"] == "geom"
    bijdragen = pyogrio.read_info(pad, layer="bijdragen")
    assert dict(zip(bijdragen["fields"], bijdragen["dtypes"], strict=True))["bedrag"] == "float64"


def test_csv_cellen_zoals_per_cel():
    frame = pd.DataFrame(
        {
            "tekst": pd.Series(["gewoon", "=SOM(A1)", None, "-3", "@x"], dtype=object),
            "getal": pd.Series([1, 2, 3, 4, 5], dtype="int64"),
            "leeg": pd.Series([2030, None, 2031, None, 1], dtype="Int64"),
            "bedrag": pd.Series([1500.0, math.nan, 0.1, 2.5e16, -1.0], dtype="float64"),
            "mix": pd.Series([1, "a", None, math.nan, "+b"], dtype=object),
        }
    )
    verwacht = ["\ufefftekst;getal;leeg;bedrag;mix"]
    for rij in frame.itertuples(index=False):
        cellen = ["" if (c := ex._cel(v)) is None else c for v in rij]
        verwacht.append(";".join(str(c) for c in cellen))
    assert ex._csv_bytes(frame).decode("utf-8") == "\r\n".join(verwacht) + "\r\n"
