"""The bids page as data: per municipality every bid version side by side, with who entered it
and when (from the audit log), the difference to the previous version and to the original
(absolute and in %, Dutch notation) and the newest marked as the one the analysis uses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..domein.model import Bod
from .grafiek import getal

__all__ = [
    "Invoerder",
    "Versie",
    "GemeenteBiedingen",
    "invoerders",
    "overzicht",
    "verschil",
    "datum_nl",
    "tijd_nl",
]

#: The version name that counts as the original bid (else the oldest version is).
ORIGINEEL = "origineel"


def datum_nl(d: date | None) -> str:
    """``10-12-2025``; empty for no date."""
    return "" if d is None else f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def tijd_nl(t: datetime | None) -> str:
    """An aware time as ``10-12-2025 14:05`` in the Netherlands; empty for none."""
    if t is None:
        return ""
    lokaal = t.astimezone(ZoneInfo("Europe/Amsterdam"))
    return f"{datum_nl(lokaal.date())} {lokaal:%H:%M}"


@dataclass(frozen=True)
class Invoerder:
    """Who entered a bid version and when, and who changed it last (None: never changed)."""

    door: str
    op: datetime
    gewijzigd_door: str | None = None
    gewijzigd_op: datetime | None = None


def invoerders(geschiedenis: Iterable[Mapping[str, Any]]) -> dict[int, Invoerder]:
    """Per stored bid id who entered and last changed it, from the audit-log entries of table
    ``bod`` (oldest first). An id that was deleted and later given to a new bid starts over."""
    uit: dict[int, Invoerder] = {}
    for w in geschiedenis:
        if w["tabel"] != "bod":
            continue
        try:
            sleutel = int(w["sleutel"])
        except ValueError:
            continue
        if w["actie"] == "toegevoegd":
            uit[sleutel] = Invoerder(w["gebruiker"], w["tijd"])
        elif w["actie"] == "gewijzigd" and sleutel in uit:
            oud = uit[sleutel]
            uit[sleutel] = Invoerder(oud.door, oud.op, w["gebruiker"], w["tijd"])
        elif w["actie"] == "verwijderd":
            uit.pop(sleutel, None)
    return uit


def verschil(nieuw: int, oud: int | None) -> str:
    """``+20 (+16,7%)``: the difference of ``nieuw`` to ``oud``, Dutch; the percentage is left
    out when ``oud`` is 0; an en dash without ``oud``."""
    if oud is None:
        return "–"
    delta = nieuw - oud
    tekst = getal(delta, teken=True)
    if oud:
        tekst += f" ({getal(delta / oud * 100, 1, teken=True)}%)"
    return tekst


@dataclass
class Versie:
    """One column of a municipality's table."""

    bod: Bod
    invoer: Invoerder | None
    t_o_v_vorige: str
    t_o_v_origineel: str
    actueel: bool = False
    origineel: bool = False


@dataclass
class GemeenteBiedingen:
    """A municipality's bid versions, oldest first, and whether the account may edit them."""

    gemeente: str
    naam: str
    versies: list[Versie] = field(default_factory=list)
    bewerkbaar: bool = False


def overzicht(
    biedingen: Iterable[Bod],
    namen: Mapping[str, str],
    invoer: Mapping[int, Invoerder],
) -> list[GemeenteBiedingen]:
    """Per municipality (by name) its versions in the store's order (by date, then entry),
    the last one ``actueel`` as :meth:`Store.actuele_biedingen` takes it."""
    per: dict[str, list[Bod]] = {}
    for b in biedingen:
        per.setdefault(b.gemeente, []).append(b)
    uit = []
    for code, lijst in per.items():
        basis = next((b for b in lijst if b.versie == ORIGINEEL), lijst[0])
        versies = []
        vorige: Bod | None = None
        for b in lijst:
            versies.append(
                Versie(
                    b,
                    invoer.get(b.id) if b.id is not None else None,
                    verschil(b.daeb, None if vorige is None else vorige.daeb),
                    "–" if b is basis else verschil(b.daeb, basis.daeb),
                    origineel=b is basis,
                )
            )
            vorige = b
        versies[-1].actueel = True
        uit.append(GemeenteBiedingen(code, namen.get(code, code), versies))
    return sorted(uit, key=lambda g: (g.naam.lower(), g.gemeente))
