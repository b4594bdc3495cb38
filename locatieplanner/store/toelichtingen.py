"""The municipalities' explanations (*toelichting of handelingsperspectief*), one per municipality,
with a row version (optimistic lock, :class:`.versies.Versies`) and the audit log.

Writing is an upsert with the version it is based on: ``0`` for a municipality that has none yet
(a concurrent first text makes the second one a :class:`Conflict`), else the stored version.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from ..domein.rechten import Actie, eis_gemeente
from ..domein.toelichting import Toelichting, valideer_toelichting
from ..errors import Conflict, NietGevonden, ValidatieFout
from . import schema as t
from .database import Database, nu, tel, utc
from .gemeenten import GemeentenRepository
from .versies import Versies
from .wijzigingen import Auditlog

__all__ = ["ToelichtingenRepository", "toelichting_uit_rij"]


def toelichting_uit_rij(rij: Mapping[str, Any]) -> Toelichting:
    """A ``toelichting`` row as a :class:`Toelichting`."""
    return Toelichting(
        rij["gemeente"],
        rij["tekst"],
        rij["id"],
        rij["versie"],
        utc(rij["gewijzigd"]),  # type: ignore[arg-type]
        rij["door"],
    )


class ToelichtingenRepository:
    """Reading and writing the explanation of a municipality."""

    def __init__(self, db: Database, audit: Auditlog, gemeenten: GemeentenRepository) -> None:
        self._db = db
        self._audit = audit
        self._gemeenten = gemeenten
        self._versies = Versies(t.toelichting, audit, "toelichting", self._een)

    def _een(self, conn: Connection, sleutel: int) -> Toelichting | None:
        rij = conn.execute(select(t.toelichting).where(t.toelichting.c.id == sleutel))
        gevonden = rij.mappings().first()
        return None if gevonden is None else toelichting_uit_rij(gevonden)

    def _van(self, conn: Connection, gemeente: str) -> Toelichting | None:
        rij = conn.execute(select(t.toelichting).where(t.toelichting.c.gemeente == gemeente))
        gevonden = rij.mappings().first()
        return None if gevonden is None else toelichting_uit_rij(gevonden)

    def _controleer(self, conn: Connection, gemeente: str) -> None:
        """:class:`NietGevonden` unless municipality ``gemeente`` is stored (a code that cannot
        be one, such as a long text or one with a NUL character, is not looked up)."""
        if (
            not isinstance(gemeente, str)
            or len(gemeente) > t.gemeente.c.gemeente.type.length  # type: ignore[attr-defined]
            or "\x00" in gemeente
            or not self._gemeenten.bestaat(conn, gemeente)
        ):
            raise NietGevonden(f"Gemeente {str(gemeente)[:40]!r} bestaat niet")

    def lees(self, gemeente: str) -> Toelichting | None:
        """The explanation of ``gemeente`` (None when it has none);
        :class:`NietGevonden` for an unknown municipality."""
        with self._db.lezen() as conn:
            self._controleer(conn, gemeente)
            return self._van(conn, gemeente)

    def lijst(self) -> dict[str, Toelichting]:
        """Every stored explanation by municipality code."""
        with self._db.lezen() as conn:
            rijen = conn.execute(select(t.toelichting)).mappings().all()
        return {r["gemeente"]: toelichting_uit_rij(r) for r in rijen}

    def bewaar(self, gemeente: str, tekst: str, versie: int) -> Toelichting:
        """Store ``tekst`` as the explanation of ``gemeente`` if it is still at ``versie`` (0:
        it has none yet); :class:`Conflict` (with the stored one) when it is not."""
        eis_gemeente(
            self._audit.account, Actie.TOELICHTING, gemeente, f"toelichting van {gemeente}"
        )
        nieuw = Toelichting(gemeente, tekst if isinstance(tekst, str) else "")
        problemen = valideer_toelichting(nieuw)
        if problemen:
            raise ValidatieFout(problemen)
        with self._db.schrijven() as conn:
            self._controleer(conn, gemeente)
            nieuw.gewijzigd, nieuw.door = nu(), self._audit.gebruiker
            rij = {"gemeente": gemeente, "tekst": nieuw.tekst}
            rij |= {"gewijzigd": nieuw.gewijzigd, "door": nieuw.door}
            oud = self._van(conn, gemeente)
            if oud is None and versie == 0:
                return self._versies.voeg_toe_uniek(
                    conn, rij, nieuw, f"van {gemeente}", lambda: self._van(conn, gemeente)
                )
            if oud is None:
                raise Conflict(
                    f"{gemeente} heeft geen toelichting (meer) (versie 0, uw wijziging is "
                    f"gebaseerd op versie {versie}); laad de toelichting opnieuw"
                )
            if oud.tekst == nieuw.tekst:
                self._versies.controleer(oud, versie)
                return oud
            return self._versies.werk_bij(conn, oud, versie, rij, nieuw)

    def tel(self, conn: Connection) -> dict[str, int]:
        """Number of explanations."""
        return {"toelichting": tel(conn, t.toelichting)}
