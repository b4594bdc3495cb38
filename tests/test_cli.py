"""CLI behaviour around the main job: init, status, demo started twice, clear errors."""

from __future__ import annotations

import flask
import pytest

from locatieplanner.web import server


@pytest.fixture
def gestart(monkeypatch):
    """Record the start of the production server (and of Flask's development server for
    ``--debug``) instead of starting one; tests/test_server.py starts the real one."""
    aanroepen: list[dict] = []

    def productie(maak_app, host, port, **kw):
        assert isinstance(maak_app(), flask.Flask)
        aanroepen.append({"host": host, "port": port})

    monkeypatch.setattr(server, "start_productieserver", productie)
    monkeypatch.setattr(
        flask.Flask, "run", lambda self, **kw: aanroepen.append({**kw, "ontwikkelserver": True})
    )
    return aanroepen


def test_init_en_status(runner):
    res = runner.invoke(["init"])
    assert res.exit_code == 0, res.output
    assert "regio Haaglanden, 9 gemeenten, 2021-2030, doel netto +11550" in res.output
    res = runner.invoke(["status"])
    assert res.exit_code == 0 and "locatie: 0" in res.output and "(schema 0005)" in res.output


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


def test_serve_debug_gebruikt_de_ontwikkelserver(runner, gestart):
    assert runner.invoke(["init"]).exit_code == 0
    res = runner.invoke(["serve", "--debug", "--port", "5124"])
    assert res.exit_code == 0, res.output
    assert gestart == [{"host": "127.0.0.1", "port": 5124, "debug": True, "ontwikkelserver": True}]
