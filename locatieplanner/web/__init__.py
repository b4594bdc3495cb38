"""Flask app factory (``create_app``), store access and the error mapping of the web layer."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from ..errors import LocatieplannerError
from ..store import Store

__all__ = ["create_app", "get_store", "standaard_database_url"]


def standaard_database_url(instance_path: str | os.PathLike[str]) -> str:
    """The embedded SQLite file in the instance folder."""
    return f"sqlite:///{Path(instance_path) / 'locatieplanner.sqlite'}"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app. Settings: defaults, then ``instance/config.py``, then ``LOCATIEPLANNER_*``
    environment variables (e.g. ``LOCATIEPLANNER_DATABASE_URL``), then ``test_config``."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        DATABASE_URL=None,
        MAX_CONTENT_LENGTH=200 * 1024 * 1024,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        # PDOK BRT-Achtergrondkaart as basemap; the browser falls back to a blank map offline.
        BASISKAART=True,
        GEBRUIKER="planner",
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env(prefix="LOCATIEPLANNER")
    else:
        app.config.from_mapping(test_config)
    if not app.config["DATABASE_URL"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = standaard_database_url(app.instance_path)

    from . import api, kaart, spreiding, uitwisseling

    app.register_blueprint(kaart.bp)
    app.register_blueprint(uitwisseling.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(spreiding.bp)

    @app.errorhandler(LocatieplannerError)
    def _domeinfout(fout: LocatieplannerError) -> Any:
        return _foutantwoord(fout.http_status, fout.melding, fout.als_dict())

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
