"""Who is asking, and may the route be used: sessions, API tokens, CSRF, origins, headers.

Every view has exactly one access rule, given with :func:`regel` (``openbaar``, ``aangemeld`` or
``beheerder``); :func:`controleer_regels` refuses to start an app with a route without one, and
the test suite generates its authorization matrix from the same route table. The rule only says
who may reach a route; what an account may change (its own municipality, its own corporation) is
decided by the library (:mod:`locatieplanner.domein.rechten`, enforced by the store acting for
:func:`huidig_account`).

- Browsers log in with a form (Flask-Login session cookie: ``HttpOnly``, ``SameSite=Lax``,
  ``Secure`` over HTTPS); the session names the account and its ``sessieversie``, so logout and a
  password change end every other session of the account.
- Scripts send ``Authorization: Bearer <token>``; tokens are never cookies, so they need no CSRF
  token.
- A write with a session cookie needs a CSRF token (form field ``csrf_token`` or header
  ``X-CSRFToken``) and an ``Origin`` of this site (``null`` and a missing Origin are refused).
- Every response gets a Content-Security-Policy (no inline scripts), ``frame-ancestors 'none'``,
  ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: same-origin``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, current_app, g, redirect, request, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect

from ..domein.rechten import Account
from ..errors import ConfiguratieFout, GeenToegang, NietAangemeld

__all__ = [
    "REGELS",
    "regel",
    "regel_van",
    "controleer_regels",
    "init_toegang",
    "huidig_account",
    "meld_aan",
    "meld_af",
    "CSP",
    "csp_nonce",
    "met_nonce",
    "regel_laat_toe",
    "veiligheidskoppen",
]

#: The access rules a route can have.
REGELS = ("openbaar", "aangemeld", "beheerder")
#: Methods that never change anything (GET never changes state in this app).
_VEILIG = frozenset({"GET", "HEAD", "OPTIONS"})
#: The default Content-Security-Policy; pages with a map add their tile server to ``img-src``.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https://service.pdok.nl; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

_F = TypeVar("_F", bound=Callable[..., Any])


def regel(soort: str) -> Callable[[_F], _F]:
    """Give a view its access rule: ``openbaar`` (anyone), ``aangemeld`` (any account; what it
    may change is decided by the library) or ``beheerder``."""
    if soort not in REGELS:
        raise ValueError(f"regel {soort!r}: toegestaan zijn {', '.join(REGELS)}")

    def zet(view: _F) -> _F:
        view._lp_regel = soort  # type: ignore[attr-defined]
        return view

    return zet


#: Rules of endpoints that are not our own views (Flask's static files).
_VASTE_REGELS = {"static": "openbaar"}


def regel_van(app: Flask, endpoint: str) -> str | None:
    """The access rule of ``endpoint`` (None when it has none)."""
    if endpoint in _VASTE_REGELS:
        return _VASTE_REGELS[endpoint]
    return getattr(app.view_functions.get(endpoint), "_lp_regel", None)


def controleer_regels(app: Flask) -> None:
    """:class:`ConfiguratieFout` naming every route without an access rule."""
    zonder = sorted(
        f"{r.rule} ({r.endpoint})"
        for r in app.url_map.iter_rules()
        if not regel_van(app, r.endpoint)
    )
    if zonder:
        raise ConfiguratieFout("Routes zonder toegangsregel: " + ", ".join(zonder))


def csp_nonce() -> str:
    """This response's script nonce (made on first use): the server-rendered inline scripts of
    a folium map carry it; nothing else inline runs."""
    nonce = g.get("csp_nonce")
    if nonce is None:
        nonce = g.csp_nonce = secrets.token_urlsafe(18)
    return nonce


def met_nonce(html: str) -> str:
    """``html`` (rendered by this app) with the nonce on every ``<script>`` tag."""
    return _SCRIPT.sub(f'<script nonce="{csp_nonce()}"', html)


_SCRIPT = re.compile(r"<script(?=[\s>])")


def huidig_account() -> Account | None:
    """The account of this request (session or API token), None when anonymous."""
    return g.get("account")


class _Gebruiker:
    """Flask-Login's user object around an :class:`Account`."""

    is_active = True
    is_anonymous = False
    is_authenticated = True

    def __init__(self, account: Account) -> None:
        self.account = account

    def get_id(self) -> str:
        return f"{self.account.id}:{self.account.sessieversie}"


def _accounts() -> Any:
    from . import get_store

    return get_store().accounts_repo


def _laad_sessie(sleutel: str) -> _Gebruiker | None:
    try:
        account_id, versie = (int(d) for d in sleutel.split(":"))
    except ValueError:
        return None
    account = _accounts().haal_id(account_id)
    if account is None or not account.actief or account.sessieversie != versie:
        return None  # logged out elsewhere, password changed or blocked: the session is over
    return _Gebruiker(account)


def _laad_token(req: Any) -> _Gebruiker | None:
    kop = req.headers.get("Authorization", "")
    if not kop:
        return None
    soort, _, token = kop.partition(" ")
    if soort.lower() != "bearer" or not token.strip():
        raise NietAangemeld("Gebruik 'Authorization: Bearer <token>' met een API-token")
    g.via_token = True
    return _Gebruiker(_accounts().via_token(token.strip()))


def meld_aan(account: Account) -> None:
    """Start a session for ``account`` (a new session id: no session fixation)."""
    from flask import session

    session.clear()
    login_user(_Gebruiker(account))


def meld_af() -> None:
    """End this session and every other session of the account."""
    account = huidig_account()
    if account is not None:
        _accounts().beeindig_sessies(account.naam)
    logout_user()


def _eigen_origin() -> str:
    return f"{request.scheme}://{request.host}"


def _controleer_herkomst() -> None:
    """A cookie-authenticated write must come from a page of this site."""
    origin = request.headers.get("Origin")
    if origin is None:
        raise GeenToegang(
            "Dit verzoek heeft geen Origin-kop; wijzigingen met een sessie worden alleen vanaf "
            "de pagina's van locatieplanner zelf geaccepteerd"
        )
    if origin == "null" or origin.rstrip("/") != _eigen_origin():
        raise GeenToegang(
            f"Verzoek van een andere herkomst ({origin!r}) geweigerd; alleen "
            f"{_eigen_origin()} mag met een sessie wijzigen"
        )


def _wil_json() -> bool:
    from . import wil_json

    return wil_json()


def init_toegang(app: Flask) -> None:
    """Sessions, tokens, CSRF, origin checks and security headers for ``app``."""
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # valid as long as the session
    app.config.setdefault("WTF_CSRF_SSL_STRICT", False)  # we check Origin ourselves
    if app.config.get("PREFERRED_URL_SCHEME") == "https":
        app.config["SESSION_COOKIE_SECURE"] = True

    csrf = CSRFProtect(app)
    beheer = LoginManager(app)
    # sessions end through the account's ``sessieversie`` (logout, password change, blocking);
    # "strong" would also drop the CSRF token of an anonymous visitor's session
    beheer.session_protection = "basic"
    beheer.user_loader(_laad_sessie)
    beheer.request_loader(_laad_token)

    @app.before_request
    def _bewaak() -> Any:
        g.account = current_user.account if current_user.is_authenticated else None
        if request.endpoint is None:
            return None  # 404/405: answered by the error handlers
        soort = regel_van(app, request.endpoint)
        if soort is None:  # pragma: no cover - controleer_regels refuses such an app
            raise ConfiguratieFout(f"Route {request.path} heeft geen toegangsregel")
        if soort == "openbaar":
            if request.method not in _VEILIG and not g.get("via_token"):
                _controleer_herkomst()
                csrf.protect()
            return None
        if g.account is None:
            if _wil_json():
                raise NietAangemeld("Meld u aan of stuur een API-token (Authorization: Bearer)")
            return redirect(url_for("aanmelden.aanmelden", volgende=request.full_path.rstrip("?")))
        if not regel_laat_toe(soort, g.account):
            raise GeenToegang(
                f"Account {g.account.omschrijving} heeft geen toegang tot {request.path}: "
                "alleen voor beheerders"
            )
        if request.method not in _VEILIG and not g.get("via_token"):
            _controleer_herkomst()
            csrf.protect()
        return None

    @app.errorhandler(CSRFError)
    def _csrf(fout: CSRFError) -> Any:
        return _weiger(
            GeenToegang(
                "Het formulier of verzoek mist een geldig CSRF-token; laad de pagina opnieuw "
                "en probeer het nog eens"
            )
        )

    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.jinja_env.filters["met_nonce"] = met_nonce

    @app.after_request
    def _koppen(antwoord: Any) -> Any:
        for naam, waarde, altijd in veiligheidskoppen(request.endpoint, g.get("csp_nonce")):
            if altijd:
                antwoord.headers[naam] = waarde
            else:
                antwoord.headers.setdefault(naam, waarde)
        return antwoord

    controleer_regels(app)


def veiligheidskoppen(endpoint: str | None, nonce: str | None) -> list[tuple[str, str, bool]]:
    """The security headers of every answer (name, value, and whether it replaces a value the
    view set): CSP (with the script nonce of the page, if any), nosniff, referrer policy, no
    framing, and ``no-store`` for what is not a static file and sets no caching of its own."""
    csp = (
        CSP
        if nonce is None
        else CSP.replace("script-src 'self'", f"script-src 'self' 'nonce-{nonce}'")
    )
    koppen = [
        ("Content-Security-Policy", csp, False),
        ("X-Content-Type-Options", "nosniff", True),
        ("Referrer-Policy", "same-origin", True),
        ("X-Frame-Options", "DENY", False),
    ]
    if endpoint != "static":
        koppen.append(("Cache-Control", "no-store", False))
    return koppen


def regel_laat_toe(soort: str, account: Account | None) -> bool:
    """Whether the access rule ``soort`` lets ``account`` (None: anonymous) in; what it may
    read or change there is decided by the library."""
    if soort == "openbaar":
        return True
    return account is not None and (soort != "beheerder" or account.rol == "beheerder")


def _weiger(fout: Exception) -> Any:
    """Answer a refusal through the app's handler for library errors (which logs it)."""
    return current_app.handle_user_exception(fout)


def veilige_volgende(doel: str | None) -> str:
    """A redirect target after login: a local path only (no open redirect)."""
    if not doel:
        return url_for("aanmelden.welkom")
    delen = urlsplit(doel)
    if delen.scheme or delen.netloc or not doel.startswith("/") or doel.startswith("//"):
        return url_for("aanmelden.welkom")
    return doel
