"""Blueprint ``casussen``: the pages of the cases and contributions of working agreement 5b.

``/casussen`` lists the cases with filters (municipality, category, status, kind, party);
``/casussen/nieuw`` and ``/casussen/<id>/bewerken`` are the form of a case (with its solution
directions and its potential per delivery year); ``/casussen/<id>`` shows the case with every
party's contribution side by side and who has not answered yet, and lets each party write its
own contribution there (``POST /casussen/<id>/bijdrage``). What an account may change is decided
by the store (:mod:`locatieplanner.domein.rechten`); a refusal is a 403 page, a broken rule the
form again with a Dutch message (422).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from ..domein.casus import (
    PARTIJEN,
    SOORTEN_BIJDRAGE,
    SOORTEN_CASUS,
    STATUSSEN_BIJDRAGE,
    STATUSSEN_CASUS,
    STATUSSEN_OPLOSSING,
    VRAGEN,
    Bijdrage,
    Casus,
    Oplossingsrichting,
    Potentieel,
)
from ..domein.rechten import Actie, mag, weigering_bijdrage
from ..errors import Conflict, Probleem, ValidatieFout
from . import get_store
from .toegang import huidig_account, regel

__all__ = ["bp"]

bp = Blueprint("casussen", __name__)

#: Empty rows the form offers for new solution directions and potential years.
_LEGE_RIJEN = 3
_GEHEEL = re.compile(r"^[0-9]{1,9}$")
_BEDRAG = re.compile(r"^[0-9]{1,12}([.,][0-9]{1,2})?$")


def _keuzes() -> dict[str, Any]:
    store = get_store()
    regio = store.regio()
    return {
        "regio": regio,
        "gemeenten": regio.gemeenten,
        "categorieen": regio.categorieen,
        "soorten": SOORTEN_CASUS,
        "statussen": STATUSSEN_CASUS,
        "statussen_oplossing": STATUSSEN_OPLOSSING,
        "vragen": VRAGEN,
        "corporaties": [c.naam for c in store.corporaties()],
        "soorten_bijdrage": SOORTEN_BIJDRAGE,
        "statussen_bijdrage": STATUSSEN_BIJDRAGE,
    }


def _filter(naam: str, toegestaan: Any) -> str | None:
    waarde = (request.args.get(naam) or "").strip()
    if not waarde:
        return None
    if waarde not in toegestaan:
        raise ValidatieFout(
            [
                Probleem(
                    naam,
                    waarde[:60],
                    "niet toegestaan; toegestaan zijn " + ", ".join(map(str, toegestaan)),
                )
            ]
        )
    return waarde


@bp.get("/casussen")
@regel("aangemeld")
def lijst() -> Any:
    """The cases, filtered by municipality, category, status, kind and contributing party."""
    store = get_store()
    keuzes = _keuzes()
    partijen = ["gemeente", "provincie", *keuzes["corporaties"]]
    filters = {
        "gemeente": _filter("gemeente", list(keuzes["gemeenten"])),
        "categorie": _filter("categorie", keuzes["categorieen"]),
        "status": _filter("status", STATUSSEN_CASUS),
        "soort": _filter("soort", SOORTEN_CASUS),
        "partij": _filter("partij", partijen),
    }
    casussen = store.casussen(**filters)
    bijdragen: dict[int, list[Bijdrage]] = {}
    for b in store.bijdragen([c.id for c in casussen]):  # type: ignore[misc]
        bijdragen.setdefault(b.casus, []).append(b)
    account = huidig_account()
    return render_template(
        "casussen.html",
        casussen=casussen,
        bijdragen=bijdragen,
        filters=filters,
        partijen=partijen,
        mag_nieuw=account is not None and account.rol in ("gemeente", "beheerder"),
        **keuzes,
    )


# --------------------------------------------------------------------------- the form of a case


def _formulier_naar_casus(form: MultiDict[str, str], basis: Casus | None) -> Casus:
    """A case from the form fields; every problem at once as :class:`ValidatieFout`."""
    problemen: list[Probleem] = []

    def geheel(veld: str, tekst: str) -> int | None:
        tekst = tekst.strip()
        if not tekst:
            return None
        if not _GEHEEL.match(tekst):
            problemen.append(Probleem(veld, tekst[:40], "moet een geheel getal (0 of meer) zijn"))
            return None
        return int(tekst)

    locaties: list[int] = []
    for deel in re.split(r"[,;\s]+", form.get("locaties", "").strip()):
        if deel:
            waarde = geheel("locaties", deel)
            if waarde is not None:
                locaties.append(waarde)
    vragen = []
    for v in form.getlist("vragen"):
        if v not in {str(k) for k in VRAGEN}:
            problemen.append(Probleem("vragen", v[:10], "toegestaan zijn de vragen 1, 2, 3 en 4"))
        else:
            vragen.append(int(v))
    oplossingen = [
        Oplossingsrichting(tekst.strip(), status)
        for tekst, status in zip(
            form.getlist("oplossing_tekst"), form.getlist("oplossing_status"), strict=False
        )
        if tekst.strip()
    ]
    potentieel = []
    for i, (jaar, daeb, overig) in enumerate(
        zip(
            form.getlist("potentieel_jaar"),
            form.getlist("potentieel_daeb"),
            form.getlist("potentieel_overig"),
            strict=False,
        ),
        start=1,
    ):
        if not (jaar.strip() or daeb.strip() or overig.strip()):
            continue
        j = geheel(f"potentieel[{i}].jaar", jaar)
        if j is None and not jaar.strip():
            problemen.append(Probleem(f"potentieel[{i}].jaar", "", "vul het opleverjaar in"))
        d = geheel(f"potentieel[{i}].daeb", daeb) or 0
        o = geheel(f"potentieel[{i}].overig", overig) or 0
        if j is not None:
            potentieel.append(Potentieel(j, d, o))
    streefdatum = None
    tekst = form.get("streefdatum", "").strip()
    if tekst:
        try:
            streefdatum = date.fromisoformat(tekst)
        except ValueError:
            problemen.append(Probleem("streefdatum", tekst[:20], "moet een datum JJJJ-MM-DD zijn"))
    if problemen:
        raise ValidatieFout(problemen)
    return Casus(
        gemeente=form.get("gemeente", "").strip(),
        soort=form.get("soort", ""),
        titel=form.get("titel", "").strip(),
        categorie=form.get("categorie", ""),
        beschrijving=form.get("beschrijving", "").strip() or None,
        vragen=vragen,
        locaties=locaties,
        gebied=basis.gebied if basis is not None else None,
        oplossingsrichtingen=oplossingen,
        potentieel=potentieel,
        status=form.get("status", "open"),
        eigenaar=form.get("eigenaar", "gemeente").strip(),
        streefdatum=streefdatum,
    )


def _toon_formulier(casus: Casus | None, waarden: Any, fout: str | None, status: int) -> Any:
    return (
        render_template(
            "casus_formulier.html",
            casus=casus,
            w=waarden,
            fout=fout,
            lege_rijen=_LEGE_RIJEN,
            **_keuzes(),
        ),
        status,
    )


def _waarden(casus: Casus) -> dict[str, Any]:
    """A stored case as the form shows it."""
    return {
        "gemeente": casus.gemeente,
        "soort": casus.soort,
        "titel": casus.titel,
        "beschrijving": casus.beschrijving or "",
        "categorie": casus.categorie,
        "vragen": casus.vragen,
        "locaties": ", ".join(str(i) for i in casus.locaties),
        "oplossingsrichtingen": casus.oplossingsrichtingen,
        "potentieel": casus.potentieel,
        "status": casus.status,
        "eigenaar": casus.eigenaar,
        "streefdatum": casus.streefdatum.isoformat() if casus.streefdatum else "",
        "versie": casus.versie,
    }


@bp.route("/casussen/nieuw", methods=["GET", "POST"])
@regel("aangemeld")
def nieuw() -> Any:
    """The form of a new case; saved, to the case's page."""
    account = huidig_account()
    if request.method == "GET":
        eigen = account.gemeenten[0] if account is not None and account.gemeenten else ""
        return _toon_formulier(None, {"gemeente": eigen, "status": "open"}, None, 200)
    try:
        casus = get_store().voeg_casus_toe(_formulier_naar_casus(request.form, None))
    except ValidatieFout as fout:
        return _toon_formulier(None, _form_waarden(request.form), fout.melding, 422)
    flash(f"Casus {casus.titel!r} is opgeslagen.")
    return redirect(url_for("casussen.casus", casus_id=casus.id))


def _form_waarden(form: MultiDict[str, str]) -> dict[str, Any]:
    """What the user entered, to show the form again after a refusal."""
    waarden: dict[str, Any] = {k: form.get(k, "") for k in form}
    waarden["vragen"] = [int(v) for v in form.getlist("vragen") if v.isdigit()]
    waarden["oplossingsrichtingen"] = [
        Oplossingsrichting(t, s)
        for t, s in zip(
            form.getlist("oplossing_tekst"), form.getlist("oplossing_status"), strict=False
        )
        if t.strip()
    ]
    waarden["potentieel"] = [
        {"jaar": j, "daeb": d, "overig": o}
        for j, d, o in zip(
            form.getlist("potentieel_jaar"),
            form.getlist("potentieel_daeb"),
            form.getlist("potentieel_overig"),
            strict=False,
        )
        if j.strip() or d.strip() or o.strip()
    ]
    return waarden


def _versie(form: MultiDict[str, str]) -> int:
    tekst = form.get("versie", "")
    if not _GEHEEL.match(tekst):
        raise ValidatieFout([Probleem("versie", tekst[:20], "ontbreekt; laad de pagina opnieuw")])
    return int(tekst)


def _id(casus_id: int) -> Casus:
    if casus_id > 2**31 - 1:
        abort(404)
    return get_store().casus(casus_id)


@bp.route("/casussen/<int:casus_id>/bewerken", methods=["GET", "POST"])
@regel("aangemeld")
def bewerken(casus_id: int) -> Any:
    """The form of a stored case (with its version: a change by someone else meanwhile is
    refused, not overwritten)."""
    store = get_store()
    oud = _id(casus_id)
    if request.method == "GET":
        return _toon_formulier(oud, _waarden(oud), None, 200)
    try:
        versie = _versie(request.form)
        nieuw = _formulier_naar_casus(request.form, oud)
        velden = {
            k: getattr(nieuw, k)
            for k in (
                "gemeente", "soort", "titel", "beschrijving", "categorie", "vragen", "locaties",
                "oplossingsrichtingen", "potentieel", "status", "eigenaar", "streefdatum",
            )
        }  # fmt: skip
        store.wijzig_casus(casus_id, velden, versie)
    except (ValidatieFout, Conflict) as fout:
        status = 409 if isinstance(fout, Conflict) else 422
        return _toon_formulier(oud, _form_waarden(request.form), fout.melding, status)
    flash("De casus is opgeslagen.")
    return redirect(url_for("casussen.casus", casus_id=casus_id))


# --------------------------------------------------------------------------- the case's page


def _kolommen(
    casus: Casus, bijdragen: list[Bijdrage], betrokken: list[str]
) -> list[dict[str, Any]]:
    """One column per party (municipality, involved corporations and those that contributed,
    province): its contribution or None, and whether this account may write it."""
    account = huidig_account()
    per_partij = {b.partijnaam: b for b in bijdragen}
    corporaties = sorted(set(betrokken) | {b.corporatie for b in bijdragen if b.corporatie})
    partijen = [("gemeente", None), *(("corporatie", c) for c in corporaties), ("provincie", None)]
    kolommen = []
    for partij, corporatie in partijen:
        naam = corporatie or partij
        bijdrage = per_partij.get(naam)
        proef = bijdrage or Bijdrage(casus.id, partij, "", "anders", corporatie=corporatie)  # type: ignore[arg-type]
        eigen = account is not None and (
            weigering_bijdrage(account, casus.gemeente, proef, betrokken) is None
        )
        kolommen.append(
            {
                "naam": naam,
                "partij": partij,
                "corporatie": corporatie,
                "bijdrage": bijdrage,
                "eigen": eigen,
            }
        )
    return kolommen


@bp.get("/casussen/<int:casus_id>")
@regel("aangemeld")
def casus(casus_id: int) -> Any:
    """A case with every party's contribution side by side and who has not answered yet."""
    return _toon_casus(_id(casus_id))


def _toon_casus(c: Casus, fout: str | None = None, status: int = 200) -> Any:
    store = get_store()
    casus_id: int = c.id  # type: ignore[assignment]
    bijdragen = store.bijdragen(casus_id)
    betrokken = store.casussen_repo.betrokken(casus_id)
    account = huidig_account()
    return render_template(
        "casus.html",
        casus=c,
        locaties=store.locaties(ids=c.locaties, met_geometrie=False) if c.locaties else [],
        kolommen=_kolommen(c, bijdragen, betrokken),
        open_partijen=store.open_partijen(casus_id),
        geschiedenis=store.geschiedenis("casus", casus_id),
        mag_bewerken=account is not None and mag(account, Actie.CASUS, gemeenten=[c.gemeente]),
        gemeentenaam=store.regio().gemeenten.get(c.gemeente, c.gemeente),
        vragen=VRAGEN,
        soorten_bijdrage=SOORTEN_BIJDRAGE,
        statussen_bijdrage=STATUSSEN_BIJDRAGE,
        fout=fout,
    ), status


def _bedrag(tekst: str) -> float | None:
    tekst = tekst.strip().replace(" ", "")
    if not tekst:
        return None
    if not _BEDRAG.match(tekst):
        raise ValidatieFout(
            [
                Probleem(
                    "bedrag", tekst[:30], "moet een bedrag in euro's zijn, bijv. 250000 of 1250,50"
                )
            ]
        )
    return float(tekst.replace(",", "."))


@bp.post("/casussen/<int:casus_id>/bijdrage")
@regel("aangemeld")
def bijdrage(casus_id: int) -> Any:
    """Add or change the contribution of one party (the account's own) on the case's page."""
    store = get_store()
    c = _id(casus_id)
    form = request.form
    partij = form.get("partij", "")
    corporatie = form.get("corporatie") or None
    try:
        if partij not in PARTIJEN:
            raise ValidatieFout(
                [Probleem("partij", partij[:30], "toegestaan zijn " + ", ".join(PARTIJEN))]
            )
        velden = {
            "wat": form.get("wat", "").strip(),
            "soort": form.get("soort", ""),
            "status": form.get("status", "toegezegd"),
            "bedrag": _bedrag(form.get("bedrag", "")),
        }
        bestaand_id = form.get("bijdrage", "")
        if bestaand_id:
            if not _GEHEEL.match(bestaand_id) or (
                store.bijdrage(int(bestaand_id)).casus != casus_id
            ):
                raise ValidatieFout(
                    [Probleem("bijdrage", bestaand_id[:20], f"geen bijdrage aan casus {casus_id}")]
                )
            store.wijzig_bijdrage(int(bestaand_id), velden, _versie(form))
        else:
            store.voeg_bijdrage_toe(
                Bijdrage(casus=casus_id, partij=partij, corporatie=corporatie, **velden)
            )
    except (ValidatieFout, Conflict) as fout:
        return _toon_casus(c, fout.melding, 409 if isinstance(fout, Conflict) else 422)
    flash("De bijdrage is opgeslagen.")
    return redirect(url_for("casussen.casus", casus_id=casus_id, _anchor="bijdragen"))
