"""Domain model: gemeente, corporatie, locatie, toewijzing, onttrekking, bod and their rules.

Field names are the external contract (imports, exports, API, analysis). They are at most ten
characters long so that the same names survive a shapefile. Geometries are shapely objects in
EPSG:28992 (RD New). This module imports neither Flask nor click.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from shapely import get_coordinates
from shapely.geometry.base import BaseGeometry

from ..crs import RD_GRENZEN
from ..errors import Probleem, ValidatieFout

__all__ = [
    "zeker_geldig",
    "CRS",
    "STATUSSEN",
    "HARDE_STATUSSEN",
    "ZACHTE_STATUSSEN",
    "FASEN",
    "SEGMENTEN",
    "LOCATIE_INVOERVELDEN",
    "SOORTEN_ONTTREKKING",
    "LIGGINGEN",
    "RD_GRENZEN",
    "AANTAL_MAX",
    "JAAR_MIN",
    "JAAR_MAX",
    "hardheid",
    "Gemeente",
    "Corporatie",
    "Locatie",
    "Toewijzing",
    "Onttrekking",
    "Bod",
    "valideer_locatie",
    "valideer_toewijzingen",
    "valideer_onttrekking",
    "valideer_bod",
    "valideer_gemeente",
    "valideer_corporatie",
    "valideer_geometrie",
    "gooi_als_problemen",
]

#: Storage and computation CRS: Amersfoort / RD New.
CRS = "EPSG:28992"

#: Plan statuses of the province of Zuid-Holland, with their meaning.
STATUSSEN: dict[str, str] = {
    "1A": "Vastgesteld plan, onherroepelijk",
    "1B": "Vastgesteld plan, nog niet onherroepelijk",
    "1C": "Plan in procedure (ontwerp ter inzage)",
    "2A": "Past in geldend plan, omgevingsvergunning verleend",
    "2B": "Past in geldend plan, vergunning aangevraagd",
    "2C": "Uitwerkings- of wijzigingsplicht, nog niet uitgewerkt",
    "3": "Plan in voorbereiding (intentie, nog geen procedure)",
    "4A": "Potentiële locatie met bestuurlijk commitment",
    "4B": "Zoeklocatie zonder commitment",
}
HARDE_STATUSSEN: frozenset[str] = frozenset({"1A", "1B", "2A", "2B"})
ZACHTE_STATUSSEN: frozenset[str] = frozenset(STATUSSEN) - HARDE_STATUSSEN

#: Project phases, 0 Studie .. 7 Afgerond.
FASEN: dict[int, str] = {
    0: "Studie",
    1: "Initiatief",
    2: "Haalbaarheid",
    3: "Definitie",
    4: "Ontwerp",
    5: "Voorbereiding",
    6: "Realisatie",
    7: "Afgerond",
}

#: Dwelling-count segments of a site, with their meaning.
SEGMENTEN: dict[str, str] = {
    "daeb": "Sociale huur door een corporatie (DAEB)",
    "soc_huur": "Sociale huur door andere verhuurders",
    "goedk_koop": "Goedkope koop (doelgroep)",
    "midden": "Middenhuur",
    "bet_koop": "Betaalbare koop (middeninkomens)",
    "overig": "Overige woningen",
}

#: Fields of a site that a supplier gives (file column names = domain field names); the rest
#: (``id``, ``ligging``, ``hardheid``, ``versie``, timestamps) is derived or kept by the store.
LOCATIE_INVOERVELDEN: tuple[str, ...] = (
    "bron_id",
    "naam",
    "gemeente",
    "status",
    "fase",
    *SEGMENTEN,
    "start",
    "oplevering",
    "opmerking",
)

SOORTEN_ONTTREKKING: tuple[str, ...] = (
    "sloop",
    "verkoop",
    "liberalisatie",
    "samenvoeging",
    "overig",
)

#: How a site lies relative to the municipal boundaries (derived by spatial join).
LIGGINGEN: dict[str, str] = {
    "binnen": "Ligt binnen één gemeente van de regio",
    "grens": "Ligt over een gemeentegrens",
    "buiten": "Ligt buiten de regio",
    "onbekend": "Geen gemeentegrenzen geladen; gemeente niet ruimtelijk gecontroleerd",
}

#: Largest count of dwellings in one item (far above any real site; keeps integers in range).
AANTAL_MAX = 1_000_000

#: Plausible years for start and delivery.
JAAR_MIN = 2000
JAAR_MAX = 2050

_GEOMETRIE_TYPEN_LOCATIE = ("Point", "Polygon", "MultiPolygon")


def hardheid(status: str) -> str:
    """``hard`` for statuses 1A, 1B, 2A, 2B; ``zacht`` for 1C, 2C, 3, 4A, 4B."""
    if status not in STATUSSEN:
        raise ValidatieFout([_status_probleem(status)])
    return "hard" if status in HARDE_STATUSSEN else "zacht"


def _status_probleem(status: Any, item: str | None = None) -> Probleem:
    return Probleem(
        "status",
        status,
        "onbekende planstatus; toegestaan zijn " + ", ".join(STATUSSEN),
        item,
    )


@dataclass
class Gemeente:
    """A municipality with its boundary and start stocks."""

    gemeente: str
    naam: str
    geometry: BaseGeometry | None = None
    woningen: int | None = None
    doelgroep: int | None = None
    peiljaar: int | None = None


@dataclass
class Corporatie:
    """A housing corporation and the municipalities (codes) it works in."""

    naam: str
    code: str | None = None
    gemeenten: list[str] = field(default_factory=list)
    id: int | None = None
    #: Row version (optimistic lock), kept by the store.
    versie: int | None = None
    #: Names it had before a rename or a merge (kept by the store; imports still recognise them).
    eerdere_namen: list[str] = field(default_factory=list)


@dataclass
class Toewijzing:
    """Part of a site's DAEB units assigned to one corporation, with its own delivery year."""

    corporatie: str
    daeb: int
    oplevering: int | None = None
    id: int | None = None
    locatie: int | None = None


@dataclass
class Locatie:
    """A building site with its dwelling counts per segment and its plan status."""

    naam: str
    geometry: BaseGeometry | None
    status: str
    bron_id: str | None = None
    gemeente: str | None = None
    ligging: str | None = None
    fase: int | None = None
    daeb: int = 0
    soc_huur: int = 0
    goedk_koop: int = 0
    midden: int = 0
    bet_koop: int = 0
    overig: int = 0
    start: int | None = None
    oplevering: int | None = None
    opmerking: str | None = None
    toewijzingen: list[Toewijzing] = field(default_factory=list)
    id: int | None = None
    versie: int | None = None
    aangemaakt: datetime | None = None
    gewijzigd: datetime | None = None

    @property
    def hardheid(self) -> str:
        return hardheid(self.status)

    @property
    def totaal(self) -> int:
        return sum(getattr(self, s) for s in SEGMENTEN)

    @property
    def daeb_toegewezen(self) -> int:
        return sum(t.daeb for t in self.toewijzingen)

    @property
    def daeb_niet_toegewezen(self) -> int:
        return self.daeb - self.daeb_toegewezen

    @classmethod
    def uit_dict(cls, data: Mapping[str, Any]) -> Locatie:
        """Build from a mapping with the canonical field names; unknown keys are an error."""
        bekend = {f.name for f in fields(cls)}
        onbekend = sorted(set(data) - bekend - {"hardheid"})
        if onbekend:
            raise ValidatieFout(
                [
                    Probleem(
                        k, data[k], "onbekend veld; toegestaan zijn " + ", ".join(sorted(bekend))
                    )
                    for k in onbekend
                ]
            )
        waarden = dict(data)
        waarden.pop("hardheid", None)
        toew = [
            t if isinstance(t, Toewijzing) else Toewijzing(**t)
            for t in waarden.pop("toewijzingen", []) or []
        ]
        return cls(toewijzingen=toew, **waarden)


@dataclass
class Onttrekking:
    """A removal from the target-group stock (demolition, sale, liberalisation, ...)."""

    gemeente: str
    jaar: int
    aantal: int
    soort: str
    corporatie: str | None = None
    locatie: int | None = None
    opmerking: str | None = None
    id: int | None = None
    #: Row version (optimistic lock), kept by the store.
    versie: int | None = None


@dataclass
class Bod:
    """One version (``origineel``, ``aangescherpt``, ...) of a municipality's DAEB bid 2021-2030."""

    gemeente: str
    versie: str
    datum: date
    daeb: int
    opmerking: str | None = None
    id: int | None = None
    #: Row version (optimistic lock), kept by the store; ``versie`` is the bid version's name.
    rijversie: int | None = None


# --------------------------------------------------------------------------- validation


def _is_geheel(waarde: Any) -> bool:
    return isinstance(waarde, int) and not isinstance(waarde, bool)


def _aantal(
    problemen: list[Probleem], veld: str, waarde: Any, item: str | None, verplicht: bool = True
) -> None:
    if waarde is None and not verplicht:
        return
    if not _is_geheel(waarde) or not 0 <= waarde <= AANTAL_MAX:
        problemen.append(
            Probleem(veld, waarde, "moet een geheel getal van 0 tot en met 1.000.000 zijn", item)
        )


def _jaar(problemen: list[Probleem], veld: str, waarde: Any, item: str | None) -> None:
    if waarde is None:
        return
    if not _is_geheel(waarde) or not JAAR_MIN <= waarde <= JAAR_MAX:
        problemen.append(
            Probleem(
                veld, waarde, f"moet een jaartal van {JAAR_MIN} tot en met {JAAR_MAX} zijn", item
            )
        )


def _tekst(
    problemen: list[Probleem],
    veld: str,
    waarde: Any,
    item: str | None,
    maximum: int,
    verplicht: bool,
) -> None:
    if waarde is None or (isinstance(waarde, str) and not waarde.strip()):
        if verplicht:
            problemen.append(Probleem(veld, waarde, "is verplicht en mag niet leeg zijn", item))
        return
    if not isinstance(waarde, str):
        problemen.append(Probleem(veld, waarde, "moet tekst zijn", item))
    elif len(waarde) > maximum:
        problemen.append(
            Probleem(veld, waarde[:40] + "…", f"is te lang: hoogstens {maximum} tekens", item)
        )


def valideer_geometrie(
    geometrie: Any,
    item: str | None = None,
    typen: Iterable[str] = _GEOMETRIE_TYPEN_LOCATIE,
    veld: str = "geometry",
) -> list[Probleem]:
    """Problems with a geometry: missing, empty, wrong type, invalid, non-finite or outside RD."""
    from shapely.validation import explain_validity

    typen = tuple(typen)
    if geometrie is None:
        return [Probleem(veld, None, "ontbreekt; een geometrie is verplicht", item)]
    if not isinstance(geometrie, BaseGeometry):
        return [Probleem(veld, type(geometrie).__name__, "is geen geometrie", item)]
    if geometrie.is_empty:
        return [Probleem(veld, geometrie.geom_type, "is leeg", item)]
    if geometrie.geom_type not in typen:
        return [
            Probleem(
                veld,
                geometrie.geom_type,
                "geometrietype niet toegestaan; toegestaan zijn " + ", ".join(typen),
                item,
            )
        ]
    coords = get_coordinates(geometrie)
    if not all(math.isfinite(v) for v in coords.ravel()):
        return [
            Probleem(veld, "NaN/oneindig", "bevat ongeldige coördinaten (NaN of oneindig)", item)
        ]
    minx, miny, maxx, maxy = geometrie.bounds
    gx0, gy0, gx1, gy1 = RD_GRENZEN
    if minx < gx0 or miny < gy0 or maxx > gx1 or maxy > gy1:
        hint = ""
        if -180 <= minx <= 180 and -90 <= miny <= 90 and maxx <= 180 and maxy <= 90:
            hint = " (dit lijken lengte/breedtegraden: geef het CRS EPSG:4326 op)"
        return [
            Probleem(
                veld,
                f"({minx:.0f}, {miny:.0f}) - ({maxx:.0f}, {maxy:.0f})",
                f"valt buiten Nederland in EPSG:28992 (RD New){hint}",
                item,
            )
        ]
    if not geometrie.is_valid:
        return [Probleem(veld, explain_validity(geometrie), "is ongeldig", item)]
    return []


def valideer_toewijzingen(
    daeb: Any, toewijzingen: Iterable[Toewijzing], item: str | None = None
) -> list[Probleem]:
    """Problems with a site's assignments: bad counts or years, or more than the site's DAEB."""
    problemen: list[Probleem] = []
    totaal = 0
    gezien: set[tuple[str, int | None]] = set()
    for i, t in enumerate(toewijzingen, start=1):
        sub = f"{item or 'locatie'} toewijzing {i}"
        _tekst(problemen, "corporatie", t.corporatie, sub, 100, True)
        _aantal(problemen, "daeb", t.daeb, sub)
        _jaar(problemen, "oplevering", t.oplevering, sub)
        if _is_geheel(t.daeb):
            totaal += t.daeb
        sleutel = (t.corporatie, t.oplevering)
        if sleutel in gezien:
            problemen.append(
                Probleem(
                    "corporatie",
                    t.corporatie,
                    f"komt dubbel voor met oplevering {t.oplevering}; voeg de aantallen samen",
                    sub,
                )
            )
        gezien.add(sleutel)
    if _is_geheel(daeb) and daeb >= 0 and totaal > daeb:
        problemen.append(
            Probleem(
                "toewijzingen",
                totaal,
                f"samen meer DAEB-woningen toegewezen dan de locatie heeft (daeb = {daeb})",
                item,
            )
        )
    return problemen


def valideer_locatie(locatie: Locatie, met_geometrie: bool = True) -> list[Probleem]:
    """All rule violations of a site (empty list when valid); without ``met_geometrie`` the
    geometry is not checked (a caller that checked it already)."""
    item = locatie.bron_id or locatie.naam or (f"locatie {locatie.id}" if locatie.id else None)
    item = f"locatie {item!r}" if item else "locatie"
    p: list[Probleem] = []
    _tekst(p, "naam", locatie.naam, item, 200, True)
    _tekst(p, "bron_id", locatie.bron_id, item, 100, False)
    _tekst(p, "opmerking", locatie.opmerking, item, 4000, False)
    if locatie.status not in STATUSSEN:
        p.append(_status_probleem(locatie.status, item))
    if locatie.fase is not None and (not _is_geheel(locatie.fase) or locatie.fase not in FASEN):
        p.append(
            Probleem(
                "fase",
                locatie.fase,
                "onbekende fase; toegestaan zijn "
                + ", ".join(f"{k} ({v})" for k, v in FASEN.items()),
                item,
            )
        )
    for seg in SEGMENTEN:
        _aantal(p, seg, getattr(locatie, seg), item)
    _jaar(p, "start", locatie.start, item)
    _jaar(p, "oplevering", locatie.oplevering, item)
    if (
        _is_geheel(locatie.start)
        and _is_geheel(locatie.oplevering)
        and locatie.oplevering < locatie.start
    ):
        p.append(
            Probleem(
                "oplevering",
                locatie.oplevering,
                f"ligt vóór het startjaar {locatie.start}; oplevering moet in of na de start zijn",
                item,
            )
        )
    for t in locatie.toewijzingen:
        if _is_geheel(t.oplevering) and _is_geheel(locatie.start) and t.oplevering < locatie.start:
            p.append(
                Probleem(
                    "oplevering",
                    t.oplevering,
                    f"toewijzing aan {t.corporatie} ligt vóór het startjaar {locatie.start}",
                    item,
                )
            )
    p.extend(valideer_toewijzingen(locatie.daeb, locatie.toewijzingen, item))
    if met_geometrie:
        p.extend(valideer_geometrie(locatie.geometry, item))
    return p


def zeker_geldig(loc: Locatie) -> bool:
    """Whether :func:`valideer_locatie` ``(loc, met_geometrie=False)`` certainly finds nothing:
    its rules checked on the plain values most sites have, without making a message (a bulk
    import checks every site). False: not certain; :func:`valideer_locatie` decides and words
    the problems. Stricter than the rules where that is simpler (exact types)."""
    naam, bron_id, opmerking = loc.naam, loc.bron_id, loc.opmerking
    if type(naam) is not str or len(naam) > 200 or not naam.strip():
        return False
    if bron_id is not None and (type(bron_id) is not str or len(bron_id) > 100):
        return False
    if opmerking is not None and (type(opmerking) is not str or len(opmerking) > 4000):
        return False
    fase = loc.fase
    if loc.status not in STATUSSEN or (
        fase is not None and (type(fase) is not int or fase not in FASEN)
    ):
        return False
    for aantal in _SEGMENTEN_VAN(loc):
        if type(aantal) is not int or not 0 <= aantal <= AANTAL_MAX:
            return False
    start, oplevering = loc.start, loc.oplevering
    for jaar in (start, oplevering):
        if jaar is not None and (type(jaar) is not int or not JAAR_MIN <= jaar <= JAAR_MAX):
            return False
    if start is not None and oplevering is not None and oplevering < start:
        return False
    totaal, gezien = 0, set()
    for tw in loc.toewijzingen:
        corporatie, daeb, jaar = tw.corporatie, tw.daeb, tw.oplevering
        if type(corporatie) is not str or len(corporatie) > 100 or not corporatie.strip():
            return False
        if type(daeb) is not int or not 0 <= daeb <= AANTAL_MAX:
            return False
        if jaar is not None and (
            type(jaar) is not int
            or not JAAR_MIN <= jaar <= JAAR_MAX
            or (start is not None and jaar < start)
        ):
            return False
        if (corporatie, jaar) in gezien:
            return False
        gezien.add((corporatie, jaar))
        totaal += daeb
    return totaal <= loc.daeb


_SEGMENTEN_VAN = attrgetter(*SEGMENTEN)


def valideer_onttrekking(o: Onttrekking) -> list[Probleem]:
    """All rule violations of a removal."""
    item = f"onttrekking {o.gemeente} {o.jaar}"
    p: list[Probleem] = []
    _tekst(p, "gemeente", o.gemeente, item, 10, True)
    _aantal(p, "aantal", o.aantal, item)
    if not _is_geheel(o.jaar) or not JAAR_MIN <= o.jaar <= JAAR_MAX:
        p.append(
            Probleem(
                "jaar", o.jaar, f"moet een jaartal van {JAAR_MIN} tot en met {JAAR_MAX} zijn", item
            )
        )
    if o.soort not in SOORTEN_ONTTREKKING:
        p.append(
            Probleem(
                "soort",
                o.soort,
                "onbekende soort; toegestaan zijn " + ", ".join(SOORTEN_ONTTREKKING),
                item,
            )
        )
    _tekst(p, "corporatie", o.corporatie, item, 100, False)
    _tekst(p, "opmerking", o.opmerking, item, 4000, False)
    return p


def valideer_bod(b: Bod) -> list[Probleem]:
    """All rule violations of a bid version."""
    item = f"bod {b.gemeente} {b.versie!r}"
    p: list[Probleem] = []
    _tekst(p, "gemeente", b.gemeente, item, 10, True)
    _tekst(p, "versie", b.versie, item, 40, True)
    _aantal(p, "daeb", b.daeb, item)
    if not isinstance(b.datum, date):
        p.append(Probleem("datum", b.datum, "moet een datum zijn (JJJJ-MM-DD)", item))
    _tekst(p, "opmerking", b.opmerking, item, 4000, False)
    return p


def valideer_gemeente(g: Gemeente) -> list[Probleem]:
    """All rule violations of a municipality (the geometry may be absent)."""
    item = f"gemeente {g.gemeente!r}"
    p: list[Probleem] = []
    if not isinstance(g.gemeente, str) or not g.gemeente.strip():
        p.append(Probleem("gemeente", g.gemeente, "code is verplicht, bijvoorbeeld GM0518", item))
    _tekst(p, "naam", g.naam, item, 200, True)
    _aantal(p, "woningen", g.woningen, item, verplicht=False)
    _aantal(p, "doelgroep", g.doelgroep, item, verplicht=False)
    _jaar(p, "peiljaar", g.peiljaar, item)
    if _is_geheel(g.woningen) and _is_geheel(g.doelgroep) and g.doelgroep > g.woningen:
        p.append(
            Probleem(
                "doelgroep",
                g.doelgroep,
                f"doelgroepvoorraad kan niet groter zijn dan de woningvoorraad ({g.woningen})",
                item,
            )
        )
    if g.geometry is not None:
        p.extend(valideer_geometrie(g.geometry, item, ("Polygon", "MultiPolygon")))
    return p


def valideer_corporatie(c: Corporatie) -> list[Probleem]:
    """All rule violations of a corporation."""
    item = f"corporatie {c.naam!r}"
    p: list[Probleem] = []
    _tekst(p, "naam", c.naam, item, 100, True)
    _tekst(p, "code", c.code, item, 20, False)
    return p


def gooi_als_problemen(problemen: list[Probleem]) -> None:
    """Raise :class:`ValidatieFout` when there are problems."""
    if problemen:
        raise ValidatieFout(problemen)
