"""Cases (*casussen*) of working agreement 5b and the parties' contributions (*bijdragen*).

A case row (``casus``) has its linked sites (``casus_locatie``), solution directions
(``oplossingsrichting``) and potential per delivery year (``casus_potentieel``) in child tables
that a write replaces whole, as a site's assignments. Contributions (``bijdrage``) are their own
records, at most one per party per case. Both kinds have an optimistic-lock ``versie``
(:class:`.versies.Versies`) and are recorded in the audit log (``casus`` and ``bijdrage``;
deleting a case logs the deletion of each of its contributions too). The rights are those of
:func:`~locatieplanner.domein.rechten.eis_casus` and
:func:`~locatieplanner.domein.rechten.eis_bijdrage`.

The corporations *involved* in a case (:meth:`CasussenRepository.betrokken`) are those with an
assignment on one of its linked sites and those whose working area covers its municipality: they
may contribute, and the case page lists the ones that have not answered yet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from ..domein.casus import (
    ID_MAX,
    STANDAARD_CATEGORIEEN,
    Bijdrage,
    Casus,
    Oplossingsrichting,
    Potentieel,
    valideer_bijdrage,
    valideer_casus,
)
from ..domein.model import gooi_als_problemen
from ..domein.rechten import eis_bijdrage, eis_casus
from ..errors import Probleem
from . import schema as t
from .database import Database, nu, tel, utc
from .gemeenten import regio_uit_rij
from .geometrie import normaliseer_geometrie
from .versies import Versies
from .wijzigingen import Auditlog

__all__ = [
    "CasussenRepository",
    "Casusimport",
    "casus_uit_rij",
    "bijdrage_uit_rij",
    "betrokken_corporaties",
]

#: Fields of a case the store keeps (not changed by a client).
_VAST_CASUS = ("aangemaakt", "gewijzigd")
#: Fields of a contribution that stay what they were at creation.
_VAST_BIJDRAGE = ("casus", "partij", "corporatie", "gewijzigd")


def _casus_rij(c: Casus) -> dict[str, Any]:
    """The ``casus`` columns of a case (without id, versie and times)."""
    return {
        "gemeente": c.gemeente,
        "soort": c.soort,
        "titel": c.titel,
        "beschrijving": c.beschrijving,
        "categorie": c.categorie,
        "vragen": ",".join(str(v) for v in sorted(c.vragen)),
        "gebied": None if c.gebied is None else normaliseer_geometrie(c.gebied),
        "status": c.status,
        "eigenaar": c.eigenaar,
        "streefdatum": c.streefdatum,
    }


def casus_uit_rij(
    rij: Mapping[str, Any],
    locaties: list[int],
    oplossingen: list[Oplossingsrichting],
    potentieel: list[Potentieel],
) -> Casus:
    """A ``casus`` row with its child rows as a :class:`Casus`."""
    return Casus(
        gemeente=rij["gemeente"],
        soort=rij["soort"],
        titel=rij["titel"],
        categorie=rij["categorie"],
        beschrijving=rij["beschrijving"],
        vragen=[int(v) for v in rij["vragen"].split(",") if v],
        locaties=locaties,
        gebied=rij["gebied"],
        oplossingsrichtingen=oplossingen,
        potentieel=potentieel,
        status=rij["status"],
        eigenaar=rij["eigenaar"],
        streefdatum=rij["streefdatum"],
        id=rij["id"],
        versie=rij["versie"],
        aangemaakt=utc(rij["aangemaakt"]),
        gewijzigd=utc(rij["gewijzigd"]),
    )


def bijdrage_uit_rij(rij: Mapping[str, Any]) -> Bijdrage:
    """A ``bijdrage`` row joined with its corporation's name (``corp_naam``)."""
    return Bijdrage(
        casus=rij["casus"],
        partij=rij["partij"],
        wat=rij["wat"],
        soort=rij["soort"],
        status=rij["status"],
        corporatie=rij["corp_naam"],
        bedrag=rij["bedrag"],
        id=rij["id"],
        versie=rij["versie"],
        gewijzigd=utc(rij["gewijzigd"]),
    )


def betrokken_corporaties(conn: Connection, gemeente: str, locaties: Any) -> list[str]:
    """Names of the corporations involved in ``gemeente``: those with an assignment on one of
    ``locaties`` (site ids, or a select of them) and those whose working area covers it."""
    via_locatie = (
        select(t.corporatie.c.naam)
        .join(t.toewijzing, t.toewijzing.c.corporatie == t.corporatie.c.id)
        .where(t.toewijzing.c.locatie.in_(locaties))
    )
    via_werkgebied = (
        select(t.corporatie.c.naam)
        .join(t.werkgebied, t.werkgebied.c.corporatie == t.corporatie.c.id)
        .where(t.werkgebied.c.gemeente == gemeente)
    )
    namen = set(conn.execute(via_locatie).scalars()) | set(conn.execute(via_werkgebied).scalars())
    return sorted(namen)


def _casus_dict(c: Casus) -> dict[str, Any]:
    return asdict(c)


def _met_corporatie() -> Any:
    return select(t.bijdrage, t.corporatie.c.naam.label("corp_naam")).outerjoin(
        t.corporatie, t.corporatie.c.id == t.bijdrage.c.corporatie
    )


@dataclass
class Casusimport:
    """What an import of cases did: per kind the counts ``toegevoegd``, ``gewijzigd`` and
    ``ongewijzigd``, and the file's case ids with the stored ids they became."""

    casussen: dict[str, int]
    bijdragen: dict[str, int]
    ids: dict[int, int]


class CasussenRepository:
    """Cases and contributions, each with an optimistic-lock ``versie``."""

    def __init__(self, db: Database, audit: Auditlog) -> None:
        self._db = db
        self._audit = audit
        self._casussen = Versies(t.casus, audit, "casus", self._een, als_dict=_casus_dict)
        self._bijdragen = Versies(t.bijdrage, audit, "bijdrage", self._een_bijdrage)

    # ------------------------------------------------------------------ reading

    def _lees(self, conn: Connection, rijen: Sequence[Mapping[str, Any]]) -> list[Casus]:
        ids = [r["id"] for r in rijen]
        locaties: dict[int, list[int]] = defaultdict(list)
        oplossingen: dict[int, list[Oplossingsrichting]] = defaultdict(list)
        potentieel: dict[int, list[Potentieel]] = defaultdict(list)
        if ids:
            q = select(t.casus_locatie).where(t.casus_locatie.c.casus.in_(ids))
            for r in conn.execute(q.order_by(t.casus_locatie.c.locatie)).mappings():
                locaties[r["casus"]].append(r["locatie"])
            q = select(t.oplossingsrichting).where(t.oplossingsrichting.c.casus.in_(ids))
            for r in conn.execute(q.order_by(t.oplossingsrichting.c.volgorde)).mappings():
                oplossingen[r["casus"]].append(Oplossingsrichting(r["tekst"], r["status"]))
            q = select(t.casus_potentieel).where(t.casus_potentieel.c.casus.in_(ids))
            for r in conn.execute(q.order_by(t.casus_potentieel.c.jaar)).mappings():
                potentieel[r["casus"]].append(Potentieel(r["jaar"], r["daeb"], r["overig"]))
        return [
            casus_uit_rij(r, locaties[r["id"]], oplossingen[r["id"]], potentieel[r["id"]])
            for r in rijen
        ]

    def _een(self, conn: Connection, casus_id: int) -> Casus | None:
        rij = conn.execute(select(t.casus).where(t.casus.c.id == casus_id)).mappings().first()
        return None if rij is None else self._lees(conn, [rij])[0]

    def _een_bijdrage(self, conn: Connection, bijdrage_id: int) -> Bijdrage | None:
        q = _met_corporatie().where(t.bijdrage.c.id == bijdrage_id)
        rij = conn.execute(q).mappings().first()
        return None if rij is None else bijdrage_uit_rij(rij)

    def lees(self, casus_id: int) -> Casus:
        """One case; :class:`NietGevonden` when it does not exist."""
        with self._db.lezen() as conn:
            return self._casussen.lees(conn, casus_id)

    def lijst(
        self,
        gemeente: str | Iterable[str] | None = None,
        categorie: str | None = None,
        status: str | Iterable[str] | None = None,
        soort: str | None = None,
        partij: str | None = None,
        locatie: int | None = None,
    ) -> list[Casus]:
        """Cases by municipality and id, filtered by municipality code(s), category,
        status(es), kind, a party that contributes (``gemeente``, ``provincie`` or a
        corporation's name) or a linked site."""
        q = select(t.casus).order_by(t.casus.c.gemeente, t.casus.c.id)
        if gemeente is not None:
            codes = [gemeente] if isinstance(gemeente, str) else list(gemeente)
            q = q.where(t.casus.c.gemeente.in_(codes))
        if status is not None:
            statussen = [status] if isinstance(status, str) else list(status)
            q = q.where(t.casus.c.status.in_(statussen))
        if categorie is not None:
            q = q.where(t.casus.c.categorie == categorie)
        if soort is not None:
            q = q.where(t.casus.c.soort == soort)
        if locatie is not None:
            q = q.where(
                t.casus.c.id.in_(
                    select(t.casus_locatie.c.casus).where(t.casus_locatie.c.locatie == locatie)
                )
            )
        with self._db.lezen() as conn:
            if partij is not None:
                q = q.where(t.casus.c.id.in_(self._met_partij(conn, partij)))
            return self._lees(conn, conn.execute(q).mappings().all())

    def _met_partij(self, conn: Connection, partij: str) -> Any:
        if partij in ("gemeente", "provincie"):
            sleutel = partij
        else:
            cid = conn.execute(
                select(t.corporatie.c.id).where(t.corporatie.c.naam == partij)
            ).scalar()
            sleutel = f"corporatie:{cid}"
        return select(t.bijdrage.c.casus).where(t.bijdrage.c.partijsleutel == sleutel)

    def betrokken(self, casus_id: int) -> list[str]:
        """Names of the corporations involved in a case (an assignment on a linked site, or a
        working area that covers its municipality), by name."""
        with self._db.lezen() as conn:
            return self._betrokken(conn, self._casussen.lees(conn, casus_id))

    def _betrokken(self, conn: Connection, casus: Casus) -> list[str]:
        return betrokken_corporaties(conn, casus.gemeente, casus.locaties or [-1])

    def open_partijen(self, casus_id: int) -> list[str]:
        """The parties that have not contributed to a case yet: ``gemeente``, each involved
        corporation (:meth:`betrokken`), ``provincie``."""
        with self._db.lezen() as conn:
            casus = self._casussen.lees(conn, casus_id)
            partijen = ["gemeente", *self._betrokken(conn, casus), "provincie"]
            gedaan = {b.partijnaam for b in self._bijdragen_van(conn, [casus_id])}
        return [p for p in partijen if p not in gedaan]

    def bijdrage(self, bijdrage_id: int) -> Bijdrage:
        """One contribution; :class:`NietGevonden` when it does not exist."""
        with self._db.lezen() as conn:
            return self._bijdragen.lees(conn, bijdrage_id)

    def bijdragen(self, casus: int | Iterable[int] | None = None) -> list[Bijdrage]:
        """Contributions (of one or more cases), by case, then municipality, corporations by
        name, province."""
        with self._db.lezen() as conn:
            ids = None if casus is None else ([casus] if isinstance(casus, int) else list(casus))
            return self._bijdragen_van(conn, ids)

    def _bijdragen_van(self, conn: Connection, ids: list[int] | None) -> list[Bijdrage]:
        q = _met_corporatie()
        if ids is not None:
            q = q.where(t.bijdrage.c.casus.in_(ids))
        lijst = [bijdrage_uit_rij(r) for r in conn.execute(q).mappings()]
        volgorde = {"gemeente": 0, "corporatie": 1, "provincie": 2}
        return sorted(lijst, key=lambda b: (b.casus, volgorde[b.partij], b.corporatie or ""))

    # ------------------------------------------------------------------ checks

    def _controleer(self, conn: Connection, casus: Casus) -> None:
        """Validate a case against the domain rules and what is stored: its municipality, the
        region's categories, its owner, its linked sites (of the same municipality)."""
        regio = conn.execute(select(t.regio)).mappings().first()
        categorieen = STANDAARD_CATEGORIEEN if regio is None else regio_uit_rij(regio).categorieen
        problemen = valideer_casus(casus, categorieen)
        gooi_als_problemen(problemen)
        item = f"casus {casus.id or repr(casus.titel)}"
        gemeente = conn.execute(
            select(t.gemeente.c.gemeente).where(t.gemeente.c.gemeente == casus.gemeente)
        ).first()
        if gemeente is None:
            problemen.append(Probleem("gemeente", casus.gemeente, "onbekende gemeentecode", item))
        corporaties = set(conn.execute(select(t.corporatie.c.naam)).scalars())
        if casus.eigenaar not in {"gemeente", "provincie", *corporaties}:
            problemen.append(
                Probleem(
                    "eigenaar",
                    casus.eigenaar,
                    "onbekende partij; toegestaan zijn gemeente, provincie of de naam van een "
                    "corporatie (" + (", ".join(sorted(corporaties)) or "nog geen") + ")",
                    item,
                )
            )
        if casus.locaties:
            gevonden = dict(
                conn.execute(
                    select(t.locatie.c.id, t.locatie.c.gemeente).where(
                        t.locatie.c.id.in_(casus.locaties)
                    )
                ).all()
            )
            onbekend = [i for i in casus.locaties if i not in gevonden]
            if onbekend:
                problemen.append(Probleem("locaties", onbekend, "onbekende locatie-id(s)", item))
            elders = [i for i, g in gevonden.items() if g != casus.gemeente]
            if elders:
                problemen.append(
                    Probleem(
                        "locaties",
                        sorted(elders),
                        f"liggen niet in gemeente {casus.gemeente}; koppel alleen locaties van "
                        "de gemeente van de casus",
                        item,
                    )
                )
        gooi_als_problemen(problemen)

    def _schrijf_kinderen(self, conn: Connection, casus_id: int, casus: Casus) -> None:
        for tabel in (t.casus_locatie, t.oplossingsrichting, t.casus_potentieel):
            conn.execute(delete(tabel).where(tabel.c.casus == casus_id))
        if casus.locaties:
            conn.execute(
                insert(t.casus_locatie),
                [{"casus": casus_id, "locatie": i} for i in casus.locaties],
            )
        if casus.oplossingsrichtingen:
            conn.execute(
                insert(t.oplossingsrichting),
                [
                    {"casus": casus_id, "volgorde": i, "tekst": o.tekst, "status": o.status}
                    for i, o in enumerate(casus.oplossingsrichtingen)
                ],
            )
        if casus.potentieel:
            conn.execute(
                insert(t.casus_potentieel),
                [
                    {"casus": casus_id, "jaar": p.jaar, "daeb": p.daeb, "overig": p.overig}
                    for p in casus.potentieel
                ],
            )

    @staticmethod
    def _geordend(casus: Casus) -> Casus:
        """The case as the store gives it back: sites and potential sorted."""
        return replace(
            casus,
            locaties=sorted(casus.locaties),
            vragen=sorted(casus.vragen),
            potentieel=sorted(casus.potentieel, key=lambda p: p.jaar),
            gebied=None if casus.gebied is None else normaliseer_geometrie(casus.gebied),
        )

    def _bijdrage_controleer(
        self, conn: Connection, bijdrage: Bijdrage
    ) -> tuple[Casus, int | None]:
        """Validate a contribution and check its case and corporation; the case and the
        corporation's id."""
        gooi_als_problemen(valideer_bijdrage(bijdrage))
        casus = self._casussen.lees(conn, bijdrage.casus)
        cid = None
        if bijdrage.partij == "corporatie":
            ids = dict(conn.execute(select(t.corporatie.c.naam, t.corporatie.c.id)).all())
            cid = ids.get(bijdrage.corporatie)  # type: ignore[arg-type]
            if cid is None:
                gooi_als_problemen(
                    [
                        Probleem(
                            "corporatie",
                            bijdrage.corporatie,
                            "onbekende corporatie; bekend zijn "
                            + (", ".join(sorted(ids)) or "geen"),
                            f"bijdrage aan casus {bijdrage.casus}",
                        )
                    ]
                )
        return casus, cid

    def _eis_bijdrage(self, conn: Connection, casus: Casus, bijdrage: Bijdrage) -> None:
        eis_bijdrage(self._audit.account, casus.gemeente, bijdrage, self._betrokken(conn, casus))

    @staticmethod
    def _bijdrage_rij(b: Bijdrage, cid: int | None) -> dict[str, Any]:
        return {
            "casus": b.casus,
            "partij": b.partij,
            "corporatie": cid,
            "partijsleutel": f"corporatie:{cid}" if b.partij == "corporatie" else b.partij,
            "wat": b.wat,
            "soort": b.soort,
            "bedrag": None if b.bedrag is None else float(b.bedrag),
            "status": b.status,
        }

    # ------------------------------------------------------------------ writing cases

    def _voeg_toe(self, conn: Connection, casus: Casus) -> Casus:
        self._controleer(conn, casus)
        tijd = nu()
        casus = replace(self._geordend(casus), aangemaakt=tijd, gewijzigd=tijd)
        nieuw = self._casussen.voeg_toe(
            conn, {**_casus_rij(casus), "aangemaakt": tijd, "gewijzigd": tijd}, casus
        )
        self._schrijf_kinderen(conn, nieuw.id, nieuw)  # type: ignore[arg-type]
        return nieuw

    def voeg_toe(self, casus: Casus) -> Casus:
        """Validate and store a new case (version 1) with its sites, solution directions and
        potential; only its municipality's planner (or the administrator) may."""
        eis_casus(self._audit.account, casus)
        with self._db.schrijven() as conn:
            return self._voeg_toe(conn, casus)

    def _wijzig(self, conn: Connection, oud: Casus, nieuw: Casus, versie: int) -> Casus:
        self._controleer(conn, nieuw)
        eis_casus(self._audit.account, nieuw)
        nieuw = self._geordend(nieuw)
        if nieuw == oud:
            return oud
        nieuw = replace(nieuw, gewijzigd=nu())
        bijgewerkt = self._casussen.werk_bij(
            conn, oud, versie, {**_casus_rij(nieuw), "gewijzigd": nieuw.gewijzigd}, nieuw
        )
        self._schrijf_kinderen(conn, oud.id, nieuw)  # type: ignore[arg-type]
        return bijgewerkt

    def wijzig(self, casus_id: int, wijzigingen: Mapping[str, Any], versie: int) -> Casus:
        """Change fields of a case that is still at ``versie`` (:class:`Conflict` when it is
        not); lists (``locaties``, ``oplossingsrichtingen``, ``potentieel``, ``vragen``) are
        replaced whole. The account needs the right to the case before and after."""
        with self._db.schrijven() as conn:
            oud = self._casussen.lees(conn, casus_id)
            eis_casus(self._audit.account, oud)
            self._casussen.controleer(oud, versie)
            nieuw = self._casussen.gewijzigd(oud, _lijsten(wijzigingen), _VAST_CASUS)
            return self._wijzig(conn, oud, nieuw, versie)

    def verwijder(self, casus_id: int, versie: int) -> None:
        """Delete a case that is still at ``versie``, with its contributions (each logged)."""
        with self._db.schrijven() as conn:
            oud = self._casussen.lees(conn, casus_id)
            eis_casus(self._audit.account, oud)
            self._casussen.controleer(oud, versie, verwijderen=True)
            for b in self._bijdragen_van(conn, [casus_id]):
                self._bijdragen.verwijder(conn, b, b.versie)  # type: ignore[arg-type]
            self._casussen.verwijder(conn, oud, versie)

    # ------------------------------------------------------------------ writing contributions

    def _voeg_bijdrage_toe(self, conn: Connection, bijdrage: Bijdrage) -> Bijdrage:
        casus, cid = self._bijdrage_controleer(conn, bijdrage)
        self._eis_bijdrage(conn, casus, bijdrage)
        tijd = nu()
        bijdrage = replace(bijdrage, gewijzigd=tijd, bedrag=_bedrag(bijdrage.bedrag))
        return self._bijdragen.voeg_toe_uniek(
            conn,
            {**self._bijdrage_rij(bijdrage, cid), "gewijzigd": tijd},
            bijdrage,
            f"van {bijdrage.partijnaam} aan casus {bijdrage.casus}",
            lambda: next(
                (
                    b
                    for b in self._bijdragen_van(conn, [bijdrage.casus])
                    if b.partijnaam == bijdrage.partijnaam
                ),
                None,
            ),
        )

    def voeg_bijdrage_toe(self, bijdrage: Bijdrage) -> Bijdrage:
        """Store a party's contribution to a case (version 1); :class:`Conflict` (with the
        stored one as ``huidig``) when that party has one already."""
        with self._db.schrijven() as conn:
            return self._voeg_bijdrage_toe(conn, bijdrage)

    def _wijzig_bijdrage(
        self, conn: Connection, oud: Bijdrage, nieuw: Bijdrage, versie: int
    ) -> Bijdrage:
        casus, cid = self._bijdrage_controleer(conn, nieuw)
        nieuw = replace(nieuw, bedrag=_bedrag(nieuw.bedrag))
        if nieuw == oud:
            return oud
        nieuw = replace(nieuw, gewijzigd=nu())
        rij = {**self._bijdrage_rij(nieuw, cid), "gewijzigd": nieuw.gewijzigd}
        return self._bijdragen.werk_bij(conn, oud, versie, rij, nieuw)

    def wijzig_bijdrage(
        self, bijdrage_id: int, wijzigingen: Mapping[str, Any], versie: int
    ) -> Bijdrage:
        """Change ``wat``, ``soort``, ``bedrag`` or ``status`` of a contribution that is still at
        ``versie``; only its own party may (:func:`~..domein.rechten.eis_bijdrage`)."""
        with self._db.schrijven() as conn:
            oud = self._bijdragen.lees(conn, bijdrage_id)
            self._eis_bijdrage(conn, self._casussen.lees(conn, oud.casus), oud)
            self._bijdragen.controleer(oud, versie)
            nieuw = self._bijdragen.gewijzigd(oud, wijzigingen, _VAST_BIJDRAGE)
            return self._wijzig_bijdrage(conn, oud, nieuw, versie)

    def verwijder_bijdrage(self, bijdrage_id: int, versie: int) -> None:
        """Delete a contribution that is still at ``versie``; only its own party may."""
        with self._db.schrijven() as conn:
            oud = self._bijdragen.lees(conn, bijdrage_id)
            self._eis_bijdrage(conn, self._casussen.lees(conn, oud.casus), oud)
            self._bijdragen.verwijder(conn, oud, versie)

    # ------------------------------------------------------------------ import

    def importeer(
        self,
        casussen: Sequence[Casus],
        bijdragen: Sequence[Bijdrage],
        droog: bool = False,
    ) -> Casusimport:
        """Add or update cases and contributions in ONE transaction (all or nothing).

        A case whose ``id`` is a stored case of the same municipality updates it (when it
        differs); any other case is added. A contribution's ``casus`` is the id of a case in
        ``casussen`` (as the file names it) or a stored case; the same party's stored
        contribution is updated. Every problem raises (:class:`ValidatieFout`,
        :class:`GeenToegang`) and nothing is stored; ``droog`` checks and rolls back."""
        uit = Casusimport(
            dict.fromkeys(("toegevoegd", "gewijzigd", "ongewijzigd"), 0),
            dict.fromkeys(("toegevoegd", "gewijzigd", "ongewijzigd"), 0),
            {},
        )
        with self._db.schrijven(importeren=True, droog=droog) as conn:
            for i, c in enumerate(casussen, start=1):
                item = f"casus {i} ({c.titel!r})"
                bekend = c.id is not None and 1 <= c.id <= ID_MAX
                oud = self._een(conn, c.id) if bekend else None  # type: ignore[arg-type]
                if oud is not None and oud.gemeente == c.gemeente:
                    nieuw = replace(
                        c,
                        id=oud.id,
                        versie=oud.versie,
                        aangemaakt=oud.aangemaakt,
                        gewijzigd=oud.gewijzigd,
                    )
                    if self._geordend(nieuw) == oud:
                        uit.casussen["ongewijzigd"] += 1
                    else:
                        eis_casus(self._audit.account, oud)
                        _met_item(lambda: self._wijzig(conn, oud, nieuw, oud.versie), item)  # type: ignore[arg-type]  # noqa: B023
                        uit.casussen["gewijzigd"] += 1
                    stored = oud.id
                else:
                    nieuw = replace(c, id=None, versie=None)
                    eis_casus(self._audit.account, nieuw)
                    stored = _met_item(lambda: self._voeg_toe(conn, nieuw), item).id  # noqa: B023
                    uit.casussen["toegevoegd"] += 1
                if c.id is not None:
                    uit.ids[c.id] = stored  # type: ignore[assignment]
            for i, b in enumerate(bijdragen, start=1):
                item = f"bijdrage {i} ({b.partijnaam})"
                b = replace(b, casus=uit.ids.get(b.casus, b.casus), id=None, versie=None)
                _met_item(lambda: gooi_als_problemen(valideer_bijdrage(b)), item)  # noqa: B023
                bestaand = next(
                    (
                        x
                        for x in self._bijdragen_van(conn, [b.casus])
                        if x.partijnaam == b.partijnaam
                    ),
                    None,
                )
                if bestaand is None:
                    _met_item(lambda: self._voeg_bijdrage_toe(conn, b), item)  # noqa: B023
                    uit.bijdragen["toegevoegd"] += 1
                    continue
                nieuw_b = replace(
                    b, id=bestaand.id, versie=bestaand.versie, gewijzigd=bestaand.gewijzigd
                )
                nieuw_b = replace(nieuw_b, bedrag=_bedrag(nieuw_b.bedrag))
                if nieuw_b == bestaand:
                    uit.bijdragen["ongewijzigd"] += 1
                    continue
                self._eis_bijdrage(conn, self._casussen.lees(conn, b.casus), bestaand)
                _met_item(
                    lambda: self._wijzig_bijdrage(conn, bestaand, nieuw_b, bestaand.versie),  # type: ignore[arg-type]  # noqa: B023
                    item,
                )
                uit.bijdragen["gewijzigd"] += 1
        return uit

    def tel(self, conn: Connection) -> dict[str, int]:
        """Number of cases and contributions."""
        return {"casus": tel(conn, t.casus), "bijdrage": tel(conn, t.bijdrage)}


def _bedrag(bedrag: Any) -> float | None:
    """An amount as the store keeps it (a float, rounded to cents)."""
    return None if bedrag is None else round(float(bedrag), 2)


def _lijsten(wijzigingen: Mapping[str, Any]) -> dict[str, Any]:
    """Changes with solution directions and potential given as dicts made objects."""
    uit = dict(wijzigingen)
    if isinstance(uit.get("oplossingsrichtingen"), list):
        uit["oplossingsrichtingen"] = [
            Oplossingsrichting(**o) if isinstance(o, Mapping) else o
            for o in uit["oplossingsrichtingen"]
        ]
    if isinstance(uit.get("potentieel"), list):
        uit["potentieel"] = [
            Potentieel(**p) if isinstance(p, Mapping) else p for p in uit["potentieel"]
        ]
    return uit


def _met_item(doe: Any, item: str) -> Any:
    """Run ``doe``; a :class:`ValidatieFout` names the import row ``item``."""
    from ..errors import ValidatieFout

    try:
        return doe()
    except ValidatieFout as fout:
        raise ValidatieFout(
            [
                Probleem(p.veld, p.waarde, p.melding, f"{item}: {p.item}" if p.item else item)
                for p in fout.problemen
            ]
        ) from None
