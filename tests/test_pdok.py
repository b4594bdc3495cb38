"""PDOK download against a real local OGC API Features server built from the real CBS polygons."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import geopandas as gpd
import pytest
import shapely
from conftest import CBS_GEMEENTEN, vereist

from locatieplanner.domein.regio import laad_regio
from locatieplanner.errors import DownloadFout
from locatieplanner.uitwisseling.pdok import CRS84_URI, PDOK_URL, RD_URI, download_gemeenten

HAAGLANDEN = sorted(laad_regio().codes)
KADASTER = "/kadaster/brk-bestuurlijke-gebieden/ogc/v1"
CBS = "/cbs/gebiedsindelingen/ogc/v1"


@pytest.fixture(scope="module")
def features() -> dict[str, Any]:
    """GeoJSON features as PDOK serves them: Kadaster (RD and CRS84) and CBS per year (RD)."""
    vereist(CBS_GEMEENTEN.exists(), f"referentiedata ontbreekt: {CBS_GEMEENTEN}")
    cbs = gpd.read_file(CBS_GEMEENTEN, columns=["gemeentecode", "gemeentenaam", "jaar"])
    rd = cbs.to_crs(28992)
    rd["geometry"] = shapely.set_precision(rd.geometry.values, 0.001, mode="pointwise")

    def kadaster(tabel: gpd.GeoDataFrame) -> list[dict]:
        return [
            {
                "type": "Feature",
                "id": i + 1,
                "properties": {
                    "code": r.gemeentecode[2:],
                    "identificatie": r.gemeentecode,
                    "naam": r.gemeentenaam,
                },
                "geometry": r.geometry.__geo_interface__,
            }
            for i, r in enumerate(tabel.itertuples())
        ]

    cbs_rd = [
        {
            "type": "Feature",
            "id": i + 1,
            "properties": {
                "statcode": r.gemeentecode,
                "statnaam": r.gemeentenaam,
                "jaarcode": 2023,
            },
            "geometry": r.geometry.__geo_interface__,
        }
        for i, r in enumerate(rd.itertuples())
    ]
    return {"rd": kadaster(rd), "crs84": kadaster(cbs), "cbs": cbs_rd, "tabel": rd}


class FakePdok:
    """What the server does: ``modus`` selects a failure; ``verzoeken`` records every request."""

    def __init__(self, features: dict[str, Any]) -> None:
        self.features = features
        self.modus = "normaal"
        self.pagina = 200  # the server's maximum page size, whatever limit is asked
        self.crs_lijst = [CRS84_URI, RD_URI, "http://www.opengis.net/def/crs/EPSG/0/4258"]
        self.verzoeken: list[tuple[str, dict[str, str]]] = []
        self.vrijgeven = threading.Event()
        self.basis = ""

    def items(self, prefix: str, collectie: str, query: dict[str, str]) -> tuple[dict, dict]:
        rd = query.get("crs") == RD_URI
        if prefix == CBS:
            alle = self.features["cbs"]
            filters = {k: query[k] for k in ("statcode", "jaarcode") if k in query}
        else:
            alle = self.features["rd" if rd else "crs84"]
            filters = {k: query[k] for k in ("identificatie", "code", "naam") if k in query}
        if self.modus != "negeer_filter":
            alle = [
                f for f in alle if all(str(f["properties"].get(k)) == v for k, v in filters.items())
            ]
        limiet = min(int(query.get("limit", 10)), self.pagina)
        begin = int(query.get("cursor", 0))
        pagina = alle[begin : begin + limiet]
        links = [{"rel": "self", "type": "application/geo+json", "href": self.basis}]
        if begin + limiet < len(alle) and self.modus != "kwijt":
            volgende = {**query, "cursor": str(begin + limiet)}
            href = f"{self.basis}{prefix}/collections/{collectie}/items?{urlencode(volgende)}"
            if self.modus == "vreemde_next":
                href = "http://192.0.2.1/elders/items?cursor=1"
            links.append({"rel": "next", "type": "text/html", "href": href + "&f=html"})
            links.append({"rel": "next", "type": "application/geo+json", "href": href})
        if self.modus == "kapotte_geometrie":
            pagina = [
                {**f, "geometry": {"type": "Polygon", "coordinates": [[[80000, 450000]]]}}
                if f["properties"]["identificatie"] == "GM0503"
                else f
                for f in pagina
            ]
        data = {
            "type": "FeatureCollection",
            "timeStamp": "2025-01-01T00:00:00Z",
            "numberMatched": len(alle),
            "numberReturned": len(pagina),
            "links": links,
            "features": pagina,
        }
        headers = {"Content-Crs": f"<{RD_URI if rd else CRS84_URI}>"}
        if not rd and self.modus == "zonder_header":
            headers = {}
        return data, headers


def _handler(server: FakePdok) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep pytest output clean
            pass

        def _json(self, status: int, data: object, headers: dict | None = None) -> None:
            body = data if isinstance(data, bytes) else json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/geo+json")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server API
            deel = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(deel.query).items()}
            server.verzoeken.append((deel.path, query))
            pad = deel.path.rstrip("/")
            for prefix, collecties in (
                (KADASTER, ["gemeentegebied", "provinciegebied", "landgebied"]),
                (CBS, ["gemeente_niet_gegeneraliseerd"]),
            ):
                if not pad.startswith(prefix):
                    continue
                rest = pad[len(prefix) :]
                if rest == "":
                    return self._json(
                        200,
                        {
                            "title": "Bestuurlijke gebieden",
                            "links": [
                                {"rel": "data", "href": f"{server.basis}{prefix}/collections"}
                            ],
                        },
                    )
                if rest == "/collections":
                    return self._json(
                        200,
                        {"collections": [{"id": c, "crs": server.crs_lijst} for c in collecties]},
                    )
                for c in collecties:
                    if rest == f"/collections/{c}":
                        return self._json(
                            200, {"id": c, "crs": server.crs_lijst, "storageCrs": RD_URI}
                        )
                    if rest == f"/collections/{c}/items":
                        return self._items(prefix, c, query)
            return self._json(404, {"code": "NotFound", "description": "not found"})

        def _items(self, prefix: str, collectie: str, query: dict[str, str]) -> None:
            if server.modus == "500":
                return self._json(500, {"code": "InternalServerError"})
            if server.modus == "ongeldige_json":
                return self._json(200, b'{"type": "FeatureCollection", "features": [')
            if server.modus == "geen_features":
                return self._json(200, {"type": "FeatureCollection", "features": [1, "x"]})
            if server.modus == "slaap":
                server.vrijgeven.wait(10)
            data, headers = server.items(prefix, collectie, query)
            return self._json(200, data, headers)

    return Handler


@pytest.fixture
def pdok(features):
    """A real HTTP server on 127.0.0.1 (random port) speaking OGC API Features like PDOK."""
    nep = FakePdok(features)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(nep))
    httpd.daemon_threads = True
    nep.basis = f"http://127.0.0.1:{httpd.server_address[1]}"
    draad = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    draad.start()
    yield nep
    nep.vrijgeven.set()
    httpd.shutdown()
    httpd.server_close()
    draad.join(5)


def _items_verzoeken(nep: FakePdok) -> list[dict[str, str]]:
    return [q for pad, q in nep.verzoeken if pad.endswith("/items")]


def _rd_oppervlak(features, code: str) -> float:
    tabel = features["tabel"]
    geometrie = tabel[tabel.gemeentecode == code].geometry.iloc[0]
    return shapely.make_valid(geometrie).area


# --------------------------------------------------------------------------- success


def test_download_regio_per_code_in_rd(store, pdok, features):
    rapport = download_gemeenten(store, url=pdok.basis + KADASTER)

    assert sorted(rapport.gemeenten) == HAAGLANDEN
    assert (rapport.toegevoegd, rapport.gewijzigd, rapport.ongewijzigd) == (0, 9, 0)
    assert rapport.crs == "EPSG:28992"
    assert rapport.bron.startswith("PDOK gemeentegebied (actueel, http://127.0.0.1:")
    # one request per municipality, filtered on identificatie, in RD, with a page size
    items = _items_verzoeken(pdok)
    assert sorted(q["identificatie"] for q in items) == HAAGLANDEN
    assert all(q["crs"] == RD_URI and q["limit"] == "1000" and q["f"] == "json" for q in items)
    assert (KADASTER + "/collections/gemeentegebied", {"f": "json"}) in pdok.verzoeken

    den_haag = store.gemeente("GM0518")
    assert den_haag.naam == "'s-Gravenhage"
    assert den_haag.geometry.geom_type == "MultiPolygon"
    assert den_haag.geometry.area == pytest.approx(_rd_oppervlak(features, "GM0518"), rel=1e-9)
    assert "9 gemeenten (0 toegevoegd, 9 gewijzigd, 0 ongewijzigd)" in rapport.regels()[0]
    assert "Let op: 9 objecten opgehaald in 9 verzoek(en)" in rapport.regels()

    opnieuw = download_gemeenten(store, url=pdok.basis + KADASTER)
    assert opnieuw.ongewijzigd == 9


def test_alle_gemeenten_over_twee_paginas(store, pdok, features):
    codes = [f["properties"]["identificatie"] for f in features["rd"]]
    rapport = download_gemeenten(store, codes=codes, url=pdok.basis + KADASTER + "/")

    items = _items_verzoeken(pdok)
    assert len(items) == 2  # 343 features, at most 200 per page: the next link was followed
    assert "identificatie" not in items[0] and items[1]["cursor"] == "200"
    assert rapport.aantal == 343
    assert {h.naam for h in rapport.hersteld} == {
        "Dronten",
        "Tholen",
        "Waterland",
        "Oldambt",
        "Goeree-Overflakkee",
    }
    assert all(g.geometry.is_valid for g in store.gemeenten())
    assert "Let op: 343 objecten opgehaald in 2 verzoek(en)" in rapport.regels()


def test_server_die_het_codefilter_negeert(store, pdok):
    pdok.modus = "negeer_filter"
    rapport = download_gemeenten(store, codes=["0518", "GM0503"], url=pdok.basis + KADASTER)

    assert rapport.gemeenten == ["GM0518", "GM0503"]
    items = _items_verzoeken(pdok)
    # the first filtered answer held other municipalities: one full sweep of two pages instead
    assert items[0]["identificatie"] == "GM0518"
    assert len(items) == 3 and "identificatie" not in items[1]


def test_onbruikbare_geometrie_wordt_overgeslagen(store, pdok):
    pdok.modus = "kapotte_geometrie"
    rapport = download_gemeenten(store, codes=["GM0518", "GM0503"], url=pdok.basis + KADASTER)
    assert rapport.gemeenten == ["GM0518"]
    assert [str(b) for b in rapport.overgeslagen] == ["GM0503 Delft: geen geometrie"]
    assert store.gemeente("GM0503").geometry is None


def test_onbekende_code_wordt_gemeld(store, pdok):
    rapport = download_gemeenten(store, codes=["GM0518", "GM9998"], url=pdok.basis + KADASTER)
    assert rapport.gemeenten == ["GM0518"]
    assert rapport.ontbrekend == ["GM9998"]
    assert "Ontbreekt in de bron (1): GM9998" in rapport.regels()


def test_server_zonder_rd_levert_crs84(store, pdok, features):
    pdok.crs_lijst = [CRS84_URI]
    pdok.modus = "zonder_header"  # GeoJSON without Content-Crs is CRS84
    rapport = download_gemeenten(store, codes=["GM0518"], url=pdok.basis + KADASTER)

    assert "crs" not in _items_verzoeken(pdok)[0]
    assert rapport.crs == "OGC:CRS84"
    assert any("geen EPSG:28992" in o for o in rapport.opmerkingen)
    oppervlak = store.gemeente("GM0518").geometry.area
    assert oppervlak == pytest.approx(_rd_oppervlak(features, "GM0518"), rel=1e-6)


def test_peiljaar_via_cbs_gebiedsindelingen(store, pdok):
    rapport = download_gemeenten(store, codes=["GM0518"], url=pdok.basis + CBS, jaar=2023)
    assert rapport.gemeenten == ["GM0518"]
    assert "peiljaar 2023" in rapport.bron
    (query,) = _items_verzoeken(pdok)
    assert query["statcode"] == "GM0518" and query["jaarcode"] == "2023"

    with pytest.raises(DownloadFout) as fout:
        download_gemeenten(store, codes=["GM0518"], url=pdok.basis + CBS, jaar=2019)
    assert "gaf geen van de gevraagde gemeenten voor peiljaar 2019: GM0518" in fout.value.melding


# --------------------------------------------------------------------------- failures


def _fout(store, url: str, **kw) -> str:
    with pytest.raises(DownloadFout) as fout:
        download_gemeenten(store, url=url, **kw)
    assert not store.heeft_grenzen()  # nothing stored
    return fout.value.melding


HINT = "importeer de grenzen uit een bestand met 'locatieplanner gemeenten importeer PAD'"


def test_http_500(store, pdok):
    pdok.modus = "500"
    melding = _fout(store, pdok.basis + KADASTER)
    assert melding.startswith(
        "PDOK antwoordde met HTTP 500 (Internal Server Error) op http://127.0.0.1"
    )
    assert HINT in melding


def test_ongeldige_json(store, pdok):
    pdok.modus = "ongeldige_json"
    melding = _fout(store, pdok.basis + KADASTER)
    assert melding.startswith("PDOK gaf geen geldige JSON op http://127.0.0.1")
    assert HINT in melding


def test_geen_featurecollection(store, pdok):
    pdok.modus = "geen_features"
    melding = _fout(store, pdok.basis + KADASTER)
    assert "Onverwacht antwoord op http://127.0.0.1" in melding
    assert "geen GeoJSON FeatureCollection" in melding


def test_timeout(store, pdok):
    pdok.modus = "slaap"
    melding = _fout(store, pdok.basis + KADASTER, timeout=0.3)
    assert melding == (
        f"PDOK is niet bereikbaar: 127.0.0.1:{urlsplit(pdok.basis).port} antwoordde niet "
        f"binnen 0.3 s; {HINT}"
    )


def test_verbinding_geweigerd(store):
    with socket.socket() as s:  # a port that was free a moment ago and is closed now
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]
    melding = _fout(store, f"http://127.0.0.1:{poort}{KADASTER}", timeout=2)
    assert melding.startswith(f"PDOK is niet bereikbaar (127.0.0.1:{poort}: Connection refused)")
    assert HINT in melding


def test_verkeerde_url_noemt_de_collecties(store, pdok):
    melding = _fout(store, pdok.basis + KADASTER, jaar=2023)  # CBS collection asked at Kadaster
    assert "heeft geen collectie 'gemeente_niet_gegeneraliseerd'" in melding
    assert "(wel: gemeentegebied, provinciegebied, landgebied)" in melding
    assert PDOK_URL in melding


def test_next_naar_andere_server_wordt_niet_gevolgd(store, pdok, features):
    pdok.modus = "vreemde_next"
    codes = [f["properties"]["identificatie"] for f in features["rd"]]
    melding = _fout(store, pdok.basis + KADASTER, codes=codes)
    assert "verwees naar een andere server (http://192.0.2.1/elders/items?cursor=1)" in melding
    assert not any(pad.startswith("/elders") for pad, _q in pdok.verzoeken)


def test_onvolledig_antwoord(store, pdok, features):
    pdok.modus = "kwijt"
    codes = [f["properties"]["identificatie"] for f in features["rd"]]
    melding = _fout(store, pdok.basis + KADASTER, codes=codes)
    assert "PDOK stuurde 200 van 343 objecten (numberMatched)" in melding


@pytest.mark.parametrize(
    ("kwargs", "melding"),
    [
        ({"url": "file:///etc/passwd"}, "'file:///etc/passwd' is geen http(s)-URL"),
        ({"url": "http://127.0.0.1:1", "codes": ["Delft"]}, "Ongeldige gemeentecode"),
        ({"url": "http://127.0.0.1:1", "jaar": 3000}, "jaar = 3000"),
        ({"url": "http://127.0.0.1:1", "codes": []}, "Geen gemeentecodes opgegeven"),
    ],
)
def test_ongeldige_invoer(store, kwargs, melding):
    assert melding in _fout(store, **kwargs)


# --------------------------------------------------------------------------- CLI


def test_cli_download(runner, pdok):
    assert runner.invoke(["init"]).exit_code == 0
    url = pdok.basis + KADASTER
    uit = runner.invoke(["gemeenten", "download", "--url", url, "--codes", "518,503"])
    assert uit.exit_code == 0, uit.output
    assert "2 gemeenten (0 toegevoegd, 2 gewijzigd, 0 ongewijzigd)" in uit.output

    uit = runner.invoke(["gemeenten", "download"], env={"LOCATIEPLANNER_PDOK_URL": url})
    assert uit.exit_code == 0, uit.output
    assert "9 gemeenten (0 toegevoegd, 7 gewijzigd, 2 ongewijzigd)" in uit.output

    pdok.modus = "500"
    uit = runner.invoke(["gemeenten", "download", "--url", url])
    assert uit.exit_code == 1
    assert "Error: PDOK antwoordde met HTTP 500" in uit.output and HINT in uit.output
