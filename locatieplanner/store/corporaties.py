"""Housing corporations with their working area (the municipalities they build in), their former
names (a rename or a merge keeps the old name: imports that name it land on the corporation that
has it now) and merging two corporations into one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from ..domein.model import Corporatie, gooi_als_problemen, valideer_corporatie
from ..domein.rechten import Actie, eis, eis_wijziging_corporatie
from ..errors import Conflict, NietGevonden, Probleem, ValidatieFout
from . import schema as t
from .database import Database, nu, tel, utc
from .gemeenten import GemeentenRepository
from .versies import Versies
from .wijzigingen import Auditlog

__all__ = [
    "CorporatiesRepository",
    "Samenvoeging",
    "corporatie_naar_rij",
    "corporatie_uit_rij",
]


def corporatie_naar_rij(corporatie: Corporatie) -> dict[str, Any]:
    """The ``corporatie`` columns of a corporation (the working area is in ``werkgebied``, the
    former names in ``corporatienaam``)."""
    return {"naam": corporatie.naam, "code": corporatie.code}


def corporatie_uit_rij(
    rij: Mapping[str, Any], gemeenten: list[str], eerdere_namen: list[str] | None = None
) -> Corporatie:
    """A ``corporatie`` row with its working area (and former names) as a :class:`Corporatie`."""
    return Corporatie(
        rij["naam"], rij["code"], gemeenten, rij["id"], rij["versie"], list(eerdere_namen or [])
    )


@dataclass(frozen=True)
class Samenvoeging:
    """What a merge did: the target as it is now and the ids of the records that moved to it
    (assignments added to one of the target's on the same site and delivery year included)."""

    corporatie: Corporatie
    toewijzingen: list[int]
    onttrekkingen: list[int]
    accounts: list[int]


class CorporatiesRepository:
    """Corporations, by name, with an optimistic-lock ``versie`` (:class:`.versies.Versies`)."""

    def __init__(self, db: Database, audit: Auditlog, gemeenten: GemeentenRepository) -> None:
        self._db = db
        self._audit = audit
        self._gemeenten = gemeenten
        self._versies = Versies(t.corporatie, audit, "corporatie", self._een)

    # ------------------------------------------------------------------ reading

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
        return corporatie_uit_rij(rij, list(gebied), self._eerdere(conn, corporatie_id))

    def _eerdere(self, conn: Connection, corporatie_id: int | None = None) -> list[str]:
        """Former names (of one corporation), oldest first."""
        q = select(t.corporatienaam.c.naam).order_by(
            t.corporatienaam.c.tot, t.corporatienaam.c.naam
        )
        if corporatie_id is not None:
            q = q.where(t.corporatienaam.c.corporatie == corporatie_id)
        return list(conn.execute(q).scalars())

    def _met_naam(self, conn: Connection, naam: str) -> Corporatie | None:
        cid = self.ids(conn).get(naam)
        return None if cid is None else self._een(conn, cid)

    def lees(self, corporatie_id: int) -> Corporatie:
        """One corporation with its working area; :class:`NietGevonden` when it does not exist."""
        with self._db.lezen() as conn:
            return self._versies.lees(conn, corporatie_id)

    def met_naam(self, naam: str) -> Corporatie:
        """The corporation with this name now or before; :class:`NietGevonden` (naming the
        known corporations) when no corporation had it."""
        with self._db.lezen() as conn:
            gevonden = self._met_naam(conn, naam)
            if gevonden is None:
                bekend = sorted(conn.execute(select(t.corporatie.c.naam)).scalars())
                raise NietGevonden(
                    f"Corporatie {naam!r} bestaat niet; bekend zijn "
                    + (", ".join(bekend) or "(nog geen corporaties)")
                )
            return gevonden

    def eerdere_namen(self, corporatie_id: int) -> list[dict[str, Any]]:
        """The former names of a corporation (``naam``) with when each stopped being its name
        (``tot``, aware UTC), oldest first; :class:`NietGevonden` when it does not exist."""
        c = t.corporatienaam.c
        with self._db.lezen() as conn:
            self._versies.lees(conn, corporatie_id)
            rijen = conn.execute(
                select(c.naam, c.tot).where(c.corporatie == corporatie_id).order_by(c.tot, c.naam)
            ).all()
        return [{"naam": naam, "tot": utc(tot)} for naam, tot in rijen]

    def lijst(self) -> list[Corporatie]:
        """All corporations by name, with their working areas and former names."""
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
            eerdere: dict[int, list[str]] = {}
            for cid, naam in conn.execute(
                select(t.corporatienaam.c.corporatie, t.corporatienaam.c.naam).order_by(
                    t.corporatienaam.c.tot, t.corporatienaam.c.naam
                )
            ):
                eerdere.setdefault(cid, []).append(naam)
        return [
            corporatie_uit_rij(r, gebieden.get(r["id"], []), eerdere.get(r["id"], []))
            for r in rijen
        ]

    def gebruik(self) -> dict[int, dict[str, int]]:
        """Per corporation id: the number of sites it has assignments on (``locaties``) and of
        its removals (``onttrekkingen``); corporations without either are absent."""
        uit: dict[int, dict[str, int]] = {}
        with self._db.lezen() as conn:
            for veld, q in (
                (
                    "locaties",
                    select(
                        t.toewijzing.c.corporatie, func.count(func.distinct(t.toewijzing.c.locatie))
                    ).group_by(t.toewijzing.c.corporatie),
                ),
                (
                    "onttrekkingen",
                    select(t.onttrekking.c.corporatie, func.count())
                    .where(t.onttrekking.c.corporatie.is_not(None))
                    .group_by(t.onttrekking.c.corporatie),
                ),
            ):
                for cid, aantal in conn.execute(q):
                    uit.setdefault(cid, {"locaties": 0, "onttrekkingen": 0})[veld] = aantal
        return uit

    def namen(self, conn: Connection) -> dict[str, int]:
        """Corporation id by name: every current name and every former name (a current name
        wins over a former name of another corporation)."""
        uit = dict(
            conn.execute(select(t.corporatienaam.c.naam, t.corporatienaam.c.corporatie)).all()
        )
        uit.update(conn.execute(select(t.corporatie.c.naam, t.corporatie.c.id)).all())
        return uit

    def ids(self, conn: Connection) -> dict[str, int]:
        """Corporation id by name, current or former (:meth:`namen`): an import that names a
        corporation by its old name lands on the renamed (or merged) corporation."""
        return self.namen(conn)

    def bekende_namen(self) -> list[str]:
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
        """Number of corporations and of former names."""
        return {
            "corporatie": tel(conn, t.corporatie),
            "corporatienaam": tel(conn, t.corporatienaam),
        }

    # ------------------------------------------------------------------ checks

    def _controleer(self, conn: Connection, corporatie: Corporatie) -> Corporatie:
        """Validate a corporation and check that its working area's municipalities exist and
        that its name is no other corporation's former name; the corporation with that working
        area sorted and without doubles."""
        gooi_als_problemen(self._problemen(conn, corporatie, None))
        return replace(corporatie, gemeenten=sorted(set(corporatie.gemeenten)))

    def _problemen(
        self, conn: Connection, corporatie: Corporatie, item: str | None
    ) -> list[Probleem]:
        item = item or f"corporatie {corporatie.naam!r}"
        problemen = [replace(p, item=item) for p in valideer_corporatie(corporatie)]
        bekend = self._gemeenten.codes(conn)
        problemen.extend(
            Probleem(
                "gemeenten",
                c,
                "onbekende gemeentecode (geen gemeente in de database, zoals GM0518)",
                item,
            )
            for c in sorted(set(corporatie.gemeenten) - bekend)
        )
        eigenaar = conn.execute(
            select(t.corporatienaam.c.corporatie).where(t.corporatienaam.c.naam == corporatie.naam)
        ).scalar()
        if eigenaar is not None and eigenaar != corporatie.id:
            andere = self._een(conn, eigenaar)
            problemen.append(
                Probleem(
                    "naam",
                    corporatie.naam,
                    f"is een eerdere naam van corporatie {andere.naam!r} (corporatie "  # type: ignore[union-attr]
                    f"{eigenaar}) en wijst daar nog naar; kies een andere naam",
                    item,
                )
            )
        return problemen

    def _schrijf_werkgebied(self, conn: Connection, corporatie: Corporatie) -> None:
        conn.execute(delete(t.werkgebied).where(t.werkgebied.c.corporatie == corporatie.id))
        for code in corporatie.gemeenten:
            conn.execute(insert(t.werkgebied).values(corporatie=corporatie.id, gemeente=code))

    def _bewaar_eerdere_naam(self, conn: Connection, naam: str, corporatie_id: int) -> None:
        """``naam`` becomes a former name of ``corporatie_id``."""
        conn.execute(delete(t.corporatienaam).where(t.corporatienaam.c.naam == naam))
        conn.execute(insert(t.corporatienaam).values(naam=naam, corporatie=corporatie_id, tot=nu()))

    # ------------------------------------------------------------------ writing

    def _voeg_toe(self, conn: Connection, corporatie: Corporatie) -> Corporatie:
        eigenaar = self._met_naam(conn, corporatie.naam)
        if eigenaar is not None and eigenaar.naam != corporatie.naam:
            raise Conflict(
                f"Corporatie {corporatie.naam!r} bestaat al als eerdere naam van "
                f"{eigenaar.naam!r} (corporatie {eigenaar.id}, versie {eigenaar.versie}); er "
                f"wordt niets overschreven: kies een andere naam of wijzig {eigenaar.naam!r}",
                huidig=asdict(eigenaar),
            )
        nieuw = self._versies.voeg_toe_uniek(
            conn,
            corporatie_naar_rij(corporatie),
            replace(self._controleer(conn, corporatie), eerdere_namen=[]),
            repr(corporatie.naam),
            lambda: self._met_naam(conn, corporatie.naam),
        )
        self._schrijf_werkgebied(conn, nieuw)
        return nieuw

    def bewaar(self, corporatie: Corporatie) -> Corporatie:
        """Store a NEW corporation with its working area (version 1). When the name exists
        already, now or as a former name, nothing is stored: :class:`Conflict` with the stored
        corporation as ``huidig`` (change it with :meth:`wijzig`)."""
        eis(self._audit.account, Actie.CORPORATIES, item=f"corporatie {corporatie.naam!r}")
        with self._db.schrijven() as conn:
            return self._voeg_toe(conn, corporatie)

    def _werk_bij(
        self, conn: Connection, oud: Corporatie, versie: int, nieuw: Corporatie
    ) -> Corporatie:
        """Write a checked change (a rename keeps the old name as a former name)."""
        if nieuw.naam != oud.naam:
            conn.execute(
                delete(t.corporatienaam).where(
                    t.corporatienaam.c.naam == nieuw.naam, t.corporatienaam.c.corporatie == oud.id
                )
            )
            self._bewaar_eerdere_naam(conn, oud.naam, oud.id)  # type: ignore[arg-type]
            nieuw = replace(
                nieuw, eerdere_namen=[*(n for n in oud.eerdere_namen if n != nieuw.naam), oud.naam]
            )
        bezet = Probleem(
            "naam",
            nieuw.naam,
            "er is al een corporatie met deze naam; kies een andere naam",
            f"corporatie {oud.id}",
        )
        nieuw = self._versies.werk_bij(conn, oud, versie, corporatie_naar_rij(nieuw), nieuw, bezet)
        self._schrijf_werkgebied(conn, nieuw)
        return nieuw

    def wijzig(self, corporatie_id: int, wijzigingen: Mapping[str, Any], versie: int) -> Corporatie:
        """Change the name, code or working area (``gemeenten``: replaces it) of a corporation
        that is still at ``versie``; :class:`Conflict` when it is not. A rename keeps the old
        name as a former name (:meth:`ids` still finds it). Administrators change anything, a
        corporation's own account the name and working area of its own corporation."""
        with self._db.schrijven() as conn:
            oud = self._versies.lees(conn, corporatie_id)
            gewijzigd = self._versies.gewijzigd(oud, wijzigingen, vast=("eerdere_namen",))
            eis_wijziging_corporatie(self._audit.account, oud, gewijzigd)
            self._versies.controleer(oud, versie)
            nieuw = self._controleer(conn, gewijzigd)
            if nieuw == oud:
                return oud
            return self._werk_bij(conn, oud, versie, nieuw)

    def samenvoegen(self, van_id: int, naar_id: int, versies: Sequence[int]) -> Samenvoeging:
        """Merge corporation ``van_id`` into ``naar_id`` in one transaction: its assignments
        (added to one of the target's on the same site and delivery year), removals and accounts
        move to the target, the working areas are united, its name (and former names) become
        former names of the target, and its row goes. ``versies`` = (version of ``van_id``,
        version of ``naar_id``): :class:`Conflict` when either changed. Administrators only.
        The audit log records both corporations and one entry per table of moved records."""
        item = f"samenvoegen van corporatie {van_id} met {naar_id}"
        eis(self._audit.account, Actie.CORPORATIES, item=item)
        if len(versies) != 2:
            raise ValidatieFout(
                [Probleem("versies", list(versies), "twee versies: van VAN en van NAAR", item)]
            )
        if van_id == naar_id:
            raise ValidatieFout(
                [
                    Probleem(
                        "naar",
                        naar_id,
                        "een corporatie kan niet met zichzelf worden samengevoegd; kies een "
                        "andere corporatie",
                        item,
                    )
                ]
            )
        with self._db.schrijven() as conn:
            van = self._versies.lees(conn, van_id)
            naar = self._versies.lees(conn, naar_id)
            self._versies.controleer(van, versies[0])
            self._versies.controleer(naar, versies[1])
            toewijzingen = self._verplaats_toewijzingen(conn, van_id, naar_id)
            onttrekkingen = self._verplaats(conn, t.onttrekking, van_id, naar_id)
            accounts = self._verplaats(conn, t.account, van_id, naar_id)
            bijdragen = self._verplaats_bijdragen(conn, van_id, naar_id)
            meldingen = self._verplaats_meldingen(conn, van_id, naar_id)
            conn.execute(
                update(t.corporatienaam)
                .where(t.corporatienaam.c.corporatie == van_id)
                .values(corporatie=naar_id)
            )
            self._bewaar_eerdere_naam(conn, van.naam, naar_id)
            self._versies.verwijder(conn, van, versies[0])
            nieuw = replace(
                naar,
                gemeenten=sorted({*naar.gemeenten, *van.gemeenten}),
                eerdere_namen=self._eerdere(conn, naar_id),
            )
            nieuw = self._versies.werk_bij(
                conn, naar, versies[1], corporatie_naar_rij(nieuw), nieuw
            )
            self._schrijf_werkgebied(conn, nieuw)
            sleutel = f"{van_id}>{naar_id}"
            for tabel, ids in (
                ("toewijzing", toewijzingen),
                ("onttrekking", onttrekkingen),
                ("account", accounts),
                ("bijdrage", bijdragen),
                ("geinformeerd", meldingen),
            ):
                if ids:
                    self._audit.schrijf(
                        conn,
                        tabel,
                        sleutel,
                        "samengevoegd",
                        {"corporatie": van.naam, "corporatie_id": van_id},
                        {"corporatie": naar.naam, "corporatie_id": naar_id, "ids": ids},
                    )
        return Samenvoeging(nieuw, toewijzingen, onttrekkingen, accounts)

    def _verplaats(self, conn: Connection, tabel: Any, van_id: int, naar_id: int) -> list[int]:
        """Point every row of ``tabel`` that names corporation ``van_id`` at ``naar_id``."""
        ids = sorted(conn.execute(select(tabel.c.id).where(tabel.c.corporatie == van_id)).scalars())
        if ids:
            conn.execute(
                update(tabel).where(tabel.c.corporatie == van_id).values(corporatie=naar_id)
            )
        return ids

    def _verplaats_bijdragen(self, conn: Connection, van_id: int, naar_id: int) -> list[int]:
        """Move ``van_id``'s contributions to cases to ``naar_id``; where the target has its own
        contribution to the same case already (one per party per case), the two are joined: the
        texts one after the other, the amounts added, and the moved row goes."""
        c = t.bijdrage.c
        doel = {
            r.casus: r
            for r in conn.execute(
                select(c.id, c.casus, c.wat, c.bedrag).where(c.corporatie == naar_id)
            )
        }
        ids: list[int] = []
        for r in conn.execute(
            select(c.id, c.casus, c.wat, c.bedrag).where(c.corporatie == van_id)
        ).all():
            ids.append(r.id)
            samen = doel.get(r.casus)
            if samen is None:
                conn.execute(
                    update(t.bijdrage)
                    .where(c.id == r.id)
                    .values(corporatie=naar_id, partijsleutel=f"corporatie:{naar_id}")
                )
                continue
            bedragen = [b for b in (samen.bedrag, r.bedrag) if b is not None]
            conn.execute(
                update(t.bijdrage)
                .where(c.id == samen.id)
                .values(
                    wat=f"{samen.wat}\n{r.wat}",
                    bedrag=sum(bedragen) if bedragen else None,
                    versie=c.versie + 1,
                )
            )
            conn.execute(delete(t.bijdrage).where(c.id == r.id))
        return sorted(ids)

    def _verplaats_meldingen(self, conn: Connection, van_id: int, naar_id: int) -> list[int]:
        """Move ``van_id``'s marks "huurdersorganisatie geïnformeerd" to ``naar_id``; where the
        target has its own mark in the same municipality already, that one stays and the moved
        one goes."""
        c = t.geinformeerd.c
        doel = set(conn.execute(select(c.gemeente).where(c.corporatie == naar_id)).scalars())
        ids: list[int] = []
        for r in conn.execute(select(c.id, c.gemeente).where(c.corporatie == van_id)).all():
            ids.append(r.id)
            if r.gemeente in doel:
                conn.execute(delete(t.geinformeerd).where(c.id == r.id))
            else:
                conn.execute(update(t.geinformeerd).where(c.id == r.id).values(corporatie=naar_id))
        return sorted(ids)

    def _verplaats_toewijzingen(self, conn: Connection, van_id: int, naar_id: int) -> list[int]:
        """Move the assignments of ``van_id`` to ``naar_id``; where the target has one on the
        same site and delivery year already, the units are added to it (a site holds one
        assignment per corporation and year) and the moved row goes."""
        c = t.toewijzing.c
        doel = {
            (r.locatie, r.oplevering): r.id
            for r in conn.execute(
                select(c.id, c.locatie, c.oplevering).where(c.corporatie == naar_id)
            )
        }
        ids: list[int] = []
        for r in conn.execute(
            select(c.id, c.locatie, c.daeb, c.oplevering).where(c.corporatie == van_id)
        ).all():
            ids.append(r.id)
            samen = doel.get((r.locatie, r.oplevering))
            if samen is None:
                conn.execute(update(t.toewijzing).where(c.id == r.id).values(corporatie=naar_id))
            else:
                conn.execute(update(t.toewijzing).where(c.id == samen).values(daeb=c.daeb + r.daeb))
                conn.execute(delete(t.toewijzing).where(c.id == r.id))
        return sorted(ids)

    def importeer(
        self,
        corporaties: Sequence[Corporatie],
        labels: Sequence[str | None] | None = None,
        droog: bool = False,
    ) -> dict[str, int]:
        """Add or update many corporations in ONE transaction: all or nothing. A name that
        exists (now or as a former name) gets the working area (and the code, when given) of
        the row instead of a double. Every problem at once as :class:`ValidatieFout` (``item``
        = ``labels[i]``); ``droog`` checks and counts, then rolls back. Administrators only."""
        eis(
            self._audit.account,
            Actie.CORPORATIES,
            item=f"import van {len(corporaties)} corporaties",
        )
        labels = list(labels or [None] * len(corporaties))
        uitslag = {"toegevoegd": 0, "gewijzigd": 0, "ongewijzigd": 0}
        with self._db.schrijven(droog=droog) as conn:
            problemen: list[Probleem] = []
            plan: list[tuple[Corporatie | None, Corporatie]] = []
            gezien: dict[int | str, str] = {}
            for i, (c, label) in enumerate(zip(corporaties, labels, strict=True), start=1):
                bestaand = self._met_naam(conn, c.naam)
                sleutel = c.naam if bestaand is None else bestaand.id
                eerder = gezien.setdefault(sleutel, label or f"rij {i}")  # type: ignore[arg-type]
                if eerder != (label or f"rij {i}"):
                    wie = "" if bestaand is None else f" (nu {bestaand.naam!r})"
                    problemen.append(
                        Probleem(
                            "naam",
                            c.naam,
                            f"dezelfde corporatie{wie} als {eerder}; één rij per corporatie",
                            label,
                        )
                    )
                    continue
                if bestaand is None:
                    nieuw = replace(c, id=None, versie=None, eerdere_namen=[])
                else:
                    nieuw = replace(
                        bestaand,
                        gemeenten=sorted(set(c.gemeenten)),
                        code=bestaand.code if c.code is None else c.code,
                    )
                problemen.extend(self._problemen(conn, nieuw, label))
                plan.append((bestaand, nieuw))
            gooi_als_problemen(problemen)
            for bestaand, nieuw in plan:
                if bestaand is None:
                    self._voeg_toe(conn, nieuw)
                    uitslag["toegevoegd"] += 1
                elif nieuw == bestaand:
                    uitslag["ongewijzigd"] += 1
                else:
                    self._werk_bij(conn, bestaand, bestaand.versie, nieuw)  # type: ignore[arg-type]
                    uitslag["gewijzigd"] += 1
        return uitslag
