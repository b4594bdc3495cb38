"""The comparison of two states (reference dates) as Dutch text, JSON or an Excel workbook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..analyse.vergelijking import Vergelijking
from ..errors import Probleem, ValidatieFout
from .analyse_uitvoer import _tabel, getal
from .rapport import schrijf_werkboek

__all__ = ["FORMATEN", "vergelijking_tekst", "vergelijking_xlsx", "schrijf_vergelijking"]

#: Output formats of :func:`schrijf_vergelijking`.
FORMATEN = ("tekst", "json", "xlsx")

_LOCATIE_KOPPEN = ["Nummer", "Naam", "Gemeente", "Status", "DAEB"]


def _locatierijen(rijen: list[dict[str, Any]]) -> list[list[Any]]:
    return [[r["id"], r["naam"], r["gemeente"] or "-", r["status"], r["daeb"]] for r in rijen]


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
                    links=2 if titel != "DAEB per corporatie" else 1,
                )
            )
        else:
            uit.append("  geen")
        uit.append("")
    return "\n".join(uit)


def vergelijking_xlsx(v: Vergelijking, pad: str | Path) -> None:
    """An Excel workbook with one sheet per kind of change (bold, frozen header, autofilter)."""
    schrijf_werkboek(_bladen(v), pad)


def schrijf_vergelijking(
    v: Vergelijking, formaat: str, pad: str | Path | None = None
) -> str | None:
    """Text or JSON (returned, or written to ``pad``), or XLSX (needs ``pad``)."""
    if formaat not in FORMATEN:
        raise ValidatieFout(
            [Probleem("formaat", formaat, "toegestaan zijn " + ", ".join(FORMATEN))]
        )
    if formaat == "xlsx":
        if pad is None:
            raise ValidatieFout(
                [Probleem("uitvoer", None, "een Excel-werkboek heeft een uitvoerbestand nodig")]
            )
        vergelijking_xlsx(v, pad)
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
