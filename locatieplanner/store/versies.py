"""Optimistic locking, shared by every kind of record that can be changed or deleted.

Each such table has an integer row version (``versie``; for bids ``rijversie``, because a bid's
``versie`` is its name, such as ``origineel``). A change or a deletion names the version it is
based on; the store refuses it with :class:`~locatieplanner.errors.Conflict` (carrying the
current item in ``huidig``) when the row is no longer at that version, raises the version of a
changed row by one, and writes one audit-log entry per change. The version is checked twice: on
the row read at the start of the write transaction (SQLite's ``BEGIN IMMEDIATE`` already lets one
writer in at a time), and in the ``WHERE`` of the UPDATE or DELETE itself, which on PostgreSQL
waits for a concurrent writer's row lock and then matches nothing when that writer raised the
version first.

A repository builds one :class:`Versies` for its table and calls :meth:`Versies.lees`, its own
rights checks, :meth:`Versies.controleer`, its own validation, and :meth:`Versies.werk_bij` or
:meth:`Versies.verwijder` in one write transaction. A new kind of record (cases, contributions,
agenda items) gets the same behaviour with one more ``Versies(t.casus, audit, "casus", lees)``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, fields, replace
from typing import Any, Generic, NoReturn, Protocol, TypeVar

from sqlalchemy import Connection, Table, delete, insert, update
from sqlalchemy.exc import IntegrityError

from ..errors import Conflict, NietGevonden, Probleem, ValidatieFout
from .wijzigingen import Auditlog

__all__ = ["Versies"]


class _Item(Protocol):
    """A stored item: a dataclass with an id."""

    id: int | None


T = TypeVar("T", bound=_Item)


class Versies(Generic[T]):
    """Optimistic locking and audit logging of one kind of record: rows of ``tabel`` (primary
    key ``id``) read as dataclass items by ``lees`` (None when the row does not exist), whose
    version is column and field ``kolom``. ``wat`` names the kind in messages, ``lidwoord`` is
    its article (``de onttrekking``, ``het bod``), ``als_dict`` gives an item as the audit log
    records it (and a :class:`Conflict` shows it)."""

    def __init__(
        self,
        tabel: Table,
        audit: Auditlog,
        wat: str,
        lees: Callable[[Connection, int], T | None],
        *,
        lidwoord: str = "de",
        kolom: str = "versie",
        als_dict: Callable[[T], dict[str, Any]] = asdict,  # type: ignore[assignment]
    ) -> None:
        self.tabel = tabel
        self.kolom = kolom
        self._audit = audit
        self._wat = wat
        self._lidwoord = lidwoord
        self._lees = lees
        self._als_dict = als_dict

    # ------------------------------------------------------------------ reading and checking

    def lees(self, conn: Connection, sleutel: int) -> T:
        """Item ``sleutel``; :class:`NietGevonden` when it does not exist."""
        item = self._lees(conn, sleutel)
        if item is None:
            raise NietGevonden(f"{self._wat.capitalize()} {sleutel} bestaat niet (meer)")
        return item

    def versie(self, item: T) -> int:
        """The row version of ``item``."""
        return getattr(item, self.kolom)

    def controleer(self, item: T, versie: int, verwijderen: bool = False) -> None:
        """:class:`Conflict` (with ``item`` as ``huidig``) unless ``item`` is at ``versie``."""
        if self.versie(item) != versie:
            raise self._conflict(item, versie, verwijderen)

    def gewijzigd(self, item: T, wijzigingen: Mapping[str, Any], vast: Collection[str] = ()) -> T:
        """``item`` with ``wijzigingen`` (field: new value). Unknown fields, the id, the version
        and the fields in ``vast`` are refused with :class:`ValidatieFout`."""
        velden = [f.name for f in fields(item)]  # type: ignore[arg-type]
        toegestaan = [v for v in velden if v not in {"id", self.kolom, *vast}]
        fout = [k for k in wijzigingen if k not in toegestaan]
        if fout:
            raise ValidatieFout(
                [
                    Probleem(
                        k,
                        wijzigingen[k],
                        (
                            "wordt door de opslag bijgehouden en kan niet worden gewijzigd"
                            if k in velden
                            else "onbekend veld"
                        )
                        + "; te wijzigen zijn "
                        + ", ".join(toegestaan),
                        f"{self._wat} {getattr(item, 'id', '')}".strip(),
                    )
                    for k in fout
                ]
            )
        return replace(item, **wijzigingen)  # type: ignore[type-var]

    # ------------------------------------------------------------------ writing

    def voeg_toe(self, conn: Connection, rij: Mapping[str, Any], item: T) -> T:
        """Insert ``rij`` (the columns of ``item``) at version 1 and log it; ``item`` with its
        new id and version."""
        sleutel = conn.execute(
            insert(self.tabel).values(**rij, **{self.kolom: 1})
        ).inserted_primary_key[0]
        nieuw = replace(item, id=sleutel, **{self.kolom: 1})  # type: ignore[type-var]
        self._audit.schrijf(
            conn, self.tabel.name, sleutel, "toegevoegd", None, self._als_dict(nieuw)
        )
        return nieuw

    def voeg_toe_uniek(
        self,
        conn: Connection,
        rij: Mapping[str, Any],
        item: T,
        sleutel: str,
        bestaand: Callable[[], T | None],
    ) -> T:
        """:meth:`voeg_toe` of an item with a unique key (``sleutel`` names it in messages).
        When the key is taken (a stored item, read by ``bestaand``; also one a concurrent writer
        added first) nothing is written: :class:`Conflict` with that item as ``huidig``."""
        try:
            with conn.begin_nested():
                return self.voeg_toe(conn, rij, item)
        except IntegrityError:
            gevonden = bestaand()
            if gevonden is None:  # pragma: no cover - another constraint
                raise
        versie = f"{self.kolom} {self.versie(gevonden)}"
        raise Conflict(
            f"{self._wat.capitalize()} {sleutel} bestaat al ({self._wat} {gevonden.id}, {versie}); "
            f"er wordt niets overschreven: wijzig {self._lidwoord} {self._wat} met {versie}",
            huidig=self._als_dict(gevonden),
        )

    def werk_bij(
        self,
        conn: Connection,
        oud: T,
        versie: int,
        rij: Mapping[str, Any],
        nieuw: T,
        bezet: Probleem | None = None,
    ) -> T:
        """Write ``rij`` (the columns of ``nieuw``) over ``oud`` if its row is still at
        ``versie``, raise the version and log the change; ``nieuw`` with its new version.
        ``bezet``: the change may set a unique key that another item has, which is refused
        with this problem (:class:`ValidatieFout`)."""
        self.controleer(oud, versie)
        try:
            with conn.begin_nested():
                res = conn.execute(
                    update(self.tabel)
                    .where(self.tabel.c.id == oud.id, self.tabel.c[self.kolom] == versie)
                    .values(**rij, **{self.kolom: versie + 1})
                )
        except IntegrityError:
            if bezet is None:
                raise
            raise ValidatieFout([bezet]) from None
        if res.rowcount != 1:  # a concurrent writer committed first (PostgreSQL row lock)
            self._opnieuw(conn, oud.id, versie, verwijderen=False)  # type: ignore[arg-type]
        nieuw = replace(nieuw, id=oud.id, **{self.kolom: versie + 1})  # type: ignore[type-var]
        self._audit.schrijf(
            conn, self.tabel.name, oud.id, "gewijzigd", self._als_dict(oud), self._als_dict(nieuw)
        )
        return nieuw

    def verwijder(self, conn: Connection, oud: T, versie: int) -> None:
        """Delete the row of ``oud`` if it is still at ``versie`` and log it."""
        self.controleer(oud, versie, verwijderen=True)
        sleutel = oud.id
        res = conn.execute(
            delete(self.tabel).where(self.tabel.c.id == sleutel, self.tabel.c[self.kolom] == versie)
        )
        if res.rowcount != 1:
            self._opnieuw(conn, sleutel, versie, verwijderen=True)
        self._audit.schrijf(conn, self.tabel.name, sleutel, "verwijderd", self._als_dict(oud), None)

    # ------------------------------------------------------------------ conflicts

    def _opnieuw(self, conn: Connection, sleutel: int, versie: int, verwijderen: bool) -> NoReturn:
        """A conditional write matched no row: the item changed or went in the meantime."""
        huidig = self._lees(conn, sleutel)
        if huidig is None:
            raise NietGevonden(
                f"{self._wat.capitalize()} {sleutel} is intussen verwijderd door een ander"
            )
        raise self._conflict(huidig, versie, verwijderen)

    def _conflict(self, huidig: T, versie: int, verwijderen: bool) -> Conflict:
        wat = f"{self._wat.capitalize()} {huidig.id}"
        nu = self.versie(huidig)
        if verwijderen:
            rest = f"u verwijdert versie {versie}); bekijk de wijziging voordat u verwijdert"
        else:
            rest = (
                f"uw wijziging is gebaseerd op versie {versie}); laad {self._lidwoord} "
                f"{self._wat} opnieuw en voer uw wijziging opnieuw in"
            )
        return Conflict(
            f"{wat} is intussen gewijzigd door een ander (versie {nu}, {rest}",
            huidig=self._als_dict(huidig),
        )
