"""Code style is part of the build: ruff lint and ruff format must be clean."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import PROJECT, vereist


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    ruff = shutil.which("ruff")
    opdracht = [ruff] if ruff else [sys.executable, "-m", "ruff"]
    return subprocess.run(
        [*opdracht, *args], cwd=PROJECT, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module", autouse=True)
def _ruff_aanwezig() -> None:
    try:
        import ruff  # noqa: F401
    except ImportError:
        vereist(shutil.which("ruff") is not None, "ruff ontbreekt (pip install -e '.[test]')")


def test_ruff_lint_is_schoon():
    uit = _ruff("check", ".")
    assert uit.returncode == 0, uit.stdout + uit.stderr


def test_ruff_format_is_schoon():
    uit = _ruff("format", "--check", ".")
    assert uit.returncode == 0, uit.stdout + uit.stderr
