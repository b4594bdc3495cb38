"""Frozen states at a reference date: complete, read-only, shared geometry, comparison, rights."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from shapely.geometry import box
from sqlalchemy import select

from locatieplanner import analyse
from locatieplanner.analyse.invoer import lees_invoer
from locatieplanner.cli import main
from locatieplanner.domein.casus import Casus
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


def _voeg_toe(store, naam):
    """A new hard site of 70 DAEB dwellings in Westdorp."""
    return store.voeg_locatie_toe(
        Locatie(
            naam=naam,
            geometry=box(81000, 451000, 81100, 451100),
            status="1A",
            daeb=70,
            oplevering=2027,
        )
    )


def _wijzig_plan(store):
    """Add one site, delete one, make a soft one hard: the changes the comparison must list."""
    nieuw = _voeg_toe(store, "Nieuw na peildatum")
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


def _casus(store, titel, status="open", gemeente="GM9002", soort="knelpunt"):
    return store.voeg_casus_toe(Casus(gemeente, soort, titel, "grondpositie", status=status))


def _wijzig_casussen(store):
    """Before: cases in every kind of status. After the freeze: one opened (new), one reopened,
    one solved, one dropped, one deleted; two status moves that are neither (open -> in
    gesprek, opgelost -> vervallen) and one untouched. Returns (opened, solved) as the comparison
    must list them: (id, status before, status after, what happened)."""
    opgelost = _casus(store, "Grond Middenstad")
    vervalt = _casus(store, "Stikstof Middenstad", "in gesprek")
    weg = _casus(store, "Parkeernorm Westdorp", gemeente="GM9001")
    heropend = _casus(store, "Kans Oosthoek", "opgelost", "GM9003", "kans")
    in_gesprek = _casus(store, "Netcongestie", "open")
    afgesloten = _casus(store, "Afgesloten", "opgelost")
    _casus(store, "Ongewijzigd", "in gesprek")
    analyse.leg_peildatum_vast(store, "December", DATUM)

    def zet(c, status):
        store.wijzig_casus(c.id, {"status": status}, store.casus(c.id).versie)

    nieuw = _casus(store, "Nieuwe kans Westdorp", gemeente="GM9001", soort="kans")
    zet(opgelost, "opgelost")
    zet(vervalt, "vervallen")
    store.verwijder_casus(weg.id, weg.versie)
    zet(heropend, "in gesprek")
    zet(in_gesprek, "in gesprek")
    zet(afgesloten, "vervallen")
    geopend = [
        (nieuw.id, None, "open", "nieuw"),
        (heropend.id, "opgelost", "in gesprek", "heropend"),
    ]
    klaar = [
        (weg.id, "open", None, "verwijderd"),
        (opgelost.id, "open", "opgelost", "opgelost"),
        (vervalt.id, "in gesprek", "vervallen", "vervallen"),
    ]
    return geopend, klaar


def _kort(rijen):
    return [(r["id"], r["status_voor"], r["status_na"], r["wijziging"]) for r in rijen]


def test_vergelijking_noemt_geopende_en_opgeloste_casussen(store):
    geopend, opgelost = _wijzig_casussen(store)
    analyse.leg_peildatum_vast(store, "Juni", date(2022, 6, 1))
    for na in ("Juni", None):  # a later frozen state, and the live data
        v = analyse.vergelijk_peildata(store, "December", na)
        # by municipality, then id: Westdorp (GM9001), Middenstad (GM9002), Oosthoek (GM9003)
        assert _kort(v.casussen_geopend) == geopend
        assert _kort(v.casussen_opgelost) == opgelost
        assert not v.leeg
        # only cases changed: no site changed
        assert not (v.toegevoegd or v.verwijderd or v.hardheid)
    nieuw = v.casussen_geopend[0]
    assert {k: nieuw[k] for k in ("titel", "gemeente", "gemeentenaam", "soort", "categorie")} == {
        "titel": "Nieuwe kans Westdorp",
        "gemeente": "GM9001",
        "gemeentenaam": "Westdorp",
        "soort": "kans",
        "categorie": "grondpositie",
    }
    assert v.casussen_opgelost[0]["titel"] == "Parkeernorm Westdorp"  # as it was frozen
    d = v.als_dict()
    assert d["casussen_geopend"] == v.casussen_geopend
    assert d["casussen_opgelost"] == v.casussen_opgelost
    json.dumps(d)
    # the regional progress report lists them under "changes since the previous date"
    from html import unescape

    from locatieplanner.weergave.documenten import regiorapport_html, regiorapport_van

    html = unescape(regiorapport_html(regiorapport_van(store, vergelijking=v)))
    veranderingen = html.split('id="h-veranderingen"')[1]
    assert "kansen en knelpunten: 2 geopend, 3 opgelost." in veranderingen
    for titel in ("Nieuwe kans Westdorp", "Kans Oosthoek", "Parkeernorm Westdorp"):
        assert titel in veranderingen
    assert "Netcongestie" not in veranderingen and "Ongewijzigd" not in veranderingen
    # the other way round: what was opened is now gone or closed, and so on
    terug = analyse.vergelijk_peildata(store, "Juni", "December")
    assert {r["id"] for r in terug.casussen_opgelost} == {g[0] for g in geopend}
    assert {r["id"] for r in terug.casussen_geopend} == {o[0] for o in opgelost}
    # a state compared with itself: nothing
    assert analyse.vergelijk_peildata(store, "December", "December").leeg


def test_cli_vergelijking_met_casussen(url, tmp_path):
    s = Store.open(url)
    geopend, opgelost = _wijzig_casussen(s)
    s.sluit()
    runner = CliRunner()
    r = runner.invoke(main, ["--database", url, "peildatum", "vergelijk", "December"])
    assert r.exit_code == 0, r.output
    tekst = r.output
    blok_open = tekst.split("Casussen geopend:")[1].split("Casussen opgelost:")[0]
    blok_klaar = tekst.split("Casussen opgelost:")[1]
    for titel in ("Nieuwe kans Westdorp", "Kans Oosthoek"):
        assert titel in blok_open
    for titel in ("Parkeernorm Westdorp", "Grond Middenstad", "Stikstof Middenstad"):
        assert titel in blok_klaar
    for titel in ("Netcongestie", "Afgesloten", "Ongewijzigd"):
        assert titel not in tekst
    assert "Kans of knelpunt" in blok_open and "Status voor" in blok_open
    pad = tmp_path / "v.xlsx"
    r = runner.invoke(
        main,
        ["--database", url, "peildatum", "vergelijk", "December", "--formaat", "xlsx"]
        + ["--uitvoer", str(pad)],
    )
    assert r.exit_code == 0, r.output
    from openpyxl import load_workbook

    boek = load_workbook(pad)
    for blad, verwacht in (("Casussen geopend", geopend), ("Casussen opgelost", opgelost)):
        rijen = list(boek[blad].values)
        koppen = rijen[0]
        assert koppen[:3] == ("Nummer", "Casus", "Gemeente")
        assert koppen[3:5] == ("Kans of knelpunt", "Categorie")
        assert koppen[5:] == ("Status voor", "Status na", "Wijziging")
        assert "_" not in "".join(koppen)  # readable Dutch headers, no field names
        assert [(x[0], x[5], x[6], x[7]) for x in rijen[1:]] == [
            (i, voor or "–", na or "–", wat) for i, voor, na, wat in verwacht
        ]
        assert boek[blad].freeze_panes == "A2" and boek[blad].auto_filter.ref
    assert boek["Casussen geopend"]["C2"].value == "Westdorp"


def test_wijziging_tijdens_de_analyse_wordt_mee_vastgelegd(store):
    """The analysis runs on a snapshot without the write lock (another writer can go on); when
    the data changed meanwhile, the state holds the data at the moment of writing and the
    analysis of exactly that."""
    aanroepen = []

    def bereken(stand):
        aanroepen.append(len(stand.locaties()))
        if len(aanroepen) == 1:  # a change while the first analysis runs: not blocked
            _voeg_toe(store, "Tijdens de analyse")
        return analyse.bereken(lees_invoer(stand), datum=stand.datum).als_dict()

    aantal = len(store.locaties())
    stand = store.leg_peildatum_vast("December", DATUM, bereken)
    assert aanroepen == [aantal, aantal + 1]
    gelezen = store.peilstand("December")
    assert gelezen.locaties() == store.locaties() == stand.locaties()
    assert "Tijdens de analyse" in [x.naam for x in gelezen.locaties()]
    assert gelezen.analyse == analyse.analyseer(store, datum=DATUM).als_dict()
    # without a change the analysis runs once
    aanroepen.clear()
    store.leg_peildatum_vast("Januari", date(2022, 1, 15), lambda s: aanroepen.append(1) or {})
    assert aanroepen == [1]


def test_eerdere_vorm_van_de_tabellen_leest_hetzelfde(store):
    """States frozen by an earlier version hold each table as a list of objects (times with
    their offset); they read as before."""
    import zlib

    from sqlalchemy import update

    from locatieplanner.store import schema as t

    analyse.leg_peildatum_vast(store, "December", DATUM)
    stand = store.peilstand("December")
    with store._db.schrijven() as conn:
        for r in conn.execute(select(t.peilstand_tabel.c.tabel, t.peilstand_tabel.c.inhoud)):
            nieuw = json.loads(zlib.decompress(r.inhoud))
            oud = [dict(zip(nieuw["kolommen"], x, strict=True)) for x in nieuw["rijen"]]
            for x in oud:
                for k, v in x.items():
                    if isinstance(v, str) and len(v) == 26 and v[10] == " ":  # a time
                        x[k] = v.replace(" ", "T") + "+00:00"
            conn.execute(
                update(t.peilstand_tabel)
                .where(t.peilstand_tabel.c.tabel == r.tabel)
                .values(inhoud=zlib.compress(json.dumps(oud).encode()))
            )
    oud = store.peilstand("December")
    assert oud.rijen == stand.rijen
    assert oud.locaties() == store.locaties()
    store.verwijder_peildatum("December")  # finds the geometries in use in either form
    assert store.peildata() == []


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
        "Casussen geopend",
        "Casussen opgelost",
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
