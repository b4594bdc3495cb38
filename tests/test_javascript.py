"""The browser scripts (ES modules in ``locatieplanner/web/static/js``): ESLint is clean, and no
JavaScript logic hides in Python strings.

ESLint and its plugins are pinned exactly in ``package.json``/``package-lock.json``; ``npm ci`` in
the project folder installs them into ``node_modules`` (``.ci/run`` does so before pytest).
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT, vereist

ESLINT = PROJECT / "node_modules" / ".bin" / "eslint"
JS_MAP = PROJECT / "locatieplanner" / "web" / "static" / "js"
PAKKET = PROJECT / "locatieplanner"


def _eslint(*args: str, invoer: str | None = None) -> subprocess.CompletedProcess[str]:
    vereist(
        ESLINT.exists(),
        f"ESLint ontbreekt ({ESLINT.relative_to(PROJECT)}): voer `npm ci` uit in {PROJECT}",
    )
    vereist(shutil.which("node") is not None, "Node.js ontbreekt (ESLint draait op node)")
    return subprocess.run(
        [str(ESLINT), "--max-warnings", "0", *args],
        cwd=PROJECT,
        input=invoer,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_eslint_is_schoon():
    uit = _eslint("locatieplanner/web/static/js", "eslint.config.js")
    assert uit.returncode == 0, uit.stdout + uit.stderr


def test_eslint_keurt_fouten_in_de_scripts_af():
    """The configuration really applies to the scripts: loose equality, an unused variable, an
    undeclared global and HTML from text are refused."""
    fout = "let x = 1;\nconst ongebruikt = 2;\nif (x == 2) { onbekend(); }\ndocument.body.innerHTML = 'x';\n"
    uit = _eslint(
        "--stdin", "--stdin-filename", "locatieplanner/web/static/js/proef.js", invoer=fout
    )
    assert uit.returncode == 1, uit.stdout + uit.stderr
    for regel in (
        "eqeqeq",
        "no-unused-vars",
        "no-undef",
        "no-restricted-properties",
        "prefer-const",
    ):
        assert regel in uit.stdout, regel


def test_eslint_versies_exact_vastgelegd():
    pakket = json.loads((PROJECT / "package.json").read_text("utf-8"))
    slot = json.loads((PROJECT / "package-lock.json").read_text("utf-8"))
    afhankelijk = pakket["devDependencies"]
    assert "eslint" in afhankelijk
    for naam, versie in afhankelijk.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", versie), f"{naam} {versie} is niet exact vastgelegd"
        assert slot["packages"][f"node_modules/{naam}"]["version"] == versie, naam


# --------------------------------------------------------------------------- no JS in Python

#: Signs of script logic: function expressions, arrow functions, DOM and Leaflet calls,
#: promise chains, declarations.
_JS = re.compile(
    r"function\s*\(|=>|\baddEventListener\b|\bdocument\.|\bwindow\.|\bL\.[A-Za-z]+\s*\("
    r"|\.then\s*\(|\b(?:var|let|const)\s+[A-Za-z_$][\w$]*\s*="
)


def _docstrings(boom: ast.AST) -> set[int]:
    uit = set()
    for knoop in ast.walk(boom):
        if isinstance(knoop, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            eerste = knoop.body[0] if knoop.body else None
            if isinstance(eerste, ast.Expr) and isinstance(eerste.value, ast.Constant):
                uit.add(id(eerste.value))
    return uit


def js_in_strings(bron: str) -> list[tuple[int, str]]:
    """(line, what looks like script logic) for every string literal of a Python source that
    is not a docstring (f-string parts included)."""
    boom = ast.parse(bron)
    docstrings = _docstrings(boom)
    vondsten = []
    for knoop in ast.walk(boom):
        if (
            isinstance(knoop, ast.Constant)
            and isinstance(knoop.value, str)
            and id(knoop) not in docstrings
        ):
            treffer = _JS.search(knoop.value)
            if treffer:
                vondsten.append((knoop.lineno, treffer.group()))
    return vondsten


def test_herkent_javascript_in_een_string():
    bron = (
        'TEMPLATE = """{% macro script(this, kwargs) %}\n'
        'var kaart = {{ this._parent.get_name() }};\n{% endmacro %}"""\n'
        'PIJL = f"lagen.forEach((l) => {{ l.addTo({naam}); }})"\n'
        'def f():\n    """A docstring may name document.getElementById."""\n'
        "    return 'L.control({position: \"topleft\"})'\n"
        "GEWOON = 'Kaart geschreven naar {pad}'\n"
    )
    assert [regel for regel, _ in js_in_strings(bron)] == [1, 4, 7]


@pytest.mark.parametrize(
    "pad",
    sorted(PAKKET.rglob("*.py")),
    ids=lambda p: str(p.relative_to(PAKKET)),
)
def test_geen_javascript_in_python(pad: Path):
    """Script logic belongs in static/js (linted, served by the app or inlined from the package),
    not in Python strings; a page gets its data as JSON."""
    assert js_in_strings(pad.read_text("utf-8")) == [], (
        f"{pad.relative_to(PROJECT)} bevat JavaScript in een string; zet het in "
        f"{JS_MAP.relative_to(PROJECT)}"
    )
