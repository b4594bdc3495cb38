"""Removals in a real headless Chromium (Playwright) against the real app and REST API on
127.0.0.1 with a temporary SQLite store: on the planner's map a removal is added at a site (its
details) and at a point in a municipality, changed from its popup, refused as stale (412) and
deleted; on the page ``/onttrekkingen`` one is added, changed and deleted with the forms. The
note's XSS payload stays text. Screenshots in ``test-artefacten/onttrekkingen*.png``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import browser
import pytest
from browser import XSS, Bezoek, Server, wacht
from shapely.geometry import box
from test_planner_browser import (
    GELADEN,
    LAPTOP,
    _kaart_in_rust,
    _rd_scherm,
    _schoon,
    _screenshot,
    _toon,
)

from locatieplanner.domein.model import Locatie, Onttrekking
from locatieplanner.store import Store

pytestmark = pytest.mark.browser

#: Console messages of answers the test provokes on purpose (a stale write).
_VERWACHT = ("status of 412",)


@pytest.fixture
def bezoek(chromium: Any) -> Iterator[Callable[..., Bezoek]]:
    yield from browser.bezoek(chromium, LAPTOP)


@pytest.fixture
def ott_store(kleine_store: Store) -> Store:
    """A site in Den Haag and one removal for Rijswijk as a whole."""
    kleine_store.voeg_locatie_toe(
        Locatie("Binckhorst", box(80000, 454000, 81500, 455500), "1A", daeb=120)
    )
    kleine_store.voeg_onttrekking_toe(Onttrekking("GM0603", 2024, 25, "verkoop", "Staedion"))
    return kleine_store


@pytest.fixture
def ott_server(ott_store: Store, serveer: Callable[..., Server]) -> Server:
    return serveer(browser.maak_app(ott_store.url))


def _nieuwste(store: Store) -> Onttrekking:
    return max(store.onttrekkingen(), key=lambda o: o.id)


def _ladingen(page: Any) -> int:
    return page.evaluate("() => window.locatieplanner.onttrekkingLadingen || 0")


def _opslaan(page: Any) -> None:
    """Save the removal form and wait until the removals are loaded again."""
    voor = _ladingen(page)
    page.click("#onttrekking-opslaan")
    wacht(page, "n => (window.locatieplanner.onttrekkingLadingen || 0) > n", voor)


def _vul(page: Any, jaar: int, aantal: int, soort: str, corporatie: str, opmerking: str) -> None:
    page.locator("#onttrekking-paneel").wait_for(state="visible")
    page.fill("#ott-jaar", str(jaar))
    page.fill("#ott-aantal", str(aantal))
    page.select_option("#ott-soort", soort)
    page.select_option("#ott-corporatie", corporatie)
    page.fill("#ott-opmerking", opmerking)


def test_eerste_beeld_tekent_de_onttrekkingen_eenmaal(ott_server, bezoek):
    # the first view's early load of the sites leaves the removals to the start, which draws
    # them once, when they and the municipalities (their centres) have arrived
    page = bezoek(ott_server.url + "/", ott_server.url, klaar=GELADEN).page
    assert page.evaluate("() => window.locatieplanner.onttrekkingenBijEersteBeeld") == 1
    rijswijk = page.locator(".leaflet-lpOnttrekkingen-pane .lp-onttrekking", has_text="−25")
    assert rijswijk.count() == 1


def test_onttrekking_toevoegen_wijzigen_verwijderen_op_de_kaart(ott_server, ott_store, bezoek):
    b = bezoek(ott_server.url + "/", ott_server.url, klaar=GELADEN)
    page = b.page
    site = ott_store.locaties()[0]
    _toon(page, 79500, 453500, 82000, 456000)
    _kaart_in_rust(page)

    # 1. at a site: select it on the map, then "+ Onttrekking bij deze locatie"
    page.locator(f"path.lp-id-{site.id}").click()
    page.locator("#details").wait_for(state="visible")
    assert "Geen onttrekkingen" in page.locator("#detail-onttrekkingen").inner_text()
    page.click("#knop-onttrekking")
    assert page.input_value("#ott-gemeente") == "GM0518"
    assert "Binckhorst" in page.locator("#onttrekking-plek").inner_text()
    _vul(page, 2027, 15, "sloop", "Staedion", XSS[0])
    _opslaan(page)
    o = _nieuwste(ott_store)
    assert (o.gemeente, o.jaar, o.aantal, o.soort, o.corporatie, o.locatie, o.opmerking) == (
        "GM0518",
        2027,
        15,
        "sloop",
        "Staedion",
        site.id,
        XSS[0],
    )
    page.locator("#details").wait_for(state="visible")
    assert (
        "2027 sloop: 15 woningen (Staedion)" in page.locator("#detail-onttrekkingen").inner_text()
    )
    marker = page.locator(".leaflet-lpOnttrekkingen-pane .lp-onttrekking", has_text="−15")
    marker.wait_for()

    # 2. changed from its popup on the map
    page.click("#detail-sluiten")
    page.evaluate("() => window.locatieplanner.kaart.closePopup()")  # the site's popup
    _kaart_in_rust(page)
    marker.click()
    page.locator(f".leaflet-popup-content button.lp-ott-bewerk[data-id='{o.id}']").click()
    assert page.locator("#onttrekking-titel").inner_text() == f"Onttrekking {o.id} wijzigen"
    assert page.input_value("#ott-aantal") == "15"
    assert page.input_value("#ott-opmerking") == XSS[0]
    page.fill("#ott-aantal", "18")
    _opslaan(page)
    assert (ott_store.onttrekking(o.id).aantal, ott_store.onttrekking(o.id).versie) == (18, 2)
    page.locator(".leaflet-lpOnttrekkingen-pane .lp-onttrekking", has_text="−18").wait_for()
    _screenshot(page, "onttrekkingen-kaart.png")

    # 3. a stale form: someone else changed it after the form was opened
    page.locator(".leaflet-lpOnttrekkingen-pane .lp-onttrekking", has_text="−18").click()
    page.locator(f".leaflet-popup-content button.lp-ott-bewerk[data-id='{o.id}']").click()
    ott_store.wijzig_onttrekking(o.id, {"aantal": 20}, 2)
    page.fill("#ott-aantal", "30")
    voor = _ladingen(page)
    page.click("#onttrekking-opslaan")
    wacht(page, "n => (window.locatieplanner.onttrekkingLadingen || 0) > n", voor)
    fouten = page.locator("#onttrekking-fouten")
    assert "intussen gewijzigd" in fouten.inner_text() and "versie 3" in fouten.inner_text()
    assert page.input_value("#ott-aantal") == "20"
    assert ott_store.onttrekking(o.id).aantal == 20
    _screenshot(page, "onttrekkingen-conflict.png")

    # 4. deleted from the form (a second click confirms)
    page.click("#onttrekking-verwijderen")
    assert "nogmaals" in page.locator("#onttrekking-verwijderen").inner_text()
    assert o.id in {x.id for x in ott_store.onttrekkingen()}
    voor = _ladingen(page)
    page.click("#onttrekking-verwijderen")
    wacht(page, "n => (window.locatieplanner.onttrekkingLadingen || 0) > n", voor)
    assert o.id not in {x.id for x in ott_store.onttrekkingen()}
    assert (
        page.locator(".leaflet-lpOnttrekkingen-pane .lp-onttrekking", has_text="−20").count() == 0
    )

    # 5. "+ Onttrekking op de kaart", then a click on the site: the form for that site
    page.locator("#paneel-leeg").wait_for(state="visible")
    page.click("#knop-nieuwe-onttrekking")
    page.locator(f"path.lp-id-{site.id}").click()
    page.locator("#onttrekking-paneel").wait_for(state="visible")
    assert page.input_value("#ott-gemeente") == "GM0518"
    assert page.input_value("#ott-locatie") == str(site.id)
    assert page.get_attribute("#knop-nieuwe-onttrekking", "aria-pressed") == "false"
    page.click("#onttrekking-annuleren")
    page.locator("#paneel-leeg").wait_for(state="visible")

    # 6. at a point in a municipality: "+ Onttrekking op de kaart", then a click in Rijswijk
    _toon(page, 84000, 444000, 91000, 456000)
    _kaart_in_rust(page)
    page.click("#knop-nieuwe-onttrekking")
    assert page.get_attribute("#knop-nieuwe-onttrekking", "aria-pressed") == "true"
    page.mouse.click(*_rd_scherm(page, 88500, 446500))
    assert page.input_value("#ott-gemeente") == "GM0603"
    assert "gemeente als geheel (Rijswijk)" in page.locator("#onttrekking-plek").inner_text()
    _vul(page, 2026, 9, "liberalisatie", "", "")
    _opslaan(page)
    n = _nieuwste(ott_store)
    assert (n.gemeente, n.jaar, n.aantal, n.soort, n.corporatie, n.locatie) == (
        "GM0603",
        2026,
        9,
        "liberalisatie",
        None,
        None,
    )
    assert page.locator("img[src=x]").count() == 0
    _schoon(b, _VERWACHT)


def test_onttrekkingen_pagina_toevoegen_wijzigen_verwijderen(ott_server, ott_store, bezoek):
    b = bezoek(ott_server.url + "/onttrekkingen", ott_server.url, klaar=None)
    page = b.page
    assert page.locator("nav a[aria-current=page]").inner_text() == "Onttrekkingen"
    site = ott_store.locaties()[0]
    page.select_option("#veld-gemeente", "GM0518")
    page.fill("#veld-jaar", "2028")
    page.fill("#veld-aantal", "12")
    page.select_option("#veld-soort", "samenvoeging")
    page.select_option("#veld-corporatie", "Vidomes")
    page.fill("#veld-locatie", str(site.id))
    page.fill("#veld-opmerking", XSS[3])
    with page.expect_navigation():
        page.click("#onttrekking-opslaan")
    o = _nieuwste(ott_store)
    assert (o.gemeente, o.jaar, o.aantal, o.soort, o.corporatie, o.locatie, o.opmerking) == (
        "GM0518",
        2028,
        12,
        "samenvoeging",
        "Vidomes",
        site.id,
        XSS[3],
    )
    rij = page.locator(f"#onttrekking-{o.id}")
    assert rij.locator("[data-veld=opmerking]").inner_text() == XSS[3]
    assert rij.locator("[data-veld=locatie]").inner_text() == f"Binckhorst ({site.id})"
    # the filter by corporation
    page.select_option("#filter-corporatie", "Vidomes")
    with page.expect_navigation():
        page.click("#filter-toepassen")
    assert page.locator("#onttrekkingen tbody tr").count() == 1
    page.evaluate("() => window.scrollTo(0, 0)")
    _screenshot(page, "onttrekkingen.png")
    # edit
    with page.expect_navigation():
        page.locator(f"#onttrekking-{o.id} a.lp-bewerk").click()
    assert page.input_value("#veld-aantal") == "12"
    page.fill("#veld-aantal", "14")
    with page.expect_navigation():
        page.click("#onttrekking-opslaan")
    assert (ott_store.onttrekking(o.id).aantal, ott_store.onttrekking(o.id).versie) == (14, 2)
    assert page.locator(f"#onttrekking-{o.id} [data-veld=aantal]").inner_text() == "14"
    # delete from the list
    with page.expect_navigation():
        page.locator(f"#onttrekking-{o.id} button.lp-verwijder").click()
    assert o.id not in {x.id for x in ott_store.onttrekkingen()}
    assert f"Onttrekking {o.id} is verwijderd" in page.locator(".lp-melding.info").inner_text()
    _schoon(b)
