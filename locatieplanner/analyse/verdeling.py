"""Distribution of new build and removals over municipalities, corporations and years.

All functions are pure: they take the delivery table of :mod:`.nieuwbouw` (already limited to the
period and the region with :func:`~.nieuwbouw.binnen_periode`) and the removals, and return
DataFrames of integer counts. Definitions:

- ``daeb_hard`` / ``daeb_zacht``: DAEB dwellings delivered in hard / soft plans;
  ``daeb_niet_toegewezen``: the part of them not assigned to a corporation.
- ``doelgroep_nieuw_hard`` / ``doelgroep_nieuw_zacht``: new target-group dwellings (daeb + soc_huur + goedk_koop).
- ``netto_hard = doelgroep_hard - onttrekkingen``; ``netto_totaal`` adds ``doelgroep_nieuw_zacht``.
  Removals are planned by the corporations and count in full in every scenario.
- ``netto_daeb_*``: the same for DAEB only, minus the removals that have a corporation.
- ``*_realistisch`` (only with a realism factor ``f`` for soft plans):
  ``hard + round(f * zacht)`` per municipality, rounded half up; the regional figure is the sum of
  the municipal figures so that the table adds up.
- ``verschil_bod = daeb_totaal - bod`` and ``verschil_bod_hard = daeb_hard - bod``: DAEB in plans
  minus the newest bid (the bid is a DAEB new-build commitment 2021-2030, so it is compared with
  gross DAEB new build); negative means the plans fall short of the bid. The regional difference
  is the sum over the municipalities that have a bid.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..domein.regio import Regio
from .definities import (
    BETAALBAAR,
    DOELGROEP,
    SOCIALE_HUUR,
    UIT_WONINGVOORRAAD,
    aandeel,
    afronden,
)
from .nieuwbouw import masker, posities

__all__ = [
    "onttrekkingen_binnen_periode",
    "per_gemeente",
    "per_corporatie",
    "per_jaar",
    "regiototalen",
    "corporatie_details",
    "TELLINGEN",
]

#: Integer columns of the municipal table that add up to the regional figure.
TELLINGEN = (
    "daeb_hard",
    "daeb_zacht",
    "daeb_totaal",
    "daeb_niet_toegewezen",
    "doelgroep_nieuw_hard",
    "doelgroep_nieuw_zacht",
    "sociaal_nieuw",
    "betaalbaar_nieuw",
    "nieuwbouw_hard",
    "nieuwbouw_totaal",
    "onttrekkingen",
    "onttrekkingen_daeb",
    "onttrekkingen_uit_voorraad",
    "netto_hard",
    "netto_totaal",
    "netto_daeb_hard",
    "netto_daeb_totaal",
)
_OPTIONEEL = ("daeb_realistisch", "netto_realistisch", "netto_daeb_realistisch")


def onttrekkingen_binnen_periode(ontt: pd.DataFrame, regio: Regio, peiljaar: int) -> pd.DataFrame:
    """Removals in a member municipality from ``regio.van`` up to and including ``peiljaar``."""
    houden = ontt["gemeente"].isin(regio.codes) & (ontt["jaar"] >= regio.van)
    houden &= ontt["jaar"] <= peiljaar
    return ontt[houden].reset_index(drop=True)


def _som(df: pd.DataFrame, sleutel: str | list[str], index: Iterable[Any]) -> pd.Series:
    if df.empty:
        return pd.Series(0, index=pd.Index(list(index)), dtype="int64")
    return df.groupby(sleutel)["aantal"].sum().reindex(list(index), fill_value=0).astype("int64")


def _tellingen_per(
    nb: pd.DataFrame, ontt: pd.DataFrame, sleutel: str, index: list[Any]
) -> pd.DataFrame:
    """The counts of :data:`TELLINGEN` grouped by ``sleutel`` (gemeente or jaar), in the order
    of ``index`` (0 where absent).

    One lookup of each row's position in ``index`` and one ``bincount`` per count (integer
    counts, exact in float64) instead of a groupby over the keys."""
    doel = pd.Index(index)
    aantal = nb["aantal"].to_numpy(dtype="float64")
    hard = masker(nb["hardheid"], ["hard"])
    daeb = masker(nb["segment"], ["daeb"])
    doelgroep = masker(nb["segment"], DOELGROEP)
    delen = {
        "daeb_hard": daeb & hard,
        "daeb_zacht": daeb & ~hard,
        "daeb_niet_toegewezen": daeb & nb["corporatie"].isna().to_numpy(),
        "doelgroep_nieuw_hard": doelgroep & hard,
        "doelgroep_nieuw_zacht": doelgroep & ~hard,
        "sociaal_nieuw": masker(nb["segment"], SOCIALE_HUUR),
        "betaalbaar_nieuw": masker(nb["segment"], BETAALBAAR),
        "nieuwbouw_hard": hard,
        "nieuwbouw_totaal": np.ones(len(nb), dtype=bool),
    }
    weg = ontt["aantal"].to_numpy(dtype="float64")
    delen_weg = {
        "onttrekkingen": np.ones(len(ontt), dtype=bool),
        "onttrekkingen_daeb": ontt["corporatie"].notna().to_numpy(),
        "onttrekkingen_uit_voorraad": ontt["soort"].isin(UIT_WONINGVOORRAAD).to_numpy(),
    }
    uit = pd.DataFrame(
        {
            **_groepsom(posities(nb[sleutel], doel), aantal, delen, len(doel)),
            **_groepsom(posities(ontt[sleutel], doel), weg, delen_weg, len(doel)),
        },
        index=doel,
    )
    uit.index.name = sleutel
    uit["daeb_totaal"] = uit["daeb_hard"] + uit["daeb_zacht"]
    uit["netto_hard"] = uit["doelgroep_nieuw_hard"] - uit["onttrekkingen"]
    uit["netto_totaal"] = (
        uit["doelgroep_nieuw_hard"] + uit["doelgroep_nieuw_zacht"] - uit["onttrekkingen"]
    )
    uit["netto_daeb_hard"] = uit["daeb_hard"] - uit["onttrekkingen_daeb"]
    uit["netto_daeb_totaal"] = uit["daeb_totaal"] - uit["onttrekkingen_daeb"]
    return uit[list(TELLINGEN)]


def _groepsom(
    plek: np.ndarray, aantal: np.ndarray, delen: dict[str, np.ndarray], lengte: int
) -> dict[str, np.ndarray]:
    """Per part: the sum of ``aantal`` over its rows per position ``plek`` (rows at -1 are left
    out), as int64 arrays of ``lengte``."""
    houden = plek >= 0
    if not houden.all():
        plek, aantal = plek[houden], aantal[houden]
        delen = {k: m[houden] for k, m in delen.items()}
    return {
        k: np.bincount(plek, weights=aantal * m, minlength=lengte).astype("int64")
        for k, m in delen.items()
    }


def per_gemeente(
    nb: pd.DataFrame,
    ontt: pd.DataFrame,
    gemeenten: pd.DataFrame,
    biedingen: pd.DataFrame,
    regio: Regio,
    zacht_factor: float | None = None,
) -> pd.DataFrame:
    """One row per member municipality (in the region's order), indexed by ``gemeente``.

    Besides :data:`TELLINGEN`: ``naam``, start stocks ``woningen`` and ``doelgroep``, ``bod`` (newest
    version), ``bod_origineel`` (oldest), ``bod_versie``, ``verschil_bod``, ``verschil_bod_hard``,
    the ``*_realistisch`` columns (NA without factor), and the social share of the stock
    ``aandeel_sociaal_start``, ``aandeel_sociaal_eind`` (hard + soft) and
    ``aandeel_sociaal_eind_hard`` (see :func:`~.voorraad.aandelen_sociaal`).
    """
    codes = regio.codes
    uit = _tellingen_per(nb, ontt, "gemeente", codes)
    uit.insert(0, "naam", [regio.gemeenten[c] for c in codes])
    start = gemeenten.set_index("gemeente").reindex(codes)
    uit["woningen_start"] = pd.array(list(start["woningen"]), dtype="Int64")
    uit["doelgroep_start"] = pd.array(list(start["doelgroep"]), dtype="Int64")
    bod: dict[str, Any] = {}
    origineel: dict[str, Any] = {}
    versie: dict[str, Any] = {}
    for rij in biedingen.itertuples(index=False):
        origineel.setdefault(rij.gemeente, rij.daeb)
        bod[rij.gemeente] = rij.daeb
        versie[rij.gemeente] = rij.versie
    uit["bod"] = pd.array([bod.get(c) for c in codes], dtype="Int64")
    uit["bod_origineel"] = pd.array([origineel.get(c) for c in codes], dtype="Int64")
    uit["bod_versie"] = pd.Series([versie.get(c) for c in codes], index=uit.index, dtype=object)
    uit["verschil_bod"] = uit["daeb_totaal"].astype("Int64") - uit["bod"]
    uit["verschil_bod_hard"] = uit["daeb_hard"].astype("Int64") - uit["bod"]
    if zacht_factor is None:
        for k in _OPTIONEEL:
            uit[k] = pd.array([None] * len(uit), dtype="Int64")
    else:
        zacht_daeb = [afronden(zacht_factor * v) for v in uit["daeb_zacht"]]
        zacht_dg = [afronden(zacht_factor * v) for v in uit["doelgroep_nieuw_zacht"]]
        uit["daeb_realistisch"] = (uit["daeb_hard"] + zacht_daeb).astype("Int64")
        uit["netto_realistisch"] = (
            uit["doelgroep_nieuw_hard"] + zacht_dg - uit["onttrekkingen"]
        ).astype("Int64")
        uit["netto_daeb_realistisch"] = (
            uit["daeb_hard"] + zacht_daeb - uit["onttrekkingen_daeb"]
        ).astype("Int64")
    from .voorraad import aandelen_sociaal

    return pd.concat([uit, aandelen_sociaal(uit)], axis=1)


def _som_of_none(reeks: pd.Series) -> int | None:
    bekend = reeks.dropna()
    return int(bekend.sum()) if len(bekend) else None


def regiototalen(gemeenten: pd.DataFrame, regio: Regio) -> dict[str, Any]:
    """Regional figures: sums of the municipal counts, the goal and the shortfalls.

    ``tekort_* = max(0, doel_netto - netto_*)``. Shares are recomputed from the summed stocks of
    the municipalities whose start stock is known (not averaged).
    """
    uit: dict[str, Any] = {"doel_netto": int(regio.doel_netto)}
    for k in TELLINGEN:
        uit[k] = int(gemeenten[k].sum())
    for k in (*_OPTIONEEL, "bod", "bod_origineel", "verschil_bod", "verschil_bod_hard"):
        uit[k] = _som_of_none(gemeenten[k])
    for k in ("kansen_daeb", "kansen_overig", "daeb_met_kansen", "netto_met_kansen"):
        if k in gemeenten:
            uit[k] = int(gemeenten[k].sum())
    for scenario in ("hard", "totaal", "realistisch", "met_kansen"):
        netto = uit.get(f"netto_{scenario}")
        uit[f"tekort_{scenario}"] = None if netto is None else max(0, regio.doel_netto - netto)
    bekend = gemeenten[gemeenten["woningen_start"].notna() & gemeenten["doelgroep_start"].notna()]
    woningen = float(bekend["woningen_start"].sum())
    doelgroep = float(bekend["doelgroep_start"].sum())
    eind = bekend["netto_totaal"].sum()
    eind_hard = bekend["netto_hard"].sum()
    uit_voorraad = bekend["onttrekkingen_uit_voorraad"].sum()
    uit["aandeel_sociaal_start"] = aandeel(doelgroep, woningen)
    uit["aandeel_sociaal_eind"] = aandeel(
        doelgroep + eind, woningen + bekend["nieuwbouw_totaal"].sum() - uit_voorraad
    )
    uit["aandeel_sociaal_eind_hard"] = aandeel(
        doelgroep + eind_hard, woningen + bekend["nieuwbouw_hard"].sum() - uit_voorraad
    )
    return uit


def per_corporatie(
    nb: pd.DataFrame, ontt: pd.DataFrame, corporaties: Iterable[str] = ()
) -> pd.DataFrame:
    """DAEB per corporation (hard, soft, total), the removals it registered and its net DAEB,
    indexed by ``corporatie`` (all known corporations, also those without plans), sorted by name.

    Unassigned DAEB is not in this table: ``regio["daeb_niet_toegewezen"]`` holds it, and
    ``sum(daeb_totaal) + daeb_niet_toegewezen`` equals the region's DAEB.
    """
    daeb = nb[(nb["segment"] == "daeb") & nb["corporatie"].notna()]
    met_ontt = ontt[ontt["corporatie"].notna()]
    namen = sorted(set(corporaties) | set(daeb["corporatie"]) | set(met_ontt["corporatie"]))
    hard = daeb["hardheid"] == "hard"
    uit = pd.DataFrame(index=pd.Index(namen, name="corporatie", dtype=object))
    uit["daeb_hard"] = _som(daeb[hard], "corporatie", namen)
    uit["daeb_zacht"] = _som(daeb[~hard], "corporatie", namen)
    uit["daeb_totaal"] = uit["daeb_hard"] + uit["daeb_zacht"]
    uit["onttrekkingen"] = _som(met_ontt, "corporatie", namen)
    uit["netto_daeb_totaal"] = uit["daeb_totaal"] - uit["onttrekkingen"]
    return uit


def corporatie_details(nb: pd.DataFrame) -> dict[str, dict[str, dict[Any, int]]]:
    """Per corporation its DAEB (hard + soft) per municipality and per year."""
    daeb = nb[(nb["segment"] == "daeb") & nb["corporatie"].notna()]
    uit: dict[str, dict[str, dict[Any, int]]] = {}
    for (corp, gem), n in daeb.groupby(["corporatie", "gemeente"])["aantal"].sum().items():
        uit.setdefault(corp, {"gemeenten": {}, "jaren": {}})["gemeenten"][gem] = int(n)
    for (corp, jaar), n in daeb.groupby(["corporatie", "jaar"])["aantal"].sum().items():
        uit.setdefault(corp, {"gemeenten": {}, "jaren": {}})["jaren"][int(jaar)] = int(n)
    return uit


def per_jaar(nb: pd.DataFrame, ontt: pd.DataFrame, jaren: Iterable[int]) -> pd.DataFrame:
    """The counts of :data:`TELLINGEN` per delivery year, indexed by ``jaar``, plus the cumulative
    net growth ``netto_hard_cumulatief`` and ``netto_totaal_cumulatief``."""
    uit = _tellingen_per(nb, ontt, "jaar", list(jaren))
    uit["netto_hard_cumulatief"] = uit["netto_hard"].cumsum()
    uit["netto_totaal_cumulatief"] = uit["netto_totaal"].cumsum()
    return uit
