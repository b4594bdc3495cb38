"""Derive a site's municipality from its geometry by spatial join with municipal boundaries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry.base import BaseGeometry

__all__ = ["Grenzen", "Ligging", "DREMPEL_GRENS"]

#: Share of a site's area that may lie in another municipality (or outside every municipality)
#: before the site counts as straddling a border. Generalised boundaries shift by metres; 1%
#: keeps a site that touches a neighbour by a sliver from being flagged.
DREMPEL_GRENS = 0.01


@dataclass(frozen=True)
class Ligging:
    """Result of the spatial join: ``gemeente`` (or None), ``ligging`` and area shares."""

    gemeente: str | None
    ligging: str
    aandelen: Mapping[str, float]


class Grenzen:
    """Municipal boundaries (EPSG:28992) with a spatial index; ``regio`` are the member codes.

    A site is ``binnen`` when at least 99% of it lies in one member municipality, ``grens``
    when it is spread over several municipalities or partly outside all of them (it gets the
    municipality with the largest share, and the flag), ``buiten`` when its largest share lies
    outside the region or it touches no municipality at all. Without boundaries, or outside every
    loaded boundary while the supplied municipality is a member whose boundary is not loaded:
    ``onbekend`` with the supplied municipality.
    """

    def __init__(self, grenzen: Mapping[str, BaseGeometry], regio: Iterable[str]) -> None:
        self._codes = [c for c, g in grenzen.items() if g is not None and not g.is_empty]
        self._geoms = [grenzen[c] for c in self._codes]
        for g in self._geoms:
            shapely.prepare(g)
        self._reeks = np.empty(len(self._geoms), dtype=object)
        self._reeks[:] = self._geoms
        self._boom = STRtree(self._geoms) if self._geoms else None
        self.regio = frozenset(regio)
        #: Region members whose boundary is not loaded: a site there cannot be checked.
        self.zonder_grens = self.regio - set(self._codes)

    @property
    def leeg(self) -> bool:
        return self._boom is None

    def bepaal_alle(
        self, geometrieen: Sequence[BaseGeometry], opgegeven: Sequence[str | None]
    ) -> list[Ligging]:
        """:meth:`bepaal` of many geometries at once. One vectorised query of the index and
        one vectorised predicate settle every point inside exactly one municipality and every
        polygon wholly inside one (nearly all sites); the others go through :meth:`bepaal`."""
        if self._boom is None or not len(geometrieen):
            return [self.bepaal(g, o) for g, o in zip(geometrieen, opgegeven, strict=True)]
        reeks = np.empty(len(geometrieen), dtype=object)
        reeks[:] = list(geometrieen)
        punt = shapely.get_type_id(reeks) == 0
        invoer, boom = self._boom.query(reeks)
        grens, site = self._reeks[boom], reeks[invoer]
        # a point: every municipality it touches counts; a polygon: the one that contains it
        raak = np.where(
            punt[invoer], shapely.intersects(grens, site), shapely.contains(grens, site)
        )
        aantal = np.bincount(invoer[raak], minlength=len(reeks))
        enige = np.full(len(reeks), -1)
        enige[invoer[raak]] = boom[raak]
        eenduidig = (aantal == 1) & (punt | (shapely.area(reeks) > 0))
        uit = []
        for i, (g, o) in enumerate(zip(geometrieen, opgegeven, strict=True)):
            if eenduidig[i]:
                code = self._codes[enige[i]]
                uit.append(Ligging(code, "binnen" if code in self.regio else "buiten", {code: 1.0}))
            else:
                uit.append(self.bepaal(g, o))
        return uit

    def bepaal(self, geometrie: BaseGeometry, opgegeven: str | None = None) -> Ligging:
        """Municipality and position of ``geometrie``; ``opgegeven`` is used when no boundaries."""
        if self._boom is None:
            return Ligging(opgegeven, "onbekend", {})
        kandidaten = self._boom.query(geometrie, predicate="intersects")
        aandelen: dict[str, float] = {}
        if geometrie.geom_type == "Point":
            for i in kandidaten:
                aandelen[self._codes[i]] = 1.0
            if len(aandelen) > 1:  # exactly on a shared border
                code = sorted(aandelen)[0]
                return Ligging(code, "grens", aandelen)
        else:
            oppervlak = geometrie.area
            if oppervlak <= 0:
                return Ligging(None, "buiten", {})
            for i in kandidaten:
                deel = shapely.intersection(geometrie, self._geoms[i]).area / oppervlak
                if deel > 0:
                    aandelen[self._codes[i]] = deel
        if not aandelen:
            if opgegeven in self.zonder_grens:
                return Ligging(opgegeven, "onbekend", {})
            return Ligging(None, "buiten", {})
        code = max(aandelen, key=lambda c: (aandelen[c], c))
        if code not in self.regio:
            return Ligging(code, "buiten", aandelen)
        if geometrie.geom_type == "Point":
            return Ligging(code, "binnen", aandelen)
        if aandelen[code] >= 1 - DREMPEL_GRENS:
            return Ligging(code, "binnen", aandelen)
        return Ligging(code, "grens", aandelen)

    def aandelen_per(self, geometrieen: Sequence[BaseGeometry | None]) -> list[dict[str, float]]:
        """The area shares of :meth:`bepaal` (``Ligging.aandelen``) for many geometries at once,
        in the same order and with the same values; one spatial query and one intersection over
        arrays instead of one call per site. ``None`` or no boundaries: an empty dict."""
        uit: list[dict[str, float]] = [{} for _ in geometrieen]
        if self._boom is None or not len(uit):
            return uit
        rij = np.empty(len(uit), dtype=object)
        rij[:] = list(geometrieen)
        bekend = np.flatnonzero(~shapely.is_missing(rij))
        links, rechts = self._boom.query(rij[bekend], predicate="intersects")
        links = bekend[links]
        punt = shapely.get_type_id(rij) == shapely.GeometryType.POINT
        oppervlak = np.zeros(len(rij))
        oppervlak[bekend] = shapely.area(rij[bekend])
        # a polygon with area 0 has no shares (bepaal: "buiten")
        houden = punt[links] | (oppervlak[links] > 0)
        links, rechts = links[houden], rechts[houden]
        vlak = ~punt[links]
        delen = np.ones(len(links))
        grenzen = np.empty(len(self._geoms), dtype=object)
        grenzen[:] = self._geoms
        delen[vlak] = (
            shapely.area(shapely.intersection(rij[links[vlak]], grenzen[rechts[vlak]]))
            / oppervlak[links[vlak]]
        )
        codes = self._codes
        for i, j, deel, v in zip(
            links.tolist(), rechts.tolist(), delen.tolist(), vlak.tolist(), strict=True
        ):
            if deel > 0 or not v:
                uit[i][codes[j]] = deel
        return uit
