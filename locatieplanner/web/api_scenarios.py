"""Routes of the REST API for re-phasing (5b question 4), on the blueprint of :mod:`.api`.

``POST /herfasering`` computes a scenario without saving anything (the comparison of
:func:`locatieplanner.analyse.herfasering.vergelijk`); ``GET/POST /scenarios`` and
``GET/PATCH/DELETE /scenarios/<id>`` (ETag and If-Match) keep saved scenarios;
``POST /scenarios/<id>/toepassen`` (If-Match) applies one to the plan.
"""

from __future__ import annotations

from typing import Any

from flask import Response

from ..analyse.herfasering import vergelijk
from ..analyse.invoer import lees_invoer
from ..domein.scenario import Scenario, Stap
from ..errors import Conflict
from ..store import Store
from . import schemas as s
from . import schemas_scenarios as ss
from .api import _etag, _id, _json, _routes, _Soort, bp
from .openapi import Antwoord, operatie
from .verzoek import Verzoek

__all__ = ["stappen_uit", "vergelijking"]


def stappen_uit(invoer: list[Any]) -> list[Stap]:
    """Validated request steps as domain steps."""
    return [
        Stap(
            s.soort,
            s.doel,
            s.jaar,
            tuple((v.jaar, v.aantal) for v in s.verdeling),
            s.corporatie,
        )
        for s in invoer
    ]


def vergelijking(store: Store, stappen: list[Stap], peiljaar: int | None = None) -> dict[str, Any]:
    """The comparison of the stock with and without ``stappen`` as the API gives it."""
    return vergelijk(lees_invoer(store), stappen, peiljaar).als_dict()


def _domeinvelden(velden: dict[str, Any]) -> dict[str, Any]:
    uit = dict(velden)
    if uit.get("stappen") is not None:
        uit["stappen"] = stappen_uit(uit["stappen"])
    return uit


class _ScenarioSoort(_Soort):
    def als_dict(self, item: Any) -> dict[str, Any]:
        return ss.als_dict(item)


_SCENARIO = _ScenarioSoort(
    "scenario",
    "het",
    "scenarios",
    ss.Scenario,
    Store.scenario,
    lambda store, i, velden, versie: store.wijzig_scenario(i, _domeinvelden(velden), versie),
    Store.verwijder_scenario,
    None,
    ss.ScenarioPatch,
)


@operatie(
    bp,
    "POST /herfasering",
    "Herfasering doorrekenen zonder op te slaan: doelgroepvoorraad per gemeente zonder en met "
    "de stappen, diepte en duur van het dal, effect op de regio",
    {200: ss.Herfasering},
    body=ss.HerfaseringInvoer,
)
def herfasering(v: Verzoek) -> Response:
    """Compare the stock without and with the given steps; nothing is stored."""
    body = v.body("herfasering")
    return _json(vergelijking(v.store, stappen_uit(body.stappen), body.peiljaar))


@operatie(
    bp,
    "GET /scenarios",
    "Opgeslagen herfaseringsscenario's",
    {200: list[ss.Scenario]},
    query=ss.ScenarioZoekvraag,
)
def scenarios(v: Verzoek) -> Response:
    """Saved scenarios by municipality, filtered by municipality or status."""
    lijst = v.store.scenarios(gemeente=v.query.gemeente, status=v.query.status)
    return _json([ss.als_dict(sc) for sc in lijst])


@operatie(
    bp,
    "POST /scenarios",
    "Herfaseringsscenario opslaan (als voorstel; ieder aangemeld account)",
    {201: Antwoord(ss.Scenario, "Opgeslagen", ("ETag", "Location"))},
    body=ss.ScenarioInvoer,
)
def scenario_toevoegen(v: Verzoek) -> Response:
    """A new scenario; 201 with Location and ETag."""
    body = v.body("scenario")
    velden = {k: w for k, w in body if k not in ss.ScenarioInvoer.alleen_lezen}
    return _SCENARIO.nieuw(v.store.voeg_scenario_toe(Scenario(**_domeinvelden(velden))))


_routes(_SCENARIO)


@operatie(
    bp,
    "POST /scenarios/<int:scenario_id>/toepassen",
    "Scenario toepassen op het plan (één transactie; recht op elke geraakte locatie en "
    "onttrekking nodig)",
    {
        200: Antwoord(ss.Scenario, "Toegepast", ("ETag",)),
        409: Antwoord(
            s.Fout,
            "Een geraakte locatie of onttrekking is gewijzigd sinds het opslaan, of het scenario "
            "is al toegepast of vervallen: niets toegepast; huidig is het scenario",
            ("ETag",),
        ),
    },
    if_match=True,
)
def scenario_toepassen(v: Verzoek, scenario_id: int) -> Response:
    """Apply a saved scenario still at the If-Match version; 412 when stale, 409 when a touched
    site or removal changed since the scenario was saved."""
    store = v.store
    _SCENARIO.item(store, _id(scenario_id, "Scenario"))
    versie = v.if_match("het scenario")
    try:
        sc = store.pas_scenario_toe(scenario_id, versie)
    except Conflict as fout:
        huidig = store.scenario(scenario_id)
        if huidig.versie != versie:
            return _SCENARIO.conflict(store, scenario_id, fout)
        # the scenario is current, but a site or removal it touches changed since it was saved
        # (or it is applied or lapsed already): 409 with the scenario
        antwoord = _json({"fout": fout.melding, "details": [], "huidig": ss.als_dict(huidig)}, 409)
        return _etag(antwoord, huidig.versie)  # type: ignore[arg-type]
    return _SCENARIO.antwoord(sc)
