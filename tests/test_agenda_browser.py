"""The conversation agenda in a real headless Chromium against the app on 127.0.0.1: a corporation
proposes an item and marks its tenants' organisation informed, the municipality records the start
meeting and puts the item on the agenda with two carrying parties and an outcome, and the
printable page prints to a PDF of exactly one A4 page that holds the item. XSS payloads stay
text. Screenshots and the PDF go to test-artefacten/."""

from __future__ import annotations

import io
from collections.abc import Iterator

import browser
import pytest
from aanmelding import ROLLEN, zorg_voor_account
from conftest import KLEINE_GEMEENTEN
from pypdf import PdfReader

from locatieplanner.domein.casus import Casus
from locatieplanner.domein.model import Corporatie

pytestmark = pytest.mark.browser

GEMEENTE, CORPORATIE = ROLLEN["gemeente"], ROLLEN["corporatie"]
#: A4 in PostScript points (portrait), and how far a PDF box may differ from it.
A4 = (595.28, 841.89)
MARGE = 2.0


@pytest.fixture
def server(store) -> Iterator[tuple[str, int]]:
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    casus = store.voeg_casus_toe(Casus("GM0518", "knelpunt", "Stikstof Binckhorst", "stikstof"))
    for account in (GEMEENTE, CORPORATIE):
        zorg_voor_account(store.url, account)
    with browser.draai(browser.maak_app(store.url)) as basis:
        yield basis, casus.id  # type: ignore[misc]


def test_voorstel_agenderen_en_afdrukken_op_een_a4(server, chromium, store):
    origin, casus_id = server
    onderwerp = "Grondruil Binckhorst"

    # the corporation proposes an item, linked to the case, from its own account
    corporatie = browser.pagina_als(chromium, origin, CORPORATIE)
    corporatie.goto(origin + "/agenda")
    assert corporatie.locator("nav a[aria-current=page]").inner_text() == "Agenda"
    with corporatie.expect_navigation():
        corporatie.click("#gemeenten a[href='/agenda/GM0518']")
    assert corporatie.locator("#startoverlegformulier").count() == 0, "de agenda is van de gemeente"
    assert corporatie.locator("#voorstel input[name=trekkers]").count() == 0
    corporatie.fill("#p-onderwerp", onderwerp)
    corporatie.fill("#p-toelichting", "Ruil met kavel 4 " + browser.XSS[0])
    corporatie.check(f"#voorstel input[name=casussen][value='{casus_id}']")
    browser.schermafdruk(corporatie, "agenda-voorstel.png")
    with corporatie.expect_navigation():
        corporatie.click("#voorstel button[type=submit]")
    (punt,) = store.agendapunten()
    assert (punt.voorgesteld_door, punt.status, punt.casussen) == (
        "Staedion",
        "voorgesteld",
        [casus_id],
    )
    rij = corporatie.locator(f"#punt-{punt.id}")
    assert rij.get_attribute("data-status") == "voorgesteld"
    assert browser.XSS[0] in rij.inner_text()

    # ... and marks its tenants' organisation informed
    melding = corporatie.locator("#meldingen tr[data-corporatie=Staedion] form")
    melding.locator("input[name=datum]").fill("2026-03-20")
    melding.locator("input[name=notitie]").fill("Per brief " + browser.XSS[1])
    with corporatie.expect_navigation():
        melding.locator("button[type=submit]").click()
    assert "2026-03-20" in corporatie.inner_text("#meldingen tr[data-corporatie=Staedion]")

    # the municipality records the start meeting and puts the item on the agenda
    gemeente = browser.pagina_als(chromium, origin, GEMEENTE)
    gemeente.goto(origin + "/agenda/GM0518")
    gemeente.fill("#s-datum", "2026-02-03")
    gemeente.fill("#s-deelnemers", "gemeente\nStaedion\nprovincie")
    with gemeente.expect_navigation():
        gemeente.click("#startoverlegformulier button[type=submit]")
    assert gemeente.inner_text("#startdatum") == "2026-02-03"
    with gemeente.expect_navigation():
        gemeente.click(f"#punt-{punt.id} a.lp-bewerk")
    gemeente.select_option("#p-status", "geagendeerd")
    gemeente.check("#puntformulier input[name=trekkers][value=gemeente]")
    gemeente.check("#puntformulier input[name=trekkers][value=Staedion]")
    gemeente.fill("#p-datum", "2026-03-10")
    gemeente.fill("#p-uitkomst", "Ruil onderzoeken " + browser.XSS[3])
    browser.schermafdruk(gemeente, "agenda-punt.png")
    with gemeente.expect_navigation():
        gemeente.click("#puntformulier button[type=submit]")
    punt = store.agendapunt(punt.id)
    assert (punt.status, punt.trekkers, punt.voorgesteld_door) == (
        "geagendeerd",
        ["gemeente", "Staedion"],
        "Staedion",
    )
    rij = gemeente.locator(f"#punt-{punt.id}")
    assert rij.locator("td.trekkers").inner_text() == "gemeente, Staedion"
    assert ("Ruil onderzoeken " + browser.XSS[3]) in rij.inner_text()
    browser.schermafdruk(gemeente, "agenda.png")

    # the corporation no longer edits it: it is on the agenda now
    corporatie.goto(origin + "/agenda/GM0518")
    assert corporatie.locator(f"#punt-{punt.id} a.lp-bewerk").count() == 0

    # the printable page: one A4 page with the item, its carrying parties and outcome
    gemeente.goto(origin + "/agenda/GM0518/afdrukken")
    browser.schermafdruk(gemeente, "agenda-afdruk.png")
    gemeente.emulate_media(media="print")
    assert not gemeente.locator("header.lp-navigatie").is_visible(), "geen navigatie op papier"
    assert gemeente.locator(".lp-afdrukkop").is_visible()
    pdf = gemeente.pdf(prefer_css_page_size=True, print_background=True)
    browser.ARTEFACTEN.mkdir(exist_ok=True)
    (browser.ARTEFACTEN / "agenda-afdruk.pdf").write_bytes(pdf)
    lezer = PdfReader(io.BytesIO(pdf))
    assert len(lezer.pages) == 1, "precies één pagina"
    vak = lezer.pages[0].mediabox
    assert abs(float(vak.width) - A4[0]) < MARGE and abs(float(vak.height) - A4[1]) < MARGE
    tekst = " ".join(lezer.pages[0].extract_text().split())
    for verwacht in (
        "Gespreksagenda 's-Gravenhage",
        onderwerp,
        "gemeente, Staedion",
        "geagendeerd",
        "2026-03-10",
        "Ruil onderzoeken",
        "Staedion: geïnformeerd op 2026-03-20",
        "2026-02-03",
    ):
        assert verwacht in tekst, (verwacht, tekst[:800])
    assert "Kaart" not in tekst, "de navigatie staat niet op de afdruk"

    for page in (gemeente, corporatie):
        assert page.dialogen == [] and page.fouten == []
        page.context.close()
