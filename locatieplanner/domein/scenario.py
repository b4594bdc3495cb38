"""Saved re-phasing scenarios (working agreement 5b, question 4) and the rules of their steps.

A scenario (:class:`Scenario`) belongs to one municipality and holds a list of steps
(:class:`Stap`) that move removals and deliveries of that municipality's plan:

- ``onttrekking_verschuiven``: removal ``doel`` (its id) takes place in ``jaar`` instead;
- ``oplevering_verschuiven``: site ``doel`` delivers in ``jaar`` instead; with ``corporatie``
  only that corporation's assigned DAEB moves;
- ``oplevering_splitsen``: the delivery of site ``doel`` (or of one corporation's part of it) is
  spread over several years, ``verdeling = ((jaar, aantal), ...)``; every part is split in the
  same proportion (:func:`verdeel`).

What the steps do to the stock curves is computed in :mod:`locatieplanner.analyse.herfasering`
(the one place that applies them to the numbers); the store turns them into plan changes when a
scenario is applied. A scenario can be linked to a case (``casus``) as its proposed solution; its
status is ``concept``, ``voorgesteld``, ``toegepast`` (set only by applying it) or ``vervallen``.
With the steps the store keeps the row versions of the sites and removals they touch at the
moment of saving (``doelversies``): applying checks them. This module imports neither Flask,
click nor SQLAlchemy; the rights are in :mod:`.rechten`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..errors import Probleem
from .casus import _keuze
from .model import _is_geheel, _tekst

__all__ = [
    "SOORTEN_STAP",
    "STATUSSEN_SCENARIO",
    "MAX_STAPPEN",
    "Stap",
    "Scenario",
    "doel_van",
    "valideer_stap",
    "valideer_scenario",
    "verdeel",
]

#: Kinds of step.
SOORTEN_STAP = ("onttrekking_verschuiven", "oplevering_verschuiven", "oplevering_splitsen")
#: Statuses of a saved scenario (``toegepast`` is set only by applying it).
STATUSSEN_SCENARIO = ("concept", "voorgesteld", "toegepast", "vervallen")
#: Most steps of one scenario; most years of one split.
MAX_STAPPEN = 50
#: Years a step may name.
JAREN = range(2000, 2101)
#: Largest id a step may name (32-bit integer columns).
_ID_MAX = 2**31 - 1


@dataclass(frozen=True)
class Stap:
    """One change of a scenario (see the module docstring)."""

    soort: str
    doel: int
    jaar: int | None = None
    verdeling: tuple[tuple[int, int], ...] = ()
    corporatie: str | None = None

    def als_dict(self) -> dict[str, Any]:
        uit: dict[str, Any] = {"soort": self.soort, "doel": self.doel}
        if self.jaar is not None:
            uit["jaar"] = self.jaar
        if self.verdeling:
            uit["verdeling"] = [{"jaar": j, "aantal": n} for j, n in self.verdeling]
        if self.corporatie is not None:
            uit["corporatie"] = self.corporatie
        return uit

    @classmethod
    def uit_dict(cls, d: dict[str, Any]) -> Stap:
        """A step from the form of :meth:`als_dict`."""
        return cls(
            soort=d["soort"],
            doel=d["doel"],
            jaar=d.get("jaar"),
            verdeling=tuple((v["jaar"], v["aantal"]) for v in d.get("verdeling") or ()),
            corporatie=d.get("corporatie"),
        )


@dataclass
class Scenario:
    """A saved re-phasing scenario of one municipality."""

    naam: str
    gemeente: str
    stappen: list[Stap] = field(default_factory=list)
    toelichting: str | None = None
    #: The case this scenario is a proposed solution of (same municipality), or None.
    casus: int | None = None
    status: str = "concept"
    #: Who saved it first (kept by the store).
    auteur: str | None = None
    #: Row version per touched record at saving: ``{"locatie:12": 3, "onttrekking:4": 1}``.
    doelversies: dict[str, int] = field(default_factory=dict)
    id: int | None = None
    #: Row version (optimistic lock), kept by the store.
    versie: int | None = None
    aangemaakt: datetime | None = None
    gewijzigd: datetime | None = None
    toegepast: datetime | None = None


def doel_van(stap: Stap) -> str:
    """The key of the record a step touches: ``onttrekking:<id>`` or ``locatie:<id>``."""
    soort = "onttrekking" if stap.soort == "onttrekking_verschuiven" else "locatie"
    return f"{soort}:{stap.doel}"


def _jaar_probleem(veld: str, jaar: Any, item: str) -> Probleem | None:
    if not _is_geheel(jaar) or jaar not in JAREN:
        return Probleem(veld, jaar, "toegestaan is 2000 t/m 2100", item)
    return None


def valideer_stap(
    s: Stap, item: str, onbekend: Callable[[Stap], str | None] | None = None
) -> list[Probleem]:
    """The problems of one step (``item`` names it, e.g. ``stap 2``). ``onbekend`` (optional)
    says why its target is not known (None when it is)."""
    p: list[Probleem] = []
    if s.soort not in SOORTEN_STAP:
        return [Probleem("soort", s.soort, "toegestaan zijn " + ", ".join(SOORTEN_STAP), item)]
    if not _is_geheel(s.doel) or not 1 <= s.doel <= _ID_MAX:
        p.append(Probleem("doel", s.doel, "moet een id (positief geheel getal) zijn", item))
    elif onbekend is not None and (reden := onbekend(s)) is not None:
        p.append(Probleem("doel", s.doel, reden, item))
    if s.soort == "oplevering_splitsen":
        if len(s.verdeling) < 2:
            p.append(Probleem("verdeling", list(s.verdeling), "geef minstens twee jaren", item))
        elif len(s.verdeling) > MAX_STAPPEN:
            p.append(
                Probleem("verdeling", len(s.verdeling), f"hoogstens {MAX_STAPPEN} jaren", item)
            )
        for jaar, aantal in s.verdeling:
            if (fout := _jaar_probleem("jaar", jaar, item)) is not None:
                p.append(fout)
            if not _is_geheel(aantal) or aantal <= 0:
                p.append(Probleem("aantal", aantal, "moet groter dan 0 zijn", item))
        if len({j for j, _ in s.verdeling}) != len(s.verdeling):
            p.append(Probleem("verdeling", list(s.verdeling), "elk jaar hoogstens één keer", item))
    elif (fout := _jaar_probleem("jaar", s.jaar, item)) is not None:
        p.append(fout)
    if s.corporatie is not None:
        if s.soort == "onttrekking_verschuiven":
            p.append(Probleem("corporatie", s.corporatie, "alleen bij een oplevering", item))
        else:
            _tekst(p, "corporatie", s.corporatie, item, 100, True)
    return p


def valideer_scenario(sc: Scenario) -> list[Probleem]:
    """All rule violations of a scenario (its steps named ``stap 1``, ``stap 2``, ...)."""
    item = f"scenario {sc.id or repr(sc.naam)}"
    p: list[Probleem] = []
    _tekst(p, "naam", sc.naam, item, 200, True)
    _tekst(p, "gemeente", sc.gemeente, item, 10, True)
    _tekst(p, "toelichting", sc.toelichting, item, 8000, False)
    _keuze(p, "status", sc.status, STATUSSEN_SCENARIO, item)
    if sc.casus is not None and (not _is_geheel(sc.casus) or not 1 <= sc.casus <= _ID_MAX):
        p.append(Probleem("casus", sc.casus, "moet het id van een casus zijn", item))
    if not isinstance(sc.stappen, list):
        p.append(Probleem("stappen", type(sc.stappen).__name__, "moet een lijst zijn", item))
        return p
    if not sc.stappen:
        p.append(Probleem("stappen", [], "geef minstens één stap", item))
    if len(sc.stappen) > MAX_STAPPEN:
        p.append(Probleem("stappen", len(sc.stappen), f"hoogstens {MAX_STAPPEN} stappen", item))
        return p
    for i, s in enumerate(sc.stappen, start=1):
        if not isinstance(s, Stap):
            p.append(Probleem("stappen", s, "moet een stap zijn", f"stap {i}"))
            continue
        p.extend(valideer_stap(s, f"stap {i}"))
    return p


def verdeel(aantal: int, gewichten: Sequence[int]) -> list[int]:
    """``aantal`` over ``gewichten`` in proportion: largest remainder, ties to the first."""
    totaal = sum(gewichten)
    delen = [aantal * w // totaal for w in gewichten]
    resten = sorted(range(len(gewichten)), key=lambda k: (-(aantal * gewichten[k] % totaal), k))
    for k in resten[: aantal - sum(delen)]:
        delen[k] += 1
    return delen
