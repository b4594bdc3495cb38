"""A version of the plan data that stays the same as long as nothing is written to it, on
SQLite and on PostgreSQL alike, and the box of all sites.

:meth:`Store.cacheversie` on PostgreSQL includes the snapshot, so it also changes with every
transaction that does not touch the plan data (an API token's last use, a login): right for the
answer cache, but a result computed ahead (when a worker starts) would then never be used. The
version here is the newest audit id; on PostgreSQL also the number of audit entries: concurrent
writers can make their ids visible out of order (a lower id committed after a higher one leaves
the newest id as it was), but every committed write adds entries and entries are never deleted,
so the number grows with every commit. On SQLite writes are serialised, so the newest id is
enough. Read it before the data it keys.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from . import schema as t

__all__ = ["gegevensversie", "locatievak"]

_NIEUWSTE = select(func.coalesce(func.max(t.wijziging.c.id), 0)).select_from(t.wijziging)
_VAK = select(
    func.min(t.locatie.c.minx),
    func.min(t.locatie.c.miny),
    func.max(t.locatie.c.maxx),
    func.max(t.locatie.c.maxy),
)


def gegevensversie(engine: Any) -> tuple[int, ...]:
    """The data version of the database of ``engine`` (see the module): ``(newest audit id,)``,
    on PostgreSQL ``(newest audit id, number of audit entries)``."""
    with engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            return (int(conn.execute(_NIEUWSTE).scalar_one()),)
        hoogste, aantal = conn.execute(_NIEUWSTE.add_columns(func.count())).one()
    return int(hoogste), int(aantal)


def locatievak(engine: Any) -> tuple[float, float, float, float] | None:
    """``minx, miny, maxx, maxy`` (EPSG:28992) of the boxes of all sites; None without sites."""
    with engine.connect() as conn:
        rij = conn.execute(_VAK).one()
    return None if rij[0] is None else tuple(float(w) for w in rij)  # type: ignore[return-value]
