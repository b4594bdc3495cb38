"""The one reprojection between EPSG:28992 (RD New, storage) and EPSG:4326 (lon/lat, map, GeoJSON).

Storage and computation stay in RD New; lon/lat exists only at the edge (the map, a GeoJSON export
per RFC 7946, geometries sent to the API). Every such transformation goes through
:func:`naar_wgs84` or :func:`van_wgs84` so that all of them use the same pyproj pipeline (the
EPSG 7-parameter Helmert, 4-21 cm from RDNAPTRANS2018: fine for planning) and the same rounding
rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

__all__ = [
    "WGS84",
    "RD",
    "DECIMALEN_KAART",
    "DECIMALEN_EXACT",
    "DECIMALEN_RD",
    "naar_wgs84",
    "van_wgs84",
    "rd_grenzen_naar_wgs84",
    "wgs84_grenzen_naar_rd",
]

#: Lon/lat as RFC 7946 GeoJSON and Leaflet expect it.
WGS84 = "EPSG:4326"
#: Amersfoort / RD New.
RD = "EPSG:28992"
#: 1e-6 degree is about 0.1 m: plenty for a map, and small GeoJSON.
DECIMALEN_KAART = 6
#: 1e-9 degree is about 0.1 mm: an export that must survive a round trip within 1 mm.
DECIMALEN_EXACT = 9
#: 1e-3 m in RD New: lon/lat from the map (6 decimals, about 0.1 m) loses nothing at 1 mm.
DECIMALEN_RD = 3


@cache
def _transformer() -> Transformer:
    return Transformer.from_crs(RD, WGS84, always_xy=True)


@cache
def _terug() -> Transformer:
    return Transformer.from_crs(WGS84, RD, always_xy=True)


def _omzetten(
    transformer: Transformer, geometrieen: Sequence[BaseGeometry | None], decimalen: int | None
) -> list[BaseGeometry | None]:
    def omzetten(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        uit = np.column_stack([x, y])
        return uit if decimalen is None else np.round(uit, decimalen)

    rij = np.empty(len(geometrieen), dtype=object)
    rij[:] = list(geometrieen)
    return list(shapely.transform(rij, omzetten))


def naar_wgs84(
    geometrieen: Sequence[BaseGeometry | None], decimalen: int | None = DECIMALEN_KAART
) -> list[BaseGeometry | None]:
    """RD New geometries as lon/lat (EPSG:4326, x = lon), rounded to ``decimalen`` (None: not
    rounded); None stays None. Ring orientation is kept (the projection is conformal)."""
    return _omzetten(_transformer(), geometrieen, decimalen)


def van_wgs84(
    geometrieen: Sequence[BaseGeometry | None], decimalen: int | None = DECIMALEN_RD
) -> list[BaseGeometry | None]:
    """Lon/lat geometries (EPSG:4326, x = lon) as RD New, rounded to ``decimalen`` metre
    decimals (None: not rounded); None stays None. The inverse of :func:`naar_wgs84`. The
    caller checks that the coordinates lie in the Netherlands: far outside, RD New is
    meaningless (or infinite)."""
    return _omzetten(_terug(), geometrieen, decimalen)


def rd_grenzen_naar_wgs84(
    grenzen: tuple[float, float, float, float],
) -> tuple[float, float, float, float]:
    """An RD New box (minx, miny, maxx, maxy) as a lon/lat box (west, south, east, north)."""
    return tuple(_transformer().transform_bounds(*grenzen))  # type: ignore[return-value]


def wgs84_grenzen_naar_rd(
    grenzen: tuple[float, float, float, float],
) -> tuple[float, float, float, float]:
    """A lon/lat box (west, south, east, north) as the RD New box (minx, miny, maxx, maxy) that
    contains it (edges densified). The caller keeps the box within the Netherlands."""
    return tuple(_terug().transform_bounds(*grenzen))  # type: ignore[return-value]
