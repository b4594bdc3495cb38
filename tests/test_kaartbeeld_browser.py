"""The planner's map in the real Chromium loads only its view (``GET /api/v1/kaartbeeld``):
clusters of the server where the view is dense, the sites themselves when zoomed in, the totals
of all sites from one lean call, and no load of every site."""

from __future__ import annotations

import random
from typing import Any

import browser
import pytest
from browser import ARTEFACTEN, wacht
from shapely.geometry import Point, box

from locatieplanner.crs import naar_wgs84
from locatieplanner.domein.model import Locatie
from locatieplanner.store import Store
from locatieplanner.web.api_kaartbeeld import DREMPEL

#: The dense block: points in a 2 km square of 's-Gravenhage (EPSG:28992).
DICHT = (76000, 456000, 78000, 458000)
AANTAL_DICHT = DREMPEL + 300
AANTAL_VERSPREID = 20


@pytest.fixture
def dichte_store(kleine_store: Store) -> Store:
    rnd = random.Random(5)
    dicht = [
        Locatie(
            f"Dicht {n}",
            Point(rnd.uniform(DICHT[0], DICHT[2]), rnd.uniform(DICHT[1], DICHT[3])),
            "1A" if n % 3 else "3",
            bron_id=f"d{n}",
            daeb=3,
        )
        for n in range(AANTAL_DICHT)
    ]
    verspreid = [
        Locatie(
            f"Rijswijk {n}",
            box(86000 + 200 * n, 449000, 86100 + 200 * n, 449100),
            "1B",
            bron_id=f"r{n}",
            daeb=10,
        )
        for n in range(AANTAL_VERSPREID)
    ]
    kleine_store.importeer_locaties(dicht + verspreid)
    return kleine_store


def _antwoorden(page: Any, lijst: list[tuple[str, int]]) -> None:
    """Record (url, body bytes) of every answer of the API's view and site searches."""

    def opslaan(r: Any) -> None:
        if "/api/v1/kaartbeeld" in r.url or "/api/v1/locaties" in r.url:
            try:
                lijst.append((r.url, len(r.body())))
            except Exception:  # noqa: BLE001 - a cancelled load has no body
                lijst.append((r.url, 0))

    page.on("response", opslaan)


def test_kaart_laadt_alleen_het_kaartbeeld(dichte_store, serveer, bezoek):
    server = serveer(browser.maak_app(dichte_store.url))
    b = bezoek(server.url + "/", server.url)
    page = b.page
    totaal = AANTAL_DICHT + AANTAL_VERSPREID
    # the first view: the region, the dense block as clusters of the server
    assert any("/api/v1/kaartbeeld?" in u for u in b.verzoeken)
    locaties = [u for u in b.verzoeken if "/api/v1/locaties" in u]
    assert locaties and all("limit=1" in u for u in locaties), locaties  # only the totals
    assert page.locator(".lp-servercluster").count() > 0
    aantallen = page.evaluate("() => window.locatieplanner.aantallen")
    assert aantallen["hard"] + aantallen["zacht"] == totaal  # every site in a cluster or drawn
    assert page.locator("#som-locaties").inner_text().replace(".", "") == str(totaal)
    ARTEFACTEN.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTEN / "kaartbeeld_clusters.png"))
    # zoomed in on a corner of the block: the sites themselves, fewer, no clusters
    antwoorden: list[tuple[str, int]] = []
    _antwoorden(page, antwoorden)
    midden = naar_wgs84([Point(DICHT[0] + 150, DICHT[1] + 150)], None)[0]
    voor = page.evaluate("() => window.locatieplanner.ladingen")
    page.evaluate(
        "([lat, lon]) => window.locatieplanner.kaart.setView([lat, lon], 17, {animate: false})",
        [midden.y, midden.x],
    )
    wacht(page, "n => window.locatieplanner.ladingen > n", voor)
    assert page.locator(".lp-servercluster").count() == 0
    getoond = page.evaluate("() => window.locatieplanner.aantallen")
    assert 0 < getoond["hard"] + getoond["zacht"] < DREMPEL
    assert page.locator(".lp-punt").count() > 0
    # the move loaded the view only: one small answer, the totals were not asked again
    beeld = [n for u, n in antwoorden if "/api/v1/kaartbeeld" in u]
    assert beeld and max(beeld) < 100_000, antwoorden
    assert not [u for u, _n in antwoorden if "/api/v1/locaties" in u]
    page.screenshot(path=str(ARTEFACTEN / "kaartbeeld_ingezoomd.png"))
    # a click on a cluster (in the middle of the dense block) zooms in to its sites
    blok = naar_wgs84([Point((DICHT[0] + DICHT[2]) / 2, (DICHT[1] + DICHT[3]) / 2)], None)[0]
    voor = page.evaluate("() => window.locatieplanner.ladingen")
    page.evaluate(
        "([lat, lon]) => window.locatieplanner.kaart.setView([lat, lon], 13, {animate: false})",
        [blok.y, blok.x],
    )
    wacht(page, "n => window.locatieplanner.ladingen > n", voor)
    assert page.locator(".lp-servercluster").count() > 0
    page.locator(".lp-servercluster").first.dispatch_event("click")
    wacht(page, "() => window.locatieplanner.kaart.getZoom() > 13")
    assert b.console_fouten == [] and [m for m in b.mislukt if "ERR_ABORTED" not in m] == []
