"""Warnings where people work: the warnings in the API's answer to a saved site (delivery outside
the period, a corporation outside its working area, DAEB not assigned) agree with the analysis'
signals; ``GET /api/v1/locaties/<id>/signalen``; the signals per municipality on the dashboard
``/spreiding``. All on a real temporary SQLite store."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

import jsonschema
import pytest
from aanmelding import client_als
from conftest import database_url
from shapely.geometry import Point
from spreiding_pagina import lees_tabel
from test_api import API, RD, vlak

from locatieplanner import analyse
from locatieplanner.analyse.signalen import SOORTEN as SOORTEN_SIGNAAL
from locatieplanner.domein import kwaliteit
from locatieplanner.domein.model import Gemeente, Locatie, Toewijzing
from locatieplanner.domein.regio import laad_regio
from locatieplanner.domein.waarschuwingen import SOORTEN as SOORTEN_WAARSCHUWING
from locatieplanner.store import Store
from locatieplanner.uitwisseling.demo import laad_demo
from locatieplanner.web import create_app
from locatieplanner.web.openapi import openapi_document
from locatieplanner.weergave.dashboard import SIGNAALNAMEN

#: In GM0518 ('s-Gravenhage) of the small test municipalities (x < 85000).
IN_DEN_HAAG = vlak(80000, 452000, 80100, 452100)
#: In GM0603 (Rijswijk), where Staedion does not work.
IN_RIJSWIJK = vlak(86000, 446000, 86100, 446100)


def opslaan(client, geometrie=IN_DEN_HAAG, **eigenschappen) -> dict:
    props = {"naam": "Binckhorst", "status": "1A", "daeb": 0, "oplevering": 2027}
    props.update(eigenschappen)
    r = client.post(
        f"{API}/locaties?{RD}",
        json={"type": "Feature", "geometry": geometrie, "properties": props},
    )
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def soorten(body: dict) -> list[str]:
    return [w["soort"] for w in body["waarschuwingen"]]


def signalen_van(client, locatie_id: int) -> list[dict]:
    r = client.get(f"{API}/locaties/{locatie_id}/signalen")
    assert r.status_code == 200, r.get_json()
    return r.get_json()


@pytest.fixture
def api(kleine_store, client):
    """The test client on a store with GM0518, GM0603 and Staedion (GM0518), Vidomes (both)."""
    return client


# --------------------------------------------------------------------------- shared rules


def test_regels_van_analyse_en_waarschuwingen_zijn_een():
    regio = laad_regio()
    assert [kwaliteit.periode_soort(j, regio) for j in (None, 2020, 2021, 2030, 2031)] == [
        "geen_oplevering",
        "oplevering_voor_periode",
        None,
        None,
        "oplevering_na_periode",
    ]
    assert kwaliteit.buiten_werkgebied(["GM0518"], "GM0603")
    assert not kwaliteit.buiten_werkgebied(["GM0518"], "GM0518")
    assert not kwaliteit.buiten_werkgebied([], "GM0603")  # no working area stated
    assert not kwaliteit.buiten_werkgebied(["GM0518"], None)
    assert [kwaliteit.toewijzing_soort(40, n) for n in (25, 40, 41)] == [
        "daeb_zonder_corporatie",
        None,
        "toewijzing_te_groot",
    ]
    # the kinds of warning that the analysis also knows carry the signal's name
    assert set(SOORTEN_WAARSCHUWING) - set(SOORTEN_SIGNAAL) == {"buiten", "onbekend"}
    assert set(SIGNAALNAMEN) == set(SOORTEN_SIGNAAL)


def test_opleveringen_van_een_locatie_volgen_de_tijdsregel():
    loc = Locatie(
        "x",
        None,
        "1A",
        daeb=40,
        midden=10,
        oplevering=2029,
        toewijzingen=[Toewijzing("Staedion", 20, 2031), Toewijzing("Vidomes", 5)],
    )
    # 20 in the assignment's year, 5 in the site's, the 15 unassigned + 10 midden in the site's
    assert kwaliteit.opleveringen(loc) == {2031: 20, 2029: 30}


# --------------------------------------------------------------------------- API answers


def test_oplevering_na_de_periode(api):
    body = opslaan(
        api, daeb=40, oplevering=2031, toewijzingen=[{"corporatie": "Vidomes", "daeb": 40}]
    )
    assert soorten(body) == ["oplevering_na_periode"]
    (w,) = body["waarschuwingen"]
    assert (w["aantal"], w["jaren"]) == (40, [2031])
    assert "40 woningen worden opgeleverd in 2031" in w["melding"]
    assert "na de periode 2021–2030 van regio Haaglanden" in w["melding"]
    assert "tellen niet mee" in w["melding"]
    # saved nevertheless
    assert api.get(f"{API}/locaties/{body['id']}").get_json()["properties"]["oplevering"] == 2031


def test_oplevering_voor_de_periode_en_per_toewijzing(api):
    body = opslaan(
        api,
        daeb=30,
        start=2019,
        oplevering=2020,
        toewijzingen=[{"corporatie": "Vidomes", "daeb": 10, "oplevering": 2032}],
    )
    per_soort = {w["soort"]: w for w in body["waarschuwingen"]}
    assert per_soort["oplevering_voor_periode"]["aantal"] == 20
    assert "vóór de periode 2021–2030" in per_soort["oplevering_voor_periode"]["melding"]
    assert per_soort["oplevering_na_periode"]["jaren"] == [2032]
    assert per_soort["oplevering_na_periode"]["aantal"] == 10


def test_corporatie_buiten_haar_werkgebied(api):
    body = opslaan(api, IN_RIJSWIJK, daeb=30, toewijzingen=[{"corporatie": "Staedion", "daeb": 30}])
    assert body["properties"]["gemeente"] == "GM0603"
    (w,) = body["waarschuwingen"]
    assert w["soort"] == "buiten_werkgebied"
    assert (w["corporatie"], w["gemeente"], w["aantal"]) == ("Staedion", "GM0603", 30)
    assert "Staedion" in w["melding"] and "GM0603 (Rijswijk)" in w["melding"]
    assert "werkgebied: GM0518" in w["melding"]


def test_daeb_niet_toegewezen(api):
    body = opslaan(api, daeb=40, toewijzingen=[{"corporatie": "Vidomes", "daeb": 25}])
    (w,) = body["waarschuwingen"]
    assert w["soort"] == "daeb_zonder_corporatie" and w["aantal"] == 15
    assert "15 van 40 DAEB-woningen" in w["melding"]


def test_geheel_toegewezen_binnen_periode_en_werkgebied_geeft_niets(api):
    body = opslaan(api, daeb=40, toewijzingen=[{"corporatie": "Staedion", "daeb": 40}])
    assert body["waarschuwingen"] == []


def test_wijzigen_van_toewijzingen_geeft_dezelfde_waarschuwingen(api):
    """Assignments change through the site's PUT and PATCH (there is no writing route of
    their own): both answers carry the warnings."""
    body = opslaan(api, IN_RIJSWIJK, daeb=40, toewijzingen=[{"corporatie": "Vidomes", "daeb": 40}])
    assert body["waarschuwingen"] == []
    url = f"{API}/locaties/{body['id']}?{RD}"
    r = api.patch(
        url,
        json={"properties": {"toewijzingen": [{"corporatie": "Staedion", "daeb": 25}]}},
        headers={"If-Match": '"1"', "Content-Type": "application/merge-patch+json"},
    )
    assert r.status_code == 200, r.get_json()
    assert soorten(r.get_json()) == ["buiten_werkgebied", "daeb_zonder_corporatie"]
    props = {"naam": "Binckhorst", "status": "1A", "daeb": 40, "oplevering": 2031}
    props["toewijzingen"] = [{"corporatie": "Vidomes", "daeb": 40}]
    r = api.put(
        url,
        json={"type": "Feature", "geometry": IN_RIJSWIJK, "properties": props},
        headers={"If-Match": '"2"'},
    )
    assert r.status_code == 200, r.get_json()
    assert soorten(r.get_json()) == ["oplevering_na_periode"]


def test_alle_soorten_samen_gelijk_aan_de_signalen_van_de_analyse(api, kleine_store):
    """The warnings of a save name the same kinds as the analysis' signals of that site."""
    body = opslaan(
        api,
        IN_RIJSWIJK,
        naam="Alles mis",
        daeb=40,
        oplevering=2031,
        toewijzingen=[{"corporatie": "Staedion", "daeb": 25}],
    )
    verwacht = ["oplevering_na_periode", "buiten_werkgebied", "daeb_zonder_corporatie"]
    assert soorten(body) == verwacht
    signalen = signalen_van(api, body["id"])
    assert {s["soort"] for s in signalen} == set(verwacht)
    assert signalen == [
        s.als_dict() for s in analyse.analyseer(kleine_store).signalen if body["id"] in s.locaties
    ]
    per_soort = {s["soort"]: s for s in signalen}
    assert per_soort["daeb_zonder_corporatie"]["aantal"] == 15
    assert per_soort["buiten_werkgebied"]["aantal"] == 25


def test_openapi_kent_de_nieuwe_soorten():
    doc = openapi_document()
    soort = doc["components"]["schemas"]["Waarschuwing"]["properties"]["soort"]
    assert set(soort["enum"]) == set(SOORTEN_WAARSCHUWING)
    assert "/locaties/{locatie_id}/signalen" in doc["paths"]


# --------------------------------------------------------------------------- GET .../signalen


def test_signalen_van_een_locatie_met_overlap(api):
    a = opslaan(api, vlak(80000, 452000, 80100, 452100), naam="Eerste")
    b = opslaan(api, vlak(80050, 452000, 80150, 452100), naam="Tweede")
    assert soorten(b) == ["overlap"]
    ver = opslaan(api, vlak(83000, 452000, 83100, 452100), naam="Ver weg")
    for loc in (a, b):
        (s,) = signalen_van(api, loc["id"])
        assert (s["soort"], s["ernst"], s["locaties"]) == (
            "overlap",
            "waarschuwing",
            [a["id"], b["id"]],
        )
        assert s["oppervlakte_m2"] == pytest.approx(5000)
        assert "'Eerste'" in s["melding"] and "'Tweede'" in s["melding"]
    assert signalen_van(api, ver["id"]) == []


def test_signalen_voldoen_aan_het_openapi_schema(api):
    loc = opslaan(api, vlak(84940, 450000, 85040, 450100), daeb=10, oplevering=None)
    lijst = signalen_van(api, loc["id"])
    assert {s["soort"] for s in lijst} == {"grens", "daeb_zonder_corporatie", "geen_oplevering"}
    doc = openapi_document()
    antwoord = doc["paths"]["/locaties/{locatie_id}/signalen"]["get"]["responses"]["200"]
    schema = antwoord["content"]["application/json"]["schema"]
    jsonschema.validate(lijst, {**schema, "components": doc["components"]})


def test_signalen_van_onbekende_locatie_404_en_zonder_aanmelding_401(api, app):
    for pad in ("999", str(2**40)):
        r = api.get(f"{API}/locaties/{pad}/signalen")
        assert r.status_code == 404
        assert "bestaat niet" in r.get_json()["fout"]
    r = app.test_client().get(f"{API}/locaties/1/signalen")
    assert r.status_code == 401


def test_xss_in_naam_blijft_data(api):
    naam = "<img src=x onerror=alert(1)>"
    a = opslaan(api, vlak(80000, 452000, 80100, 452100), naam=naam)
    opslaan(api, vlak(80050, 452000, 80150, 452100), naam="Tweede")
    (s,) = signalen_van(api, a["id"])
    assert repr(naam) in s["melding"]


# --------------------------------------------------------------------------- dashboard


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    """The example data (no boundaries: offline) in a real SQLite file, once per module."""
    url = database_url(tmp_path_factory.mktemp("demo"))
    laad_demo(url, download=False)
    return url


def _pagina(url: str) -> str:
    """The dashboard with each municipality's signal section opened: its list fetched from
    /spreiding/signalen/<code> as the page does."""
    c = client_als(create_app({"TESTING": True, "DATABASE_URL": url, "BASISKAART": False}))
    r = c.get("/spreiding")
    assert r.status_code == 200
    assert 'class="sp-signaallijst"' not in r.text  # the lists come when opened

    def open_sectie(m: re.Match) -> str:
        lijst = c.get(f"/spreiding/signalen/{m[2]}")
        assert lijst.status_code == 200, lijst.text[:500]
        return m[1] + lijst.get_data(as_text=True) + "</div></details>"

    return re.sub(
        r'(<details class="sp-signalen" id="signalen-([^"]+)".*?<div class="sp-laadinhoud">)'
        r".*?</div></details>",
        open_sectie,
        r.get_data(as_text=True),
        flags=re.S,
    )


def test_dashboard_signalen_per_gemeente_gelijk_aan_analyse(demo_url):
    html = _pagina(demo_url)
    store = Store.open(demo_url)
    try:
        data = analyse.analyseer(store).als_dict()
        ids = {loc.id for loc in store.locaties(met_geometrie=False)}
        regio = store.regio()
    finally:
        store.sluit()
    signalen = data["signalen"]
    assert signalen, "de voorbeelddata heeft signalen"
    tabel = lees_tabel(html, "tabel-signalen")
    per_gemeente = Counter(
        s["gemeente"] if s["gemeente"] in regio.gemeenten else "overig" for s in signalen
    )
    # every member municipality has a row, also without signals
    assert set(tabel) == set(regio.gemeenten) | ({"overig"} if per_gemeente["overig"] else set())
    for code, rij in tabel.items():
        assert int(rij["signalen"]) == per_gemeente[code], code
        for ernst in ("fout", "waarschuwing", "info"):
            verwacht = sum(
                1
                for s in signalen
                if s["ernst"] == ernst
                and (s["gemeente"] if s["gemeente"] in regio.gemeenten else "overig") == code
            )
            assert int(rij[ernst]) == verwacht, (code, ernst)
    assert sum(int(r["signalen"]) for r in tabel.values()) == len(signalen)
    # every message is listed once, as text
    meldingen = [
        unescape(m) for m in re.findall(r'<span class="sp-signaalmelding">(.*?)</span>', html)
    ]
    assert sorted(meldingen) == sorted(s["melding"] for s in signalen)
    # every link goes to an existing site on the planner's map, one per site a signal names
    links = [int(x) for x in re.findall(r'href="/\?locatie=(\d+)"', html)]
    assert links and set(links) <= ids
    assert len(links) == sum(len(s["locaties"]) for s in signalen)
    # counts per kind, with the severity in words
    for code in regio.gemeenten:
        blok = re.search(
            rf'<details class="sp-signalen" id="signalen-{code}".*?</details>', html, re.S
        )
        assert blok, code
        soorten_hier = Counter(s["soort"] for s in signalen if s["gemeente"] == code)
        for soort, n in soorten_hier.items():
            assert re.search(
                rf'data-soort="{soort}" data-ernst="\w+"><span class="sp-ernst[^"]*">[^<]+</span> '
                rf'{re.escape(SIGNAALNAMEN[soort])}: <span data-veld="aantal">{n}</span>',
                unescape(blok.group(0)),
            ), (code, soort)


def test_dashboard_signalen_op_gemeenteniveau_en_buiten_de_regio(tmp_path):
    """geen_bod and startvoorraad_ontbreekt are shown with their municipality; a site outside
    the region gets a block of its own; names stay text."""
    store = Store.open(database_url(tmp_path))
    store.zet_regio(laad_regio())
    store.bewaar_gemeenten([Gemeente("GM0363", "Amsterdam")])
    punt = Point(80000, 452000)
    store.voeg_locatie_toe(
        Locatie("<b>vet</b>", punt, "1A", gemeente="GM0518", daeb=5, oplevering=2025)
    )
    elders = Point(120000, 480000)
    store.voeg_locatie_toe(Locatie("Elders", elders, "1A", gemeente="GM0363", oplevering=2025))
    store.sluit()
    html = _pagina(store.url)
    tabel = lees_tabel(html, "tabel-signalen")
    # no stocks and no bids: per member municipality startvoorraad_ontbreekt + geen_bod
    assert tabel["GM0603"]["signalen"] == "2" and tabel["GM0603"]["fout"] == "1"
    assert tabel["GM0518"]["signalen"] == "3"  # + the site's DAEB without corporation
    assert tabel["overig"]["signalen"] == "1"
    assert "&lt;b&gt;vet&lt;/b&gt;" in html and "<b>vet</b>" not in html
    assert 'id="kop-signalen-GM0603"' in html
