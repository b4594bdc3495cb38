"""The store: municipalities, corporations, sites, assignments, removals and bids in one database.

Embedded SQLite is the default; PostgreSQL/PostGIS works with the same code. Every write runs in
one transaction (``BEGIN IMMEDIATE`` on SQLite), is checked against the domain rules before
anything is written, carries an optimistic-lock version where items can be edited, and is
recorded in the audit log (table ``wijziging``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, fields, replace
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select
from sqlalchemy import delete as sa_delete
from sqlalchemy import update as sa_update
from sqlalchemy.exc import IntegrityError

from ..domein.ligging import Grenzen, Ligging
from ..domein.model import (
    SEGMENTEN,
    Bod,
    Corporatie,
    Gemeente,
    Locatie,
    Onttrekking,
    Toewijzing,
    gooi_als_problemen,
    hardheid,
    valideer_bod,
    valideer_corporatie,
    valideer_gemeente,
    valideer_locatie,
    valideer_onttrekking,
)
from ..domein.regio import Regio
from ..errors import ConfiguratieFout, Conflict, NietGevonden, Probleem, ValidatieFout
from . import schema as t

__all__ = ["Store", "normaliseer_geometrie"]

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


def _nu() -> datetime:
    nu = datetime.now(UTC)
    return nu.replace(microsecond=nu.microsecond // 1000 * 1000)


def _utc(waarde: datetime | None) -> datetime | None:
    if waarde is None:
        return None
    return waarde.replace(tzinfo=UTC) if waarde.tzinfo is None else waarde.astimezone(UTC)


def normaliseer_geometrie(geometrie: BaseGeometry) -> BaseGeometry:
    """2D, polygons with counter-clockwise exterior rings (as GeoPackage/PDOK expect)."""
    geometrie = shapely.force_2d(geometrie)
    if geometrie.geom_type in ("Polygon", "MultiPolygon"):
        geometrie = shapely.orient_polygons(geometrie, exterior_cw=False)
    return geometrie


def _json(waarde: Any) -> str:
    def omzetten(o: Any) -> Any:
        if isinstance(o, BaseGeometry):
            return shapely.to_wkt(o, rounding_precision=3)
        if isinstance(o, datetime | date):
            return o.isoformat()
        raise TypeError(type(o).__name__)

    return json.dumps(waarde, default=omzetten, ensure_ascii=False, sort_keys=True)


class _Terugdraaien(Exception):
    """Raised at the end of a dry-run transaction to roll it back."""


class Store:
    """Library API to the database. ``Store.open(url)`` creates or upgrades the schema."""

    def __init__(self, url: str, gebruiker: str = "systeem", **engine_opties: Any) -> None:
        self.url = url
        self.gebruiker = gebruiker
        self.engine: Engine = create_engine(url, **engine_opties)
        self._grenzen: tuple[Any, Grenzen] | None = None
        if self.engine.dialect.name == "sqlite":
            _sqlite_instellen(self.engine)

    # ------------------------------------------------------------------ life cycle

    @classmethod
    def open(cls, url: str, gebruiker: str = "systeem", migreer: bool = True) -> Store:
        """Open the database at ``url``; with ``migreer`` bring the schema to the newest version."""
        store = cls(url, gebruiker=gebruiker)
        if migreer:
            store.migreer()
        return store

    def als(self, gebruiker: str) -> Store:
        """The same database, with writes recorded in the audit log under ``gebruiker``."""
        ander = Store.__new__(Store)
        ander.__dict__.update(self.__dict__)
        ander.gebruiker = gebruiker
        return ander

    def migreer(self, revisie: str = "head") -> None:
        """Run the Alembic migrations up to ``revisie`` (default: the newest)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option(
            "script_location", str(resources.files("locatieplanner.store").joinpath("migrations"))
        )
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        with self._schrijven() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revisie)

    def schema_versie(self) -> str | None:
        """The Alembic revision the database is at (None when not initialised)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def sluit(self) -> None:
        """Close all pooled connections."""
        self.engine.dispose()

    @contextmanager
    def _schrijven(self, droog: bool = False) -> Iterator[Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite): all or nothing; ``droog``
        rolls it back at the end (a dry run)."""
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(schrijven=True)
                with conn.begin():
                    yield conn
                    if droog:
                        raise _Terugdraaien
        except _Terugdraaien:
            pass

    @contextmanager
    def _lezen(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def _log(
        self,
        conn: Connection,
        tabel: str,
        sleutel: Any,
        actie: str,
        oud: Any = None,
        nieuw: Any = None,
    ) -> None:
        conn.execute(
            insert(t.wijziging).values(
                tijd=_nu(),
                gebruiker=self.gebruiker,
                tabel=tabel,
                sleutel=str(sleutel),
                actie=actie,
                oud=None if oud is None else _json(oud),
                nieuw=None if nieuw is None else _json(nieuw),
            )
        )

    # ------------------------------------------------------------------ regio

    def zet_regio(self, regio: Regio) -> None:
        """Store the region and make sure each member municipality has a row."""
        leden = "\n".join(f"{c}={n}" for c, n in regio.gemeenten.items())
        waarden = {
            "van": regio.van,
            "tot": regio.tot,
            "doel_netto": regio.doel_netto,
            "gemeenten": leden,
        }
        with self._schrijven() as conn:
            bestaand = conn.execute(select(t.regio)).mappings().first()
            if bestaand is not None and bestaand["naam"] != regio.naam:
                raise ConfiguratieFout(
                    f"Deze database hoort bij regio {bestaand['naam']!r}, niet bij {regio.naam!r}"
                )
            if bestaand is None:
                conn.execute(insert(t.regio).values(naam=regio.naam, **waarden))
                self._log(conn, "regio", regio.naam, "toegevoegd", None, asdict(regio))
            elif {k: bestaand[k] for k in waarden} != waarden:
                conn.execute(
                    sa_update(t.regio).where(t.regio.c.naam == regio.naam).values(**waarden)
                )
                self._log(conn, "regio", regio.naam, "gewijzigd", dict(bestaand), asdict(regio))
            aanwezig = set(conn.execute(select(t.gemeente.c.gemeente)).scalars())
            for code, naam in regio.gemeenten.items():
                if code not in aanwezig:
                    conn.execute(
                        insert(t.gemeente).values(gemeente=code, naam=naam, gewijzigd=_nu())
                    )
                    self._log(conn, "gemeente", code, "toegevoegd", None, {"naam": naam})

    def regio(self) -> Regio:
        """The region of this database; :class:`ConfiguratieFout` when not initialised."""
        with self._lezen() as conn:
            rij = conn.execute(select(t.regio)).mappings().first()
        if rij is None:
            raise ConfiguratieFout(
                "De database heeft nog geen regio: voer eerst 'locatieplanner init' uit"
            )
        leden = dict(regel.split("=", 1) for regel in rij["gemeenten"].splitlines() if regel)
        return Regio(rij["naam"], rij["van"], rij["tot"], rij["doel_netto"], leden)

    # ------------------------------------------------------------------ gemeenten

    def bewaar_gemeenten(
        self, gemeenten: Iterable[Gemeente], bron: str | None = None
    ) -> dict[str, int]:
        """Insert or update municipalities (all or nothing); returns counts per outcome.

        A value that is None (geometry, stocks) leaves the stored value as it is.
        """
        gemeenten = list(gemeenten)
        problemen = [p for g in gemeenten for p in valideer_gemeente(g)]
        gooi_als_problemen(problemen)
        telling = {"toegevoegd": 0, "gewijzigd": 0, "ongewijzigd": 0}
        with self._schrijven() as conn:
            bestaand = {r["gemeente"]: dict(r) for r in conn.execute(select(t.gemeente)).mappings()}
            for g in gemeenten:
                waarden: dict[str, Any] = {"naam": g.naam}
                if g.geometry is not None:
                    waarden["geom"] = normaliseer_geometrie(g.geometry)
                for k in ("woningen", "doelgroep", "peiljaar"):
                    if getattr(g, k) is not None:
                        waarden[k] = getattr(g, k)
                if bron is not None:
                    waarden["bron"] = bron
                oud = bestaand.get(g.gemeente)
                if oud is None:
                    conn.execute(
                        insert(t.gemeente).values(gemeente=g.gemeente, gewijzigd=_nu(), **waarden)
                    )
                    self._log(conn, "gemeente", g.gemeente, "toegevoegd", None, waarden)
                    telling["toegevoegd"] += 1
                    continue
                veranderd = {
                    k: v
                    for k, v in waarden.items()
                    if not (
                        v.equals(oud[k])
                        if isinstance(v, BaseGeometry) and oud[k] is not None
                        else v == oud[k]
                    )
                }
                if not veranderd:
                    telling["ongewijzigd"] += 1
                    continue
                conn.execute(
                    sa_update(t.gemeente)
                    .where(t.gemeente.c.gemeente == g.gemeente)
                    .values(gewijzigd=_nu(), **veranderd)
                )
                self._log(
                    conn,
                    "gemeente",
                    g.gemeente,
                    "gewijzigd",
                    {k: oud[k] for k in veranderd},
                    veranderd,
                )
                telling["gewijzigd"] += 1
            self._grenzen = None
            if any(g.geometry is not None for g in gemeenten):
                telling["herberekend"] = self._herbereken_liggingen(conn)
        self._grenzen = None
        return telling

    def _herbereken_liggingen(self, conn: Connection) -> int:
        """Derive every site's municipality and position again after the boundaries changed.

        A changed site gets a new version (a planner holding the old one gets a conflict) and
        an audit-log entry ``herberekend``. Returns the number of changed sites.
        """
        grenzen = self._grenzen_laden(conn)
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
                        sa_update(t.locatie)
                        .where(t.locatie.c.id == lid)
                        .values(
                            gemeente=nieuw.gemeente,
                            ligging=nieuw.ligging,
                            versie=versie + 1,
                            gewijzigd=_nu(),
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
            self._log(
                conn,
                "locatie",
                lid,
                "herberekend",
                {"gemeente": gemeente, "ligging": ligging, "versie": versie},
                {"gemeente": nieuw.gemeente, "ligging": nieuw.ligging, "versie": versie + 1},
            )
            aantal += 1
        return aantal

    def gemeenten(
        self, codes: Iterable[str] | None = None, alleen_regio: bool = False
    ) -> list[Gemeente]:
        """Municipalities (with geometry where loaded), by code."""
        q = select(t.gemeente).order_by(t.gemeente.c.gemeente)
        if codes is not None:
            q = q.where(t.gemeente.c.gemeente.in_(list(codes)))
        elif alleen_regio:
            q = q.where(t.gemeente.c.gemeente.in_(self.regio().codes))
        with self._lezen() as conn:
            rijen = conn.execute(q).mappings().all()
        return [
            Gemeente(
                gemeente=r["gemeente"],
                naam=r["naam"],
                geometry=r["geom"],
                woningen=r["woningen"],
                doelgroep=r["doelgroep"],
                peiljaar=r["peiljaar"],
            )
            for r in rijen
        ]

    def gemeente(self, code: str) -> Gemeente:
        """One municipality; :class:`NietGevonden` when unknown."""
        gevonden = self.gemeenten([code])
        if not gevonden:
            raise NietGevonden(f"Gemeente {code!r} bestaat niet in deze database")
        return gevonden[0]

    def heeft_grenzen(self) -> bool:
        """Whether boundary polygons are loaded for the region's municipalities."""
        return not self._grenzen_laden().leeg

    def ligging(self, geometrie: BaseGeometry, gemeente: str | None = None) -> Ligging:
        """Municipality, position and area shares of a geometry (EPSG:28992) by the stored
        boundaries, as the store derives them when saving a site."""
        return self._grenzen_laden().bepaal(normaliseer_geometrie(geometrie), gemeente)

    def _grenzen_laden(self, conn: Connection | None = None) -> Grenzen:
        def lees(c: Connection) -> Grenzen:
            sleutel = c.execute(
                select(func.count(), func.max(t.gemeente.c.gewijzigd)).where(
                    t.gemeente.c.geom.is_not(None)
                )
            ).one()
            if self._grenzen is not None and self._grenzen[0] == tuple(sleutel):
                return self._grenzen[1]
            rijen = c.execute(
                select(t.gemeente.c.gemeente, t.gemeente.c.geom).where(
                    t.gemeente.c.geom.is_not(None)
                )
            ).all()
            regio = c.execute(select(t.regio.c.gemeenten)).scalar()
            leden = [r.split("=", 1)[0] for r in (regio or "").splitlines() if r]
            grenzen = Grenzen({code: geom for code, geom in rijen}, leden)
            self._grenzen = (tuple(sleutel), grenzen)
            return grenzen

        if conn is not None:
            return lees(conn)
        with self._lezen() as c:
            return lees(c)

    # ------------------------------------------------------------------ corporaties

    def bewaar_corporatie(self, corporatie: Corporatie) -> Corporatie:
        """Insert or update a corporation by name, with its working area."""
        gooi_als_problemen(valideer_corporatie(corporatie))
        with self._schrijven() as conn:
            onbekend = sorted(
                set(corporatie.gemeenten)
                - set(conn.execute(select(t.gemeente.c.gemeente)).scalars())
            )
            if onbekend:
                raise ValidatieFout(
                    [
                        Probleem(
                            "gemeenten",
                            c,
                            "onbekende gemeentecode",
                            f"corporatie {corporatie.naam!r}",
                        )
                        for c in onbekend
                    ]
                )
            oud = (
                conn.execute(select(t.corporatie).where(t.corporatie.c.naam == corporatie.naam))
                .mappings()
                .first()
            )
            if oud is None:
                cid = conn.execute(
                    insert(t.corporatie).values(naam=corporatie.naam, code=corporatie.code)
                ).inserted_primary_key[0]
                self._log(conn, "corporatie", cid, "toegevoegd", None, asdict(corporatie))
            else:
                cid = oud["id"]
                oude_gebieden = sorted(
                    conn.execute(
                        select(t.werkgebied.c.gemeente).where(t.werkgebied.c.corporatie == cid)
                    ).scalars()
                )
                if oud["code"] == corporatie.code and oude_gebieden == sorted(corporatie.gemeenten):
                    return replace(corporatie, id=cid)
                conn.execute(
                    sa_update(t.corporatie)
                    .where(t.corporatie.c.id == cid)
                    .values(code=corporatie.code)
                )
                conn.execute(sa_delete(t.werkgebied).where(t.werkgebied.c.corporatie == cid))
                self._log(
                    conn,
                    "corporatie",
                    cid,
                    "gewijzigd",
                    {"code": oud["code"], "gemeenten": oude_gebieden},
                    asdict(corporatie),
                )
            for code in dict.fromkeys(corporatie.gemeenten):
                conn.execute(insert(t.werkgebied).values(corporatie=cid, gemeente=code))
        return replace(corporatie, id=cid)

    def corporaties(self) -> list[Corporatie]:
        """All corporations by name, with their working areas."""
        with self._lezen() as conn:
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
        return [Corporatie(r["naam"], r["code"], gebieden.get(r["id"], []), r["id"]) for r in rijen]

    def _corporatie_ids(self, conn: Connection) -> dict[str, int]:
        return {
            naam: cid for cid, naam in conn.execute(select(t.corporatie.c.id, t.corporatie.c.naam))
        }

    # ------------------------------------------------------------------ locaties

    def _controleer_locatie(
        self, conn: Connection, loc: Locatie, eigen_id: int | None
    ) -> tuple[Locatie, dict[str, int]]:
        """Validate, derive municipality and position, resolve corporations; raise on problems."""
        problemen = valideer_locatie(loc)
        gooi_als_problemen(problemen)
        item = f"locatie {loc.bron_id or loc.naam!r}"
        geom = normaliseer_geometrie(loc.geometry)
        ligging = self._grenzen_laden(conn).bepaal(geom, loc.gemeente)
        gemeente = ligging.gemeente
        if ligging.ligging == "onbekend" and gemeente is not None:
            bekend = set(conn.execute(select(t.gemeente.c.gemeente)).scalars())
            if gemeente not in bekend:
                problemen.append(
                    Probleem(
                        "gemeente",
                        gemeente,
                        "onbekende gemeentecode; bekend zijn " + ", ".join(sorted(bekend)),
                        item,
                    )
                )
        ids = self._corporatie_ids(conn)
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

    def _rij(self, loc: Locatie) -> dict[str, Any]:
        minx, miny, maxx, maxy = loc.geometry.bounds
        rij = {k: getattr(loc, k) for k in _LOCATIE_VELDEN}
        rij.update(geom=loc.geometry, minx=minx, miny=miny, maxx=maxx, maxy=maxy)
        return rij

    def _schrijf_toewijzingen(
        self, conn: Connection, locatie_id: int, loc: Locatie, ids: Mapping[str, int]
    ) -> None:
        conn.execute(sa_delete(t.toewijzing).where(t.toewijzing.c.locatie == locatie_id))
        for tw in loc.toewijzingen:
            conn.execute(
                insert(t.toewijzing).values(
                    locatie=locatie_id,
                    corporatie=ids[tw.corporatie],
                    daeb=tw.daeb,
                    oplevering=tw.oplevering,
                )
            )

    @staticmethod
    def _audit_locatie(loc: Locatie) -> dict[str, Any]:
        d = {k: getattr(loc, k) for k in _LOCATIE_VELDEN}
        d["geometry"] = loc.geometry
        d["toewijzingen"] = [
            {"corporatie": tw.corporatie, "daeb": tw.daeb, "oplevering": tw.oplevering}
            for tw in loc.toewijzingen
        ]
        d["versie"] = loc.versie
        return d

    def voeg_locatie_toe(self, locatie: Locatie) -> Locatie:
        """Validate and store a new site; returns it with id, municipality, position and version."""
        with self._schrijven() as conn:
            loc, ids = self._controleer_locatie(conn, locatie, None)
            nu = _nu()
            try:
                lid = conn.execute(
                    insert(t.locatie).values(
                        aangemaakt=nu, gewijzigd=nu, versie=1, **self._rij(loc)
                    )
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
            loc = replace(loc, id=lid, versie=1, aangemaakt=nu, gewijzigd=nu)
            self._log(conn, "locatie", lid, "toegevoegd", None, self._audit_locatie(loc))
        return loc

    def wijzig_locatie(
        self, locatie_id: int, wijzigingen: Mapping[str, Any], versie: int
    ) -> Locatie:
        """Change fields of a site that is still at ``versie``; :class:`Conflict` when it is not.

        ``wijzigingen`` holds canonical field names (``geometry``, ``toewijzingen`` as a list of
        :class:`Toewijzing` or dicts replaces all assignments). ``gemeente`` and ``ligging`` are
        derived again from the geometry.
        """
        verboden = sorted(
            set(wijzigingen) & {"id", "versie", "aangemaakt", "gewijzigd", "ligging", "hardheid"}
        )
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
        with self._schrijven() as conn:
            oud = self._locatie(conn, locatie_id)
            if oud.versie != versie:
                raise Conflict(
                    f"Locatie {locatie_id} ({oud.naam!r}) is intussen gewijzigd door een ander "
                    f"(versie {oud.versie}, uw wijziging is gebaseerd op versie {versie}); "
                    "laad de locatie opnieuw en voer uw wijziging opnieuw in",
                    huidig=self._audit_locatie(oud) | {"id": oud.id},
                )
            basis = {f.name: getattr(oud, f.name) for f in fields(Locatie)}
            basis.update(wijzigingen)
            basis["toewijzingen"] = [
                tw if isinstance(tw, Toewijzing) else Toewijzing(**tw)
                for tw in basis["toewijzingen"]
            ]
            nieuw, ids = self._controleer_locatie(conn, Locatie(**basis), locatie_id)
            nu = _nu()
            res = conn.execute(
                sa_update(t.locatie)
                .where(t.locatie.c.id == locatie_id, t.locatie.c.versie == versie)
                .values(gewijzigd=nu, versie=versie + 1, **self._rij(nieuw))
            )
            if res.rowcount != 1:  # a concurrent writer committed first (PostgreSQL row lock)
                raise Conflict(f"Locatie {locatie_id} is intussen gewijzigd door een ander")
            self._schrijf_toewijzingen(conn, locatie_id, nieuw, ids)
            nieuw = replace(nieuw, versie=versie + 1, gewijzigd=nu)
            self._log(
                conn,
                "locatie",
                locatie_id,
                "gewijzigd",
                self._audit_locatie(oud),
                self._audit_locatie(nieuw),
            )
        return nieuw

    def verwijder_locatie(self, locatie_id: int, versie: int) -> None:
        """Delete a site that is still at ``versie`` (with its assignments)."""
        with self._schrijven() as conn:
            oud = self._locatie(conn, locatie_id)
            if oud.versie != versie:
                raise Conflict(
                    f"Locatie {locatie_id} ({oud.naam!r}) is intussen gewijzigd (versie {oud.versie}, "
                    f"u verwijdert versie {versie}); bekijk de wijziging voordat u verwijdert",
                    huidig=self._audit_locatie(oud) | {"id": oud.id},
                )
            conn.execute(sa_delete(t.toewijzing).where(t.toewijzing.c.locatie == locatie_id))
            conn.execute(sa_delete(t.locatie).where(t.locatie.c.id == locatie_id))
            self._log(conn, "locatie", locatie_id, "verwijderd", self._audit_locatie(oud), None)

    def locatie(self, locatie_id: int) -> Locatie:
        """One site with its assignments; :class:`NietGevonden` when it does not exist."""
        with self._lezen() as conn:
            return self._locatie(conn, locatie_id)

    def _locatie(self, conn: Connection, locatie_id: int) -> Locatie:
        gevonden = self._locaties(conn, select(t.locatie).where(t.locatie.c.id == locatie_id))
        if not gevonden:
            raise NietGevonden(f"Locatie {locatie_id} bestaat niet (meer)")
        return gevonden[0]

    def _locaties(self, conn: Connection, q: Any) -> list[Locatie]:
        rijen = conn.execute(q).mappings().all()
        if not rijen:
            return []
        ids = [r["id"] for r in rijen]
        toew: dict[int, list[Toewijzing]] = {}
        for i in range(0, len(ids), 500):
            for r in conn.execute(
                select(t.toewijzing, t.corporatie.c.naam)
                .join(t.corporatie, t.corporatie.c.id == t.toewijzing.c.corporatie)
                .where(t.toewijzing.c.locatie.in_(ids[i : i + 500]))
                .order_by(t.toewijzing.c.id)
            ).mappings():
                toew.setdefault(r["locatie"], []).append(
                    Toewijzing(r["naam"], r["daeb"], r["oplevering"], r["id"], r["locatie"])
                )
        met_geometrie = "geom" in rijen[0]
        return [
            Locatie(
                geometry=r["geom"] if met_geometrie else None,
                toewijzingen=toew.get(r["id"], []),
                id=r["id"],
                versie=r["versie"],
                aangemaakt=_utc(r["aangemaakt"]),
                gewijzigd=_utc(r["gewijzigd"]),
                **{k: r[k] for k in _LOCATIE_VELDEN},
            )
            for r in rijen
        ]

    def locaties(
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
        """Sites, filtered by municipality code(s), corporation name, ``hard``/``zacht``,
        statuses, bounding box (EPSG:28992 minx, miny, maxx, maxy), supplier id or site ids.
        Without ``met_geometrie`` the geometries are not read (None): much faster for counting."""
        from ..domein.model import HARDE_STATUSSEN, ZACHTE_STATUSSEN

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
        with self._lezen() as conn:
            return self._locaties(conn, q)

    def locaties_gdf(self, **filters: Any) -> Any:
        """Sites as a GeoDataFrame (EPSG:28992) with the canonical columns plus ``hardheid``,
        ``corporaties`` (names joined by ``; ``) and ``daeb_nt`` (DAEB not assigned)."""
        import geopandas as gpd

        locs = self.locaties(**filters)
        kolommen = ["id", *_LOCATIE_VELDEN, "hardheid", "corporaties", "daeb_nt", "versie"]
        rijen = []
        for loc in locs:
            rij = {k: getattr(loc, k) for k in ("id", *_LOCATIE_VELDEN, "versie")}
            rij["hardheid"] = hardheid(loc.status)
            rij["corporaties"] = "; ".join(dict.fromkeys(tw.corporatie for tw in loc.toewijzingen))
            rij["daeb_nt"] = loc.daeb_niet_toegewezen
            rijen.append(rij)
        return gpd.GeoDataFrame(
            rijen, columns=kolommen, geometry=[loc.geometry for loc in locs], crs="EPSG:28992"
        )

    # ------------------------------------------------------------------ onttrekkingen

    def voeg_onttrekking_toe(self, onttrekking: Onttrekking) -> Onttrekking:
        """Validate and store a removal from the target-group stock."""
        problemen = valideer_onttrekking(onttrekking)
        gooi_als_problemen(problemen)
        item = f"onttrekking {onttrekking.gemeente} {onttrekking.jaar}"
        with self._schrijven() as conn:
            if (
                conn.execute(
                    select(t.gemeente.c.gemeente).where(
                        t.gemeente.c.gemeente == onttrekking.gemeente
                    )
                ).first()
                is None
            ):
                problemen.append(
                    Probleem("gemeente", onttrekking.gemeente, "onbekende gemeentecode", item)
                )
            cid = None
            if onttrekking.corporatie is not None:
                cid = self._corporatie_ids(conn).get(onttrekking.corporatie)
                if cid is None:
                    problemen.append(
                        Probleem("corporatie", onttrekking.corporatie, "onbekende corporatie", item)
                    )
            if (
                onttrekking.locatie is not None
                and conn.execute(
                    select(t.locatie.c.id).where(t.locatie.c.id == onttrekking.locatie)
                ).first()
                is None
            ):
                problemen.append(
                    Probleem("locatie", onttrekking.locatie, "onbekende locatie-id", item)
                )
            gooi_als_problemen(problemen)
            oid = self._schrijf_onttrekking(conn, onttrekking, cid)
        return replace(onttrekking, id=oid)

    def _schrijf_onttrekking(
        self, conn: Connection, onttrekking: Onttrekking, corporatie_id: int | None
    ) -> int:
        """Insert a checked removal (version 1) and log it; its new id."""
        waarden = asdict(onttrekking)
        waarden.pop("id")
        waarden["corporatie"] = corporatie_id
        resultaat = conn.execute(insert(t.onttrekking).values(versie=1, **waarden))
        oid = resultaat.inserted_primary_key[0]
        self._log(conn, "onttrekking", oid, "toegevoegd", None, asdict(onttrekking))
        return oid

    def onttrekkingen(self, gemeente: str | None = None) -> list[Onttrekking]:
        """Removals, optionally of one municipality, ordered by municipality and year."""
        q = (
            select(t.onttrekking, t.corporatie.c.naam.label("corp_naam"))
            .outerjoin(t.corporatie, t.corporatie.c.id == t.onttrekking.c.corporatie)
            .order_by(t.onttrekking.c.gemeente, t.onttrekking.c.jaar, t.onttrekking.c.id)
        )
        if gemeente is not None:
            q = q.where(t.onttrekking.c.gemeente == gemeente)
        with self._lezen() as conn:
            rijen = conn.execute(q).mappings().all()
        return [
            Onttrekking(
                gemeente=r["gemeente"],
                jaar=r["jaar"],
                aantal=r["aantal"],
                soort=r["soort"],
                corporatie=r["corp_naam"],
                locatie=r["locatie"],
                opmerking=r["opmerking"],
                id=r["id"],
            )
            for r in rijen
        ]

    def verwijder_onttrekking(self, onttrekking_id: int) -> None:
        """Delete a removal."""
        with self._schrijven() as conn:
            oud = (
                conn.execute(select(t.onttrekking).where(t.onttrekking.c.id == onttrekking_id))
                .mappings()
                .first()
            )
            if oud is None:
                raise NietGevonden(f"Onttrekking {onttrekking_id} bestaat niet (meer)")
            conn.execute(sa_delete(t.onttrekking).where(t.onttrekking.c.id == onttrekking_id))
            self._log(conn, "onttrekking", onttrekking_id, "verwijderd", dict(oud), None)

    # ------------------------------------------------------------------ biedingen

    def bewaar_bod(self, bod: Bod) -> Bod:
        """Store a version of a municipality's bid; the same (gemeente, versie) is updated."""
        problemen = valideer_bod(bod)
        gooi_als_problemen(problemen)
        with self._schrijven() as conn:
            if (
                conn.execute(
                    select(t.gemeente.c.gemeente).where(t.gemeente.c.gemeente == bod.gemeente)
                ).first()
                is None
            ):
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
            waarden = {"datum": bod.datum, "daeb": bod.daeb, "opmerking": bod.opmerking}
            if oud is None:
                bid = conn.execute(
                    insert(t.bod).values(
                        gemeente=bod.gemeente, versie=bod.versie, aangemaakt=_nu(), **waarden
                    )
                ).inserted_primary_key[0]
                self._log(conn, "bod", bid, "toegevoegd", None, asdict(bod))
            else:
                bid = oud["id"]
                if {k: oud[k] for k in waarden} != waarden:
                    conn.execute(sa_update(t.bod).where(t.bod.c.id == bid).values(**waarden))
                    self._log(conn, "bod", bid, "gewijzigd", {k: oud[k] for k in waarden}, waarden)
        return replace(bod, id=bid)

    def biedingen(self, gemeente: str | None = None) -> list[Bod]:
        """All bid versions, per municipality oldest first (by date, then entry order)."""
        q = select(t.bod).order_by(t.bod.c.gemeente, t.bod.c.datum, t.bod.c.id)
        if gemeente is not None:
            q = q.where(t.bod.c.gemeente == gemeente)
        with self._lezen() as conn:
            rijen = conn.execute(q).mappings().all()
        return [
            Bod(r["gemeente"], r["versie"], r["datum"], r["daeb"], r["opmerking"], r["id"])
            for r in rijen
        ]

    def actuele_biedingen(self) -> dict[str, Bod]:
        """The newest bid version per municipality (the one that counts)."""
        actueel: dict[str, Bod] = {}
        for b in self.biedingen():
            actueel[b.gemeente] = b
        return actueel

    # ------------------------------------------------------------------ audit log

    def geschiedenis(self, tabel: str | None = None, sleutel: Any = None) -> list[dict[str, Any]]:
        """Audit-log entries (oldest first), optionally of one table and key."""
        q = select(t.wijziging).order_by(t.wijziging.c.id)
        if tabel is not None:
            q = q.where(t.wijziging.c.tabel == tabel)
        if sleutel is not None:
            q = q.where(t.wijziging.c.sleutel == str(sleutel))
        with self._lezen() as conn:
            rijen = conn.execute(q).mappings().all()
        return [
            {
                **dict(r),
                "tijd": _utc(r["tijd"]),
                "oud": None if r["oud"] is None else json.loads(r["oud"]),
                "nieuw": None if r["nieuw"] is None else json.loads(r["nieuw"]),
            }
            for r in rijen
        ]

    def tellingen(self) -> dict[str, int]:
        """Number of rows per table (for status output)."""
        uit = {}
        with self._lezen() as conn:
            for naam in (
                "gemeente",
                "corporatie",
                "locatie",
                "toewijzing",
                "onttrekking",
                "bod",
                "wijziging",
            ):
                uit[naam] = conn.execute(
                    select(func.count()).select_from(t.metadata.tables[naam])
                ).scalar_one()
            uit["gemeentegrenzen"] = conn.execute(
                select(func.count()).select_from(t.gemeente).where(t.gemeente.c.geom.is_not(None))
            ).scalar_one()
        return uit

    # ------------------------------------------------------------------ bulk import

    def importeer_locaties(
        self,
        locaties: Sequence[Locatie],
        droog: bool = False,
        velden: Iterable[str] | None = None,
        labels: Sequence[str | None] | None = None,
    ) -> dict[str, Any]:
        """Add or update many sites in ONE transaction: all or nothing.

        A site whose ``bron_id`` already exists in its (derived) municipality updates that site
        (upsert on ``(gemeente, bron_id)``); with ``velden`` only those fields are taken from the
        import (``toewijzingen`` counts as a field; the geometry always), the rest is kept. A
        site that would not change is left alone. Everything is checked before anything is
        written: domain rules, known corporations and municipalities, inside the region, no
        ``(gemeente, bron_id)`` twice. Problems raise :class:`ValidatieFout` with all of them
        (``item`` is ``labels[i]`` when given). ``droog``: check and count, then roll back.

        Returns ``{"toegevoegd": n, "gewijzigd": n, "ongewijzigd": n, "uitkomsten": [...],
        "ids": [...], "gemeenten": [...], "liggingen": [...]}`` with one entry per site.
        """
        from ..domein.model import valideer_geometrie

        locaties = list(locaties)
        labels = list(labels) if labels is not None else [None] * len(locaties)
        velden_set = None if velden is None else set(velden)
        problemen: list[Probleem] = []
        uitslag: dict[str, Any] = {
            "toegevoegd": 0,
            "gewijzigd": 0,
            "ongewijzigd": 0,
            "uitkomsten": [],
            "ids": [],
            "gemeenten": [],
            "liggingen": [],
        }

        def met_label(fout: ValidatieFout, label: str | None) -> list[Probleem]:
            if label is None:
                return fout.problemen
            return [Probleem(p.veld, p.waarde, p.melding, label) for p in fout.problemen]

        try:
            with self._schrijven(droog) as conn:
                grenzen = self._grenzen_laden(conn)
                bron_ids = sorted({loc.bron_id for loc in locaties if loc.bron_id})
                bestaand: dict[tuple[str | None, str], Locatie] = {}
                for i in range(0, len(bron_ids), 500):
                    for oud in self._locaties(
                        conn,
                        select(t.locatie).where(t.locatie.c.bron_id.in_(bron_ids[i : i + 500])),
                    ):
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
                        nieuw, ids = self._controleer_locatie(
                            conn, replace(kandidaat, id=None), None if oud is None else oud.id
                        )
                    except ValidatieFout as fout:
                        problemen.extend(met_label(fout, label))
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
                    klaar.append((nieuw, ids, oud))
                if problemen:
                    raise ValidatieFout(
                        problemen,
                        f"Niets opgeslagen: {len(problemen)} probleem/problemen in de import: "
                        + "; ".join(str(p) for p in problemen[:10])
                        + (f"; en nog {len(problemen) - 10}" if len(problemen) > 10 else ""),
                    )
                nu = _nu()
                # New sites in batches (one INSERT ... RETURNING per batch), then their
                # assignments and audit entries; updates one by one with the usual helpers.
                nieuwe = [nieuw for nieuw, _ids, oud in klaar if oud is None]
                nieuwe_ids: list[int] = []
                for i in range(0, len(nieuwe), 500):
                    deel = nieuwe[i : i + 500]
                    nieuwe_ids.extend(
                        conn.execute(
                            insert(t.locatie).returning(
                                t.locatie.c.id, sort_by_parameter_order=True
                            ),
                            [
                                {"aangemaakt": nu, "gewijzigd": nu, "versie": 1, **self._rij(n)}
                                for n in deel
                            ],
                        ).scalars()
                    )
                toew_rijen: list[dict[str, Any]] = []
                log_rijen: list[dict[str, Any]] = []
                volgende = iter(nieuwe_ids)
                for nieuw, ids, oud in klaar:
                    uitslag["gemeenten"].append(nieuw.gemeente)
                    uitslag["liggingen"].append(nieuw.ligging)
                    if oud is None:
                        lid = next(volgende)
                        toew_rijen.extend(
                            {
                                "locatie": lid,
                                "corporatie": ids[tw.corporatie],
                                "daeb": tw.daeb,
                                "oplevering": tw.oplevering,
                            }
                            for tw in nieuw.toewijzingen
                        )
                        nieuw = replace(nieuw, id=lid, versie=1, aangemaakt=nu, gewijzigd=nu)
                        log_rijen.append(
                            {
                                "tijd": nu,
                                "gebruiker": self.gebruiker,
                                "tabel": "locatie",
                                "sleutel": str(lid),
                                "actie": "toegevoegd",
                                "oud": None,
                                "nieuw": _json(self._audit_locatie(nieuw)),
                            }
                        )
                        uitslag["toegevoegd"] += 1
                        uitslag["uitkomsten"].append("toegevoegd")
                        uitslag["ids"].append(None if droog else lid)
                        continue
                    uitslag["ids"].append(oud.id)
                    if _zelfde_locatie(oud, nieuw):
                        uitslag["ongewijzigd"] += 1
                        uitslag["uitkomsten"].append("ongewijzigd")
                        continue
                    res = conn.execute(
                        sa_update(t.locatie)
                        .where(t.locatie.c.id == oud.id, t.locatie.c.versie == oud.versie)
                        .values(gewijzigd=nu, versie=oud.versie + 1, **self._rij(nieuw))
                    )
                    if res.rowcount != 1:  # pragma: no cover - a concurrent writer (PostgreSQL)
                        raise Conflict(f"Locatie {oud.id} is intussen gewijzigd door een ander")
                    self._schrijf_toewijzingen(conn, oud.id, nieuw, ids)
                    nieuw = replace(nieuw, id=oud.id, versie=oud.versie + 1, gewijzigd=nu)
                    self._log(
                        conn,
                        "locatie",
                        oud.id,
                        "gewijzigd",
                        self._audit_locatie(oud),
                        self._audit_locatie(nieuw),
                    )
                    uitslag["gewijzigd"] += 1
                    uitslag["uitkomsten"].append("gewijzigd")
                if toew_rijen:
                    conn.execute(insert(t.toewijzing), toew_rijen)
                if log_rijen:
                    conn.execute(insert(t.wijziging), log_rijen)
        except IntegrityError as e:  # pragma: no cover - a concurrent writer took a bron_id
            raise ValidatieFout(
                [
                    Probleem(
                        "bron_id", None, "is intussen door een ander toegevoegd; probeer opnieuw"
                    )
                ]
            ) from e
        return uitslag

    def importeer_onttrekkingen(
        self,
        onttrekkingen: Sequence[Onttrekking],
        droog: bool = False,
        labels: Sequence[str | None] | None = None,
    ) -> dict[str, Any]:
        """Add many removals in ONE transaction: all or nothing. A removal equal in every field
        to a stored one counts as ``ongewijzigd`` (so a file can be imported twice). Problems
        raise :class:`ValidatieFout` (``item`` = ``labels[i]``); ``droog`` rolls back."""
        onttrekkingen = list(onttrekkingen)
        labels = list(labels) if labels is not None else [None] * len(onttrekkingen)
        uitslag: dict[str, Any] = {"toegevoegd": 0, "gewijzigd": 0, "ongewijzigd": 0}

        def sleutel(o: Onttrekking, cid: int | None) -> tuple[Any, ...]:
            return (o.gemeente, o.jaar, o.aantal, o.soort, cid, o.locatie, o.opmerking or None)

        with self._schrijven(droog) as conn:
            gemeenten = set(conn.execute(select(t.gemeente.c.gemeente)).scalars())
            ids = self._corporatie_ids(conn)
            locatie_ids = set(conn.execute(select(t.locatie.c.id)).scalars())
            bestaand = {
                (r.gemeente, r.jaar, r.aantal, r.soort, r.corporatie, r.locatie, r.opmerking)
                for r in conn.execute(select(t.onttrekking))
            }
            problemen: list[Probleem] = []
            nieuw: list[tuple[Onttrekking, int | None]] = []
            for i, o in enumerate(onttrekkingen):
                label = labels[i]
                eigen = valideer_onttrekking(o)
                if o.gemeente not in gemeenten:
                    eigen.append(Probleem("gemeente", o.gemeente, "onbekende gemeentecode"))
                cid = None
                if o.corporatie is not None:
                    cid = ids.get(o.corporatie)
                    if cid is None:
                        eigen.append(
                            Probleem(
                                "corporatie",
                                o.corporatie,
                                "onbekende corporatie; bekend zijn " + ", ".join(sorted(ids)),
                            )
                        )
                if o.locatie is not None and o.locatie not in locatie_ids:
                    eigen.append(Probleem("locatie", o.locatie, "onbekende locatie-id"))
                if eigen:
                    problemen.extend(
                        Probleem(p.veld, p.waarde, p.melding, label or p.item) for p in eigen
                    )
                    continue
                nieuw.append((o, cid))
            gooi_als_problemen(problemen)
            for o, cid in nieuw:
                if sleutel(o, cid) in bestaand:
                    uitslag["ongewijzigd"] += 1
                    continue
                bestaand.add(sleutel(o, cid))
                self._schrijf_onttrekking(conn, o, cid)
                uitslag["toegevoegd"] += 1
        return uitslag

    def importeer_biedingen(
        self,
        biedingen: Sequence[Bod],
        droog: bool = False,
        labels: Sequence[str | None] | None = None,
    ) -> dict[str, Any]:
        """Add or update many bid versions (key ``(gemeente, versie)``) in ONE transaction: all
        or nothing. Problems raise :class:`ValidatieFout`; ``droog`` rolls back."""
        biedingen = list(biedingen)
        labels = list(labels) if labels is not None else [None] * len(biedingen)
        uitslag: dict[str, Any] = {"toegevoegd": 0, "gewijzigd": 0, "ongewijzigd": 0}

        with self._schrijven(droog) as conn:
            gemeenten = set(conn.execute(select(t.gemeente.c.gemeente)).scalars())
            bestaand = {
                (r["gemeente"], r["versie"]): dict(r)
                for r in conn.execute(select(t.bod)).mappings()
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
                problemen.extend(
                    Probleem(p.veld, p.waarde, p.melding, label or p.item) for p in eigen
                )
            gooi_als_problemen(problemen)
            for b in biedingen:
                waarden = {"datum": b.datum, "daeb": b.daeb, "opmerking": b.opmerking}
                oud = bestaand.get((b.gemeente, b.versie))
                if oud is None:
                    bid = conn.execute(
                        insert(t.bod).values(
                            gemeente=b.gemeente, versie=b.versie, aangemaakt=_nu(), **waarden
                        )
                    ).inserted_primary_key[0]
                    self._log(conn, "bod", bid, "toegevoegd", None, asdict(b))
                    uitslag["toegevoegd"] += 1
                elif {k: oud[k] for k in waarden} == waarden:
                    uitslag["ongewijzigd"] += 1
                else:
                    conn.execute(sa_update(t.bod).where(t.bod.c.id == oud["id"]).values(**waarden))
                    self._log(
                        conn,
                        "bod",
                        oud["id"],
                        "gewijzigd",
                        {k: oud[k] for k in waarden},
                        waarden,
                    )
                    uitslag["gewijzigd"] += 1
        return uitslag


#: Geometries closer than this (metres, per vertex) count as unchanged on re-import.
_GELIJK_M = 0.001


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


def _sqlite_instellen(engine: Engine) -> None:
    """WAL, foreign keys, busy timeout; explicit BEGIN (IMMEDIATE for writes)."""

    @event.listens_for(engine, "connect")
    def _bij_verbinden(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _bij_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("schrijven"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")
