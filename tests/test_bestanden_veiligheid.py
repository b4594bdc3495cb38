"""Untrusted files: crafted inputs are refused with a clear Dutch message, never a crash, never
a file outside the temporary folder, never a read through an OGR VRT."""

from __future__ import annotations

import io
import json
import os
import stat
import struct
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from shapely.geometry import Point, box
from uitwisseling_data import nieuwe_store

from locatieplanner.errors import BestandFout
from locatieplanner.uitwisseling.bestanden import (
    STANDAARD_LIMIETEN,
    Limieten,
    lees_json,
    lees_laag,
    open_bestand,
    schrijf_atomair,
)
from locatieplanner.uitwisseling.importeer import ImportAfgekeurd, importeer_locaties

GEHEIM = "geheim-wachtwoord-123"


@pytest.fixture
def doel(tmp_path):
    store = nieuwe_store(tmp_path)
    yield store
    store.sluit()


def _vrt(tmp_path: Path) -> str:
    geheim = tmp_path / "geheim.csv"
    geheim.write_text(f"naam,status,wkt\n{GEHEIM},1A,POINT (80000 450000)\n")
    return (
        '<OGRVRTDataSource><OGRVRTLayer name="plan">'
        f"<SrcDataSource>{geheim}</SrcDataSource><SrcLayer>geheim</SrcLayer>"
        "<GeometryField encoding='WKT' field='wkt'/>"
        "</OGRVRTLayer></OGRVRTDataSource>"
    )


def test_gdal_skip_staat_aan():
    assert "OGR_VRT" in os.environ["GDAL_SKIP"].replace(",", " ").split()


@pytest.mark.parametrize("naam", ["plan.geojson", "plan.json", "plan.gpkg", "plan.shp"])
def test_vrt_vermomd_als_ander_formaat(doel, tmp_path, naam):
    pad = tmp_path / naam
    pad.write_text(_vrt(tmp_path))
    with pytest.raises(BestandFout, match="geweigerd") as fout:
        importeer_locaties(doel, pad, crs="EPSG:28992")
    assert GEHEIM not in str(fout.value)
    assert doel.locaties() == []


def test_vrt_in_zip_wordt_op_inhoud_geweigerd(doel, tmp_path):
    pad = tmp_path / "plan.zip"
    with zipfile.ZipFile(pad, "w") as zf:
        zf.writestr("locaties.geojson", _vrt(tmp_path))
    with pytest.raises(BestandFout, match="geen GeoJSON"):
        importeer_locaties(doel, pad)


def test_vrt_geweigerd_ook_als_gdal_al_geladen_was(tmp_path):
    """When GDAL was loaded before this package (VRT driver registered), the content check
    and forced driver still refuse a VRT; the same GDAL would have read the secret file."""
    (tmp_path / "plan.geojson").write_text(_vrt(tmp_path))
    code = textwrap.dedent(
        f"""
        import pyogrio  # GDAL loads with the VRT driver
        gelezen = pyogrio.read_dataframe({str(tmp_path / "plan.geojson")!r})
        assert list(gelezen["naam"]) == [{GEHEIM!r}]  # the danger is real here
        from locatieplanner.uitwisseling.bestanden import open_bestand, lees_laag
        from locatieplanner.errors import BestandFout
        try:
            with open_bestand({str(tmp_path / "plan.geojson")!r}) as b:
                lees_laag(b.bronnen[0])
        except BestandFout as e:
            print("GEWEIGERD", e)
        """
    )
    omgeving = {k: v for k, v in os.environ.items() if k != "GDAL_SKIP"}
    uit = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=omgeving, timeout=120
    )
    assert uit.returncode == 0, uit.stderr
    assert uit.stdout.startswith("GEWEIGERD") and GEHEIM not in uit.stdout


def test_zip_bom_via_telling_niet_via_kop(tmp_path):
    pad = tmp_path / "bom.zip"
    with zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("locaties.geojson", b"{" + b" " * (20 * 1024 * 1024) + b"}")
    assert pad.stat().st_size < 100_000
    klein = Limieten(max_bytes=5 * 1024 * 1024)
    with pytest.raises(BestandFout, match="pakt uit tot 20 MB.*zip-bom"), open_bestand(pad, klein):
        pass
    # a zip whose headers lie about the size is caught while unpacking (bytes are counted)
    ruw = bytearray(pad.read_bytes())
    for handtekening, plek in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = ruw.find(handtekening)
        ruw[i + plek : i + plek + 4] = struct.pack("<I", 100)
    leugen = tmp_path / "leugen.zip"
    leugen.write_bytes(bytes(ruw))
    with pytest.raises(BestandFout, match="zip"), open_bestand(leugen, klein):
        pass
    assert STANDAARD_LIMIETEN.max_bytes <= 1024 * 1024 * 1024


def test_zip_met_pad_buiten_de_map(doel, tmp_path):
    werk = tmp_path / "werk"
    werk.mkdir()
    pad = werk / "plan.zip"
    with zipfile.ZipFile(pad, "w") as zf:
        zf.writestr("locaties.geojson", '{"type": "FeatureCollection", "features": []}')
        zf.writestr("../../ontsnapt.txt", "x")
    with pytest.raises(BestandFout, match=r"onveilige bestandsnaam '\.\./\.\./ontsnapt\.txt'"):
        importeer_locaties(doel, pad)
    assert not (tmp_path / "ontsnapt.txt").exists()
    assert not list(tmp_path.rglob("ontsnapt.txt"))


@pytest.mark.parametrize("naam", ["/etc/passwd.csv", "C:/Windows/x.csv", "map\\..\\..\\x.csv"])
def test_zip_met_absoluut_of_windows_pad(tmp_path, naam):
    pad = tmp_path / "a.zip"
    with zipfile.ZipFile(pad, "w") as zf:
        zf.writestr(zipfile.ZipInfo(naam), "a;b\n1;2\n")
    with pytest.raises(BestandFout, match="onveilige bestandsnaam"), open_bestand(pad):
        pass


def test_zip_met_symbolische_koppeling(tmp_path):
    pad = tmp_path / "link.zip"
    info = zipfile.ZipInfo("locaties.geojson")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(pad, "w") as zf:
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(BestandFout, match="symbolische koppeling"), open_bestand(pad):
        pass


def test_te_veel_zip_onderdelen_en_objecten(tmp_path):
    pad = tmp_path / "veel.zip"
    with zipfile.ZipFile(pad, "w") as zf:
        for i in range(30):
            zf.writestr(f"x{i}.txt", "")
    with (
        pytest.raises(BestandFout, match="30 bestanden; hoogstens 20"),
        open_bestand(pad, Limieten(max_zip_entries=20)),
    ):
        pass
    frame = gpd.GeoDataFrame(
        {"naam": [str(i) for i in range(12)]},
        geometry=[Point(80000 + i, 450000) for i in range(12)],
        crs=28992,
    )
    gpkg = tmp_path / "veel.gpkg"
    pyogrio.write_dataframe(frame, gpkg)
    with pytest.raises(BestandFout, match="12 objecten; hoogstens 10"), open_bestand(gpkg) as b:
        lees_laag(b.bronnen[0], limieten=Limieten(max_objecten=10))


def test_twee_miljoen_hoekpunten(doel, tmp_path):
    hoek = np.linspace(0, 2 * np.pi, 2_000_000, endpoint=False)
    ring = np.column_stack([80000 + 500 * np.cos(hoek), 450000 + 500 * np.sin(hoek)])
    cirkel = shapely.polygons(np.vstack([ring, ring[:1]]))
    assert len(cirkel.exterior.coords) == 2_000_001
    frame = gpd.GeoDataFrame({"naam": ["Grillig"], "status": ["1A"]}, geometry=[cirkel], crs=28992)
    pad = tmp_path / "grillig.gpkg"
    pyogrio.write_dataframe(frame, pad)
    with pytest.raises(
        BestandFout, match=r"object 1 heeft 2\.000\.001 hoekpunten; hoogstens 100\.000"
    ):
        importeer_locaties(doel, pad)


def test_nan_coordinaten(doel, tmp_path):
    pad = tmp_path / "nan.geojson"
    features = [
        {
            "type": "Feature",
            "properties": {"bron_id": "N1", "naam": "Niet-een-getal", "status": "1A"},
            "geometry": {"type": "Point", "coordinates": ["__NAN__", 52.0]},
        },
        {
            "type": "Feature",
            "properties": {"bron_id": "G1", "naam": "Goed", "status": "1A"},
            "geometry": {"type": "Point", "coordinates": [4.31, 52.08]},
        },
    ]
    tekst = json.dumps({"type": "FeatureCollection", "features": features})
    pad.write_text(tekst.replace('"__NAN__"', "NaN"))
    with pytest.raises(ImportAfgekeurd) as fout:
        importeer_locaties(doel, pad)
    (melding,) = fout.value.rapport.problemen
    assert (melding.rij, melding.bron_id, melding.veld) == (1, "N1", "geometry")
    assert "NaN" in melding.probleem
    assert doel.locaties() == []


def test_diep_geneste_json(doel, tmp_path):
    diep = "[" * 100_000 + "]" * 100_000
    pad = tmp_path / "diep.geojson"
    pad.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        '{"naam":"x","status":"1A"},"geometry":{"type":"Polygon","coordinates":' + diep + "}}]}"
    )
    with pytest.raises(BestandFout, match="kan niet worden gelezen"):
        importeer_locaties(doel, pad)
    with pytest.raises(BestandFout, match="dieper genest dan 20"):
        lees_json(diep, "veld")
    # a deep value in a property (the assignments list) is refused per row, no RecursionError
    pad.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"naam": "x", "status": "1A", "toewijzingen": "@"},
                        "geometry": {"type": "Point", "coordinates": [4.31, 52.08]},
                    }
                ],
            }
        ).replace('"@"', json.dumps(diep[:20_000] + diep[-20_000:]))
    )
    with pytest.raises(ImportAfgekeurd, match="dieper genest"):
        importeer_locaties(doel, pad)


def test_afgekapte_shapefile(doel, tmp_path):
    frame = gpd.GeoDataFrame(
        {"naam": [f"L{i}" for i in range(20)], "status": ["1A"] * 20},
        geometry=[box(80000 + i * 10, 450000, 80005 + i * 10, 450005) for i in range(20)],
        crs=28992,
    )
    pyogrio.write_dataframe(frame, tmp_path / "plan.shp")
    shp = tmp_path / "plan.shp"
    shp.write_bytes(shp.read_bytes()[: shp.stat().st_size // 2])
    with pytest.raises(BestandFout, match="beschadigd of afgekapt"):
        importeer_locaties(doel, shp)


def test_schrijf_atomair_ruimt_op_en_vervangt(tmp_path):
    doel = tmp_path / "uit.csv"
    doel.write_text("oud")
    with pytest.raises(RuntimeError), schrijf_atomair(doel) as tijdelijk:
        tijdelijk.write_text("half")
        raise RuntimeError("stroom uitgevallen")
    assert doel.read_text() == "oud" and sorted(p.name for p in tmp_path.iterdir()) == ["uit.csv"]
    with schrijf_atomair(doel) as tijdelijk:
        assert tijdelijk.parent == tmp_path and tijdelijk.suffix == ".csv"
        tijdelijk.write_text("nieuw")
    assert doel.read_text() == "nieuw" and sorted(p.name for p in tmp_path.iterdir()) == ["uit.csv"]
    with (
        pytest.raises(BestandFout, match="bestaat niet"),
        schrijf_atomair(tmp_path / "x" / "y.csv"),
    ):
        pass


def test_webupload_van_gevaarlijke_zip_geeft_400(client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("../ontsnapt.geojson", "{}")
    antwoord = client.post(
        "/importeer",
        data={"soort": "locaties", "bestand": (io.BytesIO(buffer.getvalue()), "plan.zip")},
        content_type="multipart/form-data",
    )
    assert antwoord.status_code == 400
    assert b"onveilige bestandsnaam" in antwoord.data


def test_geopackage_in_map_met_dubbele_punt(doel, tmp_path):
    map_ = tmp_path / "export 2024-01-01T10:00"
    map_.mkdir()
    frame = gpd.GeoDataFrame(
        {"naam": ["A"], "status": ["1A"]}, geometry=[box(80000, 450000, 80100, 450100)], crs=28992
    )
    pyogrio.write_dataframe(frame, map_ / "plan.gpkg", layer="locaties")
    assert importeer_locaties(doel, map_ / "plan.gpkg").toegevoegd == 1
    (map_ / "nep.gpkg").write_text(_vrt(tmp_path))
    with pytest.raises(BestandFout, match="geen echt GPKG-bestand"):
        importeer_locaties(doel, map_ / "nep.gpkg")
