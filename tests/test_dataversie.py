"""PostgreSQL's data version (migration 0011), the key of the answer caches: it changes with a
committed write of the plan data and with nothing else (a token's last use, a login attempt, a
rolled-back write), and concurrent writers raise it in commit order, so a reader that sees a
version sees every write up to it."""

from __future__ import annotations

import threading

import pytest
from shapely.geometry import box
from sqlalchemy import text
from test_postgis import store  # noqa: F401 - the store on a fresh PostGIS database

from locatieplanner.domein.model import Locatie

pytestmark = pytest.mark.postgis

#: A site's area in the test region (EPSG:28992).
VLAK = box(80000, 452000, 80100, 452100)


def _audit(conn, sleutel: str) -> None:
    conn.execute(
        text(
            "INSERT INTO wijziging (tijd, gebruiker, tabel, sleutel, actie) "
            "VALUES (now(), 'test', 'locatie', :s, 'wijzigen')"
        ),
        {"s": sleutel},
    )


def test_versie_verandert_alleen_met_een_schrijfactie(store):  # noqa: F811
    begin = store.cacheversie()
    # a transaction that writes no audit log (as a token's last use or a login attempt do)
    with store.engine.begin() as c:
        c.execute(text("CREATE TEMP TABLE los (x int)"))
        c.execute(text("INSERT INTO los VALUES (1)"))
    assert store.cacheversie() == begin
    # a rolled-back write leaves none
    with store.engine.connect() as c:
        trans = c.begin()
        _audit(c, "terug")
        trans.rollback()
    assert store.cacheversie() == begin
    store.voeg_locatie_toe(Locatie(naam="Nieuw", status="1A", geometry=VLAK))
    na = store.cacheversie()
    assert na != begin
    assert na[1] == begin[1] + 1
    # one transaction with several audit statements raises it once; the note table is empty
    with store.engine.begin() as c:
        _audit(c, "a")
        _audit(c, "b")
    assert store.cacheversie()[1] == na[1] + 1
    with store.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM dataversie_open")).scalar_one() == 0


def test_gelijktijdige_schrijvers_in_volgorde_van_commit(store):  # noqa: F811
    """A writes its audit entry first (lower id) but commits last: the version seen after B's
    commit does not yet include A, and A's commit raises it again, so a key read before A's
    commit never names A's data."""
    begin = store.cacheversie()[1]
    a = store.engine.connect()
    b = store.engine.connect()
    try:
        ta = a.begin()
        _audit(a, "A")
        tb = b.begin()
        _audit(b, "B")
        tb.commit()
        assert store.cacheversie()[1] == begin + 1
        ta.commit()
        assert store.cacheversie()[1] == begin + 2
    finally:
        a.close()
        b.close()


def test_gelijktijdige_schrijvers_lopen_niet_vast(store):  # noqa: F811
    """A writes its audit entry and then a row that B changed before writing its own entry:
    had the audit write taken the counter's lock, A would hold it while waiting for B's row and
    B would wait for it (a deadlock); the counter is taken while committing, so both commit."""
    rij = store.voeg_locatie_toe(Locatie(naam="R", status="1A", geometry=VLAK)).id
    begin = store.cacheversie()[1]
    samen = threading.Barrier(2, timeout=30)
    fouten: list[BaseException] = []

    def a() -> None:
        try:
            with store.engine.begin() as c:
                _audit(c, "A")
                samen.wait()
                c.execute(text("UPDATE locatie SET naam = 'A' WHERE id = :i"), {"i": rij})
        except BaseException as fout:  # noqa: BLE001  (reported by the assertion below)
            fouten.append(fout)

    def b() -> None:
        try:
            with store.engine.begin() as c:
                c.execute(text("UPDATE locatie SET naam = 'B' WHERE id = :i"), {"i": rij})
                samen.wait()
                _audit(c, "B")
        except BaseException as fout:  # noqa: BLE001  (reported by the assertion below)
            fouten.append(fout)

    draden = [threading.Thread(target=a), threading.Thread(target=b)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(60)
    assert not any(d.is_alive() for d in draden)
    assert fouten == []
    assert store.cacheversie()[1] == begin + 2
