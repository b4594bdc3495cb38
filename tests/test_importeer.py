"""Import of sites, removals and bids: formats, CRS, encodings, column mapping, the per-row
report, all-or-nothing, upsert, CLI and the upload page; against real CBS boundaries too."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from conftest import PROJECT
from openpyxl import Workbook
from shapely.geometry import Point, Polygon, box

from locatieplanner.crs import naar_wgs84
from locatieplanner.errors import BestandFout, CrsFout
from locatieplanner.uitwisseling.importeer import (
    ImportAfgekeurd,
    importeer_biedingen,
    importeer_locaties,
    importeer_onttrekkingen,
)
from locatieplanner.web.fouten import http_status

KOP = "bron_id;naam;status;daeb;midden;start;oplevering;corporatie;x;y"


def _csv(pad: Path, regels: list[str], codering: str = "utf-8") -> Path:
    pad.write_bytes(("\r\n".join(regels) + "\r\n").encode(codering))
    return pad


@pytest.fixture
def doel(kleine_store):
    return kleine_store


# --------------------------------------------------------------------------- tables


def test_csv_met_rd_xy_en_corporatie(doel, tmp_path):
    pad = _csv(
        tmp_path / "plan.csv",
        [
            KOP,
            "A1;Café Ëïland;1a;40;10;2023;2026;Staedion;80500;455000",
            "A2;Rijswijk-Zuid;3;0;20;;;;87000;450000",
        ],
    )
    rapport = importeer_locaties(doel, pad)
    assert (rapport.toegevoegd, rapport.gelezen, rapport.crs) == (2, 2, "EPSG:28992")
    assert rapport.onbekende_kolommen == []
    a1, a2 = sorted(doel.locaties(), key=lambda loc: loc.bron_id)
    assert (a1.naam, a1.status, a1.gemeente, a1.daeb, a1.midden) == (
        "Café Ëïland",
        "1A",
        "GM0518",
        40,
        10,
    )
    assert [(t.corporatie, t.daeb) for t in a1.toewijzingen] == [("Staedion", 40)]
    assert a2.gemeente == "GM0603" and a2.toewijzingen == [] and a2.start is None
    assert a1.geometry.equals(Point(80500, 455000))


def test_csv_lonlat_en_cp1252_zonder_bom(doel, tmp_path):
    lon, lat = naar_wgs84([Point(80500, 455000)], decimalen=9)[0].coords[0]
    pad = _csv(
        tmp_path / "plan.csv",
        ["bron_id,naam,status,lon,lat", f"B1,Scheveningen ëï é,2A,{lon},{lat}"],
        codering="cp1252",
    )
    rapport = importeer_locaties(doel, pad)
    assert rapport.codering == "cp1252" and rapport.crs == "EPSG:4326"
    loc = doel.locaties()[0]
    assert loc.naam == "Scheveningen ëï é"
    assert loc.geometry.distance(Point(80500, 455000)) < 0.001


def test_csv_utf16_unicode_tekst_uit_excel(doel, tmp_path):
    pad = tmp_path / "unicode.txt"
    pad.write_bytes(
        "bron_id\tnaam\tstatus\tx\ty\r\nU1\tŁódź-straat ë\t2A\t80500\t455000\r\n".encode("utf-16")
    )
    rapport = importeer_locaties(doel, pad)
    assert rapport.codering == "utf-16"
    assert doel.locaties()[0].naam == "Łódź-straat ë"


def test_excel_met_wkt_vraagt_om_crs(doel, tmp_path):
    boek = Workbook()
    ws = boek.active
    ws.append(["Plannaam", "Planstatus", "DAEB", "WKT", "Extra info"])
    ws.append(["Vlak", "2B", 12, box(80000, 450000, 80100, 450100).wkt, "x"])
    ws.append([None, None, None, None, None])
    ws.append(["Vlak 2", "1B", 3.0, box(80200, 450000, 80300, 450100).wkt, "y"])
    pad = tmp_path / "plan.xlsx"
    boek.save(pad)
    with pytest.raises(CrsFout, match="instelling 'CRS'"):
        importeer_locaties(doel, pad)
    rapport = importeer_locaties(doel, pad, crs="EPSG:28992")
    assert rapport.toegevoegd == 2
    assert rapport.kolommen["naam"] == "Plannaam" and rapport.kolommen["status"] == "Planstatus"
    assert rapport.onbekende_kolommen == ["Extra info"]
    assert any("Onbekende kolommen" in r and "Extra info" in r for r in rapport.regels())
    assert sorted(loc.daeb for loc in doel.locaties()) == [3, 12]


def test_kolomkoppeling_met_kolom_optie(doel, tmp_path):
    pad = _csv(
        tmp_path / "lev.csv",
        ["ID_GEM;OMSCHR;FASE_PROV;WON_SOC;x;y", "77;Locatie 77;4B;15;80500;455000"],
    )
    with pytest.raises(BestandFout, match="mist een kolom voor 'naam' en 'status'"):
        importeer_locaties(doel, pad)
    with pytest.raises(BestandFout, match="heeft geen kolom 'BESTAATNIET'"):
        importeer_locaties(doel, pad, kolommen={"naam": "BESTAATNIET"})
    with pytest.raises(BestandFout, match="onbekend veld 'kleur'"):
        importeer_locaties(doel, pad, kolommen={"kleur": "OMSCHR"})
    rapport = importeer_locaties(
        doel,
        pad,
        kolommen={"naam": "omschr", "status": "FASE_PROV", "daeb": "WON_SOC", "bron_id": "ID_GEM"},
    )
    assert rapport.toegevoegd == 1 and rapport.onbekende_kolommen == []
    loc = doel.locaties()[0]
    assert (loc.bron_id, loc.naam, loc.status, loc.daeb) == ("77", "Locatie 77", "4B", 15)


# --------------------------------------------------------------------------- validation report


def test_rapport_per_rij_en_niets_opgeslagen(doel, tmp_path):
    pad = _csv(
        tmp_path / "fout.csv",
        [
            KOP,
            "G1;Goed;1A;10;0;2024;2026;;80500;455000",
            "F1;Negatief;1A;-3;0;;;;80600;455000",
            "F2;Status;9Z;1;0;;;;80700;455000",
            "F3;Jaar;2A;1;0;1800;2026;;80800;455000",
            "F4;Leeg;2A;1;0;;;;;",
            "F5;Tekst;2A;veel;0;;;;80900;455000",
            "F6;Corp;2A;5;0;;;Onbekende Wooncorporatie;81000;455000",
            "F7;Amsterdam;2A;5;0;;;;121000;487000",
            "F8;NaN;2A;5;0;;;;nan;455000",
            "G1;Dubbel;1A;10;0;2024;2026;;80550;455000",
        ],
    )
    with pytest.raises(ImportAfgekeurd) as fout:
        importeer_locaties(doel, pad)
    rapport = fout.value.rapport
    assert doel.locaties() == []
    per_rij = {(m.rij, m.bron_id, m.veld): m for m in rapport.problemen}
    assert per_rij[(3, "F1", "daeb")].waarde == -3
    assert "0 tot en met 1.000.000" in per_rij[(3, "F1", "daeb")].probleem
    assert per_rij[(4, "F2", "status")].waarde == "9Z"
    assert per_rij[(5, "F3", "start")].waarde == 1800
    assert "ontbreekt" in per_rij[(6, "F4", "geometry")].probleem
    assert per_rij[(7, "F5", "daeb")].waarde == "veel"
    assert "onbekende corporatie" in per_rij[(8, "F6", "corporatie")].probleem
    assert "buiten de regio" in per_rij[(9, "F7", "geometry")].probleem or (
        "buiten" in per_rij[(9, "F7", "geometry")].probleem
    )
    assert "NaN" in per_rij[(10, "F8", "geometry")].probleem
    assert "dubbel" in per_rij[(11, "G1", "bron_id")].probleem
    assert "rij 2" in per_rij[(11, "G1", "bron_id")].probleem
    assert not any(m.rij == 2 for m in rapport.problemen)
    tekst = "\n".join(rapport.regels())
    assert "NIETS OPGESLAGEN" in tekst and "rij 4, bron_id 'F2': status = '9Z'" in tekst
    assert http_status(fout.value) == 422


def test_ongeldige_geometrie_wordt_gemeld(doel, tmp_path):
    vlinder = Polygon([(80000, 450000), (80100, 450100), (80100, 450000), (80000, 450100)])
    pad = _csv(
        tmp_path / "w.csv",
        ["bron_id;naam;status;wkt", f"V1;Vlinder;1A;{vlinder.wkt}", "V2;Leeg;1A;POLYGON EMPTY"],
    )
    with pytest.raises(ImportAfgekeurd) as fout:
        importeer_locaties(doel, pad, crs="EPSG:28992")
    meldingen = {m.bron_id: m for m in fout.value.rapport.problemen}
    assert "Self-intersection" in str(meldingen["V1"].waarde)
    assert "leeg" in meldingen["V2"].probleem


def test_andere_gemeente_dan_in_het_bestand_wordt_gemeld(doel, tmp_path):
    pad = _csv(
        tmp_path / "g.csv", ["bron_id;naam;status;gemeente;x;y", "A1;Een;1A;GM0603;80500;455000"]
    )
    rapport = importeer_locaties(doel, pad)
    assert doel.locaties()[0].gemeente == "GM0518"
    assert any("noemt gemeente GM0603" in w and "GM0518" in w for w in rapport.waarschuwingen)


def test_droog_meldt_alleen(doel, tmp_path):
    pad = _csv(tmp_path / "p.csv", [KOP, "A1;Een;1A;10;0;;;Staedion;80500;455000"])
    rapport = importeer_locaties(doel, pad, droog=True)
    assert rapport.toegevoegd == 1 and not rapport.opgeslagen
    assert "Proefimport" in "\n".join(rapport.regels())
    assert doel.locaties() == [] and doel.geschiedenis("locatie") == []
    fout = _csv(tmp_path / "f.csv", [KOP, "A1;Een;XX;10;0;;;;80500;455000"])
    rapport = importeer_locaties(doel, fout, droog=True)  # no exception: only a report
    assert [m.veld for m in rapport.problemen] == ["status"] and rapport.toegevoegd == 0


def test_upsert_telt_toegevoegd_gewijzigd_ongewijzigd(doel, tmp_path):
    regels = [
        KOP,
        "A1;Een;1A;10;0;2024;2026;Staedion;80500;455000",
        "A2;Twee;2A;5;0;;;;80600;455000",
        "A3;Drie;3;0;0;;;;87000;450000",
    ]
    pad = _csv(tmp_path / "p.csv", regels)
    assert importeer_locaties(doel, pad).toegevoegd == 3
    regels[2] = "A2;Twee (nieuwe naam);2A;6;0;;;Vidomes;80600;455000"
    regels.append("A4;Vier;4A;1;0;;;;80700;455000")
    rapport = importeer_locaties(doel, _csv(pad, regels))
    assert (rapport.toegevoegd, rapport.gewijzigd, rapport.ongewijzigd) == (1, 1, 2)
    assert "1 toegevoegd, 1 gewijzigd, 2 ongewijzigd" in "\n".join(rapport.regels())
    a2 = doel.locaties(bron_id="A2")[0]
    assert (a2.naam, a2.daeb, a2.versie) == ("Twee (nieuwe naam)", 6, 2)
    assert [(t.corporatie, t.daeb) for t in a2.toewijzingen] == [("Vidomes", 6)]
    log = doel.geschiedenis("locatie", a2.id)
    assert [r["actie"] for r in log] == ["toegevoegd", "gewijzigd"]
    assert log[1]["oud"]["naam"] == "Twee" and log[1]["gebruiker"] == "systeem"
    assert len(doel.locaties()) == 4


def test_upsert_bewaart_velden_die_het_bestand_niet_heeft(doel, tmp_path):
    volledig = _csv(tmp_path / "v.csv", [KOP, "A1;Een;1A;10;7;2024;2026;Staedion;80500;455000"])
    importeer_locaties(doel, volledig)
    alleen_status = _csv(tmp_path / "s.csv", ["bron_id;naam;status;x;y", "A1;Een;1B;80500;455000"])
    rapport = importeer_locaties(doel, alleen_status)
    assert rapport.gewijzigd == 1
    loc = doel.locaties()[0]
    assert (loc.status, loc.daeb, loc.midden, loc.start) == ("1B", 10, 7, 2024)
    assert [(t.corporatie, t.daeb) for t in loc.toewijzingen] == [("Staedion", 10)]


def test_toewijzingen_tabel_en_fouten_daarin(doel, tmp_path):
    pad = _csv(
        tmp_path / "p.csv",
        [KOP, "A1;Een;1A;30;0;2024;2028;;80500;455000", "A2;Twee;1A;5;0;;;;80600;455000"],
    )
    toew = _csv(
        tmp_path / "toewijzingen.csv",
        [
            "bron_id;corporatie;daeb;oplevering",
            "A1;Staedion;20;2026",
            "A1;Vidomes;10;2028",
        ],
    )
    rapport = importeer_locaties(doel, pad, toewijzingen=toew)
    assert rapport.toewijzingen == 2
    a1 = doel.locaties(bron_id="A1")[0]
    assert [(t.corporatie, t.daeb, t.oplevering) for t in a1.toewijzingen] == [
        ("Staedion", 20, 2026),
        ("Vidomes", 10, 2028),
    ]
    _csv(
        toew,
        ["bron_id;corporatie;daeb;oplevering", "A1;Staedion;40;2026", "ZZ;Vidomes;1;2028"],
    )
    with pytest.raises(ImportAfgekeurd) as fout:
        importeer_locaties(doel, pad, toewijzingen=toew)
    tekst = [str(m) for m in fout.value.rapport.problemen]
    assert any("ZZ" in t and "geen locatie met dit bron_id" in t for t in tekst)
    assert any("meer DAEB-woningen toegewezen" in t for t in tekst)


def test_meerdere_corporaties_in_een_kolom_vraagt_om_tabel(doel, tmp_path):
    pad = _csv(tmp_path / "p.csv", [KOP, "A1;Een;1A;30;0;;;Staedion; Vidomes;80500;455000"])
    pad = _csv(
        tmp_path / "p.csv",
        [
            "bron_id,naam,status,daeb,corporatie,x,y",
            'A1,Een,1A,30,"Staedion; Vidomes",80500,455000',
        ],
    )
    with pytest.raises(ImportAfgekeurd, match="meerdere corporaties"):
        importeer_locaties(doel, pad)


# --------------------------------------------------------------------------- GIS files


def _gdf(**kolommen):
    geometrie = kolommen.pop("geometry")
    return gpd.GeoDataFrame(kolommen, geometry=geometrie, crs=kolommen.pop("crs", 28992))


@pytest.mark.parametrize("met_cpg", [True, False])
def test_shapefile_cp1252_met_en_zonder_cpg(doel, tmp_path, met_cpg):
    namen = ["Café", "Zeeë", "Ruïne"]
    frame = _gdf(
        bron_id=["S1", "S2", "S3"],
        naam=namen,
        status=["1A", "2B", "3"],
        daeb=[1, 2, 3],
        geometry=[box(80000 + i * 200, 450000, 80100 + i * 200, 450100) for i in range(3)],
    )
    pyogrio.write_dataframe(frame, tmp_path / "plan.shp", encoding="cp1252")
    cpg = tmp_path / "plan.cpg"
    assert cpg.read_text().strip().upper() in ("CP1252", "1252")
    if not met_cpg:
        cpg.unlink()
    zip_pad = tmp_path / "plan.zip"
    with zipfile.ZipFile(zip_pad, "w") as zf:
        for p in sorted(tmp_path.glob("plan.*")):
            if p.suffix != ".zip":
                zf.write(p, f"map/{p.name}")
    rapport = importeer_locaties(doel, zip_pad)
    assert rapport.codering == "cp1252"
    assert sorted(loc.naam for loc in doel.locaties()) == sorted(namen)
    if not met_cpg:
        assert any("geen .cpg" in w for w in rapport.waarschuwingen)


def test_losse_shapefile_zonder_prj_vraagt_crs(doel, tmp_path):
    frame = _gdf(naam=["X"], status=["1A"], geometry=[box(80000, 450000, 80100, 450100)])
    pyogrio.write_dataframe(frame, tmp_path / "x.shp")
    (tmp_path / "x.prj").unlink()
    with pytest.raises(CrsFout, match=r"\.prj.*instelling 'CRS'"):
        importeer_locaties(doel, tmp_path / "x.shp")
    assert importeer_locaties(doel, tmp_path / "x.shp", crs="EPSG:28992").toegevoegd == 1


def test_coordinaten_passen_niet_bij_crs(doel, tmp_path):
    lonlat = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"naam": "x", "status": "1A"},
                "geometry": {"type": "Point", "coordinates": [4.31, 52.08]},
            }
        ],
    }
    pad = tmp_path / "ll.geojson"
    pad.write_text(json.dumps(lonlat))
    with pytest.raises(
        CrsFout, match="lengte- en breedtegraden.*EPSG:4326 op met de instelling 'CRS'"
    ):
        importeer_locaties(doel, pad)
    assert importeer_locaties(doel, pad, crs="EPSG:4326").toegevoegd == 1
    rd = dict(lonlat)
    del rd["crs"]
    rd["features"][0]["geometry"]["coordinates"] = [80500, 455000]
    pad.write_text(json.dumps(rd))
    with pytest.raises(
        CrsFout, match="RD-coördinaten in meters: geef EPSG:28992 op met de instelling 'CRS'"
    ):
        importeer_locaties(doel, pad)
    omgedraaid = _csv(tmp_path / "o.csv", ["naam;status;lon;lat", "x;1A;52.08;4.31"])
    with pytest.raises(CrsFout, match="verwisseld"):
        importeer_locaties(doel, omgedraaid)


def test_geopackage_lagen_kiezen(doel, tmp_path):
    pad = tmp_path / "gem.gpkg"
    a = _gdf(naam=["A"], status=["1A"], geometry=[box(80000, 450000, 80100, 450100)])
    b = _gdf(naam=["B"], status=["3"], geometry=[Point(86000, 450000)])
    pyogrio.write_dataframe(a, pad, layer="plannen_2024")
    pyogrio.write_dataframe(b, pad, layer="zoekgebieden", append=True)
    with pytest.raises(BestandFout, match="plannen_2024, zoekgebieden.*instelling 'Laag'"):
        importeer_locaties(doel, pad)
    with pytest.raises(BestandFout, match="geen laag 'x'"):
        importeer_locaties(doel, pad, laag="x")
    assert importeer_locaties(doel, pad, laag="zoekgebieden").toegevoegd == 1
    rapport = importeer_locaties(doel, pad, laag=["plannen_2024", "zoekgebieden"])
    assert (rapport.toegevoegd, rapport.gewijzigd + rapport.ongewijzigd) == (2, 0)


def test_voorbeelddata_tegen_echte_cbs_grenzen(store, shared_gemeenten, tmp_path):
    """The project's example sites import against the real CBS polygons (municipality derived
    from the geometry); a site in Amsterdam is refused as outside the region."""
    from locatieplanner.domein.model import Corporatie
    from locatieplanner.uitwisseling.gemeenten import importeer_gemeenten

    importeer_gemeenten(store, shared_gemeenten)
    geodata = PROJECT / "geodata"
    for regel in (geodata / "corporaties.csv").read_text("utf-8").splitlines()[1:]:
        naam, code, gemeenten = regel.split(";")
        store.bewaar_corporatie(Corporatie(naam, code, gemeenten.split(",")))
    rapport = importeer_locaties(
        store, geodata / "locaties.geojson", toewijzingen=geodata / "toewijzingen.csv"
    )
    assert rapport.problemen == [] and rapport.toegevoegd == rapport.gelezen > 50
    locaties = store.locaties()
    assert {loc.ligging for loc in locaties} <= {"binnen", "grens"}
    assert sum(loc.ligging == "binnen" for loc in locaties) > 0.9 * len(locaties)
    assert len({loc.gemeente for loc in locaties}) == 9
    assert sum(len(loc.toewijzingen) for loc in locaties) == rapport.toewijzingen > 0
    amsterdam = _csv(tmp_path / "a.csv", ["bron_id;naam;status;x;y", "AMS;Dam;1A;121400;487400"])
    with pytest.raises(ImportAfgekeurd, match=r"121400, 487400\)': ligt buiten de regio"):
        importeer_locaties(store, amsterdam)


# --------------------------------------------------------------------------- removals and bids


def test_onttrekkingen_en_biedingen(doel, tmp_path):
    importeer_locaties(doel, _csv(tmp_path / "l.csv", [KOP, "A1;Een;1A;10;0;;;;80500;455000"]))
    ontt = _csv(
        tmp_path / "o.csv",
        [
            "gemeente;jaar;aantal;soort;corporatie;bron_id;opmerking",
            "GM0518;2024;40;Sloop;Staedion;A1;Flat",
            "518;2025;5;verkoop;;;",
        ],
    )
    rapport = importeer_onttrekkingen(doel, ontt)
    assert rapport.toegevoegd == 2
    eerste = doel.onttrekkingen()[0]
    assert (eerste.soort, eerste.locatie, eerste.corporatie) == (
        "sloop",
        doel.locaties()[0].id,
        "Staedion",
    )
    assert importeer_onttrekkingen(doel, ontt).ongewijzigd == 2  # twice: no doubles
    slecht = _csv(
        tmp_path / "s.csv",
        ["gemeente;jaar;aantal;soort", "GM0518;1999;-1;brand", "GM9999;2024;1;sloop"],
    )
    with pytest.raises(ImportAfgekeurd) as fout:
        importeer_onttrekkingen(doel, slecht)
    velden = {(m.rij, m.veld) for m in fout.value.rapport.problemen}
    assert {(2, "jaar"), (2, "aantal"), (2, "soort"), (3, "gemeente")} <= velden
    assert len(doel.onttrekkingen()) == 2

    bod = _csv(
        tmp_path / "b.csv",
        [
            "gemeente;versie;datum;daeb",
            "GM0518;origineel;31-03-2021;2000",
            "GM0603;origineel;2021-03-31;800",
        ],
    )
    assert importeer_biedingen(doel, bod).toegevoegd == 2
    _csv(bod, ["gemeente;versie;datum;daeb", "GM0518;origineel;2021-03-31;2100"])
    rapport = importeer_biedingen(doel, bod)
    assert (rapport.gewijzigd, rapport.toegevoegd) == (1, 0)
    assert doel.actuele_biedingen()["GM0518"].daeb == 2100
    _csv(bod, ["gemeente;versie;datum;daeb", "GM0518;x;gisteren;1"])
    with pytest.raises(ImportAfgekeurd, match="datum"):
        importeer_biedingen(doel, bod)


# --------------------------------------------------------------------------- CLI and web


def test_cli_locaties_importeer(runner, tmp_path):
    assert runner.invoke(["init"]).exit_code == 0
    goed = _csv(tmp_path / "g.csv", ["bron_id;naam;status;x;y", "A1;Een;1A;80500;455000"])
    uit = runner.invoke(["locaties", "importeer", str(goed), "--droog"])
    assert uit.exit_code == 0, uit.output
    assert "Proefimport" in uit.output and "1 toegevoegd" in uit.output
    uit = runner.invoke(["locaties", "importeer", str(goed)])
    assert uit.exit_code == 0 and "Opgeslagen in één transactie: 1 toegevoegd" in uit.output
    fout = _csv(tmp_path / "f.csv", ["bron_id;naam;status;x;y", "A2;Twee;ZZ;80500;455000"])
    uit = runner.invoke(["locaties", "importeer", str(fout)])
    assert uit.exit_code == 1
    regel = next(r for r in uit.output.splitlines() if "'ZZ'" in r)
    assert regel.split()[:4] == ["2", "A2", "status", "'ZZ'"] and "onbekende planstatus" in regel
    uit = runner.invoke(["locaties", "importeer", str(goed), "--kolom", "naam"])
    assert uit.exit_code == 2 and "veld=BRONKOLOM" in uit.output
    ontt = _csv(tmp_path / "o.csv", ["gemeente;jaar;aantal;soort", "GM0518;2024;3;sloop"])
    uit = runner.invoke(["onttrekkingen", "importeer", str(ontt)])
    assert uit.exit_code == 0 and "1 toegevoegd" in uit.output
    bod = _csv(tmp_path / "b.csv", ["gemeente;versie;datum;daeb", "GM0518;origineel;2021-03-31;1"])
    uit = runner.invoke(["bod", "importeer", str(bod), "--droog"])
    assert uit.exit_code == 0 and "Proefimport" in uit.output


def test_web_upload_met_rapport(client, store):
    csv_goed = b"bron_id;naam;status;x;y\r\nA1;<b>Een</b>;1A;80500;455000\r\n"
    antwoord = client.post(
        "/importeer",
        data={"soort": "locaties", "bestand": (io.BytesIO(csv_goed), "plan.csv")},
        content_type="multipart/form-data",
    )
    assert antwoord.status_code == 200, antwoord.data
    assert b"Opgeslagen" in antwoord.data and b"1 toegevoegd" in antwoord.data
    assert store.locaties()[0].naam == "<b>Een</b>"
    csv_fout = "bron_id;naam;status;x;y\r\nA2;<img src=x onerror=alert(1)>;Z9;80500;455000\r\n"
    antwoord = client.post(
        "/importeer",
        data={"soort": "locaties", "bestand": (io.BytesIO(csv_fout.encode()), "fout.csv")},
        content_type="multipart/form-data",
    )
    assert antwoord.status_code == 422
    assert b'id="problemen"' in antwoord.data and b"<img" not in antwoord.data
    assert b"Z9" in antwoord.data
    antwoord = client.post(
        "/importeer",
        data={"soort": "locaties", "droog": "1", "bestand": (io.BytesIO(csv_goed), "p.csv")},
        content_type="multipart/form-data",
        headers={"Accept": "application/json"},
    )
    assert antwoord.status_code == 200
    assert antwoord.get_json()["droog"] is True and antwoord.get_json()["ongewijzigd"] == 1
    antwoord = client.post(
        "/importeer",
        data={"bestand": (io.BytesIO(b"MZ\x90\x00"), "virus.exe")},
        content_type="multipart/form-data",
    )
    assert antwoord.status_code == 400 and b"niet ondersteund" in antwoord.data
    # a post from another site with a session cookie: tests/test_toegang.py (CSRF, Origin)
    assert client.get("/importeer").status_code == 200


def test_geometrie_in_rapport_blijft_rd(doel, tmp_path):
    """A point given in lon/lat is stored in RD New (EPSG:28992), within a millimetre."""
    lon, lat = naar_wgs84([Point(81000.0, 455000.0)], decimalen=9)[0].coords[0]
    pad = _csv(tmp_path / "p.csv", ["naam;status;lon;lat", f"P;1A;{lon};{lat}"])
    importeer_locaties(doel, pad)
    punt = doel.locaties()[0].geometry
    assert shapely.distance(punt, Point(81000, 455000)) < 0.001


@pytest.mark.postgis
def test_bulkimport_en_export_op_postgis(postgis_url, tmp_path):
    """The same import (one transaction, upsert, dry run) and export on PostgreSQL/PostGIS."""
    from conftest import KLEINE_GEMEENTEN
    from uitwisseling_data import nieuwe_store

    from locatieplanner.domein.model import Corporatie
    from locatieplanner.domein.regio import laad_regio
    from locatieplanner.store import Store
    from locatieplanner.uitwisseling.exporteer import exporteer

    store = Store.open(postgis_url)
    try:
        store.zet_regio(laad_regio())
        store.bewaar_gemeenten(KLEINE_GEMEENTEN)
        store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
        regels = [KOP] + [
            f"P{i};Plek {i};1A;{i};0;2024;2026;Staedion;{80100 + i * 10};455000" for i in range(30)
        ]
        pad = _csv(tmp_path / "p.csv", regels)
        assert importeer_locaties(store, pad, droog=True).toegevoegd == 30
        assert store.locaties() == []
        assert importeer_locaties(store, pad).toegevoegd == 30
        regels[5] = "P4;Plek vier;1B;4;0;2024;2026;Staedion;80140;455000"
        rapport = importeer_locaties(store, _csv(pad, regels))
        assert (rapport.gewijzigd, rapport.ongewijzigd) == (1, 29)
        assert sum(len(loc.toewijzingen) for loc in store.locaties()) == 29  # P0 has daeb 0
        regels.append("PX;Fout;1A;-1;0;;;;80100;455000")
        with pytest.raises(ImportAfgekeurd):
            importeer_locaties(store, _csv(pad, regels))
        assert len(store.locaties()) == 30
        doel = nieuwe_store(tmp_path)
        exporteer(store, tmp_path / "pg.gpkg")
        assert importeer_locaties(doel, tmp_path / "pg.gpkg").toegevoegd == 30
        doel.sluit()
    finally:
        store.sluit()
