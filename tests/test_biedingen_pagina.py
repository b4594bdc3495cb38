"""The bids page ``/biedingen`` with its forms, against a real temporary SQLite store: versions
side by side with who entered them and the differences (Dutch numbers and dates), a new version,
edit and delete with the row version, bad input as a Dutch 4xx naming field, value and what is
allowed, a stale form as a conflict, rights per role, and nothing stored half."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html import unescape

import pytest
from aanmelding import ROLLEN, client_als
from formulier_pagina import blijft_tekst, geweigerd, tekst

from locatieplanner.domein.model import Bod
from locatieplanner.store import Store
from locatieplanner.web import create_app
from locatieplanner.weergave.biedingen import Invoerder, invoerders, overzicht, tijd_nl, verschil


@pytest.fixture
def bod_store(kleine_store: Store) -> Store:
    """Den Haag has an original bid of 1.200 DAEB; Rijswijk has none."""
    kleine_store.bewaar_bod(Bod("GM0518", "origineel", date(2021, 12, 15), 1200, "eerste bod"))
    return kleine_store


def _cellen(html: str, veld: str) -> list[str]:
    """The texts of the table cells ``data-veld=veld`` in page order."""
    return [
        unescape(re.sub(r"<[^>]+>|\s+", " ", c)).strip()
        for c in re.findall(rf'<td data-veld="{veld}"[^>]*>(.*?)</td>', html, re.S)
    ]


def _stand(store: Store) -> tuple:
    return (
        [
            (b.id, b.gemeente, b.versie, b.datum, b.daeb, b.opmerking, b.rijversie)
            for b in store.biedingen()
        ],
        len(store.geschiedenis()),
    )


# --------------------------------------------------------------------------- presentation


def test_verschil_in_nederlandse_notatie():
    assert verschil(1380, 1200) == "+180 (+15,0%)"
    assert verschil(1000, 1200) == "-200 (-16,7%)"
    assert verschil(12000, 10000) == "+2.000 (+20,0%)"
    assert verschil(5, 0) == "+5"
    assert verschil(5, None) == "–"


def test_invoerders_en_overzicht_uit_de_geschiedenis():
    t0 = datetime(2025, 12, 10, 13, 5, tzinfo=UTC)
    t1 = datetime(2025, 12, 11, 8, 0, tzinfo=UTC)
    log = [
        {"tabel": "bod", "sleutel": "1", "actie": "toegevoegd", "gebruiker": "anna", "tijd": t0},
        {"tabel": "bod", "sleutel": "1", "actie": "gewijzigd", "gebruiker": "bert", "tijd": t1},
        {"tabel": "bod", "sleutel": "2", "actie": "toegevoegd", "gebruiker": "x", "tijd": t0},
        {"tabel": "bod", "sleutel": "2", "actie": "verwijderd", "gebruiker": "x", "tijd": t1},
        {"tabel": "bod", "sleutel": "2", "actie": "toegevoegd", "gebruiker": "cees", "tijd": t1},
        {"tabel": "locatie", "sleutel": "1", "actie": "toegevoegd", "gebruiker": "y", "tijd": t1},
    ]
    wie = invoerders(log)
    assert wie == {1: Invoerder("anna", t0, "bert", t1), 2: Invoerder("cees", t1)}
    assert tijd_nl(t0) == "10-12-2025 14:05"  # Amsterdam, winter time
    biedingen = [
        Bod("GM0518", "origineel", date(2021, 12, 15), 1200, id=1),
        Bod("GM0518", "aangescherpt", date(2022, 3, 1), 1380, id=2),
        Bod("GM0603", "eerste", date(2021, 12, 1), 100, id=3),
        Bod("GM0603", "tweede", date(2022, 1, 1), 80, id=4),
    ]
    groepen = overzicht(biedingen, {"GM0518": "'s-Gravenhage", "GM0603": "Rijswijk"}, wie)
    assert [g.gemeente for g in groepen] == ["GM0518", "GM0603"]
    haag, rijswijk = groepen
    assert [v.actueel for v in haag.versies] == [False, True]
    assert [v.origineel for v in haag.versies] == [True, False]
    assert haag.versies[1].t_o_v_vorige == "+180 (+15,0%)"
    assert haag.versies[1].t_o_v_origineel == "+180 (+15,0%)"
    assert haag.versies[0].invoer == Invoerder("anna", t0, "bert", t1)
    # without a version named "origineel" the oldest is the original
    assert rijswijk.versies[0].origineel and rijswijk.versies[1].t_o_v_origineel == "-20 (-20,0%)"
    assert rijswijk.versies[1].invoer is None  # id 4 is not in the log


# --------------------------------------------------------------------------- the page


def test_pagina_toont_versies_naast_elkaar_met_verschil(app, bod_store):
    gemeente = client_als(app, ROLLEN["gemeente"])
    r = gemeente.post(
        "/biedingen",
        data={
            "gemeente": "GM0518",
            "versie": "aangescherpt",
            "datum": "10-12-2025",
            "daeb": "1380",
            "opmerking": "aangescherpt na gesprek 10-12",
        },
    )
    assert r.status_code == 302 and r.headers["Location"].endswith("/biedingen#gemeente-GM0518")
    b = next(b for b in bod_store.biedingen() if b.versie == "aangescherpt")
    assert (b.gemeente, b.datum, b.daeb, b.opmerking) == (
        "GM0518",
        date(2025, 12, 10),
        1380,
        "aangescherpt na gesprek 10-12",
    )
    r = gemeente.get("/biedingen")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "opgeslagen (1380 DAEB)" in tekst(r)
    assert _cellen(html, "datum") == ["15-12-2021", "10-12-2025"]
    assert _cellen(html, "daeb") == ["1.200", "1.380"]
    assert _cellen(html, "vorige") == ["–", "+180 (+15,0%)"]
    assert _cellen(html, "origineel") == ["–", "+180 (+15,0%)"]
    assert _cellen(html, "opmerking") == ["eerste bod", "aangescherpt na gesprek 10-12"]
    assert _cellen(html, "door") == ["systeem", "test-gemeente"]
    assert all(re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d", t) for t in _cellen(html, "op"))
    # the newest version is the one the analysis uses
    kop = re.search(
        r'<th scope="col" data-versie="aangescherpt" class="lp-actueel">(.*?)</th>', html, re.S
    )
    assert kop and "telt in de analyse" in kop.group(1)
    assert bod_store.actuele_biedingen()["GM0518"].versie == "aangescherpt"
    zonder = re.search(r"Zonder bod: ([^<]*)", tekst(r)).group(1)
    assert "Rijswijk (GM0603)" in zonder and "GM0518" not in zonder


@pytest.mark.parametrize(
    ("veld", "waarde", "verwacht"),
    [
        (
            "daeb",
            "veel",
            "DAEB-woningen = „veel”: moet een geheel getal van 0 tot en met 1.000.000 zijn",
        ),
        (
            "daeb",
            "-5",
            "DAEB-woningen = „-5”: moet een geheel getal van 0 tot en met 1.000.000 zijn",
        ),
        ("datum", "2025/12/10", "Datum = „2025/12/10”: moet een datum als dd-mm-jjjj"),
        (
            "datum",
            "31-02-2025",
            "Datum = „31-02-2025”: bestaat niet; verwacht een datum als dd-mm-jjjj",
        ),
        ("versie", "", "Versie = „”: is verplicht"),
        ("versie", "x" * 41, "is te lang: hoogstens 40 tekens"),
        ("gemeente", "GM9999", "Gemeente = „GM9999”: onbekende gemeentecode"),
    ],
)
def test_ongeldige_invoer_geeft_nederlandse_melding_en_bewaart_niets(
    app, bod_store, veld, waarde, verwacht
):
    goed = {"gemeente": "GM0518", "versie": "aangescherpt", "datum": "10-12-2025", "daeb": "1380"}
    c = client_als(app)
    r = geweigerd(c, "/biedingen", {**goed, veld: waarde}, lambda: _stand(bod_store), 422, verwacht)
    assert "Niet opgeslagen" in tekst(r) or "Ongeldige invoer" in tekst(r)
    # the form keeps what was typed
    assert 'value="10-12-2025"' in r.get_data(as_text=True) or veld == "datum"


def test_bestaande_versienaam_is_een_conflict_en_overschrijft_niets(app, bod_store):
    c = client_als(app)
    gegevens = {"gemeente": "GM0518", "versie": "origineel", "datum": "01-01-2022", "daeb": "5"}
    r = geweigerd(c, "/biedingen", gegevens, lambda: _stand(bod_store), 409, "bestaat al")
    assert "er wordt niets overschreven" in tekst(r)


def test_wijzigen_en_verwijderen_met_rijversie(app, bod_store):
    c = client_als(app, ROLLEN["gemeente"])
    b = bod_store.biedingen()[0]
    r = c.get(f"/biedingen/{b.id}")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'name="rijversie" value="1"' in html and 'value="15-12-2021"' in html
    r = c.post(
        f"/biedingen/{b.id}",
        data={
            "rijversie": "1",
            "gemeente": "GM0518",
            "versie": "origineel",
            "datum": "2021-12-16",  # a date input's ISO form is accepted too
            "daeb": "1250",
            "opmerking": "gecorrigeerd",
        },
    )
    assert r.status_code == 302, tekst(r)[:400]
    nu = bod_store.bod(b.id)
    assert (nu.daeb, nu.datum, nu.opmerking, nu.rijversie) == (
        1250,
        date(2021, 12, 16),
        "gecorrigeerd",
        2,
    )
    html = c.get("/biedingen").get_data(as_text=True)
    assert "test-gemeente" in _cellen(html, "gewijzigd")[0]
    r = c.post(f"/biedingen/{b.id}/verwijderen", data={"rijversie": "2"})
    assert r.status_code == 302
    assert bod_store.biedingen() == []
    assert "is verwijderd" in tekst(c.get("/biedingen"))


def test_verouderd_formulier_geeft_conflictmelding(app, bod_store):
    c = client_als(app, ROLLEN["gemeente"])
    b = bod_store.biedingen()[0]
    bod_store.wijzig_bod(b.id, {"daeb": 1300}, 1)  # someone else, meanwhile
    stand = lambda: _stand(bod_store)  # noqa: E731
    formulier = {
        "rijversie": "1",
        "gemeente": "GM0518",
        "versie": "origineel",
        "datum": "15-12-2021",
        "daeb": "999",
    }
    r = geweigerd(c, f"/biedingen/{b.id}", formulier, stand, 409, "door een ander (versie 2")
    assert "voer uw wijziging opnieuw in" in tekst(r)
    # the form now shows what is stored, with its row version
    html = r.get_data(as_text=True)
    assert 'name="rijversie" value="2"' in html and 'value="1300"' in html
    melding = "bekijk de wijziging voordat u verwijdert"
    geweigerd(c, f"/biedingen/{b.id}/verwijderen", {"rijversie": "1"}, stand, 409, melding)


def test_ongeldige_rijversie_en_onbekend_bod(app, bod_store):
    c = client_als(app)
    b = bod_store.biedingen()[0]
    melding = "Versie van het formulier = „oud”: moet een versienummer van 1 tot en met"
    pad = f"/biedingen/{b.id}/verwijderen"
    geweigerd(c, pad, {"rijversie": "oud"}, lambda: _stand(bod_store), 422, melding)
    r = c.get("/biedingen/999999")
    assert r.status_code == 404 and "Bod 999999 bestaat niet" in tekst(r)


@pytest.mark.parametrize("rol", ["provincie", "corporatie"])
def test_provincie_en_corporatie_lezen_alleen(app, bod_store, rol):
    c = client_als(app, ROLLEN[rol])
    r = c.get("/biedingen")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and 'id="alleen-lezen"' in html
    assert 'id="bodformulier"' not in html and "lp-bewerk" not in html
    b = bod_store.biedingen()[0]
    assert 'id="bodformulier"' not in c.get(f"/biedingen/{b.id}").get_data(as_text=True)
    gegevens = {"gemeente": "GM0518", "versie": "x", "datum": "01-01-2022", "daeb": "1"}
    geweigerd(c, "/biedingen", gegevens, lambda: _stand(bod_store), 403, "mag niet: bod bewerken")


def test_gemeente_kiest_alleen_de_eigen_gemeente(app, bod_store):
    c = client_als(app, ROLLEN["gemeente"])
    html = c.get("/biedingen").get_data(as_text=True)
    keuzes = re.findall(r'<option value="(GM\d+)"', html)
    assert keuzes == ["GM0518"]
    gegevens = {"gemeente": "GM0603", "versie": "origineel", "datum": "01-01-2022", "daeb": "1"}
    melding = "werkt alleen voor GM0518, niet voor GM0603"
    geweigerd(c, "/biedingen", gegevens, lambda: _stand(bod_store), 403, melding)
    # and the administrator chooses from every municipality of the region
    html = client_als(app).get("/biedingen").get_data(as_text=True)
    assert {"GM0518", "GM0603"} <= set(re.findall(r'<option value="(GM\d+)"', html))


def test_xss_in_de_opmerking_blijft_tekst(app, bod_store):
    gegevens = {"gemeente": "GM0603", "versie": "<b>v</b>", "datum": "01-01-2022", "daeb": "3"}
    c = client_als(app)
    blijft_tekst(c, "/biedingen", gegevens)
    assert "&lt;b&gt;v&lt;/b&gt;" in c.get("/biedingen").get_data(as_text=True)


def test_bezette_database_geeft_503_met_retry_after_en_bewaart_niets(bod_store):
    from test_drukte import schrijfslot

    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": bod_store.url,
            "BASISKAART": False,
            "SCHRIJF_WACHTTIJD": 0.2,
        }
    )
    c = client_als(app, ROLLEN["gemeente"])
    assert c.get("/biedingen").status_code == 200  # store opened, token's use recorded
    gegevens = {"gemeente": "GM0518", "versie": "aangescherpt", "datum": "01-03-2022", "daeb": "9"}
    voor = _stand(bod_store)
    with schrijfslot(bod_store.url):
        r = c.post("/biedingen", data=gegevens)
    assert r.status_code == 503 and int(r.headers["Retry-After"]) >= 1
    assert "bezet" in tekst(r)
    assert _stand(bod_store) == voor
    assert c.post("/biedingen", data=gegevens).status_code == 302  # without the other writer


@pytest.mark.postgis
def test_pagina_en_formulier_op_postgis(postgis_url):
    """The same forms on a real PostgreSQL/PostGIS server: add, stale edit, page."""
    from conftest import KLEINE_GEMEENTEN

    from locatieplanner.domein.regio import laad_regio

    store = Store.open(postgis_url)
    try:
        store.zet_regio(laad_regio())
        store.bewaar_gemeenten(KLEINE_GEMEENTEN)
        store.bewaar_bod(Bod("GM0518", "origineel", date(2021, 12, 15), 1200))
        app = create_app({"TESTING": True, "DATABASE_URL": postgis_url, "BASISKAART": False})
        c = client_als(app, ROLLEN["gemeente"])
        gegevens = {"gemeente": "GM0518", "versie": "aangescherpt", "datum": "10-12-2025"}
        assert c.post("/biedingen", data={**gegevens, "daeb": "1380"}).status_code == 302
        b = store.actuele_biedingen()["GM0518"]
        assert (b.versie, b.daeb, b.datum) == ("aangescherpt", 1380, date(2025, 12, 10))
        store.wijzig_bod(b.id, {"daeb": 1390}, 1)
        stand = lambda: _stand(store)  # noqa: E731
        pad = f"/biedingen/{b.id}"
        geweigerd(c, pad, {**gegevens, "daeb": "1", "rijversie": "1"}, stand, 409, "(versie 2")
        html = c.get("/biedingen").get_data(as_text=True)
        assert _cellen(html, "vorige") == ["–", "+190 (+15,8%)"]
        app.extensions["locatieplanner.store"].sluit()
    finally:
        store.sluit()
