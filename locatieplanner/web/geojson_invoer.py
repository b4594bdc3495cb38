"""GeoJSON geometries sent to the REST API, read strictly into valid RD New (EPSG:28992) shapes.

Shape and count of the coordinates, closed rings, inside the Netherlands (in the CRS they were
sent in), not self-intersecting; lon/lat is converted by :mod:`locatieplanner.crs`. A JSON
schema cannot say all this, so :func:`lees_geometrie` is the validator of the geometry field of
the site models in :mod:`.schemas`; a refusal names the part of the geometry, the value and what
is allowed (:func:`.meldingen.weiger`). This module does not import Flask.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from ..crs import RD_GRENZEN, WGS84, rd_grenzen_naar_wgs84, van_wgs84
from .meldingen import ingekort, weiger

__all__ = ["MAX_HOEKPUNTEN", "NL_WGS84", "LOCATIE_TYPEN", "lees_geometrie"]

#: Most positions in one geometry.
MAX_HOEKPUNTEN = 100_000
#: The lon/lat box (west, south, east, north) around the valid RD New area.
NL_WGS84: tuple[float, float, float, float] = tuple(  # type: ignore[assignment]
    round(v, 2) for v in rd_grenzen_naar_wgs84(RD_GRENZEN)
)
#: Geometry types of a site.
LOCATIE_TYPEN = ("Point", "Polygon", "MultiPolygon")


def _is_getal(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


class _Lezer:
    """Turns GeoJSON coordinate arrays into lists of (x, y), checking shape and count."""

    def __init__(self) -> None:
        self.aantal = 0

    def positie(self, p: Any, pad: str) -> tuple[float, float]:
        if not isinstance(p, list) or not 2 <= len(p) <= 3 or not all(map(_is_getal, p)):
            weiger(
                "een positie moet een lijst van 2 (of 3) getallen zijn: [x, y]",
                waarde=ingekort(p),
                pad=f".coordinates{pad}",
            )
        self.aantal += 1
        if self.aantal > MAX_HOEKPUNTEN:
            weiger(
                f"te veel hoekpunten; hoogstens {MAX_HOEKPUNTEN} toegestaan",
                waarde=f"meer dan {MAX_HOEKPUNTEN} posities",
                pad=".coordinates",
            )
        return (float(p[0]), float(p[1]))

    def lijst(self, waarde: Any, pad: str, minimum: int, wat: str) -> list[Any]:
        if not isinstance(waarde, list) or len(waarde) < minimum:
            weiger(
                f"moet een lijst van minstens {minimum} {wat} zijn",
                waarde=ingekort(waarde),
                pad=f".coordinates{pad}",
            )
        return waarde

    def ring(self, r: Any, pad: str) -> list[tuple[float, float]]:
        r = self.lijst(r, pad, 4, "posities (een gesloten ring)")
        punten = [self.positie(p, f"{pad}[{i}]") for i, p in enumerate(r)]
        if punten[0] != punten[-1]:
            weiger(
                "ring is niet gesloten: de laatste positie moet gelijk zijn aan de eerste",
                waarde=f"begint bij {list(punten[0])}, eindigt bij {list(punten[-1])}",
                pad=f".coordinates{pad}",
            )
        return punten

    def polygoon(self, p: Any, pad: str) -> tuple[list[Any], list[Any]]:
        ringen = self.lijst(p, pad, 1, "ringen")
        gelezen = [self.ring(r, f"{pad}[{i}]") for i, r in enumerate(ringen)]
        return gelezen[0], gelezen[1:]


def _buiten(coords: Any, grenzen: tuple[float, float, float, float]) -> tuple[float, float] | None:
    x0, y0, x1, y1 = grenzen
    buiten = (coords[:, 0] < x0) | (coords[:, 0] > x1) | (coords[:, 1] < y0) | (coords[:, 1] > y1)
    if buiten.any():
        x, y = coords[buiten.argmax()]
        return float(x), float(y)
    return None


def lees_geometrie(
    data: Any, crs: str = WGS84, typen: Sequence[str] = LOCATIE_TYPEN
) -> BaseGeometry:
    """A GeoJSON geometry in ``crs`` (EPSG:4326 lon/lat or EPSG:28992) as a valid shapely
    geometry in EPSG:28992: allowed type, well-formed coordinates, closed rings, inside the
    Netherlands, not self-intersecting. Refused with :func:`.meldingen.weiger` otherwise."""
    if data is None:
        weiger("ontbreekt; een geometrie is verplicht", waarde=None)
    if not isinstance(data, dict):
        weiger("moet een GeoJSON-geometrie (object) zijn")
    onbekend = sorted(set(data) - {"type", "coordinates", "bbox"})
    if onbekend:
        weiger(
            "onbekend veld in de geometrie; toegestaan zijn type, coordinates en bbox",
            waarde=ingekort(data[onbekend[0]]),
            pad=f".{onbekend[0]}",
        )
    soort = data.get("type")
    if soort not in typen:
        weiger(
            "geometrietype niet toegestaan; toegestaan zijn " + ", ".join(typen),
            waarde=ingekort(soort),
            pad=".type",
        )
    if "coordinates" not in data:
        weiger("ontbreekt", waarde=None, pad=".coordinates")
    lezer = _Lezer()
    c = data["coordinates"]
    if soort == "Point":
        geometrie: BaseGeometry = shapely.Point(lezer.positie(c, ""))
    elif soort == "Polygon":
        geometrie = shapely.Polygon(*lezer.polygoon(c, ""))
    else:
        delen = lezer.lijst(c, "", 1, "polygonen")
        geometrie = shapely.MultiPolygon([lezer.polygoon(p, f"[{i}]") for i, p in enumerate(delen)])
    _binnen_nederland(shapely.get_coordinates(geometrie), crs)
    if not geometrie.is_valid:
        reden = explain_validity(geometrie)
        plek = re.search(r"\[([-\d.e+]+) ([-\d.e+]+)\]", reden)
        waar = f"[{float(plek[1]):g}, {float(plek[2]):g}]" if plek else reden
        if reden.startswith("Self-intersection") or reden.startswith("Ring Self-intersection"):
            melding = (
                "de polygoon snijdt zichzelf; teken hem opnieuw zonder kruisende randen "
                "(Leaflet.draw: allowIntersection false)"
            )
        elif reden.startswith("Too few points"):
            melding = "een ring heeft te weinig verschillende punten (minstens 3)"
        else:
            melding = f"is geen geldige geometrie ({reden.split('[')[0].strip()})"
        weiger(melding, waarde=waar)
    if crs == WGS84:
        geometrie = van_wgs84([geometrie])[0]
    return geometrie


def _binnen_nederland(coords: Any, crs: str) -> None:
    def weiger_buiten(fout: tuple[float, float], melding: str) -> None:
        weiger(melding, waarde=f"[{fout[0]:g}, {fout[1]:g}]", pad=".coordinates")

    if crs == WGS84:
        x0, y0, x1, y1 = NL_WGS84
        fout = _buiten(coords, (-180, -90, 180, 90))
        if fout is not None:
            weiger_buiten(
                fout,
                "geen lengte-/breedtegraad (EPSG:4326: [lon, lat] met lon -180..180, "
                "lat -90..90); voor RD-coördinaten: queryparameter crs=EPSG:28992",
            )
        fout = _buiten(coords, NL_WGS84)
        if fout is not None:
            weiger_buiten(
                fout,
                f"valt buiten Nederland; toegestaan zijn [lon, lat] met lon {x0} tot {x1} en "
                f"lat {y0} tot {y1} (EPSG:4326)",
            )
        return
    fout = _buiten(coords, RD_GRENZEN)
    if fout is not None:
        x0, y0, x1, y1 = RD_GRENZEN
        hint = ""
        if abs(fout[0]) <= 180 and abs(fout[1]) <= 90:
            hint = "; dit lijken lengte-/breedtegraden: laat crs weg of geef crs=EPSG:4326"
        weiger_buiten(
            fout,
            f"valt buiten Nederland in EPSG:28992 (RD New): x moet {x0:g} tot {x1:g} en "
            f"y {y0:g} tot {y1:g} zijn{hint}",
        )
