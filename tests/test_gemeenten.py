"""Boundary import from real CBS polygons in every GDAL format, and start stocks from CSV."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from conftest import CBS_GEMEENTEN, CBS_VOORRAAD, vereist
from shapely.geometry import LineString, Point, Polygon, box

from locatieplanner.domein.model import RD_GRENZEN
from locatieplanner.domein.regio import laad_regio
from locatieplanner.errors import BestandFout, CrsFout, ValidatieFout
from locatieplanner.uitwisseling import gemeenten as gemeenten_module
from locatieplanner.uitwisseling.gemeenten import (
    GemeentenRapport,
    herstel_geometrie,
    importeer_gemeenten,
    importeer_voorraad,
    normaliseer_code,
)

HAAGLANDEN = sorted(laad_regio().codes)
ONGELDIG = {
    "GM0303": "Dronten",
    "GM0716": "Tholen",
    "GM0852": "Waterland",
    "GM1895": "Oldambt",
    "GM1924": "Goeree-Overflakkee",
}


@pytest.fixture(scope="module")
def cbs() -> gpd.GeoDataFrame:
    """The real CBS polygons (EPSG:4326) with code, name and areas, read independently."""
    vereist(CBS_GEMEENTEN.exists(), f"referentiedata ontbreekt: {CBS_GEMEENTEN}")
    return gpd.read_file(
        CBS_GEMEENTEN,
        columns=["gemeentecode", "gemeentenaam", "oppervlakteTotaalInHa", "oppervlakteLandInHa"],
    )


def _rd(cbs: gpd.GeoDataFrame, codes: list[str] | None = None) -> gpd.GeoDataFrame:
    """The CBS polygons in RD New, repaired with shapely (test files must be writable)."""
    tabel = cbs if codes is None else cbs[cbs.gemeentecode.isin(codes)]
    tabel = tabel.to_crs(28992)
    tabel["geometry"] = shapely.make_valid(tabel.geometry.values)
    return tabel.reset_index(drop=True)


# --------------------------------------------------------------------------- real data


def test_alle_343_echte_gemeenten_hersteld_en_plausibel(store, shared_gemeenten, cbs):
    rapport = importeer_gemeenten(store, shared_gemeenten, alleen_regio=False)

    assert isinstance(rapport, GemeentenRapport)
    assert rapport.aantal == 343
    # the region rows exist already (zet_regio), so they are updated, the rest added
    assert (rapport.toegevoegd, rapport.gewijzigd, rapport.ongewijzigd) == (334, 9, 0)
    assert rapport.crs == "EPSG:4326"
    assert {h.gemeente: h.naam for h in rapport.hersteld} == ONGELDIG
    assert all(
        "Self-intersection" in h.reden or "Hole lies outside shell" in h.reden
        for h in rapport.hersteld
    )
    assert rapport.overgeslagen == []
    assert rapport.ontbrekend == []

    opgeslagen = {g.gemeente: g for g in store.gemeenten()}
    assert len(opgeslagen) == 343
    oppervlak = {
        r.gemeentecode: (r.oppervlakteLandInHa, r.oppervlakteTotaalInHa) for r in cbs.itertuples()
    }
    gx0, gy0, gx1, gy1 = RD_GRENZEN
    for code, g in opgeslagen.items():
        assert g.geometry.geom_type == "MultiPolygon", code
        assert g.geometry.is_valid, code
        minx, miny, maxx, maxy = g.geometry.bounds
        assert gx0 <= minx and maxx <= gx1 and gy0 <= miny and maxy <= gy1, code
        land, totaal = oppervlak[code]
        if land == land and totaal == totaal:  # one municipality has no area figures
            km2 = g.geometry.area / 1e6
            assert 0.97 * land / 100 <= km2 <= 1.05 * totaal / 100, (code, km2, land, totaal)

    den_haag = opgeslagen["GM0518"]
    assert den_haag.naam == "'s-Gravenhage"
    # land 82.4 km2, total incl. sea 98.1 km2 by CBS; the polygon covers land and inland water
    assert 82 < den_haag.geometry.area / 1e6 < 99
    assert den_haag.geometry.contains(Point(81000, 455000))  # centre of The Hague in RD
    assert not den_haag.geometry.contains(Point(155000, 463000))  # Amersfoort

    regels = rapport.regels()
    tekst = "\n".join(regels)
    assert "343 gemeenten (334 toegevoegd, 9 gewijzigd, 0 ongewijzigd)" in regels[0]
    assert "Hersteld (5 ongeldige geometrieën gerepareerd)" in tekst
    for code, naam in ONGELDIG.items():
        assert f"{code} {naam}: Self-intersection" in tekst or f"{code} {naam}: Hole" in tekst


def test_standaard_alleen_de_negen_regiogemeenten(store, shared_gemeenten):
    rapport = importeer_gemeenten(store, shared_gemeenten)

    assert sorted(rapport.gemeenten) == HAAGLANDEN
    assert (rapport.toegevoegd, rapport.gewijzigd, rapport.ongewijzigd) == (0, 9, 0)
    assert rapport.hersteld == []  # the five invalid ones lie outside Haaglanden
    assert [g.gemeente for g in store.gemeenten()] == HAAGLANDEN
    assert store.heeft_grenzen()
    assert store.gemeente("GM1783").naam == "Westland"
    # the same file again changes nothing
    opnieuw = importeer_gemeenten(store, shared_gemeenten)
    assert (opnieuw.toegevoegd, opnieuw.gewijzigd, opnieuw.ongewijzigd) == (0, 0, 9)
    assert "9 gemeenten (0 toegevoegd, 0 gewijzigd, 9 ongewijzigd)" in opnieuw.regels()[0]


def test_codes_filteren_en_normaliseren(store, shared_gemeenten):
    rapport = importeer_gemeenten(store, shared_gemeenten, codes=["518", "0503", "gm0303", "9999"])

    assert rapport.gemeenten == ["GM0518", "GM0503", "GM0303"]
    assert rapport.ontbrekend == ["GM9999"]
    assert [h.gemeente for h in rapport.hersteld] == ["GM0303"]
    assert "Ontbreekt in de bron (1): GM9999" in rapport.regels()
    assert store.gemeente("GM0303").naam == "Dronten"
    # the other region members keep their row but got no boundary
    assert store.gemeente("GM0637").geometry is None


def test_ongeldige_code_in_codes_wordt_geweigerd(store, shared_gemeenten):
    with pytest.raises(ValidatieFout) as fout:
        importeer_gemeenten(store, shared_gemeenten, codes=["GM0518", "Delft"])
    assert "'Delft'" in fout.value.melding and "GM0518" in fout.value.melding
    assert not store.heeft_grenzen()
    with pytest.raises(ValidatieFout, match="geef minstens één gemeentecode"):
        importeer_gemeenten(store, shared_gemeenten, codes=[])


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        ("GM0518", "GM0518"),
        ("gm518", "GM0518"),
        ("0518", "GM0518"),
        ("518", "GM0518"),
        (518, "GM0518"),
        (518.0, "GM0518"),
        (" GM0003 ", "GM0003"),
        ("1783", "GM1783"),
    ],
)
def test_normaliseer_code(invoer, verwacht):
    assert normaliseer_code(invoer) == verwacht


@pytest.mark.parametrize("invoer", ["", None, "GM", "GM12345", "PV28", "0", 518.5, "Delft", True])
def test_normaliseer_code_weigert(invoer):
    with pytest.raises(ValueError):
        normaliseer_code(invoer)


def test_geen_regiogemeente_in_bestand(store, cbs, tmp_path):
    pad = tmp_path / "noorden.gpkg"
    _rd(cbs, ["GM0014", "GM0034"]).to_file(pad, layer="noorden")

    with pytest.raises(BestandFout) as fout:
        importeer_gemeenten(store, pad)
    assert "geen van de gevraagde gemeenten" in fout.value.melding
    assert "GM0014" in fout.value.melding and "--alle" in fout.value.melding
    assert importeer_gemeenten(store, pad, alleen_regio=False).gemeenten == ["GM0014", "GM0034"]


# --------------------------------------------------------------------------- file formats


def test_geopackage_met_twee_lagen_vraagt_een_laagkeuze(store, cbs, tmp_path):
    pad = tmp_path / "grenzen.gpkg"
    rd = _rd(cbs)
    rd[rd.gemeentecode.isin(HAAGLANDEN)].to_file(pad, layer="haaglanden")
    rd[rd.gemeentecode.isin(["GM0014", "GM0518"])].to_file(pad, layer="anders", mode="a")

    with pytest.raises(BestandFout) as fout:
        importeer_gemeenten(store, pad)
    assert "2 lagen: haaglanden, anders" in fout.value.melding
    assert "instelling 'Laag'" in fout.value.melding

    with pytest.raises(BestandFout) as fout:
        importeer_gemeenten(store, pad, laag="bestaat_niet")
    assert "geen laag 'bestaat_niet'" in fout.value.melding
    assert "haaglanden, anders" in fout.value.melding

    # a colon in the path must not be taken for GDAL's "GPKG:file:table" syntax
    vreemd = tmp_path / "map:met:dubbele punt"
    vreemd.mkdir()
    (vreemd / "grenzen.gpkg").write_bytes(pad.read_bytes())
    rapport = importeer_gemeenten(store, vreemd / "grenzen.gpkg", laag="haaglanden")
    assert len(rapport.gemeenten) == 9

    rapport = importeer_gemeenten(store, pad, laag="anders")
    assert rapport.gemeenten == ["GM0518"]
    assert len(rapport.ontbrekend) == 8
    rapport = importeer_gemeenten(store, pad, laag="haaglanden")
    assert sorted(rapport.gemeenten) == HAAGLANDEN
    assert rapport.crs == "EPSG:28992"
    assert store.gemeente("GM0518").geometry.equals(
        rd[rd.gemeentecode == "GM0518"].geometry.iloc[0]
    )


def _schrijf_shapefile(tabel: gpd.GeoDataFrame, pad: Path) -> None:
    with pytest.warns(RuntimeWarning, match="Normalized/laundered field name"):
        pyogrio.write_dataframe(tabel, pad)


def test_shapefile_los_en_gezipt(store, cbs, tmp_path):
    codes = ["GM0518", "GM1900", "GM0503"]  # GM1900 Súdwest-Fryslân: UTF-8 in the DBF
    map_ = tmp_path / "shp"
    map_.mkdir()
    _schrijf_shapefile(_rd(cbs, codes), map_ / "gemeenten.shp")
    # field names were cut to ten characters: gemeenteco / gemeentena are still recognised
    assert {"gemeenteco", "gemeentena"} <= set(pyogrio.read_info(map_ / "gemeenten.shp")["fields"])

    los = importeer_gemeenten(store, map_ / "gemeenten.shp", codes=codes)
    assert sorted(los.gemeenten) == sorted(codes)
    assert store.gemeente("GM1900").naam == "Súdwest-Fryslân"

    zip_pad = tmp_path / "gemeenten.zip"
    with zipfile.ZipFile(zip_pad, "w") as zf:
        for deel in map_.iterdir():
            zf.write(deel, f"download/{deel.name}")
    gezipt = importeer_gemeenten(store, zip_pad, codes=codes)
    assert gezipt.bron == "gemeenten.zip/download/gemeenten.shp"
    # same polygons; only the recorded source changed
    assert (gezipt.toegevoegd, gezipt.gewijzigd, gezipt.ongewijzigd) == (0, 3, 0)
    assert store.gemeente("GM0518").geometry.equals(_rd(cbs, ["GM0518"]).geometry.iloc[0])
    assert importeer_gemeenten(store, zip_pad, codes=codes).ongewijzigd == 3

    # a folder with the shapefile is read as well
    assert sorted(importeer_gemeenten(store, map_, codes=codes).gemeenten) == sorted(codes)


def test_shapefile_zonder_cpg_met_utf8_tekst(store, cbs, tmp_path):
    pad = tmp_path / "zonder_cpg.shp"
    _schrijf_shapefile(_rd(cbs, ["GM1900", "GM0080"]), pad)
    pad.with_suffix(".cpg").unlink()
    assert pyogrio.read_info(pad)["encoding"] == "ISO-8859-1"  # what GDAL assumes now

    rapport = importeer_gemeenten(store, pad, alleen_regio=False)
    assert store.gemeente("GM1900").naam == "Súdwest-Fryslân"
    assert store.gemeente("GM0080").naam == "Leeuwarden"
    assert (
        "Let op: tekst in de DBF gelezen als UTF-8 (het .cpg-bestand ontbreekt)" in rapport.regels()
    )


def test_gezipte_geojson(store, shared_gemeenten, tmp_path):
    zip_pad = tmp_path / "cbs.zip"
    with zipfile.ZipFile(zip_pad, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(shared_gemeenten, "data/cbs_gemeenten_2023.geojson")
    rapport = importeer_gemeenten(store, zip_pad)
    assert rapport.bron == "cbs.zip/data/cbs_gemeenten_2023.geojson"
    assert sorted(rapport.gemeenten) == HAAGLANDEN


def test_zip_met_twee_shapefiles_vraagt_een_keuze(store, cbs, tmp_path):
    for naam, codes in (("a", ["GM0518"]), ("b", ["GM0503"])):
        _schrijf_shapefile(_rd(cbs, codes), tmp_path / f"{naam}.shp")
    zip_pad = tmp_path / "twee.zip"
    with zipfile.ZipFile(zip_pad, "w") as zf:
        for deel in tmp_path.iterdir():
            if deel.stem in ("a", "b"):
                zf.write(deel, deel.name)

    with pytest.raises(BestandFout) as fout:
        importeer_gemeenten(store, zip_pad)
    assert "a.shp, b.shp" in fout.value.melding and "instelling 'Laag'" in fout.value.melding
    assert importeer_gemeenten(store, zip_pad, laag="b").gemeenten == ["GM0503"]


def test_bestand_zonder_crs_geweigerd_en_met_crs_geaccepteerd(store, cbs, tmp_path):
    pad = tmp_path / "zonder_prj.shp"
    _schrijf_shapefile(_rd(cbs, HAAGLANDEN), pad)
    pad.with_suffix(".prj").unlink()
    assert pyogrio.read_info(pad)["crs"] is None

    with pytest.raises(CrsFout) as fout:
        importeer_gemeenten(store, pad)
    assert "geen coördinatenstelsel" in fout.value.melding
    assert "--crs" in fout.value.melding and "EPSG:28992" in fout.value.melding
    assert not store.heeft_grenzen()

    rapport = importeer_gemeenten(store, pad, crs="EPSG:28992")
    assert sorted(rapport.gemeenten) == HAAGLANDEN
    assert rapport.crs == "EPSG:28992"
    verwacht = _rd(cbs, ["GM0518"]).geometry.iloc[0]
    assert store.gemeente("GM0518").geometry.area == pytest.approx(verwacht.area, rel=1e-9)


def test_lengte_breedte_als_rd_opgegeven_wordt_herkend(store, cbs, tmp_path):
    pad = tmp_path / "verkeerd.gpkg"
    tabel = cbs[cbs.gemeentecode.isin(HAAGLANDEN)].set_crs(28992, allow_override=True)
    tabel.to_file(pad, layer="gemeenten")

    with pytest.raises(CrsFout) as fout:
        importeer_gemeenten(store, pad)
    melding = fout.value.melding
    assert "EPSG:28992" in melding and "vallen niet in Nederland" in melding
    assert "lengte/breedtegraden: geef EPSG:4326 op met de instelling 'CRS'" in melding
    assert not store.heeft_grenzen()

    rapport = importeer_gemeenten(store, pad, crs="EPSG:4326")
    assert sorted(rapport.gemeenten) == HAAGLANDEN
    assert any("noemt CRS EPSG:28992" in o for o in rapport.opmerkingen)
    assert 82 < store.gemeente("GM0518").geometry.area / 1e6 < 99


def test_rd_als_lengte_breedte_opgegeven_wordt_herkend(store, cbs, tmp_path):
    pad = tmp_path / "verkeerd.gpkg"
    _rd(cbs, HAAGLANDEN).set_crs(4326, allow_override=True).to_file(pad, layer="gemeenten")

    with pytest.raises(CrsFout) as fout:
        importeer_gemeenten(store, pad)
    assert "passen niet bij het opgegeven CRS EPSG:4326" in fout.value.melding
    assert (
        "RD-coördinaten in meters: geef EPSG:28992 op met de instelling 'CRS'" in fout.value.melding
    )


def test_onbekend_crs_wordt_netjes_geweigerd(store, shared_gemeenten):
    with pytest.raises(CrsFout) as fout:
        importeer_gemeenten(store, shared_gemeenten, crs="EPSG:999999")
    assert "onbekend coördinatenstelsel 'EPSG:999999'" in fout.value.melding


def test_statcode_statnaam_en_kolomkoppeling(store, cbs, tmp_path):
    rd = _rd(cbs, HAAGLANDEN)
    cbs_vorm = rd.rename(columns={"gemeentecode": "statcode", "gemeentenaam": "statnaam"})
    pad = tmp_path / "cbs.gpkg"
    cbs_vorm[["statcode", "statnaam", "geometry"]].to_file(pad, layer="gemeente")
    assert sorted(importeer_gemeenten(store, pad).gemeenten) == HAAGLANDEN

    eigen = rd.rename(columns={"gemeentecode": "GEM_ID", "gemeentenaam": "GEM_LABEL"})
    eigen["GEM_ID"] = eigen["GEM_ID"].str[2:].astype(int)  # 518 instead of GM0518
    eigen["AANTAL_WON"] = range(1000, 1000 + len(eigen))
    pad = tmp_path / "eigen.gpkg"
    eigen[["GEM_ID", "GEM_LABEL", "AANTAL_WON", "geometry"]].to_file(pad, layer="x")

    with pytest.raises(BestandFout) as fout:
        importeer_gemeenten(store, pad)
    melding = fout.value.melding
    assert "mist een kolom voor 'gemeente'" in melding and "'naam'" in melding
    assert "Aanwezige kolommen: GEM_ID, GEM_LABEL, AANTAL_WON" in melding
    assert "'Kolomkoppeling', bijv. gemeente=KOLOM, naam=KOLOM" in melding

    with pytest.raises(BestandFout) as fout:
        importeer_gemeenten(store, pad, kolommen={"naam": "GM_NAAM", "gemeente": "GEM_ID"})
    assert "geen kolom 'GM_NAAM'" in fout.value.melding
    with pytest.raises(BestandFout) as fout:
        importeer_gemeenten(store, pad, kolommen={"inwoners": "AANTAL_WON"})
    assert "onbekend veld 'inwoners'" in fout.value.melding

    rapport = importeer_gemeenten(
        store,
        pad,
        kolommen={"gemeente": "GEM_ID", "naam": "gem_label", "woningen": "AANTAL_WON"},
    )
    assert sorted(rapport.gemeenten) == HAAGLANDEN
    verwacht = dict(zip(eigen["GEM_ID"], eigen["AANTAL_WON"], strict=True))
    assert store.gemeente("GM0518").woningen == verwacht[518]
    assert store.gemeente("GM0518").naam == "'s-Gravenhage"


def test_lege_naam_van_regiolid_en_leeg_bestand(store, cbs, tmp_path):
    rd = _rd(cbs, ["GM0518", "GM0014"])
    rd["gemeentenaam"] = None
    pad = tmp_path / "zonder_namen.gpkg"
    rd.to_file(pad, layer="g")

    # a region member gets its name from the region; any other municipality needs one
    assert importeer_gemeenten(store, pad).gemeenten == ["GM0518"]
    assert store.gemeente("GM0518").naam == "'s-Gravenhage"
    with pytest.raises(ValidatieFout, match="gemeente 'GM0014': naam = None: is verplicht"):
        importeer_gemeenten(store, pad, alleen_regio=False)

    leeg = tmp_path / "leeg.gpkg"
    rd.iloc[:0].to_file(leeg, layer="g")
    with pytest.raises(BestandFout, match="leeg.gpkg bevat geen gemeenten"):
        importeer_gemeenten(store, leeg)


def test_ongeldige_codes_in_het_bestand(store, cbs, tmp_path):
    rd = _rd(cbs, ["GM0518", "GM0503"])
    rd.loc[1, "gemeentecode"] = "Delft"
    pad = tmp_path / "codes.gpkg"
    rd.to_file(pad, layer="g")

    with pytest.raises(ValidatieFout) as fout:
        importeer_gemeenten(store, pad)
    assert "objecten zonder geldige gemeentecode in kolom 'gemeentecode'" in fout.value.melding
    assert "'Delft'" in fout.value.melding
    assert not store.heeft_grenzen()


# --------------------------------------------------------------------------- geometry


def test_herstel_geometrie():
    vlinder = Polygon([(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)])
    goed, reden, onbruikbaar = herstel_geometrie(vlinder)
    assert goed.geom_type == "MultiPolygon" and goed.is_valid and len(goed.geoms) == 2
    assert goed.area == pytest.approx(50)
    assert reden.startswith("Self-intersection") and onbruikbaar is None

    vierkant = box(0, 0, 1, 1)
    goed, reden, onbruikbaar = herstel_geometrie(vierkant)
    assert goed.equals(vierkant) and reden is None and onbruikbaar is None

    plat = Polygon([(0, 0), (1, 1), (2, 2), (0, 0)])
    assert herstel_geometrie(plat)[0] is None
    assert "na herstel blijft geen vlak over" in herstel_geometrie(plat)[2]
    assert (
        herstel_geometrie(LineString([(0, 0), (1, 1)]))[2]
        == "geometrietype LineString is geen vlak"
    )
    assert herstel_geometrie(None)[2] == "geen geometrie"
    with np.errstate(invalid="ignore"):  # shapely warns while building a NaN ring
        nan = Polygon([(0, 0), (1, float("nan")), (1, 1), (0, 0)])
    assert herstel_geometrie(nan)[2] == "ongeldige coördinaten (NaN of oneindig)"
    oneindig = Polygon([(0, 0), (1, float("inf")), (1, 1), (0, 0)])
    assert herstel_geometrie(oneindig)[2] == "ongeldige coördinaten (NaN of oneindig)"


def test_onbruikbare_geometrie_wordt_overgeslagen_en_gemeld(store, cbs, tmp_path):
    rd = _rd(cbs, ["GM0518", "GM0503", "GM0603", "GM1783"])
    rd = rd.set_index("gemeentecode")
    rd.loc["GM0503", "geometry"] = LineString([(84000, 447000), (86000, 448000)])
    x, y = 75000, 450000  # a zero-area polygon: make_valid leaves only a line
    rd.loc["GM0603", "geometry"] = Polygon([(x, y), (x + 1, y + 1), (x + 2, y + 2), (x, y)])
    rd.loc["GM1783", "geometry"] = box(5_000_000, 5_000_000, 5_001_000, 5_001_000)
    pad = tmp_path / "deels_kapot.gpkg"
    rd.reset_index().to_file(pad, layer="g")

    rapport = importeer_gemeenten(store, pad)

    assert rapport.gemeenten == ["GM0518"]
    redenen = {b.gemeente: b.reden for b in rapport.overgeslagen}
    assert redenen == {
        "GM0503": "geometrietype LineString is geen vlak",
        "GM0603": redenen["GM0603"],
        "GM1783": "valt (deels) buiten Nederland in EPSG:28992 (RD New)",
    }
    assert "na herstel blijft geen vlak over" in redenen["GM0603"]
    tekst = "\n".join(rapport.regels())
    assert "Overgeslagen (3, niet opgeslagen):" in tekst
    assert "GM0503 Delft: geometrietype LineString is geen vlak" in tekst
    assert store.gemeente("GM0503").geometry is None


def test_meerdere_objecten_per_gemeente_worden_samengevoegd(store, cbs, tmp_path):
    rd = _rd(cbs, ["GM1783"])  # Westland: split into two halves
    geheel = rd.geometry.iloc[0]
    minx, miny, maxx, maxy = geheel.bounds
    midden = (minx + maxx) / 2
    links = geheel.intersection(box(minx, miny, midden, maxy))
    rechts = geheel.intersection(box(midden, miny, maxx, maxy))
    tabel = gpd.GeoDataFrame(
        {"gemeente": ["GM1783", "1783"], "naam": ["Westland", "Westland"]},
        geometry=[links, rechts],
        crs=28992,
    )
    pad = tmp_path / "gesplitst.gpkg"
    tabel.to_file(pad, layer="delen")

    rapport = importeer_gemeenten(store, pad)
    assert rapport.samengevoegd == ["GM1783"]
    opgeslagen = store.gemeente("GM1783").geometry
    assert opgeslagen.area == pytest.approx(geheel.area, rel=1e-6)
    assert "Uit meerdere objecten samengevoegd: GM1783 Westland" in rapport.regels()


def test_ongeldige_aantallen_slaan_niets_op(store, cbs, tmp_path):
    rd = _rd(cbs, ["GM0518", "GM0503"])
    rd["woningen"] = rd.gemeentecode.map({"GM0518": 265959, "GM0503": -5})
    pad = tmp_path / "aantallen.gpkg"
    rd.to_file(pad, layer="g")

    with pytest.raises(ValidatieFout) as fout:
        importeer_gemeenten(store, pad)
    assert "gemeente 'GM0503': woningen = -5" in fout.value.melding
    assert not store.heeft_grenzen()
    assert store.gemeente("GM0518").woningen is None


# --------------------------------------------------------------------------- files from outside


def test_vrt_vermomd_als_geojson_wordt_geweigerd(store, shared_gemeenten, tmp_path):
    pad = tmp_path / "plan.geojson"
    pad.write_text(
        f"<OGRVRTDataSource><OGRVRTLayer name='cbs_gemeenten_2023'>"
        f"<SrcDataSource>{shared_gemeenten}</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>"
    )
    with pytest.raises(BestandFout) as fout:
        importeer_gemeenten(store, pad)
    assert "plan.geojson is geen GeoJSON" in fout.value.melding
    assert not store.heeft_grenzen()

    zip_pad = tmp_path / "plan.zip"
    with zipfile.ZipFile(zip_pad, "w") as zf:
        zf.writestr("plan.shp", pad.read_text())
    with pytest.raises(BestandFout) as fout:
        importeer_gemeenten(store, zip_pad)
    assert "plan.zip/plan.shp is geen echt ESRI Shapefile-bestand" in fout.value.melding


def test_gdal_skip_staat_aan():
    import os

    assert "OGR_VRT" in os.environ["GDAL_SKIP"].replace(",", " ").split()


def test_te_veel_objecten_wordt_geweigerd(store, shared_gemeenten, monkeypatch):
    monkeypatch.setattr(gemeenten_module, "MAX_OBJECTEN", 100)
    with pytest.raises(BestandFout) as fout:
        importeer_gemeenten(store, shared_gemeenten)
    assert "bevat 343 objecten" in fout.value.melding and "hoogstens 100" in fout.value.melding


def test_zip_die_te_groot_uitpakt_wordt_geweigerd(store, tmp_path, monkeypatch):
    zip_pad = tmp_path / "bom.zip"
    with zipfile.ZipFile(zip_pad, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.geojson", "{" + " " * 5_000_000 + "}")
    assert zip_pad.stat().st_size < 20_000
    monkeypatch.setattr(gemeenten_module, "MAX_BYTES", 1_000_000)
    with pytest.raises(BestandFout) as fout:
        importeer_gemeenten(store, zip_pad)
    assert "pakt uit tot 5 MB" in fout.value.melding


def test_onbekende_en_kapotte_bestanden(store, tmp_path):
    csv_pad = tmp_path / "grenzen.csv"
    csv_pad.write_text("a,b\n1,2\n")
    with pytest.raises(BestandFout, match="onbekend bestandstype .csv"):
        importeer_gemeenten(store, csv_pad)
    kapot = tmp_path / "kapot.geojson"
    kapot.write_text('{"type": "FeatureCollection", "features": [')
    with pytest.raises(BestandFout, match="kapot.geojson kan niet worden gelezen"):
        importeer_gemeenten(store, kapot)
    geen_zip = tmp_path / "geen.zip"
    geen_zip.write_bytes(b"dit is geen zip")
    with pytest.raises(BestandFout, match="geen.zip is geen geldig zip-bestand"):
        importeer_gemeenten(store, geen_zip)


# --------------------------------------------------------------------------- stocks


def _voorraad_2020() -> dict[str, int]:
    """End-2020 dwelling stock per Haaglanden municipality from the real CBS StatLine file."""
    vereist(CBS_VOORRAAD.exists(), f"referentiedata ontbreekt: {CBS_VOORRAAD}")
    with CBS_VOORRAAD.open(encoding="utf-8", newline="") as f:
        return {
            r["RegioS"].strip(): int(r["EindstandVoorraad_8"])
            for r in csv.DictReader(f, delimiter=";")
            if r["Perioden"] == "2020JJ00" and r["RegioS"].strip() in HAAGLANDEN
        }


def test_voorraad_uit_echte_cbs_cijfers(store):
    voorraad = _voorraad_2020()
    assert len(voorraad) == 9
    pad = Path(store.url.removeprefix("sqlite:///")).parent / "voorraad.csv"
    regels = ["gemeente;woningen;doelgroep;peiljaar"]
    regels += [f"{c};{w};{w // 3};2020" for c, w in voorraad.items()]
    pad.write_bytes(("\ufeff" + "\r\n".join(regels) + "\r\n").encode("utf-8"))  # Excel style

    rapport = importeer_voorraad(store, pad)

    assert rapport.gewijzigd == 9 and rapport.ongewijzigd == 0
    assert rapport.regels() == [
        f"Startvoorraden uit {pad.name}: 9 gemeenten (9 gewijzigd, 0 ongewijzigd)."
    ]
    den_haag = store.gemeente("GM0518")
    assert (den_haag.woningen, den_haag.doelgroep, den_haag.peiljaar) == (265959, 88653, 2020)
    assert store.gemeente("GM1842").woningen == 7996
    assert importeer_voorraad(store, pad).ongewijzigd == 9


def test_voorraad_met_komma_en_korte_codes(store, tmp_path):
    pad = tmp_path / "voorraad.csv"
    pad.write_text("Gemeente,Woningen\n518,265959\n503,51495\n", encoding="utf-8")
    rapport = importeer_voorraad(store, pad)
    assert rapport.gemeenten == ["GM0518", "GM0503"]
    assert store.gemeente("GM0503").woningen == 51495
    assert store.gemeente("GM0503").doelgroep is None


def test_voorraad_fouten_met_regelnummers_en_niets_opgeslagen(store, tmp_path):
    pad = tmp_path / "fout.csv"
    pad.write_text(
        "gemeente;woningen;doelgroep;peiljaar\n"
        "GM0518;265959;100000;2020\n"
        "GM9999;10;1;2020\n"
        "GM0503;51.495,5;1;2020\n"
        "GM0603;-3;0;2020\n"
        "GM0629;100;200;2020\n"
        "GM1783;45956;1000;1850\n"
        "GM0518;1;1;2020\n"
        "Delft;1;1;2020\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidatieFout) as fout:
        importeer_voorraad(store, pad)
    items = {(p.item, p.veld) for p in fout.value.problemen}
    assert items == {
        ("regel 3 (GM9999)", "gemeente"),
        ("regel 4 (GM0503)", "woningen"),
        ("regel 5 (GM0603)", "woningen"),
        ("regel 6 (GM0629)", "doelgroep"),
        ("regel 7 (GM1783)", "peiljaar"),
        ("regel 8 (GM0518)", "gemeente"),
        ("regel 9", "gemeente"),
    }
    melding = fout.value.melding
    assert melding.startswith("fout.csv: niets opgeslagen.")
    assert "regel 4 (GM0503): woningen = '51.495,5': moet een geheel getal zijn" in melding
    assert "regel 6 (GM0629): doelgroep = 200: doelgroepvoorraad kan niet groter zijn" in melding
    assert "regel 8 (GM0518): gemeente = 'GM0518': staat al op regel 2" in melding
    assert store.gemeente("GM0518").woningen is None  # all or nothing


def test_voorraad_doelgroep_tegen_bestaande_woningen(store, tmp_path):
    eerst = tmp_path / "eerst.csv"
    eerst.write_text("gemeente;woningen\nGM0603;27219\n", encoding="utf-8")
    importeer_voorraad(store, eerst)
    daarna = tmp_path / "daarna.csv"
    daarna.write_text("gemeente;woningen;doelgroep\nGM0603;;30000\n", encoding="utf-8")
    with pytest.raises(ValidatieFout, match="woningen = '': is verplicht"):
        importeer_voorraad(store, daarna)


@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        (b"", "is leeg"),
        (b"code;aantal\nGM0518;1\n", "ontbrekende kolom(men): gemeente, woningen"),
        (b"gemeente;woningen;doelgroup\nGM0518;1;1\n", "onbekende kolom(men): 'doelgroup'"),
        (b"gemeente;woningen\n", "bevat geen gegevensregels"),
        ("gemeente;woningen\nGM0518;1\n".encode("utf-16"), "is geen UTF-8-tekst"),
    ],
)
def test_voorraad_onbruikbare_bestanden(store, tmp_path, inhoud, melding):
    pad = tmp_path / "v.csv"
    pad.write_bytes(inhoud)
    with pytest.raises(BestandFout) as fout:
        importeer_voorraad(store, pad)
    assert melding in fout.value.melding


def test_voorraad_te_weinig_kolommen_op_een_regel(store, tmp_path):
    pad = tmp_path / "v.csv"
    pad.write_text("gemeente;woningen;doelgroep\nGM0518;1\n", encoding="utf-8")
    with pytest.raises(ValidatieFout, match="regel 2: kolommen = 2: verwacht 3 waarden"):
        importeer_voorraad(store, pad)


# --------------------------------------------------------------------------- CLI


def test_cli_importeer_en_voorraad(runner, shared_gemeenten, cbs, tmp_path):
    assert runner.invoke(["init"]).exit_code == 0

    uit = runner.invoke(["gemeenten", "importeer", str(shared_gemeenten)])
    assert uit.exit_code == 0, uit.output
    assert "9 gemeenten (0 toegevoegd, 9 gewijzigd, 0 ongewijzigd)" in uit.output

    uit = runner.invoke(["gemeenten", "importeer", str(shared_gemeenten), "--alle"])
    assert uit.exit_code == 0, uit.output
    assert "343 gemeenten (334 toegevoegd, 0 gewijzigd, 9 ongewijzigd)" in uit.output
    assert "GM1924 Goeree-Overflakkee: Self-intersection" in uit.output

    uit = runner.invoke(["gemeenten", "importeer", str(shared_gemeenten), "--codes", "518,0503"])
    assert uit.exit_code == 0 and "2 gemeenten" in uit.output

    pad = tmp_path / "zonder.shp"
    eigen = _rd(cbs, HAAGLANDEN).rename(columns={"gemeentecode": "CODE_GM", "gemeentenaam": "NM"})
    pyogrio.write_dataframe(eigen[["CODE_GM", "NM", "geometry"]], pad)
    pad.with_suffix(".prj").unlink()
    uit = runner.invoke(["gemeenten", "importeer", str(pad)])
    assert uit.exit_code == 1
    assert "Error: zonder.shp mist een kolom voor 'gemeente'" in uit.output
    uit = runner.invoke(
        ["gemeenten", "importeer", str(pad), "--kolom", "gemeente=CODE_GM", "--kolom", "naam=NM"]
    )
    assert uit.exit_code == 1
    assert (
        "Error: zonder.shp heeft geen coördinatenstelsel (CRS); geef het op met --crs" in uit.output
    )
    uit = runner.invoke(
        [
            "gemeenten",
            "importeer",
            str(pad),
            "--kolom",
            "gemeente=CODE_GM",
            "--kolom",
            "naam=NM",
            "--crs",
            "EPSG:28992",
        ]
    )
    assert uit.exit_code == 0, uit.output
    assert "Gemeentegrenzen uit zonder.shp (CRS EPSG:28992" in uit.output
    assert "9 gemeenten (0 toegevoegd, 9 gewijzigd, 0 ongewijzigd)" in uit.output
    uit = runner.invoke(["gemeenten", "importeer", str(pad), "--kolom", "naam"])
    assert uit.exit_code == 2 and "veld=BRONKOLOM" in uit.output

    csv_pad = tmp_path / "voorraad.csv"
    csv_pad.write_text(
        "gemeente;woningen;doelgroep;peiljaar\nGM0518;265959;110000;2020\n", encoding="utf-8"
    )
    uit = runner.invoke(["gemeenten", "voorraad", str(csv_pad)])
    assert uit.exit_code == 0, uit.output
    assert (
        "Startvoorraden uit voorraad.csv: 1 gemeenten (1 gewijzigd, 0 ongewijzigd)." in uit.output
    )
    csv_pad.write_text("gemeente;woningen\nGM4242;1\n", encoding="utf-8")
    uit = runner.invoke(["gemeenten", "voorraad", str(csv_pad)])
    assert uit.exit_code == 1
    assert "regel 2 (GM4242): gemeente = 'GM4242': onbekende gemeente" in uit.output

    status = runner.invoke(["status"])
    assert status.exit_code == 0, status.output
