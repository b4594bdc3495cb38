"""Geometry column type: WKB on SQLite, a PostGIS ``geometry(Geometry, 28992)`` on PostgreSQL.

Also the one normalisation every stored geometry gets (:func:`normaliseer_geometrie`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy.types import LargeBinary, TypeDecorator, UserDefinedType

__all__ = ["Geometrie", "Opgeslagen", "SRID", "normaliseer_geometrie", "opgeslagen_vorm"]

#: EPSG code of every stored geometry (RD New).
SRID = 28992


def normaliseer_geometrie(geometrie: BaseGeometry) -> BaseGeometry:
    """2D, polygons with counter-clockwise exterior rings (as GeoPackage/PDOK expect). A
    geometry that is so already comes back itself (no copy: a large import keeps one)."""
    if shapely.has_z(geometrie):
        geometrie = shapely.force_2d(geometrie)
    if geometrie.geom_type in ("Polygon", "MultiPolygon"):
        georienteerd = shapely.orient_polygons(geometrie, exterior_cw=False)
        if not shapely.equals_exact(georienteerd, geometrie, tolerance=0):
            return georienteerd
    return geometrie


@dataclass(frozen=True, slots=True)
class Opgeslagen:
    """A geometry already converted to what its :class:`Geometrie` column sends to the
    database (see :func:`opgeslagen_vorm`); the column passes it on unchanged."""

    waarde: bytes | str


def opgeslagen_vorm(geometrieen: Sequence[BaseGeometry], dialect: str) -> list[Opgeslagen]:
    """Many geometries in their stored form at once (vectorised, for bulk writes): ISO WKB on
    SQLite, hex EWKB with SRID on PostgreSQL, as :meth:`Geometrie.process_bind_param` does."""
    reeks = np.empty(len(geometrieen), dtype=object)
    reeks[:] = list(geometrieen)
    if dialect == "postgresql":
        waarden = shapely.to_wkb(shapely.set_srid(reeks, SRID), hex=True, include_srid=True)
    else:
        waarden = shapely.to_wkb(reeks)
    return [Opgeslagen(w) for w in waarden.tolist()]


class _PostGISGeometry(UserDefinedType):
    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return f"geometry(Geometry,{SRID})"


class Geometrie(TypeDecorator):
    """A shapely geometry in EPSG:28992.

    SQLite stores ISO WKB in a BLOB. PostgreSQL stores a PostGIS geometry; values travel as hex
    EWKB with SRID, which PostGIS reads and writes as the text form of ``geometry``, so the same
    code (and no extra driver plug-in) serves both.
    """

    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(_PostGISGeometry())
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: BaseGeometry | None, dialect: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, Opgeslagen):
            return value.waarde
        if dialect.name == "postgresql":
            return shapely.to_wkb(shapely.set_srid(value, SRID), hex=True, include_srid=True)
        return shapely.to_wkb(value)

    def process_result_value(self, value: Any, dialect: Any) -> BaseGeometry | None:
        if value is None:
            return None
        if isinstance(value, memoryview):
            value = value.tobytes()
        geom = shapely.from_wkb(value)
        return shapely.set_srid(geom, 0) if dialect.name == "postgresql" else geom
