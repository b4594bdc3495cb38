"""Overview 5a of one municipality: for every site and corporation the DAEB per delivery year of
the period, hard or soft, status and phase; totals against the bid; unassigned DAEB; what is
delivered after the period or without a year, shown apart (it does not count).

The rows follow the analysis' delivery table (:func:`~.nieuwbouw.opleveringen`), so every total
equals the analysis: ``sum(jaren) == daeb_totaal`` of the municipality.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from .invoer import Invoer
from .nieuwbouw import opleveringen
from .resultaat import Analyse

__all__ = ["NIET_TOEGEWEZEN", "Regel5a", "Overzicht5a", "overzicht_5a"]

#: What the corporation column says for DAEB that is not assigned.
NIET_TOEGEWEZEN = "niet toegewezen"


@dataclass
class Regel5a:
    """One site x corporation: DAEB per year of the period, after it, before it, without a
    year (only the years of the period count)."""

    locatie: int
    naam: str
    corporatie: str
    hardheid: str
    status: str
    fase: int | None
    jaren: dict[int, int]
    na_periode: int = 0
    zonder_jaar: int = 0
    voor_periode: int = 0

    @property
    def in_periode(self) -> int:
        return sum(self.jaren.values())


@dataclass
class Overzicht5a:
    """The 5a table of one municipality with its totals (see the module docstring)."""

    gemeente: str
    naam: str
    jaren: list[int]
    regels: list[Regel5a] = field(default_factory=list)
    bod: int | None = None
    bod_versie: str | None = None
    daeb_hard: int = 0
    daeb_zacht: int = 0
    niet_toegewezen: int = 0

    @property
    def daeb_totaal(self) -> int:
        return self.daeb_hard + self.daeb_zacht

    @property
    def verschil_bod(self) -> int | None:
        return None if self.bod is None else self.daeb_totaal - self.bod

    @property
    def na_periode(self) -> int:
        return sum(r.na_periode for r in self.regels)

    @property
    def zonder_jaar(self) -> int:
        return sum(r.zonder_jaar for r in self.regels)

    def per_jaar(self, hardheid: str | None = None) -> dict[int, int]:
        """DAEB per year of the period (all, or only ``hard``/``zacht``)."""
        uit = dict.fromkeys(self.jaren, 0)
        for r in self.regels:
            if hardheid is None or r.hardheid == hardheid:
                for j, n in r.jaren.items():
                    uit[j] += n
        return uit

    def van_corporatie(self, corporatie: str) -> Overzicht5a:
        """The part of this overview that ``corporatie`` builds (the bid stays the
        municipality's)."""
        regels = [r for r in self.regels if r.corporatie == corporatie]
        return replace(
            self,
            regels=regels,
            daeb_hard=sum(r.in_periode for r in regels if r.hardheid == "hard"),
            daeb_zacht=sum(r.in_periode for r in regels if r.hardheid != "hard"),
            niet_toegewezen=0,
        )

    def per_corporatie(self) -> dict[str, int]:
        """DAEB in the period per corporation (``niet toegewezen`` last)."""
        uit: dict[str, int] = {}
        for r in self.regels:
            uit[r.corporatie] = uit.get(r.corporatie, 0) + r.in_periode
        return dict(sorted(uit.items(), key=lambda kv: (kv[0] == NIET_TOEGEWEZEN, kv[0])))


def _int(waarde: Any) -> int | None:
    return None if waarde is None or pd.isna(waarde) else int(waarde)


def overzicht_5a(invoer: Invoer, analyse: Analyse, gemeente: str) -> Overzicht5a:
    """The 5a overview of member municipality ``gemeente`` (its code)."""
    regio = analyse.regio
    jaren = list(range(regio.van, analyse.peiljaar + 1))
    g = analyse.gemeenten.loc[gemeente]
    uit = Overzicht5a(
        gemeente=gemeente,
        naam=str(g["naam"]),
        jaren=jaren,
        bod=_int(g["bod"]),
        bod_versie=None if pd.isna(g["bod_versie"]) else str(g["bod_versie"]),
        daeb_hard=int(g["daeb_hard"]),
        daeb_zacht=int(g["daeb_zacht"]),
        niet_toegewezen=int(g["daeb_niet_toegewezen"]),
    )
    nb = opleveringen(invoer.locaties, invoer.toewijzingen)
    nb = nb[(nb["gemeente"] == gemeente) & (nb["segment"] == "daeb")]
    if nb.empty:
        return uit
    locaties = invoer.locaties.set_index("id")
    nb = nb.assign(corporatie=nb["corporatie"].fillna(NIET_TOEGEWEZEN))
    for (loc, corp), rijen in nb.groupby(["locatie", "corporatie"], sort=True):
        info = locaties.loc[loc]
        regel = Regel5a(
            locatie=int(loc),
            naam=str(info["naam"]),
            corporatie=str(corp),
            hardheid=str(info["hardheid"]),
            status=str(info["status"]),
            fase=_int(info["fase"]),
            jaren=dict.fromkeys(jaren, 0),
        )
        for jaar, aantal in zip(rijen["jaar"], rijen["aantal"], strict=True):
            if pd.isna(jaar):
                regel.zonder_jaar += int(aantal)
            elif int(jaar) < regio.van:
                regel.voor_periode += int(aantal)
            elif int(jaar) > analyse.peiljaar:
                regel.na_periode += int(aantal)
            else:
                regel.jaren[int(jaar)] += int(aantal)
        uit.regels.append(regel)
    uit.regels.sort(
        key=lambda r: (r.naam, r.locatie, r.corporatie == NIET_TOEGEWEZEN, r.corporatie)
    )
    return uit
