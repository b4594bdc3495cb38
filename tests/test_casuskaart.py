"""The cases on the planner's map: ``GET /api/v1/casussen.geojson`` gives a point on each linked
site and the own area, in EPSG:4326, valid against the OpenAPI document, filtered as the list;
bad filters a Dutch 400; titles stay text; a read for every signed-in account."""

from __future__ import annotations

import jsonschema
from aanmelding import client_als
from shapely.geometry import box, shape

from locatieplanner.crs import naar_wgs84
from locatieplanner.domein.casus import Casus
from locatieplanner.domein.model import Locatie
from locatieplanner.domein.rechten import Account
from locatieplanner.web.openapi import openapi_document

URL = "/api/v1/casussen.geojson"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SITE = box(80000, 452000, 80100, 452100)
GEBIED = box(80200, 452200, 80400, 452400)


def _vul(store):
    loc = store.voeg_locatie_toe(Locatie("Binckhorst", SITE, "1A", daeb=20))
    kans = store.voeg_casus_toe(
        Casus("GM0518", "kans", XSS, "grondpositie", locaties=[loc.id], gebied=GEBIED)
    )
    knelpunt = store.voeg_casus_toe(
        Casus("GM0518", "knelpunt", "Netcongestie", "netcongestie", gebied=GEBIED.centroid)
    )
    # without site or area: not on the map
    store.voeg_casus_toe(Casus("GM0603", "knelpunt", "Zonder plek", "overig"))
    return loc, kans, knelpunt


def test_casussen_als_geojson(app, kleine_store):
    loc, kans, knelpunt = _vul(kleine_store)
    provincie = client_als(app, Account("pzh", "provincie"))
    r = provincie.get(URL)
    assert r.status_code == 200 and r.mimetype == "application/geo+json"
    fc = r.get_json()
    document = openapi_document()
    schema = {"$ref": "#/components/schemas/Casuskaart", "components": document["components"]}
    jsonschema.Draft202012Validator(schema).validate(fc)
    ids = [f["id"] for f in fc["features"]]
    assert ids == [
        f"casus-{kans.id}-locatie-{loc.id}",
        f"casus-{kans.id}-gebied",
        f"casus-{knelpunt.id}-gebied",
    ]
    op_locatie, gebied, punt = fc["features"]
    p = op_locatie["properties"]
    assert p["titel"] == XSS  # as text; the browser puts it in with textContent
    assert (p["soort"], p["status"], p["plaats"], p["locatie"]) == (
        "kans",
        "open",
        "locatie",
        loc.id,
    )
    assert p["url"] == f"/casussen/{kans.id}"
    # EPSG:4326 at the edge: the marker lies on the site, the area is the stored area
    assert shape(op_locatie["geometry"]).within(naar_wgs84([SITE])[0])
    assert shape(gebied["geometry"]).equals_exact(naar_wgs84([GEBIED])[0], 1e-7)
    assert punt["geometry"]["type"] == "Point"
    assert punt["properties"]["soort"] == "knelpunt" and punt["properties"]["locatie"] is None
    # filtered as GET /casussen
    alleen = provincie.get(URL + "?soort=knelpunt&gemeente=GM0518").get_json()
    assert [f["id"] for f in alleen["features"]] == [f"casus-{knelpunt.id}-gebied"]
    assert provincie.get(URL + "?gemeente=GM0603").get_json()["features"] == []


def test_foute_filter_en_zonder_aanmelding(app, kleine_store):
    _vul(kleine_store)
    r = client_als(app, Account("corp", "corporatie", corporatie="Staedion")).get(
        URL + "?soort=probleem"
    )
    assert r.status_code == 400
    assert "soort" in r.get_data(as_text=True) and "kans" in r.get_data(as_text=True)
    assert app.test_client().get(URL).status_code == 401
