"""The README opens with the two set-up commands, and documents every CLI command."""

from __future__ import annotations

import re
from pathlib import Path

import click

from locatieplanner.cli import main

PROJECT = Path(__file__).resolve().parents[1]
README = (PROJECT / "README.md").read_text("utf-8")


def _commando_paden(
    groep: click.Group, voor: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], click.Command]]:
    uit = []
    for naam, cmd in groep.commands.items():
        pad = (*voor, naam)
        uit.append((pad, cmd))
        if isinstance(cmd, click.Group):
            uit.extend(_commando_paden(cmd, pad))
    return uit


def _eerste_codeblok() -> list[str]:
    blok = re.search(r"```(?:sh|bash|console)?\n(.*?)```", README, re.S)
    assert blok, "README.md heeft geen codeblok"
    return [r for r in blok.group(1).splitlines() if r.strip() and not r.lstrip().startswith("#")]


def test_readme_begint_met_precies_twee_opzetcommandos():
    voor_blok = README.split("```", 1)[0]
    assert voor_blok.count("\n## ") == 0, "de twee commando's staan vóór elke sectie"
    app, tests = _eerste_codeblok()
    assert "pip install" in app and "locatieplanner demo" in app
    assert "pip install" in tests and "pytest" in tests


def test_ci_voert_het_testcommando_uit_de_readme_uit():
    tests = _eerste_codeblok()[1]
    testcommando = tests.split("&&")[-1].strip()
    ci = (PROJECT / ".ci" / "run").read_text("utf-8")
    assert re.search(r"^\s*python3? -m pytest\s*$", ci, re.M)
    assert testcommando.replace("python ", "python3 ") in ci or testcommando in ci


def test_elk_commando_heeft_hulptekst_en_staat_in_de_readme():
    paden = _commando_paden(main)
    assert len(paden) >= 7
    ontbreekt = []
    for pad, cmd in paden:
        assert (cmd.help or "").strip(), f"'locatieplanner {' '.join(pad)}' heeft geen hulptekst"
        if f"locatieplanner {' '.join(pad)}" not in README:
            ontbreekt.append(" ".join(pad))
    assert ontbreekt == [], f"niet in README.md: {ontbreekt}"


def test_elke_optie_heeft_hulptekst():
    for pad, cmd in _commando_paden(main):
        for p in cmd.params:
            if isinstance(p, click.Option):
                assert p.help, (
                    f"optie {p.opts} van 'locatieplanner {' '.join(pad)}' heeft geen hulptekst"
                )
