"""Audit log (table ``wijziging``): the writer every repository logs with, and the history.

Each write records who, when, which table and key, the action, and the values before and after
as JSON (geometries as WKT rounded to millimetres, dates in ISO 8601).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from itertools import repeat
from json.encoder import encode_basestring
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection, insert, select

from ..domein.rechten import Account
from . import schema as t
from .database import Database, nu, schrijf_veel, tel, utc

__all__ = [
    "Auditlog",
    "Json",
    "WijzigingenRepository",
    "als_json",
    "als_json_alle",
    "als_json_regels",
    "wijziging_naar_rij",
    "wijziging_uit_rij",
]


class Json(str):
    """An audit-log value serialised ahead (:func:`als_json`): bulk writes prepare their
    entries before the write transaction."""

    __slots__ = ()


def als_json(waarde: Any) -> Json:
    """``waarde`` as the audit log stores it, to pass as ``oud``/``nieuw`` later."""
    return Json(_json(waarde))


def als_json_alle(kolommen: Mapping[str, Sequence[Any]]) -> list[Json]:
    """Many dicts, given as columns (key -> that key's value in every dict), each as
    :func:`als_json` writes it: the same text, made column by column (a bulk write's audit
    log). A value that is :class:`Json` already is put in as it is."""
    return [Json("".join(delen)) for delen in _json_rijdelen(kolommen)]


def als_json_regels(kolommen: Mapping[str, Sequence[Any]]) -> str:
    """The texts of :func:`als_json_alle` joined by newlines (JSON has no raw newline), made
    without a string per text: a bulk import keeps its audit log's texts this way."""
    return "\n".join(map("".join, _json_rijdelen(kolommen)))


def _json_rijdelen(kolommen: Mapping[str, Sequence[Any]]) -> Iterator[tuple[str, ...]]:
    """Per dict the pieces of its JSON text in order (key and value of each field)."""
    sleutels = sorted(kolommen)
    if not sleutels:
        return iter(())
    aantal = len(kolommen[sleutels[0]])
    delen: list[Iterable[str]] = []
    for i, k in enumerate(sleutels):
        delen.append(repeat(("{" if i == 0 else ", ") + _tekst_json(k) + ": ", aantal))
        delen.append(_kolom_json(kolommen[k]))
    delen.append(repeat("}", aantal))
    return zip(*delen, strict=True)


_tekst_json = encode_basestring
#: JSON of the values a bulk write has most, without the encoder's set-up per value.
_SNEL = {str: _tekst_json, int: int.__repr__, type(None): lambda _w: "null"}


def _kolom_json(waarden: Sequence[Any]) -> list[str]:
    """:func:`_waarde_json` of every value of a column; a column of only whole numbers or
    only texts at once."""
    typen = set(map(type, waarden))
    if len(typen) == 1 and (snel := _SNEL.get(typen.pop())) is not None:
        return list(map(snel, waarden))
    return list(map(_waarde_json, waarden))


def _waarde_json(waarde: Any) -> str:
    """One value as :func:`_json` writes it inside a dict (a :class:`Json` as it is)."""
    snel = _SNEL.get(type(waarde))
    if snel is not None:
        return snel(waarde)
    if isinstance(waarde, Json):
        return waarde
    return _dumps(waarde)


def _json(waarde: Any) -> str:
    if isinstance(waarde, Json):
        return waarde
    return _dumps(waarde)


def _omzetten(o: Any) -> Any:
    if isinstance(o, BaseGeometry):
        return shapely.to_wkt(o, rounding_precision=3)
    if isinstance(o, datetime | date):
        return o.isoformat()
    raise TypeError(type(o).__name__)


def _dumps(waarde: Any) -> str:
    return json.dumps(waarde, default=_omzetten, ensure_ascii=False, sort_keys=True)


def wijziging_naar_rij(
    gebruiker: str, tijd: datetime, tabel: str, sleutel: Any, actie: str, oud: Any, nieuw: Any
) -> dict[str, Any]:
    """An audit-log entry (``oud``/``nieuw``: JSON-able or None) as a ``wijziging`` row."""
    return dict(
        zip(
            _KOLOMMEN,
            _wijziging_waarden(gebruiker, tijd, tabel, sleutel, actie, oud, nieuw),
            strict=True,
        )
    )


#: The columns of a ``wijziging`` row a writer gives, in :func:`_wijziging_waarden` order.
_KOLOMMEN = ("tijd", "gebruiker", "tabel", "sleutel", "actie", "oud", "nieuw")


def _wijziging_waarden(
    gebruiker: str, tijd: datetime, tabel: str, sleutel: Any, actie: str, oud: Any, nieuw: Any
) -> tuple[Any, ...]:
    return (
        tijd,
        gebruiker,
        tabel,
        str(sleutel),
        actie,
        None if oud is None else _json(oud),
        None if nieuw is None else _json(nieuw),
    )


def wijziging_uit_rij(rij: Mapping[str, Any]) -> dict[str, Any]:
    """A ``wijziging`` row as an audit-log entry: aware ``tijd``, ``oud``/``nieuw`` decoded."""
    return {
        **dict(rij),
        "tijd": utc(rij["tijd"]),
        "oud": None if rij["oud"] is None else json.loads(rij["oud"]),
        "nieuw": None if rij["nieuw"] is None else json.loads(rij["nieuw"]),
    }


class Auditlog:
    """Writes audit-log entries in the caller's transaction, under the acting account's name.

    It also carries that :class:`Account`, so every repository asks the rights rules
    (:mod:`locatieplanner.domein.rechten`) for the same account it logs."""

    def __init__(self, account: Account) -> None:
        self.account = account

    @property
    def gebruiker(self) -> str:
        """The name the audit log records."""
        return self.account.naam

    @gebruiker.setter
    def gebruiker(self, naam: str) -> None:
        self.account = replace(self.account, naam=naam)

    def schrijf(
        self,
        conn: Connection,
        tabel: str,
        sleutel: Any,
        actie: str,
        oud: Any = None,
        nieuw: Any = None,
    ) -> None:
        """Record one change of ``tabel`` row ``sleutel`` (``oud``/``nieuw``: JSON-able)."""
        self.schrijf_alle(conn, [(tabel, sleutel, actie, oud, nieuw)], nu())

    def schrijf_alle(
        self,
        conn: Connection,
        wijzigingen: Sequence[tuple[str, Any, str, Any, Any]],
        tijd: datetime,
        kopie: bool = False,
    ) -> None:
        """Record many changes ``(tabel, sleutel, actie, oud, nieuw)`` made at ``tijd`` in one
        statement (bulk writes; ``kopie``: see :func:`schrijf_veel`)."""
        if wijzigingen:
            rijen = [_wijziging_waarden(self.gebruiker, tijd, *w) for w in wijzigingen]
            schrijf_veel(conn, insert(t.wijziging), _KOLOMMEN, rijen, kopie=kopie)


class WijzigingenRepository:
    """Reads the audit log."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def geschiedenis(self, tabel: str | None = None, sleutel: Any = None) -> list[dict[str, Any]]:
        """Audit-log entries (oldest first), optionally of one table and key."""
        q = select(t.wijziging).order_by(t.wijziging.c.id)
        if tabel is not None:
            q = q.where(t.wijziging.c.tabel == tabel)
        if sleutel is not None:
            q = q.where(t.wijziging.c.sleutel == str(sleutel))
        with self._db.lezen() as conn:
            rijen = conn.execute(q).mappings().all()
        return [wijziging_uit_rij(r) for r in rijen]

    def tel(self, conn: Connection) -> dict[str, int]:
        """Number of audit-log entries."""
        return {"wijziging": tel(conn, t.wijziging)}
