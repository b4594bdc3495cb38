"""The one reprojection from EPSG:28992 (RD New, storage) to EPSG:4326 (lon/lat, map and GeoJSON).

Storage and computation stay in RD New; lon/lat exists only at the edge (the map, a GeoJSON export
per RFC 7946). Every such transformation goes through :func:`naar_wgs84` so that all of them use
the same pyproj pipeline (the EPSG 7-parameter Helmert, 4-21 cm from RDNAPTRANS2018: fine for
planning) and the same rounding rules.
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
    "naar_wgs84",
    "rd_grenzen_naar_wgs84",
]

#: Lon/lat as RFC 7946 GeoJSON and Leaflet expect it.
WGS84 = "EPSG:4326"
#: Amersfoort / RD New.
RD = "EPSG:28992"
#: 1e-6 degree is about 0.1 m: plenty for a map, and small GeoJSON.
DECIMALEN_KAART = 6
#: 1e-9 degree is about 0.1 mm: an export that must survive a round trip within 1 mm.
DECIMALEN_EXACT = 9


@cache
def _transformer() -> Transformer:
    return Transformer.from_crs(RD, WGS84, always_xy=True)


def naar_wgs84(
    geometrieen: Sequence[BaseGeometry | None], decimalen: int | None = DECIMALEN_KAART
) -> list[BaseGeometry | None]:
    """RD New geometries as lon/lat (EPSG:4326, x = lon), rounded to ``decimalen`` (None: not
    rounded); None stays None. Ring orientation is kept (the projection is conformal)."""

    def omzetten(xy: np.ndarray) -> np.ndarray:
        lon, lat = _transformer().transform(xy[:, 0], xy[:, 1])
        uit = np.column_stack([lon, lat])
        return uit if decimalen is None else np.round(uit, decimalen)

    rij = np.empty(len(geometrieen), dtype=object)
    rij[:] = list(geometrieen)
    return list(shapely.transform(rij, omzetten))


def rd_grenzen_naar_wgs84(
    grenzen: tuple[float, float, float, float],
) -> tuple[float, float, float, float]:
    """An RD New box (minx, miny, maxx, maxy) as a lon/lat box (west, south, east, north)."""
    return tuple(_transformer().transform_bounds(*grenzen))  # type: ignore[return-value]
