"""Benchmark: the whole analysis (per gemeente, corporatie, jaar, dalingen, toets, evenwicht,
signalen with overlap search, JSON) on 5,000 generated sites in the nine Haaglanden municipalities.

Run with pytest-benchmark::

    python -m pytest benchmarks/bench_analyse.py --benchmark-only

or as a plain script (prints the times; ``--store`` also reads the sites from a SQLite store)::

    python benchmarks/bench_analyse.py [--locaties 5000] [--rondes 5] [--store]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from shapely.geometry import Point, box

from locatieplanner import analyse
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
from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store

__all__ = ["maak_gegevens", "test_analyse_5000_locaties", "main"]

CORPORATIES = [f"Corporatie {i}" for i in range(1, 11)]


def maak_gegevens(aantal: int = 5000, seed: int = 2030):
    """Fictitious data: the nine municipalities as 6 x 6 km squares in a 3 x 3 grid (EPSG:28992),
    ``aantal`` sites (70% polygons, a few straddling a border or overlapping), assignments,
    removals and bids."""
    rnd = random.Random(seed)
    regio = laad_regio()
    gemeenten = []
    for i, (code, naam) in enumerate(regio.gemeenten.items()):
        x0, y0 = 70000 + (i % 3) * 6000, 440000 + (i // 3) * 6000
        woningen = rnd.randint(8000, 260000)
        gemeenten.append(
            Gemeente(code, naam, box(x0, y0, x0 + 6000, y0 + 6000), woningen, woningen // 3, 2020)
        )
    locaties = []
    statussen = sorted(STATUSSEN)
    for i in range(1, aantal + 1):
        g = rnd.choice(gemeenten)
        x0, y0, _, _ = g.geometry.bounds
        x, y = x0 + rnd.uniform(-100, 5900), y0 + rnd.uniform(0, 5900)
        if rnd.random() < 0.7:
            geometrie = box(x, y, x + rnd.uniform(20, 200), y + rnd.uniform(20, 200))
        else:
            geometrie = Point(x, y)
        daeb = rnd.randint(0, 200)
        oplevering = rnd.choice([None, *range(2019, 2034)])
        toew = []
        rest = daeb
        for corp in rnd.sample(CORPORATIES, rnd.randint(0, 2)):
            n = rnd.randint(0, rest)
            rest -= n
            toew.append(Toewijzing(corp, n, rnd.choice([None, oplevering, 2026, 2029])))
        locaties.append(
            Locatie(
                f"Locatie {i}",
                geometrie,
                rnd.choice(statussen),
                gemeente=g.gemeente,
                ligging="binnen",
                daeb=daeb,
                soc_huur=rnd.randint(0, 30),
                goedk_koop=rnd.randint(0, 40),
                midden=rnd.randint(0, 60),
                bet_koop=rnd.randint(0, 60),
                overig=rnd.randint(0, 100),
                oplevering=oplevering,
                toewijzingen=toew,
                id=i,
            )
        )
    onttrekkingen = [
        Onttrekking(
            rnd.choice(regio.codes),
            rnd.randint(2021, 2030),
            rnd.randint(5, 200),
            rnd.choice(SOORTEN_ONTTREKKING),
            rnd.choice([None, *CORPORATIES]),
            id=i,
        )
        for i in range(1, aantal // 20 + 1)
    ]
    biedingen = [
        Bod(c, "origineel", date(2021, 3, 31), rnd.randint(200, 3000)) for c in regio.codes
    ]
    corporaties = [Corporatie(c, None, rnd.sample(regio.codes, 3)) for c in CORPORATIES]
    return regio, gemeenten, locaties, onttrekkingen, biedingen, corporaties


def _bereken(invoer: analyse.Invoer) -> dict:
    return analyse.bereken(invoer, zacht_factor=0.7).als_dict()


def test_analyse_5000_locaties(benchmark) -> None:
    """pytest-benchmark: the pure analysis plus the JSON form on 5,000 sites."""
    invoer = analyse.maak_invoer(*maak_gegevens())
    d = benchmark.pedantic(_bereken, args=(invoer,), rounds=3, iterations=1)
    assert sum(g["daeb_totaal"] for g in d["gemeenten"]) == d["regio"]["daeb_totaal"]
    benchmark.extra_info["locaties"] = len(invoer.locaties)
    benchmark.extra_info["signalen"] = len(d["signalen"])


def _vul_store(pad: Path, gegevens) -> Store:
    regio, gemeenten, locaties, onttrekkingen, biedingen, corporaties = gegevens
    store = Store.open(f"sqlite:///{pad}")
    store.zet_regio(regio)
    store.bewaar_gemeenten(gemeenten)
    for c in corporaties:
        store.bewaar_corporatie(c)
    for loc in locaties:
        loc.id = None
        store.voeg_locatie_toe(loc)
    for o in onttrekkingen:
        o.id = None
        store.voeg_onttrekking_toe(o)
    for b in biedingen:
        store.bewaar_bod(b)
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locaties", type=int, default=5000, help="aantal locaties (5000)")
    parser.add_argument("--rondes", type=int, default=5, help="aantal rondes (standaard 5)")
    parser.add_argument(
        "--store", action="store_true", help="meet ook analyseer() op een SQLite-store"
    )
    args = parser.parse_args(argv)
    gegevens = maak_gegevens(args.locaties)
    invoer = analyse.maak_invoer(*gegevens)
    tijden = []
    for _ in range(args.rondes):
        begin = time.perf_counter()
        d = _bereken(invoer)
        tijden.append(time.perf_counter() - begin)
    print(
        f"Analyse van {len(invoer.locaties)} locaties ({len(d['signalen'])} signalen) in het "
        f"geheugen: mediaan {statistics.median(tijden):.3f} s, snelst {min(tijden):.3f} s, "
        f"traagst {max(tijden):.3f} s over {len(tijden)} rondes"
    )
    if args.store:
        with tempfile.TemporaryDirectory() as map_:
            begin = time.perf_counter()
            store = _vul_store(Path(map_) / "bench.sqlite", gegevens)
            print(f"Store gevuld in {time.perf_counter() - begin:.1f} s")
            tijden = []
            for _ in range(args.rondes):
                begin = time.perf_counter()
                analyse.analyseer(store, zacht_factor=0.7).als_dict()
                tijden.append(time.perf_counter() - begin)
            store.sluit()
        print(
            f"analyseer() uit SQLite: mediaan {statistics.median(tijden):.3f} s, "
            f"snelst {min(tijden):.3f} s over {len(tijden)} rondes"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
