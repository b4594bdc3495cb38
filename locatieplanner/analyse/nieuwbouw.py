"""New build as one long table: which site delivers how many dwellings of which segment, when,
by which corporation, hard or soft.

Timing rule: a dwelling counts in its year of delivery (``oplevering``). The DAEB part of a site
counts per assignment (``toewijzing.oplevering``, falling back to the site's ``oplevering`` when
the assignment has no year of its own), so a phased site spreads its DAEB over several years; the
DAEB that is not assigned to a corporation and all other segments count in the site's
``oplevering``. Assignments are counted as given, also when they add up to more than the site's
``daeb`` (that is reported as a signal, ``toewijzing_te_groot``).
"""

from __future__ import annotations

import pandas as pd

from ..domein.regio import Regio
from .definities import ALLE_SEGMENTEN

__all__ = ["OPLEVER_KOLOMMEN", "opleveringen", "binnen_periode"]

#: Columns of the delivery table.
OPLEVER_KOLOMMEN = ["locatie", "gemeente", "hardheid", "jaar", "segment", "corporatie", "aantal"]


def opleveringen(locaties: pd.DataFrame, toewijzingen: pd.DataFrame) -> pd.DataFrame:
    """One row per (site, segment, corporation, year) with a positive count; ``jaar`` may be NA.

    ``corporatie`` is None for DAEB that is not assigned and for all non-DAEB segments.
    """
    stukken: list[pd.DataFrame] = []
    basis = locaties[["id", "gemeente", "hardheid", "oplevering"]].rename(columns={"id": "locatie"})
    for seg in ALLE_SEGMENTEN:
        aantal = locaties[seg].to_numpy()
        if seg == "daeb" and len(toewijzingen):
            toegewezen = (
                toewijzingen.groupby("locatie")["daeb"].sum().reindex(locaties["id"]).fillna(0)
            )
            aantal = (aantal - toegewezen.to_numpy()).clip(min=0)
        stuk = basis.assign(segment=seg, corporatie=None, aantal=aantal)
        stukken.append(stuk.rename(columns={"oplevering": "jaar"}))
    if len(toewijzingen):
        tw = toewijzingen.merge(basis, on="locatie", how="inner", suffixes=("", "_locatie"))
        jaar = tw["oplevering"].fillna(tw["oplevering_locatie"])
        stukken.append(
            pd.DataFrame(
                {
                    "locatie": tw["locatie"],
                    "gemeente": tw["gemeente"],
                    "hardheid": tw["hardheid"],
                    "jaar": jaar,
                    "segment": "daeb",
                    "corporatie": tw["corporatie"],
                    "aantal": tw["daeb"],
                }
            )
        )
    df = pd.concat(stukken, ignore_index=True)[OPLEVER_KOLOMMEN]
    df = df[df["aantal"] > 0].reset_index(drop=True)
    df["jaar"] = df["jaar"].astype("Int64")
    df["aantal"] = df["aantal"].astype("int64")
    df["corporatie"] = df["corporatie"].astype(object)
    df["gemeente"] = df["gemeente"].astype(object)
    return df


def binnen_periode(df: pd.DataFrame, regio: Regio, peiljaar: int) -> pd.DataFrame:
    """The rows that count: in a member municipality, delivered from ``regio.van`` to ``peiljaar``."""
    jaar = df["jaar"]
    houden = (
        df["gemeente"].isin(regio.codes)
        & jaar.notna()
        & (jaar.fillna(0) >= regio.van)
        & (jaar.fillna(0) <= peiljaar)
    )
    return df[houden.astype(bool)].reset_index(drop=True)
