"""The shared overlap rule (locatieplanner.domein.overlap) and the lon/lat -> RD reprojection (van_wgs84)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Point, box

from locatieplanner.crs import naar_wgs84, van_wgs84, wgs84_grenzen_naar_rd
from locatieplanner.domein.overlap import MIN_OVERLAP_M2, overlappen_met, overlappende_paren


def test_paren_vlakken_punten_en_snippers():
    geoms = [
        box(0, 0, 100, 100),  # 0
        box(50, 0, 150, 100),  # 1: 50 x 100 with 0
        box(100, 0, 200, 100),  # 2: 50 x 100 with 1, an edge with 0 (area 0)
        Point(10, 10),  # 3: in 0
        box(199.5, 99.5, 300, 300),  # 4: 0.25 m² with 2: a sliver
        Point(10, 10),  # 5: same spot as 3, in 0
        box(1000, 1000, 1010, 1010),  # 6: alone
    ]
    paren = overlappende_paren(geoms)
    assert [(o.a, o.b) for o in paren] == [(0, 1), (0, 3), (0, 5), (1, 2), (3, 5)]
    per_paar = {(o.a, o.b): o for o in paren}
    assert per_paar[(0, 1)].oppervlakte_m2 == pytest.approx(5000)
    assert per_paar[(0, 1)].beide_vlak
    assert per_paar[(0, 3)].oppervlakte_m2 == 0 and not per_paar[(0, 3)].beide_vlak
    assert not per_paar[(3, 5)].beide_vlak


def test_grens_van_1_m2():
    a = box(0, 0, 10, 10)
    assert overlappende_paren([a, box(9, 9, 10, 10)])[0].oppervlakte_m2 == MIN_OVERLAP_M2
    assert overlappende_paren([a, box(9.01, 9, 10, 10)]) == []


def test_overlappen_met_een_nieuwe_geometrie():
    anderen = [box(0, 0, 10, 10), Point(50, 50), box(20, 20, 30, 30)]
    nieuw = MultiPolygon([box(5, 5, 25, 25), box(45, 45, 55, 55)])
    uit = overlappen_met(nieuw, anderen)
    assert [(o.a, o.b, o.oppervlakte_m2) for o in uit] == [(0, 0, 25.0), (0, 1, 0.0), (0, 2, 25.0)]
    assert overlappen_met(nieuw, []) == []
    assert overlappende_paren([nieuw]) == []


def test_zelfde_uitkomst_als_paarsgewijs():
    """The indexed search finds exactly the pairs a brute-force double loop finds."""
    import random

    rnd = random.Random(7)
    geoms = []
    for _ in range(60):
        x, y = rnd.uniform(0, 500), rnd.uniform(0, 500)
        geoms.append(
            box(x, y, x + rnd.uniform(0.5, 80), y + rnd.uniform(0.5, 80))
            if rnd.random() < 0.7
            else Point(x, y)
        )
    verwacht = []
    for i in range(len(geoms)):
        for j in range(i + 1, len(geoms)):
            a, b = geoms[i], geoms[j]
            if a.intersects(b):
                m2 = a.intersection(b).area
                vlak = a.geom_type == b.geom_type == "Polygon"
                if not (vlak and m2 < MIN_OVERLAP_M2):
                    verwacht.append((i, j))
    assert [(o.a, o.b) for o in overlappende_paren(geoms)] == verwacht
    assert len(verwacht) > 5


def test_van_wgs84_bekende_punten():
    # Amersfoort, the origin of RD: lon 5.387206, lat 52.155174 (RD 155000, 463000)
    (amersfoort,) = van_wgs84([Point(5.38720621, 52.15517440)])
    assert (amersfoort.x, amersfoort.y) == pytest.approx((155000, 463000), abs=2)
    assert van_wgs84([None]) == [None]
    # rounded to millimetres by default, not at all with None
    (ruw,) = van_wgs84([Point(4.3077, 52.0783)], None)
    (mm,) = van_wgs84([Point(4.3077, 52.0783)])
    assert mm.x == round(ruw.x, 3) and ruw.x != mm.x


@settings(max_examples=50, deadline=None)
@given(
    x=st.floats(min_value=0, max_value=280_000),
    y=st.floats(min_value=300_000, max_value=620_000),
)
def test_rondreis_rd_lonlat_rd(x, y):
    """RD -> lon/lat (unrounded) -> RD returns the same point within a millimetre."""
    (terug,) = van_wgs84(naar_wgs84([Point(x, y)], None), None)
    assert terug.distance(Point(x, y)) < 0.001


def test_rondreis_behoudt_ringrichting():
    tegen_de_klok_in = box(80000, 450000, 80100, 450100)
    (terug,) = van_wgs84(naar_wgs84([tegen_de_klok_in], None))
    assert terug.exterior.is_ccw
    assert terug.symmetric_difference(tegen_de_klok_in).area < 0.01


def test_wgs84_grenzen_naar_rd_bevat_het_vak():
    vak = (4.2, 52.0, 4.4, 52.1)
    x0, y0, x1, y1 = wgs84_grenzen_naar_rd(vak)
    for hoek in van_wgs84([Point(4.2, 52.0), Point(4.4, 52.1), Point(4.2, 52.1), Point(4.4, 52.0)]):
        assert x0 - 0.01 <= hoek.x <= x1 + 0.01 and y0 - 0.01 <= hoek.y <= y1 + 0.01
