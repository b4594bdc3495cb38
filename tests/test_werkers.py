"""Workers of the production server that spread keep-alive connections evenly (``web/werkers.py``):
the rule of one worker against the shared table, and the real server with two workers holding a
burst of kept connections about half each."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from server_proces import Serverproces
from test_server import _init

from locatieplanner.web.werkers import Verdeling, werkerklasse


def _werker(verdeling: Verdeling, plek: int, verbindingen: int):
    """A worker object of the class with only what its rule reads (no gunicorn process)."""
    klasse = werkerklasse(verdeling)
    werker = object.__new__(klasse)
    werker.worker_connections = 1000  # as gunicorn's __init__ sets it
    werker._plek = plek
    werker.nr_conns = verbindingen
    return werker


def test_een_werker_neemt_alleen_aan_zolang_hij_niet_meer_heeft_dan_de_rustigste_ander():
    verdeling = Verdeling(4)
    ik = verdeling.neem(os.getpid())
    # another living process (a child that waits) as the second worker
    ander_proces = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        ander = verdeling.neem(ander_proces.pid)
        assert {ik, ander} == {0, 1}
        verdeling.zet(ander, 10)
        for eigen, neemt_aan in ((9, True), (10, True), (11, False), (30, False)):
            werker = _werker(verdeling, ik, eigen)
            # gunicorn's loop: "accept while nr_conns < worker_connections"
            assert (werker.nr_conns < werker.worker_connections) is neemt_aan, eigen
            assert verdeling.minste_van_anderen(ander) == eigen  # its own count was noted
        # a place of a process that is gone is free again, and does not count
        ander_proces.stdin.close()
        ander_proces.wait(30)
        assert verdeling.minste_van_anderen(ik) is None
        assert _werker(verdeling, ik, 50).worker_connections == 1000
        assert verdeling.neem(12345678) == ander
    finally:
        if ander_proces.poll() is None:
            ander_proces.kill()
            ander_proces.wait(30)
    verdeling.geef_vrij(ik)
    assert verdeling.neem(os.getpid()) == ik
    with pytest.raises(ValueError, match="plaatsen is 0"):
        Verdeling(0)


def _kinderen(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    uit = []
    for map_ in Path("/proc").iterdir():
        if not map_.name.isdigit():
            continue
        try:
            stat = (map_ / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            uit.append(int(map_.name))
    return uit


def _verbindingen_per_proces(poort: int, pids: list[int]) -> dict[int, int]:
    """Established TCP connections on ``poort`` held by each of ``pids`` (from /proc)."""
    inodes: set[str] = set()
    for bestand in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(bestand).exists():
            continue
        for regel in Path(bestand).read_text().splitlines()[1:]:
            velden = regel.split()
            if int(velden[1].rsplit(":", 1)[1], 16) == poort and velden[3] == "01":
                inodes.add(velden[9])
    uit = {}
    for pid in pids:
        aantal = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                doel = os.readlink(fd)
            except OSError:
                continue
            if doel.startswith("socket:[") and doel[8:-1] in inodes:
                aantal += 1
        uit[pid] = aantal
    return uit


def test_twee_werkers_houden_elk_ongeveer_de_helft_van_de_verbindingen(tmp_path):
    url = _init(tmp_path)
    with Serverproces(tmp_path / "instance", url, "--workers", "2") as server:
        verbonden = threading.Semaphore(0)
        geteld = threading.Event()
        fouten: list[str] = []

        def client() -> None:
            # a client that keeps its connection busy (a proxy's pool, a load test)
            c = http.client.HTTPConnection("127.0.0.1", server.poort, timeout=30)
            try:
                eerste = True
                for _ in range(600):  # bounded: at most about 2 minutes
                    c.request("GET", "/static/favicon.svg")
                    antwoord = c.getresponse()
                    antwoord.read()
                    if antwoord.status != 200:
                        fouten.append(str(antwoord.status))
                    if eerste:
                        verbonden.release()
                        eerste = False
                    if geteld.wait(0.2):
                        break
            except OSError as fout:
                fouten.append(repr(fout))
                verbonden.release()
            finally:
                c.close()

        draden = [threading.Thread(target=client) for _ in range(40)]
        for d in draden:
            d.start()
        try:
            for _ in draden:
                assert verbonden.acquire(timeout=60)
            telling = _verbindingen_per_proces(server.poort, _kinderen(server.proces.pid))
        finally:
            geteld.set()
            for d in draden:
                d.join(60)
        assert fouten == []
        assert len(telling) == 2 and sum(telling.values()) == 40, telling
        assert max(telling.values()) - min(telling.values()) <= 4, telling
