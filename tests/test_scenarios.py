"""Saved re-phasing scenarios (5b question 4): the store (versions, audit log, rights) and applying
them to the plan, on the hand-checked region of tests/analyse_testdata.py, on SQLite and on the
PostGIS server of the fixtures.

By hand (see tests/test_herfasering.py): Westdorp GM9001 dips 150 deep in 2024-2025 because
removal 1 (150 sloop by Alfa) comes in 2024 and its replacement, site 1 "Sloop-nieuwbouw West"
(200 DAEB assigned to Alfa without a year of its own, plus 50 midden and 50 overig), in 2026.
Moving the removal to 2026 removes the dip; so does bringing Alfa's 200 DAEB forward to 2024.
"""

from __future__ import annotations

import pytest

from locatieplanner.analyse import analyseer
from locatieplanner.analyse.herfasering import vergelijk
from locatieplanner.analyse.invoer import lees_invoer
from locatieplanner.domein.casus import Casus
from locatieplanner.domein.model import Toewijzing
from locatieplanner.domein.rechten import Account
from locatieplanner.domein.scenario import Scenario, Stap, valideer_scenario
from locatieplanner.errors import Conflict, GeenToegang, ValidatieFout
from locatieplanner.store import Store
from tests.analyse_testdata import vul_store
from tests.conftest import database_url

WESTDORP = Account("westdorp", "gemeente", gemeenten=("GM9001",))
MIDDENSTAD = Account("middenstad", "gemeente", gemeenten=("GM9002",))
ALFA = Account("alfa", "corporatie", corporatie="Alfa")
BETA = Account("beta", "corporatie", corporatie="Beta")
PROVINCIE = Account("pzh", "provincie")

SLOOP = 1  # removal 1: GM9001, 2024, 150 sloop, Alfa
WEST = 1  # site 1: "Sloop-nieuwbouw West", GM9001


@pytest.fixture(params=["sqlite", "postgis"])
def store(request, tmp_path):
    url = (
        database_url(tmp_path)
        if request.param == "sqlite"
        else request.getfixturevalue("postgis_url")
    )
    s = Store.open(url)
    vul_store(s)
    yield s
    s.sluit()


def _stand(store: Store):
    return store.tellingen(), len(store.geschiedenis()), store.onttrekkingen(), store.locaties()


def _scenario(**kw) -> Scenario:
    basis = dict(
        naam="Sloop na oplevering",
        gemeente="GM9001",
        stappen=[Stap("onttrekking_verschuiven", SLOOP, jaar=2026)],
        toelichting="Eerst bouwen, dan slopen",
    )
    basis.update(kw)
    return Scenario(**basis)


def _dalen(store: Store) -> set[str]:
    d = analyseer(store).dalingen
    return set(d.loc[d["scenario"] == "totaal", "gemeente"])


def test_sloop_later_toepassen_haalt_het_dal_van_westdorp_weg(store):
    assert "GM9001" in _dalen(store)
    w = store.als(WESTDORP)
    sc = w.voeg_scenario_toe(_scenario())
    assert (sc.versie, sc.status, sc.auteur) == (1, "concept", "westdorp")
    assert sc.doelversies == {"onttrekking:1": 1}
    assert store.scenario(sc.id) == sc
    toegepast = w.pas_scenario_toe(sc.id, 1)
    assert (toegepast.status, toegepast.versie) == ("toegepast", 2)
    assert toegepast.toegepast is not None
    sloop = store.onttrekking(SLOOP)
    assert (sloop.jaar, sloop.versie) == (2026, 2)
    assert "GM9001" not in _dalen(store)
    regels = store.geschiedenis("onttrekking", SLOOP)
    assert regels[-1]["gebruiker"] == "westdorp"
    assert (regels[-1]["oud"]["jaar"], regels[-1]["nieuw"]["jaar"]) == (2024, 2026)
    acties = [
        (r["actie"], (r["nieuw"] or {}).get("status")) for r in store.geschiedenis("scenario")
    ]
    assert acties == [("toegevoegd", "concept"), ("gewijzigd", "toegepast")]


def test_toepassen_geeft_de_curve_van_de_vergelijking(store):
    """All three kinds of step at once: after applying, the plan's own curve is the scenario's
    curve of :func:`vergelijk` (the store and the computation count the steps alike)."""
    stappen = [
        Stap("onttrekking_verschuiven", SLOOP, jaar=2025),
        Stap("oplevering_splitsen", WEST, verdeling=((2024, 150), (2025, 50)), corporatie="Alfa"),
        Stap("oplevering_verschuiven", 2, jaar=2026, corporatie="Beta"),
    ]
    verwacht = vergelijk(lees_invoer(store), stappen)
    sc = store.voeg_scenario_toe(_scenario(stappen=stappen[:2]))
    store.pas_scenario_toe(sc.id, sc.versie)
    sc2 = store.voeg_scenario_toe(_scenario(gemeente="GM9002", stappen=stappen[2:]))
    store.pas_scenario_toe(sc2.id, sc2.versie)
    na = vergelijk(lees_invoer(store), [])
    assert na.voorraad_zonder.equals(verwacht.voorraad_met)
    assert na.dal_zonder == verwacht.dal_met
    west = store.locatie(WEST)
    assert sorted((t.corporatie, t.daeb, t.oplevering) for t in west.toewijzingen) == [
        ("Alfa", 50, 2025),
        ("Alfa", 150, 2024),
    ]
    assert west.oplevering == 2026  # midden and overig stay in 2026
    midden = store.locatie(2)
    assert sorted((t.corporatie, t.daeb, t.oplevering) for t in midden.toewijzingen) == [
        ("Alfa", 100, 2025),
        ("Beta", 150, 2026),
    ]


def test_verouderde_versie_conflict_en_niets_veranderd(store):
    sc = store.voeg_scenario_toe(_scenario())
    store.wijzig_onttrekking(SLOOP, {"opmerking": "datum onzeker"}, 1)
    voor = _stand(store)
    with pytest.raises(Conflict) as fout:
        store.pas_scenario_toe(sc.id, 1)
    assert "onttrekking 1 is gewijzigd sinds scenario" in fout.value.melding
    assert _stand(store) == voor
    assert store.scenario(sc.id).status == "concept"
    # saving the steps again takes the new versions; then it applies
    opnieuw = store.wijzig_scenario(sc.id, {"stappen": [s.als_dict() for s in sc.stappen]}, 1)
    assert opnieuw.doelversies == {"onttrekking:1": 2} and opnieuw.versie == 2
    store.pas_scenario_toe(sc.id, 2)
    assert store.onttrekking(SLOOP).jaar == 2026
    with pytest.raises(Conflict, match="is toegepast"):
        store.pas_scenario_toe(sc.id, 3)


def test_oude_scenarioversie_conflict(store):
    sc = store.voeg_scenario_toe(_scenario())
    store.wijzig_scenario(sc.id, {"naam": "Ander"}, 1)
    voor = _stand(store)
    with pytest.raises(Conflict, match="versie 2"):
        store.pas_scenario_toe(sc.id, 1)
    assert _stand(store) == voor


def test_splitsen_zonder_corporatie_kan_niet_in_het_plan_en_niets_half(store):
    stappen = [
        Stap("onttrekking_verschuiven", SLOOP, jaar=2026),
        Stap("oplevering_splitsen", WEST, verdeling=((2024, 150), (2025, 150))),
    ]
    sc = store.voeg_scenario_toe(_scenario(stappen=stappen))
    voor = _stand(store)
    with pytest.raises(ValidatieFout) as fout:
        store.pas_scenario_toe(sc.id, 1)
    tekst = str(fout.value)
    assert "50 midden, 50 overig" in tekst and "Kies bij deze stap een corporatie" in tekst
    assert "stap 2" in tekst
    assert _stand(store) == voor, "de eerste stap is niet half toegepast"


def test_oplevering_verschuiven_zonder_corporatie_verschuift_de_locatie(store):
    sc = store.voeg_scenario_toe(
        _scenario(gemeente="GM9002", stappen=[Stap("oplevering_verschuiven", 2, jaar=2028)])
    )
    store.pas_scenario_toe(sc.id, 1)
    loc = store.locatie(2)
    assert loc.oplevering == 2028
    assert sorted((t.corporatie, t.daeb, t.oplevering) for t in loc.toewijzingen) == [
        ("Alfa", 100, 2028),
        ("Beta", 150, 2028),
    ]


def test_rechten_corporatie_mag_locatie_van_gemeente_niet_verschuiven(store):
    alfa = store.als(ALFA)
    # every signed-in party may save a proposal ...
    sc = alfa.voeg_scenario_toe(
        _scenario(stappen=[Stap("oplevering_verschuiven", WEST, jaar=2024)])
    )
    assert sc.auteur == "alfa"
    voor = _stand(store)
    # ... but applying needs the right to every touched record: the site's year is the
    # municipality's
    with pytest.raises(GeenToegang, match="alleen de eigen toewijzingen"):
        alfa.pas_scenario_toe(sc.id, 1)
    assert _stand(store) == voor
    # its own assignment it may move, and its own removal
    eigen = alfa.voeg_scenario_toe(
        _scenario(
            stappen=[
                Stap("oplevering_verschuiven", WEST, jaar=2024, corporatie="Alfa"),
                Stap("onttrekking_verschuiven", SLOOP, jaar=2025),
            ]
        )
    )
    alfa.pas_scenario_toe(eigen.id, 1)
    assert store.locatie(WEST).toewijzingen == [Toewijzing("Alfa", 200, 2024, *_ids(store))]
    assert store.onttrekking(SLOOP).jaar == 2025


def _ids(store: Store):
    tw = store.locatie(WEST).toewijzingen[0]
    return tw.id, tw.locatie


def test_rechten_op_het_scenario_zelf(store):
    sc = store.als(ALFA).voeg_scenario_toe(_scenario())
    voor = _stand(store)
    with pytest.raises(GeenToegang, match="alleen de auteur"):
        store.als(BETA).wijzig_scenario(sc.id, {"naam": "Van Beta"}, 1)
    with pytest.raises(GeenToegang, match="niet voor GM9001"):
        store.als(MIDDENSTAD).voeg_scenario_toe(_scenario())
    with pytest.raises(GeenToegang):
        store.als(PROVINCIE).pas_scenario_toe(sc.id, 1)
    assert _stand(store) == voor
    # the municipality may change the corporation's proposal; the province saves its own
    store.als(WESTDORP).wijzig_scenario(sc.id, {"status": "voorgesteld"}, 1)
    assert store.als(PROVINCIE).voeg_scenario_toe(_scenario()).auteur == "pzh"


def test_regels_bij_opslaan(store):
    casus = store.voeg_casus_toe(
        Casus(gemeente="GM9002", soort="knelpunt", titel="Dal", categorie="overig")
    )
    voor = _stand(store)
    with pytest.raises(ValidatieFout) as fout:
        store.voeg_scenario_toe(
            _scenario(
                casus=casus.id,
                stappen=[
                    Stap("onttrekking_verschuiven", 3, jaar=2026),
                    Stap("oplevering_verschuiven", 999, jaar=2026),
                ],
            )
        )
    tekst = str(fout.value)
    assert "koppel een casus van GM9001" in tekst
    assert "ligt in GM9002, niet in GM9001" in tekst and "onbekende locatie" in tekst
    with pytest.raises(ValidatieFout, match="wordt gezet door het scenario toe te passen"):
        store.voeg_scenario_toe(_scenario(status="toegepast"))
    assert _stand(store) == voor
    eigen = store.voeg_casus_toe(
        Casus(gemeente="GM9001", soort="knelpunt", titel="Dal West", categorie="overig")
    )
    sc = store.voeg_scenario_toe(_scenario(casus=eigen.id))
    assert store.scenarios(casus=eigen.id) == [sc]
    assert store.scenarios(gemeente="GM9002") == []
    store.verwijder_scenario(sc.id, 1)
    assert store.scenarios() == []


def test_domeinregels_van_stappen():
    problemen = valideer_scenario(
        Scenario(
            "",
            "GM9001",
            [
                Stap("slopen", 1),
                Stap("onttrekking_verschuiven", 1, jaar=1999, corporatie="Alfa"),
                Stap("oplevering_splitsen", 0, verdeling=((2026, 5), (2026, -1))),
            ],
            status="klaar",
        )
    )
    assert [(p.item, p.veld) for p in problemen] == [
        ("scenario ''", "naam"),
        ("scenario ''", "status"),
        ("stap 1", "soort"),
        ("stap 2", "jaar"),
        ("stap 2", "corporatie"),
        ("stap 3", "doel"),
        ("stap 3", "aantal"),
        ("stap 3", "verdeling"),
    ]
    assert valideer_scenario(Scenario("Leeg", "GM9001", []))[0].melding == "geef minstens één stap"
