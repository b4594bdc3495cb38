"""Municipalities' bids (DAEB dwellings for the period), one row per (gemeente, versie)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy import Connection, select

from ..domein.model import Bod, gooi_als_problemen, valideer_bod
from ..domein.rechten import Actie, eis_gemeente, gooi_als_geen_toegang, rechtenprobleem
from ..errors import Probleem, ValidatieFout
from . import schema as t
from .database import Database, nu, tel
from .gemeenten import GemeentenRepository
from .versies import Versies
from .wijzigingen import Auditlog

__all__ = ["BiedingenRepository", "bod_naar_rij", "bod_uit_rij"]

#: The columns a new version of the same (gemeente, versie) may change.
_WAARDEN = ("datum", "daeb", "opmerking")


def bod_naar_rij(bod: Bod) -> dict[str, Any]:
    """The ``bod`` columns of a bid (without id, ``rijversie`` and ``aangemaakt``)."""
    rij = asdict(bod)
    rij.pop("id")
    rij.pop("rijversie")
    return rij


def bod_uit_rij(rij: Mapping[str, Any]) -> Bod:
    """A ``bod`` row as a :class:`Bod`."""
    return Bod(
        rij["gemeente"],
        rij["versie"],
        rij["datum"],
        rij["daeb"],
        rij["opmerking"],
        rij["id"],
        rij["rijversie"],
    )


def _uitkomst(bod: Bod, oud: Mapping[str, Any] | None) -> str:
    """What storing ``bod`` over its stored row ``oud`` (None: none yet) will do."""
    if oud is None:
        return "toegevoegd"
    rij = bod_naar_rij(bod)
    return "ongewijzigd" if all(oud[k] == rij[k] for k in _WAARDEN) else "gewijzigd"


class BiedingenRepository:
    """Bids, per municipality and version, with an optimistic-lock ``rijversie``
    (:class:`.versies.Versies`)."""

    def __init__(self, db: Database, audit: Auditlog, gemeenten: GemeentenRepository) -> None:
        self._db = db
        self._audit = audit
        self._gemeenten = gemeenten
        self._versies = Versies(t.bod, audit, "bod", self._een, lidwoord="het", kolom="rijversie")

    def _een(self, conn: Connection, bod_id: int) -> Bod | None:
        rij = conn.execute(select(t.bod).where(t.bod.c.id == bod_id)).mappings().first()
        return None if rij is None else bod_uit_rij(rij)

    def _met_naam(self, conn: Connection, gemeente: str, versie: str) -> Bod | None:
        """The stored bid version ``versie`` of ``gemeente``, if any."""
        rij = (
            conn.execute(
                select(t.bod).where(t.bod.c.gemeente == gemeente, t.bod.c.versie == versie)
            )
            .mappings()
            .first()
        )
        return None if rij is None else bod_uit_rij(rij)

    def _schrijf(
        self, conn: Connection, bod: Bod, oud: Mapping[str, Any] | None
    ) -> tuple[int, str]:
        """Insert a checked bid, or update the stored row ``oud`` of its (gemeente, versie)
        (raising its ``rijversie``); its id and the outcome (``toegevoegd``, ``gewijzigd`` or
        ``ongewijzigd``)."""
        rij = bod_naar_rij(bod)
        if oud is None:
            nieuw = self._versies.voeg_toe(conn, {**rij, "aangemaakt": nu()}, bod)
            return nieuw.id, "toegevoegd"  # type: ignore[return-value]
        bestaand = bod_uit_rij(oud)
        waarden = {k: rij[k] for k in _WAARDEN}
        if {k: oud[k] for k in waarden} == waarden:
            return bestaand.id, "ongewijzigd"  # type: ignore[return-value]
        self._versies.werk_bij(
            conn, bestaand, bestaand.rijversie, waarden, replace(bestaand, **waarden)
        )
        return bestaand.id, "gewijzigd"  # type: ignore[return-value]

    def _controleer(self, conn: Connection, bod: Bod) -> None:
        """Validate a bid and check that its municipality exists."""
        gooi_als_problemen(valideer_bod(bod))
        if not self._gemeenten.bestaat(conn, bod.gemeente):
            raise ValidatieFout(
                [
                    Probleem(
                        "gemeente", bod.gemeente, "onbekende gemeentecode", f"bod {bod.versie!r}"
                    )
                ]
            )

    def bewaar(self, bod: Bod) -> Bod:
        """Store a NEW version of a municipality's bid (rijversie 1). When that (gemeente,
        versie) exists already nothing is stored: :class:`Conflict` with the stored bid as
        ``huidig`` (change it with :meth:`wijzig`)."""
        eis_gemeente(self._audit.account, Actie.BOD, bod.gemeente, f"bod van {bod.gemeente}")
        with self._db.schrijven() as conn:
            self._controleer(conn, bod)
            return self._versies.voeg_toe_uniek(
                conn,
                {**bod_naar_rij(bod), "aangemaakt": nu()},
                bod,
                f"{bod.versie!r} van {bod.gemeente}",
                lambda: self._met_naam(conn, bod.gemeente, bod.versie),
            )

    def wijzig(self, bod_id: int, wijzigingen: Mapping[str, Any], rijversie: int) -> Bod:
        """Change fields of a bid that is still at ``rijversie`` (:class:`Conflict` when it is
        not); ``versie`` renames the bid version (unique per municipality)."""
        with self._db.schrijven() as conn:
            oud = self._versies.lees(conn, bod_id)
            eis_gemeente(self._audit.account, Actie.BOD, oud.gemeente, f"bod {bod_id}")
            self._versies.controleer(oud, rijversie)
            nieuw = self._versies.gewijzigd(oud, wijzigingen)
            self._controleer(conn, nieuw)
            eis_gemeente(self._audit.account, Actie.BOD, nieuw.gemeente, f"bod {bod_id}")
            if nieuw == oud:
                return oud
            bezet = Probleem(
                "versie",
                nieuw.versie,
                f"{nieuw.gemeente} heeft al een bod met deze naam; kies een andere naam of wijzig "
                "dat bod",
                f"bod {bod_id}",
            )
            return self._versies.werk_bij(conn, oud, rijversie, bod_naar_rij(nieuw), nieuw, bezet)

    def verwijder(self, bod_id: int, rijversie: int) -> None:
        """Delete a bid version that is still at ``rijversie`` (:class:`Conflict` when it is not)."""
        with self._db.schrijven() as conn:
            oud = self._versies.lees(conn, bod_id)
            eis_gemeente(self._audit.account, Actie.BOD, oud.gemeente, f"bod {bod_id}")
            self._versies.verwijder(conn, oud, rijversie)

    def lees(self, bod_id: int) -> Bod:
        """One bid version; :class:`NietGevonden` when it does not exist."""
        with self._db.lezen() as conn:
            return self._versies.lees(conn, bod_id)

    def lijst(self, gemeente: str | None = None) -> list[Bod]:
        """All bid versions, per municipality oldest first (by date, then entry order)."""
        q = select(t.bod).order_by(t.bod.c.gemeente, t.bod.c.datum, t.bod.c.id)
        if gemeente is not None:
            q = q.where(t.bod.c.gemeente == gemeente)
        with self._db.lezen() as conn:
            rijen = conn.execute(q).mappings().all()
        return [bod_uit_rij(r) for r in rijen]

    def actueel(self) -> dict[str, Bod]:
        """The newest bid version per municipality (the one that counts)."""
        actueel: dict[str, Bod] = {}
        for b in self.lijst():
            actueel[b.gemeente] = b
        return actueel

    def tel(self, conn: Connection) -> dict[str, int]:
        """Number of bid versions."""
        return {"bod": tel(conn, t.bod)}

    def importeer(
        self,
        biedingen: Sequence[Bod],
        droog: bool = False,
        labels: Sequence[str | None] | None = None,
    ) -> dict[str, Any]:
        """Add or update many bid versions in ONE transaction, begun and committed here
        (``droog``: only checked, no write transaction); see :meth:`Store.importeer_biedingen`."""
        biedingen = list(biedingen)
        labels = list(labels) if labels is not None else [None] * len(biedingen)
        # Every problem is found before the write lock is taken; inside the write transaction
        # the (few) bids are checked again against what may have changed meanwhile.
        with self._db.lezen() as conn:
            uitslag = self._bereid_import_voor(conn, biedingen, labels)[1]
        if droog:
            return uitslag
        with self._db.schrijven(importeren=True) as conn:
            bestaand, uitslag = self._bereid_import_voor(conn, biedingen, labels)
            for b in biedingen:
                self._schrijf(conn, b, bestaand.get((b.gemeente, b.versie)))
        return uitslag

    def _bereid_import_voor(
        self, conn: Connection, biedingen: list[Bod], labels: list[str | None]
    ) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[str, Any]]:
        """Check an import of bids in ``conn``'s transaction: the stored rows by (gemeente,
        versie) and the counts; every problem at once as an exception."""
        gemeenten = self._gemeenten.codes(conn)
        bestaand = {
            (r["gemeente"], r["versie"]): dict(r) for r in conn.execute(select(t.bod)).mappings()
        }
        problemen: list[Probleem] = []
        gezien: dict[tuple[str, str], int] = {}
        for i, b in enumerate(biedingen):
            label = labels[i]
            eigen = valideer_bod(b)
            if b.gemeente not in gemeenten:
                eigen.append(Probleem("gemeente", b.gemeente, "onbekende gemeentecode"))
            if (b.gemeente, b.versie) in gezien:
                eigen.append(
                    Probleem(
                        "versie",
                        b.versie,
                        f"komt voor {b.gemeente} dubbel voor in deze import",
                    )
                )
            gezien[(b.gemeente, b.versie)] = i
            recht = rechtenprobleem(
                self._audit.account, Actie.IMPORTEREN, label, gemeenten=[b.gemeente]
            )
            if recht is not None:
                eigen.append(recht)
            problemen.extend(Probleem(p.veld, p.waarde, p.melding, label or p.item) for p in eigen)
        gooi_als_geen_toegang(self._audit.account, Actie.IMPORTEREN, problemen)
        gooi_als_problemen(problemen)
        uitslag: dict[str, Any] = {"toegevoegd": 0, "gewijzigd": 0, "ongewijzigd": 0}
        for b in biedingen:
            uitslag[_uitkomst(b, bestaand.get((b.gemeente, b.versie)))] += 1
        return bestaand, uitslag
