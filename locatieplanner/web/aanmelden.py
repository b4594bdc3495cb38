"""Blueprint ``aanmelden``: log in and out, the welcome page per role, password and API tokens."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from ..domein.rechten import ROLLEN
from ..errors import (
    LocatieplannerError,
    NietAangemeld,
    Probleem,
    TeVeelPogingen,
    ValidatieFout,
)
from . import get_store
from .toegang import huidig_account, meld_aan, meld_af, regel, veilige_volgende

__all__ = ["bp"]

bp = Blueprint("aanmelden", __name__)


@bp.route("/aanmelden", methods=["GET", "POST"])
@regel("openbaar")
def aanmelden() -> Any:
    """The login form; after logging in, back to where the user was going (a local path)."""
    volgende = request.values.get("volgende")
    if request.method == "GET":
        if huidig_account() is not None:
            return redirect(veilige_volgende(volgende))
        return render_template("aanmelden.html", volgende=volgende, melding=None)
    naam = request.form.get("naam", "")
    try:
        account = get_store().accounts_repo.aanmelden(
            naam, request.form.get("wachtwoord", ""), request.remote_addr or "onbekend"
        )
    except TeVeelPogingen as fout:
        antwoord = render_template(
            "aanmelden.html", volgende=volgende, melding=fout.melding, naam=naam
        )
        return antwoord, 429, {"Retry-After": str(fout.opnieuw_na)}
    except NietAangemeld as fout:
        return render_template(
            "aanmelden.html", volgende=volgende, melding=fout.melding, naam=naam
        ), 401
    meld_aan(account)
    return redirect(veilige_volgende(volgende))


@bp.post("/afmelden")
@regel("aangemeld")
def afmelden() -> Any:
    """Log out: this session and every other session of the account end."""
    meld_af()
    flash("U bent afgemeld (ook op uw andere apparaten).")
    return redirect(url_for("aanmelden.aanmelden"))


@bp.get("/welkom")
@regel("aangemeld")
def welkom() -> Any:
    """The first page after logging in: who you are and what your role may do."""
    account = huidig_account()
    return render_template("welkom.html", account=account, rollen=ROLLEN)


@bp.route("/account", methods=["GET", "POST"])
@regel("aangemeld")
def account() -> Any:
    """Change the password; create, list and revoke API tokens."""
    huidig = huidig_account()
    assert huidig is not None
    repo = get_store().accounts_repo
    nieuw_token = None
    status = 200
    if request.method == "POST":
        actie = request.form.get("actie")
        try:
            if actie == "wachtwoord":
                if request.form.get("nieuw") != request.form.get("herhaal"):
                    raise ValidatieFout(
                        [
                            Probleem(
                                "herhaal", "***", "de twee nieuwe wachtwoorden zijn niet gelijk"
                            )
                        ],
                        "De twee nieuwe wachtwoorden zijn niet gelijk",
                    )
                bijgewerkt = repo.zet_wachtwoord(
                    huidig.naam, request.form.get("nieuw", ""), oud=request.form.get("oud", "")
                )
                meld_aan(bijgewerkt)  # this session goes on; all others have ended
                flash("Uw wachtwoord is gewijzigd; andere sessies zijn beëindigd.")
                return redirect(url_for("aanmelden.account"))
            if actie == "token":
                nieuw_token, _ = repo.maak_token(huidig.naam, request.form.get("naam", ""))
            elif actie == "intrekken":
                repo.trek_in(huidig.naam, int(request.form.get("token", "0") or 0))
                flash("Het token is ingetrokken.")
                return redirect(url_for("aanmelden.account"))
            else:
                raise ValidatieFout(
                    [Probleem("actie", actie, "toegestaan zijn wachtwoord, token, intrekken")],
                    f"Onbekende actie {actie!r}",
                )
        except (LocatieplannerError, ValueError) as fout:
            flash(getattr(fout, "melding", str(fout)), "fout")
            status = 422
    return render_template(
        "account.html",
        account=huidig,
        tokens=repo.tokens(huidig.naam),
        nieuw_token=nieuw_token,
        rollen=ROLLEN,
    ), status
