"""Optimistic locking of every kind of record besides sites: removals, bids, corporations.

For each kind, in the store and through the API, on SQLite and on PostGIS: two writers holding
the same version, exactly one wins and the other gets a conflict (``Conflict`` / HTTP 412 with
the current item), never an overwrite; a write without If-Match is 428; the audit log has
exactly one entry for the winning change. Also: writers at the same moment (threads, each with
its own connection), and a bid version posted twice at once is stored once (409, not
overwritten).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from aanmelding import client_als
from conftest import KLEINE_GEMEENTEN, database_url

from locatieplanner.domein.model import Bod, Corporatie, Onttrekking
from locatieplanner.domein.rechten import Account
from locatieplanner.domein.regio import laad_regio
from locatieplanner.errors import Conflict, NietGevonden, ValidatieFout
from locatieplanner.store import Store
from locatieplanner.web import create_app

API = "/api/v1"


@dataclass(frozen=True)
class Soort:
    """A kind of record under test: how to make, read, change and delete one, which field a
    change sets (``veld``, to the values of writer A and writer B) and its version field."""

    tabel: str
    pad: str
    maak: Callable[[Store], Any]
    lees: Callable[[Store], Callable[[int], Any]]
    wijzig: Callable[[Store], Callable[[int, dict[str, Any], int], Any]]
    verwijder: Callable[[Store], Callable[[int, int], None]] | None
    veld: str
    waarden: tuple[Any, Any]
    kolom: str = "versie"
    rol: str = "gemeente"


SOORTEN = [
    Soort(
        "onttrekking",
        "onttrekkingen",
        lambda s: s.voeg_onttrekking_toe(Onttrekking("GM0518", 2026, 40, "sloop", "Staedion")),
        lambda s: s.onttrekking,
        lambda s: s.wijzig_onttrekking,
        lambda s: s.verwijder_onttrekking,
        "aantal",
        (30, 50),
    ),
    Soort(
        "bod",
        "biedingen",
        lambda s: s.bewaar_bod(Bod("GM0518", "origineel", date(2021, 12, 15), 1200)),
        lambda s: s.bod,
        lambda s: s.wijzig_bod,
        lambda s: s.verwijder_bod,
        "daeb",
        (1300, 1100),
        kolom="rijversie",
    ),
    Soort(
        "corporatie",
        "corporaties",
        lambda s: s.bewaar_corporatie(Corporatie("Haag Wonen", "HW", ["GM0518"])),
        lambda s: s.corporatie,
        lambda s: s.wijzig_corporatie,
        None,
        "code",
        ("HWA", "HWB"),
        rol="beheerder",
    ),
]
IDS = [s.tabel for s in SOORTEN]


@pytest.fixture(params=["sqlite", pytest.param("postgis", marks=pytest.mark.postgis)])
def db(request, tmp_path) -> Store:
    """A store with two municipalities and two corporations, on SQLite and on PostGIS."""
    if request.param == "sqlite":
        url = database_url(tmp_path)
    else:
        url = request.getfixturevalue("postgis_url")
    store = Store.open(url)
    store.zet_regio(laad_regio())
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    store.bewaar_corporatie(Corporatie("Vidomes", "VID", ["GM0518", "GM0603"]))
    yield store
    store.sluit()


def _account(soort: Soort, naam: str) -> Account:
    if soort.rol == "gemeente":
        return Account(naam, "gemeente", gemeenten=("GM0518",))
    return Account(naam, soort.rol)


def _acties(store: Store, soort: Soort, item_id: int) -> list[tuple[str, str]]:
    return [(g["actie"], g["gebruiker"]) for g in store.geschiedenis(soort.tabel, item_id)]


# --------------------------------------------------------------------------- store


@pytest.mark.parametrize("soort", SOORTEN, ids=IDS)
def test_store_conflict(db, soort):
    """Two writers hold version 1: the first wins, the second gets a conflict with the current
    item and changes nothing; a stale deletion is refused too."""
    item = soort.maak(db)
    versie = getattr(item, soort.kolom)
    assert versie == 1
    anna, bert = (db.als(_account(soort, n)) for n in ("anna", "bert"))
    a, b = soort.waarden
    gewonnen = soort.wijzig(anna)(item.id, {soort.veld: a}, versie)
    assert (getattr(gewonnen, soort.veld), getattr(gewonnen, soort.kolom)) == (a, 2)
    with pytest.raises(Conflict, match="intussen gewijzigd") as fout:
        soort.wijzig(bert)(item.id, {soort.veld: b}, versie)
    assert fout.value.huidig[soort.veld] == a and fout.value.huidig[soort.kolom] == 2
    huidig = soort.lees(db)(item.id)
    assert getattr(huidig, soort.veld) == a, "nooit overschreven"
    assert huidig == gewonnen
    assert _acties(db, soort, item.id) == [("toegevoegd", "systeem"), ("gewijzigd", "anna")]
    (regel,) = [g for g in db.geschiedenis(soort.tabel, item.id) if g["actie"] == "gewijzigd"]
    assert (regel["oud"][soort.kolom], regel["nieuw"][soort.kolom]) == (1, 2)
    assert regel["nieuw"][soort.veld] == a
    if soort.verwijder is None:
        return
    with pytest.raises(Conflict, match="u verwijdert versie 1"):
        soort.verwijder(bert)(item.id, versie)
    assert soort.lees(db)(item.id) == gewonnen
    soort.verwijder(bert)(item.id, 2)
    with pytest.raises(NietGevonden):
        soort.lees(db)(item.id)
    assert _acties(db, soort, item.id)[-1] == ("verwijderd", "bert")
    with pytest.raises(NietGevonden):
        soort.wijzig(anna)(item.id, {soort.veld: b}, 2)


@pytest.mark.parametrize("soort", SOORTEN, ids=IDS)
def test_store_tegelijk(db, soort):
    """Two threads, each with its own connection, change version 1 at the same moment: exactly
    one wins, the other gets a conflict."""
    item = soort.maak(db)
    uitkomsten: list[str] = []
    start = threading.Barrier(2)

    def wijzig(waarde: Any, naam: str) -> None:
        eigen = Store.open(db.url, gebruiker=_account(soort, naam), migreer=False)
        try:
            start.wait()
            soort.wijzig(eigen)(item.id, {soort.veld: waarde}, 1)
            uitkomsten.append(naam)
        except Conflict:
            uitkomsten.append("conflict")
        finally:
            eigen.sluit()

    draden = [
        threading.Thread(target=wijzig, args=(w, n))
        for w, n in zip(soort.waarden, ("anna", "bert"), strict=True)
    ]
    for d in draden:
        d.start()
    for d in draden:
        d.join(60)
    assert len(uitkomsten) == 2 and uitkomsten.count("conflict") == 1
    winnaar = next(u for u in uitkomsten if u != "conflict")
    huidig = soort.lees(db)(item.id)
    assert getattr(huidig, soort.kolom) == 2
    assert getattr(huidig, soort.veld) == soort.waarden[("anna", "bert").index(winnaar)]
    assert _acties(db, soort, item.id)[1:] == [("gewijzigd", winnaar)]


@pytest.mark.parametrize("soort", SOORTEN, ids=IDS)
def test_store_versie_en_id_niet_te_wijzigen(db, soort):
    item = soort.maak(db)
    voor = len(db.geschiedenis())
    for veld in ("id", soort.kolom, "bestaat_niet"):
        with pytest.raises(ValidatieFout, match="te wijzigen zijn") as fout:
            soort.wijzig(db)(item.id, {veld: 7}, 1)
        assert fout.value.problemen[0].veld == veld
    assert soort.lees(db)(item.id) == item and len(db.geschiedenis()) == voor


def test_store_bestaat_al(db):
    bod = db.bewaar_bod(Bod("GM0518", "origineel", date(2021, 12, 15), 1200))
    with pytest.raises(Conflict, match="bestaat al") as fout:
        db.bewaar_bod(Bod("GM0518", "origineel", date(2022, 1, 1), 999))
    assert fout.value.huidig["daeb"] == 1200 and fout.value.huidig["id"] == bod.id
    assert db.biedingen() == [bod]
    assert len(db.geschiedenis("bod")) == 1
    with pytest.raises(Conflict, match="bestaat al"):
        db.bewaar_corporatie(Corporatie("Staedion", "ANDERS", []))
    assert [c.code for c in db.corporaties()] == ["STA", "VID"]


def test_store_import_rijversie(db):
    """An import that updates a bid raises its row version: a planner holding the old one gets
    a conflict instead of overwriting the imported value."""
    bod = db.bewaar_bod(Bod("GM0518", "origineel", date(2021, 12, 15), 1200))
    uitslag = db.importeer_biedingen([Bod("GM0518", "origineel", date(2021, 12, 15), 1250)])
    assert uitslag["gewijzigd"] == 1
    assert db.bod(bod.id).rijversie == 2
    with pytest.raises(Conflict):
        db.wijzig_bod(bod.id, {"daeb": 1300}, 1)
    assert db.bod(bod.id).daeb == 1250


# --------------------------------------------------------------------------- API


@pytest.fixture
def web(db):
    app = create_app({"TESTING": True, "DATABASE_URL": db.url, "BASISKAART": False})
    # the app opens its store on the first request: not in the threads below, all at once
    assert client_als(app).get(f"{API}/").status_code == 200
    yield app
    store = app.extensions.get("locatieplanner.store")
    if store is not None:
        store.sluit()


@pytest.mark.parametrize("soort", SOORTEN, ids=IDS)
def test_api_conflict(web, db, soort):
    """Two clients read the same ETag: one PATCH wins, the other gets 412 with the current item;
    428 without If-Match; a stale DELETE is 412."""
    item = soort.maak(db)
    url = f"{API}/{soort.pad}/{item.id}"
    anna, bert = (client_als(web, _account(soort, n)) for n in ("anna", "bert"))
    assert anna.get(url).headers["ETag"] == bert.get(url).headers["ETag"] == '"1"'
    a, b = soort.waarden
    r = bert.patch(url, json={soort.veld: b})
    assert r.status_code == 428
    wat = "het bod" if soort.tabel == "bod" else f"de {soort.tabel}"
    assert f"stuur de ETag van {wat} mee" in r.get_json()["fout"]
    r = anna.patch(url, json={soort.veld: a}, headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.get_json()
    assert (r.get_json()[soort.veld], r.headers["ETag"]) == (a, '"2"')
    gewonnen = r.get_json()
    r = bert.patch(url, json={soort.veld: b}, headers={"If-Match": '"1"'})
    assert r.status_code == 412
    assert r.get_json()["huidig"] == gewonnen and r.headers["ETag"] == '"2"'
    assert "intussen gewijzigd" in r.get_json()["fout"]
    assert bert.get(url).get_json() == gewonnen, "nooit overschreven"
    assert _acties(db, soort, item.id)[1:] == [("gewijzigd", "anna")]
    if soort.verwijder is None:
        assert bert.delete(url, headers={"If-Match": '"2"'}).status_code == 405
        return
    r = bert.delete(url, headers={"If-Match": '"1"'})
    assert r.status_code == 412 and r.get_json()["huidig"] == gewonnen
    assert bert.delete(url).status_code == 428
    assert anna.get(url).status_code == 200
    assert bert.delete(url, headers={"If-Match": '"2"'}).status_code == 204
    assert _acties(db, soort, item.id)[1:] == [("gewijzigd", "anna"), ("verwijderd", "bert")]
    r = anna.patch(url, json={soort.veld: a}, headers={"If-Match": '"2"'})
    assert r.status_code == 404


@pytest.mark.parametrize("soort", SOORTEN, ids=IDS)
def test_api_tegelijk(web, db, soort):
    """Four clients PATCH version 1 at the same moment: one 200, three 412."""
    item = soort.maak(db)
    url = f"{API}/{soort.pad}/{item.id}"
    clients = [client_als(web, _account(soort, f"planner-{i}")) for i in range(4)]
    waarden = [soort.waarden[i % 2] for i in range(4)]
    uitslagen: list[int] = []
    start = threading.Barrier(4)

    def wijzig(i: int) -> None:
        start.wait()
        r = clients[i].patch(url, json={soort.veld: waarden[i]}, headers={"If-Match": '"1"'})
        uitslagen.append(r.status_code)

    draden = [threading.Thread(target=wijzig, args=(i,)) for i in range(4)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(60)
    assert sorted(uitslagen) == [200, 412, 412, 412]
    acties = _acties(db, soort, item.id)
    assert [a for a, _ in acties] == ["toegevoegd", "gewijzigd"]
    winnaar = int(acties[1][1].removeprefix("planner-"))
    assert getattr(soort.lees(db)(item.id), soort.veld) == waarden[winnaar]


def test_api_bod_tegelijk_gepost(web, db):
    """Two planners post the same new bid version at once: one 201, one 409 with the stored
    bid; one row, one audit-log entry, the other's figure is not stored over it."""
    clients = [client_als(web, _account(SOORTEN[1], n)) for n in ("anna", "bert")]
    uitslagen: list[Any] = []
    start = threading.Barrier(2)

    def post(i: int) -> None:
        start.wait()
        body = {"gemeente": "GM0518", "versie": "aangescherpt", "datum": "2022-03-01"}
        uitslagen.append(clients[i].post(f"{API}/biedingen", json={**body, "daeb": 100 + i}))

    draden = [threading.Thread(target=post, args=(i,)) for i in range(2)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(60)
    assert sorted(r.status_code for r in uitslagen) == [201, 409]
    nieuw = next(r for r in uitslagen if r.status_code == 201).get_json()
    geweigerd = next(r for r in uitslagen if r.status_code == 409)
    assert geweigerd.get_json()["huidig"] == nieuw
    assert geweigerd.headers["Location"] == f"{API}/biedingen/{nieuw['id']}"
    assert [(b.versie, b.daeb) for b in db.biedingen()] == [("aangescherpt", nieuw["daeb"])]
    assert len(db.geschiedenis("bod")) == 1
