"""The scenario "met kansen": hard + soft plans plus the potential of the open opportunities (5b).

An open opportunity (*kans*, status open or in gesprek) names the extra DAEB and the extra other
target-group dwellings (``overig``: sociale huur and goedkope koop outside DAEB) it would add if it
succeeds, per delivery year. Like new build, a potential counts when it lies in a member
municipality and in ``regio.van .. peiljaar``. Per municipality:

- ``kansen_daeb``, ``kansen_overig``: the counted potential;
- ``daeb_met_kansen = daeb_totaal + kansen_daeb``;
- ``netto_met_kansen = netto_totaal + kansen_daeb + kansen_overig`` (opportunities add
  target-group dwellings and remove none);
- ``tekort_bod = max(0, bod - daeb_totaal)`` (null without a bid) and ``tekort_bod_gesloten =
  min(tekort_bod, kansen_daeb)``: how much of the gap to the bid the opportunities would close.

The region adds ``netto_met_kansen`` and ``tekort_met_kansen = max(0, doel_netto -
netto_met_kansen)`` next to hard, hard + soft and realistic.
"""

from __future__ import annotations

import pandas as pd

from ..domein.regio import Regio

__all__ = ["KANS_KOLOMMEN", "lege_kansen", "kansen_binnen_periode", "met_kansen", "KOLOMMEN"]

#: Columns of the input table of potentials (one row per opportunity and delivery year).
KANS_KOLOMMEN = ["casus", "gemeente", "jaar", "daeb", "overig"]
#: Columns :func:`met_kansen` adds to the municipal table.
KOLOMMEN = (
    "kansen_daeb",
    "kansen_overig",
    "daeb_met_kansen",
    "netto_met_kansen",
    "tekort_bod",
    "tekort_bod_gesloten",
)


def lege_kansen() -> pd.DataFrame:
    """An empty table of potentials (no opportunities)."""
    df = pd.DataFrame({k: pd.Series(dtype="int64") for k in KANS_KOLOMMEN})
    df["gemeente"] = df["gemeente"].astype(object)
    return df


def kansen_binnen_periode(kansen: pd.DataFrame, regio: Regio, peiljaar: int) -> pd.DataFrame:
    """The potentials that count: in a member municipality, delivered ``regio.van .. peiljaar``."""
    jaar = kansen["jaar"]
    houden = kansen["gemeente"].isin(regio.codes) & (jaar >= regio.van) & (jaar <= peiljaar)
    return kansen[houden.astype(bool)].reset_index(drop=True)


def met_kansen(gemeenten: pd.DataFrame, kansen: pd.DataFrame) -> pd.DataFrame:
    """The columns of :data:`KOLOMMEN` for the municipal table ``gemeenten`` (indexed by code,
    with ``daeb_totaal``, ``netto_totaal`` and ``bod``) and the counted potentials ``kansen``."""
    som = (
        kansen.groupby("gemeente")[["daeb", "overig"]].sum()
        if len(kansen)
        else pd.DataFrame(columns=["daeb", "overig"], dtype="int64")
    )
    som = som.reindex(gemeenten.index, fill_value=0).astype("int64")
    uit = pd.DataFrame(index=gemeenten.index)
    uit["kansen_daeb"] = som["daeb"]
    uit["kansen_overig"] = som["overig"]
    uit["daeb_met_kansen"] = gemeenten["daeb_totaal"].astype("int64") + som["daeb"]
    uit["netto_met_kansen"] = (
        gemeenten["netto_totaal"].astype("int64") + som["daeb"] + som["overig"]
    )
    tekort = (gemeenten["bod"] - gemeenten["daeb_totaal"].astype("Int64")).clip(lower=0)
    uit["tekort_bod"] = tekort.astype("Int64")
    uit["tekort_bod_gesloten"] = pd.array(
        [
            None if pd.isna(t) else min(int(t), int(k))
            for t, k in zip(tekort, som["daeb"], strict=True)
        ],
        dtype="Int64",
    )
    return uit
