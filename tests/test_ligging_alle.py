"""The vectorised spatial join of an import (``Grenzen.bepaal_alle``) says for every site what
the per-site join (``Grenzen.bepaal``) says: inside, on a border, outside the region, outside
every boundary, degenerate, and without boundaries."""

from __future__ import annotations

import pytest
from shapely.geometry import MultiPolygon, Point, Polygon, box

from locatieplanner.domein.ligging import Grenzen

GRENZEN = {
    "GM0518": box(75000, 450000, 85000, 460000),
    "GM0603": box(85000, 445000, 90000, 455000),
    "GM9999": box(90000, 445000, 95000, 455000),  # a boundary outside the region
}
REGIO = ["GM0518", "GM0603", "GM0503"]  # GM0503: a member without a loaded boundary

SITES = [
    Point(80000, 455000),  # inside one municipality
    Point(85000, 452000),  # exactly on a shared border
    Point(92000, 450000),  # in a municipality outside the region
    Point(10000, 400000),  # outside every boundary
    box(80000, 455000, 80100, 455100),  # polygon inside one municipality
    box(84950, 452000, 85050, 452100),  # polygon over a border
    box(84999, 452000, 85100, 452100),  # polygon almost wholly in one (1% rule)
    box(92000, 450000, 92100, 450100),  # polygon outside the region
    box(94950, 450000, 95050, 450100),  # polygon partly outside every boundary
    box(10000, 400000, 10100, 400100),  # polygon outside every boundary
    MultiPolygon([box(80000, 455000, 80010, 455010), box(86000, 450000, 86010, 450010)]),
    Polygon([(80000, 455000), (80100, 455000), (80200, 455000)]),  # no area
]


@pytest.mark.parametrize("gegeven", [None, "GM0518", "GM0503"])
def test_bepaal_alle_is_bepaal_per_locatie(gegeven):
    grenzen = Grenzen(GRENZEN, REGIO)
    alle = grenzen.bepaal_alle(SITES, [gegeven] * len(SITES))
    for site, uitkomst in zip(SITES, alle, strict=True):
        los = grenzen.bepaal(site, gegeven)
        assert (uitkomst.gemeente, uitkomst.ligging) == (los.gemeente, los.ligging), site.wkt
        assert set(uitkomst.aandelen) <= set(los.aandelen) or uitkomst.ligging != "grens"
    # outside every boundary: "onbekend" when the given municipality has no boundary loaded
    buiten_alle = "onbekend" if gegeven == "GM0503" else "buiten"
    assert [u.ligging for u in alle[:4]] == ["binnen", "grens", "buiten", buiten_alle]


def test_bepaal_alle_zonder_grenzen_houdt_de_opgegeven_gemeente():
    grenzen = Grenzen({}, REGIO)
    alle = grenzen.bepaal_alle(SITES[:2], ["GM0518", None])
    assert [(u.gemeente, u.ligging) for u in alle] == [("GM0518", "onbekend"), (None, "onbekend")]
    assert grenzen.bepaal_alle([], []) == []
