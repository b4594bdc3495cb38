"""New build as one long table: which site delivers how many dwellings of which segment, when,
by which corporation, hard or soft.

Timing rule: a dwelling counts in its year of delivery (``oplevering``). The DAEB part of a site
counts per assignment (``toewijzing.oplevering``, falling back to the site's ``oplevering`` when
the assignment has no year of its own), so a phased site spreads its DAEB over several years; the
DAEB that is not assigned to a corporation and all other segments count in the site's
``oplevering``. Assignments are counted as given, also when they add up to more than the site's
``daeb`` (that is reported as a signal, ``toewijzing_te_groot``).

:func:`daeb_telling` is the one count of DAEB new build that the map's summary, the dashboard and
the analysis share: what counts (in a member municipality, delivered in the period) split hard and
soft, and what does not count, split by why (delivered after or before the period, no year of
delivery, not in a member municipality); for one corporation it counts that corporation's
assignments only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ..domein.model import Locatie
from ..domein.regio import Regio
from .definities import ALLE_SEGMENTEN
from .invoer import locatieframes

__all__ = [
    "OPLEVER_KOLOMMEN",
    "opleveringen",
    "binnen_periode",
    "DaebTelling",
    "daeb_telling",
    "daeb_telling_van",
]

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


@dataclass(frozen=True)
class DaebTelling:
    """DAEB new build of a set of sites, counted by the analysis' rules.

    ``hard`` and ``zacht`` count (delivered ``van``..``tot`` in a member municipality); the rest
    does not count and is split by why: ``na_periode`` (delivered after ``tot``), ``voor_periode``
    (before ``van``), ``zonder_jaar`` (no year of delivery), ``buiten_regio`` (the site is not in a
    member municipality, whatever its year). ``corporatie``: the corporation whose assigned share
    was counted, None for all DAEB.
    """

    van: int
    tot: int
    hard: int
    zacht: int
    na_periode: int
    voor_periode: int
    zonder_jaar: int
    buiten_regio: int
    corporatie: str | None = None

    @property
    def totaal(self) -> int:
        """What counts: hard + soft in the period."""
        return self.hard + self.zacht


def daeb_telling(
    nb_alle: pd.DataFrame,
    regio: Regio,
    peiljaar: int | None = None,
    corporatie: str | None = None,
) -> DaebTelling:
    """Count the DAEB rows of a full delivery table (:func:`opleveringen`, not yet limited to the
    period) from ``regio.van`` to ``peiljaar`` (default ``regio.tot``); with ``corporatie`` only
    that corporation's assigned share."""
    tot = regio.tot if peiljaar is None else peiljaar
    daeb = nb_alle[nb_alle["segment"] == "daeb"]
    if corporatie is not None:
        daeb = daeb[(daeb["corporatie"] == corporatie).astype(bool)]
    telt = binnen_periode(daeb, regio, tot)
    in_regio = daeb[daeb["gemeente"].isin(regio.codes).astype(bool)]
    jaar = in_regio["jaar"]
    aantal = in_regio["aantal"]

    def som(masker: pd.Series) -> int:
        return int(aantal[masker.fillna(False).astype(bool)].sum())

    return DaebTelling(
        van=regio.van,
        tot=tot,
        hard=int(telt.loc[telt["hardheid"] == "hard", "aantal"].sum()),
        zacht=int(telt.loc[telt["hardheid"] != "hard", "aantal"].sum()),
        na_periode=som(jaar > tot),
        voor_periode=som(jaar < regio.van),
        zonder_jaar=som(jaar.isna()),
        buiten_regio=int(daeb["aantal"].sum()) - int(aantal.sum()),
        corporatie=corporatie,
    )


def daeb_telling_van(
    locaties: Iterable[Locatie], regio: Regio, corporatie: str | None = None
) -> DaebTelling:
    """:func:`daeb_telling` of domain sites (as the store returns them) over the region's period."""
    return daeb_telling(opleveringen(*locatieframes(locaties)), regio, None, corporatie)
