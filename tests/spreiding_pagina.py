"""Test helpers for the dashboard page: read its tables and SVGs back and compare every number
with the analysis (used by test_spreiding.py and test_spreiding_browser.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import pandas as pd
import pytest

from locatieplanner.analyse import Analyse
from locatieplanner.domein.regio import Regio

__all__ = [
    "SVG_NS",
    "XSS_REGIO",
    "lees_tabel",
    "svgs",
    "getal_uit",
    "aandeel_uit",
    "vergelijk_tabel",
    "lokale_verwijzingen",
]

SVG_NS = {"s": "http://www.w3.org/2000/svg"}
#: A region whose names try to break out of HTML, JavaScript and template literals.
XSS_REGIO = Regio(
    "Test<b>regio</b>",
    2021,
    2030,
    1000,
    {
        "GM9001": "</script><script>alert(1)</script>",
        "GM9002": "<img src=x onerror=alert(2)>",
        "GM9003": "${alert(3)}",
    },
)
_LEEG = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class _TabelLezer(HTMLParser):
    """Rows (``data-gemeente``) of the table with ``id``: per row the text of every element
    with ``data-veld`` and, as ``<veld>:voldoet``, its ``data-voldoet``."""

    def __init__(self, ident: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ident = ident
        self.diepte = 0
        self.tabel_diepte: int | None = None
        self.rij: dict[str, str] | None = None
        self.rijen: dict[str, dict[str, str]] = {}
        self.open: list[tuple[str, int, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in _LEEG:
            return
        self.diepte += 1
        if tag == "table" and a.get("id") == self.ident:
            self.tabel_diepte = self.diepte
        if self.tabel_diepte is None:
            return
        if tag == "tr" and a.get("data-gemeente"):
            self.rij = self.rijen.setdefault(str(a["data-gemeente"]), {})
        if self.rij is not None and a.get("data-veld"):
            veld = str(a["data-veld"])
            self.open.append((veld, self.diepte, []))
            if a.get("data-voldoet"):
                self.rij[f"{veld}:voldoet"] = str(a["data-voldoet"])

    def handle_endtag(self, tag: str) -> None:
        if tag in _LEEG:
            return
        while self.open and self.open[-1][1] >= self.diepte:
            veld, _d, delen = self.open.pop()
            if self.rij is not None:
                self.rij[veld] = " ".join("".join(delen).split())
        if tag == "tr":
            self.rij = None
        if self.tabel_diepte is not None and self.diepte == self.tabel_diepte:
            self.tabel_diepte = None
        self.diepte -= 1

    def handle_data(self, data: str) -> None:
        for _veld, _d, delen in self.open:
            delen.append(data)


def lees_tabel(html: str, ident: str) -> dict[str, dict[str, str]]:
    lezer = _TabelLezer(ident)
    lezer.feed(html)
    lezer.close()
    return lezer.rijen


def svgs(html: str) -> list[ET.Element]:
    """Every inline SVG of the page, parsed as XML (fails when one is not well-formed)."""
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]


def getal_uit(tekst: str) -> int | None:
    """A Dutch integer as the page shows it (``+1.522``, ``-1.116``); None for '–' or text."""
    t = tekst.strip()
    if not re.fullmatch(r"[+-]?[0-9.]+", t):
        return None
    return int(t.replace(".", "").replace("+", ""))


def aandeel_uit(tekst: str) -> float | None:
    t = tekst.strip()
    if not re.fullmatch(r"-?[0-9]+,[0-9]%", t):
        return None
    return float(t[:-1].replace(",", ".")) / 100


def _int(v: Any) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def _status(v: Any) -> str:
    if v is None or (not isinstance(v, bool) and pd.isna(v)):
        return "onbekend"
    return "voldoet" if v else "voldoet-niet"


def vergelijk_tabel(rijen: dict[str, dict[str, str]], a: Analyse) -> None:
    """Every figure of the table per municipality and of the region row equals the analysis."""
    assert set(rijen) == {*map(str, a.gemeenten.index), "regio"}
    peiljaar = a.peiljaar
    for code, g in a.gemeenten.iterrows():
        r = rijen[str(code)]
        assert r["naam"] == g["naam"]
        verwacht = {
            "bod": _int(g["bod"]),
            "daeb_hard": int(g["daeb_hard"]),
            "daeb_zacht": int(g["daeb_zacht"]),
            "verschil_bod": _int(g["verschil_bod"]),
            "netto_daeb": int(g["netto_daeb_totaal"]),
            "netto_doelgroep": int(g["netto_totaal"]),
            "doelgroep_start": _int(a.voorraad.loc[code, a.jaren_voorraad[0]]),
            "doelgroep_eind": _int(a.voorraad.loc[code, peiljaar]),
        }
        assert {k: getal_uit(r[k]) for k in verwacht} == verwacht, code
        if g["verschil_bod"] is None or pd.isna(g["verschil_bod"]):
            assert r["verschil_bod"] == "geen bod"
        for veld, kolom in (
            ("aandeel_start", "aandeel_sociaal_start"),
            ("aandeel_eind", "aandeel_sociaal_eind"),
        ):
            waarde = g[kolom]
            if waarde is None or pd.isna(waarde):
                assert r[veld] == "–"
            else:
                assert aandeel_uit(r[veld]) == pytest.approx(float(waarde), abs=0.0005)
        t = a.toets.loc[code]
        for i, kolom in enumerate(("betaalbaar_voldoet", "sociaal_voldoet", "voorraad_voldoet"), 1):
            status = _status(t[kolom])
            assert r[f"toets_{i}:voldoet"] == status, (code, kolom)
            # the colour never stands alone: the text says it too
            tekst = {
                "voldoet": "✓ voldoet",
                "voldoet-niet": "✗ voldoet niet",
                "onbekend": "– niet te toetsen",
            }
            assert r[f"toets_{i}"].startswith(tekst[status]), (code, r[f"toets_{i}"])
        if t["toelichting_nodig"]:
            assert r["toelichting:voldoet"] == "nodig"
            assert r["toelichting"].startswith("⚠ nodig")
            for reden in t["redenen"]:
                assert reden in r["toelichting"]
        else:
            assert r["toelichting:voldoet"] == "niet-nodig"
            assert r["toelichting"].startswith("✓ niet nodig")
            assert t["toelichting_uitleg"] in r["toelichting"]
            assert t["toelichting_reden"] == "niet nodig: " + t["toelichting_uitleg"]
    totaal = a.totalen
    regio = rijen["regio"]
    som = a.voorraad.sum(axis=0, skipna=False)
    verwacht = {
        "bod": _int(totaal["bod"]),
        "daeb_hard": totaal["daeb_hard"],
        "daeb_zacht": totaal["daeb_zacht"],
        "verschil_bod": _int(totaal["verschil_bod"]),
        "netto_daeb": totaal["netto_daeb_totaal"],
        "netto_doelgroep": totaal["netto_totaal"],
        "doelgroep_start": _int(som[a.jaren_voorraad[0]]),
        "doelgroep_eind": _int(som[peiljaar]),
    }
    assert {k: getal_uit(regio[k]) for k in verwacht} == verwacht
    assert aandeel_uit(regio["aandeel_start"]) == pytest.approx(
        totaal["aandeel_sociaal_start"], abs=0.0005
    )
    assert aandeel_uit(regio["aandeel_eind"]) == pytest.approx(
        totaal["aandeel_sociaal_eind"], abs=0.0005
    )


def lokale_verwijzingen(html: str) -> list[str]:
    """Every ``src``/``href`` value of the page outside inline scripts and styles."""
    zonder = re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", html, flags=re.S | re.I)
    zonder = re.sub(r"(<style[^>]*>).*?(</style>)", r"\1\2", zonder, flags=re.S | re.I)
    return re.findall(r"""\b(?:src|href)\s*=\s*["']([^"']*)["']""", zonder, flags=re.I)
