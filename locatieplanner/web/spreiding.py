"""Blueprint ``spreiding``: the province's dashboard of the distribution over the municipalities."""

from __future__ import annotations

from flask import Blueprint, render_template

__all__ = ["bp"]

bp = Blueprint("spreiding", __name__)


@bp.get("/spreiding")
def index() -> str:
    return render_template("basis.html")
