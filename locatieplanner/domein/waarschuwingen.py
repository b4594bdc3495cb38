"""Warnings for the planner after saving a site: straddles a border, lies outside the region, has an
unchecked municipality (no boundaries loaded), or overlaps other sites (possible double counting).

Library code (no Flask): the REST API adds these to every saved Feature; the overlap rule is the
analysis' (:mod:`locatieplanner.domein.overlap`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from .ligging import Ligging
from .model import Locatie
from .overlap import overlappen_met
from .regio import Regio


class Bron(Protocol):
    """What the warnings read: the store satisfies this (the domain does not import the store)."""

    def ligging(self, geometrie: Any, gemeente: str | None = None) -> Ligging: ...

    def regio(self) -> Regio: ...

    def locaties(
        self, *, bbox: tuple[float, float, float, float] | None = None
    ) -> Iterable[Locatie]: ...


__all__ = ["SOORTEN", "Bron", "waarschuwingen"]

#: Kinds of warning.
SOORTEN = ("grens", "buiten", "onbekend", "overlap")


def _m2(waarde: float) -> str:
    return f"{waarde:,.0f}".replace(",", ".")


def waarschuwingen(store: Bron, loc: Locatie) -> list[dict[str, Any]]:
    """What the planner should know about a stored site (with id, geometry in EPSG:28992 and
    derived ``ligging``): ``[{"soort", "melding", "locatie"?, "oppervlakte_m2"?}]``, border and
    position first, then the overlapping sites by id."""
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
