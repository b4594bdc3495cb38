"""The answer cache of read-only GETs (``web/antwoordcache.py``): a write makes the next GET
return the new data (also on two production servers on one database, each with two workers),
roles never share an answer, ETag / If-None-Match give 304, the byte budget holds."""

from __future__ import annotations

import gzip

import pytest
import requests
from aanmelding import ROLLEN, client_als, token_voor
from test_api import RD, feature, vlak
from test_schaal import API, _kop, gedeelde_database, twee_servers  # noqa: F401  (fixtures)

from locatieplanner.errors import ConfiguratieFout
from locatieplanner.web import create_app
from locatieplanner.web.antwoordcache import Antwoordcache, Bewaard, antwoordcache

#: An RD box around both test municipalities.
VAK = f"/api/v1/locaties?{RD}&bbox=70000,440000,95000,465000"


@pytest.fixture
def cache_app(kleine_store):
    return create_app({"TESTING": True, "DATABASE_URL": kleine_store.url, "BASISKAART": False})


def _namen(antwoord) -> list[str]:
    return [f["properties"]["naam"] for f in antwoord.get_json()["features"]]


def test_een_schrijfactie_geeft_bij_de_volgende_get_de_nieuwe_gegevens(cache_app):
    c = client_als(cache_app)
    eerste = c.get(VAK)
    assert eerste.status_code == 200 and _namen(eerste) == []
    tweede = c.get(VAK)
    assert tweede.data == eerste.data and tweede.headers["ETag"] == eerste.headers["ETag"]
    assert len(antwoordcache(cache_app)) == 1

    nieuw = c.post(f"/api/v1/locaties?{RD}", json=feature(naam="Nieuw"))
    assert nieuw.status_code == 201, nieuw.get_json()
    na = c.get(VAK)
    assert _namen(na) == ["Nieuw"]
    assert na.headers["ETag"] != eerste.headers["ETag"]
    # the old ETag no longer gives 304; the new one does, without a body
    assert c.get(VAK, headers={"If-None-Match": eerste.headers["ETag"]}).status_code == 200
    niet = c.get(VAK, headers={"If-None-Match": na.headers["ETag"]})
    assert niet.status_code == 304 and niet.data == b""
    assert niet.headers["ETag"] == na.headers["ETag"]

    weg = c.delete(
        f"/api/v1/locaties/{nieuw.get_json()['id']}", headers={"If-Match": nieuw.headers["ETag"]}
    )
    assert weg.status_code == 204
    assert _namen(c.get(VAK)) == []


def test_rollen_delen_geen_antwoord(cache_app):
    ids = {}
    for rol, account in ROLLEN.items():
        c = client_als(cache_app, account)
        a = c.get(VAK)
        assert a.status_code == 200, (rol, a.get_json())
        ids[rol] = a.headers["ETag"]
        # a repeat is the kept answer of this role
        assert c.get(VAK).headers["ETag"] == ids[rol]
    assert len(set(ids.values())) == len(ROLLEN)
    assert len(antwoordcache(cache_app)) == len(ROLLEN)
    # an anonymous request is refused before the cache: nothing is kept for it
    assert cache_app.test_client().get(VAK).status_code == 401
    assert len(antwoordcache(cache_app)) == len(ROLLEN)


def test_gecomprimeerd_antwoord_wordt_bewaard_en_per_codering_apart(cache_app):
    c = client_als(cache_app)
    for i in range(30):
        x = 80000 + i * 10
        c.post(f"/api/v1/locaties?{RD}", json=feature(vlak(x, 452000, x + 5, 452005), naam=f"L{i}"))
    gzipt = c.get(VAK, headers={"Accept-Encoding": "gzip"})
    assert gzipt.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in gzipt.headers["Vary"]
    nogmaals = c.get(VAK, headers={"Accept-Encoding": "gzip"})
    assert nogmaals.headers["Content-Encoding"] == "gzip" and nogmaals.data == gzipt.data
    plat = c.get(VAK, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plat.headers
    assert gzip.decompress(gzipt.data) == plat.data
    assert plat.headers["ETag"] != gzipt.headers["ETag"]
    assert len(_namen(plat)) == 30


def test_ongeldige_vraag_wordt_niet_bewaard(cache_app):
    c = client_als(cache_app)
    fout = c.get("/api/v1/locaties?bbox=1,2,3")
    assert fout.status_code == 400 and "bbox" in str(fout.get_json())
    assert len(antwoordcache(cache_app)) == 0


def test_budget_wordt_gerespecteerd():
    cache = Antwoordcache(10_000)
    for i in range(50):
        assert cache.zet(i, Bewaard(b"x" * 1000, (("Content-Type", "application/json"),), "e"))
        assert cache.gebruikt <= cache.budget
    assert 0 < len(cache) < 50
    # least recently used go first: the newest are kept, a read keeps an entry
    assert cache.haal(49) is not None and cache.haal(0) is None
    oudste = min(k for k in range(50) if cache.haal(k) is not None)
    cache.haal(oudste)
    cache.zet("nieuw", Bewaard(b"y" * 1000, (), "e"))
    assert cache.haal(oudste) is not None
    # larger than a quarter of the budget: not kept
    assert not cache.zet("groot", Bewaard(b"z" * 3000, (), "e"))
    assert cache.haal("groot") is None


def test_budget_van_de_instelling(kleine_store, tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": kleine_store.url, "ANTWOORDCACHE_MB": 0.05})
    c = client_als(app)
    for i in range(40):
        x = 80000 + i * 10
        c.post(f"/api/v1/locaties?{RD}", json=feature(vlak(x, 452000, x + 5, 452005), naam=f"L{i}"))
    cache = antwoordcache(app)
    assert cache.budget == 52428
    for i in range(40):
        assert c.get(f"{VAK}&limit={i + 1}").status_code == 200
        assert cache.gebruikt <= cache.budget
    assert len(cache) > 0
    uit = create_app({"TESTING": True, "DATABASE_URL": kleine_store.url, "ANTWOORDCACHE_MB": 0})
    assert antwoordcache(uit) is None
    assert client_als(uit).get(VAK).status_code == 200
    with pytest.raises(ConfiguratieFout, match="ANTWOORDCACHE_MB is 'veel'"):
        create_app({"TESTING": True, "DATABASE_URL": kleine_store.url, "ANTWOORDCACHE_MB": "veel"})


def test_twee_servers_tonen_een_schrijfactie_meteen(twee_servers):  # noqa: F811
    """Both servers (two workers each, each with its own cache) answer the box; after a write on
    A every answer of A and B has the new site."""
    o = twee_servers
    token = token_voor(o.url)
    pad = f"{API}/locaties?{RD}&bbox=70000,440000,95000,465000"
    with requests.Session() as s:

        def namen(server) -> set[str]:
            antwoord = s.get(server.url + pad, headers=_kop(token), timeout=60)
            assert antwoord.status_code == 200, antwoord.text[:300]
            return {f["properties"]["naam"] for f in antwoord.json()["features"]}

        # several requests per server, so both workers of each keep the answer
        for server in (o.a, o.b):
            for _ in range(6):
                assert "Op A" not in namen(server)
        nieuw = s.post(
            f"{o.a.url}{API}/locaties?{RD}",
            json=feature(naam="Op A"),
            headers=_kop(token),
            timeout=60,
        )
        assert nieuw.status_code == 201, nieuw.text[:300]
        for server in (o.b, o.a):
            for _ in range(6):
                assert "Op A" in namen(server)


def test_bewaarde_features_geven_dezelfde_bytes_als_zonder_cache(kleine_store):
    """Overlapping boxes and pages share the kept Feature texts; every answer is byte for
    byte the one of an app without cache, in both CRSs, also after a change of one site."""
    met = create_app({"TESTING": True, "DATABASE_URL": kleine_store.url, "BASISKAART": False})
    zonder = create_app({"TESTING": True, "DATABASE_URL": kleine_store.url, "ANTWOORDCACHE_MB": 0})
    c, z = client_als(met), client_als(zonder)
    for i in range(12):
        x = 80000 + i * 400
        geo = (
            vlak(x, 452000, x + 50, 452050)
            if i % 2
            else {"type": "Point", "coordinates": [x, 452000]}
        )
        nieuw = c.post(
            f"/api/v1/locaties?{RD}",
            json=feature(geo, naam=f"L{i}", opmerking="é" * i, daeb=10 + i),
        )
        assert nieuw.status_code == 201, nieuw.get_json()
    vragen = [
        f"/api/v1/locaties?{RD}&bbox={x0},451000,{x0 + 2500},453000"
        for x0 in range(79000, 85000, 700)
    ] + [
        "/api/v1/locaties?bbox=4.2,52.0,4.4,52.1",
        "/api/v1/locaties?bbox=4.2,52.0,4.4,52.1&limit=3&offset=2",
        f"/api/v1/locaties?{RD}&limit=4&offset=5",
        "/api/v1/locaties?limit=5000",
    ]
    for ronde in range(2):
        for vraag in vragen:
            a, b = c.get(vraag), z.get(vraag)
            assert a.status_code == b.status_code == 200
            assert a.data == b.data, vraag
        if ronde == 0:
            eerste = c.get(f"/api/v1/locaties?{RD}&limit=1").get_json()["features"][0]
            gewijzigd = c.patch(
                f"/api/v1/locaties/{eerste['id']}",
                json={"type": "Feature", "properties": {"naam": "Anders"}},
                headers={"If-Match": f'"{eerste["properties"]["versie"]}"'},
            )
            assert gewijzigd.status_code == 200, gewijzigd.get_json()
    assert "Anders" in c.get("/api/v1/locaties").get_data(as_text=True)
