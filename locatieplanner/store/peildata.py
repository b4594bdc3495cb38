"""Frozen states at a reference date (*peildata*): the complete plan data, read-only, by name.

Freezing copies, in one snapshot, every row of the plan tables (:data:`BEVROREN`: region,
municipalities, corporations with former names and working areas, sites, assignments, removals,
bids, cases with their sites, solution directions, potential and contributions, re-phasing
scenarios with their steps, the conversation agendas: start meetings, agenda items, tenants'
organisation marks, explanations) into one
compressed JSON document per table (``{"kolommen": [...], "rijen": [[...], ...]}``; states frozen
by earlier versions hold a list of objects, which reads the same), plus the analysis result as
JSON. Geometries are stored once per content (SHA-256 of the WKB) in ``peilstand_geometrie`` and
shared by all frozen states, so an unchanged site or boundary is not copied again.

The rows are read with the driver's own cursor (plain tuples, no per-row ORM work) and turned back
into typed values in bulk (all geometries of a column at once), so freezing 100,000 sites takes
seconds. The analysis, which takes longer than the copy, is computed (and the tables packed) on a
read snapshot before the write lock is taken; inside the write transaction the rows are read again
and, only when they changed meanwhile, the analysis is computed again on what is frozen. The write lock is thus held
for the copy only, and a frozen state is written whole or not at all. Reading a frozen state (:class:`Peilstand`)
gives the same domain objects as the live store (it satisfies what :func:`~locatieplanner.
analyse.lees_invoer` reads), so every analysis and report can be made for it. A frozen state is
never changed; it can only be deleted by an administrator.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import shapely
from sqlalchemy import Connection, Table, delete, insert, select
from sqlalchemy.types import Date, DateTime

from ..domein.agenda import Agendapunt, Geinformeerd, Startoverleg
from ..domein.casus import (
    OPEN_STATUSSEN,
    Bijdrage,
    Casus,
    Oplossingsrichting,
    Potentieel,
    kansrijen,
)
from ..domein.model import Bod, Corporatie, Gemeente, Locatie, Onttrekking
from ..domein.rechten import Actie, eis
from ..domein.regio import Regio
from ..domein.toelichting import Toelichting
from ..errors import Conflict, NietGevonden, Probleem, ValidatieFout
from . import schema as t
from .agenda import agendapunt_uit_rij, geinformeerd_uit_rij, startoverleg_uit_rij, volgorde
from .biedingen import bod_uit_rij
from .casussen import bijdrage_uit_rij, casus_uit_rij
from .corporaties import corporatie_uit_rij
from .database import Database, nu, schrijf_veel, utc
from .gemeenten import gemeente_uit_rij, regio_uit_rij
from .geometrie import Geometrie
from .kolommen import Locatietabellen, ruwe_wkb, tabellen_uit_locaties
from .locaties import locatie_uit_rij, toewijzing_uit_rij
from .onttrekkingen import onttrekking_uit_rij
from .toelichtingen import toelichting_uit_rij
from .wijzigingen import Auditlog

__all__ = ["BEVROREN", "Peilstand", "PeildataRepository"]

#: The tables a frozen state holds, in dependency order.
BEVROREN: tuple[Table, ...] = (
    t.regio,
    t.gemeente,
    t.corporatie,
    t.corporatienaam,
    t.werkgebied,
    t.locatie,
    t.toewijzing,
    t.onttrekking,
    t.bod,
    t.casus,
    t.casus_locatie,
    t.oplossingsrichting,
    t.casus_potentieel,
    t.bijdrage,
    t.scenario,
    t.scenario_stap,
    t.startoverleg,
    t.agendapunt,
    t.geinformeerd,
    t.toelichting,
)
#: Longest name of a frozen state.
MAX_NAAM = 100


def _geometriekolommen(tabel: Table) -> list[str]:
    return [k.name for k in tabel.columns if isinstance(k.type, Geometrie)]


def _naar_json(waarde: Any) -> Any:
    """A date or time as ISO text (SQLite's driver gives text already; it stays as it is)."""
    if isinstance(waarde, datetime):
        return utc(waarde).isoformat()  # type: ignore[union-attr]
    if isinstance(waarde, date):
        return waarde.isoformat()
    return waarde


@dataclass
class _Ruw:
    """The rows of the frozen tables as the driver gave them (geometries replaced by their
    hash, dates and times as ISO text), and the geometries (WKB) by hash."""

    tabellen: dict[str, tuple[list[str], list[tuple[Any, ...]]]]
    geometrieen: dict[str, bytes]

    def ingepakt(self) -> dict[str, tuple[int, bytes]]:
        """Per table the number of rows and the compressed JSON that is stored."""
        return {
            k: (len(rijen), _inpakken({"kolommen": kolommen, "rijen": rijen}))
            for k, (kolommen, rijen) in self.tabellen.items()
        }

    def rijen(self) -> dict[str, list[dict[str, Any]]]:
        """The rows per table as the live store's (typed values, shapes)."""
        uit = {}
        for tabel in BEVROREN:
            kolommen, rijen = self.tabellen[tabel.name]
            uit[tabel.name] = [dict(zip(kolommen, r, strict=True)) for r in rijen]
            _herstel_typen(tabel, uit[tabel.name], self.geometrieen)
        return uit


def _lees_ruw(conn: Connection) -> _Ruw:
    """Every frozen table through the driver's cursor (one query per table, plain tuples)."""
    cursor = conn.connection.cursor()
    tabellen: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
    geometrieen: dict[str, bytes] = {}
    try:
        for tabel in BEVROREN:
            geo = set(_geometriekolommen(tabel))
            kolommen = [ruwe_wkb(conn, k) if k.name in geo else k for k in tabel.columns]
            cursor.execute(str(select(*kolommen).compile(dialect=conn.dialect)))
            rijen = cursor.fetchall()
            namen = [k.name for k in tabel.columns]
            omzetten = [
                i
                for i, k in enumerate(tabel.columns)
                if k.name in geo or isinstance(k.type, Date | DateTime)
            ]
            if omzetten:
                rijen = [list(r) for r in rijen]
                for i in omzetten:
                    if namen[i] in geo:
                        for r in rijen:
                            if r[i] is not None:
                                wkb = bytes(r[i])
                                sleutel = hashlib.sha256(wkb).hexdigest()
                                geometrieen.setdefault(sleutel, wkb)
                                r[i] = sleutel
                    else:  # SQLite's driver gives text already
                        for r in rijen:
                            if r[i] is not None and type(r[i]) is not str:
                                r[i] = _naar_json(r[i])
                rijen = [tuple(r) for r in rijen]
            tabellen[tabel.name] = (namen, list(rijen))
    finally:
        cursor.close()
    return _Ruw(tabellen, geometrieen)


def _inpakken(waarde: Any) -> bytes:
    """JSON, compressed (fast level: freezing must take seconds, not minutes)."""
    return zlib.compress(json.dumps(waarde, ensure_ascii=False, separators=(",", ":")).encode(), 1)


def _uitpakken(inhoud: bytes) -> Any:
    return json.loads(zlib.decompress(inhoud))


def _tabelrijen(inhoud: bytes) -> list[dict[str, Any]]:
    """The rows of one frozen table (either form, see the module docstring)."""
    waarde = _uitpakken(inhoud)
    if isinstance(waarde, dict):
        kolommen = waarde["kolommen"]
        return [dict(zip(kolommen, r, strict=True)) for r in waarde["rijen"]]
    return waarde


@dataclass
class Peilstand:
    """One frozen state: its name, date and who froze it when, the analysis result at that
    moment (``analyse``: the JSON form), and the frozen rows per table (``rijen``)."""

    id: int
    naam: str
    datum: date
    aangemaakt: datetime
    door: str
    opmerking: str | None
    analyse: dict[str, Any] | None
    rijen: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    # -- the read interface of the live store (what the analysis and the reports read)

    def regio(self) -> Regio:
        rij = self.rijen["regio"]
        if not rij:
            raise NietGevonden(f"Peildatum {self.naam!r} heeft geen regio")
        return regio_uit_rij(rij[0])

    def gemeenten(self) -> list[Gemeente]:
        return [
            gemeente_uit_rij(r) for r in sorted(self.rijen["gemeente"], key=lambda r: r["gemeente"])
        ]

    def corporaties(self) -> list[Corporatie]:
        gebied: dict[int, list[str]] = {}
        for r in sorted(self.rijen["werkgebied"], key=lambda r: r["gemeente"]):
            gebied.setdefault(r["corporatie"], []).append(r["gemeente"])
        eerdere: dict[int, list[str]] = {}
        for r in sorted(self.rijen.get("corporatienaam", []), key=lambda r: (r["tot"], r["naam"])):
            eerdere.setdefault(r["corporatie"], []).append(r["naam"])
        return [
            corporatie_uit_rij(r, gebied.get(r["id"], []), eerdere.get(r["id"], []))
            for r in sorted(self.rijen["corporatie"], key=lambda r: r["naam"])
        ]

    def _corporatienamen(self) -> dict[int, str]:
        return {r["id"]: r["naam"] for r in self.rijen["corporatie"]}

    def locaties(self, **_filters: Any) -> list[Locatie]:
        namen = self._corporatienamen()
        toew: dict[int, list[Any]] = {}
        for r in sorted(self.rijen["toewijzing"], key=lambda r: r["id"]):
            toew.setdefault(r["locatie"], []).append(
                toewijzing_uit_rij({**r, "naam": namen[r["corporatie"]]})
            )
        return [
            locatie_uit_rij(r, toew.get(r["id"], []))
            for r in sorted(self.rijen["locatie"], key=lambda r: r["id"])
        ]

    def locatietabellen(self, **_filters: Any) -> Locatietabellen:
        """The frozen sites and assignments as columns (the shape of
        :meth:`Store.locatietabellen`)."""
        return tabellen_uit_locaties(self.locaties())

    def onttrekkingen(self, gemeente: str | None = None) -> list[Onttrekking]:
        namen = self._corporatienamen()
        rijen = sorted(self.rijen["onttrekking"], key=lambda r: (r["gemeente"], r["jaar"], r["id"]))
        return [
            onttrekking_uit_rij({**r, "corp_naam": namen.get(r["corporatie"])})
            for r in rijen
            if gemeente is None or r["gemeente"] == gemeente
        ]

    def biedingen(self, gemeente: str | None = None) -> list[Bod]:
        rijen = sorted(self.rijen["bod"], key=lambda r: (r["gemeente"], r["datum"], r["id"]))
        return [bod_uit_rij(r) for r in rijen if gemeente is None or r["gemeente"] == gemeente]

    def casussen(self, **filters: Any) -> list[Casus]:
        """The frozen cases by municipality and id; ``gemeente``, ``soort`` and ``status`` (one
        value or several) filter as the live store's (a state frozen before cases existed has
        none)."""
        locaties: dict[int, list[int]] = {}
        for r in sorted(self.rijen.get("casus_locatie", []), key=lambda r: r["locatie"]):
            locaties.setdefault(r["casus"], []).append(r["locatie"])
        oplossingen: dict[int, list[Oplossingsrichting]] = {}
        for r in sorted(self.rijen.get("oplossingsrichting", []), key=lambda r: r["volgorde"]):
            oplossingen.setdefault(r["casus"], []).append(
                Oplossingsrichting(r["tekst"], r["status"])
            )
        potentieel: dict[int, list[Potentieel]] = {}
        for r in sorted(self.rijen.get("casus_potentieel", []), key=lambda r: r["jaar"]):
            potentieel.setdefault(r["casus"], []).append(
                Potentieel(r["jaar"], r["daeb"], r["overig"])
            )

        def past(r: Mapping[str, Any]) -> bool:
            for veld in ("gemeente", "soort", "status"):
                waarde = filters.get(veld)
                if waarde is None:
                    continue
                toegestaan = [waarde] if isinstance(waarde, str) else list(waarde)
                if r[veld] not in toegestaan:
                    return False
            return True

        rijen = sorted(self.rijen.get("casus", []), key=lambda r: (r["gemeente"], r["id"]))
        return [
            casus_uit_rij(
                r,
                locaties.get(r["id"], []),
                oplossingen.get(r["id"], []),
                potentieel.get(r["id"], []),
            )
            for r in rijen
            if past(r)
        ]

    def bijdragen(self, casus: int | Iterable[int] | None = None) -> list[Bijdrage]:
        """The frozen contributions (of one or more cases), by case and id."""
        namen = self._corporatienamen()
        ids = None if casus is None else ({casus} if isinstance(casus, int) else set(casus))
        rijen = sorted(self.rijen.get("bijdrage", []), key=lambda r: (r["casus"], r["id"]))
        return [
            bijdrage_uit_rij({**r, "corp_naam": namen.get(r["corporatie"])})
            for r in rijen
            if ids is None or r["casus"] in ids
        ]

    def betrokken(self, casus_id: int) -> list[str]:
        """Names of the corporations involved in a frozen case, as the live store's: an
        assignment on one of its linked sites, or a working area covering its municipality."""
        casus = self._casusrij(casus_id)
        locaties = {
            r["locatie"] for r in self.rijen.get("casus_locatie", []) if r["casus"] == casus_id
        }
        namen = self._corporatienamen()
        via_locatie = {
            r["corporatie"] for r in self.rijen["toewijzing"] if r["locatie"] in locaties
        }
        via_werkgebied = {
            r["corporatie"] for r in self.rijen["werkgebied"] if r["gemeente"] == casus["gemeente"]
        }
        return sorted({namen[c] for c in via_locatie | via_werkgebied})

    def open_partijen(self, casus_id: int) -> list[str]:
        """The parties that had not contributed to a case when the state was frozen:
        ``gemeente``, each involved corporation (:meth:`betrokken`), ``provincie`` (as the live
        store's :meth:`~locatieplanner.store.Store.open_partijen` said at that moment)."""
        partijen = ["gemeente", *self.betrokken(casus_id), "provincie"]
        gedaan = {b.partijnaam for b in self.bijdragen(casus_id)}
        return [p for p in partijen if p not in gedaan]

    def _casusrij(self, casus_id: int) -> Mapping[str, Any]:
        rij = next((r for r in self.rijen.get("casus", []) if r["id"] == casus_id), None)
        if rij is None:
            raise NietGevonden(f"Casus {casus_id} bestaat niet in peildatum {self.naam!r}")
        return rij

    def kanspotentieel(self) -> list[dict[str, Any]]:
        """The potential of the open opportunities as plain rows, as the live store's."""
        return kansrijen(self.casussen(soort="kans", status=sorted(OPEN_STATUSSEN)))

    def startoverleg(self, gemeente: str) -> Startoverleg | None:
        rij = next(
            (r for r in self.rijen.get("startoverleg", []) if r["gemeente"] == gemeente), None
        )
        return None if rij is None else startoverleg_uit_rij(rij)

    def agendapunten(self, gemeente: str | None = None, **_filters: Any) -> list[Agendapunt]:
        """The frozen agenda items (linked case ids as they were frozen)."""
        punten = [
            agendapunt_uit_rij(r)
            for r in self.rijen.get("agendapunt", [])
            if gemeente is None or r["gemeente"] == gemeente
        ]
        return sorted(punten, key=volgorde)

    def geinformeerd(self, gemeente: str | None = None) -> list[Geinformeerd]:
        namen = self._corporatienamen()
        return sorted(
            (
                geinformeerd_uit_rij({**r, "corp_naam": namen[r["corporatie"]]})
                for r in self.rijen.get("geinformeerd", [])
                if gemeente is None or r["gemeente"] == gemeente
            ),
            key=lambda m: (m.gemeente, m.corporatie),
        )

    def toelichting(self, gemeente: str) -> Toelichting | None:
        """The explanation of ``gemeente`` as it was frozen (None when it had none)."""
        rij = next(
            (r for r in self.rijen.get("toelichting", []) if r["gemeente"] == gemeente), None
        )
        return None if rij is None else toelichting_uit_rij(rij)

    def samenvatting(self) -> dict[str, Any]:
        """Name, date, author and the number of frozen rows per table (for lists)."""
        return {
            "id": self.id,
            "naam": self.naam,
            "datum": self.datum.isoformat(),
            "aangemaakt": self.aangemaakt.isoformat(),
            "door": self.door,
            "opmerking": self.opmerking,
            "aantallen": {k: len(v) for k, v in self.rijen.items()},
        }


class PeildataRepository:
    """Freezing, listing, reading and deleting frozen states."""

    def __init__(self, db: Database, audit: Auditlog) -> None:
        self._db = db
        self._audit = audit

    # ------------------------------------------------------------------ freezing

    def vastleggen(
        self,
        naam: str,
        datum: date,
        analyse: Any = None,
        opmerking: str | None = None,
    ) -> Peilstand:
        """Freeze the current state as ``naam`` at reference date ``datum``. ``analyse`` (the
        caller's, as the store does not compute) is a function of the frozen :class:`Peilstand`
        giving the analysis JSON that is stored with it."""
        eis(self._audit.account, Actie.PEILDATUM, item=f"peildatum {naam!r}")
        naam = (naam or "").strip()
        problemen = []
        if not naam or len(naam) > MAX_NAAM:
            problemen.append(
                Probleem("naam", naam, f"geef een naam van 1 tot {MAX_NAAM} tekens", "peildatum")
            )
        if not isinstance(datum, date):
            problemen.append(Probleem("datum", datum, "geef een datum (jjjj-mm-dd)", "peildatum"))
        if problemen:
            raise ValidatieFout(problemen)

        def stand_van(ruw: _Ruw) -> Peilstand:
            stand = Peilstand(0, naam, datum, nu(), self._audit.gebruiker, opmerking, None)
            stand.rijen = ruw.rijen()
            if analyse is not None:
                stand.analyse = analyse(stand)
            return stand

        # the analysis and the packing on a snapshot, without holding the write lock
        with self._db.lezen() as conn:
            self._controleer_naam(conn, naam)
            ruw = _lees_ruw(conn)
        stand, ingepakt = stand_van(ruw), ruw.ingepakt()
        with self._db.schrijven(importeren=True) as conn:
            self._controleer_naam(conn, naam)
            nu_ruw = _lees_ruw(conn)
            if nu_ruw.tabellen != ruw.tabellen:  # changed meanwhile: freeze what is there now
                ruw = nu_ruw
                stand, ingepakt = stand_van(ruw), ruw.ingepakt()
            # every stored hash at once: one query, cheaper than a long IN list
            bekend = set(conn.execute(select(t.peilstand_geometrie.c.hash)).scalars())
            nieuw = [(h, w) for h, w in ruw.geometrieen.items() if h not in bekend]
            schrijf_veel(conn, insert(t.peilstand_geometrie), ["hash", "wkb"], nieuw)
            peil_id = conn.execute(
                insert(t.peilstand).values(
                    naam=naam,
                    datum=datum,
                    aangemaakt=stand.aangemaakt,
                    door=stand.door,
                    opmerking=opmerking,
                    analyse=None if stand.analyse is None else _inpakken(stand.analyse),
                )
            ).inserted_primary_key[0]
            schrijf_veel(
                conn,
                insert(t.peilstand_tabel),
                ["peilstand", "tabel", "aantal", "inhoud"],
                [(peil_id, k, n, inhoud) for k, (n, inhoud) in ingepakt.items()],
            )
            self._audit.schrijf(
                conn,
                "peilstand",
                peil_id,
                "vastgelegd",
                None,
                {
                    "naam": naam,
                    "datum": datum.isoformat(),
                    "aantallen": {k: n for k, (n, _) in ingepakt.items()},
                    "nieuwe_geometrieen": len(nieuw),
                },
            )
        stand.id = peil_id
        return stand

    @staticmethod
    def _controleer_naam(conn: Connection, naam: str) -> None:
        if conn.execute(select(t.peilstand.c.id).where(t.peilstand.c.naam == naam)).first():
            raise Conflict(
                f"Peildatum {naam!r} bestaat al; een vastgelegde stand verandert niet. "
                "Kies een andere naam."
            )

    # ------------------------------------------------------------------ reading

    def lijst(self) -> list[dict[str, Any]]:
        """All frozen states (newest reference date first) with their row counts."""
        with self._db.lezen() as conn:
            standen = (
                conn.execute(
                    select(t.peilstand).order_by(
                        t.peilstand.c.datum.desc(), t.peilstand.c.id.desc()
                    )
                )
                .mappings()
                .all()
            )
            aantallen: dict[int, dict[str, int]] = {}
            for r in conn.execute(
                select(
                    t.peilstand_tabel.c.peilstand,
                    t.peilstand_tabel.c.tabel,
                    t.peilstand_tabel.c.aantal,
                )
            ):
                aantallen.setdefault(r.peilstand, {})[r.tabel] = r.aantal
        return [
            {
                "id": s["id"],
                "naam": s["naam"],
                "datum": s["datum"].isoformat(),
                "aangemaakt": utc(s["aangemaakt"]).isoformat(),  # type: ignore[union-attr]
                "door": s["door"],
                "opmerking": s["opmerking"],
                "aantallen": aantallen.get(s["id"], {}),
            }
            for s in standen
        ]

    def _rij(self, conn: Connection, naam_of_id: str | int) -> Mapping[str, Any]:
        q = select(t.peilstand)
        if isinstance(naam_of_id, int):
            q = q.where(t.peilstand.c.id == naam_of_id)
        else:
            q = q.where(t.peilstand.c.naam == naam_of_id)
        rij = conn.execute(q).mappings().first()
        if rij is None:
            bekend = [
                r
                for r in conn.execute(
                    select(t.peilstand.c.naam).order_by(t.peilstand.c.naam)
                ).scalars()
            ]
            raise NietGevonden(
                f"Peildatum {naam_of_id!r} bestaat niet; vastgelegd zijn "
                + (", ".join(repr(n) for n in bekend) or "(nog geen)")
            )
        return rij

    def lees(self, naam_of_id: str | int) -> Peilstand:
        """The frozen state ``naam_of_id`` (its name, or its id) with all its rows."""
        with self._db.lezen() as conn:
            rij = self._rij(conn, naam_of_id)
            tabellen = {
                r.tabel: _tabelrijen(r.inhoud)
                for r in conn.execute(
                    select(t.peilstand_tabel.c.tabel, t.peilstand_tabel.c.inhoud).where(
                        t.peilstand_tabel.c.peilstand == rij["id"]
                    )
                )
            }
            hashes = {
                r[k]
                for tabel in BEVROREN
                for k in _geometriekolommen(tabel)
                for r in tabellen.get(tabel.name, [])
                if r.get(k) is not None
            }
            wkb: dict[str, bytes] = {}
            lijst = sorted(hashes)
            for i in range(0, len(lijst), 5000):
                for h, w in conn.execute(
                    select(t.peilstand_geometrie.c.hash, t.peilstand_geometrie.c.wkb).where(
                        t.peilstand_geometrie.c.hash.in_(lijst[i : i + 5000])
                    )
                ):
                    wkb[h] = bytes(w)
        for tabel in BEVROREN:
            rijen = tabellen.setdefault(tabel.name, [])
            _herstel_typen(tabel, rijen, wkb)
        return Peilstand(
            id=rij["id"],
            naam=rij["naam"],
            datum=rij["datum"],
            aangemaakt=utc(rij["aangemaakt"]),  # type: ignore[arg-type]
            door=rij["door"],
            opmerking=rij["opmerking"],
            analyse=None if rij["analyse"] is None else _uitpakken(rij["analyse"]),
            rijen=tabellen,
        )

    def verwijder(self, naam_of_id: str | int) -> None:
        """Delete a frozen state (administrator only); geometries no other state uses go too."""
        eis(self._audit.account, Actie.PEILDATUM_VERWIJDEREN, item=f"peildatum {naam_of_id!r}")
        with self._db.schrijven(importeren=True) as conn:
            rij = self._rij(conn, naam_of_id)
            conn.execute(
                delete(t.peilstand_tabel).where(t.peilstand_tabel.c.peilstand == rij["id"])
            )
            conn.execute(delete(t.peilstand).where(t.peilstand.c.id == rij["id"]))
            in_gebruik: set[str] = set()
            for r in conn.execute(select(t.peilstand_tabel.c.tabel, t.peilstand_tabel.c.inhoud)):
                tabel = next((x for x in BEVROREN if x.name == r.tabel), None)
                kolommen = _geometriekolommen(tabel) if tabel is not None else []
                if kolommen:
                    for x in _tabelrijen(r.inhoud):
                        in_gebruik.update(x[k] for k in kolommen if x.get(k))
            weg = [
                h
                for h in conn.execute(select(t.peilstand_geometrie.c.hash)).scalars()
                if h not in in_gebruik
            ]
            for i in range(0, len(weg), 5000):
                conn.execute(
                    delete(t.peilstand_geometrie).where(
                        t.peilstand_geometrie.c.hash.in_(weg[i : i + 5000])
                    )
                )
            self._audit.schrijf(conn, "peilstand", rij["id"], "verwijderd", {"naam": rij["naam"]})


def _herstel_typen(tabel: Table, rijen: list[dict[str, Any]], wkb: Mapping[str, bytes]) -> None:
    """Turn the JSON values back, in place, into what the live store's rows hold (dates, UTC
    times, shapes); the geometries come from ``wkb`` by hash, all of a column at once."""
    datums = [k.name for k in tabel.columns if isinstance(k.type, Date)]
    tijden = [k.name for k in tabel.columns if isinstance(k.type, DateTime)]
    # rows written together (an import) share their times: each text is parsed once
    gelezen: dict[str, Any] = {}

    def datum(tekst: str) -> date:
        if (d := gelezen.get(tekst)) is None:
            d = gelezen[tekst] = date.fromisoformat(tekst)
        return d

    def tijd(tekst: str) -> datetime:
        if (d := gelezen.get(tekst)) is None:
            d = gelezen[tekst] = utc(datetime.fromisoformat(tekst))
        return d

    for r in rijen:
        for k in datums:
            if r.get(k) is not None:
                r[k] = datum(r[k])
        for k in tijden:
            if r.get(k) is not None:
                r[k] = tijd(r[k])
    for k in _geometriekolommen(tabel):
        met = [r for r in rijen if r.get(k) is not None]
        vormen = shapely.from_wkb([wkb[r[k]] for r in met]) if met else []
        for r, vorm in zip(met, vormen, strict=True):
            r[k] = vorm
