"""The fast path in front of Flask (``web/snelpad.py``): a kept answer of a read-only API GET
with a token is the same answer Flask gives (status, body, every header), a refusal (revoked
token, blocked account, no such role) is never bypassed, a write is seen at once, and
everything it does not serve (cookies, other methods, misses, a foreign Host) goes to Flask."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest
from aanmelding import BEHEERDER, ROLLEN, client_als, token_voor
from conftest import KLEINE_GEMEENTEN
from test_api import RD, feature, vlak

from locatieplanner.domein.model import Corporatie
from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store
from locatieplanner.store.accounts import TOKENS_ONTHOUDEN
from locatieplanner.web import create_app
from locatieplanner.web.antwoordcache import antwoordcache
from locatieplanner.web.toegang import regel_laat_toe, regel_van

API = "/api/v1"
#: An RD box around both test municipalities.
VAK = f"{API}/locaties?{RD}&bbox=70000,440000,95000,465000"
#: One request per operation whose answers are kept (the same box, other views).
VERZOEKEN = [
    VAK,
    f"{API}/locaties?bbox=4.0,51.9,4.6,52.3&limit=3",
    f"{API}/gemeenten",
    f"{API}/onttrekkingen",
    f"{API}/casussen.geojson",
    f"{API}/kaartbeeld?bbox=4.0,51.9,4.6,52.3&zoom=12",
]


#: The apps a test made (their stores are closed after it: PostGIS drops its database).
_APPS: list = []


def _app(store: Store, **instellingen):
    app = create_app(
        {"TESTING": True, "DATABASE_URL": store.url, "BASISKAART": False, **instellingen}
    )
    _APPS.append(app)
    return app


@pytest.fixture
def met_locaties(request) -> Iterator[Store]:
    """The small store with 12 sites: on SQLite, or (``indirect`` parameter "postgis") on a
    fresh PostGIS database of the fixtures."""
    _APPS.clear()
    if getattr(request, "param", "sqlite") == "sqlite":
        store = request.getfixturevalue("kleine_store")
    else:
        store = Store.open(request.getfixturevalue("postgis_url"))
        store.zet_regio(laad_regio())
        store.bewaar_gemeenten(KLEINE_GEMEENTEN)
        store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
        store.bewaar_corporatie(Corporatie("Vidomes", "VID", ["GM0518", "GM0603"]))
    c = client_als(_app(store))
    for i in range(12):
        x = 80000 + i * 400
        nieuw = c.post(
            f"{API}/locaties?{RD}", json=feature(vlak(x, 452000, x + 300, 452300), naam=f"L{i}")
        )
        assert nieuw.status_code == 201, nieuw.get_json()
    yield store
    for app in _APPS:
        geopend = app.extensions.get("locatieplanner.store")
        if geopend is not None:
            geopend.sluit()
    _APPS.clear()
    if getattr(request, "param", "sqlite") != "sqlite":
        store.sluit()


#: Both stores, for the tests that also run on PostGIS.
BEIDE = pytest.mark.parametrize("met_locaties", ["sqlite", "postgis"], indirect=True)


class Snelpadlog:
    """The request log lines, split by whether the fast path sent them."""

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        caplog.set_level(logging.INFO, logger="locatieplanner.verzoeken")
        self._caplog = caplog

    def _regels(self) -> list[dict]:
        return [
            r.velden
            for r in self._caplog.records
            if r.name == "locatieplanner.verzoeken" and hasattr(r, "velden")
        ]

    @property
    def snel(self) -> list[dict]:
        return [v for v in self._regels() if v.get("snelpad")]

    @property
    def flask(self) -> list[dict]:
        return [v for v in self._regels() if not v.get("snelpad")]

    def wis(self) -> None:
        self._caplog.clear()


@pytest.fixture
def log(caplog) -> Snelpadlog:
    return Snelpadlog(caplog)


def _koppen(antwoord) -> list[tuple[str, str]]:
    """All headers but the ones that hold the moment (Date), in a fixed order."""
    return sorted((k.lower(), v) for k, v in antwoord.headers.items() if k.lower() != "date")


@BEIDE
@pytest.mark.parametrize("codering", ["gzip, deflate, br", ""], ids=["br", "geen"])
def test_snel_gelijk_aan_flask(met_locaties, log, codering):
    snel = client_als(_app(met_locaties))
    traag = client_als(_app(met_locaties, SNELPAD=False))
    kop = {"Accept-Encoding": codering}
    for pad in VERZOEKEN:
        eerste = snel.get(pad, headers=kop)
        assert eerste.status_code == 200, (pad, eerste.get_data()[:300])
        log.wis()
        tweede = snel.get(pad, headers=kop)
        assert len(log.snel) == 1 and log.snel[0]["pad"] == pad.split("?")[0], pad
        assert log.snel[0]["status"] == 200 and log.snel[0]["bytes"] == len(tweede.get_data())
        assert log.snel[0]["account"] == BEHEERDER.naam
        referentie = traag.get(pad, headers=kop)
        assert log.snel and len(log.flask) == 1  # the app without the fast path used Flask
        assert tweede.status_code == referentie.status_code == 200
        assert tweede.get_data() == referentie.get_data() == eerste.get_data(), pad
        assert _koppen(tweede) == _koppen(referentie) == _koppen(eerste), pad
        # an unchanged view: 304, the same headers as Flask's 304
        etag = {"If-None-Match": tweede.headers["ETag"], **kop}
        log.wis()
        niet, niet_flask = snel.get(pad, headers=etag), traag.get(pad, headers=etag)
        assert len(log.snel) == 1 and log.snel[0]["status"] == 304
        assert niet.status_code == niet_flask.status_code == 304 and niet.get_data() == b""
        assert _koppen(niet) == _koppen(niet_flask), pad


@BEIDE
def test_een_schrijfactie_is_meteen_te_zien(met_locaties, log):
    c = client_als(_app(met_locaties))
    voor = c.get(VAK)
    assert c.get(VAK).get_data() == voor.get_data()
    nieuw = c.post(f"{API}/locaties?{RD}", json=feature(vlak(90000, 460000, 90300, 460300)))
    assert nieuw.status_code == 201
    log.wis()
    na = c.get(VAK)
    assert log.snel == []  # a new data version: made by Flask
    assert na.get_json()["numberMatched"] == voor.get_json()["numberMatched"] + 1
    assert na.headers["ETag"] != voor.headers["ETag"]
    assert c.get(VAK, headers={"If-None-Match": voor.headers["ETag"]}).status_code == 200


@BEIDE
def test_een_ingetrokken_token_wordt_meteen_geweigerd(met_locaties, log):
    app = _app(met_locaties)
    account = ROLLEN["provincie"]
    c = client_als(app, account)
    assert c.get(VAK).status_code == 200
    assert c.get(VAK).status_code == 200 and len(log.snel) == 1
    store = Store.open(met_locaties.url, gebruiker=BEHEERDER, migreer=False)
    try:
        (token,) = [t for t in store.accounts_repo.tokens(account.naam) if t.ingetrokken is None]
        store.accounts_repo.trek_in(account.naam, token.id)
    finally:
        store.sluit()
    log.wis()
    geweigerd = c.get(VAK)
    assert geweigerd.status_code == 401 and log.snel == []
    assert "ingetrokken" in geweigerd.get_json()["fout"]


def test_een_geblokkeerd_account_en_een_andere_rol_gaan_niet_langs_de_cache(met_locaties, log):
    app = _app(met_locaties)
    gemeente = ROLLEN["gemeente"]
    c = client_als(app, gemeente)
    eerste = c.get(VAK)
    assert eerste.status_code == 200 and c.get(VAK).status_code == 200 and len(log.snel) == 1
    store = Store.open(met_locaties.url, gebruiker=BEHEERDER, migreer=False)
    try:
        # another municipality: another scope, so another answer (never the kept one)
        store.accounts_repo.wijzig(gemeente.naam, gemeenten=("GM0603",))
        log.wis()
        ander = c.get(VAK)
        assert ander.status_code == 200 and log.snel == []
        assert ander.headers["ETag"] != eerste.headers["ETag"]
        store.accounts_repo.wijzig(gemeente.naam, actief=False)
        log.wis()
        assert c.get(VAK).status_code == 401 and log.snel == []
    finally:
        store.sluit()


def test_wat_het_snelpad_niet_bedient_gaat_naar_flask(met_locaties, log):
    app = _app(met_locaties)
    c = client_als(app)
    assert c.get(VAK).status_code == 200
    log.wis()
    # a cookie (a browser session): Flask decides who it is
    c.set_cookie("locatieplanner_sessie", "iets", domain="localhost")
    assert c.get(VAK).status_code == 200
    c.delete_cookie("locatieplanner_sessie", domain="localhost")
    # a Host this installation does not serve: Flask refuses it
    assert c.get(VAK, headers={"Host": "aanvaller.example"}).status_code == 400
    # an unknown token: Flask's refusal, with its message
    onbekend = c.get(VAK, headers={"Authorization": "Bearer lp_onbekend"})
    assert onbekend.status_code == 401 and onbekend.headers["WWW-Authenticate"]
    # another query: not kept yet; a HEAD: not served by the fast path
    assert c.get(VAK + "&limit=2").status_code == 200
    assert c.head(VAK).status_code == 200
    assert log.snel == [] and len(log.flask) == 5
    # with the cache switched off there is nothing to serve from
    uit = client_als(_app(met_locaties, ANTWOORDCACHE_MB=0))
    log.wis()
    assert uit.get(VAK).status_code == 200 and uit.get(VAK).status_code == 200
    assert log.snel == [] and len(log.flask) == 2


def test_alleen_get_operaties_worden_bewaard_en_elke_heeft_een_regel(met_locaties):
    app = _app(met_locaties)
    gecachet = [
        r
        for r in app.url_map.iter_rules()
        if getattr(app.view_functions[r.endpoint], "_lp_gecachet", False)
    ]
    assert {r.rule for r in gecachet} >= {p.split("?")[0] for p in VERZOEKEN}
    for r in gecachet:
        assert r.methods <= {"GET", "HEAD", "OPTIONS"}, r.rule
        assert regel_van(app, r.endpoint) in ("aangemeld", "openbaar"), r.rule


def test_regel_laat_toe_per_rol():
    assert regel_laat_toe("openbaar", None)
    assert not regel_laat_toe("aangemeld", None)
    for account in ROLLEN.values():
        assert regel_laat_toe("aangemeld", account)
        assert regel_laat_toe("beheerder", account) == (account.rol == "beheerder")


def test_token_wordt_per_dataversie_eenmaal_gelezen(met_locaties, monkeypatch):
    token = token_voor(met_locaties.url)
    store = Store.open(met_locaties.url, migreer=False)
    try:
        repo = store.accounts_repo
        gelezen = []
        echt = repo.via_token
        monkeypatch.setattr(repo, "via_token", lambda t: gelezen.append(t) or echt(t))
        for _ in range(5):
            account, versie = store.token_en_versie(token)
        assert account.naam == BEHEERDER.naam and len(gelezen) == 1
        # a write (here: a new token of another account) moves the version: read again
        token_voor(met_locaties.url, ROLLEN["corporatie"])
        account, nieuw = store.token_en_versie(token)
        assert nieuw != versie and len(gelezen) == 2
        # a token of someone else is its own entry
        ander = token_voor(met_locaties.url, ROLLEN["corporatie"])
        assert store.token_en_versie(ander)[0].naam == ROLLEN["corporatie"].naam
        assert len(gelezen) == 3
        # the remembered tokens are bounded: a full memory starts over
        repo._tokens_gezien.clear()
        for i in range(TOKENS_ONTHOUDEN):
            repo._tokens_gezien[f"x{i}"] = (nieuw, 0.0, account)
        assert store.token_en_versie(token)[0].naam == BEHEERDER.naam
        assert len(gelezen) == 4 and len(repo._tokens_gezien) == 1
    finally:
        store.sluit()


def test_gelijktijdige_treffers_geven_hetzelfde_antwoord(met_locaties, log):
    app = _app(met_locaties)
    token = token_voor(met_locaties.url)
    verwacht = client_als(app).get(VAK).get_data()
    fouten: list[str] = []

    def vraag() -> None:
        c = app.test_client()
        for _ in range(20):
            a = c.get(VAK, headers={"Authorization": f"Bearer {token}"})
            if a.status_code != 200 or a.get_data() != verwacht:
                fouten.append(f"{a.status_code} {a.get_data()[:80]!r}")

    draden = [threading.Thread(target=vraag) for _ in range(6)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(60)
    assert fouten == [] and len(log.snel) == 120
    assert len(antwoordcache(app)) >= 1


def test_een_fout_in_het_snelpad_laat_flask_antwoorden(met_locaties, log, monkeypatch):
    app = _app(met_locaties)
    c = client_als(app)
    verwacht = c.get(VAK)
    assert c.get(VAK).get_data() == verwacht.get_data() and len(log.snel) == 1
    store = app.extensions["locatieplanner.store"]

    def stuk(_token):
        raise RuntimeError("kapot")

    monkeypatch.setattr(store, "token_en_versie", stuk)
    log.wis()
    antwoord = c.get(VAK)
    assert antwoord.status_code == 200 and antwoord.get_data() == verwacht.get_data()
    assert log.snel == [] and len(log.flask) == 1
