"""The case pages in a real headless Chromium against the app on 127.0.0.1: a municipality creates
a case linked to a site, it and a corporation each add their contribution from their own
account, and both are shown side by side; XSS payloads stay text. Screenshots of each page go to
test-artefacten/."""

from __future__ import annotations

from collections.abc import Iterator

import browser
import pytest
from aanmelding import ROLLEN, zorg_voor_account
from conftest import KLEINE_GEMEENTEN
from shapely.geometry import box

from locatieplanner.domein.model import Corporatie, Locatie

pytestmark = pytest.mark.browser

GEMEENTE, CORPORATIE = ROLLEN["gemeente"], ROLLEN["corporatie"]


@pytest.fixture
def site(store) -> Iterator[tuple[str, int]]:
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    loc = store.voeg_locatie_toe(
        Locatie("Binckhorst", box(80000, 452000, 80100, 452100), "1A", daeb=30)
    )
    for account in (GEMEENTE, CORPORATIE):
        zorg_voor_account(store.url, account)
    with browser.draai(browser.maak_app(store.url)) as basis:
        yield basis, loc.id  # type: ignore[misc]


def test_casus_met_twee_bijdragen_naast_elkaar(site, chromium, store):
    origin, locatie_id = site
    titel = "Optoppen " + browser.XSS[0]
    gemeente = browser.pagina_als(chromium, origin, GEMEENTE)
    gemeente.goto(origin + "/casussen")
    assert gemeente.locator("nav a[aria-current=page]").inner_text() == "Casussen"
    with gemeente.expect_navigation():
        gemeente.click("#nieuwe-casus")
    gemeente.select_option("#gemeente", "GM0518")
    gemeente.select_option("#soort", "kans")
    gemeente.fill("#titel", titel)
    gemeente.fill("#beschrijving", browser.XSS[3])
    gemeente.select_option("#categorie", "netcongestie")
    gemeente.check("input[name=vragen][value='1']")
    gemeente.fill("#locaties", str(locatie_id))
    gemeente.locator("input[name=oplossing_tekst]").first.fill("Batterij " + browser.XSS[1])
    gemeente.locator("input[name=potentieel_jaar]").first.fill("2028")
    gemeente.locator("input[name=potentieel_daeb]").first.fill("15")
    gemeente.locator("input[name=potentieel_overig]").first.fill("4")
    browser.schermafdruk(gemeente, "casus-formulier.png")
    with gemeente.expect_navigation():
        gemeente.click("#casusformulier button[type=submit]")
    assert gemeente.inner_text("#titel") == titel
    (casus,) = store.casussen()
    assert casus.locaties == [locatie_id] and casus.potentieel_daeb == 15
    assert "Binckhorst" in gemeente.inner_text("#locaties")
    casus_url = gemeente.url

    # the municipality's own contribution, in its column
    kolom = gemeente.locator("section[data-partij=gemeente]")
    kolom.locator("textarea[name=wat]").fill("Vergunning versnellen " + browser.XSS[2])
    kolom.locator("select[name=soort]").select_option("procedure")
    with gemeente.expect_navigation():
        kolom.locator("button[type=submit]").click()
    assert "Staedion" in gemeente.inner_text("#nog-geen-antwoord")
    # the municipality gets no form in the corporation's column
    assert gemeente.locator("section[data-partij=Staedion] form").count() == 0

    # the corporation adds its own from its own account
    corporatie = browser.pagina_als(chromium, origin, CORPORATIE)
    corporatie.goto(casus_url)
    assert corporatie.locator("#bewerken").count() == 0  # it does not edit the case
    assert corporatie.locator("section[data-partij=gemeente] form").count() == 0
    kolom = corporatie.locator("section[data-partij=Staedion]")
    kolom.locator("textarea[name=wat]").fill("Grond inbrengen")
    kolom.locator("select[name=soort]").select_option("grond")
    kolom.locator("input[name=bedrag]").fill("250000")
    with corporatie.expect_navigation():
        kolom.locator("button[type=submit]").click()

    gemeente.goto(casus_url)
    eigen = gemeente.locator("section[data-partij=gemeente]")
    staedion = gemeente.locator("section[data-partij=Staedion]")
    assert ("Vergunning versnellen " + browser.XSS[2]) in eigen.inner_text()
    assert "Grond inbrengen" in staedion.inner_text() and "250 000,00" in staedion.inner_text()
    a, b = eigen.bounding_box(), staedion.bounding_box()
    assert abs(a["y"] - b["y"]) < 1 and b["x"] > a["x"] + a["width"] - 1, "naast elkaar"
    assert gemeente.inner_text("#nog-geen-antwoord") == "Nog geen antwoord van: provincie"
    assert browser.XSS[3] in gemeente.inner_text("#beschrijving")
    browser.schermafdruk(gemeente, "casus.png")

    gemeente.goto(origin + "/casussen?gemeente=GM0518&partij=Staedion")
    assert gemeente.locator("#casussen tbody tr").count() == 1
    assert titel in gemeente.inner_text("#casussen")
    browser.schermafdruk(gemeente, "casussen.png")

    for page in (gemeente, corporatie):
        assert page.dialogen == [] and page.fouten == []
        page.context.close()
    assert [b.partijnaam for b in store.bijdragen(casus.id)] == ["gemeente", "Staedion"]
