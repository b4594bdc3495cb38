"""Scale-out: two production servers (``locatieplanner serve``, gunicorn, really started as
processes on 127.0.0.1) on different ports with their own instance folders, sharing only the
database URL and the secret key (``LOCATIEPLANNER_SECRET_KEY``), against one PostGIS database
(and one SQLite file on one machine). Every request goes in as a reverse proxy would send it
(``Host`` of the public name, ``X-Forwarded-Proto: https``, ``X-Forwarded-For`` of the client,
``LOCATIEPLANNER_VERTROUWDE_PROXIES=1``), to one server or the other:

- a site written on A is read on B with its ETag; a stale ``If-Match`` on B gets 412 and leaves
  what A wrote;
- a session cookie from logging in on A works on B, a CSRF-protected form of A's page posts to
  B, and logging out on B ends the session on A too;
- login throttling is counted across both, per client address behind the proxy;
- the analysis and a document made on B show a write on A at once; a boundary change by another
  process is used by B's next write (the boundary cache is keyed by a version read from the
  database);
- the import's dry run on A and the real import on B each stand alone (the server keeps no
  upload between requests).

Every wait is bounded in count and time; nothing asserts how long something took.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import requests
from aanmelding import ROLLEN, WACHTWOORD, token_voor, zorg_voor_account
from conftest import KLEINE_GEMEENTEN, database_url
from server_proces import Serverproces
from shapely.geometry import box
from test_api import RD, feature, vlak
from test_productie import _init

from locatieplanner.errors import ConfiguratieFout
from locatieplanner.store import Store
from locatieplanner.store.accounts import MAX_POGINGEN_ADRES, MAX_POGINGEN_NAAM

API = "/api/v1"
#: Seconds any single HTTP request may take before the test fails (a bound, not a measurement).
WACHTTIJD = 60
#: The public name both servers answer to behind the proxy.
NAAM = "planner.example.nl"
ORIGIN = f"https://{NAAM}"
#: The one setting the servers share besides the database URL.
SLEUTEL = secrets.token_hex(32)


@pytest.fixture(params=["sqlite", pytest.param("postgis", marks=pytest.mark.postgis)])
def gedeelde_database(request, tmp_path) -> str:
    """One initialised database for both servers: a SQLite file, or a fresh PostGIS database
    of the fixtures (which fail instead of skipping under CI=true)."""
    url = (
        database_url(tmp_path)
        if request.param == "sqlite"
        else request.getfixturevalue("postgis_url")
    )
    return _init(url)


@dataclass
class Proxy:
    """Requests to one of the servers as the reverse proxy passes them on."""

    server: Serverproces
    client: str = "192.0.2.10"

    def verzoek(self, sessie: requests.Session, methode: str, pad: str, **kw) -> requests.Response:
        koppen = {
            "Host": NAAM,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.client,
            **kw.pop("headers", {}),
        }
        kw.setdefault("allow_redirects", False)
        return sessie.request(
            methode, self.server.url + pad, headers=koppen, timeout=WACHTTIJD, **kw
        )

    def formulier(self, sessie: requests.Session, pad: str, data: dict, **kw) -> requests.Response:
        """A form post from this site's pages (the browser sends the public Origin)."""
        return self.verzoek(sessie, "POST", pad, data=data, headers={"Origin": ORIGIN}, **kw)


@dataclass
class Opstelling:
    url: str
    a: Serverproces
    b: Serverproces

    def via(self, server: Serverproces, client: str = "192.0.2.10") -> Proxy:
        return Proxy(server, client)


@pytest.fixture
def twee_servers(gedeelde_database: str, tmp_path: Path) -> Iterator[Opstelling]:
    """Servers A and B (two workers each), own instance folders, one database and one key."""
    run = tmp_path / "run"
    run.mkdir()
    omgeving = {
        "LOCATIEPLANNER_SECRET_KEY": SLEUTEL,
        "LOCATIEPLANNER_TRUSTED_HOSTS": json.dumps([NAAM, "127.0.0.1"]),
        "LOCATIEPLANNER_VERTROUWDE_PROXIES": "1",
        "XDG_RUNTIME_DIR": str(run),
    }
    url = gedeelde_database
    with (
        Serverproces(tmp_path / "a", url, "--workers", "2", omgeving=omgeving) as a,
        Serverproces(tmp_path / "b", url, "--workers", "2", omgeving=omgeving) as b,
    ):
        yield Opstelling(url, a, b)
    for server in (a, b):
        # the key came from outside: no instance folder made one of its own
        assert not (server.instance / "geheime_sleutel").exists()
        assert SLEUTEL not in server.stderr.read_text("utf-8")


def _kop(token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **extra}


def _csrf(antwoord: requests.Response) -> str:
    assert antwoord.status_code == 200, antwoord.text[:300]
    gevonden = re.search(r'name="csrf_token" value="([^"]+)"', antwoord.text)
    assert gevonden is not None, antwoord.text[:500]
    return gevonden.group(1)


def _meld_aan(
    proxy: Proxy, sessie: requests.Session, naam: str, wachtwoord: str
) -> requests.Response:
    csrf = _csrf(proxy.verzoek(sessie, "GET", "/aanmelden"))
    return proxy.formulier(
        sessie, "/aanmelden", {"naam": naam, "wachtwoord": wachtwoord, "csrf_token": csrf}
    )


# --------------------------------------------------------------------------- sites and ETags


def test_schrijven_op_a_lezen_op_b_en_verouderde_if_match_op_b_krijgt_412(twee_servers):
    o = twee_servers
    token = token_voor(o.url)
    a, b = o.via(o.a), o.via(o.b)
    with requests.Session() as s:
        # the health check the proxy may use: no login, on either server
        for proxy in (a, b):
            assert proxy.verzoek(s, "GET", f"{API}/").status_code == 200
        nieuw = a.verzoek(
            s, "POST", f"{API}/locaties?{RD}", json=feature(naam="Op A"), headers=_kop(token)
        )
        assert nieuw.status_code == 201, nieuw.text[:300]
        assert nieuw.headers["ETag"] == '"1"'
        pad = f"{API}/locaties/{nieuw.json()['id']}"

        gelezen = b.verzoek(s, "GET", pad, headers=_kop(token))
        assert gelezen.status_code == 200
        assert gelezen.headers["ETag"] == '"1"'
        assert gelezen.json()["properties"]["naam"] == "Op A"
        assert gelezen.json()["properties"]["gemeente"] == "GM0518"
        ongewijzigd = b.verzoek(s, "GET", pad, headers=_kop(token, **{"If-None-Match": '"1"'}))
        assert ongewijzigd.status_code == 304

        gewijzigd = a.verzoek(
            s,
            "PATCH",
            pad,
            json={"type": "Feature", "properties": {"naam": "Gewijzigd op A"}},
            headers=_kop(token, **{"If-Match": '"1"'}),
        )
        assert gewijzigd.status_code == 200, gewijzigd.text[:300]
        assert gewijzigd.headers["ETag"] == '"2"'

        # B still has version 1 in hand: its write is refused and changes nothing
        conflict = b.verzoek(
            s,
            "PATCH",
            pad,
            json={"type": "Feature", "properties": {"naam": "Verouderd op B", "daeb": 1}},
            headers=_kop(token, **{"If-Match": '"1"'}),
        )
        assert conflict.status_code == 412, conflict.text[:300]
        assert "intussen gewijzigd" in conflict.json()["fout"]
        assert conflict.json()["huidig"]["properties"]["naam"] == "Gewijzigd op A"
        assert conflict.headers["ETag"] == '"2"'
        # the stale version is no longer "not modified" on B either
        opnieuw = b.verzoek(s, "GET", pad, headers=_kop(token, **{"If-None-Match": '"1"'}))
        assert opnieuw.status_code == 200
        assert opnieuw.headers["ETag"] == '"2"'
        for proxy in (a, b):
            huidig = proxy.verzoek(s, "GET", pad, headers=_kop(token)).json()["properties"]
            assert (huidig["naam"], huidig["daeb"], huidig["versie"]) == ("Gewijzigd op A", 100, 2)


# --------------------------------------------------------------------------- sessions and CSRF


def test_sessie_van_a_werkt_op_b_ook_het_formulier_en_afmelden_op_b_geldt_op_a(twee_servers):
    o = twee_servers
    account = ROLLEN["gemeente"]
    zorg_voor_account(o.url, account)
    a, b = o.via(o.a), o.via(o.b)
    with requests.Session() as s:
        aangemeld = _meld_aan(a, s, account.naam, WACHTWOORD)
        assert aangemeld.status_code == 302, aangemeld.text[:300]
        welkom = b.verzoek(s, "GET", "/welkom")
        assert welkom.status_code == 200
        assert account.naam in welkom.text

        # the form of A's page (its CSRF token, signed with the shared key) is posted to B
        csrf = _csrf(a.verzoek(s, "GET", "/account"))
        gemaakt = b.formulier(
            s, "/account", {"actie": "token", "naam": "via B", "csrf_token": csrf}
        )
        assert gemaakt.status_code == 200, gemaakt.text[:300]
        token = re.search(r'id="nieuw-token">([^<]+)<', gemaakt.text)
        assert token is not None, gemaakt.text[:500]
        # ... and the token made on B works on A
        gemeenten = a.verzoek(s, "GET", f"{API}/gemeenten", headers=_kop(token.group(1)))
        assert gemeenten.status_code == 200
        # without the token the form is refused on either server, nothing is made
        zonder = b.formulier(s, "/account", {"actie": "token", "naam": "zonder csrf"})
        assert zonder.status_code == 403
        assert "CSRF" in zonder.text

        oude_cookies = s.cookies.copy()
        afgemeld = b.formulier(s, "/afmelden", {"csrf_token": csrf})
        assert afgemeld.status_code == 302
    # the old cookie, replayed on A, names a session that has ended (its version is in the database)
    with requests.Session() as dief:
        dief.cookies.update(oude_cookies)
        r = a.verzoek(dief, "GET", "/welkom")
        assert r.status_code == 302
        assert "/aanmelden" in r.headers["Location"]


# --------------------------------------------------------------------------- throttling


def test_aanmeldremming_telt_over_beide_servers_per_client_achter_de_proxy(twee_servers):
    o = twee_servers
    doelwit, ander = ROLLEN["gemeente"], ROLLEN["corporatie"]
    for account in (doelwit, ander):
        zorg_voor_account(o.url, account)
    servers = (o.a, o.b)
    with requests.Session() as s:
        # failures for one name, alternating servers and client addresses
        for poging in range(MAX_POGINGEN_NAAM):
            proxy = o.via(servers[poging % 2], f"198.51.100.{poging + 1}")
            r = _meld_aan(proxy, s, doelwit.naam, f"fout-{poging}-wachtwoord")
            assert r.status_code == 401, r.text[:300]
        r = _meld_aan(o.via(o.b, "198.51.100.99"), s, doelwit.naam, WACHTWOORD)
        assert r.status_code == 429, r.text[:300]
        assert int(r.headers["Retry-After"]) > 0
        assert "Te veel mislukte aanmeldpogingen" in r.text

    # failures from one client address with unknown names, alternating servers
    with requests.Session() as s:
        for poging in range(MAX_POGINGEN_ADRES):
            proxy = o.via(servers[poging % 2], "203.0.113.7")
            r = _meld_aan(proxy, s, f"onbekend-{poging}", "fout-wachtwoord-lang")
            assert r.status_code == 401, r.text[:300]
        r = _meld_aan(o.via(o.a, "203.0.113.7"), s, ander.naam, WACHTWOORD)
        assert r.status_code == 429, r.text[:300]
    # another client behind the same proxy is not held back by that address
    with requests.Session() as s:
        r = _meld_aan(o.via(o.b, "203.0.113.8"), s, ander.naam, WACHTWOORD)
        assert r.status_code == 302, r.text[:300]


# --------------------------------------------------------------------------- no stale caches


def _gm0518(proxy: Proxy, sessie: requests.Session, token: str) -> int:
    analyse = proxy.verzoek(sessie, "GET", f"{API}/analyse", headers=_kop(token))
    assert analyse.status_code == 200, analyse.text[:300]
    (rij,) = (g for g in analyse.json()["gemeenten"] if g["gemeente"] == "GM0518")
    return rij["daeb_totaal"]


def test_analyse_document_en_grenzen_op_b_volgen_een_schrijfactie_elders_meteen(twee_servers):
    o = twee_servers
    token = token_voor(o.url)
    a, b = o.via(o.a), o.via(o.b)
    overzicht = "/documenten/GM0518/overzicht?formaat=html"
    with requests.Session() as s:
        voor = _gm0518(b, s, token)
        document = b.verzoek(s, "GET", overzicht, headers=_kop(token))
        assert document.status_code == 200, document.text[:300]
        assert "Nieuw op A" not in document.text
        r = a.verzoek(
            s,
            "POST",
            f"{API}/locaties?{RD}",
            json=feature(
                naam="Nieuw op A",
                daeb=37,
                toewijzingen=[{"corporatie": "Staedion", "daeb": 37, "oplevering": 2026}],
            ),
            headers=_kop(token),
        )
        assert r.status_code == 201, r.text[:300]
        # both workers of B answer in turn: each must see it
        for _ in range(4):
            assert _gm0518(b, s, token) == voor + 37
            document = b.verzoek(s, "GET", overzicht, headers=_kop(token))
            assert document.status_code == 200
            assert "Nieuw op A" in document.text

        # B's workers have used the boundaries; another process moves the border between the
        # two municipalities west of x=82000
        plek = vlak(83000, 452000, 83100, 452100)
        eerst = b.verzoek(
            s, "POST", f"{API}/locaties?{RD}", json=feature(plek, naam="Voor"), headers=_kop(token)
        )
        assert eerst.json()["properties"]["gemeente"] == "GM0518"
        den_haag, rijswijk = KLEINE_GEMEENTEN
        verschoven = [
            replace(den_haag, geometry=box(75000, 450000, 82000, 460000)),
            replace(rijswijk, geometry=box(82000, 445000, 90000, 455000)),
        ]
        store = Store.open(o.url, migreer=False)
        try:
            store.bewaar_gemeenten(verschoven)
        finally:
            store.sluit()
        for poging in range(4):
            na = b.verzoek(
                s,
                "POST",
                f"{API}/locaties?{RD}",
                json=feature(plek, naam=f"Na {poging}"),
                headers=_kop(token),
            )
            assert na.status_code == 201, na.text[:300]
            assert na.json()["properties"]["gemeente"] == "GM0603"


# --------------------------------------------------------------------------- import


def _geojson(pad: Path, namen: list[str]) -> Path:
    """A GeoJSON file (RD coordinates) with one site per name."""
    objecten = [
        feature(vlak(80000 + 200 * i, 451000, 80100 + 200 * i, 451100), naam=naam, daeb=10)
        for i, naam in enumerate(namen)
    ]
    pad.write_text(json.dumps({"type": "FeatureCollection", "features": objecten}), "utf-8")
    return pad


def _importeer(proxy: Proxy, sessie: requests.Session, token: str, pad: Path, **velden) -> dict:
    with pad.open("rb") as f:
        r = proxy.verzoek(
            sessie,
            "POST",
            "/importeer",
            data={"soort": "locaties", "crs": "EPSG:28992", **velden},
            files={"bestand": (pad.name, f, "application/geo+json")},
            headers=_kop(token, Accept="application/json"),
        )
    assert r.status_code == 200, r.text[:500]
    return r.json()


def _namen(proxy: Proxy, sessie: requests.Session, token: str) -> set[str]:
    r = proxy.verzoek(sessie, "GET", f"{API}/locaties?limit=100", headers=_kop(token))
    assert r.status_code == 200
    return {f["properties"]["naam"] for f in r.json()["features"]}


def test_import_proef_op_a_en_echt_op_b_staan_elk_op_zichzelf(twee_servers, tmp_path):
    o = twee_servers
    token = token_voor(o.url)
    a, b = o.via(o.a), o.via(o.b)
    pad = _geojson(tmp_path / "plan.geojson", ["Import een", "Import twee"])
    with requests.Session() as s:
        proef = _importeer(a, s, token, pad, droog="1")
        assert (proef["droog"], proef["toegevoegd"]) == (True, 2)
        assert _namen(b, s, token) == set()
        echt = _importeer(b, s, token, pad)
        assert (echt["droog"], echt["toegevoegd"]) == (False, 2)
        assert _namen(a, s, token) == _namen(b, s, token) == {"Import een", "Import twee"}
    # no server kept a copy of the upload in its instance folder (next to its logs and the
    # analyses its workers share)
    for server in (o.a, o.b):
        namen = sorted(p.name for p in server.instance.iterdir() if p.name != "analysecache")
        assert namen == ["server.err", "server.out"]


# --------------------------------------------------------------------------- boundary cache


@pytest.fixture
def twee_stores(gedeelde_database: str) -> Iterator[tuple[Store, Store]]:
    """Two stores on one database, each with its own boundary cache (as two app servers)."""
    a = Store.open(gedeelde_database, migreer=False)
    b = Store.open(gedeelde_database, migreer=False)
    yield a, b
    a.sluit()
    b.sluit()


#: A site well inside 's-Gravenhage (GM0518) of :data:`KLEINE_GEMEENTEN`.
PLEK = box(80000, 452000, 80100, 452100)


def test_grenscache_volgt_een_regiowijziging_van_een_andere_server(twee_stores):
    a, b = twee_stores
    assert b.gemeenten_repo.ligging(PLEK).ligging == "binnen"
    regio = a.regio()
    kleiner = replace(regio, gemeenten={k: v for k, v in regio.gemeenten.items() if k != "GM0518"})
    a.zet_regio(kleiner)
    # no boundary row changed, only the region's members: B must not keep its loaded copy
    ligging = b.gemeenten_repo.ligging(PLEK)
    assert (ligging.gemeente, ligging.ligging) == ("GM0518", "buiten")


def test_grenscache_volgt_een_wijziging_met_een_klok_die_achterloopt(twee_stores, monkeypatch):
    from datetime import timedelta

    from locatieplanner.store import database, gemeenten

    a, b = twee_stores
    den_haag, rijswijk = KLEINE_GEMEENTEN
    # server A's clock runs an hour ahead when it changes Rijswijk's boundary
    monkeypatch.setattr(gemeenten, "nu", lambda: database.nu() + timedelta(hours=1))
    a.bewaar_gemeenten([replace(rijswijk, geometry=box(85000, 445000, 90500, 455000))])
    monkeypatch.setattr(gemeenten, "nu", database.nu)
    assert b.gemeenten_repo.ligging(PLEK).gemeente == "GM0518"
    # another server, with the right time, moves The Hague away from the site: the newest time
    # of change stays the one from the clock that ran ahead, and the number of boundaries stays
    a.bewaar_gemeenten([replace(den_haag, geometry=box(60000, 450000, 70000, 460000))])
    ligging = b.gemeenten_repo.ligging(PLEK)
    assert (ligging.gemeente, ligging.ligging) == (None, "buiten")


# --------------------------------------------------------------------------- settings


def test_gedeelde_geheime_sleutel_is_tekst_van_minstens_32_tekens(monkeypatch, tmp_path):
    from locatieplanner.config import laad_instellingen

    monkeypatch.setenv("LOCATIEPLANNER_SECRET_KEY", "kort-geheim")
    with pytest.raises(ConfiguratieFout) as fout:
        laad_instellingen(instance_map=tmp_path)
    assert "SECRET_KEY" in fout.value.melding and "11 tekens" in fout.value.melding
    assert "minstens 32" in fout.value.melding and "kort-geheim" not in fout.value.melding
    # a key of digits stays text (it is not read as a JSON number)
    cijfers = "1234567890" * 4
    monkeypatch.setenv("LOCATIEPLANNER_SECRET_KEY", cijfers)
    assert laad_instellingen(instance_map=tmp_path).overig["SECRET_KEY"] == cijfers
    assert not (tmp_path / "geheime_sleutel").exists()


@pytest.mark.parametrize("waarde", ["6", "-1", "true", '"1"', "1.5"])
def test_vertrouwde_proxies_buiten_0_tot_5_wordt_geweigerd(monkeypatch, tmp_path, waarde):
    from locatieplanner.config import laad_instellingen

    monkeypatch.setenv("LOCATIEPLANNER_VERTROUWDE_PROXIES", waarde)
    with pytest.raises(ConfiguratieFout) as fout:
        laad_instellingen(instance_map=tmp_path)
    assert "VERTROUWDE_PROXIES" in fout.value.melding and "0 tot en met 5" in fout.value.melding


def test_alleen_met_vertrouwde_proxy_geldt_x_forwarded_for(tmp_path, caplog):
    """Without the setting, X-Forwarded-For is not believed (a client could name any address
    to escape the throttling per address): the request counts for the address that connected,
    as the request log (and the throttling) sees it."""
    from locatieplanner.web import create_app

    url = _init(database_url(tmp_path))
    caplog.set_level(logging.INFO, logger="locatieplanner.verzoeken")
    adressen = []
    for proxies in (0, 1):
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": url,
                "BASISKAART": False,
                "VERTROUWDE_PROXIES": proxies,
            }
        )
        caplog.clear()
        r = app.test_client().get(f"{API}/", headers={"X-Forwarded-For": "203.0.113.9"})
        assert r.status_code == 200
        (regel,) = (rec for rec in caplog.records if rec.name == "locatieplanner.verzoeken")
        adressen.append(regel.velden["adres"])
    assert adressen == ["127.0.0.1", "203.0.113.9"]


def test_migreer_is_een_eigen_stap_die_alleen_het_schema_bijwerkt(runner):
    eerst = runner.invoke(["migreer"])
    assert eerst.exit_code == 0, eerst.output
    assert "Databaseschema bijgewerkt van leeg naar" in eerst.output
    opnieuw = runner.invoke(["migreer"])
    assert opnieuw.exit_code == 0, opnieuw.output
    assert "al actueel" in opnieuw.output
    versie = eerst.output.strip().rsplit(" ", 1)[1].rstrip(".")
    assert f"({versie})" in opnieuw.output
    # only the schema: no region was recorded (that is init's work)
    store = Store.open(runner.url, migreer=False)
    try:
        assert store.schema_versie() == versie
        with pytest.raises(ConfiguratieFout, match="nog geen regio"):
            store.regio()
    finally:
        store.sluit()
