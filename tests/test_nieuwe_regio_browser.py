"""A region sets itself up in the real Chromium, from a fresh database (region and boundaries only,
no corporations, no sites, no bids), as issue 10 describes: the administrator registers two
corporations on the page, imports a plan list that names a third (refused with the suggestion,
then accepted with the option that registers it), enters the original and a sharpened bid and sees
both versions side by side with the difference. Screenshots in ``test-artefacten/nieuwe-regio-*``."""

from __future__ import annotations

from pathlib import Path

import browser
import pytest
from browser import ARTEFACTEN
from conftest import KLEINE_GEMEENTEN

from locatieplanner.domein.regio import laad_regio

pytestmark = pytest.mark.browser

PLAN = (
    "bron_id;naam;status;daeb;start;oplevering;corporatie;x;y\r\n"
    "B1;Binckhorst;1A;24;2025;2027;Staedion Zuid;80500;455000\r\n"
    "B2;Laakhaven;1B;12;2025;2028;Vidomes;81500;455500\r\n"
)

_CEL_JS = """([gemeente, veld]) => Array.from(document.querySelectorAll(
    '#gemeente-' + gemeente + ' td[data-veld="' + veld + '"]')).map(e => e.textContent.trim())"""


def _verstuur(page, knop: str) -> None:
    with page.expect_navigation():
        page.click(knop)


def _schermafdruk(page, naam: str) -> None:
    ARTEFACTEN.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTEN / f"nieuwe-regio-{naam}.png"), full_page=True)


def test_een_regio_zet_haar_gegevens_op_in_de_browser(store, serveer, bezoek, tmp_path):
    store.zet_regio(laad_regio())
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    assert store.corporaties() == [] and store.locaties() == [] and store.biedingen() == []
    srv = serveer(browser.maak_app(store.url))
    b = bezoek(srv.url + "/corporaties", srv.url, klaar=None)
    page = b.page

    # 1. two corporations registered on the page
    for naam, gemeenten in (("Staedion", ["GM0518"]), ("Vidomes", ["GM0518", "GM0603"])):
        page.fill("#nieuw-naam", naam)
        for g in gemeenten:
            page.check(f'#nieuw-formulier input[value="{g}"]')
        _verstuur(page, "#nieuw-formulier button[type=submit]")
        assert f"Corporatie '{naam}' is toegevoegd." in page.inner_text(".lp-melding.info")
    _schermafdruk(page, "corporaties")
    assert [c.naam for c in store.corporaties()] == ["Staedion", "Vidomes"]

    # 2. a plan list naming a third corporation: refused with the suggestion, nothing stored
    plan: Path = tmp_path / "planlijst.csv"
    plan.write_text(PLAN, encoding="utf-8")
    page.goto(srv.url + "/importeer")
    page.set_input_files("input[name=bestand]", str(plan))
    _verstuur(page, "#importeren")
    assert page.text_content("#rapport h2") == "Niets opgeslagen"
    tabel = page.inner_text("#problemen")
    assert "Staedion Zuid" in tabel and "bedoelt u 'Staedion'?" in tabel
    assert "--" not in page.inner_text("main")
    _schermafdruk(page, "import-geweigerd")
    assert store.locaties() == [] and len(store.corporaties()) == 2

    # ... and accepted with the option, which registers it in the same transaction
    page.set_input_files("input[name=bestand]", str(plan))
    page.check("#nieuwe_corporaties")
    _verstuur(page, "#importeren")
    assert page.text_content("#rapport h2") == "Opgeslagen"
    assert "Nieuwe corporaties geregistreerd: Staedion Zuid." in page.inner_text("#rapport")
    _schermafdruk(page, "import-geaccepteerd")
    assert [c.naam for c in store.corporaties()] == ["Staedion", "Staedion Zuid", "Vidomes"]
    assert sorted(loc.bron_id for loc in store.locaties()) == ["B1", "B2"]

    # 3. the original and a sharpened bid, side by side with the difference
    page.goto(srv.url + "/biedingen")
    for versie, datum, daeb, opmerking in (
        ("origineel", "15-12-2021", "1200", "eerste bod"),
        ("aangescherpt", "10-12-2025", "1380", "aangescherpt na gesprek 10-12"),
    ):
        page.select_option("#veld-gemeente", "GM0518")
        page.fill("#veld-versie", versie)
        page.fill("#veld-datum", datum)
        page.fill("#veld-daeb", daeb)
        page.fill("#veld-opmerking", opmerking)
        _verstuur(page, "#bod-opslaan")
        assert f"opgeslagen ({daeb} DAEB)" in page.inner_text(".lp-melding.info")
    kop = page.locator("#gemeente-GM0518 th[data-versie]")
    assert kop.evaluate_all("es => es.map(e => e.dataset.versie)") == ["origineel", "aangescherpt"]
    assert page.evaluate(_CEL_JS, ["GM0518", "daeb"]) == ["1.200", "1.380"]
    assert page.evaluate(_CEL_JS, ["GM0518", "origineel"]) == ["–", "+180 (+15,0%)"]
    links, rechts = (kop.nth(i).bounding_box() for i in (0, 1))
    assert rechts["x"] >= links["x"] + links["width"] - 1 and abs(rechts["y"] - links["y"]) < 2
    _schermafdruk(page, "biedingen")
    assert store.actuele_biedingen()["GM0518"].daeb == 1380
    assert b.dialogen == [] and b.extern() == []
    # the refused import is answered 422 by design; Chromium logs that status
    assert [f for f in b.console_fouten if "status of 422" not in f] == []
