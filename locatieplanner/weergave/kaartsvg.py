"""A static map as SVG for print: one municipality's boundary and its sites, hard plans solid and
soft plans hatched (distinguishable in grey print too), each labelled with its number, with a
scale bar. Coordinates are EPSG:28992 metres; no tiles, no scripts."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

__all__ = ["Kaartlocatie", "kaart_svg"]

_HARD = "#2171b5"
_ZACHT = "#d94801"


@dataclass(frozen=True)
class Kaartlocatie:
    """A site on the printed map: its number (label), geometry and ``hard``/``zacht``."""

    nummer: int
    geometrie: BaseGeometry
    hardheid: str


def _ringen(geometrie: BaseGeometry) -> Iterable[Sequence[tuple[float, float]]]:
    delen = geometrie.geoms if isinstance(geometrie, MultiPolygon) else [geometrie]
    for deel in delen:
        if isinstance(deel, Polygon):
            yield deel.exterior.coords
            yield from (r.coords for r in deel.interiors)


def _pad(geometrie: BaseGeometry, y0: float) -> str:
    stukken = []
    for ring in _ringen(geometrie):
        punten = " L".join(f"{x:.1f},{y0 - y:.1f}" for x, y in ring)
        stukken.append(f"M{punten}Z")
    return " ".join(stukken)


def _schaal(breedte_m: float) -> int:
    """A round scale-bar length of about a fifth of the map width."""
    doel = breedte_m / 5
    macht = 10 ** math.floor(math.log10(doel)) if doel > 0 else 1
    return int(max(m * macht for m in (1, 2, 5) if m * macht <= doel) if doel >= macht else macht)


def kaart_svg(
    grens: BaseGeometry | None,
    locaties: Sequence[Kaartlocatie],
    titel: str,
    breedte: int = 1000,
) -> str:
    """The map as an ``<svg>`` element (``role="img"`` with ``titel`` as its accessible name)."""
    vormen = [loc.geometrie for loc in locaties]
    if grens is not None and not grens.is_empty:
        vormen.append(grens)
    if not vormen:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(titel)}" '
            f'viewBox="0 0 {breedte} 120"><text x="20" y="60" font-size="24">'
            "Geen gemeentegrens en geen locaties om te tonen.</text></svg>"
        )
    minx = min(v.bounds[0] for v in vormen)
    miny = min(v.bounds[1] for v in vormen)
    maxx = max(v.bounds[2] for v in vormen)
    maxy = max(v.bounds[3] for v in vormen)
    rand = max(maxx - minx, maxy - miny, 200) * 0.04
    minx, miny, maxx, maxy = minx - rand, miny - rand, maxx + rand, maxy + rand
    w, h = maxx - minx, maxy - miny
    schaal = w / breedte  # metres per drawing unit, for stroke widths and text
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(titel)}" '
        f'viewBox="{minx:.1f} 0 {w:.1f} {h:.1f}" preserveAspectRatio="xMidYMid meet">',
        f"<title>{escape(titel)}</title>",
        "<defs>"
        f'<pattern id="arcering" patternUnits="userSpaceOnUse" width="{8 * schaal:.1f}" '
        f'height="{8 * schaal:.1f}" patternTransform="rotate(45)">'
        f'<rect width="{8 * schaal:.1f}" height="{8 * schaal:.1f}" fill="#fff"/>'
        f'<line x1="0" y1="0" x2="0" y2="{8 * schaal:.1f}" stroke="{_ZACHT}" '
        f'stroke-width="{4 * schaal:.1f}"/></pattern></defs>',
    ]
    y0 = maxy
    if grens is not None and not grens.is_empty:
        delen.append(
            f'<path d="{_pad(grens, y0)}" fill="#f2f2f2" stroke="#4d4d4d" '
            f'stroke-width="{2 * schaal:.1f}" fill-rule="evenodd"/>'
        )
    labels = []
    for loc in sorted(locaties, key=lambda x: -x.geometrie.area):
        hard = loc.hardheid == "hard"
        kleur = _HARD if hard else _ZACHT
        streep = "" if hard else f' stroke-dasharray="{6 * schaal:.1f} {3 * schaal:.1f}"'
        if (
            isinstance(loc.geometrie, Polygon | MultiPolygon)
            and loc.geometrie.area / (schaal**2) > 30
        ):
            vulling = kleur if hard else "url(#arcering)"
            delen.append(
                f'<path d="{_pad(loc.geometrie, y0)}" fill="{vulling}" fill-opacity="0.85" '
                f'stroke="{kleur}" stroke-width="{2 * schaal:.1f}"{streep} fill-rule="evenodd"/>'
            )
            punt = loc.geometrie.representative_point()
        else:
            punt = loc.geometrie if isinstance(loc.geometrie, Point) else loc.geometrie.centroid
            vulling = kleur if hard else "#fff"
            delen.append(
                f'<circle cx="{punt.x:.1f}" cy="{y0 - punt.y:.1f}" r="{7 * schaal:.1f}" '
                f'fill="{vulling}" stroke="{kleur}" stroke-width="{3 * schaal:.1f}"/>'
            )
        # a white halo under the number: a stroked copy first (paint-order is not everywhere)
        plek = f'x="{punt.x + 9 * schaal:.1f}" y="{y0 - punt.y - 9 * schaal:.1f}"'
        letter = f'font-size="{16 * schaal:.1f}" font-family="DejaVu Sans, sans-serif" font-weight="bold"'
        labels.append(
            f'<text {plek} {letter} fill="#fff" stroke="#fff" '
            f'stroke-width="{4 * schaal:.1f}" aria-hidden="true">{loc.nummer}</text>'
            f'<text {plek} {letter} fill="#1a1a1a">{loc.nummer}</text>'
        )
    delen.extend(labels)
    lengte = _schaal(w)
    x, y = minx + 20 * schaal, h - 20 * schaal
    tekst = f"{lengte // 1000} km" if lengte >= 1000 else f"{lengte} m"
    delen.append(
        f'<g font-family="sans-serif" font-size="{14 * schaal:.1f}">'
        f'<rect x="{x:.1f}" y="{y - 6 * schaal:.1f}" width="{lengte:.1f}" height="{6 * schaal:.1f}" '
        f'fill="#1a1a1a"/><text x="{x:.1f}" y="{y - 10 * schaal:.1f}">{tekst}</text></g>'
    )
    delen.append("</svg>")
    return "".join(delen)
