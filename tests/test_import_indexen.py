"""A first bulk load on PostGIS builds the secondary indexes and the foreign keys afterwards:
the same indexes and keys after the import, all or nothing on an error (also a row that breaks a
key), and left alone when the import also updates or adds few rows to a large table. On the real
PostGIS server of the fixtures."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from test_import_bulk import _veel

from locatieplanner.domein.model import Corporatie, Toewijzing
from locatieplanner.domein.regio import laad_regio
from locatieplanner.errors import ValidatieFout
from locatieplanner.store import Store
from locatieplanner.store import locaties as module


@pytest.fixture
def pg_store(postgis_url, monkeypatch):
    from conftest import KLEINE_GEMEENTEN

    monkeypatch.setattr(module, "_INDEXEN_ACHTERAF", 50)  # a small import counts as a bulk load
    store = Store.open(postgis_url)
    store.zet_regio(laad_regio())
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    yield store
    store.sluit()


def _indexen(store) -> dict[str, str]:
    with store.engine.connect() as conn:
        rijen = conn.exec_driver_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename IN ('locatie', 'toewijzing', 'wijziging')"
        ).all()
    return dict(rijen)


def _sleutels(store) -> dict[str, str]:
    """The constraints of the bulk tables (foreign keys included) with their definitions and
    whether they are validated."""
    with store.engine.connect() as conn:
        rijen = conn.exec_driver_sql(
            "SELECT conname, pg_get_constraintdef(oid) || ' ' || convalidated::text "
            "FROM pg_constraint WHERE conrelid IN "
            "('locatie'::regclass, 'toewijzing'::regclass, 'wijziging'::regclass)"
        ).all()
    return dict(rijen)


def _met_toewijzing(locaties):
    for loc in locaties:
        loc.daeb = 10
        loc.toewijzingen = [Toewijzing("Staedion", 10, None)]
    return locaties


@pytest.fixture
def ddl(pg_store):
    """The DROP/CREATE INDEX statements the store sends."""
    gezien: list[str] = []

    def opdracht(_conn, _cursor, sql, *_a):
        if sql.lstrip().upper().startswith(("DROP INDEX", "CREATE INDEX")):
            gezien.append(sql.split()[0].upper())
        elif sql.lstrip().upper().startswith("ALTER TABLE"):
            gezien.append(" ".join(sql.split()[3:5]).upper())  # DROP/ADD CONSTRAINT

    event.listen(pg_store.engine, "before_cursor_execute", opdracht)
    yield gezien
    event.remove(pg_store.engine, "before_cursor_execute", opdracht)


@pytest.mark.postgis
def test_bulkimport_bouwt_dezelfde_indexen_opnieuw(pg_store, ddl):
    voor = _indexen(pg_store)
    sleutels = _sleutels(pg_store)
    assert {"ix_locatie_geom", "ix_toewijzing_locatie"} <= set(voor)
    assert {"fk_toewijzing_locatie_locatie", "fk_locatie_gemeente_gemeente"} <= set(sleutels)
    uitslag = pg_store.importeer_locaties(_met_toewijzing(_veel(300)))
    assert uitslag["toegevoegd"] == 300
    assert "DROP" in ddl and "CREATE" in ddl
    assert ddl.count("DROP CONSTRAINT") == ddl.count("ADD CONSTRAINT") == 3
    assert _indexen(pg_store) == voor
    assert _sleutels(pg_store) == sleutels  # the same keys, validated
    # and the filled tables have statistics for the planner (only ANALYZE writes pg_stats)
    with pg_store.engine.connect() as conn:
        geanalyseerd = conn.exec_driver_sql(
            "SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = current_schema() "
            "AND tablename IN ('locatie', 'toewijzing')"
        ).scalars()
        assert set(geanalyseerd) == {"locatie", "toewijzing"}
        # the audit log without its texts (no query filters on them)
        kolommen = conn.exec_driver_sql(
            "SELECT attname FROM pg_stats WHERE schemaname = current_schema() "
            "AND tablename = 'wijziging'"
        ).scalars()
        assert {"tabel", "sleutel"} <= set(kolommen)
        assert not {"oud", "nieuw"} & set(kolommen)
    # the rebuilt GIST index answers a box around each site alone
    for loc in pg_store.locaties()[::37]:
        minx, miny, maxx, maxy = loc.geometry.bounds
        binnen = pg_store.locaties(bbox=(minx + 1, miny + 1, maxx - 1, maxy - 1))
        assert [x.id for x in binnen] == [loc.id]
        assert [tw.corporatie for tw in loc.toewijzingen] == ["Staedion"]
    assert len(pg_store.geschiedenis("locatie", pg_store.locaties()[0].id)) == 1


@pytest.mark.postgis
def test_mislukte_bulkimport_laat_alles_heel(pg_store, ddl, monkeypatch):
    pg_store.importeer_locaties(_met_toewijzing(_veel(5)))
    voor = _indexen(pg_store)
    sleutels = _sleutels(pg_store)
    echt = module.schrijf_veel

    def faalt_bij_de_toewijzingen(conn, opdracht, kolommen, rijen, **opties):
        if opdracht.table.name == "toewijzing":
            raise RuntimeError("schijf vol")
        return echt(conn, opdracht, kolommen, rijen, **opties)

    monkeypatch.setattr(module, "schrijf_veel", faalt_bij_de_toewijzingen)
    with pytest.raises(RuntimeError, match="schijf vol"):
        pg_store.importeer_locaties(_met_toewijzing(_veel(300, begin=100)))
    monkeypatch.setattr(module, "schrijf_veel", echt)
    assert "DROP" in ddl and "CREATE" not in ddl  # it failed with the indexes dropped
    # nothing stored, the indexes as they were
    assert len(pg_store.locaties()) == 5
    assert _indexen(pg_store) == voor
    assert _sleutels(pg_store) == sleutels
    with pg_store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM toewijzing").scalar() == 5


@pytest.mark.postgis
def test_bulkimport_met_een_rij_tegen_een_sleutel_slaat_niets_op(pg_store, ddl, monkeypatch):
    """Without the foreign keys during the copy, a row that breaks one is still refused: adding
    the key again checks every row, and the whole import rolls back."""
    pg_store.importeer_locaties(_met_toewijzing(_veel(5)))
    voor, sleutels = _indexen(pg_store), _sleutels(pg_store)
    ddl.clear()
    echt = module._toewijzing_waarden

    def onbekende_corporatie(locatie_id, tw, corporatie_id):
        return echt(locatie_id, tw, 999_999)  # no such corporation

    monkeypatch.setattr(module, "_toewijzing_waarden", onbekende_corporatie)
    with pytest.raises(ValidatieFout) as fout:
        pg_store.importeer_locaties(_met_toewijzing(_veel(300, begin=100)))
    assert "DROP CONSTRAINT" in ddl and "ADD CONSTRAINT" in ddl
    # the key that failed, named; not "intussen door een ander toegevoegd"
    assert str(fout.value) == (
        "Import van 300 locaties niet opgeslagen: de database weigerde een rij: verwijzing "
        "(foreign key) fk_toewijzing_corporatie_corporatie van toewijzing.corporatie is "
        "geschonden (waarde 999999 staat niet in tabel corporatie); de hele import is "
        "teruggedraaid"
    )
    assert [(p.veld, p.waarde) for p in fout.value.problemen] == [("corporatie", "999999")]
    assert len(pg_store.locaties()) == 5
    assert _indexen(pg_store) == voor
    assert _sleutels(pg_store) == sleutels
    with pg_store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM toewijzing").scalar() == 5
        corporaties = conn.exec_driver_sql("SELECT DISTINCT corporatie FROM toewijzing").all()
        assert corporaties != [(999_999,)]


@pytest.mark.postgis
def test_herimport_en_kleine_import_laten_de_indexen_staan(pg_store, ddl):
    pg_store.importeer_locaties(_met_toewijzing(_veel(100)))
    ddl.clear()
    opnieuw = _met_toewijzing(_veel(200))  # 100 to update, 100 new: not only adding
    opnieuw[0].naam += " (nieuw)"
    assert pg_store.importeer_locaties(opnieuw)["toegevoegd"] == 100
    assert ddl == []
    # few new sites next to tables that hold more
    assert pg_store.importeer_locaties(_met_toewijzing(_veel(60, begin=1000)))["toegevoegd"] == 60
    assert ddl == []


def test_sqlite_raakt_geen_indexen(kleine_store, monkeypatch):
    monkeypatch.setattr(module, "_INDEXEN_ACHTERAF", 50)
    gezien = []
    event.listen(
        kleine_store.engine,
        "before_cursor_execute",
        lambda _c, _k, sql, *_a: gezien.append(sql) if "INDEX" in sql.upper() else None,
    )
    assert kleine_store.importeer_locaties(_veel(300))["toegevoegd"] == 300
    assert gezien == []
