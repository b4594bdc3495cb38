"""Frozen states at a reference date: complete, read-only, shared geometry, comparison, rights."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from shapely.geometry import box

from locatieplanner import analyse
from locatieplanner.analyse.invoer import lees_invoer
from locatieplanner.cli import main
from locatieplanner.domein.model import Locatie
from locatieplanner.domein.rechten import Account
from locatieplanner.errors import Conflict, GeenToegang, NietGevonden, ValidatieFout
from locatieplanner.store import Store
from tests.analyse_testdata import vul_store
from tests.conftest import database_url

DATUM = date(2021, 12, 15)


@pytest.fixture
def url(tmp_path):
    u = database_url(tmp_path)
    s = Store.open(u)
    vul_store(s)
    s.sluit()
    return u


@pytest.fixture
def store(url):
    s = Store.open(url)
    yield s
    s.sluit()


def _id(store, naam):
    return next(loc.id for loc in store.locaties() if loc.naam == naam)


def _wijzig_plan(store):
    """Add one site, delete one, make a soft one hard: the changes the comparison must list."""
    nieuw = store.voeg_locatie_toe(
        Locatie(
            naam="Nieuw na peildatum",
            geometry=box(81000, 451000, 81100, 451100),
            status="1A",
            daeb=70,
            oplevering=2027,
        )
    )
    weg = store.locatie(_id(store, "Overlap Midden"))
    store.verwijder_locatie(weg.id, weg.versie)
    zacht = store.locatie(_id(store, "Zacht Midden"))
    store.wijzig_locatie(zacht.id, {"status": "1B"}, zacht.versie)
    return nieuw, weg, zacht


def test_stand_leest_als_de_store(store):
    stand = analyse.leg_peildatum_vast(store, "December", DATUM, "eerste ronde")
    assert stand.locaties() == store.locaties()
    assert stand.onttrekkingen() == store.onttrekkingen()
    assert stand.biedingen() == store.biedingen()
    assert stand.gemeenten() == store.gemeenten()
    assert stand.corporaties() == store.corporaties()
    assert stand.regio() == store.regio()
    # the stored analysis is the analysis of that moment, dated at the reference date
    assert stand.analyse == analyse.analyseer(store, datum=DATUM).als_dict()
    assert stand.analyse["datum"] == "2021-12-15"
    assert [s["naam"] for s in store.peildata()] == ["December"]
    assert store.peildata()[0]["aantallen"]["locatie"] == len(store.locaties())


def test_stand_verandert_niet_als_het_plan_verandert(store):
    analyse.leg_peildatum_vast(store, "December", DATUM)
    voor = store.peilstand("December")
    rapport_voor = json.dumps(analyse.analyseer(voor, datum=voor.datum).als_dict())
    _wijzig_plan(store)
    na = store.peilstand("December")
    assert json.dumps(analyse.analyseer(na, datum=na.datum).als_dict()) == rapport_voor
    assert na.analyse == voor.analyse
    assert na.locaties() == voor.locaties()
    # ... while the live data did change
    assert analyse.analyseer(store, datum=DATUM).als_dict() != json.loads(rapport_voor)


def test_geometrie_eenmaal_bewaard(store):
    analyse.leg_peildatum_vast(store, "Eerste", DATUM)
    analyse.leg_peildatum_vast(store, "Tweede", date(2022, 6, 1))
    log = [w for w in store.geschiedenis("peilstand") if w["actie"] == "vastgelegd"]
    eerste, tweede = (w["nieuw"] for w in log)
    # 9 sites and 4 municipalities with a boundary the first time; nothing new the second time
    assert eerste["nieuwe_geometrieen"] == len(store.locaties()) + 4
    assert tweede["nieuwe_geometrieen"] == 0
    nieuw, _, _ = _wijzig_plan(store)
    analyse.leg_peildatum_vast(store, "Derde", date(2022, 12, 1))
    derde = [w for w in store.geschiedenis("peilstand") if w["actie"] == "vastgelegd"][-1]
    assert derde["nieuw"]["nieuwe_geometrieen"] == 1  # only the added site
    # deleting a state keeps the geometries the others still use
    store.verwijder_peildatum("Eerste")
    assert store.peilstand("Tweede").locaties()[0].geometry is not None
    assert [s["naam"] for s in store.peildata()] == ["Derde", "Tweede"]


def test_vergelijking_noemt_precies_de_wijzigingen(store):
    analyse.leg_peildatum_vast(store, "December", DATUM)
    nieuw, weg, zacht = _wijzig_plan(store)
    analyse.leg_peildatum_vast(store, "Juni", date(2022, 6, 1))
    v = analyse.vergelijk_peildata(store, "December", "Juni")
    assert [r["id"] for r in v.toegevoegd] == [nieuw.id]
    assert v.toegevoegd[0]["gemeente"] == "GM9001"
    assert [r["id"] for r in v.verwijderd] == [weg.id]
    assert [(r["id"], r["hardheid_voor"], r["hardheid_na"]) for r in v.hardheid] == [
        (zacht.id, "zacht", "hard")
    ]
    per_gemeente = {r["gemeente"]: (r["voor"], r["na"], r["verschil"]) for r in v.gemeenten}
    # Westdorp +70 (new site); Middenstad -50 (the deleted site's unassigned DAEB)
    assert per_gemeente["GM9001"][2] == 70
    assert per_gemeente["GM9002"][2] == -50
    assert per_gemeente["GM9003"][2] == 0
    # no corporation changed: the new site is unassigned, the deleted one was too
    assert all(r["verschil"] == 0 for r in v.corporaties)
    # the same comparison against the live data
    nu = analyse.vergelijk_peildata(store, "December")
    assert nu.na == "nu" and nu.toegevoegd == v.toegevoegd
    # a state compared with itself: nothing
    assert analyse.vergelijk_peildata(store, "Juni", "Juni").leeg


def test_fouten(store):
    analyse.leg_peildatum_vast(store, "December", DATUM)
    with pytest.raises(Conflict, match="bestaat al"):
        analyse.leg_peildatum_vast(store, "December", DATUM)
    with pytest.raises(ValidatieFout, match="naam"):
        analyse.leg_peildatum_vast(store, "  ", DATUM)
    with pytest.raises(NietGevonden, match="vastgelegd zijn 'December'"):
        store.peilstand("Januari")


def test_rechten(store):
    gemeente = store.als(Account("gem", "gemeente", ("GM9001",)))
    with pytest.raises(GeenToegang, match="peildatum vastleggen"):
        analyse.leg_peildatum_vast(gemeente, "Van de gemeente", DATUM)
    provincie = store.als(Account("prov", "provincie"))
    analyse.leg_peildatum_vast(provincie, "Van de provincie", DATUM)
    assert store.peildata()[0]["door"] == "prov"
    with pytest.raises(GeenToegang, match="peildatum verwijderen"):
        provincie.verwijder_peildatum("Van de provincie")
    store.verwijder_peildatum("Van de provincie")
    assert store.peildata() == []


def test_cli(url, tmp_path):
    runner = CliRunner()

    def lp(*args):
        return runner.invoke(main, ["--database", url, *args])

    r = lp(
        "peildatum", "vastleggen", "--datum", "2021-12-15", "--naam", "Bestuurlijke Tafel december"
    )
    assert r.exit_code == 0, r.output
    assert "Peildatum 'Bestuurlijke Tafel december' (15-12-2021) vastgelegd: 9 locaties" in r.output
    r = lp("peildatum", "lijst")
    assert "15-12-2021  Bestuurlijke Tafel december" in r.output
    s = Store.open(url)
    _wijzig_plan(s)
    s.sluit()
    r = lp("analyse", "--formaat", "json", "--peildatum", "Bestuurlijke Tafel december")
    assert r.exit_code == 0, r.output
    bevroren = json.loads(r.output)
    assert bevroren["datum"] == "2021-12-15"
    assert (
        bevroren["regio"]["daeb_totaal"]
        != json.loads(lp("analyse", "--formaat", "json").output)["regio"]["daeb_totaal"]
    )
    r = lp("peildatum", "vergelijk", "Bestuurlijke Tafel december")
    assert r.exit_code == 0, r.output
    assert "Nieuw na peildatum" in r.output and "Toegevoegd:" in r.output
    pad = tmp_path / "vergelijking.xlsx"
    r = lp(
        "peildatum",
        "vergelijk",
        "Bestuurlijke Tafel december",
        "--formaat",
        "xlsx",
        "--uitvoer",
        str(pad),
    )
    assert r.exit_code == 0, r.output
    from openpyxl import load_workbook

    boek = load_workbook(pad)
    assert boek.sheetnames == [
        "Toegevoegd",
        "Verwijderd",
        "Hard of zacht",
        "DAEB per gemeente",
        "DAEB per corporatie",
    ]
    assert boek["Toegevoegd"]["B2"].value == "Nieuw na peildatum"
    r = lp("peildatum", "vergelijk", "Bestaat niet")
    assert r.exit_code != 0 and "bestaat niet" in r.output
    r = lp("peildatum", "verwijder", "Bestuurlijke Tafel december")
    assert r.exit_code == 0, r.output


def test_postgis(postgis_url):
    s = Store.open(postgis_url)
    vul_store(s)
    stand = analyse.leg_peildatum_vast(s, "December", DATUM)
    assert stand.locaties() == s.locaties()
    assert s.peilstand("December").gemeenten() == s.gemeenten()
    assert lees_invoer(stand).locaties["id"].tolist() == lees_invoer(s).locaties["id"].tolist()
    s.sluit()


def test_eerdere_namen_bevroren(store):
    alfa = next(c for c in store.corporaties() if c.naam == "Alfa")
    store.wijzig_corporatie(alfa.id, {"naam": "Alfa Wonen"}, alfa.versie)
    stand = analyse.leg_peildatum_vast(store, "Na hernoemen", DATUM)
    assert stand.corporaties() == store.corporaties()
    assert next(c for c in stand.corporaties() if c.naam == "Alfa Wonen").eerdere_namen == ["Alfa"]
