"""``/spreiding`` at a few hundred municipalities in a real headless Chromium against a real local
server: until the load event the page fetches only the municipalities' boundaries (once) next to
its assets; the parts, signal lists and sites come when they are opened or switched on. A
screenshot of the first screen goes to ``test-artefacten/spreiding-schaal.png``."""

from __future__ import annotations

from collections.abc import Iterator

import browser
import pytest
from aanmelding import meld_aan
from browser import ARTEFACTEN, wacht
from conftest import database_url
from spreiding_schaal import AANTAL, code, vul_grote_regio

from locatieplanner.store import Store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def groot_server(tmp_path_factory) -> Iterator[str]:
    url = database_url(tmp_path_factory.mktemp("groot_browser"))
    store = Store.open(url)
    vul_grote_regio(store)
    store.sluit()
    with browser.draai(browser.maak_app(url)) as basis:
        yield basis


def test_delen_komen_pas_als_ze_nodig_zijn(chromium, groot_server):
    basis = groot_server
    context = chromium.new_context(viewport={"width": 1366, "height": 800}, locale="nl-NL")
    pagina = context.new_page()
    paden: list[str] = []
    fouten: list[str] = []
    pagina.on("request", lambda r: paden.append(r.url[len(basis) :]))
    pagina.on("pageerror", lambda e: fouten.append(f"pageerror: {e}"))
    pagina.on("console", lambda m: fouten.append(m.text) if m.type == "error" else None)
    try:
        meld_aan(pagina, basis)
        paden.clear()
        pagina.goto(basis + "/spreiding", wait_until="load")
        pagina.wait_for_selector(".folium-map[data-spreiding='geladen']", timeout=30000)
        wacht(pagina, "() => window.locatieplanner && window.locatieplanner.geladen")
        assert pagina.evaluate("window.locatieplanner_spreiding.aantal") == AANTAL
        assert pagina.evaluate("window.locatieplanner_spreiding.fouten") == []

        def gevraagd(begin: str) -> list[str]:
            return [p for p in paden if p.startswith(begin)]

        # the boundaries once (the coloured layer), no sites, no part, no signal list
        assert gevraagd("/spreiding/gemeenten.geojson") == ["/spreiding/gemeenten.geojson"]
        assert gevraagd("/kaart/locaties") == []
        assert gevraagd("/spreiding/deel/") == gevraagd("/spreiding/signalen/") == []
        # stock charts only for the places in view (the section is far below the first screen)
        assert pagina.evaluate("window.locatieplanner_spreiding_lijsten.grafieken") < AANTAL

        # a part comes when it is opened, with a row per municipality
        pagina.click("#deel-casussen summary")
        rijen = pagina.locator("#tabel-casussen tbody tr[data-gemeente]")
        rijen.first.wait_for(timeout=15000)
        assert rijen.count() == AANTAL
        assert gevraagd("/spreiding/deel/") == ["/spreiding/deel/casussen"]

        # the table per municipality when the key figure's link to its column is followed
        pagina.click("#toets-namen a[href='#kop-tabel']")
        rijen = pagina.locator("#tabel-gemeenten tbody tr[data-gemeente]")
        rijen.first.wait_for(timeout=15000)
        assert rijen.count() == AANTAL
        assert pagina.locator("#tabel-gemeenten tfoot tr[data-gemeente='regio']").count() == 1
        assert gevraagd("/spreiding/deel/") == [
            "/spreiding/deel/casussen",
            "/spreiding/deel/gemeenten",
        ]

        # a municipality's signal list when its section is opened: a link to it opens the
        # signal overview that holds it, then the section itself
        pagina.evaluate(f"window.location.hash = '#signalen-{code(3)}'")
        pagina.wait_for_selector(f"#signalen-{code(3)}[data-geladen='ja']", timeout=15000)
        assert pagina.locator("#tabel-signalen tbody tr[data-gemeente]").count() >= AANTAL
        assert gevraagd("/spreiding/deel/")[-1] == "/spreiding/deel/signaaloverzicht"
        assert gevraagd("/spreiding/signalen/") == [f"/spreiding/signalen/{code(3)}"]
        # another one by opening its section
        sectie = pagina.locator(f"#signalen-{code(4)}")
        sectie.locator("summary").click()
        pagina.wait_for_selector(f"#signalen-{code(4)}[data-geladen='ja']", timeout=15000)
        assert gevraagd("/spreiding/signalen/")[-1] == f"/spreiding/signalen/{code(4)}"

        # the sites when their layer is switched on
        pagina.locator(".leaflet-control-layers-overlays label", has_text="Harde plannen").locator(
            "input"
        ).check()
        wacht(pagina, "() => window.locatieplanner.aantallen.hard > 0", timeout=15000)
        assert [p.split("?")[0] for p in gevraagd("/kaart/locaties")] == ["/kaart/locaties.geojson"]
        assert pagina.evaluate("window.locatieplanner.fouten") == []
        assert pagina.evaluate("window.locatieplanner_spreiding_lijsten.fouten") == []
        assert fouten == []
        pagina.mouse.move(0, 0)
        pagina.evaluate("window.scrollTo(0, 0)")
        # the first screen (the whole page, hundreds of rows long, is too tall for one image)
        ARTEFACTEN.mkdir(exist_ok=True)
        pagina.screenshot(path=str(ARTEFACTEN / "spreiding-schaal.png"))
    finally:
        context.close()
