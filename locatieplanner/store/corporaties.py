"""Housing corporations with their working area (the municipalities they build in)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from ..domein.model import Corporatie, gooi_als_problemen, valideer_corporatie
from ..domein.rechten import Actie, eis
from ..errors import Probleem, ValidatieFout
from . import schema as t
from .database import Database, tel
from .gemeenten import GemeentenRepository
from .wijzigingen import Auditlog

__all__ = ["CorporatiesRepository", "corporatie_naar_rij", "corporatie_uit_rij"]


def corporatie_naar_rij(corporatie: Corporatie) -> dict[str, Any]:
    """The ``corporatie`` columns of a corporation (the working area is in ``werkgebied``)."""
    return {"naam": corporatie.naam, "code": corporatie.code}


def corporatie_uit_rij(rij: Mapping[str, Any], gemeenten: list[str]) -> Corporatie:
    """A ``corporatie`` row with its working area as a :class:`Corporatie`."""
    return Corporatie(rij["naam"], rij["code"], gemeenten, rij["id"])


class CorporatiesRepository:
    """Corporations, by name."""

    def __init__(self, db: Database, audit: Auditlog, gemeenten: GemeentenRepository) -> None:
        self._db = db
        self._audit = audit
        self._gemeenten = gemeenten

    def bewaar(self, corporatie: Corporatie) -> Corporatie:
        """Insert or update a corporation by name, with its working area."""
        eis(self._audit.account, Actie.CORPORATIES, item=f"corporatie {corporatie.naam!r}")
        gooi_als_problemen(valideer_corporatie(corporatie))
        with self._db.schrijven() as conn:
            onbekend = sorted(set(corporatie.gemeenten) - self._gemeenten.codes(conn))
            if onbekend:
                raise ValidatieFout(
                    [
                        Probleem(
                            "gemeenten",
                            c,
                            "onbekende gemeentecode",
                            f"corporatie {corporatie.naam!r}",
                        )
                        for c in onbekend
                    ]
                )
            oud = (
                conn.execute(select(t.corporatie).where(t.corporatie.c.naam == corporatie.naam))
                .mappings()
                .first()
            )
            rij = corporatie_naar_rij(corporatie)
            if oud is None:
                cid = conn.execute(insert(t.corporatie).values(**rij)).inserted_primary_key[0]
                self._audit.schrijf(conn, "corporatie", cid, "toegevoegd", None, asdict(corporatie))
            else:
                cid = oud["id"]
                oude_gebieden = sorted(
                    conn.execute(
                        select(t.werkgebied.c.gemeente).where(t.werkgebied.c.corporatie == cid)
                    ).scalars()
                )
                if oud["code"] == corporatie.code and oude_gebieden == sorted(corporatie.gemeenten):
                    return replace(corporatie, id=cid)
                conn.execute(
                    update(t.corporatie).where(t.corporatie.c.id == cid).values(code=rij["code"])
                )
                conn.execute(delete(t.werkgebied).where(t.werkgebied.c.corporatie == cid))
                self._audit.schrijf(
                    conn,
                    "corporatie",
                    cid,
                    "gewijzigd",
                    {"code": oud["code"], "gemeenten": oude_gebieden},
                    asdict(corporatie),
                )
            for code in dict.fromkeys(corporatie.gemeenten):
                conn.execute(insert(t.werkgebied).values(corporatie=cid, gemeente=code))
        return replace(corporatie, id=cid)

    def lijst(self) -> list[Corporatie]:
        """All corporations by name, with their working areas."""
        with self._db.lezen() as conn:
            rijen = (
                conn.execute(select(t.corporatie).order_by(t.corporatie.c.naam)).mappings().all()
            )
            gebieden: dict[int, list[str]] = {}
            for cid, code in conn.execute(
                select(t.werkgebied.c.corporatie, t.werkgebied.c.gemeente).order_by(
                    t.werkgebied.c.gemeente
                )
            ):
                gebieden.setdefault(cid, []).append(code)
        return [corporatie_uit_rij(r, gebieden.get(r["id"], [])) for r in rijen]

    def naam_van(self, conn: Connection, corporatie_id: int | None) -> str | None:
        """The name of corporation ``corporatie_id`` (None for None)."""
        if corporatie_id is None:
            return None
        return conn.execute(
            select(t.corporatie.c.naam).where(t.corporatie.c.id == corporatie_id)
        ).scalar_one_or_none()

    def ids(self, conn: Connection) -> dict[str, int]:
        """Corporation id by name."""
        return {
            naam: cid for cid, naam in conn.execute(select(t.corporatie.c.id, t.corporatie.c.naam))
        }

    def tel(self, conn: Connection) -> dict[str, int]:
        """Number of corporations."""
        return {"corporatie": tel(conn, t.corporatie)}
