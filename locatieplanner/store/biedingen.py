"""Municipalities' bids (DAEB dwellings for the period), one row per (gemeente, versie)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy import Connection, insert, select, update

from ..domein.model import Bod, gooi_als_problemen, valideer_bod
from ..domein.rechten import Actie, eis_gemeente, gooi_als_geen_toegang, rechtenprobleem
from ..errors import Probleem, ValidatieFout
from . import schema as t
from .database import Database, nu, tel
from .gemeenten import GemeentenRepository
from .wijzigingen import Auditlog

__all__ = ["BiedingenRepository", "bod_naar_rij", "bod_uit_rij"]

#: The columns a new version of the same (gemeente, versie) may change.
_WAARDEN = ("datum", "daeb", "opmerking")


def bod_naar_rij(bod: Bod) -> dict[str, Any]:
    """The ``bod`` columns of a bid (without id and ``aangemaakt``)."""
    rij = asdict(bod)
    rij.pop("id")
    return rij


def bod_uit_rij(rij: Mapping[str, Any]) -> Bod:
    """A ``bod`` row as a :class:`Bod`."""
    return Bod(
        rij["gemeente"], rij["versie"], rij["datum"], rij["daeb"], rij["opmerking"], rij["id"]
    )


def _uitkomst(bod: Bod, oud: Mapping[str, Any] | None) -> str:
    """What storing ``bod`` over its stored row ``oud`` (None: none yet) will do."""
    if oud is None:
        return "toegevoegd"
    rij = bod_naar_rij(bod)
    return "ongewijzigd" if all(oud[k] == rij[k] for k in _WAARDEN) else "gewijzigd"


class BiedingenRepository:
    """Bids, per municipality and version."""

    def __init__(self, db: Database, audit: Auditlog, gemeenten: GemeentenRepository) -> None:
        self._db = db
        self._audit = audit
        self._gemeenten = gemeenten

    def _schrijf(
        self, conn: Connection, bod: Bod, oud: Mapping[str, Any] | None
    ) -> tuple[int, str]:
        """Insert a checked bid, or update the stored row ``oud`` of its (gemeente, versie);
        its id and the outcome (``toegevoegd``, ``gewijzigd`` or ``ongewijzigd``)."""
        rij = bod_naar_rij(bod)
        waarden = {k: rij[k] for k in _WAARDEN}
        if oud is None:
            bid = conn.execute(insert(t.bod).values(aangemaakt=nu(), **rij)).inserted_primary_key[0]
            self._audit.schrijf(conn, "bod", bid, "toegevoegd", None, asdict(bod))
            return bid, "toegevoegd"
        voor = {k: oud[k] for k in waarden}
        if voor == waarden:
            return oud["id"], "ongewijzigd"
        conn.execute(update(t.bod).where(t.bod.c.id == oud["id"]).values(**waarden))
        self._audit.schrijf(conn, "bod", oud["id"], "gewijzigd", voor, waarden)
        return oud["id"], "gewijzigd"

    def bewaar(self, bod: Bod) -> Bod:
        """Store a version of a municipality's bid; the same (gemeente, versie) is updated."""
        eis_gemeente(self._audit.account, Actie.BOD, bod.gemeente, f"bod van {bod.gemeente}")
        problemen = valideer_bod(bod)
        gooi_als_problemen(problemen)
        with self._db.schrijven() as conn:
            if not self._gemeenten.bestaat(conn, bod.gemeente):
                raise ValidatieFout(
                    [
                        Probleem(
                            "gemeente",
                            bod.gemeente,
                            "onbekende gemeentecode",
                            f"bod {bod.versie!r}",
                        )
                    ]
                )
            oud = (
                conn.execute(
                    select(t.bod).where(
                        t.bod.c.gemeente == bod.gemeente, t.bod.c.versie == bod.versie
                    )
                )
                .mappings()
                .first()
            )
            bid, _uitkomst = self._schrijf(conn, bod, oud)
        return replace(bod, id=bid)

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
