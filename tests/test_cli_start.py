"""The command line as a program: what it imports, and how it ends (``cli.start``).

The analysis and the export are timed as whole commands at national scale (benchmarks/
nationaal.py); importing modules they do not use (Flask, folium, geopandas, pydantic, pyproj,
...) was a third of the analysis command. These tests keep the imports lazy: a later change that
brings one back at module level fails here. They also check that the program's quick end
(``os._exit`` after the command, see :func:`locatieplanner.cli.start`) loses nothing: the output,
the exit code, the exit handlers and the closed database.
"""

from __future__ import annotations

import json
import pstats
import subprocess
import sys
from pathlib import Path

import pytest
from programma import GEEN_OPDRACHT, gevuld_store, omgeving, programma

from locatieplanner.store import Store

#: Modules a command that reads the store and computes needs none of (the web layer, maps,
#: file formats, validation models, CRS transformation, PDF and Excel writers).
ZWAAR = (*GEEN_OPDRACHT, "geopandas", "pyogrio", "fiona", "pyproj")


def _zware(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in ZWAAR)


@pytest.fixture
def gevuld(tmp_path: Path) -> str:
    return gevuld_store(tmp_path)


def test_de_cli_importeert_geen_zware_modules():
    code = "import json, sys; import locatieplanner.cli; print(json.dumps(sorted(sys.modules)))"
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=omgeving()
    )
    assert res.returncode == 0, res.stderr
    assert _zware(set(json.loads(res.stdout))) == []


def test_analyse_als_programma_laadt_alleen_wat_het_nodig_heeft(tmp_path, gevuld, runner):
    uit = tmp_path / "analyse.json"
    res, modules = programma(
        tmp_path, "--database", gevuld, "analyse", "--formaat", "json", "--uitvoer", str(uit)
    )
    assert res.returncode == 0, res.stderr
    assert _zware(modules) == []
    assert "locatieplanner.analyse" in modules  # the command did run
    assert res.stderr == f"Analyse (json) geschreven naar {uit}\n"
    # the same bytes as the command run inside this process (no quick end there)
    runner.url = gevuld
    binnen = tmp_path / "binnen.json"
    assert runner.invoke(["analyse", "--formaat", "json", "--uitvoer", str(binnen)]).exit_code == 0
    assert uit.read_bytes() == binnen.read_bytes()


def test_analyse_naar_de_terminal_is_compleet_na_het_snelle_einde(tmp_path, gevuld, runner):
    res, _ = programma(tmp_path, "--database", gevuld, "analyse", "--formaat", "json")
    assert res.returncode == 0, res.stderr
    runner.url = gevuld
    binnen = runner.invoke(["analyse", "--formaat", "json"])
    assert binnen.exit_code == 0
    assert res.stdout == binnen.output  # every byte flushed before the process ended
    json.loads(res.stdout)


def test_het_snelle_einde_laat_de_database_gesloten_achter(tmp_path, gevuld):
    pad = Path(gevuld.removeprefix("sqlite:///"))
    for args in (["analyse", "--formaat", "csv"], ["exporteer", str(tmp_path / "uit.gpkg")]):
        res, _ = programma(tmp_path, "--database", gevuld, *args)
        assert res.returncode == 0, res.stderr
        # the last connection closed: SQLite folded its write-ahead log back into the file
        assert not Path(f"{pad}-wal").exists(), args
    assert (tmp_path / "uit.gpkg").stat().st_size > 0


def test_een_fout_eindigt_zoals_altijd(tmp_path):
    url = f"sqlite:///{tmp_path / 'leeg.sqlite'}"
    Store.open(url).sluit()  # no region
    res, _ = programma(tmp_path, "--database", url, "analyse", "--formaat", "json")
    assert res.returncode == 1
    assert res.stderr.startswith("Error: ")
    assert res.stdout == ""


def test_een_onbekende_opdracht_geeft_code_2(tmp_path):
    res, _ = programma(tmp_path, "bestaat-niet")
    assert res.returncode == 2
    assert "bestaat-niet" in res.stderr


def test_onder_een_profiler_eindigt_het_programma_gewoon(tmp_path, gevuld):
    """``python -m cProfile -o F -m locatieplanner analyse`` writes its profile: the quick end
    (``os._exit``) would end the process before the profiler writes after the program."""
    uit = tmp_path / "analyse.prof"
    res = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(uit), "-m", "locatieplanner"]
        + ["--database", gevuld, "analyse", "--formaat", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        env=omgeving(),
        cwd=tmp_path,
    )
    assert res.returncode == 0, res.stderr
    json.loads(res.stdout)
    stats = pstats.Stats(str(uit))
    assert any(naam == "bereken" for _bestand, _regel, naam in stats.stats)
