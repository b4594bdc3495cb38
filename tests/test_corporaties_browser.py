"""The page /corporaties in a real headless Chromium on a FRESH database (region only, one
administrator account, no demo data): register two corporations, rename one, set a working area,
see a refusal on the page, and merge them."""

from __future__ import annotations

from typing import Any

import browser
import pytest
from browser import ARTEFACTEN

pytestmark = pytest.mark.browser


def _verstuur(page: Any, formulier: str) -> None:
    with page.expect_navigation():
        page.click(f"{formulier} button[type=submit]")


def _rij(page: Any, naam: str) -> dict[str, str]:
    cellen = page.locator(f'#corporaties tr[data-naam="{naam}"] td').all_inner_texts()
    kolommen = ["naam", "code", "werkgebied", "eerder", "locaties", "onttrekkingen"]
    return dict(zip(kolommen, cellen, strict=True))


def test_corporaties_beheren_op_een_verse_database(store, serveer, bezoek):
    app = browser.maak_app(store.url)  # the one administrator account
    assert [a.rol for a in store.accounts_repo.lijst()] == ["beheerder"]
    assert store.corporaties() == [] and store.locaties() == []
    srv = serveer(app)
    b = bezoek(srv.url + "/corporaties", srv.url, klaar=None)
    page = b.page
    assert page.locator("#geen-corporaties").is_visible()
    assert page.locator('nav a[aria-current="page"]').inner_text() == "Corporaties"

    # register two corporations
    page.fill("#nieuw-naam", "Haag Wonen")
    page.fill("#nieuw-code", "HW")
    page.check('#nieuw-formulier input[value="GM0518"]')
    _verstuur(page, "#nieuw-formulier")
    assert "Corporatie 'Haag Wonen' is toegevoegd." in page.inner_text(".lp-melding.info")
    page.fill("#nieuw-naam", "Vestia")
    page.check('#nieuw-formulier input[value="GM0503"]')
    _verstuur(page, "#nieuw-formulier")
    assert _rij(page, "Vestia")["werkgebied"] == "Delft"

    # rename one
    vestia = 'details[data-naam="Vestia"]'
    page.click(f"{vestia} summary")
    page.fill(f"{vestia} .lp-hernoem input[name=naam]", "Vestia Groep")
    _verstuur(page, f"{vestia} .lp-hernoem")
    assert "'Vestia' blijft herkend" in page.inner_text(".lp-melding.info")
    assert _rij(page, "Vestia Groep")["eerder"] == "Vestia"

    # set a working area
    haag = 'details[data-naam="Haag Wonen"]'
    page.click(f"{haag} summary")
    page.check(f'{haag} .lp-werkgebiedformulier input[value="GM0603"]')
    _verstuur(page, f"{haag} .lp-werkgebiedformulier")
    assert _rij(page, "Haag Wonen")["werkgebied"] == "'s-Gravenhage, Rijswijk"

    # a wrong value is refused on the page, in Dutch, and nothing changes
    page.click(f"{haag} summary")
    page.fill(f"{haag} .lp-hernoem input[name=naam]", "Vestia")
    _verstuur(page, f"{haag} .lp-hernoem")
    fout = page.inner_text(".lp-melding.fout")
    assert "naam = 'Vestia': is een eerdere naam van corporatie 'Vestia Groep'" in fout
    assert [c.naam for c in store.corporaties()] == ["Haag Wonen", "Vestia Groep"]

    # merge Vestia Groep into Haag Wonen, confirmed
    groep = 'details[data-naam="Vestia Groep"]'
    page.click(f"{groep} summary")
    page.select_option(f"{groep} select[name=naar]", label="Haag Wonen")
    page.check(f"{groep} input[name=bevestig]")
    _verstuur(page, f"{groep} .lp-samenvoegen")
    assert "'Vestia Groep' is opgegaan in 'Haag Wonen'" in page.inner_text(".lp-melding.info")
    assert page.locator("#corporaties tbody tr").count() == 1
    assert _rij(page, "Haag Wonen") == {
        "naam": "Haag Wonen",
        "code": "HW",
        "werkgebied": "Delft, 's-Gravenhage, Rijswijk",
        "eerder": "Vestia, Vestia Groep",
        "locaties": "0",
        "onttrekkingen": "0",
    }
    [haag_wonen] = store.corporaties()
    assert haag_wonen.eerdere_namen == ["Vestia", "Vestia Groep"]
    assert haag_wonen.gemeenten == ["GM0503", "GM0518", "GM0603"]
    ARTEFACTEN.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTEN / "corporaties.png"), full_page=True)
    assert b.dialogen == [] and b.extern() == []
    # the one refusal above is the only failed response (and the only console error)
    assert [m.split(": ", 1)[1] for m in b.mislukt] == ["HTTP 422"]
    assert len(b.console_fouten) == 1 and "status of 422" in b.console_fouten[0]
