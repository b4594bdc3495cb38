"""Flask app factory (``create_app``), store access and the error mapping of the web layer."""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, has_request_context, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from ..config import Instellingen, laad_instellingen
from ..domein.rechten import Account
from ..errors import Bezet, GeenToegang, LocatieplannerError, NietAangemeld
from ..store import Store
from ..weergave.datum import datum_tekst
from .fouten import http_status

__all__ = ["create_app", "get_store", "wil_json"]

_log = logging.getLogger("locatieplanner.toegang")


def create_app(
    test_config: dict[str, Any] | None = None, instellingen: Instellingen | None = None
) -> Flask:
    """Create the app. Settings come from :func:`locatieplanner.config.laad_instellingen`
    (defaults, ``instance/config.py``, ``LOCATIEPLANNER_*`` environment variables); with
    ``test_config`` only the defaults and ``test_config``."""
    if instellingen is None:
        instellingen = laad_instellingen(test_config, omgeving=test_config is None)
    app = _App(
        __name__,
        instance_path=str(instellingen.instance_map.resolve()),
        instance_relative_config=True,
    )
    app.config.from_mapping(
        MAX_CONTENT_LENGTH=200 * 1024 * 1024,
        SESSION_COOKIE_NAME="locatieplanner_sessie",
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        # no "remember me": a session ends with the browser, logout or a password change
        REMEMBER_COOKIE_DURATION=0,
    )
    app.config.from_mapping(instellingen.als_mapping())
    if not app.config.get("TRUSTED_HOSTS"):
        # a Host header naming another site is refused (400); behind a proxy or under a DNS
        # name, set LOCATIEPLANNER_TRUSTED_HOSTS='["planner.example.nl"]'
        eigen = app.config.get("SERVE_HOST")
        app.config["TRUSTED_HOSTS"] = [
            "localhost",
            "127.0.0.1",
            "::1",
            *([eigen] if eigen and eigen not in ("0.0.0.0", "::") else []),
        ]
    app.extensions["locatieplanner.instellingen"] = instellingen
    from .snelpad import Snelpad

    # kept API answers before Flask's machinery; inside the proxy fix (its client address)
    app.wsgi_app = Snelpad(app, app.wsgi_app)  # type: ignore[method-assign]
    _achter_proxy(app)

    from . import (
        aanmelden,
        agenda,
        api,
        api_agenda,  # noqa: F401  (routes of the api blueprint)
        api_casuskaart,  # noqa: F401  (routes of the api blueprint)
        api_casussen,  # noqa: F401  (routes of the api blueprint)
        api_corporaties,  # noqa: F401  (routes of the api blueprint)
        api_kaartbeeld,  # noqa: F401  (routes of the api blueprint)
        api_plekken,  # noqa: F401  (routes of the api blueprint)
        api_scenarios,  # noqa: F401  (routes of the api blueprint)
        api_signalen,  # noqa: F401  (routes of the api blueprint)
        api_toelichting,  # noqa: F401  (routes of the api blueprint)
        biedingen,
        casussen,
        corporaties,
        dalingen,
        documenten,
        gereed,
        kaart,
        onttrekkingen,
        peildata,
        spreiding,
        uitwisseling,
    )
    from .antwoordcache import init_antwoordcache
    from .modulen import modulegraaf
    from .server import registreer_verzoeklog
    from .toegang import init_toegang

    registreer_verzoeklog(app)
    _comprimeer(app)
    app.jinja_env.filters["datum"] = _datum_tijd
    app.jinja_env.globals["modulegraaf"] = modulegraaf

    app.register_blueprint(aanmelden.bp)
    app.register_blueprint(gereed.bp)
    app.register_blueprint(kaart.bp)
    app.register_blueprint(uitwisseling.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(spreiding.bp)
    app.register_blueprint(corporaties.bp)
    app.register_blueprint(biedingen.bp)
    app.register_blueprint(onttrekkingen.bp)
    app.register_blueprint(casussen.bp)
    app.register_blueprint(dalingen.bp)
    app.register_blueprint(agenda.bp)
    app.register_blueprint(documenten.bp)
    app.register_blueprint(peildata.bp)

    @app.errorhandler(LocatieplannerError)
    def _domeinfout(fout: LocatieplannerError) -> Any:
        status = http_status(fout)
        koppen: dict[str, str] = {}
        if isinstance(fout, NietAangemeld | GeenToegang):
            _log_weigering(fout)
        if isinstance(fout, NietAangemeld):
            koppen["WWW-Authenticate"] = 'Bearer realm="locatieplanner"'
        if isinstance(fout, Bezet):
            koppen["Retry-After"] = str(fout.opnieuw_na)
        antwoord, status = _foutantwoord(status, fout.melding, fout.als_dict())
        return antwoord, status, koppen

    @app.errorhandler(HTTPException)
    def _httpfout(fout: HTTPException) -> Any:
        melding = _HTTP_MELDINGEN.get(fout.code or 500, fout.description or fout.name)
        data = {"fout": melding, "details": []}
        antwoord, status = _foutantwoord(fout.code or 500, melding, data)
        # keep e.g. the Allow header of a 405
        koppen = {k: v for k, v in fout.get_headers() if k.lower() != "content-type"}
        return antwoord, status, koppen

    init_toegang(app)
    init_antwoordcache(app)
    return app


_HTTP_MELDINGEN = {
    400: "Ongeldig verzoek",
    404: "Deze pagina of dit item bestaat niet",
    405: "Deze methode is hier niet toegestaan",
    413: "Het bestand is te groot",
    415: "Dit inhoudstype wordt niet ondersteund",
}


def wil_json() -> bool:
    """Whether the client wants JSON (the API, a JSON request, or Accept preferring it)."""
    if request.path.startswith("/api/") or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _foutantwoord(status: int, melding: str, data: dict[str, Any]) -> Any:
    if wil_json():
        return jsonify(data), status
    return render_template(
        "fout.html", status=status, melding=melding, details=data.get("details", [])
    ), status


def get_store() -> Store:
    """The store, acting for the account of this request: its rights decide every write (one
    engine per app; the schema is migrated on first use)."""
    store = current_app.extensions.get("locatieplanner.store")
    if store is None:
        # the first requests of a fresh worker arrive together: one opens (and migrates)
        with _OPENEN:
            store = current_app.extensions.get("locatieplanner.store")
            if store is None:
                store = Store.open(
                    current_app.config["DATABASE_URL"],
                    gebruiker=current_app.config["GEBRUIKER"],
                    wachttijd=current_app.config.get("SCHRIJF_WACHTTIJD"),
                    wachttijd_import=current_app.config.get("IMPORT_WACHTTIJD"),
                )
                current_app.extensions["locatieplanner.store"] = store
    if not has_request_context():
        return store
    account = g.get("account")
    if account is None:
        return store.als(_ANONIEM)
    eigen = g.get("_store")
    if eigen is None or eigen.account != account:
        eigen = g._store = store.als(account)
    return eigen


#: What is compressed (brotli, else gzip): data, scripts and styles. Not HTML: its pages carry
#: the session's CSRF token next to text from the request (BREACH).
_GECOMPRIMEERD = [
    "application/json",
    "application/geo+json",
    "text/javascript",
    "application/javascript",
    "text/css",
    "image/svg+xml",
    "text/csv",
]


class _App(Flask):
    """Flask with static files read whole (they are small), so they can be compressed without
    a streamed response keeping the file open."""

    def send_static_file(self, filename: str) -> Any:
        antwoord = super().send_static_file(filename)
        bestand = antwoord.response
        antwoord.direct_passthrough = False
        antwoord.make_sequence()
        # read whole: the file is closed now (also for a 304, which drops it unread)
        sluit = getattr(bestand, "close", None)
        if sluit is not None:
            sluit()
        return antwoord


def _comprimeer(app: Flask) -> None:
    from flask_compress import Compress

    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIMETYPES", _GECOMPRIMEERD)
    app.config.setdefault("COMPRESS_MIN_SIZE", 1024)
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    # a streamed response (a large download) stays as it is: compressing it would hold it whole
    app.config.setdefault("COMPRESS_STREAMS", False)
    # static files are compressed once per worker, not on every request (see .statisch)
    from .statisch import stel_in

    stel_in(app)
    # kept for the answer cache, which compresses an answer once before it keeps it
    app.extensions["compress"] = Compress(app)


_OPENEN = threading.Lock()


def _achter_proxy(app: Flask) -> None:
    """Behind ``VERTROUWDE_PROXIES`` reverse proxies (nginx on another machine, a load
    balancer) take the client's address and scheme from their ``X-Forwarded-For`` and
    ``X-Forwarded-Proto``: login throttling counts per client address instead of per proxy, and
    the Origin check of a write over HTTPS compares ``https://``. Only safe when the app
    servers can be reached through those proxies alone (the setting is checked in
    :func:`locatieplanner.config.laad_instellingen`)."""
    aantal = int(app.config.get("VERTROUWDE_PROXIES") or 0)
    if aantal:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=aantal, x_proto=aantal)  # type: ignore[method-assign]


#: Who a request without login acts as: it may read only what public routes show.
_ANONIEM = Account("anoniem", "provincie", actief=False)


def _log_weigering(fout: LocatieplannerError) -> None:
    from .server import verzoekvelden

    velden = verzoekvelden(status=http_status(fout), reden=fout.melding)
    _log.warning("geweigerd", extra={"velden": velden})


def _datum_tijd(waarde: datetime | None) -> str:
    """An aware time as Dutch date and time in the Netherlands: ``3 maart 2026 14:05``."""
    if waarde is None:
        return ""
    lokaal = waarde.astimezone(ZoneInfo("Europe/Amsterdam"))
    return f"{datum_tekst(lokaal.date())} {lokaal:%H:%M}"
