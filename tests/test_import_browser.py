"""The upload page in the real Chromium on a fresh database (one administrator, two
corporations): a plan list that names a third corporation is refused with the suggestion in the
report table, then accepted with "Nieuwe corporaties registreren"; screenshots of both states go
to ``test-artefacten/``."""

from __future__ import annotations

from pathlib import Path

import browser
from aanmelding import meld_aan
from browser import ARTEFACTEN
from conftest import KLEINE_GEMEENTEN, database_url

from locatieplanner.domein.model import Corporatie
from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store

PLAN = (
    "bron_id;naam;status;daeb;start;oplevering;corporatie;x;y\r\n"
    "B1;Binckhorst;1A;24;2025;2027;Staedion Zuid;80500;455000\r\n"
    "B2;Laakhaven;1B;12;2025;2028;Vidomes;81500;455500\r\n"
)

_TABEL_JS = """() => Array.from(document.querySelectorAll('#problemen tbody tr'))
    .map(tr => Array.from(tr.cells).map(td => td.textContent))"""


def test_import_met_onbekende_corporatie_in_de_browser(chromium, tmp_path):
    url = database_url(tmp_path)
    store = Store.open(url)
    store.zet_regio(laad_regio())
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    store.bewaar_corporatie(Corporatie("Vidomes", "VID", ["GM0518", "GM0603"]))
    plan: Path = tmp_path / "planlijst.csv"
    plan.write_text(PLAN, encoding="utf-8")
    ARTEFACTEN.mkdir(exist_ok=True)
    with browser.draai(browser.maak_app(url)) as basis:
        context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
        fouten: list[str] = []
        try:
            pagina = context.new_page()
            pagina.set_default_timeout(10000)
            pagina.on("pageerror", lambda e: fouten.append(f"pageerror: {e}"))
            pagina.on("console", lambda m: fouten.append(m.text) if m.type == "error" else None)
            meld_aan(pagina, basis)
            pagina.goto(basis + "/importeer")
            assert pagina.get_attribute("link[href$='uitwisseling.css']", "rel") == "stylesheet"
            assert pagina.text_content("a[aria-current=page]") == "Importeren"

            # 1. refused: the unknown corporation with the suggestion in the table
            pagina.set_input_files("input[name=bestand]", str(plan))
            with pagina.expect_navigation():
                pagina.click("#importeren")
            assert pagina.text_content("#rapport h2") == "Niets opgeslagen"
            rijen = pagina.evaluate(_TABEL_JS)
            assert len(rijen) == 1
            rij, bron_id, veld, waarde, ernst, probleem, toegestaan = rijen[0]
            assert (rij, bron_id, veld, waarde, ernst) == (
                "2",
                "B1",
                "corporatie",
                "Staedion Zuid",
                "fout",
            )
            assert probleem == "onbekende corporatie, bedoelt u 'Staedion'?"
            assert toegestaan.startswith("een geregistreerde corporatie (Staedion, Vidomes)")
            assert "--" not in pagina.inner_text("main")
            pagina.screenshot(path=str(ARTEFACTEN / "importeren-geweigerd.png"), full_page=True)
            assert [c.naam for c in store.corporaties()] == ["Staedion", "Vidomes"]
            assert store.locaties() == []

            # 2. accepted with the checkbox: the third corporation is registered
            pagina.set_input_files("input[name=bestand]", str(plan))
            pagina.check("#nieuwe_corporaties")
            with pagina.expect_navigation():
                pagina.click("#importeren")
            assert pagina.text_content("#rapport h2") == "Opgeslagen"
            tekst = pagina.inner_text("#rapport")
            assert "Nieuwe corporaties geregistreerd: Staedion Zuid." in tekst
            assert "2 toegevoegd" in tekst
            assert "--" not in pagina.inner_text("main")
            pagina.screenshot(path=str(ARTEFACTEN / "importeren-geaccepteerd.png"), full_page=True)
            # the refused import is answered 422 by design; Chromium logs that status
            assert [f for f in fouten if "status of 422" not in f] == []
        finally:
            context.close()
    assert [c.naam for c in store.corporaties()] == ["Staedion", "Staedion Zuid", "Vidomes"]
    b1 = store.locaties(bron_id="B1")[0]
    assert [(t.corporatie, t.daeb) for t in b1.toewijzingen] == [("Staedion Zuid", 24)]
    store.sluit()
