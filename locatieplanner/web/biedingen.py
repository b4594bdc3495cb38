"""Blueprint ``biedingen``: the municipalities' bids (DAEB dwellings) as a page with forms.

``GET /biedingen``: per municipality every bid version side by side (:mod:`..weergave.biedingen`)
and, for an account that may edit bids (its own municipality, or the administrator), a form for a
new version. ``GET /biedingen/<id>``: one version in a form to change or delete it; ``POST`` to
the same address saves it with the row version it was read at (a stale form gives 409 with the
stored values), ``POST /biedingen/<id>/verwijderen`` deletes it. The store decides the rights
(:mod:`..domein.rechten`); a refused write is 403 with the page and its message.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from ..domein.model import Bod
from ..domein.rechten import Actie, mag
from ..errors import LocatieplannerError
from ..store import Store
from ..weergave.biedingen import datum_nl, invoerders, overzicht, tijd_nl
from ..weergave.grafiek import getal
from . import get_store
from .formulieren import (
    DATUM_UITLEG,
    VELDNAMEN,
    Formulier,
    Itemformulier,
    problemen_van,
)
from .toegang import huidig_account, regel

__all__ = ["bp"]

bp = Blueprint("biedingen", __name__)

_VELDEN = ("gemeente", "versie", "datum", "daeb", "opmerking")


def _lees(velden: Any) -> Bod:
    """A bid from the posted form; :class:`ValidatieFout` with every problem."""
    f = Formulier(velden, "bod")
    gemeente = f.tekst("gemeente", verplicht=True)
    versie = f.tekst("versie", verplicht=True)
    datum = f.datum("datum")
    daeb = f.geheel("daeb")
    opmerking = f.tekst("opmerking")
    f.controleer()
    return Bod(gemeente, versie, datum, daeb, opmerking)  # type: ignore[arg-type]


def _als_invoer(bod: Bod) -> dict[str, str]:
    """A stored bid as the form's text fields."""
    return {
        "gemeente": bod.gemeente,
        "versie": bod.versie,
        "datum": datum_nl(bod.datum),
        "daeb": str(bod.daeb),
        "opmerking": bod.opmerking or "",
        "rijversie": str(bod.rijversie),
    }


def _gemeenten() -> tuple[list[Any], list[Any]]:
    """The region's municipalities, and those whose bids this account may edit."""
    account = huidig_account()
    gemeenten = get_store().gemeenten(alleen_regio=True)
    eigen = [
        g
        for g in gemeenten
        if account is not None and mag(account, Actie.BOD, gemeenten=[g.gemeente])
    ]
    return gemeenten, eigen


def _context(fout: LocatieplannerError | None) -> dict[str, Any]:
    return {
        "fout": fout,
        "problemen": problemen_van(fout) if fout else [],
        "datum_uitleg": DATUM_UITLEG,
        "datum_nl": datum_nl,
        "tijd_nl": tijd_nl,
        "getal": getal,
        "veldnamen": VELDNAMEN,
    }


def _pagina(
    status: int = 200,
    invoer: dict[str, str] | None = None,
    fout: LocatieplannerError | None = None,
) -> Any:
    """The overview with the form for a new version (``invoer``: the posted text)."""
    store = get_store()
    gemeenten, eigen = _gemeenten()
    namen = {g.gemeente: g.naam for g in gemeenten}
    groepen = overzicht(store.biedingen(), namen, invoerders(store.geschiedenis("bod")))
    for groep in groepen:
        groep.bewerkbaar = any(g.gemeente == groep.gemeente for g in eigen)
    zonder = [g for g in gemeenten if g.gemeente not in {x.gemeente for x in groepen}]
    if invoer is None:
        invoer = {"gemeente": request.args.get("gemeente", "")[:10]}
    return render_template(
        "biedingen.html",
        groepen=groepen,
        zonder=zonder,
        eigen=eigen,
        invoer=invoer,
        status=status,
        **_context(fout),
    ), status


@bp.get("/biedingen")
@regel("aangemeld")
def index() -> Any:
    """All bid versions per municipality, and the form for a new version."""
    return _pagina()


def _bewerkpagina(
    bod: Bod, invoer: dict[str, str], status: int, fout: LocatieplannerError | None
) -> Any:
    gemeenten, eigen = _gemeenten()
    namen = {g.gemeente: g.naam for g in gemeenten}
    return render_template(
        "bod.html",
        bod=bod,
        naam=namen.get(bod.gemeente, bod.gemeente),
        bewerkbaar=any(g.gemeente == bod.gemeente for g in eigen),
        eigen=eigen,
        invoer=invoer,
        status=status,
        **_context(fout),
    ), status


_FORMULIER = Itemformulier(
    Store.bod,
    Store.wijzig_bod,
    Store.verwijder_bod,
    _lees,
    _als_invoer,
    _bewerkpagina,
    _VELDEN,
    "rijversie",
    "bod",
)


def _terug(bod: Bod, wat: str) -> Any:
    flash(f"Bod {bod.versie!r} van {bod.gemeente} is {wat}.")
    return redirect(url_for("biedingen.index", _anchor=f"gemeente-{bod.gemeente}"))


@bp.post("/biedingen")
@regel("aangemeld")
def toevoegen() -> Any:
    """Store a new bid version; back to the overview, or the page with the problems."""
    return _FORMULIER.voeg_toe(
        Store.bewaar_bod, _pagina, lambda b: _terug(b, f"opgeslagen ({b.daeb} DAEB)")
    )


@bp.route("/biedingen/<int:bod_id>", methods=["GET", "POST"])
@regel("aangemeld")
def bod(bod_id: int) -> Any:
    """One bid version in a form; POST saves the change if nobody changed it meanwhile."""
    return _FORMULIER.bewerk(bod_id, lambda b: _terug(b, f"gewijzigd ({b.daeb} DAEB)"))


@bp.post("/biedingen/<int:bod_id>/verwijderen")
@regel("aangemeld")
def verwijder(bod_id: int) -> Any:
    """Delete a bid version that is still at the posted row version."""
    return _FORMULIER.verwijder_item(bod_id, lambda b: _terug(b, "verwijderd"))
