"""Columnar reads of the sites and their assignments: DataFrames, not one object per row.

Bulk readers (the analysis, the export) read tens of thousands of sites; building a
:class:`~locatieplanner.domein.model.Locatie` per row (decoding its WKB, converting its times)
costs most of their time. :func:`lees_locatietabellen` selects the raw WKB and decodes all
geometries in one ``shapely.from_wkb`` call, and converts the times in one ``pd.to_datetime``.

Reading is allowed to every role (each role reads the whole region, see
:mod:`locatieplanner.domein.rechten`), so the columnar read applies the same rule as
:meth:`LocatiesRepository.lijst`: no rows are hidden from any account. Filters select by
municipality code(s), corporation name and ``hard``/``zacht``.

:func:`tabellen_uit_locaties` builds the same two tables from domain sites (a frozen state, or
sites made in code), so every caller can rely on one shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Connection, LargeBinary, String, func, select, type_coerce

from ..domein.model import SEGMENTEN, Locatie
from . import schema as t
from .kaartbeeld import ruwe_rijen, zoekvoorwaarden
from .locaties import _LOCATIE_VELDEN as LOCATIE_VELDEN

__all__ = [
    "LOCATIE_TABEL_KOLOMMEN",
    "TOEWIJZING_TABEL_KOLOMMEN",
    "Locatietabellen",
    "lees_locatietabellen",
    "ruwe_wkb",
    "tabellen_uit_locaties",
    "uit_wkb",
]

#: Columns of :attr:`Locatietabellen.locaties`, in order.
LOCATIE_TABEL_KOLOMMEN = ["id", *LOCATIE_VELDEN, "aangemaakt", "gewijzigd", "versie", "geometry"]
#: Columns of :attr:`Locatietabellen.toewijzingen`, in order.
TOEWIJZING_TABEL_KOLOMMEN = ["id", "locatie", "corporatie", "daeb", "oplevering"]

_GEHEEL = ("id", *SEGMENTEN, "versie")
_GEHEEL_LEEG = ("fase", "start", "oplevering")
_TEKST = ("bron_id", "naam", "gemeente", "ligging", "status", "opmerking")


@dataclass
class Locatietabellen:
    """Sites and their assignments as two DataFrames.

    ``locaties``: one row per site in id order, columns :data:`LOCATIE_TABEL_KOLOMMEN` (``id``,
    the six segments and ``versie`` int64; ``fase``, ``start``, ``oplevering`` nullable Int64;
    text columns object with None; ``aangemaakt``/``gewijzigd`` UTC datetimes; ``geometry``
    shapely geometries in EPSG:28992, None when read without geometry).
    ``toewijzingen``: one row per assignment ordered by site, then assignment id; ``corporatie``
    is the corporation's name.
    """

    locaties: pd.DataFrame
    toewijzingen: pd.DataFrame


def ruwe_wkb(conn: Connection, kolom: Any) -> Any:
    """The geometry column as plain WKB bytes, without decoding it into shapely objects."""
    if conn.dialect.name == "postgresql":
        return func.ST_AsBinary(kolom).label(kolom.name)
    return type_coerce(kolom, LargeBinary).label(kolom.name)


def uit_wkb(waarden: Sequence[Any]) -> np.ndarray:
    """Many WKB values (bytes, memoryview or None) as shapely geometries in one call."""
    return shapely.from_wkb(
        _reeks([w.tobytes() if isinstance(w, memoryview) else w for w in waarden])
    )


def _frame(rijen: Sequence[Any], kolommen: list[str]) -> pd.DataFrame:
    """Rows as a DataFrame of object columns, built column by column (fast for many rows).
    The columns stay object: pandas would otherwise turn text into its Arrow strings, which
    :func:`_typeer` then has to turn back."""
    if not rijen:
        return pd.DataFrame({k: pd.Series([], dtype=object) for k in kolommen})
    tabel = np.empty((len(rijen), len(kolommen)), dtype=object)
    tabel[:] = rijen  # one C pass over the rows instead of a Python transpose
    return pd.DataFrame(
        {k: pd.Series(tabel[:, i], dtype=object) for i, k in enumerate(kolommen)}, copy=False
    )


def _ruwe_rijen(conn: Connection, *queries: Any) -> list[list[tuple[Any, ...]]]:
    """The rows of each query as the driver gives them (plain tuples): the selected columns
    need no conversion (times and geometry are selected raw), and building a SQLAlchemy row per
    site costs more than the query.

    PostgreSQL: the queries go to the server at once (psycopg's pipeline) on the transaction's
    own connection, with results in the binary format. The server computes the next result
    while this process converts the previous one, and integers and WKB come as they are
    instead of as text (WKB as hexadecimal text is twice its size). The values are the same
    Python objects either way."""
    if conn.dialect.name == "postgresql":
        return _rijen_postgresql(conn, queries)
    return [ruwe_rijen(conn, q) for q in queries]


def _rijen_postgresql(conn: Connection, queries: Sequence[Any]) -> list[list[tuple[Any, ...]]]:
    import psycopg

    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    cursors = []
    # a libpq older than 14 has no pipeline: then the queries go one after the other
    samen = dbapi.pipeline() if psycopg.Pipeline.is_supported() else nullcontext()  # type: ignore[attr-defined]
    with samen:
        for q in queries:
            sql = q.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
            cursor = dbapi.cursor(binary=True)  # type: ignore[call-arg]
            cursor.execute(str(sql), sql.params)
            cursors.append(cursor)
        try:
            return [cursor.fetchall() for cursor in cursors]
        finally:
            for cursor in cursors:
                cursor.close()


def _reeks(waarden: Sequence[Any]) -> np.ndarray:
    reeks = np.empty(len(waarden), dtype=object)
    reeks[:] = waarden
    return reeks


def _tijden(waarden: pd.Series) -> pd.Series:
    """Stored times (SQLite: ISO text without zone, meaning UTC) as UTC datetimes, vectorised."""
    return pd.to_datetime(waarden, utc=True, format="ISO8601")


def _geheel_leeg(reeks: pd.Series) -> pd.Series:
    """Integers with None (object, as the driver gives them) as nullable Int64, built from one
    mask and one integer array (pandas' own conversion inspects every value in Python)."""
    if reeks.dtype != object:
        return reeks.astype("Int64")
    waarden = reeks.to_numpy()
    leeg = pd.isna(waarden)
    if leeg.any():
        waarden = waarden.copy()
        waarden[leeg] = 0
    getallen = waarden.astype("int64")
    return pd.Series(pd.arrays.IntegerArray(getallen, leeg), index=reeks.index, name=reeks.name)


def _typeer(locaties: pd.DataFrame, uit_driver: bool = False) -> pd.DataFrame:
    """The column types of :class:`Locatietabellen`. ``uit_driver``: the texts come from the
    database driver (object columns of str and None), so they need no NaN -> None pass."""
    for k in _GEHEEL:
        if k in locaties:
            locaties[k] = locaties[k].astype("int64")
    for k in _GEHEEL_LEEG:
        if k in locaties:
            locaties[k] = _geheel_leeg(locaties[k])
    for k in _TEKST:
        if k in locaties and not uit_driver:
            reeks = locaties[k].astype(object)
            locaties[k] = reeks.where(reeks.notna(), None)
    return locaties


def _typeer_toewijzingen(toew: pd.DataFrame) -> pd.DataFrame:
    for k in ("id", "locatie", "daeb"):
        toew[k] = toew[k].astype("int64")
    toew["oplevering"] = _geheel_leeg(toew["oplevering"])
    toew["corporatie"] = toew["corporatie"].astype(object)
    return toew


def lees_locatietabellen(
    conn: Connection,
    gemeente: str | Iterable[str] | None = None,
    corporatie: str | None = None,
    hardheid: str | None = None,
    met_geometrie: bool = True,
    alleen: Iterable[str] | None = None,
    als_wkb: bool = False,
) -> Locatietabellen:
    """Sites and assignments (filtered by municipality code(s), corporation name,
    ``hard``/``zacht``) as columns, read on ``conn`` (one snapshot for both tables).

    ``alleen``: read only these columns of the sites (``id`` always, ``geometry`` as
    ``met_geometrie`` says); the others are absent from the table. The analysis reads no texts
    and times it does not use (fetching and converting them is a third of its read).
    ``als_wkb``: the geometry as the stored WKB (``bytes``), not decoded."""
    l_ = t.locatie.c
    gekozen = None if alleen is None else {"id", *alleen}
    namen = [k for k in LOCATIE_TABEL_KOLOMMEN[:-1] if gekozen is None or k in gekozen]
    tijden = [k for k in ("aangemaakt", "gewijzigd") if k in namen]
    kolommen: list[Any] = [
        type_coerce(l_[k], String).label(k) if k in tijden else l_[k] for k in namen
    ]
    if met_geometrie:
        kolommen.append(ruwe_wkb(conn, l_.geom).label("geometry"))
        namen.append("geometry")
    voorwaarden = zoekvoorwaarden(
        conn.dialect.name, gemeente=gemeente, corporatie=corporatie, hardheid=hardheid
    )
    q = select(*kolommen).where(*voorwaarden).order_by(l_.id)
    tw = t.toewijzing.c
    tq = (
        select(tw.id, tw.locatie, t.corporatie.c.naam, tw.daeb, tw.oplevering)
        .join(t.corporatie, t.corporatie.c.id == tw.corporatie)
        .order_by(tw.locatie, tw.id)
    )
    if voorwaarden:
        tq = tq.where(tw.locatie.in_(select(l_.id).where(*voorwaarden)))
    lrijen, trijen = _ruwe_rijen(conn, q, tq)
    locaties = _frame(lrijen, namen)
    del lrijen
    if not met_geometrie:
        locaties["geometry"] = None
    elif als_wkb:
        wkb = locaties["geometry"].tolist()
        if not all(type(w) is bytes for w in wkb):  # PostgreSQL's driver: memoryview
            locaties["geometry"] = _reeks([w if isinstance(w, bytes) else bytes(w) for w in wkb])
    elif len(locaties):
        wkb = locaties["geometry"].to_numpy()
        try:  # both drivers give bytes: decoded as they are
            locaties["geometry"] = shapely.from_wkb(wkb)
        except TypeError:
            locaties["geometry"] = uit_wkb(wkb)
    for k in tijden:
        locaties[k] = _tijden(locaties[k])
    toew = _frame(trijen, TOEWIJZING_TABEL_KOLOMMEN)
    return Locatietabellen(_typeer(locaties, uit_driver=True), _typeer_toewijzingen(toew))


def tabellen_uit_locaties(locaties: Iterable[Locatie]) -> Locatietabellen:
    """The same two tables from domain sites (a frozen state, or sites made in code)."""
    locaties = list(locaties)
    lrijen = [[getattr(loc, k) for k in LOCATIE_TABEL_KOLOMMEN] for loc in locaties]
    frame = pd.DataFrame(lrijen, columns=LOCATIE_TABEL_KOLOMMEN, dtype=object)
    for k in ("aangemaakt", "gewijzigd"):
        frame[k] = pd.to_datetime(frame[k], utc=True)
    trijen = [
        [tw.id, loc.id, tw.corporatie, tw.daeb, tw.oplevering]
        for loc in locaties
        for tw in loc.toewijzingen
    ]
    toew = pd.DataFrame(trijen, columns=TOEWIJZING_TABEL_KOLOMMEN, dtype=object)
    if len(toew) and toew["id"].isna().any():
        toew["id"] = range(1, len(toew) + 1)
    return Locatietabellen(_typeer(frame), _typeer_toewijzingen(toew))


def locatietabellen_wkb(
    store: Any,
    gemeente: str | Iterable[str] | None = None,
    corporatie: str | None = None,
    hardheid: str | None = None,
    alleen: Iterable[str] | None = None,
) -> Locatietabellen:
    """:meth:`Store.locatietabellen <locatieplanner.store.Store.locatietabellen>` with the
    geometry as the stored WKB (``bytes``, EPSG:28992), not decoded into shapely objects: for
    writers that compute nothing on it (the export hands it to GDAL as it is).

    One snapshot: the columns and the geometries are read in one query, in id order;
    ``alleen`` as in :func:`lees_locatietabellen`."""
    with store._db.lezen() as conn:
        return lees_locatietabellen(
            conn, gemeente, corporatie, hardheid, alleen=alleen, als_wkb=True
        )
