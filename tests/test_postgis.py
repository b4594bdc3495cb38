"""The same store behaviour on a real PostgreSQL/PostGIS server started by the fixtures."""

from __future__ import annotations

import pytest
from conftest import KLEINE_GEMEENTEN
from sqlalchemy import text
from test_store import (  # noqa: F401 - collected again here, on PostGIS
    test_auditlog_bewaart_oud_en_nieuw,
    test_bewaar_gemeenten_is_alles_of_niets,
    test_bron_id_is_uniek_per_gemeente,
    test_corporaties_onttrekkingen_en_biedingen,
    test_filters,
    test_gelijktijdige_schrijvers_verliezen_niets,
    test_gelijktijdige_wijzigingen_een_wint_de_ander_krijgt_conflict,
    test_gemeente_volgt_uit_de_geometrie,
    test_grensoverschrijdende_locatie_wordt_gemarkeerd,
    test_locatie_buiten_de_regio,
    test_locatie_met_toewijzingen_terug_lezen,
    test_migreren_is_herhaalbaar,
    test_nieuwe_grenzen_leiden_gemeente_van_bestaande_locaties_opnieuw_af,
    test_ongeldige_invoer_slaat_niets_op,
    test_optimistische_vergrendeling,
    test_polygonen_worden_tegen_de_klok_in_opgeslagen,
    test_regio_wordt_opgeslagen_en_maakt_gemeenten_aan,
    test_wijzigen_leidt_gemeente_opnieuw_af_en_vervangt_toewijzingen,
    test_zonder_grenzen_telt_de_opgegeven_gemeente,
)

from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store

pytestmark = pytest.mark.postgis


@pytest.fixture
def store(postgis_url):
    s = Store.open(postgis_url)
    s.zet_regio(laad_regio())
    yield s
    s.sluit()


def test_geometrie_is_een_postgis_kolom_in_rd(kleine_store):
    from locatieplanner.domein.model import Locatie

    loc = kleine_store.voeg_locatie_toe(
        Locatie("Veld", KLEINE_GEMEENTEN[0].geometry.centroid.buffer(50), "1A", daeb=10)
    )
    with kleine_store.engine.connect() as c:
        srid, soort, opp = c.execute(
            text(
                "SELECT ST_SRID(geom), GeometryType(geom), ST_Area(geom) FROM locatie WHERE id = :i"
            ),
            {"i": loc.id},
        ).one()
        assert (srid, soort) == (28992, "POLYGON")
        assert opp == pytest.approx(loc.geometry.area)
        # PostGIS answers spatial questions on the stored data directly
        gemeente = c.execute(
            text(
                "SELECT g.gemeente FROM gemeente g JOIN locatie l ON ST_Within(l.geom, g.geom) "
                "WHERE l.id = :i"
            ),
            {"i": loc.id},
        ).scalar_one()
    assert gemeente == "GM0518"
    assert kleine_store.schema_versie() == "0005"
