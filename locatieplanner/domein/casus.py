"""Cases (*casussen*) and contributions (*bijdragen*) of working agreement 5b and their rules.

A case belongs to one municipality and is either an opportunity (``kans``: extra target-group
dwellings that can be added) or a bottleneck (``knelpunt``). It links zero or more sites and/or
has its own area (EPSG:28992), a category from the region's list, the questions of the agreement
it answers (1-4), solution directions (each with a status), a potential per delivery year (extra
DAEB and extra other target-group dwellings if it succeeds: :class:`Potentieel`, summed per
municipality and year by :func:`potentieel_per_jaar`), a status, an owner and dates.

A contribution is what one party (the municipality, one corporation, the province) will do for
a case; there is at most one per party per case. This module imports neither Flask, click nor
SQLAlchemy; the rights are in :mod:`.rechten`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from shapely.geometry.base import BaseGeometry

from ..errors import Probleem
from .model import _aantal, _is_geheel, _jaar, _tekst, valideer_geometrie

__all__ = [
    "SOORTEN_CASUS",
    "STATUSSEN_CASUS",
    "OPEN_STATUSSEN",
    "VRAGEN",
    "STATUSSEN_OPLOSSING",
    "PARTIJEN",
    "SOORTEN_BIJDRAGE",
    "STATUSSEN_BIJDRAGE",
    "STANDAARD_CATEGORIEEN",
    "BEDRAG_MAX",
    "ID_MAX",
    "MAX_ITEMS",
    "Oplossingsrichting",
    "Potentieel",
    "Casus",
    "Bijdrage",
    "partijnaam",
    "valideer_casus",
    "valideer_bijdrage",
    "potentieel_per_jaar",
    "kansrijen",
]

#: Kinds of case.
SOORTEN_CASUS: tuple[str, ...] = ("kans", "knelpunt")
#: Statuses of a case.
STATUSSEN_CASUS: tuple[str, ...] = ("open", "in gesprek", "opgelost", "vervallen")
#: Statuses of a case whose potential still counts as an open opportunity.
OPEN_STATUSSEN: frozenset[str] = frozenset({"open", "in gesprek"})
#: The four questions of working agreement 5b.
VRAGEN: dict[int, str] = {
    1: "Hoe kan meer doelgroepvoorraad aan nieuwbouwplannen worden toegevoegd?",
    2: "Wat zijn de knelpunten en mogelijke oplossingsrichtingen?",
    3: "Hoe kan elke partij (gemeente, corporaties, provincie) bijdragen?",
    4: "Hoe plannen we zo dat tijdelijke dips in de doelgroepvoorraad klein blijven?",
}
#: Statuses of one solution direction.
STATUSSEN_OPLOSSING: tuple[str, ...] = (
    "voorgesteld",
    "in onderzoek",
    "gekozen",
    "uitgevoerd",
    "afgewezen",
)
#: The parties of a contribution (a corporation is named apart).
PARTIJEN: tuple[str, ...] = ("gemeente", "corporatie", "provincie")
#: Kinds of contribution.
SOORTEN_BIJDRAGE: tuple[str, ...] = (
    "grond",
    "financiering/subsidie",
    "procedure",
    "capaciteit",
    "lobby",
    "anders",
)
#: Statuses of a contribution.
STATUSSEN_BIJDRAGE: tuple[str, ...] = ("toegezegd", "in uitvoering", "geleverd", "vervallen")
#: Categories of a case when the region file lists none (``categorieen`` in the region TOML).
STANDAARD_CATEGORIEEN: tuple[str, ...] = (
    "grondpositie",
    "financiële haalbaarheid",
    "ruimtelijke procedure/bezwaar",
    "stikstof",
    "netcongestie",
    "parkeernorm",
    "bodem/milieu",
    "ambtelijke capaciteit",
    "marktomstandigheden",
    "overig",
)
#: Largest amount of a contribution (euros).
BEDRAG_MAX = 10_000_000_000
#: Most linked sites, solution directions or potential years of one case.
MAX_ITEMS = 100
#: Largest id of a stored item (32-bit integer columns).
ID_MAX = 2**31 - 1
#: Geometry types of a case's own area.
_GEBIED_TYPEN = ("Point", "Polygon", "MultiPolygon")


@dataclass
class Oplossingsrichting:
    """One possible way to solve a bottleneck or use an opportunity, with its status."""

    tekst: str
    status: str = "voorgesteld"


@dataclass
class Potentieel:
    """Extra dwellings if the case succeeds, delivered in ``jaar``: ``daeb`` social rent and
    ``overig`` other target-group dwellings (e.g. affordable owner-occupied)."""

    jaar: int
    daeb: int = 0
    overig: int = 0


@dataclass
class Casus:
    """An opportunity or bottleneck of one municipality (working agreement 5b)."""

    gemeente: str
    soort: str
    titel: str
    categorie: str
    beschrijving: str | None = None
    vragen: list[int] = field(default_factory=list)
    locaties: list[int] = field(default_factory=list)
    #: Own area (EPSG:28992), e.g. a not-yet-drawn plan area; optional.
    gebied: BaseGeometry | None = None
    oplossingsrichtingen: list[Oplossingsrichting] = field(default_factory=list)
    potentieel: list[Potentieel] = field(default_factory=list)
    status: str = "open"
    #: The party that carries the case: ``gemeente``, ``provincie`` or a corporation's name.
    eigenaar: str = "gemeente"
    streefdatum: date | None = None
    id: int | None = None
    #: Row version (optimistic lock), kept by the store.
    versie: int | None = None
    aangemaakt: datetime | None = None
    gewijzigd: datetime | None = None

    @property
    def potentieel_daeb(self) -> int:
        return sum(p.daeb for p in self.potentieel)

    @property
    def potentieel_overig(self) -> int:
        return sum(p.overig for p in self.potentieel)


@dataclass
class Bijdrage:
    """What one party will do for a case: at most one per party (and corporation) per case."""

    casus: int
    partij: str
    wat: str
    soort: str
    status: str = "toegezegd"
    #: The corporation's name when ``partij`` is ``corporatie``.
    corporatie: str | None = None
    #: Optional amount in euros.
    bedrag: float | None = None
    id: int | None = None
    #: Row version (optimistic lock), kept by the store.
    versie: int | None = None
    gewijzigd: datetime | None = None

    @property
    def partijnaam(self) -> str:
        return partijnaam(self.partij, self.corporatie)


def partijnaam(partij: str, corporatie: str | None) -> str:
    """``gemeente``, ``provincie`` or the corporation's name (one key per party of a case)."""
    return corporatie if partij == "corporatie" and corporatie else partij


def _keuze(
    p: list[Probleem], veld: str, waarde: Any, toegestaan: Sequence[str], item: str | None
) -> None:
    if waarde not in toegestaan:
        p.append(
            Probleem(
                veld, waarde, "niet toegestaan; toegestaan zijn " + ", ".join(toegestaan), item
            )
        )


def _lijst(p: list[Probleem], veld: str, waarde: Any, item: str | None) -> bool:
    if not isinstance(waarde, list):
        p.append(Probleem(veld, type(waarde).__name__, "moet een lijst zijn", item))
        return False
    if len(waarde) > MAX_ITEMS:
        p.append(Probleem(veld, len(waarde), f"te veel: hoogstens {MAX_ITEMS}", item))
        return False
    return True


def valideer_casus(c: Casus, categorieen: Iterable[str] = STANDAARD_CATEGORIEEN) -> list[Probleem]:
    """All rule violations of a case; ``categorieen``: the region's list."""
    item = f"casus {c.id or repr(c.titel)}"
    p: list[Probleem] = []
    _tekst(p, "gemeente", c.gemeente, item, 10, True)
    _keuze(p, "soort", c.soort, SOORTEN_CASUS, item)
    _tekst(p, "titel", c.titel, item, 200, True)
    _tekst(p, "beschrijving", c.beschrijving, item, 8000, False)
    _keuze(p, "categorie", c.categorie, list(categorieen), item)
    _keuze(p, "status", c.status, STATUSSEN_CASUS, item)
    _tekst(p, "eigenaar", c.eigenaar, item, 100, True)
    if c.streefdatum is not None and not isinstance(c.streefdatum, date):
        p.append(Probleem("streefdatum", c.streefdatum, "moet een datum zijn (JJJJ-MM-DD)", item))
    if _lijst(p, "vragen", c.vragen, item):
        fout = [v for v in c.vragen if not _is_geheel(v) or v not in VRAGEN]
        if fout:
            p.append(Probleem("vragen", fout, "toegestaan zijn de vragen 1, 2, 3 en 4", item))
        elif len(set(c.vragen)) != len(c.vragen):
            p.append(Probleem("vragen", c.vragen, "elke vraag hoogstens één keer", item))
    if _lijst(p, "locaties", c.locaties, item):
        fout = [i for i in c.locaties if not _is_geheel(i) or not 1 <= i <= ID_MAX]
        if fout:
            p.append(
                Probleem(
                    "locaties", fout, "moeten locatie-ids (positieve gehele getallen) zijn", item
                )
            )
        elif len(set(c.locaties)) != len(c.locaties):
            p.append(Probleem("locaties", c.locaties, "elke locatie hoogstens één keer", item))
    if c.gebied is not None:
        p.extend(valideer_geometrie(c.gebied, item, _GEBIED_TYPEN, "gebied"))
    if _lijst(p, "oplossingsrichtingen", c.oplossingsrichtingen, item):
        for i, o in enumerate(c.oplossingsrichtingen, start=1):
            veld = f"oplossingsrichtingen[{i}]"
            if not isinstance(o, Oplossingsrichting):
                p.append(
                    Probleem(veld, o, "moet een oplossingsrichting (tekst, status) zijn", item)
                )
                continue
            _tekst(p, f"{veld}.tekst", o.tekst, item, 2000, True)
            _keuze(p, f"{veld}.status", o.status, STATUSSEN_OPLOSSING, item)
    if _lijst(p, "potentieel", c.potentieel, item):
        jaren: list[Any] = []
        for i, pot in enumerate(c.potentieel, start=1):
            veld = f"potentieel[{i}]"
            if not isinstance(pot, Potentieel):
                p.append(Probleem(veld, pot, "moet een potentieel (jaar, daeb, overig) zijn", item))
                continue
            if pot.jaar is None:
                p.append(Probleem(f"{veld}.jaar", None, "is verplicht (het opleverjaar)", item))
            _jaar(p, f"{veld}.jaar", pot.jaar, item)
            _aantal(p, f"{veld}.daeb", pot.daeb, item)
            _aantal(p, f"{veld}.overig", pot.overig, item)
            jaren.append(pot.jaar)
        dubbel = sorted({j for j in jaren if _is_geheel(j) and jaren.count(j) > 1})
        if dubbel:
            p.append(Probleem("potentieel", dubbel, "elk opleverjaar hoogstens één keer", item))
    return p


def valideer_bijdrage(b: Bijdrage) -> list[Probleem]:
    """All rule violations of a contribution."""
    item = f"bijdrage {b.id or ''} van {b.partijnaam}".replace("  ", " ")
    p: list[Probleem] = []
    if not _is_geheel(b.casus) or not 1 <= b.casus <= ID_MAX:
        p.append(Probleem("casus", b.casus, "moet het id van een casus zijn", item))
    _keuze(p, "partij", b.partij, PARTIJEN, item)
    if b.partij == "corporatie":
        _tekst(p, "corporatie", b.corporatie, item, 100, True)
    elif b.corporatie is not None:
        p.append(
            Probleem(
                "corporatie", b.corporatie, "alleen bij partij corporatie een corporatie", item
            )
        )
    _tekst(p, "wat", b.wat, item, 4000, True)
    _keuze(p, "soort", b.soort, SOORTEN_BIJDRAGE, item)
    _keuze(p, "status", b.status, STATUSSEN_BIJDRAGE, item)
    if b.bedrag is not None and (
        isinstance(b.bedrag, bool)
        or not isinstance(b.bedrag, int | float)
        or not 0 <= b.bedrag <= BEDRAG_MAX
        or b.bedrag != b.bedrag
    ):
        p.append(
            Probleem(
                "bedrag", b.bedrag, "moet een bedrag in euro's van 0 tot 10 miljard zijn", item
            )
        )
    return p


def potentieel_per_jaar(casussen: Iterable[Casus]) -> dict[tuple[str, int], tuple[int, int]]:
    """The potential of the OPEN opportunities (``kans``, status open or in gesprek) as
    (gemeente, jaar) -> (extra DAEB, extra other target-group dwellings)."""
    som: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for c in casussen:
        if c.soort != "kans" or c.status not in OPEN_STATUSSEN:
            continue
        for pot in c.potentieel:
            som[(c.gemeente, pot.jaar)][0] += pot.daeb
            som[(c.gemeente, pot.jaar)][1] += pot.overig
    return {k: (v[0], v[1]) for k, v in sorted(som.items())}


def kansrijen(casussen: Iterable[Casus]) -> list[dict[str, Any]]:
    """The potential of the OPEN opportunities (``kans``, status open or in gesprek) as plain
    rows ``casus, gemeente, jaar, daeb, overig`` (one per case and delivery year), by case id and
    year: what the analysis reads as its table of potentials."""
    return [
        {"casus": c.id, "gemeente": c.gemeente, "jaar": p.jaar, "daeb": p.daeb, "overig": p.overig}
        for c in sorted(casussen, key=lambda c: c.id or 0)
        if c.soort == "kans" and c.status in OPEN_STATUSSEN
        for p in sorted(c.potentieel, key=lambda p: p.jaar)
    ]
