"""The input of the analysis as plain DataFrames, read from the store or built from domain objects.

Reading is the only part of the analysis that touches the store; everything after it is a pure
function of an :class:`Invoer`, so the computations can be tested on data built in code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..domein.model import (
    SEGMENTEN,
    STATUSSEN,
    Bod,
    Corporatie,
    Gemeente,
    Locatie,
    Onttrekking,
    hardheid,
)
from ..domein.regio import Regio
from ..store.kolommen import Locatietabellen
from .kansen import KANS_KOLOMMEN, lege_kansen

__all__ = [
    "Invoer",
    "locatieframes",
    "tabelframes",
    "maak_invoer",
    "kansframe",
    "lees_invoer",
]

_GEMEENTE_KOLOMMEN = ["gemeente", "naam", "woningen", "doelgroep", "peiljaar", "geometry"]
_LOCATIE_KOLOMMEN = [
    "id",
    "naam",
    "gemeente",
    "ligging",
    "status",
    "fase",
    "hardheid",
    *SEGMENTEN,
    "oplevering",
    "geometry",
]
#: The columns of the stored sites that :func:`tabelframes` uses.
_GELEZEN_KOLOMMEN = [k for k in _LOCATIE_KOLOMMEN if k != "hardheid"] + ["status"]
_TOEWIJZING_KOLOMMEN = ["locatie", "corporatie", "daeb", "oplevering"]
_ONTTREKKING_KOLOMMEN = ["id", "gemeente", "jaar", "aantal", "soort", "corporatie", "locatie"]
_BOD_KOLOMMEN = ["gemeente", "versie", "datum", "daeb", "opmerking"]


@dataclass
class Invoer:
    """Everything the analysis reads, as DataFrames (one row per item).

    ``gemeenten``: gemeente, naam, woningen, doelgroep, peiljaar, geometry (EPSG:28992 or None).
    ``locaties``: id, naam, gemeente, ligging, status, fase, hardheid, the six segments, oplevering,
    geometry. ``toewijzingen``: locatie, corporatie, daeb, oplevering. ``onttrekkingen``: id,
    gemeente, jaar, aantal, soort, corporatie, locatie. ``biedingen``: gemeente, versie, datum,
    daeb, opmerking, per municipality oldest first. ``werkgebieden``: corporation name ->
    municipality codes.
    ``kansen``: the potential of the open opportunities (casus, gemeente, jaar, daeb, overig; see
    :mod:`.kansen`), empty when there are none.
    """

    regio: Regio
    gemeenten: pd.DataFrame
    locaties: pd.DataFrame
    toewijzingen: pd.DataFrame
    onttrekkingen: pd.DataFrame
    biedingen: pd.DataFrame
    werkgebieden: Mapping[str, frozenset[str]] = field(default_factory=dict)
    kansen: pd.DataFrame = field(default_factory=lege_kansen)


def _frame(rijen: list[dict[str, Any]], kolommen: list[str], gehele: Iterable[str]) -> pd.DataFrame:
    """A DataFrame with object columns (None stays None) and nullable integer columns."""
    df = pd.DataFrame(rijen, columns=kolommen, dtype=object)
    for k in gehele:
        df[k] = pd.array(list(df[k]), dtype="Int64")
    return df


def locatieframes(locaties: Iterable[Locatie]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``locaties`` and ``toewijzingen`` tables of :class:`Invoer` from domain sites (with or
    without geometry)."""
    locaties = list(locaties)
    lrijen = []
    for loc in locaties:
        rij = {k: getattr(loc, k) for k in _LOCATIE_KOLOMMEN if k != "hardheid"}
        rij["hardheid"] = hardheid(loc.status)
        lrijen.append(rij)
    loc_df = _frame(lrijen, _LOCATIE_KOLOMMEN, ("oplevering", "fase"))
    for k in ("id", *SEGMENTEN):
        loc_df[k] = loc_df[k].astype("int64")
    t = _frame(
        [
            {
                "locatie": loc.id,
                "corporatie": tw.corporatie,
                "daeb": tw.daeb,
                "oplevering": tw.oplevering,
            }
            for loc in locaties
            for tw in loc.toewijzingen
        ],
        _TOEWIJZING_KOLOMMEN,
        ("oplevering",),
    )
    t["locatie"] = t["locatie"].astype("int64")
    t["daeb"] = t["daeb"].astype("int64")
    return loc_df, t


def tabelframes(tabellen: Locatietabellen) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``locaties`` and ``toewijzingen`` tables of :class:`Invoer` from the store's columnar
    read (the same tables as :func:`locatieframes` gives for the same sites, without building an
    object per site)."""
    bron = tabellen.locaties

    def kolom(k: str) -> Any:
        if k == "hardheid":
            return bron["status"].map(_HARDHEID).astype(object)
        if k in ("oplevering", "fase"):
            return bron[k].astype("Int64")
        if k in ("id", *SEGMENTEN):
            return bron[k].astype("int64")
        return bron[k].astype(object)

    # the columns as the read gives them (already of these types: no copies)
    loc_df = pd.DataFrame({k: kolom(k) for k in _LOCATIE_KOLOMMEN}, columns=_LOCATIE_KOLOMMEN)
    loc_df = loc_df.reset_index(drop=True)
    tw = tabellen.toewijzingen
    t = pd.DataFrame(
        {
            "locatie": tw["locatie"].astype("int64"),
            "corporatie": tw["corporatie"].astype(object),
            "daeb": tw["daeb"].astype("int64"),
            "oplevering": tw["oplevering"].astype("Int64"),
        },
        columns=_TOEWIJZING_KOLOMMEN,
    ).reset_index(drop=True)
    return loc_df, t


#: Hardness of each plan status.
_HARDHEID = {s: hardheid(s) for s in STATUSSEN}


def maak_invoer(
    regio: Regio,
    gemeenten: Iterable[Gemeente],
    locaties: Iterable[Locatie],
    onttrekkingen: Iterable[Onttrekking] = (),
    biedingen: Iterable[Bod] = (),
    corporaties: Iterable[Corporatie] = (),
) -> Invoer:
    """Build the input from domain objects (as the store returns them, or made in code).

    ``biedingen`` must be ordered per municipality oldest first (as :meth:`Store.biedingen`).
    """
    g = _frame(
        [{k: getattr(x, k) for k in _GEMEENTE_KOLOMMEN} for x in gemeenten],
        _GEMEENTE_KOLOMMEN,
        ("woningen", "doelgroep", "peiljaar"),
    )
    loc_df, t = locatieframes(locaties)
    o = _frame(
        [{k: getattr(x, k) for k in _ONTTREKKING_KOLOMMEN} for x in onttrekkingen],
        _ONTTREKKING_KOLOMMEN,
        ("id", "locatie"),
    )
    o["jaar"] = o["jaar"].astype("int64")
    o["aantal"] = o["aantal"].astype("int64")
    b = _frame([{k: getattr(x, k) for k in _BOD_KOLOMMEN} for x in biedingen], _BOD_KOLOMMEN, ())
    b["daeb"] = b["daeb"].astype("int64")
    werk = {c.naam: frozenset(c.gemeenten) for c in corporaties}
    return Invoer(regio, g, loc_df, t, o, b, werk)


def kansframe(rijen: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """The ``kansen`` table of :class:`Invoer` from plain rows (casus, gemeente, jaar, daeb,
    overig), as :meth:`Store.kanspotentieel` gives them."""
    rijen = list(rijen)
    if not rijen:
        return lege_kansen()
    df = pd.DataFrame([{k: r[k] for k in KANS_KOLOMMEN} for r in rijen], columns=KANS_KOLOMMEN)
    for k in ("casus", "jaar", "daeb", "overig"):
        df[k] = df[k].astype("int64")
    df["gemeente"] = df["gemeente"].astype(object)
    return df


def lees_invoer(store: Any) -> Invoer:
    """Read the region, municipalities, sites, assignments, removals, bids, corporations and the
    potential of the open opportunities (the live store or a frozen state). The sites and their
    assignments come from the columnar read (``locatietabellen``), not as one object per site;
    the live store starts that read first (:meth:`Store.locatietabellen_vooruit
    <locatieplanner.store.Store.locatietabellen_vooruit>`) and reads the rest meanwhile."""
    vooruit = getattr(store, "locatietabellen_vooruit", None)
    tabellen = (
        vooruit(alleen=_GELEZEN_KOLOMMEN)
        if vooruit is not None
        else lambda: store.locatietabellen(alleen=_GELEZEN_KOLOMMEN)
    )
    invoer = maak_invoer(
        store.regio(),
        store.gemeenten(),
        (),
        store.onttrekkingen(),
        store.biedingen(),
        store.corporaties(),
    )
    kansen = store.kanspotentieel()
    invoer.locaties, invoer.toewijzingen = tabelframes(tabellen())
    invoer.kansen = kansframe(kansen)
    return invoer
