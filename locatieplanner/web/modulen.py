"""The static import graph of a page's ES modules, for ``<link rel="modulepreload">``.

A module script names its imports only once it has arrived, so the browser fetches the
planner's modules level by level (planner.js, then what it imports, then what those import).
A page that lists every module of its entry in its head lets the browser fetch them all at once,
next to the style sheets. The list is read from the files themselves (the ``import ... from
"./x.js"`` lines), so it cannot go stale; once per process.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

__all__ = ["modulegraaf"]

_MAP = Path(__file__).parent / "static" / "js"
#: A static import or re-export of a module next to it: ``from "./x.js"`` / ``import "./x.js"``.
_IMPORT = re.compile(r"""^\s*(?:import|export)\b[^;'"]*?["']\./([\w.-]+\.js)["']""", re.M | re.S)


@cache
def modulegraaf(ingang: str) -> tuple[str, ...]:
    """The paths (relative to ``static/``) of ``ingang`` and every module it imports,
    directly or not, in breadth-first order."""
    gezien: list[str] = []
    rij = [ingang]
    while rij:
        naam = rij.pop(0)
        if naam in gezien or not (_MAP / naam).is_file():
            continue
        gezien.append(naam)
        rij.extend(_IMPORT.findall((_MAP / naam).read_text(encoding="utf-8")))
    return tuple(f"js/{naam}" for naam in gezien)
