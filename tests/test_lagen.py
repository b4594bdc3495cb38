"""The layers of ARCHITECTURE.md, checked by import-linter's contracts in ``pyproject.toml``."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_contracten_bestaan_voor_elke_laag():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]
    lagen = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    pakketten = {
        p.name for p in (ROOT / "locatieplanner").iterdir() if (p / "__init__.py").exists()
    }
    genoemd = {deel.strip().split(".")[1] for laag in lagen for deel in laag.split("|")}
    assert pakketten - {"store"} <= genoemd | {"store"}, "elk subpakket hoort in een laag"
    assert {"domein", "store", "analyse", "uitwisseling", "weergave", "web", "cli"} <= genoemd


def test_import_linter_contracten_gehouden():
    """A broken contract fails here, and import-linter's report names the offending import."""
    resultaat = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(config_filename=sys.argv[1]))",
            str(ROOT / "pyproject.toml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultaat.returncode == 0, resultaat.stdout + resultaat.stderr
    assert "KEPT" in resultaat.stdout and "BROKEN" not in resultaat.stdout
