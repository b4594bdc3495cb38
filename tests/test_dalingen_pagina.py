"""The dips page (``/dalingen``) server-side on the hand-checked region: the dips with their
causes, the builder's comparison, Dutch 4xx for bad steps and form fields (never a 500), XSS in
names and notes stays text, the apply button only for who may."""

from __future__ import annotations

import html

import pytest
from aanmelding import client_als

from locatieplanner.domein.rechten import Account
from locatieplanner.domein.scenario import Scenario, Stap
from locatieplanner.store import Store
from locatieplanner.web import create_app
from tests.analyse_testdata import vul_store
from tests.conftest import database_url

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ALFA = Account("alfa", "corporatie", corporatie="Alfa")


@pytest.fixture
def omgeving(tmp_path):
    url = database_url(tmp_path)
    store = Store.open(url)
    vul_store(store)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "BASISKAART": False})
    yield store, client_als(app), client_als(app, ALFA)
    store.sluit()


def test_dalingen_met_oorzaken_en_vergelijking(omgeving):
    _store, c, _alfa = omgeving
    tekst = c.get("/dalingen").get_data(as_text=True)
    assert 'data-gemeente="GM9001"' in tekst and "onttrekking 1: 150 sloop (Alfa)" in tekst
    r = c.get("/dalingen?gemeente=GM9001&stap=onttrekking_verschuiven|1|2026||")
    assert r.status_code == 200
    tekst = r.get_data(as_text=True)
    assert 'id="diepte-zonder">150<' in tekst and 'id="diepte-met">0<' in tekst
    assert "Zonder scenario" in tekst and "Met scenario" in tekst


@pytest.mark.parametrize(
    ("query", "deel"),
    [
        ("gemeente=GM9001&stap=slopen|1|2026||", "toegestaan zijn onttrekking_verschuiven"),
        ("gemeente=GM9001&stap=onttrekking_verschuiven|x|2026||", "geheel getal"),
        ("gemeente=GM9001&stap=onttrekking_verschuiven|999|2026||", "onbekende onttrekking"),
        ("gemeente=GM9001&stap=oplevering_splitsen|1||2025-100|", "jaar:aantal"),
        ("gemeente=GM9001&stap=onttrekking_verschuiven|1|1800||", "2000 t/m 2100"),
        ("gemeente=GM0000", "onbekende gemeente"),
        ("scenario=abc&gemeente=GM9001", "bestaat niet"),
    ],
)
def test_foute_stappen_geven_nederlandse_4xx(omgeving, query, deel):
    _store, c, _alfa = omgeving
    r = c.get(f"/dalingen?{query}")
    assert 400 <= r.status_code < 500, r.status_code
    assert deel in html.unescape(r.get_data(as_text=True))


def test_opslaan_fout_422_en_xss_blijft_tekst(omgeving):
    store, c, _alfa = omgeving
    stap = "onttrekking_verschuiven|1|2026||"
    r = c.post("/dalingen/opslaan", data={"gemeente": "GM9001", "stap": stap, "naam": ""})
    assert r.status_code == 422 and "naam" in r.get_data(as_text=True)
    r = c.post(
        "/dalingen/opslaan",
        data={"gemeente": "GM9001", "stap": stap, "naam": "x", "casus": "12a"},
    )
    assert r.status_code == 422 and "geheel getal" in r.get_data(as_text=True)
    assert store.scenarios() == []
    r = c.post(
        "/dalingen/opslaan",
        data={"gemeente": "GM9001", "stap": stap, "naam": XSS, "toelichting": XSS},
    )
    assert r.status_code == 302
    tekst = c.get(r.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in tekst and "<img src=x" not in tekst
    assert tekst.count("&lt;script&gt;alert(") >= 2  # the name (twice) and the note, as text


def test_knop_toepassen_alleen_voor_wie_mag(omgeving):
    store, c, alfa = omgeving
    sc = store.voeg_scenario_toe(
        Scenario("Eerder", "GM9001", [Stap("oplevering_verschuiven", 1, jaar=2024)])
    )
    assert "Toepassen op het plan" in c.get(f"/dalingen?scenario={sc.id}").get_data(as_text=True)
    tekst = alfa.get(f"/dalingen?scenario={sc.id}").get_data(as_text=True)
    assert "Toepassen op het plan" not in tekst
    assert "alleen de eigen toewijzingen" in html.unescape(tekst)
    r = alfa.post(f"/dalingen/scenarios/{sc.id}/toepassen", data={"versie": "1"})
    assert r.status_code == 403 and store.locatie(1).oplevering == 2026
    r = c.post(f"/dalingen/scenarios/{sc.id}/toepassen", data={"versie": "x"})
    assert r.status_code == 422
    store.wijzig_locatie(1, {"opmerking": "nieuw"}, 1)
    r = c.post(f"/dalingen/scenarios/{sc.id}/toepassen", data={"versie": "1"})
    assert r.status_code == 409 and "is gewijzigd sinds scenario" in r.get_data(as_text=True)
    assert store.locatie(1).oplevering == 2026
