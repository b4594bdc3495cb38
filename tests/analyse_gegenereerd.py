"""A generated region for the analysis' regression test: a few thousand sites, seeded, in code.

Twelve member municipalities of 2 x 2 km in a grid of 4 x 3 and one outside the region; sites are
points and small squares (some over a border, some far away), with every status, segment counts
that are often zero, delivery years 2018-2033 or none, 0-3 assignments (sometimes more than the
site's DAEB), removals linked to sites or not, bids in one or two versions (one municipality
without) and potential of open opportunities. Everything comes from one ``random.Random``
(stable across Python versions), so the input, and with it the analysis, is the same on every
machine.
"""

from __future__ import annotations

import random
from datetime import date

from shapely.geometry import Point, box

from locatieplanner.analyse import Invoer, maak_invoer
from locatieplanner.analyse.invoer import kansframe
from locatieplanner.domein.model import (
    SOORTEN_ONTTREKKING,
    STATUSSEN,
    Bod,
    Corporatie,
    Gemeente,
    Locatie,
    Onttrekking,
    Toewijzing,
)
from locatieplanner.domein.regio import Regio

__all__ = ["genereer_invoer", "DATUM"]

#: The date of the generated analysis (fixed, so the JSON does not depend on today).
DATUM = date(2026, 1, 1)

_KOLOMMEN, _RIJEN, _ZIJDE = 4, 3, 2000
_X0, _Y0 = 80000, 450000


def _gemeenten() -> tuple[Regio, list[Gemeente]]:
    leden: dict[str, str] = {}
    gemeenten = []
    for i in range(_KOLOMMEN * _RIJEN):
        x = _X0 + (i % _KOLOMMEN) * _ZIJDE
        y = _Y0 + (i // _KOLOMMEN) * _ZIJDE
        code = f"GM{9100 + i}"
        leden[code] = f"Gemeente {i + 1}"
        # one municipality without a start stock, one with a stock of another year
        woningen = None if i == 5 else 5000 + 1000 * i
        doelgroep = None if i == 5 else 600 + 250 * i
        gemeenten.append(
            Gemeente(
                code,
                leden[code],
                box(x, y, x + _ZIJDE, y + _ZIJDE),
                woningen,
                doelgroep,
                2019 if i == 7 else 2020,
            )
        )
    x = _X0 + _KOLOMMEN * _ZIJDE
    gemeenten.append(
        Gemeente("GM9999", "Buitenland", box(x, _Y0, x + _ZIJDE, _Y0 + _ZIJDE), 8000, 2000, 2020)
    )
    return Regio("Generegio", 2021, 2030, 4000, leden), gemeenten


def genereer_invoer(aantal: int = 2000, zaad: int = 13) -> Invoer:
    """The input of the analysis for ``aantal`` generated sites."""
    rng = random.Random(zaad)
    regio, gemeenten = _gemeenten()
    corporaties = [
        Corporatie(
            f"Corporatie {c:02d}",
            f"C{c:02d}",
            sorted(rng.sample(list(regio.codes), rng.randint(1, 4))),
        )
        for c in range(1, 9)
    ]
    statussen = list(STATUSSEN)
    breedte = _KOLOMMEN * _ZIJDE + _ZIJDE
    locaties = []
    for i in range(1, aantal + 1):
        if rng.random() < 0.01:  # far away: no municipality
            x, y = _X0 - 5000 - rng.random() * 1000, _Y0 - 5000
        else:
            x = _X0 + rng.random() * breedte
            y = _Y0 + rng.random() * _RIJEN * _ZIJDE
        kol, rij = int((x - _X0) // _ZIJDE), int((y - _Y0) // _ZIJDE)
        if not (0 <= rij < _RIJEN and 0 <= kol <= _KOLOMMEN) or x < _X0:
            gemeente, ligging = None, "buiten"
        elif kol == _KOLOMMEN:
            gemeente, ligging = "GM9999", "buiten"
        else:
            gemeente = f"GM{9100 + rij * _KOLOMMEN + kol}"
            ligging = "grens" if rng.random() < 0.03 else "binnen"
        if rng.random() < 0.4:
            zijde = rng.uniform(20, 150)
            geometrie = box(x, y, x + zijde, y + zijde)
        else:
            geometrie = Point(round(x, 1), round(y, 1))
        segmenten = {
            s: (rng.choice((0, 0, rng.randint(1, 120))))
            for s in ("daeb", "soc_huur", "goedk_koop", "midden", "bet_koop", "overig")
        }
        oplevering = None if rng.random() < 0.05 else rng.randint(2018, 2033)
        toewijzingen = []
        if segmenten["daeb"] and rng.random() < 0.8:
            for _ in range(rng.randint(1, 3)):
                toewijzingen.append(
                    Toewijzing(
                        rng.choice(corporaties).naam,
                        rng.randint(1, max(1, segmenten["daeb"] // 2 + 5)),
                        None if rng.random() < 0.5 else rng.randint(2019, 2032),
                    )
                )
        locaties.append(
            Locatie(
                f"Locatie {i}",
                geometrie,
                rng.choice(statussen),
                gemeente=gemeente,
                ligging=ligging,
                fase=None if rng.random() < 0.3 else rng.randint(0, 7),
                oplevering=oplevering,
                toewijzingen=toewijzingen,
                id=i,
                **segmenten,
            )
        )
    onttrekkingen = []
    for j in range(1, aantal // 10 + 1):
        gemeente = rng.choice([*regio.codes, "GM9999"])
        onttrekkingen.append(
            Onttrekking(
                gemeente,
                rng.randint(2019, 2032),
                rng.randint(1, 2500),
                rng.choice(SOORTEN_ONTTREKKING),
                rng.choice([None, *(c.naam for c in corporaties)]),
                locatie=rng.randint(1, aantal) if rng.random() < 0.3 else None,
                id=j,
            )
        )
    biedingen = []
    for code in regio.codes[1:]:
        biedingen.append(Bod(code, "origineel", date(2021, 3, 1), rng.randint(50, 900)))
        if rng.random() < 0.5:
            biedingen.append(Bod(code, "aangescherpt", date(2022, 6, 1), rng.randint(50, 900)))
    invoer = maak_invoer(regio, gemeenten, locaties, onttrekkingen, biedingen, corporaties)
    invoer.kansen = kansframe(
        {
            "casus": k,
            "gemeente": rng.choice(regio.codes),
            "jaar": rng.randint(2020, 2032),
            "daeb": rng.randint(0, 80),
            "overig": rng.randint(0, 40),
        }
        for k in range(1, aantal // 100 + 1)
    )
    return invoer
