"""Blueprint ``documenten``: the documents the agreement asks for, as downloads, and the
municipality's explanation (*toelichting of handelingsperspectief*).

``GET /documenten``: per municipality the overview 5a/5b (PDF, HTML, XLSX) and the annex to the
local performance agreements of each corporation working there, and the regional progress report
(optionally with the changes since a chosen reference date); everything for the chosen state
(``stand``: the current data or a frozen reference date) and bid version (``bod_versie``).
The downloads are GET routes (``formaat=pdf|html|xlsx``; without it they lead back to the page
to choose one) answering the file with a Dutch file name; without a PDF renderer a PDF is a Dutch
503 page. ``GET/POST /documenten/<gemeente>/toelichting``: the explanation in a
form; the store decides who may write it (the municipality itself and the administrator).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from ..analyse import vergelijk_peildata
from ..domein.rechten import Actie, mag
from ..domein.toelichting import MAX_TEKST
from ..errors import LocatieplannerError, NietGevonden, Probleem, ValidatieFout
from ..store import Store
from ..weergave import documenten as docs
from ..weergave.biedingen import tijd_nl
from ..weergave.rapport import FORMATEN, gemeenterapport_van, schrijf_rapport
from . import get_store
from .formulieren import Formulier, formulierstatus, problemen_van
from .standen import Stand, bestandsnaam, download, kies_formaat, kies_stand
from .toegang import huidig_account, regel

__all__ = ["bp"]

bp = Blueprint("documenten", __name__)


def _gemeenten(store: Store) -> dict[str, str]:
    return dict(store.regio().gemeenten)


def _corporaties(stand: Stand) -> dict[str, list[dict[str, Any]]]:
    """Per municipality the corporations working there (working area or an assignment)."""
    toegewezen: dict[str, set[str]] = {}
    for loc in stand.bron.locaties():
        for t in loc.toewijzingen:
            toegewezen.setdefault(loc.gemeente or "", set()).add(t.corporatie)
    uit: dict[str, list[dict[str, Any]]] = {}
    for c in stand.bron.corporaties():
        for code in {*c.gemeenten, *(g for g, namen in toegewezen.items() if c.naam in namen)}:
            uit.setdefault(code, []).append({"id": c.id, "naam": c.naam})
    for lijst in uit.values():
        lijst.sort(key=lambda c: c["naam"])
    return uit


@bp.get("/documenten")
@regel("aangemeld")
def index() -> Any:
    """The documents per municipality and of the region, for the chosen state and bid version."""
    store = get_store()
    try:
        stand = kies_stand(store)
        fout = None
    except ValidatieFout as f:
        stand, fout = Stand(store, None, None, None, store.peildata()), f
        stand.versies = []
    account = huidig_account()
    assert account is not None
    toelichtingen = store.toelichtingen_repo.lijst()
    gemeenten = [
        {
            "code": code,
            "naam": naam,
            "corporaties": [],
            "toelichting": toelichtingen.get(code),
            "bewerkbaar": mag(account, Actie.TOELICHTING, gemeenten=[code]),
        }
        for code, naam in _gemeenten(store).items()
    ]
    if fout is None:
        corporaties = _corporaties(stand)
        for g in gemeenten:
            g["corporaties"] = corporaties.get(g["code"], [])
    return render_template(
        "documenten.html",
        stand=stand,
        gemeenten=gemeenten,
        fout=fout,
        problemen=problemen_van(fout) if fout else [],
        formaten=FORMATEN,
        tijd_nl=tijd_nl,
    ), (200 if fout is None else 400)


def _kies(anker: str) -> Any:
    """Without a format: back to the documents page (at ``anker``) to choose one."""
    waarden = {k: w for k in ("stand", "bod_versie") if (w := request.args.get(k))}
    return redirect(
        url_for(
            "documenten.index",
            _anchor=anker if anker == "regio" else f"gemeente-{anker}",
            **waarden,
        )
    )


@bp.get("/documenten/<gemeente>/overzicht")
@regel("aangemeld")
def overzicht(gemeente: str) -> Any:
    """The overview 5a and 5b of ``gemeente`` as PDF, HTML or XLSX (``formaat``)."""
    if not request.args.get("formaat"):
        return _kies(gemeente)
    store = get_store()
    formaat = kies_formaat(FORMATEN, "pdf")
    stand = kies_stand(store)
    rapport = gemeenterapport_van(stand.bron, gemeente, **stand.opties)
    naam = bestandsnaam(
        "overzicht-5a-5b",
        rapport.naam,
        stand.naam,
        stand.bod_versie,
        datum=rapport.peildatum,
        formaat=formaat,
    )
    return download(lambda pad: schrijf_rapport(rapport, formaat, pad), naam, formaat)


@bp.get("/documenten/<gemeente>/bijlage/<int:corporatie_id>")
@regel("aangemeld")
def bijlage(gemeente: str, corporatie_id: int) -> Any:
    """The annex of corporation ``corporatie_id`` in ``gemeente`` as PDF, HTML or XLSX."""
    if not request.args.get("formaat"):
        return _kies(gemeente)
    store = get_store()
    formaat = kies_formaat(FORMATEN, "pdf")
    stand = kies_stand(store)
    corporatie = next((c for c in stand.bron.corporaties() if c.id == corporatie_id), None)
    if corporatie is None:
        raise NietGevonden(f"Corporatie {corporatie_id} bestaat niet (in deze stand)")
    b = docs.corporatiebijlage_van(stand.bron, gemeente, corporatie.naam, **stand.opties)
    naam = bestandsnaam(
        "bijlage-prestatieafspraken",
        b.naam,
        b.corporatie,
        stand.naam,
        stand.bod_versie,
        datum=b.peildatum,
        formaat=formaat,
    )
    return download(lambda pad: docs.schrijf_document(b, formaat, pad), naam, formaat)


@bp.get("/documenten/voortgang")
@regel("aangemeld")
def voortgang() -> Any:
    """The regional progress report as PDF, HTML or XLSX; ``sinds``: compare with that frozen
    state (the previous reference date)."""
    if not request.args.get("formaat"):
        return _kies("regio")
    store = get_store()
    formaat = kies_formaat(FORMATEN, "pdf")
    stand = kies_stand(store)
    sinds = kies_stand(store, "sinds").naam if request.args.get("sinds") else None
    vergelijking = vergelijk_peildata(store, sinds, stand.naam) if sinds else None
    r = docs.regiorapport_van(stand.bron, vergelijking=vergelijking, **stand.opties)
    naam = bestandsnaam(
        "voortgangsrapportage",
        r.analyse.regio.naam,
        stand.naam,
        stand.bod_versie,
        sinds and f"sinds {sinds}",
        datum=r.peildatum,
        formaat=formaat,
    )
    return download(lambda pad: docs.schrijf_document(r, formaat, pad), naam, formaat)


def _toelichtingpagina(
    gemeente: str,
    invoer: dict[str, str] | None = None,
    fout: LocatieplannerError | None = None,
    status: int = 200,
) -> Any:
    store = get_store()
    namen = _gemeenten(store)
    if gemeente not in namen:
        raise NietGevonden(
            f"Gemeente {gemeente!r} hoort niet bij regio {store.regio().naam}; wel: "
            + ", ".join(f"{c} ({n})" for c, n in namen.items())
        )
    account = huidig_account()
    assert account is not None
    opgeslagen = store.toelichting(gemeente)
    if invoer is None:
        invoer = {
            "tekst": opgeslagen.tekst if opgeslagen else "",
            "versie": str(opgeslagen.versie if opgeslagen else 0),
        }
    return render_template(
        "toelichting.html",
        gemeente=gemeente,
        naam=namen[gemeente],
        opgeslagen=opgeslagen,
        invoer=invoer,
        bewerkbaar=mag(account, Actie.TOELICHTING, gemeenten=[gemeente]),
        max_tekst=MAX_TEKST,
        fout=fout,
        problemen=problemen_van(fout) if fout else [],
        status=status,
        tijd_nl=tijd_nl,
    ), status


@bp.route("/documenten/<gemeente>/toelichting", methods=["GET", "POST"])
@regel("aangemeld")
def toelichting(gemeente: str) -> Any:
    """The explanation of ``gemeente`` in a form; POST stores it with the version it was read
    at (a stale form gives 409 with the stored text)."""
    if request.method == "GET":
        return _toelichtingpagina(gemeente)
    invoer = {k: request.form.get(k, "") for k in ("tekst", "versie")}
    try:
        f = Formulier(request.form, f"toelichting van {gemeente}")
        versie = f.geheel("versie", 0, 2**31 - 1)
        tekst = request.form.get("tekst", "")
        if not tekst.strip():
            f.problemen.append(
                Probleem("tekst", "", "geef een toelichting of handelingsperspectief")
            )
        f.controleer()
        get_store().bewaar_toelichting(gemeente, tekst.replace("\r\n", "\n"), versie)  # type: ignore[arg-type]
    except LocatieplannerError as fout:
        status = formulierstatus(fout)
        if status == 409:
            opgeslagen = get_store().toelichting(gemeente)
            invoer["versie"] = str(opgeslagen.versie if opgeslagen else 0)
        return _toelichtingpagina(gemeente, invoer, fout, status)
    flash(f"De toelichting van {_gemeenten(get_store())[gemeente]} is opgeslagen.")
    return redirect(url_for("documenten.index", _anchor=f"gemeente-{gemeente}"))
