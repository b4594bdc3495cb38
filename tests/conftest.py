"""Shared fixtures in the style of flaskr: app, client, runner, plus a real temporary store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from shapely.geometry import box

from locatieplanner.domein.model import Corporatie, Gemeente
from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store
from locatieplanner.web import create_app

PROJECT = Path(__file__).resolve().parents[1]
#: Real reference data beside the project root (see ../shared/geodata/README.md).
SHARED_GEODATA = PROJECT.parent / "shared" / "geodata"
CBS_GEMEENTEN = SHARED_GEODATA / "cbs_gemeenten_2023.geojson"
CBS_VOORRAAD = SHARED_GEODATA / "cbs_woningvoorraad_mutaties_2012-2020.csv"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def vereist(aanwezig: bool, reden: str) -> None:
    """Skip with ``reden`` when a system component is missing; fail instead under CI=true."""
    if aanwezig:
        return
    if in_ci():
        pytest.fail(f"{reden} (CI=true: niets wordt stil overgeslagen)")
    pytest.skip(reden)


@pytest.fixture
def shared_gemeenten() -> Path:
    """Path to the real CBS municipality polygons (skip locally when ../shared is absent)."""
    vereist(CBS_GEMEENTEN.exists(), f"referentiedata ontbreekt: {CBS_GEMEENTEN}")
    return CBS_GEMEENTEN


def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


#: Two tiny fictitious municipalities built in code (EPSG:28992): A west of x=85000, B east.
KLEINE_GEMEENTEN = [
    Gemeente("GM0518", "'s-Gravenhage", box(75000, 450000, 85000, 460000), 265959, 110000, 2020),
    Gemeente("GM0603", "Rijswijk", box(85000, 445000, 90000, 455000), 27219, 12000, 2020),
]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh SQLite store with the Haaglanden region, no boundaries yet."""
    s = Store.open(database_url(tmp_path))
    s.zet_regio(laad_regio())
    yield s
    s.sluit()


@pytest.fixture
def kleine_store(store: Store) -> Store:
    """The store with two square municipalities and two corporations."""
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    store.bewaar_corporatie(Corporatie("Vidomes", "VID", ["GM0518", "GM0603"]))
    return store


@pytest.fixture
def app(tmp_path: Path, store: Store):
    app = create_app({"TESTING": True, "DATABASE_URL": store.url, "BASISKAART": False})
    yield app


@pytest.fixture
def client(app, store):
    """A test client that acts for the test administrator (API token): every page and API call
    as an account with full rights. Anonymous requests: ``app.test_client()``."""
    from aanmelding import client_als

    return client_als(app)


@pytest.fixture
def runner(tmp_path: Path):
    """Invoke the CLI against a temporary database: ``runner.invoke(args)``."""

    class _Runner:
        def __init__(self) -> None:
            self.url = database_url(tmp_path)
            self.cli = CliRunner()

        def invoke(self, args: list[str], **kw):
            from locatieplanner.cli import main

            return self.cli.invoke(main, ["--database", self.url, *args], **kw)

    return _Runner()


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium (Playwright) for the tests of one module: :mod:`browser`."""
    import browser

    yield from browser.chromium()


@pytest.fixture
def serveer():
    """``serveer(app, extra)``: the app on 127.0.0.1 in a thread (:func:`browser.serveer`)."""
    import browser

    yield from browser.serveer()


@pytest.fixture
def bezoek(chromium):
    """``bezoek(url, origin)``: a recorded page visit (:func:`browser.bezoek`); a module may
    override this fixture for another window size."""
    import browser

    yield from browser.bezoek(chromium)


@pytest.fixture(scope="session")
def postgis_server():
    """A real PostgreSQL/PostGIS server on 127.0.0.1 for the whole session, with a template
    database ``lp_sjabloon`` that has the PostGIS extension."""
    from postgis_server import PostgisServer, zoek_pg_bin
    from sqlalchemy import create_engine, text

    bindir = zoek_pg_bin()
    vereist(
        bindir is not None,
        "PostgreSQL met PostGIS ontbreekt (apt-get install postgresql-15-postgis-3)",
    )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        vereist(False, "psycopg ontbreekt (pip install 'psycopg[binary]')")
    server = PostgisServer(bindir)
    url = server.start()
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.execute(text("CREATE DATABASE lp_sjabloon"))
    sjabloon = create_engine(url.rsplit("/", 1)[0] + "/lp_sjabloon")
    with sjabloon.begin() as c:
        c.execute(text("CREATE EXTENSION postgis"))
    sjabloon.dispose()
    yield server, engine, url
    engine.dispose()
    server.stop()


@pytest.fixture
def postgis_url(postgis_server, request):
    """URL of a fresh PostGIS database (copied from the template) for one test."""
    from sqlalchemy import text

    _server, engine, url = postgis_server
    naam = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:50]
    with engine.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{naam}"'))
        c.execute(text(f'CREATE DATABASE "{naam}" TEMPLATE lp_sjabloon'))
    yield url.rsplit("/", 1)[0] + "/" + naam
