"""Warnings where people work, end to end in a real headless Chromium against the real app on
127.0.0.1 with the example data (and the real CBS boundaries): saving a site with delivery in
2031 from the map form warns, a selected site shows the analysis' open signals in its panel, the
dashboard's signal links open the map with that site selected, and a name with an XSS payload
stays text in both panels. Screenshots go to ``test-artefacten/signalen-*.png``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import browser
import pytest
from browser import XSS, Bezoek, wacht
from conftest import CBS_GEMEENTEN, database_url, vereist
from test_planner_browser import GELADEN, LAPTOP, _opslaan, _schoon, _screenshot

from locatieplanner.domein.model import Locatie
from locatieplanner.store import Store
from locatieplanner.uitwisseling.demo import laad_demo

pytestmark = pytest.mark.browser

#: The name of the site added over an example site (an overlap): a payload of the field notes.
NAAM = XSS[0]


@pytest.fixture
def bezoek(chromium: Any) -> Iterator[Callable[..., Bezoek]]:
    yield from browser.bezoek(chromium, LAPTOP)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: Any) -> tuple[str, dict[str, int]]:
    """The example data with the CBS boundaries plus a site named :data:`NAAM` over
    'Binckhaven kavel 4': the database URL and the ids by name."""
    vereist(CBS_GEMEENTEN.exists(), f"referentiedata ontbreekt: {CBS_GEMEENTEN}")
    url = database_url(tmp_path_factory.mktemp("signalen_browser"))
    laad_demo(url, gemeenten_pad=CBS_GEMEENTEN, download=False)
    store = Store.open(url)
    try:
        ids = {loc.naam: loc.id for loc in store.locaties(met_geometrie=False)}
        onder = store.locatie(ids["Binckhaven kavel 4"])
        midden = onder.geometry.representative_point()
        nieuw = store.voeg_locatie_toe(Locatie(NAAM, midden.buffer(40), "1A", oplevering=2027))
        ids[NAAM] = nieuw.id
    finally:
        store.sluit()
    return url, ids


@pytest.fixture
def server(demo: tuple[str, dict[str, int]], serveer: Callable[..., Any]) -> Any:
    return serveer(browser.maak_app(demo[0]))


def _signalen_geladen(page: Any, locatie_id: int) -> list[dict[str, str]]:
    """Wait until the panel shows the signals of ``locatie_id``; they as (ernst, text)."""
    wacht(
        page, "id => document.getElementById('detail-signalen').dataset.geladen == id", locatie_id
    )
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('#detail-signalen li')).map(li =>"
        " ({soort: li.dataset.soort, ernst: li.querySelector('.lp-ernst').textContent,"
        " tekst: li.querySelector('.lp-signaalmelding').textContent}))"
    )


def test_opslaan_met_oplevering_2031_waarschuwt(server, demo, bezoek):
    url, ids = demo
    locatie_id = ids["Laakhaven-West kavel 2"]
    b = bezoek(f"{server.url}/?locatie={locatie_id}", server.url)
    page = b.page
    wacht(page, "id => (window.locatieplanner.geselecteerd || {}).id === id", locatie_id)
    assert _signalen_geladen(page, locatie_id) == []
    assert "Geen open signalen" in page.locator("#detail-signalen").inner_text()
    page.click("#knop-bewerken")
    page.locator("#bewerken").wait_for(state="visible")
    page.fill("#veld-oplevering", "2031")
    page.locator("#toewijzingen [name=t_oplevering]").first.fill("2031")
    _opslaan(page, 2)
    waarschuwing = page.locator("#detail-waarschuwingen").inner_text()
    store = Store.open(url, migreer=False)
    try:
        totaal = store.locatie(locatie_id).totaal  # every dwelling of the site, now in 2031
    finally:
        store.sluit()
    assert f"{totaal} woningen worden opgeleverd in 2031" in waarschuwing
    assert "na de periode 2021–2030 van regio Haaglanden" in waarschuwing
    melding = page.locator("#meldingen .lp-waarschuwing").inner_text()
    assert "met waarschuwingen" in melding and "2031" in melding
    # the panel's signals follow the saved state: the analysis says the same
    signalen = _signalen_geladen(page, locatie_id)
    assert [s["soort"] for s in signalen] == ["oplevering_na_periode"]
    assert signalen[0]["ernst"] == "waarschuwing" and "2031" in signalen[0]["tekst"]
    _screenshot(page, "signalen-opslaan.png")
    _schoon(b, ("_flat",))


def test_geselecteerde_locatie_toont_haar_signalen(server, demo, bezoek):
    _url, ids = demo
    b = bezoek(f"{server.url}/?locatie={ids[NAAM]}", server.url)
    page = b.page
    signalen = _signalen_geladen(page, ids[NAAM])
    assert [s["soort"] for s in signalen] == ["overlap"]
    (overlap,) = signalen
    assert "'Binckhaven kavel 4'" in overlap["tekst"] and repr(NAAM) in overlap["tekst"]
    assert "mogelijk dubbel geteld" in overlap["tekst"]
    # the payload is text in the panel's heading and signals, nothing was injected
    assert page.locator("#detail-naam").inner_text() == NAAM
    assert page.locator("#details img").count() == 0
    kop = page.locator("#detail-signalen h3").text_content()
    assert kop == "Signalen van de analyse (1)"
    _screenshot(page, "signalen-kaart.png")
    # another site, selected by searching: its own signals
    page.fill("#zoekveld", "Binckhaven")
    page.locator("#zoekresultaten .lp-zoekresultaat").first.click()
    soorten = [s["soort"] for s in _signalen_geladen(page, ids["Binckhaven kavel 4"])]
    assert "overlap" in soorten
    _schoon(b)


def test_dashboard_link_opent_de_locatie_op_de_kaart(server, demo, bezoek):
    _url, ids = demo
    b = bezoek(server.url + "/spreiding", server.url, klaar=None)
    page = b.page
    page.wait_for_selector(".folium-map[data-spreiding='geladen']", timeout=20000)
    blok = page.locator("#signalen-GM0518")
    assert blok.locator("h3").inner_text().startswith("'s-Gravenhage: ")
    blok.locator("summary").click()  # the list comes when the section is opened
    page.wait_for_selector("#signalen-GM0518[data-geladen='ja']", timeout=15000)
    link = blok.locator(f"a.sp-naar-kaart[data-locatie='{ids[NAAM]}']").first
    # the payload in the signal's message is text
    assert repr(NAAM) in link.locator("xpath=..").inner_text()
    assert page.locator("#signalen img").count() == 0
    link.scroll_into_view_if_needed()
    _screenshot(page, "signalen-dashboard.png")
    link.click()
    page.wait_for_url(f"{server.url}/?locatie={ids[NAAM]}")
    wacht(page, GELADEN, timeout=15000)
    wacht(page, "id => (window.locatieplanner.geselecteerd || {}).id === id", ids[NAAM])
    assert page.locator("#details").is_visible()
    assert page.locator("#detail-naam").inner_text() == NAAM
    assert [s["soort"] for s in _signalen_geladen(page, ids[NAAM])] == ["overlap"]
    _schoon(b)
