"""A fresh app that gets many requests at once opens (and migrates) its store once."""

from __future__ import annotations

import threading

from aanmelding import client_als, zorg_voor_account

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
