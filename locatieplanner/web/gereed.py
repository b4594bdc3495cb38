"""Blueprint ``gereed``: the readiness check for a reverse proxy, load balancer or start script."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify

from . import get_store
from .toegang import regel
from .voorverwarmen import bezig

__all__ = ["bp"]

bp = Blueprint("gereed", __name__)


@bp.route("/gereed")
@regel("openbaar")
def gereed() -> Any:
    """200 once this worker has built the app, its database answers and the steps of its warming
    that ready waits for are done (:func:`.voorverwarmen.bezig`: the distribution page's analysis
    computed ahead, at most its ``ANALYSE_VOORAF_WACHT``); 503 otherwise. Says nothing about the
    data (anyone may ask): only whether requests can be served."""
    try:
        get_store().dataversie()
    except Exception as fout:  # noqa: BLE001 - whatever fails, this worker cannot serve
        antwoord = jsonify(
            status="niet gereed",
            melding=f"De database antwoordt niet ({type(fout).__name__}); probeer het over 5 s opnieuw.",
        )
        antwoord.status_code = 503
        antwoord.headers["Retry-After"] = "5"
    else:
        if bezig(current_app):
            antwoord = jsonify(
                status="niet gereed",
                melding="De server berekent de analyse vooraf; probeer het over 1 s opnieuw.",
            )
            antwoord.status_code = 503
            antwoord.headers["Retry-After"] = "1"
        else:
            antwoord = jsonify(status="gereed")
    antwoord.headers["Cache-Control"] = "no-store"
    return antwoord
