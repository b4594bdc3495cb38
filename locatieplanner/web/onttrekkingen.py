"""Blueprint ``onttrekkingen``: removals from the target-group stock as a page with forms.

``GET /onttrekkingen?gemeente=GM0518&corporatie=Staedion``: the removals (filtered by
municipality and corporation) and, for an account that may add removals, a form for a new one.
``GET /onttrekkingen/<id>``: one removal in a form to change or delete it; ``POST`` to the same
address saves it with the version it was read at (a stale form gives 409 with the stored values),
``POST /onttrekkingen/<id>/verwijderen`` deletes it. The store decides the rights (a municipality
its own removals, a corporation the removals it makes); a refused write is 403 with its message.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from ..domein.model import JAAR_MAX, JAAR_MIN, SOORTEN_ONTTREKKING, Onttrekking
from ..domein.rechten import Account, Actie, eis_onttrekking, mag
from ..errors import GeenToegang, LocatieplannerError, Probleem, ValidatieFout
from ..store import Store
from ..weergave.grafiek import getal
from . import get_store
from .formulieren import VELDNAMEN, Formulier, Itemformulier, problemen_van
from .toegang import huidig_account, regel

__all__ = ["bp"]

bp = Blueprint("onttrekkingen", __name__)

_VELDEN = ("gemeente", "jaar", "aantal", "soort", "corporatie", "locatie", "opmerking")


def _mag(account: Account | None, o: Onttrekking) -> bool:
    """Whether ``account`` may change (or add) removal ``o``."""
    if account is None:
        return False
    try:
        eis_onttrekking(account, o)
    except GeenToegang:
        return False
    return True


def _keuzes() -> dict[str, Any]:
    """The municipalities and corporations of the forms and filters, and those this account
    may choose in a removal (a municipality its own; a corporation itself)."""
    store = get_store()
    account = huidig_account()
    gemeenten = store.gemeenten(alleen_regio=True)
    corporaties = [c.naam for c in store.corporaties()]
    eigen_gemeenten = gemeenten
    eigen_corporaties = corporaties
    if account is not None and account.rol == "gemeente":
        eigen_gemeenten = [g for g in gemeenten if g.gemeente in account.gemeenten]
    if account is not None and account.rol == "corporatie":
        eigen_corporaties = [c for c in corporaties if c == account.corporatie]
    kan_toevoegen = account is not None and mag(
        account, Actie.ONTTREKKING, gemeenten=account.gemeenten, corporatie=account.corporatie
    )
    return {
        "gemeenten": gemeenten,
        "namen": {g.gemeente: g.naam for g in gemeenten},
        "corporaties": corporaties,
        "eigen_gemeenten": eigen_gemeenten,
        "eigen_corporaties": eigen_corporaties,
        "corporatie_verplicht": account is not None and account.rol == "corporatie",
        "kan_toevoegen": kan_toevoegen,
        "soorten": SOORTEN_ONTTREKKING,
        "jaren": (JAAR_MIN, JAAR_MAX),
    }


def _lees(velden: Any, keuzes: dict[str, Any]) -> Onttrekking:
    """A removal from the posted form; :class:`ValidatieFout` with every problem."""
    f = Formulier(velden, "onttrekking")
    gemeente = f.tekst("gemeente", verplicht=True)
    jaar = f.geheel("jaar", JAAR_MIN, JAAR_MAX, wat="een jaartal")
    aantal = f.geheel("aantal")
    soort = f.keuze("soort", list(SOORTEN_ONTTREKKING), verplicht=True)
    corporatie = f.keuze("corporatie", keuzes["corporaties"], verplicht=False)
    locatie = f.geheel("locatie", 1, 2**31 - 1, verplicht=False, wat="een locatie-id")
    opmerking = f.tekst("opmerking")
    f.controleer()
    return Onttrekking(gemeente, jaar, aantal, soort, corporatie, locatie, opmerking)  # type: ignore[arg-type]


def _als_invoer(o: Onttrekking) -> dict[str, str]:
    """A stored removal as the form's text fields."""
    return {
        "gemeente": o.gemeente,
        "jaar": str(o.jaar),
        "aantal": str(o.aantal),
        "soort": o.soort,
        "corporatie": o.corporatie or "",
        "locatie": "" if o.locatie is None else str(o.locatie),
        "opmerking": o.opmerking or "",
        "versie": str(o.versie),
    }


def _context(fout: LocatieplannerError | None, status: int) -> dict[str, Any]:
    return {
        "fout": fout,
        "status": status,
        "problemen": problemen_van(fout) if fout else [],
        "veldnamen": VELDNAMEN,
        "getal": getal,
    }


def _filter(keuzes: dict[str, Any]) -> tuple[dict[str, str], ValidatieFout | None]:
    """The list's filters from the query; a problem for an unknown municipality or corporation."""
    filters = {k: (request.args.get(k) or "").strip()[:100] for k in ("gemeente", "corporatie")}
    problemen = []
    if filters["gemeente"] and filters["gemeente"] not in keuzes["namen"]:
        problemen.append(
            Probleem(
                "gemeente",
                filters["gemeente"],
                "onbekende gemeente; kies een gemeente van de regio, bijv. "
                + ", ".join(sorted(keuzes["namen"])[:3]),
            )
        )
    if filters["corporatie"] and filters["corporatie"] not in keuzes["corporaties"]:
        problemen.append(
            Probleem(
                "corporatie",
                filters["corporatie"],
                "onbekende corporatie; bekend zijn " + ", ".join(keuzes["corporaties"]),
            )
        )
    fout = ValidatieFout(problemen, "Ongeldig filter") if problemen else None
    return filters, fout


def _pagina(
    status: int = 200,
    invoer: dict[str, str] | None = None,
    fout: LocatieplannerError | None = None,
) -> Any:
    """The list with its filters and the form for a new removal (``invoer``: posted text)."""
    store = get_store()
    account = huidig_account()
    keuzes = _keuzes()
    filters, filterfout = _filter(keuzes)
    if filterfout is not None and fout is None:
        fout, status = filterfout, 400
    lijst = [] if filterfout else store.onttrekkingen(filters["gemeente"] or None)
    if filters["corporatie"]:
        lijst = [o for o in lijst if o.corporatie == filters["corporatie"]]
    locaties = {o.locatie for o in lijst if o.locatie is not None}
    sites = (
        {loc.id: loc.naam for loc in store.locaties(ids=locaties, met_geometrie=False)}
        if locaties
        else {}
    )
    rijen = [(o, _mag(account, o)) for o in lijst]
    if invoer is None:
        invoer = {"gemeente": filters["gemeente"], "corporatie": filters["corporatie"]}
    return render_template(
        "onttrekkingen.html",
        rijen=rijen,
        sites=sites,
        filters=filters,
        invoer=invoer,
        totaal=sum(o.aantal for o in lijst),
        **keuzes,
        **_context(fout, status),
    ), status


@bp.get("/onttrekkingen")
@regel("aangemeld")
def index() -> Any:
    """The removals (filtered) and the form for a new one."""
    return _pagina()


def _bewerkpagina(
    o: Onttrekking, invoer: dict[str, str], status: int, fout: LocatieplannerError | None
) -> Any:
    keuzes = _keuzes()
    return render_template(
        "onttrekking.html",
        o=o,
        bewerkbaar=_mag(huidig_account(), o),
        invoer=invoer,
        **keuzes,
        **_context(fout, status),
    ), status


_FORMULIER = Itemformulier(
    Store.onttrekking,
    Store.wijzig_onttrekking,
    Store.verwijder_onttrekking,
    lambda velden: _lees(velden, _keuzes()),
    _als_invoer,
    _bewerkpagina,
    _VELDEN,
    "versie",
    "onttrekking",
)


@bp.post("/onttrekkingen")
@regel("aangemeld")
def toevoegen() -> Any:
    """Store a new removal; back to the list, or the page with the problems."""

    def klaar(o: Onttrekking) -> Any:
        flash(f"Onttrekking {o.id} ({o.aantal} woningen, {o.soort} {o.jaar}) is opgeslagen.")
        return redirect(url_for("onttrekkingen.index", _anchor=f"onttrekking-{o.id}"))

    return _FORMULIER.voeg_toe(Store.voeg_onttrekking_toe, _pagina, klaar)


@bp.route("/onttrekkingen/<int:onttrekking_id>", methods=["GET", "POST"])
@regel("aangemeld")
def onttrekking(onttrekking_id: int) -> Any:
    """One removal in a form; POST saves the change if nobody changed it meanwhile."""

    def klaar(o: Onttrekking) -> Any:
        flash(f"Onttrekking {o.id} is gewijzigd ({o.aantal} woningen, {o.jaar}).")
        return redirect(url_for("onttrekkingen.index", _anchor=f"onttrekking-{o.id}"))

    return _FORMULIER.bewerk(onttrekking_id, klaar)


@bp.post("/onttrekkingen/<int:onttrekking_id>/verwijderen")
@regel("aangemeld")
def verwijder(onttrekking_id: int) -> Any:
    """Delete a removal that is still at the posted version."""

    def klaar(o: Onttrekking) -> Any:
        flash(f"Onttrekking {o.id} is verwijderd.")
        return redirect(url_for("onttrekkingen.index"))

    return _FORMULIER.verwijder_item(onttrekking_id, klaar)
