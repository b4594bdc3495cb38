"""Choosing the bid version: the hand-checked region has Westdorp origineel 150 then aangescherpt
250, Middenstad only origineel 500, Oosthoek no bid."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from locatieplanner import analyse
from locatieplanner.cli import main
from locatieplanner.errors import ValidatieFout
from locatieplanner.store import Store
from tests.analyse_testdata import vul_store
from tests.conftest import database_url


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    u = database_url(tmp_path_factory.mktemp("bodversie"))
    s = Store.open(u)
    vul_store(s)
    s.sluit()
    return u


@pytest.fixture(scope="module")
def store(url):
    s = Store.open(url)
    yield s
    s.sluit()


def _bod(a, code):
    g = a.gemeenten.loc[code]
    return (g["bod"], g["bod_origineel"], g["bod_versie"])


def test_standaard_de_nieuwste(store):
    a = analyse.analyseer(store)
    assert _bod(a, "GM9001") == (250, 150, "aangescherpt")
    assert _bod(a, "GM9002") == (500, 500, "origineel")
    assert a.als_dict()["bod_versie"] is None


def test_origineel(store):
    a = analyse.analyseer(store, bod_versie="origineel")
    assert _bod(a, "GM9001") == (150, 150, "origineel")
    # the gap follows the chosen bid: 200 DAEB in plans against 150
    assert a.gemeenten.loc["GM9001", "verschil_bod"] == 50
    assert a.totalen["bod"] == 150 + 500
    assert a.als_dict()["bod_versie"] == "origineel"


def test_versie_die_een_gemeente_niet_heeft(store):
    a = analyse.analyseer(store, bod_versie="aangescherpt")
    assert _bod(a, "GM9001") == (250, 150, "aangescherpt")
    assert _bod(a, "GM9002") == (500, 500, "origineel")  # keeps its newest


def test_onbekende_versie(store):
    with pytest.raises(
        ValidatieFout,
        match="bod_versie = 'herzien': onbekende versie; bekend zijn aangescherpt, origineel",
    ):
        analyse.analyseer(store, bod_versie="herzien")


def test_cli(url):
    runner = CliRunner()
    r = runner.invoke(
        main, ["--database", url, "analyse", "--formaat", "json", "--bod-versie", "origineel"]
    )
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["bod_versie"] == "origineel"
    west = next(g for g in d["gemeenten"] if g["gemeente"] == "GM9001")
    assert west["bod"] == 150
    r = runner.invoke(main, ["--database", url, "analyse", "--bod-versie", "herzien"])
    assert r.exit_code != 0
    assert "onbekende versie" in r.output
