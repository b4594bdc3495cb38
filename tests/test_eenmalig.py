"""An answer not kept yet is computed once (``web/antwoordcache.py``, :class:`Eenmalig`):
requests that miss the same key together wait for the one computing it, in one process and
across the workers of a real production server, on SQLite and PostGIS; a computation that
fails lets its waiters compute their own; a worker computes at most ``ANTWOORDCACHE_MISSERS``
answers at the same time, so its other threads stay free for kept answers."""

from __future__ import annotations

import json
import threading
import time

import pytest
import requests
from aanmelding import token_voor
from server_proces import Serverproces
from test_gedeelde_antwoordcache import VAK, app_met_locaties
from test_schaal import gedeelde_database  # noqa: F401  (fixture: SQLite and PostGIS)

from locatieplanner.errors import ConfiguratieFout
from locatieplanner.web import create_app
from locatieplanner.web.antwoordcache import Antwoordcache, Bewaard, Eenmalig, GedeeldeAntwoordcache

#: Seconds a test waits at most for a thread to reach a state (never part of an assertion).
GRENS = 30.0


def _tot(voorwaarde, grens: float = GRENS) -> None:
    """Wait (bounded in time) until ``voorwaarde()`` holds."""
    eind = time.monotonic() + grens
    while not voorwaarde():
        assert time.monotonic() < eind, "toestand niet bereikt"
        time.sleep(0.005)


class _Maker:
    """A computation that counts its calls and waits for ``los`` before it answers."""

    def __init__(self, fout: bool = False) -> None:
        self.aanroepen = 0
        self.binnen = threading.Event()
        self.los = threading.Event()
        self.fout = fout
        self._slot = threading.Lock()

    def __call__(self) -> Bewaard:
        with self._slot:
            self.aanroepen += 1
            eerste = self.aanroepen == 1
        if eerste:
            self.binnen.set()
            assert self.los.wait(GRENS)
            if self.fout:
                raise RuntimeError("berekening mislukt")
        return Bewaard(b"antwoord", (("Content-Type", "application/geo+json"),), "e")


def _op_draad(functie, *args):
    """Run ``functie(*args)`` in a thread; returns (thread, results list)."""
    uitkomst: list = []

    def doe() -> None:
        try:
            uitkomst.append(functie(*args))
        except Exception as fout:  # noqa: BLE001 - the test inspects it
            uitkomst.append(fout)

    draad = threading.Thread(target=doe)
    draad.start()
    return draad, uitkomst


def _tweede_wacht_op_eerste(eenmalig: Eenmalig, maak: _Maker, cache) -> tuple[list, list]:
    """A first request computes key ``k`` with ``maak``, a second asks for it meanwhile (and
    waits); then the computation ends. Returns both outcomes."""
    a, uit_a = _op_draad(eenmalig.bereken, "k", maak, cache)
    assert maak.binnen.wait(GRENS)
    b, uit_b = _op_draad(eenmalig.bereken, "k", maak, cache)
    _tot(lambda: eenmalig.wachtenden("k") == 1)
    maak.los.set()
    a.join(GRENS)
    b.join(GRENS)
    return uit_a, uit_b


def test_twee_verzoeken_om_een_sleutel_berekenen_eenmaal():
    eenmalig = Eenmalig(gelijktijdig=1)
    maak = _Maker()
    uit_a, uit_b = _tweede_wacht_op_eerste(eenmalig, maak, Antwoordcache(1 << 20))
    assert maak.aanroepen == 1
    assert uit_a[0][1] == "berekend" and uit_b[0][1] == "gewacht"
    assert uit_a[0][0] == uit_b[0][0] == Bewaard(b"antwoord", uit_a[0][0].koppen, "e")
    assert eenmalig.lopend() == 0


def test_een_mislukte_berekening_laat_de_wachtenden_los():
    eenmalig = Eenmalig(gelijktijdig=1)
    maak = _Maker(fout=True)
    uit_a, uit_b = _tweede_wacht_op_eerste(eenmalig, maak, None)
    assert isinstance(uit_a[0], RuntimeError)
    # the waiter computed its own answer instead of waiting in vain
    assert uit_b[0][1] == "berekend" and uit_b[0][0].body == b"antwoord"
    assert maak.aanroepen == 2
    assert eenmalig.lopend() == 0
    # the place to compute was given back: a next computation runs at once
    assert eenmalig.bereken("ander", lambda: "los", None) == ("los", "berekend")


def test_een_werkproces_berekent_hoogstens_zoveel_antwoorden_tegelijk():
    eenmalig = Eenmalig(gelijktijdig=1)
    maak = _Maker()
    tegelijk = [0, 0]  # now, most
    slot = threading.Lock()

    def geteld() -> Bewaard:
        with slot:
            tegelijk[0] += 1
            tegelijk[1] = max(tegelijk)
        try:
            return maak()
        finally:
            with slot:
                tegelijk[0] -= 1

    draden = [_op_draad(eenmalig.bereken, f"k{i}", geteld, None)[0] for i in range(6)]
    assert maak.binnen.wait(GRENS)
    _tot(lambda: eenmalig.lopend() == 6)
    maak.los.set()
    for d in draden:
        d.join(GRENS)
    assert maak.aanroepen == 6
    assert tegelijk[1] == 1


def test_wachten_op_een_ander_werkproces_via_de_gedeelde_cache(tmp_path):
    """Two stores on one folder stand for two workers: one holds the computation's lock, the
    other waits for its answer; once the lock is given back without an answer (its
    computation failed) the waiter takes the lock and computes."""
    a = GedeeldeAntwoordcache(str(tmp_path), 2_000_000)
    b = GedeeldeAntwoordcache(str(tmp_path), 2_000_000)
    bewaard = Bewaard(b"antwoord", (), "e")
    gevonden, vrij_a = a.wacht_op_ander("k")
    assert gevonden is None and vrij_a is not None
    wacht, uit = _op_draad(b.wacht_op_ander, "k")
    assert a.zet("k", bewaard)
    wacht.join(GRENS)
    assert uit == [(bewaard, None)]
    vrij_a()
    # the lock is gone: the next one gets it (with the answer kept meanwhile)
    gevonden, vrij = b.wacht_op_ander("k")
    assert gevonden == bewaard and vrij is not None
    vrij()

    gevonden, vrij_a = a.wacht_op_ander("mislukt")
    wacht, uit = _op_draad(b.wacht_op_ander, "mislukt")
    vrij_a()  # failed: no answer kept
    wacht.join(GRENS)
    ((gevonden, vrij_b),) = uit
    assert gevonden is None and vrij_b is not None
    # b holds the lock now: a third waits for b, not for a's old lock
    assert a.wacht_op_ander("mislukt", wachttijd=0.05) == (None, None)
    vrij_b()


def test_eenmalig_over_twee_werkers_van_de_gedeelde_cache(tmp_path):
    """The whole path of two workers' :class:`Eenmalig` on one shared store: computed once."""
    werker_a = Eenmalig(1)
    werker_b = Eenmalig(1)
    a = GedeeldeAntwoordcache(str(tmp_path), 2_000_000)
    b = GedeeldeAntwoordcache(str(tmp_path), 2_000_000)
    maak = _Maker()

    def maak_en_zet(cache):
        def doe() -> Bewaard:
            bewaard = maak()
            cache.zet("k", bewaard)
            return bewaard

        return doe

    ta, uit_a = _op_draad(werker_a.bereken, "k", maak_en_zet(a), a)
    assert maak.binnen.wait(GRENS)
    tb, uit_b = _op_draad(werker_b.bereken, "k", maak_en_zet(b), b)
    _tot(lambda: werker_b.lopend() == 1)
    maak.los.set()
    ta.join(GRENS)
    tb.join(GRENS)
    assert maak.aanroepen == 1
    assert uit_a[0][1] == "berekend" and uit_b[0][1] == "gewacht"
    assert uit_b[0][0].body == b"antwoord"
    assert not any(s.startswith("bezig:") for s in a.sleutels())


def test_een_verkeerde_instelling_missers_geeft_een_duidelijke_fout(kleine_store):
    with pytest.raises(ConfiguratieFout, match="ANTWOORDCACHE_MISSERS is -1; toegestaan"):
        create_app({"TESTING": True, "DATABASE_URL": kleine_store.url, "ANTWOORDCACHE_MISSERS": -1})


def _json_regels(tekst: str) -> list[dict]:
    regels = []
    for regel in tekst.splitlines():
        try:
            waarde = json.loads(regel)
        except ValueError:
            continue
        if isinstance(waarde, dict):
            regels.append(waarde)
    return regels


def test_server_berekent_een_nieuw_vak_eenmaal_over_twee_werkers(tmp_path, gedeelde_database):  # noqa: F811
    """Sixteen clients ask a real two-worker server for one box at once: it is computed once
    (the log says which request computed, waited or was served kept), every answer is the
    same as an app's without cache."""
    url = gedeelde_database
    app, c = app_met_locaties(url, 40, 300)
    verwacht = c.get(VAK, headers={"Accept-Encoding": "identity"}).data
    server = Serverproces(tmp_path / "instance", url, "--workers", "2").start()
    try:
        kop = {"Authorization": f"Bearer {token_voor(url)}", "Accept-Encoding": "identity"}
        start = threading.Barrier(16)

        def vraag() -> requests.Response:
            with requests.Session() as s:
                start.wait(GRENS)
                return s.get(server.url + VAK, headers=kop, timeout=60)

        draden = [_op_draad(vraag) for _ in range(16)]
        for d, _ in draden:
            d.join(90)
        antwoorden = [uit[0] for _, uit in draden]
        assert {a.status_code for a in antwoorden} == {200}
        assert {a.content for a in antwoorden} == {verwacht}
        regels = [
            r
            for r in _json_regels(server.stderr.read_text("utf-8"))
            if r.get("pad") == "/api/v1/locaties" and r.get("methode") == "GET"
        ]
        assert len(regels) == 16
        herkomst = [r.get("antwoord", "snelpad" if r.get("snelpad") else None) for r in regels]
        assert herkomst.count("berekend") == 1, herkomst
        assert set(herkomst) <= {"berekend", "gewacht", "bewaard", "snelpad"}, herkomst
    finally:
        server.stop()
        app.extensions["locatieplanner.store"].sluit()
