"""Run ``locatieplanner`` as a program in a subprocess and see which modules it loaded (the
import-cost guards of tests/test_cli_start.py and tests/test_import_start.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

__all__ = ["GEEN_OPDRACHT", "gevuld_store", "omgeving", "programma"]

#: Modules (top-level packages) no command that reads or writes the store needs: the web layer,
#: maps, validation models, migrations, PostgreSQL's driver (on SQLite), PDF and Excel writers.
GEEN_OPDRACHT = (
    "flask",
    "werkzeug",
    "jinja2",
    "folium",
    "pydantic",
    "openpyxl",
    "weasyprint",
    "reportlab",
    "matplotlib",
    "alembic",
    "psycopg",
)

#: Runs the program as ``python -m locatieplanner`` does, and writes the loaded modules to a
#: file from an exit handler (the quick end of ``cli.start`` must still run exit handlers).
_PROGRAMMA = """
import atexit, json, runpy, sys
uit, *args = sys.argv[1:]
atexit.register(lambda: open(uit, "w").write(json.dumps(sorted(sys.modules))))
sys.argv = ["locatieplanner", *args]
runpy.run_module("locatieplanner", run_name="__main__", alter_sys=True)
"""


def omgeving() -> dict[str, str]:
    """The environment with this checkout first on ``PYTHONPATH``."""
    uit = dict(os.environ)
    wortel = str(Path(__file__).resolve().parents[1])
    uit["PYTHONPATH"] = os.pathsep.join(
        [wortel, *[p for p in uit.get("PYTHONPATH", "").split(os.pathsep) if p]]
    )
    return uit


def programma(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """``locatieplanner *args`` as a program (in ``tmp_path``): its result and the modules it
    had loaded when its exit handlers ran."""
    modules = tmp_path / "modules.json"
    modules.unlink(missing_ok=True)
    res = subprocess.run(
        [sys.executable, "-c", _PROGRAMMA, str(modules), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=omgeving(),
        cwd=tmp_path,
    )
    assert modules.exists(), f"de exit-handler liep niet: {res.stderr}"
    return res, set(json.loads(modules.read_text()))


def gevuld_store(tmp_path: Path) -> str:
    """The URL of a SQLite store in ``tmp_path`` with the analysis' test data."""
    from analyse_testdata import vul_store

    from locatieplanner.store import Store

    url = f"sqlite:///{tmp_path / 'start.sqlite'}"
    store = Store.open(url)
    vul_store(store)
    store.sluit()
    return url
