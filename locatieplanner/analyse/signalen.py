"""Data-quality signals: what may make the figures wrong, named per site, municipality or removal.

Kinds (``soort``) and severity (``ernst``: fout, waarschuwing, info):

- ``zonder_gemeente`` (fout): a site without municipality; it does not count.
- ``buiten_regio`` (waarschuwing): a site in a municipality outside the region; it does not count.
- ``grens`` (waarschuwing): a site straddling a municipal border (``ligging == 'grens'``); it
  counts in full in the municipality with the largest share, the shares are given.
- ``overlap`` (waarschuwing): two sites overlap (possible double counting), with both ids and the
  overlap area in m² (EPSG:28992); a point site inside or on another site also counts.
  Overlaps under :data:`MIN_OVERLAP_M2` are slivers of drawing and ignored.
- ``daeb_zonder_corporatie`` (waarschuwing): DAEB of a site not assigned to a corporation.
- ``toewijzing_te_groot`` (fout): assignments add up to more than the site's ``daeb``.
- ``buiten_werkgebied`` (info): an assignment to a corporation outside its working area.
- ``oplevering_na_periode`` (waarschuwing): dwellings delivered after the period; they do not count.
- ``geen_oplevering`` (waarschuwing): dwellings without a delivery year; they do not count.
- ``oplevering_voor_periode`` (info): dwellings delivered before the period (already in the start
  stock); they do not count.
- ``startvoorraad_ontbreekt`` (fout): a member municipality without ``woningen`` or ``doelgroep``.
- ``peiljaar_startvoorraad`` (waarschuwing): the start stock is not measured at the end of the year
  before the period.
- ``geen_bod`` (waarschuwing): a member municipality without a bid.
- ``onttrekking_buiten_periode`` (info) and ``onttrekking_buiten_regio`` (info): removals that do
  not count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..domein.kwaliteit import (
    GEEN_OPLEVERING,
    NA_PERIODE,
    TE_GROOT,
    VOOR_PERIODE,
    ZONDER_CORPORATIE,
    buiten_werkgebied,
    toewijzing_soort,
)
from ..domein.ligging import Grenzen
from ..domein.overlap import MIN_OVERLAP_M2, Overlap, overlappende_paren
from .invoer import Invoer
from .nieuwbouw import posities

__all__ = ["Signaal", "SOORTEN", "MIN_OVERLAP_M2", "overlappen_van", "signalen"]

#: Kinds of signal with their severity, in reporting order.
SOORTEN: dict[str, str] = {
    "zonder_gemeente": "fout",
    "toewijzing_te_groot": "fout",
    "startvoorraad_ontbreekt": "fout",
    "buiten_regio": "waarschuwing",
    "grens": "waarschuwing",
    "overlap": "waarschuwing",
    "daeb_zonder_corporatie": "waarschuwing",
    "oplevering_na_periode": "waarschuwing",
    "geen_oplevering": "waarschuwing",
    "peiljaar_startvoorraad": "waarschuwing",
    "geen_bod": "waarschuwing",
    "buiten_werkgebied": "info",
    "oplevering_voor_periode": "info",
    "onttrekking_buiten_periode": "info",
    "onttrekking_buiten_regio": "info",
}


@dataclass
class Signaal:
    """One signal: kind, severity, a Dutch message and what it is about."""

    soort: str
    melding: str
    gemeente: str | None = None
    locaties: list[int] = field(default_factory=list)
    onttrekking: int | None = None
    aantal: int | None = None
    oppervlakte_m2: float | None = None
    aandelen: dict[str, float] | None = None

    @property
    def ernst(self) -> str:
        return SOORTEN[self.soort]

    def als_dict(self) -> dict[str, Any]:
        return {
            "soort": self.soort,
            "ernst": self.ernst,
            "melding": self.melding,
            "gemeente": self.gemeente,
            "locaties": list(self.locaties),
            "onttrekking": self.onttrekking,
            "aantal": self.aantal,
            "oppervlakte_m2": self.oppervlakte_m2,
            "aandelen": None if self.aandelen is None else dict(self.aandelen),
        }


def _n(x: Any) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def _procenten(aandelen: dict[str, float]) -> str:
    return ", ".join(
        f"{round(v * 100)}% in {k}" for k, v in sorted(aandelen.items(), key=lambda kv: -kv[1])
    )


def signalen(
    invoer: Invoer, nb_alle: pd.DataFrame, paren: Sequence[Overlap] | None = None
) -> list[Signaal]:
    """All data-quality signals, ordered by kind (see :data:`SOORTEN`), then municipality and id.

    ``nb_alle`` is the full delivery table of :func:`~.nieuwbouw.opleveringen`; ``paren`` the
    overlapping pairs of the sites' geometries (:func:`overlappen_van`) when the caller has
    them already, else they are computed here."""
    regio = invoer.regio
    leden = set(regio.codes)
    loc = invoer.locaties
    uit: list[Signaal] = []
    grenzen = Grenzen(
        {
            g.gemeente: g.geometry
            for g in invoer.gemeenten.itertuples(index=False)
            if g.geometry is not None
        },
        regio.codes,
    )
    gemeente = loc["gemeente"]
    zonder = gemeente.isna().to_numpy()
    buiten = ~zonder & ~gemeente.isin(leden).to_numpy()
    grens = ~zonder & ~buiten & (loc["ligging"] == "grens").to_numpy()
    # only the flagged rows are visited (a national region has 100,000 sites)
    ids = loc["id"].to_numpy()
    namen = loc["naam"].to_numpy(dtype=object)
    gemeenten = gemeente.to_numpy(dtype=object)
    liggingen = loc["ligging"].to_numpy(dtype=object)
    for i in np.flatnonzero(zonder).tolist():
        lid = int(ids[i])
        uit.append(
            Signaal(
                "zonder_gemeente",
                f"locatie {lid} ({namen[i]!r}) ligt in geen enkele gemeente "
                f"(ligging {liggingen[i]}); telt niet mee",
                None,
                [lid],
            )
        )
    for i in np.flatnonzero(buiten).tolist():
        lid, g = int(ids[i]), gemeenten[i]
        uit.append(
            Signaal(
                "buiten_regio",
                f"locatie {lid} ({namen[i]!r}) ligt in gemeente {g}, buiten regio {regio.naam}; "
                "telt niet mee",
                g,
                [lid],
            )
        )
    rijen = np.flatnonzero(grens)
    geometrieen = loc["geometry"].to_numpy(dtype=object)[rijen]
    delen = grenzen.aandelen_per(geometrieen)
    for i, geometrie, deel in zip(rijen.tolist(), geometrieen, delen, strict=True):
        lid, g = int(ids[i]), gemeenten[i]
        aandelen = (
            {k: round(v, 4) for k, v in deel.items()}
            if not grenzen.leeg and geometrie is not None
            else None
        )
        verdeling = f": {_procenten(aandelen)}" if aandelen else ""
        uit.append(
            Signaal(
                "grens",
                f"locatie {lid} ({namen[i]!r}) ligt over een gemeentegrens{verdeling}; "
                f"telt geheel mee bij {g}",
                g,
                [lid],
                aandelen=aandelen,
            )
        )
    uit.extend(_overlappen(loc, overlappen_van(loc) if paren is None else paren))
    uit.extend(_toewijzingen(invoer))
    uit.extend(_buiten_periode(invoer, nb_alle))
    uit.extend(_gemeenten(invoer))
    uit.extend(_onttrekkingen(invoer))
    volgorde = {s: i for i, s in enumerate(SOORTEN)}
    uit.sort(key=lambda s: (volgorde[s.soort], s.gemeente or "", s.locaties, s.onttrekking or 0))
    return uit


def overlappen_van(loc: pd.DataFrame) -> list[Overlap]:
    """The overlapping pairs among the sites of ``loc`` (positions in ``loc``). Most of the
    work is shapely's (the tree, its query, the intersections), which runs without the GIL:
    :func:`~.resultaat.bereken` computes it in a thread beside the rest of the analysis."""
    return overlappende_paren(loc["geometry"].to_numpy(dtype=object))


def _overlappen(loc: pd.DataFrame, paren: Sequence[Overlap]) -> list[Signaal]:
    ids = loc["id"].to_numpy()
    namen = loc["naam"].to_numpy()
    gemeenten = loc["gemeente"].to_numpy()
    uit = []
    for o in paren:
        a, b, m2 = o.a, o.b, o.oppervlakte_m2
        paar = sorted(
            [(int(ids[a]), namen[a], gemeenten[a]), (int(ids[b]), namen[b], gemeenten[b])]
        )
        wie = f"locatie {paar[0][0]} ({paar[0][1]!r}) en locatie {paar[1][0]} ({paar[1][1]!r})"
        if o.beide_vlak:
            melding = f"{wie} overlappen {m2:,.0f} m²".replace(",", ".")
        else:
            melding = f"{wie} liggen op dezelfde plek (een punt in of op de andere locatie)"
        gemeente = paar[0][2] if isinstance(paar[0][2], str) else None
        uit.append(
            Signaal(
                "overlap",
                melding + "; mogelijk dubbel geteld",
                gemeente,
                [paar[0][0], paar[1][0]],
                oppervlakte_m2=round(float(m2), 1),
            )
        )
    return uit


def _rijnummers(loc: pd.DataFrame, locaties: pd.Series) -> np.ndarray:
    """The row of ``loc`` of each site id in ``locaties`` (-1: not a site of ``loc``)."""
    return pd.Index(loc["id"].to_numpy()).get_indexer(locaties.to_numpy())


def _toewijzingen(invoer: Invoer) -> list[Signaal]:
    loc = invoer.locaties
    tw = invoer.toewijzingen
    rij = _rijnummers(loc, tw["locatie"])
    bekend = rij >= 0
    toegewezen = np.bincount(
        rij[bekend],
        weights=tw["daeb"].to_numpy(dtype="float64")[bekend],
        minlength=len(loc),
    ).astype("int64")
    daeb = loc["daeb"].to_numpy(dtype="int64")
    gemeenten_ = loc["gemeente"].to_numpy(dtype=object)
    gemeenten_ = np.where(pd.notna(gemeenten_), gemeenten_, None)
    ids, namen = loc["id"].tolist(), loc["naam"].tolist()
    uit = []
    # only the sites whose assignments do not add up to their DAEB (vectorised test)
    for i in np.flatnonzero(toegewezen != daeb).tolist():
        lid, naam, n, som = ids[i], namen[i], int(daeb[i]), int(toegewezen[i])
        gemeente = gemeenten_[i]
        wie = f"locatie {lid} ({naam!r})"
        soort = toewijzing_soort(n, som)
        if soort == TE_GROOT:
            uit.append(
                Signaal(
                    soort,
                    f"{wie}: {som} DAEB-woningen toegewezen aan corporaties, maar de locatie heeft "
                    f"daeb = {n}; de toewijzingen tellen mee zoals opgegeven",
                    gemeente,
                    [lid],
                    aantal=som - n,
                )
            )
        elif soort == ZONDER_CORPORATIE:
            uit.append(
                Signaal(
                    soort,
                    f"{wie}: {n - som} van {n} DAEB-woningen zonder corporatie",
                    gemeente,
                    [lid],
                    aantal=n - som,
                )
            )
    uit.extend(_buiten_werkgebied(invoer, rij, gemeenten_))
    return uit


def _buiten_werkgebied(invoer: Invoer, rij: np.ndarray, gemeenten: np.ndarray) -> list[Signaal]:
    """Assignments to a corporation outside its working area, in assignment order. The test runs
    on arrays of integer codes (corporation x municipality pairs); only the hits build a message.
    ``rij`` is each assignment's row in the sites table (-1: unknown site), ``gemeenten`` the
    sites' municipality (None when none)."""
    tw = invoer.toewijzingen
    werkgebieden = invoer.werkgebieden
    gcodes, guniek = pd.factorize(gemeenten)  # None -> -1
    g_tw = np.where(rij >= 0, gcodes[np.maximum(rij, 0)], -1) if len(gcodes) else rij * 0 - 1
    corporaties = tw["corporatie"].to_numpy(dtype=object)
    ccodes, cuniek = pd.factorize(corporaties)
    met_werk = np.array([bool(werkgebieden.get(c)) for c in cuniek] + [False], dtype=bool)
    g_nummer = {g: i for i, g in enumerate(guniek)}
    breed = len(guniek) + 1
    paren = np.array(
        [
            i * breed + g_nummer[g]
            for i, c in enumerate(cuniek)
            for g in werkgebieden.get(c, ())
            if g in g_nummer
        ],
        dtype="int64",
    )
    binnen = np.isin(ccodes.astype("int64") * breed + g_tw, paren)
    verdacht = met_werk[ccodes] & (g_tw >= 0) & ~binnen
    uit = []
    if not verdacht.any():
        return uit
    namen = invoer.locaties["naam"].to_numpy(dtype=object)
    locaties, aantallen = tw["locatie"].to_numpy(), tw["daeb"].to_numpy()
    for i in np.flatnonzero(verdacht).tolist():
        lid, corporatie, daeb = int(locaties[i]), corporaties[i], aantallen[i]
        werk = werkgebieden.get(corporatie, frozenset())
        g = gemeenten[rij[i]]
        if buiten_werkgebied(werk, g):
            uit.append(
                Signaal(
                    "buiten_werkgebied",
                    f"locatie {lid} ({namen[rij[i]]!r}): {daeb} DAEB toegewezen aan {corporatie}, "
                    f"die niet in {g} werkt (werkgebied: {', '.join(sorted(werk))})",
                    g,
                    [lid],
                    aantal=int(daeb),
                )
            )
    return uit


def _buiten_periode(invoer: Invoer, nb_alle: pd.DataFrame) -> list[Signaal]:
    """Deliveries in a member municipality outside the period, one signal per kind, site and
    municipality with the summed count and the years; the rows are selected over arrays and
    summed in one pass (the order does not matter: :func:`signalen` sorts)."""
    regio = invoer.regio
    codes = pd.Index(regio.codes)
    jaar = nb_alle["jaar"].to_numpy(dtype="int64", na_value=0)
    # the rule of periode_soort on whole columns: no year, after, before the period
    geen = nb_alle["jaar"].isna().to_numpy()
    na, voor = ~geen & (jaar > regio.tot), ~geen & (jaar < regio.van)
    gemeente = posities(nb_alle["gemeente"], codes)  # -1: not a member
    rijen = np.flatnonzero((geen | na | voor) & (gemeente >= 0))
    soorten = np.where(geen[rijen], 0, np.where(na[rijen], 1, 2))
    # one integer key per (site, municipality, kind): sums and years by sorting, not per row
    sleutel = (
        nb_alle["locatie"].to_numpy(dtype="int64")[rijen] * (len(codes) + 1) + gemeente[rijen]
    ) * 3 + soorten
    uniek, terug = np.unique(sleutel, return_inverse=True)
    totaal = np.bincount(
        terug, weights=nb_alle["aantal"].to_numpy(dtype="float64")[rijen], minlength=len(uniek)
    ).astype("int64")
    jaren: dict[int, list[int]] = {}
    met_jaar = soorten > 0
    if met_jaar.any():
        # the distinct (signal, year) pairs as one integer each, sorted: years ascending
        j = jaar[rijen][met_jaar]
        laagste, breedte = int(j.min()), int(j.max() - j.min()) + 1
        paren = np.unique(terug[met_jaar].astype("int64") * breedte + (j - laagste))
        for k, j_ in zip((paren // breedte).tolist(), (paren % breedte).tolist(), strict=True):
            jaren.setdefault(k, []).append(j_ + laagste)
    l_uniek = uniek // 3 // (len(codes) + 1)
    loc = invoer.locaties
    rij_naam = pd.Index(loc["id"].to_numpy()).get_indexer(l_uniek)
    namen = np.append(loc["naam"].to_numpy(dtype=object), None)[rij_naam].tolist()
    uit = []
    for k, (s_, lid, g, aantal) in enumerate(
        zip(
            (uniek % 3).tolist(),
            l_uniek.tolist(),
            codes[uniek // 3 % (len(codes) + 1)].tolist(),
            totaal.tolist(),
            strict=True,
        )
    ):
        wie = f"locatie {lid} ({namen[k]!r})"
        if s_ == 0:
            soort_ = GEEN_OPLEVERING
            tekst = f"{wie}: {aantal} woningen zonder opleveringsjaar; tellen niet mee"
        elif s_ == 1:
            soort_ = NA_PERIODE
            tekst = (
                f"{wie}: {aantal} woningen opgeleverd in {', '.join(map(str, jaren[k]))}, "
                f"na {regio.tot}; tellen niet mee"
            )
        else:
            soort_ = VOOR_PERIODE
            tekst = (
                f"{wie}: {aantal} woningen opgeleverd in {', '.join(map(str, jaren[k]))}, "
                f"vóór {regio.van}; al in de startvoorraad, tellen niet mee"
            )
        uit.append(Signaal(soort_, tekst, g, [lid], aantal=aantal))
    return uit


def _gemeenten(invoer: Invoer) -> list[Signaal]:
    regio = invoer.regio
    g = invoer.gemeenten
    # one plain row per municipality (a Series per .loc costs more than the rest)
    rijen = {
        code: {"woningen": w, "doelgroep": d, "peiljaar": p}
        for code, w, d, p in zip(
            g["gemeente"].tolist(),
            g["woningen"].astype(object).tolist(),
            g["doelgroep"].astype(object).tolist(),
            g["peiljaar"].astype(object).tolist(),
            strict=True,
        )
    }
    met_bod = set(invoer.biedingen["gemeente"])
    uit = []
    for code, naam in regio.gemeenten.items():
        rij = rijen.get(code)
        ontbreekt = [k for k in ("woningen", "doelgroep") if rij is None or pd.isna(rij[k])]
        if ontbreekt:
            uit.append(
                Signaal(
                    "startvoorraad_ontbreekt",
                    f"gemeente {code} ({naam}) mist de startvoorraad: {', '.join(ontbreekt)}; "
                    "voorraad, aandeel sociaal en Meer Evenwicht zijn onbekend",
                    code,
                )
            )
        elif _n(rij["peiljaar"]) is not None and _n(rij["peiljaar"]) != regio.van - 1:
            uit.append(
                Signaal(
                    "peiljaar_startvoorraad",
                    f"gemeente {code} ({naam}): startvoorraad met peiljaar {_n(rij['peiljaar'])}, "
                    f"de analyse gaat uit van de stand eind {regio.van - 1}",
                    code,
                )
            )
        if code not in met_bod:
            uit.append(Signaal("geen_bod", f"gemeente {code} ({naam}) heeft geen bod", code))
    return uit


def _onttrekkingen(invoer: Invoer) -> list[Signaal]:
    regio = invoer.regio
    ontt = invoer.onttrekkingen
    # only the removals that do not count are visited
    telt = ontt["gemeente"].isin(list(regio.gemeenten)) & ontt["jaar"].between(regio.van, regio.tot)
    uit = []
    for o in ontt[~telt.to_numpy(dtype=bool)].itertuples(index=False):
        wie = f"onttrekking {_n(o.id)} ({o.aantal} {o.soort} in {o.gemeente}, {o.jaar})"
        if o.gemeente not in regio.gemeenten:
            uit.append(
                Signaal(
                    "onttrekking_buiten_regio",
                    f"{wie}: gemeente buiten regio {regio.naam}; telt niet mee",
                    o.gemeente,
                    onttrekking=_n(o.id),
                    aantal=int(o.aantal),
                )
            )
        elif not regio.van <= o.jaar <= regio.tot:
            uit.append(
                Signaal(
                    "onttrekking_buiten_periode",
                    f"{wie}: buiten de periode {regio.van}-{regio.tot}; telt niet mee",
                    o.gemeente,
                    onttrekking=_n(o.id),
                    aantal=int(o.aantal),
                )
            )
    return uit
