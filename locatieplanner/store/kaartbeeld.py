"""Lean, columnar reads of sites for the map: the filters of a site search as SQL, the viewport
through the spatial index (R*Tree on SQLite, GIST on PostGIS; migration 0010), and the data
version that makes a cheap strong ETag.

The map's view needs a few columns of the sites in a box, not :class:`Locatie` objects with all
assignments: :func:`kaartrijen` reads them as arrays (one query for the sites, one for their
corporations), geometries only when asked and then decoded at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import shapely
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    LargeBinary,
    Select,
    String,
    and_,
    any_,
    bindparam,
    case,
    cast,
    column,
    func,
    or_,
    select,
    table,
)
from sqlalchemy import type_coerce as als_type

from ..domein.model import HARDE_STATUSSEN, SEGMENTEN, ZACHTE_STATUSSEN, Locatie
from ..errors import Probleem, ValidatieFout
from . import schema as t
from .database import Database, delen
from .geometrie import SRID

__all__ = [
    "Kaartcellen",
    "Kaartrijen",
    "daeb_som",
    "cacheversie",
    "dataversie",
    "kaartcellen",
    "kaartrijen",
    "locatievak",
    "PAGINAKOLOMMEN",
    "Paginatabel",
    "paginatabel",
    "ruwe_rijen",
    "treffer_ids",
    "treffers",
    "vak_voorwaarden",
    "zoekvoorwaarden",
]

#: The SQLite R*Tree over the bbox columns of ``locatie`` (migration 0010).
_RTREE = table(
    t.RUIMTELIJKE_INDEX["sqlite"],
    column("id"),
    column("minx"),
    column("maxx"),
    column("miny"),
    column("maxy"),
)


def vak_voorwaarden(dialect: str, bbox: tuple[float, float, float, float]) -> list[Any]:
    """Conditions on ``locatie`` for the sites whose bounding box meets ``bbox`` (EPSG:28992
    minx, miny, maxx, maxy), answered by the spatial index: on SQLite the ids from the R*Tree
    (whose single-precision boxes are rounded outwards, so the exact bbox columns decide), on
    PostGIS the ``&&`` operator on the GIST-indexed geometry."""
    minx, miny, maxx, maxy = (float(v) for v in bbox)
    loc = t.locatie.c
    precies = [loc.maxx >= minx, loc.minx <= maxx, loc.maxy >= miny, loc.miny <= maxy]
    if dialect == "postgresql":
        vak = func.ST_MakeEnvelope(minx, miny, maxx, maxy, SRID)
        return [loc.geom.op("&&")(vak), *precies]
    r = _RTREE.c
    in_index = select(r.id).where(r.maxx >= minx, r.minx <= maxx, r.maxy >= miny, r.miny <= maxy)
    return [loc.id.in_(in_index), *precies]


def _jaren(van: int | None, tot: int | None, kolom: Any) -> ColumnElement[bool]:
    """``kolom`` holds a year from ``van`` up to and including ``tot`` (None: open)."""
    voorwaarden = [kolom.is_not(None)]
    if van is not None:
        voorwaarden.append(kolom >= van)
    if tot is not None:
        voorwaarden.append(kolom <= tot)
    return and_(*voorwaarden)


def zoekvoorwaarden(
    dialect: str,
    gemeente: str | Iterable[str] | None = None,
    corporatie: str | None = None,
    hardheid: str | None = None,
    status: Iterable[str] | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    oplevering_van: int | None = None,
    oplevering_tot: int | None = None,
) -> list[Any]:
    """The conditions on ``locatie`` of a site search (see :meth:`Store.locaties`); delivery
    years as the API's ``oplevering_van``/``oplevering_tot``: the site's year or one of its
    assignments' in the range."""
    loc = t.locatie.c
    uit: list[Any] = []
    if gemeente is not None:
        codes = [gemeente] if isinstance(gemeente, str) else list(gemeente)
        uit.append(loc.gemeente.in_(codes))
    if hardheid is not None:
        if hardheid not in ("hard", "zacht"):
            raise ValidatieFout([Probleem("hardheid", hardheid, "toegestaan zijn hard en zacht")])
        statussen = HARDE_STATUSSEN if hardheid == "hard" else ZACHTE_STATUSSEN
        uit.append(loc.status.in_(sorted(statussen)))
    if status is not None:
        uit.append(loc.status.in_(list(status)))
    if bbox is not None:
        uit.extend(vak_voorwaarden(dialect, bbox))
    if corporatie is not None:
        uit.append(
            loc.id.in_(
                select(t.toewijzing.c.locatie)
                .join(t.corporatie, t.corporatie.c.id == t.toewijzing.c.corporatie)
                .where(t.corporatie.c.naam == corporatie)
            )
        )
    if oplevering_van is not None or oplevering_tot is not None:
        tw = t.toewijzing.c
        uit.append(
            or_(
                _jaren(oplevering_van, oplevering_tot, loc.oplevering),
                loc.id.in_(
                    select(tw.locatie).where(_jaren(oplevering_van, oplevering_tot, tw.oplevering))
                ),
            )
        )
    return uit


def dataversie(db: Database) -> int:
    """A number that grows with every write of the plan data: the newest audit-log entry (every
    repository logs each write it commits; a rolled-back write leaves none)."""
    with db.lezen() as conn:
        return int(conn.execute(select(func.coalesce(func.max(t.wijziging.c.id), 0))).scalar_one())


def cacheversie(db: Database) -> tuple[Any, ...]:
    """A key that changes with every committed write of the plan data, and with nothing else,
    for caches of answers derived from it (read before the data). SQLite: :func:`dataversie`
    (writes are serialised, so audit ids become visible in order). PostgreSQL: the counter
    ``dataversie`` that every transaction writing the audit log raises when it commits, in
    commit order (migration 0011; concurrent writers can commit their audit ids out of order,
    so the newest id alone could miss a write)."""
    # one statement, through the DBAPI directly: this is read on every cached request
    if db.engine.dialect.name != "postgresql":
        return (int(db.waarde(_NIEUWSTE_SQL)),)
    return ("pg", int(db.waarde(_TELLER_SQL)))


#: PostgreSQL's data version (migration 0011), and the newest audit id, as SQL text.
_TELLER_SQL = f"SELECT versie FROM {t.DATAVERSIE[0]}"
_NIEUWSTE_SQL = f"SELECT coalesce(max(id), 0) FROM {t.wijziging.name}"


#: The box of the boxes of all sites.
_VAK = select(
    func.min(t.locatie.c.minx),
    func.min(t.locatie.c.miny),
    func.max(t.locatie.c.maxx),
    func.max(t.locatie.c.maxy),
)


def locatievak(db: Database) -> tuple[float, float, float, float] | None:
    """``minx, miny, maxx, maxy`` (EPSG:28992) of the boxes of all sites; None without sites."""
    with db.lezen() as conn:
        rij = conn.execute(_VAK).one()
    return None if rij[0] is None else tuple(float(w) for w in rij)  # type: ignore[return-value]


@dataclass(frozen=True)
class Kaartrijen:
    """Sites for the map as columns (arrays of equal length, in id order)."""

    id: np.ndarray
    naam: list[str]
    bron_id: list[str | None]
    gemeente: list[str | None]
    status: list[str]
    fase: list[int | None]
    oplevering: list[int | None]
    daeb: np.ndarray
    #: DAEB dwellings not assigned to a corporation.
    daeb_nt: np.ndarray
    #: All dwellings (the sum of the segments).
    woningen: np.ndarray
    #: ``minx, miny, maxx, maxy`` per site (EPSG:28992), shape (n, 4).
    vak: np.ndarray
    #: The corporations' names per site, joined by ``; `` (assignment order).
    corporaties: list[str]
    #: The geometries (EPSG:28992) when asked, else None.
    geometrie: np.ndarray | None

    def __len__(self) -> int:
        return len(self.id)

    def waar(self, masker: np.ndarray) -> Kaartrijen:
        """The rows where ``masker`` is true."""
        index = np.flatnonzero(masker)

        def kies(waarden: Any) -> Any:
            if waarden is None:
                return None
            if isinstance(waarden, np.ndarray):
                return waarden[index]
            return [waarden[i] for i in index]

        return Kaartrijen(**{v: kies(getattr(self, v)) for v in self.__dataclass_fields__})


def _geometriekolom(dialect: str) -> Any:
    """The stored geometry as plain WKB, to be decoded for all rows at once."""
    if dialect == "postgresql":
        return func.ST_AsBinary(t.locatie.c.geom, type_=LargeBinary).label("wkb")
    return als_type(t.locatie.c.geom, LargeBinary).label("wkb")


def kaartrijen(
    db: Database, met_geometrie: bool = False, ids: Iterable[int] | None = None, **filters: Any
) -> Kaartrijen:
    """The sites that pass ``filters`` (see :func:`zoekvoorwaarden`), or those of ``ids``, as
    :class:`Kaartrijen`."""
    dialect = db.engine.dialect.name
    loc = t.locatie.c
    kolommen = [
        loc.id,
        loc.naam,
        loc.bron_id,
        loc.gemeente,
        loc.status,
        loc.fase,
        loc.oplevering,
        *(loc[s] for s in SEGMENTEN),
        loc.minx,
        loc.miny,
        loc.maxx,
        loc.maxy,
    ]
    if met_geometrie:
        kolommen.append(_geometriekolom(dialect))
    q: Select[Any] = select(*kolommen).where(*zoekvoorwaarden(dialect, **filters)).order_by(loc.id)
    if ids is not None:
        q = q.where(loc.id.in_(list(ids)))
    with db.lezen() as conn:
        rijen = conn.execute(q).all()
        ids = [r[0] for r in rijen]
        namen: dict[int, list[str]] = {}
        toegewezen: dict[int, int] = {}
        for deel in delen(ids):
            for lid, naam, daeb in conn.execute(
                select(t.toewijzing.c.locatie, t.corporatie.c.naam, t.toewijzing.c.daeb)
                .join(t.corporatie, t.corporatie.c.id == t.toewijzing.c.corporatie)
                .where(t.toewijzing.c.locatie.in_(deel))
                .order_by(t.toewijzing.c.id)
            ):
                lijst = namen.setdefault(lid, [])
                if naam not in lijst:
                    lijst.append(naam)
                toegewezen[lid] = toegewezen.get(lid, 0) + daeb
    kolom = list(zip(*rijen, strict=True)) if rijen else [() for _ in kolommen]
    n_seg = len(SEGMENTEN)
    segmenten = np.array(kolom[7 : 7 + n_seg], dtype=np.int64).reshape(n_seg, len(rijen))
    daeb = segmenten[list(SEGMENTEN).index("daeb")]
    id_ = np.array(ids, dtype=np.int64)
    geometrie = None
    if met_geometrie:
        wkb = np.empty(len(rijen), dtype=object)
        wkb[:] = [bytes(w) for w in kolom[-1]]
        geometrie = shapely.from_wkb(wkb)
    return Kaartrijen(
        id=id_,
        naam=list(kolom[1]),
        bron_id=list(kolom[2]),
        gemeente=list(kolom[3]),
        status=list(kolom[4]),
        fase=list(kolom[5]),
        oplevering=list(kolom[6]),
        daeb=daeb,
        daeb_nt=daeb - np.array([toegewezen.get(i, 0) for i in ids], dtype=np.int64),
        woningen=segmenten.sum(axis=0),
        vak=np.array(kolom[7 + n_seg : 11 + n_seg], dtype=float).reshape(4, len(rijen)).T,
        corporaties=["; ".join(namen.get(i, [])) for i in ids],
        geometrie=geometrie,
    )


def ruwe_rijen(conn: Any, q: Any) -> list[tuple[Any, ...]]:
    """The rows of ``q`` as the driver gives them (plain tuples): for columns that need no
    conversion, since building a SQLAlchemy row per site costs more than the query."""
    resultaat = conn.execute(q)
    try:
        return resultaat.cursor.fetchall()  # type: ignore[no-any-return]
    finally:
        resultaat.close()


#: The columns of a site that :func:`_daeb_telling` counts from, in this order.
_DAEB_KOLOMMEN = ("gemeente", "status", "oplevering", "daeb")


def treffer_ids(
    db: Database, veelhoek: Any = None, tekst: str | None = None, **filters: Any
) -> np.ndarray:
    """The ids (ascending) of the sites that pass ``filters`` (see :func:`zoekvoorwaarden`),
    whose geometry meets ``veelhoek`` (EPSG:28992) when given and whose name or supplier id
    contains ``tekst`` (case-insensitive) when given: one query through the spatial index,
    geometries decoded at once, no object per row."""
    with db.lezen() as conn:
        return _treffers(conn, veelhoek, tekst, False, filters)[0]


def treffers(
    db: Database,
    codes: Iterable[str],
    van: int,
    tot: int,
    veelhoek: Any = None,
    tekst: str | None = None,
    corporatie: str | None = None,
    **filters: Any,
) -> tuple[np.ndarray, dict[str, int]]:
    """:func:`treffer_ids` (with ``corporatie`` among the filters) and :func:`daeb_som` of
    those sites, in one snapshot: the DAEB columns are read with the matches, and only their
    assignments are read apart (no aggregate query of its own)."""
    with db.lezen() as conn:
        ids, kolommen = _treffers(
            conn, veelhoek, tekst, True, {**filters, "corporatie": corporatie}
        )
        som = _daeb_telling(conn, set(codes), van, tot, corporatie, ids, kolommen)
    return ids, som


def _treffers(
    conn: Any, veelhoek: Any, tekst: str | None, met_daeb: bool, filters: dict[str, Any]
) -> tuple[np.ndarray, list[Any]]:
    """The ids of :func:`treffer_ids` and, ``met_daeb``, the columns :data:`_DAEB_KOLOMMEN`
    of those sites (lists in id order)."""
    dialect = conn.dialect.name
    loc = t.locatie.c
    kolommen: list[Any] = [loc.id]
    if met_daeb:
        kolommen += [loc[k] for k in _DAEB_KOLOMMEN]
    if tekst is not None:
        kolommen += [loc.naam, loc.bron_id]
    if veelhoek is not None:
        kolommen.append(_geometriekolom(dialect))
    q = select(*kolommen).where(*zoekvoorwaarden(dialect, **filters)).order_by(loc.id)
    rijen = ruwe_rijen(conn, q)
    houden = np.ones(len(rijen), dtype=bool)
    if veelhoek is not None and rijen:
        wkb = np.empty(len(rijen), dtype=object)
        wkb[:] = [bytes(r[-1]) for r in rijen]
        shapely.prepare(veelhoek)
        houden &= shapely.intersects(shapely.from_wkb(wkb), veelhoek)
    if tekst is not None:
        z = tekst.casefold()
        n = 1 + (len(_DAEB_KOLOMMEN) if met_daeb else 0)
        houden &= np.array(
            [
                z in r[n].casefold() or (r[n + 1] is not None and z in r[n + 1].casefold())
                for r in rijen
            ],
            dtype=bool,
        )
    if not houden.all():
        rijen = [r for r, h in zip(rijen, houden.tolist(), strict=True) if h]
    ids = np.array([r[0] for r in rijen], dtype=np.int64)
    if not met_daeb:
        return ids, []
    return ids, [[r[i] for r in rijen] for i in range(1, 1 + len(_DAEB_KOLOMMEN))]


#: The columns of ``locatie`` a :class:`Paginatabel` row holds: every field of a
#: :class:`~locatieplanner.domein.model.Locatie` but its geometry and assignments.
PAGINAKOLOMMEN = tuple(
    f.name for f in fields(Locatie) if f.name not in ("geometry", "toewijzingen")
)


def _in_ids(dialect: str, kolom: Any, ids: Iterable[int]) -> Any:
    """``kolom`` is one of ``ids``, as one bound value whatever their number (a JSON array on
    SQLite, an array on PostgreSQL): no statement grows with the number of ids, so it is
    compiled once and its plan reused."""
    lijst = [int(i) for i in ids]
    if dialect == "postgresql":
        return kolom == any_(bindparam("ids", lijst, type_=ARRAY(Integer)))
    waarden = func.json_each(bindparam("ids", json.dumps(lijst), type_=String)).table_valued(
        "value"
    )
    return kolom.in_(select(waarden.c.value))


@dataclass(frozen=True)
class Paginatoewijzing:
    """An assignment as the site listing shows it."""

    corporatie: str
    daeb: int
    oplevering: int | None


@dataclass(frozen=True)
class Paginatabel:
    """A page of the site listing as read: per site (in id order) a row of the columns of
    :data:`PAGINAKOLOMMEN` (times as stored), its geometry, and its assignments."""

    rijen: list[Any]
    #: The geometries (EPSG:28992; None where a site has none), one per row.
    geometrie: np.ndarray
    #: The assignments per site id, in assignment order (a site without any is absent).
    toewijzingen: dict[int, list[Paginatoewijzing]]


def paginatabel(db: Database, ids: Sequence[int]) -> Paginatabel:
    """The sites ``ids`` (in id order) with their assignments (in assignment order) as a
    :class:`Paginatabel`: two queries in one snapshot, every geometry decoded at once, no
    object per site."""
    if not len(ids):
        return Paginatabel([], np.empty(0, dtype=object), {})
    dialect = db.engine.dialect.name
    loc, tw = t.locatie.c, t.toewijzing.c
    q = (
        select(*(loc[k] for k in PAGINAKOLOMMEN), _geometriekolom(dialect))
        .where(_in_ids(dialect, loc.id, ids))
        .order_by(loc.id)
    )
    toewijzingen: dict[int, list[Paginatoewijzing]] = {}
    with db.lezen() as conn:
        # the driver's rows; only the times need the column type's conversion (SQLite keeps
        # them as text), each distinct stored time converted once
        rijen = ruwe_rijen(conn, q)
        for lid, naam, daeb, oplevering in ruwe_rijen(
            conn,
            select(tw.locatie, t.corporatie.c.naam, tw.daeb, tw.oplevering)
            .join(t.corporatie, t.corporatie.c.id == tw.corporatie)
            .where(_in_ids(dialect, tw.locatie, ids))
            .order_by(tw.id),
        ):
            toewijzingen.setdefault(lid, []).append(Paginatoewijzing(naam, daeb, oplevering))
    omzetten = [
        (i, zet)
        for i, k in enumerate(PAGINAKOLOMMEN)
        if (zet := _omzetter(loc[k].type, db.engine.dialect)) is not None
    ]
    if omzetten:
        gezien: dict[Any, Any] = {}

        def omgezet(rij: tuple[Any, ...]) -> tuple[Any, ...]:
            waarden = list(rij)
            for i, zet in omzetten:
                w = waarden[i]
                if (i, w) not in gezien:
                    gezien[i, w] = zet(w)
                waarden[i] = gezien[i, w]
            return tuple(waarden)

        rijen = [omgezet(r) for r in rijen]
    wkb = np.empty(len(rijen), dtype=object)
    wkb[:] = [None if r[-1] is None else bytes(r[-1]) for r in rijen]
    return Paginatabel(rijen, shapely.from_wkb(wkb), toewijzingen)


def _omzetter(soort: Any, dialect: Any) -> Any:
    """The conversion SQLAlchemy applies to a value of column type ``soort`` read from the
    driver (None: none)."""
    return soort.dialect_impl(dialect).result_processor(dialect, None)


#: The parts of :func:`daeb_som`, named as the fields of the analysis' ``DaebTelling``.
DAEB_DELEN = ("hard", "zacht", "na_periode", "voor_periode", "zonder_jaar", "buiten_regio")


def _daeb_rijen(waar: list[Any], corporatie: str | None) -> Any:
    """The DAEB rows of the sites that meet ``waar`` as the analysis counts them (see
    ``analyse.nieuwbouw.opleveringen``): per site its unassigned DAEB in the site's year, per
    assignment its DAEB in its own year or else the site's; with ``corporatie`` only that
    corporation's assignments. Columns locatie, gemeente, status, jaar, aantal (positive)."""
    loc, tw, corp = t.locatie.c, t.toewijzing.c, t.corporatie.c
    # the assigned DAEB of each matched site only (correlated, by the index on the site)
    toegewezen = (
        select(func.coalesce(func.sum(tw.daeb), 0))
        .where(tw.locatie == loc.id)
        .correlate(t.locatie)
        .scalar_subquery()
    )
    open_ = loc.daeb - toegewezen
    toewijzingen = (
        select(
            loc.id.label("locatie"),
            loc.gemeente,
            loc.status,
            func.coalesce(tw.oplevering, loc.oplevering).label("jaar"),
            tw.daeb.label("aantal"),
        )
        .select_from(t.toewijzing.join(t.locatie, loc.id == tw.locatie))
        .where(*waar, tw.daeb > 0)
    )
    if corporatie is not None:
        return toewijzingen.join(t.corporatie, corp.id == tw.corporatie).where(
            corp.naam == corporatie
        )
    niet_toegewezen = select(
        loc.id.label("locatie"),
        loc.gemeente,
        loc.status,
        loc.oplevering.label("jaar"),
        open_.label("aantal"),
    ).where(*waar, open_ > 0)
    return niet_toegewezen.union_all(toewijzingen)


def daeb_som(
    db: Database,
    codes: Iterable[str],
    van: int,
    tot: int,
    corporatie: str | None = None,
    ids: Iterable[int] | None = None,
    **filters: Any,
) -> dict[str, int]:
    """DAEB new build of the sites that pass ``filters`` (see :func:`zoekvoorwaarden`; or of
    the sites ``ids``) counted by the analysis' rules in one aggregate query: per part of
    :data:`DAEB_DELEN`, for the member municipalities ``codes`` and the period ``van``..``tot``
    (see ``analyse.nieuwbouw.daeb_telling``); with ``corporatie`` only its assigned share."""
    dialect = db.engine.dialect.name
    leden = sorted(codes)
    som = dict.fromkeys(DAEB_DELEN, 0)
    if ids is not None:
        with db.lezen() as conn:
            return _daeb_som_van_ids(conn, dialect, set(leden), van, tot, corporatie, ids)
    with db.lezen() as conn:
        for waar in [zoekvoorwaarden(dialect, corporatie=corporatie, **filters)]:
            u = _daeb_rijen(waar, corporatie).subquery()
            voorwaarden, buiten = _daeb_voorwaarden(dialect, u, leden, van, tot)
            rij = conn.execute(
                select(
                    *(
                        func.coalesce(func.sum(case((v, u.c.aantal), else_=0)), 0)
                        for v in voorwaarden
                    ),
                    func.coalesce(func.sum(case((buiten, u.c.aantal), else_=0)), 0),
                )
            ).one()
            for deel, waarde in zip(DAEB_DELEN, rij, strict=True):
                som[deel] += int(waarde)
    return som


def _daeb_voorwaarden(
    dialect: str, u: Any, leden: list[str], van: int, tot: int
) -> tuple[tuple[Any, ...], Any]:
    """The conditions on the DAEB rows ``u`` (see :func:`_daeb_rijen`) of the first five parts
    of :data:`DAEB_DELEN`, and of the last (outside the region: not a member municipality,
    or none)."""
    if dialect == "postgresql":
        # one array value, not a parameter per municipality in each of the six uses (a
        # national region has hundreds: the driver then parses a long statement on every call)
        in_regio = u.c.gemeente == any_(bindparam("leden", leden, type_=ARRAY(String)))
    else:
        in_regio = u.c.gemeente.in_(leden)
    hard = u.c.status.in_(sorted(HARDE_STATUSSEN))
    periode = and_(in_regio, u.c.jaar >= van, u.c.jaar <= tot)
    voorwaarden = (
        and_(periode, hard),
        and_(periode, ~hard),
        and_(in_regio, u.c.jaar > tot),
        and_(in_regio, u.c.jaar < van),
        and_(in_regio, u.c.jaar.is_(None)),
    )
    return voorwaarden, or_(u.c.gemeente.is_(None), ~in_regio)


def _daeb_som_van_ids(
    conn: Any, dialect: str, leden: set[str], van: int, tot: int, corporatie: str | None, ids: Any
) -> dict[str, int]:
    """:func:`daeb_som` of the sites ``ids``: their DAEB columns read as rows, counted by
    :func:`_daeb_telling`."""
    loc = t.locatie.c
    rijen = ruwe_rijen(
        conn,
        select(loc.id, *(loc[k] for k in _DAEB_KOLOMMEN))
        .where(_in_ids(dialect, loc.id, ids))
        .order_by(loc.id),
    )
    kolommen = [[r[i] for r in rijen] for i in range(1, 1 + len(_DAEB_KOLOMMEN))]
    return _daeb_telling(
        conn, leden, van, tot, corporatie, np.array([r[0] for r in rijen], np.int64), kolommen
    )


def _daeb_telling(
    conn: Any,
    leden: set[str],
    van: int,
    tot: int,
    corporatie: str | None,
    site_id: np.ndarray,
    kolommen: list[Any],
) -> dict[str, int]:
    """:func:`daeb_som` of the sites ``site_id`` (ascending) whose columns
    :data:`_DAEB_KOLOMMEN` are ``kolommen``, counted here by the same rules as
    :func:`_daeb_rijen` and :func:`_daeb_voorwaarden`; only their assignments are read (a
    box's thousands of ids cost less this way than an aggregate of a union with a correlated
    sum, on both stores)."""
    som = dict.fromkeys(DAEB_DELEN, 0)
    if not len(site_id):
        return som
    dialect = conn.dialect.name
    tw = t.toewijzing.c
    q = select(tw.locatie, tw.daeb, tw.oplevering).where(
        _in_ids(dialect, tw.locatie, site_id.tolist()), tw.daeb != 0
    )
    if corporatie is not None:
        q = q.join(t.corporatie, t.corporatie.c.id == tw.corporatie).where(
            t.corporatie.c.naam == corporatie
        )
    toewijzingen = ruwe_rijen(conn, q)
    gemeente, status, jaar, daeb = kolommen
    # one row per counted share (an assignment's DAEB, a site's unassigned DAEB): its site's
    # place, its year (its own or else the site's) and whether it has none
    in_regio = np.array([g is not None and g in leden for g in gemeente], dtype=bool)
    hard = np.array([st in HARDE_STATUSSEN for st in status], dtype=bool)
    zonder = np.array([j is None for j in jaar], dtype=bool)
    site_jaar = np.array([0 if j is None else j for j in jaar], dtype=np.int64)
    rij_site, rij_jaar, rij_zonder, aantal = [], [], [], []
    if toewijzingen:
        t_lid, t_daeb, t_jaar = zip(*toewijzingen, strict=True)
        plek = np.searchsorted(site_id, np.array(t_lid, dtype=np.int64))
        t_aantal = np.array(t_daeb, dtype=np.int64)
        eigen = np.array([j is not None for j in t_jaar], dtype=bool)
        t_jaren = np.where(eigen, [0 if j is None else j for j in t_jaar], site_jaar[plek])
        rij_site.append(plek)
        rij_jaar.append(t_jaren)
        rij_zonder.append(~eigen & zonder[plek])
        aantal.append(t_aantal)
    if corporatie is None:
        toegewezen = np.zeros(len(site_id), dtype=np.int64)
        if toewijzingen:
            np.add.at(toegewezen, rij_site[0], aantal[0])
        rij_site.append(np.arange(len(site_id)))
        rij_jaar.append(site_jaar)
        rij_zonder.append(zonder)
        aantal.append(np.array(daeb, dtype=np.int64) - toegewezen)
    if not aantal:
        return som  # a corporation without assignments here
    plek, jaren = np.concatenate(rij_site), np.concatenate(rij_jaar)
    leeg, aantal_ = np.concatenate(rij_zonder), np.concatenate(aantal)
    telt = aantal_ > 0
    plek, jaren, leeg, aantal_ = plek[telt], jaren[telt], leeg[telt], aantal_[telt]
    binnen = in_regio[plek]
    periode = binnen & ~leeg & (jaren >= van) & (jaren <= tot)
    delen = (
        periode & hard[plek],
        periode & ~hard[plek],
        binnen & ~leeg & (jaren > tot),
        binnen & ~leeg & (jaren < van),
        binnen & leeg,
        ~binnen,
    )
    return {deel: int(aantal_[m].sum()) for deel, m in zip(DAEB_DELEN, delen, strict=True)}


#: Origin of the grid of :func:`kaartcellen` (EPSG:28992, west and south of the RD bounds, so
#: every cell number is positive).
_OORSPRONG = (-10000.0, 280000.0)


@dataclass(frozen=True)
class Kaartcellen:
    """Sites aggregated per grid cell and hardness (arrays of equal length)."""

    #: Number of sites, their DAEB dwellings, and whether they are hard (1) or soft (0).
    aantal: np.ndarray
    daeb: np.ndarray
    hard: np.ndarray
    #: Mean of the middles of the sites' boxes (EPSG:28992), shape (n, 2).
    midden: np.ndarray
    #: ``minx, miny, maxx, maxy`` of the sites' boxes, shape (n, 4).
    vak: np.ndarray
    #: The id of one site of the cell (the only one where ``aantal`` is 1).
    een: np.ndarray


def kaartcellen(db: Database, cel: float, **filters: Any) -> Kaartcellen:
    """The sites that pass ``filters`` (see :func:`zoekvoorwaarden`), aggregated in the
    database per square cell of ``cel`` metres (by the middle of each site's box) and per
    hardness: one row per non-empty cell, whatever the number of sites."""
    dialect = db.engine.dialect.name
    loc = t.locatie.c
    mx = (loc.minx + loc.maxx) / 2
    my = (loc.miny + loc.maxy) / 2

    def nummer(waarde: Any, oorsprong: float) -> Any:
        deel = (waarde - oorsprong) / cel
        # SQLite's CAST truncates (the same as floor for these positive numbers); PostgreSQL's
        # rounds, so it takes floor
        return func.floor(deel) if dialect == "postgresql" else cast(deel, Integer)

    hard = case((loc.status.in_(sorted(HARDE_STATUSSEN)), 1), else_=0)
    cx, cy = nummer(mx, _OORSPRONG[0]).label("cx"), nummer(my, _OORSPRONG[1]).label("cy")
    q = (
        select(
            func.count(),
            func.sum(loc.daeb),
            hard.label("hard"),
            func.avg(mx),
            func.avg(my),
            func.min(loc.minx),
            func.min(loc.miny),
            func.max(loc.maxx),
            func.max(loc.maxy),
            func.min(loc.id),
        )
        .where(*zoekvoorwaarden(dialect, **filters))
        .group_by(cx, cy, hard)
    )
    with db.lezen() as conn:
        rijen = conn.execute(q).all()
    waarden = np.array(rijen, dtype=float).reshape(len(rijen), 10)
    return Kaartcellen(
        aantal=waarden[:, 0].astype(np.int64),
        daeb=waarden[:, 1].astype(np.int64),
        hard=waarden[:, 2].astype(bool),
        midden=waarden[:, 3:5],
        vak=waarden[:, 5:9],
        een=waarden[:, 9].astype(np.int64),
    )
