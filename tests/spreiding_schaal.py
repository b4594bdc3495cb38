"""A region of a few hundred municipalities built in code, for the size tests of ``/spreiding``:
a grid of 2 x 2 km municipalities (EPSG:28992), each with its stock, one site (hard or soft,
some with a corporation), a bid for most and a few removals."""

from __future__ import annotations

from datetime import date

from aanmelding import BEHEERDER
from shapely.geometry import box

from locatieplanner.domein.model import Bod, Corporatie, Gemeente, Locatie, Onttrekking, Toewijzing
from locatieplanner.domein.regio import Regio
from locatieplanner.store import Store

__all__ = ["AANTAL", "code", "vul_grote_regio", "voeg_harde_locatie_toe"]

#: Municipalities in the region.
AANTAL = 300
_KOLOMMEN = 20
_STATUSSEN = ("1A", "2A", "3", "4A")


def code(i: int) -> str:
    return f"GM{7000 + i:04d}"


def vul_grote_regio(store: Store, aantal: int = AANTAL) -> Regio:
    """Fill an empty store with the region of ``aantal`` municipalities; gives the region."""
    regio = Regio(
        "Grote regio", 2021, 2030, 50 * aantal, {code(i): f"Gemeente {i}" for i in range(aantal)}
    )
    store.zet_regio(regio)
    vakken = {}
    gemeenten = []
    for i in range(aantal):
        x, y = 20000 + 2000 * (i % _KOLOMMEN), 400000 + 2000 * (i // _KOLOMMEN)
        vakken[code(i)] = (x, y)
        woningen = 5000 + 37 * i
        gemeenten.append(
            Gemeente(
                code(i),
                f"Gemeente {i}",
                box(x, y, x + 2000, y + 2000),
                woningen,
                woningen // (3 + i % 4),
                2020,
            )
        )
    store.bewaar_gemeenten(gemeenten)
    store.bewaar_corporatie(Corporatie("Woonbouw", "WNB", list(regio.gemeenten)))
    for i, (c, (x, y)) in enumerate(vakken.items()):
        store.voeg_locatie_toe(
            Locatie(
                f"Plan {i}",
                box(x + 200, y + 200, x + 600, y + 600),
                _STATUSSEN[i % len(_STATUSSEN)],
                daeb=40 + i % 90,
                overig=i % 30,
                oplevering=2022 + i % 10 if i % 11 else None,
                toewijzingen=[Toewijzing("Woonbouw", 20)] if i % 2 else [],
            )
        )
        if i % 5:
            store.bewaar_bod(Bod(c, "origineel", date(2022, 1, 1), 60 + i % 50))
        if i % 7 == 0:
            store.voeg_onttrekking_toe(Onttrekking(c, 2023, 15 + i % 20, "sloop"))
    return regio


def voeg_harde_locatie_toe(url: str, daeb: int) -> None:
    """A write from outside the server: a hard site of ``daeb`` DAEB dwellings delivered in 2026
    in the test region's GM9001 (:mod:`analyse_testdata`), as an administrator."""
    schrijver = Store.open(url, gebruiker=BEHEERDER, migreer=False)
    try:
        schrijver.voeg_locatie_toe(
            Locatie(
                "Nieuw hard", box(80900, 451000, 81000, 451100), "1A", daeb=daeb, oplevering=2026
            )
        )
    finally:
        schrijver.sluit()
