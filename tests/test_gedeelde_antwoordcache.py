"""The answer cache that a production server's workers share (``GedeeldeAntwoordcache``): one
store in a private temporary folder, made at start and removed at exit; what one process keeps
another reads; the byte budget holds; the answers stay those of an app without cache."""

from __future__ import annotations

import json
import os
import stat

import requests
from aanmelding import client_als, token_voor
from server_proces import Serverproces
from test_api import RD, feature, vlak
from test_schaal import gedeelde_database  # noqa: F401  (fixture: SQLite and PostGIS)

from locatieplanner.web import create_app
from locatieplanner.web.antwoordcache import Bewaard, GedeeldeAntwoordcache

#: An RD box around both test municipalities.
VAK = f"/api/v1/locaties?{RD}&bbox=70000,440000,95000,465000"


def app_met_locaties(url: str, aantal: int, stap: int):
    """An app without answer cache on ``url`` and its client, after it stored ``aantal`` sites
    ``stap`` m apart inside :data:`VAK`."""
    app = create_app({"TESTING": True, "DATABASE_URL": url, "ANTWOORDCACHE_MB": 0})
    c = client_als(app)
    for i in range(aantal):
        x = 80000 + i * stap
        assert (
            c.post(
                f"/api/v1/locaties?{RD}",
                json=feature(vlak(x, 452000, x + 50, 452050), naam=f"L{i}"),
            ).status_code
            == 201
        )
    return app, c


def test_wat_het_ene_proces_bewaart_leest_het_andere(tmp_path):
    a = GedeeldeAntwoordcache(str(tmp_path), 2_000_000)
    b = GedeeldeAntwoordcache(str(tmp_path), 2_000_000)
    sleutel = ((7,), ("gemeente", ("0518",), None), "/api/v1/locaties", (("bbox", "1,2,3,4"),), "")
    kop = (("Content-Type", "application/geo+json"),)
    assert b.haal(sleutel) is None
    assert a.zet(sleutel, Bewaard(b"body", kop, "etag1"))
    assert b.haal(sleutel) == Bewaard(b"body", kop, "etag1")
    # another scope or version is another key
    assert b.haal(((8,), *sleutel[1:])) is None
    assert b.haal((sleutel[0], ("corporatie", (), "Staedion"), *sleutel[2:])) is None
    # larger than a quarter of the budget: not kept
    assert not a.zet("groot", Bewaard(b"z" * 600_000, (), "e"))
    assert b.haal("groot") is None
    # the budget holds, the newest stay
    for i in range(100):
        assert a.zet(i, Bewaard(os.urandom(40_000), (), "e"))
    assert a.gebruikt <= a.budget
    assert b.haal(99) is not None and b.haal(0) is None
    b.leeg()
    assert len(a) == 0


def test_server_deelt_een_cache_en_ruimt_hem_op(tmp_path, gedeelde_database):  # noqa: F811
    """Under the production server (two workers) the answers of a box are kept once, in a
    folder only the server's user may read, equal to an app's without cache: on PostgreSQL too,
    where requests that write (a token's last use) no longer change the cache version; a write
    gives the new data at once; the folder is gone when the server stops."""
    url = gedeelde_database
    app, c = app_met_locaties(url, 3, 400)
    tijdelijk = tmp_path / "tmp"
    tijdelijk.mkdir()
    server = Serverproces(
        tmp_path / "instance",
        url,
        "--workers",
        "2",
        omgeving={"TMPDIR": str(tijdelijk)},
    ).start()
    try:
        (map,) = tijdelijk.iterdir()
        assert stat.S_IMODE(map.stat().st_mode) == 0o700
        token = token_voor(url)
        kop = {"Authorization": f"Bearer {token}"}
        verwacht = c.get(VAK, headers={"Accept-Encoding": "identity"})
        with requests.Session() as s:
            antwoorden = [
                s.get(server.url + VAK, headers={**kop, "Accept-Encoding": "identity"}, timeout=60)
                for _ in range(8)
            ]
            assert {a.status_code for a in antwoorden} == {200}
            assert {a.content for a in antwoorden} == {verwacht.data}
            assert len({a.headers["ETag"] for a in antwoorden}) == 1
            # repeats were sent by the fast path in front of Flask (web/snelpad.py): logged
            # like any request, with the answer's bytes
            regels = [_json_regel(r) for r in server.stderr.read_text("utf-8").splitlines()]
            snel = [r for r in regels if r.get("snelpad") and r.get("pad") == "/api/v1/locaties"]
            assert 1 <= len(snel) <= 7
            assert {(r["status"], r["bytes"], r["account"]) for r in snel} == {
                (200, len(verwacht.data), "test-beheerder")
            }
            gedeeld = GedeeldeAntwoordcache(str(map), 1 << 20)
            # the box's answer once (next to what the workers' warming kept: the totals)
            vak = repr(("bbox", VAK.rsplit("bbox=", 1)[1]))
            assert sum(vak in sleutel for sleutel in gedeeld.sleutels()) == 1
            nieuw = s.post(
                f"{server.url}/api/v1/locaties?{RD}",
                json=feature(naam="Nieuw"),
                headers=kop,
                timeout=60,
            )
            assert nieuw.status_code == 201, nieuw.text[:300]
            for _ in range(4):
                namen = {
                    f["properties"]["naam"]
                    for f in s.get(server.url + VAK, headers=kop, timeout=60).json()["features"]
                }
                assert "Nieuw" in namen
    finally:
        server.stop()
        app.extensions["locatieplanner.store"].sluit()
    assert list(tijdelijk.iterdir()) == []


def test_een_onbruikbare_cache_geeft_geen_fout(tmp_path, monkeypatch, caplog):
    """A store that cannot be read or written (busy, disk full, folder removed) is a miss and
    an answer not kept, logged, never an error of the request."""
    import sqlite3

    import diskcache

    cache = GedeeldeAntwoordcache(str(tmp_path), 2_000_000)
    assert cache.zet("k", Bewaard(b"body", (), "e"))

    def kapot(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    def bezet(*args, **kwargs):
        raise diskcache.Timeout

    monkeypatch.setattr(cache._cache, "get", kapot)
    monkeypatch.setattr(cache._cache, "set", bezet)
    assert cache.haal("k") is None
    assert not cache.zet("k", Bewaard(b"ander", (), "e"))
    assert "antwoordcache niet leesbaar" in caplog.text
    assert "antwoordcache niet beschrijfbaar" in caplog.text


def _json_regel(tekst: str) -> dict:
    """A JSON log line of the server as a dict ({} for any other line)."""
    try:
        regel = json.loads(tekst)
    except ValueError:
        return {}
    return regel if isinstance(regel, dict) else {}
