"""The planner's map as a shareable view: municipality labels, the municipality filter zooms the
map, filters and the selected site live in the address and survive a reload."""

from __future__ import annotations

import pytest
from browser import wacht
from shapely.geometry import box

from locatieplanner.domein.model import Locatie

pytestmark = pytest.mark.browser


@pytest.fixture
def site(kleine_store, serveer):
    import browser

    # GM0518 west of x=85000, GM0603 east of it (tests/conftest.py KLEINE_GEMEENTEN)
    kleine_store.voeg_locatie_toe(
        Locatie("Westhoek", box(76000, 452000, 76300, 452300), "1A", daeb=20)
    )
    oost = kleine_store.voeg_locatie_toe(
        Locatie("Oostpunt", box(88000, 450000, 88200, 450200), "3", daeb=8)
    )
    return serveer(browser.maak_app(kleine_store.url)), oost


def _in_rust(page):
    wacht(
        page,
        "() => !window.locatieplanner.kaart._animatingZoom && !window.locatieplanner.kaart._panAnim?._inProgress",
    )


def test_labels_zoom_en_adres(site, bezoek):
    server, oost = site
    b = bezoek(server.url + "/", server.url)
    page = b.page
    labels = page.locator(".lp-gemeentelabel").all_inner_texts()
    assert sorted(labels) == ["'s-Gravenhage", "Rijswijk"]
    # choosing a municipality zooms to it: the map's centre lies in Rijswijk's box
    voor = page.evaluate("() => window.locatieplanner.ladingen")
    page.select_option("#filter-gemeente", "GM0603")
    wacht(page, "n => window.locatieplanner.ladingen > n", voor)
    _in_rust(page)
    midden = page.evaluate(
        "() => { const c = window.locatieplanner.kaart.getCenter(); return [c.lng, c.lat]; }"
    )
    assert 4.33 < midden[0] < 4.42 and 52.0 < midden[1] < 52.07, midden
    assert page.url == server.url + "/?gemeente=GM0603"
    assert page.locator("#som-locaties").inner_text() == "1"
    # selecting a site puts it in the address too
    page.evaluate("id => window.locatieplanner.selecteer(id)", oost.id)
    wacht(page, "() => !document.getElementById('details').hidden")
    assert page.url == f"{server.url}/?gemeente=GM0603&locatie={oost.id}"
    # a reload (or the link sent to a colleague) shows the same view
    page.reload()
    wacht(page, "() => window.locatieplanner && window.locatieplanner.geladen")
    assert page.locator("#filter-gemeente").input_value() == "GM0603"
    assert page.locator("#som-locaties").inner_text() == "1"
    assert page.locator("#detail-naam").inner_text() == "Oostpunt"
    # closing the details takes the site out of the address
    page.click("#detail-sluiten")
    assert page.url == server.url + "/?gemeente=GM0603"
    assert b.console_fouten == [] and b.extern() == []
