"""The overview per municipality (overzicht 5a en 5b): HTML, PDF and XLSX for the example data and
for a municipality without sites and bid; numbers equal the analysis; no cut-off columns; frozen
reports do not change."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pypdf import PdfReader
from shapely.geometry import box

from locatieplanner import analyse
from locatieplanner.cli import main
from locatieplanner.domein.model import Gemeente, Locatie
from locatieplanner.domein.regio import Regio
from locatieplanner.errors import NietGevonden, OnderdeelOntbreekt
from locatieplanner.store import Store
from locatieplanner.uitwisseling.demo import laad_demo
from locatieplanner.weergave import pdf as pdfmodule
from locatieplanner.weergave.rapport import gemeenterapport_van, rapport_html, schrijf_rapport
from tests.analyse_testdata import REGIO, vul_store
from tests.browser import ARTEFACTEN
from tests.conftest import database_url, vereist

DEN_HAAG = "GM0518"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    url = database_url(tmp_path_factory.mktemp("rapport"))
    laad_demo(url, download=False)
    return url


@pytest.fixture(scope="module")
def demo(demo_url):
    s = Store.open(demo_url)
    yield s
    s.sluit()


#: The hand-checked region plus a member without sites, removals or bid.
LEEG = Regio(
    REGIO.naam, REGIO.van, REGIO.tot, REGIO.doel_netto, {**REGIO.gemeenten, "GM9004": "Leegdorp"}
)


@pytest.fixture
def klein(tmp_path):
    s = Store.open(database_url(tmp_path))
    vul_store(s, LEEG)
    s.bewaar_gemeenten(
        [Gemeente("GM9004", "Leegdorp", box(80000, 452000, 82000, 454000), 3000, 600, 2020)]
    )
    yield s
    s.sluit()


def _cel(html: str, label: str) -> str:
    """The number in the totals row labelled ``label``."""
    m = re.search(rf"<td>{re.escape(label)}</td><td class=\"getal\">([^<]*)</td>", html)
    assert m, f"rij {label!r} ontbreekt"
    return unescape(m.group(1))


def _nl(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def test_getallen_gelijk_aan_de_analyse(demo):
    a = analyse.analyseer(demo).als_dict()
    g = next(x for x in a["gemeenten"] if x["gemeente"] == DEN_HAAG)
    r = gemeenterapport_van(demo, DEN_HAAG)
    o = r.overzicht
    assert (o.daeb_hard, o.daeb_zacht, o.bod) == (g["daeb_hard"], g["daeb_zacht"], g["bod"])
    assert o.niet_toegewezen == g["daeb_niet_toegewezen"]
    assert sum(o.per_jaar().values()) == g["daeb_totaal"]
    assert sum(x.in_periode for x in o.regels) == g["daeb_totaal"]
    assert sum(o.per_corporatie().values()) == g["daeb_totaal"]
    for corp in a["corporaties"]:
        eigen = corp["gemeenten"].get(DEN_HAAG, 0)
        assert o.per_corporatie().get(corp["corporatie"], 0) == eigen, corp["corporatie"]
    html = rapport_html(r)
    assert _cel(html, "Harde plannen") == _nl(g["daeb_hard"])
    assert _cel(html, "Zachte plannen") == _nl(g["daeb_zacht"])
    assert _cel(html, "Verschil met het bod") == f"{g['verschil_bod']:+,}".replace(",", ".")
    assert f"versie {g['bod_versie']}" in html
    # the explanation rule as the analysis decided it
    assert ("Toelichting nodig" in html) == g["toets"]["toelichting_nodig"]
    # ... with the analysis' explanation, the verdict said once (not "nodig: nodig: ...")
    assert g["toets"]["toelichting_uitleg"] in unescape(html)
    assert "nodig</strong>: nodig: " not in html and "nodig</strong>: niet nodig: " not in html
    # every open signal of the municipality is in the annex
    eigen = [s for s in a["signalen"] if s["gemeente"] == DEN_HAAG]
    for s in eigen:
        assert s["melding"] in unescape(html)


def test_gemeente_zonder_locaties_en_bod(klein):
    r = gemeenterapport_van(klein, "GM9004")
    html = rapport_html(r)
    assert "Deze gemeente heeft geen locaties met DAEB-woningen." in html
    assert "geen bod vastgelegd" in html
    assert _cel(html, "Hard + zacht, opgeleverd 2021-2030") == "0"
    assert "De doelgroepvoorraad daalt in geen enkel jaar." in html
    assert "Voor Leegdorp zijn nog geen kansen of knelpunten vastgelegd." in html
    with pytest.raises(NietGevonden, match="hoort niet bij regio Testregio"):
        gemeenterapport_van(klein, "GM9999")


def test_pdf_gemeente_zonder_locaties_casussen_en_bod(klein, tmp_path):
    r = gemeenterapport_van(klein, "GM9004")
    assert not r.overzicht.regels and not r.casussen and r.overzicht.bod is None
    pad = tmp_path / "leegdorp.pdf"
    _pdf_of_overslaan(r, pad)
    lezer = PdfReader(pad)
    n = len(lezer.pages)
    assert n >= 1
    tekst = " ".join(" ".join(p.extract_text().split()) for p in lezer.pages)
    assert "Overzicht 5a en 5b" in tekst and "Leegdorp" in tekst
    assert "Deze gemeente heeft geen locaties met DAEB-woningen." in tekst
    assert "geen bod vastgelegd" in tekst
    assert "Voor Leegdorp zijn nog geen kansen of knelpunten vastgelegd." in tekst
    assert _pagina_s_als_png(pad, "rapport-GM9004") == n


def test_bevroren_stand_weet_wie_nog_niet_antwoordde(klein):
    from locatieplanner.domein.casus import Bijdrage, Casus
    from locatieplanner.domein.model import Toewijzing

    # a case in Oosthoek (no corporation's working area) linked to a site Beta builds on
    vak = box(84500, 450500, 84600, 450600)
    beta = [Toewijzing("Beta", 10)]
    oost = klein.voeg_locatie_toe(
        Locatie("Oost met Beta", vak, "1A", daeb=10, oplevering=2026, toewijzingen=beta)
    )
    casus = klein.voeg_casus_toe(
        Casus("GM9003", "knelpunt", "Grond Oosthoek", "grondpositie", locaties=[oost.id])
    )
    klein.voeg_bijdrage_toe(Bijdrage(casus.id, "gemeente", "Grond aankopen", "grond"))
    assert klein.open_partijen(casus.id) == ["Beta", "provincie"]
    analyse.leg_peildatum_vast(klein, "December", date(2021, 12, 15))
    stand = klein.peilstand("December")
    assert stand.open_partijen(casus.id) == ["Beta", "provincie"]
    assert stand.betrokken(casus.id) == ["Beta"]

    def bevroren() -> str:
        s = klein.peilstand("December")
        return unescape(
            rapport_html(gemeenterapport_van(s, "GM9003", peildatum_naam=s.naam, datum=s.datum))
        )

    voor = bevroren()
    assert "Nog geen antwoord van: Beta, provincie." in voor
    assert "Grond aankopen" in voor
    # both answer after the freeze: the live report has no open parties, the frozen one still
    klein.voeg_bijdrage_toe(
        Bijdrage(casus.id, "provincie", "Subsidie grondaankoop", "financiering/subsidie")
    )
    klein.voeg_bijdrage_toe(
        Bijdrage(casus.id, "corporatie", "Bouwt mee", "capaciteit", corporatie="Beta")
    )
    assert klein.open_partijen(casus.id) == []
    live = unescape(rapport_html(gemeenterapport_van(klein, "GM9003")))
    assert "Nog geen antwoord van" not in live and "Subsidie grondaankoop" in live
    na = bevroren()
    assert na == voor
    assert "Subsidie grondaankoop" not in na and "Bouwt mee" not in na
    with pytest.raises(NietGevonden, match="Casus 999999 bestaat niet in peildatum 'December'"):
        stand.open_partijen(999999)


def test_tekst_blijft_tekst(klein):
    klein.voeg_locatie_toe(
        Locatie(
            naam='<script>alert("x")</script><img src=x onerror=alert(1)>',
            geometry=box(81000, 451000, 81100, 451100),
            status="1A",
            daeb=10,
            oplevering=2025,
        )
    )
    html = rapport_html(gemeenterapport_van(klein, "GM9001"))
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def _pagina_s_als_png(pad: Path, naam: str) -> int:
    """Render every page of the PDF ``pad`` to ``test-artefacten/<naam>-<n>.png`` (pdftoppm);
    returns the number of images."""
    vereist(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils) ontbreekt")
    ARTEFACTEN.mkdir(exist_ok=True)
    for oud in ARTEFACTEN.glob(f"{naam}-*.png"):
        oud.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pad), str(ARTEFACTEN / naam)],
        check=True,
        timeout=120,
    )
    return len(list(ARTEFACTEN.glob(f"{naam}-*.png")))


def _pdf_of_overslaan(r, pad: Path) -> None:
    renderer = pdfmodule.pdf_beschikbaar()
    vereist(renderer is not None, "geen PDF-renderer (WeasyPrint of Chromium)")
    assert schrijf_rapport(r, "pdf", pad) == renderer


def test_pdf_paginas_tekst_en_afbeeldingen(demo, tmp_path):
    r = gemeenterapport_van(demo, DEN_HAAG)
    pad = tmp_path / "overzicht.pdf"
    _pdf_of_overslaan(r, pad)
    lezer = PdfReader(pad)
    n = len(lezer.pages)
    assert n >= 5
    # A4 landscape
    breedte, hoogte = float(lezer.pages[0].mediabox.width), float(lezer.pages[0].mediabox.height)
    assert (round(breedte), round(hoogte)) == (842, 595)
    tekst = [p.extract_text() for p in lezer.pages]
    assert "Overzicht 5a en 5b" in tekst[0] and "'s-Gravenhage" in tekst[0]
    # running header and page numbers from page 2 on
    for i, t in enumerate(tekst[1:], start=2):
        assert f"pagina {i} van {n}" in t
        assert "'s-Gravenhage · Overzicht 5a en 5b" in t
    # the detail table spans pages with its header repeated
    met_kop = [t for t in tekst if "Per locatie en corporatie" in t or "Corporatie" in t]
    assert met_kop
    assert _pagina_s_als_png(pad, "rapport-GM0518") == n


def test_pdf_zonder_renderer_geeft_duidelijke_melding(demo, tmp_path, monkeypatch):
    monkeypatch.setattr(pdfmodule, "_weasyprint", lambda: None)
    monkeypatch.setenv("LOCATIEPLANNER_CHROMIUM", str(tmp_path / "bestaat-niet"))
    r = gemeenterapport_van(demo, DEN_HAAG)
    with pytest.raises(OnderdeelOntbreekt, match="installeer WeasyPrint"):
        schrijf_rapport(r, "pdf", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_pdf_met_chromium(demo, tmp_path, monkeypatch):
    vereist(Path("/usr/bin/chromium").exists(), "Chromium ontbreekt")
    monkeypatch.setattr(pdfmodule, "_weasyprint", lambda: None)
    monkeypatch.setenv("LOCATIEPLANNER_CHROMIUM", "/usr/bin/chromium")
    r = gemeenterapport_van(demo, DEN_HAAG)
    assert schrijf_rapport(r, "pdf", tmp_path / "c.pdf") == "chromium"
    lezer = PdfReader(tmp_path / "c.pdf")
    assert len(lezer.pages) >= 5
    assert "Overzicht 5a en 5b" in lezer.pages[0].extract_text()


def test_xlsx(demo, tmp_path):
    r = gemeenterapport_van(demo, DEN_HAAG)
    pad = tmp_path / "overzicht.xlsx"
    schrijf_rapport(r, "xlsx", pad)
    boek = load_workbook(pad)
    assert boek.sheetnames == [
        "5a per locatie",
        "5a per jaar",
        "5a totalen",
        "Dalingen",
        "Signalen",
    ]
    blad = boek["5a per locatie"]
    koppen = [c.value for c in blad[1]]
    assert koppen[:6] == ["Nr.", "Locatie", "Corporatie", "Hard/zacht", "Status", "Fase"]
    assert "_" not in "".join(str(k) for k in koppen)  # readable headers, no field names
    assert blad.freeze_panes == "A2" and blad.auto_filter.ref
    assert all(c.font.bold for c in blad[1])
    totaal = koppen.index("Totaal 2021-2030") + 1
    som = sum(blad.cell(i, totaal).value for i in range(2, blad.max_row + 1))
    assert som == r.overzicht.daeb_totaal


def test_bevroren_rapport_verandert_niet(klein, tmp_path):
    from locatieplanner.domein.casus import Casus, Potentieel

    casus = klein.voeg_casus_toe(
        Casus(
            "GM9001",
            "kans",
            "Extra DAEB Westdorp",
            "grondpositie",
            potentieel=[Potentieel(2027, 10, 0)],
        )
    )
    analyse.leg_peildatum_vast(klein, "December", date(2021, 12, 15))
    stand = klein.peilstand("December")
    voor = rapport_html(
        gemeenterapport_van(stand, "GM9001", peildatum_naam=stand.naam, datum=stand.datum)
    )
    klein.voeg_locatie_toe(
        Locatie(
            naam="Later",
            geometry=box(81000, 451000, 81100, 451100),
            status="1A",
            daeb=99,
            oplevering=2026,
        )
    )
    stand = klein.peilstand("December")
    na = rapport_html(
        gemeenterapport_van(stand, "GM9001", peildatum_naam=stand.naam, datum=stand.datum)
    )
    assert na == voor
    assert "15 december 2021" in voor and "(December)" in voor
    # the frozen state's cases are in its document too, as they were
    assert "Kans: Extra DAEB Westdorp" in voor
    klein.wijzig_casus(casus.id, {"titel": "Nieuwe titel"}, casus.versie)
    stand = klein.peilstand("December")
    assert voor == rapport_html(
        gemeenterapport_van(stand, "GM9001", peildatum_naam=stand.naam, datum=stand.datum)
    )
    assert "Later" in rapport_html(gemeenterapport_van(klein, "GM9001"))


def test_cli(demo_url, tmp_path):
    runner = CliRunner()
    for formaat in ("html", "xlsx"):
        pad = tmp_path / f"o.{formaat}"
        r = runner.invoke(
            main,
            [
                "--database",
                demo_url,
                "rapport",
                "--gemeente",
                DEN_HAAG,
                "--formaat",
                formaat,
                "--uitvoer",
                str(pad),
            ],
        )
        assert r.exit_code == 0, r.output
        assert f"Overzicht 's-Gravenhage ({formaat}) geschreven naar {pad}" in r.output
        assert pad.stat().st_size > 1000
    r = runner.invoke(
        main, ["--database", demo_url, "rapport", "--gemeente", "GM9999", "--formaat", "html"]
    )
    assert r.exit_code != 0 and "hoort niet bij regio Haaglanden" in r.output
    r = runner.invoke(
        main,
        [
            "--database",
            demo_url,
            "rapport",
            "--gemeente",
            DEN_HAAG,
            "--bod-versie",
            "origineel",
            "--formaat",
            "html",
            "--uitvoer",
            str(tmp_path / "origineel.html"),
        ],
    )
    assert r.exit_code == 0, r.output
    assert "versie origineel" in (tmp_path / "origineel.html").read_text("utf-8")


@pytest.mark.browser
def test_geen_afgesneden_kolommen(demo, chromium, tmp_path):
    """Rendered in Chromium at the printed width (A4 landscape minus the margins), no table and
    no cell is wider than its box."""
    html = rapport_html(gemeenterapport_van(demo, DEN_HAAG))
    pad = tmp_path / "o.html"
    pad.write_text(html, encoding="utf-8")
    pagina = chromium.new_page(viewport={"width": 1017, "height": 800})
    try:
        pagina.emulate_media(media="print")
        pagina.goto(pad.as_uri())
        te_breed = pagina.evaluate(
            """() => {
                const uit = [];
                for (const t of document.querySelectorAll('table')) {
                    if (t.scrollWidth > t.parentElement.clientWidth + 1) uit.push('tabel ' + t.rows[0].innerText);
                    for (const c of t.querySelectorAll('th, td')) {
                        if (c.scrollWidth > c.clientWidth + 1) uit.push(c.innerText);
                    }
                }
                return uit;
            }"""
        )
        assert te_breed == []
        assert (
            json.loads(pagina.evaluate("JSON.stringify(document.querySelectorAll('table').length)"))
            >= 6
        )
    finally:
        pagina.close()


# --------------------------------------------------------------------------- other documents


def test_bijlage_prestatieafspraken(demo, tmp_path):
    from locatieplanner.weergave.documenten import (
        corporatiebijlage_html,
        corporatiebijlage_van,
        schrijf_document,
    )

    a = analyse.analyseer(demo).als_dict()
    corp = next(c for c in a["corporaties"] if c["gemeenten"].get(DEN_HAAG))
    b = corporatiebijlage_van(demo, DEN_HAAG, corp["corporatie"])
    assert b.overzicht.daeb_totaal == corp["gemeenten"][DEN_HAAG]
    assert {g.corporatie for g in b.overzicht.regels} == {corp["corporatie"]}
    eigen = [o for o in demo.onttrekkingen(DEN_HAAG) if o.corporatie == corp["corporatie"]]
    assert len(b.onttrekkingen) == len(eigen)
    html = corporatiebijlage_html(b)
    assert _cel(html, "Hard + zacht, opgeleverd 2021-2030") == _nl(corp["gemeenten"][DEN_HAAG])
    assert f"Bijlage prestatieafspraken 's-Gravenhage – {corp['corporatie']}" in unescape(html)
    schrijf_document(b, "xlsx", tmp_path / "b.xlsx")
    boek = load_workbook(tmp_path / "b.xlsx")
    assert boek.sheetnames == ["Locaties", "Onttrekkingen"]
    with pytest.raises(NietGevonden, match="Corporatie 'Bestaat Niet' is onbekend; bekend zijn"):
        corporatiebijlage_van(demo, DEN_HAAG, "Bestaat Niet")
    pad = tmp_path / "b.pdf"
    vereist(pdfmodule.pdf_beschikbaar() is not None, "geen PDF-renderer")
    schrijf_document(b, "pdf", pad)
    assert corp["corporatie"] in PdfReader(pad).pages[0].extract_text()


def test_voortgangsrapportage(demo, tmp_path):
    from locatieplanner.weergave.documenten import (
        regiorapport_html,
        regiorapport_van,
        schrijf_document,
    )

    a = analyse.analyseer(demo, zacht_factor=0.7).als_dict()["regio"]
    analyse.leg_peildatum_vast(demo, "Vorige tafel", date(2021, 12, 15))
    try:
        v = analyse.vergelijk_peildata(demo, "Vorige tafel")
        r = regiorapport_van(demo, vergelijking=v)
        scenarios = {s["naam"]: s for s in r.scenarios()}
        assert scenarios["Harde plannen"]["netto"] == a["netto_hard"]
        assert scenarios["Hard + zacht"]["netto"] == a["netto_totaal"]
        assert scenarios["Realistisch (70% van zacht)"]["netto"] == a["netto_realistisch"]
        assert (
            scenarios["Met kansen (hard + zacht + open kansen)"]["netto"] == a["netto_met_kansen"]
        )
        assert scenarios["Harde plannen"]["tekort"] == a["tekort_hard"]
        html = unescape(regiorapport_html(r))
        assert "Veranderingen sinds Vorige tafel" in html
        assert "0 locaties toegevoegd, 0 verwijderd" in html
        assert "kansen en knelpunten: 0 geopend, 0 opgelost." in html
        for naam in analyse.analyseer(demo).regio.gemeenten.values():
            assert naam in html
        assert "niet nodig: niet nodig" not in html
        schrijf_document(r, "xlsx", tmp_path / "r.xlsx")
        assert load_workbook(tmp_path / "r.xlsx").sheetnames == [
            "Voortgang",
            "Verdeling",
            "Toetsen",
            "Knelpunten",
            "Veranderingen",
        ]
        open_knelpunten = [
            c
            for c in demo.casussen()
            if c.soort == "knelpunt" and c.status in ("open", "in gesprek")
        ]
        assert sum(len(v) for v in r.knelpunten.values()) == len(open_knelpunten) > 0
        for c in open_knelpunten:
            assert c.titel in html
        vereist(pdfmodule.pdf_beschikbaar() is not None, "geen PDF-renderer")
        schrijf_document(r, "pdf", tmp_path / "r.pdf")
        lezer = PdfReader(tmp_path / "r.pdf")
        assert "Voortgangsrapportage" in lezer.pages[0].extract_text()
        assert len(lezer.pages) >= 5
    finally:
        demo.verwijder_peildatum("Vorige tafel")


def test_cli_documenten(demo_url, tmp_path):
    runner = CliRunner()

    def lp(*args):
        return runner.invoke(main, ["--database", demo_url, "rapport", *args])

    r = lp("--regio", "--formaat", "xlsx", "--uitvoer", str(tmp_path / "r.xlsx"))
    assert r.exit_code == 0, r.output
    assert "Voortgangsrapportage Haaglanden (xlsx) geschreven" in r.output
    s = Store.open(demo_url)
    corporatie = s.corporaties()[0].naam
    s.sluit()
    r = lp(
        "--gemeente",
        DEN_HAAG,
        "--corporatie",
        corporatie,
        "--formaat",
        "html",
        "--uitvoer",
        str(tmp_path / "b.html"),
    )
    assert r.exit_code == 0, r.output
    r = lp("--formaat", "html")
    assert r.exit_code != 0 and "Kies --gemeente CODE" in r.output
    r = lp("--gemeente", DEN_HAAG, "--sinds", "x")
    assert r.exit_code != 0 and "--sinds hoort bij --regio" in r.output


def test_kansen_en_knelpunten_in_de_documenten(demo):
    from locatieplanner.weergave.documenten import corporatiebijlage_html, corporatiebijlage_van

    casussen = demo.casussen(gemeente=DEN_HAAG)
    assert casussen, "de voorbeelddata heeft casussen voor Den Haag"
    html = unescape(rapport_html(gemeenterapport_van(demo, DEN_HAAG)))
    for c in casussen:
        assert c.titel in html
        for b in demo.bijdragen(c.id):
            assert b.wat in html
        if demo.open_partijen(c.id):
            assert "Nog geen antwoord van: " + ", ".join(demo.open_partijen(c.id)) in html
    assert "Met kansen (hard + zacht + open kansen)" in html
    # the annex shows only that corporation's own contributions
    bijdrage = next(b for c in casussen for b in demo.bijdragen(c.id) if b.partij == "corporatie")
    bijlage = unescape(
        corporatiebijlage_html(corporatiebijlage_van(demo, DEN_HAAG, bijdrage.corporatie))
    )
    assert bijdrage.wat in bijlage
    anderen = [
        b for c in casussen for b in demo.bijdragen(c.id) if b.partijnaam != bijdrage.corporatie
    ]
    assert all(b.wat not in bijlage for b in anderen)
