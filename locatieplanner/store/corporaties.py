"""Housing corporations with their working area (the municipalities they build in)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from ..domein.model import Corporatie, gooi_als_problemen, valideer_corporatie
from ..domein.rechten import Actie, eis
from ..errors import Probleem, ValidatieFout
from . import schema as t
from .database import Database, tel
from .gemeenten import GemeentenRepository
from .versies import Versies
from .wijzigingen import Auditlog

__all__ = ["CorporatiesRepository", "corporatie_naar_rij", "corporatie_uit_rij"]


def corporatie_naar_rij(corporatie: Corporatie) -> dict[str, Any]:
    """The ``corporatie`` columns of a corporation (the working area is in ``werkgebied``)."""
    return {"naam": corporatie.naam, "code": corporatie.code}


def corporatie_uit_rij(rij: Mapping[str, Any], gemeenten: list[str]) -> Corporatie:
    """A ``corporatie`` row with its working area as a :class:`Corporatie`."""
    return Corporatie(rij["naam"], rij["code"], gemeenten, rij["id"], rij["versie"])


class CorporatiesRepository:
    """Corporations, by name, with an optimistic-lock ``versie`` (:class:`.versies.Versies`)."""

    def __init__(self, db: Database, audit: Auditlog, gemeenten: GemeentenRepository) -> None:
        self._db = db
        self._audit = audit
        self._gemeenten = gemeenten
        self._versies = Versies(t.corporatie, audit, "corporatie", self._een)

    def _een(self, conn: Connection, corporatie_id: int) -> Corporatie | None:
        rij = (
            conn.execute(select(t.corporatie).where(t.corporatie.c.id == corporatie_id))
            .mappings()
            .first()
        )
        if rij is None:
            return None
        gebied = conn.execute(
            select(t.werkgebied.c.gemeente)
            .where(t.werkgebied.c.corporatie == corporatie_id)
            .order_by(t.werkgebied.c.gemeente)
        ).scalars()
        return corporatie_uit_rij(rij, list(gebied))

    def _met_naam(self, conn: Connection, naam: str) -> Corporatie | None:
        cid = self.ids(conn).get(naam)
        return None if cid is None else self._een(conn, cid)

    def _controleer(self, conn: Connection, corporatie: Corporatie) -> Corporatie:
        """Validate a corporation and check that its working area's municipalities exist; the
        corporation with that working area sorted and without doubles."""
        gooi_als_problemen(valideer_corporatie(corporatie))
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
        return replace(corporatie, gemeenten=sorted(set(corporatie.gemeenten)))

    def _schrijf_werkgebied(self, conn: Connection, corporatie: Corporatie) -> None:
        conn.execute(delete(t.werkgebied).where(t.werkgebied.c.corporatie == corporatie.id))
        for code in corporatie.gemeenten:
            conn.execute(insert(t.werkgebied).values(corporatie=corporatie.id, gemeente=code))

    def bewaar(self, corporatie: Corporatie) -> Corporatie:
        """Store a NEW corporation with its working area (version 1). When the name exists
        already nothing is stored: :class:`Conflict` with the stored corporation as ``huidig``
        (change it with :meth:`wijzig`)."""
        eis(self._audit.account, Actie.CORPORATIES, item=f"corporatie {corporatie.naam!r}")
        with self._db.schrijven() as conn:
            nieuw = self._versies.voeg_toe_uniek(
                conn,
                corporatie_naar_rij(corporatie),
                self._controleer(conn, corporatie),
                repr(corporatie.naam),
                lambda: self._met_naam(conn, corporatie.naam),
            )
            self._schrijf_werkgebied(conn, nieuw)
        return nieuw

    def wijzig(self, corporatie_id: int, wijzigingen: Mapping[str, Any], versie: int) -> Corporatie:
        """Change the name, code or working area (``gemeenten``: replaces it) of a corporation
        that is still at ``versie``; :class:`Conflict` when it is not. Administrators only."""
        eis(self._audit.account, Actie.CORPORATIES, item=f"corporatie {corporatie_id}")
        with self._db.schrijven() as conn:
            oud = self._versies.lees(conn, corporatie_id)
            self._versies.controleer(oud, versie)
            nieuw = self._controleer(conn, self._versies.gewijzigd(oud, wijzigingen))
            if nieuw == oud:
                return oud
            bezet = Probleem(
                "naam",
                nieuw.naam,
                "er is al een corporatie met deze naam; kies een andere naam",
                f"corporatie {corporatie_id}",
            )
            rij = corporatie_naar_rij(nieuw)
            nieuw = self._versies.werk_bij(conn, oud, versie, rij, nieuw, bezet)
            self._schrijf_werkgebied(conn, nieuw)
        return nieuw

    def lees(self, corporatie_id: int) -> Corporatie:
        """One corporation with its working area; :class:`NietGevonden` when it does not exist."""
        with self._db.lezen() as conn:
            return self._versies.lees(conn, corporatie_id)

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

    def ids(self, conn: Connection) -> dict[str, int]:
        """Corporation id by name."""
        return {
            naam: cid for cid, naam in conn.execute(select(t.corporatie.c.id, t.corporatie.c.naam))
        }

    def namen(self) -> list[str]:
        """Every name an import may use for a corporation (the keys of :meth:`ids`), sorted."""
        with self._db.lezen() as conn:
            return sorted(self.ids(conn))

    def eis_registreren(self, namen: Sequence[str]) -> None:
        """:class:`GeenToegang` unless the account may register the new corporations ``namen``
        during an import (the rule for adding corporations)."""
        eis(
            self._audit.account,
            Actie.CORPORATIES,
            item="nieuwe corporaties bij de import: " + ", ".join(repr(n) for n in namen),
        )

    def registreer(self, conn: Connection, namen: Sequence[str]) -> dict[str, int]:
        """Add the corporations ``namen`` (no code, no working area, version 1) in ``conn``'s
        transaction, for an import that names them; their ids by name. The caller has checked
        the names (:func:`valideer_corporatie`) and the right (:meth:`eis_registreren`)."""
        uit = {}
        for naam in namen:
            corporatie = Corporatie(naam)
            nieuw = self._versies.voeg_toe_uniek(
                conn,
                corporatie_naar_rij(corporatie),
                corporatie,
                repr(naam),
                lambda naam=naam: self._met_naam(conn, naam),  # type: ignore[misc]
            )
            uit[naam] = nieuw.id  # type: ignore[assignment]
        return uit

    def tel(self, conn: Connection) -> dict[str, int]:
        """Number of corporations."""
        return {"corporatie": tel(conn, t.corporatie)}
