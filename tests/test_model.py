"""Domain rules: statuses, hardness, counts, years, assignments and geometries."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, Point, Polygon, box

from locatieplanner.domein.model import (
    HARDE_STATUSSEN,
    STATUSSEN,
    Bod,
    Gemeente,
    Locatie,
    Onttrekking,
    Toewijzing,
    hardheid,
    valideer_bod,
    valideer_gemeente,
    valideer_geometrie,
    valideer_locatie,
    valideer_onttrekking,
)
from locatieplanner.errors import ValidatieFout

VAK = box(80000, 452000, 80100, 452100)


def locatie(**kw) -> Locatie:
    basis = {"naam": "Proefveld", "geometry": VAK, "status": "1A", "daeb": 40}
    basis.update(kw)
    return Locatie(**basis)


def velden(problemen) -> set[str]:
    return {p.veld for p in problemen}


@pytest.mark.parametrize(
    ("status", "verwacht"),
    [("1A", "hard"), ("1B", "hard"), ("2A", "hard"), ("2B", "hard")]
    + [(s, "zacht") for s in ("1C", "2C", "3", "4A", "4B")],
)
def test_hardheid_volgt_de_provinciale_status(status, verwacht):
    assert hardheid(status) == verwacht
    assert locatie(status=status).hardheid == verwacht


def test_alle_statussen_zijn_hard_of_zacht():
    assert set(STATUSSEN) == {"1A", "1B", "1C", "2A", "2B", "2C", "3", "4A", "4B"}
    assert {"1A", "1B", "2A", "2B"} == HARDE_STATUSSEN


def test_onbekende_status_geeft_nederlandse_melding_met_waarde_en_toegestane_waarden():
    with pytest.raises(ValidatieFout) as e:
        hardheid("5")
    melding = str(e.value)
    assert "'5'" in melding and "onbekende planstatus" in melding and "1A, 1B" in melding


def test_geldige_locatie_heeft_geen_problemen():
    assert valideer_locatie(locatie(start=2024, oplevering=2026, fase=3)) == []


def test_negatieve_en_niet_gehele_aantallen():
    problemen = valideer_locatie(locatie(daeb=-3, midden=2.5, overig=True, soc_huur=2**70))
    assert velden(problemen) == {"daeb", "midden", "overig", "soc_huur"}
    assert all("geheel getal van 0 tot en met 1.000.000" in p.melding for p in problemen)


def test_oplevering_voor_start_wordt_geweigerd():
    (p,) = valideer_locatie(locatie(start=2027, oplevering=2025))
    assert p.veld == "oplevering" and p.waarde == 2025 and "2027" in p.melding


@pytest.mark.parametrize("jaar", [1899, 2051, "2025"])
def test_onwaarschijnlijke_jaren(jaar):
    problemen = valideer_locatie(locatie(oplevering=jaar))
    assert velden(problemen) == {"oplevering"}


def test_toewijzingen_mogen_daeb_niet_overschrijden():
    loc = locatie(daeb=50, toewijzingen=[Toewijzing("A", 30, 2026), Toewijzing("B", 25, 2027)])
    (p,) = valideer_locatie(loc)
    assert p.veld == "toewijzingen" and p.waarde == 55 and "daeb = 50" in p.melding
    loc.toewijzingen[1].daeb = 20
    assert valideer_locatie(loc) == []
    assert loc.daeb_toegewezen == 50 and loc.daeb_niet_toegewezen == 0


def test_dubbele_toewijzing_zelfde_corporatie_en_jaar():
    loc = locatie(toewijzingen=[Toewijzing("A", 10, 2026), Toewijzing("A", 5, 2026)])
    assert "dubbel" in valideer_locatie(loc)[0].melding


def test_toewijzing_voor_start_van_de_bouw():
    loc = locatie(start=2026, oplevering=2028, toewijzingen=[Toewijzing("A", 10, 2025)])
    (p,) = valideer_locatie(loc)
    assert p.veld == "oplevering" and p.waarde == 2025


@pytest.mark.parametrize(
    ("geom", "deel"),
    [
        (None, "ontbreekt"),
        (Polygon(), "leeg"),
        (LineString([(80000, 452000), (80100, 452100)]), "niet toegestaan"),
        (Polygon([(80000, 452000), (80100, 452100), (80100, 452000), (80000, 452100)]), "ongeldig"),
        (Point(4.3, 52.07), "lengte/breedtegraden"),
        (Point(float("nan"), 452000), "NaN"),
    ],
)
def test_ongeldige_geometrie(geom, deel):
    (p,) = valideer_geometrie(geom, "locatie 'x'")
    assert deel in p.melding and p.item == "locatie 'x'"


def test_lege_naam_en_onbekende_fase():
    problemen = valideer_locatie(locatie(naam="  ", fase=9))
    assert velden(problemen) == {"naam", "fase"}
    assert "7 (Afgerond)" in next(p.melding for p in problemen if p.veld == "fase")


def test_uit_dict_weigert_onbekende_velden_en_bouwt_toewijzingen():
    loc = Locatie.uit_dict(
        {
            "naam": "X",
            "geometry": VAK,
            "status": "3",
            "daeb": 5,
            "hardheid": "zacht",
            "toewijzingen": [{"corporatie": "A", "daeb": 5, "oplevering": 2029}],
        }
    )
    assert loc.toewijzingen == [Toewijzing("A", 5, 2029)]
    with pytest.raises(ValidatieFout, match="onbekend veld"):
        Locatie.uit_dict({"naam": "X", "geometry": VAK, "status": "3", "daeb_extra": 1})


def test_onttrekking_regels():
    assert valideer_onttrekking(Onttrekking("GM0518", 2024, 120, "sloop")) == []
    problemen = valideer_onttrekking(Onttrekking("GM0518", 1990, -1, "brand"))
    assert velden(problemen) == {"jaar", "aantal", "soort"}
    assert "sloop, verkoop" in next(p.melding for p in problemen if p.veld == "soort")


def test_bod_en_gemeente_regels():
    from datetime import date

    assert valideer_bod(Bod("GM0518", "origineel", date(2022, 3, 1), 4000)) == []
    assert velden(valideer_bod(Bod("GM0518", "", "gisteren", -5))) == {"versie", "datum", "daeb"}
    problemen = valideer_gemeente(Gemeente("GM0518", "Den Haag", None, 100, 200, 2020))
    assert velden(problemen) == {"doelgroep"}
