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

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..domein.kwaliteit import (
    GEEN_OPLEVERING,
    NA_PERIODE,
    TE_GROOT,
    ZONDER_CORPORATIE,
    buiten_werkgebied,
    periode_soort,
    toewijzing_soort,
)
from ..domein.ligging import Grenzen
from ..domein.overlap import MIN_OVERLAP_M2, overlappende_paren
from .invoer import Invoer

__all__ = ["Signaal", "SOORTEN", "MIN_OVERLAP_M2", "signalen"]

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


def _wie(rij: Any) -> str:
    return f"locatie {int(rij.id)} ({rij.naam!r})"


def _procenten(aandelen: dict[str, float]) -> str:
    return ", ".join(
        f"{round(v * 100)}% in {k}" for k, v in sorted(aandelen.items(), key=lambda kv: -kv[1])
    )


def signalen(invoer: Invoer, nb_alle: pd.DataFrame) -> list[Signaal]:
    """All data-quality signals, ordered by kind (see :data:`SOORTEN`), then municipality and id.

    ``nb_alle`` is the full delivery table of :func:`~.nieuwbouw.opleveringen`."""
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
    for r in loc.itertuples(index=False):
        if r.gemeente is None or pd.isna(r.gemeente):
            uit.append(
                Signaal(
                    "zonder_gemeente",
                    f"{_wie(r)} ligt in geen enkele gemeente (ligging {r.ligging}); telt niet mee",
                    None,
                    [int(r.id)],
                )
            )
        elif r.gemeente not in leden:
            uit.append(
                Signaal(
                    "buiten_regio",
                    f"{_wie(r)} ligt in gemeente {r.gemeente}, buiten regio {regio.naam}; telt niet mee",
                    r.gemeente,
                    [int(r.id)],
                )
            )
        elif r.ligging == "grens":
            aandelen = (
                {k: round(v, 4) for k, v in grenzen.bepaal(r.geometry).aandelen.items()}
                if not grenzen.leeg and r.geometry is not None
                else None
            )
            verdeling = f": {_procenten(aandelen)}" if aandelen else ""
            uit.append(
                Signaal(
                    "grens",
                    f"{_wie(r)} ligt over een gemeentegrens{verdeling}; telt geheel mee bij {r.gemeente}",
                    r.gemeente,
                    [int(r.id)],
                    aandelen=aandelen,
                )
            )
    uit.extend(_overlappen(loc))
    uit.extend(_toewijzingen(invoer))
    uit.extend(_buiten_periode(invoer, nb_alle))
    uit.extend(_gemeenten(invoer))
    uit.extend(_onttrekkingen(invoer))
    volgorde = {s: i for i, s in enumerate(SOORTEN)}
    uit.sort(key=lambda s: (volgorde[s.soort], s.gemeente or "", s.locaties, s.onttrekking or 0))
    return uit


def _overlappen(loc: pd.DataFrame) -> list[Signaal]:
    ids = loc["id"].to_numpy()
    namen = loc["naam"].to_numpy()
    gemeenten = loc["gemeente"].to_numpy()
    uit = []
    for o in overlappende_paren(list(loc["geometry"])):
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


def _toewijzingen(invoer: Invoer) -> list[Signaal]:
    loc = invoer.locaties
    tw = invoer.toewijzingen
    toegewezen: dict[int, int] = {}
    for lid, n in zip(tw["locatie"], tw["daeb"], strict=True):
        toegewezen[int(lid)] = toegewezen.get(int(lid), 0) + int(n)
    namen: dict[int, str] = {}
    gemeenten: dict[int, str | None] = {}
    uit = []
    for lid, naam, gemeente, daeb in zip(
        loc["id"], loc["naam"], loc["gemeente"], loc["daeb"], strict=True
    ):
        lid, daeb = int(lid), int(daeb)
        gemeente = gemeente if isinstance(gemeente, str) else None
        namen[lid], gemeenten[lid] = naam, gemeente
        som = toegewezen.get(lid, 0)
        wie = f"locatie {lid} ({naam!r})"
        soort = toewijzing_soort(daeb, som)
        if soort == TE_GROOT:
            uit.append(
                Signaal(
                    soort,
                    f"{wie}: {som} DAEB-woningen toegewezen aan corporaties, maar de locatie heeft "
                    f"daeb = {daeb}; de toewijzingen tellen mee zoals opgegeven",
                    gemeente,
                    [lid],
                    aantal=som - daeb,
                )
            )
        elif soort == ZONDER_CORPORATIE:
            uit.append(
                Signaal(
                    soort,
                    f"{wie}: {daeb - som} van {daeb} DAEB-woningen zonder corporatie",
                    gemeente,
                    [lid],
                    aantal=daeb - som,
                )
            )
    for lid, corporatie, daeb in zip(tw["locatie"], tw["corporatie"], tw["daeb"], strict=True):
        lid = int(lid)
        werk = invoer.werkgebieden.get(corporatie, frozenset())
        gemeente = gemeenten.get(lid)
        if buiten_werkgebied(werk, gemeente):
            uit.append(
                Signaal(
                    "buiten_werkgebied",
                    f"locatie {lid} ({namen[lid]!r}): {daeb} DAEB toegewezen aan {corporatie}, "
                    f"die niet in {gemeente} werkt (werkgebied: {', '.join(sorted(werk))})",
                    gemeente,
                    [lid],
                    aantal=int(daeb),
                )
            )
    return uit


def _buiten_periode(invoer: Invoer, nb_alle: pd.DataFrame) -> list[Signaal]:
    regio = invoer.regio
    nb = nb_alle[nb_alle["gemeente"].isin(regio.codes)]
    namen = dict(zip(invoer.locaties["id"], invoer.locaties["naam"], strict=True))
    groepen: dict[tuple[str, int, str], list[Any]] = {}
    for lid, gemeente, jaar, aantal in zip(
        nb["locatie"], nb["gemeente"], nb["jaar"], nb["aantal"], strict=True
    ):
        soort = periode_soort(None if pd.isna(jaar) else int(jaar), regio)
        if soort is None:
            continue
        groep = groepen.setdefault((soort, int(lid), gemeente), [0, set()])
        groep[0] += int(aantal)
        if not pd.isna(jaar):
            groep[1].add(int(jaar))
    uit = []
    for (soort, lid, gemeente), (aantal, jaren) in groepen.items():
        wie = f"locatie {lid} ({namen.get(lid)!r})"
        lijst = ", ".join(map(str, sorted(jaren)))
        if soort == GEEN_OPLEVERING:
            tekst = f"{wie}: {aantal} woningen zonder opleveringsjaar; tellen niet mee"
        elif soort == NA_PERIODE:
            tekst = (
                f"{wie}: {aantal} woningen opgeleverd in {lijst}, na {regio.tot}; tellen niet mee"
            )
        else:
            tekst = (
                f"{wie}: {aantal} woningen opgeleverd in {lijst}, vóór {regio.van}; "
                "al in de startvoorraad, tellen niet mee"
            )
        uit.append(Signaal(soort, tekst, gemeente, [lid], aantal=aantal))
    return uit


def _gemeenten(invoer: Invoer) -> list[Signaal]:
    regio = invoer.regio
    g = invoer.gemeenten.set_index("gemeente")
    met_bod = set(invoer.biedingen["gemeente"])
    uit = []
    for code, naam in regio.gemeenten.items():
        rij = g.loc[code] if code in g.index else None
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
    uit = []
    for o in invoer.onttrekkingen.itertuples(index=False):
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
