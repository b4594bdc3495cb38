"""Engine and transactions: one database, its SQLite settings, write/read transactions, migrations.

Every repository gets the same :class:`Database` and runs each public write in one
:meth:`Database.schrijven` transaction (``BEGIN IMMEDIATE`` on SQLite: one writer at a time,
no "database is locked" half way); ``droog`` rolls it back at the end (a dry run).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, Engine, Table, create_engine, event, func, select

__all__ = ["Database", "Repository", "delen", "nu", "tel", "utc"]

_T = TypeVar("_T")

#: Rows per statement in batched reads (``IN (...)``) and writes.
DEEL = 500


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


class Repository(Protocol):
    """What the :class:`Store` facade asks of every repository besides its own methods."""

    def tel(self, conn: Connection) -> dict[str, int]:
        """Number of rows per table of this kind of record (for ``Store.tellingen``)."""
        ...


class _Terugdraaien(Exception):
    """Raised at the end of a dry-run transaction to roll it back."""


class Database:
    """The engine of one database (SQLite file or PostgreSQL/PostGIS) and its transactions."""

    def __init__(self, url: str, **engine_opties: Any) -> None:
        self.url = url
        self.engine: Engine = create_engine(url, **engine_opties)
        if self.engine.dialect.name == "sqlite":
            _sqlite_instellen(self.engine)

    @contextmanager
    def schrijven(self, droog: bool = False) -> Iterator[Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite): all or nothing; ``droog``
        rolls it back at the end (a dry run)."""
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(schrijven=True)
                with conn.begin():
                    yield conn
                    if droog:
                        raise _Terugdraaien
        except _Terugdraaien:
            pass

    @contextmanager
    def lezen(self) -> Iterator[Connection]:
        """One read transaction (a consistent snapshot)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def migreer(self, revisie: str = "head") -> None:
        """Run the Alembic migrations up to ``revisie`` (default: the newest)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option(
            "script_location", str(resources.files("locatieplanner.store").joinpath("migrations"))
        )
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        with self.schrijven() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revisie)

    def schema_versie(self) -> str | None:
        """The Alembic revision the database is at (None when not initialised)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def sluit(self) -> None:
        """Close all pooled connections."""
        self.engine.dispose()


def _sqlite_instellen(engine: Engine) -> None:
    """WAL, foreign keys, busy timeout; explicit BEGIN (IMMEDIATE for writes)."""

    @event.listens_for(engine, "connect")
    def _bij_verbinden(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _bij_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("schrijven"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")
