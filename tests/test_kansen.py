"""The scenario "met kansen" on the hand-checked region (tests/analyse_testdata.py).

Without opportunities: Westdorp GM9001 has 200 DAEB in the period against its sharpened bid of
250 (gap 50) and net +50; Middenstad GM9002 450 DAEB against 500 (gap 50); Oosthoek GM9003 has
no bid. Potentials: GM9001 30 DAEB + 10 other in 2027 and 100 DAEB in 2032 (after the period);
GM9002 80 DAEB in 2028; a municipality outside the region 50 DAEB (does not count).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from jsonschema import validate

from locatieplanner import analyse
from locatieplanner.analyse.invoer import lees_invoer
from locatieplanner.domein.casus import Casus, Potentieel
from locatieplanner.store import Store
from tests.analyse_testdata import vul_store
from tests.conftest import database_url


@pytest.fixture(scope="module")
def invoer(tmp_path_factory):
    s = Store.open(database_url(tmp_path_factory.mktemp("kansen")))
    vul_store(s)
    yield lees_invoer(s)
    s.sluit()


KANSEN = pd.DataFrame(
    [
        {"casus": 1, "gemeente": "GM9001", "jaar": 2027, "daeb": 30, "overig": 10},
        {"casus": 1, "gemeente": "GM9001", "jaar": 2032, "daeb": 100, "overig": 0},
        {"casus": 2, "gemeente": "GM9002", "jaar": 2028, "daeb": 80, "overig": 0},
        {"casus": 3, "gemeente": "GM9999", "jaar": 2025, "daeb": 50, "overig": 0},
    ]
)


def test_zonder_kansen_gelijk_aan_hard_plus_zacht(invoer):
    a = analyse.bereken(invoer)
    g = a.gemeenten
    assert (g["kansen_daeb"] == 0).all() and (g["kansen_overig"] == 0).all()
    assert (g["netto_met_kansen"] == g["netto_totaal"]).all()
    assert a.totalen["netto_met_kansen"] == a.totalen["netto_totaal"]


def test_met_kansen_met_de_hand(invoer):
    zonder = analyse.bereken(invoer)
    a = analyse.bereken(replace(invoer, kansen=KANSEN))
    g = a.gemeenten
    assert g.loc["GM9001", ["kansen_daeb", "kansen_overig"]].tolist() == [30, 10]
    assert g.loc["GM9001", "daeb_met_kansen"] == 230
    assert g.loc["GM9001", "netto_met_kansen"] == 50 + 40
    assert g.loc["GM9001", "tekort_bod"] == 50
    assert g.loc["GM9001", "tekort_bod_gesloten"] == 30
    assert g.loc["GM9002", "tekort_bod"] == 50
    assert g.loc["GM9002", "tekort_bod_gesloten"] == 50  # 80 potential closes the whole gap
    assert pd.isna(g.loc["GM9003", "tekort_bod"]) and pd.isna(
        g.loc["GM9003", "tekort_bod_gesloten"]
    )
    t = a.totalen
    assert t["kansen_daeb"] == 110 and t["kansen_overig"] == 10
    assert t["netto_met_kansen"] == zonder.totalen["netto_totaal"] + 120
    assert t["tekort_met_kansen"] == max(0, 1000 - t["netto_met_kansen"])
    # the other scenarios do not move
    for k in ("netto_hard", "netto_totaal", "daeb_totaal"):
        assert t[k] == zonder.totalen[k]


def test_met_kansen_in_json_volgens_schema(invoer):
    a = analyse.bereken(replace(invoer, kansen=KANSEN))
    d = a.als_dict()
    validate(d, analyse.laad_schema())
    west = next(x for x in d["gemeenten"] if x["gemeente"] == "GM9001")
    assert west["tekort_bod_gesloten"] == 30
    oost = next(x for x in d["gemeenten"] if x["gemeente"] == "GM9003")
    assert oost["tekort_bod"] is None
    assert d["regio"]["netto_met_kansen"] == d["regio"]["netto_totaal"] + 120


def _kans(gemeente: str, potentieel: list[Potentieel], **kw) -> Casus:
    return Casus(
        gemeente=gemeente,
        soort=kw.pop("soort", "kans"),
        titel=kw.pop("titel", "Extra sociale huur"),
        categorie="grondpositie",
        potentieel=potentieel,
        **kw,
    )


@pytest.fixture(scope="module")
def store_met_casussen(tmp_path_factory):
    """The hand-checked region with stored cases: the potentials of KANSEN as an open
    opportunity (GM9001) and one in gesprek (GM9002), plus cases that must not count."""
    s = Store.open(database_url(tmp_path_factory.mktemp("kansen_store")))
    vul_store(s)
    s.voeg_casus_toe(_kans("GM9001", [Potentieel(2027, 30, 10), Potentieel(2032, 100, 0)]))
    s.voeg_casus_toe(_kans("GM9002", [Potentieel(2028, 80, 0)], status="in gesprek"))
    s.voeg_casus_toe(_kans("GM9001", [Potentieel(2027, 500, 0)], status="opgelost"))
    s.voeg_casus_toe(_kans("GM9002", [Potentieel(2028, 300, 5)], status="vervallen"))
    s.voeg_casus_toe(_kans("GM9001", [Potentieel(2028, 70, 7)], soort="knelpunt"))
    yield s
    s.sluit()


def _met_kansen(d: dict) -> dict:
    """The "met kansen" numbers of an analysis JSON."""
    velden = ("kansen_daeb", "kansen_overig", "daeb_met_kansen", "netto_met_kansen")
    return {
        "regio": {k: d["regio"][k] for k in (*velden, "tekort_met_kansen")},
        "gemeenten": {
            g["gemeente"]: {k: g[k] for k in (*velden, "tekort_bod", "tekort_bod_gesloten")}
            for g in d["gemeenten"]
        },
    }


def test_opgeslagen_casussen_in_de_analyse(store_met_casussen, invoer):
    """Only open opportunities (open, in gesprek) count: the analysis read from the store equals
    the hand-worked one of KANSEN (without the municipality outside the region)."""
    rijen = store_met_casussen.kanspotentieel()
    assert [(r["gemeente"], r["jaar"], r["daeb"], r["overig"]) for r in rijen] == [
        ("GM9001", 2027, 30, 10),
        ("GM9001", 2032, 100, 0),
        ("GM9002", 2028, 80, 0),
    ]
    d = analyse.analyseer(store_met_casussen).als_dict()
    validate(d, analyse.laad_schema())
    verwacht = analyse.bereken(replace(invoer, kansen=KANSEN)).als_dict()
    assert _met_kansen(d) == _met_kansen(verwacht)
    west = next(g for g in d["gemeenten"] if g["gemeente"] == "GM9001")
    assert (west["kansen_daeb"], west["tekort_bod"], west["tekort_bod_gesloten"]) == (30, 50, 30)


def test_peildatum_bevriest_de_casussen(store_met_casussen):
    """A frozen state holds the cases: its analysis (stored and recomputed) has the same met
    kansen numbers as the live one, also after the live cases change."""
    live = analyse.analyseer(store_met_casussen).als_dict()
    stand = analyse.leg_peildatum_vast(store_met_casussen, "kansen", date(2025, 1, 1))
    gelezen = store_met_casussen.peilstand("kansen")
    assert gelezen.kanspotentieel() == store_met_casussen.kanspotentieel()
    assert [c.titel for c in gelezen.casussen()] == [c.titel for c in store_met_casussen.casussen()]
    assert _met_kansen(stand.analyse) == _met_kansen(live)
    assert _met_kansen(gelezen.analyse) == _met_kansen(live)
    open_kans = store_met_casussen.casussen(gemeente="GM9002", status="in gesprek")[0]
    store_met_casussen.wijzig_casus(open_kans.id, {"status": "vervallen"}, open_kans.versie)
    try:
        nu_live = analyse.analyseer(store_met_casussen).als_dict()
        assert nu_live["regio"]["kansen_daeb"] == 30
        herberekend = analyse.bereken(analyse.lees_invoer(gelezen)).als_dict()
        assert _met_kansen(herberekend) == _met_kansen(live)
    finally:
        nieuw = store_met_casussen.casus(open_kans.id)
        store_met_casussen.wijzig_casus(open_kans.id, {"status": "in gesprek"}, nieuw.versie)
