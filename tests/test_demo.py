"""The fictitious example data in geodata/ and ``locatieplanner demo`` on a real SQLite file."""

from __future__ import annotations

import csv
import json
import shutil
import socket
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import shapely
from conftest import CBS_GEMEENTEN, CBS_VOORRAAD, PROJECT, database_url, vereist
from shapely.geometry import shape
from test_pdok import KADASTER, features, pdok  # noqa: F401 - registers the local PDOK fixtures

from locatieplanner.domein.model import HARDE_STATUSSEN, STATUSSEN, Corporatie
from locatieplanner.domein.regio import laad_regio
from locatieplanner.errors import BestandFout, ConfiguratieFout, CrsFout, ValidatieFout
from locatieplanner.store import Store
from locatieplanner.uitwisseling.demo import (
    BESTANDEN,
    GEEN_GRENZEN,
    GEODATA_ENV,
    PDOK_URL_ENV,
    VOORBEELDGRENZEN,
    laad_demo,
    lees_voorbeelddata,
    vind_geodata,
)

GEODATA = PROJECT / "geodata"
REGIO = laad_regio()


def _bestand() -> dict:
    return json.loads((GEODATA / "locaties.geojson").read_text("utf-8"))


def _opgegeven_gemeente() -> dict[str, str]:
    """bron_id -> the supplier's municipality code, read straight from the GeoJSON text."""
    return {f["properties"]["bron_id"]: f["properties"]["gemeente"] for f in _bestand()["features"]}


def _csv(naam: str) -> list[dict[str, str]]:
    with open(GEODATA / naam, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def _vrije_poort() -> int:
    """A local port that nobody listens on (bound, then closed again)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo_zonder_grenzen(tmp_path_factory):
    """The demo loaded once without boundaries (no download, shipped boundaries skipped):
    (store, rapport)."""
    url = database_url(tmp_path_factory.mktemp("demo"))
    rapport = laad_demo(url, download=False, voorbeeldgrenzen=False)
    store = Store.open(url)
    yield store, rapport
    store.sluit()


# --------------------------------------------------------------------------- the files


def test_bestanden_zijn_er_en_zijn_als_fictief_gemarkeerd():
    for naam in BESTANDEN:
        assert (GEODATA / naam).is_file(), naam
    readme = (GEODATA / "README.md").read_text("utf-8")
    assert "FICTIEF" in readme and "CC BY 4.0" in readme and "CBS" in readme
    for naam in BESTANDEN:
        assert f"`{naam}`" in readme, f"README beschrijft {naam} niet"
    data = _bestand()
    assert "FICTIEVE" in data["description"]
    assert all(f["properties"]["opmerking"].startswith("Fictief") for f in data["features"])
    assert all(r["opmerking"].startswith("Fictief") for r in _csv("onttrekkingen.csv"))
    assert all(r["opmerking"].startswith("Fictief") for r in _csv("biedingen.csv"))


def test_geojson_rd_afgerond_geldig_tegen_de_klok_en_plausibel_van_maat():
    data = _bestand()
    assert data["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::28992"
    velden = [
        "bron_id", "naam", "gemeente", "status", "fase", "daeb", "soc_huur", "goedk_koop",
        "midden", "bet_koop", "overig", "start", "oplevering", "opmerking",
    ]  # fmt: skip
    soorten = Counter()
    for f in data["features"]:
        assert list(f["properties"]) == velden
        geom = shape(f["geometry"])
        soorten[geom.geom_type] += 1
        coords = shapely.get_coordinates(geom).ravel()
        assert all(abs(c * 10 - round(c * 10)) < 1e-6 for c in coords), "niet op 0,1 m afgerond"
        assert geom.is_valid
        if geom.geom_type == "Polygon":
            assert geom.exterior.is_ccw, f["properties"]["bron_id"]
            assert 5_000 <= geom.area <= 80_000, (f["properties"]["bron_id"], geom.area)
    assert soorten["Polygon"] >= 20 and soorten["Point"] >= 10
    # GDAL (the way GIS staff open it) recognises RD New.
    import pyogrio

    assert pyogrio.read_info(f"GeoJSON:{GEODATA / 'locaties.geojson'}")["crs"] == "EPSG:28992"


def test_woningvoorraad_is_de_echte_cbs_stand_eind_2020():
    vereist(CBS_VOORRAAD.exists(), f"referentiedata ontbreekt: {CBS_VOORRAAD}")
    cbs = {}
    with open(CBS_VOORRAAD, encoding="utf-8") as f:
        for rij in csv.DictReader(f, delimiter=";"):
            if rij["Perioden"].strip() == "2020JJ00" and rij["RegioS"].strip() in REGIO.gemeenten:
                cbs[rij["RegioS"].strip()] = int(rij["EindstandVoorraad_8"])
    voorraad = _csv("voorraad.csv")
    assert sorted(r["gemeente"] for r in voorraad) == sorted(REGIO.codes)
    for r in voorraad:
        assert int(r["woningen"]) == cbs[r["gemeente"]], r["gemeente"]
        assert r["peiljaar"] == "2020"


def test_generator_maakt_precies_de_gecommitte_bestanden(tmp_path, shared_gemeenten):
    vereist(CBS_VOORRAAD.exists(), f"referentiedata ontbreekt: {CBS_VOORRAAD}")
    uit = subprocess.run(
        [
            sys.executable,
            str(PROJECT / "scripts" / "maak_voorbeelddata.py"),
            "--shared",
            str(shared_gemeenten.parent),
            "--uit",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert uit.returncode == 0, uit.stderr
    for naam in (*BESTANDEN, VOORBEELDGRENZEN):
        assert (tmp_path / naam).read_bytes() == (GEODATA / naam).read_bytes(), naam


# --------------------------------------------------------------------------- loaded data


def test_demo_laadt_alles_zonder_grenzen(demo_zonder_grenzen):
    store, rapport = demo_zonder_grenzen
    locs = store.locaties()
    opgegeven = _opgegeven_gemeente()
    assert len(locs) >= 60 and len(locs) == len(opgegeven)
    assert {loc.gemeente for loc in locs} == set(REGIO.codes)
    assert {loc.status for loc in locs} == set(STATUSSEN)
    assert {loc.geometry.geom_type for loc in locs} == {"Point", "Polygon"}
    assert {loc.ligging for loc in locs} == {"onbekend"}
    assert all(loc.gemeente == opgegeven[loc.bron_id] for loc in locs)
    assert not store.heeft_grenzen()
    # Hard and soft plans in every municipality; deliveries before and after 2030.
    for code in REGIO.codes:
        eigen = [loc for loc in locs if loc.gemeente == code]
        assert {loc.status in HARDE_STATUSSEN for loc in eigen} == {True, False}, code
    assert any(loc.oplevering > 2030 for loc in locs)
    assert any(loc.oplevering < 2025 for loc in locs)
    # The report says what was loaded and that there are no boundaries.
    regels = "\n".join(rapport.regels())
    assert GEEN_GRENZEN in regels and "FICTIEF" in regels
    assert f"locaties: {len(locs)}" in regels
    assert rapport.grenzen == "geen" and not rapport.heeft_grenzen


def test_corporaties_toewijzingen_en_fasering(demo_zonder_grenzen):
    store, _ = demo_zonder_grenzen
    corporaties = store.corporaties()
    assert len(corporaties) >= 8
    echt = {"staedion", "vidomes", "haag wonen", "vestia", "woonbron", "duwo", "arcade"}
    assert not any(w in c.naam.lower() for c in corporaties for w in echt)
    werkgebied = {c.naam: set(c.gemeenten) for c in corporaties}
    locs = store.locaties()
    twee, gefaseerd, deels = [], [], []
    for loc in locs:
        assert loc.daeb_toegewezen <= loc.daeb
        for tw in loc.toewijzingen:
            assert loc.gemeente in werkgebied[tw.corporatie], (loc.bron_id, tw.corporatie)
        if len({tw.corporatie for tw in loc.toewijzingen}) >= 2:
            twee.append(loc.bron_id)
        if len({tw.oplevering for tw in loc.toewijzingen}) >= 2:
            gefaseerd.append(loc.bron_id)
        if loc.toewijzingen and loc.daeb_niet_toegewezen > 0:
            deels.append(loc.bron_id)
    assert len(twee) >= 3 and len(gefaseerd) >= 3 and len(deels) >= 2
    assert sum(len(loc.toewijzingen) for loc in locs) == len(_csv("toewijzingen.csv"))
    # Some sites have no corporation yet (search locations).
    assert any(loc.daeb > 0 and not loc.toewijzingen for loc in locs)


def test_sloop_voor_nieuwbouw_geeft_tijdelijke_dip(demo_zonder_grenzen):
    store, _ = demo_zonder_grenzen
    locs = {loc.id: loc for loc in store.locaties()}
    onttrekkingen = store.onttrekkingen()
    assert len(onttrekkingen) == len(_csv("onttrekkingen.csv"))
    assert {"sloop", "verkoop", "liberalisatie"} <= {o.soort for o in onttrekkingen}
    sloop = [o for o in onttrekkingen if o.soort == "sloop" and o.locatie is not None]
    assert len({o.gemeente for o in sloop}) >= 2
    for o in sloop:
        loc = locs[o.locatie]
        assert loc.gemeente == o.gemeente and loc.oplevering > o.jaar
    # Target-group stock per year: start stock + delivered DAEB - removals. Demolition before
    # new build must make it drop in the demolition year and end above that level.
    start = {g.gemeente: g.doelgroep for g in store.gemeenten(alleen_regio=True)}
    erbij: dict[str, Counter] = defaultdict(Counter)
    eraf: dict[str, Counter] = defaultdict(Counter)
    for loc in locs.values():
        for tw in loc.toewijzingen:
            erbij[loc.gemeente][tw.oplevering or loc.oplevering] += tw.daeb
    for o in onttrekkingen:
        eraf[o.gemeente][o.jaar] += o.aantal
    met_dip = set()
    for o in sloop:
        reeks, voorraad = {REGIO.van - 1: start[o.gemeente]}, start[o.gemeente]
        for jaar in REGIO.jaren:
            voorraad += erbij[o.gemeente][jaar] - eraf[o.gemeente][jaar]
            reeks[jaar] = voorraad
        voor = reeks[o.jaar - 1]
        if reeks[o.jaar] < voor < reeks[REGIO.tot]:
            met_dip.add(o.gemeente)
    assert len(met_dip) >= 2, met_dip


def test_voorraad_doelgroep_laat_de_scheefheid_zien(demo_zonder_grenzen):
    store, _ = demo_zonder_grenzen
    g = {x.gemeente: x for x in store.gemeenten(alleen_regio=True)}
    assert all(x.woningen and x.doelgroep and x.peiljaar == 2020 for x in g.values())
    aandeel = {c: x.doelgroep / x.woningen for c, x in g.items()}
    assert 0.40 <= aandeel["GM0518"] <= 0.55
    for laag in ("GM0629", "GM1783", "GM1926", "GM1842"):
        assert 0.15 <= aandeel[laag] <= 0.32, laag
        assert aandeel[laag] < aandeel["GM0518"] - 0.15


def test_biedingen_origineel_en_aangescherpt(demo_zonder_grenzen):
    store, rapport = demo_zonder_grenzen
    biedingen = store.biedingen()
    origineel = {b.gemeente for b in biedingen if b.versie == "origineel"}
    aangescherpt = {b.gemeente for b in biedingen if b.versie == "aangescherpt"}
    assert origineel == set(REGIO.codes)
    assert len(aangescherpt) >= 3
    actueel = store.actuele_biedingen()
    assert all(actueel[c].versie == "aangescherpt" for c in aangescherpt)
    assert rapport.biedingen == {"origineel": len(origineel), "aangescherpt": len(aangescherpt)}


def test_met_echte_cbs_grenzen_ligt_elke_locatie_binnen_de_opgegeven_gemeente(
    tmp_path, shared_gemeenten
):
    url = database_url(tmp_path)
    rapport = laad_demo(url, gemeenten_pad=shared_gemeenten)
    assert rapport.grenzen == "bestand"
    store = Store.open(url)
    try:
        assert store.heeft_grenzen()
        opgegeven = _opgegeven_gemeente()
        locs = store.locaties()
        assert len(locs) == len(opgegeven)
        verkeerd = [
            (loc.bron_id, loc.gemeente, loc.ligging)
            for loc in locs
            if loc.gemeente != opgegeven[loc.bron_id] or loc.ligging != "binnen"
        ]
        assert verkeerd == []
        # At least ~300 m from every border of the generalised CBS polygons.
        grenzen = {g.gemeente: g.geometry for g in store.gemeenten(alleen_regio=True)}
        for loc in locs:
            rand = grenzen[loc.gemeente].boundary
            assert loc.geometry.distance(rand) >= 300, loc.bron_id
        assert GEEN_GRENZEN not in "\n".join(rapport.regels())
    finally:
        store.sluit()


def test_grenzen_van_een_deel_van_de_regio_worden_gemeld(tmp_path, shared_gemeenten):
    import geopandas as gpd

    den_haag = gpd.read_file(shared_gemeenten)
    den_haag = den_haag[den_haag.gemeentecode == "GM0518"][
        ["gemeentecode", "gemeentenaam", "geometry"]
    ]
    pad = tmp_path / "alleen_den_haag.geojson"
    den_haag.to_file(pad, driver="GeoJSON")
    rapport = laad_demo(database_url(tmp_path), gemeenten_pad=pad)
    [melding] = [r for r in rapport.regels() if "geen grens voor" in r]
    assert "GM0503 Delft" in melding and "GM0637 Zoetermeer" in melding
    assert "GM0518" not in melding
    aantal_dh = sum(1 for g in _opgegeven_gemeente().values() if g == "GM0518")
    # the other municipalities have no boundary: their sites are unchecked, not outside
    assert rapport.liggingen == {"binnen": aantal_dh, "onbekend": rapport.locaties - aantal_dh}


# --------------------------------------------------------------------------- refusing, again


def test_weigert_opnieuw_laden_zonder_opnieuw_en_opnieuw_werkt(tmp_path):
    url = database_url(tmp_path)
    laad_demo(url, download=False)
    store = Store.open(url)
    voor = store.tellingen()
    store.sluit()
    with pytest.raises(ConfiguratieFout, match="opnieuw") as fout:
        laad_demo(url, download=False)
    assert f"{voor['locatie']} locatie" in fout.value.melding
    store = Store.open(url)
    assert store.tellingen() == voor  # nothing added
    # Mark the database so we can see it is really thrown away.
    store.bewaar_corporatie(Corporatie("Extra Wonen", "EXT", []))
    store.sluit()
    laad_demo(url, download=False, opnieuw=True)
    store = Store.open(url)
    try:
        na = store.tellingen()
        assert na["locatie"] == voor["locatie"] and na["onttrekking"] == voor["onttrekking"]
        assert "Extra Wonen" not in {c.naam for c in store.corporaties()}
        assert min(loc.id for loc in store.locaties()) == 1
    finally:
        store.sluit()


def test_lege_database_na_init_en_grenzen_wordt_aangevuld(tmp_path, shared_gemeenten):
    """A database that has only the region and boundaries (e.g. after 'init' and an import)
    is not refused, and its boundaries are used."""
    from locatieplanner.uitwisseling.gemeenten import importeer_gemeenten

    url = database_url(tmp_path)
    store = Store.open(url)
    store.zet_regio(REGIO)
    importeer_gemeenten(store, shared_gemeenten)
    store.sluit()
    rapport = laad_demo(url, download=True, pdok_url=f"http://127.0.0.1:{_vrije_poort()}/")
    assert rapport.grenzen == "aanwezig"
    assert rapport.liggingen == {"binnen": rapport.locaties}


# --------------------------------------------------------------------------- PDOK download


def test_pdok_onbereikbaar_demo_gaat_door_zonder_grenzen(tmp_path):
    url = database_url(tmp_path)
    rapport = laad_demo(
        url,
        download=True,
        pdok_url=f"http://127.0.0.1:{_vrije_poort()}/ogc/v1",
        timeout=5,
        voorbeeldgrenzen=False,
    )
    assert rapport.grenzen == "geen"
    regels = "\n".join(rapport.regels())
    assert GEEN_GRENZEN in regels
    store = Store.open(url)
    try:
        assert not store.heeft_grenzen()
        locs = store.locaties()
        assert len(locs) == rapport.locaties >= 60
        assert {loc.ligging for loc in locs} == {"onbekend"}
    finally:
        store.sluit()


def test_offline_demo_heeft_de_negen_meegeleverde_grenzen(tmp_path):
    """Without internet (PDOK unreachable) and by default: the nine shipped CBS polygons, every
    example site 'binnen' its municipality."""
    for download in (False, True):
        url = database_url(tmp_path / str(download))
        (tmp_path / str(download)).mkdir()
        rapport = laad_demo(
            url, download=download, pdok_url=f"http://127.0.0.1:{_vrije_poort()}/", timeout=5
        )
        assert rapport.grenzen == "voorbeeld"
        regels = "\n".join(rapport.regels())
        assert "gegeneraliseerde grenzen van de voorbeelddata" in regels
        assert GEEN_GRENZEN in regels if download else GEEN_GRENZEN not in regels
        store = Store.open(url)
        try:
            grenzen = [g for g in store.gemeenten(alleen_regio=True) if g.geometry is not None]
            assert sorted(g.gemeente for g in grenzen) == sorted(REGIO.codes)
            assert {loc.ligging for loc in store.locaties()} == {"binnen"}
            assert rapport.liggingen == {"binnen": rapport.locaties}
        finally:
            store.sluit()


@pytest.fixture
def nep_pdok(request):
    """The real local OGC API server of tests/test_pdok.py, built from the CBS polygons."""
    return request.getfixturevalue("pdok")


def test_demo_downloadt_grenzen_van_pdok(tmp_path, nep_pdok):
    """With a (local) PDOK answering, the boundaries come from the download."""
    url = database_url(tmp_path)
    rapport = laad_demo(url, download=True, pdok_url=nep_pdok.basis + KADASTER, timeout=10)
    assert rapport.grenzen == "pdok"
    assert any("gemeentegebied" in r for r in rapport.grenzen_regels)
    assert GEEN_GRENZEN not in "\n".join(rapport.regels())
    assert any(pad.endswith("/items") for pad, _q in nep_pdok.verzoeken)
    assert rapport.liggingen == {"binnen": rapport.locaties}


def test_cli_demo_downloadt_via_omgevingsvariabele(runner, nep_pdok, monkeypatch):
    monkeypatch.setenv(PDOK_URL_ENV, nep_pdok.basis + KADASTER)
    res = runner.invoke(["demo", "--niet-starten", "--pdok"])
    assert res.exit_code == 0, res.output
    assert "PDOK gemeentegebied" in res.output and GEEN_GRENZEN not in res.output
    assert nep_pdok.verzoeken


def test_pdok_url_uit_omgeving(tmp_path, monkeypatch):
    monkeypatch.setenv(PDOK_URL_ENV, f"http://127.0.0.1:{_vrije_poort()}/ogc/v1")
    rapport = laad_demo(database_url(tmp_path), download=True, timeout=5)
    assert rapport.grenzen == "voorbeeld", "na een mislukte download de meegeleverde grenzen"
    assert any(r.startswith(GEEN_GRENZEN) and "127.0.0.1" in r for r in rapport.grenzen_regels)


# --------------------------------------------------------------------------- CLI


def test_cli_demo(runner, monkeypatch):
    monkeypatch.setenv(PDOK_URL_ENV, f"http://127.0.0.1:{_vrije_poort()}/")  # never PDOK itself
    aantal = len(_bestand()["features"])
    res = runner.invoke(["demo", "--niet-starten"])
    assert res.exit_code == 0, res.output
    assert f"locaties: {aantal}" in res.output
    assert GEEN_GRENZEN not in res.output and f"ligging: {aantal} binnen" in res.output
    assert "Voorbeeldaccounts" in res.output and "demo-haaglanden" in res.output
    assert "Webapp op" not in res.output
    res = runner.invoke(["demo", "--niet-starten", "--geen-download"])
    assert res.exit_code == 1
    assert "--opnieuw" in res.output and "Traceback" not in res.output
    res = runner.invoke(["demo", "--niet-starten", "--geen-download", "--opnieuw"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(["status"])
    assert res.exit_code == 0 and f"locatie: {aantal}" in res.output


def test_cli_demo_met_gemeentebestand(runner, shared_gemeenten):
    res = runner.invoke(["demo", "--niet-starten", "--gemeenten", str(shared_gemeenten)])
    assert res.exit_code == 0, res.output
    assert "ligging: " in res.output and "binnen" in res.output and "onbekend" not in res.output
    assert GEEN_GRENZEN not in res.output


# --------------------------------------------------------------------------- bad data


@pytest.fixture
def kopie(tmp_path) -> Path:
    map_ = tmp_path / "geodata"
    shutil.copytree(GEODATA, map_)
    return map_


def test_geodata_via_omgeving_en_ontbrekende_map(tmp_path, kopie, monkeypatch):
    monkeypatch.setenv(GEODATA_ENV, str(kopie))
    assert vind_geodata() == kopie
    (kopie / "biedingen.csv").unlink()
    with pytest.raises(ConfiguratieFout, match="biedingen.csv") as fout:
        vind_geodata()
    assert GEODATA_ENV in fout.value.melding
    monkeypatch.delenv(GEODATA_ENV)
    assert vind_geodata() == GEODATA


def test_fout_in_toewijzing_laadt_niets(tmp_path, kopie):
    regels = (kopie / "toewijzingen.csv").read_text("utf-8").splitlines()
    bron_id, gemeente, corporatie, _daeb, jaar = regels[1].split(";")
    regels[1] = ";".join([bron_id, gemeente, corporatie, "99999", jaar])
    regels[2] = regels[2].replace(regels[2].split(";")[2], "Onbekende Corporatie")
    (kopie / "toewijzingen.csv").write_text("\n".join(regels) + "\n", "utf-8")
    url = database_url(tmp_path)
    with pytest.raises(ValidatieFout) as fout:
        laad_demo(url, download=False, geodata=kopie)
    melding = fout.value.melding
    assert "toewijzingen.csv regel 3" in melding and "Onbekende Corporatie" in melding
    assert bron_id in melding and "meer DAEB-woningen toegewezen" in melding
    assert "niets geladen" in melding
    assert not Path(url.removeprefix("sqlite:///")).exists()


def test_onbekende_locatie_in_onttrekking_en_slechte_datum(kopie):
    with open(kopie / "onttrekkingen.csv", "a", encoding="utf-8") as f:
        f.write("GM0518;DH-999;;2025;10;sloop;x\n")
        f.write("GM9999;;;2025;abc;brand;x\n")
    with open(kopie / "biedingen.csv", "a", encoding="utf-8") as f:
        f.write("GM0518;extra;31-12-2023;100;x\n")
    with pytest.raises(ValidatieFout) as fout:
        lees_voorbeelddata(kopie)
    tekst = fout.value.melding
    assert "DH-999" in tekst and "GM9999" in tekst and "'abc'" in tekst
    assert "31-12-2023" in tekst and "biedingen.csv regel" in tekst


def test_geojson_met_verkeerde_crs_of_velden(kopie):
    data = json.loads((kopie / "locaties.geojson").read_text("utf-8"))
    data["crs"]["properties"]["name"] = "urn:ogc:def:crs:EPSG::3857"
    (kopie / "locaties.geojson").write_text(json.dumps(data), "utf-8")
    with pytest.raises(CrsFout, match="EPSG:28992"):
        lees_voorbeelddata(kopie)
    data["crs"]["properties"]["name"] = "urn:ogc:def:crs:EPSG::28992"
    data["features"][0]["properties"]["aantal"] = 5
    (kopie / "locaties.geojson").write_text(json.dumps(data), "utf-8")
    with pytest.raises(BestandFout, match="onbekend: aantal"):
        lees_voorbeelddata(kopie)


def test_geojson_die_een_vrt_is_wordt_niet_gevolgd(kopie):
    (kopie / "locaties.geojson").write_text(
        f'<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>{CBS_GEMEENTEN}'
        "</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>",
        "utf-8",
    )
    with pytest.raises(BestandFout, match="locaties.geojson"):
        lees_voorbeelddata(kopie)


# --------------------------------------------------------------------------- PostGIS


@pytest.mark.postgis
def test_demo_op_postgis_en_opnieuw_alleen_voor_sqlite(postgis_url, shared_gemeenten):
    rapport = laad_demo(postgis_url, gemeenten_pad=shared_gemeenten)
    assert rapport.liggingen == {"binnen": rapport.locaties}
    store = Store.open(postgis_url)
    try:
        opgegeven = _opgegeven_gemeente()
        assert {loc.bron_id: loc.gemeente for loc in store.locaties()} == opgegeven
        voor = store.tellingen()
    finally:
        store.sluit()
    with pytest.raises(ConfiguratieFout, match="alleen met een SQLite"):
        laad_demo(postgis_url, download=False, opnieuw=True)
    store = Store.open(postgis_url)
    try:
        assert store.tellingen() == voor
    finally:
        store.sluit()


def test_demo_heeft_kansen_en_knelpunten_per_gemeente(demo_zonder_grenzen):
    store, rapport = demo_zonder_grenzen
    casussen = store.casussen()
    assert rapport.casussen == len(casussen) >= 9
    assert {c.gemeente for c in casussen} == set(REGIO.codes)
    assert {c.soort for c in casussen} == {"kans", "knelpunt"}
    assert all(c.beschrijving.startswith("Fictief") for c in casussen)
    locaties = {loc.id: loc for loc in store.locaties()}
    for c in casussen:
        assert all(locaties[i].gemeente == c.gemeente for i in c.locaties), c.titel
    bijdragen = store.bijdragen([c.id for c in casussen])
    assert rapport.bijdragen == len(bijdragen)
    assert {b.partij for b in bijdragen} == {"gemeente", "corporatie", "provincie"}
    # the open opportunities add to the numbers: met kansen above hard + soft
    from locatieplanner import analyse

    regio = analyse.analyseer(store).als_dict()["regio"]
    assert regio["netto_met_kansen"] > regio["netto_totaal"]


def test_demo_heeft_een_agenda_en_herfaseringsscenarios(demo_zonder_grenzen):
    store, rapport = demo_zonder_grenzen
    for code in REGIO.codes:
        assert store.startoverleg(code) is not None, code
    punten = store.agendapunten()
    assert rapport.agendapunten == len(punten) == len(store.casussen())
    assert {p.gemeente for p in punten} == set(REGIO.codes)
    scenarios = store.scenarios()
    assert rapport.scenarios == len(scenarios) >= 1
    assert all(s.toelichting.startswith("Fictief") for s in scenarios)
    # each scenario is a real re-phasing: it makes its municipality's dip no deeper
    from locatieplanner.analyse.herfasering import vergelijk
    from locatieplanner.analyse.invoer import lees_invoer

    invoer = lees_invoer(store)
    for s in scenarios:
        h = vergelijk(invoer, s.stappen)
        assert h.dal_met[s.gemeente].diepte <= h.dal_zonder[s.gemeente].diepte, s.naam
