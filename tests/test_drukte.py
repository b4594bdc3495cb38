"""Several parties at once: lock contention never gives a 500, imports hold the write lock
briefly and check everything before it, one web import per server process.

The real components: temporary SQLite files (a second ``sqlite3`` connection holds the write
lock where a test needs contention), the production server as a process on 127.0.0.1
(:mod:`server_proces`), and PostgreSQL/PostGIS from the fixtures.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from aanmelding import client_als, token_voor
from conftest import PROJECT, database_url
from server_proces import Serverproces
from shapely.geometry import Point, box
from sqlalchemy import text

from locatieplanner.domein.model import Bod, Corporatie, Locatie, Onttrekking
from locatieplanner.domein.rechten import Account
from locatieplanner.domein.regio import laad_regio
from locatieplanner.errors import Bezet, ValidatieFout
from locatieplanner.store import Store
from locatieplanner.uitwisseling.importeer import (
    ImportAfgekeurd,
    importeer_locaties,
)
from locatieplanner.web import create_app

sys.path.insert(0, str(PROJECT / "benchmarks"))
from bench_analyse import maak_gegevens  # noqa: E402
from bench_upload import maak_geojson, maak_store, upload  # noqa: E402

#: The nine 6 x 6 km municipalities of the generated data: code -> RD south-west corner.
HOEKEN = {g.gemeente: g.geometry.bounds[:2] for g in maak_gegevens(1)[1]}


def _bestand(url: str) -> str:
    return url.removeprefix("sqlite:///")


@contextmanager
def schrijfslot(url: str):
    """Another writer holds SQLite's write lock (``BEGIN IMMEDIATE`` on its own connection)
    until the block ends; it writes nothing."""
    verbinding = sqlite3.connect(_bestand(url), isolation_level=None, timeout=30)
    try:
        verbinding.execute("BEGIN IMMEDIATE")
        yield
        verbinding.execute("ROLLBACK")
    finally:
        verbinding.close()


@pytest.fixture
def url(tmp_path) -> str:
    """A SQLite database with the nine generated municipalities, two corporations and an
    administrator (as the upload benchmark builds it)."""
    u = database_url(tmp_path)
    maak_store(u)
    return u


def _punt(gemeente: str, dx: float = 1000, dy: float = 1000) -> Point:
    x0, y0 = HOEKEN[gemeente]
    return Point(x0 + dx, y0 + dy)


# --------------------------------------------------------------------------- lock -> Bezet


def test_gehouden_schrijfslot_geeft_bezet_en_slaat_niets_op(url):
    store = Store.open(url, wachttijd=0.2)
    voor = store.tellingen()
    with schrijfslot(url):
        with pytest.raises(Bezet) as e:
            store.bewaar_corporatie(Corporatie("Nieuw", "NW", ["GM0518"]))
        # reading goes on: WAL readers do not wait for a writer
        assert store.tellingen() == voor
    fout = e.value
    assert fout.opnieuw_na >= 1
    assert "bezet" in fout.melding and "0,2 s" in fout.melding and "niets" in fout.melding
    assert store.tellingen() == voor
    # once the lock is free, the same write goes through
    assert store.bewaar_corporatie(Corporatie("Nieuw", "NW", ["GM0518"])).id is not None
    store.sluit()


def test_wachttijd_moet_een_aantal_seconden_zijn(url):
    from locatieplanner.errors import ConfiguratieFout

    with pytest.raises(ConfiguratieFout, match="SCHRIJF_WACHTTIJD = 'lang'"):
        Store.open(url, wachttijd="lang", migreer=False)
    with pytest.raises(ConfiguratieFout, match="0 tot en met 3600"):
        Store.open(url, wachttijd_import=-1, migreer=False)


def test_api_en_pagina_geven_503_met_retry_after_bij_een_gehouden_slot(url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "BASISKAART": False,
            "SCHRIJF_WACHTTIJD": 0.2,
            "IMPORT_WACHTTIJD": 0.2,
        }
    )
    client = client_als(app, Account("drukte-dh", "gemeente", gemeenten=("GM0518",)))
    beheer = client_als(app)
    assert client.get("/api/v1/gemeenten").status_code == 200  # store opened and migrated
    assert beheer.get("/importeer").status_code == 200
    bestand = tmp_path / "plan.geojson"
    maak_geojson(bestand, 3)
    x, y = _punt("GM0518").coords[0]
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [x, y]},
        "properties": {"naam": "Tijdens de import", "status": "1A", "daeb": 10},
    }
    with schrijfslot(url):
        api = client.post("/api/v1/locaties?crs=EPSG:28992", json=feature)
        with bestand.open("rb") as f:
            pagina = beheer.post(
                "/importeer",
                data={"soort": "locaties", "bestand": (f, "plan.geojson")},
                content_type="multipart/form-data",
            )
        assert client.get("/api/v1/locaties?limit=1").status_code == 200  # reads go on
    assert api.status_code == 503, api.get_json()
    assert int(api.headers["Retry-After"]) >= 1
    assert "bezet" in api.get_json()["fout"]
    assert pagina.status_code == 503
    assert pagina.mimetype == "text/html"
    assert int(pagina.headers["Retry-After"]) >= 1
    assert "bezet" in pagina.get_data(as_text=True)
    store = Store.open(url)
    assert store.locaties() == []
    store.sluit()
    # without the other writer both go through
    assert client.post("/api/v1/locaties?crs=EPSG:28992", json=feature).status_code == 201


@pytest.mark.postgis
def test_postgis_lock_timeout_geeft_bezet(postgis_url):
    store = Store.open(postgis_url, wachttijd=0.3)
    try:
        store.zet_regio(laad_regio())
        with store.engine.connect() as ander:  # another writer holds a lock the write needs
            ander.execute(text("LOCK TABLE corporatie IN ACCESS EXCLUSIVE MODE"))
            with pytest.raises(Bezet) as e:
                store.bewaar_corporatie(Corporatie("Nieuw", "NW", ["GM0518"]))
            ander.rollback()
        assert e.value.opnieuw_na >= 1 and "0,3 s" in e.value.melding
        assert store.corporaties() == []
        assert store.bewaar_corporatie(Corporatie("Nieuw", "NW", ["GM0518"])).id is not None
    finally:
        store.sluit()


# --------------------------------------------------------------------------- imports


def test_fouten_in_een_import_worden_gemeld_zonder_op_het_slot_te_wachten(url, tmp_path):
    """The whole check runs before the write transaction: while another connection holds
    the write lock, a file with problems is refused with every problem (no Bezet), and a dry
    run reports without taking the lock at all."""
    store = Store.open(url, wachttijd=0.2, wachttijd_import=0.2)
    fout = tmp_path / "fout.geojson"
    maak_geojson(fout, 50)
    tekst = fout.read_text("utf-8").replace('"status": "1A"', '"status": "9Z"', 3)
    fout.write_text(tekst, "utf-8")
    goed = tmp_path / "goed.geojson"
    maak_geojson(goed, 50, begin=1000)
    with schrijfslot(url):
        with pytest.raises(ImportAfgekeurd) as e:
            importeer_locaties(store, fout)
        droog = importeer_locaties(store, goed, droog=True)
        # removals and bids: checked before the lock too
        with pytest.raises(ValidatieFout):
            store.importeer_onttrekkingen([Onttrekking("GM0518", 1900, 5, "sloop")])
        with pytest.raises(ValidatieFout):
            store.importeer_biedingen([Bod("GM9999", "origineel", None, 10)])  # type: ignore[arg-type]
        # a valid import does need the lock: it waits its (here short) time, then Bezet
        with pytest.raises(Bezet):
            importeer_locaties(store, goed)
    statussen = [m for m in e.value.rapport.problemen if m.veld == "status"]
    assert len(statussen) == tekst.count('"status": "9Z"') >= 1
    assert all(m.rij is not None and m.bron_id for m in statussen)
    assert droog.toegevoegd == 50 and not droog.opgeslagen
    assert store.locaties() == []
    rapport = importeer_locaties(store, goed)
    assert rapport.toegevoegd == 50 and rapport.slotduur is not None
    assert rapport.als_dict()["slotduur_s"] >= 0
    store.sluit()


def test_import_die_intussen_veranderde_gegevens_wordt_opnieuw_voorbereid(url):
    """Between the check and the write someone adds a site with the same key: the import is
    prepared again against it (an update instead of a second site), still all at once."""
    store = Store.open(url)
    repo = store.locaties_repo
    eerste = Locatie("Plan", _punt("GM0518").buffer(20), "1A", bron_id="P-1", daeb=5)
    tweede = Locatie("Ander", _punt("GM0603").buffer(20), "2C", bron_id="P-2", daeb=0)
    echt = repo._bereid_import_voor
    keer = []

    def bereid_voor(*args, **kwargs):
        klaar = echt(*args, **kwargs)
        if not keer:  # after the first check, before the write: a concurrent writer
            ander = Store.open(url, gebruiker="ander")
            ander.voeg_locatie_toe(
                Locatie("Eerder", _punt("GM0518").buffer(10), "1B", bron_id="P-1", daeb=1)
            )
            ander.sluit()
        keer.append(klaar)
        return klaar

    repo._bereid_import_voor = bereid_voor
    uitslag = store.importeer_locaties([eerste, tweede])
    assert len(keer) == 2
    assert uitslag["uitkomsten"] == ["gewijzigd", "toegevoegd"]
    p1 = store.locaties(bron_id="P-1")
    assert [(loc.naam, loc.versie) for loc in p1] == [("Plan", 2)]
    assert [loc.naam for loc in store.locaties(bron_id="P-2")] == ["Ander"]
    store.sluit()


def test_importslot_weigert_een_tweede_gelijktijdige_webimport_met_429(url, tmp_path):
    """Two uploads to one server process while the first cannot finish (the write lock is
    held by another connection): the second gets 429 with Retry-After; nothing of it is
    stored; once the lock is free the first completes."""
    token = token_voor(url)
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    maak_geojson(a, 200)
    maak_geojson(b, 200, begin=5000)
    omgeving = {"LOCATIEPLANNER_IMPORT_WACHTTIJD": "120"}
    with Serverproces(tmp_path / "instance", url, "--workers", "1", omgeving=omgeving) as server:
        assert _vraag(server.url + "/api/v1/gemeenten", token)[0] == 200  # worker ready
        uitkomsten: dict[str, tuple[int, dict]] = {}
        klaar = threading.Event()

        def stuur(pad: Path) -> None:
            uitkomsten[pad.name] = upload(server.url, token, pad, timeout=180)
            klaar.set()

        with schrijfslot(url):
            draden = [threading.Thread(target=stuur, args=(p,)) for p in (a, b)]
            for d in draden:
                d.start()
            # the first answer is the refusal: the other import waits for the lock
            assert klaar.wait(timeout=120), "geen antwoord op de tweede import"
            geweigerd = dict(uitkomsten)
        for d in draden:
            d.join(timeout=180)
    assert len(geweigerd) == 1
    (naam, (status, fout)) = next(iter(geweigerd.items()))
    assert status == 429, fout
    assert "één tegelijk" in fout["fout"]
    statussen = sorted(s for s, _r in uitkomsten.values())
    assert statussen == [200, 429]
    gelukt = next(r for s, r in uitkomsten.values() if s == 200)
    assert gelukt["toegevoegd"] == 200
    store = Store.open(url)
    bron_ids = {loc.bron_id for loc in store.locaties(met_geometrie=False)}
    store.sluit()
    eerste = 0 if naam == "b.geojson" else 5000
    assert bron_ids == {f"G-{eerste + i:06d}" for i in range(200)}
    regels = (tmp_path / "instance" / "server.err").read_text("utf-8").splitlines()
    verzoeken = [json.loads(r) for r in regels if r.startswith("{") and '"verzoek"' in r]
    assert sorted(r["status"] for r in verzoeken if r["pad"] == "/importeer") == [200, 429]


# --------------------------------------------------------------------------- under load


def _vraag(
    adres: str, token: str, methode: str = "GET", data: dict | None = None
) -> tuple[int, dict, dict]:
    """One request: status, headers and JSON body."""
    verzoek = urllib.request.Request(
        adres,
        method=methode,
        data=None if data is None else json.dumps(data).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(verzoek, timeout=120) as r:
            return r.status, dict(r.headers), json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as fout:
        with fout:
            inhoud = fout.read()
            try:
                data_ = json.loads(inhoud or b"{}")
            except ValueError:
                data_ = {"tekst": inhoud.decode(errors="replace")}
            return fout.code, dict(fout.headers), data_


#: Writes per client at most, and seconds the clients keep writing at most.
MAX_SCHRIJFACTIES = 400
MAX_SECONDEN = 240


def test_import_van_20000_locaties_terwijl_10_clients_schrijven(url, tmp_path):
    """The production server imports 20,000 sites (web upload) while ten clients, each with
    its own account, add sites through the API: no 500s; every write is acknowledged (201)
    and stored, or refused with 503 + Retry-After and not stored; the import is complete."""
    admin_token = token_voor(url)
    bestand = tmp_path / "groot.geojson"
    assert maak_geojson(bestand, 20_000) == 20_000
    codes = list(HOEKEN)
    clients = []
    for i in range(10):
        gemeente = codes[i % len(codes)]
        account = Account(f"drukte-{i}", "gemeente", gemeenten=(gemeente,))
        clients.append((i, gemeente, token_voor(url, account)))
    omgeving = {"LOCATIEPLANNER_SCHRIJF_WACHTTIJD": "0.5"}
    instance = tmp_path / "instance"
    stop = threading.Event()
    uitkomsten: dict[int, list[tuple[str, int, dict, dict]]] = {i: [] for i, _g, _t in clients}
    with Serverproces(instance, url, "--workers", "2", "--threads", "8", omgeving=omgeving) as s:
        assert _vraag(s.url + "/api/v1/gemeenten", admin_token)[0] == 200

        def schrijver(i: int, gemeente: str, token: str) -> None:
            einde = time.monotonic() + MAX_SECONDEN
            for n in range(MAX_SCHRIJFACTIES):
                if stop.is_set() or time.monotonic() > einde:
                    return
                bron_id = f"K{i}-{n}"
                punt = _punt(gemeente, 100 + (n % 50) * 100, 100 + (n // 50) * 100)
                feature = {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [punt.x, punt.y]},
                    "properties": {"naam": f"Client {i} nr {n}", "status": "1B", "daeb": 3},
                }
                feature["properties"]["bron_id"] = bron_id
                status, koppen, data = _vraag(
                    s.url + "/api/v1/locaties?crs=EPSG:28992", token, "POST", feature
                )
                uitkomsten[i].append((bron_id, status, koppen, data))

        draden = [threading.Thread(target=schrijver, args=c) for c in clients]
        for d in draden:
            d.start()
        try:
            status, rapport = upload(s.url, admin_token, bestand, timeout=MAX_SECONDEN)
        finally:
            stop.set()
            for d in draden:
                d.join(timeout=MAX_SECONDEN)
    assert status == 200, rapport
    assert rapport["toegevoegd"] == 20_000 and rapport["opgeslagen"] is True
    assert rapport["slotduur_s"] is not None

    alle = [u for lijst in uitkomsten.values() for u in lijst]
    assert alle, "de clients hebben niets geschreven"
    onverwacht = [(b, st, d) for b, st, _k, d in alle if st not in (201, 503)]
    assert not onverwacht, onverwacht[:5]
    for _b, st, koppen, data in alle:
        if st == 503:
            assert int(koppen["Retry-After"]) >= 1
            assert "bezet" in data["fout"]
    erkend = {b: d["id"] for b, st, _k, d in alle if st == 201}
    geweigerd = {b for b, st, _k, _d in alle if st == 503}

    store = Store.open(url)
    opgeslagen = {
        loc.bron_id: loc.id
        for loc in store.locaties(met_geometrie=False)
        if loc.bron_id and loc.bron_id.startswith("K")
    }
    geimporteerd = [
        loc for loc in store.locaties(met_geometrie=False) if (loc.bron_id or "").startswith("G-")
    ]
    store.sluit()
    assert opgeslagen == erkend  # every acknowledged write is there, no refused one
    assert not geweigerd & set(opgeslagen)
    assert len(geimporteerd) == 20_000  # the import: all of it
    regels = (instance / "server.err").read_text("utf-8").splitlines()
    verzoeken = [json.loads(r) for r in regels if r.startswith("{") and '"verzoek"' in r]
    assert verzoeken and all(r["status"] < 500 or r["status"] == 503 for r in verzoeken)
    assert not [r for r in regels if '"niveau": "error"' in r]


@pytest.mark.postgis
def test_postgis_import_voegt_toe_en_werkt_bij(postgis_url, tmp_path):
    maak_store(postgis_url)
    store = Store.open(postgis_url)
    bestand = tmp_path / "plan.geojson"
    maak_geojson(bestand, 300)
    eerste = importeer_locaties(store, bestand)
    assert (eerste.toegevoegd, eerste.slotduur is not None) == (300, True)
    tekst = bestand.read_text("utf-8").replace("Ëïland", "gewijzigd", 40)
    bestand.write_text(tekst, "utf-8")
    tweede = importeer_locaties(store, bestand)
    assert (tweede.toegevoegd, tweede.gewijzigd, tweede.ongewijzigd) == (0, 40, 260)
    locaties = store.locaties()
    assert len(locaties) == 300
    assert sum(1 for loc in locaties if loc.versie == 2) == 40
    with store.engine.connect() as c:
        srids = c.execute(text("SELECT DISTINCT ST_SRID(geom) FROM locatie")).scalars().all()
        log = c.execute(
            text("SELECT actie, count(*) FROM wijziging WHERE tabel = 'locatie' GROUP BY actie")
        ).all()
    assert srids == [28992]
    assert dict(log) == {"toegevoegd": 300, "gewijzigd": 40}
    # a new site after the import gets a fresh id from the sequence
    nieuw = store.voeg_locatie_toe(Locatie("Na", box(71000, 441000, 71050, 441050), "1A"))
    assert nieuw.id > max(loc.id for loc in locaties)
    store.sluit()
