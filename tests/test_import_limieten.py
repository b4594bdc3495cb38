"""Limits for files from outside, sized for national data and set per installation: the
defaults read a national dataset (100,000 sites, more than 100,000 assignment rows); a lower
limit set in the settings refuses a larger file in the CLI and on the web page with a Dutch
message naming the file, the count and the limit."""

from __future__ import annotations

import io

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from locatieplanner.errors import BestandFout, ConfiguratieFout
from locatieplanner.uitwisseling.bestanden import (
    STANDAARD_LIMIETEN,
    Limieten,
    lees_laag_in_delen,
    lees_tabel,
    open_bestand,
)


def _punten(n: int) -> gpd.GeoDataFrame:
    """``n`` sites as points in RD New (made as arrays: cheap for a large ``n``)."""
    i = np.arange(n)
    return gpd.GeoDataFrame(
        {
            "bron_id": [f"P{k}" for k in range(n)],
            "naam": [f"Plan {k}" for k in range(n)],
            "status": "1A",
            "daeb": 10,
        },
        geometry=shapely.points(80000 + (i % 300) * 3.0, 450000 + (i // 300) * 3.0),
        crs=28992,
    )


def test_standaardlimieten_passen_bij_landelijke_gegevens():
    assert STANDAARD_LIMIETEN.max_objecten >= 1_000_000
    assert Limieten.uit_instellingen({}) == STANDAARD_LIMIETEN


def test_limieten_uit_de_instellingen():
    limieten = Limieten.uit_instellingen(
        {
            "MAX_OBJECTEN": "2500",  # as text from the environment
            "MAX_BESTAND_MB": 3,
            "MAX_ZIP_BESTANDEN": 7,
            "MAX_HOEKPUNTEN": 900,
            "MAX_KOLOMMEN": 40,
            "ANDERE_INSTELLING": "blijft buiten",
        }
    )
    assert limieten == Limieten(
        max_bytes=3 * 1024 * 1024,
        max_zip_entries=7,
        max_objecten=2500,
        max_hoekpunten=900,
        max_kolommen=40,
    )


@pytest.mark.parametrize("waarde", [0, -5, "veel", True, 2.5, "1e6"])
def test_ongeldige_limiet_noemt_de_instelling(waarde):
    with pytest.raises(ConfiguratieFout) as fout:
        Limieten.uit_instellingen({"MAX_OBJECTEN": waarde})
    melding = str(fout.value)
    assert "MAX_OBJECTEN" in melding and "LOCATIEPLANNER_MAX_OBJECTEN" in melding
    assert repr(waarde) in melding and "geheel getal groter dan 0" in melding


def test_standaard_leest_meer_dan_honderdduizend_rijen(tmp_path):
    """A layer of 100,001 sites and a table of 120,001 assignment rows in one GeoPackage:
    refused by the old limit (100,000), read by the default now."""
    n, rijen = 100_001, 120_001
    gpkg = tmp_path / "landelijk.gpkg"
    pyogrio.write_dataframe(_punten(n), gpkg, layer="locaties")
    k = np.arange(rijen)
    tabel = pd.DataFrame(
        {
            "bron_id": [f"P{x}" for x in (k % n)],
            "corporatie": "Staedion",
            "daeb": 5,
            "oplevering": 2028,
        }
    )
    pyogrio.write_dataframe(tabel, gpkg, layer="toewijzingen")
    with open_bestand(gpkg) as bestand:
        (bron,) = bestand.bronnen
        gelezen = sum(len(deel.tabel) for deel in lees_laag_in_delen(bron, "locaties"))
        assert gelezen == n
        assert len(lees_tabel(bron, blad="toewijzingen").rijen) == rijen
        with pytest.raises(BestandFout) as fout:
            lees_tabel(bron, blad="toewijzingen", limieten=Limieten(max_objecten=100_000))
    assert str(fout.value) == (
        "landelijk.gpkg (laag toewijzingen) bevat 120001 objecten; hoogstens 100000 toegestaan "
        "(instelling MAX_OBJECTEN)"
    )


def test_lagere_limiet_in_de_cli_weigert_met_bestand_aantal_en_limiet(
    runner, tmp_path, monkeypatch
):
    assert runner.invoke(["init"]).exit_code == 0
    pad = tmp_path / "plan.gpkg"
    pyogrio.write_dataframe(_punten(12), pad, layer="locaties")
    monkeypatch.setenv("LOCATIEPLANNER_MAX_OBJECTEN", "10")
    res = runner.invoke(["locaties", "importeer", str(pad), "--droog"])
    assert res.exit_code == 1, res.output
    assert (
        "plan.gpkg (laag locaties) bevat 12 objecten; hoogstens 10 toegestaan "
        "(instelling MAX_OBJECTEN)" in res.output
    )
    assert "Traceback" not in res.output
    monkeypatch.setenv("LOCATIEPLANNER_MAX_OBJECTEN", "12")
    res = runner.invoke(["locaties", "importeer", str(pad), "--droog"])
    assert "bevat 12 objecten" not in res.output, res.output


def test_lagere_limiet_in_de_cli_voor_een_csv(runner, tmp_path, monkeypatch):
    assert runner.invoke(["init"]).exit_code == 0
    pad = tmp_path / "plan.csv"
    pad.write_text(
        "naam;status;x;y\n" + "".join(f"Plan {i};1A;{80000 + i};450000\n" for i in range(6))
    )
    monkeypatch.setenv("LOCATIEPLANNER_MAX_OBJECTEN", "5")
    res = runner.invoke(["locaties", "importeer", str(pad), "--droog"])
    assert res.exit_code == 1, res.output
    assert (
        "plan.csv bevat meer dan 5 rijen; hoogstens 5 toegestaan (instelling MAX_OBJECTEN)"
        in res.output
    )


def test_ongeldige_limiet_in_de_cli_is_een_nette_fout(runner, tmp_path, monkeypatch):
    assert runner.invoke(["init"]).exit_code == 0
    pad = tmp_path / "plan.gpkg"
    pyogrio.write_dataframe(_punten(2), pad, layer="locaties")
    monkeypatch.setenv("LOCATIEPLANNER_MAX_OBJECTEN", "veel")
    res = runner.invoke(["locaties", "importeer", str(pad), "--droog"])
    assert res.exit_code != 0
    assert "MAX_OBJECTEN" in res.output and "geheel getal groter dan 0" in res.output
    assert "Traceback" not in res.output


def test_lagere_limiet_op_de_importpagina(store, tmp_path):
    from aanmelding import client_als

    from locatieplanner.web import create_app

    app = create_app(
        {"TESTING": True, "DATABASE_URL": store.url, "BASISKAART": False, "MAX_OBJECTEN": 10}
    )
    client = client_als(app)
    voor = store.tellingen()["locatie"]
    pad = tmp_path / "plan.gpkg"
    pyogrio.write_dataframe(_punten(12), pad, layer="locaties")
    antwoord = client.post(
        "/importeer",
        data={"soort": "locaties", "bestand": (io.BytesIO(pad.read_bytes()), "plan.gpkg")},
        content_type="multipart/form-data",
        headers={"Accept": "application/json"},
    )
    assert antwoord.status_code == 400, antwoord.data[:500]
    tekst = antwoord.get_data(as_text=True)
    assert "bevat 12 objecten; hoogstens 10 toegestaan (instelling MAX_OBJECTEN)" in tekst
    assert store.tellingen()["locatie"] == voor  # nothing stored
