"""REST API /api/v1: every endpoint's success and error paths on a real temporary SQLite store,
ETag/If-Match concurrency, and the responses checked against the OpenAPI document's schemas."""

from __future__ import annotations

import json
import re
import threading
from datetime import UTC, date, datetime, timedelta

import jsonschema
import pytest
from aanmelding import client_als
from openapi_spec_validator import validate as valideer_openapi
from shapely.geometry import Point, box, shape

from locatieplanner import analyse
from locatieplanner.crs import naar_wgs84
from locatieplanner.domein.model import Bod, Locatie, Toewijzing
from locatieplanner.domein.rechten import Account
from locatieplanner.web import create_app
from locatieplanner.web.geojson_invoer import MAX_HOEKPUNTEN, NL_WGS84
from locatieplanner.web.openapi import openapi_document
from locatieplanner.web.verzoek import MAX_DIEPTE

API = "/api/v1"
RD = "crs=EPSG:28992"


# --------------------------------------------------------------------------- helpers


def vlak(x0: float, y0: float, x1: float, y1: float) -> dict:
    """A GeoJSON polygon of an RD box (counter-clockwise, closed)."""
    return {
        "type": "Polygon",
        "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
    }


def feature(geometrie: dict | None = None, **eigenschappen) -> dict:
    props = {"naam": "Binckhorst", "status": "1A", "daeb": 100}
    props.update(eigenschappen)
    return {
        "type": "Feature",
        "geometry": geometrie if geometrie is not None else vlak(80000, 452000, 80100, 452100),
        "properties": props,
    }


def als(app, naam: str, rol: str = "gemeente", **kw):
    """A test client acting for account ``naam`` (default a planner of GM0518 and GM0603)."""
    if rol == "gemeente":
        kw.setdefault("gemeenten", ("GM0518", "GM0603"))
    return client_als(app, Account(naam, rol, **kw))


def post(client, data, crs: str = RD, **kw):
    return client.post(f"{API}/locaties?{crs}", json=data, **kw)


def nieuw(client, geometrie: dict | None = None, **eigenschappen) -> dict:
    r = post(client, feature(geometrie, **eigenschappen))
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def fout_details(r) -> list[dict]:
    data = r.get_json()
    assert set(data) >= {"fout", "details"}, data
    assert isinstance(data["fout"], str) and data["fout"]
    return data["details"]


def veld_in(r, veld: str, fragment: str) -> dict:
    """The problem about ``veld`` whose message contains ``fragment``."""
    details = fout_details(r)
    for d in details:
        if d["veld"] == veld and fragment in d["melding"]:
            return d
    raise AssertionError(f"geen probleem {veld!r} met {fragment!r} in {details}")


@pytest.fixture
def api(kleine_store, client):
    """The test client on a store with two municipalities and corporations Staedion, Vidomes."""
    return client


@pytest.fixture(scope="module")
def document() -> dict:
    return openapi_document()


def schema_validator(document: dict, naam: str) -> jsonschema.Draft202012Validator:
    """A validator for ``#/components/schemas/<naam>`` of the OpenAPI 3.1 document."""
    schema = {"$ref": f"#/components/schemas/{naam}", "components": document["components"]}
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def past(document: dict, naam: str, data) -> None:
    schema_validator(document, naam).validate(data)


# --------------------------------------------------------------------------- POST /locaties


def test_nieuwe_locatie_201_met_location_etag_en_afgeleide_velden(app, api, kleine_store):
    f = feature(
        toewijzingen=[
            {"corporatie": "Staedion", "daeb": 60, "oplevering": 2027},
            {"corporatie": "Vidomes", "daeb": 30},
        ],
        bron_id="DH-1",
        fase=4,
        start=2025,
        oplevering=2028,
        midden=20,
        opmerking="eerste fase",
    )
    r = post(als(app, "Anna de Vries"), f)
    assert r.status_code == 201
    assert r.mimetype == "application/geo+json"
    assert r.headers["ETag"] == '"1"'
    loc_id = r.get_json()["id"]
    assert r.headers["Location"] == f"{API}/locaties/{loc_id}"
    body = r.get_json()
    p = body["properties"]
    assert (p["gemeente"], p["gemeentenaam"], p["ligging"]) == ("GM0518", "'s-Gravenhage", "binnen")
    assert (p["hardheid"], p["versie"], p["daeb_nt"]) == ("hard", 1, 10)
    assert p["corporaties"] == "Staedion; Vidomes"
    assert p["toewijzingen"] == [
        {"corporatie": "Staedion", "daeb": 60, "oplevering": 2027},
        {"corporatie": "Vidomes", "daeb": 30, "oplevering": None},
    ]
    assert (p["bron_id"], p["fase"], p["start"], p["oplevering"], p["midden"]) == (
        "DH-1",
        4,
        2025,
        2028,
        20,
    )
    # 10 of the 100 DAEB units are assigned to no corporation
    assert [(w["soort"], w["aantal"]) for w in body["waarschuwingen"]] == [
        ("daeb_zonder_corporatie", 10)
    ]
    # stored as sent, in RD, and recorded under the account's name
    loc = kleine_store.locatie(loc_id)
    assert loc.geometry.equals(box(80000, 452000, 80100, 452100))
    assert kleine_store.geschiedenis("locatie", loc_id)[0]["gebruiker"] == "Anna de Vries"
    # the Location answers the same Feature
    g = api.get(r.headers["Location"] + f"?{RD}")
    assert g.status_code == 200 and g.headers["ETag"] == '"1"'
    assert g.get_json() == {k: v for k, v in body.items() if k != "waarschuwingen"}


def test_nieuwe_locatie_in_lon_lat_wordt_rd_opgeslagen(api, kleine_store):
    """Leaflet sends lon/lat: the server stores RD New within centimetres of the RD original."""
    origineel = box(81000, 455000, 81200, 455150)
    lonlat = naar_wgs84([origineel], None)[0]
    geo = {"type": "Polygon", "coordinates": [list(map(list, lonlat.exterior.coords))]}
    r = post(api, feature(geo), crs="")
    assert r.status_code == 201, r.get_json()
    opgeslagen = kleine_store.locatie(r.get_json()["id"]).geometry
    assert opgeslagen.symmetric_difference(origineel).area < 0.01 * origineel.length
    assert opgeslagen.hausdorff_distance(origineel) < 0.002
    # the answer is lon/lat again (Den Haag: about 4.31 E, 52.08 N)
    lon, lat = shape(r.get_json()["geometry"]).centroid.coords[0]
    assert 4.2 < lon < 4.4 and 52.0 < lat < 52.2
    assert r.headers["Content-Crs"] == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"


def test_nieuwe_locatie_als_punt(api):
    r = post(api, feature({"type": "Point", "coordinates": [82000, 451000]}))
    assert r.status_code == 201
    assert r.get_json()["geometry"] == {"type": "Point", "coordinates": [82000.0, 451000.0]}


def test_gelezen_feature_kan_terug_met_alleen_lezen_velden(api):
    """A Feature as GET returns it (with versie, ligging, hardheid, ...) can be POSTed again."""
    eerst = nieuw(api)
    kopie = {k: v for k, v in eerst.items() if k != "waarschuwingen"}
    kopie["properties"]["naam"] = "Kopie"
    r = post(api, kopie)
    assert r.status_code == 201
    assert r.get_json()["id"] != eerst["id"]
    assert r.get_json()["properties"]["versie"] == 1


def test_waarschuwing_over_gemeentegrens(api):
    # 60 m in GM0518 (x < 85000), 40 m in GM0603
    body = nieuw(api, vlak(84940, 450000, 85040, 450100), daeb=0)
    assert body["properties"]["ligging"] == "grens"
    (w,) = body["waarschuwingen"]
    assert w["soort"] == "grens"
    assert "60% in GM0518, 40% in GM0603" in w["melding"]


def test_waarschuwing_buiten_de_regio(api):
    body = nieuw(api, vlak(120000, 480000, 120100, 480100), daeb=0)
    assert body["properties"]["ligging"] == "buiten"
    (w,) = body["waarschuwingen"]
    assert w["soort"] == "buiten" and "buiten de regio Haaglanden" in w["melding"]


def test_waarschuwing_zonder_gemeentegrenzen(store, client):
    """Without boundaries the given municipality is taken, unchecked."""
    r = post(client, feature(gemeente="GM0518", daeb=0))
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["properties"]["gemeente"] == "GM0518"
    assert [w["soort"] for w in r.get_json()["waarschuwingen"]] == ["onbekend"]


def test_waarschuwing_overlap_met_andere_locaties(api):
    a = nieuw(api, vlak(80000, 452000, 80100, 452100), naam="Eerste")
    punt = nieuw(api, {"type": "Point", "coordinates": [80500, 452500]}, naam="Punt")
    ver = nieuw(api, vlak(83000, 452000, 83100, 452100), naam="Ver weg", daeb=0)
    assert ver["waarschuwingen"] == []
    # overlaps the first by 50 x 100 m and contains the point
    b = nieuw(api, vlak(80050, 452000, 80600, 452600), naam="Tweede")
    overlap = {w["locatie"]: w for w in b["waarschuwingen"] if w["soort"] == "overlap"}
    assert set(overlap) == {a["id"], punt["id"]}
    assert overlap[a["id"]]["oppervlakte_m2"] == pytest.approx(5000)
    assert (
        "overlapt locatie" in overlap[a["id"]]["melding"]
        and "'Eerste'" in overlap[a["id"]]["melding"]
    )
    assert "5.000 m²" in overlap[a["id"]]["melding"]
    assert overlap[punt["id"]]["oppervlakte_m2"] == 0
    assert "dezelfde plek" in overlap[punt["id"]]["melding"]


def test_raken_of_snipper_onder_1_m2_is_geen_overlap(api):
    nieuw(api, vlak(80000, 452000, 80100, 452100))
    raakt = nieuw(api, vlak(80100, 452000, 80200, 452100), daeb=0)  # shares an edge only
    snipper = nieuw(api, vlak(80099.5, 452099, 80099.9, 452300), daeb=0)  # 0.4 x 1 m in it
    net_genoeg = nieuw(api, vlak(80098, 452099, 80099, 452300), daeb=0)  # 1 x 1 m
    assert raakt["waarschuwingen"] == []
    assert snipper["waarschuwingen"] == []
    assert [w["oppervlakte_m2"] for w in net_genoeg["waarschuwingen"]] == [1.0]


# --------------------------------------------------------------------------- geometry refused


def test_zichzelf_snijdende_polygoon_422_en_niets_opgeslagen(api, kleine_store):
    strik = {
        "type": "Polygon",
        "coordinates": [
            [[80000, 452000], [80100, 452100], [80100, 452000], [80000, 452100], [80000, 452000]]
        ],
    }
    r = post(api, feature(strik))
    assert r.status_code == 422
    d = veld_in(r, "geometry", "snijdt zichzelf")
    assert d["waarde"] == "[80050, 452050]"
    assert kleine_store.locaties() == []


def test_zichzelf_snijdende_polygoon_in_lon_lat_noemt_lon_lat(api):
    strik = {
        "type": "Polygon",
        "coordinates": [
            [[4.30, 52.07], [4.31, 52.08], [4.31, 52.07], [4.30, 52.08], [4.30, 52.07]]
        ],
    }
    r = post(api, feature(strik), crs="")
    assert r.status_code == 422
    assert veld_in(r, "geometry", "snijdt zichzelf")["waarde"] == "[4.305, 52.075]"


@pytest.mark.parametrize(
    ("geometrie", "veld", "fragment"),
    [
        (
            {"type": "LineString", "coordinates": [[80000, 452000], [80100, 452100]]},
            "geometry.type",
            "toegestaan zijn Point, Polygon, MultiPolygon",
        ),
        ({"type": "GeometryCollection", "geometries": []}, "geometry.geometries", "onbekend veld"),
        ({"type": "Point"}, "geometry.coordinates", "ontbreekt"),
        (
            {"type": "Point", "coordinates": ["80000", 452000]},
            "geometry.coordinates",
            "lijst van 2 (of 3) getallen",
        ),
        (
            {"type": "Point", "coordinates": [True, 452000]},
            "geometry.coordinates",
            "lijst van 2 (of 3) getallen",
        ),
        (
            {"type": "Point", "coordinates": [80000]},
            "geometry.coordinates",
            "lijst van 2 (of 3) getallen",
        ),
        ({"type": "Polygon", "coordinates": []}, "geometry.coordinates", "minstens 1 ringen"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[80000, 452000], [80100, 452000], [80000, 452000]]],
            },
            "geometry.coordinates[0]",
            "minstens 4 posities",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [
                    [[80000, 452000], [80100, 452000], [80100, 452100], [80000, 452100]]
                ],
            },
            "geometry.coordinates[0]",
            "niet gesloten",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [
                    [[80000, 452000], [80100, 452000], [80000, 452000], [80000, 452000]]
                ],
            },
            "geometry",
            "te weinig verschillende punten",
        ),
        (
            {"type": "MultiPolygon", "coordinates": [[]]},
            "geometry.coordinates[0]",
            "minstens 1 ringen",
        ),
        ("POLYGON ((0 0, 1 0, 1 1, 0 0))", "geometry", "GeoJSON-geometrie"),
        (
            {"type": "Point", "coordinates": [80000, 452000], "crs": "x"},
            "geometry.crs",
            "onbekend veld",
        ),
        (
            {"type": "Point", "coordinates": [900000, 452000]},
            "geometry.coordinates",
            "buiten Nederland in EPSG:28992",
        ),
        (
            {"type": "Point", "coordinates": [4.3, 52.07]},
            "geometry.coordinates",
            "dit lijken lengte-/breedtegraden",
        ),
    ],
)
def test_ongeldige_geometrie_422(api, kleine_store, geometrie, veld, fragment):
    r = post(api, feature(geometrie))
    assert r.status_code == 422
    veld_in(r, veld, fragment)
    assert kleine_store.locaties() == []


def test_geometrie_ontbreekt_of_null(api):
    f = feature()
    del f["geometry"]
    veld_in(post(api, f), "geometry", "ontbreekt")
    f["geometry"] = None
    veld_in(post(api, f), "geometry", "ontbreekt")


@pytest.mark.parametrize(
    ("positie", "fragment"),
    [
        ([200.0, 52.0], "geen lengte-/breedtegraad"),
        ([4.3, -95.0], "geen lengte-/breedtegraad"),
        ([0.0, 0.0], "valt buiten Nederland"),
        ([2.35, 48.85], "valt buiten Nederland"),  # Paris
        ([81000.0, 455000.0], "crs=EPSG:28992"),  # RD sent as lon/lat
    ],
)
def test_lon_lat_buiten_nederland_422(api, positie, fragment):
    r = post(api, feature({"type": "Point", "coordinates": positie}), crs="")
    assert r.status_code == 422
    d = veld_in(r, "geometry.coordinates", fragment)
    assert d["waarde"] == f"[{positie[0]:g}, {positie[1]:g}]"
    if fragment == "valt buiten Nederland":
        assert f"lon {NL_WGS84[0]} tot {NL_WGS84[2]}" in d["melding"]


def test_te_veel_hoekpunten_422(api):
    n = MAX_HOEKPUNTEN + 10
    ring = [[80000 + i * 0.001, 452000.0] for i in range(n - 2)] + [
        [80000, 452100],
        [80000, 452000],
    ]
    r = post(api, feature({"type": "Polygon", "coordinates": [ring]}))
    assert r.status_code == 422
    veld_in(r, "geometry.coordinates", f"hoogstens {MAX_HOEKPUNTEN}")


# --------------------------------------------------------------------------- bodies refused


@pytest.mark.parametrize(
    ("ruw", "fragment"),
    [
        (b"{", "geen geldige JSON"),
        (b"", "is leeg"),
        (b"   ", "is leeg"),
        (b'{"type": "Feature", "properties": {"daeb": NaN}}', "NaN en Infinity"),
        (b'{"x": Infinity}', "NaN en Infinity"),
        (b'{"x": -Infinity}', "NaN en Infinity"),
        (b'{"x": 1e999}', "oneindig"),
        (b'{"x": ' + b"9" * 40 + b"}", "te groot"),
        (b'{"a": 1, "a": 2}', "dubbel"),
        (b'{"naam": "\\ud800"}', "losse surrogaat"),
        (b'{"naam": "a\\u0000b"}', "NUL-teken"),
        (b'{"naam": "\xff\xfe"}', "geen geldige UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "te diep genest"),
        (b"[" * (MAX_DIEPTE + 1) + b"]" * (MAX_DIEPTE + 1), "te diep genest"),
        (b'{"a":' * 50 + b"1" + b"}" * 50, "te diep genest"),
    ],
)
def test_onleesbare_body_400(api, kleine_store, ruw, fragment):
    r = api.post(f"{API}/locaties", data=ruw, content_type="application/json")
    assert r.status_code == 400
    assert r.is_json
    veld_in(r, "body", fragment)
    assert kleine_store.locaties() == []


def test_nesting_tot_de_grens_is_leesbaar(api):
    """Exactly MAX_DIEPTE levels parse; the body is then refused for its content (422)."""
    ruw = b"[" * MAX_DIEPTE + b"]" * MAX_DIEPTE
    r = api.post(f"{API}/locaties", data=ruw, content_type="application/json")
    assert r.status_code == 422
    veld_in(r, "body", "GeoJSON Feature")


@pytest.mark.parametrize(
    ("inhoudstype", "fragment"),
    [
        ("text/plain", "'text/plain' wordt hier niet ondersteund"),
        ("application/x-www-form-urlencoded", "niet ondersteund"),
        (None, "Content-Type ontbreekt"),
        ("application/json; charset=latin-1", "Tekenset 'latin-1'"),
    ],
)
def test_verkeerd_inhoudstype_415(api, inhoudstype, fragment):
    kw = {"content_type": inhoudstype} if inhoudstype else {}
    r = api.post(f"{API}/locaties?{RD}", data=json.dumps(feature()), **kw)
    assert r.status_code == 415
    assert fragment in r.get_json()["fout"]
    assert "application/json, application/geo+json" in r.get_json()["fout"]


def test_geo_json_inhoudstype_en_utf8_charset_mogen(api):
    for soort in ("application/geo+json", "application/json; charset=UTF-8"):
        r = api.post(f"{API}/locaties?{RD}", data=json.dumps(feature()), content_type=soort)
        assert r.status_code == 201, (soort, r.get_json())


@pytest.mark.parametrize(
    ("eigenschappen", "veld", "fragment"),
    [
        ({"daeb": "12"}, "daeb", "moet een geheel getal zijn van 0 tot en met 1000000"),
        ({"daeb": True}, "daeb", "geen true/false"),
        ({"daeb": 1.5}, "daeb", "moet een geheel getal"),
        ({"daeb": -1}, "daeb", "van 0 tot en met 1000000"),
        ({"daeb": 10**20}, "daeb", "van 0 tot en met 1000000"),
        ({"daeb": None}, "daeb", "mag niet null zijn"),
        ({"midden": [1]}, "midden", "moet een geheel getal"),
        ({"fase": 9}, "fase", "toegestaan zijn 0, 1, 2, 3, 4, 5, 6, 7"),
        ({"fase": "3"}, "fase", "moet een geheel getal of null zijn"),
        ({"status": "9Z"}, "status", "toegestaan zijn 1A, 1B"),
        ({"status": None}, "status", "mag niet null zijn"),
        ({"naam": 5}, "naam", "moet tekst zijn"),
        ({"naam": "   "}, "naam", "mag niet leeg zijn"),
        ({"naam": "x" * 201}, "naam", "hoogstens 200 tekens"),
        ({"start": 1999}, "start", "van 2000 tot en met 2050"),
        ({"oplevering": "2028"}, "oplevering", "geheel getal of null"),
        ({"kleur": "rood"}, "kleur", "onbekend veld; toegestaan zijn bron_id, naam"),
        ({"toewijzingen": "Staedion"}, "toewijzingen", "moet een lijst zijn"),
        ({"toewijzingen": [{"corporatie": "Staedion"}]}, "toewijzingen[0].daeb", "verplicht"),
        (
            {"toewijzingen": [{"corporatie": "Staedion", "daeb": 1, "x": 1}]},
            "toewijzingen[0].x",
            "onbekend veld",
        ),
        ({"toewijzingen": [5]}, "toewijzingen[0]", "moet een object zijn"),
        (
            {"toewijzingen": [{"corporatie": "Staedion", "daeb": 1}] * 201},
            "toewijzingen",
            "hoogstens 200",
        ),
        # domain rules checked by the store
        (
            {"toewijzingen": [{"corporatie": "Onbekend", "daeb": 10}]},
            "corporatie",
            "onbekende corporatie; bekend zijn Staedion, Vidomes",
        ),
        (
            {"daeb": 10, "toewijzingen": [{"corporatie": "Staedion", "daeb": 20}]},
            "toewijzingen",
            "meer DAEB-woningen toegewezen",
        ),
        ({"start": 2030, "oplevering": 2025}, "oplevering", "vóór het startjaar"),
    ],
)
def test_ongeldige_eigenschappen_422(api, kleine_store, eigenschappen, veld, fragment):
    r = post(api, feature(**eigenschappen))
    assert r.status_code == 422
    d = veld_in(r, veld, fragment)
    assert "waarde" in d
    assert kleine_store.locaties() == []


def test_ongeldige_feature_422(api):
    for data, veld, fragment in [
        ([feature()], "body", "GeoJSON Feature"),
        ("Feature", "body", "GeoJSON Feature"),
        ({**feature(), "type": "FeatureCollection"}, "type", "moet Feature zijn"),
        ({k: v for k, v in feature().items() if k != "type"}, "type", "moet Feature zijn"),
        ({**feature(), "stijl": {}}, "stijl", "onbekend veld in de Feature"),
        ({**feature(), "properties": None}, "properties", "moet een object zijn"),
        ({**feature(), "properties": {"status": "1A"}}, "naam", "verplicht"),
    ]:
        r = post(api, data)
        assert r.status_code == 422, data
        veld_in(r, veld, fragment)


def test_alle_problemen_tegelijk(api):
    r = post(api, feature({"type": "LineString", "coordinates": []}, daeb="x", kleur=1))
    assert {d["veld"] for d in fout_details(r)} == {"geometry.type", "daeb", "kleur"}


# --------------------------------------------------------------------------- GET /locaties


@pytest.fixture
def met_locaties(kleine_store):
    """Five sites: ids 1..5 (West 1 hard Staedion 2026, West 2 soft Vidomes 2029, Oost point
    hard 2031 and two more in West without assignments)."""
    s = kleine_store
    s.voeg_locatie_toe(
        Locatie(
            "Binckhorst West",
            box(80000, 452000, 80100, 452100),
            "1A",
            bron_id="BH-1",
            daeb=100,
            oplevering=2026,
            toewijzingen=[Toewijzing("Staedion", 100)],
        )
    )
    s.voeg_locatie_toe(
        Locatie(
            "Zuidwest",
            box(78000, 451000, 78200, 451200),
            "3",
            daeb=50,
            oplevering=2030,
            toewijzingen=[Toewijzing("Vidomes", 40, 2029)],
        )
    )
    s.voeg_locatie_toe(
        Locatie("Rijswijk Oost", Point(87000, 450000), "2B", daeb=30, oplevering=2031)
    )
    s.voeg_locatie_toe(Locatie("Noord", box(76000, 458000, 76050, 458050), "4A", daeb=7))
    s.voeg_locatie_toe(
        Locatie("Centrum", box(81000, 455000, 81050, 455050), "1B", daeb=3, oplevering=2024)
    )
    return s


def namen(r) -> list[str]:
    assert r.status_code == 200, r.get_json()
    return [f["properties"]["naam"] for f in r.get_json()["features"]]


def test_locaties_alle_met_samenvatting(api, met_locaties, document):
    r = api.get(f"{API}/locaties")
    assert r.mimetype == "application/geo+json"
    data = r.get_json()
    past(document, "LocatieCollectie", data)
    assert data["type"] == "FeatureCollection"
    assert (data["numberMatched"], data["numberReturned"]) == (5, 5)
    # by hand, period 2021-2030 of Haaglanden: West 100 hard (2026), Zuidwest 40 + 10 soft (2029,
    # 2030), Centrum 3 hard (2024); Oost 30 in 2031 and Noord 7 without a year do not count
    assert data["samenvatting"] == {
        "locaties": 5,
        "van": 2021,
        "tot": 2030,
        "corporatie": None,
        "daeb": 153,
        "daeb_hard": 103,
        "daeb_zacht": 50,
        "daeb_na_periode": 30,
        "daeb_voor_periode": 0,
        "daeb_zonder_jaar": 7,
        "daeb_buiten_regio": 0,
    }
    assert [f["id"] for f in data["features"]] == [1, 2, 3, 4, 5]
    assert [link["rel"] for link in data["links"]] == ["self"]


@pytest.mark.parametrize(
    ("query", "verwacht"),
    [
        ("gemeente=GM0603", ["Rijswijk Oost"]),
        (
            "gemeente=GM0603,GM0518",
            ["Binckhorst West", "Zuidwest", "Rijswijk Oost", "Noord", "Centrum"],
        ),
        ("corporatie=Vidomes", ["Zuidwest"]),
        ("hardheid=zacht", ["Zuidwest", "Noord"]),
        ("hardheid=hard&gemeente=GM0518", ["Binckhorst West", "Centrum"]),
        ("status=1A,2B", ["Binckhorst West", "Rijswijk Oost"]),
        ("oplevering_van=2029", ["Zuidwest", "Rijswijk Oost"]),
        ("oplevering_van=2025&oplevering_tot=2029", ["Binckhorst West", "Zuidwest"]),
        ("oplevering_tot=2024", ["Centrum"]),
        ("q=west", ["Binckhorst West", "Zuidwest"]),
        ("q=bh-", ["Binckhorst West"]),
        ("q=niets", []),
        # RD box around the first two sites
        (f"bbox=77900,450900,80050,452050&{RD}", ["Binckhorst West", "Zuidwest"]),
    ],
)
def test_locaties_filters(api, met_locaties, query, verwacht):
    assert namen(api.get(f"{API}/locaties?{query}")) == verwacht


def _telling(**kw) -> dict:
    """A summary of the period 2021-2030 with the given counts (the rest 0)."""
    leeg = dict.fromkeys(
        ("daeb", "daeb_hard", "daeb_zacht", "daeb_na_periode", "daeb_voor_periode"), 0
    )
    leeg |= {"daeb_zonder_jaar": 0, "daeb_buiten_regio": 0}
    return {"van": 2021, "tot": 2030, "corporatie": None, **leeg, **kw}


@pytest.mark.parametrize(
    ("query", "verwacht"),
    [
        # a corporation's share: Vidomes has 40 of Zuidwest's 50 (soft, 2029)
        ("corporatie=Vidomes", _telling(locaties=1, corporatie="Vidomes", daeb=40, daeb_zacht=40)),
        (
            "corporatie=Staedion",
            _telling(locaties=1, corporatie="Staedion", daeb=100, daeb_hard=100),
        ),
        ("gemeente=GM0603", _telling(locaties=1, daeb_na_periode=30)),
        ("hardheid=zacht", _telling(locaties=2, daeb=50, daeb_zacht=50, daeb_zonder_jaar=7)),
        # a filter on years selects sites; the summary still counts by the period
        ("oplevering_van=2029", _telling(locaties=2, daeb=50, daeb_zacht=50, daeb_na_periode=30)),
    ],
)
def test_samenvatting_telt_periode_en_aandeel_van_de_corporatie(api, met_locaties, query, verwacht):
    assert api.get(f"{API}/locaties?{query}").get_json()["samenvatting"] == verwacht


def test_samenvatting_voor_de_periode_en_buiten_de_regio(api, kleine_store):
    """DAEB delivered before 2021 and on a site outside the member municipalities (Leiden's
    area, no stored boundary there) is reported apart and does not count."""
    kleine_store.voeg_locatie_toe(
        Locatie("Oud", box(80000, 452000, 80100, 452100), "1A", daeb=12, oplevering=2019)
    )
    kleine_store.voeg_locatie_toe(
        Locatie("Elders", box(93000, 463000, 93100, 463100), "1A", daeb=9, oplevering=2025)
    )
    s = api.get(f"{API}/locaties").get_json()["samenvatting"]
    assert s == _telling(locaties=2, daeb_voor_periode=12, daeb_buiten_regio=9)


def test_locaties_bbox_in_lon_lat(api, met_locaties):
    """A lon/lat box drawn around the first site only (its RD corners projected)."""
    doel = naar_wgs84([box(79990, 451990, 80110, 452110)], None)[0]
    r = api.get(f"{API}/locaties?bbox={','.join(f'{v:.7f}' for v in doel.bounds)}")
    assert namen(r) == ["Binckhorst West"]
    # the whole of the Netherlands and beyond
    assert len(namen(api.get(f"{API}/locaties?bbox=-180,-90,180,90"))) == 5
    # outside the Netherlands: nothing, no error
    r = api.get(f"{API}/locaties?bbox=2.3,48.8,2.4,48.9")
    assert r.get_json()["numberMatched"] == 0 and r.get_json()["features"] == []


def test_locaties_bbox_is_exact_niet_alleen_omhullende(api, kleine_store):
    """An L-shaped site whose envelope touches the box but whose shape does not."""
    l_vorm = box(80000, 452000, 80100, 452300).union(box(80000, 452000, 80300, 452100))
    kleine_store.voeg_locatie_toe(Locatie("L", l_vorm, "1A"))
    assert namen(api.get(f"{API}/locaties?bbox=80200,452200,80250,452250&{RD}")) == []
    assert namen(api.get(f"{API}/locaties?bbox=80200,452050,80250,452250&{RD}")) == ["L"]


def test_locaties_rd_uitvoer(api, met_locaties):
    r = api.get(f"{API}/locaties?gemeente=GM0603&{RD}")
    assert r.get_json()["features"][0]["geometry"]["coordinates"] == [87000.0, 450000.0]
    assert r.headers["Content-Crs"] == "<http://www.opengis.net/def/crs/EPSG/0/28992>"
    lon, lat = api.get(f"{API}/locaties?gemeente=GM0603").get_json()["features"][0]["geometry"][
        "coordinates"
    ]
    assert (lon, lat) == tuple(naar_wgs84([Point(87000, 450000)])[0].coords[0])
    assert 4.3 < lon < 4.5 and 52.0 < lat < 52.1  # Rijswijk


def test_locaties_paginering_met_links(api, met_locaties):
    r = api.get(f"{API}/locaties?limit=2&hardheid=hard")
    data = r.get_json()
    assert (data["numberMatched"], data["numberReturned"]) == (3, 2)
    assert data["samenvatting"]["locaties"] == 3  # of all matches, not the page
    links = {link["rel"]: link["href"] for link in data["links"]}
    assert set(links) == {"self", "next"}
    assert "hardheid=hard" in links["next"] and "offset=2" in links["next"]
    volgende = api.get(links["next"]).get_json()
    assert [f["properties"]["naam"] for f in volgende["features"]] == ["Centrum"]
    links2 = {link["rel"]: link["href"] for link in volgende["links"]}
    assert set(links2) == {"self", "prev"}
    assert [f["id"] for f in api.get(links2["prev"]).get_json()["features"]] == [1, 3]
    # past the end: an empty page
    leeg = api.get(f"{API}/locaties?offset=99").get_json()
    assert leeg["numberReturned"] == 0 and leeg["numberMatched"] == 5


@pytest.mark.parametrize(
    ("query", "veld", "fragment"),
    [
        ("bbox=1,2,3", "bbox", "vier getallen"),
        ("bbox=a,b,c,d", "bbox", "vier getallen"),
        ("bbox=4,52,4.5,NaN", "bbox", "vier getallen"),
        ("bbox=4, 52,4.5,52.1", "bbox", "vier getallen"),
        ("bbox=200,52,201,53", "bbox", "-180..180"),
        ("bbox=4.5,52,4.4,52.1", "bbox", "minx moet ≤ maxx"),
        ("limit=0", "limit", "van 1 tot en met 5000"),
        ("limit=5001", "limit", "van 1 tot en met 5000"),
        ("limit=abc", "limit", "geheel getal"),
        ("limit=1.5", "limit", "geheel getal"),
        ("limit=99999999999999999999999", "limit", "geheel getal"),
        ("offset=-1", "offset", "van 0 tot en met"),
        ("hardheid=medium", "hardheid", "toegestaan zijn hard, zacht"),
        ("status=1A,9Z", "status", "'9Z'"),
        ("status=1A,", "status", "''"),
        (
            "gemeente=GM9999",
            "gemeente",
            "onbekende gemeentecode 'GM9999'; bekend zijn (kommagescheiden, zonder spaties) GM0518, GM0503",
        ),
        (
            "corporatie=Woonbron",
            "corporatie",
            "onbekende corporatie; bekend zijn Staedion, Vidomes",
        ),
        ("crs=EPSG:3857", "crs", "toegestaan zijn EPSG:4326, EPSG:28992"),
        ("oplevering_van=1999", "oplevering_van", "van 2000 tot en met 2050"),
        ("oplevering_van=2030&oplevering_tot=2025", "oplevering_tot", "na oplevering_van"),
        ("q=" + "x" * 201, "q", "hoogstens 200"),
        ("kleur=rood", "kleur", "onbekende queryparameter; toegestaan zijn bbox, crs"),
        ("limit=1&limit=2", "limit", "maar één keer"),
        ("gemeente=", "gemeente", "is leeg"),
    ],
)
def test_locaties_ongeldige_parameters_400(api, met_locaties, query, veld, fragment):
    r = api.get(f"{API}/locaties?{query}")
    assert r.status_code == 400
    d = veld_in(r, veld, fragment)
    assert d["waarde"] is not None
    assert "queryparameter" in r.get_json()["fout"]


# --------------------------------------------------------------------------- one site


def test_locatie_lezen_etag_en_304(api, met_locaties, document):
    r = api.get(f"{API}/locaties/1")
    assert r.status_code == 200 and r.headers["ETag"] == '"1"'
    past(document, "Locatie", r.get_json())
    assert r.headers["Cache-Control"] == "no-cache"
    r304 = api.get(f"{API}/locaties/1", headers={"If-None-Match": '"1"'})
    assert r304.status_code == 304 and r304.headers["ETag"] == '"1"' and r304.data == b""
    assert api.get(f"{API}/locaties/1", headers={"If-None-Match": '"0"'}).status_code == 200


@pytest.mark.parametrize(
    "pad", ["/locaties/999", f"/locaties/{2**40}", "/locaties/abc", "/locaties/-1"]
)
def test_onbekende_locatie_404_json(api, pad):
    r = api.get(API + pad)
    assert r.status_code == 404
    fout_details(r)


def test_locatie_lezen_ongeldige_crs_400(api, met_locaties):
    r = api.get(f"{API}/locaties/1?crs=RD")
    assert r.status_code == 400
    veld_in(r, "crs", "toegestaan zijn")


# --------------------------------------------------------------------------- PUT / PATCH / DELETE


def test_put_vervangt_alles(api, met_locaties, document):
    oud = api.get(f"{API}/locaties/1?{RD}").get_json()
    nieuw_feature = feature(
        vlak(80000, 452000, 80200, 452200),
        naam="Binckhorst (herzien)",
        status="1B",
        daeb=120,
        toewijzingen=[{"corporatie": "Vidomes", "daeb": 50, "oplevering": 2027}],
    )
    r = api.put(f"{API}/locaties/1?{RD}", json=nieuw_feature, headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.get_json()
    assert r.headers["ETag"] == '"2"'
    data = r.get_json()
    past(document, "LocatieOpgeslagen", data)
    p = data["properties"]
    assert (p["naam"], p["status"], p["daeb"], p["versie"]) == (
        "Binckhorst (herzien)",
        "1B",
        120,
        2,
    )
    # full replacement: what was not sent got its default
    assert oud["properties"]["bron_id"] == "BH-1" and oud["properties"]["oplevering"] == 2026
    assert (p["bron_id"], p["oplevering"]) == (None, None)
    assert p["toewijzingen"] == [{"corporatie": "Vidomes", "daeb": 50, "oplevering": 2027}]
    assert shape(data["geometry"]).equals(box(80000, 452000, 80200, 452200))
    assert met_locaties.locatie(1).versie == 2


def test_put_met_id_van_andere_locatie_422(api, met_locaties):
    r = api.put(f"{API}/locaties/1?{RD}", json={**feature(), "id": 2}, headers={"If-Match": '"1"'})
    assert r.status_code == 422
    veld_in(r, "id", "verschilt van de locatie in de URL (1)")
    assert met_locaties.locatie(1).versie == 1


def test_patch_alleen_gegeven_eigenschappen(app, api, met_locaties):
    r = als(app, "Bram").patch(
        f"{API}/locaties/1",
        data=json.dumps({"properties": {"daeb": 110, "opmerking": "meer"}}),
        content_type="application/merge-patch+json",
        headers={"If-Match": '"1"'},
    )
    assert r.status_code == 200, r.get_json()
    p = r.get_json()["properties"]
    assert (p["daeb"], p["opmerking"], p["naam"], p["bron_id"], p["versie"]) == (
        110,
        "meer",
        "Binckhorst West",
        "BH-1",
        2,
    )
    assert p["toewijzingen"] == [{"corporatie": "Staedion", "daeb": 100, "oplevering": None}]
    # null clears a nullable property (RFC 7396)
    r = api.patch(
        f"{API}/locaties/1", json={"properties": {"opmerking": None}}, headers={"If-Match": '"2"'}
    )
    assert r.get_json()["properties"]["opmerking"] is None
    regels = api.get(f"{API}/locaties/1/geschiedenis").get_json()
    assert [(g["actie"], g["gebruiker"]) for g in regels] == [
        ("toegevoegd", "systeem"),
        ("gewijzigd", "Bram"),
        ("gewijzigd", "test-beheerder"),
    ]
    assert (regels[1]["oud"]["daeb"], regels[1]["nieuw"]["daeb"]) == (100, 110)


def test_patch_geometrie_verplaatst_naar_andere_gemeente(api, met_locaties):
    r = api.patch(
        f"{API}/locaties/1?{RD}",
        json={"type": "Feature", "id": 1, "geometry": vlak(86000, 450000, 86100, 450100)},
        headers={"If-Match": '"1"'},
    )
    assert r.status_code == 200
    assert r.get_json()["properties"]["gemeente"] == "GM0603"
    assert r.get_json()["properties"]["naam"] == "Binckhorst West"


@pytest.mark.parametrize(
    ("patch", "veld", "fragment"),
    [
        ({"properties": {"naam": None}}, "naam", "mag niet null zijn"),
        ({"properties": {"daeb": None}}, "daeb", "mag niet null zijn"),
        ({"geometry": None}, "geometry", "ontbreekt"),
        ({"properties": {"ligging": "binnen", "kleur": 1}}, "kleur", "onbekend veld"),
        ({"type": "Punt"}, "type", "moet Feature zijn"),
        ({"properties": []}, "properties", "moet een object zijn"),
        ({"properties": {"daeb": 1}}, "toewijzingen", "meer DAEB-woningen toegewezen"),
    ],
)
def test_patch_ongeldig_422(api, met_locaties, patch, veld, fragment):
    r = api.patch(f"{API}/locaties/1", json=patch, headers={"If-Match": '"1"'})
    assert r.status_code == 422
    veld_in(r, veld, fragment)
    assert met_locaties.locatie(1).versie == 1


def test_lege_patch_verandert_niets(api, met_locaties):
    r = api.patch(f"{API}/locaties/1", json={}, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.headers["ETag"] == '"1"'
    assert api.patch(f"{API}/locaties/1", json={}, headers={"If-Match": '"7"'}).status_code == 412


@pytest.mark.parametrize("methode", ["put", "patch", "delete"])
def test_schrijven_zonder_if_match_428(api, met_locaties, methode):
    r = getattr(api, methode)(
        f"{API}/locaties/1?{RD}" if methode != "delete" else f"{API}/locaties/1", json=feature()
    )
    assert r.status_code == 428
    assert "If-Match ontbreekt" in r.get_json()["fout"]
    assert met_locaties.locatie(1).versie == 1


@pytest.mark.parametrize(
    "etag", ["*", 'W/"1"', "abc", '"1", "2"', '"1', '"-1"', '"' + "9" * 16 + '"']
)
@pytest.mark.parametrize("methode", ["put", "patch", "delete"])
def test_onzin_in_if_match_400(api, met_locaties, methode, etag):
    url = f"{API}/locaties/1?{RD}" if methode != "delete" else f"{API}/locaties/1"
    r = getattr(api, methode)(url, json=feature(), headers={"If-Match": etag})
    assert r.status_code == 400
    d = veld_in(r, "If-Match", "ETag van de huidige versie")
    assert d["waarde"] == etag
    assert met_locaties.locatie(1).versie == 1


def test_if_match_zonder_aanhalingstekens_mag(api, met_locaties):
    r = api.patch(
        f"{API}/locaties/1", json={"properties": {"daeb": 101}}, headers={"If-Match": "1"}
    )
    assert r.status_code == 200


@pytest.mark.parametrize("methode", ["put", "patch", "delete"])
def test_verouderde_versie_412_met_huidige_feature(api, met_locaties, document, methode):
    assert (
        api.patch(
            f"{API}/locaties/1", json={"properties": {"daeb": 105}}, headers={"If-Match": '"1"'}
        ).status_code
        == 200
    )
    url = f"{API}/locaties/1?{RD}" if methode != "delete" else f"{API}/locaties/1"
    r = getattr(api, methode)(url, json=feature(), headers={"If-Match": '"1"'})
    assert r.status_code == 412
    data = r.get_json()
    past(document, "Fout", data)
    assert "intussen gewijzigd" in data["fout"] and "versie 2" in data["fout"]
    assert data["details"] == []
    assert data["huidig"]["id"] == 1
    assert data["huidig"]["properties"]["daeb"] == 105
    assert data["huidig"]["properties"]["versie"] == 2
    assert r.headers["ETag"] == '"2"'
    assert met_locaties.locatie(1).daeb == 105


def test_onbekende_locatie_schrijven_404(api, met_locaties):
    for methode in ("put", "patch", "delete"):
        r = getattr(api, methode)(
            f"{API}/locaties/999", json=feature(), headers={"If-Match": '"1"'}
        )
        assert r.status_code == 404, methode


def test_twee_clients_met_dezelfde_etag(app, met_locaties):
    """Both planners read version 1; the first save wins, the second gets 412 with the first's
    change, and succeeds after re-reading."""
    anna, bram = als(app, "Anna"), als(app, "Bram")
    etag_a = anna.get(f"{API}/locaties/2").headers["ETag"]
    etag_b = bram.get(f"{API}/locaties/2").headers["ETag"]
    assert etag_a == etag_b == '"1"'
    r = anna.patch(
        f"{API}/locaties/2",
        json={"properties": {"naam": "Zuidwest (Anna)"}},
        headers={"If-Match": etag_a},
    )
    assert r.status_code == 200
    r = bram.patch(
        f"{API}/locaties/2",
        json={"properties": {"daeb": 60}},
        headers={"If-Match": etag_b},
    )
    assert r.status_code == 412
    huidig = r.get_json()["huidig"]
    assert huidig["properties"]["naam"] == "Zuidwest (Anna)" and huidig["properties"]["daeb"] == 50
    r = bram.patch(
        f"{API}/locaties/2",
        json={"properties": {"daeb": 60}},
        headers={"If-Match": r.headers["ETag"]},
    )
    assert r.status_code == 200
    assert (r.get_json()["properties"]["naam"], r.get_json()["properties"]["daeb"]) == (
        "Zuidwest (Anna)",
        60,
    )


def test_gelijktijdige_wijzigingen_precies_een_wint(app, met_locaties):
    """Eight threads PATCH version 1 at the same moment: exactly one 200, the rest 412."""
    uitslagen: list[int] = []
    start = threading.Barrier(8)

    def wijzig(i: int) -> None:
        c = clients[i]
        start.wait()
        r = c.patch(
            f"{API}/locaties/3", json={"properties": {"daeb": 31 + i}}, headers={"If-Match": '"1"'}
        )
        uitslagen.append(r.status_code)

    clients = [als(app, f"planner-{i}") for i in range(8)]
    draden = [threading.Thread(target=wijzig, args=(i,)) for i in range(8)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(30)
    assert sorted(uitslagen) == [200] + [412] * 7
    loc = met_locaties.locatie(3)
    assert loc.versie == 2 and 31 <= loc.daeb <= 38


def test_verwijderen_204_en_geschiedenis_blijft(app, api, met_locaties):
    r = als(app, "Carla").delete(f"{API}/locaties/4", headers={"If-Match": '"1"'})
    assert r.status_code == 204 and r.data == b""
    assert api.get(f"{API}/locaties/4").status_code == 404
    assert api.delete(f"{API}/locaties/4", headers={"If-Match": '"1"'}).status_code == 404
    regels = api.get(f"{API}/locaties/4/geschiedenis").get_json()
    assert [(g["actie"], g["gebruiker"]) for g in regels][-1] == ("verwijderd", "Carla")
    assert regels[-1]["oud"]["naam"] == "Noord" and regels[-1]["nieuw"] is None


def test_geschiedenis(api, met_locaties, document):
    r = api.get(f"{API}/locaties/1/geschiedenis")
    assert r.status_code == 200
    jsonschema.validate(
        r.get_json(),
        {
            "type": "array",
            "items": {"$ref": "#/components/schemas/Geschiedenisregel"},
            "components": document["components"],
        },
    )
    (regel,) = r.get_json()
    assert regel["actie"] == "toegevoegd" and regel["oud"] is None
    assert regel["nieuw"]["geometry"].startswith("POLYGON ((")
    # an aware UTC timestamp of the moment of saving: compared as instants, not as local dates
    # (a local date differs from the UTC date for hours every night in most time zones)
    tijd = datetime.fromisoformat(regel["tijd"])
    assert tijd.utcoffset() == timedelta(0)
    assert datetime.now(UTC) - timedelta(hours=1) < tijd <= datetime.now(UTC)
    assert api.get(f"{API}/locaties/999/geschiedenis").status_code == 404
    assert api.get(f"{API}/locaties/1/geschiedenis?x=1").status_code == 400


def test_x_gebruiker_kop_bepaalt_de_auteur_niet_meer(api, kleine_store):
    """The audit log's author is the authenticated account, whatever a client claims."""
    r = post(api, feature(), headers={"X-Gebruiker": "provincie-zh-admin"})
    assert r.status_code == 201
    loc_id = r.get_json()["id"]
    assert kleine_store.geschiedenis("locatie", loc_id)[0]["gebruiker"] == "test-beheerder"


# --------------------------------------------------------------------------- gemeenten, corporaties, toewijzingen


def test_gemeenten(api, kleine_store, document):
    kleine_store.bewaar_bod(Bod("GM0518", "origineel", date(2021, 3, 31), 4000))
    kleine_store.bewaar_bod(Bod("GM0518", "aangescherpt", date(2022, 6, 1), 4500))
    r = api.get(f"{API}/gemeenten")
    assert r.status_code == 200 and r.mimetype == "application/geo+json"
    data = r.get_json()
    past(document, "GemeenteCollectie", data)
    per_code = {f["id"]: f for f in data["features"]}
    assert len(per_code) == 9  # the region's members
    dh = per_code["GM0518"]
    assert dh["properties"] == {
        "gemeente": "GM0518",
        "naam": "'s-Gravenhage",
        "woningen": 265959,
        "doelgroep": 110000,
        "peiljaar": 2020,
        "bod": 4500,
    }
    west, zuid, oost, noord = shape(dh["geometry"]).bounds
    assert 4.1 < west < oost < 4.4 and 51.9 < zuid < noord < 52.2
    assert per_code["GM0503"]["geometry"] is None
    assert per_code["GM0503"]["properties"]["bod"] is None
    rd = api.get(f"{API}/gemeenten?{RD}").get_json()
    assert shape({f["id"]: f for f in rd["features"]}["GM0603"]["geometry"]).equals(
        box(85000, 445000, 90000, 455000)
    )


def test_corporaties(api, document):
    r = api.get(f"{API}/corporaties")
    data = r.get_json()
    jsonschema.validate(
        data,
        {
            "type": "array",
            "items": {"$ref": "#/components/schemas/Corporatie"},
            "components": document["components"],
        },
    )
    assert [(c["naam"], c["code"], c["gemeenten"]) for c in data] == [
        ("Staedion", "STA", ["GM0518"]),
        ("Vidomes", "VID", ["GM0518", "GM0603"]),
    ]
    assert api.get(f"{API}/corporaties?naam=x").status_code == 400


def test_toewijzingen(api, met_locaties, document):
    met_locaties.wijzig_locatie(3, {"toewijzingen": [Toewijzing("Vidomes", 20, 2031)]}, 1)
    data = api.get(f"{API}/toewijzingen").get_json()
    jsonschema.validate(
        data,
        {
            "type": "array",
            "items": {"$ref": "#/components/schemas/ToewijzingRij"},
            "components": document["components"],
        },
    )
    assert [
        (t["locatie"], t["corporatie"], t["daeb"], t["oplevering"], t["hardheid"]) for t in data
    ] == [
        (1, "Staedion", 100, None, "hard"),
        (2, "Vidomes", 40, 2029, "zacht"),
        (3, "Vidomes", 20, 2031, "hard"),
    ]
    assert data[0] | {"bron_id": "BH-1", "naam": "Binckhorst West", "gemeente": "GM0518"} == data[0]
    vidomes = api.get(f"{API}/toewijzingen?corporatie=Vidomes&gemeente=GM0603").get_json()
    assert [(t["locatie"], t["gemeente"]) for t in vidomes] == [(3, "GM0603")]
    r = api.get(f"{API}/toewijzingen?gemeente=GM0518,XX")
    assert r.status_code == 400
    veld_in(r, "gemeente", "'XX'")
    veld_in(api.get(f"{API}/toewijzingen?corporatie=X"), "corporatie", "onbekende corporatie")


# --------------------------------------------------------------------------- onttrekkingen


def test_onttrekkingen_toevoegen_lezen_verwijderen(app, api, met_locaties, document):
    r = als(app, "Dirk").post(
        f"{API}/onttrekkingen",
        json={
            "gemeente": "GM0518",
            "jaar": 2024,
            "aantal": 80,
            "soort": "sloop",
            "corporatie": "Staedion",
            "locatie": 1,
        },
    )
    assert r.status_code == 201, r.get_json()
    o = r.get_json()
    past(document, "Onttrekking", o)
    assert r.headers["Location"] == f"{API}/onttrekkingen/{o['id']}"
    assert o == {
        "id": o["id"],
        "gemeente": "GM0518",
        "jaar": 2024,
        "aantal": 80,
        "soort": "sloop",
        "corporatie": "Staedion",
        "locatie": 1,
        "opmerking": None,
        "versie": 1,
    }
    assert r.headers["ETag"] == '"1"'
    lezen = api.get(r.headers["Location"])
    assert lezen.get_json() == o and lezen.headers["ETag"] == '"1"'
    assert api.get(r.headers["Location"], headers={"If-None-Match": '"1"'}).status_code == 304
    api.post(
        f"{API}/onttrekkingen",
        json={"gemeente": "GM0603", "jaar": 2022, "aantal": 5, "soort": "verkoop"},
    )
    assert [x["gemeente"] for x in api.get(f"{API}/onttrekkingen").get_json()] == [
        "GM0518",
        "GM0603",
    ]
    assert [x["aantal"] for x in api.get(f"{API}/onttrekkingen?gemeente=GM0603").get_json()] == [5]
    assert met_locaties.geschiedenis("onttrekking", o["id"])[0]["gebruiker"] == "Dirk"
    r428 = api.delete(r.headers["Location"])
    assert r428.status_code == 428 and "ETag van de onttrekking" in r428.get_json()["fout"]
    assert api.delete(r.headers["Location"], headers={"If-Match": '"1"'}).status_code == 204
    assert api.get(r.headers["Location"]).status_code == 404
    assert api.delete(r.headers["Location"], headers={"If-Match": '"1"'}).status_code == 404
    assert api.get(f"{API}/onttrekkingen/{2**40}").status_code == 404


def test_onttrekking_wijzigen_put_en_patch(app, api, met_locaties, document):
    o = api.post(
        f"{API}/onttrekkingen",
        json={"gemeente": "GM0518", "jaar": 2024, "aantal": 80, "soort": "sloop"},
    ).get_json()
    url = f"{API}/onttrekkingen/{o['id']}"
    r = als(app, "Dirk").patch(
        url,
        json={"aantal": 60, "corporatie": "Staedion", "opmerking": "fase 1"},
        headers={"If-Match": '"1"', "Content-Type": "application/merge-patch+json"},
    )
    assert r.status_code == 200, r.get_json()
    past(document, "Onttrekking", r.get_json())
    assert r.headers["ETag"] == '"2"'
    assert r.get_json() | {"aantal": 60, "corporatie": "Staedion", "jaar": 2024} == r.get_json()
    # what was read can be sent back whole (id and versie are ignored); PUT replaces all
    gelezen = api.get(url).get_json()
    r = api.put(
        url, json={**gelezen, "soort": "verkoop", "opmerking": None}, headers={"If-Match": '"2"'}
    )
    assert r.status_code == 200, r.get_json()
    assert (r.get_json()["soort"], r.get_json()["opmerking"], r.get_json()["versie"]) == (
        "verkoop",
        None,
        3,
    )
    r = api.put(
        url,
        json={"gemeente": "GM0518", "jaar": 2025, "aantal": 1, "soort": "sloop"},
        headers={"If-Match": '"3"'},
    )
    assert r.get_json()["corporatie"] is None, "PUT: afwezig is de standaardwaarde"
    # a merge patch: null clears what may be empty, and is refused where a value is required
    veld_in(api.patch(url, json={"aantal": None}, headers={"If-Match": '"4"'}), "aantal", "null")
    veld_in(api.patch(url, json={"jaar": 1990}, headers={"If-Match": '"4"'}), "jaar", "2000")
    veld_in(
        api.patch(url, json={"corporatie": "Niemand"}, headers={"If-Match": '"4"'}),
        "corporatie",
        "onbekende corporatie",
    )
    # nothing changes: no new version, no audit-log entry
    voor = len(met_locaties.geschiedenis("onttrekking", o["id"]))
    r = api.patch(url, json={}, headers={"If-Match": '"4"'})
    assert r.status_code == 200 and r.headers["ETag"] == '"4"'
    assert len(met_locaties.geschiedenis("onttrekking", o["id"])) == voor
    acties = [g["actie"] for g in met_locaties.geschiedenis("onttrekking", o["id"])]
    assert acties == ["toegevoegd", "gewijzigd", "gewijzigd", "gewijzigd"]


@pytest.mark.parametrize(
    ("wijziging", "veld", "fragment"),
    [
        ({"soort": "brand"}, "soort", "toegestaan zijn sloop, verkoop"),
        ({"aantal": "80"}, "aantal", "geheel getal"),
        ({"jaar": 1900}, "jaar", "van 2000 tot en met 2050"),
        ({"locatie": 2**40}, "locatie", "van 1 tot en met 2147483647"),
        ({"locatie": 999}, "locatie", "onbekende locatie-id"),
        ({"gemeente": "GM9999"}, "gemeente", "onbekende gemeentecode"),
        ({"corporatie": "Niemand"}, "corporatie", "onbekende corporatie"),
        ({"extra": 1}, "extra", "onbekend veld"),
    ],
)
def test_onttrekking_ongeldig_422(api, met_locaties, wijziging, veld, fragment):
    body = {"gemeente": "GM0518", "jaar": 2024, "aantal": 80, "soort": "sloop", **wijziging}
    r = api.post(f"{API}/onttrekkingen", json=body)
    assert r.status_code == 422
    veld_in(r, veld, fragment)
    assert met_locaties.onttrekkingen() == []


def test_onttrekkingen_fouten_in_verzoek(api):
    assert api.get(f"{API}/onttrekkingen?gemeente=GM0518,GM0603").status_code == 400
    assert api.post(f"{API}/onttrekkingen", data="x", content_type="text/plain").status_code == 415
    veld_in(api.post(f"{API}/onttrekkingen", json=[1]), "body", "moet een object zijn")
    veld_in(api.post(f"{API}/onttrekkingen", json={"gemeente": "GM0518"}), "jaar", "verplicht")


# --------------------------------------------------------------------------- biedingen


def test_biedingen_nieuw_wijzigen_verwijderen(api, kleine_store, document):
    body = {"gemeente": "GM0603", "versie": "origineel", "datum": "2021-03-31", "daeb": 900}
    r = api.post(f"{API}/biedingen", json=body)
    assert r.status_code == 201, r.get_json()
    bod = r.get_json()
    past(document, "Bod", bod)
    assert bod | body == bod and bod["rijversie"] == 1 and r.headers["ETag"] == '"1"'
    url = f"{API}/biedingen/{bod['id']}"
    assert r.headers["Location"] == url
    # the same (gemeente, versie) again: nothing is overwritten, 409 points to the bid
    r = api.post(f"{API}/biedingen", json={**body, "daeb": 950, "opmerking": "na overleg"})
    assert r.status_code == 409
    past(document, "Fout", r.get_json())
    assert r.get_json()["huidig"] == bod
    assert (r.headers["Location"], r.headers["ETag"]) == (url, '"1"')
    assert f'PUT of PATCH {url} en If-Match: "1"' in veld_in(r, "versie", "bestaat al")["melding"]
    assert kleine_store.actuele_biedingen()["GM0603"].daeb == 900
    # the update route, with If-Match
    r = api.patch(url, json={"daeb": 950, "opmerking": "na overleg"}, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.headers["ETag"] == '"2"'
    assert [
        (b["versie"], b["daeb"], b["opmerking"], b["rijversie"])
        for b in api.get(f"{API}/biedingen").get_json()
    ] == [("origineel", 950, "na overleg", 2)]
    r = api.put(url, json={**body, "datum": "2021-04-01"}, headers={"If-Match": '"2"'})
    assert (r.status_code, r.get_json()["daeb"], r.get_json()["opmerking"]) == (200, 900, None)
    assert r.get_json()["datum"] == "2021-04-01"
    veld_in(
        api.patch(url, json={"datum": "2021-02-30"}, headers={"If-Match": '"3"'}),
        "datum",
        "bestaande datum",
    )
    api.post(f"{API}/biedingen", json={**body, "versie": "aangescherpt"})
    r = api.patch(url, json={"versie": "aangescherpt"}, headers={"If-Match": '"3"'})
    assert r.status_code == 422
    veld_in(r, "versie", "heeft al een bod met deze naam")
    assert api.get(f"{API}/biedingen?gemeente=GM0518").get_json() == []
    assert api.delete(url).status_code == 428
    assert api.delete(url, headers={"If-Match": '"2"'}).status_code == 412
    assert api.delete(url, headers={"If-Match": '"3"'}).status_code == 204
    assert api.get(url).status_code == 404
    acties = [g["actie"] for g in kleine_store.geschiedenis("bod", bod["id"])]
    assert acties == ["toegevoegd", "gewijzigd", "gewijzigd", "verwijderd"]


def test_corporatie_wijzigen_alleen_beheerder(app, api, kleine_store, document):
    staedion = next(c for c in api.get(f"{API}/corporaties").get_json() if c["naam"] == "Staedion")
    url = f"{API}/corporaties/{staedion['id']}"
    r = api.get(url)
    assert r.get_json() == staedion and r.headers["ETag"] == '"1"'
    past(document, "Corporatie", staedion)
    planner = als(app, "Anna")
    r = planner.patch(url, json={"code": "ST"}, headers={"If-Match": '"1"'})
    assert r.status_code == 403
    r = api.patch(
        url, json={"code": "ST", "gemeenten": ["GM0603", "GM0518"]}, headers={"If-Match": '"1"'}
    )
    assert r.status_code == 200, r.get_json()
    assert (r.get_json()["code"], r.get_json()["gemeenten"], r.headers["ETag"]) == (
        "ST",
        ["GM0518", "GM0603"],
        '"2"',
    )
    veld_in(
        api.patch(url, json={"gemeenten": ["GM9999"]}, headers={"If-Match": '"2"'}),
        "gemeenten",
        "onbekende gemeentecode",
    )
    veld_in(
        api.patch(url, json={"naam": "Vidomes"}, headers={"If-Match": '"2"'}),
        "naam",
        "al een corporatie",
    )
    assert api.patch(url, json={"code": None}, headers={"If-Match": '"1"'}).status_code == 412
    assert api.delete(url, headers={"If-Match": '"2"'}).status_code == 405
    assert kleine_store.corporatie(staedion["id"]).code == "ST"


@pytest.mark.parametrize(
    ("wijziging", "veld", "fragment"),
    [
        ({"datum": "2024-02-30"}, "datum", "bestaande datum"),
        ({"datum": "31-12-2024"}, "datum", "heeft niet de vorm"),
        ({"datum": "1990-01-01"}, "datum", "van 2000 tot en met 2050"),
        ({"datum": 20240101}, "datum", "moet tekst zijn"),
        ({"daeb": -5}, "daeb", "van 0 tot en met"),
        ({"versie": ""}, "versie", "mag niet leeg zijn"),
        ({"gemeente": "GM9999"}, "gemeente", "onbekende gemeentecode"),
    ],
)
def test_bod_ongeldig_422(api, kleine_store, wijziging, veld, fragment):
    body = {
        "gemeente": "GM0603",
        "versie": "origineel",
        "datum": "2021-03-31",
        "daeb": 900,
        **wijziging,
    }
    r = api.post(f"{API}/biedingen", json=body)
    assert r.status_code == 422
    veld_in(r, veld, fragment)
    assert kleine_store.biedingen() == []


# --------------------------------------------------------------------------- analyse


def test_analyse_json_is_die_van_de_bibliotheek(api, met_locaties, document):
    met_locaties.bewaar_bod(Bod("GM0518", "origineel", date(2021, 3, 31), 4000))
    r = api.get(f"{API}/analyse?zacht_factor=0.7&peiljaar=2028")
    assert r.status_code == 200
    data = r.get_json()
    jsonschema.validate(data, analyse.laad_schema())
    past(document, "Analyse", data)
    assert data == json.loads(json.dumps(analyse.analyseer(met_locaties, 2028, 0.7).als_dict()))
    assert (data["peiljaar"], data["zacht_factor"]) == (2028, 0.7)
    # the hard DAEB delivered in 2021..2028 in the region: Binckhorst (2026) and Centrum (2024)
    assert data["regio"]["daeb_hard"] == 103
    standaard = api.get(f"{API}/analyse").get_json()
    assert (standaard["peiljaar"], standaard["zacht_factor"]) == (2030, None)


@pytest.mark.parametrize(
    ("query", "veld", "fragment"),
    [
        ("peiljaar=2019", "peiljaar", "van 2021 tot en met 2030"),
        ("peiljaar=1999", "peiljaar", "van 2000 tot en met 2050"),
        ("peiljaar=twee", "peiljaar", "geheel getal"),
        ("zacht_factor=1.5", "zacht_factor", "van 0 tot en met 1"),
        ("zacht_factor=nan", "zacht_factor", "getal"),
        ("zacht_factor=inf", "zacht_factor", "getal"),
        ("zacht_factor=0,7", "zacht_factor", "punt als decimaalteken"),
        ("drempel=1", "drempel", "onbekende queryparameter"),
    ],
)
def test_analyse_ongeldige_parameters_400(api, query, veld, fragment):
    r = api.get(f"{API}/analyse?{query}")
    assert r.status_code == 400
    veld_in(r, veld, fragment)


# --------------------------------------------------------------------------- HTTP level


def test_methode_niet_toegestaan_405_met_allow(api):
    r = api.post(f"{API}/locaties/1")
    assert r.status_code == 405 and r.is_json
    assert {m.strip() for m in r.headers["Allow"].split(",")} >= {"GET", "PUT", "PATCH", "DELETE"}
    fout_details(r)


def test_onbekend_pad_404_json(api):
    r = api.get(f"{API}/bestaatniet")
    assert r.status_code == 404 and r.is_json
    fout_details(r)


def test_index_met_links(api):
    data = api.get(f"{API}/").get_json()
    hrefs = {link["rel"]: link["href"] for link in data["links"]}
    assert hrefs["service-desc"] == f"{API}/openapi.json"
    for href in hrefs.values():
        assert api.get(href).status_code == 200, href


def test_te_groot_verzoek_413_json(tmp_path, kleine_store):
    app = create_app(
        {"TESTING": True, "DATABASE_URL": kleine_store.url, "MAX_CONTENT_LENGTH": 2000}
    )
    c = client_als(app)
    groot = feature(opmerking="x" * 3000)
    r = c.post(f"{API}/locaties?{RD}", json=groot)
    assert r.status_code == 413 and r.is_json
    assert "hoogstens 2000 bytes" in r.get_json()["fout"]
    veld_in(r, "body", "hoogstens 2000 bytes")
    assert kleine_store.locaties() == []
    # the API's own (smaller) limit applies even when the app allows more
    app2 = create_app(
        {"TESTING": True, "DATABASE_URL": kleine_store.url, "API_MAX_CONTENT_LENGTH": 1000}
    )
    r = client_als(app2).post(f"{API}/locaties?{RD}", json=feature(opmerking="y" * 1500))
    assert r.status_code == 413 and "hoogstens 1000 bytes" in r.get_json()["fout"]
    assert client_als(app2).post(f"{API}/locaties?{RD}", json=feature()).status_code == 201


# --------------------------------------------------------------------------- OpenAPI


def test_openapi_document_is_geldig(api, document):
    r = api.get(f"{API}/openapi.json")
    assert r.status_code == 200
    assert r.get_json() == json.loads(json.dumps(document))
    assert document["openapi"].startswith("3.1")
    valideer_openapi(r.get_json())


def test_openapi_beschrijft_elke_route(app, document):
    """Every route of the blueprint is in the document with the same methods, and vice versa."""
    routes = set()
    for regel in app.url_map.iter_rules():
        if regel.endpoint.startswith("api."):
            pad = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", regel.rule.removeprefix(API)) or "/"
            for methode in regel.methods - {"HEAD", "OPTIONS"}:
                routes.add((pad, methode.lower()))
    beschreven = {
        (pad, methode)
        for pad, item in document["paths"].items()
        for methode in item
        if methode in ("get", "post", "put", "patch", "delete")
    }
    assert routes == beschreven


def test_openapi_eigenschappen_gelijk_aan_de_uitvoer(api, met_locaties, document):
    """The documented site properties are exactly those the API returns (no drift)."""
    feature_ = api.get(f"{API}/locaties/1").get_json()
    assert set(feature_["properties"]) == set(
        document["components"]["schemas"]["LocatieEigenschappen"]["properties"]
    )
    assert set(feature_["properties"]) == set(
        document["components"]["schemas"]["LocatiePatchEigenschappen"]["properties"]
    )


def test_foutantwoorden_passen_in_het_schema(api, met_locaties, document):
    for r in (
        api.get(f"{API}/locaties?limit=0"),
        post(api, feature(daeb="x")),
        api.post(f"{API}/locaties", data=b"{", content_type="application/json"),
        api.put(f"{API}/locaties/1", json=feature()),
        api.get(f"{API}/locaties/999"),
        api.post(f"{API}/locaties", data=b"{}", content_type="text/plain"),
    ):
        assert 400 <= r.status_code < 500
        past(document, "Fout", r.get_json())


def test_pagina_zonder_en_met_geometrie_gelijk(api, met_locaties):
    """A small page (read without geometries first) equals the same sites from a full read."""
    klein = api.get(f"{API}/locaties?limit=2&offset=1").get_json()["features"]
    alles = api.get(f"{API}/locaties?limit=5000").get_json()["features"]
    assert klein == alles[1:3]
    assert all(f["geometry"] is not None for f in klein)


def test_store_locaties_op_id_en_zonder_geometrie(met_locaties):
    licht = met_locaties.locaties(met_geometrie=False, hardheid="hard")
    assert [loc.id for loc in licht] == [1, 3, 5]
    assert all(loc.geometry is None for loc in licht)
    assert licht[0].toewijzingen[0].corporatie == "Staedion"
    vol = met_locaties.locaties(ids=[5, 1])
    assert [loc.id for loc in vol] == [1, 5] and vol[1].geometry.equals(
        box(81000, 455000, 81050, 455050)
    )
    assert met_locaties.locaties(ids=[]) == []
