"""Re-phasing scenarios on the hand-checked region (tests/analyse_testdata.py), worked out by hand.

Target-group stock per municipality without a scenario (start = doelgroep at the end of 2020):

- Westdorp GM9001: removal 1 (150 sloop, 2024), site 1 delivers 200 DAEB in 2026 (its midden and
  overig are no target group): 4000 ... 2024 3850, 2025 3850, 2026 4050: dip 150 deep, 2 years.
- Middenstad GM9002: removal 3 (30 liberalisatie, 2021), then Alfa's 100 DAEB of site 2 in 2025:
  dip 30 deep, 2021-2024 = 4 years.
- Oosthoek GM9003: removal 2 (150 verkoop, 2022); site 5 delivers 90 DAEB + 30 goedk_koop in
  2030: still 30 below in 2030, so 2022-2030 = 9 years, 150 deep.
"""

from __future__ import annotations

import pytest

from locatieplanner.analyse.herfasering import Dal, Stap, dal_van, vergelijk
from locatieplanner.analyse.invoer import lees_invoer
from locatieplanner.errors import ValidatieFout
from locatieplanner.store import Store
from tests.analyse_testdata import vul_store
from tests.conftest import database_url


@pytest.fixture(scope="module")
def invoer(tmp_path_factory):
    s = Store.open(database_url(tmp_path_factory.mktemp("herfasering")))
    vul_store(s)
    yield lees_invoer(s)
    s.sluit()


def _ontt_id(invoer, gemeente: str, jaar: int) -> int:
    o = invoer.onttrekkingen
    return int(o[(o["gemeente"] == gemeente) & (o["jaar"] == jaar)]["id"].iloc[0])


def _loc_id(invoer, naam: str) -> int:
    loc = invoer.locaties
    return int(loc[loc["naam"] == naam]["id"].iloc[0])


def test_zonder_scenario_de_dalen_met_de_hand(invoer):
    h = vergelijk(invoer, [])
    assert h.dal_zonder == {
        "GM9001": Dal(150, 2, (2024, 2025)),
        "GM9002": Dal(30, 4, (2021, 2022, 2023, 2024)),
        "GM9003": Dal(150, 9, tuple(range(2022, 2031))),
    }
    assert h.dal_met == h.dal_zonder
    assert h.gewijzigd() == []
    assert h.voorraad_zonder.loc["GM9001", 2024] == 3850
    assert h.voorraad_zonder.loc["GM9001", 2026] == 4050


def test_sloop_later_haalt_het_dal_weg(invoer):
    sloop = _ontt_id(invoer, "GM9001", 2024)
    h = vergelijk(invoer, [Stap("onttrekking_verschuiven", sloop, jaar=2026)])
    assert h.dal_met["GM9001"] == Dal(0, 0, ())
    assert h.voorraad_met.loc["GM9001", 2024] == 4000
    assert h.voorraad_met.loc["GM9001", 2026] == 4050
    # the other municipalities and the regional total do not change
    assert h.gewijzigd() == ["GM9001"]
    assert h.regio_netto_met == h.regio_netto_zonder
    d = h.als_dict()
    assert d["gemeenten"]["GM9001"]["dal_zonder"] == {
        "diepte": 150,
        "duur": 2,
        "jaren": [2024, 2025],
    }
    assert d["gemeenten"]["GM9001"]["voorraad_met"]["2025"] == 4000
    assert d["regio"]["verschil"] == 0


def test_oplevering_naar_voren_haalt_het_dal_weg(invoer):
    site = _loc_id(invoer, "Sloop-nieuwbouw West")
    h = vergelijk(invoer, [Stap("oplevering_verschuiven", site, jaar=2024)])
    assert h.dal_met["GM9001"] == Dal(0, 0, ())
    assert h.voorraad_met.loc["GM9001", 2024] == 4050


def test_splitsen_verkleint_het_dal(invoer):
    # site 1: 300 dwellings (200 DAEB, 50 midden, 50 overig), half in 2024 and half in 2026:
    # 100 DAEB in 2024 against 150 demolished -> 50 deep, 2024-2025
    site = _loc_id(invoer, "Sloop-nieuwbouw West")
    h = vergelijk(invoer, [Stap("oplevering_splitsen", site, verdeling=((2024, 150), (2026, 150)))])
    assert h.dal_met["GM9001"] == Dal(50, 2, (2024, 2025))
    assert h.voorraad_met.loc["GM9001", 2024] == 3950
    assert h.voorraad_met.loc["GM9001", 2030] == h.voorraad_zonder.loc["GM9001", 2030]


def test_buiten_de_periode_verandert_het_regiototaal(invoer):
    sloop = _ontt_id(invoer, "GM9001", 2024)
    h = vergelijk(invoer, [Stap("onttrekking_verschuiven", sloop, jaar=2031)])
    assert h.netto_zonder["GM9001"] == 50
    assert h.netto_met["GM9001"] == 200
    assert h.regio_netto_met - h.regio_netto_zonder == 150


def test_deel_van_een_corporatie_verschuiven(invoer):
    # site 2: Beta's 150 DAEB (2027) earlier to 2022 fills Middenstad's dip from 2022 on
    site = _loc_id(invoer, "Gefaseerd Midden")
    h = vergelijk(invoer, [Stap("oplevering_verschuiven", site, jaar=2022, corporatie="Beta")])
    assert h.dal_met["GM9002"] == Dal(30, 1, (2021,))


def test_ongeldige_stappen_alle_tegelijk(invoer):
    site = _loc_id(invoer, "Sloop-nieuwbouw West")
    with pytest.raises(ValidatieFout) as fout:
        vergelijk(
            invoer,
            [
                Stap("onttrekking_verschuiven", 9999, jaar=2026),
                Stap("oplevering_verschuiven", site, jaar=1800),
                Stap("verplaatsen", site),
                Stap("oplevering_splitsen", site, verdeling=((2024, 10),)),
            ],
        )
    items = [(p.item, p.veld) for p in fout.value.problemen]
    assert items == [
        ("stap 1", "doel"),
        ("stap 2", "jaar"),
        ("stap 3", "soort"),
        ("stap 4", "verdeling"),
    ]
    assert "onbekende onttrekking" in str(fout.value)


def test_verdeling_moet_kloppen(invoer):
    site = _loc_id(invoer, "Sloop-nieuwbouw West")
    with pytest.raises(ValidatieFout, match="optellen tot de 300 woningen"):
        vergelijk(invoer, [Stap("oplevering_splitsen", site, verdeling=((2024, 100), (2026, 100)))])


def test_dal_van_reeks():
    # levels 5, -5, -2, 0, 5: below the earlier top 5 in 2022-2024, 10 deep at most
    import pandas as pd

    assert dal_van(pd.Series({2021: 5, 2022: -10, 2023: 3, 2024: 2, 2025: 5})) == Dal(
        10, 3, (2022, 2023, 2024)
    )
