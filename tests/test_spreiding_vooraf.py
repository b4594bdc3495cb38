"""``/spreiding``'s analysis off the request path: one computation per data version for all of a
server's workers (a folder they share, computations waiting for each other under its lock), and
the production server computing the default page ahead before ``/gereed`` says it is ready. On
real temporary SQLite files and a real production server with two workers."""

from __future__ import annotations

import http.client
import json
import logging
import multiprocessing
import os
import stat
import threading
from typing import Any

import diskcache
import pytest
from aanmelding import BEHEERDER, ROLLEN, client_als, token_voor
from analyse_testdata import vul_store
from conftest import database_url
from server_proces import Serverproces
from spreiding_pagina import getal_uit, lees_tabel
from spreiding_schaal import voeg_harde_locatie_toe

from locatieplanner.store import Store
from locatieplanner.web import create_app, voorverwarmen
from locatieplanner.web import spreiding as spreiding_module
from locatieplanner.web.analysecache import Analysecache, Gedeeld, leessleutel

#: Seconds a test waits at most for a thread it started (never reached when all is well).
WACHT = 60


def _aantal(map_) -> int:
    """Results the shared store in ``map_`` keeps (its lock not counted)."""
    with diskcache.Cache(str(map_)) as cache:
        return sum(1 for sleutel in cache.iterkeys() if sleutel != "slot")


def test_gedeelde_map_een_berekening_voor_twee_processen(tmp_path):
    map_ = tmp_path / "gedeeld"
    # two workers: each its own cache in memory, the store shared
    a, b = Analysecache(2, Gedeeld(map_)), Analysecache(2, Gedeeld(map_))
    gemaakt: list[str] = []
    waarde = a.geef(("sleutel", 1), lambda: gemaakt.append("a") or {"getal": 1, "lijst": [1, 2]})
    assert b.geef(("sleutel", 1), lambda: gemaakt.append("b") or {"getal": 2}) == waarde
    assert gemaakt == ["a"]
    # another key is computed
    assert b.geef(("sleutel", 2), lambda: gemaakt.append("b") or "twee") == "twee"
    assert gemaakt == ["a", "b"]
    assert _aantal(map_) == 2  # and the lock is free again
    # private: the values are read with pickle
    assert stat.S_IMODE(map_.stat().st_mode) == 0o700


def test_gelijktijdige_missers_wachten_op_een_berekening(tmp_path):
    map_ = tmp_path / "gedeeld"
    eerste, tweede = Analysecache(2, Gedeeld(map_)), Analysecache(2, Gedeeld(map_))
    bezig, verder = threading.Event(), threading.Event()
    gemaakt: list[str] = []
    uitkomsten: dict[str, object] = {}

    def traag() -> str:
        gemaakt.append("eerste")
        bezig.set()
        assert verder.wait(WACHT)
        return "uitkomst"

    def vraag(naam: str, cache: Analysecache, maak) -> None:
        uitkomsten[naam] = cache.geef("sleutel", maak)

    a = threading.Thread(target=vraag, args=("a", eerste, traag))
    a.start()
    assert bezig.wait(WACHT)  # the first holds the store's lock and computes
    b = threading.Thread(
        target=vraag, args=("b", tweede, lambda: gemaakt.append("tweede") or "anders")
    )
    b.start()
    verder.set()
    a.join(WACHT)
    b.join(WACHT)
    assert not a.is_alive() and not b.is_alive()
    # the second waited for the first and read its result instead of computing its own
    assert uitkomsten == {"a": "uitkomst", "b": "uitkomst"}
    assert gemaakt == ["eerste"]


class _Gemerkt(Gedeeld):
    """A shared store that notes when its caller finds the lock taken (and so waits)."""

    def __init__(self, map_, wacht: Any) -> None:
        super().__init__(map_)
        self.wacht = wacht

    def _neem_slot(self, eigen: str) -> bool:
        genomen = super()._neem_slot(eigen)
        if not genomen:
            self.wacht.set()
        return genomen


def _reken_in_proces(map_, naam: str, begonnen: Any, verder: Any, wacht: Any, uit: Any) -> None:
    """One worker process: asks the shared store for a result, computing it (noted in
    ``gemaakt.txt`` next to the folder) only when it must; puts what it got in ``uit``."""

    def maak() -> dict[str, str]:
        with open(map_.parent / "gemaakt.txt", "a") as f:
            f.write(naam + "\n")
        begonnen.set()
        assert verder.wait(WACHT)
        return {"door": naam, "pid": str(os.getpid())}

    uit.put((naam, _Gemerkt(map_, wacht).geef(("sleutel", 1), maak)))


def test_twee_processen_rekenen_een_keer(tmp_path):
    """Two real processes miss the same key: the second waits on the store's lock while the
    first computes, then reads the first's result."""
    map_ = tmp_path / "gedeeld"
    ctx = multiprocessing.get_context("spawn")
    # every event is held here until the processes end (a child unpickles it after the start)
    begonnen, verder, wacht, niet_a, niet_b = (ctx.Event() for _ in range(5))
    uit = ctx.Queue()
    a = ctx.Process(target=_reken_in_proces, args=(map_, "a", begonnen, verder, niet_a, uit))
    b = ctx.Process(target=_reken_in_proces, args=(map_, "b", niet_b, verder, wacht, uit))
    a.start()
    try:
        assert begonnen.wait(WACHT)  # a holds the lock and computes
        b.start()
        assert wacht.wait(WACHT)  # b found the lock taken
        verder.set()
        uitkomsten = dict(uit.get(timeout=WACHT) for _ in range(2))
    finally:
        verder.set()
        for proces in (a, b):
            if proces.pid is not None:
                proces.join(WACHT)
    assert a.exitcode == 0 and b.exitcode == 0
    assert (tmp_path / "gemaakt.txt").read_text() == "a\n"
    assert uitkomsten["a"] == uitkomsten["b"] == {"door": "a", "pid": str(a.pid)}
    assert _aantal(map_) == 1


def test_beschadigde_waarde_wordt_opnieuw_berekend(tmp_path, caplog):
    gedeeld = Gedeeld(tmp_path / "gedeeld")
    assert gedeeld.geef("k", lambda: [1, 2, 3]) == [1, 2, 3]
    with diskcache.Cache(str(gedeeld.map)) as cache:
        (sleutel,) = cache.iterkeys()
        cache.set(sleutel, b"LPAC1" + b"geen zlib")
    with caplog.at_level(logging.WARNING):
        assert gedeeld.geef("k", lambda: [4]) == [4]
    assert "onleesbare waarde" in caplog.text
    with diskcache.Cache(str(gedeeld.map)) as cache:
        cache.set(sleutel, b"ander formaat")
    assert gedeeld.geef("k", lambda: [5]) == [5]
    assert gedeeld.lees("k") == (True, [5])


def test_map_houdt_de_nieuwste_binnen_zijn_grootte(tmp_path):
    gedeeld = Gedeeld(tmp_path / "gedeeld", mb=1)
    groot = 400_000  # random bytes: zlib cannot make them smaller, three exceed 1 MB
    for naam in ("oud", "midden", "nieuw"):
        gedeeld.geef(naam, lambda: os.urandom(groot))
    assert _aantal(gedeeld.map) == 2
    assert gedeeld.lees("oud") == (False, None)
    assert gedeeld.lees("midden")[0] and gedeeld.lees("nieuw")[0]
    with pytest.raises(ValueError):
        Gedeeld(tmp_path, mb=0)


def test_onbruikbare_map_rekent_gewoon(gevuld_url, tmp_path, caplog):
    """A folder that cannot be made (a file is in its place): logged, the page computed."""
    bestand = tmp_path / "geen-map"
    bestand.write_text("een bestand")
    gedeeld = Gedeeld(bestand)
    with caplog.at_level(logging.WARNING, logger="locatieplanner.web.analysecache"):
        assert gedeeld.geef("k", lambda: 7) == 7
        assert gedeeld.geef("k", lambda: 8) == 8  # nothing kept, nothing raised
        res = client_als(_app(gevuld_url, bestand), ROLLEN["provincie"]).get("/spreiding")
    assert res.status_code == 200
    assert "GM9001" in lees_tabel(res.get_data(as_text=True), "tabel-gemeenten")
    assert "niet leesbaar" in caplog.text
    assert bestand.read_text() == "een bestand"


def test_kapotte_store_rekent_gewoon(tmp_path, caplog):
    """A folder whose store is no SQLite database: logged, computed, nothing raised."""
    map_ = tmp_path / "gedeeld"
    map_.mkdir(mode=0o700)
    (map_ / "cache.db").write_bytes(b"geen sqlite" * 1000)
    gedeeld = Gedeeld(map_)
    with caplog.at_level(logging.WARNING, logger="locatieplanner.web.analysecache"):
        assert gedeeld.geef("k", lambda: [1]) == [1]
        assert gedeeld.lees("k") == (False, None)
    assert "niet leesbaar" in caplog.text and "niet te gebruiken" in caplog.text


def test_rollen_die_alles_lezen_delen_een_sleutel(tmp_path):
    url = database_url(tmp_path)
    store = Store.open(url)
    try:
        vul_store(store)
        gemeenten = store.regio().gemeenten
        sleutels = {
            rol: leessleutel(store.als(account), gemeenten, "x") for rol, account in ROLLEN.items()
        }
        assert len(set(sleutels.values())) == 1
        assert leessleutel(store.als(BEHEERDER), gemeenten, "y") != sleutels["beheerder"]
    finally:
        store.sluit()


@pytest.fixture
def gevuld_url(tmp_path) -> str:
    url = database_url(tmp_path)
    store = Store.open(url)
    vul_store(store)
    store.sluit()
    return url


def _app(url: str, map_, **extra):
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "BASISKAART": False,
            "ANALYSECACHE_MAP": str(map_),
            **extra,
        }
    )


def _tel_analyses(monkeypatch, wacht: threading.Event | None = None) -> list[int]:
    echt = spreiding_module.analyseer
    teller: list[int] = []

    def geteld(*args, **kwargs):
        teller.append(1)
        if wacht is not None:
            assert wacht.wait(WACHT)
        return echt(*args, **kwargs)

    monkeypatch.setattr(spreiding_module, "analyseer", geteld)
    return teller


def test_vooraf_berekend_voor_gereed_en_gedeeld(gevuld_url, tmp_path, monkeypatch):
    map_ = tmp_path / "analysecache"
    token_voor(gevuld_url, ROLLEN["provincie"])  # the account exists before the data version
    verder = threading.Event()
    teller = _tel_analyses(monkeypatch, verder)
    app = _app(gevuld_url, map_)
    draad = voorverwarmen.start(app)
    try:
        bezig = app.test_client().get("/gereed")
        assert bezig.status_code == 503
        assert bezig.headers["Retry-After"] == "1"
        assert bezig.get_json() == {
            "status": "niet gereed",
            "melding": "De server berekent de analyse vooraf; probeer het over 1 s opnieuw.",
        }
    finally:
        verder.set()
        draad.join(WACHT)
    assert not draad.is_alive()
    assert app.test_client().get("/gereed").status_code == 200
    assert len(teller) == 1 and _aantal(map_) == 1

    # the visit finds it, in this worker and in another one (the shared folder)
    for worker in (app, _app(gevuld_url, map_)):
        res = client_als(worker, ROLLEN["provincie"]).get("/spreiding")
        assert res.status_code == 200
        assert "GM9001" in lees_tabel(res.get_data(as_text=True), "tabel-gemeenten")
    assert len(teller) == 1


def test_vooraf_mislukt_maakt_de_server_toch_gereed(tmp_path, caplog):
    url = database_url(tmp_path)  # a database without a region: nothing to analyse yet
    Store.open(url).sluit()
    app = _app(url, tmp_path / "analysecache")
    with caplog.at_level(logging.WARNING, logger="locatieplanner.web.spreiding"):
        draad = voorverwarmen.start(app)
        draad.join(WACHT)
    assert not draad.is_alive()
    assert "analyse vooraf niet berekend" in caplog.text
    assert app.test_client().get("/gereed").status_code == 200
    assert _aantal(tmp_path / "analysecache") == 0


def test_vooraf_uit_te_zetten(gevuld_url, tmp_path, monkeypatch):
    teller = _tel_analyses(monkeypatch)
    app = _app(gevuld_url, tmp_path / "analysecache", ANALYSE_VOORAF=False)
    assert "analyse" not in [stap.naam for stap in voorverwarmen.stappen(app)]
    draad = voorverwarmen.start(app)
    assert app.test_client().get("/gereed").status_code == 200  # at once: nothing to wait for
    draad.join(WACHT)
    assert not draad.is_alive()
    assert teller == []
    # and without a shared folder the cache is the worker's own, as in tests by default
    zonder = create_app({"TESTING": True, "DATABASE_URL": gevuld_url, "BASISKAART": False})
    assert client_als(zonder).get("/spreiding").status_code == 200
    assert zonder.extensions["locatieplanner.analysecache"].gedeeld is None


def _pagina(server: Serverproces, token: str) -> str:
    verbinding = http.client.HTTPConnection("127.0.0.1", server.poort, timeout=WACHT)
    try:
        verbinding.request("GET", "/spreiding", headers={"Authorization": f"Bearer {token}"})
        antwoord = verbinding.getresponse()
        assert antwoord.status == 200
        return antwoord.read().decode()
    finally:
        verbinding.close()


def test_productieserver_rekent_vooraf_en_deelt_tussen_workers(gevuld_url, tmp_path):
    token = token_voor(gevuld_url)
    instance = tmp_path / "instance"
    map_ = instance / "analysecache"
    server = Serverproces(instance, gevuld_url, "--workers", "2").start()
    try:
        # ready only once the default page's analysis is there: one result for both workers
        assert _aantal(map_) == 1
        voor = None
        for _ in range(6):  # several visits, over both workers
            rij = lees_tabel(_pagina(server, token), "tabel-gemeenten")["GM9001"]
            voor = voor if voor is not None else getal_uit(rij["daeb_hard"])
            assert getal_uit(rij["daeb_hard"]) == voor
        assert _aantal(map_) == 1

        # a write: every worker shows it at the next visit, computed once more
        voeg_harde_locatie_toe(gevuld_url, 77)
        for _ in range(4):
            rij = lees_tabel(_pagina(server, token), "tabel-gemeenten")["GM9001"]
            assert getal_uit(rij["daeb_hard"]) == voor + 77
        assert _aantal(map_) == 2
    finally:
        server.stop()
    regels = [json.loads(r) for r in server.stderr.read_text().splitlines() if r.startswith("{")]
    assert not [r for r in regels if r["niveau"] in ("warning", "error")], regels[-5:]


def test_gedeeld_tussen_workers_op_postgis(postgis_url, tmp_path, monkeypatch):
    """The same on PostgreSQL (whose data version includes the snapshot): one computation for
    two workers, and a write shows in both."""
    store = Store.open(postgis_url)
    try:
        vul_store(store)
    finally:
        store.sluit()
    map_ = tmp_path / "analysecache"
    a, b = _app(postgis_url, map_), _app(postgis_url, map_)
    try:
        clients = [client_als(a), client_als(b, ROLLEN["provincie"])]
        for client in clients:  # the tokens' first use is recorded (a write) before counting
            assert client.get("/api/v1/gemeenten").status_code == 200
        teller = _tel_analyses(monkeypatch)

        def daeb_hard(client) -> int | None:
            res = client.get("/spreiding")
            assert res.status_code == 200
            return getal_uit(
                lees_tabel(res.get_data(as_text=True), "tabel-gemeenten")["GM9001"]["daeb_hard"]
            )

        voor = daeb_hard(clients[0])
        assert daeb_hard(clients[1]) == voor
        assert len(teller) == 1
        voeg_harde_locatie_toe(postgis_url, 55)
        assert [daeb_hard(c) for c in clients] == [voor + 55, voor + 55]
        assert len(teller) == 2
    finally:
        for app in (a, b):
            if "locatieplanner.store" in app.extensions:
                app.extensions["locatieplanner.store"].sluit()
