"""Engine and transactions: one database, its SQLite settings, write/read transactions, migrations.

Every repository gets the same :class:`Database` and runs each public write in one
:meth:`Database.schrijven` transaction (``BEGIN IMMEDIATE`` on SQLite: one writer at a time,
no "database is locked" half way); ``droog`` rolls it back at the end (a dry run).

A write waits a bounded time for the write lock: :data:`WACHTTIJD` seconds for interactive
writes (a client gets its answer in seconds), :data:`WACHTTIJD_IMPORT` for bulk imports and
migrations. When the lock does not come in time (SQLite: "database is locked"; PostgreSQL:
``lock_timeout``/``statement_timeout``, a deadlock or a serialisation failure) the write raises
:class:`~locatieplanner.errors.Bezet` (HTTP 503 with ``Retry-After``) and nothing is stored.
"""

from __future__ import annotations

import ast
import functools
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from operator import itemgetter
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, Engine, Table, create_engine, event, func, select
from sqlalchemy.exc import DBAPIError

from ..errors import Bezet, ConfiguratieFout

__all__ = [
    "WACHTTIJD",
    "WACHTTIJD_IMPORT",
    "Database",
    "Repository",
    "delen",
    "is_bezet",
    "kopversie",
    "nu",
    "reserveer_ids",
    "schrijf_veel",
    "tel",
    "utc",
]

_T = TypeVar("_T")

#: Rows per statement in batched reads (``IN (...)``) and writes.
DEEL = 500

#: Seconds an interactive write (and a read, on SQLite) waits for the database lock.
WACHTTIJD = 5.0
#: Seconds a bulk import or a migration waits for the write lock.
WACHTTIJD_IMPORT = 60.0
#: Longest run of one statement of an interactive write on PostgreSQL (seconds).
STATEMENT_TIMEOUT = 30.0
#: Longest run of one statement of a bulk import or migration on PostgreSQL (seconds).
STATEMENT_TIMEOUT_IMPORT = 600.0

#: SQLite result codes (primary, the low byte) of a lock that could not be taken.
_SQLITE_BEZET = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
#: PostgreSQL SQLSTATEs of a write that lost the race for a lock and can simply be retried:
#: lock_not_available (lock_timeout), query_canceled (statement_timeout), deadlock_detected,
#: serialization_failure.
_PG_BEZET = {"55P03", "57014", "40P01", "40001"}


def nu() -> datetime:
    """The current time as the store records it: UTC, whole milliseconds."""
    tijd = datetime.now(UTC)
    return tijd.replace(microsecond=tijd.microsecond // 1000 * 1000)


def utc(waarde: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite gives it back without time zone)."""
    if waarde is None:
        return None
    return waarde.replace(tzinfo=UTC) if waarde.tzinfo is None else waarde.astimezone(UTC)


def tel(conn: Connection, tabel: Table, *voorwaarden: Any) -> int:
    """The number of rows of ``tabel`` (that meet ``voorwaarden``)."""
    return conn.execute(select(func.count()).select_from(tabel).where(*voorwaarden)).scalar_one()


def delen(waarden: Sequence[_T], grootte: int = DEEL) -> Iterator[Sequence[_T]]:
    """``waarden`` in consecutive slices of at most ``grootte`` (for batched statements)."""
    for i in range(0, len(waarden), grootte):
        yield waarden[i : i + grootte]


#: PostgreSQL: from this many rows a bulk insert uses COPY.
_KOPIEER_VANAF = 100


def schrijf_veel(
    conn: Connection,
    opdracht: Any,
    kolommen: Sequence[str],
    rijen: Sequence[Sequence[Any]],
    kopie: bool = False,
) -> int:
    """Run ``opdracht`` (an INSERT, or an UPDATE/DELETE with ``bindparam`` names) once per
    row with the driver's ``executemany``; ``rijen`` hold the values in ``kolommen`` order.

    The statement is compiled once and every value converted by the type of its column or
    bind parameter, as SQLAlchemy would, but without SQLAlchemy's per-row bookkeeping: bulk
    writes (imports) keep the write lock a fraction as long. With ``kopie`` an INSERT of many
    rows on PostgreSQL is sent with ``COPY`` instead. Returns the number of rows the driver
    reports (with COPY: written)."""
    if not rijen:
        return 0
    dialect = conn.dialect
    kopieer = False
    if getattr(opdracht, "is_insert", False):
        opdracht = opdracht.inline()  # no RETURNING of generated keys
        kopieer = kopie and dialect.name == "postgresql" and len(rijen) >= _KOPIEER_VANAF
    gecompileerd = opdracht.compile(dialect=dialect, column_keys=list(kolommen))
    namen = list(gecompileerd.positiontup or gecompileerd.binds)
    positie = {k: i for i, k in enumerate(kolommen)}
    kies = itemgetter(*(positie[n] for n in namen))
    omzetters = [
        (j, f)
        for j, n in enumerate(namen)
        if (f := gecompileerd.binds[n].type.dialect_impl(dialect).bind_processor(dialect))
    ]
    waarden: list[Any] = []
    vorige: dict[int, tuple[Any, Any]] = {}  # per column the last value and its conversion
    for rij in rijen:
        gekozen = kies(rij)
        rijwaarden = list(gekozen) if len(namen) > 1 else [gekozen]
        for j, f in omzetters:
            waarde = rijwaarden[j]
            laatste = vorige.get(j)
            if laatste is None or laatste[0] is not waarde:  # e.g. one time for every row
                laatste = vorige[j] = (waarde, f(waarde))
            rijwaarden[j] = laatste[1]
        waarden.append(
            tuple(rijwaarden)
            if gecompileerd.positional or kopieer
            else dict(zip(namen, rijwaarden, strict=True))
        )
    if kopieer:
        return _kopieer(conn, opdracht.table.name, namen, waarden)
    return conn.exec_driver_sql(gecompileerd.string, waarden).rowcount


def _kopieer(conn: Connection, tabel: str, kolommen: Sequence[str], rijen: list[Any]) -> int:
    """PostgreSQL: insert ``rijen`` (values as the column types converted them) with ``COPY
    ... FROM STDIN`` in the connection's transaction: no statement per row."""
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {tabel} ({', '.join(kolommen)}) FROM STDIN") as kopie:
        for rij in rijen:
            kopie.write_row(rij)
    return len(rijen)


def reserveer_ids(conn: Connection, tabel: Table, aantal: int) -> list[int]:
    """``aantal`` new values for the integer primary key ``id`` of ``tabel``, for a bulk
    insert with explicit ids in a :meth:`Database.schrijven` transaction. SQLite: after the
    highest id (the transaction holds the only write lock, so nobody else takes them);
    PostgreSQL: from the column's sequence."""
    if aantal <= 0:
        return []
    if conn.dialect.name == "postgresql":
        return list(
            conn.exec_driver_sql(
                "SELECT nextval(pg_get_serial_sequence(%(tabel)s, 'id')) "
                "FROM generate_series(1, %(aantal)s)",
                {"tabel": tabel.name, "aantal": aantal},
            ).scalars()
        )
    hoogste = conn.execute(select(func.max(tabel.c.id))).scalar() or 0
    return list(range(hoogste + 1, hoogste + 1 + aantal))


class Repository(Protocol):
    """What the :class:`Store` facade asks of every repository besides its own methods."""

    def tel(self, conn: Connection) -> dict[str, int]:
        """Number of rows per table of this kind of record (for ``Store.tellingen``)."""
        ...


class _Terugdraaien(Exception):
    """Raised at the end of a dry-run transaction to roll it back."""


def is_bezet(fout: BaseException) -> bool:
    """Whether a database error means "locked by another writer, try again": SQLite's
    busy/locked, PostgreSQL's lock or statement timeout, deadlock or serialisation failure."""
    if not isinstance(fout, DBAPIError):
        return False
    return _dbapi_bezet(fout.orig)


def _dbapi_bezet(orig: BaseException) -> bool:
    """:func:`is_bezet` for the DBAPI's own exception."""
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _SQLITE_BEZET
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if sqlstate is not None:
        return sqlstate in _PG_BEZET
    return "database is locked" in str(orig)


def _seconden(naam: str, waarde: Any, standaard: float) -> float:
    """A wait setting in seconds (0 up to an hour); None gives ``standaard``."""
    if waarde is None:
        return standaard
    try:
        seconden = float(waarde)
    except (TypeError, ValueError):
        seconden = math.nan
    if not 0 <= seconden <= 3600:
        raise ConfiguratieFout(
            f"instelling {naam} = {waarde!r}: moet een aantal seconden van 0 tot en met 3600 zijn"
        )
    return seconden


def _getal(waarde: float) -> str:
    """A number as Dutch text (decimal comma)."""
    return f"{waarde:g}".replace(".", ",")


def _bezet(wachttijd: float) -> Bezet:
    opnieuw_na = max(1, min(30, math.ceil(wachttijd / 2)))
    return Bezet(
        "De database is bezet: een andere schrijfactie (bijvoorbeeld een import) hield het "
        f"schrijfslot langer vast dan de wachttijd van {_getal(wachttijd)} s; er is niets "
        "opgeslagen. "
        f"Probeer het over {opnieuw_na} s opnieuw",
        opnieuw_na=opnieuw_na,
    )


class Database:
    """The engine of one database (SQLite file or PostgreSQL/PostGIS) and its transactions.

    ``wachttijd``: seconds an interactive write waits for the write lock (default
    :data:`WACHTTIJD`); ``wachttijd_import``: the same for bulk imports and migrations
    (default :data:`WACHTTIJD_IMPORT`)."""

    def __init__(
        self,
        url: str,
        wachttijd: float | None = None,
        wachttijd_import: float | None = None,
        **engine_opties: Any,
    ) -> None:
        self.url = url
        self.wachttijd = _seconden("SCHRIJF_WACHTTIJD", wachttijd, WACHTTIJD)
        self.wachttijd_import = _seconden("IMPORT_WACHTTIJD", wachttijd_import, WACHTTIJD_IMPORT)
        self.engine: Engine = create_engine(url, **engine_opties)
        if self.engine.dialect.name == "sqlite":
            _sqlite_instellen(self.engine, self.wachttijd)

    @contextmanager
    def schrijven(
        self, droog: bool = False, importeren: bool = False, wachttijd: float | None = None
    ) -> Iterator[Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite): all or nothing; ``droog``
        rolls it back at the end (a dry run). It waits at most :attr:`wachttijd` seconds for
        the write lock (``importeren``: :attr:`wachttijd_import`; or the given ``wachttijd``),
        then raises :class:`Bezet`."""
        if wachttijd is None:
            wachttijd = self.wachttijd_import if importeren else self.wachttijd
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(schrijven=True, wachttijd=wachttijd)
                with conn.begin():
                    if conn.dialect.name == "postgresql":
                        statement = STATEMENT_TIMEOUT_IMPORT if importeren else STATEMENT_TIMEOUT
                        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(wachttijd * 1000)}")
                        conn.exec_driver_sql(
                            f"SET LOCAL statement_timeout = {int(max(statement, wachttijd) * 1000)}"
                        )
                    yield conn
                    if droog:
                        raise _Terugdraaien
        except _Terugdraaien:
            pass
        except DBAPIError as fout:
            if is_bezet(fout):
                raise _bezet(wachttijd) from fout
            raise

    @contextmanager
    def lezen(self) -> Iterator[Connection]:
        """One read transaction (a consistent snapshot)."""
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except DBAPIError as fout:
            if is_bezet(fout):  # SQLite: only while another process recovers the WAL
                raise _bezet(self.wachttijd) from fout
            raise

    def waarde(self, sql: str) -> Any:
        """The first column of the first row of the read-only statement ``sql`` (None without
        rows), on a pooled DBAPI connection without SQLAlchemy's per-execution work: for a
        one-row query made on every request, such as the data version. One statement is its
        own consistent snapshot, run outside a transaction (SQLite: autocommit; PostgreSQL:
        the connection in autocommit for it, so no BEGIN and no ROLLBACK go to the server)."""
        try:
            conn = self.engine.raw_connection()
            try:
                driver = conn.driver_connection
                pg = hasattr(driver, "autocommit") and self.engine.dialect.name == "postgresql"
                if pg:
                    driver.autocommit = True  # type: ignore[union-attr]
                try:
                    cursor = conn.cursor()
                    try:
                        cursor.execute(sql)
                        rij = cursor.fetchone()
                    finally:
                        cursor.close()
                finally:
                    if pg:
                        driver.autocommit = False  # type: ignore[union-attr]
            finally:
                conn.close()
        except self.engine.dialect.loaded_dbapi.Error as fout:
            if _dbapi_bezet(fout):
                raise _bezet(self.wachttijd) from fout
            raise
        return None if rij is None else rij[0]

    def migreer(self, revisie: str = "head") -> None:
        """Run the Alembic migrations up to ``revisie`` (default: the newest). A database that
        is at the newest revision already is only read: opening a current store never waits for
        (or takes) the write lock, so a fresh app starts while an import runs."""
        if revisie == "head" and self._is_actueel():
            return
        from alembic import command
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        map_ = str(resources.files("locatieplanner.store").joinpath("migrations"))
        if revisie == "head" and self.schema_versie() == ScriptDirectory(map_).get_current_head():
            return
        cfg = Config()
        cfg.set_main_option("script_location", map_)
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        with self.schrijven(importeren=True) as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revisie)

    def _is_actueel(self) -> bool:
        """Whether the database is at :func:`kopversie` (the one stored revision is the newest
        script's), read with one query and without Alembic: importing Alembic and building its
        script directory costs more than the rest of opening a store. False when unsure (no
        version table, several stored revisions, no single newest script): Alembic decides."""
        kop = kopversie()
        if kop is None:
            return False
        try:
            with self.engine.connect() as conn:
                rijen = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        except DBAPIError:  # no version table yet
            return False
        return [r[0] for r in rijen] == [kop]

    def schema_versie(self) -> str | None:
        """The Alembic revision the database is at (None when not initialised)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def sluit(self) -> None:
        """Close all pooled connections."""
        self.engine.dispose()


#: ``revision = "..."`` and ``down_revision = ...`` lines of a migration script (with or without
#: a type annotation, as Alembic's templates write them).
_REVISIEREGEL = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.M)


@functools.cache
def kopversie() -> str | None:
    """The newest revision of the migration scripts (the one no other script revises), read
    from their ``revision``/``down_revision`` lines without importing them. None when that is
    not clear (a script without those lines, a value that is not a literal, several heads):
    the caller then asks Alembic."""
    versies = resources.files("locatieplanner.store").joinpath("migrations", "versions")
    revisies: set[str] = set()
    lager: set[str] = set()
    for bestand in versies.iterdir():
        if not bestand.name.endswith(".py"):
            continue
        waarden: dict[str, Any] = {}
        for naam, tekst in _REVISIEREGEL.findall(bestand.read_text("utf-8")):
            try:
                waarden.setdefault(naam, ast.literal_eval(tekst))
            except (ValueError, SyntaxError):
                return None
        revisie, vorige = waarden.get("revision"), waarden.get("down_revision", ...)
        if not isinstance(revisie, str) or vorige is ...:
            return None
        revisies.add(revisie)
        if isinstance(vorige, str):
            lager.add(vorige)
        elif isinstance(vorige, (tuple, list)):
            lager.update(vorige)
    koppen = revisies - lager
    return koppen.pop() if len(koppen) == 1 else None


def _sqlite_instellen(engine: Engine, wachttijd: float) -> None:
    """WAL, foreign keys, busy timeout; explicit BEGIN (IMMEDIATE for writes). The busy timeout
    is set before every BEGIN: the write's own wait, else ``wachttijd`` (a pooled connection
    keeps the last value)."""

    @event.listens_for(engine, "connect")
    def _bij_verbinden(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={int(wachttijd * 1000)}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _bij_begin(conn: Connection) -> None:
        opties = conn.get_execution_options()
        wacht = int(opties.get("wachttijd", wachttijd) * 1000)
        # per DBAPI connection (``info`` lives as long as it): set only when it changes
        if conn.info.get("busy_timeout") != wacht:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={wacht}")
            conn.info["busy_timeout"] = wacht
        if opties.get("schrijven"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")
