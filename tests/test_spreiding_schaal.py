"""``/spreiding`` kept small at a few hundred municipalities: the page's own HTML under a byte
budget (gzipped, with the CSRF token kept out of the compression), the parts with a row per
municipality left to be fetched, and the analysis computed once per data version and caller's
scope (a write shows in the next page). On real temporary SQLite files."""

from __future__ import annotations

import gzip
import re
import secrets

import pytest
from aanmelding import BEHEERDER, ROLLEN, client_als, token_voor
from analyse_testdata import vul_store
from conftest import database_url
from spreiding_pagina import getal_uit, lees_tabel
from spreiding_schaal import AANTAL, code, voeg_harde_locatie_toe, vul_grote_regio

from locatieplanner.store import Store
from locatieplanner.web import create_app
from locatieplanner.web import spreiding as spreiding_module
from locatieplanner.web.analysecache import Analysecache, bereik
from locatieplanner.web.geheimvrij import gzip_buiten_geheimen
from locatieplanner.web.spreiding import MAX_NAMEN

KB = 1024
#: What the page's own HTML may transfer (gzip) at :data:`AANTAL` municipalities.
BUDGET_OVERGEDRAGEN = 100 * KB
#: Its size unpacked per municipality (the table row, the signal count, the places of the chart
#: and of the signal list): a list per municipality inlined would go far beyond it.
BUDGET_PER_GEMEENTE = 3 * KB
#: What differs between two renderings of the page: script nonce, CSRF token (signed with a
#: time), the names folium gives the map's objects.
_PER_ANTWOORD = re.compile(
    r'nonce="[^"]*"|(?<=csrf-token" content=")[^"]*|(?<=csrf_token" value=")[^"]*|_[0-9a-f]{32}'
)


def _app(url: str, **extra):
    return create_app({"TESTING": True, "DATABASE_URL": url, "BASISKAART": False, **extra})


@pytest.fixture(scope="module")
def groot_url(tmp_path_factory) -> str:
    url = database_url(tmp_path_factory.mktemp("groot"))
    store = Store.open(url)
    vul_grote_regio(store)
    store.sluit()
    return url


def test_pagina_binnen_het_budget_bij_honderden_gemeenten(groot_url):
    c = client_als(_app(groot_url))
    gewoon = c.get("/spreiding")
    gz = c.get("/spreiding", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert gewoon.status_code == gz.status_code == 200
    assert "Content-Encoding" not in gewoon.headers
    assert gz.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in gz.headers["Vary"]
    html = gzip.decompress(gz.data).decode()
    # the same page either way
    assert _PER_ANTWOORD.sub("", html) == _PER_ANTWOORD.sub("", gewoon.get_data(as_text=True))
    assert len(gz.data) < BUDGET_OVERGEDRAGEN, f"{len(gz.data)} bytes overgedragen"
    assert len(html.encode()) < BUDGET_PER_GEMEENTE * AANTAL, f"{len(html.encode())} bytes"

    # a place per municipality for its chart in the page itself
    assert html.count('<figure class="sp-grafiek" data-gemeente="GM') == AANTAL
    # what has a row or a chart per municipality is fetched when it is opened or in view: with
    # this many municipalities also the table per municipality and the signal overview
    for deel, tabel in (
        ("casussen", "casussen"),
        ("dalingen", "dalingen"),
        ("evenwicht", "evenwicht"),
        ("gemeenten", "gemeenten"),
        ("signaaloverzicht", "signalen"),
    ):
        assert f'id="deel-{deel}" data-laad>' in html
        assert f'id="tabel-{tabel}"' not in html
    assert 'class="sp-signaallijst"' not in html
    assert 'id="signalen-GM' not in html
    assert f"{AANTAL} gemeenten, van wie" in html
    # the table as the page fetches it: every municipality and the region
    deel = c.get("/spreiding/deel/gemeenten", headers={"Accept-Encoding": "gzip"})
    assert deel.status_code == 200 and deel.headers["Content-Encoding"] == "gzip"
    rijen = lees_tabel(gzip.decompress(deel.data).decode(), "tabel-gemeenten")
    assert {code(0), code(AANTAL - 1), "regio"} <= set(rijen)
    assert len(rijen) == AANTAL + 1
    # and the signal overview: a row and a list (fetched when opened) per municipality
    overzicht = c.get("/spreiding/deel/signaaloverzicht").get_data(as_text=True)
    assert len(lees_tabel(overzicht, "tabel-signalen")) >= AANTAL
    assert overzicht.count(f'id="signalen-{code(3)}" data-gemeente="{code(3)}" data-laad>') == 1
    assert 'class="sp-signaallijst"' not in overzicht
    assert 'id="grafiek-voorraad-' not in html
    # the sites are not in the page, and the map fetches them only when they are switched on
    assert '"locaties": "/kaart/locaties.geojson"' in html
    # of folium's assets only Leaflet and Bootstrap's CSS (no jQuery, no marker icons)
    for ongebruikt in ("jquery", "bootstrap.bundle", "awesome-markers", "fontawesome"):
        assert ongebruikt not in html, ongebruikt
    # the key figure of the assessment names the first municipalities, the table all
    namen = re.search(r'<p class="sp-klein" id="toets-namen">(.*?)</p>', html, re.S)[1]
    nodig = [c for c, r in rijen.items() if r.get("toelichting:voldoet") == "nodig"]
    assert len(nodig) > MAX_NAMEN
    assert namen.count(", ") == MAX_NAMEN - 1
    assert f"en nog {len(nodig) - MAX_NAMEN}: zie de kolom" in namen


def test_afdrukversie_ook_gecomprimeerd_met_alles(groot_url):
    c = client_als(_app(groot_url))
    gz = c.get("/spreiding/afdrukken", headers={"Accept-Encoding": "gzip"})
    assert gz.status_code == 200 and gz.headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(gz.data).decode()
    assert html.count('class="sp-grafiek sp-geladen"') == AANTAL
    assert 'id="tabel-casussen"' in html and 'class="sp-signaallijst"' in html
    assert len(lees_tabel(html, "tabel-gemeenten")) == AANTAL + 1
    assert len(lees_tabel(html, "tabel-signalen")) >= AANTAL
    assert 'id="deel-' not in html
    namen = re.search(r'<p class="sp-klein" id="toets-namen">(.*?)</p>', html, re.S)[1]
    assert "en nog" not in namen and namen.count(", ") > MAX_NAMEN


def test_csrf_token_buiten_de_compressie(groot_url):
    c = client_als(_app(groot_url))
    gz = c.get("/spreiding", headers={"Accept-Encoding": "gzip"})
    html = gzip.decompress(gz.data).decode()
    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', html)[1]
    # stored as it is in the gzip stream (never compressed against the page's other text)
    assert gz.data.count(token.encode()) == html.count(token) >= 1


def test_lengte_verraadt_het_geheim_niet():
    """BREACH: text from the request that matches the secret must not make the page shorter.
    Plain gzip does (the test would see it); with the secret stored apart the length is the
    same whether the reflected guess is right or wrong."""
    geheim, ander = secrets.token_urlsafe(48), secrets.token_urlsafe(48)

    def pagina(gok: str) -> str:
        return f'<meta content="{geheim}"><main>zoek: csrf_token={gok}</main>' + "tekst " * 50

    goed, fout = pagina(geheim[:24]), pagina(ander[:24])
    assert len(gzip.compress(goed.encode())) < len(gzip.compress(fout.encode()))
    a, b = gzip_buiten_geheimen(goed, [geheim]), gzip_buiten_geheimen(fout, [geheim])
    assert len(a) == len(b)
    assert gzip.decompress(a).decode() == goed and gzip.decompress(b).decode() == fout


@pytest.mark.parametrize(
    ("tekst", "geheimen"),
    [
        ("", []),
        ("zonder geheim " * 100, ["x" * 10]),
        ("ab" * 40000 + "GEHEIM" + "é€" * 30000, ["GEHEIM"]),
        ("GEHEIM" + "midden" + "GEHEIM", ["GEHEIM", ""]),
        ("a" + "s" * 70000 + "b", ["s" * 70000]),  # longer than one stored block
    ],
)
def test_gzip_buiten_geheimen_is_gewone_gzip(tekst, geheimen):
    data = gzip_buiten_geheimen(tekst, geheimen)
    assert gzip.decompress(data).decode() == tekst


def test_cache_begrensd_en_minst_recent_eerst_weg():
    cache = Analysecache(2)
    gemaakt: list[str] = []

    def maak(naam: str):
        return lambda: gemaakt.append(naam) or naam

    assert cache.geef("a", maak("a")) == "a"
    assert cache.geef("b", maak("b")) == "b"
    assert cache.geef("a", maak("a")) == "a"  # kept, and now the most recent
    cache.geef("c", maak("c"))  # drops b
    assert len(cache) == 2
    cache.geef("a", maak("a"))
    cache.geef("b", maak("b"))
    assert gemaakt == ["a", "b", "c", "b"]
    assert (cache.treffers, cache.missers) == (2, 4)
    assert bereik(ROLLEN["gemeente"]) != bereik(ROLLEN["provincie"]) != bereik(BEHEERDER)
    with pytest.raises(ValueError):
        Analysecache(-1)


def test_analyse_eenmaal_per_dataversie_en_bereik(tmp_path, monkeypatch):
    url = database_url(tmp_path)
    store = Store.open(url)
    vul_store(store)
    store.sluit()
    app = _app(url)
    token_voor(url, ROLLEN["provincie"])  # the accounts exist before counting
    beheer, provincie = client_als(app), client_als(app, ROLLEN["provincie"])
    echt = spreiding_module.analyseer
    teller: list[int] = []
    monkeypatch.setattr(
        spreiding_module, "analyseer", lambda *a, **k: teller.append(1) or echt(*a, **k)
    )

    def daeb_hard(client) -> int:
        res = client.get("/spreiding")
        assert res.status_code == 200
        return getal_uit(
            lees_tabel(res.get_data(as_text=True), "tabel-gemeenten")["GM9001"]["daeb_hard"]
        )

    voor = daeb_hard(beheer)
    assert daeb_hard(beheer) == voor
    # the parts and signal lists the page fetches use the same analysis
    for pad in (
        "/spreiding/deel/casussen",
        "/spreiding/signalen/GM9002",
        "/spreiding/voorraad.json",
    ):
        assert beheer.get(pad).status_code == 200, pad
    assert len(teller) == 1
    # another role that reads the same (every role reads the whole region) shares it
    assert daeb_hard(provincie) == voor
    assert len(teller) == 1
    # other settings compute their own
    assert beheer.get("/spreiding?peiljaar=2027").status_code == 200
    assert len(teller) == 2

    # a write: the next page has the new numbers
    voeg_harde_locatie_toe(url, 123)
    assert daeb_hard(beheer) == voor + 123
    assert len(teller) == 3
    assert daeb_hard(provincie) == voor + 123
    assert len(teller) == 3


def test_cache_uit_met_grootte_nul(tmp_path, monkeypatch):
    url = database_url(tmp_path)
    store = Store.open(url)
    vul_store(store)
    store.sluit()
    c = client_als(_app(url, ANALYSECACHE_GROOTTE=0))
    echt = spreiding_module.analyseer
    teller: list[int] = []
    monkeypatch.setattr(
        spreiding_module, "analyseer", lambda *a, **k: teller.append(1) or echt(*a, **k)
    )
    assert c.get("/spreiding").status_code == c.get("/spreiding").status_code == 200
    assert len(teller) == 2
