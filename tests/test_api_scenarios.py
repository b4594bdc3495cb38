"""Re-phasing over the REST API (5b question 4) on the hand-checked region of
tests/analyse_testdata.py: computing without saving, saved scenarios with ETag/If-Match, applying
them, Dutch 4xx for bad input, answers valid against the OpenAPI document, XSS stays text."""

from __future__ import annotations

import jsonschema
import pytest
from aanmelding import client_als

from locatieplanner.domein.rechten import Account
from locatieplanner.store import Store
from locatieplanner.web import create_app
from locatieplanner.web.openapi import openapi_document
from tests.analyse_testdata import vul_store
from tests.conftest import database_url

API = "/api/v1"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'
WESTDORP = Account("westdorp", "gemeente", gemeenten=("GM9001",))
ALFA = Account("alfa", "corporatie", corporatie="Alfa")
SLOOP_LATER = [{"soort": "onttrekking_verschuiven", "doel": 1, "jaar": 2026}]


@pytest.fixture
def omgeving(tmp_path):
    url = database_url(tmp_path)
    store = Store.open(url)
    vul_store(store)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "BASISKAART": False})
    yield {
        "store": store,
        "beheer": client_als(app),
        "gemeente": client_als(app, WESTDORP),
        "corporatie": client_als(app, ALFA),
    }
    store.sluit()


def _valideer(naam: str, data) -> None:
    document = openapi_document()
    schema = {"$ref": f"#/components/schemas/{naam}", "components": document["components"]}
    jsonschema.Draft202012Validator(schema).validate(data)


def test_herfasering_doorrekenen_zonder_opslaan(omgeving):
    store = omgeving["store"]
    voor = store.tellingen(), len(store.geschiedenis())
    r = omgeving["corporatie"].post(f"{API}/herfasering", json={"stappen": SLOOP_LATER})
    assert r.status_code == 200, r.get_json()
    data = r.get_json()
    _valideer("Herfasering", data)
    west = data["gemeenten"]["GM9001"]
    assert west["dal_zonder"] == {"diepte": 150, "duur": 2, "jaren": [2024, 2025]}
    assert west["dal_met"] == {"diepte": 0, "duur": 0, "jaren": []}
    assert (west["voorraad_zonder"]["2024"], west["voorraad_met"]["2024"]) == (3850, 4000)
    assert data["regio"]["verschil"] == 0 and data["gewijzigd"] == ["GM9001"]
    assert (store.tellingen(), len(store.geschiedenis())) == voor


@pytest.mark.parametrize(
    ("body", "deel"),
    [
        ({"stappen": [{"soort": "slopen", "doel": 1, "jaar": 2026}]}, "soort"),
        ({"stappen": [{"soort": "onttrekking_verschuiven", "doel": 1, "jaar": 1990}]}, "jaar"),
        (
            {"stappen": [{"soort": "onttrekking_verschuiven", "doel": 999, "jaar": 2026}]},
            "onbekende onttrekking",
        ),
        ({"stappen": "veel"}, "stappen"),
        ({"stappen": [], "extra": 1}, "extra"),
    ],
)
def test_herfasering_foute_invoer_geeft_nederlandse_422(omgeving, body, deel):
    r = omgeving["gemeente"].post(f"{API}/herfasering", json=body)
    assert r.status_code in (400, 422), r.get_json()
    assert deel in r.get_data(as_text=True)


def test_scenario_opslaan_wijzigen_toepassen(omgeving):
    store, g = omgeving["store"], omgeving["gemeente"]
    r = g.post(
        f"{API}/scenarios",
        json={"naam": XSS, "gemeente": "GM9001", "stappen": SLOOP_LATER, "toelichting": XSS},
    )
    assert r.status_code == 201, r.get_json()
    sc = r.get_json()
    _valideer("Scenario", sc)
    assert r.headers["ETag"] == '"1"' and r.headers["Location"].endswith(f"/scenarios/{sc['id']}")
    assert sc["naam"] == XSS and sc["auteur"] == "westdorp"
    assert sc["doelversies"] == {"onttrekking:1": 1}
    url = f"{API}/scenarios/{sc['id']}"
    assert g.get(url, headers={"If-None-Match": '"1"'}).status_code == 304
    assert g.patch(url, json={"status": "voorgesteld"}).status_code == 428
    r = g.patch(url, json={"status": "toegepast"}, headers={"If-Match": '"1"'})
    assert r.status_code == 422 and "toegepast" in r.get_json()["fout"] + str(r.get_json())
    r = g.patch(url, json={"status": "voorgesteld"}, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.headers["ETag"] == '"2"'
    # stale version: 412 with the current scenario
    r = g.post(f"{url}/toepassen", headers={"If-Match": '"1"'})
    assert r.status_code == 412 and r.get_json()["huidig"]["versie"] == 2
    r = g.post(f"{url}/toepassen", headers={"If-Match": '"2"'})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["status"] == "toegepast" and r.headers["ETag"] == '"3"'
    assert store.onttrekking(1).jaar == 2026
    r = g.post(f"{url}/toepassen", headers={"If-Match": '"3"'})
    assert r.status_code == 409 and "toegepast" in r.get_json()["fout"]
    assert [s["id"] for s in g.get(f"{API}/scenarios?gemeente=GM9001").get_json()] == [sc["id"]]
    assert g.get(f"{API}/scenarios?gemeente=GM9002").get_json() == []
    assert g.delete(url, headers={"If-Match": '"3"'}).status_code == 204
    assert g.get(url).status_code == 404


def test_toepassen_na_wijziging_van_de_onttrekking_409(omgeving):
    store, g = omgeving["store"], omgeving["gemeente"]
    sc = g.post(
        f"{API}/scenarios", json={"naam": "Later", "gemeente": "GM9001", "stappen": SLOOP_LATER}
    ).get_json()
    store.wijzig_onttrekking(1, {"aantal": 140}, 1)
    r = g.post(f"{API}/scenarios/{sc['id']}/toepassen", headers={"If-Match": '"1"'})
    assert r.status_code == 409
    assert "onttrekking 1 is gewijzigd" in r.get_json()["fout"]
    assert store.onttrekking(1).jaar == 2024


def test_corporatie_mag_locatie_van_gemeente_niet_verschuiven(omgeving):
    store, corp = omgeving["store"], omgeving["corporatie"]
    r = corp.post(
        f"{API}/scenarios",
        json={
            "naam": "Eerder opleveren",
            "gemeente": "GM9001",
            "stappen": [{"soort": "oplevering_verschuiven", "doel": 1, "jaar": 2024}],
        },
    )
    assert r.status_code == 201
    r = corp.post(f"{API}/scenarios/{r.get_json()['id']}/toepassen", headers={"If-Match": '"1"'})
    assert r.status_code == 403
    assert store.locatie(1).oplevering == 2026


def test_openapi_kent_de_routes():
    paden = openapi_document()["paths"]
    assert "post" in paden["/herfasering"]
    assert {"get", "patch", "delete"} <= set(paden["/scenarios/{scenario_id}"])
    assert "post" in paden["/scenarios/{scenario_id}/toepassen"]
