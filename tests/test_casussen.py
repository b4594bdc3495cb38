"""Cases and contributions (working agreement 5b): domain rules, the store (versions, audit log,
rights per party), on SQLite and on the PostGIS server of the fixtures."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import KLEINE_GEMEENTEN
from shapely.geometry import box

from locatieplanner.domein.casus import (
    Bijdrage,
    Casus,
    Oplossingsrichting,
    Potentieel,
    potentieel_per_jaar,
    valideer_bijdrage,
    valideer_casus,
)
from locatieplanner.domein.model import Corporatie, Locatie, Toewijzing
from locatieplanner.domein.rechten import Account
from locatieplanner.domein.regio import laad_regio
from locatieplanner.errors import Conflict, GeenToegang, NietGevonden, ValidatieFout
from locatieplanner.store import Store

IN_0518 = box(80000, 452000, 80100, 452100)
IN_0603 = box(86000, 450000, 86100, 450100)

ACCOUNTS = {
    "dh": Account("gemeente-dh", "gemeente", gemeenten=("GM0518",)),
    "rijswijk": Account("gemeente-rw", "gemeente", gemeenten=("GM0603",)),
    "staedion": Account("staedion", "corporatie", corporatie="Staedion"),
    "vidomes": Account("vidomes", "corporatie", corporatie="Vidomes"),
    "woonbron": Account("woonbron", "corporatie", corporatie="Woonbron"),
    "pzh": Account("pzh", "provincie"),
}


def _casus(**kw) -> Casus:
    basis = dict(
        gemeente="GM0518",
        soort="kans",
        titel="Extra sociale huur Binckhorst",
        categorie="grondpositie",
        beschrijving="Optoppen van het plan",
        vragen=[1, 3],
        oplossingsrichtingen=[Oplossingsrichting("Grondruil met de gemeente", "voorgesteld")],
        potentieel=[Potentieel(2028, 40, 10), Potentieel(2027, 20, 0)],
        streefdatum=date(2026, 6, 1),
    )
    basis.update(kw)
    return Casus(**basis)


def _vul(store: Store) -> dict[str, Store]:
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    store.bewaar_corporatie(Corporatie("Vidomes", "VID", ["GM0603"]))
    store.bewaar_corporatie(Corporatie("Woonbron", "WB", ["GM0603"]))
    return {naam: store.als(a) for naam, a in ACCOUNTS.items()}


@pytest.fixture
def rollen(kleine_store):
    kleine_store.bewaar_corporatie(Corporatie("Woonbron", "WB", ["GM0603"]))
    return {naam: kleine_store.als(a) for naam, a in ACCOUNTS.items()}


def _stand(store: Store):
    return store.tellingen(), len(store.geschiedenis())


def _geweigerd(store: Store, actie, *args):
    voor = _stand(store)
    with pytest.raises(GeenToegang) as e:
        actie(*args)
    assert _stand(store) == voor, "een weigering verandert niets"
    return e.value.melding


# --------------------------------------------------------------------------- domain


def test_geldige_casus_en_bijdrage_hebben_geen_problemen():
    assert valideer_casus(_casus()) == []
    assert (
        valideer_bijdrage(Bijdrage(1, "corporatie", "Grond inbrengen", "grond", corporatie="X"))
        == []
    )


@pytest.mark.parametrize(
    ("wijziging", "veld", "tekst"),
    [
        ({"soort": "wens"}, "soort", "toegestaan zijn kans, knelpunt"),
        ({"titel": "  "}, "titel", "verplicht"),
        ({"categorie": "weer"}, "categorie", "grondpositie"),
        ({"status": "klaar"}, "status", "open, in gesprek, opgelost, vervallen"),
        ({"vragen": [5]}, "vragen", "1, 2, 3 en 4"),
        ({"vragen": [1, 1]}, "vragen", "hoogstens één keer"),
        ({"locaties": [0]}, "locaties", "locatie-ids"),
        ({"potentieel": [Potentieel(2027, -1, 0)]}, "potentieel[1].daeb", "0 tot en met"),
        ({"potentieel": [Potentieel(1900, 1, 0)]}, "potentieel[1].jaar", "jaartal"),
        (
            {"potentieel": [Potentieel(2027, 1, 0), Potentieel(2027, 2, 0)]},
            "potentieel",
            "opleverjaar hoogstens één keer",
        ),
        (
            {"oplossingsrichtingen": [Oplossingsrichting("x", "misschien")]},
            "oplossingsrichtingen[1].status",
            "voorgesteld",
        ),
        ({"gebied": box(0, 0, 1, 1)}, "gebied", "buiten Nederland"),
    ],
)
def test_casusregels_noemen_veld_waarde_en_wat_mag(wijziging, veld, tekst):
    problemen = valideer_casus(_casus(**wijziging))
    assert [p.veld for p in problemen] == [veld]
    assert tekst in problemen[0].melding


@pytest.mark.parametrize(
    ("bijdrage", "veld"),
    [
        (Bijdrage(1, "bank", "x", "grond"), "partij"),
        (Bijdrage(1, "corporatie", "x", "grond"), "corporatie"),
        (Bijdrage(1, "gemeente", "x", "grond", corporatie="X"), "corporatie"),
        (Bijdrage(1, "gemeente", "", "grond"), "wat"),
        (Bijdrage(1, "gemeente", "x", "geld"), "soort"),
        (Bijdrage(1, "gemeente", "x", "grond", status="beloofd"), "status"),
        (Bijdrage(1, "gemeente", "x", "grond", bedrag=-5), "bedrag"),
        (Bijdrage(1, "gemeente", "x", "grond", bedrag=True), "bedrag"),
    ],
)
def test_bijdrageregels(bijdrage, veld):
    assert [p.veld for p in valideer_bijdrage(bijdrage)] == [veld]


def test_potentieel_telt_alleen_open_kansen_per_gemeente_en_jaar():
    casussen = [
        _casus(),
        _casus(potentieel=[Potentieel(2027, 5, 5)], status="in gesprek"),
        _casus(potentieel=[Potentieel(2027, 100, 0)], status="opgelost"),
        _casus(potentieel=[Potentieel(2027, 100, 0)], soort="knelpunt"),
        _casus(gemeente="GM0603", potentieel=[Potentieel(2029, 7, 1)]),
    ]
    assert potentieel_per_jaar(casussen) == {
        ("GM0518", 2027): (25, 5),
        ("GM0518", 2028): (40, 10),
        ("GM0603", 2029): (7, 1),
    }


def test_regio_categorieen_uit_toml(tmp_path):
    assert laad_regio().categorieen[0] == "grondpositie"
    assert "netcongestie" in laad_regio().categorieen
    eigen = tmp_path / "regio.toml"
    eigen.write_text(
        'naam = "X"\nvan = 2021\ntot = 2030\ndoel_netto = 1\ncategorieen = ["a", "b"]\n'
        '[gemeenten]\nGM0518 = "Den Haag"\n',
        encoding="utf-8",
    )
    assert laad_regio(eigen).categorieen == ["a", "b"]


# --------------------------------------------------------------------------- store


def _controleer_store(store: Store, rollen: dict[str, Store]) -> None:
    dh = rollen["dh"]
    loc = dh.voeg_locatie_toe(
        Locatie("Binckhorst", IN_0518, "1A", daeb=30, toewijzingen=[Toewijzing("Vidomes", 30)])
    )
    c = dh.voeg_casus_toe(_casus(locaties=[loc.id], gebied=box(80000, 452000, 80500, 452500)))
    assert c.versie == 1 and c.id is not None
    gelezen = store.casus(c.id)
    assert gelezen.locaties == [loc.id]
    assert [p.jaar for p in gelezen.potentieel] == [2027, 2028]
    assert gelezen.gebied.equals(box(80000, 452000, 80500, 452500))
    assert gelezen.oplossingsrichtingen == [
        Oplossingsrichting("Grondruil met de gemeente", "voorgesteld")
    ]
    # Staedion (working area) and Vidomes (assignment on the linked site) are involved
    assert store.open_partijen(c.id) == ["gemeente", "Staedion", "Vidomes", "provincie"]

    gewijzigd = dh.wijzig_casus(c.id, {"status": "in gesprek", "vragen": [2]}, 1)
    assert gewijzigd.versie == 2 and gewijzigd.status == "in gesprek"
    with pytest.raises(Conflict) as fout:
        dh.wijzig_casus(c.id, {"titel": "Oud"}, 1)
    assert fout.value.huidig["versie"] == 2

    b1 = dh.voeg_bijdrage_toe(Bijdrage(c.id, "gemeente", "Versnelde procedure", "procedure"))
    b2 = rollen["staedion"].voeg_bijdrage_toe(
        Bijdrage(c.id, "corporatie", "Grond inbrengen", "grond", corporatie="Staedion", bedrag=12.5)
    )
    with pytest.raises(Conflict, match="bestaat al"):
        dh.voeg_bijdrage_toe(Bijdrage(c.id, "gemeente", "Nog een", "anders"))
    assert store.open_partijen(c.id) == ["Vidomes", "provincie"]
    assert [b.partijnaam for b in store.bijdragen(c.id)] == ["gemeente", "Staedion"]
    assert store.casussen(partij="Staedion")[0].id == c.id
    assert store.casussen(partij="provincie") == []
    assert store.casussen(categorie="grondpositie", status="in gesprek", soort="kans")[0].id == c.id

    b2 = rollen["staedion"].wijzig_bijdrage(b2.id, {"status": "in uitvoering"}, 1)
    assert b2.versie == 2
    with pytest.raises(ValidatieFout, match="corporatie"):
        rollen["staedion"].wijzig_bijdrage(b2.id, {"corporatie": "Vidomes"}, 2)

    # history per case and per contribution
    acties = [r["actie"] for r in store.geschiedenis("casus", c.id)]
    assert acties == ["toegevoegd", "gewijzigd"]
    assert store.geschiedenis("casus", c.id)[0]["gebruiker"] == "gemeente-dh"
    assert [r["actie"] for r in store.geschiedenis("bijdrage", b2.id)] == [
        "toegevoegd",
        "gewijzigd",
    ]

    dh.verwijder_bijdrage(b1.id, 1)
    dh.verwijder_casus(c.id, 2)
    with pytest.raises(NietGevonden):
        store.casus(c.id)
    assert store.bijdragen() == []
    assert store.geschiedenis("bijdrage", b2.id)[-1]["actie"] == "verwijderd"


def test_store_casus_en_bijdragen_sqlite(rollen, kleine_store):
    _controleer_store(kleine_store, rollen)


def test_store_casus_en_bijdragen_postgis(postgis_url):
    store = Store.open(postgis_url)
    try:
        store.zet_regio(laad_regio())
        _controleer_store(store, _vul(store))
    finally:
        store.sluit()


def test_rechten_per_partij(rollen, kleine_store):
    dh, rw, pzh = rollen["dh"], rollen["rijswijk"], rollen["pzh"]
    c = dh.voeg_casus_toe(_casus())
    # the municipality owns its cases; others do not edit them
    assert "provincie" in _geweigerd(pzh, pzh.voeg_casus_toe, _casus())
    assert "wijzigt geen casussen" in _geweigerd(pzh, pzh.wijzig_casus, c.id, {"titel": "x"}, 1)
    _geweigerd(rw, rw.wijzig_casus, c.id, {"titel": "x"}, 1)
    _geweigerd(rollen["staedion"], rollen["staedion"].verwijder_casus, c.id, 1)
    _geweigerd(dh, dh.wijzig_casus, c.id, {"gemeente": "GM0603"}, 1)

    # each party its own contribution
    corp = Bijdrage(c.id, "corporatie", "Grond", "grond", corporatie="Staedion")
    melding = _geweigerd(rollen["vidomes"], rollen["vidomes"].voeg_bijdrage_toe, corp)
    assert "eigen bijdrage" in melding
    st = rollen["staedion"].voeg_bijdrage_toe(corp)
    for ander in ("vidomes", "dh", "pzh"):
        _geweigerd(rollen[ander], rollen[ander].wijzig_bijdrage, st.id, {"wat": "Anders"}, 1)
    # a corporation not involved (no working area, no assignment) cannot contribute
    melding = _geweigerd(
        rollen["woonbron"],
        rollen["woonbron"].voeg_bijdrage_toe,
        Bijdrage(c.id, "corporatie", "x", "lobby", corporatie="Woonbron"),
    )
    assert "niet betrokken" in melding
    # the province comments as party provincie; another municipality not as gemeente
    pzh.voeg_bijdrage_toe(
        Bijdrage(c.id, "provincie", "Subsidie aanvragen", "financiering/subsidie")
    )
    _geweigerd(rw, rw.voeg_bijdrage_toe, Bijdrage(c.id, "gemeente", "x", "grond"))
    assert kleine_store.open_partijen(c.id) == ["gemeente", "Vidomes"]


def test_ongeldige_invoer_slaat_niets_op(rollen, kleine_store):
    dh = rollen["dh"]
    voor = _stand(kleine_store)
    with pytest.raises(ValidatieFout) as fout:
        dh.voeg_casus_toe(_casus(categorie="onbekend", eigenaar="Bank"))
    assert "categorie" in fout.value.melding
    with pytest.raises(ValidatieFout, match="onbekende partij"):
        dh.voeg_casus_toe(_casus(eigenaar="Bank"))
    with pytest.raises(ValidatieFout, match="onbekende locatie"):
        dh.voeg_casus_toe(_casus(locaties=[999]))
    assert _stand(kleine_store) == voor
    beheer = kleine_store
    elders = beheer.voeg_locatie_toe(Locatie("Elders", IN_0603, "1A", daeb=5))
    voor = _stand(kleine_store)
    with pytest.raises(ValidatieFout, match="niet in gemeente GM0518"):
        beheer.voeg_casus_toe(_casus(locaties=[elders.id]))
    assert _stand(kleine_store) == voor


def test_verwijderde_locatie_valt_uit_de_casus(rollen, kleine_store):
    dh = rollen["dh"]
    loc = dh.voeg_locatie_toe(Locatie("Kort", IN_0518, "1A", daeb=5))
    c = dh.voeg_casus_toe(_casus(locaties=[loc.id]))
    assert kleine_store.casussen(locatie=loc.id)[0].id == c.id
    dh.verwijder_locatie(loc.id, loc.versie)
    assert kleine_store.casus(c.id).locaties == []
