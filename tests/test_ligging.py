"""Grenzen.aandelen_per (the border shares of many sites at once) gives exactly what
Grenzen.bepaal gives per site: the same municipalities, in the same order, with the same values."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point, Polygon, box

from locatieplanner.domein.ligging import Grenzen

# three municipalities side by side (EPSG:28992 metres), one of them outside the region
GRENZEN = {
    "0001": box(0, 0, 1000, 1000),
    "0002": box(1000, 0, 2000, 1000),
    "0003": Polygon([(0, 1000), (2000, 1000), (1000, 2000)]),
}
REGIO = ["0001", "0002"]


def _per_stuk(grenzen: Grenzen, geometrieen: list) -> list[list[tuple[str, float]]]:
    return [[] if g is None else list(grenzen.bepaal(g).aandelen.items()) for g in geometrieen]


def test_aandelen_per_gelijk_aan_bepaal_per_locatie() -> None:
    grenzen = Grenzen(GRENZEN, REGIO)
    geometrieen = [
        box(100, 100, 200, 200),  # inside one
        box(950, 100, 1100, 200),  # over the border of two
        box(900, 900, 1100, 1100),  # over three
        box(1900, 900, 2100, 1100),  # partly outside every municipality
        box(5000, 5000, 5100, 5100),  # outside all
        Point(500, 500),
        Point(1000, 500),  # on the shared border: both, share 1.0
        Point(9000, 9000),
        None,
        Polygon([(10, 10), (20, 20), (30, 30)]),  # area 0: no shares
        LineString([(10, 10), (1500, 10)]),  # not a polygon, area 0
    ]
    verwacht = _per_stuk(grenzen, geometrieen)
    gekregen = [list(d.items()) for d in grenzen.aandelen_per(geometrieen)]
    assert gekregen == verwacht
    assert [k for k, _ in gekregen[2]] == [k for k, _ in verwacht[2]]
    assert gekregen[6] == [("0001", 1.0), ("0002", 1.0)]


def test_aandelen_per_zonder_grenzen_of_locaties() -> None:
    assert Grenzen({}, REGIO).aandelen_per([box(0, 0, 1, 1), None]) == [{}, {}]
    assert Grenzen(GRENZEN, REGIO).aandelen_per([]) == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(-200, 2200), st.floats(-200, 2200), st.floats(0, 400), st.floats(0, 400)
        ),
        min_size=1,
        max_size=12,
    )
)
def test_aandelen_per_altijd_gelijk_aan_bepaal(vakken: list) -> None:
    grenzen = Grenzen(GRENZEN, REGIO)
    geometrieen = [
        Point(x, y) if b == 0 or h == 0 else box(x, y, x + b, y + h) for x, y, b, h in vakken
    ]
    gekregen = [list(d.items()) for d in grenzen.aandelen_per(geometrieen)]
    assert gekregen == _per_stuk(grenzen, geometrieen)
