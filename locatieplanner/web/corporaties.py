"""Blueprint ``corporaties``: the page ``/corporaties`` that lists the corporations with working
area and former names, and its forms to add, rename, set the working area and merge. The store
decides who may do what (administrators everything, a corporation's account the name and working
area of its own corporation); a refusal or a wrong value is shown on the page in Dutch."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from ..domein.model import Corporatie
from ..domein.rechten import Actie, mag
from ..errors import GeenToegang, LocatieplannerError, Probleem, ValidatieFout
from ..store import Store
from ..uitwisseling.corporaties import overzicht
from . import _log_weigering, get_store
from .fouten import http_status
from .toegang import huidig_account, regel

__all__ = ["bp"]

bp = Blueprint("corporaties", __name__)

#: The forms of the page (field ``actie``).
ACTIES = ("toevoegen", "hernoem", "werkgebied", "samenvoegen")


def _getal(naam: str) -> int:
    """Form field ``naam`` as a positive whole number; :class:`ValidatieFout` otherwise."""
    waarde = request.form.get(naam, "")
    if not waarde.strip().isdigit() or not 0 < int(waarde) < 2**31:
        raise ValidatieFout(
            [Probleem(naam, waarde, "moet een geheel getal vanaf 1 zijn (laad de pagina opnieuw)")],
            f"Ongeldig formulier: {naam} = {waarde!r} moet een geheel getal vanaf 1 zijn",
        )
    return int(waarde)


def _tekst(naam: str) -> str | None:
    return (request.form.get(naam) or "").strip() or None


def _voer_uit(store: Store, actie: str | None) -> str:
    """Do the form's action; the Dutch line that says what was done."""
    if actie == "toevoegen":
        c = store.bewaar_corporatie(
            Corporatie(_tekst("naam") or "", _tekst("code"), request.form.getlist("gemeenten"))
        )
        return f"Corporatie {c.naam!r} is toegevoegd."
    if actie == "hernoem":
        oud = store.corporatie(_getal("corporatie"))
        c = store.wijzig_corporatie(oud.id, {"naam": _tekst("naam") or ""}, _getal("versie"))  # type: ignore[arg-type]
        return f"Corporatie {oud.naam!r} heet nu {c.naam!r}; {oud.naam!r} blijft herkend."
    if actie == "werkgebied":
        cid = _getal("corporatie")
        gemeenten = request.form.getlist("gemeenten")
        c = store.wijzig_corporatie(cid, {"gemeenten": gemeenten}, _getal("versie"))
        return f"Werkgebied van {c.naam!r}: {', '.join(c.gemeenten) or 'leeg'}."
    if actie == "samenvoegen":
        van, naar = _getal("corporatie"), _getal("naar")
        if request.form.get("bevestig") != "ja":
            raise ValidatieFout(
                [Probleem("bevestig", None, "vink aan dat u wilt samenvoegen")],
                "Samenvoegen is niet bevestigd: vink 'Ik weet het zeker' aan",
            )
        naam = store.corporatie(van).naam
        uit = store.voeg_corporaties_samen(van, naar, (_getal("versie"), _getal(f"versie_{naar}")))
        return (
            f"Corporatie {naam!r} is opgegaan in {uit.corporatie.naam!r}: "
            f"{len(uit.toewijzingen)} toewijzingen, {len(uit.onttrekkingen)} onttrekkingen en "
            f"{len(uit.accounts)} accounts verplaatst."
        )
    raise ValidatieFout(
        [Probleem("actie", actie, "toegestaan zijn " + ", ".join(ACTIES))],
        f"Onbekende actie {actie!r}; toegestaan zijn {', '.join(ACTIES)}",
    )


@bp.route("/corporaties", methods=["GET", "POST"])
@regel("aangemeld")
def index() -> Any:
    """The corporations with their forms; a POST does one form's action."""
    store = get_store()
    status = 200
    if request.method == "POST":
        try:
            flash(_voer_uit(store, request.form.get("actie")))
            return redirect(url_for("corporaties.index"))
        except LocatieplannerError as fout:
            if isinstance(fout, GeenToegang):
                _log_weigering(fout)  # logged like every refusal, shown on the page
            flash(fout.melding, "fout")
            status = http_status(fout)
    account = huidig_account()
    assert account is not None
    gemeenten = store.gemeenten(alleen_regio=True)
    return render_template(
        "corporaties.html",
        corporaties=overzicht(store),
        gemeenten=gemeenten,
        namen={g.gemeente: g.naam for g in gemeenten},
        beheer=mag(account, Actie.CORPORATIES),
        eigen=account.corporatie,
    ), status
