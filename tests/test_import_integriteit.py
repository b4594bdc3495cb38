"""What the database refuses while an import is written, in words: the ``bron_id`` uniqueness
(a concurrent writer took the key after the check) says "probeer opnieuw"; any other refusal
(a foreign key, also one added again after a PostGIS bulk load) names the rule and what broke
it, and never blames a concurrent writer. Nothing is stored either way. On a real SQLite file;
the foreign key added again after a bulk load on PostGIS is in tests/test_import_indexen.py."""

from __future__ import annotations

import pytest
from test_import_bulk import _veel

from locatieplanner.domein.model import Locatie, Toewijzing
from locatieplanner.errors import ValidatieFout
from locatieplanner.store import locaties as module

LocatiesRepository = module.LocatiesRepository


def _met_toewijzing(locaties: list[Locatie]) -> list[Locatie]:
    for loc in locaties:
        loc.daeb = 10
        loc.toewijzingen = [Toewijzing("Staedion", 10, None)]
    return locaties


def test_een_geschonden_verwijzing_noemt_de_regel_en_niet_een_ander(kleine_store, monkeypatch):
    echt = module._toewijzing_waarden

    def onbekende_corporatie(locatie_id, tw, corporatie_id):
        return echt(locatie_id, tw, 999_999)  # no such corporation

    monkeypatch.setattr(module, "_toewijzing_waarden", onbekende_corporatie)
    with pytest.raises(ValidatieFout) as fout:
        kleine_store.importeer_locaties(_met_toewijzing(_veel(30)))
    assert str(fout.value) == (
        "Import van 30 locaties niet opgeslagen: de database weigerde een rij: verwijzing "
        "(foreign key) is geschonden; de hele import is teruggedraaid"
    )
    (probleem,) = fout.value.problemen
    assert probleem.veld == "import"
    assert "intussen" not in str(fout.value)
    assert kleine_store.locaties() == []


def test_een_bron_id_die_een_ander_intussen_nam_vraagt_opnieuw_te_proberen(
    kleine_store, monkeypatch
):
    """A concurrent writer that adds a site with one of the import's keys after the check
    (possible on PostgreSQL, simulated here by letting the check in the transaction pass)."""
    voorbereid = LocatiesRepository._bereid_import_voor

    def en_dan_een_ander(self, *args, **kwargs):
        klaar = voorbereid(self, *args, **kwargs)
        monkeypatch.setattr(LocatiesRepository, "_stand", lambda _s, _c, _k: klaar.stand)
        kleine_store.voeg_locatie_toe(_veel(1, begin=7)[0])  # committed by "the other"
        return klaar

    monkeypatch.setattr(LocatiesRepository, "_bereid_import_voor", en_dan_een_ander)
    with pytest.raises(ValidatieFout) as fout:
        kleine_store.importeer_locaties(_veel(10))
    (probleem,) = fout.value.problemen
    assert (probleem.veld, probleem.waarde) == ("bron_id", None)
    assert probleem.melding == "is intussen door een ander toegevoegd; probeer opnieuw"
    assert [loc.bron_id for loc in kleine_store.locaties()] == ["B7"]  # only the other's
