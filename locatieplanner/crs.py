"""The one place that transforms coordinates: any CRS -> RD New, RD New <-> lon/lat, RD bounds.

Storage and computation stay in EPSG:28992 (RD New); lon/lat (EPSG:4326) exists only at the edge
(the map, a GeoJSON export per RFC 7946, geometries sent to the API). Every transformation goes
through this module, so all of them use the same pyproj pipelines (the EPSG 7-parameter Helmert,
4-21 cm from RDNAPTRANS2018: fine for planning), the same rounding rules and the same plausibility
checks ("does this lie in the Netherlands in that CRS?"). No other module imports pyproj (an
import-linter contract checks it). Transformers are built once per process and shared by all
threads (one at a time): building one costs ~40 ms, and pyproj's own thread-safe Transformer
builds a new one in every thread that uses it (Werkzeug serves each request in a new thread).

pyproj is imported on first use (``ProjCRS`` too, through the module's ``__getattr__``): a
command that transforms nothing (the analysis, the export in RD New) does not pay its import.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .errors import CrsFout

if TYPE_CHECKING:
    from pyproj import CRS as ProjCRS

__all__ = [
    "ProjCRS",
    "RD_GRENZEN",
    "in_rd",
    "in_nl_lonlat",
    "is_lonlat",
    "past_in_rd",
    "lees_crs",
    "crs_naam",
    "naar_rd",
    "grenzen_naar_rd",
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


def __getattr__(naam: str) -> Any:
    """``ProjCRS`` (pyproj's CRS class), imported when first asked for."""
    if naam == "ProjCRS":
        from pyproj import CRS

        return CRS
    raise AttributeError(f"module {__name__!r} has no attribute {naam!r}")


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
#: Bounds (minx, miny, maxx, maxy) of the valid RD New area, with a margin.
RD_GRENZEN: tuple[float, float, float, float] = (-7000.0, 289000.0, 300000.0, 629000.0)


class _Gedeeld:
    """One pyproj transformation for the whole process, used by one thread at a time.

    pyproj's :class:`Transformer` is thread-safe by keeping one PROJ object per thread, built on
    first use in that thread (~40 ms). This keeps the one PROJ object built here and serialises
    its use with a lock instead (a PROJ object must not be used by two threads at once); a
    transformation of a response's coordinates takes microseconds to milliseconds.
    """

    def __init__(self, van: str, naar: str) -> None:
        from pyproj import Transformer
        from pyproj.transformer import TransformerUnsafe

        gebouwd = Transformer.from_crs(van, naar, always_xy=True)
        # the PROJ object of this thread, handed out to every thread (guarded by the lock)
        self._pyproj = Transformer(TransformerUnsafe(gebouwd._transformer))
        self._slot = threading.Lock()

    def transform(self, x: Any, y: Any) -> tuple[Any, Any]:
        with self._slot:
            return self._pyproj.transform(x, y)

    def transform_bounds(self, *grenzen: float) -> tuple[float, float, float, float]:
        with self._slot:
            return self._pyproj.transform_bounds(*grenzen)


#: The shared transformations by (from, to); few (RD <-> lon/lat, the CRSs of imported files).
_gedeeld: dict[tuple[str, str], _Gedeeld] = {}
_gedeeld_slot = threading.Lock()
_MAX_GEDEELD = 32


def _gedeelde_transformer(van: str, naar: str) -> _Gedeeld:
    """The transformation ``van`` -> ``naar`` (always x, y order), built once per process."""
    transformer = _gedeeld.get((van, naar))
    if transformer is None:
        with _gedeeld_slot:
            transformer = _gedeeld.get((van, naar))
            if transformer is None:
                if len(_gedeeld) >= _MAX_GEDEELD:
                    _gedeeld.clear()
                transformer = _gedeeld[(van, naar)] = _Gedeeld(van, naar)
    return transformer


def _transformer() -> _Gedeeld:
    return _gedeelde_transformer(RD, WGS84)


def _terug() -> _Gedeeld:
    return _gedeelde_transformer(WGS84, RD)


def _omzetten(
    transformer: _Gedeeld, geometrieen: Sequence[BaseGeometry | None], decimalen: int | None
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


# --------------------------------------------------------------------------- any CRS -> RD New


def _naar_rd_transformer(crs: ProjCRS) -> _Gedeeld:
    """A transformer from ``crs`` to RD New, shared by the process, per CRS."""
    return _gedeelde_transformer(crs.to_wkt(), RD)


def lees_crs(waarde: Any, wat: str) -> ProjCRS:
    """A pyproj CRS from ``EPSG:28992``, ``28992``, WKT, ...; :class:`CrsFout` when unknown."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        return CRS.from_user_input(waarde)
    except CRSError as e:
        raise CrsFout(
            f"{wat}: onbekend coördinatenstelsel {waarde!r}; geef bijv. EPSG:28992 (RD New) "
            "of EPSG:4326 (lengte/breedtegraden)"
        ) from e


def crs_naam(crs: ProjCRS) -> str:
    """``EPSG:nnnn`` where possible, else a short name."""
    epsg = crs.to_epsg()
    if epsg is not None:
        return f"EPSG:{epsg}"
    ogc = crs.to_string()
    return ogc if len(ogc) <= 60 else crs.name


def in_rd(minx: float, miny: float, maxx: float, maxy: float) -> bool:
    gx0, gy0, gx1, gy1 = RD_GRENZEN
    return minx >= gx0 and miny >= gy0 and maxx <= gx1 and maxy <= gy1


#: Lon/lat box around the Netherlands (with the North Sea part).
_NL_LONLAT = (2.5, 50.5, 7.5, 55.9)


def in_nl_lonlat(minx: float, miny: float, maxx: float, maxy: float) -> bool:
    x0, y0, x1, y1 = _NL_LONLAT
    return minx >= x0 and miny >= y0 and maxx <= x1 and maxy <= y1


def _hint(minx: float, miny: float, maxx: float, maxy: float, crs: ProjCRS) -> str:
    """The likely mistake behind coordinates that do not fit ``crs``."""
    epsg = crs.to_epsg()
    if in_nl_lonlat(minx, miny, maxx, maxy) and not crs.is_geographic:
        return (
            " Dit lijken lengte- en breedtegraden (graden), geen meters: het bestand noemt het "
            "verkeerde CRS; geef EPSG:4326 op met de instelling 'CRS'."
        )
    if in_nl_lonlat(miny, minx, maxy, maxx):
        return (
            " Dit lijken breedte- en lengtegraden in de omgekeerde volgorde (x en y verwisseld, "
            "lat/lon in plaats van lon/lat); draai de kolommen om."
        )
    if in_rd(minx, miny, maxx, maxy) and epsg != 28992:
        return " Dit lijken RD-coördinaten in meters: geef EPSG:28992 op met de instelling 'CRS'."
    if in_rd(miny, minx, maxy, maxx):
        return " Dit lijken RD-coördinaten met x en y verwisseld; draai de kolommen om."
    return " Controleer het CRS van het bestand of geef het juiste op met de instelling 'CRS'."


def _kern(geoms: np.ndarray) -> tuple[float, float, float, float] | None:
    """Bounds of the middle 90% of the finite coordinates (one stray object must not decide)."""
    coords = shapely.get_coordinates(geoms)
    coords = coords[np.isfinite(coords).all(axis=1)]
    if len(coords) == 0:
        return None
    minx, maxx = (float(v) for v in np.percentile(coords[:, 0], [5, 95]))
    miny, maxy = (float(v) for v in np.percentile(coords[:, 1], [5, 95]))
    return minx, miny, maxx, maxy


def _meestal_binnen(geoms: np.ndarray, past: Any) -> bool:
    """Whether at least half of the (non-empty) geometries fit ``past(minx, miny, maxx, maxy)``
    each: then the CRS is right and the others are single stray objects, which the per-object
    validation reports with their row (a small file's middle 90% is no majority)."""
    vakken = [
        g.bounds for g in geoms if g is not None and not g.is_empty and shapely.is_valid_input(g)
    ]
    binnen = sum(1 for v in vakken if all(np.isfinite(v)) and past(*v))
    return bool(vakken) and 2 * binnen >= len(vakken)


def naar_rd(geometrieen: Any, crs: ProjCRS, bron: str) -> np.ndarray:
    """Geometries from ``crs`` to EPSG:28992, after checking that they fit ``crs`` at all.

    When the coordinates as a whole cannot lie in the Netherlands in ``crs`` (lon/lat in a file
    that says RD, x and y swapped, RD in a file that says lon/lat) :class:`CrsFout` names the
    likely mistake; single stray objects are left to the per-object validation.
    """
    geoms = np.empty(len(geometrieen), dtype=object)
    geoms[:] = list(geometrieen)
    kern = _kern(geoms)
    if kern is None:
        return geoms
    minx, miny, maxx, maxy = kern
    tekst = f"({minx:.6g}, {miny:.6g}) - ({maxx:.6g}, {maxy:.6g})"
    naam = crs_naam(crs)
    if crs.to_epsg() == 28992:
        past = in_rd(minx, miny, maxx, maxy)
        rd = geoms
    elif crs.is_geographic and crs.to_epsg() in (4326, 4258, 4289):
        past = in_nl_lonlat(minx, miny, maxx, maxy)
        rd = None
    else:
        past = None
        rd = None
    if past is False and not _meestal_binnen(geoms, in_rd if rd is not None else in_nl_lonlat):
        raise CrsFout(
            f"{bron}: de coördinaten {tekst} vallen niet in Nederland in {naam}."
            + _hint(minx, miny, maxx, maxy, crs)
        )
    if rd is None:
        transformer = _naar_rd_transformer(crs)

        def omzetten(xy: np.ndarray) -> np.ndarray:
            with np.errstate(invalid="ignore", over="ignore"):
                rx, ry = transformer.transform(xy[:, 0], xy[:, 1])
            return np.column_stack([rx, ry])

        rd = shapely.transform(geoms, omzetten)
        if past is None:
            omgezet = _kern(rd)
            if omgezet is None or not in_rd(*omgezet):
                raise CrsFout(
                    f"{bron}: de coördinaten {tekst} in {naam} vallen niet in Nederland."
                    + _hint(minx, miny, maxx, maxy, crs)
                )
    return rd


def is_lonlat(minx: float, miny: float, maxx: float, maxy: float) -> bool:
    return minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90


def _omgrenzing(geoms: np.ndarray) -> tuple[float, float, float, float] | None:
    coords = shapely.get_coordinates(geoms)
    coords = coords[np.isfinite(coords).all(axis=1)]
    if len(coords) == 0:
        return None
    return (
        float(coords[:, 0].min()),
        float(coords[:, 1].min()),
        float(coords[:, 0].max()),
        float(coords[:, 1].max()),
    )


def grenzen_naar_rd(geoms: np.ndarray, crs: ProjCRS, bron: str) -> np.ndarray:
    """Municipal boundaries to EPSG:28992 after checking that the coordinates fit the claimed CRS
    (stricter than :func:`naar_rd`: every coordinate counts, not the middle 90%)."""
    naam = crs_naam(crs)
    grens = _omgrenzing(geoms)
    if grens is None:
        return geoms
    tekst = f"({grens[0]:.6g}, {grens[1]:.6g}) - ({grens[2]:.6g}, {grens[3]:.6g})"
    if crs.is_geographic and not is_lonlat(*grens):
        hint = (
            " Dit lijken RD-coördinaten in meters: geef EPSG:28992 op met de instelling 'CRS'."
            if in_rd(*grens)
            else " Geef het juiste CRS op met de instelling 'CRS'."
        )
        raise CrsFout(
            f"{bron}: de coördinaten {tekst} passen niet bij het opgegeven CRS {naam} "
            f"(lengte/breedtegraden in graden).{hint}"
        )
    if crs.to_epsg() == 28992:
        rd = geoms
    else:
        transformer = _naar_rd_transformer(crs)
        with np.errstate(invalid="ignore", over="ignore"):
            rd = shapely.transform(
                geoms, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
            )
    binnen = [g is None or g.is_empty or past_in_rd(g) for g in rd]
    if not any(binnen):
        if is_lonlat(*grens) and not crs.is_geographic:
            hint = " Dit lijken lengte/breedtegraden: geef EPSG:4326 op met de instelling 'CRS'."
        elif in_rd(*grens) and crs.to_epsg() != 28992:
            hint = (
                " Dit lijken RD-coördinaten in meters: geef EPSG:28992 op met de instelling 'CRS'."
            )
        else:
            hint = (
                " Controleer het CRS van het bestand of geef het juiste op met de instelling 'CRS'."
            )
        raise CrsFout(
            f"{bron}: de coördinaten {tekst} in {naam} vallen niet in Nederland; ze passen "
            f"niet bij het opgegeven CRS.{hint}"
        )
    return rd


def past_in_rd(geometrie: BaseGeometry) -> bool:
    coords = shapely.get_coordinates(geometrie)
    if len(coords) == 0 or not np.isfinite(coords).all():
        return False
    return in_rd(coords[:, 0].min(), coords[:, 1].min(), coords[:, 0].max(), coords[:, 1].max())
