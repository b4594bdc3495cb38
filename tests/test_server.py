"""The production server really started: gunicorn workers, JSON logs, the secret key."""

from __future__ import annotations

import json
import stat
import urllib.request

import pytest
from aanmelding import token_voor
from conftest import database_url
from server_proces import Serverproces

from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store


def _init(tmp_path) -> str:
    url = database_url(tmp_path)
    store = Store.open(url)
    store.zet_regio(laad_regio())
    store.sluit()
    return url


def _get(server, pad: str, token: str):
    verzoek = urllib.request.Request(server.url + pad, headers={"Authorization": f"Bearer {token}"})
    return urllib.request.urlopen(verzoek, timeout=30)


def test_serve_draait_gunicorn_met_json_log_en_geheime_sleutel(tmp_path):
    url = _init(tmp_path)
    instance = tmp_path / "instance"
    token = token_voor(url)
    with Serverproces(instance, url, "--workers", "2", "--threads", "4") as server:
        for _ in range(4):
            with _get(server, "/api/v1/gemeenten", token) as r:
                assert r.status == 200
        try:
            _get(server, "/bestaat-niet", token)
        except urllib.error.HTTPError as e:
            assert e.code == 404
    fouten = server.stderr.read_text("utf-8")
    regels = [json.loads(r) for r in fouten.splitlines() if r.startswith("{")]
    verzoeken = [r for r in regels if r.get("melding") == "verzoek"]
    assert [r["status"] for r in verzoeken if r["pad"] == "/api/v1/gemeenten"] == [200] * 4
    assert {r["account"] for r in verzoeken if r["pad"] == "/api/v1/gemeenten"} == {
        "test-beheerder"
    }
    assert any(r["pad"] == "/bestaat-niet" and r["status"] == 404 for r in verzoeken)
    assert all(r["tijd"].endswith("Z") and r["duur_ms"] >= 0 for r in verzoeken)
    # two worker processes booted (gunicorn's own log lines, also as JSON)
    pids = {r["melding"] for r in regels if r["melding"].startswith("Booting worker with pid")}
    assert len(pids) == 2
    # the secret key: generated once, private, never printed
    sleutel = instance / "geheime_sleutel"
    assert stat.S_IMODE(sleutel.stat().st_mode) == 0o600
    geheim = sleutel.read_text().strip()
    assert len(geheim) >= 32
    assert geheim not in fouten and geheim not in server.stdout.read_text("utf-8")
    assert "development server" not in fouten


def test_geheime_sleutel_uit_omgeving_schrijft_geen_bestand(tmp_path):
    url = _init(tmp_path)
    instance = tmp_path / "instance"
    geheim = "x" * 40
    omgeving = {"LOCATIEPLANNER_SECRET_KEY": geheim}
    with (
        Serverproces(instance, url, "--workers", "1", omgeving=omgeving) as server,
        _get(server, "/api/v1/gemeenten", token_voor(url)) as r,
    ):
        assert r.status == 200
    assert not (instance / "geheime_sleutel").exists()
    assert geheim not in server.stderr.read_text("utf-8")


def test_werkproces_beperkt_de_malloc_arenas():
    """A worker's threads share at most 2 malloc arenas: glibc's mallopt accepts the limit
    (elsewhere the call reports False)."""
    import platform

    from locatieplanner.web.server import MALLOC_ARENAS, _beperk_malloc_arenas

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("mallopt(M_ARENA_MAX) bestaat alleen in glibc")
    assert MALLOC_ARENAS == 2
    assert _beperk_malloc_arenas(MALLOC_ARENAS) is True
