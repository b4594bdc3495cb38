"""The bulk import's quick check of a site's rules (``zeker_geldig``) never passes a site that
``valideer_locatie`` would refuse: random sites from values on and around every rule's edges,
and the sites an ordinary file has pass it (so the messages are only made for the others)."""

from __future__ import annotations

import random

from shapely.geometry import Point

from locatieplanner.domein.model import (
    AANTAL_MAX,
    JAAR_MAX,
    JAAR_MIN,
    SEGMENTEN,
    Locatie,
    Toewijzing,
    valideer_locatie,
    zeker_geldig,
)


class _Tekst(str):
    """A text of another type than ``str`` (the quick check wants the plain type)."""


TEKSTEN = [
    None,
    "",
    "  ",
    "a",
    "Staedion",
    "x" * 100,
    "x" * 101,
    "x" * 200,
    "y" * 201,
    5,
    _Tekst("b"),
]
OPMERKINGEN = [None, "", "kort", "z" * 4000, "z" * 4001, 3]
STATUSSEN = ["1A", "2A", "3", "2", "1a", "9", None, 1]
FASEN = [None, 0, 3, 5, 9, -1, True, 2.0, "2"]
AANTALLEN = [0, 1, 10, 60, AANTAL_MAX, AANTAL_MAX + 1, -1, None, True, 3.0, "4"]
JAREN = [None, JAAR_MIN, JAAR_MIN - 1, 2025, 2030, JAAR_MAX, JAAR_MAX + 1, True, 2025.0, "2025"]


def _gewoon(kans: random.Random, i: int) -> Locatie:
    """A site as an ordinary file gives it: every rule met."""
    start = kans.randint(2024, 2030)
    loc = Locatie(
        naam=f"Plan {i}",
        geometry=Point(80000, 452000),
        status=kans.choice(["1A", "1B", "2A", "3"]),
        bron_id=kans.choice([None, f"B{i}"]),
        fase=kans.choice([None, 0, 5]),
        start=kans.choice([None, start]),
        oplevering=start + kans.randint(0, 3),
        opmerking=kans.choice([None, "", "let op"]),
        daeb=60,
    )
    jaren = kans.sample([None, start, start + 1], kans.randint(0, 3))
    loc.toewijzingen = [Toewijzing("Staedion", 20, jaar) for jaar in jaren]
    return loc


def _toewijzing(kans: random.Random) -> Toewijzing:
    return Toewijzing(
        kans.choice(["Staedion", "Vidomes", "Staedion", "", None, "w" * 101, 7]),
        kans.choice(AANTALLEN),
        kans.choice(JAREN),
    )


#: Per field the values a random site may get instead of its ordinary one.
WAARDEN = {
    "naam": TEKSTEN,
    "bron_id": TEKSTEN,
    "opmerking": OPMERKINGEN,
    "status": STATUSSEN,
    "fase": FASEN,
    "start": JAREN,
    "oplevering": JAREN,
    **dict.fromkeys(SEGMENTEN, AANTALLEN),
}


def _locatie(kans: random.Random, i: int) -> Locatie:
    """An ordinary site with one to three fields or assignments set to values on and around
    the rules' edges."""
    loc = _gewoon(kans, i)
    for _ in range(kans.randint(1, 3)):
        if kans.random() < 0.25:
            loc.toewijzingen = [*loc.toewijzingen, _toewijzing(kans)]
        else:
            veld = kans.choice(list(WAARDEN))
            setattr(loc, veld, kans.choice(WAARDEN[veld]))
    return loc


def test_snelle_controle_laat_nooit_een_fout_door():
    kans = random.Random(20261201)
    geslaagd = 0
    for i in range(40_000):
        loc = _locatie(kans, i)
        try:
            verwacht = valideer_locatie(loc, met_geometrie=False)
        except TypeError:  # an unhashable value: both raise alike
            continue
        if zeker_geldig(loc):
            geslaagd += 1
            assert verwacht == [], loc
    assert geslaagd > 0  # the random sites do reach the quick path


def test_gewone_locaties_komen_door_de_snelle_controle():
    kans = random.Random(7)
    for i in range(2_000):
        loc = _gewoon(kans, i)
        assert valideer_locatie(loc, met_geometrie=False) == []
        assert zeker_geldig(loc), loc
    # and each rule still stops it (the exact message comes from valideer_locatie)
    for veld, waarde in [
        ("naam", " "),
        ("status", "4"),
        ("daeb", 10),  # less than its assignments
        ("start", 2040),  # after the delivery
        ("opmerking", "o" * 4001),
    ]:
        loc = _gewoon(random.Random(1), 1)
        loc.toewijzingen = [Toewijzing("Staedion", 20, 2030)]
        setattr(loc, veld, waarde)
        assert valideer_locatie(loc, met_geometrie=False) != []
        assert not zeker_geldig(loc), veld
