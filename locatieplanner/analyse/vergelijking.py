"""Comparing two states of the plan (two reference dates, or a reference date and now).

Sites are matched by id. Reported: sites added and removed, sites that moved from soft to hard
or back (:func:`~locatieplanner.domein.model.hardheid` of their status), and per municipality and
per corporation the DAEB new build in the period (hard + soft, as the analysis counts it) before
and after.

Cases (*casussen* of working agreement 5b, matched by id) are reported when they were opened or
solved: **opened** when a case is in ``na`` and not in ``voor``, or its status moved from a
closed status (``opgelost``, ``vervallen``) to an open one (:data:`~locatieplanner.domein.casus.
OPEN_STATUSSEN`); **solved** when its status moved from an open status to a closed one, or it is in
``voor`` and not in ``na`` (deleted). A move between two open or two closed statuses is neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..domein.casus import OPEN_STATUSSEN, Casus
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
    #: Cases opened and solved (see the module docstring), by municipality and id.
    casussen_geopend: list[dict[str, Any]] = field(default_factory=list)
    casussen_opgelost: list[dict[str, Any]] = field(default_factory=list)

    def als_dict(self) -> dict[str, Any]:
        return {
            "voor": self.voor,
            "na": self.na,
            "toegevoegd": self.toegevoegd,
            "verwijderd": self.verwijderd,
            "hardheid": self.hardheid,
            "gemeenten": self.gemeenten,
            "corporaties": self.corporaties,
            "casussen_geopend": self.casussen_geopend,
            "casussen_opgelost": self.casussen_opgelost,
        }

    @property
    def leeg(self) -> bool:
        """True when nothing differs."""
        return not (
            self.toegevoegd
            or self.verwijderd
            or self.hardheid
            or self.casussen_geopend
            or self.casussen_opgelost
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


def _casus(
    c: Casus, voor: Casus | None, na: Casus | None, namen: dict[str, str], wijziging: str
) -> dict[str, Any]:
    return {
        "id": c.id,
        "titel": c.titel,
        "gemeente": c.gemeente,
        "gemeentenaam": namen.get(c.gemeente, c.gemeente),
        "soort": c.soort,
        "categorie": c.categorie,
        "status_voor": None if voor is None else voor.status,
        "status_na": None if na is None else na.status,
        "wijziging": wijziging,
    }


def _casussen(
    voor: Sequence[Casus], na: Sequence[Casus], namen: dict[str, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The cases opened and the cases solved from ``voor`` to ``na``."""
    oud = {c.id: c for c in voor}
    nieuw = {c.id: c for c in na}
    geopend: list[dict[str, Any]] = []
    opgelost: list[dict[str, Any]] = []
    for i in sorted({*oud, *nieuw}, key=lambda i: ((oud.get(i) or nieuw[i]).gemeente, i or 0)):
        v, n = oud.get(i), nieuw.get(i)
        if v is None and n is not None:
            geopend.append(_casus(n, v, n, namen, "nieuw"))
        elif n is None and v is not None:
            opgelost.append(_casus(v, v, n, namen, "verwijderd"))
        elif v is not None and n is not None:
            was_open, is_open = v.status in OPEN_STATUSSEN, n.status in OPEN_STATUSSEN
            if is_open and not was_open:
                geopend.append(_casus(n, v, n, namen, "heropend"))
            elif was_open and not is_open:
                opgelost.append(_casus(n, v, n, namen, n.status))
    return geopend, opgelost


def vergelijk_standen(
    voor: tuple[str, Invoer, Analyse],
    na: tuple[str, Invoer, Analyse],
    casussen: tuple[Sequence[Casus], Sequence[Casus]] | None = None,
) -> Vergelijking:
    """What changed from ``voor`` to ``na``; each is (name, analysis input, analysis).
    ``casussen``: the cases of state ``voor`` and of state ``na`` (the store's or a frozen
    state's ``casussen()``); without them no cases are compared."""
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
    if casussen is not None:
        namen = {**a_voor.regio.gemeenten, **a_na.regio.gemeenten}
        uit.casussen_geopend, uit.casussen_opgelost = _casussen(*casussen, namen)
    return uit


class _Rij:
    """Attribute access to a pandas row (for :func:`_locatie`)."""

    def __init__(self, reeks: pd.Series) -> None:
        self.__dict__.update(reeks.to_dict())
