"""Blueprint ``peildata``: frozen states at a reference date in the web app.

``GET /peildata``: the frozen states (name, date, who, counts), a form to freeze the current
state (``POST /peildata``: the administrator and the province, as the library decides), a button
to delete one (``POST /peildata/verwijderen``: the administrator), and the choice of two states
to compare. ``GET /peildata/vergelijk?voor=..&na=..``: the comparison (``na`` empty: the current
data) as a page: sites added, removed, moved between soft and hard, DAEB per municipality and
per corporation before and after; ``formaat=xlsx|pdf|html`` downloads it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from ..analyse import leg_peildatum_vast, vergelijk_peildata
from ..domein.rechten import Actie, mag
from ..errors import LocatieplannerError, Probleem, ValidatieFout
from ..weergave.grafiek import getal
from ..weergave.peildata_uitvoer import schrijf_vergelijking
from . import get_store
from .formulieren import DATUM_UITLEG, Formulier, formulierstatus, problemen_van
from .fouten import OngeldigVerzoek
from .standen import bestandsnaam, download, kies_formaat, kies_stand
from .toegang import huidig_account, regel

__all__ = ["bp"]

bp = Blueprint("peildata", __name__)

#: Download formats of the comparison.
FORMATEN = ("xlsx", "pdf", "html")


def _pagina(
    invoer: dict[str, str] | None = None,
    fout: LocatieplannerError | None = None,
    status: int = 200,
) -> Any:
    store = get_store()
    account = huidig_account()
    assert account is not None
    return render_template(
        "peildata.html",
        peildata=store.peildata(),
        vastleggen=mag(account, Actie.PEILDATUM),
        verwijderen=mag(account, Actie.PEILDATUM_VERWIJDEREN),
        invoer=invoer or {"naam": "", "datum": date.today().strftime("%d-%m-%Y"), "opmerking": ""},
        datum_uitleg=DATUM_UITLEG,
        fout=fout,
        problemen=problemen_van(fout) if fout else [],
        status=status,
        getal=getal,
    ), status


@bp.get("/peildata")
@regel("aangemeld")
def index() -> Any:
    """The frozen states and the forms to freeze, delete and compare."""
    return _pagina()


@bp.post("/peildata")
@regel("aangemeld")
def vastleggen() -> Any:
    """Freeze the current state under the posted name and reference date."""
    invoer = {k: request.form.get(k, "")[:200] for k in ("naam", "datum", "opmerking")}
    try:
        f = Formulier(request.form, "peildatum")
        naam = f.tekst("naam", verplicht=True)
        datum = f.datum("datum")
        opmerking = f.tekst("opmerking")
        f.controleer()
        stand = leg_peildatum_vast(get_store(), naam, datum, opmerking)  # type: ignore[arg-type]
    except LocatieplannerError as fout:
        return _pagina(invoer, fout, formulierstatus(fout))
    aantal = stand.samenvatting()["aantallen"].get("locatie", 0)
    flash(f"Peildatum {stand.naam!r} ({stand.datum:%d-%m-%Y}) is vastgelegd met {aantal} locaties.")
    return redirect(url_for("peildata.index"))


@bp.post("/peildata/verwijderen")
@regel("aangemeld")
def verwijderen() -> Any:
    """Delete the frozen state named in the form (the administrator only)."""
    naam = (request.form.get("naam") or "").strip()
    try:
        if not naam:
            raise ValidatieFout(
                [Probleem("naam", "", "kies de peildatum die u wilt verwijderen")],
                "Niet verwijderd: geen peildatum gekozen",
            )
        get_store().verwijder_peildatum(naam)
    except LocatieplannerError as fout:
        return _pagina(None, fout, formulierstatus(fout))
    flash(f"Peildatum {naam!r} is verwijderd.")
    return redirect(url_for("peildata.index"))


@bp.get("/peildata/vergelijk")
@regel("aangemeld")
def vergelijk() -> Any:
    """The comparison of ``voor`` with ``na`` (empty: now); ``formaat`` downloads it."""
    store = get_store()
    formaat = request.args.get("formaat")
    voor = kies_stand(store, "voor")
    na = kies_stand(store, "na")
    if voor.naam is None:
        if formaat:
            raise OngeldigVerzoek(
                [Probleem("voor", "", "kies de vastgelegde stand om mee te vergelijken")],
                "Geen stand gekozen",
            )
        return render_template(
            "vergelijking.html", v=None, voor=voor, na=na, peildata=voor.peildata, getal=getal
        )
    v = vergelijk_peildata(store, voor.naam, na.naam)
    if formaat:
        formaat = kies_formaat(FORMATEN, "xlsx")
        datum = na.datum or date.today()
        regio = store.regio().naam
        naam = bestandsnaam(
            "vergelijking", voor.naam, na.naam or "nu", datum=datum, formaat=formaat
        )
        return download(
            lambda pad: schrijf_vergelijking(v, formaat, pad, regio=regio, datum=datum),
            naam,
            formaat,
        )
    return render_template(
        "vergelijking.html",
        v=v,
        voor=voor,
        na=na,
        peildata=voor.peildata,
        formaten=FORMATEN,
        getal=getal,
    )
