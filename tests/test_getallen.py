"""One set of numbers: the map's summary (GET /api/v1/locaties), the dashboard (/spreiding) and
the analysis JSON (GET /api/v1/analyse) give the same DAEB new build in the period 2021-2030 for
the example data, for the whole region, per municipality and for a corporation's share.

The corporation's share is also derived here independently, straight from the stored sites and
their assignments (the analysis' input), by the README's timing rule."""

from __future__ import annotations

import pytest
from aanmelding import client_als
from conftest import database_url
from spreiding_pagina import getal_uit, lees_tabel

from locatieplanner.domein.model import hardheid
from locatieplanner.store import Store
from locatieplanner.uitwisseling.demo import laad_demo
from locatieplanner.web import create_app

API = "/api/v1"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """(test client as the administrator, the store) on the example data in a real SQLite file."""
    url = database_url(tmp_path_factory.mktemp("getallen"))
    laad_demo(url, download=False)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "BASISKAART": False})
    store = Store.open(url)
    yield client_als(app), store
    store.sluit()


def _samenvatting(client, query: str = "") -> dict:
    r = client.get(f"{API}/locaties?limit=1{query}")
    assert r.status_code == 200, r.text[:500]
    return r.get_json()["samenvatting"]


def _analyse(client) -> dict:
    r = client.get(f"{API}/analyse")
    assert r.status_code == 200, r.text[:500]
    return r.get_json()


def _dashboard(
    client, peiljaar: int = 2030
) -> tuple[dict[str, dict[str, str]], dict[str, int | None]]:
    """The table per municipality (and ``regio``) and the key figure of DAEB as shown."""
    r = client.get(f"/spreiding?peiljaar={peiljaar}")
    assert r.status_code == 200
    html = r.text
    kern = html[html.index('id="kern-daeb"') : html.index('id="kern-evenwicht"')]
    waarden = {}
    for veld in ("daeb_totaal", "daeb_hard", "daeb_zacht"):
        begin = kern.index(f'data-veld="{veld}">') + len(f'data-veld="{veld}">')
        waarden[veld] = getal_uit(kern[begin : kern.index("<", begin)])
    na = kern.index('id="daeb-na"')
    begin = kern.index('data-veld="aantal">', na) + len('data-veld="aantal">')
    waarden["na_periode"] = getal_uit(kern[begin : kern.index("<", begin)])
    assert f'DAEB in plannen <span class="sp-periode">2021–{peiljaar}</span>' in kern
    assert f"na {peiljaar} (telt niet mee)" in kern
    return lees_tabel(html, "tabel-gemeenten"), waarden


def test_kaart_dashboard_en_analyse_geven_hetzelfde_getal(demo):
    client, _store = demo
    a = _analyse(client)
    regio = a["regio"]
    kaart = _samenvatting(client)
    tabel, kern = _dashboard(client)

    # the whole region: the map == the analysis == the dashboard (key figure and table)
    assert (kaart["van"], kaart["tot"]) == (regio["van"], regio["tot"]) == (2021, 2030)
    assert kaart["daeb"] == regio["daeb_hard"] + regio["daeb_zacht"] == regio["daeb_totaal"]
    assert (kaart["daeb_hard"], kaart["daeb_zacht"]) == (regio["daeb_hard"], regio["daeb_zacht"])
    assert kern == {
        "daeb_totaal": kaart["daeb"],
        "daeb_hard": kaart["daeb_hard"],
        "daeb_zacht": kaart["daeb_zacht"],
        "na_periode": kaart["daeb_na_periode"],
    }
    assert getal_uit(tabel["regio"]["daeb_hard"]) == kaart["daeb_hard"]
    assert getal_uit(tabel["regio"]["daeb_zacht"]) == kaart["daeb_zacht"]
    # the example data has DAEB after 2030: it is reported, apart, and not in the total
    assert kaart["daeb_na_periode"] > 0
    assert (kaart["daeb_zonder_jaar"], kaart["daeb_buiten_regio"]) == (0, 0)

    # per municipality: the map's filter == the analysis' municipality == the dashboard's row
    assert len(a["gemeenten"]) == 9
    for g in a["gemeenten"]:
        code = g["gemeente"]
        s = _samenvatting(client, f"&gemeente={code}")
        assert (s["daeb_hard"], s["daeb_zacht"]) == (g["daeb_hard"], g["daeb_zacht"]), code
        assert s["daeb"] == g["daeb_totaal"], code
        rij = tabel[code]
        assert (getal_uit(rij["daeb_hard"]), getal_uit(rij["daeb_zacht"])) == (
            s["daeb_hard"],
            s["daeb_zacht"],
        ), code
    assert sum(g["daeb_totaal"] for g in a["gemeenten"]) == kaart["daeb"]


def _aandeel_uit_invoer(store: Store, corporatie: str, gemeente: str | None = None) -> dict:
    """A corporation's assigned DAEB in the period from the stored sites: an assignment counts
    in its own year of delivery, else the site's; hard or soft by the site's status."""
    regio = store.regio()
    uit = {"daeb_hard": 0, "daeb_zacht": 0, "daeb_na_periode": 0}
    for loc in store.locaties():
        if loc.gemeente not in regio.gemeenten or (gemeente and loc.gemeente != gemeente):
            continue
        for tw in loc.toewijzingen:
            jaar = tw.oplevering if tw.oplevering is not None else loc.oplevering
            if tw.corporatie != corporatie or jaar is None:
                continue
            if regio.van <= jaar <= regio.tot:
                uit[f"daeb_{hardheid(loc.status)}"] += tw.daeb
            elif jaar > regio.tot:
                uit["daeb_na_periode"] += tw.daeb
    return uit


def test_met_corporatiefilter_telt_de_kaart_het_toegewezen_deel(demo):
    client, store = demo
    a = _analyse(client)
    corporaties = {c["corporatie"]: c for c in a["corporaties"]}
    assert len(corporaties) == 10
    hele_locaties_verschillen = False
    for naam, c in corporaties.items():
        s = _samenvatting(client, f"&corporatie={naam}")
        verwacht = _aandeel_uit_invoer(store, naam)
        assert s["corporatie"] == naam
        assert {k: s[k] for k in verwacht} == verwacht, naam
        assert s["daeb"] == verwacht["daeb_hard"] + verwacht["daeb_zacht"]
        # the analysis' table of corporations says the same
        assert (c["daeb_hard"], c["daeb_zacht"]) == (s["daeb_hard"], s["daeb_zacht"]), naam
        # whole sites would count more where a corporation shares a site (the old mistake)
        hele = sum(loc.daeb for loc in store.locaties(corporatie=naam))
        hele_locaties_verschillen |= hele != s["daeb"]
    assert hele_locaties_verschillen

    # a corporation within one municipality: the analysis' breakdown per municipality
    naam = max(corporaties, key=lambda n: len(corporaties[n]["gemeenten"]))
    for code, aantal in corporaties[naam]["gemeenten"].items():
        s = _samenvatting(client, f"&corporatie={naam}&gemeente={code}")
        assert (
            s["daeb"]
            == aantal
            == sum(
                _aandeel_uit_invoer(store, naam, code)[k]
                for k in (
                    "daeb_hard",
                    "daeb_zacht",
                )
            )
        ), (naam, code)


def test_onbekende_corporatie_is_een_nette_400(demo):
    client, _store = demo
    r = client.get(f"{API}/locaties?corporatie=Bestaat%20Niet")
    assert r.status_code == 400
    assert "corporatie" in {d["veld"] for d in r.get_json()["details"]}


def test_dashboard_met_eerder_peiljaar_noemt_die_periode(demo):
    """With reference year 2026 the dashboard counts 2021-2026 and reports the rest as after 2026:
    the deliveries 2027-2030 of the analysis' years plus what the map shows after 2030."""
    client, _store = demo
    kaart = _samenvatting(client)
    jaren = {j["jaar"]: j for j in _analyse(client)["jaren"]}
    _tabel, kern = _dashboard(client, 2026)
    later = sum(jaren[j]["daeb_hard"] + jaren[j]["daeb_zacht"] for j in range(2027, 2031))
    assert later > 0
    assert kern["na_periode"] == later + kaart["daeb_na_periode"]
    assert kern["daeb_totaal"] == kaart["daeb"] - later
