"""The planner's map when the PDOK basemap cannot be reached (offline, a closed government
network): it says so once and falls back to the plain background."""

from __future__ import annotations

import pytest
from browser import wacht
from shapely.geometry import box

from locatieplanner.domein.model import Locatie

pytestmark = pytest.mark.browser


@pytest.fixture
def app_met_basiskaart(kleine_store):
    import browser

    kleine_store.voeg_locatie_toe(
        Locatie("Binckhorst", box(80000, 452000, 80200, 452200), "1A", daeb=20)
    )
    return browser.maak_app(kleine_store.url, BASISKAART=True)


def test_onbereikbare_achtergrond_een_melding_en_effen_kaart(app_met_basiskaart, serveer, bezoek):
    server = serveer(app_met_basiskaart)
    # every request outside the app is aborted by the visit (as offline): the tiles fail
    b = bezoek(server.url + "/", server.url)
    pagina = b.page
    wacht(pagina, "() => document.getElementById('kaart').dataset.achtergrond === 'effen'")
    meldingen = pagina.locator(".lp-kaartmelding").all_inner_texts()
    assert len(meldingen) == 1, meldingen
    assert "achtergrondkaart" in meldingen[0] and "effen achtergrond" in meldingen[0]
    assert pagina.locator(".leaflet-tile-pane img").count() == 0, "geen kapotte tegels meer"
    assert any("service.pdok.nl" in u for u in b.extern()), "de tegels zijn wel gevraagd"
    # zooming asks nothing again from the removed layer and adds no second message
    verzoeken = len(b.extern())
    pagina.evaluate("() => window.locatieplanner.kaart.zoomIn(1, {animate: false})")
    wacht(pagina, "() => !window.locatieplanner.kaart._animatingZoom")
    assert pagina.locator(".lp-kaartmelding").count() == 1
    assert len(b.extern()) == verzoeken
