"""Responses are compressed (brotli, else gzip) where it pays and is safe: data, scripts, styles."""

from __future__ import annotations

import gzip
import json

import brotli
import pytest
from shapely.geometry import box

from locatieplanner.domein.model import Locatie


@pytest.fixture
def gevuld(client, kleine_store):
    for i in range(30):
        x = 76000 + i * 200
        kleine_store.voeg_locatie_toe(
            Locatie(f"Locatie {i}", box(x, 452000, x + 150, 452150), "1A", daeb=10)
        )
    return client


def test_geojson_brotli_en_gzip(gevuld):
    gewoon = gevuld.get("/api/v1/locaties")
    assert "Content-Encoding" not in gewoon.headers
    for codering, uitpakken in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        r = gevuld.get("/api/v1/locaties", headers={"Accept-Encoding": f"{codering}"})
        assert r.headers["Content-Encoding"] == codering
        assert "Accept-Encoding" in r.headers["Vary"]
        data = uitpakken(r.get_data())
        assert json.loads(data) == gewoon.get_json()
        assert len(r.get_data()) < len(data) / 3


def test_scripts_gecomprimeerd_html_niet(gevuld):
    r = gevuld.get("/static/js/planner.js", headers={"Accept-Encoding": "br, gzip"})
    assert r.headers["Content-Encoding"] == "br"
    assert b"import" in brotli.decompress(r.get_data())
    r.close()
    # pages carry the session's CSRF token next to request text: never compressed (BREACH)
    r = gevuld.get("/", headers={"Accept-Encoding": "br, gzip"})
    assert r.status_code == 200 and "Content-Encoding" not in r.headers
