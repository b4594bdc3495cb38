"""Export to GeoPackage, shapefile zip, GeoJSON, CSV and Excel, checked with real readers
(pyogrio, ogrinfo, PDOK's geopackage-validator, openpyxl) and by a round trip through the import."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pyogrio
import pytest
import shapely
from conftest import vereist
from openpyxl import load_workbook
from pyproj import CRS as ProjCRS
from uitwisseling_data import FORMULE, nieuwe_store, vul

from locatieplanner.analyse.tabellen import NIET_TOEGEWEZEN
from locatieplanner.errors import NietGevonden, ValidatieFout
from locatieplanner.uitwisseling import exporteer as exp
from locatieplanner.uitwisseling.exporteer import exporteer, exporteer_download, formaat_voor
from locatieplanner.uitwisseling.importeer import importeer_locaties

CANONIEK = [
    "id",
    "bron_id",
    "naam",
    "gemeente",
    "ligging",
    "status",
    "hardheid",
    "fase",
    "daeb",
    "soc_huur",
    "goedk_koop",
    "midden",
    "bet_koop",
    "overig",
    "start",
    "oplevering",
    "opmerking",
    "corporatie",
    "versie",
]


@pytest.fixture
def gevuld(kleine_store):
    vul(kleine_store)
    return kleine_store


def _validator() -> str | None:
    kandidaat = os.environ.get("LOCATIEPLANNER_GPKG_VALIDATOR") or (
        "/opt/pdok-validator/bin/geopackage-validator"
    )
    return kandidaat if Path(kandidaat).exists() else shutil.which("geopackage-validator")


# --------------------------------------------------------------------------- formats


def test_formaat_volgt_extensie_en_weigert_onbekend(tmp_path):
    assert formaat_voor("a.gpkg") == "gpkg"
    assert formaat_voor("a.ZIP") == "shp"
    assert formaat_voor("a.json") == "geojson"
    assert formaat_voor("a.xlsx") == "xlsx"
    assert formaat_voor("a.bin", "CSV") == "csv"
    with pytest.raises(ValidatieFout, match="kan niet uit de extensie"):
        formaat_voor("a.bin")
    with pytest.raises(ValidatieFout, match="onbekend formaat"):
        formaat_voor("a.gpkg", "kml")


def test_onbekende_gemeente_of_corporatie_geeft_nette_fout(gevuld, tmp_path):
    with pytest.raises(NietGevonden, match="GM9999"):
        exporteer(gevuld, tmp_path / "x.gpkg", gemeente="GM9999")
    with pytest.raises(NietGevonden, match="Onbekend"):
        exporteer(gevuld, tmp_path / "x.gpkg", corporatie="Onbekend")
    with pytest.raises(ValidatieFout, match="alleen GeoJSON"):
        exporteer(gevuld, tmp_path / "x.gpkg", crs="EPSG:4326")
    assert list(tmp_path.glob("x*")) == []


# --------------------------------------------------------------------------- GeoPackage


def test_geopackage_lagen_kolommen_crs_en_orientatie(gevuld, tmp_path):
    pad = tmp_path / "plan.gpkg"
    rapport = exporteer(gevuld, pad)
    lagen = {str(n): t for n, t in pyogrio.list_layers(pad)}
    assert lagen == {
        "locaties": "MultiPolygon",
        "locaties_punten": "Point",
        "gemeenten": "MultiPolygon",
        "toewijzingen": None,
        "onttrekkingen": None,
        "biedingen": None,
        "casussen": None,
        "casus_potentieel": None,
        "bijdragen": None,
    }
    for naam in lagen:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", naam)
        info = pyogrio.read_info(pad, layer=naam)
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", f) for f in info["fields"])
    assert pyogrio.read_info(pad, layer="locaties")["geometry_name"] == "geom"
    assert pyogrio.read_info(pad, layer="locaties_punten")["geometry_name"] == "geom"
    vlakken = pyogrio.read_dataframe(pad, layer="locaties")
    assert ProjCRS.from_user_input(vlakken.crs).to_epsg() == 28992
    assert list(vlakken.columns[:-1]) == CANONIEK
    assert len(vlakken) == 3 and rapport.vlakken == 3 and rapport.punten == 2
    for geom in vlakken.geometry:
        assert geom.is_valid
        for deel in geom.geoms:
            assert shapely.is_ccw(deel.exterior)
            assert all(not shapely.is_ccw(gat) for gat in deel.interiors)
    punten = pyogrio.read_dataframe(pad, layer="locaties_punten")
    assert sorted(punten["naam"]) == ["Punt Rijswijk", "Zonder bron"]
    toew = pyogrio.read_dataframe(pad, layer="toewijzingen")
    assert sorted(zip(toew.bron_id, toew.corporatie, toew.daeb, strict=True)) == [
        ("DH-001", "Staedion", 30),
        ("DH-001", "Vidomes", 10),
        ("DH-002", "Staedion", 12),
        ("RW-001", "Vidomes", 25),
    ]
    ontt = pyogrio.read_dataframe(pad, layer="onttrekkingen")
    assert sorted(ontt.aantal) == [10, 40]
    assert set(ontt.bron_id.dropna()) == {"DH-001"}
    bied = pyogrio.read_dataframe(pad, layer="biedingen")
    assert sorted(bied.datum) == ["2021-03-31", "2021-03-31", "2022-11-15"]
    with open(pad, "rb") as f:
        kop = f.read(100)
    assert kop[68:72] == bytes.fromhex("47504b47")  # application_id 'GPKG'
    assert int.from_bytes(kop[60:64], "big") == 10200  # user_version: GeoPackage 1.2


def _pdok_verslag(pad: Path) -> dict:
    """The report of PDOK's validator on ``pad`` (it must pass; skipped without it)."""
    validator = _validator()
    vereist(
        validator is not None,
        "pdok-geopackage-validator ontbreekt (zie README: /opt/pdok-validator of "
        "LOCATIEPLANNER_GPKG_VALIDATOR)",
    )
    uit = subprocess.run(
        [validator, "validate", "--gpkg-path", str(pad), "--exit-on-fail"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert uit.returncode == 0, uit.stdout + uit.stderr
    return json.loads(uit.stdout)


@pytest.mark.gdal
def test_geopackage_doorstaat_pdok_validator(gevuld, tmp_path):
    pad = tmp_path / "plan.gpkg"
    exporteer(gevuld, pad)
    verslag = _pdok_verslag(pad)
    assert verslag["success"] is True
    assert "RQ23" in verslag["validations_executed"]
    assert verslag["results"] == []  # also no recommendation (RC17 geom, RC20 orientation)


@pytest.mark.gdal
def test_validator_keurt_een_slechte_geopackage_wel_af(tmp_path):
    """The validator test above can fail: a clockwise, upper-case layer is reported."""
    validator = _validator()
    vereist(validator is not None, "pdok-geopackage-validator ontbreekt")
    import geopandas as gpd
    from shapely.geometry import box

    slecht = gpd.GeoDataFrame(
        {"Naam": ["x"]}, geometry=[box(80000, 450000, 80100, 450100, ccw=False)], crs=28992
    )
    pad = tmp_path / "slecht.gpkg"
    pyogrio.write_dataframe(slecht, pad, layer="Locaties", dataset_options={"VERSION": "1.2"})
    uit = subprocess.run(
        [validator, "validate", "--gpkg-path", str(pad), "--exit-on-fail"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert uit.returncode == 1
    codes = {r["validation_code"] for r in json.loads(uit.stdout)["results"]}
    assert {"RQ1", "RQ6", "RC20"} <= codes


# --------------------------------------------------------------------------- ogrinfo


def _ogrinfo(pad: str) -> tuple[str, str]:
    uit = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-so", pad], capture_output=True, text=True, timeout=60
    )
    assert uit.returncode == 0, uit.stderr
    return uit.stdout, uit.stderr


@pytest.mark.gdal
@pytest.mark.parametrize(
    ("bestand", "crs", "epsg", "aantallen"),
    [
        ("plan.gpkg", None, 28992, {"locaties": 3, "locaties_punten": 2, "gemeenten": 2}),
        ("plan.zip", None, 28992, {"locaties": 3, "locaties_punten": 2}),
        ("plan.geojson", None, 4326, {"locaties": 5}),
        ("plan_rd.geojson", "EPSG:28992", 28992, {"locaties": 5}),
    ],
)
def test_ogrinfo_leest_elke_export_zonder_waarschuwing(
    gevuld, tmp_path, bestand, crs, epsg, aantallen
):
    vereist(shutil.which("ogrinfo") is not None, "ogrinfo ontbreekt (apt-get install gdal-bin)")
    pad = tmp_path / bestand
    exporteer(gevuld, pad, crs=crs)
    uit, fouten = _ogrinfo(f"/vsizip/{pad}" if pad.suffix == ".zip" else str(pad))
    assert "Warning" not in fouten and "ERROR" not in fouten, fouten
    lagen = re.split(r"\nLayer name: ", "\n" + uit)[1:]
    gevonden = {}
    for laag in lagen:
        naam = laag.splitlines()[0].strip()
        gevonden[naam] = int(re.search(r"Feature Count: (\d+)", laag).group(1))
        if naam in aantallen:
            assert f'ID["EPSG",{epsg}]]' in laag.replace(" ", "").replace("\n", "")[-400:] or (
                f'ID["EPSG",{epsg}]' in laag
            )
    assert {k: v for k, v in gevonden.items() if k in aantallen} == aantallen
    if bestand == "plan.zip":
        assert gevonden["toewijzingen"] == 4


# --------------------------------------------------------------------------- shapefile


def test_shapefile_zip_bestanden_velden_codering_en_leesmij(gevuld, tmp_path):
    pad = tmp_path / "plan.zip"
    rapport = exporteer(gevuld, pad)
    with zipfile.ZipFile(pad) as zf:
        namen = set(zf.namelist())
        for laag in ("locaties", "locaties_punten"):
            assert {f"{laag}.{e}" for e in ("shp", "shx", "dbf", "prj", "cpg")} <= namen
            assert zf.read(f"{laag}.cpg").decode().strip().upper() == "UTF-8"
            assert ProjCRS.from_wkt(zf.read(f"{laag}.prj").decode()).to_epsg() == 28992
        assert {"toewijzingen.dbf", "toewijzingen.csv", "LEESMIJ.txt"} <= namen
        leesmij = zf.read("LEESMIJ.txt").decode("utf-8")
        csv_toew = zf.read("toewijzingen.csv").decode("utf-8-sig")
    for veld in CANONIEK:
        assert re.search(rf"^\s+{veld}\s+\S", leesmij, re.M), veld
    assert "EPSG:28992" in leesmij and "UTF-8" in leesmij
    assert csv_toew.splitlines()[0] == "locatie;bron_id;gemeente;corporatie;daeb;oplevering"
    vlakken = pyogrio.read_dataframe(f"/vsizip/{pad}/locaties.shp")
    assert list(vlakken.columns[:-1]) == CANONIEK
    assert all(len(k) <= 10 for k in vlakken.columns)
    rij = vlakken[vlakken.bron_id == "DH-001"].iloc[0]
    assert rij["naam"] == "Café Ëïland (gesplitst)"
    assert rij["corporatie"] == "Staedion; Vidomes"
    assert rij["hardheid"] == "hard"
    assert rapport.waarschuwingen == []


def test_shapefile_meldt_tekst_langer_dan_254_bytes(kleine_store, tmp_path):
    from shapely.geometry import box

    from locatieplanner.domein.model import Locatie

    lang = "Woningbouw aan de Vliet: " + "ë" * 200
    bytes_ = len(lang.encode("utf-8"))
    assert bytes_ == 425
    kleine_store.voeg_locatie_toe(
        Locatie("Lang", box(80000, 450000, 80050, 450050), "3", bron_id="L1", opmerking=lang)
    )
    pad = tmp_path / "lang.zip"
    rapport = exporteer(kleine_store, pad)
    assert any(f"opmerking is {bytes_} bytes" in w and "L1" in w for w in rapport.waarschuwingen)
    assert any(f"opmerking is {bytes_} bytes" in r for r in rapport.regels())
    gelezen = pyogrio.read_dataframe(f"/vsizip/{pad}/locaties.shp")
    kort = gelezen.opmerking[0]
    assert len(kort.encode("utf-8")) <= 254 and lang.startswith(kort)
    with zipfile.ZipFile(pad) as zf:
        assert f"opmerking is {bytes_} bytes" in zf.read("LEESMIJ.txt").decode("utf-8")
    # the GeoPackage keeps the whole text
    exporteer(kleine_store, tmp_path / "lang.gpkg")
    assert pyogrio.read_dataframe(tmp_path / "lang.gpkg", layer="locaties").opmerking[0] == lang


# --------------------------------------------------------------------------- GeoJSON


def test_geojson_rfc7946_en_rd_op_verzoek(gevuld, tmp_path):
    exporteer(gevuld, tmp_path / "a.geojson")
    data = json.loads((tmp_path / "a.geojson").read_text("utf-8"))
    assert "crs" not in data and data["type"] == "FeatureCollection"
    assert len(data["features"]) == 5
    coords = shapely.get_coordinates(
        [shapely.geometry.shape(f["geometry"]) for f in data["features"]]
    )
    assert ((coords[:, 0] > 3) & (coords[:, 0] < 8)).all()  # lon first
    assert ((coords[:, 1] > 50) & (coords[:, 1] < 54)).all()
    for f in data["features"]:
        geom = shapely.geometry.shape(f["geometry"])
        for deel in getattr(geom, "geoms", [geom]):
            if deel.geom_type == "Polygon":
                assert shapely.is_ccw(deel.exterior)  # RFC 7946 right-hand rule
    eerste = next(f for f in data["features"] if f["properties"]["bron_id"] == "DH-001")
    assert eerste["properties"]["toewijzingen"] == [
        {"corporatie": "Staedion", "daeb": 30, "oplevering": 2025},
        {"corporatie": "Vidomes", "daeb": 10, "oplevering": 2026},
    ]
    exporteer(gevuld, tmp_path / "b.geojson", crs="EPSG:28992")
    rd = json.loads((tmp_path / "b.geojson").read_text("utf-8"))
    assert rd["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::28992"
    punt = next(f for f in rd["features"] if f["properties"]["bron_id"] == "RW-001")
    assert punt["geometry"]["coordinates"] == [87000.5, 450000.25]


# --------------------------------------------------------------------------- CSV / Excel


def test_csv_overzicht_5a_per_toewijzing_met_restregel(gevuld, tmp_path):
    pad = tmp_path / "5a.csv"
    rapport = exporteer(gevuld, pad)
    ruw = pad.read_bytes()
    assert ruw.startswith(b"\xef\xbb\xbf")
    rijen = list(csv.DictReader(io.StringIO(ruw.decode("utf-8-sig")), delimiter=";"))
    assert rapport.rijen == len(rijen) == 6
    dh1 = [r for r in rijen if r["bron_id"] == "DH-001"]
    assert [(r["corporatie"], r["daeb"], r["oplevering"]) for r in dh1] == [
        ("Staedion", "30", "2025"),
        ("Vidomes", "10", "2026"),
        (NIET_TOEGEWEZEN, "10", "2026"),
    ]
    assert dh1[0]["locatie"] == "Café Ëïland (gesplitst)" and dh1[0]["hardheid"] == "hard"
    formule = next(r for r in rijen if r["bron_id"] == "DH-002")
    assert formule["locatie"] == "'" + FORMULE
    assert formule["oplevering"] == "2027"  # the site's year when the assignment has none
    assert not any(r["bron_id"] == "DH-003" for r in rijen)  # no DAEB units
    assert sum(int(r["daeb"]) for r in rijen) == 50 + 12 + 25 + 7


def test_neutraliseer_alle_gevaarlijke_begintekens():
    for teken in ("=", "+", "-", "@", "\t", "\r"):
        assert exp.neutraliseer(teken + "1+1") == "'" + teken + "1+1"
    assert exp.neutraliseer("'s-Gravenhage") == "'s-Gravenhage"
    assert exp.neutraliseer(-5) == -5


def test_excel_bladen_samenvatting_en_geen_formules(gevuld, tmp_path):
    pad = tmp_path / "5a.xlsx"
    exporteer(gevuld, pad)
    boek = load_workbook(pad)
    assert boek.sheetnames[0] == "Regio" and boek.sheetnames[-1] == "Toelichting"
    assert "GM0518 's-Gravenhage" in boek.sheetnames and "GM0603 Rijswijk" in boek.sheetnames
    for ws in boek.worksheets:
        for rij in ws.iter_rows():
            for cel in rij:
                assert cel.data_type != "f", f"formule in {ws.title}!{cel.coordinate}"
    regio = boek["Regio"]
    kop = [c.value for c in regio[1]]
    waarden = {r[0]: dict(zip(kop, r, strict=True)) for r in regio.iter_rows(2, values_only=True)}
    assert waarden["GM0518"]["daeb_hard"] == 50 + 7
    assert waarden["GM0518"]["daeb_zacht"] == 12
    assert (
        waarden["GM0518"]["bod_daeb"] == 2100 and waarden["GM0518"]["bod_versie"] == "aangescherpt"
    )
    assert waarden["GM0603"]["daeb_zacht"] == 25 and waarden["GM0603"]["toegewezen"] == 25
    assert waarden["Totaal"]["daeb_totaal"] == 94 and waarden["Totaal"]["bod_daeb"] == 2900
    dh = boek["GM0518 's-Gravenhage"]
    namen = [r[3] for r in dh.iter_rows(2, values_only=True)]
    assert "'" + FORMULE in namen and "Café Ëïland (gesplitst)" in namen


def test_filters_gemeente_corporatie_hardheid(gevuld, tmp_path):
    assert exporteer(gevuld, tmp_path / "a.geojson", gemeente="GM0603").locaties == 1
    assert exporteer(gevuld, tmp_path / "a.geojson", gemeente="603").locaties == 1
    assert exporteer(gevuld, tmp_path / "b.geojson", corporatie="Staedion").locaties == 2
    assert exporteer(gevuld, tmp_path / "c.geojson", hardheid="zacht").locaties == 3
    r = exporteer(gevuld, tmp_path / "d.gpkg", gemeente=["GM0518"], hardheid="hard")
    assert r.locaties == 2 and r.gemeenten == 1 and r.onttrekkingen == 1 and r.biedingen == 2


# --------------------------------------------------------------------------- atomic


@pytest.mark.parametrize("bestand", ["plan.gpkg", "plan.zip", "plan.xlsx", "plan.csv"])
def test_fout_halverwege_laat_geen_half_bestand_achter(gevuld, tmp_path, monkeypatch, bestand):
    """A disk that fills up halfway: the old file stays, no temporary file is left."""
    pad = tmp_path / bestand
    pad.write_bytes(b"oude export")
    geschreven: list[Path] = []

    def vol(*_a, **_k):
        raise OSError(28, "No space left on device")

    if bestand == "plan.gpkg":  # after four layers are in the temporary GeoPackage
        echte = exp._onttrekkingen_frame

        def na_vier_lagen(*a, **k):
            geschreven.extend(tmp_path.glob(".plan.*"))
            return vol(echte(*a, **k))

        monkeypatch.setattr(exp, "_onttrekkingen_frame", na_vier_lagen)
    elif bestand == "plan.zip":  # after a few entries are in the temporary zip
        from locatieplanner.uitwisseling import zippen

        class Halfvol(io.FileIO):
            def write(self, data):
                if self.tell() > 2000:
                    geschreven.extend(tmp_path.glob(".plan.*"))
                    vol()
                return super().write(data)

        monkeypatch.setattr(zippen, "open", lambda pad, modus: Halfvol(pad, "w"), raising=False)
    else:  # xlsx and csv: half the bytes land on disk, then the disk is full

        def half_schrijven(self, data, *a, **k):
            with Path(self).open("wb") as f:
                f.write(bytes(data)[: len(data) // 2])
            geschreven.append(Path(self))
            vol()

        if bestand == "plan.xlsx":
            from openpyxl.workbook.workbook import Workbook

            monkeypatch.setattr(
                Workbook, "save", lambda self, p: half_schrijven(Path(p), b"PK\x03\x04 half")
            )
        else:
            monkeypatch.setattr(Path, "write_bytes", half_schrijven)
    with pytest.raises(exp.BestandFout, match="No space left"):
        exporteer(gevuld, pad)
    assert geschreven, "de fout moest halverwege het schrijven optreden"
    assert pad.read_bytes() == b"oude export"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [
            bestand,
            *(
                p.name
                for p in tmp_path.iterdir()
                if p.suffix == ".sqlite" or "-wal" in p.name or "-shm" in p.name
            ),
        ]
    )


def test_geen_resten_en_nieuw_bestand_bij_succes(gevuld, tmp_path):
    pad = tmp_path / "plan.gpkg"
    exporteer(gevuld, pad)
    exporteer(gevuld, pad)  # overwrite
    assert sorted(p.name for p in tmp_path.iterdir() if "plan" in p.name) == ["plan.gpkg"]


# --------------------------------------------------------------------------- round trip


def _sleutel(loc):
    return loc.bron_id or loc.naam


@pytest.mark.parametrize(
    ("bestand", "crs"),
    [("rt.gpkg", None), ("rt.zip", None), ("rt.geojson", None), ("rt.geojson", "EPSG:28992")],
)
def test_rondreis_export_import_geeft_dezelfde_locaties(gevuld, tmp_path, bestand, crs):
    pad = tmp_path / bestand
    exporteer(gevuld, pad, crs=crs)
    doel = nieuwe_store(tmp_path)
    rapport = importeer_locaties(doel, pad)
    assert rapport.toegevoegd == 5 and rapport.problemen == []
    voor = {_sleutel(loc): loc for loc in gevuld.locaties()}
    na = {_sleutel(loc): loc for loc in doel.locaties()}
    assert voor.keys() == na.keys()
    for k, a in voor.items():
        b = na[k]
        for veld in (
            "naam",
            "bron_id",
            "gemeente",
            "ligging",
            "status",
            "fase",
            "daeb",
            "soc_huur",
            "goedk_koop",
            "midden",
            "bet_koop",
            "overig",
            "start",
            "oplevering",
            "opmerking",
        ):
            assert getattr(a, veld) == getattr(b, veld), (k, veld)
        assert [(t.corporatie, t.daeb, t.oplevering) for t in a.toewijzingen] == [
            (t.corporatie, t.daeb, t.oplevering) for t in b.toewijzingen
        ]
        assert a.geometry.geom_type == b.geometry.geom_type
        assert shapely.hausdorff_distance(a.geometry, b.geometry) < 0.001, k
        assert len(shapely.get_coordinates(a.geometry)) == len(shapely.get_coordinates(b.geometry))
    tweede = importeer_locaties(doel, pad)  # the same file again: nothing changes
    assert (tweede.toegevoegd, tweede.gewijzigd, tweede.ongewijzigd) == (1, 0, 4)  # 'Zonder bron'
    doel.sluit()


# --------------------------------------------------------------------------- CLI and web


def test_cli_exporteer(runner, tmp_path):
    from locatieplanner.store import Store

    assert runner.invoke(["init"]).exit_code == 0
    store = Store.open(runner.url)
    from conftest import KLEINE_GEMEENTEN

    from locatieplanner.domein.model import Corporatie

    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    store.bewaar_corporatie(Corporatie("Vidomes", "VID", ["GM0518", "GM0603"]))
    vul(store)
    uit = runner.invoke(["exporteer", str(tmp_path / "x.zip"), "--hardheid", "hard"])
    assert uit.exit_code == 0, uit.output
    assert "shapefile (zip) geschreven" in uit.output and "2 locaties" in uit.output
    uit = runner.invoke(
        ["exporteer", str(tmp_path / "x.json"), "--formaat", "geojson", "--crs", "epsg:28992"]
    )
    assert uit.exit_code == 0 and "EPSG:28992" in uit.output
    uit = runner.invoke(["exporteer", str(tmp_path / "x.kml")])
    assert uit.exit_code == 1 and "kan niet uit de extensie" in uit.output
    uit = runner.invoke(["exporteer", str(tmp_path / "x.gpkg"), "--gemeente", "GM9999"])
    assert uit.exit_code == 1 and "GM9999" in uit.output


def test_web_download_per_formaat(app, client, store):
    from conftest import KLEINE_GEMEENTEN

    from locatieplanner.domein.model import Corporatie

    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    store.bewaar_corporatie(Corporatie("Vidomes", "VID", ["GM0518", "GM0603"]))
    vul(store)
    verwacht = {
        "gpkg": b"SQLite format 3\x00",
        "shp": b"PK\x03\x04",
        "xlsx": b"PK\x03\x04",
        "geojson": b'{"type": "FeatureCollection"',
        "csv": b"\xef\xbb\xbfgemeente;",
    }
    for formaat, begin in verwacht.items():
        antwoord = client.get(f"/exporteer?formaat={formaat}&gemeente=GM0518")
        assert antwoord.status_code == 200, antwoord.data[:300]
        assert antwoord.data.startswith(begin)
        schijf = antwoord.headers["Content-Disposition"]
        assert schijf.startswith("attachment;") and "GM0518" in schijf
    assert client.get("/exporteer?formaat=kml").status_code == 422
    assert client.get("/exporteer?formaat=gpkg&gemeente=GM9999").status_code == 404
    pagina = client.get("/exporteer")
    assert pagina.status_code == 200 and b"Staedion" in pagina.data


def test_exporteer_download_geeft_bytes_naam_en_mimetype(gevuld):
    d = exporteer_download(gevuld, "geojson", gemeente="GM0603")
    assert d.mimetype == "application/geo+json"
    assert d.bestandsnaam.endswith("_GM0603.geojson")
    assert len(json.loads(d.inhoud)["features"]) == 1


# --------------------------------------------------------------------------- cases (5b)


@pytest.fixture
def met_casussen(gevuld):
    """The filled store with a case with a polygon area, one with a point area and one with
    neither (linked to a site), their potential and contributions; long text and a formula."""
    from shapely.geometry import Point, box

    from locatieplanner.domein.casus import Bijdrage, Casus, Oplossingsrichting, Potentieel

    site = next(loc.id for loc in gevuld.locaties() if loc.bron_id == "DH-001")
    lang = "Grondruil met de gemeente: " + "ë" * 200
    vlak = gevuld.voeg_casus_toe(
        Casus(
            "GM0518",
            "kans",
            "Optoppen Ëïland",
            "grondpositie",
            beschrijving=lang,
            vragen=[1, 3],
            gebied=box(80200, 450200, 80400, 450400, ccw=False),
            oplossingsrichtingen=[Oplossingsrichting("Grondruil", "gekozen")],
            potentieel=[Potentieel(2027, 20, 5), Potentieel(2028, 10, 0)],
        )
    )
    punt = gevuld.voeg_casus_toe(
        Casus("GM0603", "knelpunt", FORMULE, "netcongestie", gebied=Point(86050, 450050))
    )
    zonder = gevuld.voeg_casus_toe(
        Casus("GM0518", "knelpunt", "Stikstof", "stikstof", locaties=[site], status="in gesprek")
    )
    gevuld.voeg_bijdrage_toe(Bijdrage(vlak.id, "gemeente", "Grond inbrengen", "grond"))
    gevuld.voeg_bijdrage_toe(
        Bijdrage(
            vlak.id,
            "corporatie",
            "Extra lening",
            "financiering/subsidie",
            "toegezegd",
            "Staedion",
            125000.5,
        )
    )
    return {"vlak": vlak, "punt": punt, "zonder": zonder, "lang": lang, "site": site}


def test_geopackage_met_casussen_en_bijdragen(met_casussen, gevuld, tmp_path):
    pad = tmp_path / "plan.gpkg"
    rapport = exporteer(gevuld, pad)
    lagen = {str(n): t for n, t in pyogrio.list_layers(pad)}
    assert lagen["casussen"] is None and lagen["bijdragen"] is None
    assert lagen["casusgebieden"] == "MultiPolygon"
    assert lagen["casusgebieden_punten"] == "Point"
    assert rapport.casussen == 3 and rapport.bijdragen == 2
    assert "3 casussen, 2 bijdragen" in rapport.regels()[0]
    casussen = pyogrio.read_dataframe(pad, layer="casussen").set_index("id")
    vlak, zonder = met_casussen["vlak"].id, met_casussen["zonder"].id
    assert casussen.at[vlak, "beschrijv"] == met_casussen["lang"]  # whole text
    assert casussen.at[vlak, "gebied"] == "ja" and casussen.at[zonder, "gebied"] == "nee"
    assert casussen.at[vlak, "pot_daeb"] == 30 and casussen.at[vlak, "vragen"] == "1,3"
    assert casussen.at[zonder, "locaties"] == str(met_casussen["site"])
    assert casussen.at[met_casussen["punt"].id, "titel"] == FORMULE
    gebieden = pyogrio.read_dataframe(pad, layer="casusgebieden")
    assert list(gebieden["casus"]) == [vlak]
    assert ProjCRS.from_user_input(gebieden.crs).to_epsg() == 28992
    assert all(shapely.is_ccw(d.exterior) for g in gebieden.geometry for d in g.geoms)
    assert gebieden.geometry[0].equals(met_casussen["vlak"].gebied)
    pot = pyogrio.read_dataframe(pad, layer="casus_potentieel")
    assert sorted(zip(pot.casus, pot.jaar, pot.daeb, pot.overig, strict=True)) == [
        (vlak, 2027, 20, 5),
        (vlak, 2028, 10, 0),
    ]
    bij = pyogrio.read_dataframe(pad, layer="bijdragen")
    assert sorted(
        zip(bij.partij, bij.corporatie.fillna("-"), bij.bedrag.fillna(0), strict=True)
    ) == [
        ("corporatie", "Staedion", 125000.5),
        ("gemeente", "-", 0),
    ]


@pytest.mark.gdal
def test_geopackage_met_casussen_doorstaat_pdok_validator_en_ogrinfo(
    met_casussen, gevuld, tmp_path
):
    vereist(shutil.which("ogrinfo") is not None, "ogrinfo ontbreekt (apt-get install gdal-bin)")
    pad = tmp_path / "plan.gpkg"
    exporteer(gevuld, pad)
    assert _pdok_verslag(pad)["results"] == []
    tekst, fouten = _ogrinfo(str(pad))
    assert "Warning" not in fouten and "ERROR" not in fouten, fouten
    aantallen = {
        m[0]: int(m[1])
        for m in re.findall(r"Layer name: (\S+).*?Feature Count: (\d+)", tekst, re.S)
    }
    assert {k: aantallen[k] for k in ("casussen", "casusgebieden", "casusgebieden_punten")} == {
        "casussen": 3,
        "casusgebieden": 1,
        "casusgebieden_punten": 1,
    }
    assert aantallen["bijdragen"] == 2 and aantallen["casus_potentieel"] == 2


@pytest.mark.gdal
def test_shapefile_zip_met_casussen_dbf_en_csv(met_casussen, gevuld, tmp_path):
    vereist(shutil.which("ogrinfo") is not None, "ogrinfo ontbreekt (apt-get install gdal-bin)")
    pad = tmp_path / "plan.zip"
    rapport = exporteer(gevuld, pad)
    with zipfile.ZipFile(pad) as zf:
        namen = set(zf.namelist())
        for naam in ("casussen", "casus_potentieel", "bijdragen"):
            assert {f"{naam}.dbf", f"{naam}.csv"} <= namen
        casus_csv = zf.read("casussen.csv").decode("utf-8-sig")
        leesmij = zf.read("LEESMIJ.txt").decode("utf-8")
    assert casus_csv.splitlines()[0] == ";".join(exp.CASUS_KOLOMMEN)
    assert met_casussen["lang"] in casus_csv  # the CSV keeps the whole text
    titels = [r[3] for r in csv.reader(io.StringIO(casus_csv), delimiter=";")]
    assert "'" + FORMULE in titels  # a formula stays text
    for veld in (*exp.CASUS_KOLOMMEN, *exp.BIJDRAGE_KOLOMMEN):
        assert re.search(rf"^\s+{veld}\s+\S", leesmij, re.M), veld
    # the .dbf cuts at 254 bytes and says so
    vlak = met_casussen["vlak"].id
    assert any(f"casus {vlak}: veld beschrijv" in w for w in rapport.waarschuwingen)
    tekst, fouten = _ogrinfo(f"/vsizip/{pad}")
    assert "Warning" not in fouten and "ERROR" not in fouten, fouten
    casussen = pyogrio.read_dataframe(f"/vsizip/{pad}/casussen.dbf", read_geometry=False)
    assert len(casussen) == 3 and all(len(k) <= 10 for k in casussen.columns)
    assert met_casussen["lang"].startswith(casussen.set_index("id").at[vlak, "beschrijv"])
    bij = pyogrio.read_dataframe(f"/vsizip/{pad}/bijdragen.dbf", read_geometry=False)
    assert sorted(bij.partij) == ["corporatie", "gemeente"]
