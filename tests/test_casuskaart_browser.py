"""Cases on the planner's map and on the dashboard in a real headless Chromium against the app
on 127.0.0.1: switch the layer "Kansen en knelpunten" on, open a case's popup (title as text),
follow its link to the case page; the dashboard lists the open case with a link. Screenshots go
to test-artefacten/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import browser
import pytest
from aanmelding import ROLLEN, zorg_voor_account
from conftest import KLEINE_GEMEENTEN
from shapely.geometry import box

from locatieplanner.domein.casus import Casus, Potentieel
from locatieplanner.domein.model import Locatie

pytestmark = pytest.mark.browser

PROVINCIE = ROLLEN["provincie"]
TITEL = "Optoppen " + browser.XSS[0] + browser.XSS[3]


@pytest.fixture
def omgeving(store) -> Iterator[tuple[str, Any, Any]]:
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    loc = store.voeg_locatie_toe(
        Locatie("Binckhorst", box(80000, 452000, 80100, 452100), "1A", daeb=30)
    )
    kans = store.voeg_casus_toe(
        Casus(
            "GM0518",
            "kans",
            TITEL,
            "grondpositie",
            locaties=[loc.id],
            potentieel=[Potentieel(2028, 15, 4)],
        )
    )
    knelpunt = store.voeg_casus_toe(
        Casus(
            "GM0518",
            "knelpunt",
            "Netcongestie Binckhorst",
            "netcongestie",
            status="in gesprek",
            gebied=box(80300, 452300, 80600, 452600),
        )
    )
    zorg_voor_account(store.url, PROVINCIE)
    with browser.draai(browser.maak_app(store.url)) as basis:
        yield basis, kans, knelpunt


def test_casus_op_de_kaart_en_het_dashboard(omgeving, chromium):
    origin, kans, knelpunt = omgeving
    page = browser.pagina_als(chromium, origin, PROVINCIE)
    page.goto(origin + "/")
    page.wait_for_selector("#kaart[data-geladen=ja]")
    assert page.evaluate("() => window.locatieplanner.casussen") == 2
    # off until switched on in the layer control
    assert page.locator(".leaflet-marker-pane .lp-casus").count() == 0
    schakelaar = page.locator(
        ".leaflet-control-layers-overlays label", has_text="Kansen en knelpunten"
    )
    schakelaar.locator("input").check()
    marker = page.locator(f".leaflet-marker-pane .lp-casus-kans.lp-casus-{kans.id}")
    marker.wait_for()
    assert marker.inner_text() == "+"
    # the bottleneck's own area: a dotted outline (not colour alone)
    gebied = page.locator("path.lp-casusgebied-knelpunt")
    assert gebied.count() == 1 and gebied.get_attribute("stroke-dasharray") == "2 5"
    browser.schermafdruk(page, "planner-casussen.png")
    marker.click()
    popup = page.locator(".leaflet-popup-content .lp-casuspopup")
    popup.wait_for()
    assert popup.locator(".lp-popup-naam").inner_text() == TITEL  # text, not markup
    tekst = popup.inner_text()
    assert "Kans" in tekst and "open" in tekst and "grondpositie" in tekst
    assert popup.locator("img, script").count() == 0
    browser.schermafdruk(page, "planner-casus-popup.png")
    with page.expect_navigation():
        popup.locator("a.lp-naar-casus").click()
    assert page.url == f"{origin}/casussen/{kans.id}"
    assert page.inner_text("#titel") == TITEL
    # the dashboard: the open cases of 's-Gravenhage with links
    page.goto(origin + "/spreiding")
    page.click("#deel-casussen summary")  # the table comes when its part is opened
    rij = page.locator("#tabel-casussen tr[data-gemeente=GM0518]")
    assert rij.locator("[data-veld=kansen]").inner_text() == "1"
    assert rij.locator("[data-veld=knelpunten]").inner_text() == "1"
    assert rij.locator("[data-veld=kansen_daeb]").inner_text() == "15"
    link = rij.locator(f"a[data-casus='{knelpunt.id}']")
    assert "Netcongestie Binckhorst" in link.inner_text()
    rij.scroll_into_view_if_needed()
    browser.schermafdruk(page, "spreiding-casussen.png")
    with page.expect_navigation():
        link.click()
    assert page.url == f"{origin}/casussen/{knelpunt.id}"
    assert page.dialogen == [] and page.fouten == []
