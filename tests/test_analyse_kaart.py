"""``locatieplanner kaart``: the static meeting map, as a file and in a real headless Chromium."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from analyse_testdata import vul_store
from browser import ARTEFACTEN
from shapely.geometry import Point

from locatieplanner.domein.model import Locatie
from locatieplanner.domein.regio import Regio
from locatieplanner.errors import BestandFout
from locatieplanner.store import Store
from locatieplanner.weergave.analysekaart import GROEI, KRIMP, Klasse, klassen, schrijf_kaart
from locatieplanner.weergave.datum import datum_tekst

XSS = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(4)</script>"
#: A point in Westdorp without other sites around it.
REGIO_PUNT = Point(81500, 451800)


def test_klassen_met_mooie_grenzen():
    # largest growth 420: 420 / 4 = 105 -> width 200 (1, 2 or 5 times a power of ten);
    # ceil(420 / 200) = 3 green classes
    assert klassen([50, 420, 90, -30]) == [
        Klasse(None, 0, KRIMP),
        Klasse(0, 200, GROEI[0]),
        Klasse(200, 400, GROEI[1]),
        Klasse(400, 600, GROEI[2]),
    ]
    # 1522 / 4 = 380.5 -> 500; ceil(1522 / 500) = 4
    assert [k.boven for k in klassen([1522, 7])] == [0, 500, 1000, 1500, 2000]
    assert klassen([-5, 0]) == [Klasse(None, 0, KRIMP)]
    assert Klasse(400, 600, "x").label == "401 – 600"
    assert Klasse(None, 0, "x").label == "0 of minder"
    assert Klasse(0, 200, "x").bevat(200) and not Klasse(0, 200, "x").bevat(0)


def _zonder_inline_code(tekst: str) -> str:
    """The HTML with the contents of inline <script> and <style> blocks removed."""
    tekst = re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", tekst, flags=re.S | re.I)
    return re.sub(r"(<style[^>]*>).*?(</style>)", r"\1\2", tekst, flags=re.S | re.I)


def test_kaartbestand_is_op_zichzelf_staand(runner, tmp_path, monkeypatch):
    store = Store.open(runner.url)
    vul_store(store)
    store.sluit()
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(["kaart"])
    assert res.exit_code == 0, res.output
    pad = tmp_path / "kaarten" / f"netto-daeb-{date.today().isoformat()}.html"
    assert f"Kaart geschreven naar {Path('kaarten') / pad.name}" in res.output
    tekst = pad.read_text("utf-8")
    opmaak = _zonder_inline_code(tekst)
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", opmaak, re.I) == []
    assert "<link" not in opmaak.lower()
    assert re.findall(r"<script[^>]+src", opmaak, re.I) == []
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs", "code.jquery", "netdna", "pdok.nl"):
        assert cdn not in tekst
    # Leaflet's images are inlined; no reference to files beside the page remains
    assert "url(images/" not in tekst and "data:image/png;base64," in tekst
    assert "Netto groei DAEB per gemeente, Testregio 2021-2030" in tekst


def test_kaart_foute_extensie_en_peiljaar(runner, tmp_path):
    store = Store.open(runner.url)
    vul_store(store)
    with pytest.raises(BestandFout, match=r"gebruik de extensie \.html"):
        schrijf_kaart(store, tmp_path / "kaart.png")
    store.sluit()
    res = runner.invoke(["kaart", "--uitvoer", str(tmp_path / "k.html"), "--peiljaar", "2035"])
    assert res.exit_code == 1 and "peiljaar = 2035" in res.output


# --------------------------------------------------------------------------- browser


def _open(chromium: Any, pad: Path) -> tuple[Any, Any, list[str], list[str]]:
    context = chromium.new_context(viewport={"width": 1280, "height": 860})
    pagina = context.new_page()
    verzoeken: list[str] = []
    fouten: list[str] = []

    def route(r: Any) -> None:
        verzoeken.append(r.request.url)
        if r.request.url.startswith(("file://", "data:")):
            r.continue_()
        else:
            r.abort()

    pagina.route("**/*", route)
    pagina.on("pageerror", lambda e: fouten.append(str(e)))
    pagina.on("console", lambda m: fouten.append(m.text) if m.type == "error" else None)
    pagina.on("dialog", lambda d: (fouten.append("dialoog: " + d.message), d.dismiss()))
    pagina.goto(pad.as_uri())
    pagina.wait_for_selector(".folium-map[data-geladen='ja']", timeout=15000)
    return context, pagina, verzoeken, fouten


@pytest.mark.browser
def test_kaart_toont_choropleet_en_locaties_in_chromium(chromium, runner, tmp_path):
    store = Store.open(runner.url)
    vul_store(store)
    store.sluit()
    pad = tmp_path / "kaart.html"
    res = runner.invoke(["kaart", "--uitvoer", str(pad)])
    assert res.exit_code == 0, res.output
    context, pagina, verzoeken, fouten = _open(chromium, pad)
    try:
        assert fouten == []
        # offline: the page itself is the only request
        assert [u for u in verzoeken if not u.startswith("data:")] == [pad.as_uri()]
        aantallen = pagina.evaluate("window.locatieplanner.aantallen")
        # hard: sites 1, 2, 4, 5, 7, 8; soft: 3, 6, 9 (tests/analyse_testdata.py)
        assert aantallen == {"hard": 6, "zacht": 3, "gemeenten": 3}
        assert pagina.evaluate("window.locatieplanner_keuze.aantal") == 3
        vullingen = pagina.evaluate(
            """Object.fromEntries(Array.from(document.querySelectorAll('path.lp-keuze')).map(
                e => [e.getAttribute('class').match(/lp-keuze-(GM\\d+)/)[1], e.getAttribute('fill')]))"""
        )
        # net DAEB growth: GM9001 200 - 150 = 50, GM9002 450 - 30 = 420, GM9003 90 - 0 = 90;
        # classes 1-200, 201-400, 401-600
        assert vullingen == {"GM9001": GROEI[0], "GM9002": GROEI[2], "GM9003": GROEI[0]}
        assert pagina.locator("path.lp-hard").count() >= 3  # polygon sites 1, 2, 4 and 5
        assert pagina.locator("path.lp-zacht").count() >= 1
        zichtbaar = pagina.evaluate(
            """Array.from(document.querySelectorAll('path.lp-keuze')).every(e => {
                const r = e.getBoundingClientRect(); return r.width > 50 && r.height > 50; })"""
        )
        assert zichtbaar
        titel = pagina.inner_text(".lp-titel")
        vandaag = date.today()
        assert "Netto groei DAEB per gemeente, Testregio 2021-2030" in titel
        assert f"stand {datum_tekst(vandaag)}" in titel
        assert "netto DAEB +560 (hard +460)" in titel
        legenda = pagina.inner_text(".lp-keuzelegenda")
        assert "0 of minder" in legenda and "401 – 600" in legenda
        assert "Harde plannen" in pagina.inner_text(".lp-legenda")
        extern = pagina.evaluate(
            """Array.from(document.querySelectorAll('[src],[href]'))
                .map(e => e.getAttribute('src') || e.getAttribute('href'))
                .filter(u => /^(https?:)?\\/\\//i.test(u))"""
        )
        assert extern == []
        ARTEFACTEN.mkdir(exist_ok=True)
        pagina.screenshot(path=str(ARTEFACTEN / "kaart_static.png"))
    finally:
        context.close()


@pytest.mark.browser
def test_kaart_namen_blijven_tekst(chromium, tmp_path):
    regio = Regio(
        XSS,
        2021,
        2030,
        1000,
        {"GM9001": XSS_SCRIPT, "GM9002": "${alert(2)}", "GM9003": "x\\`);alert(3);//"},
    )
    store = Store.open(f"sqlite:///{tmp_path / 'xss.sqlite'}")
    vul_store(store, regio)
    store.voeg_locatie_toe(Locatie(XSS, REGIO_PUNT, "1A", daeb=5, oplevering=2025))
    pad = schrijf_kaart(store, tmp_path / "xss.html")
    store.sluit()
    context, pagina, _verzoeken, fouten = _open(chromium, pad)
    try:
        assert fouten == []
        assert XSS in pagina.inner_text(".lp-titel")
        assert pagina.evaluate("document.querySelectorAll('img[src=x]').length") == 0
        assert pagina.title().startswith("Netto groei DAEB per gemeente, <img")
        pagina.hover("path.lp-keuze-GM9001", position={"x": 30, "y": 30})
        pagina.wait_for_selector(".leaflet-tooltip", timeout=5000)
        assert XSS_SCRIPT in pagina.inner_text(".leaflet-tooltip")
    finally:
        context.close()
