"""Target-group stock per municipality per year, its temporary dips, and the social share.

Stock series: ``voorraad[van - 1]`` is the start stock ``doelgroep`` of the municipality (the
stock at the end of 2020 for Haaglanden) and for every later year up to the reference year
``voorraad[j] = voorraad[j - 1] + new target-group dwellings delivered in j - removals in j``.
The main series counts hard and soft plans (the plans as intended); a second one counts hard
plans only. Without a start stock the series is unknown (NA), but the dips are still found
because they only depend on the yearly changes.

Temporary dip: every year ``j`` in which the stock is lower than in ``j - 1`` (5b question 4).
``daling`` is the fall from the previous year, ``diepte`` the distance below the highest level
reached before that year, ``herstel`` the first year the stock is back at that level (None when
not within the period: then the dip is not temporary). The causes are the removals of that year,
and the late deliveries: target-group new build of the municipality delivered after the dip up to
the recovery year (had it come earlier there would have been no dip), plus every delivery of a
site the removal makes room for (``onttrekking.locatie``), flagged ``gekoppeld``.

Social share of the stock (the province's 30% test): the model keeps one stock per municipality
besides the total, the target-group stock ``doelgroep``; it is used as the social stock.
``aandeel_sociaal_start = doelgroep / woningen``; at the reference year
``(doelgroep + netto) / (woningen + all new build - removals that leave the stock)``: demolition
and merging remove a dwelling from the total stock, sale and liberalisation only from the
target-group stock.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..domein.regio import Regio
from .definities import DOELGROEP, aandeel
from .nieuwbouw import masker, posities

__all__ = ["aandelen_sociaal", "mutaties", "doelgroepvoorraad", "tijdelijke_dalingen"]

_DALING_KOLOMMEN = [
    "gemeente",
    "scenario",
    "jaar",
    "daling",
    "diepte",
    "herstel",
    "onttrekkingen",
    "late_opleveringen",
]


def aandelen_sociaal(gemeenten: pd.DataFrame) -> pd.DataFrame:
    """Start and end stocks and social shares from the columns of the municipal table."""
    uit = pd.DataFrame(index=gemeenten.index)
    woningen = gemeenten["woningen_start"]
    doelgroep = gemeenten["doelgroep_start"]
    uit["doelgroep_eind"] = doelgroep + gemeenten["netto_totaal"]
    uit["woningen_eind"] = (
        woningen + gemeenten["nieuwbouw_totaal"] - gemeenten["onttrekkingen_uit_voorraad"]
    )
    woningen_eind_hard = (
        woningen + gemeenten["nieuwbouw_hard"] - gemeenten["onttrekkingen_uit_voorraad"]
    )
    doelgroep_eind_hard = doelgroep + gemeenten["netto_hard"]

    def reeks(teller: pd.Series, noemer: pd.Series) -> pd.Series:
        return pd.Series(
            [
                aandeel(None if pd.isna(t) else float(t), None if pd.isna(n) else float(n))
                for t, n in zip(teller, noemer, strict=True)
            ],
            index=gemeenten.index,
            dtype=object,
        )

    uit["aandeel_sociaal_start"] = reeks(doelgroep, woningen)
    uit["aandeel_sociaal_eind"] = reeks(uit["doelgroep_eind"], uit["woningen_eind"])
    uit["aandeel_sociaal_eind_hard"] = reeks(doelgroep_eind_hard, woningen_eind_hard)
    return uit


def _filter(nb: pd.DataFrame, scenario: str) -> np.ndarray:
    """The rows of ``nb`` that count in ``scenario``: target-group new build, of hard plans only
    for ``hard`` (a boolean mask)."""
    if scenario not in ("hard", "totaal"):
        raise ValueError(f"scenario {scenario!r}: toegestaan zijn hard en totaal")
    tg = masker(nb["segment"], DOELGROEP)
    return tg & masker(nb["hardheid"], ["hard"]) if scenario == "hard" else tg


def mutaties(
    nb: pd.DataFrame, ontt: pd.DataFrame, regio: Regio, peiljaar: int, scenario: str = "totaal"
) -> pd.DataFrame:
    """Yearly change of the target-group stock (new target-group dwellings - removals), one row
    per member municipality, one column per year ``regio.van .. peiljaar``."""
    jaren = list(range(regio.van, peiljaar + 1))
    codes = pd.Index(regio.codes)

    def tabel(df: pd.DataFrame) -> np.ndarray:
        # one bincount over (municipality, year) cells instead of a groupby and a pivot
        gemeente = posities(df["gemeente"], codes)
        jaar = df["jaar"].to_numpy(dtype="int64") - regio.van
        houden = (gemeente >= 0) & (jaar >= 0) & (jaar < len(jaren))
        som = np.bincount(
            gemeente[houden] * len(jaren) + jaar[houden],
            weights=df["aantal"].to_numpy(dtype="float64")[houden],
            minlength=len(codes) * len(jaren),
        )
        return som.reshape(len(codes), len(jaren)).astype("int64")

    tg = nb[_filter(nb, scenario)]
    return pd.DataFrame(
        tabel(tg) - tabel(ontt),
        index=pd.Index(regio.codes, name="gemeente"),
        columns=pd.Index(jaren, name="jaar"),
    )


def doelgroepvoorraad(mut: pd.DataFrame, startvoorraad: pd.Series, regio: Regio) -> pd.DataFrame:
    """Stock per municipality per year ``regio.van - 1 .. peiljaar`` (nullable integers; NA for a
    municipality without start stock). ``startvoorraad`` is indexed by municipality code."""
    start = startvoorraad.reindex(mut.index).astype("Int64")
    cumulatief = mut.cumsum(axis=1).astype("Int64")
    uit = cumulatief.add(start, axis=0)
    uit.insert(0, regio.van - 1, start)
    uit.columns.name = "jaar"
    return uit


def tijdelijke_dalingen(
    mut: pd.DataFrame,
    nb_alle: pd.DataFrame,
    ontt: pd.DataFrame,
    scenario: str = "totaal",
) -> pd.DataFrame:
    """Every year in which the stock falls, with depth, recovery year and causes.

    ``mut`` from :func:`mutaties`; ``nb_alle`` all deliveries (linked sites may deliver after
    the period); ``ontt`` the removals within the period. Columns: gemeente, scenario, jaar, daling, diepte, herstel (year or None),
    onttrekkingen (list of dicts: id, soort, aantal, corporatie, locatie) and late_opleveringen
    (list of dicts: locatie, jaar, aantal, gekoppeld).
    """
    rijen: list[dict[str, Any]] = []
    oorzaken = _Oorzaken(nb_alle, _filter(nb_alle, scenario), ontt)
    jaren = list(mut.columns)
    # plain rows of Python ints: one Series per municipality and year cost seconds nationally
    for gemeente, rij in zip(mut.index, mut.to_numpy(dtype="int64").tolist(), strict=True):
        niveau = 0
        hoogste = 0
        niveaus = {}
        for jaar, verschil in zip(jaren, rij, strict=True):
            niveaus[jaar] = niveau = niveau + verschil
        vorig = 0
        for i, jaar in enumerate(jaren):
            huidig = niveaus[jaar]
            if huidig < vorig:
                herstel = next((int(j) for j in jaren[i + 1 :] if niveaus[j] >= hoogste), None)
                rijen.append(
                    {
                        "gemeente": gemeente,
                        "scenario": scenario,
                        "jaar": int(jaar),
                        "daling": vorig - huidig,
                        "diepte": hoogste - huidig,
                        "herstel": herstel,
                        **oorzaken(gemeente, int(jaar), herstel, jaren[-1]),
                    }
                )
            hoogste = max(hoogste, huidig)
            vorig = huidig
    uit = pd.DataFrame(rijen, columns=_DALING_KOLOMMEN)
    for k in ("jaar", "daling", "diepte", "herstel"):
        uit[k] = pd.array([None if pd.isna(v) else int(v) for v in uit[k]], dtype="Int64")
    return uit


_ONTTREKKING_VELDEN = ("gemeente", "jaar", "id", "soort", "aantal", "corporatie", "locatie")


class _Oorzaken:
    """The causes of a dip: the removals of its year and the late deliveries. The tables are
    split per municipality (and year) once into plain arrays, so each dip looks only at its own
    rows (a national region has a thousand dips; a DataFrame filter per dip took seconds)."""

    def __init__(self, nb_alle: pd.DataFrame, tg: np.ndarray, ontt: pd.DataFrame) -> None:
        """``tg``: the rows of ``nb_alle`` that count in the scenario (a boolean mask)."""
        self.locatie = nb_alle["locatie"].to_numpy(dtype="int64")[tg]
        self.jaar = nb_alle["jaar"].to_numpy(dtype="float64", na_value=np.nan)[tg]
        self.aantal = nb_alle["aantal"].to_numpy(dtype="int64")[tg]
        # the rows of each municipality, ascending: one stable sort of the codes
        gemeente = nb_alle["gemeente"]
        if isinstance(gemeente.dtype, pd.CategoricalDtype):
            codes, namen = gemeente.cat.codes.to_numpy()[tg], gemeente.cat.categories
        else:
            codes, namen = pd.factorize(gemeente.to_numpy(dtype=object)[tg])
        volgorde = np.argsort(codes, kind="stable")
        grenzen = np.searchsorted(codes[volgorde], np.arange(len(namen) + 1))
        self.per_gemeente = {
            g: volgorde[grenzen[i] : grenzen[i + 1]] for i, g in enumerate(namen.tolist())
        }
        self.onttrekkingen: dict[tuple[str, int], list[dict[str, Any]]] = {}
        # plain lists of the columns: a named tuple per removal costs more than the rest
        kolommen = (ontt[k].astype(object).tolist() for k in _ONTTREKKING_VELDEN)
        for gemeente, jaar, id_, soort, aantal, corporatie, locatie in zip(*kolommen, strict=True):
            self.onttrekkingen.setdefault((gemeente, int(jaar)), []).append(
                {
                    "id": None if pd.isna(id_) else int(id_),
                    "soort": soort,
                    "aantal": int(aantal),
                    "corporatie": corporatie,
                    "locatie": None if pd.isna(locatie) else int(locatie),
                }
            )

    def __call__(
        self, gemeente: str, jaar: int, herstel: int | None, laatste: int
    ) -> dict[str, list[dict[str, Any]]]:
        onttrekkingen = [dict(o) for o in self.onttrekkingen.get((gemeente, jaar), [])]
        gekoppeld = {o["locatie"] for o in onttrekkingen if o["locatie"] is not None}
        tot = herstel if herstel is not None else laatste
        # The window lies within the period, so these rows of tg_alle are exactly those of tg.
        eigen = self.per_gemeente.get(gemeente, np.empty(0, dtype=np.intp))
        jaren = self.jaar[eigen]
        gekozen = eigen[(jaren > jaar) & (jaren <= tot)]
        if gekoppeld:
            extra = np.isin(self.locatie, list(gekoppeld)) & (
                np.isnan(self.jaar) | (self.jaar > jaar)
            )
            gekozen = np.union1d(gekozen, np.flatnonzero(extra))
        sommen: dict[tuple[int, int | None], int] = {}
        for p in gekozen.tolist():
            j = self.jaar[p]
            sleutel = (int(self.locatie[p]), None if np.isnan(j) else int(j))
            sommen[sleutel] = sommen.get(sleutel, 0) + int(self.aantal[p])
        late = [
            {"locatie": loc, "jaar": j, "aantal": n, "gekoppeld": loc in gekoppeld}
            for (loc, j), n in sommen.items()
        ]
        late.sort(key=lambda d: (d["jaar"] is None, d["jaar"] or 0, d["locatie"]))
        return {"onttrekkingen": onttrekkingen, "late_opleveringen": late}
