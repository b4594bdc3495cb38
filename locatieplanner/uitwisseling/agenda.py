"""The conversation agendas (working agreement 5b) to CSV and Excel.

Three tables: ``agendapunten`` (one row per item; linked case ids comma-separated, carrying
parties separated by ``; ``), ``startoverleg`` (one row per municipality with a start meeting;
participants separated by ``; ``) and ``huurdersorganisaties`` (the corporations' marks
"huurdersorganisatie geïnformeerd"). In Excel they are three sheets of one workbook; as CSV three
files, ``PAD`` and ``<stam>_startoverleg.csv`` and ``<stam>_huurdersorganisaties.csv`` beside it
(``;``-separated, UTF-8 with BOM), written as the cases' export does
(:func:`.casussen.schrijf_tabellen`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BestandFout
from .casussen import schrijf_tabellen

__all__ = [
    "KOLOMMEN_AGENDAPUNT",
    "KOLOMMEN_STARTOVERLEG",
    "KOLOMMEN_GEINFORMEERD",
    "Agendarapport",
    "exporteer_agenda",
]

KOLOMMEN_AGENDAPUNT = (
    "id",
    "gemeente",
    "onderwerp",
    "toelichting",
    "voorgesteld_door",
    "casussen",
    "trekkers",
    "datum",
    "status",
    "uitkomst",
)
KOLOMMEN_STARTOVERLEG = ("gemeente", "datum", "deelnemers", "opmerking")
KOLOMMEN_GEINFORMEERD = ("gemeente", "corporatie", "datum", "notitie")


@dataclass
class Agendarapport:
    """What an export did: the files and the rows per table."""

    bestanden: list[str] = field(default_factory=list)
    aantallen: dict[str, int] = field(default_factory=dict)

    def regels(self) -> list[str]:
        """The report as Dutch lines for the command line."""
        return [f"Bestand: {b}" for b in self.bestanden] + [
            f"{tabel}: {n} geëxporteerd" for tabel, n in self.aantallen.items()
        ]


def _datum(waarde: Any) -> str | None:
    return None if waarde is None else waarde.isoformat()


def exporteer_agenda(
    store: Any, pad: str | os.PathLike[str], gemeente: str | None = None
) -> Agendarapport:
    """Write the conversation agendas (of one municipality) to ``pad`` (``.xlsx``: three
    sheets; ``.csv``: three files)."""
    pad = Path(pad)
    soort = pad.suffix.lower()
    if soort not in (".csv", ".xlsx"):
        raise BestandFout(
            f"{pad.name}: exporteer de agenda naar .csv of .xlsx, niet {soort or '(geen extensie)'}"
        )
    codes = (
        [store.gemeente(gemeente).gemeente] if gemeente else [g.gemeente for g in store.gemeenten()]
    )
    punten = store.agendapunten(gemeente=codes)
    overleggen = [o for o in (store.startoverleg(c) for c in codes) if o is not None]
    meldingen = [m for m in store.geinformeerd() if m.gemeente in codes]
    tabellen: list[tuple[str, tuple[str, ...], list[list[Any]]]] = [
        (
            "agendapunten",
            KOLOMMEN_AGENDAPUNT,
            [
                [
                    p.id,
                    p.gemeente,
                    p.onderwerp,
                    p.toelichting,
                    p.voorgesteld_door,
                    ",".join(str(i) for i in p.casussen),
                    "; ".join(p.trekkers),
                    _datum(p.datum),
                    p.status,
                    p.uitkomst,
                ]
                for p in punten
            ],
        ),
        (
            "startoverleg",
            KOLOMMEN_STARTOVERLEG,
            [
                [o.gemeente, _datum(o.datum), "; ".join(o.deelnemers), o.opmerking]
                for o in overleggen
            ],
        ),
        (
            "huurdersorganisaties",
            KOLOMMEN_GEINFORMEERD,
            [[m.gemeente, m.corporatie, _datum(m.datum), m.notitie] for m in meldingen],
        ),
    ]
    return Agendarapport(
        schrijf_tabellen(pad, tabellen), {naam: len(rijen) for naam, _, rijen in tabellen}
    )
