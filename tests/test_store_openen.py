"""A fresh app that gets many requests at once opens (and migrates) its store once."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from aanmelding import client_als, zorg_voor_account

from locatieplanner.errors import Bezet
from locatieplanner.store import Store
from locatieplanner.web import create_app


def test_gelijktijdige_eerste_verzoeken_openen_de_store_eenmaal(store, monkeypatch):
    zorg_voor_account(store.url)
    app = create_app({"TESTING": True, "DATABASE_URL": store.url, "BASISKAART": False})
    clients = [client_als(app) for _ in range(8)]
    geopend: list[int] = []
    echte_open = Store.open.__func__

    def tel_open(cls, *args, **kw):
        geopend.append(1)
        return echte_open(cls, *args, **kw)

    monkeypatch.setattr(Store, "open", classmethod(tel_open))
    start = threading.Barrier(len(clients))
    uitslagen: list[int] = []

    def vraag(c) -> None:
        start.wait()
        uitslagen.append(c.get("/api/v1/gemeenten").status_code)

    draden = [threading.Thread(target=vraag, args=(c,)) for c in clients]
    for d in draden:
        d.start()
    for d in draden:
        d.join(60)
    assert uitslagen == [200] * len(clients)
    assert len(geopend) == 1
    app.extensions["locatieplanner.store"].sluit()


def test_een_actuele_store_openen_wacht_niet_op_de_schrijfvergrendeling(store):
    """While another connection holds SQLite's write lock (an import), opening a store whose
    schema is current succeeds at once and reads (issue 13: start-up takes no write lock)."""
    pad = store.engine.url.database
    schrijver = sqlite3.connect(pad, isolation_level=None, timeout=0)
    schrijver.execute("BEGIN IMMEDIATE")
    try:
        ander = Store.open(store.url, wachttijd_import=0.2)
        assert ander.regio().naam
        # a write still has to wait, and says so
        with pytest.raises(Bezet):
            ander.als("systeem").gemeenten_repo._db.migreer("0001")
        ander.sluit()
    finally:
        schrijver.execute("ROLLBACK")
        schrijver.close()
