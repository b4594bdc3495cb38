"""The analysis's read on PostgreSQL: the columnar read's queries go in one psycopg pipeline
with binary results, and the sites are read in a thread while the rest is read. The values,
the tables and the analysis are the same as through SQLAlchemy's own rows and the object
path; a failure in the thread reaches the caller."""

from __future__ import annotations

import json
import threading
from datetime import date

import psycopg
import pytest
from sqlalchemy import select

from locatieplanner.analyse import bereken
from locatieplanner.analyse.invoer import lees_invoer
from locatieplanner.analyse.schema import als_json
from locatieplanner.store import Store
from locatieplanner.store import schema as t
from locatieplanner.store.kolommen import _ruwe_rijen
from locatieplanner.uitwisseling.demo import laad_demo
from tests.test_kolommen import _analyse_via_objecten


@pytest.fixture
def draden(monkeypatch):
    """The threads in which Store.locatietabellen ran, in order."""
    gezien: list[threading.Thread] = []
    origineel = Store.locatietabellen

    def lees(self, *args, **kwargs):
        gezien.append(threading.current_thread())
        return origineel(self, *args, **kwargs)

    monkeypatch.setattr(Store, "locatietabellen", lees)
    return gezien


@pytest.fixture
def pg_store(postgis_url):
    laad_demo(postgis_url, download=False)
    s = Store.open(postgis_url)
    yield s
    s.sluit()


@pytest.mark.parametrize("pijplijn", [True, False], ids=["pipeline", "oude-libpq"])
def test_pipeline_geeft_dezelfde_waarden_als_sqlalchemy(pg_store, pijplijn, monkeypatch):
    if not pijplijn:  # a libpq without pipeline mode: the queries one after the other
        monkeypatch.setattr(psycopg.Pipeline, "is_supported", classmethod(lambda cls: False))
    l_, tw = t.locatie.c, t.toewijzing.c
    queries = [
        select(
            l_.id,
            l_.naam,
            l_.fase,
            l_.start,
            l_.opmerking,
            l_.oplevering,
            l_.aangemaakt,
            l_.gewijzigd,
        ).order_by(l_.id),
        select(tw.id, tw.locatie, tw.daeb, tw.oplevering)
        .where(tw.locatie.in_([1, 2, 3, 5, 8]))
        .order_by(tw.id),
    ]
    with pg_store._db.lezen() as conn:
        verwacht = [[tuple(r) for r in conn.execute(q).all()] for q in queries]
        rijen = _ruwe_rijen(conn, *queries)
    assert rijen == verwacht
    assert len(rijen[0]) > 10 and len(rijen[1]) > 0
    for gekregen, bedoeld in zip(rijen, verwacht, strict=True):
        for a, b in zip(gekregen, bedoeld, strict=True):
            assert [type(v) for v in a] == [type(v) for v in b]
    assert any(v is None for r in rijen[0] for v in r)  # NULLs stay None in the binary format


def test_analyse_op_postgis_gelijk_aan_objectpad_en_leest_in_een_thread(pg_store, draden):
    kolommen = als_json(bereken(lees_invoer(pg_store), datum=date(2024, 1, 1)))
    assert len(draden) == 1 and draden[0] is not threading.current_thread()
    assert kolommen == _analyse_via_objecten(pg_store)
    assert json.loads(kolommen)["signalen"]


def test_fout_in_de_thread_bereikt_de_aanroeper(pg_store, monkeypatch):
    def kapot(self, *args, **kwargs):
        raise RuntimeError("lezen mislukt")

    monkeypatch.setattr(Store, "locatietabellen", kapot)
    tabellen = pg_store.locatietabellen_vooruit(alleen=["naam"])
    with pytest.raises(RuntimeError, match="lezen mislukt"):
        tabellen()


def test_sqlite_leest_pas_bij_het_vragen_in_dezelfde_thread(tmp_path, draden):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    laad_demo(url, download=False)
    store = Store.open(url)
    draden.clear()  # loading the example data reads too
    try:
        tabellen = store.locatietabellen_vooruit(alleen=["naam"])
        assert draden == []
        assert list(tabellen().locaties.columns)[:2] == ["id", "naam"]
        assert draden == [threading.current_thread()]
    finally:
        store.sluit()
