"""Sites with their assignments to corporations (tables ``locatie`` and ``toewijzing``).

A site's municipality and position (``ligging``) are derived from its geometry and the stored
boundaries when it is saved, and again when the boundaries change. Sites carry an
optimistic-lock ``versie``. The bulk import adds or updates many sites in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, replace
from datetime import datetime
from typing import Any

import shapely
from sqlalchemy import Connection, Select, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..domein.ligging import Grenzen
from ..domein.model import (
    HARDE_STATUSSEN,
    SEGMENTEN,
    ZACHTE_STATUSSEN,
    Locatie,
    Toewijzing,
    gooi_als_problemen,
    hardheid,
    valideer_geometrie,
    valideer_locatie,
)
from ..domein.rechten import (
    Actie,
    eis_locatie,
    eis_wijziging_locatie,
    gooi_als_geen_toegang,
    rechtenprobleem,
)
from ..errors import Conflict, NietGevonden, Probleem, ValidatieFout
from . import schema as t
from .corporaties import CorporatiesRepository
from .database import Database, delen, nu, tel, utc
from .gemeenten import GemeentenRepository
from .geometrie import normaliseer_geometrie
from .wijzigingen import Auditlog

__all__ = [
    "LocatiesRepository",
    "locatie_naar_auditlog",
    "locatie_naar_rij",
    "locatie_uit_rij",
    "toewijzing_naar_rij",
    "toewijzing_uit_rij",
]

#: The stored fields of a site besides its geometry and bookkeeping (id, versie, times).
_LOCATIE_VELDEN = [
    "bron_id",
    "naam",
    "gemeente",
    "ligging",
    "status",
    "fase",
    *SEGMENTEN,
    "start",
    "oplevering",
    "opmerking",
]

#: Fields a change may not set: derived or kept by the store.
_AFGELEID = {"id", "versie", "aangemaakt", "gewijzigd", "ligging", "hardheid"}

#: Geometries closer than this (metres, per vertex) count as unchanged on re-import.
_GELIJK_M = 0.001


def _velden(loc: Locatie) -> dict[str, Any]:
    return {k: getattr(loc, k) for k in _LOCATIE_VELDEN}


def locatie_naar_rij(loc: Locatie) -> dict[str, Any]:
    """The ``locatie`` columns of a checked site (without id, versie and times)."""
    minx, miny, maxx, maxy = loc.geometry.bounds
    rij = _velden(loc)
    rij.update(geom=loc.geometry, minx=minx, miny=miny, maxx=maxx, maxy=maxy)
    return rij


def locatie_uit_rij(rij: Mapping[str, Any], toewijzingen: list[Toewijzing]) -> Locatie:
    """A ``locatie`` row (with or without ``geom``) and its assignments as a :class:`Locatie`."""
    return Locatie(
        geometry=rij.get("geom"),
        toewijzingen=toewijzingen,
        id=rij["id"],
        versie=rij["versie"],
        aangemaakt=utc(rij["aangemaakt"]),
        gewijzigd=utc(rij["gewijzigd"]),
        **{k: rij[k] for k in _LOCATIE_VELDEN},
    )


def toewijzing_naar_rij(locatie_id: int, tw: Toewijzing, corporatie_id: int) -> dict[str, Any]:
    """The ``toewijzing`` row of an assignment of site ``locatie_id``."""
    return {
        "locatie": locatie_id,
        "corporatie": corporatie_id,
        "daeb": tw.daeb,
        "oplevering": tw.oplevering,
    }


def toewijzing_uit_rij(rij: Mapping[str, Any]) -> Toewijzing:
    """A ``toewijzing`` row joined with its corporation's ``naam`` as a :class:`Toewijzing`."""
    return Toewijzing(rij["naam"], rij["daeb"], rij["oplevering"], rij["id"], rij["locatie"])


def locatie_naar_auditlog(loc: Locatie) -> dict[str, Any]:
    """A site as the audit log records it (and a :class:`Conflict` shows it)."""
    d = _velden(loc)
    d["geometry"] = loc.geometry
    d["toewijzingen"] = [
        {"corporatie": tw.corporatie, "daeb": tw.daeb, "oplevering": tw.oplevering}
        for tw in loc.toewijzingen
    ]
    d["versie"] = loc.versie
    return d


def _zelfde_locatie(oud: Locatie, nieuw: Locatie) -> bool:
    """Whether an import would change nothing about a stored site."""
    if any(getattr(oud, k) != getattr(nieuw, k) for k in _LOCATIE_VELDEN):
        return False
    if not shapely.equals_exact(oud.geometry, nieuw.geometry, tolerance=_GELIJK_M):
        return False

    def toew(loc: Locatie) -> list[tuple[Any, ...]]:
        return sorted(
            (tw.corporatie, tw.daeb, -1 if tw.oplevering is None else tw.oplevering)
            for tw in loc.toewijzingen
        )

    return toew(oud) == toew(nieuw)


def _met_label(fout: ValidatieFout, label: str | None) -> list[Probleem]:
    if label is None:
        return fout.problemen
    return [Probleem(p.veld, p.waarde, p.melding, label) for p in fout.problemen]


def _import_afgekeurd(problemen: list[Probleem]) -> ValidatieFout:
    return ValidatieFout(
        problemen,
        f"Niets opgeslagen: {len(problemen)} probleem/problemen in de import: "
        + "; ".join(str(p) for p in problemen[:10])
        + (f"; en nog {len(problemen) - 10}" if len(problemen) > 10 else ""),
    )


class LocatiesRepository:
    """Sites and their assignments."""

    def __init__(
        self,
        db: Database,
        audit: Auditlog,
        gemeenten: GemeentenRepository,
        corporaties: CorporatiesRepository,
    ) -> None:
        self._db = db
        self._audit = audit
        self._gemeenten = gemeenten
        self._corporaties = corporaties
        gemeenten.volg_grenzen(self.herbereken_liggingen)

    # ------------------------------------------------------------------ checks

    def _controleer(
        self, conn: Connection, loc: Locatie, eigen_id: int | None
    ) -> tuple[Locatie, dict[str, int]]:
        """Validate, derive municipality and position, resolve corporations; raise on problems."""
        problemen = valideer_locatie(loc)
        gooi_als_problemen(problemen)
        item = f"locatie {loc.bron_id or loc.naam!r}"
        geom = normaliseer_geometrie(loc.geometry)
        ligging = self._gemeenten.grenzen(conn).bepaal(geom, loc.gemeente)
        gemeente = ligging.gemeente
        if ligging.ligging == "onbekend" and gemeente is not None:
            bekend = self._gemeenten.codes(conn)
            if gemeente not in bekend:
                problemen.append(
                    Probleem(
                        "gemeente",
                        gemeente,
                        "onbekende gemeentecode; bekend zijn " + ", ".join(sorted(bekend)),
                        item,
                    )
                )
        ids = self._corporaties.ids(conn)
        for tw in loc.toewijzingen:
            if tw.corporatie not in ids:
                problemen.append(
                    Probleem(
                        "corporatie",
                        tw.corporatie,
                        "onbekende corporatie; bekend zijn " + ", ".join(sorted(ids)),
                        item,
                    )
                )
        if loc.bron_id is not None:
            q = select(t.locatie.c.id).where(t.locatie.c.bron_id == loc.bron_id)
            q = q.where(
                t.locatie.c.gemeente.is_(None)
                if gemeente is None
                else t.locatie.c.gemeente == gemeente
            )
            if eigen_id is not None:
                q = q.where(t.locatie.c.id != eigen_id)
            dubbel = conn.execute(q).scalar()
            if dubbel is not None:
                problemen.append(
                    Probleem(
                        "bron_id",
                        loc.bron_id,
                        f"bestaat al in gemeente {gemeente} (locatie {dubbel}); bron_id is uniek per gemeente",
                        item,
                    )
                )
        gooi_als_problemen(problemen)
        return replace(loc, geometry=geom, gemeente=gemeente, ligging=ligging.ligging), ids

    # ------------------------------------------------------------------ writes

    @staticmethod
    def _nieuwe_rij(loc: Locatie, tijd: datetime) -> dict[str, Any]:
        return {"aangemaakt": tijd, "gewijzigd": tijd, "versie": 1, **locatie_naar_rij(loc)}

    @staticmethod
    def _als_nieuw(loc: Locatie, locatie_id: int, tijd: datetime) -> Locatie:
        return replace(loc, id=locatie_id, versie=1, aangemaakt=tijd, gewijzigd=tijd)

    def _schrijf_toewijzingen(
        self, conn: Connection, locatie_id: int, loc: Locatie, ids: Mapping[str, int]
    ) -> None:
        conn.execute(delete(t.toewijzing).where(t.toewijzing.c.locatie == locatie_id))
        for tw in loc.toewijzingen:
            conn.execute(
                insert(t.toewijzing).values(toewijzing_naar_rij(locatie_id, tw, ids[tw.corporatie]))
            )

    def _werk_bij(
        self,
        conn: Connection,
        oud: Locatie,
        nieuw: Locatie,
        ids: Mapping[str, int],
        tijd: datetime,
    ) -> Locatie:
        """Write checked ``nieuw`` over ``oud`` if it is still at ``oud.versie``; log it."""
        res = conn.execute(
            update(t.locatie)
            .where(t.locatie.c.id == oud.id, t.locatie.c.versie == oud.versie)
            .values(gewijzigd=tijd, versie=oud.versie + 1, **locatie_naar_rij(nieuw))
        )
        if res.rowcount != 1:  # a concurrent writer committed first (PostgreSQL row lock)
            raise Conflict(f"Locatie {oud.id} is intussen gewijzigd door een ander")
        self._schrijf_toewijzingen(conn, oud.id, nieuw, ids)
        nieuw = replace(nieuw, id=oud.id, versie=oud.versie + 1, gewijzigd=tijd)
        self._audit.schrijf(
            conn,
            "locatie",
            oud.id,
            "gewijzigd",
            locatie_naar_auditlog(oud),
            locatie_naar_auditlog(nieuw),
        )
        return nieuw

    def voeg_toe(self, locatie: Locatie) -> Locatie:
        """Validate and store a new site; returns it with id, municipality, position and version."""
        with self._db.schrijven() as conn:
            loc, ids = self._controleer(conn, locatie, None)
            eis_locatie(self._audit.account, loc)
            tijd = nu()
            try:
                lid = conn.execute(
                    insert(t.locatie).values(**self._nieuwe_rij(loc, tijd))
                ).inserted_primary_key[0]
            except IntegrityError as e:  # a concurrent writer took the same bron_id
                raise ValidatieFout(
                    [
                        Probleem(
                            "bron_id",
                            loc.bron_id,
                            "bestaat al in deze gemeente",
                            f"locatie {loc.naam!r}",
                        )
                    ]
                ) from e
            self._schrijf_toewijzingen(conn, lid, loc, ids)
            loc = self._als_nieuw(loc, lid, tijd)
            self._audit.schrijf(
                conn, "locatie", lid, "toegevoegd", None, locatie_naar_auditlog(loc)
            )
        return loc

    def wijzig(self, locatie_id: int, wijzigingen: Mapping[str, Any], versie: int) -> Locatie:
        """Change fields of a site that is still at ``versie``; :class:`Conflict` when it is not.
        ``gemeente`` and ``ligging`` are derived again from the geometry."""
        verboden = sorted(set(wijzigingen) & _AFGELEID)
        if verboden:
            raise ValidatieFout(
                [
                    Probleem(
                        k,
                        wijzigingen[k],
                        "kan niet worden gewijzigd (wordt afgeleid of bijgehouden)",
                    )
                    for k in verboden
                ]
            )
        with self._db.schrijven() as conn:
            oud = self._een(conn, locatie_id)
            if oud.versie != versie:
                raise Conflict(
                    f"Locatie {locatie_id} ({oud.naam!r}) is intussen gewijzigd door een ander "
                    f"(versie {oud.versie}, uw wijziging is gebaseerd op versie {versie}); "
                    "laad de locatie opnieuw en voer uw wijziging opnieuw in",
                    huidig=locatie_naar_auditlog(oud) | {"id": oud.id},
                )
            basis = {f.name: getattr(oud, f.name) for f in fields(Locatie)}
            basis.update(wijzigingen)
            basis["toewijzingen"] = [
                tw if isinstance(tw, Toewijzing) else Toewijzing(**tw)
                for tw in basis["toewijzingen"]
            ]
            nieuw, ids = self._controleer(conn, Locatie(**basis), locatie_id)
            eis_wijziging_locatie(self._audit.account, oud, nieuw)
            return self._werk_bij(conn, oud, nieuw, ids, nu())

    def verwijder(self, locatie_id: int, versie: int) -> None:
        """Delete a site that is still at ``versie`` (with its assignments)."""
        with self._db.schrijven() as conn:
            oud = self._een(conn, locatie_id)
            eis_locatie(self._audit.account, oud)
            if oud.versie != versie:
                raise Conflict(
                    f"Locatie {locatie_id} ({oud.naam!r}) is intussen gewijzigd (versie {oud.versie}, "
                    f"u verwijdert versie {versie}); bekijk de wijziging voordat u verwijdert",
                    huidig=locatie_naar_auditlog(oud) | {"id": oud.id},
                )
            conn.execute(delete(t.toewijzing).where(t.toewijzing.c.locatie == locatie_id))
            conn.execute(delete(t.locatie).where(t.locatie.c.id == locatie_id))
            self._audit.schrijf(
                conn, "locatie", locatie_id, "verwijderd", locatie_naar_auditlog(oud), None
            )

    def herbereken_liggingen(self, conn: Connection, grenzen: Grenzen) -> int:
        """Derive every site's municipality and position again after the boundaries changed.

        A changed site gets a new version (a planner holding the old one gets a conflict) and
        an audit-log entry ``herberekend``. Returns the number of changed sites.
        """
        rijen = conn.execute(
            select(
                t.locatie.c.id,
                t.locatie.c.geom,
                t.locatie.c.gemeente,
                t.locatie.c.ligging,
                t.locatie.c.versie,
            )
        ).all()
        aantal = 0
        for lid, geom, gemeente, ligging, versie in rijen:
            nieuw = grenzen.bepaal(geom, gemeente)
            if (nieuw.gemeente, nieuw.ligging) == (gemeente, ligging):
                continue
            try:
                with conn.begin_nested():
                    conn.execute(
                        update(t.locatie)
                        .where(t.locatie.c.id == lid)
                        .values(
                            gemeente=nieuw.gemeente,
                            ligging=nieuw.ligging,
                            versie=versie + 1,
                            gewijzigd=nu(),
                        )
                    )
            except IntegrityError as e:
                raise ValidatieFout(
                    [
                        Probleem(
                            "gemeente",
                            nieuw.gemeente,
                            "na het bijwerken van de grenzen zou deze locatie een bron_id delen "
                            "met een andere locatie in dezelfde gemeente; pas een van beide bron_ids aan",
                            f"locatie {lid}",
                        )
                    ]
                ) from e
            self._audit.schrijf(
                conn,
                "locatie",
                lid,
                "herberekend",
                {"gemeente": gemeente, "ligging": ligging, "versie": versie},
                {"gemeente": nieuw.gemeente, "ligging": nieuw.ligging, "versie": versie + 1},
            )
            aantal += 1
        return aantal

    # ------------------------------------------------------------------ reads

    def lees(self, locatie_id: int) -> Locatie:
        """One site with its assignments; :class:`NietGevonden` when it does not exist."""
        with self._db.lezen() as conn:
            return self._een(conn, locatie_id)

    def _een(self, conn: Connection, locatie_id: int) -> Locatie:
        gevonden = self._lees(conn, select(t.locatie).where(t.locatie.c.id == locatie_id))
        if not gevonden:
            raise NietGevonden(f"Locatie {locatie_id} bestaat niet (meer)")
        return gevonden[0]

    def _lees(self, conn: Connection, q: Select[Any]) -> list[Locatie]:
        """The sites a query on ``locatie`` selects, with their assignments."""
        rijen = conn.execute(q).mappings().all()
        if not rijen:
            return []
        toew: dict[int, list[Toewijzing]] = {}
        for deel in delen([r["id"] for r in rijen]):
            for r in conn.execute(
                select(t.toewijzing, t.corporatie.c.naam)
                .join(t.corporatie, t.corporatie.c.id == t.toewijzing.c.corporatie)
                .where(t.toewijzing.c.locatie.in_(deel))
                .order_by(t.toewijzing.c.id)
            ).mappings():
                toew.setdefault(r["locatie"], []).append(toewijzing_uit_rij(r))
        return [locatie_uit_rij(r, toew.get(r["id"], [])) for r in rijen]

    def lijst(
        self,
        gemeente: str | Iterable[str] | None = None,
        corporatie: str | None = None,
        hardheid: str | None = None,
        status: Iterable[str] | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        bron_id: str | None = None,
        ids: Iterable[int] | None = None,
        met_geometrie: bool = True,
    ) -> list[Locatie]:
        """Sites by filters (see :meth:`Store.locaties`), in id order."""
        kolommen = [c for c in t.locatie.c if met_geometrie or c.name != "geom"]
        q = select(*kolommen).order_by(t.locatie.c.id)
        if ids is not None:
            q = q.where(t.locatie.c.id.in_(list(ids)))
        if gemeente is not None:
            codes = [gemeente] if isinstance(gemeente, str) else list(gemeente)
            q = q.where(t.locatie.c.gemeente.in_(codes))
        if hardheid is not None:
            if hardheid not in ("hard", "zacht"):
                raise ValidatieFout(
                    [Probleem("hardheid", hardheid, "toegestaan zijn hard en zacht")]
                )
            q = q.where(
                t.locatie.c.status.in_(
                    sorted(HARDE_STATUSSEN if hardheid == "hard" else ZACHTE_STATUSSEN)
                )
            )
        if status is not None:
            q = q.where(t.locatie.c.status.in_(list(status)))
        if bbox is not None:
            minx, miny, maxx, maxy = bbox
            q = q.where(
                t.locatie.c.maxx >= minx,
                t.locatie.c.minx <= maxx,
                t.locatie.c.maxy >= miny,
                t.locatie.c.miny <= maxy,
            )
        if bron_id is not None:
            q = q.where(t.locatie.c.bron_id == bron_id)
        if corporatie is not None:
            q = q.where(
                t.locatie.c.id.in_(
                    select(t.toewijzing.c.locatie)
                    .join(t.corporatie, t.corporatie.c.id == t.toewijzing.c.corporatie)
                    .where(t.corporatie.c.naam == corporatie)
                )
            )
        with self._db.lezen() as conn:
            return self._lees(conn, q)

    def gdf(self, **filters: Any) -> Any:
        """Sites (filters as :meth:`lijst`) as a GeoDataFrame (see :meth:`Store.locaties_gdf`)."""
        import geopandas as gpd

        locs = self.lijst(**filters)
        kolommen = ["id", *_LOCATIE_VELDEN, "hardheid", "corporaties", "daeb_nt", "versie"]
        rijen = []
        for loc in locs:
            rij = {"id": loc.id, **_velden(loc), "versie": loc.versie}
            rij["hardheid"] = hardheid(loc.status)
            rij["corporaties"] = "; ".join(dict.fromkeys(tw.corporatie for tw in loc.toewijzingen))
            rij["daeb_nt"] = loc.daeb_niet_toegewezen
            rijen.append(rij)
        return gpd.GeoDataFrame(
            rijen, columns=kolommen, geometry=[loc.geometry for loc in locs], crs="EPSG:28992"
        )

    def ids(self, conn: Connection) -> set[int]:
        """The ids of all sites."""
        return set(conn.execute(select(t.locatie.c.id)).scalars())

    def bestaat(self, conn: Connection, locatie_id: int) -> bool:
        """Whether site ``locatie_id`` exists."""
        q = select(t.locatie.c.id).where(t.locatie.c.id == locatie_id)
        return conn.execute(q).first() is not None

    def op_bron_id(
        self, conn: Connection, bron_ids: Iterable[str]
    ) -> dict[str, list[tuple[int, str | None]]]:
        """``(id, gemeente)`` of the sites with these supplier ids, per supplier id, in id order."""
        gevonden: dict[str, list[tuple[int, str | None]]] = {}
        for deel in delen(sorted(set(bron_ids))):
            for lid, bron_id, gemeente in conn.execute(
                select(t.locatie.c.id, t.locatie.c.bron_id, t.locatie.c.gemeente)
                .where(t.locatie.c.bron_id.in_(deel))
                .order_by(t.locatie.c.id)
            ):
                gevonden.setdefault(bron_id, []).append((lid, gemeente))
        return gevonden

    def tel(self, conn: Connection) -> dict[str, int]:
        """Number of sites and of assignments."""
        return {"locatie": tel(conn, t.locatie), "toewijzing": tel(conn, t.toewijzing)}

    # ------------------------------------------------------------------ bulk import

    def importeer(
        self,
        locaties: Sequence[Locatie],
        droog: bool = False,
        velden: Iterable[str] | None = None,
        labels: Sequence[str | None] | None = None,
    ) -> dict[str, Any]:
        """Add or update many sites in ONE transaction, begun, committed or (``droog``, or any
        problem) rolled back here; see :meth:`Store.importeer_locaties`."""
        locaties = list(locaties)
        labels = list(labels) if labels is not None else [None] * len(locaties)
        try:
            with self._db.schrijven(droog) as conn:
                klaar = self._controleer_import(conn, locaties, velden, labels)
                uitslag = self._schrijf_import(conn, klaar, droog)
        except IntegrityError as e:  # pragma: no cover - a concurrent writer took a bron_id
            raise ValidatieFout(
                [
                    Probleem(
                        "bron_id", None, "is intussen door een ander toegevoegd; probeer opnieuw"
                    )
                ]
            ) from e
        return uitslag

    def _controleer_import(
        self,
        conn: Connection,
        locaties: list[Locatie],
        velden: Iterable[str] | None,
        labels: list[str | None],
    ) -> list[tuple[Locatie, Mapping[str, int], Locatie | None]]:
        """Check every site of an import: (checked site, corporation ids, the stored site it
        updates or None); all problems at once as :class:`ValidatieFout`."""
        velden_set = None if velden is None else set(velden)
        problemen: list[Probleem] = []
        grenzen = self._gemeenten.grenzen(conn)
        bron_ids = sorted({loc.bron_id for loc in locaties if loc.bron_id})
        bestaand: dict[tuple[str | None, str], Locatie] = {}
        for deel in delen(bron_ids):
            for oud in self._lees(conn, select(t.locatie).where(t.locatie.c.bron_id.in_(deel))):
                bestaand[(oud.gemeente, oud.bron_id)] = oud  # type: ignore[index]
        gezien: dict[tuple[str | None, str], int] = {}
        klaar: list[tuple[Locatie, Mapping[str, int], Locatie | None]] = []
        for i, loc in enumerate(locaties):
            label = labels[i]
            oud = None
            if loc.bron_id and not valideer_geometrie(loc.geometry):
                code = grenzen.bepaal(normaliseer_geometrie(loc.geometry), loc.gemeente)
                sleutel = (code.gemeente, loc.bron_id)
                if sleutel in gezien:
                    problemen.append(
                        Probleem(
                            "bron_id",
                            loc.bron_id,
                            f"komt in deze import dubbel voor in gemeente {code.gemeente} "
                            f"(ook {labels[gezien[sleutel]] or gezien[sleutel] + 1}); "
                            "bron_id is uniek per gemeente",
                            label,
                        )
                    )
                    continue
                gezien[sleutel] = i
                oud = bestaand.get(sleutel)
            kandidaat = loc
            if oud is not None and velden_set is not None:
                basis = {f.name: getattr(oud, f.name) for f in fields(Locatie)}
                for k in velden_set | {"geometry"}:
                    basis[k] = getattr(loc, k)
                kandidaat = Locatie(**basis)
            try:
                nieuw, ids = self._controleer(
                    conn, replace(kandidaat, id=None), None if oud is None else oud.id
                )
            except ValidatieFout as fout:
                problemen.extend(_met_label(fout, label))
                continue
            if nieuw.ligging == "buiten":
                midden = nieuw.geometry.representative_point()
                problemen.append(
                    Probleem(
                        "geometry",
                        f"({midden.x:.0f}, {midden.y:.0f})",
                        "ligt buiten de regio "
                        + (
                            f"(grootste deel in {nieuw.gemeente})"
                            if nieuw.gemeente
                            else "(buiten alle geladen gemeentegrenzen)"
                        ),
                        label or f"locatie {loc.bron_id or loc.naam!r}",
                    )
                )
                continue
            recht = rechtenprobleem(
                self._audit.account,
                Actie.IMPORTEREN,
                label or f"locatie {loc.bron_id or loc.naam!r}",
                gemeenten=[nieuw.gemeente] + ([oud.gemeente] if oud is not None else []),
            )
            if recht is not None:
                problemen.append(recht)
                continue
            klaar.append((nieuw, ids, oud))
        if problemen:
            gooi_als_geen_toegang(self._audit.account, Actie.IMPORTEREN, problemen)
            raise _import_afgekeurd(problemen)
        return klaar

    def _schrijf_import(
        self,
        conn: Connection,
        klaar: list[tuple[Locatie, Mapping[str, int], Locatie | None]],
        droog: bool,
    ) -> dict[str, Any]:
        """Write checked import sites; the counts and per-site outcomes of the import."""
        uitslag: dict[str, Any] = {
            "toegevoegd": 0,
            "gewijzigd": 0,
            "ongewijzigd": 0,
            "uitkomsten": [],
            "ids": [],
            "gemeenten": [],
            "liggingen": [],
        }
        tijd = nu()
        # New sites in batches (one INSERT ... RETURNING per batch), then their
        # assignments and audit entries; updates one by one with the usual helpers.
        nieuwe = [nieuw for nieuw, _ids, oud in klaar if oud is None]
        nieuwe_ids: list[int] = []
        for deel in delen(nieuwe):
            nieuwe_ids.extend(
                conn.execute(
                    insert(t.locatie).returning(t.locatie.c.id, sort_by_parameter_order=True),
                    [self._nieuwe_rij(n, tijd) for n in deel],
                ).scalars()
            )
        toew_rijen: list[dict[str, Any]] = []
        log: list[tuple[str, Any, str, Any, Any]] = []
        volgende = iter(nieuwe_ids)
        for nieuw, ids, oud in klaar:
            uitslag["gemeenten"].append(nieuw.gemeente)
            uitslag["liggingen"].append(nieuw.ligging)
            if oud is None:
                lid = next(volgende)
                toew_rijen.extend(
                    toewijzing_naar_rij(lid, tw, ids[tw.corporatie]) for tw in nieuw.toewijzingen
                )
                nieuw = self._als_nieuw(nieuw, lid, tijd)
                log.append(("locatie", lid, "toegevoegd", None, locatie_naar_auditlog(nieuw)))
                uitslag["toegevoegd"] += 1
                uitslag["uitkomsten"].append("toegevoegd")
                uitslag["ids"].append(None if droog else lid)
                continue
            uitslag["ids"].append(oud.id)
            if _zelfde_locatie(oud, nieuw):
                uitslag["ongewijzigd"] += 1
                uitslag["uitkomsten"].append("ongewijzigd")
                continue
            self._werk_bij(conn, oud, nieuw, ids, tijd)
            uitslag["gewijzigd"] += 1
            uitslag["uitkomsten"].append("gewijzigd")
        if toew_rijen:
            conn.execute(insert(t.toewijzing), toew_rijen)
        self._audit.schrijf_alle(conn, log, tijd)
        return uitslag
