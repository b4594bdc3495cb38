"""The conversation agenda (*gespreksagenda*) of one municipality, working agreement 5b.

Each municipality draws up, in a start meeting (:class:`Startoverleg`: date and participants)
with its corporations and the province, an agenda of the opportunities and obstacles to discuss
locally. Any party may propose an item (:class:`Agendapunt`: topic, proposing party, linked cases
of the same municipality, the parties that carry the conversation on, planned date, status,
short outcome); the municipality owns the agenda and decides status and carrying parties. Each
corporation marks per municipality that it informed its tenants' organisation
(:class:`Geinformeerd`: date, optional note).

A *party* is ``gemeente``, ``provincie`` or a corporation's name, as for the owner of a case.
This module imports neither Flask, click nor SQLAlchemy; the rights are in :mod:`.rechten`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..errors import Probleem
from .casus import ID_MAX, _keuze, _lijst
from .model import _is_geheel, _tekst

__all__ = [
    "STATUSSEN_AGENDAPUNT",
    "MAX_DEELNEMERS",
    "Startoverleg",
    "Agendapunt",
    "Geinformeerd",
    "valideer_startoverleg",
    "valideer_agendapunt",
    "valideer_geinformeerd",
]

#: Statuses of an agenda item, in the order of its life.
STATUSSEN_AGENDAPUNT: tuple[str, ...] = (
    "voorgesteld",
    "geagendeerd",
    "besproken",
    "afgerond",
    "vervallen",
)
#: Most participants of a start meeting.
MAX_DEELNEMERS = 50


@dataclass
class Startoverleg:
    """The start meeting of a municipality's agenda: its date and participants (free text or
    party names, e.g. ``gemeente``, ``Staedion``, ``provincie``, ``Huurdersvereniging X``)."""

    gemeente: str
    datum: date | None = None
    deelnemers: list[str] = field(default_factory=list)
    opmerking: str | None = None
    id: int | None = None
    #: Row version (optimistic lock), kept by the store.
    versie: int | None = None
    gewijzigd: datetime | None = None


@dataclass
class Agendapunt:
    """One item of a municipality's conversation agenda."""

    gemeente: str
    onderwerp: str
    #: The proposing party: ``gemeente``, ``provincie`` or a corporation's name.
    voorgesteld_door: str
    toelichting: str | None = None
    #: Ids of linked cases (of the same municipality).
    casussen: list[int] = field(default_factory=list)
    #: The parties that carry the conversation on (decided by the municipality).
    trekkers: list[str] = field(default_factory=list)
    #: Planned date of the conversation.
    datum: date | None = None
    status: str = "voorgesteld"
    #: Short outcome.
    uitkomst: str | None = None
    id: int | None = None
    #: Row version (optimistic lock), kept by the store.
    versie: int | None = None
    aangemaakt: datetime | None = None
    gewijzigd: datetime | None = None


@dataclass
class Geinformeerd:
    """A corporation's mark that it informed its tenants' organisation (*huurdersorganisatie
    geïnformeerd*) about the agenda of one municipality, on ``datum``."""

    gemeente: str
    corporatie: str
    datum: date
    notitie: str | None = None
    id: int | None = None
    #: Row version (optimistic lock), kept by the store.
    versie: int | None = None
    gewijzigd: datetime | None = None


def _datum(p: list[Probleem], veld: str, waarde: Any, item: str, verplicht: bool) -> None:
    if waarde is None:
        if verplicht:
            p.append(Probleem(veld, None, "is verplicht (een datum JJJJ-MM-DD)", item))
        return
    if not isinstance(waarde, date) or isinstance(waarde, datetime):
        p.append(Probleem(veld, waarde, "moet een datum zijn (JJJJ-MM-DD)", item))
    elif not 2000 <= waarde.year <= 2100:
        p.append(Probleem(veld, waarde.isoformat(), "moet tussen 2000 en 2100 liggen", item))


def _teksten(
    p: list[Probleem], veld: str, waarden: Any, item: str, maximum: int, aantal: int
) -> None:
    """A list of at most ``aantal`` different non-empty texts of at most ``maximum`` chars."""
    if not _lijst(p, veld, waarden, item):
        return
    if len(waarden) > aantal:
        p.append(Probleem(veld, len(waarden), f"te veel: hoogstens {aantal}", item))
        return
    for i, w in enumerate(waarden, start=1):
        _tekst(p, f"{veld}[{i}]", w, item, maximum, True)
    if len({w for w in waarden if isinstance(w, str)}) != len(waarden):
        p.append(Probleem(veld, waarden, "elke waarde hoogstens één keer", item))


def valideer_startoverleg(s: Startoverleg) -> list[Probleem]:
    """All rule violations of a start meeting."""
    item = f"startoverleg {s.gemeente}"
    p: list[Probleem] = []
    _tekst(p, "gemeente", s.gemeente, item, 10, True)
    _datum(p, "datum", s.datum, item, False)
    _teksten(p, "deelnemers", s.deelnemers, item, 200, MAX_DEELNEMERS)
    _tekst(p, "opmerking", s.opmerking, item, 4000, False)
    return p


def valideer_agendapunt(a: Agendapunt) -> list[Probleem]:
    """All rule violations of an agenda item (the parties and cases are checked by the store
    against what is stored)."""
    item = f"agendapunt {a.id or repr(a.onderwerp)}"
    p: list[Probleem] = []
    _tekst(p, "gemeente", a.gemeente, item, 10, True)
    _tekst(p, "onderwerp", a.onderwerp, item, 300, True)
    _tekst(p, "toelichting", a.toelichting, item, 4000, False)
    _tekst(p, "voorgesteld_door", a.voorgesteld_door, item, 100, True)
    _keuze(p, "status", a.status, STATUSSEN_AGENDAPUNT, item)
    _tekst(p, "uitkomst", a.uitkomst, item, 2000, False)
    _datum(p, "datum", a.datum, item, False)
    if _lijst(p, "casussen", a.casussen, item):
        fout = [i for i in a.casussen if not _is_geheel(i) or not 1 <= i <= ID_MAX]
        if fout:
            p.append(
                Probleem(
                    "casussen", fout, "moeten casus-ids (positieve gehele getallen) zijn", item
                )
            )
        elif len(set(a.casussen)) != len(a.casussen):
            p.append(Probleem("casussen", a.casussen, "elke casus hoogstens één keer", item))
    _teksten(p, "trekkers", a.trekkers, item, 100, MAX_DEELNEMERS)
    return p


def valideer_geinformeerd(g: Geinformeerd) -> list[Probleem]:
    """All rule violations of a tenants' organisation mark."""
    item = f"huurdersorganisatie van {g.corporatie} in {g.gemeente}"
    p: list[Probleem] = []
    _tekst(p, "gemeente", g.gemeente, item, 10, True)
    _tekst(p, "corporatie", g.corporatie, item, 100, True)
    _datum(p, "datum", g.datum, item, True)
    _tekst(p, "notitie", g.notitie, item, 2000, False)
    return p
