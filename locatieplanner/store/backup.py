"""Backup and restore of a live database: SQLite via ``VACUUM INTO``, PostGIS via ``pg_dump``.

A plain file copy of a live SQLite database in WAL mode can miss committed writes (they may still
be in the ``-wal`` file); ``VACUUM INTO`` reads one consistent snapshot inside a read transaction,
so every write acknowledged before the backup started is in it, while writers carry on.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from ..errors import BestandFout, ConfiguratieFout, ValidatieFout

if TYPE_CHECKING:
    from . import Store

__all__ = ["Herstelrapport", "maak_backup", "herstel_backup", "is_leeg"]

#: Tables whose rows make a store "not empty" (the audit log alone does not).
_GEGEVENS = ("gemeente", "corporatie", "locatie", "onttrekking", "bod")


@dataclass(frozen=True)
class Herstelrapport:
    """What a restore did: the backup read and the row counts now in the store."""

    bron: Path
    tellingen: dict[str, int]


def _sqlite_pad(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise ConfiguratieFout(f"Database-URL {url!r} wijst geen SQLite-bestand aan")
    return Path(database)


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _pg_programma(naam: str) -> str:
    gevonden = shutil.which(naam) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{naam}"), reverse=True)), None
    )
    if not gevonden:
        raise ConfiguratieFout(
            f"{naam} is niet gevonden; installeer de PostgreSQL-clientprogramma's "
            "(Debian: apt-get install postgresql-client)"
        )
    return gevonden


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _controleer_sqlite(pad: Path) -> None:
    try:
        with sqlite3.connect(f"file:{pad}?mode=ro", uri=True) as conn:
            uitslag = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise BestandFout(f"{pad} is geen leesbare SQLite-database: {e}") from e
    if uitslag != "ok":
        raise BestandFout(f"{pad} is beschadigd (integrity_check: {uitslag})")


def maak_backup(url: str, pad: str | os.PathLike[str]) -> Path:
    """Write a backup of the live database at ``url`` to ``pad`` (which must not exist yet).

    SQLite: ``VACUUM INTO`` a temporary file beside ``pad``, checked with ``integrity_check``,
    then renamed atomically. PostgreSQL: ``pg_dump --format=custom``."""
    doel = Path(pad)
    if doel.exists():
        raise BestandFout(f"{doel} bestaat al; kies een nieuwe bestandsnaam voor de backup")
    if not doel.parent.is_dir():
        raise BestandFout(f"De map {doel.parent} bestaat niet")
    tijdelijk = doel.with_name(f".{doel.name}.bezig")
    tijdelijk.unlink(missing_ok=True)
    try:
        if _is_sqlite(url):
            bron = _sqlite_pad(url)
            if not bron.exists():
                raise BestandFout(f"De database {bron} bestaat niet")
            with sqlite3.connect(bron, timeout=30) as conn:
                conn.execute("VACUUM INTO ?", (str(tijdelijk),))
            conn.close()
            _controleer_sqlite(tijdelijk)
        else:
            _pg(
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(tijdelijk),
                _libpq_url(url),
            )
        os.replace(tijdelijk, doel)
    finally:
        tijdelijk.unlink(missing_ok=True)
    return doel


def _pg(programma: str, *args: str) -> None:
    try:
        subprocess.run(
            [_pg_programma(programma), *args], check=True, capture_output=True, text=True
        )
    except subprocess.CalledProcessError as e:
        melding = (e.stderr or e.stdout or "").strip().splitlines()
        raise BestandFout(
            f"{programma} is mislukt: {melding[-1] if melding else f'afsluitcode {e.returncode}'}"
        ) from e


def is_leeg(store: Store) -> bool:
    """Whether the store holds no data (no schema yet, or no rows in the data tables)."""
    if store.schema_versie() is None:
        return True
    tellingen = store.tellingen()
    return not any(tellingen.get(naam, 0) for naam in _GEGEVENS)


def herstel_backup(
    store: Store, pad: str | os.PathLike[str], overschrijf: bool = False
) -> Herstelrapport:
    """Replace the store's content with the backup at ``pad``. A store that holds data is only
    overwritten with ``overschrijf=True``. The schema is brought up to date afterwards."""
    bron = Path(pad)
    if not bron.is_file():
        raise BestandFout(f"De backup {bron} bestaat niet")
    if not overschrijf and not is_leeg(store):
        tellingen = store.tellingen()
        inhoud = ", ".join(f"{tellingen[n]} {n}" for n in _GEGEVENS if tellingen.get(n))
        raise ValidatieFout(
            [],
            f"De database is niet leeg ({inhoud}); herstellen overschrijft alles. Gebruik "
            "--overschrijf om dat te bevestigen",
        )
    url: str = store.url
    store.sluit()
    if _is_sqlite(url):
        _controleer_sqlite(bron)
        doel = _sqlite_pad(url)
        with (
            sqlite3.connect(f"file:{bron}?mode=ro", uri=True) as van,
            sqlite3.connect(doel, timeout=30) as naar,
        ):
            van.backup(naar)
        van.close()
        naar.close()
    else:
        _pg(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            _libpq_url(url),
            str(bron),
        )
    store.migreer()
    return Herstelrapport(bron, store.tellingen())
