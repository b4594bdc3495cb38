"""The dashboard ``/spreiding`` in a real headless Chromium against a real local server: the
numbers of the analysis, switching the choropleth without a reload, no external requests, no
console errors, names stay text; a screenshot goes to ``test-artefacten/spreiding.png``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import browser
import pytest
from aanmelding import meld_aan
from analyse_testdata import vul_store
from browser import ARTEFACTEN
from conftest import CBS_GEMEENTEN, database_url, vereist
from spreiding_pagina import XSS_REGIO, vergelijk_tabel

from locatieplanner.analyse import analyseer
from locatieplanner.store import Store
from locatieplanner.uitwisseling.demo import laad_demo
from locatieplanner.weergave.dashboard import STANDAARD_ZACHT_FACTOR
from locatieplanner.weergave.grafiek import getal
from locatieplanner.weergave.spreidingskaart import indicatoren

pytestmark = pytest.mark.browser


#: The rows of the municipal table as the browser shows them (same form as lees_tabel).
_TABEL_JS = """(ident) => {
    const uit = {};
    document.querySelectorAll('#' + ident + ' tr[data-gemeente]').forEach(tr => {
        const rij = uit[tr.dataset.gemeente] = {};
        tr.querySelectorAll('[data-veld]').forEach(e => {
            rij[e.dataset.veld] = e.textContent.replace(/\\s+/g, ' ').trim();
            if (e.dataset.voldoet) { rij[e.dataset.veld + ':voldoet'] = e.dataset.voldoet; }
        });
    });
    return uit;
}"""
_VULLINGEN_JS = """() => Object.fromEntries(Array.from(document.querySelectorAll('path.lp-spreiding'))
    .map(e => [e.getAttribute('class').match(/lp-spreiding-(\\S+)/)[1], e.getAttribute('fill')]))"""


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """The example data with the real CBS boundaries (so the choropleth has municipalities):
    the server's base URL and the database URL."""
    vereist(CBS_GEMEENTEN.exists(), f"referentiedata ontbreekt: {CBS_GEMEENTEN}")
    url = database_url(tmp_path_factory.mktemp("demo_browser"))
    laad_demo(url, gemeenten_pad=CBS_GEMEENTEN, download=False)
    with browser.draai(browser.maak_app(url)) as basis:
        yield basis, url


def _open(chromium: Any, basis: str, pad: str) -> tuple[Any, Any, list[str], list[str]]:
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL")
    pagina = context.new_page()
    extern: list[str] = []
    fouten: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(basis + "/"):
            r.continue_()
        else:
            extern.append(r.request.url)
            r.abort()

    pagina.route("**/*", route)
    pagina.on("pageerror", lambda e: fouten.append(f"pageerror: {e}"))
    pagina.on("console", lambda m: fouten.append(m.text) if m.type == "error" else None)
    pagina.on("dialog", lambda d: (fouten.append("dialoog: " + d.message), d.dismiss()))
    meld_aan(pagina, basis)
    pagina.goto(basis + pad)
    pagina.wait_for_selector(".folium-map[data-spreiding='geladen']", timeout=20000)
    return context, pagina, extern, fouten


def _verwachte_vullingen(indicator: Any) -> dict[str, str]:
    return {code: indicator.klassen[k].kleur for code, (_t, k) in indicator.waarden.items()}


def test_dashboard_toont_de_analyse_en_wisselt_de_kaart(chromium, demo_server):
    basis, url = demo_server
    store = Store.open(url)
    a = analyseer(store, zacht_factor=STANDAARD_ZACHT_FACTOR)
    store.sluit()
    context, pagina, extern, fouten = _open(chromium, basis, "/spreiding")
    try:
        assert pagina.evaluate("window.locatieplanner_spreiding.fouten") == []
        assert pagina.evaluate("window.locatieplanner_spreiding.aantal") == 9
        # the numbers of the analysis, as the browser shows them
        vergelijk_tabel(pagina.evaluate(_TABEL_JS, "tabel-gemeenten"), a)
        t = a.totalen
        assert getal(t["netto_totaal"], teken=True) in pagina.inner_text("#kern-voortgang")
        assert f"+{getal(t['doel_netto'])}" in pagina.inner_text("#kern-voortgang")
        assert getal(t["daeb_totaal"]) in pagina.inner_text("#kern-daeb")
        assert getal(a.evenwicht.eind, 4) in pagina.inner_text("#kern-evenwicht")
        # hard, hard + soft, realistic (the page's soft factor) and met kansen
        assert pagina.locator("#voortgang svg rect.staaf").count() == 3 + (
            a.zacht_factor is not None
        )
        assert pagina.locator("#daeb-per-jaar svg rect.staaf").count() == 2 * len(a.jaren)
        # a municipality's stock chart comes when its place comes into view, with its name
        plek = pagina.locator("#voorraad figure[data-gemeente='GM0518']")
        plek.scroll_into_view_if_needed()
        plek.locator("svg.lp-grafiek").wait_for(timeout=15000)
        naam = a.gemeenten.at["GM0518", "naam"]
        assert plek.locator("svg.lp-grafiek title").first.text_content() == naam
        pagina.screenshot(path=str(ARTEFACTEN / "spreiding-voorraad.png"))
        # and the button fetches all (to print)
        pagina.click("#voorraad-alle")
        pagina.wait_for_function(
            "document.querySelectorAll('#voorraad svg.lp-grafiek').length === 9", timeout=15000
        )
        # a part with a row per municipality comes when it is opened (keyboard: Enter on summary)
        pagina.focus("#deel-evenwicht summary")
        pagina.keyboard.press("Enter")
        pagina.locator("#tabel-evenwicht tr[data-gemeente='GM0518']").wait_for(timeout=15000)
        assert pagina.evaluate("window.locatieplanner_spreiding_lijsten.fouten") == []

        # the choropleth: three indicators, switched without a reload
        pagina.evaluate("window.__zelfde_pagina = true")
        ind = {i.code: i for i in indicatoren(a)}
        assert pagina.get_attribute(".folium-map", "data-indicator") == "netto_daeb"
        assert pagina.evaluate(_VULLINGEN_JS) == _verwachte_vullingen(ind["netto_daeb"])
        gezien = []
        for code in ("aandeel_sociaal", "verschil_bod", "netto_daeb"):
            pagina.locator(f"label:has(input[name='indicator'][value='{code}'])").click()
            pagina.wait_for_function(
                "c => document.querySelector('.folium-map').dataset.indicator === c", arg=code
            )
            vullingen = pagina.evaluate(_VULLINGEN_JS)
            assert vullingen == _verwachte_vullingen(ind[code]), code
            gezien.append(vullingen)
            legenda = pagina.inner_text("#lp-kleurlegenda")
            assert ind[code].titel in legenda
            for klasse in ind[code].klassen:
                assert klasse.label in legenda
            assert pagina.is_checked(f"input[name='indicator'][value='{code}']")
        assert gezien[0] != gezien[1] != gezien[2]
        assert pagina.evaluate("window.__zelfde_pagina") is True  # no reload

        # the tooltip names the municipality and all three values
        pagina.hover("path.lp-spreiding-GM0518")
        pagina.wait_for_selector(".lp-spreiding-tip", timeout=5000)
        tip = pagina.inner_text(".lp-spreiding-tip")
        assert "'s-Gravenhage" in tip
        for i in ind.values():
            assert f"{i.titel}: {i.waarden['GM0518'][0]}" in tip

        # laptop screen: nothing wider than the window
        assert pagina.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert extern == []
        assert fouten == []
        ARTEFACTEN.mkdir(exist_ok=True)
        pagina.mouse.move(0, 0)
        pagina.evaluate("window.scrollTo(0, 0)")
        pagina.screenshot(path=str(ARTEFACTEN / "spreiding.png"), full_page=True)
    finally:
        context.close()


def test_instellingen_via_het_formulier(chromium, demo_server):
    basis, url = demo_server
    store = Store.open(url)
    a = analyseer(store, peiljaar=2027, zacht_factor=0.4)
    store.sluit()
    context, pagina, extern, fouten = _open(chromium, basis, "/spreiding")
    try:
        pagina.select_option("select[name='peiljaar']", "2027")
        pagina.fill("input[name='zacht_factor']", "0,4")
        pagina.click("#instellingen button[type='submit']")
        pagina.wait_for_url("**/spreiding?peiljaar=2027&zacht_factor=0%2C4&stand=&bod_versie=")
        pagina.wait_for_selector(".folium-map[data-spreiding='geladen']", timeout=20000)
        vergelijk_tabel(pagina.evaluate(_TABEL_JS, "tabel-gemeenten"), a)
        assert getal(a.totalen["netto_realistisch"], teken=True) in pagina.inner_text(
            "#kern-voortgang"
        )
        # a bad value: 400 with the Dutch message on the same page
        pagina.fill("input[name='zacht_factor']", "1,5")
        with pagina.expect_response(lambda r: "/spreiding?" in r.url) as antwoord:
            pagina.click("#instellingen button[type='submit']")
        assert antwoord.value.status == 400
        assert "moet een getal van 0 tot en met 1 zijn" in pagina.inner_text("#fout")
        assert extern == []
        # Chromium logs every 4xx page load as a console error; nothing else may be logged
        assert fouten == [
            "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
        ]
    finally:
        context.close()


def test_namen_blijven_tekst_in_de_browser(chromium, tmp_path):
    url = database_url(tmp_path)
    store = Store.open(url)
    vul_store(store, XSS_REGIO)
    store.sluit()
    with browser.draai(browser.maak_app(url)) as basis:
        context, pagina, extern, fouten = _open(chromium, basis, "/spreiding")
        try:
            assert pagina.evaluate("window.locatieplanner_spreiding.aantal") == 3
            rijen = pagina.evaluate(_TABEL_JS, "tabel-gemeenten")
            assert rijen["GM9001"]["naam"] == XSS_REGIO.gemeenten["GM9001"]
            assert rijen["GM9002"]["naam"] == XSS_REGIO.gemeenten["GM9002"]
            assert rijen["GM9003"]["naam"] == XSS_REGIO.gemeenten["GM9003"]
            assert pagina.evaluate("document.querySelectorAll('img[src=x]').length") == 0
            for code in ("GM9001", "GM9002", "GM9003"):
                pagina.hover(f"path.lp-spreiding-{code}")
                # the tooltip shows the name as literal text
                pagina.wait_for_function(
                    """naam => Array.from(document.querySelectorAll('.lp-spreiding-tip strong'))
                        .some(e => e.textContent === naam)""",
                    arg=XSS_REGIO.gemeenten[code],
                    timeout=5000,
                )
                pagina.mouse.move(0, 0)
            assert pagina.title().startswith("Spreiding Test<b>regio</b>")
            # every image has loaded or failed: an injected onerror handler would have run
            pagina.wait_for_function("Array.from(document.images).every(i => i.complete)")
            assert extern == []
            assert fouten == []  # no dialog opened, no script error
        finally:
            context.close()
