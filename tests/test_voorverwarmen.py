"""A fresh worker's first-view work done once: static files compressed once per worker
(``web/statisch.py``) and the totals of all sites computed in the background when a worker
starts (``web/voorverwarmen.py``), with the same answers and headers as without."""

from __future__ import annotations

import gzip
import json
import threading
import time
from pathlib import Path

import brotli
import flask_compress.flask_compress as flask_compress
import pytest
import requests
from aanmelding import client_als, token_voor
from conftest import KLEINE_GEMEENTEN
from server_proces import Serverproces
from shapely.geometry import box

from locatieplanner import crs
from locatieplanner.domein.model import Corporatie, Locatie, Toewijzing
from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store
from locatieplanner.web import create_app, voorverwarmen
from locatieplanner.web.statisch import Gecomprimeerd
from locatieplanner.web.voorverwarmen import verwarm

STATISCH = Path(__file__).parents[1] / "locatieplanner" / "web" / "static"
LEAFLET = "vendor/leaflet/leaflet.js"
TOTALEN = "/api/v1/locaties?limit=1"


def _vul(store: Store) -> None:
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    for i, (status, oplevering) in enumerate([("1A", 2026), ("2B", 2027), ("1A", 2040)]):
        x = 76000 + 1000 * i
        store.voeg_locatie_toe(
            Locatie(
                f"Plan {i}",
                box(x, 452000, x + 100, 452100),
                status,
                daeb=40 + i,
                oplevering=oplevering,
                toewijzingen=[Toewijzing("Staedion", 10)],
            )
        )


@pytest.fixture
def app(store: Store):
    _vul(store)
    return create_app({"TESTING": True, "DATABASE_URL": store.url, "BASISKAART": False})


def _uitgepakt(antwoord) -> bytes:
    codering = antwoord.headers.get("Content-Encoding")
    if codering == "br":
        return brotli.decompress(antwoord.data)
    if codering == "gzip":
        return gzip.decompress(antwoord.data)
    assert codering is None
    return antwoord.data


@pytest.mark.parametrize("codering", ["br", "gzip"])
def test_statisch_bestand_eenmaal_gecomprimeerd_met_dezelfde_koppen_en_bytes(
    app, monkeypatch, codering
):
    client = app.test_client()
    kop = {"Accept-Encoding": codering}
    eerste = client.get(f"/static/{LEAFLET}", headers=kop)
    assert eerste.status_code == 200
    assert eerste.headers["Content-Encoding"] == codering
    assert "Accept-Encoding" in eerste.headers["Vary"]
    assert eerste.headers["ETag"].endswith(f':{codering}"')
    assert int(eerste.headers["Content-Length"]) == len(eerste.data)
    assert _uitgepakt(eerste) == (STATISCH / LEAFLET).read_bytes()
    # again: the kept body, not compressed again, same bytes and headers
    monkeypatch.setattr(flask_compress, "_compress_data", _faal)
    tweede = client.get(f"/static/{LEAFLET}", headers=kop)
    assert tweede.data == eerste.data
    for naam in ("Content-Encoding", "Content-Type", "ETag", "Vary", "Content-Length"):
        assert tweede.headers[naam] == eerste.headers[naam]
    # conditional: its ETag gives 304
    niets = client.get(
        f"/static/{LEAFLET}", headers={**kop, "If-None-Match": eerste.headers["ETag"]}
    )
    assert niets.status_code == 304 and niets.data == b""


def _faal(*args, **kwargs):
    raise AssertionError("opnieuw gecomprimeerd")


def test_zonder_compressie_gevraagd_het_bestand_zelf(app):
    antwoord = app.test_client().get(f"/static/{LEAFLET}", headers={"Accept-Encoding": ""})
    assert antwoord.status_code == 200 and "Content-Encoding" not in antwoord.headers
    assert antwoord.data == (STATISCH / LEAFLET).read_bytes()


def test_api_antwoorden_worden_niet_in_de_statische_cache_gehouden(app):
    client = client_als(app)
    assert client.get("/api/v1/gemeenten", headers={"Accept-Encoding": "br"}).status_code == 200
    assert client.get(f"/static/{LEAFLET}", headers={"Accept-Encoding": "br"}).status_code == 200
    assert len(app.extensions["compress"].cache) == 1


def test_een_gewijzigd_bestand_wordt_opnieuw_gecomprimeerd(tmp_path, store):
    (tmp_path / "static").mkdir()
    bestand = tmp_path / "static" / "x.js"
    bestand.write_text("const a = 1;\n" * 200)
    app = create_app({"TESTING": True, "DATABASE_URL": store.url, "BASISKAART": False})
    app.static_folder = str(tmp_path / "static")
    client = app.test_client()
    kop = {"Accept-Encoding": "gzip"}
    oud = client.get("/static/x.js", headers=kop)
    assert gzip.decompress(oud.data) == bestand.read_bytes()
    bestand.write_text("const b = 2;\n" * 300)  # another size: another version
    nieuw = client.get("/static/x.js", headers=kop)
    assert gzip.decompress(nieuw.data) == bestand.read_bytes()
    # one body per file and encoding: the old one is replaced
    assert len(app.extensions["compress"].cache) == 1


def test_cache_sleutels_van_andere_antwoorden_worden_genegeerd():
    cache = Gecomprimeerd()
    cache.set("br;-", b"x")
    assert cache.get("br;-") is None and len(cache) == 0
    cache.set("br;a.js\x001:2", b"oud")
    assert cache.get("br;a.js\x001:2") == b"oud"
    assert cache.get("gzip;a.js\x001:2") is None
    assert cache.get("br;a.js\x001:3") is None  # another version of the file


def test_verwarmen_comprimeert_alles_en_berekent_de_totalen(app, store, monkeypatch):
    client = client_als(app)  # the token exists before the worker warms (as in a real start)
    som = store.daeb_som()
    gedaan = verwarm(app)
    assert gedaan["antwoorden"] == 1
    # the whole region's view at the first view's zoom
    assert len(gedaan["zooms"]) == 1
    js = [p for p in STATISCH.rglob("*.js") if p.stat().st_size >= 1024]
    assert gedaan["statisch"] >= 2 * len(js)  # br and gzip of each

    # after warming the totals are not computed again (the answer itself is the caller's: its
    # role's copy is made and compressed now)
    def niet_opnieuw(*args, **kwargs):
        raise AssertionError("totalen opnieuw berekend")

    monkeypatch.setattr(Store, "daeb_som", niet_opnieuw)
    warm = client.get(TOTALEN, headers={"Accept-Encoding": "br"})
    assert warm.status_code == 200
    samenvatting = json.loads(_uitgepakt(warm))["samenvatting"]
    assert samenvatting["locaties"] == 3
    assert samenvatting["daeb"] == som["hard"] + som["zacht"] > 0
    assert samenvatting["daeb_na_periode"] == som["na_periode"] > 0
    # and no static file is compressed again
    monkeypatch.setattr(flask_compress, "_compress_data", _faal)
    for pad in ("js/planner.js", "css/planner.css", LEAFLET):
        antwoord = client.get(f"/static/{pad}", headers={"Accept-Encoding": "br"})
        assert _uitgepakt(antwoord) == (STATISCH / pad).read_bytes()


def test_verwarmen_doet_het_eerste_werk_van_de_kaartpagina_vooraf(app, monkeypatch):
    # what the first visit of the map would pay once per process is done by the warming: the
    # page's templates compiled, the lon/lat -> RD transformation of a view's box and the box
    # of all sites made (GET /kaartbeeld of the whole country reads neither again)
    client = client_als(app)  # the token exists before the worker warms (as in a real start)
    crs._gedeeld.clear()
    gedaan = verwarm(app)
    assert gedaan["sjablonen"] == len(voorverwarmen.SJABLONEN)
    geladen = {sleutel[1] for sleutel in app.jinja_env.cache}
    assert set(voorverwarmen.SJABLONEN) <= geladen
    assert (crs.WGS84, crs.RD) in crs._gedeeld

    def _niet_opnieuw(*args, **kwargs):
        raise AssertionError("opnieuw gedaan")

    monkeypatch.setattr(crs, "_Gedeeld", _niet_opnieuw)
    monkeypatch.setattr(Store, "locatievak", _niet_opnieuw)
    monkeypatch.setattr(Store, "kaartcellen", _niet_opnieuw)
    monkeypatch.setattr(app.jinja_env.loader, "get_source", _niet_opnieuw)
    (zoom,) = gedaan["zooms"]
    beeld = client.get(f"/api/v1/kaartbeeld?bbox=-2,48,13,56&zoom={zoom}")
    assert beeld.status_code == 200, beeld.json
    assert client.get("/").status_code == 200


def test_na_een_schrijfactie_zijn_de_totalen_nieuw(app, store):
    client = client_als(app)
    verwarm(app)
    voor = client.get(TOTALEN).json["samenvatting"]
    store.voeg_locatie_toe(
        Locatie("Nieuw", box(79000, 452000, 79100, 452100), "1A", daeb=7, oplevering=2026)
    )
    na = client.get(TOTALEN).json["samenvatting"]
    assert na["locaties"] == voor["locaties"] + 1
    assert na["daeb"] + na["daeb_na_periode"] == voor["daeb"] + voor["daeb_na_periode"] + 7


def test_verwarmen_dat_mislukt_laat_de_worker_gewoon_werken(app, monkeypatch):
    def kapot(*args, **kwargs):
        raise RuntimeError("stuk")

    monkeypatch.setattr(Store, "daeb_som", kapot)
    gedaan = verwarm(app)  # logged, not raised
    assert gedaan["antwoorden"] is None
    # the next steps still run
    assert len(gedaan["zooms"]) == 1 and gedaan["statisch"] > 0


def test_productieserver_verwarmt_elke_worker_op_de_achtergrond(tmp_path, store):
    _vul(store)
    token = token_voor(store.url)
    server = Serverproces(tmp_path / "instance", store.url, "--workers", "2").start()
    try:
        # both workers log what they warmed (bounded wait: at most 60 s, 0.1 s apart)
        regels: list[dict] = []
        for _ in range(600):
            regels = [
                json.loads(r)
                for r in server.stderr.read_text(errors="replace").splitlines()
                if '"voorverwarmd"' in r
            ]
            if len(regels) == 2:
                break
            time.sleep(0.1)
        assert len(regels) == 2, server.stderr.read_text(errors="replace")[-2000:]
        assert all(r["antwoorden"] == 1 and r["statisch"] > 0 for r in regels)
        kop = {"Authorization": f"Bearer {token}"}
        antwoord = requests.get(server.url + TOTALEN, headers=kop, timeout=30)
        assert antwoord.status_code == 200
        assert antwoord.json()["samenvatting"]["locaties"] == 3
        statisch = requests.get(f"{server.url}/static/{LEAFLET}", timeout=30)
        assert statisch.headers["Content-Encoding"] in ("br", "gzip")
        assert statisch.content == (STATISCH / LEAFLET).read_bytes()  # requests decodes
    finally:
        server.stop()


def test_een_verzoek_tijdens_het_verwarmen_wacht_en_rekent_niet_dubbel(app, store, monkeypatch):
    client = client_als(app)
    ga, binnen = threading.Event(), threading.Event()
    berekend = []
    echt = Store.daeb_som

    def traag(self, *args, **kwargs):
        berekend.append(threading.current_thread().name)
        assert ga.wait(30), "niet vrijgegeven"
        return echt(self, *args, **kwargs)

    monkeypatch.setattr(Store, "daeb_som", traag)
    draad = voorverwarmen.start(app)
    # the hook that waits: noted when a request reaches it
    hooks = app.before_request_funcs[None]
    wacht = hooks[-1]

    def gemerkt():
        binnen.set()
        return wacht()

    hooks[-1] = gemerkt
    antwoorden = []
    verzoek = threading.Thread(target=lambda: antwoorden.append(client.get(TOTALEN)))
    verzoek.start()
    assert binnen.wait(30)
    ga.set()
    verzoek.join(30)
    draad.join(30)
    assert not verzoek.is_alive() and not draad.is_alive()
    assert antwoorden[0].status_code == 200
    assert antwoorden[0].json["samenvatting"]["locaties"] == 3
    assert berekend == ["voorverwarmen"]  # only the warming computed the totals
    # other requests never wait
    assert client.get("/api/v1/corporaties").status_code == 200


def test_een_verzoek_wacht_alleen_op_een_lopende_stap():
    voortgang = voorverwarmen.Voortgang()
    voortgang.eindpunten("a")
    voortgang.wacht("a")  # not begun: returns at once (the request computes itself)
    voortgang.wacht("b")  # not a step
    voortgang.wacht(None)
    gezien = []
    with voortgang.stap("a"):
        wachter = threading.Thread(target=lambda: (voortgang.wacht("a"), gezien.append("na")))
        wachter.start()
        wachter.join(0.2)
        gezien.append("stap klaar")
    wachter.join(30)
    assert gezien == ["stap klaar", "na"]
    voortgang.wacht("a")  # ended: returns at once


def test_op_postgis_ook_de_totalen_die_een_token_daarna_uit_de_cache_krijgt(
    postgis_url, monkeypatch
):
    store = Store.open(postgis_url)
    try:
        store.zet_regio(laad_regio())
        _vul(store)
        app = create_app({"TESTING": True, "DATABASE_URL": postgis_url, "BASISKAART": False})
        try:
            client = client_als(app)
            gedaan = verwarm(app)
            assert gedaan["antwoorden"] == 1
            assert len(gedaan["zooms"]) == 1 and gedaan["statisch"] > 0

            # the token's use writes (its last use) but no plan data: the totals stay kept
            def niet_opnieuw(*args, **kwargs):
                raise AssertionError("totalen opnieuw berekend")

            monkeypatch.setattr(Store, "daeb_som", niet_opnieuw)
            warm = client.get(TOTALEN)
            assert warm.status_code == 200
            assert warm.json["samenvatting"]["locaties"] == 3
        finally:
            app.extensions["locatieplanner.store"].sluit()
    finally:
        store.sluit()


def test_een_draad_met_stappen_en_gereed_wacht_alleen_op_zijn_stappen(app):
    # the default steps, in order; /gereed waits only for the analysis, at most its setting
    standaard = voorverwarmen.stappen(app)
    assert [s.naam for s in standaard] == [
        "antwoorden",
        "zooms",
        "sjablonen",
        "statisch",
        "analyse",
    ]
    assert [s.gereed_wacht for s in standaard] == [0, 0, 0, 0, 120]
    app.config["ANALYSE_VOORAF_WACHT"] = 7
    assert voorverwarmen.stappen(app)[-1].gereed_wacht == 7

    vrij = {naam: threading.Event() for naam in ("eerst", "gewacht", "verlopen")}
    gedaan: list[str] = []

    def stap(naam):
        def doe(_app):
            assert vrij[naam].wait(30), naam
            gedaan.append(threading.current_thread().name)
            return naam

        return doe

    client = app.test_client()
    assert not voorverwarmen.bezig(app)  # no warming: nothing to wait for
    draad = voorverwarmen.start(
        app,
        [
            voorverwarmen.Stap("eerst", stap("eerst")),  # /gereed does not wait for it itself
            voorverwarmen.Stap("gewacht", stap("gewacht"), gereed_wacht=60),
            voorverwarmen.Stap("verlopen", stap("verlopen"), gereed_wacht=1e-6),
        ],
    )
    try:
        assert client.get("/gereed").status_code == 503  # "gewacht" has not run yet
        vrij["eerst"].set()
        assert client.get("/gereed").status_code == 503
        vrij["gewacht"].set()
        # "gewacht" done; "verlopen" still runs but its wait is over: ready (bounded: 30 s)
        for _ in range(300):
            if client.get("/gereed").status_code == 200:
                break
            time.sleep(0.1)
        assert client.get("/gereed").status_code == 200
        assert draad.is_alive()  # "verlopen" is still held
    finally:
        for event in vrij.values():
            event.set()
        draad.join(30)
    assert not draad.is_alive()
    assert gedaan == ["voorverwarmen"] * 3  # one thread, in order
