"""Benchmark: latency of ``GET /api/v1/locaties`` on 5,000 sites (the nine Haaglanden
municipalities as 6 x 6 km squares, as in bench_analyse), through the Flask app in-process
on a temporary SQLite store: everything, the default page, a lon/lat bbox, paging, filters.

Run as a script (prints milliseconds per request)::

    python benchmarks/bench_api.py [--locaties 5000] [--rondes 10]

or with pytest-benchmark::

    python -m pytest benchmarks/bench_api.py --benchmark-only
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench_analyse import maak_gegevens
from shapely.affinity import translate
from shapely.geometry import box

from locatieplanner.crs import naar_wgs84
from locatieplanner.store import Store
from locatieplanner.web import create_app

__all__ = ["vul_store", "verzoeken", "test_api_locaties_bbox", "test_api_locaties_pagina", "main"]


def vul_store(pad: Path, aantal: int = 5000) -> Store:
    """A SQLite store with ``aantal`` generated sites (bulk import: one transaction)."""
    regio, gemeenten, locaties, _onttrekkingen, biedingen, corporaties = maak_gegevens(aantal)
    store = Store.open(f"sqlite:///{pad}")
    store.zet_regio(regio)
    store.bewaar_gemeenten(gemeenten)
    for c in corporaties:
        store.bewaar_corporatie(c)
    for loc in locaties:
        loc.id = None
        if loc.geometry.bounds[0] < 70000:  # a few points just west of the region: move them in
            loc.geometry = translate(loc.geometry, 100)
    store.importeer_locaties(locaties)
    for b in biedingen:
        store.bewaar_bod(b)
    return store


def verzoeken() -> dict[str, str]:
    """The measured requests: label -> URL."""
    # a 2 x 2 km box in the middle municipality (RD 76000..82000, 446000..452000), as lon/lat
    vak = naar_wgs84([box(78000, 448000, 80000, 450000)], None)[0].bounds
    bbox = ",".join(f"{v:.6f}" for v in vak)
    return {
        "alles (limit=5000)": "/api/v1/locaties?limit=5000",
        "standaardpagina (1000)": "/api/v1/locaties",
        "bbox 2x2 km (lon/lat)": f"/api/v1/locaties?bbox={bbox}",
        "bbox 2x2 km in RD": "/api/v1/locaties?bbox=78000,448000,80000,450000&crs=EPSG:28992",
        "pagina offset=2000 limit=500": "/api/v1/locaties?offset=2000&limit=500",
        "filter gemeente+hard+jaren": (
            "/api/v1/locaties?gemeente=GM0518&hardheid=hard&oplevering_van=2024&oplevering_tot=2030"
        ),
        "zoeken q, limit=12": "/api/v1/locaties?q=Locatie%20123&limit=12",
    }


def _client(store: Store):
    app = create_app({"TESTING": True, "DATABASE_URL": store.url, "BASISKAART": False})
    return app.test_client()


def _meet(client, url: str, rondes: int) -> tuple[list[float], dict]:
    tijden = []
    data: dict = {}
    for _ in range(rondes):
        begin = time.perf_counter()
        r = client.get(url)
        tijden.append(time.perf_counter() - begin)
        assert r.status_code == 200, r.get_json()
        data = r.get_json()
    return tijden, data


def test_api_locaties_bbox(benchmark, tmp_path) -> None:
    """pytest-benchmark: a lon/lat bbox query on 5,000 sites."""
    store = vul_store(tmp_path / "bench.sqlite")
    client = _client(store)
    url = verzoeken()["bbox 2x2 km (lon/lat)"]
    r = benchmark.pedantic(client.get, args=(url,), rounds=10, iterations=1)
    data = r.get_json()
    assert 0 < data["numberMatched"] < 5000
    benchmark.extra_info["gevonden"] = data["numberMatched"]
    store.sluit()


def test_api_locaties_pagina(benchmark, tmp_path) -> None:
    """pytest-benchmark: one page of 500 from the middle of 5,000 sites."""
    store = vul_store(tmp_path / "bench.sqlite")
    client = _client(store)
    url = verzoeken()["pagina offset=2000 limit=500"]
    r = benchmark.pedantic(client.get, args=(url,), rounds=10, iterations=1)
    data = r.get_json()
    assert (data["numberMatched"], data["numberReturned"]) == (5000, 500)
    store.sluit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locaties", type=int, default=5000, help="aantal locaties (5000)")
    parser.add_argument("--rondes", type=int, default=10, help="rondes per verzoek (10)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as map_:
        begin = time.perf_counter()
        store = vul_store(Path(map_) / "bench.sqlite", args.locaties)
        print(f"Store met {args.locaties} locaties gevuld in {time.perf_counter() - begin:.1f} s")
        client = _client(store)
        client.get("/api/v1/locaties?limit=1")  # warm up (schema, caches)
        print(
            f"{'verzoek':32} {'gevonden':>8} {'terug':>6} {'mediaan':>9} {'snelst':>9} {'traagst':>9}"
        )
        for label, url in verzoeken().items():
            tijden, data = _meet(client, url, args.rondes)
            print(
                f"{label:32} {data['numberMatched']:>8} {data['numberReturned']:>6} "
                f"{statistics.median(tijden) * 1000:>7.1f}ms {min(tijden) * 1000:>7.1f}ms "
                f"{max(tijden) * 1000:>7.1f}ms"
            )
        store.sluit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
