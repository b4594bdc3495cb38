"""Benchmark: memory and write-lock time of a web import of large GeoJSON files.

Starts the production server (``python -m locatieplanner serve``, gunicorn, as
``tests/server_proces.py`` does) on 127.0.0.1 with a temporary SQLite database, uploads
generated GeoJSON files of about 10 and 40 MB (sites as 24-vertex polygons and points in
EPSG:4326, in the nine municipalities of ``bench_analyse``) through ``/importeer`` with an
administrator's API token, samples the RSS of all server processes meanwhile (psutil when
installed, else ``/proc``) and prints idle, peak, peak minus idle as a multiple of the file
size, and how long the import held the database's write transaction.

Idle is measured after a warm-up import of a few sites (which loads GDAL, pandas, ...): the
steady state of a server that serves imports. The server runs one worker process by default,
so that the warm-up reaches the process that does the measured import (with more workers the
import may land on a cold one, which then loads its libraries during the measurement). Run as
a script::

    python benchmarks/bench_upload.py [--mb 10,40] [--workers 1]

or with pytest-benchmark (one 5 MB upload)::

    python -m pytest benchmarks/bench_upload.py --benchmark-only
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import secrets
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from bench_analyse import maak_gegevens
from shapely.geometry import Point, Polygon

from locatieplanner.crs import naar_wgs84
from locatieplanner.domein.model import STATUSSEN, Corporatie
from locatieplanner.domein.rechten import Account
from locatieplanner.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from server_proces import Serverproces  # noqa: E402

__all__ = [
    "CORPORATIES",
    "Geheugenmeter",
    "main",
    "maak_geojson",
    "maak_store",
    "processen",
    "rss_van",
    "test_upload_5mb",
    "upload",
]

#: The corporations of the generated sites (each works in every municipality).
CORPORATIES = ("Staedion", "Vidomes")
_HOEKPUNTEN = 24


def maak_geojson(
    pad: Path, aantal: int | None = None, *, mb: float | None = None, begin: int = 0, seed: int = 7
) -> int:
    """Write a GeoJSON FeatureCollection (EPSG:4326) of generated sites in the nine 6 x 6 km
    municipalities of ``bench_analyse`` (RD 70000..88000, 440000..458000): ``aantal`` sites,
    or as many as make the file about ``mb`` megabytes. Every fifth site is a point, the others
    24-vertex polygons; ``bron_id`` is ``G-<number>`` counting from ``begin``. Returns the
    number of sites."""
    if (aantal is None) == (mb is None):
        raise ValueError("geef aantal of mb")
    rnd = random.Random(seed)
    statussen = sorted(STATUSSEN)
    grens = None if mb is None else int(mb * 1_000_000)
    geschreven = 0
    nummer = begin
    with pad.open("w", encoding="utf-8") as f:
        f.write('{"type": "FeatureCollection", "features": [\n')
        while True:
            geoms, kenmerken = [], []
            for _ in range(1000):
                x, y = rnd.uniform(70200, 87800), rnd.uniform(440200, 457800)
                if nummer % 5 == 0:
                    geoms.append(Point(x, y))
                else:
                    r = rnd.uniform(15, 80)
                    hoeken = [2 * math.pi * k / _HOEKPUNTEN for k in range(_HOEKPUNTEN)]
                    geoms.append(
                        Polygon([(x + r * math.cos(h), y + r * math.sin(h)) for h in hoeken])
                    )
                daeb, start = rnd.randint(0, 120), rnd.randint(2022, 2027)
                kenmerken.append(
                    {
                        "bron_id": f"G-{nummer:06d}",
                        "naam": f"Locatie {nummer} Ëïland",
                        "status": rnd.choice(statussen),
                        "fase": rnd.randint(0, 7),
                        "daeb": daeb,
                        "soc_huur": rnd.randint(0, 30),
                        "goedk_koop": rnd.randint(0, 30),
                        "midden": rnd.randint(0, 40),
                        "bet_koop": rnd.randint(0, 40),
                        "overig": rnd.randint(0, 50),
                        "start": start,
                        "oplevering": start + rnd.randint(0, 4),
                        "opmerking": "gegenereerd voor de benchmark",
                        "corporatie": rnd.choice(CORPORATIES) if daeb else None,
                    }
                )
                nummer += 1
                if aantal is not None and nummer - begin >= aantal:
                    break
            for g, k in zip(naar_wgs84(geoms, 7), kenmerken, strict=True):
                tekst = json.dumps(
                    {"type": "Feature", "properties": k, "geometry": g.__geo_interface__},
                    ensure_ascii=False,
                )
                f.write((",\n" if geschreven else "") + tekst)
                geschreven += 1
            klaar = nummer - begin >= aantal if aantal is not None else f.tell() >= grens
            if klaar:
                break
        f.write("\n]}\n")
    return geschreven


def maak_store(url: str) -> tuple[Account, str]:
    """A store at ``url`` with the region, its nine municipalities of ``bench_analyse``, the
    corporations and an administrator; returns the account and its API token."""
    regio, gemeenten, *_ = maak_gegevens(1)
    store = Store.open(url)
    try:
        store.zet_regio(regio)
        store.bewaar_gemeenten(gemeenten)
        for naam in CORPORATIES:
            store.bewaar_corporatie(Corporatie(naam, naam[:3].upper(), list(regio.codes)))
        account = store.accounts_repo.maak(
            Account("bench-beheerder", "beheerder"), secrets.token_urlsafe(16)
        )
        token, _ = store.als(account).accounts_repo.maak_token(account.naam, "benchmark")
    finally:
        store.sluit()
    return account, token


def upload(
    url: str, token: str, pad: Path, *, droog: bool = False, timeout: float = 600
) -> tuple[int, dict]:
    """POST ``pad`` to ``/importeer`` (multipart, streamed from disk) with ``token``; the
    status and the JSON report (or error)."""
    grens = "----bench" + secrets.token_hex(8)
    velden = [("soort", "locaties")] + ([("droog", "1")] if droog else [])
    kop = b"".join(
        f'--{grens}\r\nContent-Disposition: form-data; name="{n}"\r\n\r\n{w}\r\n'.encode()
        for n, w in velden
    )
    kop += (
        f'--{grens}\r\nContent-Disposition: form-data; name="bestand"; filename="{pad.name}"\r\n'
        "Content-Type: application/geo+json\r\n\r\n"
    ).encode()
    staart = f"\r\n--{grens}--\r\n".encode()

    def delen() -> Iterator[bytes]:
        yield kop
        with pad.open("rb") as f:
            while blok := f.read(1 << 20):
                yield blok
        yield staart

    verzoek = urllib.request.Request(
        url + "/importeer",
        data=delen(),
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            "Content-Type": f"multipart/form-data; boundary={grens}",
            "Content-Length": str(len(kop) + pad.stat().st_size + len(staart)),
        },
    )
    try:
        with urllib.request.urlopen(verzoek, timeout=timeout) as antwoord:
            return antwoord.status, json.loads(antwoord.read())
    except urllib.error.HTTPError as fout:
        with fout:
            return fout.code, json.loads(fout.read() or b"{}")


def processen(pid: int) -> list[int]:
    """``pid`` and all its descendants (a gunicorn master and its workers), from ``/proc``."""
    ouders: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            velden = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ouders.setdefault(int(velden[1]), []).append(int(stat.parent.name))
    uit, open_ = [], [pid]
    while open_:
        p = open_.pop()
        uit.append(p)
        open_.extend(ouders.get(p, []))
    return uit


def rss_van(pids: list[int]) -> int:
    """Resident memory in bytes of the processes ``pids`` together: psutil when installed,
    else ``/proc/<pid>/status``."""
    try:
        import psutil
    except ImportError:
        psutil = None
    totaal = 0
    for pid in pids:
        if psutil is not None:
            with contextlib.suppress(psutil.NoSuchProcess):
                totaal += psutil.Process(pid).memory_info().rss
            continue
        with contextlib.suppress(OSError):
            for regel in Path(f"/proc/{pid}/status").read_text().splitlines():
                if regel.startswith("VmRSS:"):
                    totaal += int(regel.split()[1]) * 1024
    return totaal


class Geheugenmeter:
    """Samples :func:`rss_van` every ``interval`` seconds in a thread; ``piek`` is the highest."""

    def __init__(self, pids: list[int], interval: float = 0.02) -> None:
        self.pids = pids
        self.interval = interval
        self.piek = 0
        self._stop = threading.Event()
        self._draad = threading.Thread(target=self._meet, daemon=True)

    def _meet(self) -> None:
        while not self._stop.is_set():
            self.piek = max(self.piek, rss_van(self.pids))
            self._stop.wait(self.interval)

    def __enter__(self) -> Geheugenmeter:
        self._draad.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._draad.join(timeout=10)


def _rust(pids: list[int], seconden: float = 1.0) -> int:
    """The server's RSS at rest: the median of samples over ``seconden``."""
    metingen = []
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        metingen.append(rss_van(pids))
        time.sleep(0.05)
    return sorted(metingen)[len(metingen) // 2]


def meet(map_: Path, groottes_mb: list[float], workers: int = 1) -> list[dict]:
    """Per file size: a fresh server on a fresh database, a warm-up import, then the upload of
    a generated file of that size; one result row per file."""
    rijen = []
    for mb in groottes_mb:
        werk = map_ / f"{mb:g}mb"
        werk.mkdir()
        url = f"sqlite:///{werk / 'bench.sqlite'}"
        _account, token = maak_store(url)
        pad = werk / f"locaties-{mb:g}mb.geojson"
        aantal = maak_geojson(pad, mb=mb, seed=int(mb * 10))
        opwarmer = werk / "opwarmen.geojson"
        maak_geojson(opwarmer, 10, begin=10**6 - 10, seed=1)
        with Serverproces(werk / "instance", url, "--workers", str(workers)) as server:
            status, rapport = upload(server.url, token, opwarmer)
            if status != 200:
                raise RuntimeError(f"opwarmen mislukt: {status} {rapport}")
            pids = processen(server.proces.pid)
            rust = _rust(pids)
            begin = time.perf_counter()
            with Geheugenmeter(pids) as meter:
                status, rapport = upload(server.url, token, pad)
            duur = time.perf_counter() - begin
        if status != 200:
            raise RuntimeError(f"import van {pad.name} mislukt: {status} {rapport}")
        grootte = pad.stat().st_size
        rijen.append(
            {
                "bestand": pad.name,
                "mb": grootte / 1_000_000,
                "locaties": aantal,
                "toegevoegd": rapport["toegevoegd"],
                "rust_mb": rust / 1_000_000,
                "piek_mb": meter.piek / 1_000_000,
                "factor": (meter.piek - rust) / grootte,
                "slot_s": rapport["slotduur_s"],
                "duur_s": duur,
            }
        )
    return rijen


def test_upload_5mb(benchmark, tmp_path) -> None:
    """pytest-benchmark: one web import of a 5 MB GeoJSON through the production server."""
    rijen = benchmark.pedantic(meet, args=(tmp_path, [5], 1), rounds=1, iterations=1)
    assert rijen[0]["toegevoegd"] == rijen[0]["locaties"]
    benchmark.extra_info.update(rijen[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", default="10,40", help="bestandsgroottes in MB (10,40)")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn-workers (1)")
    args = parser.parse_args(argv)
    groottes = [float(m) for m in args.mb.split(",")]
    os.environ.setdefault("PYTHONPATH", str(Path(__file__).resolve().parents[1]))
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as tmp:
        rijen = meet(Path(tmp), groottes, args.workers)
    print(
        f"{'bestand':24} {'MB':>6} {'locaties':>9} {'rust':>8} {'piek':>8} "
        f"{'piek-rust':>10} {'x bestand':>9} {'slot':>7} {'totaal':>8}"
    )
    for r in rijen:
        print(
            f"{r['bestand']:24} {r['mb']:6.1f} {r['locaties']:9d} {r['rust_mb']:6.0f}MB "
            f"{r['piek_mb']:6.0f}MB {r['piek_mb'] - r['rust_mb']:8.0f}MB {r['factor']:9.2f} "
            f"{r['slot_s']:6.2f}s {r['duur_s']:7.1f}s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
