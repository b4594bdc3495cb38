"""Cases and contributions over the REST API and on the HTML pages: CRUD with ETag/If-Match,
filters, who has not answered, history, Dutch 4xx for bad input, answers valid against the
OpenAPI document, and XSS payloads that stay text in JSON and HTML."""

from __future__ import annotations

import html
import json

import jsonschema
import pytest
from aanmelding import client_als
from shapely.geometry import box

from locatieplanner.domein.casus import Casus
from locatieplanner.domein.model import Locatie, Toewijzing
from locatieplanner.domein.rechten import Account
from locatieplanner.web.openapi import openapi_document

API = "/api/v1"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'

GEMEENTE = Account("planner-dh", "gemeente", gemeenten=("GM0518",))
STAEDION = Account("corp-staedion", "corporatie", corporatie="Staedion")
PROVINCIE = Account("pzh", "provincie")


@pytest.fixture
def omgeving(app, kleine_store, client):
    loc = kleine_store.voeg_locatie_toe(
        Locatie(
            "Binckhorst",
            box(80000, 452000, 80100, 452100),
            "1A",
            daeb=20,
            toewijzingen=[Toewijzing("Vidomes", 20)],
        )
    )
    return {
        "beheer": client,
        "gemeente": client_als(app, GEMEENTE),
        "corporatie": client_als(app, STAEDION),
        "provincie": client_als(app, PROVINCIE),
        "store": kleine_store,
        "locatie": loc.id,
    }


def _casus(**kw) -> dict:
    data = {
        "gemeente": "GM0518",
        "soort": "kans",
        "titel": "Optoppen Binckhorst",
        "categorie": "netcongestie",
        "vragen": [1, 2],
        "oplossingsrichtingen": [{"tekst": "Batterij op locatie", "status": "in onderzoek"}],
        "potentieel": [{"jaar": 2029, "daeb": 30, "overig": 5}],
        "streefdatum": "2026-09-01",
    }
    data.update(kw)
    return data


def _valideer(document: dict, naam: str, data) -> None:
    schema = {"$ref": f"#/components/schemas/{naam}", "components": document["components"]}
    jsonschema.Draft202012Validator(schema).validate(data)


def test_casus_levenscyclus_met_bijdragen(omgeving):
    g, corp, prov = omgeving["gemeente"], omgeving["corporatie"], omgeving["provincie"]
    document = openapi_document()
    gebied = {
        "type": "Polygon",
        "coordinates": [
            [[4.35, 52.07], [4.36, 52.07], [4.36, 52.08], [4.35, 52.08], [4.35, 52.07]]
        ],
    }
    r = g.post(f"{API}/casussen", json=_casus(locaties=[omgeving["locatie"]], gebied=gebied))
    assert r.status_code == 201, r.get_json()
    assert r.headers["ETag"] == '"1"'
    casus = r.get_json()
    _valideer(document, "CasusMetBijdragen", casus)
    url = r.headers["Location"]
    assert url == f"{API}/casussen/{casus['id']}"
    assert casus["gebied"]["type"] == "Polygon"
    assert abs(casus["gebied"]["coordinates"][0][0][0] - 4.35) < 1e-6
    # Staedion: working area GM0518; Vidomes: assignment on the linked site
    assert casus["betrokken"] == ["Staedion", "Vidomes"]
    assert casus["open_partijen"] == ["gemeente", "Staedion", "Vidomes", "provincie"]

    # contributions: each party its own
    r = corp.post(
        f"{url}/bijdragen",
        json={"partij": "corporatie", "corporatie": "Staedion", "wat": "Grond", "soort": "grond"},
    )
    assert r.status_code == 201, r.get_json()
    bijdrage = r.headers["Location"]
    r = g.post(
        f"{url}/bijdragen",
        json={"partij": "gemeente", "wat": "Vergunning", "soort": "procedure", "bedrag": 1250.5},
    )
    assert r.status_code == 201
    dubbel = g.post(
        f"{url}/bijdragen", json={"partij": "gemeente", "wat": "Nog een", "soort": "anders"}
    )
    assert dubbel.status_code == 409 and dubbel.headers["Location"] == r.headers["Location"]
    assert dubbel.get_json()["huidig"]["wat"] == "Vergunning"
    geweigerd = prov.patch(bijdrage, json={"wat": "Van de provincie"}, headers={"If-Match": '"1"'})
    assert geweigerd.status_code == 403 and "eigen bijdrage" in geweigerd.get_json()["fout"]

    r = g.get(url)
    assert r.status_code == 200 and r.headers["ETag"] == '"1"'
    data = r.get_json()
    assert [b["corporatie"] or b["partij"] for b in data["bijdragen"]] == ["gemeente", "Staedion"]
    assert data["open_partijen"] == ["Vidomes", "provincie"]
    assert g.get(url, headers={"If-None-Match": '"1"'}).status_code == 304

    # PATCH with If-Match: 428 without, 412 stale (with the current case), 200 with ETag
    assert g.patch(url, json={"status": "in gesprek"}).status_code == 428
    r = g.patch(url, json={"status": "in gesprek", "vragen": [4]}, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.headers["ETag"] == '"2"'
    assert r.get_json()["vragen"] == [4] and r.get_json()["locaties"] == [omgeving["locatie"]]
    r = g.patch(url, json={"titel": "Oud"}, headers={"If-Match": '"1"'})
    assert r.status_code == 412 and r.get_json()["huidig"]["versie"] == 2
    # the province and a corporation do not edit cases
    assert prov.patch(url, json={"titel": "x"}, headers={"If-Match": '"2"'}).status_code == 403
    assert corp.delete(url, headers={"If-Match": '"2"'}).status_code == 403

    # an item as read may be sent back whole (read-only fields are ignored)
    gelezen = g.get(url).get_json()
    r = g.patch(url, json=gelezen, headers={"If-Match": '"2"'})
    assert r.status_code == 200 and r.headers["ETag"] == '"2"', r.get_json()  # unchanged

    r = corp.patch(bijdrage, json={"status": "in uitvoering"}, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.get_json()["status"] == "in uitvoering"
    _valideer(document, "Bijdrage", r.get_json())

    # filters
    def titels(query: str) -> list[str]:
        r = g.get(f"{API}/casussen?{query}")
        assert r.status_code == 200, r.get_json()
        return [c["titel"] for c in r.get_json()]

    assert titels("gemeente=GM0518&status=in+gesprek&categorie=netcongestie") == [
        "Optoppen Binckhorst"
    ]
    assert titels("partij=Staedion") == ["Optoppen Binckhorst"]
    assert titels("partij=provincie") == []
    assert titels("soort=knelpunt") == []

    historie = g.get(f"{url}/geschiedenis").get_json()
    assert [(h["tabel"], h["actie"]) for h in historie] == [
        ("casus", "toegevoegd"),
        ("bijdrage", "toegevoegd"),
        ("bijdrage", "toegevoegd"),
        ("casus", "gewijzigd"),
        ("bijdrage", "gewijzigd"),
    ]
    assert historie[0]["gebruiker"] == "planner-dh"

    assert g.delete(url, headers={"If-Match": '"2"'}).status_code == 204
    assert g.get(url).status_code == 404
    assert g.get(bijdrage).status_code == 404
    assert g.get(f"{url}/geschiedenis").get_json()[-1]["actie"] == "verwijderd"


@pytest.mark.parametrize(
    ("body", "veld"),
    [
        (_casus(categorie="regen"), "categorie"),
        (_casus(soort="wens"), "soort"),
        (_casus(vragen=[7]), "vragen[0]"),
        (_casus(potentieel=[{"jaar": 2029, "daeb": -1}]), "potentieel[0].daeb"),
        (_casus(potentieel=[{"jaar": 2029}, {"jaar": 2029}]), "potentieel"),
        (_casus(locaties=[99999]), "locaties"),
        (_casus(eigenaar="De bank"), "eigenaar"),
        (_casus(streefdatum="2026-02-30"), "streefdatum"),
        (_casus(titel=""), "titel"),
        (_casus(onbekend=1), "onbekend"),
    ],
)
def test_ongeldige_casus_is_422_met_veld(omgeving, body, veld):
    store = omgeving["store"]
    voor = store.tellingen()
    r = omgeving["gemeente"].post(f"{API}/casussen", json=body)
    assert r.status_code == 422, r.get_json()
    details = r.get_json()["details"]
    assert any(d["veld"] == veld for d in details), details
    assert all(d["melding"] for d in details)
    assert store.tellingen() == voor


def test_ongeldige_zoekvraag_en_bijdrage(omgeving):
    g = omgeving["gemeente"]
    r = g.get(f"{API}/casussen?partij=Bank")
    assert r.status_code == 400 and "onbekende partij" in r.get_json()["fout"]
    assert g.get(f"{API}/casussen?status=klaar").status_code == 400
    url = g.post(f"{API}/casussen", json=_casus()).headers["Location"]
    r = g.post(f"{url}/bijdragen", json={"partij": "gemeente", "wat": "x", "soort": "geld"})
    assert r.status_code == 422 and r.get_json()["details"][0]["veld"] == "soort"
    r = g.post(
        f"{url}/bijdragen",
        json={"partij": "corporatie", "corporatie": "Nergens", "wat": "x", "soort": "grond"},
    )
    assert r.status_code == 422 and "onbekende corporatie" in r.get_json()["fout"]
    r = g.post(
        f"{API}/casussen/999/bijdragen", json={"partij": "gemeente", "wat": "x", "soort": "grond"}
    )
    assert r.status_code == 404
    assert g.get(f"{API}/casussen/99999999999").status_code == 404


def test_xss_blijft_tekst_in_json_en_html(omgeving):
    g, corp = omgeving["gemeente"], omgeving["corporatie"]
    r = g.post(
        f"{API}/casussen",
        json=_casus(
            titel=XSS,
            beschrijving=XSS,
            oplossingsrichtingen=[{"tekst": XSS, "status": "voorgesteld"}],
        ),
    )
    assert r.status_code == 201
    assert r.headers["Content-Type"].startswith("application/json")
    data = r.get_json()
    assert data["titel"] == XSS and data["oplossingsrichtingen"][0]["tekst"] == XSS
    url = r.headers["Location"]
    assert (
        corp.post(
            f"{url}/bijdragen",
            json={"partij": "corporatie", "corporatie": "Staedion", "wat": XSS, "soort": "grond"},
        ).status_code
        == 201
    )
    casus_id = data["id"]
    for pagina in ("/casussen", f"/casussen/{casus_id}", f"/casussen/{casus_id}/bewerken"):
        r = g.get(pagina)
        assert r.status_code == 200, pagina
        tekst = r.get_data(as_text=True)
        assert "<script>alert" not in tekst and "<img src=x" not in tekst, pagina
        assert XSS in html.unescape(tekst), pagina  # shown as text, escaped


def test_paginas_maken_bewerken_en_bijdragen(omgeving):
    g, corp, store = omgeving["gemeente"], omgeving["corporatie"], omgeving["store"]
    formulier = {
        "gemeente": "GM0518",
        "soort": "knelpunt",
        "titel": "Parkeernorm blokkeert",
        "categorie": "parkeernorm",
        "vragen": ["2"],
        "locaties": str(omgeving["locatie"]),
        "oplossing_tekst": ["Norm verlagen", ""],
        "oplossing_status": ["gekozen", "voorgesteld"],
        "potentieel_jaar": ["2027", "2028", ""],
        "potentieel_daeb": ["10", "5", ""],
        "potentieel_overig": ["", "2", ""],
        "status": "open",
        "eigenaar": "gemeente",
        "streefdatum": "2026-12-31",
    }
    r = g.post("/casussen/nieuw", data=formulier)
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    (casus,) = store.casussen()
    assert casus.locaties == [omgeving["locatie"]] and casus.vragen == [2]
    assert [(p.jaar, p.daeb, p.overig) for p in casus.potentieel] == [(2027, 10, 0), (2028, 5, 2)]
    assert [(o.tekst, o.status) for o in casus.oplossingsrichtingen] == [
        ("Norm verlagen", "gekozen")
    ]

    # bad input: the form again with a Dutch message, nothing stored
    fout = g.post("/casussen/nieuw", data={**formulier, "potentieel_jaar": ["twintig", "", ""]})
    assert fout.status_code == 422 and "geheel getal" in fout.get_data(as_text=True)
    fout = g.post(f"/casussen/{casus.id}/bewerken", data={**formulier, "versie": "9"})
    assert fout.status_code == 409 and "intussen gewijzigd" in fout.get_data(as_text=True)
    assert len(store.casussen()) == 1 and store.casus(casus.id).versie == 1

    r = g.post(
        f"/casussen/{casus.id}/bewerken", data={**formulier, "versie": "1", "status": "in gesprek"}
    )
    assert r.status_code == 302 and store.casus(casus.id).status == "in gesprek"

    # each party its own contribution on the case page
    r = corp.post(
        f"/casussen/{casus.id}/bijdrage",
        data={
            "partij": "corporatie",
            "corporatie": "Staedion",
            "wat": "Deelauto's",
            "soort": "anders",
            "bedrag": "1250,50",
        },
    )
    assert r.status_code == 302
    r = corp.post(
        f"/casussen/{casus.id}/bijdrage",
        data={"partij": "gemeente", "wat": "Namens de gemeente", "soort": "anders"},
    )
    assert r.status_code == 403
    r = corp.post(
        f"/casussen/{casus.id}/bijdrage",
        data={
            "partij": "corporatie",
            "corporatie": "Staedion",
            "wat": "x",
            "soort": "anders",
            "bedrag": "veel",
        },
    )
    assert r.status_code == 422 and "bedrag" in r.get_data(as_text=True)
    # another case's (or no) contribution cannot be changed through this case's page
    r = corp.post(
        f"/casussen/{casus.id}/bijdrage",
        data={"partij": "corporatie", "corporatie": "Staedion", "bijdrage": "999999", "versie": "1",
              "wat": "x", "soort": "anders"},
    )  # fmt: skip
    assert r.status_code == 404
    pagina = g.get(f"/casussen/{casus.id}").get_data(as_text=True)
    assert "Deelauto" in pagina and "1 250,50" in pagina
    assert "Nog geen antwoord van: gemeente, Vidomes, provincie" in pagina
    # the municipality's page offers the form for its own contribution only
    assert pagina.count('name="partij"') == 1 and 'name="partij" value="gemeente"' in pagina

    lijst = g.get("/casussen?partij=Staedion&status=in+gesprek").get_data(as_text=True)
    assert "Parkeernorm blokkeert" in lijst
    assert "Parkeernorm blokkeert" not in g.get("/casussen?categorie=stikstof").get_data(
        as_text=True
    )
    fout = g.get("/casussen?status=klaar")
    assert fout.status_code == 422 and "open, in gesprek" in fout.get_data(as_text=True)


def test_openapi_beschrijft_de_casussen():
    paden = openapi_document()["paths"]
    assert {"get", "post"} <= set(paden["/casussen"])
    assert {"get", "patch", "delete"} <= set(paden["/casussen/{casus_id}"])
    assert "If-Match" in json.dumps(paden["/casussen/{casus_id}"]["patch"]["parameters"])
    assert "409" in paden["/casussen/{casus_id}/bijdragen"]["post"]["responses"]
    assert {"get", "patch", "delete"} <= set(paden["/bijdragen/{bijdrage_id}"])


def test_productieserver_een_van_twee_gelijktijdige_wijzigingen_wint(tmp_path, kleine_store):
    """Two writers change the same case at the same version through the real production server
    (gunicorn, two workers): exactly one is saved, the other gets 412 with the current case."""
    import threading

    import requests
    from aanmelding import token_voor
    from server_proces import Serverproces

    url = kleine_store.url
    casus = kleine_store.voeg_casus_toe(Casus("GM0518", "knelpunt", "Stikstof", "stikstof"))
    tokens = [
        token_voor(url, a) for a in (GEMEENTE, Account("tweede", "gemeente", gemeenten=("GM0518",)))
    ]
    uitslag: list[tuple[int, dict]] = []
    with Serverproces(tmp_path / "instance", url, "--workers", "2", "--threads", "2") as server:
        start = threading.Barrier(2, timeout=30)

        def schrijf(token: str, titel: str) -> None:
            start.wait()
            r = requests.patch(
                f"{server.url}{API}/casussen/{casus.id}",
                json={"titel": titel},
                headers={"Authorization": f"Bearer {token}", "If-Match": '"1"'},
                timeout=30,
            )
            uitslag.append((r.status_code, r.json()))

        draden = [
            threading.Thread(target=schrijf, args=(t, f"Titel {i}")) for i, t in enumerate(tokens)
        ]
        for d in draden:
            d.start()
        for d in draden:
            d.join(timeout=60)
        r = requests.get(
            f"{server.url}{API}/casussen/{casus.id}",
            headers={"Authorization": f"Bearer {tokens[0]}"},
            timeout=30,
        )
    assert sorted(s for s, _ in uitslag) == [200, 412], uitslag
    winnaar = next(d for s, d in uitslag if s == 200)
    verliezer = next(d for s, d in uitslag if s == 412)
    assert verliezer["huidig"]["titel"] == winnaar["titel"] and verliezer["huidig"]["versie"] == 2
    assert r.json()["titel"] == winnaar["titel"] and r.headers["ETag"] == '"2"'
    assert [g["actie"] for g in kleine_store.geschiedenis("casus", casus.id)] == [
        "toegevoegd",
        "gewijzigd",
    ]
