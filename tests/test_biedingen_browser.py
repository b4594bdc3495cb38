"""The bids page ``/biedingen`` in a real headless Chromium (Playwright) against the real app on
127.0.0.1 with a temporary SQLite store: a municipality's planner logs in, enters a sharpened
bid next to the original one and sees both versions side by side with the difference; a stale
edit form gives the conflict message; the note's XSS payload stays text. Screenshots in
``test-artefacten/biedingen*.png``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import browser
import pytest
from aanmelding import ROLLEN, meld_aan, zorg_voor_account
from browser import XSS, Bezoek, Server
from test_planner_browser import _schoon, _screenshot

from locatieplanner.domein.model import Bod
from locatieplanner.store import Store

pytestmark = pytest.mark.browser

#: The column texts of one row of a municipality's table, by version.
_RIJ_JS = """([gemeente, veld]) => Array.from(document.querySelectorAll(
    '#gemeente-' + gemeente + ' td[data-veld="' + veld + '"]')).map(e => e.textContent.trim())"""


@pytest.fixture
def bod_server(kleine_store: Store, serveer: Callable[..., Server]) -> Server:
    kleine_store.bewaar_bod(Bod("GM0518", "origineel", date(2021, 12, 15), 1200, "eerste bod"))
    zorg_voor_account(kleine_store.url, ROLLEN["gemeente"])
    return serveer(browser.maak_app(kleine_store.url))


def _als_gemeente(bezoek: Callable[..., Bezoek], server: Server) -> Bezoek:
    b = bezoek(server.url + "/aanmelden", server.url, klaar=None, aangemeld=False)
    meld_aan(b.page, server.url, ROLLEN["gemeente"])
    return b


def test_gemeente_voert_aangescherpt_bod_in_en_ziet_beide_versies(bod_server, kleine_store, bezoek):
    b = _als_gemeente(bezoek, bod_server)
    page = b.page
    page.goto(bod_server.url + "/biedingen")
    assert page.locator("nav a[aria-current=page]").inner_text() == "Biedingen"
    assert page.locator("#veld-gemeente option").all_inner_texts() == ["'s-Gravenhage (GM0518)"]
    opmerking = "aangescherpt na gesprek 10-12 " + XSS[0]
    page.fill("#veld-versie", "aangescherpt")
    page.fill("#veld-datum", "10-12-2025")
    page.fill("#veld-daeb", "1380")
    page.fill("#veld-opmerking", opmerking)
    with page.expect_navigation():
        page.click("#bod-opslaan")
    assert "opgeslagen (1380 DAEB)" in page.locator(".lp-melding.info").inner_text()
    kop = page.locator("#gemeente-GM0518 th[data-versie]")
    assert kop.evaluate_all("es => es.map(e => e.dataset.versie)") == ["origineel", "aangescherpt"]
    assert "telt in de analyse" in kop.nth(1).inner_text()
    assert "telt in de analyse" not in kop.nth(0).inner_text()
    rij = lambda veld: page.evaluate(_RIJ_JS, ["GM0518", veld])  # noqa: E731
    assert rij("datum") == ["15-12-2021", "10-12-2025"]
    assert rij("daeb") == ["1.200", "1.380"]
    assert rij("vorige") == ["–", "+180 (+15,0%)"]
    assert rij("origineel") == ["–", "+180 (+15,0%)"]
    assert rij("opmerking") == ["eerste bod", opmerking]  # the payload is text
    assert rij("door") == ["systeem", "test-gemeente"]
    # side by side: the two columns next to each other on the screen
    links, rechts = (kop.nth(i).bounding_box() for i in (0, 1))
    assert rechts["x"] >= links["x"] + links["width"] - 1 and abs(rechts["y"] - links["y"]) < 2
    assert page.locator("img[src=x]").count() == 0
    opgeslagen = kleine_store.actuele_biedingen()["GM0518"]
    assert (opgeslagen.versie, opgeslagen.datum, opgeslagen.daeb, opgeslagen.opmerking) == (
        "aangescherpt",
        date(2025, 12, 10),
        1380,
        opmerking,
    )
    page.evaluate("() => window.scrollTo(0, 0)")
    _screenshot(page, "biedingen.png")

    # a stale edit form: someone else changed the version meanwhile
    page.click('a.lp-bewerk[data-versie="aangescherpt"]')
    page.locator("#bodformulier").wait_for()
    assert page.input_value("#veld-datum") == "10-12-2025"
    kleine_store.wijzig_bod(opgeslagen.id, {"daeb": 1400}, opgeslagen.rijversie)
    page.fill("#veld-daeb", "1500")
    with page.expect_navigation():
        page.click("#bod-opslaan")
    fout = page.locator("#formulierfout").inner_text()
    assert "intussen gewijzigd door een ander" in fout
    assert page.input_value("#veld-daeb") == "1400"
    assert kleine_store.bod(opgeslagen.id).daeb == 1400
    _screenshot(page, "biedingen-conflict.png")
    # bad input: a Dutch message naming field, value and what is allowed
    page.fill("#veld-datum", "32-13-2025")
    with page.expect_navigation():
        page.click("#bod-opslaan")
    assert "Datum = „32-13-2025”: bestaat niet" in page.locator("#formulierfout").inner_text()
    assert page.locator("#veld-datum").get_attribute("aria-invalid") == "true"
    _schoon(b, ("status of 409", "status of 422"))
