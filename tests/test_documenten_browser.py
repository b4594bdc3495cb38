"""The documents and reference dates in a real headless Chromium (Playwright) against the real
app on 127.0.0.1 with the example data in a temporary SQLite store: the province freezes a state
from the page, a site changes, the comparison lists that change, the overview PDF of the frozen
state downloads (a PDF with pages); the dashboard switches bid version and shows the other bid.
Screenshots in ``test-artefacten/documenten*.png``, ``peildata*.png``, ``spreiding-bodversie.png``."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import browser
import pytest
from aanmelding import ROLLEN, meld_aan, zorg_voor_account
from browser import Bezoek, Server
from conftest import database_url, vereist
from test_planner_browser import _schoon, _screenshot

from locatieplanner.analyse import analyseer
from locatieplanner.store import Store
from locatieplanner.uitwisseling.demo import laad_demo
from locatieplanner.weergave.grafiek import getal
from locatieplanner.weergave.pdf import pdf_beschikbaar

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(tmp_path: Path, serveer: Callable[..., Server]) -> tuple[Server, Store]:
    url = database_url(tmp_path)
    laad_demo(url, download=False)
    zorg_voor_account(url, ROLLEN["provincie"])
    store = Store.open(url)
    yield serveer(browser.maak_app(url)), store
    store.sluit()


def _als(bezoek: Callable[..., Bezoek], server: Server, rol: str) -> Bezoek:
    b = bezoek(server.url + "/aanmelden", server.url, klaar=None, aangemeld=False)
    meld_aan(b.page, server.url, ROLLEN[rol])
    return b


def test_stand_vastleggen_vergelijken_en_pdf_van_de_stand(demo, bezoek):
    server, store = demo
    vereist(pdf_beschikbaar() is not None, "geen PDF-maker (WeasyPrint of Chromium)")
    b = _als(bezoek, server, "provincie")
    page = b.page
    page.goto(server.url + "/peildata")
    assert page.locator("nav a[aria-current=page]").inner_text() == "Peildata"
    assert page.locator("#geen-peildata").count() == 1
    page.fill("#naam", "Bestuurlijke Tafel december")
    page.fill("#datum", "15-12-2021")
    with page.expect_navigation():
        page.click("#vastlegformulier button[type=submit]")
    assert "is vastgelegd met 75 locaties" in page.locator(".lp-melding.info").inner_text()
    rij = page.locator("tr[data-naam='Bestuurlijke Tafel december']")
    assert "15-12-2021" in rij.inner_text() and ROLLEN["provincie"].naam in rij.inner_text()
    _screenshot(page, "peildata.png")

    # a site moves from hard to soft after the reference date
    loc = next(x for x in store.locaties() if x.status == "1A" and x.daeb > 0)
    store.wijzig_locatie(loc.id, {"status": "3"}, loc.versie)
    # ... and a bottleneck is opened
    from locatieplanner.domein.casus import Casus

    casus = store.voeg_casus_toe(
        Casus("GM0518", "knelpunt", "Netcongestie Binckhorst", "netcongestie")
    )
    page.select_option("#voor", "Bestuurlijke Tafel december")
    page.select_option("#na", "")
    with page.expect_navigation():
        page.click("#vergelijkformulier button[type=submit]")
    assert "1 van zacht naar hard of terug" in page.locator("#samenvatting").inner_text()
    veranderd = page.locator(f"#hardheid tr[data-locatie='{loc.id}']").inner_text()
    assert loc.naam in veranderd and "1A → 3" in veranderd
    # hard + soft together: DAEB per municipality is the same before and after
    gemeente = page.locator(f"#gemeenten tr[data-sleutel='{loc.gemeente}']").inner_text()
    assert gemeente.split()[-1] == "0"
    assert (
        "kansen en knelpunten: 1 geopend, 0 opgelost" in page.locator("#samenvatting").inner_text()
    )
    geopend = page.locator(f"#casussen-geopend tr[data-casus='{casus.id}']").inner_text()
    assert "Netcongestie Binckhorst" in geopend and "nieuw" in geopend
    assert page.locator("#casussen-opgelost tr[data-casus]").count() == 0
    _screenshot(page, "peildata-vergelijking.png")

    # the overview 5a/5b of the frozen state as a PDF
    page.goto(server.url + "/documenten")
    page.select_option("#keuze-stand", "Bestuurlijke Tafel december")
    with page.expect_navigation():
        page.click("#standkeuze button[type=submit]")
    assert "Bestuurlijke Tafel december" in page.locator("#gekozen-stand").inner_text()
    _screenshot(page, "documenten.png")
    knop = page.locator("#gemeente-GM0518 a[data-formaat=pdf]").first
    with page.expect_download() as download:
        knop.click()
    d = download.value
    assert d.suggested_filename == (
        "overzicht-5a-5b-s-Gravenhage-Bestuurlijke-Tafel-december-2021-12-15.pdf"
    )
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(Path(d.path()).read_bytes()))
    assert len(pdf.pages) >= 2
    tekst = pdf.pages[0].extract_text()
    assert "15 december 2021" in tekst and "Bestuurlijke Tafel december" in tekst
    _schoon(b)


def test_dashboard_wisselt_bodversie(demo, bezoek):
    server, store = demo
    nieuwste = getal(analyseer(store).totalen["bod"])
    origineel = getal(analyseer(store, bod_versie="origineel").totalen["bod"])
    assert nieuwste != origineel
    b = _als(bezoek, server, "provincie")
    page = b.page
    page.goto(server.url + "/spreiding")
    assert f"bod {nieuwste}:" in page.locator("#kern-daeb").inner_text()
    assert page.locator("#keuze-bodversie option").all_inner_texts() == [
        "Nieuwste per gemeente",
        "origineel",
        "aangescherpt",
    ]
    page.select_option("#keuze-bodversie", "origineel")
    with page.expect_navigation():
        page.click("#instellingen button[type=submit]")
    assert "bod_versie=origineel" in page.url
    assert f"bod {origineel}:" in page.locator("#kern-daeb").inner_text()
    assert "bodversie origineel" in page.locator(".sp-ondertitel").inner_text()
    _screenshot(page, "spreiding-bodversie.png")
    _schoon(b)
