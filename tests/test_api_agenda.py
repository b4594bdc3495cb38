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
    assert g.get("/agenda").status_code == 200
    for pagina in (
        "/agenda/GM0518",
        "/agenda/GM0518/afdrukken",
        f"/agenda/punt/{punt}/bewerken",
    ):
        r = g.get(pagina)
        assert r.status_code == 200, pagina
        tekst = r.get_data(as_text=True)
        assert "<script>alert" not in tekst and "<img src=x" not in tekst, pagina
        assert XSS in html.unescape(tekst), pagina  # shown as text, escaped


def test_paginas_voorstellen_agenderen_en_melden(omgeving):
    g, st, prov, store = (
        omgeving["gemeente"],
        omgeving["staedion"],
        omgeving["provincie"],
        omgeving["store"],
    )
    # the municipality records the start meeting
    r = g.post(
        "/agenda/GM0518/startoverleg",
        data={"datum": "2026-02-03", "deelnemers": "gemeente\nStaedion\n\nprovincie"},
    )
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    assert store.startoverleg("GM0518").deelnemers == ["gemeente", "Staedion", "provincie"]
    assert st.post("/agenda/GM0518/startoverleg", data={"datum": "2026-02-04"}).status_code == 403
    r = g.post("/agenda/GM0518/startoverleg", data={"datum": "2026-02-04", "versie": "7"})
    assert r.status_code == 409 and "intussen gewijzigd" in r.get_data(as_text=True)

    # a corporation's page offers the proposal form only (no status, no carrying parties)
    pagina = st.get("/agenda/GM0518").get_data(as_text=True)
    assert 'id="voorstel"' in pagina and 'name="trekkers"' not in pagina
    assert 'id="startoverlegformulier"' not in pagina
    r = st.post(
        "/agenda/GM0518/punt",
        data={"onderwerp": "Grondruil", "casussen": [str(omgeving["casus"])], "status": "afgerond"},
    )
    assert r.status_code == 302
    punt = store.agendapunten(gemeente="GM0518")[0]
    assert (punt.voorgesteld_door, punt.status, punt.casussen) == (
        "Staedion",
        "voorgesteld",
        [omgeving["casus"]],
    )
    # the province's proposal; a bad date is the page again with a Dutch message
    r = prov.post("/agenda/GM0518/punt", data={"onderwerp": "Subsidie", "datum": "morgen"})
    assert r.status_code == 422 and "moet een datum JJJJ-MM-DD zijn" in r.get_data(as_text=True)
    assert prov.post("/agenda/GM0518/punt", data={"onderwerp": "Subsidie"}).status_code == 302

    # the municipality puts the corporation's proposal on the agenda
    pagina = g.get(f"/agenda/punt/{punt.id}/bewerken").get_data(as_text=True)
    assert 'name="trekkers"' in pagina and 'name="status"' in pagina
    r = g.post(
        f"/agenda/punt/{punt.id}/bewerken",
        data={
            "versie": "1",
            "onderwerp": "Grondruil",
            "casussen": [str(omgeving["casus"])],
            "datum": "2026-03-10",
            "voorgesteld_door": "Staedion",
            "status": "besproken",
            "trekkers": ["gemeente", "Staedion"],
            "uitkomst": "Ruil onderzoeken",
        },
    )
    assert r.status_code == 302, r.get_data(as_text=True)[:800]
    punt = store.agendapunt(punt.id)
    assert (punt.status, punt.trekkers, punt.uitkomst) == (
        "besproken",
        ["gemeente", "Staedion"],
        "Ruil onderzoeken",
    )
    # now the corporation no longer edits it
    assert st.get(f"/agenda/punt/{punt.id}/bewerken").status_code == 200
    r = st.post(f"/agenda/punt/{punt.id}/bewerken", data={"versie": "2", "onderwerp": "x"})
    assert r.status_code == 403
    r = g.post(f"/agenda/punt/{punt.id}/bewerken", data={"versie": "1", "onderwerp": "Oud"})
    assert r.status_code == 409

    # filters on the page
    tekst = g.get("/agenda/GM0518?status=besproken").get_data(as_text=True)
    assert "Grondruil" in tekst and "Subsidie" not in tekst
    tekst = g.get("/agenda/GM0518?partij=provincie").get_data(as_text=True)
    assert "Subsidie" in tekst and "Grondruil" not in tekst
    r = g.get("/agenda/GM0518?status=klaar")
    assert r.status_code == 422 and "toegestaan zijn voorgesteld" in r.get_data(as_text=True)
    assert g.get("/agenda/GM9999").status_code == 404

    # the tenants' organisation: a corporation's own mark, with its version afterwards
    r = st.post("/agenda/GM0518/geinformeerd", data={"corporatie": "Staedion", "datum": ""})
    assert r.status_code == 422
    r = st.post(
        "/agenda/GM0518/geinformeerd", data={"corporatie": "Staedion", "datum": "2026-03-20"}
    )
    assert r.status_code == 302
    r = st.post(
        "/agenda/GM0518/geinformeerd", data={"corporatie": "Vidomes", "datum": "2026-03-20"}
    )
    assert r.status_code == 403
    pagina = st.get("/agenda/GM0518").get_data(as_text=True)
    assert "2026-03-20" in pagina and 'name="versie" value="1"' in pagina

    # the printable page has the item with its carrying parties and outcome, and the marks
    afdruk = g.get("/agenda/GM0518/afdrukken").get_data(as_text=True)
    assert "@page" not in afdruk  # the print CSS is a stylesheet, no inline style
    for tekst in (
        "Grondruil",
        "gemeente, Staedion",
        "Ruil onderzoeken",
        "Staedion: geïnformeerd op 2026-03-20",
    ):
        assert tekst in html.unescape(afdruk), tekst

    # deleting: the proposer its own proposal, the municipality any
    subsidie = next(p for p in store.agendapunten() if p.onderwerp == "Subsidie")
    r = prov.post(f"/agenda/punt/{subsidie.id}/verwijderen", data={"versie": "1"})
    assert r.status_code == 302
    assert st.post(f"/agenda/punt/{punt.id}/verwijderen", data={"versie": "2"}).status_code == 403
    assert g.post(f"/agenda/punt/{punt.id}/verwijderen", data={"versie": "2"}).status_code == 302
    assert store.agendapunten() == []
