"""Flask app factory (``create_app``), store access and the error mapping of the web layer."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from ..config import Instellingen, laad_instellingen
from ..errors import LocatieplannerError
from ..store import Store
from .fouten import http_status

__all__ = ["create_app", "get_store"]


def create_app(
    test_config: dict[str, Any] | None = None, instellingen: Instellingen | None = None
) -> Flask:
    """Create the app. Settings come from :func:`locatieplanner.config.laad_instellingen`
    (defaults, ``instance/config.py``, ``LOCATIEPLANNER_*`` environment variables); with
    ``test_config`` only the defaults and ``test_config``."""
    if instellingen is None:
        instellingen = laad_instellingen(test_config, omgeving=test_config is None)
    app = Flask(
        __name__,
        instance_path=str(instellingen.instance_map.resolve()),
        instance_relative_config=True,
    )
    app.config.from_mapping(
        MAX_CONTENT_LENGTH=200 * 1024 * 1024,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
    )
    app.config.from_mapping(instellingen.als_mapping())
    app.extensions["locatieplanner.instellingen"] = instellingen

    from . import api, kaart, spreiding, uitwisseling
    from .server import registreer_verzoeklog

    registreer_verzoeklog(app)

    app.register_blueprint(kaart.bp)
    app.register_blueprint(uitwisseling.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(spreiding.bp)

    @app.errorhandler(LocatieplannerError)
    def _domeinfout(fout: LocatieplannerError) -> Any:
        return _foutantwoord(http_status(fout), fout.melding, fout.als_dict())

    @app.errorhandler(HTTPException)
    def _httpfout(fout: HTTPException) -> Any:
        melding = _HTTP_MELDINGEN.get(fout.code or 500, fout.description or fout.name)
        data = {"fout": melding, "details": []}
        antwoord, status = _foutantwoord(fout.code or 500, melding, data)
        # keep e.g. the Allow header of a 405
        koppen = {k: v for k, v in fout.get_headers() if k.lower() != "content-type"}
        return antwoord, status, koppen

    return app


_HTTP_MELDINGEN = {
    400: "Ongeldig verzoek",
    404: "Deze pagina of dit item bestaat niet",
    405: "Deze methode is hier niet toegestaan",
    413: "Het bestand is te groot",
    415: "Dit inhoudstype wordt niet ondersteund",
}


def _wil_json() -> bool:
    if request.path.startswith("/api/") or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _foutantwoord(status: int, melding: str, data: dict[str, Any]) -> Any:
    if _wil_json():
        return jsonify(data), status
    return render_template(
        "fout.html", status=status, melding=melding, details=data.get("details", [])
    ), status


def get_store() -> Store:
    """The app's store (one engine per app; the schema is migrated on first use)."""
    store = current_app.extensions.get("locatieplanner.store")
    if store is None:
        store = Store.open(
            current_app.config["DATABASE_URL"], gebruiker=current_app.config["GEBRUIKER"]
        )
        current_app.extensions["locatieplanner.store"] = store
    return store
