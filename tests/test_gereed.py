"""``GET /gereed``: the readiness check a reverse proxy or start script asks, without an account."""

from __future__ import annotations

import sqlite3

from server_proces import Serverproces


def test_gereed_zonder_account(app):
    antwoord = app.test_client().get("/gereed")
    assert antwoord.status_code == 200
    assert antwoord.get_json() == {"status": "gereed"}
    assert antwoord.headers["Cache-Control"] == "no-store"


def test_niet_gereed_als_de_database_niet_antwoordt(app, store):
    pad = store.url.removeprefix("sqlite:///")
    with sqlite3.connect(pad) as conn:  # the audit log is gone: the store cannot answer
        conn.execute("ALTER TABLE wijziging RENAME TO wijziging_weg")
    antwoord = app.test_client().get("/gereed")
    assert antwoord.status_code == 503
    assert antwoord.headers["Retry-After"] == "5"
    body = antwoord.get_json()
    assert body["status"] == "niet gereed"
    assert body["melding"].startswith("De database antwoordt niet (")


def test_productieserver_wacht_tot_een_worker_gereed_is(tmp_path, store):
    server = Serverproces(tmp_path / "instance", store.url, "--workers", "2").start()
    try:
        assert server._gereed()
    finally:
        server.stop()
    assert not server._gereed()  # stopped: nothing answers
