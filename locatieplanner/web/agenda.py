"""Blueprint ``agenda``: the pages of the conversation agenda (*gespreksagenda*) of each
municipality, working agreement 5b.

``/agenda`` lists the municipalities with their start meeting and items per status;
``/agenda/<gemeente>`` shows the start meeting, the items (filtered by status and party) and the
marks "huurdersorganisatie geïnformeerd" per corporation, with the forms each account may use:
the municipality records the start meeting and edits every item, any other party proposes
(``POST /agenda/<gemeente>/punt``) and edits its own proposal while it is one
(``/agenda/punt/<id>/bewerken``), a corporation sets its own mark
(``POST /agenda/<gemeente>/geinformeerd``). ``/agenda/<gemeente>/afdrukken`` is the agenda as one
printable A4 page. What an account may change is decided by the store
(:mod:`locatieplanner.domein.rechten`); a refusal is a 403 page, a broken rule the page again with
a Dutch message (422, or 409 when someone else changed the item meanwhile).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from ..domein.agenda import STATUSSEN_AGENDAPUNT, Agendapunt, Geinformeerd, Startoverleg
from ..domein.rechten import (
    partij_van,
    weigering_agenda,
    weigering_agendapunt,
    weigering_geinformeerd,
)
from ..errors import Conflict, NietGevonden, Probleem, ValidatieFout
from ..store import Store
from . import get_store
from .casussen import _filter
from .toegang import huidig_account, regel

__all__ = ["bp"]

bp = Blueprint("agenda", __name__)

_GEHEEL = re.compile(r"^[0-9]{1,9}$")
#: The fields of an item that a party other than the municipality fills in.
_VOORSTELVELDEN = ("onderwerp", "toelichting", "casussen", "datum")


def _gemeente(store: Store, code: str) -> str:
    """The code of a known municipality (404 otherwise)."""
    if len(code) > 10:
        abort(404)
    return store.gemeente(code).gemeente


def _punt_id(punt_id: int) -> Agendapunt:
    if punt_id > 2**31 - 1:
        abort(404)
    return get_store().agendapunt(punt_id)


def _partijen(store: Store, gemeente: str) -> list[str]:
    """The parties of a municipality's agenda: the municipality, the involved corporations, the
    province."""
    return ["gemeente", *store.agenda_repo.betrokken(gemeente), "provincie"]


# --------------------------------------------------------------------------- reading forms


def _datum(form: MultiDict[str, str], veld: str, problemen: list[Probleem]) -> date | None:
    tekst = form.get(veld, "").strip()
    if not tekst:
        return None
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        problemen.append(Probleem(veld, tekst[:20], "moet een datum JJJJ-MM-DD zijn"))
        return None


def _een_datum(form: MultiDict[str, str]) -> date | None:
    """The form's ``datum`` (None when empty); :class:`ValidatieFout` when it is no date."""
    problemen: list[Probleem] = []
    datum = _datum(form, "datum", problemen)
    if problemen:
        raise ValidatieFout(problemen)
    return datum


def _versie(form: MultiDict[str, str]) -> int | None:
    tekst = form.get("versie", "")
    if not tekst:
        return None
    if not _GEHEEL.match(tekst):
        raise ValidatieFout([Probleem("versie", tekst[:20], "ongeldig; laad de pagina opnieuw")])
    return int(tekst)


def _puntvelden(form: MultiDict[str, str], eigenaar: bool) -> dict[str, Any]:
    """The fields of an item from the form; a non-owner's form has only the proposal's."""
    problemen: list[Probleem] = []
    casussen = []
    for tekst in form.getlist("casussen"):
        if _GEHEEL.match(tekst):
            casussen.append(int(tekst))
        else:
            problemen.append(Probleem("casussen", tekst[:20], "moet een casus-id zijn"))
    velden: dict[str, Any] = {
        "onderwerp": form.get("onderwerp", "").strip(),
        "toelichting": form.get("toelichting", "").strip() or None,
        "casussen": casussen,
        "datum": _datum(form, "datum", problemen),
    }
    if eigenaar:
        velden |= {
            "voorgesteld_door": form.get("voorgesteld_door", "gemeente"),
            "status": form.get("status", "voorgesteld"),
            "trekkers": form.getlist("trekkers"),
            "uitkomst": form.get("uitkomst", "").strip() or None,
        }
    if problemen:
        raise ValidatieFout(problemen)
    return velden


# --------------------------------------------------------------------------- pages


@bp.get("/agenda")
@regel("aangemeld")
def index() -> Any:
    """The municipalities with their start meeting and number of items per status."""
    store = get_store()
    regio = store.regio()
    punten = store.agendapunten(gemeente=list(regio.gemeenten))
    rijen = []
    for code, naam in regio.gemeenten.items():
        eigen = [p for p in punten if p.gemeente == code]
        rijen.append(
            {
                "code": code,
                "naam": naam,
                "startoverleg": store.startoverleg(code),
                "aantallen": {s: sum(p.status == s for p in eigen) for s in STATUSSEN_AGENDAPUNT},
                "totaal": len(eigen),
            }
        )
    account = huidig_account()
    eigen_gemeenten = account.gemeenten if account is not None else ()
    return render_template(
        "agenda_overzicht.html",
        rijen=rijen,
        statussen=STATUSSEN_AGENDAPUNT,
        eigen_gemeenten=eigen_gemeenten,
    )


def _agenda(store: Store, code: str, **filters: Any) -> dict[str, Any]:
    """What both the agenda page and its printable page show."""
    betrokken = store.agenda_repo.betrokken(code)
    meldingen = {m.corporatie: m for m in store.geinformeerd(code)}
    return {
        "gemeente": code,
        "gemeentenaam": store.gemeente(code).naam,
        "startoverleg": store.startoverleg(code),
        "punten": store.agendapunten(gemeente=code, **filters),
        "casussen": {c.id: c for c in store.casussen(gemeente=code)},
        "betrokken": betrokken,
        "meldingen": [
            (naam, meldingen.get(naam)) for naam in sorted(set(betrokken) | set(meldingen))
        ],
    }


@bp.get("/agenda/<gemeente>")
@regel("aangemeld")
def gemeente(gemeente: str) -> Any:
    """The conversation agenda of one municipality with the forms the account may use."""
    return _toon(_gemeente(get_store(), gemeente))


def _toon(code: str, fout: str | None = None, status: int = 200, voorstel: Any = None) -> Any:
    store = get_store()
    partijen = _partijen(store, code)
    filters = {
        "status": _filter("status", list(STATUSSEN_AGENDAPUNT)),
        "partij": _filter("partij", partijen),
    }
    gegevens = _agenda(store, code, **filters)
    account = huidig_account()
    eigenaar = account is not None and weigering_agenda(account, code) is None
    partij = partij_van(account) if account is not None else None
    proef = Agendapunt(code, "proef", partij or "gemeente")
    mag_voorstellen = account is not None and (
        weigering_agendapunt(account, None, proef, gegevens["betrokken"]) is None
    )
    bewerkbaar = {
        p.id
        for p in gegevens["punten"]
        if account is not None
        and weigering_agendapunt(account, p, p, gegevens["betrokken"]) is None
    }
    eigen_melding = [
        naam
        for naam, _ in gegevens["meldingen"]
        if account is not None
        and weigering_geinformeerd(
            account, Geinformeerd(code, naam, date.today()), gegevens["betrokken"]
        )
        is None
    ]
    return render_template(
        "agenda.html",
        **gegevens,
        filters=filters,
        partijen=partijen,
        statussen=STATUSSEN_AGENDAPUNT,
        eigenaar=eigenaar,
        mag_voorstellen=mag_voorstellen,
        bewerkbaar=bewerkbaar,
        eigen_melding=eigen_melding,
        voorstel=voorstel or {},
        keuzecasussen=list(gegevens["casussen"].values()),
        fout=fout,
    ), status


@bp.get("/agenda/<gemeente>/afdrukken")
@regel("aangemeld")
def afdrukken(gemeente: str) -> Any:
    """The agenda of one municipality as one printable A4 page."""
    store = get_store()
    code = _gemeente(store, gemeente)
    return render_template("agenda_afdruk.html", **_agenda(store, code), vandaag=date.today())


# --------------------------------------------------------------------------- writing


@bp.post("/agenda/<gemeente>/startoverleg")
@regel("aangemeld")
def startoverleg(gemeente: str) -> Any:
    """Record or change the start meeting (the municipality only)."""
    store = get_store()
    code = _gemeente(store, gemeente)
    form = request.form
    try:
        datum = _een_datum(form)
        deelnemers = [r.strip() for r in form.get("deelnemers", "").splitlines() if r.strip()]
        overleg = Startoverleg(code, datum, deelnemers, form.get("opmerking", "").strip() or None)
        store.zet_startoverleg(overleg, _versie(form))
    except (ValidatieFout, Conflict) as fout:
        return _toon(code, fout.melding, 409 if isinstance(fout, Conflict) else 422)
    flash("Het startoverleg is opgeslagen.")
    return redirect(url_for("agenda.gemeente", gemeente=code, _anchor="startoverleg"))


@bp.post("/agenda/<gemeente>/punt")
@regel("aangemeld")
def voorstellen(gemeente: str) -> Any:
    """A new item: the municipality's with every field, another party's own proposal."""
    store = get_store()
    code = _gemeente(store, gemeente)
    account = huidig_account()
    eigenaar = account is not None and weigering_agenda(account, code) is None
    try:
        velden = _puntvelden(request.form, eigenaar)
        if not eigenaar:
            velden["voorgesteld_door"] = partij_van(account) if account else None
        punt = store.voeg_agendapunt_toe(Agendapunt(gemeente=code, **velden))
    except ValidatieFout as fout:
        return _toon(code, fout.melding, 422, voorstel=_form_waarden(request.form))
    flash(f"Agendapunt {punt.onderwerp!r} is opgeslagen.")
    return redirect(url_for("agenda.gemeente", gemeente=code, _anchor=f"punt-{punt.id}"))


def _toon_formulier(
    punt: Agendapunt, waarden: dict[str, Any], fout: str | None, status: int
) -> Any:
    store = get_store()
    account = huidig_account()
    return render_template(
        "agenda_punt.html",
        punt=punt,
        w=waarden,
        fout=fout,
        eigenaar=account is not None and weigering_agenda(account, punt.gemeente) is None,
        partijen=_partijen(store, punt.gemeente),
        statussen=STATUSSEN_AGENDAPUNT,
        keuzecasussen=store.casussen(gemeente=punt.gemeente),
        gemeentenaam=store.gemeente(punt.gemeente).naam,
    ), status


@bp.route("/agenda/punt/<int:punt_id>/bewerken", methods=["GET", "POST"])
@regel("aangemeld")
def bewerken(punt_id: int) -> Any:
    """The form of a stored item, with the fields the account may change (and its version: a
    change by someone else meanwhile is refused, not overwritten)."""
    store = get_store()
    oud = _punt_id(punt_id)
    if request.method == "GET":
        return _toon_formulier(oud, _waarden(oud), None, 200)
    account = huidig_account()
    eigenaar = account is not None and weigering_agenda(account, oud.gemeente) is None
    form = request.form
    try:
        versie = _versie(form)
        if versie is None:
            raise ValidatieFout([Probleem("versie", "", "ontbreekt; laad de pagina opnieuw")])
        store.wijzig_agendapunt(punt_id, _puntvelden(form, eigenaar), versie)
    except (ValidatieFout, Conflict) as fout:
        status = 409 if isinstance(fout, Conflict) else 422
        return _toon_formulier(oud, _form_waarden(form), fout.melding, status)
    flash("Het agendapunt is opgeslagen.")
    return redirect(url_for("agenda.gemeente", gemeente=oud.gemeente, _anchor=f"punt-{punt_id}"))


def _form_waarden(form: MultiDict[str, str]) -> dict[str, Any]:
    """What the user entered, to show the form again after a refusal."""
    return {
        **{k: form.get(k, "") for k in form},
        "casussen": [int(x) for x in form.getlist("casussen") if _GEHEEL.match(x)],
        "trekkers": form.getlist("trekkers"),
    }


def _waarden(punt: Agendapunt) -> dict[str, Any]:
    """A stored item as its form shows it."""
    return {
        "onderwerp": punt.onderwerp,
        "toelichting": punt.toelichting or "",
        "voorgesteld_door": punt.voorgesteld_door,
        "casussen": punt.casussen,
        "trekkers": punt.trekkers,
        "datum": punt.datum.isoformat() if punt.datum else "",
        "status": punt.status,
        "uitkomst": punt.uitkomst or "",
        "versie": punt.versie,
    }


@bp.post("/agenda/punt/<int:punt_id>/verwijderen")
@regel("aangemeld")
def verwijderen(punt_id: int) -> Any:
    """Delete an item: the municipality any, the proposer its own proposal."""
    store = get_store()
    oud = _punt_id(punt_id)
    try:
        versie = _versie(request.form)
        store.verwijder_agendapunt(punt_id, versie if versie is not None else -1)
    except (ValidatieFout, Conflict, NietGevonden) as fout:
        status = 409 if isinstance(fout, Conflict) else 422
        return _toon_formulier(oud, _waarden(oud), fout.melding, status)
    flash(f"Agendapunt {oud.onderwerp!r} is verwijderd.")
    return redirect(url_for("agenda.gemeente", gemeente=oud.gemeente))


@bp.post("/agenda/<gemeente>/geinformeerd")
@regel("aangemeld")
def geinformeerd(gemeente: str) -> Any:
    """A corporation's own mark "huurdersorganisatie geïnformeerd"."""
    store = get_store()
    code = _gemeente(store, gemeente)
    form = request.form
    try:
        datum = _een_datum(form)
        melding = Geinformeerd(
            code,
            form.get("corporatie", "").strip(),
            datum,  # type: ignore[arg-type]
            form.get("notitie", "").strip() or None,
        )
        store.zet_geinformeerd(melding, _versie(form))
    except (ValidatieFout, Conflict) as fout:
        return _toon(code, fout.melding, 409 if isinstance(fout, Conflict) else 422)
    flash("De melding is opgeslagen.")
    return redirect(url_for("agenda.gemeente", gemeente=code, _anchor="huurdersorganisaties"))
