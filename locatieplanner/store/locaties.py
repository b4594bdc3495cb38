"""Sites with their assignments to corporations (tables ``locatie`` and ``toewijzing``).

A site's municipality and position (``ligging``) are derived from its geometry and the stored
boundaries when it is saved, and again when the boundaries change. Sites carry an
optimistic-lock ``versie``. The bulk import adds or updates many sites in one transaction.
"""

from __future__ import annotations

import logging
import re
import time
import zlib
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from datetime import datetime
from itertools import islice
from operator import attrgetter
from typing import Any, NamedTuple, TypeVar

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection, Select, and_, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..domein.corporatienamen import onbekende_corporatie
from ..domein.ligging import Grenzen, Ligging
from ..domein.model import (
    RD_GRENZEN,
    SEGMENTEN,
    Corporatie,
    Locatie,
    Toewijzing,
    gooi_als_problemen,
    hardheid,
    valideer_corporatie,
    valideer_geometrie,
    valideer_locatie,
    zeker_geldig,
)
from ..domein.rechten import (
    Actie,
    eis_locatie,
    eis_wijziging_locatie,
    gooi_als_geen_toegang,
    rechtenprobleem,
)
from ..errors import Bezet, Conflict, NietGevonden, Probleem, ValidatieFout
from ..geheugen import zonder_gc
from . import schema as t
from .corporaties import CorporatiesRepository
from .database import Database, delen, nu, reserveer_ids, schrijf_veel, tel, utc
from .gemeenten import GemeentenRepository
from .geometrie import normaliseer_geometrie, opgeslagen_vorm
from .kaartbeeld import zoekvoorwaarden
from .wijzigingen import Auditlog, Json, als_json_alle, als_json_regels

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

_log = logging.getLogger("locatieplanner.store")


_velden_van = attrgetter(*_LOCATIE_VELDEN)


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
    return dict(
        zip(_TOEWIJZING_KOLOMMEN, _toewijzing_waarden(locatie_id, tw, corporatie_id), strict=True)
    )


#: The columns of a ``toewijzing`` row a writer gives, in :func:`_toewijzing_waarden` order.
_TOEWIJZING_KOLOMMEN = ("locatie", "corporatie", "daeb", "oplevering")


def _toewijzing_waarden(locatie_id: int, tw: Toewijzing, corporatie_id: int) -> tuple[Any, ...]:
    return (locatie_id, corporatie_id, tw.daeb, tw.oplevering)


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


def auditlog_teksten(
    locaties: Sequence[Locatie], versies: Sequence[int], wkt: Sequence[str | None]
) -> list[Json]:
    """``als_json(locatie_naar_auditlog(loc))`` of many sites, with these ``versies`` and
    geometries as WKT (``wkt``; None: made here), made column by column: the same texts at a
    fraction of the cost (a bulk import writes one per site)."""
    return als_json_alle(_auditlog_kolommen(locaties, versies, wkt))


def auditlog_regels(
    locaties: Sequence[Locatie], versies: Sequence[int], wkt: Sequence[str | None]
) -> str:
    """The texts of :func:`auditlog_teksten` joined by newlines, as one string."""
    return als_json_regels(_auditlog_kolommen(locaties, versies, wkt))


def _auditlog_kolommen(
    locaties: Sequence[Locatie], versies: Sequence[int], wkt: Sequence[str | None]
) -> dict[str, Sequence[Any]]:
    """The audit log's values of many sites, column by column."""
    kolommen: dict[str, Sequence[Any]] = dict(
        zip(_LOCATIE_VELDEN, zip(*map(_velden_van, locaties), strict=True), strict=True)
    )
    kolommen["versie"] = versies
    ontbreekt = [i for i, w in enumerate(wkt) if w is None]
    teksten = list(wkt)
    if ontbreekt:
        reeks = np.empty(len(ontbreekt), dtype=object)
        reeks[:] = [locaties[i].geometry for i in ontbreekt]
        for i, w in zip(ontbreekt, shapely.to_wkt(reeks, rounding_precision=3), strict=True):
            teksten[i] = w
    kolommen["geometry"] = teksten
    toewijzingen = [tw for loc in locaties for tw in loc.toewijzingen]
    delen_json = als_json_alle(
        {
            "corporatie": [tw.corporatie for tw in toewijzingen],
            "daeb": [tw.daeb for tw in toewijzingen],
            "oplevering": [tw.oplevering for tw in toewijzingen],
        }
    )
    lijsten, begin = [], 0
    for loc in locaties:
        einde = begin + len(loc.toewijzingen)
        lijsten.append(Json("[" + ", ".join(delen_json[begin:einde]) + "]"))
        begin = einde
    kolommen["toewijzingen"] = lijsten
    return kolommen


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


def _met_item(problemen: list[Probleem], item: str | None) -> list[Probleem]:
    """``problemen`` named after ``item`` (an import row's label) when given."""
    if item is None:
        return problemen
    return [Probleem(p.veld, p.waarde, p.melding, item) for p in problemen]


def _afleidingsproblemen(
    loc: Locatie,
    ligging: Ligging | None,
    codes: Iterable[str],
    ids: Mapping[str, int],
    item: str,
    nieuw: Collection[str] | None = None,
) -> list[Probleem]:
    """What the stored data says against a site: an unknown municipality code (when its
    position cannot be derived; ``ligging`` None: not derived) and unknown corporations. For an
    import ``nieuw`` (not None) holds the names it registers, and an unknown name gets the
    import's message with the closest registered name."""
    problemen = []
    onbekend = (
        ligging is not None and ligging.ligging == "onbekend" and ligging.gemeente is not None
    )
    if onbekend and ligging.gemeente not in codes:  # type: ignore[union-attr]
        problemen.append(
            Probleem(
                "gemeente",
                ligging.gemeente,
                "onbekende gemeentecode; bekend zijn " + ", ".join(sorted(codes)),
                item,
            )
        )
    for tw in loc.toewijzingen:
        if tw.corporatie in ids:
            continue
        if nieuw is None:
            problemen.append(
                Probleem(
                    "corporatie",
                    tw.corporatie,
                    "onbekende corporatie; bekend zijn " + ", ".join(sorted(ids)),
                    item,
                )
            )
        elif isinstance(tw.corporatie, str) and tw.corporatie not in nieuw:
            problemen.append(onbekende_corporatie(tw.corporatie, ids, item))
    return problemen


def _onbekende_namen(locaties: Iterable[Locatie], ids: Mapping[str, int]) -> list[str]:
    """The corporation names the sites give that are not registered, sorted."""
    return sorted(
        {
            tw.corporatie
            for loc in locaties
            for tw in loc.toewijzingen
            if isinstance(tw.corporatie, str) and tw.corporatie.strip() and tw.corporatie not in ids
        }
    )


def _buiten_probleem(loc: Locatie, item: str) -> Probleem:
    """An imported site that lies outside the region."""
    midden = loc.geometry.representative_point()
    return Probleem(
        "geometry",
        f"({midden.x:.0f}, {midden.y:.0f})",
        "ligt buiten de regio "
        + (
            f"(grootste deel in {loc.gemeente})"
            if loc.gemeente
            else "(buiten alle geladen gemeentegrenzen)"
        ),
        item,
    )


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
        ids = self._corporaties.ids(conn)
        problemen.extend(_afleidingsproblemen(loc, ligging, self._gemeenten.codes(conn), ids, item))
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
            return self.wijzig_in(conn, self._een(conn, locatie_id), wijzigingen, versie)

    def lees_in(self, conn: Connection, locatie_id: int) -> Locatie:
        """Site ``locatie_id`` read in ``conn``'s transaction; :class:`NietGevonden` when gone."""
        return self._een(conn, locatie_id)

    def wijzig_in(
        self, conn: Connection, oud: Locatie, wijzigingen: Mapping[str, Any], versie: int
    ) -> Locatie:
        """:meth:`wijzig` of ``oud`` (read in ``conn``) inside the caller's write transaction:
        version check, rules, rights, audit log."""
        if oud.versie != versie:
            raise Conflict(
                f"Locatie {oud.id} ({oud.naam!r}) is intussen gewijzigd door een ander "
                f"(versie {oud.versie}, uw wijziging is gebaseerd op versie {versie}); "
                "laad de locatie opnieuw en voer uw wijziging opnieuw in",
                huidig=locatie_naar_auditlog(oud) | {"id": oud.id},
            )
        basis = {f.name: getattr(oud, f.name) for f in fields(Locatie)}
        basis.update(wijzigingen)
        basis["toewijzingen"] = [
            tw if isinstance(tw, Toewijzing) else Toewijzing(**tw) for tw in basis["toewijzingen"]
        ]
        nieuw, ids = self._controleer(conn, Locatie(**basis), oud.id)
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
        """Sites by filters (see :meth:`Store.locaties`), in id order; a bbox is answered
        by the spatial index."""
        kolommen = [c for c in t.locatie.c if met_geometrie or c.name != "geom"]
        voorwaarden = zoekvoorwaarden(
            self._db.engine.dialect.name, gemeente, corporatie, hardheid, status, bbox
        )
        q = select(*kolommen).where(*voorwaarden).order_by(t.locatie.c.id)
        if ids is not None:
            q = q.where(t.locatie.c.id.in_(list(ids)))
        if bron_id is not None:
            q = q.where(t.locatie.c.bron_id == bron_id)
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

    def in_vak(
        self, bbox: tuple[float, float, float, float]
    ) -> list[tuple[int, str | None, BaseGeometry]]:
        """``(id, naam, geometry)`` of the stored sites whose bounding box meets ``bbox``, in
        one query and without assignments: what the overlap warnings of a whole import need."""
        c = t.locatie.c
        minx, miny, maxx, maxy = bbox
        q = (
            select(c.id, c.naam, c.geom)
            .where(c.maxx >= minx, c.minx <= maxx, c.maxy >= miny, c.miny <= maxy)
            .order_by(c.id)
        )
        with self._db.lezen() as conn:
            return [(r[0], r[1], r[2]) for r in conn.execute(q)]

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
        nieuwe_corporaties: bool = False,
    ) -> dict[str, Any]:
        """Add or update many sites in ONE transaction; see :meth:`Store.importeer_locaties`.

        Everything is checked and prepared before the write lock is taken (validation,
        geometry normalisation, municipality and position by the boundaries, corporations,
        the stored sites it updates, audit-log entries). Inside the write transaction only what
        can have changed since is compared (boundaries' version, municipality codes,
        corporations, the stored sites with the import's keys); when something did, the import
        is prepared again (at most :data:`_POGINGEN` times). Then the rows are written in
        batches. ``uitslag["slotduur"]`` is the time in seconds the write transaction took.
        """
        locaties = list(locaties)
        labels = list(labels) if labels is not None else [None] * len(locaties)
        for _poging in range(_POGINGEN):
            klaar = self._bereid_import_voor(locaties, velden, labels, nieuwe_corporaties)
            if droog:
                return klaar.uitslag
            try:
                with self._db.schrijven(importeren=True) as conn:
                    begin = time.perf_counter()
                    if self._stand(conn, klaar.sleutels) != klaar.stand:
                        klaar = None  # changed meanwhile: prepare again (and free this one)
                        continue
                    nieuw = klaar.uitslag["nieuwe_corporaties"]
                    if nieuw:  # in the import's transaction: rolled back with it
                        klaar.corporaties.update(self._corporaties.registreer(conn, nieuw))
                    with zonder_gc():
                        uitslag = self._schrijf_import(conn, klaar)
            except IntegrityError as e:
                raise _integriteitsfout(e, len(locaties)) from e
            uitslag["slotduur"] = time.perf_counter() - begin
            _log.info(
                "import",
                extra={
                    "velden": {
                        "soort": "locaties",
                        "locaties": len(locaties),
                        "slotduur_s": round(uitslag["slotduur"], 3),
                        "account": self._audit.gebruiker,
                    }
                },
            )
            return uitslag
        raise Bezet(
            f"De import van {len(locaties)} locaties is {_POGINGEN} keer voorbereid, maar telkens "
            "veranderden intussen de grenzen, corporaties of bestaande locaties; niets "
            "opgeslagen. Probeer het over enkele seconden opnieuw",
            opnieuw_na=5,
        )

    def _bereid_import_voor(
        self,
        locaties: list[Locatie],
        velden: Iterable[str] | None,
        labels: list[str | None],
        nieuwe_corporaties: bool = False,
    ) -> _Import:
        """Check every site of an import against every rule and prepare its rows, outside the
        write transaction; all problems of all rows at once as :class:`ValidatieFout` (or
        :class:`GeenToegang`). With ``nieuwe_corporaties`` the corporations the import names
        that are not registered yet are registered by it (when the account may)."""
        velden_set = None if velden is None else set(velden)
        account = self._audit.account
        with self._db.lezen() as conn:
            grenssleutel = self._gemeenten.grenzen_sleutel(conn)
            grenzen = self._gemeenten.grenzen(conn)
            codes = frozenset(self._gemeenten.codes(conn))
            ids = self._corporaties.ids(conn)
        problemen: list[Probleem] = []
        nieuw_namen = _onbekende_namen(locaties, ids) if nieuwe_corporaties else []
        if nieuw_namen:
            self._corporaties.eis_registreren(nieuw_namen)
        slechte_namen = {n: valideer_corporatie(Corporatie(n)) for n in nieuw_namen}

        # 1. geometry, position and key of every site (no database; vectorised)
        liggingen: list[tuple[BaseGeometry, Ligging] | None] = [None] * len(locaties)
        gezien: dict[tuple[str | None, str], int] = {}
        fouten = _geometriefouten(locaties, labels)
        goed = [i for i in range(len(locaties)) if i not in fouten]
        geometrieen = _normaliseer_geometrieen([locaties[i].geometry for i in goed])
        posities = dict(
            zip(
                goed,
                zip(
                    geometrieen,
                    grenzen.bepaal_alle(geometrieen, [locaties[i].gemeente for i in goed]),
                    strict=True,
                ),
                strict=True,
            )
        )
        # the audit log's text of every geometry, at once (as als_json writes one)
        wkt = dict(zip(goed, _wkt_alle(geometrieen), strict=True))
        del geometrieen
        for i, loc in enumerate(locaties):
            item = labels[i] or f"locatie {loc.bron_id or loc.naam!r}"
            fout = fouten.get(i)
            if fout:
                # the other rules of this row are still checked (one report, not rounds)
                problemen.extend(fout)
                eigen = _met_item(valideer_locatie(loc, met_geometrie=False), labels[i])
                eigen.extend(_afleidingsproblemen(loc, None, codes, ids, item, nieuw_namen))
                problemen.extend(eigen)
                continue
            geom, ligging = posities.pop(i)
            if loc.bron_id:
                sleutel = (ligging.gemeente, loc.bron_id)
                if sleutel in gezien:
                    problemen.append(
                        Probleem(
                            "bron_id",
                            loc.bron_id,
                            f"komt in deze import dubbel voor in gemeente {ligging.gemeente} "
                            f"(ook {labels[gezien[sleutel]] or gezien[sleutel] + 1}); "
                            "bron_id is uniek per gemeente",
                            labels[i],
                        )
                    )
                    continue
                gezien[sleutel] = i
            liggingen[i] = (geom, ligging)

        # 2. the stored sites with the same keys (updated by the import)
        bestaand: dict[tuple[str | None, str], Locatie] = {}
        with self._db.lezen() as conn:
            for voorwaarde in _op_sleutels(conn, gezien):
                for oud in self._lees(conn, select(t.locatie).where(voorwaarde)):
                    bestaand[(oud.gemeente, oud.bron_id)] = oud  # type: ignore[index]
        stand = _Stand(
            grenssleutel,
            codes,
            frozenset(ids.items()),
            frozenset((o.gemeente, o.bron_id, o.id, o.versie) for o in bestaand.values()),
        )

        # 3. the rules, rights and rows of every site
        klaar = _Import(stand, sorted(gezien, key=_sleutel_volgorde), dict(ids))
        klaar.uitslag["nieuwe_corporaties"] = [n for n in nieuw_namen if not slechte_namen[n]]
        for i, loc in enumerate(locaties):
            if liggingen[i] is None:
                continue
            geom, ligging = liggingen[i]  # type: ignore[misc]
            liggingen[i] = None  # free as we go: a large import's memory
            label = labels[i]
            item = label or f"locatie {loc.bron_id or loc.naam!r}"
            oud = bestaand.get((ligging.gemeente, loc.bron_id)) if loc.bron_id else None
            kandidaat = loc
            if oud is not None and velden_set is not None:
                basis = {f.name: getattr(oud, f.name) for f in fields(Locatie)}
                for k in velden_set | {"geometry"}:
                    basis[k] = getattr(loc, k)
                kandidaat = Locatie(**basis)
                if kandidaat.gemeente != loc.gemeente:
                    ligging = grenzen.bepaal(geom, kandidaat.gemeente)
            eigen = (
                []
                if zeker_geldig(kandidaat)
                else _met_item(valideer_locatie(kandidaat, met_geometrie=False), label)
            )
            eigen.extend(_afleidingsproblemen(kandidaat, ligging, codes, ids, item, nieuw_namen))
            for tw in kandidaat.toewijzingen:
                eigen.extend(_met_item(slechte_namen.get(tw.corporatie, []), label))
            nieuw = _met(
                kandidaat,
                id=None,
                geometry=geom,
                gemeente=ligging.gemeente,
                ligging=ligging.ligging,
            )
            if nieuw.ligging == "buiten":
                eigen.append(_buiten_probleem(nieuw, item))
            if eigen:
                problemen.extend(eigen)
                continue
            recht = rechtenprobleem(
                account,
                Actie.IMPORTEREN,
                item,
                gemeenten=[nieuw.gemeente] + ([oud.gemeente] if oud is not None else []),
            )
            if recht is not None:
                problemen.append(recht)
                continue
            if not problemen:
                klaar.voeg_toe(kandidaat, nieuw, oud, wkt.pop(i))
        if problemen:
            gooi_als_geen_toegang(account, Actie.IMPORTEREN, problemen)
            raise _import_afgekeurd(problemen)
        klaar.sluit()
        return klaar

    def _stand(self, conn: Connection, sleutels: list[tuple[str | None, str]]) -> _Stand:
        """What an import was prepared against, as it is now in ``conn``'s transaction; on
        PostgreSQL the sites it updates stay locked until the transaction ends."""
        gevonden: set[tuple[Any, ...]] = set()
        c = t.locatie.c
        for voorwaarde in _op_sleutels(conn, sleutels):
            q = select(c.gemeente, c.bron_id, c.id, c.versie).where(voorwaarde)
            gevonden.update(tuple(r) for r in conn.execute(q.with_for_update()))
        return _Stand(
            self._gemeenten.grenzen_sleutel(conn),
            frozenset(self._gemeenten.codes(conn)),
            frozenset(self._corporaties.ids(conn).items()),
            frozenset(gevonden),
        )

    def _schrijf_import(self, conn: Connection, klaar: _Import) -> dict[str, Any]:
        """Write a prepared import with batched statements; its result with the new ids."""
        tijd = nu()
        dialect = conn.dialect.name
        nieuwe_ids = reserveer_ids(conn, t.locatie, len(klaar.nieuw))
        kolommen = ["id", *_RIJ_KOLOMMEN, "aangemaakt", "gewijzigd", "versie"]
        # a first bulk load on PostgreSQL: the secondary indexes built once afterwards
        nieuw_alleen = 0 if klaar.gewijzigd else len(nieuwe_ids)
        with _indexen_achteraf(conn, nieuw_alleen):
            with _rtree_achteraf(conn, nieuwe_ids):
                for begin in range(0, len(klaar.nieuw), _DEEL_SCHRIJVEN):
                    deel = klaar.nieuw[begin : begin + _DEEL_SCHRIJVEN]
                    ids = nieuwe_ids[begin : begin + _DEEL_SCHRIJVEN]
                    rijen = [
                        (lid, *rij, tijd, tijd, 1)
                        for lid, rij in zip(ids, _import_rijen(deel, dialect), strict=True)
                    ]
                    schrijf_veel(conn, insert(t.locatie), kolommen, rijen, kopie=True)
            c = t.locatie.c
            opdracht = update(t.locatie).where(
                c.id == bindparam("w_id"), c.versie == bindparam("w_versie")
            )
            kolommen = [*_RIJ_KOLOMMEN, "gewijzigd", "versie", "w_id", "w_versie"]
            for deel in delen(klaar.gewijzigd, _DEEL_SCHRIJVEN):
                rijen = [
                    (*rij, tijd, versie + 1, lid, versie)
                    for (lid, versie, _p), rij in zip(
                        deel, _import_rijen([p for _l, _v, p in deel], dialect), strict=True
                    )
                ]
                bijgewerkt = schrijf_veel(conn, opdracht, kolommen, rijen)
                if conn.dialect.supports_sane_multi_rowcount and bijgewerkt != len(deel):
                    raise Conflict(  # pragma: no cover - _stand compared the versions just before
                        "Een bij te werken locatie is intussen gewijzigd door een ander; niets "
                        "opgeslagen, probeer de import opnieuw"
                    )
                bij = [lid for lid, _v, _p in deel]
                conn.execute(delete(t.toewijzing).where(t.toewijzing.c.locatie.in_(bij)))
            for brok in _in_brokken(klaar.bijwerkingen(nieuwe_ids), _DEEL_SCHRIJVEN):
                self._schrijf_bij(conn, brok, klaar.corporaties, tijd)
        uitslag = dict(klaar.uitslag)
        uitslag["ids"] = list(uitslag["ids"])
        for positie, lid in zip(klaar.nieuwe_posities, nieuwe_ids, strict=True):
            uitslag["ids"][positie] = lid
        return uitslag

    def _schrijf_bij(
        self,
        conn: Connection,
        locaties: Sequence[tuple[int, list[Toewijzing], Json | None, Json]],
        corporaties: Mapping[str, int],
        tijd: datetime,
    ) -> None:
        """Write the assignments and audit-log entries of imported sites ``(id, assignments,
        audit "oud" (None: new), audit "nieuw")``."""
        toewijzingen = [
            _toewijzing_waarden(lid, tw, corporaties[tw.corporatie])
            for lid, toew, _oud, _nieuw in locaties
            for tw in toew
        ]
        schrijf_veel(conn, insert(t.toewijzing), _TOEWIJZING_KOLOMMEN, toewijzingen, kopie=True)
        self._audit.schrijf_alle(
            conn,
            [
                ("locatie", lid, "toegevoegd" if oud is None else "gewijzigd", oud, nieuw)
                for lid, _toew, oud, nieuw in locaties
            ],
            tijd,
            kopie=True,
        )


#: How often an import is prepared again when the data changed before it could be written.
_POGINGEN = 3
#: SQLite: from this many new sites, the R*Tree is filled at once after the insert.
_RTREE_ACHTERAF = 1000
#: The R*Tree's insert trigger (migration 0010).
_RTREE_TRIGGER = "locatie_rtree_toevoegen"
#: From this many keys an import may look up the stored sites by one read of every key.
_SCAN_VANAF = 1000
#: Rows per ``executemany`` of a bulk write.
_DEEL_SCHRIJVEN = 2000
#: Audit-log texts per compressed block of a prepared import.
_TEKSTEN_PER_BLOK = 200
#: The ``locatie`` columns of a prepared import row, in order (see :class:`_Import`).
_RIJ_KOLOMMEN = [*_LOCATIE_VELDEN, "geom", "minx", "miny", "maxx", "maxy"]
_GEMEENTE = _LOCATIE_VELDEN.index("gemeente")
#: Shapely type ids of the geometry types a site may have (Point, Polygon, MultiPolygon).
_GEOMETRIE_TYPEN = (0, 3, 6)
_LIGGING = _LOCATIE_VELDEN.index("ligging")
_T = TypeVar("_T")


@dataclass(frozen=True)
class _Stand:
    """What an import was checked against; compared again inside its write transaction."""

    grenzen: tuple[Any, ...]
    gemeenten: frozenset[str]
    corporaties: frozenset[tuple[str, int]]
    #: (gemeente, bron_id, id, versie) of the stored sites with the import's keys.
    locaties: frozenset[tuple[Any, ...]]


class _Plaats(NamedTuple):
    """A checked site of an import, without copying it: the site as checked (the imported one,
    or merged with the stored one it updates) and what the store derived for it."""

    locatie: Locatie
    geometrie: BaseGeometry
    gemeente: str | None
    ligging: str


class _Teksten:
    """Many texts (audit-log JSON) kept compressed in blocks, in order: as plain strings they
    would be a large import's biggest part of memory."""

    def __init__(self) -> None:
        self._blokken: list[bytes] = []

        #: Sites whose text is not made yet: (site, version, WKT or None).
        self._wacht: list[tuple[Locatie, int, str | None]] = []

    def voeg_toe(self, locatie: Locatie, versie: int, wkt: str | None = None) -> None:
        """Add the audit-log text of ``locatie`` with ``versie`` (``wkt``: its geometry as the
        audit log writes it, when made already); the texts are made per block, at once."""
        self._wacht.append((locatie, versie, wkt))
        if len(self._wacht) >= _TEKSTEN_PER_BLOK:
            self.sluit()

    def sluit(self) -> None:
        """Make and compress the texts added since the last block."""
        if self._wacht:
            locaties, versies, wkt = zip(*self._wacht, strict=True)
            # JSON has no raw newline: "\n" separates the texts
            regels = auditlog_regels(locaties, versies, wkt)
            self._blokken.append(zlib.compress(regels.encode(), 1))
            self._wacht = []

    def __iter__(self) -> Iterator[Json]:
        self.sluit()
        for blok in self._blokken:
            yield from map(Json, zlib.decompress(blok).decode().split("\n"))


class _Import:
    """A checked import ready to write: per site what was checked and derived, its audit-log
    values (serialised, compressed), and the result without the new ids. Rows and geometries in
    their stored form are made batch by batch while writing (vectorised): holding them for
    every site as well would double a large import's memory."""

    def __init__(
        self, stand: _Stand, sleutels: list[tuple[str | None, str]], corporaties: dict[str, int]
    ) -> None:
        self.stand = stand
        self.sleutels = sleutels
        self.corporaties = corporaties
        #: The new sites; their audit "nieuw" in :attr:`log_nieuw`.
        self.nieuw: list[_Plaats] = []
        self.log_nieuw = _Teksten()
        #: (id, versie, site) of each changed site; its audit "oud" and "nieuw" in
        #: :attr:`log_gewijzigd`.
        self.gewijzigd: list[tuple[int, int, _Plaats]] = []
        self.log_gewijzigd = _Teksten()
        #: Positions in ``uitslag["ids"]`` of the new sites.
        self.nieuwe_posities: list[int] = []
        self.uitslag: dict[str, Any] = {
            "toegevoegd": 0,
            "gewijzigd": 0,
            "ongewijzigd": 0,
            "uitkomsten": [],
            "ids": [],
            "gemeenten": [],
            "liggingen": [],
            "nieuwe_corporaties": [],
        }

    def voeg_toe(
        self, kandidaat: Locatie, nieuw: Locatie, oud: Locatie | None, wkt: str | None = None
    ) -> None:
        """Add site ``nieuw`` (``kandidaat`` as checked, with what the store derived) that
        updates ``oud`` (None: a new site); ``wkt``: its geometry as the audit log writes it,
        when made already."""
        u = self.uitslag
        u["gemeenten"].append(nieuw.gemeente)
        u["liggingen"].append(nieuw.ligging)
        plaats = _Plaats(kandidaat, nieuw.geometry, nieuw.gemeente, nieuw.ligging)
        if oud is None:
            self.nieuw.append(plaats)
            self.log_nieuw.voeg_toe(nieuw, 1, wkt)
            self.nieuwe_posities.append(len(u["ids"]))
            uitkomst, lid = "toegevoegd", None
        elif _zelfde_locatie(oud, nieuw):
            uitkomst, lid = "ongewijzigd", oud.id
        else:
            self.gewijzigd.append((oud.id, oud.versie, plaats))  # type: ignore[arg-type]
            self.log_gewijzigd.voeg_toe(oud, oud.versie)  # type: ignore[arg-type]
            self.log_gewijzigd.voeg_toe(nieuw, oud.versie + 1, wkt)  # type: ignore[operator]
            uitkomst, lid = "gewijzigd", oud.id
        u[uitkomst] += 1
        u["uitkomsten"].append(uitkomst)
        u["ids"].append(lid)

    def sluit(self) -> None:
        """All sites added."""
        self.log_nieuw.sluit()
        self.log_gewijzigd.sluit()

    def bijwerkingen(
        self, nieuwe_ids: Sequence[int]
    ) -> Iterator[tuple[int, list[Toewijzing], Json | None, Json]]:
        """Per written site (new ones with ``nieuwe_ids``, then changed ones): its id, its
        assignments and its audit "oud" (None: new) and "nieuw"."""
        logs = iter(self.log_nieuw)
        for lid, plaats in zip(nieuwe_ids, self.nieuw, strict=True):
            yield lid, plaats.locatie.toewijzingen, None, next(logs)
        logs = iter(self.log_gewijzigd)
        for lid, _versie, plaats in self.gewijzigd:
            oud = next(logs)
            yield lid, plaats.locatie.toewijzingen, oud, next(logs)


def _geometriefouten(
    locaties: Sequence[Locatie], labels: Sequence[str | None]
) -> dict[int, list[Probleem]]:
    """The geometry problems (:func:`valideer_geometrie`) of an import's sites by position:
    the checks run vectorised over all geometries, and only the geometries they flag are
    checked one by one for the exact message."""
    reeks = np.empty(len(locaties), dtype=object)
    reeks[:] = [loc.geometry for loc in locaties]
    is_geometrie = np.fromiter(
        (isinstance(g, BaseGeometry) for g in reeks), dtype=bool, count=len(reeks)
    )
    reeks[~is_geometrie] = None
    verdacht = ~is_geometrie | ~np.isin(shapely.get_type_id(reeks), _GEOMETRIE_TYPEN)
    verdacht |= shapely.is_empty(reeks)
    vak = shapely.bounds(reeks)
    gx0, gy0, gx1, gy1 = RD_GRENZEN
    with np.errstate(invalid="ignore"):
        verdacht |= ~(
            (vak[:, 0] >= gx0) & (vak[:, 1] >= gy0) & (vak[:, 2] <= gx1) & (vak[:, 3] <= gy1)
        )
    rest = np.flatnonzero(~verdacht)
    punten, welke = shapely.get_coordinates(reeks[rest], return_index=True)
    verdacht[rest[np.unique(welke[~np.isfinite(punten).all(axis=1)])]] = True
    rest = np.flatnonzero(~verdacht)
    verdacht[rest[~shapely.is_valid(reeks[rest])]] = True
    uit = {}
    for i in np.flatnonzero(verdacht).tolist():
        loc = locaties[i]
        item = labels[i] or f"locatie {loc.bron_id or loc.naam!r}"
        fout = valideer_geometrie(loc.geometry, item)
        if fout:
            uit[i] = fout
    return uit


def _met(loc: Locatie, **waarden: Any) -> Locatie:
    """``dataclasses.replace(loc, **waarden)`` without running the constructor again: a large
    import makes one per site (the fields are shared, as ``replace`` shares them)."""
    nieuw = object.__new__(Locatie)
    nieuw.__dict__.update(loc.__dict__)
    nieuw.__dict__.update(waarden)
    return nieuw


def _wkt_alle(geometrieen: Sequence[BaseGeometry]) -> list[str]:
    """Many geometries as the audit log writes one (:func:`als_json`), at once."""
    reeks = np.empty(len(geometrieen), dtype=object)
    reeks[:] = list(geometrieen)
    return shapely.to_wkt(reeks, rounding_precision=3).tolist()


def _normaliseer_geometrieen(geometrieen: Sequence[BaseGeometry]) -> list[BaseGeometry]:
    """:func:`normaliseer_geometrie` of many checked geometries at once (vectorised): 2D,
    polygons with counter-clockwise exterior rings; unchanged ones are kept themselves."""
    reeks = np.empty(len(geometrieen), dtype=object)
    reeks[:] = list(geometrieen)
    met_z = shapely.has_z(reeks)
    if met_z.any():
        reeks[met_z] = shapely.force_2d(reeks[met_z])
    vlak = np.flatnonzero(np.isin(shapely.get_type_id(reeks), (3, 6)))
    if len(vlak):
        gericht = shapely.orient_polygons(reeks[vlak], exterior_cw=False)
        anders = ~shapely.equals_exact(gericht, reeks[vlak], tolerance=0)
        reeks[vlak[anders]] = gericht[anders]
    return reeks.tolist()


def _import_rijen(plaatsen: Sequence[_Plaats], dialect: str) -> list[list[Any]]:
    """The values of :data:`_RIJ_KOLOMMEN` of checked sites, geometries in their stored form
    (converted at once)."""
    geometrieen = [p.geometrie for p in plaatsen]
    vormen = opgeslagen_vorm(geometrieen, dialect)
    vakken = shapely.bounds(np.asarray(geometrieen, dtype=object)).tolist()
    rijen = []
    for p, vorm, vak in zip(plaatsen, vormen, vakken, strict=True):
        rij = list(_velden_van(p.locatie))
        rij[_GEMEENTE], rij[_LIGGING] = p.gemeente, p.ligging
        rijen.append([*rij, vorm, *vak])
    return rijen


def _in_brokken(reeks: Iterable[_T], grootte: int) -> Iterator[list[_T]]:
    """``reeks`` in consecutive lists of at most ``grootte`` items (lazily)."""
    iterator = iter(reeks)
    while brok := list(islice(iterator, grootte)):
        yield brok


@contextmanager
def _rtree_achteraf(conn: Connection, nieuwe_ids: Sequence[int]) -> Iterator[None]:
    """SQLite, for a bulk insert of the sites ``nieuwe_ids``: without the R*Tree's insert
    trigger (migration 0010), which would add them one by one, and then the R*Tree filled with
    all of them in one statement and the trigger made again, as it was. All in the caller's
    write transaction: an error rolls the trigger and the index back with the insert."""
    rtree = schema_rtree = None
    if conn.dialect.name == "sqlite" and len(nieuwe_ids) >= _RTREE_ACHTERAF:
        schema_rtree = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            (_RTREE_TRIGGER,),
        ).scalar()
        rtree = schema_rtree is not None
    if rtree:
        conn.exec_driver_sql(f"DROP TRIGGER {_RTREE_TRIGGER}")
    yield
    if rtree:
        # the new ids are consecutive, after every id there was (see reserveer_ids)
        conn.exec_driver_sql(
            "INSERT INTO locatie_rtree (id, minx, maxx, miny, maxy) "
            "SELECT id, minx, maxx, miny, maxy FROM locatie WHERE id BETWEEN ? AND ?",
            (nieuwe_ids[0], nieuwe_ids[-1]),
        )
        conn.exec_driver_sql(schema_rtree)  # type: ignore[arg-type]


#: PostgreSQL: from this many new sites (and at least as many as each table held), an import
#: that only adds builds the secondary indexes afterwards.
_INDEXEN_ACHTERAF = 10_000
#: The tables a bulk import fills.
_BULKTABELLEN = (t.locatie.name, t.toewijzing.name, t.wijziging.name)


#: Columns a bulk import does not analyse: no query filters or sorts on the audit log's texts,
#: and their statistics cost more than those of the rest of the load together.
_ZONDER_STATISTIEK = {t.wijziging.name: frozenset({"oud", "nieuw"})}


def _te_analyseren(tabel: str) -> str:
    """``tabel`` as ``ANALYZE`` names it after a bulk import: with the list of its columns when
    some are left out (:data:`_ZONDER_STATISTIEK`)."""
    weg = _ZONDER_STATISTIEK.get(tabel)
    if not weg:
        return tabel
    kolommen = [k.name for k in t.metadata.tables[tabel].columns if k.name not in weg]
    return f"{tabel} ({', '.join(kolommen)})"


@contextmanager
def _indexen_achteraf(conn: Connection, nieuw: int) -> Iterator[None]:
    """PostgreSQL, for a bulk import that adds ``nieuw`` sites: without the secondary indexes
    (GIST, bounding box, municipality, ...; not the primary keys or unique indexes) of each
    table it fills that holds no more rows than it gains, and then those indexes built again
    from their own definitions, each in one pass (a GIST built at once is far cheaper than
    100,000 inserts into it). All in the caller's write transaction (DDL is transactional on
    PostgreSQL): an error rolls the indexes back with the insert. Readers of those tables wait
    until the import commits (``DROP INDEX`` locks the table); such an import only happens when
    a table is loaded for the first time or doubled. Those tables are then analysed
    (``ANALYZE``, in the same transaction, which sees its own rows): without statistics the
    planner takes a freshly loaded table for empty, and a query of a map view over thousands of
    its sites ran seven times slower until autovacuum came by.

    The foreign keys of those tables are dropped with the indexes and added again from their
    own definitions after them (``pg_get_constraintdef``): adding one checks every row in one
    join, where keeping it checks each row as it is copied (one lookup per row and key, the
    largest part of the server's work of a first load). A row that breaks a key fails the
    ``ADD CONSTRAINT``, and the whole import rolls back. Dropping a foreign key also locks the
    table it refers to against writes (``SHARE ROW EXCLUSIVE``; readers go on) until the
    import commits."""
    if conn.dialect.name != "postgresql" or nieuw < _INDEXEN_ACHTERAF:
        yield
        return
    tabellen = [
        naam
        for naam in _BULKTABELLEN
        if conn.exec_driver_sql(f"SELECT count(*) FROM {naam}").scalar_one() <= nieuw
    ]
    indexen = conn.exec_driver_sql(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid "
        "WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY(%(t)s) "
        "AND NOT x.indisunique AND NOT x.indisprimary ORDER BY i.relname",
        {"t": tabellen},
    ).all()
    sleutels = conn.exec_driver_sql(
        "SELECT r.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "JOIN pg_class r ON r.oid = c.conrelid "
        "WHERE r.relnamespace = current_schema()::regnamespace AND r.relname = ANY(%(t)s) "
        "AND c.contype = 'f' ORDER BY r.relname, c.conname",
        {"t": tabellen},
    ).all()
    for naam, _definitie in indexen:
        conn.exec_driver_sql(f'DROP INDEX "{naam}"')
    for tabel, naam, _definitie in sleutels:
        conn.exec_driver_sql(f'ALTER TABLE "{tabel}" DROP CONSTRAINT "{naam}"')
    yield
    for _naam, definitie in indexen:
        conn.exec_driver_sql(definitie)
    for tabel, naam, definitie in sleutels:
        conn.exec_driver_sql(f'ALTER TABLE "{tabel}" ADD CONSTRAINT "{naam}" {definitie}')
    if tabellen:
        conn.exec_driver_sql("ANALYZE " + ", ".join(map(_te_analyseren, tabellen)))


def _integriteitsfout(fout: IntegrityError, aantal: int) -> ValidatieFout:
    """What the database refused when an import of ``aantal`` sites was written, in words.

    The one refusal a correct import can meet is the ``bron_id`` uniqueness (PostgreSQL: a
    concurrent writer took the same key between the check and the write): "probeer opnieuw".
    Any other (a foreign key added again after a bulk load, a required value, a check) names
    the rule, the table, the column and the value where the database tells them."""
    orig = fout.orig
    diag = getattr(orig, "diag", None)
    tekst = str(orig).strip()
    regel = getattr(diag, "constraint_name", None)
    if regel == _UNIEK_BRON_ID or tekst.startswith(_SQLITE_UNIEK_BRON_ID):
        return ValidatieFout(
            [Probleem("bron_id", None, "is intussen door een ander toegevoegd; probeer opnieuw")]
        )
    soort = _INTEGRITEITSREGELS.get(getattr(orig, "sqlstate", None) or "")
    if soort is None:  # SQLite: the kind of rule opens its message
        soort = next((s for k, s in _SQLITE_REGELS.items() if tekst.startswith(k)), "regel")
    tabel = getattr(diag, "table_name", None)
    kolom = getattr(diag, "column_name", None)
    waarde = doel = None
    detail = getattr(diag, "message_detail", None) or ""
    sleutel = re.match(r"Key \((.+?)\)=\((.*)\)", detail)
    if sleutel:
        kolom, waarde = sleutel.groups()
        doel = next(iter(re.findall(r'table "([^"]+)"', detail)), None)
    plek = ".".join(d for d in (tabel, kolom) if d)
    if not plek and ":" in tekst:  # SQLite: "NOT NULL constraint failed: tabel.kolom"
        plek = tekst.split(":", 1)[1].strip()
    uitleg = f"de database weigerde een rij: {soort}"
    if regel:
        uitleg += f" {regel}"
    if plek:
        uitleg += f" van {plek}"
    uitleg += " is geschonden"
    melding = (
        f"Import van {aantal} locaties niet opgeslagen: {uitleg}"
        + (f" (waarde {waarde})" if waarde is not None and doel is None else "")
        + (f" (waarde {waarde} staat niet in tabel {doel})" if doel is not None else "")
        + "; de hele import is teruggedraaid"
    )
    return ValidatieFout([Probleem(kolom or "import", waarde, uitleg)], melding)


#: The ``bron_id`` uniqueness of ``locatie`` (migration 0001), and SQLite's message for it.
_UNIEK_BRON_ID = "uq_locatie_gemeente_bron_id"
_SQLITE_UNIEK_BRON_ID = "UNIQUE constraint failed: locatie.gemeente, locatie.bron_id"
#: PostgreSQL's integrity errors (SQLSTATE class 23) and SQLite's, as the rule they break.
_INTEGRITEITSREGELS = {
    "23503": "verwijzing (foreign key)",
    "23502": "verplichte waarde (NOT NULL)",
    "23505": "unieke sleutel",
    "23514": "controle (CHECK)",
}
_SQLITE_REGELS = {
    "FOREIGN KEY": _INTEGRITEITSREGELS["23503"],
    "NOT NULL": _INTEGRITEITSREGELS["23502"],
    "UNIQUE": _INTEGRITEITSREGELS["23505"],
    "CHECK": _INTEGRITEITSREGELS["23514"],
}


def _sleutel_volgorde(sleutel: tuple[str | None, str]) -> tuple[bool, str, str]:
    gemeente, bron_id = sleutel
    return (gemeente is None, gemeente or "", bron_id)


def _op_sleutels(conn: Connection, sleutels: Collection[tuple[str | None, str]]) -> Iterator[Any]:
    """WHERE clauses, in batches, that select the sites with these ``(gemeente, bron_id)``
    keys: by the unique index on the pair, or, when the store holds no more sites than there
    are keys (a large import into a store with few sites), by their ids after one read of
    every stored key."""
    c = t.locatie.c
    if len(sleutels) >= _SCAN_VANAF and tel(conn, t.locatie) <= len(sleutels):
        gezocht = set(sleutels)
        q = select(c.gemeente, c.bron_id, c.id).where(c.bron_id.is_not(None))
        ids = [lid for gemeente, bron_id, lid in conn.execute(q) if (gemeente, bron_id) in gezocht]
        for deel in delen(ids):
            yield c.id.in_(deel)
        return
    per_gemeente: dict[str | None, list[str]] = {}
    for gemeente, bron_id in sleutels:
        per_gemeente.setdefault(gemeente, []).append(bron_id)
    for gemeente in sorted(per_gemeente, key=lambda g: (g is None, g or "")):
        in_gemeente = c.gemeente.is_(None) if gemeente is None else c.gemeente == gemeente
        for deel in delen(sorted(per_gemeente[gemeente])):
            yield and_(in_gemeente, c.bron_id.in_(deel))
