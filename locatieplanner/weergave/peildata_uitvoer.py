"""The comparison of two states (reference dates) as Dutch text, JSON, an Excel workbook, or a
document (HTML with print CSS, PDF) in the layout of the other documents (:mod:`.rapport`)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from ..analyse.vergelijking import Vergelijking
from ..errors import Probleem, ValidatieFout
from .analyse_uitvoer import _tabel, getal
from .datum import datum_tekst
from .pdf import schrijf_pdf
from .rapport import _document, schrijf_werkboek

__all__ = [
    "FORMATEN",
    "vergelijking_tekst",
    "vergelijking_xlsx",
    "vergelijking_html",
    "schrijf_vergelijking",
]

#: Output formats of :func:`schrijf_vergelijking`.
FORMATEN = ("tekst", "json", "xlsx", "html", "pdf")
#: The titles of the sheets in the document.
_TITELS = {
    "Toegevoegd": "Locaties toegevoegd",
    "Verwijderd": "Locaties verwijderd",
    "Hard of zacht": "Van zacht naar hard, of terug",
    "DAEB per gemeente": "DAEB-woningen per gemeente, voor en na",
    "DAEB per corporatie": "DAEB-woningen per corporatie, voor en na",
    "Casussen geopend": "Kansen en knelpunten geopend (nieuw of heropend)",
    "Casussen opgelost": "Kansen en knelpunten opgelost, vervallen of verwijderd",
}

_LOCATIE_KOPPEN = ["Nummer", "Naam", "Gemeente", "Status", "DAEB"]
_CASUS_KOPPEN = [
    "Nummer",
    "Casus",
    "Gemeente",
    "Kans of knelpunt",
    "Categorie",
    "Status voor",
    "Status na",
    "Wijziging",
]
#: Left-aligned leading columns per sheet in the text tables (2 unless named here).
_LINKS = {"DAEB per corporatie": 1, "Casussen geopend": 8, "Casussen opgelost": 8}


def _locatierijen(rijen: list[dict[str, Any]]) -> list[list[Any]]:
    return [[r["id"], r["naam"], r["gemeente"] or "-", r["status"], r["daeb"]] for r in rijen]


def _casusrijen(rijen: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        [
            r["id"],
            r["titel"],
            r["gemeentenaam"],
            r["soort"],
            r["categorie"],
            r["status_voor"] or "–",
            r["status_na"] or "–",
            r["wijziging"],
        ]
        for r in rijen
    ]


def _bladen(v: Vergelijking) -> dict[str, tuple[list[str], list[list[Any]]]]:
    return {
        "Toegevoegd": (_LOCATIE_KOPPEN, _locatierijen(v.toegevoegd)),
        "Verwijderd": (_LOCATIE_KOPPEN, _locatierijen(v.verwijderd)),
        "Hard of zacht": (
            ["Nummer", "Naam", "Gemeente", "Status voor", "Status na", "Voor", "Na"],
            [
                [
                    r["id"],
                    r["naam"],
                    r["gemeente"] or "-",
                    r["status_voor"],
                    r["status"],
                    r["hardheid_voor"],
                    r["hardheid_na"],
                ]
                for r in v.hardheid
            ],
        ),
        "DAEB per gemeente": (
            ["Code", "Gemeente", f"DAEB {v.voor}", f"DAEB {v.na}", "Verschil"],
            [[r["gemeente"], r["naam"], r["voor"], r["na"], r["verschil"]] for r in v.gemeenten],
        ),
        "DAEB per corporatie": (
            ["Corporatie", f"DAEB {v.voor}", f"DAEB {v.na}", "Verschil"],
            [[r["corporatie"], r["voor"], r["na"], r["verschil"]] for r in v.corporaties],
        ),
        "Casussen geopend": (_CASUS_KOPPEN, _casusrijen(v.casussen_geopend)),
        "Casussen opgelost": (_CASUS_KOPPEN, _casusrijen(v.casussen_opgelost)),
    }


def vergelijking_tekst(v: Vergelijking) -> str:
    """Aligned Dutch tables, one per kind of change; "geen" when a kind is empty."""
    uit = [f"Vergelijking van {v.voor!r} met {v.na!r}", ""]
    for titel, (koppen, rijen) in _bladen(v).items():
        uit.append(f"{titel}:")
        if rijen:
            uit.extend(
                _tabel(
                    koppen,
                    [[getal(c) if isinstance(c, int) else c for c in r] for r in rijen],
                    links=_LINKS.get(titel, 2),
                )
            )
        else:
            uit.append("  geen")
        uit.append("")
    return "\n".join(uit)


def vergelijking_xlsx(v: Vergelijking, pad: str | Path) -> None:
    """An Excel workbook with one sheet per kind of change (bold, frozen header, autofilter)."""
    schrijf_werkboek(_bladen(v), pad)


def vergelijking_html(v: Vergelijking, regio: str, datum: date) -> str:
    """The comparison as one self-contained HTML document (title page, one chapter per kind of
    change), dated ``datum`` (the later state's reference date)."""
    bladen = {k: (_TITELS[k], koppen, rijen) for k, (koppen, rijen) in _bladen(v).items()}
    return _document(
        "vergelijking.html",
        titel=f"Vergelijking {v.voor} en {v.na}",
        kop=f"{regio} · Vergelijking van peildata",
        peildatum=datum,
        regio=regio,
        ondertitel=f"Veranderingen in de plannen voor sociale huur in {regio}",
        kopregels=["Vergelijking van peildata", f"{v.voor} en {v.na}"],
        kenmerken=[
            ("Regio", regio),
            ("Voor", v.voor),
            ("Na", v.na),
            ("Datum", datum_tekst(datum)),
        ],
        v=v,
        bladen=bladen,
    )


def schrijf_vergelijking(
    v: Vergelijking,
    formaat: str,
    pad: str | Path | None = None,
    *,
    regio: str = "",
    datum: date | None = None,
) -> str | None:
    """Text or JSON (returned, or written to ``pad``), or XLSX, HTML or PDF (need ``pad``; the
    document is of ``regio`` and dated ``datum``)."""
    if formaat not in FORMATEN:
        raise ValidatieFout(
            [Probleem("formaat", formaat, "toegestaan zijn " + ", ".join(FORMATEN))]
        )
    if formaat in ("xlsx", "html", "pdf"):
        if pad is None:
            raise ValidatieFout(
                [Probleem("uitvoer", None, f"formaat {formaat} heeft een uitvoerbestand nodig")]
            )
        if formaat == "xlsx":
            vergelijking_xlsx(v, pad)
            return None
        html = vergelijking_html(v, regio, datum or date.today())
        if formaat == "pdf":
            schrijf_pdf(html, pad)
            return None
        Path(pad).parent.mkdir(parents=True, exist_ok=True)
        Path(pad).write_text(html, encoding="utf-8")
        return None
    tekst = (
        vergelijking_tekst(v)
        if formaat == "tekst"
        else json.dumps(v.als_dict(), ensure_ascii=False, indent=2) + "\n"
    )
    if pad is None:
        return tekst
    Path(pad).parent.mkdir(parents=True, exist_ok=True)
    Path(pad).write_text(tekst, encoding="utf-8")
    return None
