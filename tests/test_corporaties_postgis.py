"""Renaming and merging corporations on a real PostgreSQL/PostGIS server (fixtures)."""

from __future__ import annotations

import pytest
from test_corporaties import (  # noqa: F401 - collected again here, on PostGIS
    gevuld,
    test_een_eerdere_naam_is_niet_vrij_behalve_voor_de_eigen_corporatie,
    test_een_import_met_de_oude_naam_komt_bij_de_hernoemde_corporatie,
    test_hernoemen_bewaart_de_oude_naam_en_ids_vindt_hem,
    test_samenvoegen_dat_halverwege_faalt_laat_niets_half_staan,
    test_samenvoegen_met_een_oude_versie_verandert_niets,
    test_samenvoegen_verplaatst_alles_en_logt_het,
)
from test_postgis import store  # noqa: F401 - the store on a fresh PostGIS database

pytestmark = pytest.mark.postgis


def test_overzicht_telt_locaties_en_onttrekkingen_op_postgis(request):
    from locatieplanner.uitwisseling.corporaties import overzicht

    s = request.getfixturevalue("gevuld")
    assert s.engine.dialect.name == "postgresql"
    assert [(r["naam"], r["locaties"], r["onttrekkingen"]) for r in overzicht(s)] == [
        ("Staedion", 2, 1),
        ("Vidomes", 1, 1),
    ]
