"""Starting a command cheaply: the schema check at open without Alembic, on a real SQLite file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from importlib import resources

import pytest
from alembic.script import ScriptDirectory

from locatieplanner.store import Store
from locatieplanner.store import database as db


def _alembic_kop() -> str:
    map_ = resources.files("locatieplanner.store").joinpath("migrations")
    return ScriptDirectory(str(map_)).get_current_head()


def test_kopversie_is_alembics_kop():
    assert db.kopversie() == _alembic_kop()


def test_een_actuele_database_openen_importeert_alembic_niet(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    Store.open(url).sluit()
    code = (
        "import sys\n"
        "from locatieplanner.store import Store\n"
        f"s = Store.open({url!r})\n"
        "print('alembic' in sys.modules, s.engine is not None)\n"
    )
    uit = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert uit.stdout.split() == ["False", "True"]


def test_een_oude_database_wordt_nog_gemigreerd(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    store = Store.open(url, migreer=False)
    store.migreer("0009")
    assert store.schema_versie() == "0009"
    store.sluit()
    store = Store.open(url)
    assert store.schema_versie() == _alembic_kop()
    with sqlite3.connect(tmp_path / "x.db") as c:
        assert c.execute("select name from sqlite_master where name='locatie_rtree'").fetchone()
    store.sluit()


def test_een_lege_database_krijgt_het_schema(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'x.db'}")
    assert store.schema_versie() == _alembic_kop()
    store.sluit()


def test_twee_versies_in_de_tabel_laat_alembic_beslissen(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    Store.open(url).sluit()
    with sqlite3.connect(tmp_path / "x.db") as c:
        c.execute("insert into alembic_version values ('0009')")
    # the cheap check is unsure and leaves it to Alembic, which refuses as before
    with pytest.raises(Exception, match="more than one head"):
        Store.open(url)


@pytest.mark.parametrize(
    ("teksten", "kop"),
    [
        ({"a.py": 'revision = "1"\ndown_revision = None\n'}, "1"),
        (
            {
                "a.py": 'revision = "1"\ndown_revision = None\n',
                "b.py": 'revision: str = "2"\ndown_revision: str | None = "1"\n',
            },
            "2",
        ),
        (
            {
                "a.py": 'revision = "1"\ndown_revision = None\n',
                "b.py": 'revision = "2"\ndown_revision = "1"\n',
                "c.py": 'revision = "3"\ndown_revision = "1"\n',
            },
            None,  # two heads: Alembic decides
        ),
        (
            {
                "a.py": 'revision = "1"\ndown_revision = None\n',
                "b.py": 'revision = "2"\ndown_revision = "1"\n',
                "c.py": 'revision = "3"\ndown_revision = "1"\n',
                "d.py": 'revision = "4"\ndown_revision = ("2", "3")\n',
            },
            "4",  # a merge
        ),
        ({"a.py": "revision = maak()\ndown_revision = None\n"}, None),
        ({"a.py": 'revision = "1"\n'}, None),
    ],
)
def test_kopversie_uit_de_regels(tmp_path, monkeypatch, teksten, kop):
    versies = tmp_path / "migrations" / "versions"
    versies.mkdir(parents=True)
    for naam, tekst in teksten.items():
        (versies / naam).write_text(tekst, "utf-8")
    (versies / "LEESMIJ.txt").write_text('revision = "9"\n', "utf-8")
    monkeypatch.setattr(db.resources, "files", lambda pakket: tmp_path)
    db.kopversie.cache_clear()
    try:
        assert db.kopversie() == kop
    finally:
        monkeypatch.undo()
        db.kopversie.cache_clear()
