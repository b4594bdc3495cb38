"""The conversation agenda over the REST API and on its HTML pages: items with ETag/If-Match,
filters, the start meeting and the tenants' organisation marks (create with PUT, change with
If-Match), the rights per party, Dutch 4xx for bad input, answers valid against the OpenAPI
document, and XSS payloads that stay text in JSON and HTML."""

from __future__ import annotations

import html

import jsonschema
import pytest
from aanmelding import client_als

from locatieplanner.domein.casus import Casus
from locatieplanner.domein.rechten import Account
from locatieplanner.web.openapi import openapi_document

API = "/api/v1"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'

GEMEENTE = Account("planner-dh", "gemeente", gemeenten=("GM0518",))
RIJSWIJK = Account("planner-rw", "gemeente", gemeenten=("GM0603",))
STAEDION = Account("corp-staedion", "corporatie", corporatie="Staedion")
VIDOMES = Account("corp-vidomes", "corporatie", corporatie="Vidomes")
PROVINCIE = Account("pzh", "provincie")


@pytest.fixture
def omgeving(app, kleine_store, client):
    casus = kleine_store.voeg_casus_toe(Casus("GM0518", "knelpunt", "Stikstof", "stikstof"))
    return {
        "beheer": client,
        "gemeente": client_als(app, GEMEENTE),
        "rijswijk": client_als(app, RIJSWIJK),
        "staedion": client_als(app, STAEDION),
        "vidomes": client_als(app, VIDOMES),
        "provincie": client_als(app, PROVINCIE),
        "store": kleine_store,
        "casus": casus.id,
        "corporaties": {c.naam: c.id for c in kleine_store.corporaties()},
    }


def _valideer(document: dict, naam: str, data) -> None:
    schema = {"$ref": f"#/components/schemas/{naam}", "components": document["components"]}
    jsonschema.Draft202012Validator(schema).validate(data)


def test_agendapunt_van_voorstel_tot_uitkomst(omgeving):
    g, st, prov = omgeving["gemeente"], omgeving["staedion"], omgeving["provincie"]
    document = openapi_document()

    # a corporation proposes (in its own name by default) and edits its proposal
    r = st.post(
        f"{API}/agendapunten",
        json={"gemeente": "GM0518", "onderwerp": "Grondruil", "casussen": [omgeving["casus"]]},
    )
    assert r.status_code == 201, r.get_json()
    assert r.headers["ETag"] == '"1"'
    punt = r.get_json()
    _valideer(document, "Agendapunt", punt)
    assert (punt["voorgesteld_door"], punt["status"]) == ("Staedion", "voorgesteld")
    url = r.headers["Location"]
    assert url == f"{API}/agendapunten/{punt['id']}"
    r = st.patch(url, json={"toelichting": "Kavel 4"}, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.headers["ETag"] == '"2"'
    # but it does not put it on the agenda itself, nor does the province
    r = st.patch(url, json={"status": "geagendeerd"}, headers={"If-Match": '"2"'})
    assert r.status_code == 403 and "de status bepaalt de gemeente" in r.get_json()["fout"]
    assert prov.patch(url, json={"onderwerp": "x"}, headers={"If-Match": '"2"'}).status_code == 403

    # the municipality puts it on the agenda with two carrying parties and an outcome
    assert g.patch(url, json={"status": "geagendeerd"}).status_code == 428
    r = g.patch(
        url,
        json={
            "status": "besproken",
            "trekkers": ["gemeente", "Staedion"],
            "datum": "2026-03-10",
            "uitkomst": "Ruil onderzoeken",
        },
        headers={"If-Match": '"2"'},
    )
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["trekkers"] == ["gemeente", "Staedion"]
    assert r.get_json()["datum"] == "2026-03-10"
    r = g.patch(url, json={"uitkomst": "Oud"}, headers={"If-Match": '"2"'})
    assert r.status_code == 412 and r.get_json()["huidig"]["versie"] == 3
    assert g.get(url, headers={"If-None-Match": '"3"'}).status_code == 304
    # an item as read may be sent back whole
    r = g.patch(url, json=g.get(url).get_json(), headers={"If-Match": '"3"'})
    assert r.status_code == 200 and r.headers["ETag"] == '"3"', r.get_json()

    # the province proposes too
    r = prov.post(f"{API}/agendapunten", json={"gemeente": "GM0518", "onderwerp": "Subsidie"})
    assert r.status_code == 201 and r.get_json()["voorgesteld_door"] == "provincie"

    def onderwerpen(query: str) -> list[str]:
        r = g.get(f"{API}/agendapunten?{query}")
        assert r.status_code == 200, r.get_json()
        return [p["onderwerp"] for p in r.get_json()]

    # dated items first, then by id
    assert onderwerpen("gemeente=GM0518") == ["Grondruil", "Subsidie"]
    assert onderwerpen("status=voorgesteld") == ["Subsidie"]
    assert onderwerpen("partij=Staedion") == ["Grondruil"]
    assert onderwerpen("partij=provincie") == ["Subsidie"]
    assert onderwerpen("gemeente=GM0603") == []

    r = g.get(f"{API}/agenda/GM0518")
    assert r.status_code == 200
    _valideer(document, "Agenda", r.get_json())
    assert r.get_json()["betrokken"] == ["Staedion", "Vidomes"]
    assert len(r.get_json()["agendapunten"]) == 2

    assert st.delete(url, headers={"If-Match": '"3"'}).status_code == 403
    assert g.delete(url, headers={"If-Match": '"3"'}).status_code == 204
    assert g.get(url).status_code == 404


def test_startoverleg_en_huurdersorganisatie(omgeving):
    g, st, vid = omgeving["gemeente"], omgeving["staedion"], omgeving["vidomes"]
    document = openapi_document()
    url = f"{API}/agenda/GM0518/startoverleg"
    assert g.get(url).status_code == 404
    body = {"datum": "2026-02-03", "deelnemers": ["gemeente", "Staedion", "provincie"]}
    assert st.put(url, json=body).status_code == 403
    r = g.put(url, json=body)
    assert r.status_code == 201, r.get_json()
    assert r.headers["ETag"] == '"1"' and r.headers["Location"].endswith(url)
    _valideer(document, "Startoverleg", r.get_json())
    assert g.put(url, json=body).status_code == 428, "bestaat al: If-Match verplicht"
    r = g.put(url, json={**body, "datum": "2026-02-04"}, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.get_json()["datum"] == "2026-02-04"
    r = g.put(url, json=body, headers={"If-Match": '"1"'})
    assert r.status_code == 412 and r.get_json()["huidig"]["datum"] == "2026-02-04"
    assert g.get(url).headers["ETag"] == '"2"'
    assert omgeving["rijswijk"].put(url, json=body, headers={"If-Match": '"2"'}).status_code == 403

    staedion = omgeving["corporaties"]["Staedion"]
    mark = f"{API}/agenda/GM0518/geinformeerd/{staedion}"
    assert vid.put(mark, json={"datum": "2026-03-01"}).status_code == 403
    assert g.put(mark, json={"datum": "2026-03-01"}).status_code == 403
    r = st.put(mark, json={"datum": "2026-03-01", "notitie": "Per brief"})
    assert r.status_code == 201, r.get_json()
    _valideer(document, "Geinformeerd", r.get_json())
    assert st.put(mark, json={"datum": "2026-03-02"}).status_code == 428
    r = st.put(mark, json={"datum": "2026-03-02"}, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.get_json()["notitie"] is None
    agenda = g.get(f"{API}/agenda/GM0518").get_json()
    assert [(m["corporatie"], m["datum"]) for m in agenda["geinformeerd"]] == [
        ("Staedion", "2026-03-02")
    ]
    assert agenda["startoverleg"]["versie"] == 2


@pytest.mark.parametrize(
    ("body", "veld"),
    [
        ({"gemeente": "GM0518", "onderwerp": ""}, "onderwerp"),
        ({"gemeente": "GM0518", "onderwerp": "x", "status": "klaar"}, "status"),
        ({"gemeente": "GM0518", "onderwerp": "x", "casussen": [99999]}, "casussen"),
        ({"gemeente": "GM0518", "onderwerp": "x", "trekkers": ["De bank"]}, "trekkers"),
        ({"gemeente": "GM0518", "onderwerp": "x", "datum": "2026-02-30"}, "datum"),
        ({"gemeente": "GM9999", "onderwerp": "x"}, "gemeente"),
        ({"gemeente": "GM0518", "onderwerp": "x", "onbekend": 1}, "onbekend"),
        ({"gemeente": "GM0518", "onderwerp": "x" * 301}, "onderwerp"),
    ],
)
def test_ongeldig_agendapunt_is_422_met_veld(omgeving, body, veld):
    store = omgeving["store"]
    voor = store.tellingen()
    r = omgeving["beheer"].post(f"{API}/agendapunten", json=body)
    assert r.status_code == 422, r.get_json()
    details = r.get_json()["details"]
    assert any(d["veld"] == veld for d in details), details
    assert all(d["melding"] for d in details)
    assert store.tellingen() == voor


def test_ongeldige_vragen_zijn_4xx(omgeving):
    g = omgeving["gemeente"]
    assert g.get(f"{API}/agendapunten?partij=Bank").status_code == 400
    assert g.get(f"{API}/agendapunten?status=klaar").status_code == 400
    assert g.get(f"{API}/agenda/GM9999").status_code == 404
    assert g.get(f"{API}/agenda/{'x' * 300}").status_code == 404
    assert g.get(f"{API}/agendapunten/99999999999").status_code == 404
    r = g.put(f"{API}/agenda/GM0518/startoverleg", json={"deelnemers": "iedereen"})
    assert r.status_code == 422
    r = g.put(f"{API}/agenda/GM0518/startoverleg", json=[1])
    assert r.status_code == 422
    r = omgeving["staedion"].put(f"{API}/agenda/GM0518/geinformeerd/999", json={"datum": "x"})
    assert r.status_code in (404, 422)
    r = omgeving["staedion"].put(
        f"{API}/agenda/GM0518/geinformeerd/{omgeving['corporaties']['Staedion']}", json={}
    )
    assert r.status_code == 422 and r.get_json()["details"][0]["veld"] == "datum"


def test_xss_blijft_tekst_in_json_en_html(omgeving):
    g, st = omgeving["gemeente"], omgeving["staedion"]
    r = g.put(
        f"{API}/agenda/GM0518/startoverleg",
        json={"datum": "2026-02-03", "deelnemers": [XSS], "opmerking": XSS},
    )
    assert r.status_code == 201
    r = g.post(
        f"{API}/agendapunten",
        json={
            "gemeente": "GM0518",
            "onderwerp": XSS,
            "toelichting": XSS,
            "uitkomst": XSS,
            "status": "besproken",
        },
    )
    assert r.status_code == 201 and r.get_json()["onderwerp"] == XSS
    assert r.headers["Content-Type"].startswith("application/json")
    punt = r.get_json()["id"]
    r = st.put(
        f"{API}/agenda/GM0518/geinformeerd/{omgeving['corporaties']['Staedion']}",
        json={"datum": "2026-03-01", "notitie": XSS},
    )
    assert r.status_code == 201
    for pagina in (
        "/agenda",
        "/agenda/GM0518",
        "/agenda/GM0518/afdrukken",
        f"/agenda/punt/{punt}/bewerken",
    ):
        r = g.get(pagina)
        assert r.status_code == 200, pagina
        tekst = r.get_data(as_text=True)
        assert "<script>alert" not in tekst and "<img src=x" not in tekst, pagina
        assert XSS in html.unescape(tekst), pagina  # shown as text, escaped
