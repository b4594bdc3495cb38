"""CLI behaviour around the main job: init, status, demo started twice, clear errors."""

from __future__ import annotations

import flask
import pytest


@pytest.fixture
def gestart(monkeypatch):
    """Record Flask.run instead of starting a server."""
    aanroepen: list[dict] = []
    monkeypatch.setattr(flask.Flask, "run", lambda self, **kw: aanroepen.append(kw))
    return aanroepen


def test_init_en_status(runner):
    res = runner.invoke(["init"])
    assert res.exit_code == 0, res.output
    assert "regio Haaglanden, 9 gemeenten, 2021-2030, doel netto +11550" in res.output
    res = runner.invoke(["status"])
    assert res.exit_code == 0 and "locatie: 0" in res.output and "(schema 0001)" in res.output


def test_status_zonder_init_geeft_nederlandse_fout(runner):
    res = runner.invoke(["status"])
    assert res.exit_code == 1
    assert (
        "Error: De database heeft nog geen regio: voer eerst 'locatieplanner init' uit"
        in res.output
    )


def test_demo_twee_keer_starten_laadt_eenmaal_en_start_dan_op_de_bestaande_gegevens(
    runner, gestart
):
    eerste = runner.invoke(["demo", "--geen-download", "--port", "5123"])
    assert eerste.exit_code == 0, eerste.output
    assert "locaties: 75" in eerste.output
    tweede = runner.invoke(["demo", "--geen-download", "--port", "5123"])
    assert tweede.exit_code == 0, tweede.output
    assert "bevat al planningsgegevens" in tweede.output and "--opnieuw" in tweede.output
    assert "locaties: 75" not in tweede.output
    assert gestart == [{"host": "127.0.0.1", "port": 5123}] * 2


def test_serve_zonder_database_start_niet(runner, gestart):
    res = runner.invoke(["serve"])
    assert res.exit_code == 1 and "locatieplanner init" in res.output
    assert gestart == []
