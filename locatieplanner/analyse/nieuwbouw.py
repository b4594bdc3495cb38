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
from typing import Any

import numpy as np
import pandas as pd

from ..domein.model import Locatie
from ..domein.regio import Regio
from .definities import ALLE_SEGMENTEN
from .invoer import locatieframes

__all__ = [
    "OPLEVER_KOLOMMEN",
    "categorie",
    "masker",
    "posities",
    "opleveringen",
    "binnen_periode",
    "DaebTelling",
    "daeb_telling",
    "daeb_telling_van",
]

#: Columns of the delivery table.
OPLEVER_KOLOMMEN = ["locatie", "gemeente", "hardheid", "jaar", "segment", "corporatie", "aantal"]


#: Categories of the ``segment`` column (sorted, as the texts sort) and the code of each
#: segment of :data:`ALLE_SEGMENTEN` in them.
_SEGMENT_CATEGORIEEN = pd.Index(sorted(ALLE_SEGMENTEN), dtype=object)
_SEGMENT_CODES = _SEGMENT_CATEGORIEEN.get_indexer(list(ALLE_SEGMENTEN))


def categorie(waarden: Any) -> pd.Categorical:
    """Texts (None allowed, it becomes missing) as a categorical with sorted categories, so it
    groups and sorts as the texts do."""
    codes, uniek = pd.factorize(np.asarray(waarden, dtype=object), sort=True)
    return pd.Categorical.from_codes(codes, pd.Index(uniek, dtype=object))


def masker(kolom: pd.Series, waarden: Iterable[Any]) -> np.ndarray:
    """Which rows of ``kolom`` hold one of ``waarden`` (missing: no), as a boolean array; for a
    categorical a lookup of its few categories and one take over the codes."""
    waarden = list(waarden)
    if isinstance(kolom.dtype, pd.CategoricalDtype):
        gekozen = np.append(kolom.cat.categories.isin(waarden), False)
        return gekozen[kolom.cat.codes.to_numpy()]  # code -1 (missing) takes the last: False
    return kolom.isin(waarden).to_numpy(dtype=bool)


def posities(kolom: pd.Series, index: pd.Index) -> np.ndarray:
    """The position of every row's value of ``kolom`` in ``index`` (-1: not in it, or missing)."""
    if isinstance(kolom.dtype, pd.CategoricalDtype):
        plek = np.append(index.get_indexer(kolom.cat.categories), -1)
        return plek[kolom.cat.codes.to_numpy()]
    if isinstance(kolom.dtype, pd.Int64Dtype):  # years: missing is in no index of years
        return index.get_indexer(kolom.to_numpy(dtype="float64", na_value=np.nan))
    return index.get_indexer(kolom.to_numpy())


def _jaren(reeks: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A nullable year column as values (0 where missing) and its mask of missing values."""
    leeg = reeks.isna().to_numpy()
    return reeks.to_numpy(dtype="int64", na_value=0), leeg


def opleveringen(locaties: pd.DataFrame, toewijzingen: pd.DataFrame) -> pd.DataFrame:
    """One row per (site, segment, corporation, year) with a positive count; ``jaar`` may be NA.

    ``corporatie`` is None for DAEB that is not assigned and for all non-DAEB segments.
    ``gemeente``, ``hardheid`` and ``segment`` are categoricals with sorted categories (they
    filter, group and sort as the texts do): nationally the table has over half a million rows,
    and a filter then compares small integer codes instead of strings. Rows: per segment of
    :data:`ALLE_SEGMENTEN` one per site (in the sites' order), then one per assignment of a known
    site (in the assignments' order), those with a count of 0 left out.
    """
    n = len(locaties)
    segmenten = len(ALLE_SEGMENTEN)
    ids = locaties["id"].to_numpy(dtype="int64")
    aantallen = [locaties[seg].to_numpy(dtype="int64") for seg in ALLE_SEGMENTEN]
    jaar, jaar_leeg = _jaren(locaties["oplevering"])
    # the assignments of known sites (an inner join on the site) and their site's row
    plek = pd.Index(ids).get_indexer(toewijzingen["locatie"].to_numpy(dtype="int64"))
    bekend = plek >= 0
    plek = plek[bekend]
    tw_daeb = toewijzingen["daeb"].to_numpy(dtype="int64")[bekend]
    if len(toewijzingen):
        toegewezen = np.bincount(plek, weights=tw_daeb, minlength=n)
        aantallen[0] = (aantallen[0] - toegewezen).clip(min=0).astype("int64")
    tw_jaar, tw_leeg = _jaren(toewijzingen["oplevering"][bekend])
    # an assignment without a year of its own is delivered in its site's year
    tw_jaar = np.where(tw_leeg, jaar[plek], tw_jaar)
    tw_leeg = tw_leeg & jaar_leeg[plek]
    rij = np.concatenate([np.tile(np.arange(n), segmenten), plek])
    aantal = np.concatenate([*aantallen, tw_daeb])
    houden = aantal > 0
    rij = rij[houden]
    uit_toewijzing = np.arange(len(aantal))[houden] >= n * segmenten
    segment = np.concatenate([np.repeat(_SEGMENT_CODES, n), np.full(len(plek), _SEGMENT_CODES[0])])
    corporatie = np.full(len(rij), None, dtype=object)
    corporatie[uit_toewijzing] = toewijzingen["corporatie"].to_numpy(dtype=object)[bekend][
        houden[n * segmenten :]
    ]
    jaren = np.concatenate([np.tile(jaar, segmenten), tw_jaar])[houden]
    leeg = np.concatenate([np.tile(jaar_leeg, segmenten), tw_leeg])[houden]
    return pd.DataFrame(
        {
            "locatie": ids[rij],
            "gemeente": categorie(locaties["gemeente"].to_numpy(dtype=object)).take(rij),
            "hardheid": categorie(locaties["hardheid"].to_numpy(dtype=object)).take(rij),
            "jaar": pd.arrays.IntegerArray(jaren, leeg),
            "segment": pd.Categorical.from_codes(segment[houden], _SEGMENT_CATEGORIEEN),
            "corporatie": pd.Series(corporatie, dtype=object),
            "aantal": aantal[houden],
        },
        columns=OPLEVER_KOLOMMEN,
    )


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
