"""The store on a real SQLite file: migrations, spatial join, transactions, locking, audit log."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date

import pytest
from shapely.geometry import Point, Polygon, box

from locatieplanner.domein.model import Bod, Corporatie, Gemeente, Locatie, Onttrekking, Toewijzing
from locatieplanner.domein.regio import Regio, laad_regio
from locatieplanner.errors import ConfiguratieFout, Conflict, NietGevonden, ValidatieFout
from locatieplanner.store import Store
from locatieplanner.web.fouten import http_status

VAK = box(80000, 452000, 80100, 452100)


def nieuw(store: Store, **kw) -> Locatie:
    basis = {"naam": "Proefveld", "geometry": VAK, "status": "1A", "daeb": 40}
    basis.update(kw)
    return store.voeg_locatie_toe(Locatie(**basis))


def _kop() -> str:
    """The newest revision of the migration scripts (there must be exactly one head)."""
    from importlib import resources

    from alembic.script import ScriptDirectory

    map_ = resources.files("locatieplanner.store").joinpath("migrations")
    return ScriptDirectory(str(map_)).get_current_head()


def test_schema_wordt_door_alembic_aangemaakt(store):
    assert store.schema_versie() == _kop()
    with sqlite3.connect(store.engine.url.database) as c:
        tabellen = {r[0] for r in c.execute("select name from sqlite_master where type='table'")}
        assert {
            "locatie",
            "toewijzing",
            "onttrekking",
            "bod",
            "wijziging",
            "alembic_version",
        } <= tabellen
        assert c.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_schema_komt_overeen_met_de_migraties(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from locatieplanner.store.schema import metadata, neem_op

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": neem_op})
        verschil = compare_metadata(context, metadata)
    assert verschil == []


def test_migreren_is_herhaalbaar(store):
    store.migreer()
    ander = Store.open(store.url)
    ander.migreer()
    ander.sluit()
    assert store.schema_versie() == _kop()


def test_regio_wordt_opgeslagen_en_maakt_gemeenten_aan(store):
    regio = store.regio()
    assert regio == laad_regio()
    assert regio.doel_netto == 11550 and len(regio.codes) == 9
    assert {g.gemeente for g in store.gemeenten()} == set(regio.codes)
    with pytest.raises(ConfiguratieFout, match="hoort bij regio 'Haaglanden'"):
        store.zet_regio(Regio("Holland Rijnland", 2021, 2030, 1000, {"GM0546": "Leiden"}))


def test_zonder_regio_een_duidelijke_melding(tmp_path):
    leeg = Store.open(f"sqlite:///{tmp_path / 'leeg.sqlite'}")
    with pytest.raises(ConfiguratieFout, match="locatieplanner init"):
        leeg.regio()


def test_gemeente_volgt_uit_de_geometrie(kleine_store):
    binnen = nieuw(kleine_store, gemeente="GM0603")  # supplier's code is overruled by geometry
    assert (binnen.gemeente, binnen.ligging) == ("GM0518", "binnen")
    punt = nieuw(kleine_store, geometry=Point(87000, 450000), naam="Punt")
    assert (punt.gemeente, punt.ligging) == ("GM0603", "binnen")


def test_grensoverschrijdende_locatie_wordt_gemarkeerd(kleine_store):
    # 60% in 's-Gravenhage (x < 85000), 40% in Rijswijk
    loc = nieuw(kleine_store, geometry=box(84940, 452000, 85040, 452100))
    assert loc.ligging == "grens" and loc.gemeente == "GM0518"
    # an overlap of less than 1% counts as inside
    klein = nieuw(kleine_store, geometry=box(84900.5, 452000, 85000.5, 452100), naam="Bijna")
    assert klein.ligging == "binnen"


def test_locatie_buiten_de_regio(kleine_store):
    loc = nieuw(kleine_store, geometry=Point(150000, 450000))
    assert loc.gemeente is None and loc.ligging == "buiten"
    kleine_store.bewaar_gemeenten(
        [Gemeente("GM0546", "Leiden", box(90000, 455000, 100000, 470000))]
    )
    leiden = nieuw(kleine_store, geometry=Point(95000, 465000), naam="Leiden")
    assert (leiden.gemeente, leiden.ligging) == ("GM0546", "buiten")


def test_zonder_grenzen_telt_de_opgegeven_gemeente(store):
    loc = nieuw(store, gemeente="GM0503")
    assert (loc.gemeente, loc.ligging) == ("GM0503", "onbekend")
    with pytest.raises(ValidatieFout, match="onbekende gemeentecode"):
        nieuw(store, gemeente="GM9999")


def test_polygonen_worden_tegen_de_klok_in_opgeslagen(kleine_store):
    met_de_klok = Polygon([(80000, 452000), (80000, 452100), (80100, 452100), (80100, 452000)])
    assert not met_de_klok.exterior.is_ccw
    loc = nieuw(kleine_store, geometry=met_de_klok)
    assert kleine_store.locatie(loc.id).geometry.exterior.is_ccw


def test_locatie_met_toewijzingen_terug_lezen(kleine_store):
    loc = nieuw(
        kleine_store,
        bron_id="DH-1",
        daeb=100,
        start=2025,
        oplevering=2028,
        toewijzingen=[Toewijzing("Staedion", 60, 2027), Toewijzing("Vidomes", 30, 2028)],
    )
    terug = kleine_store.locatie(loc.id)
    assert terug.geometry.equals(VAK)
    assert [(t.corporatie, t.daeb, t.oplevering) for t in terug.toewijzingen] == [
        ("Staedion", 60, 2027),
        ("Vidomes", 30, 2028),
    ]
    assert terug.daeb_niet_toegewezen == 10 and terug.versie == 1
    assert terug.aangemaakt.tzinfo is not None
    assert [x.id for x in kleine_store.locaties(corporatie="Vidomes")] == [loc.id]
    gdf = kleine_store.locaties_gdf()
    assert gdf.crs.to_epsg() == 28992
    assert gdf.loc[0, "corporaties"] == "Staedion; Vidomes" and gdf.loc[0, "daeb_nt"] == 10


def test_filters(kleine_store):
    hard = nieuw(kleine_store, status="1B")
    zacht = nieuw(kleine_store, status="4A", geometry=Point(87000, 450000))
    assert [x.id for x in kleine_store.locaties(hardheid="hard")] == [hard.id]
    assert [x.id for x in kleine_store.locaties(hardheid="zacht")] == [zacht.id]
    assert [x.id for x in kleine_store.locaties(gemeente="GM0603")] == [zacht.id]
    assert [x.id for x in kleine_store.locaties(bbox=(86000, 449000, 88000, 451000))] == [zacht.id]
    with pytest.raises(ValidatieFout, match="hard en zacht"):
        kleine_store.locaties(hardheid="half")


def test_ongeldige_invoer_slaat_niets_op(kleine_store):
    with pytest.raises(ValidatieFout) as e:
        nieuw(kleine_store, daeb=10, toewijzingen=[Toewijzing("Onbekend BV", 5)])
    assert "Onbekend BV" in str(e.value) and "Staedion" in str(e.value)
    assert kleine_store.locaties() == []
    assert kleine_store.geschiedenis("locatie") == []


def test_bron_id_is_uniek_per_gemeente(kleine_store):
    nieuw(kleine_store, bron_id="A1")
    nieuw(kleine_store, bron_id="A1", geometry=Point(87000, 450000))  # other municipality: fine
    with pytest.raises(ValidatieFout, match="bestaat al in gemeente GM0518"):
        nieuw(kleine_store, bron_id="A1")


def test_optimistische_vergrendeling(kleine_store):
    loc = nieuw(kleine_store)
    eerste = kleine_store.wijzig_locatie(loc.id, {"naam": "Eerste"}, versie=1)
    assert eerste.versie == 2
    with pytest.raises(Conflict) as e:
        kleine_store.wijzig_locatie(loc.id, {"naam": "Tweede"}, versie=1)
    assert http_status(e.value) == 412 and e.value.huidig["naam"] == "Eerste"
    assert kleine_store.locatie(loc.id).naam == "Eerste"
    with pytest.raises(Conflict):
        kleine_store.verwijder_locatie(loc.id, versie=1)
    kleine_store.verwijder_locatie(loc.id, versie=2)
    with pytest.raises(NietGevonden):
        kleine_store.locatie(loc.id)


def test_wijzigen_leidt_gemeente_opnieuw_af_en_vervangt_toewijzingen(kleine_store):
    loc = nieuw(kleine_store, toewijzingen=[Toewijzing("Staedion", 40, 2027)])
    gewijzigd = kleine_store.wijzig_locatie(
        loc.id,
        {"geometry": Point(87000, 450000), "toewijzingen": [{"corporatie": "Vidomes", "daeb": 20}]},
        versie=1,
    )
    assert gewijzigd.gemeente == "GM0603"
    assert [(t.corporatie, t.daeb) for t in kleine_store.locatie(loc.id).toewijzingen] == [
        ("Vidomes", 20)
    ]
    with pytest.raises(ValidatieFout, match="wordt afgeleid"):
        kleine_store.wijzig_locatie(loc.id, {"ligging": "binnen"}, versie=2)
    with pytest.raises(ValidatieFout):
        kleine_store.wijzig_locatie(loc.id, {"daeb": 5}, versie=2)  # 20 assigned > 5
    assert kleine_store.locatie(loc.id).daeb == 40


def test_auditlog_bewaart_oud_en_nieuw(kleine_store):
    loc = nieuw(kleine_store)
    kleine_store.als("marieke").wijzig_locatie(loc.id, {"daeb": 45}, versie=1)
    kleine_store.verwijder_locatie(loc.id, versie=2)
    log = kleine_store.geschiedenis("locatie", loc.id)
    assert [r["actie"] for r in log] == ["toegevoegd", "gewijzigd", "verwijderd"]
    assert log[1]["gebruiker"] == "marieke"
    assert (log[1]["oud"]["daeb"], log[1]["nieuw"]["daeb"]) == (40, 45)
    assert log[2]["oud"]["geometry"].startswith("POLYGON")
    assert log[2]["nieuw"] is None


def test_gelijktijdige_schrijvers_verliezen_niets(kleine_store):
    """Four threads, each with its own connection, write 10 sites; all 40 arrive."""
    fouten: list[BaseException] = []

    def schrijf(n: int) -> None:
        try:
            eigen = Store.open(kleine_store.url, migreer=False)
            for i in range(10):
                nieuw(eigen, bron_id=f"T{n}-{i}")
            eigen.sluit()
        except BaseException as e:  # noqa: BLE001 - re-raised in the main thread by the assert
            fouten.append(e)

    draden = [threading.Thread(target=schrijf, args=(n,)) for n in range(4)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    assert fouten == []
    assert len(kleine_store.locaties()) == 40


def test_gelijktijdige_wijzigingen_een_wint_de_ander_krijgt_conflict(kleine_store):
    loc = nieuw(kleine_store)
    uitkomsten: list[str] = []
    start = threading.Barrier(2)

    def wijzig(naam: str) -> None:
        eigen = Store.open(kleine_store.url, migreer=False)
        start.wait()
        try:
            eigen.wijzig_locatie(loc.id, {"naam": naam}, versie=1)
            uitkomsten.append("ok")
        except Conflict:
            uitkomsten.append("conflict")
        finally:
            eigen.sluit()

    draden = [threading.Thread(target=wijzig, args=(n,)) for n in ("A", "B")]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    assert sorted(uitkomsten) == ["conflict", "ok"]
    assert kleine_store.locatie(loc.id).versie == 2


def test_corporaties_onttrekkingen_en_biedingen(kleine_store):
    corps = kleine_store.corporaties()
    assert [(c.naam, c.gemeenten) for c in corps] == [
        ("Staedion", ["GM0518"]),
        ("Vidomes", ["GM0518", "GM0603"]),
    ]
    with pytest.raises(ValidatieFout, match="onbekende gemeentecode"):
        kleine_store.bewaar_corporatie(Corporatie("Nieuw", None, ["GM0000"]))
    loc = nieuw(kleine_store)
    o = kleine_store.voeg_onttrekking_toe(
        Onttrekking("GM0518", 2024, 120, "sloop", "Staedion", loc.id)
    )
    assert kleine_store.onttrekkingen("GM0518") == [o]
    with pytest.raises(ValidatieFout) as e:
        kleine_store.voeg_onttrekking_toe(Onttrekking("GM0518", 2024, 5, "sloop", "Niemand", 999))
    assert {p.veld for p in e.value.problemen} == {"corporatie", "locatie"}
    kleine_store.bewaar_bod(Bod("GM0518", "origineel", date(2022, 1, 15), 4000))
    kleine_store.bewaar_bod(Bod("GM0518", "aangescherpt", date(2023, 6, 1), 4600, "na overleg"))
    kleine_store.bewaar_bod(Bod("GM0603", "origineel", date(2022, 1, 15), 500))
    actueel = kleine_store.actuele_biedingen()
    assert (actueel["GM0518"].versie, actueel["GM0518"].daeb) == ("aangescherpt", 4600)
    assert actueel["GM0603"].daeb == 500
    with pytest.raises(Conflict, match="bestaat al") as e:  # never overwritten by a new one
        kleine_store.bewaar_bod(Bod("GM0518", "aangescherpt", date(2023, 6, 1), 4700))
    assert e.value.huidig["daeb"] == 4600
    bod = actueel["GM0518"]
    kleine_store.wijzig_bod(bod.id, {"daeb": 4700}, bod.rijversie)
    assert kleine_store.actuele_biedingen()["GM0518"].daeb == 4700
    assert len(kleine_store.biedingen("GM0518")) == 2


def test_bewaar_gemeenten_is_alles_of_niets(store):
    with pytest.raises(ValidatieFout):
        store.bewaar_gemeenten(
            [
                Gemeente("GM0518", "Den Haag", box(75000, 450000, 85000, 460000)),
                Gemeente("GM0503", "", None),
            ]
        )
    assert not store.heeft_grenzen()
    telling = store.bewaar_gemeenten(
        [Gemeente("GM0518", "'s-Gravenhage", box(75000, 450000, 85000, 460000))]
    )
    assert telling == {"toegevoegd": 0, "gewijzigd": 1, "ongewijzigd": 0, "herberekend": 0}
    assert store.heeft_grenzen()
    again = store.bewaar_gemeenten(
        [Gemeente("GM0518", "'s-Gravenhage", box(75000, 450000, 85000, 460000))]
    )
    assert again["ongewijzigd"] == 1


def test_nieuwe_grenzen_leiden_gemeente_van_bestaande_locaties_opnieuw_af(store):
    """Sites stored before the boundaries (ligging 'onbekend') are placed when they arrive."""
    zonder = nieuw(store, gemeente="GM0603", bron_id="R-1")
    assert (zonder.gemeente, zonder.ligging) == ("GM0603", "onbekend")
    telling = store.als("gis").bewaar_gemeenten(
        [Gemeente("GM0518", "'s-Gravenhage", box(75000, 450000, 85000, 460000))]
    )
    assert telling["herberekend"] == 1
    na = store.locatie(zonder.id)
    assert (na.gemeente, na.ligging, na.versie) == ("GM0518", "binnen", 2)
    (log,) = [r for r in store.geschiedenis("locatie", zonder.id) if r["actie"] == "herberekend"]
    assert log["oud"]["gemeente"] == "GM0603" and log["nieuw"]["gemeente"] == "GM0518"
    assert log["gebruiker"] == "gis"
    with pytest.raises(Conflict):
        store.wijzig_locatie(zonder.id, {"naam": "x"}, versie=1)


def test_locatie_in_gemeente_zonder_geladen_grens_is_onbekend_niet_buiten(kleine_store):
    """Only two of the nine boundaries are loaded: a site in Delft (no boundary) is unchecked."""
    delft = nieuw(kleine_store, geometry=Point(84000, 446000), gemeente="GM0503", naam="Delft")
    assert (delft.gemeente, delft.ligging) == ("GM0503", "onbekend")
    zonder_opgave = nieuw(kleine_store, geometry=Point(84000, 446000), naam="Nergens")
    assert (zonder_opgave.gemeente, zonder_opgave.ligging) == (None, "buiten")
