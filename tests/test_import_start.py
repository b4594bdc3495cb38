"""What the site import imports: only what reading a file and writing the store need.

The import of a national file is timed as a whole command (benchmarks/nationaal.py), and module
imports are part of it. Reading a GeoPackage needs pyogrio (which brings pandas, geopandas and
pyarrow with it), the store SQLAlchemy and shapely; the web layer, maps, validation models,
migrations, other databases' drivers and report writers are not needed. These tests run the real
command as a program and fail when a later change brings one of those back on this path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from analyse_testdata import vul_store

from locatieplanner.store import Store

#: Modules (top-level packages) the site import needs none of.
ONNODIG = (
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
    "diskcache",
    "gunicorn",
    "scipy",
)
#: Parts of the project the site import does not use.
ONNODIGE_LAGEN = ("locatieplanner.web", "locatieplanner.weergave", "locatieplanner.analyse")

#: Runs the program as ``python -m locatieplanner`` does, and writes the loaded modules to a
#: file from an exit handler.
_PROGRAMMA = """
import atexit, json, runpy, sys
uit, *args = sys.argv[1:]
atexit.register(lambda: open(uit, "w").write(json.dumps(sorted(sys.modules))))
sys.argv = ["locatieplanner", *args]
runpy.run_module("locatieplanner", run_name="__main__", alter_sys=True)
"""


def _omgeving() -> dict[str, str]:
    omgeving = dict(os.environ)
    wortel = str(Path(__file__).resolve().parents[1])
    omgeving["PYTHONPATH"] = os.pathsep.join(
        [wortel, *[p for p in omgeving.get("PYTHONPATH", "").split(os.pathsep) if p]]
    )
    return omgeving


def _onnodig(modules: set[str]) -> list[str]:
    return sorted(
        m
        for m in modules
        if m.split(".")[0] in ONNODIG or any(m.startswith(laag) for laag in ONNODIGE_LAGEN)
    )


@pytest.fixture
def gevuld(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'start.sqlite'}"
    store = Store.open(url)
    vul_store(store)
    store.sluit()
    return url


@pytest.mark.parametrize("droog", [True, False], ids=["droog", "opslaan"])
def test_locaties_importeren_laadt_alleen_wat_het_nodig_heeft(tmp_path, gevuld, runner, droog):
    runner.url = gevuld
    bestand = tmp_path / "locaties.gpkg"
    assert runner.invoke(["exporteer", str(bestand)]).exit_code == 0
    modules_pad = tmp_path / "modules.json"
    args = ["--database", gevuld, "locaties", "importeer", str(bestand), "--laag", "locaties"]
    res = subprocess.run(
        [sys.executable, "-c", _PROGRAMMA, str(modules_pad), *args, *(["--droog"] * droog)],
        capture_output=True,
        text=True,
        timeout=120,
        env=_omgeving(),
        cwd=tmp_path,
    )
    assert res.returncode == 0, res.stderr + res.stdout
    modules = set(json.loads(modules_pad.read_text()))
    assert "locatieplanner.uitwisseling.importeer" in modules  # the import did run
    assert "pyogrio" in modules
    assert _onnodig(modules) == []
