"""Re-phasing scenarios (5b question 4): try moving deliveries and removals without changing the plan.

A scenario is a list of :class:`Stap`:

- ``onttrekking_verschuiven``: removal ``doel`` (its id) takes place in ``jaar`` instead (typically
  later: demolish after the replacement is delivered);
- ``oplevering_verschuiven``: site ``doel`` delivers in ``jaar`` instead (earlier or later); with
  ``corporatie`` only that corporation's assigned DAEB moves;
- ``oplevering_splitsen``: the delivery of site ``doel`` (or of one corporation's part of it) is
  spread over several years, ``verdeling = ((jaar, aantal), ...)`` whose counts add up to the
  dwellings that move. Every segment is split in the same proportion (largest remainder, ties to
  the earlier year), so the totals per segment stay exact.

:func:`vergelijk` applies the steps to the delivery table and the removals (the plan itself is not
touched) and compares, per municipality, the target-group stock curve without and with the
scenario: the depth of the deepest dip (the largest distance below the highest level reached
before) and its length (the number of years the stock is below that level), and the effect on the
region's net growth. A step outside the period moves dwellings out of (or into) the count, as the
analysis would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..domein.scenario import SOORTEN_STAP, Stap, valideer_stap, verdeel
from ..errors import Probleem, ValidatieFout
from .invoer import Invoer
from .nieuwbouw import binnen_periode, opleveringen
from .resultaat import controleer_peiljaar
from .verdeling import onttrekkingen_binnen_periode
from .voorraad import doelgroepvoorraad, mutaties

__all__ = ["SOORTEN_STAP", "Stap", "Dal", "Herfasering", "pas_toe", "vergelijk", "dal_van"]


@dataclass(frozen=True)
class Dal:
    """The dips of one stock curve: deepest fall below the earlier maximum and years below it."""

    diepte: int
    duur: int
    jaren: tuple[int, ...]


@dataclass
class Herfasering:
    """Outcome of :func:`vergelijk`: per municipality the stock with and without the scenario."""

    stappen: tuple[Stap, ...]
    peiljaar: int
    voorraad_zonder: pd.DataFrame
    voorraad_met: pd.DataFrame
    dal_zonder: dict[str, Dal]
    dal_met: dict[str, Dal]
    netto_zonder: dict[str, int]
    netto_met: dict[str, int]
    gemeenten: list[str] = field(default_factory=list)

    @property
    def regio_netto_zonder(self) -> int:
        return sum(self.netto_zonder.values())

    @property
    def regio_netto_met(self) -> int:
        return sum(self.netto_met.values())

    def gewijzigd(self) -> list[str]:
        """The municipalities whose yearly changes differ between the two curves."""
        return [
            g
            for g in self.gemeenten
            if self.netto_zonder[g] != self.netto_met[g]
            or self.dal_zonder[g] != self.dal_met[g]
            or not self.voorraad_zonder.loc[g].equals(self.voorraad_met.loc[g])
        ]

    def als_dict(self) -> dict[str, Any]:
        def reeks(df: pd.DataFrame, g: str) -> dict[str, int | None]:
            return {str(j): None if pd.isna(v) else int(v) for j, v in df.loc[g].items()}

        def dal(d: Dal) -> dict[str, Any]:
            return {"diepte": d.diepte, "duur": d.duur, "jaren": list(d.jaren)}

        return {
            "peiljaar": self.peiljaar,
            "stappen": [s.als_dict() for s in self.stappen],
            "gemeenten": {
                g: {
                    "voorraad_zonder": reeks(self.voorraad_zonder, g),
                    "voorraad_met": reeks(self.voorraad_met, g),
                    "dal_zonder": dal(self.dal_zonder[g]),
                    "dal_met": dal(self.dal_met[g]),
                    "netto_zonder": self.netto_zonder[g],
                    "netto_met": self.netto_met[g],
                }
                for g in self.gemeenten
            },
            "regio": {
                "netto_zonder": self.regio_netto_zonder,
                "netto_met": self.regio_netto_met,
                "verschil": self.regio_netto_met - self.regio_netto_zonder,
            },
            "gewijzigd": self.gewijzigd(),
        }


def _probleem(veld: str, waarde: Any, melding: str, i: int) -> Probleem:
    return Probleem(veld, waarde, melding, f"stap {i + 1}")


def _controleer(stappen: Sequence[Stap], nb_alle: pd.DataFrame, ontt: pd.DataFrame) -> None:
    locaties = set(int(x) for x in nb_alle["locatie"].unique())
    onttrekkingen = set(int(x) for x in ontt["id"].dropna())

    def onbekend(s: Stap) -> str | None:
        if s.soort == "onttrekking_verschuiven":
            return None if s.doel in onttrekkingen else "onbekende onttrekking"
        return None if s.doel in locaties else "onbekende locatie of locatie zonder woningen"

    problemen = [
        p for i, s in enumerate(stappen) for p in valideer_stap(s, f"stap {i + 1}", onbekend)
    ]
    if problemen:
        raise ValidatieFout(problemen)


def _rijen(nb: pd.DataFrame, s: Stap) -> pd.Series:
    masker = nb["locatie"] == s.doel
    if s.corporatie is not None:
        masker &= nb["corporatie"] == s.corporatie
    return masker


def pas_toe(
    nb_alle: pd.DataFrame, ontt: pd.DataFrame, stappen: Iterable[Stap]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The delivery table (:func:`.nieuwbouw.opleveringen`) and the removals with the steps applied
    in order; raises :class:`ValidatieFout` naming every wrong step."""
    stappen = list(stappen)
    _controleer(stappen, nb_alle, ontt)
    nb = nb_alle.copy()
    weg = ontt.copy()
    problemen: list[Probleem] = []
    for i, s in enumerate(stappen):
        if s.soort == "onttrekking_verschuiven":
            weg.loc[weg["id"] == s.doel, "jaar"] = s.jaar
            continue
        masker = _rijen(nb, s)
        if not masker.any():
            problemen.append(
                _probleem("corporatie", s.corporatie, "heeft geen woningen op deze locatie", i)
            )
            continue
        if s.soort == "oplevering_verschuiven":
            nb.loc[masker, "jaar"] = s.jaar
            continue
        totaal = int(nb.loc[masker, "aantal"].sum())
        gevraagd = sum(n for _, n in s.verdeling)
        if gevraagd != totaal:
            problemen.append(
                _probleem(
                    "verdeling",
                    gevraagd,
                    f"de verdeling moet optellen tot de {totaal} woningen die verschuiven",
                    i,
                )
            )
            continue
        gewichten = [n for _, n in s.verdeling]
        nieuw = []
        for rij in nb[masker].itertuples(index=False):
            for (jaar, _), deel in zip(
                s.verdeling, verdeel(int(rij.aantal), gewichten), strict=True
            ):
                if deel:
                    nieuw.append({**rij._asdict(), "jaar": jaar, "aantal": deel})
        nb = pd.concat([nb[~masker], pd.DataFrame(nieuw, columns=nb.columns)], ignore_index=True)
    if problemen:
        raise ValidatieFout(problemen)
    nb["jaar"] = nb["jaar"].astype("Int64")
    nb["aantal"] = nb["aantal"].astype("int64")
    weg["jaar"] = weg["jaar"].astype("int64")
    return nb, weg


def dal_van(veranderingen: pd.Series) -> Dal:
    """Depth and length of the dips in a curve given by its yearly changes (indexed by year)."""
    niveau = hoogste = diepte = 0
    jaren: list[int] = []
    for jaar, delta in veranderingen.items():
        niveau += int(delta)
        if niveau < hoogste:
            jaren.append(int(jaar))
            diepte = max(diepte, hoogste - niveau)
        hoogste = max(hoogste, niveau)
    return Dal(diepte, len(jaren), tuple(jaren))


def vergelijk(invoer: Invoer, stappen: Iterable[Stap], peiljaar: int | None = None) -> Herfasering:
    """Compare the target-group stock per municipality without and with the scenario ``stappen``
    (the hard + soft curve of the analysis, ``regio.van - 1 .. peiljaar``)."""
    regio = invoer.regio
    peiljaar = controleer_peiljaar(peiljaar, regio)
    stappen = tuple(stappen)
    nb_alle = opleveringen(invoer.locaties, invoer.toewijzingen)
    nb_met, ontt_met = pas_toe(nb_alle, invoer.onttrekkingen, stappen)
    start = invoer.gemeenten.set_index("gemeente")["doelgroep"].reindex(regio.codes)

    def curve(nb: pd.DataFrame, ontt: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        mut = mutaties(
            binnen_periode(nb, regio, peiljaar),
            onttrekkingen_binnen_periode(ontt, regio, peiljaar),
            regio,
            peiljaar,
        )
        return mut, doelgroepvoorraad(mut, start, regio)

    mut_zonder, voorraad_zonder = curve(nb_alle, invoer.onttrekkingen)
    mut_met, voorraad_met = curve(nb_met, ontt_met)
    return Herfasering(
        stappen=stappen,
        peiljaar=peiljaar,
        voorraad_zonder=voorraad_zonder,
        voorraad_met=voorraad_met,
        dal_zonder={g: dal_van(mut_zonder.loc[g]) for g in regio.codes},
        dal_met={g: dal_van(mut_met.loc[g]) for g in regio.codes},
        netto_zonder={g: int(mut_zonder.loc[g].sum()) for g in regio.codes},
        netto_met={g: int(mut_met.loc[g].sum()) for g in regio.codes},
        gemeenten=list(regio.codes),
    )
