"""The import and export pages in a real headless Chromium against the app on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import browser
import pytest
from aanmelding import meld_aan
from conftest import KLEINE_GEMEENTEN

from locatieplanner.domein.model import Corporatie

pytestmark = pytest.mark.browser


@pytest.fixture
def site(store, tmp_path) -> Iterator[str]:
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    with browser.draai(browser.maak_app(store.url)) as basis:
        yield basis


@pytest.fixture
def pagina(tmp_path) -> Iterator[Any]:
    with browser.playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profiel"),
            executable_path=str(browser.CHROMIUM),
            headless=True,
            args=browser.CHROMIUM_ARGS,
            accept_downloads=True,
        )
        page = context.new_page()
        page.dialogen = []
        page.console = []
        page.on("dialog", lambda d: (page.dialogen.append(d.message), d.dismiss()))
        page.on("console", lambda m: page.console.append(m.text) if m.type == "error" else None)
        yield page
        context.close()


def test_upload_toont_rapport_per_rij_en_slaat_goed_bestand_op(site, pagina, store, tmp_path):
    fout = tmp_path / "fout.csv"
    fout.write_text(
        "bron_id;naam;status;daeb;x;y\n"
        "A1;<img src=x onerror=alert(1)>;1A;10;80500;455000\n"
        "A2;Tweede;Q7;-4;80600;455000\n",
        encoding="utf-8",
    )
    meld_aan(pagina, site)
    antwoord = pagina.goto(site + "/importeer")
    assert "script-src 'none'" in antwoord.headers["content-security-policy"]
    pagina.set_input_files("input[name=bestand]", str(fout))
    pagina.click("#importformulier button[type=submit]")
    pagina.wait_for_selector("#rapport")
    assert "Niets opgeslagen" in pagina.inner_text("#rapport h2")
    rijen = pagina.locator("#problemen tbody tr").all_inner_texts()
    assert any("3\tA2\tstatus\tQ7" in r for r in rijen), rijen
    assert any("3\tA2\tdaeb\t-4" in r for r in rijen), rijen
    assert pagina.dialogen == [] and store.locaties() == []
    # the stylesheet is served by the app and allowed by the policy: the table has its borders
    rand = pagina.eval_on_selector("#problemen", "t => getComputedStyle(t).borderCollapse")
    assert rand == "collapse"

    goed = tmp_path / "goed.csv"
    goed.write_text("bron_id;naam;status;daeb;x;y\nA1;Eerste é;1A;10;80500;455000\n")
    pagina.goto(site + "/importeer")
    pagina.set_input_files("input[name=bestand]", str(goed))
    pagina.click("#importformulier button[type=submit]")
    pagina.wait_for_selector("#rapport")
    assert pagina.inner_text("#rapport h2") == "Opgeslagen"
    assert "1 toegevoegd" in pagina.inner_text("#rapport")
    assert [loc.naam for loc in store.locaties()] == ["Eerste é"]

    pagina.goto(site + "/exporteer")
    pagina.check("input[name=formaat][value=geojson]")
    with pagina.expect_download() as wacht:
        pagina.click("#exportformulier button[type=submit]")
    download = wacht.value
    assert download.suggested_filename.endswith(".geojson")
    data = json.loads(Path(download.path()).read_text("utf-8"))
    assert [f["properties"]["naam"] for f in data["features"]] == ["Eerste é"]
    assert not [m for m in pagina.console if "Content Security Policy" in m], pagina.console
