"""The conversation agenda (*gespreksagenda*) of each municipality, working agreement 5b.

Three kinds of record, each with an optimistic-lock ``versie`` (:class:`.versies.Versies`) and
recorded in the audit log: the start meeting (``startoverleg``, one per municipality), the
agenda items (``agendapunt``; linked case ids and carrying parties as JSON lists) and per
corporation and municipality the mark "huurdersorganisatie geïnformeerd" (``geinformeerd``).
The rights are those of :func:`~locatieplanner.domein.rechten.eis_agenda`,
:func:`~locatieplanner.domein.rechten.eis_agendapunt` and
:func:`~locatieplanner.domein.rechten.eis_geinformeerd`; the corporations *involved* in a
municipality (:meth:`AgendaRepository.betrokken`) are those with a working area there or an
assignment on one of its sites, the rule of cases (:func:`.casussen.betrokken_corporaties`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from ..domein.agenda import (
    Agendapunt,
    Geinformeerd,
    Startoverleg,
    valideer_agendapunt,
    valideer_geinformeerd,
    valideer_startoverleg,
)
from ..domein.model import gooi_als_problemen
from ..domein.rechten import eis_agenda, eis_agendapunt, eis_geinformeerd
from ..errors import Probleem
from . import schema as t
from .casussen import betrokken_corporaties
from .database import Database, nu, tel, utc
from .versies import Versies
from .wijzigingen import Auditlog

__all__ = [
    "AgendaRepository",
    "startoverleg_uit_rij",
    "agendapunt_uit_rij",
    "geinformeerd_uit_rij",
    "volgorde",
]

#: Fields of an agenda item the store keeps.
_VAST_PUNT = ("aangemaakt", "gewijzigd")


def _json(lijst: Sequence[Any]) -> str:
    return json.dumps(list(lijst), ensure_ascii=False)


def startoverleg_uit_rij(rij: Mapping[str, Any]) -> Startoverleg:
    """A ``startoverleg`` row as a :class:`Startoverleg`."""
    return Startoverleg(
        gemeente=rij["gemeente"],
        datum=rij["datum"],
        deelnemers=json.loads(rij["deelnemers"]),
        opmerking=rij["opmerking"],
        id=rij["id"],
        versie=rij["versie"],
        gewijzigd=utc(rij["gewijzigd"]),
    )


def agendapunt_uit_rij(rij: Mapping[str, Any]) -> Agendapunt:
    """An ``agendapunt`` row as an :class:`Agendapunt`."""
    return Agendapunt(
        gemeente=rij["gemeente"],
        onderwerp=rij["onderwerp"],
        voorgesteld_door=rij["voorgesteld_door"],
        toelichting=rij["toelichting"],
        casussen=json.loads(rij["casussen"]),
        trekkers=json.loads(rij["trekkers"]),
        datum=rij["datum"],
        status=rij["status"],
        uitkomst=rij["uitkomst"],
        id=rij["id"],
        versie=rij["versie"],
        aangemaakt=utc(rij["aangemaakt"]),
        gewijzigd=utc(rij["gewijzigd"]),
    )


def geinformeerd_uit_rij(rij: Mapping[str, Any]) -> Geinformeerd:
    """A ``geinformeerd`` row joined with its corporation's name (``corp_naam``)."""
    return Geinformeerd(
        gemeente=rij["gemeente"],
        corporatie=rij["corp_naam"],
        datum=rij["datum"],
        notitie=rij["notitie"],
        id=rij["id"],
        versie=rij["versie"],
        gewijzigd=utc(rij["gewijzigd"]),
    )


def _punt_rij(a: Agendapunt) -> dict[str, Any]:
    return {
        "gemeente": a.gemeente,
        "onderwerp": a.onderwerp,
        "toelichting": a.toelichting,
        "voorgesteld_door": a.voorgesteld_door,
        "casussen": _json(a.casussen),
        "trekkers": _json(a.trekkers),
        "datum": a.datum,
        "status": a.status,
        "uitkomst": a.uitkomst,
    }


def volgorde(a: Agendapunt) -> tuple[Any, ...]:
    """Items by municipality, planned date (undated last), id."""
    return (a.gemeente, a.datum is None, a.datum or date.min, a.id or 0)


def _met_corporatie() -> Any:
    return select(t.geinformeerd, t.corporatie.c.naam.label("corp_naam")).join(
        t.corporatie, t.corporatie.c.id == t.geinformeerd.c.corporatie
    )


class AgendaRepository:
    """Start meetings, agenda items and tenants' organisation marks of the municipalities."""

    def __init__(self, db: Database, audit: Auditlog) -> None:
        self._db = db
        self._audit = audit
        self._overleggen = Versies(
            t.startoverleg, audit, "startoverleg", self._een_overleg, lidwoord="het"
        )
        self._punten = Versies(t.agendapunt, audit, "agendapunt", self._een_punt, lidwoord="het")
        self._meldingen = Versies(t.geinformeerd, audit, "melding", self._een_melding)

    # ------------------------------------------------------------------ reading

    def _een_overleg(self, conn: Connection, sleutel: int) -> Startoverleg | None:
        q = select(t.startoverleg).where(t.startoverleg.c.id == sleutel)
        rij = conn.execute(q).mappings().first()
        return None if rij is None else startoverleg_uit_rij(rij)

    def _overleg_van(self, conn: Connection, gemeente: str) -> Startoverleg | None:
        q = select(t.startoverleg).where(t.startoverleg.c.gemeente == gemeente)
        rij = conn.execute(q).mappings().first()
        return None if rij is None else startoverleg_uit_rij(rij)

    def _lees_punten(
        self, conn: Connection, rijen: Iterable[Mapping[str, Any]]
    ) -> list[Agendapunt]:
        punten = [agendapunt_uit_rij(r) for r in rijen]
        genoemd = {i for p in punten for i in p.casussen}
        if genoemd:
            # a deleted case drops out of the items that linked it
            q = select(t.casus.c.id).where(t.casus.c.id.in_(sorted(genoemd)))
            bestaand = set(conn.execute(q).scalars())
            for p in punten:
                p.casussen = [i for i in p.casussen if i in bestaand]
        return sorted(punten, key=volgorde)

    def _een_punt(self, conn: Connection, sleutel: int) -> Agendapunt | None:
        q = select(t.agendapunt).where(t.agendapunt.c.id == sleutel)
        rijen = conn.execute(q).mappings().all()
        return self._lees_punten(conn, rijen)[0] if rijen else None

    def _een_melding(self, conn: Connection, sleutel: int) -> Geinformeerd | None:
        rij = conn.execute(_met_corporatie().where(t.geinformeerd.c.id == sleutel)).mappings()
        gevonden = rij.first()
        return None if gevonden is None else geinformeerd_uit_rij(gevonden)

    def startoverleg(self, gemeente: str) -> Startoverleg | None:
        """The start meeting of ``gemeente``; None when not recorded yet."""
        with self._db.lezen() as conn:
            return self._overleg_van(conn, gemeente)

    def agendapunt(self, punt_id: int) -> Agendapunt:
        """One agenda item; :class:`NietGevonden` when it does not exist."""
        with self._db.lezen() as conn:
            return self._punten.lees(conn, punt_id)

    def agendapunten(
        self,
        gemeente: str | Iterable[str] | None = None,
        status: str | Iterable[str] | None = None,
        partij: str | None = None,
    ) -> list[Agendapunt]:
        """Agenda items by municipality, planned date and id, filtered by municipality
        code(s), status(es) and a party that proposed or carries them."""
        q = select(t.agendapunt)
        if gemeente is not None:
            codes = [gemeente] if isinstance(gemeente, str) else list(gemeente)
            q = q.where(t.agendapunt.c.gemeente.in_(codes))
        if status is not None:
            statussen = [status] if isinstance(status, str) else list(status)
            q = q.where(t.agendapunt.c.status.in_(statussen))
        with self._db.lezen() as conn:
            punten = self._lees_punten(conn, conn.execute(q).mappings().all())
        if partij is not None:
            punten = [p for p in punten if partij == p.voorgesteld_door or partij in p.trekkers]
        return punten

    def geinformeerd(self, gemeente: str | None = None) -> list[Geinformeerd]:
        """The marks "huurdersorganisatie geïnformeerd" (of one municipality), by municipality
        and corporation."""
        q = _met_corporatie()
        if gemeente is not None:
            q = q.where(t.geinformeerd.c.gemeente == gemeente)
        with self._db.lezen() as conn:
            lijst = [geinformeerd_uit_rij(r) for r in conn.execute(q).mappings()]
        return sorted(lijst, key=lambda m: (m.gemeente, m.corporatie))

    def betrokken(self, gemeente: str) -> list[str]:
        """Names of the corporations involved in ``gemeente`` (working area there, or an
        assignment on one of its sites)."""
        with self._db.lezen() as conn:
            return self._betrokken(conn, gemeente)

    @staticmethod
    def _betrokken(conn: Connection, gemeente: str) -> list[str]:
        locaties = select(t.locatie.c.id).where(t.locatie.c.gemeente == gemeente)
        return betrokken_corporaties(conn, gemeente, locaties)

    # ------------------------------------------------------------------ checks

    @staticmethod
    def _gemeente(conn: Connection, gemeente: str, item: str) -> list[Probleem]:
        q = select(t.gemeente.c.gemeente).where(t.gemeente.c.gemeente == gemeente)
        if conn.execute(q).first() is None:
            return [Probleem("gemeente", gemeente, "onbekende gemeentecode", item)]
        return []

    def _controleer_punt(self, conn: Connection, punt: Agendapunt) -> None:
        """Validate an item against the domain rules and what is stored: its municipality,
        the parties (``gemeente``, ``provincie`` or a known corporation) and the linked cases
        (of the same municipality)."""
        gooi_als_problemen(valideer_agendapunt(punt))
        item = f"agendapunt {punt.id or repr(punt.onderwerp)}"
        problemen = self._gemeente(conn, punt.gemeente, item)
        corporaties = set(conn.execute(select(t.corporatie.c.naam)).scalars())
        partijen = {"gemeente", "provincie", *corporaties}
        toegestaan = (
            "onbekende partij; toegestaan zijn gemeente, provincie of de naam van een corporatie ("
            + (", ".join(sorted(corporaties)) or "nog geen")
            + ")"
        )
        if punt.voorgesteld_door not in partijen:
            problemen.append(Probleem("voorgesteld_door", punt.voorgesteld_door, toegestaan, item))
        onbekend = [p for p in punt.trekkers if p not in partijen]
        if onbekend:
            problemen.append(Probleem("trekkers", onbekend, toegestaan, item))
        if punt.casussen:
            q = select(t.casus.c.id, t.casus.c.gemeente).where(t.casus.c.id.in_(punt.casussen))
            gevonden = dict(conn.execute(q).all())
            weg = [i for i in punt.casussen if i not in gevonden]
            if weg:
                problemen.append(Probleem("casussen", weg, "onbekende casus-id(s)", item))
            elders = sorted(i for i, g in gevonden.items() if g != punt.gemeente)
            if elders:
                problemen.append(
                    Probleem(
                        "casussen",
                        elders,
                        f"horen niet bij gemeente {punt.gemeente}; koppel alleen casussen van de "
                        "gemeente van het agendapunt",
                        item,
                    )
                )
        gooi_als_problemen(problemen)

    # ------------------------------------------------------------------ start meeting

    def zet_startoverleg(self, overleg: Startoverleg, versie: int | None = None) -> Startoverleg:
        """Record the start meeting of a municipality: a new one (``versie`` None;
        :class:`Conflict` with the stored one when it exists), or a change of the stored one
        that is still at ``versie``. Only the municipality (or the administrator) may."""
        eis_agenda(self._audit.account, overleg.gemeente, f"startoverleg {overleg.gemeente}")
        gooi_als_problemen(valideer_startoverleg(overleg))
        with self._db.schrijven() as conn:
            gooi_als_problemen(self._gemeente(conn, overleg.gemeente, "startoverleg"))
            oud = self._overleg_van(conn, overleg.gemeente)
            if oud is None or versie is None:
                nieuw = replace(overleg, id=None, versie=None, gewijzigd=nu())
                return self._overleggen.voeg_toe_uniek(
                    conn,
                    self._overleg_rij(nieuw),
                    nieuw,
                    f"van {overleg.gemeente}",
                    lambda: self._overleg_van(conn, overleg.gemeente),
                )
            self._overleggen.controleer(oud, versie)
            nieuw = replace(overleg, id=oud.id, versie=oud.versie, gewijzigd=oud.gewijzigd)
            if nieuw == oud:
                return oud
            nieuw = replace(nieuw, gewijzigd=nu())
            return self._overleggen.werk_bij(conn, oud, versie, self._overleg_rij(nieuw), nieuw)

    @staticmethod
    def _overleg_rij(s: Startoverleg) -> dict[str, Any]:
        return {
            "gemeente": s.gemeente,
            "datum": s.datum,
            "deelnemers": _json(s.deelnemers),
            "opmerking": s.opmerking,
            "gewijzigd": s.gewijzigd,
        }

    # ------------------------------------------------------------------ items

    def voeg_agendapunt_toe(self, punt: Agendapunt) -> Agendapunt:
        """Store a new agenda item (version 1): by the municipality with any fields, by another
        party as its own proposal (see :func:`~..domein.rechten.weigering_agendapunt`)."""
        with self._db.schrijven() as conn:
            eis_agendapunt(self._audit.account, None, punt, self._betrokken(conn, punt.gemeente))
            self._controleer_punt(conn, punt)
            tijd = nu()
            punt = replace(punt, id=None, versie=None, aangemaakt=tijd, gewijzigd=tijd)
            rij = {**_punt_rij(punt), "aangemaakt": tijd, "gewijzigd": tijd}
            return self._punten.voeg_toe(conn, rij, punt)

    def wijzig_agendapunt(
        self, punt_id: int, wijzigingen: Mapping[str, Any], versie: int
    ) -> Agendapunt:
        """Change fields of an agenda item that is still at ``versie`` (:class:`Conflict` when
        it is not); lists are replaced whole. The municipality changes anything, the proposer
        its own proposal while it is ``voorgesteld`` (not its status, carrying parties or
        outcome)."""
        with self._db.schrijven() as conn:
            oud = self._punten.lees(conn, punt_id)
            account = self._audit.account
            eis_agendapunt(account, oud, oud, self._betrokken(conn, oud.gemeente))
            self._punten.controleer(oud, versie)
            nieuw = self._punten.gewijzigd(oud, wijzigingen, _VAST_PUNT)
            eis_agendapunt(account, oud, nieuw, self._betrokken(conn, nieuw.gemeente))
            self._controleer_punt(conn, nieuw)
            if nieuw == oud:
                return oud
            nieuw = replace(nieuw, gewijzigd=nu())
            rij = {**_punt_rij(nieuw), "gewijzigd": nieuw.gewijzigd}
            return self._punten.werk_bij(conn, oud, versie, rij, nieuw)

    def verwijder_agendapunt(self, punt_id: int, versie: int) -> None:
        """Delete an agenda item that is still at ``versie``: the municipality any, the
        proposer its own proposal while it is ``voorgesteld``."""
        with self._db.schrijven() as conn:
            oud = self._punten.lees(conn, punt_id)
            eis_agendapunt(self._audit.account, oud, None, self._betrokken(conn, oud.gemeente))
            self._punten.verwijder(conn, oud, versie)

    # ------------------------------------------------------------------ tenants' organisations

    def zet_geinformeerd(self, melding: Geinformeerd, versie: int | None = None) -> Geinformeerd:
        """Record that a corporation informed its tenants' organisation about the agenda of a
        municipality: new (``versie`` None; :class:`Conflict` with the stored mark when it
        exists) or a change of the stored mark still at ``versie``. Only the corporation itself
        (involved in the municipality) or the administrator may."""
        gooi_als_problemen(valideer_geinformeerd(melding))
        item = f"huurdersorganisatie van {melding.corporatie} in {melding.gemeente}"
        with self._db.schrijven() as conn:
            betrokken = self._betrokken(conn, melding.gemeente)
            eis_geinformeerd(self._audit.account, melding, betrokken)
            problemen = self._gemeente(conn, melding.gemeente, item)
            ids = dict(conn.execute(select(t.corporatie.c.naam, t.corporatie.c.id)).all())
            if melding.corporatie not in ids:
                problemen.append(
                    Probleem(
                        "corporatie",
                        melding.corporatie,
                        "onbekende corporatie; bekend zijn " + (", ".join(sorted(ids)) or "geen"),
                        item,
                    )
                )
            gooi_als_problemen(problemen)
            cid = ids[melding.corporatie]
            oud = self._melding_van(conn, melding.gemeente, melding.corporatie)
            rij = {
                "gemeente": melding.gemeente,
                "corporatie": cid,
                "datum": melding.datum,
                "notitie": melding.notitie,
            }
            if oud is None or versie is None:
                nieuw = replace(melding, id=None, versie=None, gewijzigd=nu())
                return self._meldingen.voeg_toe_uniek(
                    conn,
                    {**rij, "gewijzigd": nieuw.gewijzigd},
                    nieuw,
                    f"van {melding.corporatie} in {melding.gemeente}",
                    lambda: self._melding_van(conn, melding.gemeente, melding.corporatie),
                )
            self._meldingen.controleer(oud, versie)
            nieuw = replace(melding, id=oud.id, versie=oud.versie, gewijzigd=oud.gewijzigd)
            if nieuw == oud:
                return oud
            nieuw = replace(nieuw, gewijzigd=nu())
            return self._meldingen.werk_bij(
                conn, oud, versie, {**rij, "gewijzigd": nieuw.gewijzigd}, nieuw
            )

    @staticmethod
    def _melding_van(conn: Connection, gemeente: str, corporatie: str) -> Geinformeerd | None:
        q = _met_corporatie().where(
            t.geinformeerd.c.gemeente == gemeente, t.corporatie.c.naam == corporatie
        )
        rij = conn.execute(q).mappings().first()
        return None if rij is None else geinformeerd_uit_rij(rij)

    def tel(self, conn: Connection) -> dict[str, int]:
        """Number of start meetings, agenda items and tenants' organisation marks."""
        return {
            "startoverleg": tel(conn, t.startoverleg),
            "agendapunt": tel(conn, t.agendapunt),
            "geinformeerd": tel(conn, t.geinformeerd),
        }
