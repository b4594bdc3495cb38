"""Overlapping sites (possible double counting): one rule for the analysis' signals and the API.

Two sites overlap when their geometries (EPSG:28992) intersect; when both are polygons the
shared area must be at least :data:`MIN_OVERLAP_M2` (smaller overlaps are slivers of drawing).
A point inside or on another site, or two points on the same spot, also overlap (area 0).
This module imports neither Flask nor click.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry.base import BaseGeometry

__all__ = ["MIN_OVERLAP_M2", "Overlap", "overlappende_paren", "overlappen_met"]

#: Overlaps of polygons smaller than this (m²) are drawing slivers, not double counting.
MIN_OVERLAP_M2 = 1.0


@dataclass(frozen=True)
class Overlap:
    """Sites ``a`` and ``b`` (positions in the given sequences) share ``oppervlakte_m2``;
    ``beide_vlak`` is False when one of them is a point (the area is then 0)."""

    a: int
    b: int
    oppervlakte_m2: float
    beide_vlak: bool


def _als_rij(geometrieen: Sequence[BaseGeometry]) -> np.ndarray:
    if isinstance(geometrieen, np.ndarray) and geometrieen.dtype == object:
        return geometrieen  # read only here: no copy needed
    rij = np.empty(len(geometrieen), dtype=object)
    rij[:] = list(geometrieen)
    return rij


def _paren(
    links_geoms: np.ndarray, rechts_geoms: np.ndarray, links: np.ndarray, rechts: np.ndarray
) -> list[Overlap]:
    if not len(links):
        return []
    a, b = links_geoms[links], rechts_geoms[rechts]
    opp = shapely.area(shapely.intersection(a, b))
    vlak = (shapely.get_dimensions(a) == 2) & (shapely.get_dimensions(b) == 2)
    return [
        Overlap(int(i), int(j), float(m2), bool(v))
        for i, j, m2, v in zip(links, rechts, opp, vlak, strict=True)
        if not (v and m2 < MIN_OVERLAP_M2)
    ]


def overlappende_paren(geometrieen: Sequence[BaseGeometry]) -> list[Overlap]:
    """Every overlapping pair within ``geometrieen`` once (``a < b``), in index order."""
    if len(geometrieen) < 2:
        return []
    geoms = _als_rij(geometrieen)
    links, rechts = STRtree(geoms).query(geoms, predicate="intersects")
    houden = links < rechts
    links, rechts = links[houden], rechts[houden]
    volgorde = np.lexsort((rechts, links))
    return _paren(geoms, geoms, links[volgorde], rechts[volgorde])


def overlappen_met(geometrie: BaseGeometry, anderen: Sequence[BaseGeometry]) -> list[Overlap]:
    """The sites among ``anderen`` that overlap ``geometrie`` (``a`` is always 0, ``b`` the
    position in ``anderen``), in index order."""
    if not len(anderen):
        return []
    geoms = _als_rij(anderen)
    rechts = np.sort(STRtree(geoms).query(geometrie, predicate="intersects"))
    return _paren(_als_rij([geometrie]), geoms, np.zeros(len(rechts), dtype=int), rechts)
