"""Warnings for the planner after saving a site: straddles a border, lies outside the region, has an
unchecked municipality (no boundaries loaded), delivers outside the agreement's period, is
assigned to a corporation outside its working area, has DAEB units assigned to no corporation,
or overlaps other sites (possible double counting).

Library code (no Flask): the REST API adds these to every saved Feature. The rules are the
analysis' (:mod:`.overlap` for overlaps, :mod:`.kwaliteit` for period, working area and
assignments), and the kinds carry the names of the analysis' signals, so a warning on saving
and the signal in ``locatieplanner analyse`` say the same about the same site.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from .kwaliteit import (
    NA_PERIODE,
    VOOR_PERIODE,
    ZONDER_CORPORATIE,
    buiten_werkgebied,
    opleveringen,
    periode_soort,
    toewijzing_soort,
)
from .ligging import Ligging
from .model import Corporatie, Locatie
from .overlap import overlappen_met
from .regio import Regio


class Bron(Protocol):
    """What the warnings read: the store satisfies this (the domain does not import the store)."""

    def ligging(self, geometrie: Any, gemeente: str | None = None) -> Ligging: ...

    def regio(self) -> Regio: ...

    def corporaties(self) -> list[Corporatie]: ...

    def locaties(
        self, *, bbox: tuple[float, float, float, float] | None = None
    ) -> Iterable[Locatie]: ...


__all__ = ["SOORTEN", "Bron", "waarschuwingen"]

#: Kinds of warning, in the order they are given.
SOORTEN = (
    "grens",
    "buiten",
    "onbekend",
    VOOR_PERIODE,
    NA_PERIODE,
    "buiten_werkgebied",
    ZONDER_CORPORATIE,
    "overlap",
)


def _m2(waarde: float) -> str:
    return f"{waarde:,.0f}".replace(",", ".")


def waarschuwingen(store: Bron, loc: Locatie) -> list[dict[str, Any]]:
    """What the planner should know about a stored site (with id, geometry in EPSG:28992 and
    derived ``ligging``): ``[{"soort", "melding", ...}]`` in the order of :data:`SOORTEN`:
    border and position, delivery outside the period (``aantal``, ``jaren``), assignments
    outside a working area (``corporatie``, ``gemeente``, ``aantal``), DAEB assigned to no
    corporation (``aantal``), then the overlapping sites by id (``locatie``,
    ``oppervlakte_m2``)."""
    uit: list[dict[str, Any]] = []
    if loc.ligging == "grens":
        aandelen = store.ligging(loc.geometry, loc.gemeente).aandelen
        verdeling = ", ".join(
            f"{round(v * 100)}% in {k}" for k, v in sorted(aandelen.items(), key=lambda kv: -kv[1])
        )
        uit.append(
            {
                "soort": "grens",
                "melding": f"De locatie ligt over een gemeentegrens ({verdeling}); ze telt "
                f"geheel mee bij {loc.gemeente}",
            }
        )
    elif loc.ligging == "buiten":
        waar = (
            f"het grootste deel ligt in {loc.gemeente}"
            if loc.gemeente
            else "ze ligt in geen enkele geladen gemeente"
        )
        uit.append(
            {
                "soort": "buiten",
                "melding": f"De locatie ligt buiten de regio {store.regio().naam} ({waar}); ze "
                "telt niet mee in de analyse",
            }
        )
    elif loc.ligging == "onbekend":
        uit.append(
            {
                "soort": "onbekend",
                "melding": "Er zijn geen gemeentegrenzen geladen: de gemeente van de locatie is "
                "niet ruimtelijk gecontroleerd",
            }
        )
    regio = store.regio()
    if loc.gemeente in regio.gemeenten:
        uit.extend(_periode(loc, regio))
    uit.extend(_toewijzingen(store, loc, regio))
    anderen = [k for k in store.locaties(bbox=loc.geometry.bounds) if k.id != loc.id]
    for o in overlappen_met(loc.geometry, [k.geometry for k in anderen]):
        ander = anderen[o.b]
        wie = f"locatie {ander.id} ({ander.naam!r})"
        melding = (
            f"De locatie overlapt {wie} over {_m2(o.oppervlakte_m2)} m²"
            if o.beide_vlak
            else f"De locatie ligt op dezelfde plek als {wie} (een punt in of op de andere)"
        )
        uit.append(
            {
                "soort": "overlap",
                "melding": melding + "; mogelijk dubbel geteld",
                "locatie": ander.id,
                "oppervlakte_m2": round(o.oppervlakte_m2, 1),
            }
        )
    return uit


def _periode(loc: Locatie, regio: Regio) -> list[dict[str, Any]]:
    """Dwellings delivered before or after the period (they do not count), per kind."""
    per_soort: dict[str, dict[int, int]] = {}
    for jaar, aantal in opleveringen(loc).items():
        soort = periode_soort(jaar, regio)
        if jaar is not None and soort in (VOOR_PERIODE, NA_PERIODE):
            jaren = per_soort.setdefault(soort, {})
            jaren[jaar] = jaren.get(jaar, 0) + aantal
    uit = []
    periode = f"de periode {regio.van}–{regio.tot} van regio {regio.naam}"
    for soort in (VOOR_PERIODE, NA_PERIODE):
        jaren = per_soort.get(soort)
        if not jaren:
            continue
        aantal = sum(jaren.values())
        lijst = ", ".join(map(str, sorted(jaren)))
        if soort == NA_PERIODE:
            waarom = f"na {periode}; ze tellen niet mee"
        else:
            waarom = f"vóór {periode}; ze zitten al in de startvoorraad en tellen niet mee"
        uit.append(
            {
                "soort": soort,
                "melding": f"{aantal} woningen worden opgeleverd in {lijst}, {waarom}",
                "aantal": aantal,
                "jaren": sorted(jaren),
            }
        )
    return uit


def _toewijzingen(store: Bron, loc: Locatie, regio: Regio) -> list[dict[str, Any]]:
    """Assignments to a corporation outside its working area, and DAEB assigned to none."""
    uit: list[dict[str, Any]] = []
    werkgebieden = {c.naam: c.gemeenten for c in store.corporaties()} if loc.toewijzingen else {}
    naam = regio.gemeenten.get(loc.gemeente or "")
    gemeente = f"{loc.gemeente} ({naam})" if naam else str(loc.gemeente)
    for t in loc.toewijzingen:
        werk = werkgebieden.get(t.corporatie, [])
        if buiten_werkgebied(werk, loc.gemeente):
            uit.append(
                {
                    "soort": "buiten_werkgebied",
                    "melding": f"{t.daeb} DAEB-woningen zijn toegewezen aan {t.corporatie}, die "
                    f"niet in gemeente {gemeente} werkt (werkgebied: {', '.join(sorted(werk))})",
                    "corporatie": t.corporatie,
                    "gemeente": loc.gemeente,
                    "aantal": t.daeb,
                }
            )
    if toewijzing_soort(loc.daeb, loc.daeb_toegewezen) == ZONDER_CORPORATIE:
        uit.append(
            {
                "soort": ZONDER_CORPORATIE,
                "melding": f"{loc.daeb_niet_toegewezen} van {loc.daeb} DAEB-woningen zijn aan "
                "geen corporatie toegewezen",
                "aantal": loc.daeb_niet_toegewezen,
            }
        )
    return uit
