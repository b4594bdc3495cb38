"""Analysis on a small hand-checked region (tests/analyse_testdata.py): every expected number is
worked out by hand in the comments, not by calling the code under test."""

from __future__ import annotations

import json
from datetime import date

import jsonschema
import pandas as pd
import pytest
from analyse_testdata import REGIO, biedingen, corporaties, locaties, onttrekkingen, vul_store
from conftest import database_url
from shapely.geometry import Point, box

from locatieplanner import analyse
from locatieplanner.analyse.definities import afronden
from locatieplanner.domein.model import Gemeente, Locatie, Toewijzing
from locatieplanner.errors import ValidatieFout
from locatieplanner.store import Store

DATUM = date(2025, 6, 1)


@pytest.fixture(scope="module")
def teststore(tmp_path_factory):
    """The hand-checked region in a real SQLite file, once per module (the tests only read)."""
    s = Store.open(database_url(tmp_path_factory.mktemp("analyse")))
    vul_store(s)
    yield s
    s.sluit()


@pytest.fixture(scope="module")
def a(teststore):
    return analyse.analyseer(teststore, zacht_factor=0.7, datum=DATUM)


# --------------------------------------------------------------------------- per gemeente


def test_per_gemeente_met_de_hand(a):
    g = a.gemeenten
    assert list(g.index) == ["GM9001", "GM9002", "GM9003"]
    # GM9001: site 1 hard 2026, daeb 200 (Alfa); removal 150 sloop by Alfa in 2024.
    # Site 9 (no delivery year) and removal 4 (2019) do not count.
    w = g.loc["GM9001"]
    assert (w.daeb_hard, w.daeb_zacht, w.daeb_niet_toegewezen) == (200, 0, 0)
    assert (w.doelgroep_nieuw_hard, w.onttrekkingen, w.onttrekkingen_daeb) == (200, 150, 150)
    assert (w.netto_hard, w.netto_totaal, w.netto_daeb_hard) == (50, 50, 50)
    # newest bid 250 (aangescherpt), original 150; plans 200 -> 200 - 250 = -50
    assert (w.bod, w.bod_origineel, w.bod_versie) == (250, 150, "aangescherpt")
    assert (w.verschil_bod, w.verschil_bod_hard) == (-50, -50)
    # GM9002: site 2 hard (daeb 300 = Alfa 100 + Beta 150 + 50 unassigned, soc_huur 40,
    # goedk_koop 60), site 3 soft (daeb 100 Beta), site 4 hard (daeb 50 unassigned).
    m = g.loc["GM9002"]
    assert (m.daeb_hard, m.daeb_zacht, m.daeb_totaal) == (350, 100, 450)
    assert m.daeb_niet_toegewezen == 100  # 50 of site 2 + 50 of site 4
    # target group hard: 300 + 40 + 60 + 50 = 450; soft: 100
    assert (m.doelgroep_nieuw_hard, m.doelgroep_nieuw_zacht) == (450, 100)
    # removal 3: 30 liberalisatie by Beta in 2021
    assert (m.netto_hard, m.netto_totaal) == (450 - 30, 550 - 30)
    assert (m.netto_daeb_hard, m.netto_daeb_totaal) == (350 - 30, 450 - 30)
    assert (m.bod, m.bod_origineel, m.verschil_bod, m.verschil_bod_hard) == (500, 500, -50, -150)
    # all new build: site 2: 600, site 3: 400, site 4: 50
    assert (m.nieuwbouw_hard, m.nieuwbouw_totaal) == (650, 1050)
    assert m.sociaal_nieuw == 450 + 40  # daeb + soc_huur
    assert m.betaalbaar_nieuw == 490 + 60 + 100 + 100  # + goedk_koop + midden + bet_koop
    # GM9003: site 5 (straddling, 2/3 in GM9003) counts here in full: daeb 90 + goedk_koop 30;
    # site 6 delivers in 2032 and does not count; removal 2: 150 verkoop without corporation.
    o = g.loc["GM9003"]
    assert (o.daeb_hard, o.daeb_zacht, o.doelgroep_nieuw_hard) == (90, 0, 120)
    assert (o.onttrekkingen, o.onttrekkingen_daeb, o.onttrekkingen_uit_voorraad) == (150, 0, 0)
    assert (o.netto_hard, o.netto_totaal, o.netto_daeb_totaal) == (-30, -30, 90)
    assert pd.isna(o.bod) and pd.isna(o.verschil_bod)


def test_realistische_schatting_met_zacht_factor(a, teststore):
    g = a.gemeenten
    # only GM9002 has soft plans: 0.7 * 100 = 70 DAEB and 70 target group
    assert list(g["daeb_realistisch"]) == [200, 350 + 70, 90]
    assert list(g["netto_realistisch"]) == [50, 450 + 70 - 30, -30]
    zonder = analyse.analyseer(teststore)
    assert zonder.gemeenten["netto_realistisch"].isna().all()
    assert zonder.totalen["netto_realistisch"] is None
    assert zonder.totalen["tekort_realistisch"] is None


def test_regionale_voortgang_naar_het_doel(a):
    r = a.totalen
    assert r["doel_netto"] == 1000
    assert (r["daeb_hard"], r["daeb_zacht"], r["daeb_niet_toegewezen"]) == (640, 100, 100)
    # onttrekkingen: 150 + 30 + 150
    assert (r["onttrekkingen"], r["onttrekkingen_daeb"]) == (330, 180)
    # netto: target group 770 hard, 870 hard+soft, 840 realistic; minus 330
    assert (r["netto_hard"], r["netto_totaal"], r["netto_realistisch"]) == (440, 540, 510)
    assert (r["tekort_hard"], r["tekort_totaal"], r["tekort_realistisch"]) == (560, 460, 490)
    assert (r["netto_daeb_hard"], r["netto_daeb_totaal"]) == (460, 560)
    # bids: 250 + 500; original 150 + 500; difference only over municipalities with a bid
    assert (r["bod"], r["bod_origineel"], r["verschil_bod"], r["verschil_bod_hard"]) == (
        750,
        650,
        -100,
        -200,
    )


def test_per_corporatie_en_niet_toegewezen(a):
    c = a.corporaties
    assert list(c.index) == ["Alfa", "Beta"]
    # Alfa: site 1 (200) + site 2 (100), all hard; removal 1 (150)
    assert tuple(c.loc["Alfa", ["daeb_hard", "daeb_zacht", "onttrekkingen"]]) == (300, 0, 150)
    # Beta: site 2 (150) + site 5 (90) hard, site 3 (100) soft; removal 3 (30)
    assert tuple(c.loc["Beta", ["daeb_hard", "daeb_zacht", "onttrekkingen"]]) == (240, 100, 30)
    assert a.corporatie_details["Alfa"] == {
        "gemeenten": {"GM9001": 200, "GM9002": 100},
        "jaren": {2025: 100, 2026: 200},
    }
    assert a.corporatie_details["Beta"]["jaren"] == {2027: 150, 2029: 100, 2030: 90}


def test_per_jaar_met_gefaseerde_locatie(a):
    j = a.jaren
    assert list(j.index) == list(range(2021, 2031))
    # site 2 is phased: Alfa's 100 DAEB in 2025, the rest in 2027
    assert j.loc[2025, "daeb_hard"] == 100
    assert j.loc[2027, "daeb_hard"] == 200  # Beta 150 + 50 unassigned
    assert j.loc[2027, "doelgroep_nieuw_hard"] == 300  # + soc_huur 40 + goedk_koop 60
    assert j.loc[2029, "daeb_zacht"] == 100
    assert list(j["onttrekkingen"]) == [30, 150, 0, 150, 0, 0, 0, 0, 0, 0]
    assert list(j["netto_totaal_cumulatief"]) == [
        -30,
        -180,
        -180,
        -330,
        -230,
        -30,
        270,
        320,
        420,
        540,
    ]


# --------------------------------------------------------------------------- voorraad en dalingen


def test_doelgroepvoorraad_per_jaar(a):
    v = a.voorraad
    assert list(v.columns) == list(range(2020, 2031))
    # GM9001: 4000, sloop 150 in 2024, +200 in 2026
    assert list(v.loc["GM9001"]) == [4000] * 4 + [3850, 3850] + [4050] * 5
    # GM9002: 4000, -30 (2021), +100 (2025), +300 (2027), +50 (2028), +100 soft (2029)
    assert list(v.loc["GM9002"]) == [
        4000,
        3970,
        3970,
        3970,
        3970,
        4070,
        4070,
        4370,
        4420,
        4520,
        4520,
    ]
    assert list(a.voorraad_hard.loc["GM9002"])[-2:] == [4420, 4420]
    # GM9003: 500, verkoop 150 (2022), +120 (2030)
    assert list(v.loc["GM9003"]) == [500, 500] + [350] * 8 + [470]


def test_tijdelijke_daling_door_sloop_voor_nieuwbouw(a):
    d = a.dalingen[a.dalingen["scenario"] == "totaal"].set_index("gemeente")
    west = d.loc["GM9001"]
    assert (west.jaar, west.daling, west.diepte, west.herstel) == (2024, 150, 150, 2026)
    assert west.onttrekkingen == [
        {"id": 1, "soort": "sloop", "aantal": 150, "corporatie": "Alfa", "locatie": 1}
    ]
    # the replacement new build of site 1 comes two years after the demolition
    assert west.late_opleveringen == [
        {"locatie": 1, "jaar": 2026, "aantal": 200, "gekoppeld": True}
    ]
    midden = d.loc["GM9002"]
    assert (midden.jaar, midden.daling, midden.herstel) == (2021, 30, 2025)
    assert midden.late_opleveringen == [
        {"locatie": 2, "jaar": 2025, "aantal": 100, "gekoppeld": False}
    ]
    oost = d.loc["GM9003"]
    # 150 sold in 2022, only 120 back in 2030: not recovered within the period
    assert (oost.jaar, oost.daling, oost.diepte) == (2022, 150, 150)
    assert pd.isna(oost.herstel)


def test_diepte_telt_vanaf_het_hoogste_niveau():
    from locatieplanner.analyse.voorraad import tijdelijke_dalingen

    # changes +50, -30, -40, +100: levels 50, 20, -20, 80; the second fall (2023) is 40 from
    # 2022 but 70 below the highest level (50, in 2021); back above 50 in 2024
    mut = pd.DataFrame([[50, -30, -40, 100]], index=["GM9001"], columns=[2021, 2022, 2023, 2024])
    leeg = pd.DataFrame(
        columns=["locatie", "gemeente", "hardheid", "jaar", "segment", "corporatie", "aantal"]
    )
    ontt = pd.DataFrame(
        columns=["id", "gemeente", "jaar", "aantal", "soort", "corporatie", "locatie"]
    )
    d = tijdelijke_dalingen(mut, leeg, ontt)
    assert list(d["jaar"]) == [2022, 2023]
    assert list(d["daling"]) == [30, 40]
    assert list(d["diepte"]) == [30, 70]
    assert list(d["herstel"]) == [2024, 2024]


# --------------------------------------------------------------------------- toets en evenwicht


def test_aandeel_sociaal_en_provinciale_toets(a):
    g, t = a.gemeenten, a.toets
    # GM9001: start 4000/10000; end (4000 + 50) / (10000 + 300 new - 150 demolished)
    assert g.loc["GM9001", "aandeel_sociaal_start"] == pytest.approx(0.4)
    assert g.loc["GM9001", "aandeel_sociaal_eind"] == pytest.approx(4050 / 10150)
    # GM9002: (4000 + 520) / (20000 + 1050); hard only (4000 + 420) / (20000 + 650)
    assert g.loc["GM9002", "aandeel_sociaal_eind"] == pytest.approx(4520 / 21050)
    assert g.loc["GM9002", "aandeel_sociaal_eind_hard"] == pytest.approx(4420 / 20650)
    # GM9003: verkoop stays in the total stock: (500 - 30) / (5000 + 120)
    assert g.loc["GM9003", "aandeel_sociaal_eind"] == pytest.approx(470 / 5120)
    # new build GM9001: betaalbaar 250/300, sociaal 200/300
    assert t.loc["GM9001", "betaalbaar_aandeel"] == pytest.approx(250 / 300)
    assert t.loc["GM9001", "sociaal_aandeel"] == pytest.approx(200 / 300)
    assert t.loc["GM9002", "betaalbaar_aandeel"] == pytest.approx(750 / 1050)
    assert t.loc["GM9002", "sociaal_aandeel"] == pytest.approx(490 / 1050)
    assert t.loc["GM9001", "betaalbaar_voldoet"] and t.loc["GM9001", "sociaal_voldoet"]
    # GM9001 falls from 40% to 39.9% but stays above 30%: still fine
    assert (t.loc["GM9001", "voorraad_richting"], t.loc["GM9001", "voorraad_voldoet"]) == (
        "daalt",
        True,
    )
    assert (t.loc["GM9002", "voorraad_richting"], t.loc["GM9002", "voorraad_voldoet"]) == (
        "stijgt",
        True,
    )
    # GM9003: net -30 and share 10% -> 9.2%: no extra stock and no step
    assert t.loc["GM9003", "extra_doelgroep"] is False
    assert t.loc["GM9003", "stap"] is False
    assert t.loc["GM9003", "toelichting_nodig"] is True
    assert len(t.loc["GM9003", "redenen"]) == 2
    assert "netto groei (hard + zacht) is -30" in t.loc["GM9003", "redenen"][0]
    assert list(t["toelichting_nodig"]) == [False, False, True]


def test_drempels_zijn_instelbaar(teststore):
    strenger = analyse.Drempels(betaalbaar=0.9, sociaal=0.5, voorraad=0.45)
    t = analyse.provinciale_toets(teststore, drempels=strenger)
    # GM9001: 83.3% < 90% affordable; 66.7% >= 50% social; 39.9% < 45% and falling -> no step
    assert t.loc["GM9001", "betaalbaar_voldoet"] is False
    assert t.loc["GM9001", "sociaal_voldoet"] is True
    assert t.loc["GM9001", "toelichting_nodig"] is True
    # GM9002: 46.7% social < 50%
    assert t.loc["GM9002", "sociaal_voldoet"] is False


def test_drempels_en_factor_buiten_bereik_geven_nette_fout(teststore):
    with pytest.raises(ValidatieFout) as fout:
        analyse.Drempels(sociaal=1.5)
    assert "sociaal = 1.5" in fout.value.melding and "0 tot en met 1" in fout.value.melding
    with pytest.raises(ValidatieFout, match=r"zacht_factor = -0\.1: moet een getal van 0"):
        analyse.analyseer(teststore, zacht_factor=-0.1)
    with pytest.raises(
        ValidatieFout, match=r"peiljaar = 2031: moet een jaartal van 2021 tot en met 2030"
    ):
        analyse.analyseer(teststore, peiljaar=2031)


def test_meer_evenwicht_met_de_hand(a):
    e = a.evenwicht
    # start: D = (4000, 4000, 500), N = W - D = (6000, 16000, 4500); sums 8500 and 26500
    deel_start = [
        0.5 * abs(4000 / 8500 - 6000 / 26500),  # 0.1220866
        0.5 * abs(4000 / 8500 - 16000 / 26500),  # 0.0665927
        0.5 * abs(500 / 8500 - 4500 / 26500),  # 0.0554939
    ]
    # end: D = (4050, 4520, 470), W = (10150, 21050, 5120), N = (6100, 16530, 4650);
    # sums 9040 and 27280
    deel_eind = [
        0.5 * abs(4050 / 9040 - 6100 / 27280),  # 0.1122009
        0.5 * abs(4520 / 9040 - 16530 / 27280),  # 0.0529692
        0.5 * abs(470 / 9040 - 4650 / 27280),  # 0.0592317
    ]
    assert e.start == pytest.approx(sum(deel_start))  # 0.2441731
    assert e.eind == pytest.approx(sum(deel_eind))  # 0.2244018
    assert e.stap is True
    assert list(e.bijdragen["start"]) == pytest.approx(deel_start)
    verandering = [x - y for x, y in zip(deel_eind, deel_start, strict=True)]
    assert list(e.bijdragen["verandering"]) == pytest.approx(verandering)
    # Oosthoek (lowest share, losing target-group stock) makes the spread worse
    assert verandering[2] > 0 and e.bijdragen.loc["GM9003", "verandering"] > 0
    assert e.bijdragen["verandering"].sum() == pytest.approx(e.eind - e.start)


def test_peiljaar_beperkt_de_telling(teststore):
    a = analyse.analyseer(teststore, peiljaar=2025)
    # up to 2025 only Alfa's first phase of site 2 (100) is delivered
    assert a.totalen["daeb_hard"] == 100
    # removals 2021, 2022, 2024 count: 30 + 150 + 150
    assert a.totalen["onttrekkingen"] == 330
    assert a.totalen["netto_totaal"] == 100 - 330
    assert list(a.voorraad.columns) == list(range(2020, 2026))
    # GM9001's dip of 2024 has not recovered by 2025
    west = a.dalingen[(a.dalingen["gemeente"] == "GM9001") & (a.dalingen["scenario"] == "totaal")]
    assert list(west["jaar"]) == [2024] and pd.isna(west["herstel"].iloc[0])


# --------------------------------------------------------------------------- signalen


def _signalen(a, soort):
    return [s for s in a.signalen if s.soort == soort]


def test_signalen_over_datakwaliteit(a):
    soorten = {s.soort for s in a.signalen}
    assert {
        "zonder_gemeente",
        "buiten_regio",
        "grens",
        "overlap",
        "daeb_zonder_corporatie",
    } <= soorten
    assert [s.locaties for s in _signalen(a, "zonder_gemeente")] == [[8]]
    assert [s.locaties for s in _signalen(a, "buiten_regio")] == [[7]]
    (grens,) = _signalen(a, "grens")
    assert grens.locaties == [5] and grens.gemeente == "GM9003"
    # 200 of 600 m in GM9002, 400 of 600 m in GM9003
    assert grens.aandelen == pytest.approx({"GM9003": 2 / 3, "GM9002": 1 / 3}, abs=1e-4)
    assert "67% in GM9003, 33% in GM9002" in grens.melding
    (overlap,) = _signalen(a, "overlap")
    assert overlap.locaties == [3, 4]
    assert overlap.oppervlakte_m2 == pytest.approx(100 * 100)
    assert "10.000 m²" in overlap.melding
    zonder_corp = {s.locaties[0]: s.aantal for s in _signalen(a, "daeb_zonder_corporatie")}
    assert zonder_corp == {2: 50, 4: 50, 6: 80, 7: 40, 8: 10, 9: 20}
    (na,) = _signalen(a, "oplevering_na_periode")
    assert (na.locaties, na.aantal) == ([6], 80) and "2032" in na.melding
    (geen_jaar,) = _signalen(a, "geen_oplevering")
    assert (geen_jaar.locaties, geen_jaar.aantal) == ([9], 20)
    assert [s.gemeente for s in _signalen(a, "geen_bod")] == ["GM9003"]
    (werk,) = _signalen(a, "buiten_werkgebied")
    assert werk.locaties == [5] and "Beta" in werk.melding
    (oud,) = _signalen(a, "onttrekking_buiten_periode")
    assert (oud.onttrekking, oud.aantal) == (4, 10)
    assert _signalen(a, "toewijzing_te_groot") == []
    assert _signalen(a, "startvoorraad_ontbreekt") == []
    ernst = [s.ernst for s in a.signalen]
    assert ernst == sorted(ernst, key=["fout", "waarschuwing", "info"].index)


def test_signalen_die_de_store_niet_toelaat():
    """Assignments over the count (old or imported data), missing stocks, a point on a site,
    a delivery before the period, and a start stock of another year."""
    gemeenten = [
        Gemeente("GM9001", "Westdorp", box(80000, 450000, 82000, 452000), 10000, 4000, 2018),
        Gemeente("GM9002", "Middenstad", box(82000, 450000, 84000, 452000), None, None, None),
    ]
    locs = [
        Locatie(
            "Te veel",
            box(80100, 450100, 80500, 450500),
            "1A",
            gemeente="GM9001",
            ligging="binnen",
            daeb=100,
            oplevering=2019,
            toewijzingen=[Toewijzing("Alfa", 80), Toewijzing("Beta", 50)],
            id=1,
        ),
        Locatie("Punt erin", Point(80200, 450200), "3", gemeente="GM9001", ligging="binnen", id=2),
    ]
    invoer = analyse.maak_invoer(REGIO, gemeenten, locs)
    a = analyse.bereken(invoer)
    (te_groot,) = _signalen(a, "toewijzing_te_groot")
    assert (te_groot.locaties, te_groot.aantal) == ([1], 30)  # 80 + 50 - 100
    (voor,) = _signalen(a, "oplevering_voor_periode")
    assert (voor.locaties, voor.aantal) == ([1], 130)  # the assignments count as given
    (punt,) = _signalen(a, "overlap")
    assert punt.locaties == [1, 2] and punt.oppervlakte_m2 == 0
    ontbreekt = _signalen(a, "startvoorraad_ontbreekt")
    assert {s.gemeente for s in ontbreekt} == {"GM9002", "GM9003"}
    assert "woningen, doelgroep" in ontbreekt[0].melding
    (peil,) = _signalen(a, "peiljaar_startvoorraad")
    assert peil.gemeente == "GM9001" and "2018" in peil.melding
    # without start stock the series and shares are unknown, the index leaves them out
    assert a.voorraad.loc["GM9002"].isna().all()
    assert a.gemeenten.loc["GM9002", "aandeel_sociaal_start"] is None
    assert a.toets.loc["GM9002", "toelichting_nodig"] is True
    d = a.als_dict()
    assert d["regio"]["doelgroepvoorraad"]["2030"] is None
    jsonschema.validate(d, analyse.laad_schema())


def test_afronden_half_naar_boven():
    assert afronden(0.7 * 5) == 4  # 3.4999999999999996 in floating point
    assert afronden(2.5) == 3
    assert afronden(0.7 * 100) == 70
    assert afronden(-2.5) == -3
    assert afronden(2.49) == 2


# --------------------------------------------------------------------------- JSON


def test_json_heeft_de_vaste_sleutels_en_valideert(a):
    d = json.loads(analyse.als_json(a))
    jsonschema.Draft202012Validator.check_schema(analyse.laad_schema())
    jsonschema.validate(d, analyse.laad_schema(), cls=jsonschema.Draft202012Validator)
    assert d["datum"] == "2025-06-01" and d["peiljaar"] == 2030 and d["zacht_factor"] == 0.7
    r = d["regio"]
    for k in (
        "doel_netto",
        "daeb_hard",
        "daeb_zacht",
        "onttrekkingen",
        "netto_hard",
        "netto_totaal",
        "tekort_hard",
        "tekort_totaal",
    ):
        assert type(r[k]) is int, k
    assert type(r["evenwicht_start"]) is float and type(r["evenwicht_eind"]) is float
    assert r["doelgroepvoorraad"]["2020"] == 4000 + 4000 + 500
    assert r["gemeenten_toelichting_nodig"] == ["GM9003"]
    west = d["gemeenten"][0]
    for k in (
        "gemeente",
        "naam",
        "bod",
        "daeb_hard",
        "daeb_zacht",
        "daeb_niet_toegewezen",
        "onttrekkingen",
        "netto_hard",
        "netto_totaal",
        "verschil_bod",
        "doelgroepvoorraad",
        "tijdelijke_daling",
        "aandeel_sociaal_start",
        "aandeel_sociaal_eind",
        "toets",
    ):
        assert k in west, k
    assert set(west["toets"]) >= {"betaalbaar", "sociaal", "voorraad_30"}
    assert west["tijdelijke_daling"][0]["jaar"] == 2024
    assert west["tijdelijke_daling"][0]["daling"] == 150
    assert west["tijdelijke_daling"][0]["herstel"] == 2026
    assert west["doelgroepvoorraad"]["2024"] == 3850
    assert type(west["doelgroepvoorraad"]["2024"]) is int
    assert [c["corporatie"] for c in d["corporaties"]] == ["Alfa", "Beta"]
    assert d["corporaties"][1]["jaren"] == {"2027": 150, "2029": 100, "2030": 90}
    assert [j["jaar"] for j in d["jaren"]] == list(range(2021, 2031))


def test_schema_weigert_afwijkende_uitvoer(a):
    d = a.als_dict()
    d["regio"]["daeb_hard"] = 640.5
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(d, analyse.laad_schema())
    d = a.als_dict()
    del d["gemeenten"][0]["toets"]["voorraad_30"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(d, analyse.laad_schema())


def test_store_functies_geven_dezelfde_cijfers(teststore):
    direct = analyse.bereken(
        analyse.maak_invoer(
            REGIO,
            teststore.gemeenten(),
            teststore.locaties(),
            onttrekkingen=teststore.onttrekkingen(),
            biedingen=teststore.biedingen(),
            corporaties=corporaties(),
        ),
        datum=DATUM,
    )
    assert direct.als_dict() == analyse.analyseer(teststore, datum=DATUM).als_dict()
    pd.testing.assert_frame_equal(analyse.per_gemeente(teststore), direct.gemeenten)
    pd.testing.assert_frame_equal(analyse.per_jaar(teststore), direct.jaren)
    assert analyse.meer_evenwicht(teststore).start == direct.evenwicht.start
    assert len(analyse.signalen(teststore)) == len(direct.signalen)
    assert len(locaties()) == 9 and len(onttrekkingen()) == 4 and len(biedingen()) == 3
