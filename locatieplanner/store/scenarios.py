"""Saved re-phasing scenarios (working agreement 5b, question 4) and applying them to the plan.

A ``scenario`` row has its steps in ``scenario_stap`` (replaced whole by a write), each with the
row version of the site or removal it touches at the moment the steps were saved. Scenarios have
an optimistic-lock ``versie`` (:class:`.versies.Versies`) and are recorded in the audit log
(``scenario``). Saving, changing and deleting follow
:func:`~locatieplanner.domein.rechten.eis_scenario`.

:meth:`ScenariosRepository.pas_toe` turns the steps into plan changes in ONE write transaction:
every touched site and removal must still be at the version saved with the scenario
(:class:`Conflict` naming it otherwise), each change goes through the sites' and removals' own
rules, rights and audit log, and the scenario becomes ``toegepast``; any problem leaves
everything as it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from ..domein.model import SEGMENTEN, Locatie, Onttrekking, Toewijzing, gooi_als_problemen
from ..domein.rechten import eis_onttrekking, eis_scenario, eis_wijziging_locatie
from ..domein.scenario import Scenario, Stap, doel_van, valideer_scenario, verdeel
from ..errors import Conflict, GeenToegang, NietGevonden, Probleem, ValidatieFout
from . import schema as t
from .database import Database, nu, tel, utc
from .locaties import LocatiesRepository
from .onttrekkingen import OnttrekkingenRepository
from .versies import Versies
from .wijzigingen import Auditlog

__all__ = ["ScenariosRepository", "stap_als_rij", "stap_uit_rij"]

#: Fields of a scenario the store keeps (not changed by a client).
_VAST = ("auteur", "doelversies", "aangemaakt", "gewijzigd", "toegepast")


def stap_als_rij(
    scenario_id: int, volgorde: int, s: Stap, doelversie: int | None
) -> dict[str, Any]:
    """The ``scenario_stap`` columns of one step."""
    return {
        "scenario": scenario_id,
        "volgorde": volgorde,
        "soort": s.soort,
        "doel": s.doel,
        "jaar": s.jaar,
        "verdeling": ",".join(f"{j}:{n}" for j, n in s.verdeling) or None,
        "corporatie": s.corporatie,
        "doelversie": doelversie,
    }


def stap_uit_rij(rij: Mapping[str, Any]) -> Stap:
    """A ``scenario_stap`` row as a :class:`Stap`."""
    verdeling = tuple(
        (int(j), int(n))
        for j, n in (deel.split(":") for deel in (rij["verdeling"] or "").split(",") if deel)
    )
    return Stap(rij["soort"], rij["doel"], rij["jaar"], verdeling, rij["corporatie"])


def _scenario_dict(sc: Scenario) -> dict[str, Any]:
    uit = asdict(sc)
    uit["stappen"] = [s.als_dict() for s in sc.stappen]
    return uit


def _stappen(waarde: Any) -> Any:
    """Steps given as dicts made :class:`Stap` (anything else is left for the validation)."""
    if not isinstance(waarde, list):
        return waarde
    return [Stap.uit_dict(s) if isinstance(s, Mapping) else s for s in waarde]


class ScenariosRepository:
    """Saved re-phasing scenarios, each with an optimistic-lock ``versie``."""

    def __init__(
        self,
        db: Database,
        audit: Auditlog,
        locaties: LocatiesRepository,
        onttrekkingen: OnttrekkingenRepository,
    ) -> None:
        self._db = db
        self._audit = audit
        self._locaties = locaties
        self._onttrekkingen = onttrekkingen
        self._versies = Versies(
            t.scenario, audit, "scenario", self._een, lidwoord="het", als_dict=_scenario_dict
        )

    # ------------------------------------------------------------------ reading

    def _lees(self, conn: Connection, rijen: Sequence[Mapping[str, Any]]) -> list[Scenario]:
        ids = [r["id"] for r in rijen]
        stappen: dict[int, list[Stap]] = defaultdict(list)
        versies: dict[int, dict[str, int]] = defaultdict(dict)
        if ids:
            q = select(t.scenario_stap).where(t.scenario_stap.c.scenario.in_(ids))
            for r in conn.execute(q.order_by(t.scenario_stap.c.volgorde)).mappings():
                stap = stap_uit_rij(r)
                stappen[r["scenario"]].append(stap)
                if r["doelversie"] is not None:
                    versies[r["scenario"]][doel_van(stap)] = r["doelversie"]
        return [
            Scenario(
                naam=r["naam"],
                gemeente=r["gemeente"],
                stappen=stappen[r["id"]],
                toelichting=r["toelichting"],
                casus=r["casus"],
                status=r["status"],
                auteur=r["auteur"],
                doelversies=versies[r["id"]],
                id=r["id"],
                versie=r["versie"],
                aangemaakt=utc(r["aangemaakt"]),
                gewijzigd=utc(r["gewijzigd"]),
                toegepast=utc(r["toegepast"]),
            )
            for r in rijen
        ]

    def _een(self, conn: Connection, scenario_id: int) -> Scenario | None:
        q = select(t.scenario).where(t.scenario.c.id == scenario_id)
        rij = conn.execute(q).mappings().first()
        return None if rij is None else self._lees(conn, [rij])[0]

    def lees(self, scenario_id: int) -> Scenario:
        """One scenario; :class:`NietGevonden` when it does not exist."""
        with self._db.lezen() as conn:
            return self._versies.lees(conn, scenario_id)

    def lijst(
        self,
        gemeente: str | Iterable[str] | None = None,
        casus: int | None = None,
        status: str | None = None,
    ) -> list[Scenario]:
        """Scenarios by municipality and id, filtered by municipality code(s), linked case or
        status."""
        q = select(t.scenario).order_by(t.scenario.c.gemeente, t.scenario.c.id)
        if gemeente is not None:
            codes = [gemeente] if isinstance(gemeente, str) else list(gemeente)
            q = q.where(t.scenario.c.gemeente.in_(codes))
        if casus is not None:
            q = q.where(t.scenario.c.casus == casus)
        if status is not None:
            q = q.where(t.scenario.c.status == status)
        with self._db.lezen() as conn:
            return self._lees(conn, conn.execute(q).mappings().all())

    # ------------------------------------------------------------------ checks

    def _doel(self, conn: Connection, s: Stap) -> Locatie | Onttrekking | None:
        try:
            if s.soort == "onttrekking_verschuiven":
                return self._onttrekkingen.lees_in(conn, s.doel)
            return self._locaties.lees_in(conn, s.doel)
        except NietGevonden:
            return None

    def _controleer(self, conn: Connection, sc: Scenario) -> dict[str, int]:
        """Validate a scenario against the domain rules and what is stored (its municipality,
        its case of the same municipality, the targets of its steps in that municipality); the
        row versions of those targets now."""
        gooi_als_problemen(valideer_scenario(sc))
        item = f"scenario {sc.id or repr(sc.naam)}"
        problemen: list[Probleem] = []
        q = select(t.gemeente.c.gemeente).where(t.gemeente.c.gemeente == sc.gemeente)
        if conn.execute(q).first() is None:
            problemen.append(Probleem("gemeente", sc.gemeente, "onbekende gemeentecode", item))
        if sc.casus is not None:
            q = select(t.casus.c.gemeente).where(t.casus.c.id == sc.casus)
            gemeente = conn.execute(q).scalar()
            if gemeente is None:
                problemen.append(Probleem("casus", sc.casus, "onbekende casus", item))
            elif gemeente != sc.gemeente:
                problemen.append(
                    Probleem(
                        "casus",
                        sc.casus,
                        f"hoort bij gemeente {gemeente}; koppel een casus van {sc.gemeente}",
                        item,
                    )
                )
        versies: dict[str, int] = {}
        for i, s in enumerate(sc.stappen, start=1):
            doel = self._doel(conn, s)
            wat = "onttrekking" if s.soort == "onttrekking_verschuiven" else "locatie"
            if doel is None:
                problemen.append(Probleem("doel", s.doel, f"onbekende {wat}", f"stap {i}"))
            elif doel.gemeente != sc.gemeente:
                problemen.append(
                    Probleem(
                        "doel",
                        s.doel,
                        f"deze {wat} ligt in {doel.gemeente or 'geen gemeente'}, niet in "
                        f"{sc.gemeente}; een scenario verschuift alleen de eigen gemeente",
                        f"stap {i}",
                    )
                )
            else:
                versies[doel_van(s)] = doel.versie  # type: ignore[assignment]
        gooi_als_problemen(problemen)
        return versies

    def _schrijf_stappen(self, conn: Connection, sc: Scenario) -> None:
        conn.execute(delete(t.scenario_stap).where(t.scenario_stap.c.scenario == sc.id))
        conn.execute(
            insert(t.scenario_stap),
            [
                stap_als_rij(sc.id, i, s, sc.doelversies.get(doel_van(s)))  # type: ignore[arg-type]
                for i, s in enumerate(sc.stappen)
            ],
        )

    @staticmethod
    def _rij(sc: Scenario) -> dict[str, Any]:
        return {
            "gemeente": sc.gemeente,
            "naam": sc.naam,
            "toelichting": sc.toelichting,
            "casus": sc.casus,
            "status": sc.status,
            "auteur": sc.auteur,
            "gewijzigd": sc.gewijzigd,
            "toegepast": sc.toegepast,
        }

    # ------------------------------------------------------------------ writing

    def voeg_toe(self, scenario: Scenario) -> Scenario:
        """Validate and store a new scenario (version 1) with the current versions of the
        records its steps touch; its author is the account. Status ``toegepast`` is refused:
        that is what applying does."""
        account = self._audit.account
        eis_scenario(account, scenario, None)
        _niet_toegepast(scenario, None)
        with self._db.schrijven() as conn:
            versies = self._controleer(conn, scenario)
            tijd = nu()
            sc = replace(
                scenario,
                auteur=account.naam,
                doelversies=versies,
                aangemaakt=tijd,
                gewijzigd=tijd,
                toegepast=None,
            )
            nieuw = self._versies.voeg_toe(conn, {**self._rij(sc), "aangemaakt": tijd}, sc)
            self._schrijf_stappen(conn, nieuw)
            return nieuw

    def wijzig(self, scenario_id: int, wijzigingen: Mapping[str, Any], versie: int) -> Scenario:
        """Change ``naam``, ``toelichting``, ``casus``, ``status`` or ``stappen`` (replaced
        whole; the versions of their targets are taken again) of a scenario still at
        ``versie``. An applied scenario is not changed any more."""
        with self._db.schrijven() as conn:
            oud = self._versies.lees(conn, scenario_id)
            eis_scenario(self._audit.account, oud, oud.auteur)
            self._versies.controleer(oud, versie)
            wijzigingen = dict(wijzigingen)
            if "stappen" in wijzigingen:
                wijzigingen["stappen"] = _stappen(wijzigingen["stappen"])
            nieuw = self._versies.gewijzigd(oud, wijzigingen, _VAST)
            _niet_toegepast(nieuw, oud)
            eis_scenario(self._audit.account, nieuw, oud.auteur)
            versies = self._controleer(conn, nieuw)
            if "stappen" in wijzigingen:  # saving the steps takes their targets' versions again
                nieuw = replace(nieuw, doelversies=versies)
            if nieuw == oud:
                return oud
            nieuw = replace(nieuw, gewijzigd=nu())
            bijgewerkt = self._versies.werk_bij(conn, oud, versie, self._rij(nieuw), nieuw)
            self._schrijf_stappen(conn, bijgewerkt)
            return bijgewerkt

    def verwijder(self, scenario_id: int, versie: int) -> None:
        """Delete a scenario still at ``versie`` (also an applied one: the plan changes and the
        audit log stay)."""
        with self._db.schrijven() as conn:
            oud = self._versies.lees(conn, scenario_id)
            eis_scenario(self._audit.account, oud, oud.auteur)
            self._versies.verwijder(conn, oud, versie)

    # ------------------------------------------------------------------ applying

    def pas_toe(self, scenario_id: int, versie: int) -> Scenario:
        """Apply the steps of a scenario still at ``versie`` to the plan in ONE transaction.

        Every touched site and removal must still be at the version saved with the steps
        (:class:`Conflict` naming it otherwise: save the scenario again to take the new
        versions); the account needs the right to change each (the sites' and removals' own
        rules decide); a split that the plan cannot represent is refused. The scenario
        becomes ``toegepast``. Nothing is written when anything fails."""
        with self._db.schrijven() as conn:
            sc = self._versies.lees(conn, scenario_id)
            self._versies.controleer(sc, versie)
            oud, nieuw = self._plan_na(conn, sc)
            for sleutel, item in oud.items():
                if nieuw[sleutel] == item:
                    continue
                if isinstance(item, Onttrekking):
                    self._onttrekkingen.wijzig_in(
                        conn, item, {"jaar": nieuw[sleutel].jaar}, item.versie
                    )  # type: ignore[arg-type]
                else:
                    velden = {
                        "oplevering": nieuw[sleutel].oplevering,
                        "toewijzingen": nieuw[sleutel].toewijzingen,
                    }
                    self._locaties.wijzig_in(conn, item, velden, item.versie)  # type: ignore[arg-type]
            tijd = nu()
            klaar = replace(sc, status="toegepast", toegepast=tijd, gewijzigd=tijd)
            return self._versies.werk_bij(conn, sc, versie, self._rij(klaar), klaar)

    def _plan_na(self, conn: Connection, sc: Scenario) -> tuple[dict[str, Any], dict[str, Any]]:
        """The touched records as stored (checked against the saved versions) and as the steps
        make them, by :func:`~locatieplanner.domein.scenario.doel_van` key."""
        if sc.status in ("toegepast", "vervallen"):
            raise Conflict(
                f"Scenario {sc.id} ({sc.naam!r}) is {sc.status} en wordt niet (opnieuw) "
                "toegepast; sla de stappen op als een nieuw scenario",
                huidig=_scenario_dict(sc),
            )
        oud: dict[str, Any] = {}
        nieuw: dict[str, Any] = {}
        for i, s in enumerate(sc.stappen, start=1):
            sleutel = doel_van(s)
            if sleutel not in oud:
                oud[sleutel] = nieuw[sleutel] = self._opgeslagen(conn, sc, s)
            nieuw[sleutel] = _voer_uit(nieuw[sleutel], s, f"stap {i}")
        return oud, nieuw

    def weigering_toepassen(self, scenario_id: int) -> str | None:
        """Why the account cannot apply the scenario now (its status, a touched record changed
        since saving, a step the plan cannot represent, no right to a touched record), or None
        when it can. Only reads: what a page asks before it offers the button."""
        account = self._audit.account
        with self._db.lezen() as conn:
            try:
                sc = self._versies.lees(conn, scenario_id)
                oud, nieuw = self._plan_na(conn, sc)
                for sleutel, item in oud.items():
                    if isinstance(item, Onttrekking):
                        eis_onttrekking(account, item)
                        eis_onttrekking(account, nieuw[sleutel])
                    elif nieuw[sleutel] != item:
                        eis_wijziging_locatie(account, item, nieuw[sleutel])
            except (Conflict, GeenToegang, NietGevonden, ValidatieFout) as fout:
                return fout.melding
        return None

    def _opgeslagen(self, conn: Connection, sc: Scenario, s: Stap) -> Locatie | Onttrekking:
        """The stored target of a step, checked against the version saved with the scenario."""
        sleutel = doel_van(s)
        wat, _, nummer = sleutel.partition(":")
        doel = self._doel(conn, s)
        if doel is None:
            raise NietGevonden(
                f"De {wat} {nummer} van scenario {sc.id} bestaat niet meer; pas het scenario aan"
            )
        bewaard = sc.doelversies.get(sleutel)
        if doel.versie != bewaard:
            naam = f" ({doel.naam!r})" if isinstance(doel, Locatie) else ""
            raise Conflict(
                f"De {wat} {nummer}{naam} is gewijzigd sinds scenario {sc.id} is opgeslagen "
                f"(nu versie {doel.versie}, in het scenario versie {bewaard}); er is niets "
                "toegepast: bekijk de wijziging en sla het scenario opnieuw op",
                huidig=_scenario_dict(sc),
            )
        return doel

    def tel(self, conn: Connection) -> dict[str, int]:
        """Number of scenarios."""
        return {"scenario": tel(conn, t.scenario)}


def _niet_toegepast(nieuw: Scenario, oud: Scenario | None) -> None:
    """Refuse setting status ``toegepast`` by hand and changing an applied scenario."""
    item = f"scenario {nieuw.id or repr(nieuw.naam)}"
    if oud is not None and oud.status == "toegepast":
        raise Conflict(
            f"Scenario {oud.id} ({oud.naam!r}) is al toegepast op het plan en wordt niet meer "
            "gewijzigd; sla de stappen op als een nieuw scenario",
            huidig=_scenario_dict(oud),
        )
    if nieuw.status == "toegepast":
        raise ValidatieFout(
            [
                Probleem(
                    "status",
                    "toegepast",
                    "wordt gezet door het scenario toe te passen (knop Toepassen of POST "
                    ".../toepassen); kies concept, voorgesteld of vervallen",
                    item,
                )
            ]
        )


def _samengevoegd(toewijzingen: Iterable[Toewijzing]) -> list[Toewijzing]:
    """Assignments with the same corporation and year of delivery added up (the plan allows one
    per corporation and year)."""
    som: dict[tuple[str, int | None], int] = {}
    for tw in toewijzingen:
        som[(tw.corporatie, tw.oplevering)] = som.get((tw.corporatie, tw.oplevering), 0) + tw.daeb
    return [Toewijzing(c, n, j) for (c, j), n in som.items()]


def _voer_uit(doel: Locatie | Onttrekking, s: Stap, item: str) -> Locatie | Onttrekking:
    """``doel`` with step ``s`` applied as a plan change (as
    :func:`locatieplanner.analyse.herfasering.pas_toe` counts it)."""
    if isinstance(doel, Onttrekking):
        return replace(doel, jaar=s.jaar)
    eigen = [tw for tw in doel.toewijzingen if s.corporatie in (None, tw.corporatie)]
    rest = [tw for tw in doel.toewijzingen if s.corporatie not in (None, tw.corporatie)]
    if s.corporatie is not None and not eigen:
        raise ValidatieFout(
            [
                Probleem(
                    "corporatie",
                    s.corporatie,
                    f"heeft geen toewijzing op locatie {doel.id} ({doel.naam!r})",
                    item,
                )
            ]
        )
    if s.soort == "oplevering_verschuiven":
        verschoven = [
            replace(tw, oplevering=s.jaar)
            if s.corporatie is not None or tw.oplevering is not None
            else tw
            for tw in eigen
        ]
        oplevering = doel.oplevering if s.corporatie is not None else s.jaar
        return replace(
            doel, oplevering=oplevering, toewijzingen=_samengevoegd([*rest, *verschoven])
        )
    return replace(doel, toewijzingen=_gesplitst(doel, s, eigen, rest, item))


def _gesplitst(
    doel: Locatie, s: Stap, eigen: list[Toewijzing], rest: list[Toewijzing], item: str
) -> list[Toewijzing]:
    """The assignments of a site after a split: each moving assignment spread over the years in
    the proportion of the split. Only assigned DAEB can be spread: a site has one year of
    delivery for everything else."""
    if s.corporatie is None:
        los = {seg: getattr(doel, seg) for seg in SEGMENTEN if seg != "daeb"}
        los["daeb (niet toegewezen)"] = max(0, doel.daeb - sum(tw.daeb for tw in eigen))
        los = {k: n for k, n in los.items() if n}
        if los:
            corporaties = ", ".join(sorted({tw.corporatie for tw in eigen})) or "geen"
            raise ValidatieFout(
                [
                    Probleem(
                        "doel",
                        doel.id,
                        f"locatie {doel.naam!r} heeft één opleverjaar voor "
                        + ", ".join(f"{n} {k}" for k, n in los.items())
                        + "; alleen toegewezen DAEB-woningen kunnen over jaren worden verdeeld. "
                        f"Kies bij deze stap een corporatie (toegewezen: {corporaties}) of "
                        "splits de locatie in fasen (aparte locaties)",
                        item,
                    )
                ]
            )
    totaal = sum(tw.daeb for tw in eigen)
    gevraagd = sum(n for _, n in s.verdeling)
    if gevraagd != totaal:
        raise ValidatieFout(
            [
                Probleem(
                    "verdeling",
                    gevraagd,
                    f"de verdeling moet optellen tot de {totaal} woningen die verschuiven",
                    item,
                )
            ]
        )
    gewichten = [n for _, n in s.verdeling]
    delen = [
        Toewijzing(tw.corporatie, deel, jaar)
        for tw in eigen
        for (jaar, _), deel in zip(s.verdeling, verdeel(tw.daeb, gewichten), strict=True)
        if deel
    ]
    return _samengevoegd([*rest, *delen])
