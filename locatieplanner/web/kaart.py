"""Blueprint ``kaart``: the home page with the map of the region (placeholder, being built)."""

from __future__ import annotations

from flask import Blueprint

from . import get_store

__all__ = ["bp"]

bp = Blueprint("kaart", __name__)


@bp.get("/")
def index() -> str:
    regio = get_store().regio()
    return f"<!doctype html><title>locatieplanner</title><h1>Regio {regio.naam}</h1>"
