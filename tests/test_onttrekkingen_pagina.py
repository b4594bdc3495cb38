"""The removals page ``/onttrekkingen`` with its forms, against a real temporary SQLite store:
the list filtered by municipality and corporation, add, edit and delete with the version, bad
input as a Dutch 4xx naming field, value and what is allowed, a stale form as a conflict, rights
per role, and nothing stored half."""

from __future__ import annotations

import re
from html import unescape

import pytest
from aanmelding import ROLLEN, client_als
from formulier_pagina import blijft_tekst, geweigerd, tekst
from shapely.geometry import box

from locatieplanner.domein.model import Locatie, Onttrekking
from locatieplanner.store import Store


@pytest.fixture
def ott_store(kleine_store: Store) -> Store:
    """A site in Den Haag, two removals there (Staedion at the site, Vidomes) and one in
    Rijswijk (Vidomes)."""
    loc = kleine_store.voeg_locatie_toe(
        Locatie("Binckhorst", box(80000, 454000, 81500, 455500), "1A", daeb=10)
    )
    kleine_store.voeg_onttrekking_toe(Onttrekking("GM0518", 2026, 40, "sloop", "Staedion", loc.id))
    kleine_store.voeg_onttrekking_toe(Onttrekking("GM0518", 2027, 12, "verkoop", "Vidomes"))
    kleine_store.voeg_onttrekking_toe(Onttrekking("GM0603", 2025, 7, "liberalisatie", "Vidomes"))
    return kleine_store


def _rijen(html: str) -> list[dict[str, str]]:
    """The list's rows as {veld: text}."""
    uit = []
    for rij in re.findall(r'<tr id="onttrekking-\d+".*?</tr>', html, re.S):
        uit.append(
            {
                v: unescape(re.sub(r"<[^>]+>|\s+", " ", t)).strip()
                for v, t in re.findall(r'<td data-veld="(\w+)"[^>]*>(.*?)</td>', rij, re.S)
            }
        )
    return uit


def _stand(store: Store) -> tuple:
    return (
        [
            (
                o.id,
                o.gemeente,
                o.jaar,
                o.aantal,
                o.soort,
                o.corporatie,
                o.locatie,
                o.opmerking,
                o.versie,
            )
            for o in store.onttrekkingen()
        ],
        len(store.geschiedenis()),
    )


def test_lijst_met_filters(app, ott_store):
    c = client_als(app, ROLLEN["provincie"])
    r = c.get("/onttrekkingen")
    assert r.status_code == 200
    rijen = _rijen(r.get_data(as_text=True))
    assert [(x["jaar"], x["aantal"], x["soort"], x["corporatie"]) for x in rijen] == [
        ("2026", "40", "sloop", "Staedion"),
        ("2027", "12", "verkoop", "Vidomes"),
        ("2025", "7", "liberalisatie", "Vidomes"),
    ]
    assert rijen[0]["locatie"].startswith("Binckhorst (")
    assert rijen[0]["gemeente"] == "'s-Gravenhage (GM0518)"
    r = c.get("/onttrekkingen?gemeente=GM0518&corporatie=Vidomes")
    assert [x["aantal"] for x in _rijen(r.get_data(as_text=True))] == ["12"]
    r = c.get("/onttrekkingen?corporatie=Vidomes")
    assert [x["aantal"] for x in _rijen(r.get_data(as_text=True))] == ["12", "7"]
    assert re.search(r'id="totaal">19<', r.get_data(as_text=True))
    # read-only for the province: no forms, no buttons
    html = r.get_data(as_text=True)
    assert 'id="alleen-lezen"' in html and "lp-verwijder" not in html
    assert 'id="onttrekkingformulier"' not in html


def test_onbekend_filter_geeft_400_met_melding(app, ott_store):
    r = client_als(app).get("/onttrekkingen?gemeente=GM9999&corporatie=Woonbron")
    assert r.status_code == 400
    pagina = tekst(r)
    assert "Gemeente = „GM9999”: onbekende gemeente" in pagina
    assert "Corporatie = „Woonbron”: onbekende corporatie; bekend zijn Staedion, Vidomes" in pagina


def test_toevoegen_wijzigen_verwijderen(app, ott_store):
    c = client_als(app, ROLLEN["gemeente"])
    loc = ott_store.locaties()[0]
    r = c.post(
        "/onttrekkingen",
        data={
            "gemeente": "GM0518",
            "jaar": "2028",
            "aantal": "25",
            "soort": "samenvoeging",
            "corporatie": "",
            "locatie": str(loc.id),
            "opmerking": "twee tot één",
        },
    )
    assert r.status_code == 302, tekst(r)[:400]
    nieuw = max(ott_store.onttrekkingen(), key=lambda o: o.id)
    assert (nieuw.jaar, nieuw.aantal, nieuw.soort, nieuw.corporatie, nieuw.locatie) == (
        2028,
        25,
        "samenvoeging",
        None,
        loc.id,
    )
    assert r.headers["Location"].endswith(f"#onttrekking-{nieuw.id}")
    html = c.get(f"/onttrekkingen/{nieuw.id}").get_data(as_text=True)
    assert 'name="versie" value="1"' in html and "twee tot één" in html
    r = c.post(
        f"/onttrekkingen/{nieuw.id}",
        data={
            "versie": "1",
            "gemeente": "GM0518",
            "jaar": "2029",
            "aantal": "30",
            "soort": "sloop",
            "corporatie": "Staedion",
            "locatie": "",
            "opmerking": "",
        },
    )
    assert r.status_code == 302, tekst(r)[:400]
    o = ott_store.onttrekking(nieuw.id)
    assert (o.jaar, o.aantal, o.soort, o.corporatie, o.locatie, o.opmerking, o.versie) == (
        2029,
        30,
        "sloop",
        "Staedion",
        None,
        None,
        2,
    )
    assert ott_store.geschiedenis("onttrekking", nieuw.id)[-1]["gebruiker"] == "test-gemeente"
    r = c.post(f"/onttrekkingen/{nieuw.id}/verwijderen", data={"versie": "2"})
    assert r.status_code == 302
    assert nieuw.id not in {o.id for o in ott_store.onttrekkingen()}
    assert f"Onttrekking {nieuw.id} is verwijderd" in tekst(c.get("/onttrekkingen"))


@pytest.mark.parametrize(
    ("veld", "waarde", "verwacht"),
    [
        ("jaar", "1999", "Jaar = „1999”: moet een jaartal van 2000 tot en met 2050 zijn"),
        ("jaar", "twintig", "Jaar = „twintig”: moet een jaartal van 2000 tot en met 2050 zijn"),
        (
            "aantal",
            "3,5",
            "Aantal woningen = „3,5”: moet een geheel getal van 0 tot en met 1.000.000",
        ),
        ("soort", "brand", "Soort = „brand”: onbekende keuze; toegestaan zijn sloop, verkoop"),
        (
            "corporatie",
            "Woonbron",
            "Corporatie = „Woonbron”: onbekende keuze; toegestaan zijn Staedion, Vidomes",
        ),
        ("locatie", "abc", "Locatie-id = „abc”: moet een locatie-id van 1 tot en met"),
        ("locatie", "987654", "Locatie-id = „987654”: onbekende locatie-id"),
        ("gemeente", "GM9999", "Gemeente = „GM9999”: onbekende gemeentecode"),
    ],
)
def test_ongeldige_invoer_geeft_nederlandse_melding_en_bewaart_niets(
    app, ott_store, veld, waarde, verwacht
):
    goed = {"gemeente": "GM0518", "jaar": "2028", "aantal": "5", "soort": "sloop", "corporatie": ""}
    c = client_als(app)
    stand = lambda: _stand(ott_store)  # noqa: E731
    r = geweigerd(c, "/onttrekkingen", {**goed, veld: waarde}, stand, 422, verwacht)
    assert re.search(rf'id="veld-{veld}"[^>]*aria-invalid="true"', r.get_data(as_text=True))


def test_verouderd_formulier_geeft_conflictmelding(app, ott_store):
    c = client_als(app, ROLLEN["gemeente"])
    o = ott_store.onttrekkingen()[0]
    ott_store.wijzig_onttrekking(o.id, {"aantal": 41}, 1)  # someone else, meanwhile
    stand = lambda: _stand(ott_store)  # noqa: E731
    formulier = {"versie": "1", "gemeente": "GM0518", "jaar": "2026", "aantal": "99"}
    melding = "intussen gewijzigd door een ander (versie 2"
    pad = f"/onttrekkingen/{o.id}"
    r = geweigerd(c, pad, {**formulier, "soort": "sloop"}, stand, 409, melding)
    html = r.get_data(as_text=True)
    assert 'name="versie" value="2"' in html and 'value="41"' in html
    melding = "bekijk de wijziging voordat u verwijdert"
    geweigerd(c, f"{pad}/verwijderen", {"versie": "1"}, stand, 409, melding)


def test_corporatie_voert_alleen_eigen_onttrekkingen_in(app, ott_store):
    c = client_als(app, ROLLEN["corporatie"])  # Staedion
    html = c.get("/onttrekkingen").get_data(as_text=True)
    keuzes = re.search(r'<select id="veld-corporatie".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)"', keuzes) == ["Staedion"]
    # only its own removal has buttons
    bewerkbaar = re.findall(r'<tr id="onttrekking-(\d+)".*?lp-verwijder', html, re.S)
    eigen = [o.id for o in ott_store.onttrekkingen() if o.corporatie == "Staedion"]
    assert [int(i) for i in bewerkbaar] == eigen
    geweigerd(
        c,
        "/onttrekkingen",
        {
            "gemeente": "GM0603",
            "jaar": "2027",
            "aantal": "3",
            "soort": "sloop",
            "corporatie": "Vidomes",
        },
        lambda: _stand(ott_store),
        403,
        "werkt alleen voor corporatie Staedion, niet voor corporatie Vidomes",
    )


def test_xss_in_de_opmerking_blijft_tekst(app, ott_store):
    gegevens = {"gemeente": "GM0603", "jaar": "2027", "aantal": "3", "soort": "sloop"}
    blijft_tekst(client_als(app), "/onttrekkingen", gegevens)
