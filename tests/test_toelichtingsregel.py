"""The agreement's explanation rule ("toelichting of handelingsperspectief"), apart from the
province's three tests, with its threshold for a substantial step towards Meer Evenwicht."""

from __future__ import annotations

import pandas as pd
import pytest

from locatieplanner.analyse.definities import Drempels
from locatieplanner.analyse.toets import provinciale_toets, toelichtingsregel


def _gemeenten(**rijen) -> pd.DataFrame:
    basis = {
        "nieuwbouw_totaal": 100,
        "betaalbaar_nieuw": 50,  # 50%: fails the province's 2/3 test
        "sociaal_nieuw": 20,  # 20%: fails the 1/3 test
        "netto_totaal": 40,
    }
    return pd.DataFrame([{**basis, **w} for w in rijen.values()], index=list(rijen))


def test_toetsen_falen_maar_regel_zegt_waarom_niet_nodig():
    # share 20.0% -> 20.6%: +0.6 percentage point, more than the default 0.5
    t = provinciale_toets(
        _gemeenten(GM1=dict(aandeel_sociaal_start=0.200, aandeel_sociaal_eind=0.206))
    ).loc["GM1"]
    assert t["betaalbaar_voldoet"] is False and t["sociaal_voldoet"] is False
    assert t["toelichting_nodig"] is False
    assert t["toelichting_reden"] == (
        "niet nodig: extra doelgroepvoorraad (netto +40) en een substantiële stap richting Meer "
        "Evenwicht (aandeel sociaal 20,0% → 20,6%, minstens +0,5 procentpunt)"
    )
    # the same explanation without the verdict, for documents that state the verdict apart
    assert t["toelichting_uitleg"] == t["toelichting_reden"].removeprefix("niet nodig: ")


@pytest.mark.parametrize(
    ("eind", "drempel", "nodig"),
    [
        (0.203, 0.005, True),  # +0.3 pp < 0.5 pp: not substantial
        (0.205, 0.005, False),  # exactly the threshold counts
        (0.203, 0.002, False),  # a lower setting
        (0.310, 0.005, False),  # already above 30%: no step needed
    ],
)
def test_substantiele_stap_is_een_instelling(eind, drempel, nodig):
    t = provinciale_toets(
        _gemeenten(GM1=dict(aandeel_sociaal_start=0.200, aandeel_sociaal_eind=eind)),
        Drempels(stap=drempel),
    ).loc["GM1"]
    assert t["toelichting_nodig"] is nodig
    assert t["toelichting_reden"].startswith("nodig: " if nodig else "niet nodig: ")
    oordeel = "nodig: " if nodig else "niet nodig: "
    assert t["toelichting_reden"] == oordeel + t["toelichting_uitleg"]
    assert not t["toelichting_uitleg"].startswith(("nodig", "niet nodig"))
    if nodig:
        assert "geen substantiële stap richting Meer Evenwicht" in t["toelichting_reden"]


def test_geen_extra_doelgroepvoorraad_en_onbekende_start():
    t = provinciale_toets(
        _gemeenten(
            GM1=dict(netto_totaal=-5, aandeel_sociaal_start=0.2, aandeel_sociaal_eind=0.25),
            GM2=dict(aandeel_sociaal_start=None, aandeel_sociaal_eind=None),
        )
    )
    assert t.loc["GM1", "toelichting_reden"] == (
        "nodig: geen extra doelgroepvoorraad: netto groei (hard + zacht) is -5"
    )
    assert "startvoorraad (woningen, doelgroep) ontbreekt" in t.loc["GM2", "toelichting_reden"]
    assert t.loc["GM1", "toelichting_uitleg"] == (
        "geen extra doelgroepvoorraad: netto groei (hard + zacht) is -5"
    )


def test_regel_als_tekst_noemt_de_drempels():
    tekst = toelichtingsregel(Drempels(stap=0.01, voorraad=0.25))
    assert "minder dan 1,0 procentpunt" in tekst and "onder 25,0%" in tekst
    assert "los van de drie toetsen van de provincie" in tekst


def test_dashboard_toont_regel_en_reden(client, kleine_store):
    html = client.get("/spreiding").get_data(as_text=True)
    assert 'id="toelichtingsregel"' in html and "0,5 procentpunt" in html
