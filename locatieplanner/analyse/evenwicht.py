"""Meer Evenwicht: how evenly the social (target-group) stock is spread over the municipalities.

Index: the dissimilarity index of Duncan & Duncan over the municipalities of the region,

    E = 1/2 * sum_i | D_i / D  -  N_i / N |

with ``D_i`` the social stock of municipality ``i`` (its target-group stock), ``N_i = W_i - D_i``
its other dwellings (``W_i`` the total stock) and ``D``, ``N`` the regional sums. Equivalently
``E = sum_i W_i * |s_i - S| / (2 * W * S * (1 - S))`` with ``s_i = D_i / W_i`` the municipal social
share and ``S`` the regional share: a housing-stock-weighted mean absolute deviation of the social
share, normalised to 0..1.

Why this index: it reads directly ("the share of the social stock that would have to lie in
another municipality for every municipality to have the regional share"), it is 0 for a perfectly
even spread and 1 for complete separation, large municipalities weigh by their stock (a 5-point gap
in Den Haag matters more than in Midden-Delfland) and it does not change when all stocks grow in
proportion. And it splits exactly into municipal parts ``e_i = 1/2 |D_i/D - N_i/N|``: the
contribution of a municipality to the change is ``e_i(eind) - e_i(start)`` and these contributions
add up to the change of the index. The region "takes a step towards Meer Evenwicht" when the index
at the reference year (plans hard + soft) is lower than at the start.

Stocks: start ``D_i = doelgroep``, ``W_i = woningen``; at the reference year the end stocks of
:func:`~.voorraad.aandelen_sociaal`. Municipalities without a start stock are left out (signal
``startvoorraad_ontbreekt``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["Evenwicht", "dissimilariteit", "meer_evenwicht"]


@dataclass
class Evenwicht:
    """Index at the start and at the reference year (None when it cannot be computed) and the
    per-municipality parts ``bijdragen`` (columns start, eind, verandering; index gemeente)."""

    start: float | None
    eind: float | None
    bijdragen: pd.DataFrame

    @property
    def verandering(self) -> float | None:
        if self.start is None or self.eind is None:
            return None
        return self.eind - self.start

    @property
    def stap(self) -> bool | None:
        """Whether the region takes a step towards Meer Evenwicht (the index decreases)."""
        v = self.verandering
        return None if v is None else v < -1e-12


def dissimilariteit(sociaal: pd.Series, totaal: pd.Series) -> tuple[float | None, pd.Series]:
    """The index and its municipal parts; (None, NaN parts) when the region has no social or no
    other dwellings."""
    sociaal = sociaal.astype(float)
    overig = totaal.astype(float) - sociaal
    d, n = sociaal.sum(), overig.sum()
    if d <= 0 or n <= 0:
        return None, pd.Series(float("nan"), index=sociaal.index)
    delen = 0.5 * (sociaal / d - overig / n).abs()
    return float(delen.sum()), delen


def meer_evenwicht(gemeenten: pd.DataFrame) -> Evenwicht:
    """Index at start and end from the municipal table (columns doelgroep, woningen,
    doelgroep_eind, woningen_eind)."""
    bekend = gemeenten[gemeenten["woningen_start"].notna() & gemeenten["doelgroep_start"].notna()]
    start, d_start = dissimilariteit(bekend["doelgroep_start"], bekend["woningen_start"])
    eind, d_eind = dissimilariteit(bekend["doelgroep_eind"], bekend["woningen_eind"])
    bijdragen = pd.DataFrame(
        {"start": d_start, "eind": d_eind, "verandering": d_eind - d_start},
        index=bekend.index,
    )
    return Evenwicht(start, eind, bijdragen)
