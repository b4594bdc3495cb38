"""Removals from the target-group stock (demolition, sale, ...), per municipality and year."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy import Connection, Select, select

from ..domein.corporatienamen import onbekende_corporatie
from ..domein.model import (
    Corporatie,
    Onttrekking,
    gooi_als_problemen,
    valideer_corporatie,
    valideer_onttrekking,
)
from ..domein.rechten import Actie, eis_onttrekking, gooi_als_geen_toegang, rechtenprobleem
from ..errors import Probleem
from . import schema as t
from .corporaties import CorporatiesRepository
from .database import Database, tel
from .gemeenten import GemeentenRepository
from .locaties import LocatiesRepository
from .versies import Versies
from .wijzigingen import Auditlog

__all__ = ["OnttrekkingenRepository", "onttrekking_naar_rij", "onttrekking_uit_rij"]

#: The columns that make two removals the same (a re-imported file adds nothing).
_SLEUTEL = ("gemeente", "jaar", "aantal", "soort", "corporatie", "locatie", "opmerking")


def onttrekking_naar_rij(onttrekking: Onttrekking, corporatie_id: int | None) -> dict[str, Any]:
    """The ``onttrekking`` columns of a removal (without id and versie)."""
    rij = asdict(onttrekking)
    rij.pop("id")
    rij.pop("versie")
    rij["corporatie"] = corporatie_id
    return rij


def onttrekking_uit_rij(rij: Mapping[str, Any]) -> Onttrekking:
    """An ``onttrekking`` row joined with its corporation's name (``corp_naam``)."""
    return Onttrekking(
        gemeente=rij["gemeente"],
        jaar=rij["jaar"],
        aantal=rij["aantal"],
        soort=rij["soort"],
        corporatie=rij["corp_naam"],
        locatie=rij["locatie"],
        opmerking=rij["opmerking"],
        id=rij["id"],
        versie=rij["versie"],
    )


def _sleutel(rij: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(rij[k] for k in _SLEUTEL)


def _met_corporatie() -> Select[Any]:
    return select(t.onttrekking, t.corporatie.c.naam.label("corp_naam")).outerjoin(
        t.corporatie, t.corporatie.c.id == t.onttrekking.c.corporatie
    )


class OnttrekkingenRepository:
    """Removals, with an optimistic-lock ``versie`` (:class:`.versies.Versies`)."""

    def __init__(
        self,
        db: Database,
        audit: Auditlog,
        gemeenten: GemeentenRepository,
        corporaties: CorporatiesRepository,
        locaties: LocatiesRepository,
    ) -> None:
        self._db = db
        self._audit = audit
        self._gemeenten = gemeenten
        self._corporaties = corporaties
        self._locaties = locaties
        self._versies = Versies(t.onttrekking, audit, "onttrekking", self._een)

    def _een(self, conn: Connection, onttrekking_id: int) -> Onttrekking | None:
        rij = (
            conn.execute(_met_corporatie().where(t.onttrekking.c.id == onttrekking_id))
            .mappings()
            .first()
        )
        return None if rij is None else onttrekking_uit_rij(rij)

    def _controleer(self, conn: Connection, onttrekking: Onttrekking) -> int | None:
        """Validate a removal and check that its municipality, corporation and site exist;
        the corporation's id."""
        problemen = valideer_onttrekking(onttrekking)
        gooi_als_problemen(problemen)
        item = f"onttrekking {onttrekking.gemeente} {onttrekking.jaar}"
        if not self._gemeenten.bestaat(conn, onttrekking.gemeente):
            problemen.append(
                Probleem("gemeente", onttrekking.gemeente, "onbekende gemeentecode", item)
            )
        cid = None
        if onttrekking.corporatie is not None:
            cid = self._corporaties.ids(conn).get(onttrekking.corporatie)
            if cid is None:
                problemen.append(
                    Probleem("corporatie", onttrekking.corporatie, "onbekende corporatie", item)
                )
        if onttrekking.locatie is not None and not self._locaties.bestaat(
            conn, onttrekking.locatie
        ):
            problemen.append(Probleem("locatie", onttrekking.locatie, "onbekende locatie-id", item))
        gooi_als_problemen(problemen)
        return cid

    def voeg_toe(self, onttrekking: Onttrekking) -> Onttrekking:
        """Validate and store a removal from the target-group stock (version 1)."""
        eis_onttrekking(self._audit.account, onttrekking)
        gooi_als_problemen(valideer_onttrekking(onttrekking))
        with self._db.schrijven() as conn:
            cid = self._controleer(conn, onttrekking)
            return self._versies.voeg_toe(conn, onttrekking_naar_rij(onttrekking, cid), onttrekking)

    def _schrijf(
        self, conn: Connection, onttrekking: Onttrekking, corporatie_id: int | None
    ) -> int:
        """Insert a checked removal (version 1) and log it; its new id."""
        rij = onttrekking_naar_rij(onttrekking, corporatie_id)
        return self._versies.voeg_toe(conn, rij, onttrekking).id  # type: ignore[return-value]

    def wijzig(
        self, onttrekking_id: int, wijzigingen: Mapping[str, Any], versie: int
    ) -> Onttrekking:
        """Change fields of a removal that is still at ``versie`` (:class:`Conflict` when it
        is not); the account needs the right to the removal before and after the change."""
        with self._db.schrijven() as conn:
            return self.wijzig_in(conn, self.lees_in(conn, onttrekking_id), wijzigingen, versie)

    def lees_in(self, conn: Connection, onttrekking_id: int) -> Onttrekking:
        """Removal ``onttrekking_id`` read in ``conn``'s transaction."""
        return self._versies.lees(conn, onttrekking_id)

    def wijzig_in(
        self, conn: Connection, oud: Onttrekking, wijzigingen: Mapping[str, Any], versie: int
    ) -> Onttrekking:
        """:meth:`wijzig` of ``oud`` (read in ``conn``) inside the caller's write transaction."""
        eis_onttrekking(self._audit.account, oud)
        self._versies.controleer(oud, versie)
        nieuw = self._versies.gewijzigd(oud, wijzigingen)
        cid = self._controleer(conn, nieuw)
        eis_onttrekking(self._audit.account, nieuw)
        if nieuw == oud:
            return oud
        rij = onttrekking_naar_rij(nieuw, cid)
        return self._versies.werk_bij(conn, oud, versie, rij, nieuw)

    def _recht_import(self, o: Onttrekking, label: str | None) -> Probleem | None:
        """A removal in an import that the account may not add (a municipality imports for its
        own municipalities, a corporation its own removals)."""
        account = self._audit.account
        if account.rol == "corporatie":
            return rechtenprobleem(account, Actie.ONTTREKKING, label, corporatie=o.corporatie or "")
        return rechtenprobleem(account, Actie.IMPORTEREN, label, gemeenten=[o.gemeente])

    def lees(self, onttrekking_id: int) -> Onttrekking:
        """One removal; :class:`NietGevonden` when it does not exist."""
        with self._db.lezen() as conn:
            return self._versies.lees(conn, onttrekking_id)

    def lijst(self, gemeente: str | None = None) -> list[Onttrekking]:
        """Removals, optionally of one municipality, ordered by municipality and year."""
        q = _met_corporatie().order_by(
            t.onttrekking.c.gemeente, t.onttrekking.c.jaar, t.onttrekking.c.id
        )
        if gemeente is not None:
            q = q.where(t.onttrekking.c.gemeente == gemeente)
        with self._db.lezen() as conn:
            rijen = conn.execute(q).mappings().all()
        return [onttrekking_uit_rij(r) for r in rijen]

    def verwijder(self, onttrekking_id: int, versie: int) -> None:
        """Delete a removal that is still at ``versie`` (:class:`Conflict` when it is not)."""
        with self._db.schrijven() as conn:
            oud = self._versies.lees(conn, onttrekking_id)
            eis_onttrekking(self._audit.account, oud)
            self._versies.verwijder(conn, oud, versie)

    def tel(self, conn: Connection) -> dict[str, int]:
        """Number of removals."""
        return {"onttrekking": tel(conn, t.onttrekking)}

    def importeer(
        self,
        onttrekkingen: Sequence[Onttrekking],
        droog: bool = False,
        labels: Sequence[str | None] | None = None,
        bron_ids: Sequence[str | None] | None = None,
        nieuwe_corporaties: bool = False,
    ) -> dict[str, Any]:
        """Add many removals in ONE transaction, begun and committed here (``droog``: only
        checked, no write transaction); see :meth:`Store.importeer_onttrekkingen`.

        ``bron_ids[i]`` (when given and not empty) is the supplier id of the site removal ``i``
        belongs to: it is looked up (again in the write transaction), within the removal's municipality
        (when given), and becomes its ``locatie``. With ``nieuwe_corporaties`` unknown
        corporations are registered in the import's transaction (see
        :meth:`Store.importeer_locaties`).
        """
        onttrekkingen = list(onttrekkingen)
        labels = list(labels) if labels is not None else [None] * len(onttrekkingen)
        bron_ids = list(bron_ids) if bron_ids is not None else [None] * len(onttrekkingen)
        # Every problem is found before the write lock is taken; inside the write transaction
        # the (few) removals are checked again against what may have changed meanwhile.
        with self._db.lezen() as conn:
            _nieuw, uitslag = self._bereid_import_voor(
                conn, onttrekkingen, labels, bron_ids, nieuwe_corporaties
            )
        if droog:
            return uitslag
        with self._db.schrijven(importeren=True) as conn:
            nieuw, uitslag = self._bereid_import_voor(
                conn, onttrekkingen, labels, bron_ids, nieuwe_corporaties
            )
            ids = self._corporaties.registreer(conn, uitslag["nieuwe_corporaties"])
            for o, cid in nieuw:
                self._schrijf(conn, o, cid if cid is not None else ids.get(o.corporatie))  # type: ignore[arg-type]
        return uitslag

    def _bereid_import_voor(
        self,
        conn: Connection,
        onttrekkingen: list[Onttrekking],
        labels: list[str | None],
        bron_ids: list[str | None],
        nieuwe_corporaties: bool = False,
    ) -> tuple[list[tuple[Onttrekking, int | None]], dict[str, Any]]:
        """Check an import of removals in ``conn``'s transaction: the removals to add (with
        their corporation id; None for one the import registers) and the counts (with
        ``nieuwe_corporaties``); every problem at once as an exception."""
        gemeenten = self._gemeenten.codes(conn)
        ids = self._corporaties.ids(conn)
        nieuw_namen: list[str] = []
        if nieuwe_corporaties:
            nieuw_namen = sorted(
                {o.corporatie for o in onttrekkingen if o.corporatie and o.corporatie not in ids}
            )
        if nieuw_namen:
            self._corporaties.eis_registreren(nieuw_namen)
        slechte_namen = {n: valideer_corporatie(Corporatie(n)) for n in nieuw_namen}
        uitslag: dict[str, Any] = {
            "toegevoegd": 0,
            "gewijzigd": 0,
            "ongewijzigd": 0,
            "nieuwe_corporaties": [n for n in nieuw_namen if not slechte_namen[n]],
        }
        locatie_ids = self._locaties.ids(conn)
        op_bron = self._locaties.op_bron_id(conn, [b for b in bron_ids if b])
        bestaand = {_sleutel(r) for r in conn.execute(select(t.onttrekking)).mappings()}
        problemen: list[Probleem] = []
        nieuw: list[tuple[Onttrekking, int | None]] = []
        for i, o in enumerate(onttrekkingen):
            label, bron_id = labels[i], bron_ids[i]
            eigen = []
            if bron_id:
                gevonden = [
                    lid
                    for lid, gemeente in op_bron.get(bron_id, [])
                    if o.gemeente is None or gemeente == o.gemeente
                ]
                if len(gevonden) == 1:
                    o = replace(o, locatie=gevonden[0])
                else:
                    eigen.append(
                        Probleem(
                            "bron_id",
                            bron_id,
                            "geen locatie met dit bron_id in deze gemeente"
                            if not gevonden
                            else "meerdere locaties met dit bron_id",
                        )
                    )
            eigen.extend(valideer_onttrekking(o))
            if o.gemeente not in gemeenten:
                eigen.append(Probleem("gemeente", o.gemeente, "onbekende gemeentecode"))
            cid = None
            if o.corporatie is not None:
                cid = ids.get(o.corporatie)
                if o.corporatie in slechte_namen:
                    eigen.extend(slechte_namen[o.corporatie])
                elif cid is None:
                    eigen.append(onbekende_corporatie(o.corporatie, ids))
            if o.locatie is not None and o.locatie not in locatie_ids:
                eigen.append(Probleem("locatie", o.locatie, "onbekende locatie-id"))
            recht = self._recht_import(o, label)
            if recht is not None:
                eigen.append(recht)
            if eigen:
                problemen.extend(
                    Probleem(p.veld, p.waarde, p.melding, label or p.item) for p in eigen
                )
                continue
            nieuw.append((o, cid))
        gooi_als_geen_toegang(self._audit.account, Actie.IMPORTEREN, problemen)
        gooi_als_problemen(problemen)
        toevoegen = []
        for o, cid in nieuw:
            rij = onttrekking_naar_rij(o, cid)
            if cid is None and o.corporatie:  # registered by this import: nothing stored has it
                rij["corporatie"] = ("nieuw", o.corporatie)
            sleutel = _sleutel({**rij, "opmerking": rij["opmerking"] or None})
            if sleutel in bestaand:
                uitslag["ongewijzigd"] += 1
                continue
            bestaand.add(sleutel)
            toevoegen.append((o, cid))
            uitslag["toegevoegd"] += 1
        return toevoegen, uitslag
