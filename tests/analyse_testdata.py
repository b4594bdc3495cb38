"""A small hand-checkable region for the analysis tests, built in code (EPSG:28992).

Three member municipalities side by side, each 2 x 2 km, and one outside the region:

    GM9001 Westdorp   x 80000-82000   woningen 10000, doelgroep 4000 (40%)
    GM9002 Middenstad x 82000-84000   woningen 20000, doelgroep 4000 (20%)
    GM9003 Oosthoek   x 84000-86000   woningen  5000, doelgroep  500 (10%)
    GM9999 Buitenland x 86000-88000   (not a member)

Corporations: Alfa works in GM9001 and GM9002, Beta only in GM9002.

Sites (id in insertion order):
  1 Sloop-nieuwbouw West  GM9001 hard 1A  daeb 200 (Alfa, no own year), midden 50, overig 50,
                          oplevering 2026; removal 1: 150 sloop in 2024 by Alfa for this site
                          -> a temporary dip in 2024, recovered in 2026
  2 Gefaseerd Midden      GM9002 hard 2A  daeb 300: Alfa 100 in 2025, Beta 150 in 2027,
                          50 unassigned (2027); soc_huur 40, goedk_koop 60, midden 100,
                          overig 100, oplevering 2027 (phased)
  3 Zacht Midden          GM9002 soft 3   daeb 100 (Beta 2029), bet_koop 100, overig 200, 2029
  4 Overlap Midden        GM9002 hard 1B  daeb 50 unassigned, 2028; overlaps site 3 by
                          100 m x 100 m = 10,000 m²
  5 Grenslocatie          600 x 400 m over the GM9002/GM9003 border: 1/3 in GM9002, 2/3 in
                          GM9003 -> gemeente GM9003, ligging grens; hard 2B, daeb 90 (Beta,
                          outside its working area), goedk_koop 30, 2030
  6 Na 2030               GM9003 soft 4A  daeb 80, oplevering 2032 (does not count)
  7 Buiten                GM9999 hard 1A  daeb 40, 2025 (outside the region, does not count)
  8 Nergens               far from every municipality, daeb 10, 2025 (no municipality)
  9 Zonder jaar           GM9001 soft 4B  daeb 20, no oplevering (does not count)

Removals: 1 GM9001 2024 sloop 150 Alfa (site 1); 2 GM9003 2022 verkoop 150 (no corporation);
3 GM9002 2021 liberalisatie 30 Beta; 4 GM9001 2019 sloop 10 Alfa (before the period).
Bids: GM9001 origineel 150 (2021), aangescherpt 250 (2022); GM9002 origineel 500; GM9003 none.
"""

from __future__ import annotations

from datetime import date

from shapely.geometry import Point, box

from locatieplanner.domein.model import Bod, Corporatie, Gemeente, Locatie, Onttrekking, Toewijzing
from locatieplanner.domein.regio import Regio

__all__ = [
    "REGIO",
    "GEMEENTEN",
    "vul_store",
    "locaties",
    "onttrekkingen",
    "biedingen",
    "corporaties",
]

REGIO = Regio(
    "Testregio",
    2021,
    2030,
    1000,
    {"GM9001": "Westdorp", "GM9002": "Middenstad", "GM9003": "Oosthoek"},
)

GEMEENTEN = [
    Gemeente("GM9001", "Westdorp", box(80000, 450000, 82000, 452000), 10000, 4000, 2020),
    Gemeente("GM9002", "Middenstad", box(82000, 450000, 84000, 452000), 20000, 4000, 2020),
    Gemeente("GM9003", "Oosthoek", box(84000, 450000, 86000, 452000), 5000, 500, 2020),
    Gemeente("GM9999", "Buitenland", box(86000, 450000, 88000, 452000), 8000, 2000, 2020),
]


def corporaties() -> list[Corporatie]:
    return [
        Corporatie("Alfa", "ALF", ["GM9001", "GM9002"]),
        Corporatie("Beta", "BET", ["GM9002"]),
    ]


def locaties() -> list[Locatie]:
    return [
        Locatie(
            "Sloop-nieuwbouw West",
            box(80100, 450100, 80500, 450500),
            "1A",
            daeb=200,
            midden=50,
            overig=50,
            start=2024,
            oplevering=2026,
            toewijzingen=[Toewijzing("Alfa", 200)],
        ),
        Locatie(
            "Gefaseerd Midden",
            box(82100, 450100, 82600, 450600),
            "2A",
            daeb=300,
            soc_huur=40,
            goedk_koop=60,
            midden=100,
            overig=100,
            start=2023,
            oplevering=2027,
            toewijzingen=[Toewijzing("Alfa", 100, 2025), Toewijzing("Beta", 150, 2027)],
        ),
        Locatie(
            "Zacht Midden",
            box(83000, 451000, 83400, 451400),
            "3",
            daeb=100,
            bet_koop=100,
            overig=200,
            oplevering=2029,
            toewijzingen=[Toewijzing("Beta", 100, 2029)],
        ),
        Locatie(
            "Overlap Midden", box(83300, 451300, 83600, 451600), "1B", daeb=50, oplevering=2028
        ),
        Locatie(
            "Grenslocatie",
            box(83800, 450100, 84400, 450500),
            "2B",
            daeb=90,
            goedk_koop=30,
            oplevering=2030,
            toewijzingen=[Toewijzing("Beta", 90, 2030)],
        ),
        Locatie("Na 2030", Point(85000, 451000), "4A", daeb=80, oplevering=2032),
        Locatie("Buiten", Point(87000, 451000), "1A", daeb=40, oplevering=2025),
        Locatie("Nergens", Point(90000, 460000), "1A", daeb=10, oplevering=2025),
        Locatie("Zonder jaar", Point(80800, 451500), "4B", daeb=20),
    ]


def onttrekkingen() -> list[Onttrekking]:
    return [
        Onttrekking("GM9001", 2024, 150, "sloop", "Alfa", locatie=1),
        Onttrekking("GM9003", 2022, 150, "verkoop"),
        Onttrekking("GM9002", 2021, 30, "liberalisatie", "Beta"),
        Onttrekking("GM9001", 2019, 10, "sloop", "Alfa"),
    ]


def biedingen() -> list[Bod]:
    return [
        Bod("GM9001", "origineel", date(2021, 3, 31), 150),
        Bod("GM9001", "aangescherpt", date(2022, 6, 1), 250),
        Bod("GM9002", "origineel", date(2021, 3, 31), 500),
    ]


def vul_store(store, regio: Regio = REGIO) -> None:
    """Put the region, municipalities, corporations, sites, removals and bids in an empty store."""
    store.zet_regio(regio)
    store.bewaar_gemeenten(GEMEENTEN)
    for c in corporaties():
        store.bewaar_corporatie(c)
    for loc in locaties():
        store.voeg_locatie_toe(loc)
    for o in onttrekkingen():
        store.voeg_onttrekking_toe(o)
    for b in biedingen():
        store.bewaar_bod(b)
