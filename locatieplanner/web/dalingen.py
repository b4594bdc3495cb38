"""Blueprint ``dalingen``: temporary dips of the target-group stock and re-phasing scenarios
(working agreement 5b, question 4).

``GET /dalingen`` lists every municipality whose stock dips (the analysis' dips with their
causes: which removals, which deliveries). ``GET /dalingen?gemeente=GM....`` is the scenario
builder of one municipality: the steps travel in the URL (``stap``, one per step, see
:func:`stap_als_tekst`), a GET form adds one (from the causes and the municipality's removals and
sites), and the page shows the municipality's stock curve with and without the steps (SVG), the
depth and length of the dip with and without and the effect on the regional total.
``POST /dalingen/opslaan`` saves the steps as a scenario (linked to a case when chosen) and
``POST /dalingen/scenarios/<id>/toepassen`` applies a saved one to the plan; the button shows
only when the store says the account may (:meth:`Store.weigering_toepassen`).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from ..analyse import analyseer
from ..analyse.herfasering import vergelijk
from ..analyse.invoer import lees_invoer
from ..domein.scenario import MAX_STAPPEN, SOORTEN_STAP, STATUSSEN_SCENARIO, Scenario, Stap
from ..errors import Conflict, Probleem, ValidatieFout
from ..weergave import grafiek
from ..weergave.grafiek import Reeks
from . import get_store
from .toegang import regel

__all__ = ["bp", "stap_als_tekst", "stap_uit_tekst"]

bp = Blueprint("dalingen", __name__)

#: What each kind of step is called on the page.
SOORTNAMEN = {
    "onttrekking_verschuiven": "Onttrekking verschuiven (bijv. sloop later)",
    "oplevering_verschuiven": "Oplevering verschuiven (eerder of later)",
    "oplevering_splitsen": "Oplevering splitsen over jaren",
}
_GEHEEL = re.compile(r"^[0-9]{1,10}$")
_VERDELING = re.compile(r"^\s*([0-9]{4})\s*[:=]\s*([0-9]{1,7})\s*$")


def stap_als_tekst(s: Stap) -> str:
    """A step as one URL value: ``soort|doel|jaar|jaar:aantal,...|corporatie``."""
    verdeling = ",".join(f"{j}:{n}" for j, n in s.verdeling)
    return "|".join(
        [s.soort, str(s.doel), "" if s.jaar is None else str(s.jaar), verdeling, s.corporatie or ""]
    )


def _geheel(veld: str, tekst: str, item: str, problemen: list[Probleem]) -> int | None:
    tekst = tekst.strip()
    if not tekst:
        return None
    if not _GEHEEL.match(tekst):
        problemen.append(Probleem(veld, tekst[:20], "moet een geheel getal zijn", item))
        return None
    return int(tekst)


def _verdeling(tekst: str, item: str, problemen: list[Probleem]) -> tuple[tuple[int, int], ...]:
    delen = [d for d in re.split(r"[,;]", tekst) if d.strip()]
    uit = []
    for deel in delen:
        m = _VERDELING.match(deel)
        if m is None:
            problemen.append(
                Probleem(
                    "verdeling", deel[:30], "schrijf jaar:aantal, bijv. 2025:60, 2026:40", item
                )
            )
            continue
        uit.append((int(m[1]), int(m[2])))
    return tuple(uit)


def stap_uit_tekst(tekst: str, item: str) -> Stap:
    """A step from :func:`stap_als_tekst`; :class:`ValidatieFout` naming ``item`` otherwise."""
    delen = (tekst.split("|", 4) + [""] * 5)[:5]
    soort, doel, jaar, verdeling, corporatie = delen
    problemen: list[Probleem] = []
    if soort not in SOORTEN_STAP:
        problemen.append(
            Probleem("soort", soort[:40], "toegestaan zijn " + ", ".join(SOORTEN_STAP), item)
        )
    d = _geheel("doel", doel, item, problemen)
    if d is None and not problemen:
        problemen.append(Probleem("doel", doel, "kies een onttrekking of locatie", item))
    stap = Stap(
        soort,
        d or 0,
        _geheel("jaar", jaar, item, problemen),
        _verdeling(verdeling, item, problemen),
        corporatie.strip()[:100] or None,
    )
    if problemen:
        raise ValidatieFout(problemen)
    return stap


def _stappen(waarden: list[str]) -> list[Stap]:
    if len(waarden) > MAX_STAPPEN:
        raise ValidatieFout([Probleem("stap", len(waarden), f"hoogstens {MAX_STAPPEN} stappen")])
    return [stap_uit_tekst(w, f"stap {i}") for i, w in enumerate(waarden, start=1)]


def _nieuwe_stap(args: MultiDict[str, str]) -> str | None:
    """The step the add form gives (fields ``n_*``), as URL text; None when none is given."""
    soort = (args.get("n_soort") or "").strip()
    if not soort:
        return None
    doel = (
        args.get("n_locatie") if soort != "onttrekking_verschuiven" else args.get("n_onttrekking")
    )
    return "|".join(
        [
            soort,
            (doel or "").strip(),
            (args.get("n_jaar") or "").strip(),
            re.sub(r"[\s|]", "", (args.get("n_verdeling") or ""))
            .replace(";", ",")
            .replace("=", ":"),
            (args.get("n_corporatie") or "").strip() if soort != "onttrekking_verschuiven" else "",
        ]
    )


def _grafiek(h: Any, gemeente: str, naam: str) -> str:
    jaren = [int(j) for j in h.voorraad_zonder.columns]
    return grafiek.lijndiagram(
        f"Doelgroepvoorraad {naam}",
        jaren,
        [
            Reeks("Zonder scenario", list(h.voorraad_zonder.loc[gemeente]), "#868e96", True),
            Reeks("Met scenario", list(h.voorraad_met.loc[gemeente]), "#1971c2"),
        ],
        breedte=560,
        hoogte=240,
        as_titel="woningen",
        ident="grafiek-herfasering",
    )


def _dips(store: Any) -> dict[str, list[dict[str, Any]]]:
    dalingen = analyseer(store).dalingen
    dalingen = dalingen[dalingen["scenario"] == "totaal"]
    uit: dict[str, list[dict[str, Any]]] = {}
    for rij in dalingen.to_dict("records"):
        uit.setdefault(rij["gemeente"], []).append(rij)
    return uit


@bp.get("/dalingen")
@regel("aangemeld")
def index() -> Any:
    """The dips per municipality with their causes; with ``gemeente`` the scenario builder."""
    store = get_store()
    regio = store.regio()
    gemeente = (request.args.get("gemeente") or "").strip()
    if gemeente and gemeente not in regio.gemeenten:
        raise ValidatieFout(
            [
                Probleem(
                    "gemeente",
                    gemeente[:20],
                    "onbekende gemeente; toegestaan zijn " + ", ".join(regio.gemeenten),
                )
            ]
        )
    teksten = request.args.getlist("stap")
    nieuw = _nieuwe_stap(request.args)
    scenario = None
    if request.args.get("scenario", "").strip():
        sid = _geheel("scenario", request.args["scenario"], "scenario", [])
        scenario = store.scenario(sid or 0)
        gemeente = scenario.gemeente
        if not teksten and nieuw is None:
            teksten = [stap_als_tekst(s) for s in scenario.stappen]
    if nieuw is not None:
        args = {"gemeente": gemeente, "stap": [*teksten, nieuw]}
        if scenario is not None:
            args["scenario"] = scenario.id
        return redirect(url_for("dalingen.index", **args))
    return _pagina(gemeente, teksten, scenario)


def _pagina(
    gemeente: str, teksten: list[str], scenario: Any, fout: str | None = None, status: int = 200
) -> Any:
    """The page: the dips, and with ``gemeente`` its builder with the steps ``teksten``."""
    store = get_store()
    regio = store.regio()
    context: dict[str, Any] = {
        "regio": regio,
        "gemeenten": regio.gemeenten,
        "dips": _dips(store),
        "gemeente": gemeente,
        "soortnamen": SOORTNAMEN,
        "statussen": [s for s in STATUSSEN_SCENARIO if s != "toegepast"],
        "scenario": scenario,
        "teksten": teksten,
        "fout": None,
    }
    if gemeente in regio.gemeenten:
        context.update(_bouwer(store, gemeente, teksten, scenario))
    if fout is not None:
        context["fout"] = fout
        status = status if status >= 400 else 422
    elif context["fout"]:
        status = 422
    return render_template("dalingen.html", **context), status


def _bouwer(store: Any, gemeente: str, teksten: list[str], scenario: Any) -> dict[str, Any]:
    """What the builder of ``gemeente`` shows: its removals, sites, cases, saved scenarios and
    the comparison of its curves with the steps ``teksten``."""
    uit: dict[str, Any] = {
        "onttrekkingen": store.onttrekkingen(gemeente),
        "locaties": [
            loc for loc in store.locaties(gemeente=gemeente, met_geometrie=False) if loc.daeb
        ],
        "corporaties": [c.naam for c in store.corporaties()],
        "casussen": store.casussen(gemeente=gemeente),
        "scenarios": store.scenarios(gemeente=gemeente),
        "fout": None,
        "stappen": [],
        "vergelijking": None,
        "svg": None,
    }
    uit["weigering"] = {
        sc.id: store.weigering_toepassen(sc.id)
        for sc in uit["scenarios"]
        if sc.status not in ("toegepast", "vervallen")
    }
    try:
        stappen = _stappen(teksten)
        h = vergelijk(lees_invoer(store), stappen)
    except ValidatieFout as fout:
        uit["fout"] = fout.melding
        stappen = []
        h = vergelijk(lees_invoer(store), [])
    uit["stappen"] = list(zip(stappen, [stap_als_tekst(s) for s in stappen], strict=True))
    uit["vergelijking"] = h
    uit["svg"] = _grafiek(h, gemeente, store.regio().gemeenten.get(gemeente, gemeente))
    return uit


def _terug(scenario_id: int) -> Any:
    return redirect(url_for("dalingen.index", scenario=scenario_id))


@bp.post("/dalingen/opslaan")
@regel("aangemeld")
def opslaan() -> Any:
    """Save the steps as a new scenario, or over a saved one (``scenario`` and ``versie``)."""
    store = get_store()
    form = request.form
    gemeente = (form.get("gemeente") or "").strip()
    teksten = form.getlist("stap")
    sid = None
    try:
        problemen: list[Probleem] = []
        casus = _geheel("casus", form.get("casus") or "", "scenario", problemen)
        sid = _geheel("scenario", form.get("scenario") or "", "scenario", problemen)
        versie = _geheel("versie", form.get("versie") or "", "scenario", problemen)
        if problemen:
            raise ValidatieFout(problemen)
        velden = {
            "naam": (form.get("naam") or "").strip(),
            "toelichting": (form.get("toelichting") or "").strip() or None,
            "casus": casus,
            "status": (form.get("status") or "concept").strip(),
            "stappen": _stappen(teksten),
        }
        if sid is not None:
            if versie is None:
                raise ValidatieFout([Probleem("versie", None, "ontbreekt; laad de pagina opnieuw")])
            sc = store.wijzig_scenario(sid, velden, versie)
        else:
            sc = store.voeg_scenario_toe(Scenario(gemeente=gemeente, **velden))
    except (ValidatieFout, Conflict) as fout:
        status = 409 if isinstance(fout, Conflict) else 422
        scenario = None
        if sid is not None:
            scenario = store.scenario(sid)
        return _pagina(gemeente, teksten, scenario, fout.melding, status)
    flash(f"Scenario {sc.naam!r} is opgeslagen (versie {sc.versie}).")
    return _terug(sc.id)  # type: ignore[arg-type]


@bp.post("/dalingen/scenarios/<int:scenario_id>/toepassen")
@regel("aangemeld")
def toepassen(scenario_id: int) -> Any:
    """Apply a saved scenario to the plan (with the version the page showed)."""
    store = get_store()
    sc = store.scenario(scenario_id)
    problemen: list[Probleem] = []
    versie = _geheel("versie", request.form.get("versie") or "", "scenario", problemen)
    try:
        if versie is None:
            raise ValidatieFout(
                problemen or [Probleem("versie", None, "ontbreekt; laad de pagina opnieuw")]
            )
        sc = store.pas_scenario_toe(scenario_id, versie)
    except (ValidatieFout, Conflict) as fout:
        teksten = [stap_als_tekst(s) for s in sc.stappen]
        status = 409 if isinstance(fout, Conflict) else 422
        return _pagina(sc.gemeente, teksten, sc, fout.melding, status)
    flash(f"Scenario {sc.naam!r} is toegepast op het plan.")
    return _terug(scenario_id)
