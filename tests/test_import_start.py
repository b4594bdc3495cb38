"""What the site import imports: only what reading a file and writing the store need.

The import of a national file is timed as a whole command (benchmarks/nationaal.py), and module
imports are part of it. Reading a GeoPackage needs pyogrio (which brings pandas, geopandas and
pyarrow with it), the store SQLAlchemy and shapely; the web layer, maps, validation models,
migrations, other databases' drivers and report writers are not needed. These tests run the real
command as a program and fail when a later change brings one of those back on this path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from programma import GEEN_OPDRACHT, gevuld_store, programma

#: Modules (top-level packages) the site import needs none of.
ONNODIG = (*GEEN_OPDRACHT, "diskcache", "gunicorn", "scipy")
#: Parts of the project the site import does not use.
ONNODIGE_LAGEN = ("locatieplanner.web", "locatieplanner.weergave", "locatieplanner.analyse")


def _onnodig(modules: set[str]) -> list[str]:
    return sorted(
        m
        for m in modules
        if m.split(".")[0] in ONNODIG or any(m.startswith(laag) for laag in ONNODIGE_LAGEN)
    )


@pytest.fixture
def gevuld(tmp_path: Path) -> str:
    return gevuld_store(tmp_path)


@pytest.mark.parametrize("droog", [True, False], ids=["droog", "opslaan"])
def test_locaties_importeren_laadt_alleen_wat_het_nodig_heeft(tmp_path, gevuld, runner, droog):
    runner.url = gevuld
    bestand = tmp_path / "locaties.gpkg"
    assert runner.invoke(["exporteer", str(bestand)]).exit_code == 0
    args = ["--database", gevuld, "locaties", "importeer", str(bestand), "--laag", "locaties"]
    res, modules = programma(tmp_path, *args, *(["--droog"] * droog))
    assert res.returncode == 0, res.stderr + res.stdout
    assert "locatieplanner.uitwisseling.importeer" in modules  # the import did run
    assert "pyogrio" in modules
    assert _onnodig(modules) == []
