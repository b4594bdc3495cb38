"""Who may use which route: the authorization matrix generated from the app's route table, CSRF
and Origin checks, sessions, security headers on every response, trusted hosts.

Every route x every role x own/other municipality (and corporation). A new route without an
access rule, or a new writing route without a scenario below, fails these tests.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aanmelding import ROLLEN, WACHTWOORD, client_als
from conftest import KLEINE_GEMEENTEN
from shapely.geometry import box

from locatieplanner.analyse import leg_peildatum_vast
from locatieplanner.domein.agenda import Agendapunt, Geinformeerd, Startoverleg
from locatieplanner.domein.casus import Bijdrage, Casus
from locatieplanner.domein.model import Bod, Corporatie, Locatie, Onttrekking, Toewijzing
from locatieplanner.domein.regio import laad_regio
from locatieplanner.domein.scenario import Scenario as Herfasering
from locatieplanner.domein.scenario import Stap
from locatieplanner.errors import ConfiguratieFout
from locatieplanner.store import Store
from locatieplanner.web import create_app
from locatieplanner.web.toegang import REGELS, controleer_regels, regel_van

API = "/api/v1"
#: Own = GM0518 (the municipality of the test municipality's account) / Staedion (the test
#: corporation's account); other = GM0603 / Vidomes.
EIGEN, ANDER = "GM0518", "GM0603"
VAK = {EIGEN: (80000, 452000), ANDER: (86000, 450000)}
VEILIG = {"GET", "HEAD", "OPTIONS"}


def _vlak(gemeente: str) -> dict:
    x, y = VAK[gemeente]
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + 100, y], [x + 100, y + 100], [x, y + 100], [x, y]]],
    }


def _sloop_later(onttrekking_id: int) -> Stap:
    return Stap("onttrekking_verschuiven", onttrekking_id, jaar=2028)


@pytest.fixture(scope="module")
def sjabloon(tmp_path_factory) -> Path:
    """A database with both municipalities, two corporations, a site, a removal and a bid in
    each municipality and one account per role; copied for every test (accounts are costly)."""
    pad = tmp_path_factory.mktemp("sjabloon") / "sjabloon.sqlite"
    store = Store.open(f"sqlite:///{pad}")
    store.zet_regio(laad_regio())
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", [EIGEN]))
    store.bewaar_corporatie(Corporatie("Vidomes", "VID", [EIGEN, ANDER]))
    for gemeente in (EIGEN, ANDER):
        x, y = VAK[gemeente]
        loc = store.voeg_locatie_toe(
            Locatie(
                f"Locatie {gemeente}",
                box(x, y, x + 100, y + 100),
                "1A",
                daeb=20,
                toewijzingen=[Toewijzing("Staedion", 10, 2027), Toewijzing("Vidomes", 10, 2028)],
            )
        )
        corporatie = "Staedion" if gemeente == EIGEN else "Vidomes"
        ott = store.voeg_onttrekking_toe(Onttrekking(gemeente, 2026, 5, "sloop", corporatie))
        store.bewaar_bod(Bod(gemeente, "origineel", date(2021, 12, 15), 100))
        casus = store.voeg_casus_toe(
            Casus(gemeente, "knelpunt", f"Casus {gemeente}", "stikstof", locaties=[loc.id])
        )
        store.voeg_bijdrage_toe(Bijdrage(casus.id, "gemeente", "Procedure versnellen", "procedure"))
        store.voeg_bijdrage_toe(
            Bijdrage(casus.id, "corporatie", "Grond inbrengen", "grond", corporatie=corporatie)
        )
        store.voeg_scenario_toe(
            Herfasering(f"Sloop later {gemeente}", gemeente, [_sloop_later(ott.id)])
        )

        # the agenda: start meeting, the municipality's item, the corporation's proposal, its mark
        store.zet_startoverleg(Startoverleg(gemeente, date(2026, 2, 3), ["gemeente"]))
        store.voeg_agendapunt_toe(Agendapunt(gemeente, "Van de gemeente", "gemeente"))
        store.voeg_agendapunt_toe(Agendapunt(gemeente, "Voorstel", corporatie))
        store.zet_geinformeerd(Geinformeerd(gemeente, corporatie, date(2026, 3, 1)))
    for account in ROLLEN.values():
        store.accounts_repo.maak(account, WACHTWOORD)
    leg_peildatum_vast(store, "Stand december", date(2021, 12, 15))
    store.sluit()
    return pad


@pytest.fixture
def omgeving(sjabloon, tmp_path) -> dict[str, Any]:
    """A copy of the template database, its app and a client per role (and anonymous)."""
    pad = tmp_path / "db.sqlite"
    shutil.copy(sjabloon, pad)
    url = f"sqlite:///{pad}"
    app = create_app({"TESTING": True, "DATABASE_URL": url, "BASISKAART": False})
    store = Store.open(url)
    clients = {rol: client_als(app, account) for rol, account in ROLLEN.items()}
    clients["anoniem"] = app.test_client()
    yield {"app": app, "store": store, "clients": clients}
    store.sluit()


def _stand(store: Store) -> tuple[Any, ...]:
    """Everything a refused request must leave as it was."""
    return (
        store.tellingen(),
        len(store.geschiedenis()),
        [(loc.id, loc.naam, loc.versie, loc.gemeente) for loc in store.locaties()],
        [(o.id, o.aantal, o.versie) for o in store.onttrekkingen()],
        [(b.gemeente, b.versie, b.daeb, b.rijversie) for b in store.biedingen()],
        [(c.naam, c.code, c.versie) for c in store.corporaties()],
        [(c.id, c.titel, c.versie) for c in store.casussen()],
        [(b.id, b.wat, b.versie) for b in store.bijdragen()],
    )


def _routes(app) -> list[tuple[str, str, str]]:
    """(rule, endpoint, method) of every route, without HEAD/OPTIONS."""
    return sorted(
        (r.rule, r.endpoint, m)
        for r in app.url_map.iter_rules()
        for m in (r.methods or set()) - {"HEAD", "OPTIONS"}
    )


def _vul(rule: str, store: Store) -> str:
    """A URL for ``rule`` with existing ids filled in."""
    ids = {
        "<int:locatie_id>": store.locaties()[0].id,
        "<int:onttrekking_id>": store.onttrekkingen()[0].id,
        "<int:bod_id>": store.biedingen()[0].id,
        "<int:corporatie_id>": store.corporaties()[0].id,
        "<int:casus_id>": store.casussen()[0].id,
        "<int:bijdrage_id>": store.bijdragen()[0].id,
        "<int:scenario_id>": store.scenarios()[0].id,
        "<int:agendapunt_id>": store.agendapunten()[0].id,
        "<int:punt_id>": store.agendapunten()[0].id,
        "<gemeente>": EIGEN,
        "<deel>": "casussen",
    }
    ids["<gemeente>"] = EIGEN
    for deel, waarde in ids.items():
        rule = rule.replace(deel, str(waarde))
    return rule.replace("<path:filename>", "favicon.svg")


# --------------------------------------------------------------------------- the rules themselves


def test_elke_route_heeft_een_toegangsregel(omgeving):
    app = omgeving["app"]
    zonder = [(r, e) for r, e, _ in _routes(app) if regel_van(app, e) not in REGELS]
    assert zonder == []
    openbaar = {e for _, e, _ in _routes(app) if regel_van(app, e) == "openbaar"}
    assert openbaar == {
        "static",
        "aanmelden.aanmelden",
        "api.index",
        "api.openapi",
        "gereed.gereed",
    }


def test_een_route_zonder_regel_laat_de_app_niet_starten(omgeving):
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "BASISKAART": False})
    app.add_url_rule("/vergeten", "vergeten", lambda: "open")
    with pytest.raises(ConfiguratieFout, match=r"/vergeten \(vergeten\)"):
        controleer_regels(app)


# --------------------------------------------------------------------------- reading


def test_anoniem_komt_nergens_behalve_openbare_routes(omgeving, caplog):
    app, store, anoniem = omgeving["app"], omgeving["store"], omgeving["clients"]["anoniem"]
    voor = _stand(store)
    caplog.set_level(logging.WARNING, "locatieplanner.toegang")
    for rule, endpoint, methode in _routes(app):
        if regel_van(app, endpoint) == "openbaar":
            continue
        r = anoniem.open(_vul(rule, store), method=methode, headers={"Origin": "http://localhost"})
        if rule.startswith(API):
            assert r.status_code == 401, (methode, rule)
            assert r.headers["WWW-Authenticate"].startswith("Bearer")
        else:
            assert r.status_code == 302, (methode, rule)
            assert r.headers["Location"].startswith("/aanmelden?volgende=")
    assert _stand(store) == voor
    assert sum(r.getMessage() == "geweigerd" for r in caplog.records) >= 1


@pytest.mark.parametrize("rol", sorted(ROLLEN))
def test_elke_rol_leest_elke_pagina_en_get_verandert_niets(omgeving, rol):
    app, store, client = omgeving["app"], omgeving["store"], omgeving["clients"][rol]
    voor = _stand(store)
    for rule, endpoint, methode in _routes(app):
        if methode != "GET":
            continue
        r = client.get(_vul(rule, store))
        r.close()
        if regel_van(app, endpoint) == "beheerder" and rol != "beheerder":
            assert r.status_code == 403, rule
        else:
            assert r.status_code in (200, 302), (rule, r.status_code, r.get_data()[:300])
    assert _stand(store) == voor, "GET verandert nooit iets"


# --------------------------------------------------------------------------- writing


def _csv(gemeente: str) -> bytes:
    x, y = VAK[gemeente]
    return f"bron_id;naam;status;x;y\r\nNW-1;Nieuw;1A;{x + 50};{y + 50}\r\n".encode()


def _site(store: Store, gemeente: str) -> Locatie:
    return next(loc for loc in store.locaties() if loc.gemeente == gemeente)


def _ott(store: Store, gemeente: str) -> Onttrekking:
    return next(o for o in store.onttrekkingen() if o.gemeente == gemeente)


def _corporatie(gemeente: str) -> str:
    return "Staedion" if gemeente == EIGEN else "Vidomes"


def _bod(store: Store, gemeente: str) -> Bod:
    return next(b for b in store.biedingen() if b.gemeente == gemeente)


def _ott_url(store: Store, gemeente: str) -> tuple[str, int | None]:
    o = _ott(store, gemeente)
    return f"{API}/onttrekkingen/{o.id}", o.versie


def _bod_url(store: Store, gemeente: str) -> tuple[str, int | None]:
    b = next(b for b in store.biedingen() if b.gemeente == gemeente)
    return f"{API}/biedingen/{b.id}", b.rijversie


def _corp_url(store: Store, gemeente: str) -> tuple[str, int | None]:
    c = next(c for c in store.corporaties() if c.naam == _corporatie(gemeente))
    return f"{API}/corporaties/{c.id}", c.versie


def _corp_ander(store: Store, gemeente: str) -> Corporatie:
    """The corporation that is not ``gemeente``'s (:func:`_corporatie`): a merge target."""
    return next(c for c in store.corporaties() if c.naam != _corporatie(gemeente))


def _casus(store: Store, gemeente: str) -> Casus:
    return next(c for c in store.casussen() if c.gemeente == gemeente)


def _casus_url(store: Store, gemeente: str) -> tuple[str, int | None]:
    c = _casus(store, gemeente)
    return f"{API}/casussen/{c.id}", c.versie


def _bijdrage_van(store: Store, gemeente: str, partij: str) -> Bijdrage | None:
    casus = _casus(store, gemeente)
    return next((b for b in store.bijdragen(casus.id) if b.partij == partij), None)


def _bijdrage_url(partij: str) -> Callable[[Store, str], tuple[str, int | None]]:
    def url(store: Store, gemeente: str) -> tuple[str, int | None]:
        b = _bijdrage_van(store, gemeente, partij)
        return f"{API}/bijdragen/{b.id}", b.versie  # type: ignore[union-attr]

    return url


def _casusformulier(gemeente: str, versie: int | None = None) -> dict[str, Any]:
    velden = {
        "gemeente": gemeente,
        "soort": "kans",
        "titel": "Via het formulier",
        "categorie": "overig",
        "status": "open",
        "eigenaar": "gemeente",
        "potentieel_jaar": "2028",
        "potentieel_daeb": "12",
        "potentieel_overig": "",
    }
    return velden if versie is None else {**velden, "versie": str(versie)}


def _staedion_bijdrage(c: Any, s: Store, g: str) -> Any:
    """The contribution of Staedion (the test corporation) on the case page: changed when it
    has one, else added (Staedion is involved in both cases: assignments on the linked sites)."""
    casus = _casus(s, g)
    bestaand = next((b for b in s.bijdragen(casus.id) if b.corporatie == "Staedion"), None)
    data = {"partij": "corporatie", "corporatie": "Staedion", "wat": "Meer", "soort": "grond"}
    if bestaand is not None:
        data |= {"bijdrage": str(bestaand.id), "versie": str(bestaand.versie)}
    return c.post(f"/casussen/{casus.id}/bijdrage", data=data)


def _agendapunt(store: Store, gemeente: str, door: str = "gemeente") -> Agendapunt:
    """The item of ``gemeente`` proposed by ``door`` (``corporatie``: the corporation of that
    municipality in the template, Staedion in EIGEN, Vidomes in ANDER)."""
    partij = _corporatie(gemeente) if door == "corporatie" else door
    return next(p for p in store.agendapunten(gemeente=gemeente) if p.voorgesteld_door == partij)


def _agendapunt_url(store: Store, gemeente: str) -> tuple[str, int | None]:
    p = _agendapunt(store, gemeente)
    return f"{API}/agendapunten/{p.id}", p.versie


def _startoverleg_url(store: Store, gemeente: str) -> tuple[str, int | None]:
    return f"{API}/agenda/{gemeente}/startoverleg", store.startoverleg(gemeente).versie  # type: ignore[union-attr]


def _melding_url(store: Store, gemeente: str) -> tuple[str, int | None]:
    corporatie = _corporatie(gemeente)
    m = next(m for m in store.geinformeerd(gemeente) if m.corporatie == corporatie)
    cid = store.corporatie_met_naam(corporatie).id
    return f"{API}/agenda/{gemeente}/geinformeerd/{cid}", m.versie


def _melding_formulier(c: Any, s: Store, g: str) -> Any:
    corporatie = _corporatie(g)
    m = next(m for m in s.geinformeerd(g) if m.corporatie == corporatie)
    data = {"corporatie": corporatie, "datum": "2026-04-01", "versie": str(m.versie)}
    return c.post(f"/agenda/{g}/geinformeerd", data=data)


def _met_versie(
    methode: str,
    item: Callable[[Store, str], tuple[str, int | None]],
    body: Callable[[str], dict] | None = None,
) -> Callable[[Any, Store, str], Any]:
    """A write to the item ``item`` gives (its URL and version) with that version in If-Match,
    and ``body(gemeente)`` as JSON."""

    def actie(c: Any, s: Store, g: str) -> Any:
        url, versie = item(s, g)
        json = None if body is None else body(g)
        return c.open(url, method=methode, json=json, headers={"If-Match": f'"{versie}"'})

    return actie


def _formulier(
    pad: str,
    item: Callable[[Store, str], Any],
    versieveld: str,
    velden: Callable[[str], dict] | None = None,
) -> Callable[[Any, Store, str], Any]:
    """A form of a page posted to ``pad`` (``{id}``: the id of ``item(store, gemeente)``) with
    that item's row version in ``versieveld`` and ``velden(gemeente)``."""

    def actie(c: Any, s: Store, g: str) -> Any:
        i = item(s, g)
        data = {versieveld: str(getattr(i, versieveld)), **(velden(g) if velden else {})}
        return c.post(pad.format(id=i.id), data=data)

    return actie


#: How to exercise each writing route for own (``EIGEN``) or other (``ANDER``) items, and which
#: roles may: ``{rol: (own allowed, other allowed)}``.
Scenario = tuple[Callable[[Any, Store, str], Any], dict[str, tuple[bool, bool]]]
_PLAN = {"gemeente": (True, False), "corporatie": (False, False), "provincie": (False, False)}
_ONTTREKKING = {"gemeente": (True, False), "corporatie": (True, False), "provincie": (False, False)}
_EIGEN_ACCOUNT = {"gemeente": (True, True), "corporatie": (True, True), "provincie": (True, True)}
#: A corporation's own account changes its own corporation's name and working area.
_EIGEN_CORPORATIE = {
    "gemeente": (False, False),
    "corporatie": (True, False),
    "provincie": (False, False),
}
_BEHEER = {"gemeente": (False, False), "corporatie": (False, False), "provincie": (False, False)}
_PROVINCIE = {"gemeente": (False, False), "corporatie": (False, False), "provincie": (True, True)}
#: A corporation's own contribution: Staedion's in EIGEN, Vidomes's in ANDER.
_EIGEN_BIJDRAGE = {
    "gemeente": (False, False),
    "corporatie": (True, False),
    "provincie": (False, False),
}
#: Staedion's contribution on a case of either municipality (it is involved in both).
_CORPORATIE_BETROKKEN = {
    "gemeente": (False, False),
    "corporatie": (True, True),
    "provincie": (False, False),
}
#: Proposing an agenda item: the municipality's planner in its own municipality, a corporation
#: involved there (Staedion has assignments in both), the province anywhere.
_VOORSTEL = {"gemeente": (True, False), "corporatie": (True, True), "provincie": (True, True)}
#: A corporation's proposal that is still one: the municipality and the proposer (Staedion's in
#: EIGEN, Vidomes's in ANDER).
_EIGEN_VOORSTEL = {
    "gemeente": (True, False),
    "corporatie": (True, False),
    "provincie": (False, False),
}

#: Every signed-in party may save a re-phasing scenario as a proposal; a municipality's planner
#: only for its own municipality.
_VOORSTEL = {"gemeente": (True, False), "corporatie": (True, True), "provincie": (True, True)}


def _scenario(store: Store, gemeente: str) -> Herfasering:
    return next(sc for sc in store.scenarios() if sc.gemeente == gemeente)


def _scenario_url(store: Store, gemeente: str) -> tuple[str, int | None]:
    sc = _scenario(store, gemeente)
    return f"{API}/scenarios/{sc.id}", sc.versie


def _scenario_toepassen(store: Store, gemeente: str) -> tuple[str, int | None]:
    url, versie = _scenario_url(store, gemeente)
    return f"{url}/toepassen", versie


SCENARIOS: dict[tuple[str, str], Scenario] = {
    ("api.locatie_toevoegen", "POST"): (
        lambda c, s, g: c.post(
            f"{API}/locaties?crs=EPSG:28992",
            json={
                "type": "Feature",
                "geometry": _vlak(g),
                "properties": {"naam": "Nieuw", "status": "1A", "daeb": 5},
            },
        ),
        _PLAN,
    ),
    ("api.locatie_wijzigen", "PATCH"): (
        lambda c, s, g: c.patch(
            f"{API}/locaties/{_site(s, g).id}",
            json={"properties": {"naam": "Gewijzigd"}},
            headers={"If-Match": f'"{_site(s, g).versie}"'},
        ),
        _PLAN,
    ),
    ("api.locatie_vervangen", "PUT"): (
        lambda c, s, g: c.put(
            f"{API}/locaties/{_site(s, g).id}?crs=EPSG:28992",
            json={
                "type": "Feature",
                "geometry": _vlak(g),
                "properties": {"naam": "Vervangen", "status": "1B", "daeb": 20},
            },
            headers={"If-Match": f'"{_site(s, g).versie}"'},
        ),
        _PLAN,
    ),
    ("api.locatie_verwijderen", "DELETE"): (
        lambda c, s, g: c.delete(
            f"{API}/locaties/{_site(s, g).id}", headers={"If-Match": f'"{_site(s, g).versie}"'}
        ),
        _PLAN,
    ),
    ("api.onttrekking_toevoegen", "POST"): (
        lambda c, s, g: c.post(
            f"{API}/onttrekkingen",
            json={
                "gemeente": g,
                "jaar": 2027,
                "aantal": 3,
                "soort": "sloop",
                "corporatie": _corporatie(g),
            },
        ),
        _ONTTREKKING,
    ),
    ("api.onttrekking_vervangen", "PUT"): (
        _met_versie(
            "PUT",
            _ott_url,
            lambda g: {
                "gemeente": g,
                "jaar": 2028,
                "aantal": 4,
                "soort": "verkoop",
                "corporatie": _corporatie(g),
            },
        ),
        _ONTTREKKING,
    ),
    ("api.onttrekking_wijzigen", "PATCH"): (
        _met_versie("PATCH", _ott_url, lambda g: {"aantal": 7}),
        _ONTTREKKING,
    ),
    ("api.onttrekking_verwijderen", "DELETE"): (_met_versie("DELETE", _ott_url), _ONTTREKKING),
    ("api.bod_toevoegen", "POST"): (
        lambda c, s, g: c.post(
            f"{API}/biedingen",
            json={"gemeente": g, "versie": "aangescherpt", "datum": "2022-03-01", "daeb": 120},
        ),
        _PLAN,
    ),
    ("api.bod_vervangen", "PUT"): (
        _met_versie(
            "PUT",
            _bod_url,
            lambda g: {"gemeente": g, "versie": "origineel", "datum": "2021-12-16", "daeb": 110},
        ),
        _PLAN,
    ),
    ("api.bod_wijzigen", "PATCH"): (_met_versie("PATCH", _bod_url, lambda g: {"daeb": 130}), _PLAN),
    ("api.bod_verwijderen", "DELETE"): (_met_versie("DELETE", _bod_url), _PLAN),
    ("api.corporatie_wijzigen", "PATCH"): (
        _met_versie("PATCH", _corp_url, lambda g: {"code": "NIEUW"}),
        _BEHEER,
    ),
    ("uitwisseling.importeer_pagina", "POST"): (
        lambda c, s, g: c.post(
            "/importeer",
            data={"soort": "locaties", "bestand": (io.BytesIO(_csv(g)), "plan.csv")},
            content_type="multipart/form-data",
        ),
        _PLAN,
    ),
    ("aanmelden.account", "POST"): (
        lambda c, s, g: c.post("/account", data={"actie": "token", "naam": f"script {g}"}),
        _EIGEN_ACCOUNT,
    ),
    ("aanmelden.afmelden", "POST"): (lambda c, s, g: c.post("/afmelden"), _EIGEN_ACCOUNT),
    ("api.corporatie_toevoegen", "POST"): (
        lambda c, s, g: c.post(f"{API}/corporaties", json={"naam": f"Nieuw {g}", "gemeenten": [g]}),
        _BEHEER,
    ),
    ("api.corporatie_samenvoegen", "POST"): (
        lambda c, s, g: c.post(
            f"{_corp_url(s, g)[0]}/samenvoegen",
            json={
                "naar": _corp_ander(s, g).id,
                "versie": _corp_url(s, g)[1],
                "naar_versie": _corp_ander(s, g).versie,
            },
        ),
        _BEHEER,
    ),
    ("corporaties.index", "POST"): (
        lambda c, s, g: c.post(
            "/corporaties",
            data={
                "actie": "hernoem",
                "corporatie": _corp_url(s, g)[0].rsplit("/", 1)[1],
                "versie": _corp_url(s, g)[1],
                "naam": f"{_corporatie(g)} Wonen",
            },
        ),
        _EIGEN_CORPORATIE,
    ),
    ("biedingen.toevoegen", "POST"): (
        lambda c, s, g: c.post(
            "/biedingen",
            data={"gemeente": g, "versie": "aangescherpt", "datum": "01-03-2022", "daeb": "120"},
        ),
        _PLAN,
    ),
    ("biedingen.bod", "POST"): (
        _formulier(
            "/biedingen/{id}",
            _bod,
            "rijversie",
            lambda g: {"gemeente": g, "versie": "origineel", "datum": "16-12-2021", "daeb": "110"},
        ),
        _PLAN,
    ),
    ("biedingen.verwijder", "POST"): (
        _formulier("/biedingen/{id}/verwijderen", _bod, "rijversie"),
        _PLAN,
    ),
    ("onttrekkingen.toevoegen", "POST"): (
        lambda c, s, g: c.post(
            "/onttrekkingen",
            data={
                "gemeente": g,
                "jaar": "2027",
                "aantal": "3",
                "soort": "sloop",
                "corporatie": _corporatie(g),
            },
        ),
        _ONTTREKKING,
    ),
    ("onttrekkingen.onttrekking", "POST"): (
        _formulier(
            "/onttrekkingen/{id}",
            _ott,
            "versie",
            lambda g: {
                "gemeente": g,
                "jaar": "2028",
                "aantal": "4",
                "soort": "verkoop",
                "corporatie": _corporatie(g),
            },
        ),
        _ONTTREKKING,
    ),
    ("onttrekkingen.verwijder", "POST"): (
        _formulier("/onttrekkingen/{id}/verwijderen", _ott, "versie"),
        _ONTTREKKING,
    ),
    ("api.casus_toevoegen", "POST"): (
        lambda c, s, g: c.post(
            f"{API}/casussen",
            json={"gemeente": g, "soort": "kans", "titel": "Nieuw", "categorie": "overig"},
        ),
        _PLAN,
    ),
    ("api.casus_wijzigen", "PATCH"): (
        _met_versie("PATCH", _casus_url, lambda g: {"status": "in gesprek"}),
        _PLAN,
    ),
    ("api.casus_verwijderen", "DELETE"): (_met_versie("DELETE", _casus_url), _PLAN),
    ("api.bijdrage_toevoegen", "POST"): (
        lambda c, s, g: c.post(
            f"{API}/casussen/{_casus(s, g).id}/bijdragen",
            json={"partij": "provincie", "wat": "Subsidie", "soort": "financiering/subsidie"},
        ),
        _PROVINCIE,
    ),
    ("api.bijdrage_wijzigen", "PATCH"): (
        _met_versie("PATCH", _bijdrage_url("corporatie"), lambda g: {"status": "geleverd"}),
        _EIGEN_BIJDRAGE,
    ),
    ("api.bijdrage_verwijderen", "DELETE"): (
        _met_versie("DELETE", _bijdrage_url("gemeente")),
        _PLAN,
    ),
    ("casussen.nieuw", "POST"): (
        lambda c, s, g: c.post("/casussen/nieuw", data=_casusformulier(g)),
        _PLAN,
    ),
    ("casussen.bewerken", "POST"): (
        lambda c, s, g: c.post(
            f"/casussen/{_casus(s, g).id}/bewerken",
            data=_casusformulier(g, _casus(s, g).versie),
        ),
        _PLAN,
    ),
    ("casussen.bijdrage", "POST"): (_staedion_bijdrage, _CORPORATIE_BETROKKEN),
    ("api.herfasering", "POST"): (
        lambda c, s, g: c.post(
            f"{API}/herfasering", json={"stappen": [_sloop_later(_ott(s, g).id).als_dict()]}
        ),
        _EIGEN_ACCOUNT,
    ),
    ("api.scenario_toevoegen", "POST"): (
        lambda c, s, g: c.post(
            f"{API}/scenarios",
            json={
                "naam": "Voorstel",
                "gemeente": g,
                "stappen": [_sloop_later(_ott(s, g).id).als_dict()],
            },
        ),
        _VOORSTEL,
    ),
    ("api.scenario_wijzigen", "PATCH"): (
        _met_versie("PATCH", _scenario_url, lambda g: {"status": "voorgesteld"}),
        _PLAN,
    ),
    ("api.scenario_verwijderen", "DELETE"): (_met_versie("DELETE", _scenario_url), _PLAN),
    ("api.scenario_toepassen", "POST"): (_met_versie("POST", _scenario_toepassen), _ONTTREKKING),
    ("dalingen.opslaan", "POST"): (
        lambda c, s, g: c.post(
            "/dalingen/opslaan",
            data={
                "gemeente": g,
                "naam": "Via de pagina",
                "stap": f"onttrekking_verschuiven|{_ott(s, g).id}|2028||",
            },
        ),
        _VOORSTEL,
    ),
    ("dalingen.toepassen", "POST"): (
        _formulier("/dalingen/scenarios/{id}/toepassen", _scenario, "versie"),
        _ONTTREKKING,
    ),
    ("api.agendapunt_toevoegen", "POST"): (
        lambda c, s, g: c.post(f"{API}/agendapunten", json={"gemeente": g, "onderwerp": "Nieuw"}),
        _VOORSTEL,
    ),
    ("api.agendapunt_wijzigen", "PATCH"): (
        _met_versie("PATCH", _agendapunt_url, lambda g: {"status": "besproken"}),
        _PLAN,
    ),
    ("api.agendapunt_verwijderen", "DELETE"): (_met_versie("DELETE", _agendapunt_url), _PLAN),
    ("api.startoverleg_zetten", "PUT"): (
        _met_versie("PUT", _startoverleg_url, lambda g: {"datum": "2026-02-10"}),
        _PLAN,
    ),
    ("api.geinformeerd_zetten", "PUT"): (
        _met_versie("PUT", _melding_url, lambda g: {"datum": "2026-04-01"}),
        _EIGEN_BIJDRAGE,
    ),
    ("agenda.startoverleg", "POST"): (
        lambda c, s, g: c.post(
            f"/agenda/{g}/startoverleg",
            data={"datum": "2026-02-11", "versie": str(s.startoverleg(g).versie)},
        ),
        _PLAN,
    ),
    ("agenda.voorstellen", "POST"): (
        lambda c, s, g: c.post(f"/agenda/{g}/punt", data={"onderwerp": "Via het formulier"}),
        _VOORSTEL,
    ),
    ("agenda.bewerken", "POST"): (
        _formulier(
            "/agenda/punt/{id}/bewerken",
            lambda s, g: _agendapunt(s, g, "corporatie"),
            "versie",
            lambda g: {"onderwerp": "Gewijzigd voorstel"},
        ),
        _EIGEN_VOORSTEL,
    ),
    ("agenda.verwijderen", "POST"): (
        _formulier(
            "/agenda/punt/{id}/verwijderen", lambda s, g: _agendapunt(s, g, "corporatie"), "versie"
        ),
        _EIGEN_VOORSTEL,
    ),
    ("agenda.geinformeerd", "POST"): (_melding_formulier, _EIGEN_BIJDRAGE),
    ("api.toelichting_opslaan", "PUT"): (
        lambda c, s, g: c.put(
            f"{API}/gemeenten/{g}/toelichting",
            json={"tekst": "Via de API"},
            headers={"If-Match": '"0"'},
        ),
        _PLAN,
    ),
    ("documenten.toelichting", "POST"): (
        lambda c, s, g: c.post(
            f"/documenten/{g}/toelichting", data={"tekst": "Via het formulier", "versie": "0"}
        ),
        _PLAN,
    ),
    ("peildata.vastleggen", "POST"): (
        lambda c, s, g: c.post("/peildata", data={"naam": f"Stand {g}", "datum": "15-06-2022"}),
        _PROVINCIE,
    ),
    ("peildata.verwijderen", "POST"): (
        lambda c, s, g: c.post("/peildata/verwijderen", data={"naam": "Stand december"}),
        _BEHEER,
    ),
}


def test_elke_schrijvende_route_heeft_een_scenario(omgeving):
    app = omgeving["app"]
    schrijvend = {
        (e, m) for _, e, m in _routes(app) if m not in VEILIG and regel_van(app, e) != "openbaar"
    }
    assert schrijvend - set(SCENARIOS) == set(), "schrijvende route zonder rechtenscenario"
    assert set(SCENARIOS) - schrijvend == set(), "scenario voor een route die niet bestaat"


@pytest.mark.parametrize("rol", sorted(ROLLEN))
@pytest.mark.parametrize("wiens", ["eigen", "ander"])
@pytest.mark.parametrize("route", sorted(SCENARIOS), ids="-".join)
def test_rechtenmatrix(omgeving, route, wiens, rol, caplog):
    store, client = omgeving["store"], omgeving["clients"][rol]
    actie, regels = SCENARIOS[route]
    mag = True if rol == "beheerder" else regels[rol][wiens == "ander"]
    gemeente = EIGEN if wiens == "eigen" else ANDER
    voor = _stand(store)
    caplog.set_level(logging.WARNING, "locatieplanner.toegang")
    r = actie(client, store, gemeente)
    if mag:
        assert r.status_code in (200, 201, 204, 302), (r.status_code, r.get_data()[:400])
    else:
        assert r.status_code == 403, (r.status_code, r.get_data()[:400])
        assert _stand(store) == voor, "een weigering verandert niets"
        assert any(
            rec.getMessage() == "geweigerd" and rec.velden["status"] == 403
            for rec in caplog.records
        ), "elke weigering wordt gelogd"


def test_corporatie_wijzigt_eigen_toewijzing_via_api(omgeving):
    store, client = omgeving["store"], omgeving["clients"]["corporatie"]
    loc = _site(store, ANDER)
    r = client.patch(
        f"{API}/locaties/{loc.id}",
        json={
            "properties": {
                "toewijzingen": [
                    {"corporatie": "Staedion", "daeb": 8, "oplevering": 2029},
                    {"corporatie": "Vidomes", "daeb": 10, "oplevering": 2028},
                ]
            }
        },
        headers={"If-Match": f'"{loc.versie}"'},
    )
    assert r.status_code == 200, r.get_json()
    assert store.geschiedenis("locatie", loc.id)[-1]["gebruiker"] == "test-corporatie"


# --------------------------------------------------------------------------- CSRF and Origin


def _sessie(app, rol: str = "gemeente") -> tuple[Any, str]:
    """A test client logged in through the login form (cookie session) and its CSRF token."""
    c = app.test_client()
    pagina = c.get("/aanmelden").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', pagina).group(1)
    r = c.post(
        "/aanmelden",
        data={"naam": ROLLEN[rol].naam, "wachtwoord": WACHTWOORD, "csrf_token": token},
        headers={"Origin": "http://localhost"},
    )
    assert r.status_code == 302 and r.headers["Location"] == "/welkom", r.get_data()[:300]
    pagina = c.get("/welkom").get_data(as_text=True)
    assert ROLLEN[rol].naam in pagina and "Wat u mag" in pagina
    token = re.search(r'name="csrf-token" content="([^"]+)"', pagina).group(1)
    return c, token


def test_csrf_en_herkomst_bij_schrijven_met_een_sessie(omgeving):
    app, store = omgeving["app"], omgeving["store"]
    c, token = _sessie(app)
    voor = _stand(store)

    def upload(**kw):
        data = {"soort": "locaties", "bestand": (io.BytesIO(_csv(EIGEN)), "plan.csv"), **kw}
        return data

    goed = {"Origin": "http://localhost"}
    for koppen, data in [
        ({"Origin": "http://evil.invalid"}, upload(csrf_token=token)),  # another site
        ({"Origin": "null"}, upload(csrf_token=token)),  # sandboxed iframe
        ({}, upload(csrf_token=token)),  # no Origin at all
        (goed, upload()),  # no CSRF token
        (goed, upload(csrf_token="vervalst")),
    ]:
        r = c.post("/importeer", data=data, headers=koppen, content_type="multipart/form-data")
        assert r.status_code == 403, (koppen, r.status_code)
    assert _stand(store) == voor
    feature = {
        "type": "Feature",
        "geometry": _vlak(EIGEN),
        "properties": {"naam": "N", "status": "1A", "daeb": 1},
    }
    r = c.post(f"{API}/locaties?crs=EPSG:28992", json=feature, headers=goed)
    assert r.status_code == 403 and "CSRF" in r.get_json()["fout"]
    assert _stand(store) == voor
    r = c.post(
        f"{API}/locaties?crs=EPSG:28992", json=feature, headers={**goed, "X-CSRFToken": token}
    )
    assert r.status_code == 201
    r = c.post(
        "/importeer",
        data=upload(csrf_token=token),
        headers=goed,
        content_type="multipart/form-data",
    )
    assert r.status_code == 200


def test_aanmeldformulier_vraagt_csrf_en_eigen_herkomst(omgeving):
    app = omgeving["app"]
    c = app.test_client()
    c.get("/aanmelden")
    r = c.post(
        "/aanmelden",
        data={"naam": ROLLEN["beheerder"].naam, "wachtwoord": WACHTWOORD},
        headers={"Origin": "http://localhost"},
    )
    assert r.status_code == 403
    assert c.get("/welkom").status_code == 302


# --------------------------------------------------------------------------- sessions


def test_sessie_na_afmelden_of_wachtwoordwijziging_ongeldig(omgeving):
    app = omgeving["app"]
    a, token_a = _sessie(app, "provincie")
    b, _ = _sessie(app, "provincie")
    bewaard = a.get_cookie("locatieplanner_sessie").value
    assert a.get_cookie("locatieplanner_sessie").http_only
    assert a.get_cookie("locatieplanner_sessie").same_site == "Lax"
    r = a.post("/afmelden", data={"csrf_token": token_a}, headers={"Origin": "http://localhost"})
    assert r.status_code == 302
    # the old cookie, replayed, no longer works; nor does the other device's session
    replay = app.test_client()
    replay.set_cookie("locatieplanner_sessie", bewaard)
    assert replay.get("/welkom").status_code == 302
    assert replay.get(f"{API}/gemeenten").status_code == 401
    assert b.get("/welkom").status_code == 302


def test_wachtwoord_wijzigen_beeindigt_andere_sessies(omgeving):
    app = omgeving["app"]
    a, token = _sessie(app, "corporatie")
    b, _ = _sessie(app, "corporatie")
    nieuw = "een heel nieuw wachtwoord"
    r = a.post(
        "/account",
        data={
            "actie": "wachtwoord",
            "oud": WACHTWOORD,
            "nieuw": nieuw,
            "herhaal": nieuw,
            "csrf_token": token,
        },
        headers={"Origin": "http://localhost"},
    )
    assert r.status_code == 302
    assert a.get("/welkom").status_code == 200, "deze sessie gaat door"
    assert b.get("/welkom").status_code == 302, "de andere sessie is beëindigd"


def test_api_token_maken_eenmaal_tonen_en_intrekken(omgeving):
    app, store = omgeving["app"], omgeving["store"]
    c, token = _sessie(app, "gemeente")
    r = c.post(
        "/account",
        data={"actie": "token", "naam": "QGIS", "csrf_token": token},
        headers={"Origin": "http://localhost"},
    )
    assert r.status_code == 200
    tekst = re.search(r'id="nieuw-token">(lp_[^<]+)<', r.get_data(as_text=True)).group(1)
    script = app.test_client()
    r = script.get(f"{API}/gemeenten", headers={"Authorization": f"Bearer {tekst}"})
    assert r.status_code == 200
    assert tekst not in c.get("/account").get_data(as_text=True), "maar één keer getoond"
    (t,) = [t for t in store.accounts_repo.tokens(ROLLEN["gemeente"].naam) if t.naam == "QGIS"]
    r = c.post(
        "/account",
        data={"actie": "intrekken", "token": str(t.id), "csrf_token": token},
        headers={"Origin": "http://localhost"},
    )
    assert r.status_code == 302
    r = script.get(f"{API}/gemeenten", headers={"Authorization": f"Bearer {tekst}"})
    assert r.status_code == 401


def test_verkeerd_wachtwoord_algemene_melding(omgeving):
    app = omgeving["app"]
    c = app.test_client()
    pagina = c.get("/aanmelden").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', pagina).group(1)
    antwoorden = []
    for naam in (ROLLEN["gemeente"].naam, "bestaat-niet"):
        r = c.post(
            "/aanmelden",
            data={"naam": naam, "wachtwoord": "fout fout fout", "csrf_token": token},
            headers={"Origin": "http://localhost"},
        )
        assert r.status_code == 401
        antwoorden.append(
            re.search(r'id="aanmeldfout">([^<]+)<', r.get_data(as_text=True)).group(1)
        )
    assert antwoorden[0] == antwoorden[1] == "Onbekende accountnaam of onjuist wachtwoord"


# --------------------------------------------------------------------------- headers, hosts


def _csp(r) -> dict[str, str]:
    return {
        d.strip().split(" ", 1)[0]: d.strip().partition(" ")[2]
        for d in r.headers["Content-Security-Policy"].split(";")
        if d.strip()
    }


def test_beveiligingskoppen_op_elk_antwoord(omgeving):
    app, store = omgeving["app"], omgeving["store"]
    beheer, anoniem = omgeving["clients"]["beheerder"], omgeving["clients"]["anoniem"]
    antwoorden = [beheer.get(_vul(rule, store)) for rule, _, m in _routes(app) if m == "GET"]
    antwoorden += [
        anoniem.get("/"),
        anoniem.get(f"{API}/locaties"),
        beheer.get("/bestaat-niet"),
        beheer.get(f"{API}/bestaat-niet"),
        beheer.put("/spreiding"),
        beheer.get("/static/favicon.svg"),
        beheer.get("/static/js/planner.js"),
        beheer.get(f"{API}/locaties/abc"),
    ]
    for r in antwoorden:
        r.close()
        csp = _csp(r)
        assert csp["frame-ancestors"] == "'none'", r.request.path
        assert "unsafe-inline" not in csp.get("script-src", ""), r.request.path
        assert "unsafe-eval" not in csp.get("script-src", ""), r.request.path
        assert r.headers["X-Content-Type-Options"] == "nosniff", r.request.path
        assert r.headers["Referrer-Policy"] == "same-origin", r.request.path


def test_spreiding_inline_scripts_alleen_met_nonce(omgeving):
    r = omgeving["clients"]["beheerder"].get("/spreiding")
    nonce = re.search(r"'nonce-([^']+)'", r.headers["Content-Security-Policy"]).group(1)
    html = r.get_data(as_text=True)
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert scripts and all(f'nonce="{nonce}"' in a or "src=" in a for a in scripts)
    assert (
        omgeving["clients"]["beheerder"].get("/spreiding").headers["Content-Security-Policy"]
        != r.headers["Content-Security-Policy"]
    ), "een nieuwe nonce per antwoord"


def test_onbekende_host_geweigerd(omgeving):
    beheer = omgeving["clients"]["beheerder"]
    assert beheer.get(f"{API}/gemeenten").status_code == 200
    r = beheer.get(f"{API}/gemeenten", headers={"Host": "aanvaller.example"})
    assert r.status_code == 400


def test_drukke_database_bij_aanmelden_is_503_geen_remming(sjabloon, tmp_path):
    """A login that cannot record its failure because another writer holds the lock is 503
    (try again), not 429 (throttled)."""
    import sqlite3

    pad = tmp_path / "db.sqlite"
    shutil.copy(sjabloon, pad)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{pad}",
            "BASISKAART": False,
            "SCHRIJF_WACHTTIJD": 0.3,
        }
    )
    c = app.test_client()
    pagina = c.get("/aanmelden").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', pagina).group(1)
    houder = sqlite3.connect(pad, isolation_level=None)
    houder.execute("BEGIN IMMEDIATE")
    try:
        r = c.post(
            "/aanmelden",
            data={
                "naam": ROLLEN["gemeente"].naam,
                "wachtwoord": "fout fout fout",
                "csrf_token": token,
            },
            headers={"Origin": "http://localhost"},
        )
    finally:
        houder.execute("ROLLBACK")
        houder.close()
    assert r.status_code == 503 and "Retry-After" in r.headers
