"""Benchmark: export and import of many sites (default 5,000) in every exchange format.

Run as a script (prints seconds per step)::

    python benchmarks/bench_uitwisseling.py [AANTAL]

or with pytest-benchmark (1,000 sites, GeoPackage export and import)::

    python -m pytest benchmarks/bench_uitwisseling.py --benchmark-only

Uses temporary SQLite databases and folders, nothing else.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from shapely.geometry import Point, box

from locatieplanner.domein.model import Corporatie, Gemeente, Locatie, Toewijzing
from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store
from locatieplanner.uitwisseling.exporteer import exporteer
from locatieplanner.uitwisseling.importeer import importeer_locaties

GEMEENTEN = [
    Gemeente("GM0518", "'s-Gravenhage", box(70000, 440000, 85000, 465000)),
    Gemeente("GM0603", "Rijswijk", box(85000, 440000, 100000, 465000)),
]


def _store(map_: Path, naam: str) -> Store:
    store = Store.open(f"sqlite:///{map_ / naam}.sqlite")
    store.zet_regio(laad_regio())
    store.bewaar_gemeenten(GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    store.bewaar_corporatie(Corporatie("Vidomes", "VID", ["GM0518", "GM0603"]))
    return store


def _locaties(aantal: int) -> list[Locatie]:
    rnd = random.Random(42)
    uit = []
    for i in range(aantal):
        x, y = rnd.uniform(71000, 99000), rnd.uniform(441000, 464000)
        geom = Point(x, y) if i % 4 == 0 else box(x, y, x + rnd.uniform(20, 200), y + 80)
        daeb = rnd.randint(0, 120)
        toew = [Toewijzing("Staedion", daeb // 2, 2027), Toewijzing("Vidomes", daeb // 3)]
        uit.append(
            Locatie(
                f"Locatie {i} – Ëïland",
                geom,
                rnd.choice(["1A", "1B", "2A", "2C", "3", "4B"]),
                bron_id=f"B-{i:05d}",
                daeb=daeb,
                midden=rnd.randint(0, 50),
                start=2024,
                oplevering=rnd.randint(2025, 2030),
                toewijzingen=toew if daeb else [],
            )
        )
    return uit


def _tijd(label: str, functie, *args, **kwargs):
    begin = time.perf_counter()
    uitkomst = functie(*args, **kwargs)
    print(f"{label:<42} {time.perf_counter() - begin:7.2f} s")
    return uitkomst


def main(aantal: int = 5_000) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-uitwisseling-") as tmp:
        map_ = Path(tmp)
        bron = _store(map_, "bron")
        uitslag = _tijd(
            f"importeer_locaties (Store, {aantal} nieuw)",
            bron.importeer_locaties,
            _locaties(aantal),
        )
        assert uitslag["toegevoegd"] == aantal
        for bestand in ("plan.gpkg", "plan.zip", "plan.geojson", "plan.csv", "plan.xlsx"):
            rapport = _tijd(f"exporteer {bestand}", exporteer, bron, map_ / bestand)
            grootte = (map_ / bestand).stat().st_size / 1e6
            print(f"{'':<42} {grootte:7.2f} MB, {rapport.locaties} locaties")
        for bestand in ("plan.gpkg", "plan.zip", "plan.geojson"):
            doel = _store(map_, f"doel_{bestand}")
            rapport = _tijd(
                f"importeer {bestand} (nieuw)", importeer_locaties, doel, map_ / bestand
            )
            assert rapport.toegevoegd == aantal, rapport.regels()
            rapport = _tijd(
                f"importeer {bestand} (opnieuw, ongewijzigd)",
                importeer_locaties,
                doel,
                map_ / bestand,
            )
            assert rapport.ongewijzigd == aantal
            doel.sluit()
        rapport = _tijd(
            "importeer plan.gpkg --droog", importeer_locaties, bron, map_ / "plan.gpkg", droog=True
        )
        assert rapport.ongewijzigd == aantal
        bron.sluit()


def test_exporteer_gpkg(benchmark, tmp_path: Path) -> None:
    """pytest-benchmark: export 1,000 sites to a GeoPackage."""
    store = _store(tmp_path, "bron")
    store.importeer_locaties(_locaties(1_000))
    rapport = benchmark.pedantic(
        exporteer, args=(store, tmp_path / "plan.gpkg"), rounds=3, iterations=1
    )
    assert rapport.locaties == 1_000


def test_importeer_gpkg(benchmark, tmp_path: Path) -> None:
    """pytest-benchmark: import 1,000 sites from a GeoPackage into a fresh database."""
    bron = _store(tmp_path, "bron")
    bron.importeer_locaties(_locaties(1_000))
    exporteer(bron, tmp_path / "plan.gpkg")
    rondes = iter(range(100))

    def opzet() -> tuple[tuple[Store, Path], dict]:
        return (_store(tmp_path, f"doel{next(rondes)}"), tmp_path / "plan.gpkg"), {}

    rapport = benchmark.pedantic(importeer_locaties, setup=opzet, rounds=3, iterations=1)
    assert rapport.toegevoegd == 1_000


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5_000)
