"""The national benchmark of issue 13 (point 6): one command, one table with the targets.

For each store (SQLite, PostGIS) and each number of sites it generates the national dataset
(:mod:`landelijk`: all CBS municipalities, 300 corporations, 1-3 assignments per site, removals,
cases), loads it and measures, against the real components:

- ``import``: ``locatieplanner locaties importeer`` as a process, the GeoPackage with the
  ``toewijzingen`` table and the variant with one ``corporatie`` per site (wall and CPU time,
  peak memory via ``/usr/bin/time -v``);
- ``analyse``: ``analyse --formaat json`` (command, peak memory, JSON size) and, in a process of
  its own, the computation ``bereken`` apart from reading the store (``lees_invoer``);
- ``export``: ``exporteer`` to GeoPackage and shapefile zip next to ``ogr2ogr`` on the same data
  (the exported GeoPackage) in the same run: the ratio;
- ``peildatum``: ``peildatum vastleggen``; ``rapport``: ``rapport --regio`` as HTML and PDF;
- ``kaart``: against the production server (``locatieplanner serve``, 2 workers) in headless
  Chromium: bytes of the map page and its assets as transferred, the first view drawn (from
  navigation start until the map says ``data-geladen="ja"`` and shows features), and the view of
  Utrecht (GM0344): bytes and time of the site requests;
- ``spreiding``: ``/spreiding`` in Chromium: bytes and time until the load event;
- ``api``: ``GET /api/v1/locaties?bbox=...`` with random municipality-size boxes from 50
  concurrent clients on 127.0.0.1 for 30 s (API token, ``Accept-Encoding: gzip, deflate, br``):
  p50/p95/p99, throughput, errors; twice: "koud" starts with none of the 500 boxes kept (each is
  a cache miss the first time), "warm" repeats the same load once they are; and the server's
  memory (RSS of all its processes). The load
  comes from ``wrk`` when it is on PATH (a Lua script picks the paths and sets the headers;
  it takes far less of the 2 cores than 50 Python threads), else from Python threads
  (``--belaster``); the row names the client. ``--vloer`` adds the same load on ``/gereed``
  (no database, no cache): the floor of the machine and client.

Run from the project root (``--help`` lists the options)::

    python benchmarks/nationaal.py --aantallen 1000,10000,100000 --stores sqlite,postgis
    python benchmarks/nationaal.py --snel            # 1,000 sites, SQLite, a 5 s load test

The machine may be busy (others running tests): the table gives CPU time next to wall time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HIER = Path(__file__).resolve().parent
PROJECT = HIER.parent
# this working copy, landelijk, and the tests' helpers (server process, PostGIS, accounts)
for _pad in (PROJECT / "tests", HIER, PROJECT):
    if str(_pad) not in sys.path:
        sys.path.insert(0, str(_pad))

from landelijk import Dataset, genereer, laad_basis, laad_rest, lees_gemeenten  # noqa: E402

__all__ = ["METINGEN", "Rij", "Meting", "meet_commando", "belast", "belast_wrk", "main"]

METINGEN = ("import", "analyse", "export", "peildatum", "rapport", "kaart", "spreiding", "api")
MB = 1024 * 1024
KB = 1024
UTRECHT = "GM0344"
#: Done when the map says so and shows at least one feature (path, marker or canvas).
GETEKEND = """() => {
    if (!document.querySelector('[data-geladen="ja"]')) return false;
    const n = document.querySelectorAll(
        '.leaflet-overlay-pane path, .leaflet-overlay-pane canvas, .leaflet-marker-pane > *'
    ).length;
    return n > 0 ? performance.now() : false;
}"""


# --------------------------------------------------------------------------- results


@dataclass
class Rij:
    """One line of the table."""

    opslag: str
    aantal: int
    meting: str
    gemeten: str
    cpu: str = ""
    doel: str = "–"
    gehaald: bool | None = None

    @property
    def oordeel(self) -> str:
        return {True: "gehaald", False: "niet gehaald", None: "–"}[self.gehaald]


@dataclass
class Meting:
    """A command measured by ``/usr/bin/time -v``."""

    rc: int
    wand: float
    cpu: float | None = None
    piek_mb: float | None = None
    uitvoer: str = ""
    fout: str = ""

    @property
    def gelukt(self) -> bool:
        return self.rc == 0

    @property
    def cpu_tekst(self) -> str:
        return "" if self.cpu is None else f"{self.cpu:.1f} s"

    def tekst(self, extra: str = "") -> str:
        if not self.gelukt:
            return f"mislukt ({_eerste_fout(self)})"
        piek = f", piek {self.piek_mb:.0f} MB" if self.piek_mb is not None else ""
        return f"{self.wand:.2f} s{piek}{extra}"


def _eerste_fout(m: Meting) -> str:
    regels = [r.strip() for r in m.fout.splitlines() if r.strip() and not r.startswith("\t")]
    kort = next((r for r in regels if "Error" in r or "Fout" in r or ":" in r), "")
    return (kort or f"code {m.rc}")[:160].replace("|", "/")


def _getal(tekst: str, label: str) -> float | None:
    gevonden = re.search(re.escape(label) + r":\s*([\d.]+)", tekst)
    return float(gevonden.group(1)) if gevonden else None


def meet_commando(args: list[str], timeout: float, cwd: Path | None = None) -> Meting:
    """Run ``args`` under ``/usr/bin/time -v`` (when present): wall time, CPU, peak RSS."""
    tijd = Path("/usr/bin/time")
    cmd = [str(tijd), "-v", *args] if tijd.exists() else args
    begin = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired:
        return Meting(-1, timeout, fout=f"time-out na {timeout:.0f} s")
    wand = time.perf_counter() - begin
    gebruiker = _getal(p.stderr, "User time (seconds)")
    systeem = _getal(p.stderr, "System time (seconds)")
    piek = _getal(p.stderr, "Maximum resident set size (kbytes)")
    fout = p.stderr.split("\tCommand being timed:")[0]
    return Meting(
        p.returncode,
        wand,
        None if gebruiker is None else gebruiker + (systeem or 0),
        None if piek is None else piek / 1024,
        p.stdout,
        fout,
    )


def _cli(url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "locatieplanner", "--database", url, *args]


# --------------------------------------------------------------------------- stores


class Sqlite:
    """A temporary SQLite file per database."""

    naam = "sqlite"

    def __init__(self, map_: Path) -> None:
        self.map = map_

    def database(self, naam: str) -> str:
        return f"sqlite:///{self.map / naam}.sqlite"

    def kopie(self, bron: str, naam: str) -> str:
        """A copy of the database ``bron`` (a URL of :meth:`database`) named ``naam``."""
        import sqlite3

        url = self.database(naam)
        van = sqlite3.connect(bron.removeprefix("sqlite:///"))
        naar = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            van.backup(naar)
        finally:
            van.close()
            naar.close()
        return url

    def stop(self) -> None:
        pass


class Postgis:
    """A throw-away PostgreSQL/PostGIS server (tests/postgis_server.py) with a template that
    has the PostGIS extension; one database per import."""

    naam = "postgis"
    SJABLOON = "lp_bench_sjabloon"

    def __init__(self) -> None:
        from postgis_server import PostgisServer, zoek_pg_bin
        from sqlalchemy import create_engine

        bindir = zoek_pg_bin()
        if bindir is None:
            raise RuntimeError("PostgreSQL met PostGIS ontbreekt (apt-get install postgis)")
        self.server = PostgisServer(bindir)
        self.url = self.server.start()
        self.basis = self.url.rsplit("/", 1)[0]
        self.engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self._sql(f"CREATE DATABASE {self.SJABLOON}")
        self._sql("CREATE EXTENSION postgis", f"{self.basis}/{self.SJABLOON}")

    def _sql(self, opdracht: str, url: str | None = None) -> None:
        from sqlalchemy import create_engine, text

        engine = self.engine if url is None else create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as verbinding:
            verbinding.execute(text(opdracht))
        if url is not None:
            engine.dispose()

    def database(self, naam: str, sjabloon: str | None = None) -> str:
        self._sql(f'CREATE DATABASE "{naam}" TEMPLATE "{sjabloon or self.SJABLOON}"')
        return f"{self.basis}/{naam}"

    def kopie(self, bron: str, naam: str) -> str:
        """A copy of the database ``bron`` (a URL of :meth:`database`) named ``naam``."""
        return self.database(naam, sjabloon=bron.rsplit("/", 1)[1])

    def stop(self) -> None:
        self.engine.dispose()
        self.server.stop()


# --------------------------------------------------------------------------- machine


def machine() -> dict[str, str]:
    """Date, machine and commit for the table's heading."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    ram = re.search(r"MemTotal:\s*(\d+)", meminfo)
    try:
        commit = subprocess.run(
            ["git", "-C", str(PROJECT), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.strip()
    except OSError:
        commit = "onbekend"
    return {
        "datum": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": model.group(1).strip() if model else "onbekend",
        "ram": f"{int(ram.group(1)) / 1024 / 1024:.1f} GB" if ram else "onbekend",
        "belasting": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
        "commit": commit or "onbekend",
    }


# --------------------------------------------------------------------------- server


def _groep(groep: int) -> Iterator[tuple[Path, list[str]]]:
    """(/proc folder, fields of its stat after the name) of each process in group ``groep``."""
    for pad in Path("/proc").iterdir():
        if not pad.name.isdigit():
            continue
        try:
            velden = (pad / "stat").read_text().rsplit(")", 1)[1].split()
            if int(velden[2]) == groep:
                yield pad, velden
        except (OSError, IndexError, ValueError):
            continue


def _proces_rss_mb(groep: int) -> float:
    """RSS (MB) of all processes in process group ``groep`` (the server and its workers)."""
    totaal = 0
    for pad, _velden in _groep(groep):
        try:
            gevonden = re.search(r"VmRSS:\s*(\d+)", (pad / "status").read_text())
        except OSError:
            continue
        totaal += int(gevonden.group(1)) if gevonden else 0
    return totaal / 1024


def _proces_cpu(groep: int) -> float:
    """CPU seconds (user + system) used so far by the living processes of group ``groep``."""
    tikken = sum(int(v[11]) + int(v[12]) for _pad, v in _groep(groep))
    return tikken / os.sysconf("SC_CLK_TCK")


@contextmanager
def _geheugenpeiling(groep: int) -> Iterator[dict[str, float]]:
    """The peak RSS of the process group while the block runs (sampled every 0.2 s)."""
    piek = {"mb": _proces_rss_mb(groep)}
    klaar = threading.Event()

    def peil() -> None:
        while not klaar.wait(0.2):
            piek["mb"] = max(piek["mb"], _proces_rss_mb(groep))

    draad = threading.Thread(target=peil, daemon=True)
    draad.start()
    try:
        yield piek
    finally:
        klaar.set()
        draad.join(5)
        piek["mb"] = max(piek["mb"], _proces_rss_mb(groep))


def _kwantiel(waarden: list[float], q: float) -> float:
    geordend = sorted(waarden)
    return geordend[min(len(geordend) - 1, int(q * len(geordend)))]


def _koppen(token: str) -> dict[str, str]:
    """The headers of every request of the load test."""
    return {
        "Authorization": f"Bearer {token}",
        "Accept-Encoding": "gzip, deflate, br",
        "Accept": "application/geo+json",
    }


def belast(
    poort: int,
    token: str,
    paden: list[str],
    clients: int,
    duur: float,
    zaad: int = 13,
) -> dict[str, Any]:
    """``clients`` threads each send GETs of random ``paden`` to 127.0.0.1:``poort`` over one
    keep-alive connection for ``duur`` seconds (at most 100,000 requests each): latencies (ms),
    throughput and errors (status other than 200, or a broken connection)."""
    kop = _koppen(token)
    tijden: list[float] = []
    fouten: dict[str, int] = {}
    slot = threading.Lock()
    einde = time.monotonic() + duur

    def client(nummer: int) -> None:
        kans = random.Random(zaad * 1000 + nummer)
        eigen_tijden: list[float] = []
        eigen_fouten: dict[str, int] = {}
        verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=60)
        for _ in range(100_000):
            if time.monotonic() >= einde:
                break
            begin = time.perf_counter()
            try:
                verbinding.request("GET", kans.choice(paden), headers=kop)
                antwoord = verbinding.getresponse()
                antwoord.read()
                status = str(antwoord.status)
            except (OSError, http.client.HTTPException) as fout:
                status = type(fout).__name__
                verbinding.close()
                verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=60)
            eigen_tijden.append((time.perf_counter() - begin) * 1000)
            if status != "200":
                eigen_fouten[status] = eigen_fouten.get(status, 0) + 1
        verbinding.close()
        with slot:
            tijden.extend(eigen_tijden)
            for k, v in eigen_fouten.items():
                fouten[k] = fouten.get(k, 0) + v

    begin = time.monotonic()
    draden = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(duur + 120)
    verstreken = time.monotonic() - begin
    return {
        "aantal": len(tijden),
        "p50": _kwantiel(tijden, 0.50) if tijden else None,
        "p95": _kwantiel(tijden, 0.95) if tijden else None,
        "p99": _kwantiel(tijden, 0.99) if tijden else None,
        "per_seconde": (len(tijden) - sum(fouten.values())) / verstreken,
        "fouten": fouten,
    }


#: The Lua script of :func:`belast_wrk`: a random path of ``PADEN`` per request (each thread
#: seeded apart), the headers of :func:`belast`, non-2xx answers counted per thread, and at the
#: end one line ``WRK_JSON {...}`` with the count, duration and latency quantiles (ms).
_WRK_LUA = """
local paden = PADEN
local kop = KOP
local draden = {}
function setup(thread)
    table.insert(draden, thread)
    thread:set("zaad", ZAAD * 1000 + #draden)
end
function init(args)
    math.randomseed(zaad)
    fouten = 0
end
function request()
    return wrk.format("GET", paden[math.random(#paden)], kop)
end
function response(status, headers, body)
    if status < 200 or status > 299 then fouten = fouten + 1 end
end
function done(summary, latency, requests)
    local status = 0
    for _, t in ipairs(draden) do status = status + t:get("fouten") end
    local e = summary.errors
    io.write(string.format(
        'WRK_JSON {"aantal": %d, "duur_us": %d, "p50": %.3f, "p95": %.3f, "p99": %.3f, '
        .. '"status": %d, "socket": %d}\\n',
        summary.requests, summary.duration, latency:percentile(50) / 1000,
        latency:percentile(95) / 1000, latency:percentile(99) / 1000, status,
        e.connect + e.read + e.write + e.timeout))
end
"""


def _lua_tekst(waarde: str) -> str:
    return json.dumps(waarde)  # a JSON string of ASCII is a valid Lua string


def belast_wrk(
    poort: int,
    token: str,
    paden: list[str],
    clients: int,
    duur: float,
    zaad: int = 13,
) -> dict[str, Any]:
    """:func:`belast` with ``wrk`` (2 threads, ``clients`` keep-alive connections): latencies
    from wrk's own distribution, errors = non-2xx answers + socket errors."""
    kop = _koppen(token)
    lua = (
        _WRK_LUA.replace("PADEN", "{" + ", ".join(_lua_tekst(p) for p in paden) + "}")
        .replace(
            "KOP",
            "{" + ", ".join(f"[{_lua_tekst(k)}] = {_lua_tekst(w)}" for k, w in kop.items()) + "}",
        )
        .replace("ZAAD", str(int(zaad)))
    )
    with tempfile.TemporaryDirectory() as map:
        script = Path(map) / "belast.lua"
        script.write_text(lua, "utf-8")
        uit = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{clients}",
                f"-d{max(1, round(duur))}s",
                "--timeout",
                "60s",
                "-s",
                str(script),
                f"http://127.0.0.1:{poort}",
            ],
            capture_output=True,
            text=True,
            timeout=duur + 180,
            check=False,
        )
    regel = next((r for r in uit.stdout.splitlines() if r.startswith("WRK_JSON ")), None)
    if uit.returncode != 0 or regel is None:
        raise RuntimeError(f"wrk mislukt ({uit.returncode}): {(uit.stderr or uit.stdout)[-300:]}")
    w = json.loads(regel.removeprefix("WRK_JSON "))
    fouten = {k: w[k] for k in ("status", "socket") if w[k]}
    return {
        "aantal": w["aantal"],
        "p50": w["p50"],
        "p95": w["p95"],
        "p99": w["p99"],
        "per_seconde": (w["aantal"] - w["status"]) / (w["duur_us"] / 1e6),
        "fouten": fouten,
    }


def bbox_paden(aantal: int = 500, zaad: int = 13) -> list[str]:
    """API paths with the lon/lat box of a random municipality (weighted by nothing)."""
    gemeenten = lees_gemeenten().to_crs("EPSG:4326")
    kans = random.Random(zaad)
    vakken = gemeenten.geometry.bounds.to_numpy()
    return [
        "/api/v1/locaties?bbox=" + ",".join(f"{v:.5f}" for v in kans.choice(vakken))
        for _ in range(aantal)
    ]


# --------------------------------------------------------------------------- browser


@dataclass
class Bezoek:
    """One page visit in a fresh browser context: drawn time (ms since navigation start or
    None) and the transferred bytes per kind of request."""

    ms: float | None
    bytes_pagina: int = 0
    bytes_api: int = 0
    bytes_locaties: int = 0
    locatieverzoeken: int = 0
    fout: str = ""


def _bezoek(browser: Any, url: str, token: str, klaar: str | None, wacht: float) -> Bezoek:
    context = browser.new_context(
        extra_http_headers={"Authorization": f"Bearer {token}"},
        viewport={"width": 1280, "height": 800},
    )
    verzoeken: list[Any] = []
    try:
        pagina = context.new_page()
        pagina.on("requestfinished", lambda verzoek: verzoeken.append(verzoek))
        pagina.goto(url, wait_until="commit", timeout=wacht * 1000)
        if klaar is None:
            pagina.wait_for_load_state("load", timeout=wacht * 1000)
            ms = pagina.evaluate(
                "performance.getEntriesByType('navigation')[0].loadEventEnd || performance.now()"
            )
        else:
            ms = pagina.wait_for_function(klaar, timeout=wacht * 1000, polling=50).json_value()
        with suppress(Exception):  # still fetching after 30 s: count what arrived
            pagina.wait_for_load_state("networkidle", timeout=30_000)
        bezoek = Bezoek(ms)
    except Exception as fout:  # noqa: BLE001 - a timeout is a result of the benchmark
        bezoek = Bezoek(None, fout=str(fout).splitlines()[0][:120])
    for verzoek in verzoeken:
        try:
            maten = verzoek.sizes()
        except Exception:  # noqa: BLE001 - a request of a closed page
            continue
        grootte = maten["responseBodySize"] + maten["responseHeadersSize"]
        if "/api/" in verzoek.url:
            bezoek.bytes_api += grootte
            if "/api/v1/locaties" in verzoek.url:
                bezoek.bytes_locaties += grootte
                bezoek.locatieverzoeken += 1
        else:
            bezoek.bytes_pagina += grootte
    context.close()
    return bezoek


@contextmanager
def _chromium() -> Iterator[Any]:
    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# --------------------------------------------------------------------------- one run


@dataclass
class Lopen:
    """One store and one number of sites: collects the table's rows."""

    opslag: Any
    dataset: Dataset
    args: argparse.Namespace
    werk: Path
    rijen: list[Rij] = field(default_factory=list)
    basis: str | None = None

    def rij(self, meting: str, gemeten: str, cpu: str = "", doel: str = "–", gehaald=None):
        r = Rij(self.opslag.naam, self.dataset.aantal, meting, gemeten, cpu, doel, gehaald)
        self.rijen.append(r)
        print(f"  {r.meting}: {r.gemeten} [{r.oordeel}]", file=sys.stderr, flush=True)

    def doe(self, wat: str) -> bool:
        return wat in self.args.alleen

    def commando(self, url: str, *args: str) -> Meting:
        return meet_commando(_cli(url, *args), self.args.timeout, cwd=self.werk)

    # -- import

    def _importeer(self, naam: str, pad: Path, label: str, meten: bool) -> str | None:
        if self.basis is None:  # region, boundaries, stocks, corporations: loaded once
            self.basis = self.opslag.database(f"n{self.dataset.aantal}_basis")
            laad_basis(self.basis, self.dataset)
        url = self.opslag.kopie(self.basis, f"n{self.dataset.aantal}_{naam}")
        m = self.commando(url, "locaties", "importeer", str(pad))
        if meten:
            s = self.dataset.samenvatting
            onder = m.gelukt and m.wand < 15
            goed = onder and (naam != "toewijzingen" or (m.piek_mb or 0) < 1024)
            doel = "geaccepteerd; < 15 s" + ("; piek < 1 GB" if naam == "toewijzingen" else "")
            rijen = f", {s['toewijzingen']} toewijzingen" if naam == "toewijzingen" else ""
            tekst = f"{label} ({s['locaties']} locaties{rijen})"
            self.rij(f"import {tekst}", m.tekst(), m.cpu_tekst, doel, goed)
        return url if m.gelukt else None

    def importeer(self) -> str | None:
        """The measured imports; the URL of a store with the sites (None: both refused)."""
        d = self.dataset
        url = self._importeer("toewijzingen", d.locaties, "GeoPackage + tabel", self.doe("import"))
        if self.doe("import") or url is None:
            andere = self._importeer(
                "corporatie", d.locaties_corporatie, "GeoPackage, 1 corporatie", self.doe("import")
            )
            url = url or andere
        return url

    # -- commands

    def analyse(self, url: str) -> None:
        uit = self.werk / "analyse.json"
        m = self.commando(url, "analyse", "--formaat", "json", "--uitvoer", str(uit))
        grootte = f", {uit.stat().st_size / MB:.1f} MB JSON" if m.gelukt else ""
        self.rij(
            "analyse --formaat json (commando)",
            m.tekst(grootte),
            m.cpu_tekst,
            "< 3 s",
            m.gelukt and m.wand < 3,
        )
        reken = meet_commando(
            [sys.executable, str(Path(__file__)), "--reken", url], self.args.timeout
        )
        if reken.gelukt:
            tijden = json.loads(reken.uitvoer.strip().splitlines()[-1])
            self.rij(
                "analyse: lees_invoer (store lezen)",
                f"{tijden['lees']:.2f} s",
                f"{tijden['lees_cpu']:.1f} s",
            )
            self.rij(
                "analyse: bereken (rekentijd)",
                f"{tijden['reken']:.2f} s",
                f"{tijden['reken_cpu']:.1f} s",
                "< 1 s",
                tijden["reken"] < 1,
            )
        else:
            self.rij("analyse: rekentijd", reken.tekst())

    def export(self, url: str) -> None:
        for formaat, naam, ogr in (
            ("GeoPackage", "export.gpkg", ["-f", "GPKG", "ogr.gpkg"]),
            ("shapefile zip", "export.zip", ["-f", "ESRI Shapefile", "ogr.shp.zip"]),
        ):
            (self.werk / naam).unlink(missing_ok=True)
            m = self.commando(url, "exporteer", str(self.werk / naam))
            bron = self.werk / "export.gpkg"
            if not (m.gelukt and bron.exists()):
                self.rij(f"export {formaat}", m.tekst(), m.cpu_tekst, "<= 1,5 x ogr2ogr", False)
                continue
            for oud in self.werk.glob("ogr.*"):
                shutil.rmtree(oud) if oud.is_dir() else oud.unlink()
            o = meet_commando(["ogr2ogr", *ogr, str(bron)], self.args.timeout, cwd=self.werk)
            if not o.gelukt:
                self.rij(f"export {formaat}", m.tekst(f"; ogr2ogr {o.tekst()}"), m.cpu_tekst)
                continue
            verhouding = m.wand / o.wand
            cpu = f", CPU {m.cpu / o.cpu:.1f} x" if m.cpu and o.cpu else ""
            self.rij(
                f"export {formaat} (naast ogr2ogr)",
                m.tekst(f"; ogr2ogr {o.wand:.2f} s; {verhouding:.1f} x{cpu}"),
                m.cpu_tekst,
                "<= 1,5 x ogr2ogr",
                verhouding <= 1.5,
            )

    def peildatum(self, url: str) -> None:
        naam = f"bench {dt.datetime.now(dt.UTC):%H%M%S%f}"
        m = self.commando(url, "peildatum", "vastleggen", "--datum", "2026-01-01", "--naam", naam)
        self.rij("peildatum vastleggen", m.tekst(), m.cpu_tekst)

    def rapport(self, url: str) -> None:
        for formaat in ("html", "pdf"):
            uit = self.werk / f"regio.{formaat}"
            m = self.commando(
                url, "rapport", "--regio", "--formaat", formaat, "--uitvoer", str(uit)
            )
            grootte = f", {uit.stat().st_size / KB:.0f} KB" if m.gelukt else ""
            self.rij(f"rapport --regio --formaat {formaat}", m.tekst(grootte), m.cpu_tekst)

    # -- server

    def server(self, url: str) -> None:
        from aanmelding import token_voor
        from server_proces import Serverproces

        token = token_voor(url)
        server = Serverproces(self.werk / "instance", url, "--workers", "2").start(wacht=300)
        try:
            groep = server.proces.pid
            self.rij("servergeheugen na start", f"{_proces_rss_mb(groep):.0f} MB", "", "< 1 GB")
            with _geheugenpeiling(groep) as piek:
                if self.doe("kaart") or self.doe("spreiding"):
                    self.browser(server.url, token)
                if self.doe("api"):
                    cpu = _proces_cpu(groep)
                    self.api(server.poort, token, lambda: _proces_cpu(groep) - cpu)
            self.rij(
                "servergeheugen (piek, alle processen)",
                f"{piek['mb']:.0f} MB",
                "",
                "< 1 GB",
                piek["mb"] < 1024,
            )
        finally:
            server.stop()

    def browser(self, basis: str, token: str) -> None:
        wacht = self.args.browser_timeout
        with _chromium() as browser:
            if self.doe("kaart"):
                b = _bezoek(browser, basis + "/", token, GETEKEND, wacht)
                self.rij(
                    "kaartpagina + assets (overgedragen)",
                    f"{b.bytes_pagina / KB:.0f} KB" if b.bytes_pagina else f"niets: {b.fout}",
                    "",
                    "< 250 KB",
                    0 < b.bytes_pagina < 250 * KB,
                )
                tekst = (
                    f"{b.ms / 1000:.2f} s ({b.bytes_locaties / KB:.0f} KB locaties in "
                    f"{b.locatieverzoeken} verzoeken)"
                    if b.ms
                    else f"niet getekend: {b.fout}"
                )
                self.rij(
                    "eerste beeld getekend (Chromium)",
                    tekst,
                    "",
                    "< 1,5 s",
                    b.ms is not None and b.ms < 1500,
                )
                u = _bezoek(browser, f"{basis}/?gemeente={UTRECHT}", token, GETEKEND, wacht)
                tekst = (
                    f"{u.bytes_locaties / KB:.0f} KB in {u.locatieverzoeken} verzoeken; "
                    f"getekend na {u.ms / 1000:.2f} s"
                    if u.ms
                    else f"niet getekend: {u.fout}"
                )
                self.rij(
                    f"beeld van Utrecht ({UTRECHT})",
                    tekst,
                    "",
                    "< 300 KB",
                    u.ms is not None and u.bytes_locaties < 300 * KB,
                )
            if self.doe("spreiding"):
                s = _bezoek(browser, basis + "/spreiding", token, None, wacht)
                alles = s.bytes_pagina + s.bytes_api
                tekst = (
                    f"{alles / KB:.0f} KB, {s.ms / 1000:.2f} s"
                    if s.ms
                    else f"niet geladen: {s.fout}"
                )
                self.rij(
                    "/spreiding (overgedragen, tot load)",
                    tekst,
                    "",
                    "< 500 KB; < 1 s",
                    s.ms is not None and alles < 500 * KB and s.ms < 1000,
                )
                # again: the analysis comes from the worker's cache (per process: with two
                # workers the second visit may still meet the other one cold)
                herhaald = [
                    _bezoek(browser, basis + "/spreiding", token, None, wacht) for _ in "12"
                ]
                self.rij(
                    "/spreiding opnieuw (2e en 3e bezoek, analyse uit de cache)",
                    " / ".join(
                        f"{(h.bytes_pagina + h.bytes_api) / KB:.0f} KB, {h.ms / 1000:.2f} s"
                        if h.ms
                        else f"niet geladen: {h.fout}"
                        for h in herhaald
                    ),
                )

    def belaster(self) -> str:
        """The load client: ``wrk`` when asked, or with ``auto`` when it is on PATH."""
        keuze = self.args.belaster
        if keuze == "auto":
            return "wrk" if shutil.which("wrk") else "python"
        return keuze

    def api(self, poort: int, token: str, server_cpu: Callable[[], float]) -> None:
        client = self.belaster()
        doe = belast_wrk if client == "wrk" else belast
        paden = bbox_paden(zaad=self.args.zaad)
        # the same load twice: first with every box a cache miss the first time it is asked
        # (the start of a fresh server), then with the answers kept (a server in use)
        vragen = [
            ("API bbox, koud (elk vak eerst een misser)", paden, "p95 < 50 ms, geen fouten"),
            ("API bbox, warm (daarna, dezelfde vakken)", paden, "p95 < 50 ms, geen fouten"),
        ]
        if self.args.vloer:
            vragen.append(("vloer: /gereed", ["/gereed"], "–"))
        for naam, paden, doel in vragen:
            cpu = server_cpu()
            u = doe(poort, token, paden, self.args.clients, self.args.duur, self.args.zaad)
            fouten = sum(u["fouten"].values())
            if not u["aantal"]:
                self.rij(f"{naam} onder belasting ({client})", "geen antwoorden", "", doel, False)
                continue
            tekst = (
                f"p50 {u['p50']:.0f} / p95 {u['p95']:.0f} / p99 {u['p99']:.0f} ms, "
                f"{u['per_seconde']:.0f} verzoeken/s, {fouten} fouten"
                + (f" {json.dumps(u['fouten'])}" if fouten else "")
            )
            self.rij(
                f"{naam}, {self.args.clients} clients {self.args.duur:.0f} s ({client})",
                tekst,
                f"{server_cpu() - cpu:.1f} s server",
                doel,
                (u["p95"] < 50 and not fouten) if doel != "–" else None,
            )

    def draai(self) -> None:
        url = self.importeer()
        if url is None:
            self.rij("overige metingen", "overgeslagen: geen import geslaagd")
            return
        laad_rest(url, self.dataset)
        stappen: list[tuple[str, Callable[[str], None]]] = [
            ("analyse", self.analyse),
            ("export", self.export),
            ("peildatum", self.peildatum),
            ("rapport", self.rapport),
        ]
        if any(self.doe(w) for w in ("kaart", "spreiding", "api")):
            stappen.append(("server", self.server))
        for wat, stap in stappen:
            if wat != "server" and not self.doe(wat):
                continue
            try:
                stap(url)
            except Exception as fout:  # noqa: BLE001 - one broken step must not hide the rest
                self.rij(f"{wat}: fout in de benchmark", f"{type(fout).__name__}: {fout}"[:200])


# --------------------------------------------------------------------------- table


def tabel(rijen: list[Rij], info: dict[str, str]) -> str:
    """The markdown table with its heading (date, machine, commit)."""
    kop = [
        f"Gemeten {info['datum']} op {info['nproc']} cores ({info['cpu']}), {info['ram']} RAM, "
        f"belasting bij de start {info['belasting']} (gedeelde machine), commit {info['commit']}.",
        "",
        "| opslag | locaties | meting | gemeten | CPU | doel | oordeel |",
        "|---|---:|---|---|---:|---|---|",
    ]
    return "\n".join(
        kop
        + [
            f"| {r.opslag} | {r.aantal:,} | {r.meting} | {r.gemeten} | {r.cpu} | {r.doel} | "
            f"{r.oordeel} |".replace(f"{r.aantal:,}", f"{r.aantal:,}".replace(",", "."), 1)
            for r in rijen
        ]
    )


def _reken(url: str) -> None:
    """``--reken URL``: time reading and computing the analysis in this process (JSON line)."""
    from locatieplanner.analyse import bereken, lees_invoer
    from locatieplanner.store import Store

    store = Store.open(url, migreer=False)
    begin, cpu_begin = time.perf_counter(), time.process_time()
    invoer = lees_invoer(store)
    gelezen, cpu_gelezen = time.perf_counter(), time.process_time()
    bereken(invoer)
    klaar, cpu_klaar = time.perf_counter(), time.process_time()
    store.sluit()
    tijden = {"lees": gelezen - begin, "reken": klaar - gelezen}
    cpu = {"lees_cpu": cpu_gelezen - cpu_begin, "reken_cpu": cpu_klaar - cpu_gelezen}
    print(json.dumps(tijden | cpu))


def _lijst(tekst: str) -> list[str]:
    return [d.strip() for d in tekst.split(",") if d.strip()]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        description="Landelijke benchmark (issue 13): één tabel met de doelen per opslag en aantal.",
    )
    p.add_argument(
        "--aantallen", type=_lijst, help="aantallen locaties (standaard 1000,10000,100000)"
    )
    p.add_argument("--stores", type=_lijst, help="sqlite,postgis (standaard beide; --snel: sqlite)")
    p.add_argument(
        "--alleen",
        type=_lijst,
        default=list(METINGEN),
        help="alleen deze metingen: " + ",".join(METINGEN),
    )
    p.add_argument(
        "--snel",
        action="store_true",
        help="rooktest: 1000 locaties, alleen SQLite, belastingtest van 5 s",
    )
    p.add_argument("--zaad", type=int, default=13, help="zaad van de generator")
    p.add_argument("--cache", type=Path, help="map voor de gegenereerde datasets")
    p.add_argument("--clients", type=int, default=50, help="gelijktijdige API-clients")
    p.add_argument(
        "--belaster",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="client van de belastingtest: wrk, Python-threads, of auto (wrk als het er is)",
    )
    p.add_argument(
        "--vloer",
        action="store_true",
        help="belast ook GET /gereed op dezelfde manier: de vloer van machine en client",
    )
    p.add_argument("--duur", type=float, help="seconden belastingtest (standaard 30, --snel 5)")
    p.add_argument("--timeout", type=float, default=3600, help="seconden per commando")
    p.add_argument("--browser-timeout", type=float, default=300, help="seconden per pagina")
    p.add_argument("--uitvoer", type=Path, help="schrijf de tabel ook naar dit bestand")
    p.add_argument("--reken", metavar="URL", help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.reken:
        _reken(args.reken)
        return 0
    onbekend = set(args.alleen) - set(METINGEN)
    if onbekend:
        parser().error(
            f"onbekende meting(en) {', '.join(sorted(onbekend))}; kies uit {', '.join(METINGEN)}"
        )
    if args.snel:
        args.aantallen = args.aantallen or [1000]
        args.stores = args.stores or ["sqlite"]
        args.duur = args.duur or 5
    args.aantallen = [int(a) for a in (args.aantallen or [1000, 10000, 100000])]
    args.duur = args.duur or 30
    args.stores = args.stores or ["sqlite", "postgis"]
    # the commands and the server import this working copy
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(PROJECT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    info = machine()
    rijen: list[Rij] = []
    with tempfile.TemporaryDirectory(prefix="lp-nationaal-") as tmp:
        os.environ.setdefault("LOCATIEPLANNER_INSTANCE", str(Path(tmp) / "instance"))
        for naam in args.stores:
            opslag = Sqlite(Path(tmp)) if naam == "sqlite" else Postgis()
            try:
                for aantal in args.aantallen:
                    print(f"{naam}, {aantal} locaties ...", file=sys.stderr, flush=True)
                    werk = Path(tmp) / f"{naam}-{aantal}"
                    werk.mkdir()
                    lopen = Lopen(opslag, genereer(aantal, args.zaad, args.cache), args, werk)
                    lopen.draai()
                    rijen.extend(lopen.rijen)
            finally:
                opslag.stop()
    uit = tabel(rijen, info)
    print(uit)
    if args.uitvoer:
        args.uitvoer.write_text(uit + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
