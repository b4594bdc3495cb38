"""The dips page in a real headless Chromium against the app on 127.0.0.1, on the example data
(``laad_demo``): Delft's planner builds a re-phasing scenario (demolition 5 of Delfts Wonen,
2023, moved to 2026 when its replacement is delivered), sees both curves and the smaller dip,
saves it linked to a case (its name an XSS payload that stays text) and applies it.
Screenshots go to test-artefacten/."""

from __future__ import annotations

import re
from typing import Any

import browser
import pytest
from aanmelding import meld_aan, zorg_voor_account

from locatieplanner.domein.casus import Casus
from locatieplanner.domein.rechten import Account
from locatieplanner.store import Store
from locatieplanner.uitwisseling.demo import laad_demo

pytestmark = pytest.mark.browser

DELFT = Account("planner-delft", "gemeente", gemeenten=("GM0503",))


def _screenshot(page: Any, naam: str) -> None:
    browser.ARTEFACTEN.mkdir(exist_ok=True)
    page.screenshot(path=str(browser.ARTEFACTEN / naam), full_page=True)


def _getal(page: Any, selector: str) -> int:
    return int(page.inner_text(selector))


def test_herfasering_bouwen_opslaan_en_toepassen(chromium, tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    laad_demo(url, download=False)
    store = Store.open(url)
    try:
        casus = store.voeg_casus_toe(
            Casus("GM0503", "knelpunt", "Dal door sloop Delft", "overig", vragen=[4])
        )
        zorg_voor_account(url, DELFT)
        with browser.draai(browser.maak_app(url)) as origin:
            context = chromium.new_context(viewport={"width": 1366, "height": 900})
            page = context.new_page()
            page.set_default_timeout(10000)
            fouten: list[str] = []
            page.on("dialog", lambda d: (fouten.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: fouten.append(str(e)))
            meld_aan(page, origin, DELFT)

            page.goto(origin + "/dalingen")
            assert page.locator("nav a[aria-current=page]").inner_text() == "Dalingen"
            delft = page.locator("#dalingen tr[data-gemeente=GM0503]")
            assert "onttrekking 5: 150 sloop" in delft.first.inner_text()
            _screenshot(page, "dalingen.png")
            with page.expect_navigation():
                page.click("#dalingen a[href$='gemeente=GM0503']")

            page.select_option("#n-soort", "onttrekking_verschuiven")
            page.select_option("#n-onttrekking", "5")
            page.fill("#n-jaar", "2026")
            with page.expect_navigation():
                page.click("#stap-knop")
            assert "onttrekking 5" in page.inner_text("#stappen")
            grafiek = page.inner_text("#grafiek")
            assert "Zonder scenario" in grafiek and "Met scenario" in grafiek
            assert page.locator("#grafiek svg polyline, #grafiek svg path").count() >= 2
            zonder, met = _getal(page, "#diepte-zonder"), _getal(page, "#diepte-met")
            assert zonder == 186 and met < zonder
            assert _getal(page, "#duur-met") <= _getal(page, "#duur-zonder")
            assert re.search(r"[+-]?\d+ woningen", page.inner_text("#regio-effect"))

            naam = "Sloop na oplevering " + browser.XSS[0]
            page.fill("#s-naam", naam)
            page.fill("#s-toelichting", browser.XSS[3])
            page.select_option("#s-casus", str(casus.id))
            page.select_option("#s-status", "voorgesteld")
            with page.expect_navigation():
                page.click("#opslaan-knop")
            # the example data has a scenario of its own for Delft; this is the new one
            (sc,) = [s for s in store.scenarios(gemeente="GM0503") if s.naam == naam]
            assert (sc.naam, sc.casus, sc.status, sc.auteur) == (
                naam,
                casus.id,
                "voorgesteld",
                "planner-delft",
            )
            rij = page.locator(f"#scenarios tr[data-scenario='{sc.id}']")
            assert naam in rij.inner_text()
            _screenshot(page, "dalingen-scenario.png")

            with page.expect_navigation():
                rij.locator("button.toepassen").click()
            assert store.onttrekking(5).jaar == 2026
            assert store.scenario(sc.id).status == "toegepast"
            assert "is toegepast op het plan" in page.inner_text("main")
            assert fouten == [], fouten
            context.close()
    finally:
        store.sluit()
