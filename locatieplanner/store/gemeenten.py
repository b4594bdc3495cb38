"""Municipalities and the region: their rows, the boundaries, and the cached spatial lookup.

The boundaries (:class:`Grenzen`) are read once and kept until a municipality row or the
region's member list changes: the key is read from the database at every use, so a change made
by another process or app server is seen at once. When
boundaries are saved, whatever depends on them (the sites' municipality and position) is derived
again in the same transaction by the functions registered with
:meth:`GemeentenRepository.volg_grenzen`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict
from typing import Any

from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection, insert, select, update

from ..domein.ligging import Grenzen, Ligging
from ..domein.model import Gemeente, gooi_als_problemen, valideer_gemeente
from ..domein.rechten import Actie, eis
from ..domein.regio import Regio
from ..errors import ConfiguratieFout, NietGevonden
from . import schema as t
from .database import Database, nu, tel
from .geometrie import normaliseer_geometrie
from .wijzigingen import Auditlog

__all__ = [
    "GemeentenRepository",
    "Grenscache",
    "Herberekening",
    "gemeente_naar_rij",
    "gemeente_uit_rij",
    "regio_naar_rij",
    "regio_uit_rij",
]

#: Re-derives what depends on the boundaries (in the given transaction); returns how many
#: records changed.
Herberekening = Callable[[Connection, Grenzen], int]


def regio_naar_rij(regio: Regio) -> dict[str, Any]:
    """The region as its ``regio`` row (member municipalities as ``code=naam`` lines)."""
    return {
        "naam": regio.naam,
        "van": regio.van,
        "tot": regio.tot,
        "doel_netto": regio.doel_netto,
        "gemeenten": "\n".join(f"{c}={n}" for c, n in regio.gemeenten.items()),
        "categorieen": "\n".join(regio.categorieen),
    }


def regio_uit_rij(rij: Mapping[str, Any]) -> Regio:
    """The ``regio`` row as a :class:`Regio`."""
    leden = dict(regel.split("=", 1) for regel in rij["gemeenten"].splitlines() if regel)
    categorieen = [c for c in (rij.get("categorieen") or "").splitlines() if c]
    regio = Regio(rij["naam"], rij["van"], rij["tot"], rij["doel_netto"], leden)
    if categorieen:
        regio.categorieen = categorieen
    return regio


def gemeente_naar_rij(gemeente: Gemeente, bron: str | None = None) -> dict[str, Any]:
    """The columns a municipality sets (not its code); a None value is left out (kept)."""
    waarden: dict[str, Any] = {"naam": gemeente.naam}
    if gemeente.geometry is not None:
        waarden["geom"] = normaliseer_geometrie(gemeente.geometry)
    for k in ("woningen", "doelgroep", "peiljaar"):
        if getattr(gemeente, k) is not None:
            waarden[k] = getattr(gemeente, k)
    if bron is not None:
        waarden["bron"] = bron
    return waarden


def gemeente_uit_rij(rij: Mapping[str, Any]) -> Gemeente:
    """A ``gemeente`` row as a :class:`Gemeente`."""
    return Gemeente(
        gemeente=rij["gemeente"],
        naam=rij["naam"],
        geometry=rij["geom"],
        woningen=rij["woningen"],
        doelgroep=rij["doelgroep"],
        peiljaar=rij["peiljaar"],
    )


def _gelijk(nieuw: Any, oud: Any) -> bool:
    if isinstance(nieuw, BaseGeometry) and oud is not None:
        return nieuw.equals(oud)
    return nieuw == oud


class Grenscache:
    """The loaded boundaries with the key they were loaded at (:meth:`GemeentenRepository.grenzen_sleutel`,
    a version read from the database); shared by a store and its :meth:`Store.als` copies."""

    def __init__(self) -> None:
        self.waarde: tuple[tuple[Any, ...], Grenzen] | None = None


class GemeentenRepository:
    """The region, the municipalities and their boundaries."""

    def __init__(self, db: Database, audit: Auditlog, grenscache: Grenscache | None = None) -> None:
        self._db = db
        self._audit = audit
        self.grenscache = grenscache if grenscache is not None else Grenscache()
        self._herberekeningen: list[Herberekening] = []

    def volg_grenzen(self, herberekening: Herberekening) -> None:
        """Run ``herberekening(conn, grenzen)`` whenever boundaries are saved, in that
        transaction; the counts it returns add up to ``herberekend``."""
        self._herberekeningen.append(herberekening)

    # ------------------------------------------------------------------ region

    def zet_regio(self, regio: Regio) -> None:
        """Store the region and make sure each member municipality has a row."""
        eis(self._audit.account, Actie.GRENZEN, item=f"regio {regio.naam}")
        rij = regio_naar_rij(regio)
        waarden = {k: v for k, v in rij.items() if k != "naam"}
        with self._db.schrijven() as conn:
            bestaand = conn.execute(select(t.regio)).mappings().first()
            if bestaand is not None and bestaand["naam"] != regio.naam:
                raise ConfiguratieFout(
                    f"Deze database hoort bij regio {bestaand['naam']!r}, niet bij {regio.naam!r}"
                )
            if bestaand is None:
                conn.execute(insert(t.regio).values(**rij))
                self._audit.schrijf(conn, "regio", regio.naam, "toegevoegd", None, asdict(regio))
            elif {k: bestaand[k] for k in waarden} != waarden:
                conn.execute(update(t.regio).where(t.regio.c.naam == regio.naam).values(**waarden))
                self._audit.schrijf(
                    conn, "regio", regio.naam, "gewijzigd", dict(bestaand), asdict(regio)
                )
            aanwezig = self.codes(conn)
            for code, naam in regio.gemeenten.items():
                if code not in aanwezig:
                    self._voeg_toe(conn, code, gemeente_naar_rij(Gemeente(code, naam)))

    def regio(self) -> Regio:
        """The region of this database; :class:`ConfiguratieFout` when not initialised."""
        with self._db.lezen() as conn:
            rij = conn.execute(select(t.regio)).mappings().first()
        if rij is None:
            raise ConfiguratieFout(
                "De database heeft nog geen regio: voer eerst 'locatieplanner init' uit"
            )
        return regio_uit_rij(rij)

    # ------------------------------------------------------------------ municipalities

    def bewaar(self, gemeenten: Iterable[Gemeente], bron: str | None = None) -> dict[str, int]:
        """Insert or update municipalities (all or nothing); counts per outcome. A None value
        (geometry, stocks) keeps the stored one. New boundaries: see :meth:`volg_grenzen`."""
        eis(self._audit.account, Actie.GRENZEN, item="gemeenten")
        gemeenten = list(gemeenten)
        problemen = [p for g in gemeenten for p in valideer_gemeente(g)]
        gooi_als_problemen(problemen)
        telling = {"toegevoegd": 0, "gewijzigd": 0, "ongewijzigd": 0}
        with self._db.schrijven() as conn:
            bestaand = {r["gemeente"]: dict(r) for r in conn.execute(select(t.gemeente)).mappings()}
            for g in gemeenten:
                waarden = gemeente_naar_rij(g, bron)
                oud = bestaand.get(g.gemeente)
                if oud is None:
                    self._voeg_toe(conn, g.gemeente, waarden)
                    telling["toegevoegd"] += 1
                    continue
                veranderd = {k: v for k, v in waarden.items() if not _gelijk(v, oud[k])}
                if not veranderd:
                    telling["ongewijzigd"] += 1
                    continue
                conn.execute(
                    update(t.gemeente)
                    .where(t.gemeente.c.gemeente == g.gemeente)
                    .values(gewijzigd=nu(), **veranderd)
                )
                self._audit.schrijf(
                    conn,
                    "gemeente",
                    g.gemeente,
                    "gewijzigd",
                    {k: oud[k] for k in veranderd},
                    veranderd,
                )
                telling["gewijzigd"] += 1
            self.grenscache.waarde = None
            if any(g.geometry is not None for g in gemeenten):
                grenzen = self.grenzen(conn)
                telling["herberekend"] = sum(h(conn, grenzen) for h in self._herberekeningen)
        self.grenscache.waarde = None
        return telling

    def _voeg_toe(self, conn: Connection, code: str, waarden: dict[str, Any]) -> None:
        conn.execute(insert(t.gemeente).values(gemeente=code, gewijzigd=nu(), **waarden))
        self._audit.schrijf(conn, "gemeente", code, "toegevoegd", None, waarden)

    def lijst(
        self, codes: Iterable[str] | None = None, alleen_regio: bool = False
    ) -> list[Gemeente]:
        """Municipalities (with geometry where loaded), by code."""
        q = select(t.gemeente).order_by(t.gemeente.c.gemeente)
        if codes is not None:
            q = q.where(t.gemeente.c.gemeente.in_(list(codes)))
        elif alleen_regio:
            q = q.where(t.gemeente.c.gemeente.in_(self.regio().codes))
        with self._db.lezen() as conn:
            rijen = conn.execute(q).mappings().all()
        return [gemeente_uit_rij(r) for r in rijen]

    def lees(self, code: str) -> Gemeente:
        """One municipality; :class:`NietGevonden` when unknown."""
        gevonden = self.lijst([code])
        if not gevonden:
            raise NietGevonden(f"Gemeente {code!r} bestaat niet in deze database")
        return gevonden[0]

    def codes(self, conn: Connection) -> set[str]:
        """The codes of all stored municipalities."""
        return set(conn.execute(select(t.gemeente.c.gemeente)).scalars())

    def bestaat(self, conn: Connection, code: str) -> bool:
        """Whether municipality ``code`` is stored."""
        q = select(t.gemeente.c.gemeente).where(t.gemeente.c.gemeente == code)
        return conn.execute(q).first() is not None

    def tel(self, conn: Connection) -> dict[str, int]:
        """Number of municipalities."""
        return {"gemeente": tel(conn, t.gemeente)}

    def tel_grenzen(self, conn: Connection) -> int:
        """Number of municipalities with a boundary."""
        return tel(conn, t.gemeente, t.gemeente.c.geom.is_not(None))

    # ------------------------------------------------------------------ boundaries

    def heeft_grenzen(self) -> bool:
        """Whether boundary polygons are loaded for the region's municipalities."""
        return not self.grenzen().leeg

    def ligging(self, geometrie: BaseGeometry, gemeente: str | None = None) -> Ligging:
        """Municipality, position and area shares of a geometry (EPSG:28992) by the stored
        boundaries, as the store derives them when saving a site."""
        return self.grenzen().bepaal(normaliseer_geometrie(geometrie), gemeente)

    def grenzen(self, conn: Connection | None = None) -> Grenzen:
        """The stored boundaries (read again only when a municipality row changed); in
        ``conn``'s transaction when given."""
        if conn is not None:
            return self._grenzen(conn)
        with self._db.lezen() as c:
            return self._grenzen(c)

    def grenzen_sleutel(self, conn: Connection) -> tuple[Any, ...]:
        """The version of the stored boundaries, read from the database: the region's member
        list and each boundary's code and time of change. When it is the same, :meth:`grenzen`
        gives the same boundaries. Every change of a row gives it a new time, so a change made
        by another process (or app server, whatever its clock says) changes the key; the
        newest time alone would miss a change stamped by a clock that is behind."""
        met_grens = t.gemeente.c.geom.is_not(None)
        leden = conn.execute(select(t.regio.c.gemeenten)).scalar()
        rijen = conn.execute(
            select(t.gemeente.c.gemeente, t.gemeente.c.gewijzigd)
            .where(met_grens)
            .order_by(t.gemeente.c.gemeente)
        )
        return (leden, tuple(tuple(r) for r in rijen))

    def _grenzen(self, conn: Connection) -> Grenzen:
        met_grens = t.gemeente.c.geom.is_not(None)
        sleutel = self.grenzen_sleutel(conn)
        cache = self.grenscache.waarde
        if cache is not None and cache[0] == sleutel:
            return cache[1]
        rijen = conn.execute(select(t.gemeente.c.gemeente, t.gemeente.c.geom).where(met_grens))
        regio = conn.execute(select(t.regio)).mappings().first()
        leden = list(regio_uit_rij(regio).gemeenten) if regio is not None else []
        grenzen = Grenzen({code: geom for code, geom in rijen}, leden)
        self.grenscache.waarde = (sleutel, grenzen)
        return grenzen
