"""Comparing two states of the plan (two reference dates, or a reference date and now).

Sites are matched by id. Reported: sites added and removed, sites that moved from soft to hard
or back (:func:`~locatieplanner.domein.model.hardheid` of their status), and per municipality and
per corporation the DAEB new build in the period (hard + soft, as the analysis counts it) before
and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .invoer import Invoer
from .resultaat import Analyse

__all__ = ["Vergelijking", "vergelijk_standen"]


@dataclass
class Vergelijking:
    """The differences between state ``voor`` and state ``na`` (names as given)."""

    voor: str
    na: str
    toegevoegd: list[dict[str, Any]] = field(default_factory=list)
    verwijderd: list[dict[str, Any]] = field(default_factory=list)
    hardheid: list[dict[str, Any]] = field(default_factory=list)
    gemeenten: list[dict[str, Any]] = field(default_factory=list)
    corporaties: list[dict[str, Any]] = field(default_factory=list)

    def als_dict(self) -> dict[str, Any]:
        return {
            "voor": self.voor,
            "na": self.na,
            "toegevoegd": self.toegevoegd,
            "verwijderd": self.verwijderd,
            "hardheid": self.hardheid,
            "gemeenten": self.gemeenten,
            "corporaties": self.corporaties,
        }

    @property
    def leeg(self) -> bool:
        """True when nothing differs."""
        return not (
            self.toegevoegd
            or self.verwijderd
            or self.hardheid
            or any(r["verschil"] for r in self.gemeenten)
            or any(r["verschil"] for r in self.corporaties)
        )


def _locatie(rij: Any) -> dict[str, Any]:
    return {
        "id": int(rij.id),
        "naam": rij.naam,
        "gemeente": rij.gemeente,
        "status": rij.status,
        "daeb": int(rij.daeb),
    }


def _voor_na(voor: pd.Series, na: pd.Series, sleutel: str) -> list[dict[str, Any]]:
    alle = list(dict.fromkeys([*voor.index, *na.index]))
    uit = []
    for k in alle:
        v = int(voor.get(k, 0))
        n = int(na.get(k, 0))
        uit.append({sleutel: str(k), "voor": v, "na": n, "verschil": n - v})
    return uit


def vergelijk_standen(
    voor: tuple[str, Invoer, Analyse], na: tuple[str, Invoer, Analyse]
) -> Vergelijking:
    """What changed from ``voor`` to ``na``; each is (name, analysis input, analysis)."""
    naam_voor, invoer_voor, a_voor = voor
    naam_na, invoer_na, a_na = na
    lv = invoer_voor.locaties.set_index("id", drop=False)
    ln = invoer_na.locaties.set_index("id", drop=False)
    uit = Vergelijking(naam_voor, naam_na)
    uit.toegevoegd = [_locatie(r) for r in ln.loc[~ln.index.isin(lv.index)].itertuples()]
    uit.verwijderd = [_locatie(r) for r in lv.loc[~lv.index.isin(ln.index)].itertuples()]
    for i in sorted(lv.index.intersection(ln.index)):
        oud, nieuw = lv.at[i, "hardheid"], ln.at[i, "hardheid"]
        if oud != nieuw:
            uit.hardheid.append(
                {
                    **_locatie(_Rij(ln.loc[i])),
                    "status_voor": lv.at[i, "status"],
                    "hardheid_voor": oud,
                    "hardheid_na": nieuw,
                }
            )
    uit.gemeenten = [
        {
            **r,
            "naam": a_na.regio.gemeenten.get(
                r["gemeente"], a_voor.regio.gemeenten.get(r["gemeente"])
            ),
        }
        for r in _voor_na(
            a_voor.gemeenten["daeb_totaal"], a_na.gemeenten["daeb_totaal"], "gemeente"
        )
    ]
    uit.corporaties = _voor_na(
        a_voor.corporaties["daeb_totaal"], a_na.corporaties["daeb_totaal"], "corporatie"
    )
    return uit


class _Rij:
    """Attribute access to a pandas row (for :func:`_locatie`)."""

    def __init__(self, reeks: pd.Series) -> None:
        self.__dict__.update(reeks.to_dict())
