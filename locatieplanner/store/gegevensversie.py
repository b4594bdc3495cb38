"""A version of the plan data that stays the same as long as nothing is written to it, on
SQLite and on PostgreSQL alike, and the box of all sites.

:meth:`Store.cacheversie` on PostgreSQL includes the snapshot, so it also changes with every
transaction that does not touch the plan data (an API token's last use, a login): right for the
answer cache, but a result computed ahead (when a worker starts) would then never be used. The
version here is the newest audit id *and the number of audit entries*: every committed write of
plan data adds entries, and entries are never deleted, so the number grows with every commit,
also when concurrent writers make their ids visible out of order (a lower id that becomes visible
later still raises the number). Read it before the data it keys.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from . import schema as t

__all__ = ["gegevensversie", "locatievak"]

_VERSIE = select(func.coalesce(func.max(t.wijziging.c.id), 0), func.count())
_VAK = select(
    func.min(t.locatie.c.minx),
    func.min(t.locatie.c.miny),
    func.max(t.locatie.c.maxx),
    func.max(t.locatie.c.maxy),
)


def gegevensversie(engine: Any) -> tuple[int, int]:
    """(newest audit id, number of audit entries) of the database of ``engine``."""
    with engine.connect() as conn:
        hoogste, aantal = conn.execute(_VERSIE.select_from(t.wijziging)).one()
    return int(hoogste), int(aantal)


def locatievak(engine: Any) -> tuple[float, float, float, float] | None:
    """``minx, miny, maxx, maxy`` (EPSG:28992) of the boxes of all sites; None without sites."""
    with engine.connect() as conn:
        rij = conn.execute(_VAK).one()
    return None if rij[0] is None else tuple(float(w) for w in rij)  # type: ignore[return-value]
