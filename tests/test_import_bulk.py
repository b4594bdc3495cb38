"""The bulk paths of a large import: the audit-log texts made column by column (the same text
as one by one) and the spatial index filled at once (complete after the import)."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest
import shapely
from shapely.geometry import Point, box

from locatieplanner.domein.model import Locatie, Toewijzing
from locatieplanner.store.locaties import (
    auditlog_regels,
    auditlog_teksten,
    locatie_naar_auditlog,
)
from locatieplanner.store.wijzigingen import Json, als_json, als_json_alle, als_json_regels


def _locaties() -> list[Locatie]:
    return [
        Locatie(
            naam='Café "Ëïland"\n\\ 100% \u2028 zeker',
            status="1A",
            geometry=box(80000.12345, 455000, 80050.5, 455040.0004),
            bron_id="A/1",
            gemeente="GM0518",
            ligging="binnen",
            fase=2,
            daeb=40,
            midden=10,
            start=2023,
            oplevering=2026,
            opmerking="tab\there; emoji \U0001f3e0",
            toewijzingen=[Toewijzing("Staedion", 30, 2026), Toewijzing("Vestia ✓", 10, None)],
            versie=7,
        ),
        Locatie(naam="zonder alles", status="3", geometry=Point(81000.0005, 455000.9996)),
        # values the validation would refuse, serialised all the same as one by one
        Locatie(
            naam="x",
            status="2",
            geometry=None,  # type: ignore[arg-type]
            fase=True,  # type: ignore[arg-type]
            daeb=1.5,  # type: ignore[arg-type]
            midden=math.nan,  # type: ignore[arg-type]
            start=date(2024, 1, 2),  # type: ignore[arg-type]
            toewijzingen=[Toewijzing(None, "12", 2.0)],  # type: ignore[arg-type]
        ),
    ]


def test_auditlog_teksten_gelijk_aan_een_voor_een():
    locaties = _locaties()
    versies = [1, 8, 3]
    verwacht = []
    for loc, versie in zip(locaties, versies, strict=True):
        log = locatie_naar_auditlog(loc)
        log["versie"] = versie
        verwacht.append(als_json(log))
    assert auditlog_teksten(locaties, versies, [None, None, None]) == verwacht
    # the texts as one string (how a prepared import keeps them): the same texts
    regels = auditlog_regels(locaties, versies, [None, None, None])
    assert regels.split("\n") == verwacht
    # a WKT made ahead is used as it is
    gegeven = auditlog_teksten(locaties[:1], [1], ["POINT (1 2)"])
    assert json.loads(gegeven[0])["geometry"] == "POINT (1 2)"


@pytest.mark.parametrize(
    "kolommen",
    [
        {"b": [1, None, "x"], "a": [True, 2.5, [1, {"z": 1, "y": "é"}]], "%s": ["%", "%%", ""]},
        {"één": [date(2020, 1, 1)]},
    ],
)
def test_als_json_alle_gelijk_aan_als_json(kolommen):
    n = len(next(iter(kolommen.values())))
    rijen = [{k: v[i] for k, v in kolommen.items()} for i in range(n)]
    assert als_json_alle(kolommen) == [als_json(r) for r in rijen]
    assert als_json_regels(kolommen) == "\n".join(als_json(r) for r in rijen)


def test_als_json_alle_zonder_kolommen_of_rijen():
    assert als_json_alle({}) == [] == als_json_alle({"a": []})
    assert als_json_regels({}) == "" == als_json_regels({"a": []})
    with pytest.raises(ValueError):  # columns of different lengths
        als_json_alle({"a": [1, 2], "b": [1]})


def test_als_json_alle_zet_json_erin_zoals_het_is():
    assert als_json_alle({"a": [Json("[1, 2]")]}) == ['{"a": [1, 2]}']


def _veel(aantal: int, begin: int = 0) -> list[Locatie]:
    """``aantal`` small squares spread over the test municipality GM0518."""
    return [
        Locatie(
            naam=f"L{i}",
            status="1A",
            bron_id=f"B{i}",
            geometry=box(
                75100 + i % 90 * 100,
                450100 + i // 90 * 100,
                75150 + i % 90 * 100,
                450150 + i // 90 * 100,
            ),
        )
        for i in range(begin, begin + aantal)
    ]


def _rtree(store) -> tuple[int, str | None]:
    with store.engine.connect() as conn:
        aantal = conn.exec_driver_sql("SELECT count(*) FROM locatie_rtree").scalar()
        trigger = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'locatie_rtree_toevoegen'"
        ).scalar()
    return aantal, trigger


def test_bulkimport_vult_de_rtree_in_een_keer(kleine_store):
    voor = _rtree(kleine_store)
    assert voor[0] == 0 and voor[1] is not None
    kleine_store.voeg_locatie_toe(_veel(1, begin=5000)[0])  # one through the trigger
    uitslag = kleine_store.importeer_locaties(_veel(1500))
    assert uitslag["toegevoegd"] == 1500
    # the index is complete and the trigger is back as it was
    assert _rtree(kleine_store) == (1501, voor[1])
    gevonden = kleine_store.locaties(bbox=(75000, 450000, 85000, 460000))
    assert len(gevonden) == 1501
    # each site is found by a box around itself alone, through the R*Tree
    for loc in kleine_store.locaties()[::97]:
        minx, miny, maxx, maxy = loc.geometry.bounds
        binnen = kleine_store.locaties(bbox=(minx + 1, miny + 1, maxx - 1, maxy - 1))
        assert [x.id for x in binnen] == [loc.id]
    # a later single insert still goes through the trigger
    kleine_store.voeg_locatie_toe(_veel(1, begin=6000)[0])
    assert _rtree(kleine_store)[0] == 1502


def test_mislukte_bulkimport_laat_rtree_en_trigger_heel(kleine_store, monkeypatch):
    from locatieplanner.store import locaties as module

    kleine_store.importeer_locaties(_veel(1200))
    voor = _rtree(kleine_store)
    echt = module.schrijf_veel
    oproepen = []

    def faalt_halverwege(conn, opdracht, kolommen, rijen, **opties):
        oproepen.append(1)
        if len(oproepen) == 2:
            raise RuntimeError("schijf vol")
        return echt(conn, opdracht, kolommen, rijen, **opties)

    monkeypatch.setattr(module, "schrijf_veel", faalt_halverwege)
    with pytest.raises(RuntimeError, match="schijf vol"):
        kleine_store.importeer_locaties(_veel(3000, begin=2000))
    monkeypatch.undo()
    assert _rtree(kleine_store) == voor
    assert len(kleine_store.locaties()) == 1200
    kleine_store.voeg_locatie_toe(_veel(1, begin=9000)[0])
    assert _rtree(kleine_store)[0] == 1201


def _herimport(kleine_store, aantal: int) -> None:
    kleine_store.importeer_locaties(_veel(1500))
    opnieuw = _veel(aantal)
    for loc in opnieuw[::3]:
        loc.naam += " (nieuw)"
    uitslag = kleine_store.importeer_locaties(opnieuw)
    gewijzigd = len(opnieuw[::3])
    assert (uitslag["toegevoegd"], uitslag["gewijzigd"], uitslag["ongewijzigd"]) == (
        0,
        gewijzigd,
        aantal - gewijzigd,
    )
    namen = {loc.bron_id: (loc.naam, loc.versie) for loc in kleine_store.locaties()}
    assert len(namen) == 1500
    assert namen["B0"] == ("L0 (nieuw)", 2) and namen["B1"] == ("L1", 1)


@pytest.mark.parametrize("aantal", [1500, 1200])  # all keys (one read of them) or fewer
def test_grote_herimport_vindt_de_bestaande_locaties(kleine_store, aantal):
    _herimport(kleine_store, aantal)


@pytest.mark.postgis
@pytest.mark.parametrize("aantal", [1500, 1200])
def test_grote_herimport_op_postgis(postgis_url, aantal):
    from conftest import KLEINE_GEMEENTEN

    from locatieplanner.domein.model import Corporatie
    from locatieplanner.domein.regio import laad_regio
    from locatieplanner.store import Store

    store = Store.open(postgis_url)
    try:
        store.zet_regio(laad_regio())
        store.bewaar_gemeenten(KLEINE_GEMEENTEN)
        store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
        _herimport(store, aantal)
        # the GIST index answers a box query for every site
        gevonden = store.locaties(bbox=(75000, 450000, 85000, 460000))
        assert len(gevonden) == 1500
        # written with COPY: the same values as sent, audit log included
        verwacht = {loc.bron_id: loc for loc in _veel(1500)}
        for loc in gevonden[::50]:
            bron = verwacht[loc.bron_id]
            assert loc.geometry.equals_exact(bron.geometry, 0) and loc.gemeente == "GM0518"
            (eerste, *_rest) = store.geschiedenis("locatie", loc.id)
            assert eerste["nieuw"]["geometry"] == shapely.to_wkt(
                bron.geometry, rounding_precision=3
            )
            assert (eerste["actie"], eerste["nieuw"]["versie"]) == ("toegevoegd", 1)
    finally:
        store.sluit()


def test_normaliseren_in_een_keer_gelijk_aan_een_voor_een():
    from shapely.geometry import GeometryCollection, MultiPoint, MultiPolygon, Polygon

    from locatieplanner.uitwisseling.importeer import _normaliseer, _normaliseer_alle

    geometrieen = [
        Point(1, 2),
        MultiPolygon([box(0, 0, 1, 1)]),
        MultiPolygon([box(0, 0, 1, 1), box(2, 2, 3, 3)]),
        MultiPoint([(1, 2)]),
        MultiPoint([(1, 2, 3)]),
        Polygon([(0, 0, 1), (1, 0, 1), (1, 1, 1)]),
        MultiPolygon(),
        Point(),
        GeometryCollection([Point(1, 1)]),
        shapely.from_wkt("MULTIPOLYGON Z (((0 0 1, 1 0 1, 1 1 1, 0 0 1)))"),
    ]
    verwacht = [_normaliseer(g) for g in geometrieen]
    for samen in (geometrieen, geometrieen[:2] + [None]):
        uit = _normaliseer_alle(samen)
        for a, b in zip(uit, [_normaliseer(g) for g in samen], strict=True):
            assert (a is None and b is None) or (a.wkt == b.wkt and a.has_z == b.has_z)
    assert [g.geom_type for g in _normaliseer_alle(geometrieen)][:4] == [
        "Point",
        "Polygon",
        "MultiPolygon",
        "Point",
    ]
    assert verwacht[1].geom_type == "Polygon"


def test_geopackage_via_arrow_meldt_nan_coordinaten(kleine_store, tmp_path):
    """A GeoPackage is read through Arrow: a point with a NaN coordinate stays that point (not
    an empty one) and gets the same message as from any other format."""
    import geopandas as gpd
    import numpy as np

    from locatieplanner.uitwisseling.importeer import ImportAfgekeurd, importeer_locaties

    pad = tmp_path / "nan.gpkg"
    gpd.GeoDataFrame(
        {"bron_id": ["N1", "G1"], "naam": ["Niet-een-getal", "Goed"], "status": ["1A", "1A"]},
        geometry=[Point(np.nan, 452000), Point(80000, 452000)],
        crs="EPSG:28992",
    ).to_file(pad, driver="GPKG", engine="pyogrio")
    with pytest.raises(ImportAfgekeurd) as fout:
        importeer_locaties(kleine_store, pad)
    (melding,) = fout.value.rapport.problemen
    assert (melding.rij, melding.bron_id, melding.veld) == (1, "N1", "geometry")
    assert "NaN" in melding.probleem
    assert kleine_store.locaties() == []


def test_zonder_gc_zet_de_collector_terug_ook_na_een_fout():
    import gc

    from locatieplanner.geheugen import zonder_gc

    @zonder_gc()
    def faalt():
        assert not gc.isenabled()
        raise ValueError("fout")

    assert gc.isenabled()
    with pytest.raises(ValueError):
        faalt()
    assert gc.isenabled()
    gc.disable()  # switched off by the caller: stays off
    try:
        with zonder_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
