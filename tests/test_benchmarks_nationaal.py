"""Smoke test of the national benchmark (issue 13, point 6): the generator's dataset is valid and
deterministic, its GeoPackage imports with the CLI, and ``benchmarks/nationaal.py`` prints its
table with the expected rows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from conftest import PROJECT

from locatieplanner.domein.regio import laad_regio

sys.path.insert(0, str(PROJECT / "benchmarks"))

import landelijk  # noqa: E402

AANTAL = 200


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("landelijk")


@pytest.fixture
def dataset(shared_gemeenten: Path, cache: Path) -> landelijk.Dataset:
    return landelijk.genereer(AANTAL, zaad=7, cache=cache, bron=shared_gemeenten)


def _locaties(pad: Path) -> gpd.GeoDataFrame:
    lagen = [gpd.read_file(pad, layer=laag) for laag in ("locaties", "locaties_punten")]
    return pd.concat(lagen, ignore_index=True)


def test_dataset_is_geldig(dataset: landelijk.Dataset, shared_gemeenten: Path) -> None:
    gemeenten = landelijk.lees_gemeenten(shared_gemeenten).set_index("gemeentecode")
    regio = laad_regio(dataset.regio)
    assert set(regio.gemeenten) == set(gemeenten.index)
    assert regio.gemeenten["GM0344"] == "Utrecht"

    locaties = _locaties(dataset.locaties)
    assert len(locaties) == AANTAL and locaties["bron_id"].is_unique
    assert locaties.crs.to_epsg() == 28992
    assert {"Point", "MultiPolygon"} == set(locaties.geom_type)
    grenzen = gemeenten.geometry.loc[locaties["gemeente"]].to_numpy()
    assert shapely.within(locaties.geometry.to_numpy(), grenzen).all()
    assert locaties["oplevering"].between(2021, 2032).all()
    assert (locaties["start"] <= locaties["oplevering"]).all()
    harde = locaties["status"].isin(["1A", "1B", "2A", "2B"])
    assert harde.any() and (~harde).any()

    corporaties = pd.read_csv(dataset.corporaties, sep=";", encoding="utf-8-sig")
    assert len(corporaties) == landelijk.AANTAL_CORPORATIES and corporaties["naam"].is_unique
    werkgebied = {c for w in corporaties["gemeenten"] for c in w.split(",")}
    assert werkgebied == set(gemeenten.index)  # every municipality has a corporation

    toewijzingen = gpd.read_file(dataset.locaties, layer="toewijzingen")
    assert set(toewijzingen["corporatie"]) <= set(corporaties["naam"])
    assert set(toewijzingen["bron_id"]) <= set(locaties["bron_id"])
    per_locatie = toewijzingen.groupby("bron_id")["daeb"].agg(["size", "sum"])
    assert per_locatie["size"].between(1, 3).all()
    daeb = locaties.set_index("bron_id")["daeb"]
    assert (per_locatie["sum"] <= daeb.loc[per_locatie.index]).all()
    assert len(toewijzingen) > len(per_locatie)  # some sites have several corporations

    variant = _locaties(dataset.locaties_corporatie)
    assert set(variant["corporatie"].dropna()) <= set(corporaties["naam"])
    assert variant["corporatie"].notna().sum() == (variant["daeb"] > 0).sum()
    telling = dataset.samenvatting
    assert telling["casussen"] > 0 and telling["bijdragen"] > 0 and telling["onttrekkingen"] > 0


def test_generator_is_deterministisch(
    dataset: landelijk.Dataset, shared_gemeenten: Path, tmp_path: Path
) -> None:
    nog_eens = landelijk.genereer(AANTAL, zaad=7, cache=tmp_path, bron=shared_gemeenten)
    assert nog_eens.map != dataset.map
    pd.testing.assert_frame_equal(_locaties(dataset.locaties), _locaties(nog_eens.locaties))
    for naam in ("corporaties", "onttrekkingen", "casussen", "regio"):
        assert getattr(dataset, naam).read_bytes() == getattr(nog_eens, naam).read_bytes()
    ander = landelijk.genereer(AANTAL, zaad=8, cache=tmp_path, bron=shared_gemeenten)
    assert ander.locaties.read_bytes() != nog_eens.locaties.read_bytes()


def test_import_met_de_cli(dataset: landelijk.Dataset, runner, tmp_path: Path) -> None:
    landelijk.laad_basis(runner.url, dataset)
    uit = runner.invoke(["locaties", "importeer", str(dataset.locaties)])
    assert uit.exit_code == 0, uit.output
    assert f"{AANTAL} toegevoegd" in uit.output
    landelijk.laad_rest(runner.url, dataset)
    status = runner.invoke(["status"]).output
    telling = dataset.samenvatting
    for soort, aantal in (
        ("gemeente", telling["gemeenten"]),
        ("corporatie", landelijk.AANTAL_CORPORATIES),
        ("locatie", AANTAL),
        ("toewijzing", telling["toewijzingen"]),
        ("onttrekking", telling["onttrekkingen"]),
        ("casus", telling["casussen"]),
        ("bijdrage", telling["bijdragen"]),
    ):
        assert f"  {soort}: {aantal}\n" in status, status


def test_nationaal_drukt_de_tabel(dataset: landelijk.Dataset, cache: Path) -> None:
    omgeving = {**os.environ, "PYTHONPATH": str(PROJECT)}
    omgeving.pop("LOCATIEPLANNER_INSTANCE", None)
    uit = subprocess.run(
        [sys.executable, str(PROJECT / "benchmarks" / "nationaal.py"), "--snel"]
        + ["--alleen", "import,analyse", "--aantallen", str(AANTAL), "--zaad", "7"]
        + ["--cache", str(cache)],
        capture_output=True,
        text=True,
        timeout=900,
        env=omgeving,
        cwd=PROJECT,
    )
    assert uit.returncode == 0, uit.stderr
    regels = [r for r in uit.stdout.splitlines() if r.startswith("| sqlite | 200 |")]
    metingen = [r.split(" | ")[2] for r in regels]
    assert [m.split(" (")[0] for m in metingen] == [
        "import GeoPackage + tabel",
        "import GeoPackage, 1 corporatie",
        "analyse --formaat json",
        "analyse: lees_invoer",
        "analyse: bereken",
    ]
    assert "| opslag | locaties | meting | gemeten | CPU | doel | oordeel |" in uit.stdout
    assert "Gemeten " in uit.stdout and " cores " in uit.stdout
    for regel in regels:
        assert "mislukt" not in regel, regel
        assert regel.rstrip(" |").endswith(("gehaald", "–")), regel
