"""Benchmark: import all 343 real CBS municipality polygons (read, reproject, repair, store).

Run with pytest-benchmark::

    python -m pytest benchmarks/bench_gemeenten.py --benchmark-only

or as a plain script (prints the time per import)::

    python benchmarks/bench_gemeenten.py [--rondes 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store
from locatieplanner.uitwisseling.gemeenten import GemeentenRapport, importeer_gemeenten

__all__ = ["CBS_GEMEENTEN", "importeer_alle", "test_importeer_alle_gemeenten", "main"]

#: Real reference data beside the project root (see ../shared/geodata/README.md).
CBS_GEMEENTEN = (
    Path(__file__).resolve().parents[2] / "shared" / "geodata" / "cbs_gemeenten_2023.geojson"
)


def _nieuwe_store(map_: Path, nummer: int) -> Store:
    store = Store.open(f"sqlite:///{map_ / f'bench{nummer}.sqlite'}")
    store.zet_regio(laad_regio())
    return store


def importeer_alle(store: Store) -> GemeentenRapport:
    """One full import of all municipalities into an empty store; checks the outcome."""
    rapport = importeer_gemeenten(store, CBS_GEMEENTEN, alleen_regio=False)
    assert rapport.aantal == 343, rapport.regels()
    assert len(rapport.hersteld) == 5, rapport.regels()
    return rapport


def test_importeer_alle_gemeenten(benchmark, tmp_path: Path) -> None:
    """pytest-benchmark: every round imports into a fresh SQLite database."""
    import pytest

    if not CBS_GEMEENTEN.exists():
        pytest.skip(f"referentiedata ontbreekt: {CBS_GEMEENTEN}")
    teller = iter(range(10_000))

    def opzet() -> tuple[tuple[Store], dict]:
        return (_nieuwe_store(tmp_path, next(teller)),), {}

    rapport = benchmark.pedantic(importeer_alle, setup=opzet, rounds=5, iterations=1)
    benchmark.extra_info["gemeenten"] = rapport.aantal
    benchmark.extra_info["hersteld"] = [h.naam for h in rapport.hersteld]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rondes", type=int, default=5, help="aantal imports (standaard 5)")
    args = parser.parse_args(argv)
    if not CBS_GEMEENTEN.exists():
        print(f"referentiedata ontbreekt: {CBS_GEMEENTEN}")
        return 1
    tijden = []
    with tempfile.TemporaryDirectory() as map_:
        for i in range(args.rondes):
            store = _nieuwe_store(Path(map_), i)
            begin = time.perf_counter()
            rapport = importeer_alle(store)
            tijden.append(time.perf_counter() - begin)
            store.sluit()
    print(
        f"Import van {rapport.aantal} gemeenten ({len(rapport.hersteld)} hersteld): "
        f"mediaan {statistics.median(tijden):.3f} s, snelst {min(tijden):.3f} s, "
        f"traagst {max(tijden):.3f} s over {len(tijden)} rondes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
