"""The analysis result as JSON: the text and its JSON Schema (``schema.json``, draft 2020-12)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from .resultaat import Analyse

__all__ = ["als_json", "laad_schema"]


def laad_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :meth:`Analyse.als_dict`."""
    tekst = resources.files("locatieplanner.analyse").joinpath("schema.json").read_text("utf-8")
    return json.loads(tekst)


def als_json(analyse: Analyse) -> str:
    """The JSON text (indented, UTF-8 characters kept)."""
    return json.dumps(analyse.als_dict(), ensure_ascii=False, indent=2) + "\n"
