"""Every web page of the route table (generated, see paginas.py) in the real headless Chromium on
the example data: a full-page screenshot in ``test-artefacten/pagina-<endpoint>.png``, no console
errors, no failed or outside requests. And the map's summary as shown equals the API's, for the
whole region and with a municipality and a corporation filter."""

from __future__ import annotations

from typing import Any

import browser
import pytest
from aanmelding import client_als
from browser import ARTEFACTEN, wacht
from conftest import database_url
from paginas import html_paginas

from locatieplanner.uitwisseling.demo import laad_demo
from locatieplanner.web.toegang import regel_van

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
#: Scripts of the app's pages put ``window.locatieplanner``; the map says when it has loaded.
KLAAR = "() => !window.locatieplanner || window.locatieplanner.geladen !== false"
SOM = ("locaties", "daeb", "hard", "zacht", "na", "zonder-jaar")


@pytest.fixture
def bezoek(chromium: Any):
    yield from browser.bezoek(chromium, LAPTOP)


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    """The app on the example data (shipped boundaries, no base map: nothing from outside)."""
    url = database_url(tmp_path_factory.mktemp("paginas-browser"))
    laad_demo(url, download=False)
    return browser.maak_app(url)


def test_elke_pagina_zonder_fouten_met_schermafdruk(demo_app, serveer, bezoek):
    paginas = html_paginas(demo_app, client_als(demo_app))
    assert len(paginas) >= 6, paginas.keys()
    server = serveer(demo_app)
    ARTEFACTEN.mkdir(exist_ok=True)
    for route in paginas:
        # a page open to anyone (the login form) as a visitor who is not logged in yet
        aangemeld = regel_van(demo_app, route.endpoint) != "openbaar"
        b = bezoek(server.url + route.url, server.url, klaar=None, aangemeld=aangemeld)
        b.page.wait_for_load_state("networkidle")
        wacht(b.page, KLAAR)
        assert b.page.locator("header.lp-navigatie nav").count() == 1, route
        assert b.page.locator("footer.lp-voet").is_visible(), route
        b.page.screenshot(path=str(ARTEFACTEN / f"pagina-{route.endpoint}.png"), full_page=True)
        assert b.console_fouten == [], route
        assert b.mislukt == [], route
        assert b.extern() == [], route
        assert b.dialogen == [], route


def _getal(tekst: str) -> int:
    """A count as the map shows it in Dutch notation ("7.134")."""
    return int(tekst.replace(".", ""))


def _toon_en_api(b: Any, query: str) -> None:
    """The summary as shown equals the API's for the filters in ``query``."""
    api = b.page.evaluate(
        "q => fetch('/api/v1/locaties?limit=1' + q).then(r => r.json()).then(d => d.samenvatting)",
        query,
    )
    getoond = {n: _getal(b.page.locator(f"#som-{n}").inner_text()) for n in SOM}
    assert getoond == {
        "locaties": api["locaties"],
        "daeb": api["daeb"],
        "hard": api["daeb_hard"],
        "zacht": api["daeb_zacht"],
        "na": api["daeb_na_periode"],
        "zonder-jaar": api["daeb_zonder_jaar"],
    }
    corporatie = b.page.locator("#som-corporatie")
    if api["corporatie"]:
        assert api["corporatie"] in corporatie.inner_text()
    else:
        assert corporatie.is_hidden()


def _kies(b: Any, veld: str, waarde: str) -> None:
    voor = b.page.evaluate("() => window.locatieplanner.ladingen")
    b.page.select_option(f"#filter-{veld}", waarde)
    wacht(b.page, "n => window.locatieplanner.ladingen > n", voor)


def test_samenvatting_op_de_kaart_is_die_van_de_api(demo_app, serveer, bezoek):
    server = serveer(demo_app)
    b = bezoek(server.url + "/", server.url)
    assert b.page.locator("#som-daeb-label").inner_text() == "DAEB 2021–2030"
    assert b.page.locator("#som-na-label").inner_text() == "na 2030 (telt niet mee)"
    _toon_en_api(b, "")
    assert _getal(b.page.locator("#som-na").inner_text()) > 0  # the example data has some
    _kies(b, "gemeente", "GM0603")
    _toon_en_api(b, "&gemeente=GM0603")
    _kies(b, "gemeente", "")
    _kies(b, "corporatie", "Residentie Wonen")
    _toon_en_api(b, "&corporatie=Residentie%20Wonen")
    assert b.console_fouten == [] and b.mislukt == []
