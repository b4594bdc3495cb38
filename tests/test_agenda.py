"""The conversation agenda (working agreement 5b): domain rules, the store (versions, audit log,
rights per party: the municipality owns the agenda, others propose, each corporation marks only
its own tenants' organisation), frozen states, on SQLite and on the PostGIS server of the
fixtures."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import KLEINE_GEMEENTEN

from locatieplanner.domein.agenda import (
    Agendapunt,
    Geinformeerd,
    Startoverleg,
    valideer_agendapunt,
    valideer_geinformeerd,
    valideer_startoverleg,
)
from locatieplanner.domein.casus import Casus
from locatieplanner.domein.model import Corporatie
from locatieplanner.domein.rechten import Account
from locatieplanner.domein.regio import laad_regio
from locatieplanner.errors import Conflict, GeenToegang, NietGevonden, ValidatieFout
from locatieplanner.store import Store

ACCOUNTS = {
    "dh": Account("gemeente-dh", "gemeente", gemeenten=("GM0518",)),
    "rijswijk": Account("gemeente-rw", "gemeente", gemeenten=("GM0603",)),
    "staedion": Account("staedion", "corporatie", corporatie="Staedion"),
    "vidomes": Account("vidomes", "corporatie", corporatie="Vidomes"),
    "woonbron": Account("woonbron", "corporatie", corporatie="Woonbron"),
    "pzh": Account("pzh", "provincie"),
}


def _vul(store: Store) -> dict[str, Store]:
    """Two municipalities; Staedion works in GM0518, Vidomes in both, Woonbron only in
    GM0603 (not involved in GM0518)."""
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    store.bewaar_corporatie(Corporatie("Vidomes", "VID", ["GM0518", "GM0603"]))
    store.bewaar_corporatie(Corporatie("Woonbron", "WB", ["GM0603"]))
    return {naam: store.als(a) for naam, a in ACCOUNTS.items()}


@pytest.fixture
def rollen(store):
    return _vul(store)


def _stand(store: Store):
    return store.tellingen(), len(store.geschiedenis())


def _geweigerd(store: Store, actie, *args) -> str:
    voor = _stand(store)
    with pytest.raises(GeenToegang) as e:
        actie(*args)
    assert _stand(store) == voor, "een weigering verandert niets"
    return e.value.melding


def _punt(**kw) -> Agendapunt:
    basis = dict(gemeente="GM0518", onderwerp="Optoppen Binckhorst", voorgesteld_door="gemeente")
    basis.update(kw)
    return Agendapunt(**basis)


# --------------------------------------------------------------------------- domain


def test_domeinregels():
    assert valideer_agendapunt(_punt()) == []
    fout = valideer_agendapunt(
        _punt(
            onderwerp=" ",
            status="klaar",
            casussen=[0, "x"],
            trekkers=["gemeente", "gemeente"],
            datum="morgen",
            uitkomst="u" * 2001,
        )
    )
    velden = {p.veld for p in fout}
    assert {"onderwerp", "status", "casussen", "trekkers", "datum", "uitkomst"} <= velden
    status = next(p for p in fout if p.veld == "status")
    assert "voorgesteld" in status.melding and status.waarde == "klaar"
    assert valideer_agendapunt(_punt(casussen=[3, 3]))[0].melding.startswith("elke casus")

    assert valideer_startoverleg(Startoverleg("GM0518", date(2026, 2, 1), ["gemeente"])) == []
    fout = valideer_startoverleg(Startoverleg("GM0518", date(1900, 1, 1), ["x"] * 51))
    assert {p.veld for p in fout} == {"datum", "deelnemers"}
    fout = valideer_geinformeerd(Geinformeerd("GM0518", "Staedion", None))  # type: ignore[arg-type]
    assert [p.veld for p in fout] == ["datum"] and "verplicht" in fout[0].melding


# --------------------------------------------------------------------------- store


def _controleer_store(store: Store, rollen: dict[str, Store]) -> None:
    dh, staedion = rollen["dh"], rollen["staedion"]
    casus = dh.voeg_casus_toe(Casus("GM0518", "knelpunt", "Stikstof", "stikstof"))
    elders = rollen["rijswijk"].voeg_casus_toe(Casus("GM0603", "kans", "Elders", "overig"))

    # the start meeting: the municipality records it, once; changes need the version
    overleg = dh.zet_startoverleg(
        Startoverleg("GM0518", date(2026, 2, 3), ["gemeente", "Staedion", "provincie"])
    )
    assert overleg.versie == 1 and dh.startoverleg("GM0518") == overleg
    with pytest.raises(Conflict):
        dh.zet_startoverleg(Startoverleg("GM0518", date(2026, 2, 4)))
    overleg = dh.zet_startoverleg(Startoverleg("GM0518", date(2026, 2, 4), ["gemeente"]), 1)
    assert overleg.versie == 2 and overleg.datum == date(2026, 2, 4)
    with pytest.raises(Conflict):
        dh.zet_startoverleg(Startoverleg("GM0518", date(2026, 2, 5)), 1)
    _geweigerd(staedion, staedion.zet_startoverleg, Startoverleg("GM0518", date(2026, 3, 1)), 2)

    # a corporation proposes; the municipality puts it on the agenda
    voorstel = staedion.voeg_agendapunt_toe(
        _punt(onderwerp="Grondruil", voorgesteld_door="Staedion", casussen=[casus.id])
    )
    assert (voorstel.versie, voorstel.status, voorstel.casussen) == (1, "voorgesteld", [casus.id])
    voorstel = staedion.wijzig_agendapunt(voorstel.id, {"toelichting": "Ruil met kavel 4"}, 1)
    assert voorstel.versie == 2
    punt = dh.wijzig_agendapunt(
        voorstel.id,
        {
            "status": "geagendeerd",
            "trekkers": ["gemeente", "Staedion"],
            "datum": date(2026, 3, 10),
            "uitkomst": "Ruil onderzoeken",
        },
        2,
    )
    assert (punt.versie, punt.status, punt.trekkers) == (3, "geagendeerd", ["gemeente", "Staedion"])
    with pytest.raises(Conflict) as e:
        dh.wijzig_agendapunt(punt.id, {"status": "besproken"}, 2)
    assert e.value.huidig["versie"] == 3
    # no longer a proposal: the proposer does not change it now
    melding = _geweigerd(staedion, staedion.wijzig_agendapunt, punt.id, {"onderwerp": "x"}, 3)
    assert "geagendeerd" in melding
    assert store_agendapunten(dh, partij="Staedion") == [punt.id]
    assert store_agendapunten(dh, status="voorgesteld") == []

    # checks against what is stored
    with pytest.raises(ValidatieFout) as e:
        dh.voeg_agendapunt_toe(_punt(casussen=[elders.id, 99999], trekkers=["Onbekend"]))
    meldingen = " ".join(p.melding for p in e.value.problemen)
    assert "horen niet bij gemeente GM0518" in meldingen and "onbekende casus" in meldingen
    assert "onbekende partij" in meldingen

    # tenants' organisation: each corporation its own mark
    m = staedion.zet_geinformeerd(Geinformeerd("GM0518", "Staedion", date(2026, 3, 20), "Brief"))
    assert m.versie == 1 and dh.geinformeerd("GM0518") == [m]
    m = staedion.zet_geinformeerd(Geinformeerd("GM0518", "Staedion", date(2026, 3, 21)), 1)
    assert m.versie == 2 and m.notitie is None
    _geweigerd(
        rollen["vidomes"],
        rollen["vidomes"].zet_geinformeerd,
        Geinformeerd("GM0518", "Staedion", date(2026, 4, 1)),
        2,
    )

    # history: every write is in the audit log, by whom
    regels = dh.geschiedenis("agendapunt", punt.id)
    assert [r["actie"] for r in regels] == ["toegevoegd", "gewijzigd", "gewijzigd"]
    assert [r["gebruiker"] for r in regels] == ["staedion", "staedion", "gemeente-dh"]
    assert len(dh.geschiedenis("startoverleg")) == 2
    assert len(dh.geschiedenis("geinformeerd")) == 2

    # deleting a case drops it from the items that linked it
    dh.verwijder_casus(casus.id, casus.versie)
    assert dh.agendapunt(punt.id).casussen == []
    dh.verwijder_agendapunt(punt.id, 3)
    with pytest.raises(NietGevonden):
        dh.agendapunt(punt.id)
    assert dh.tellingen()["agendapunt"] == 0


def store_agendapunten(store: Store, **filters) -> list[int]:
    return [p.id for p in store.agendapunten(gemeente="GM0518", **filters)]


def test_store_agenda(rollen, store):
    _controleer_store(store, rollen)


def test_store_agenda_postgis(postgis_url):
    store = Store.open(postgis_url)
    try:
        store.zet_regio(laad_regio())
        _controleer_store(store, _vul(store))
    finally:
        store.sluit()


def test_rechten_per_partij(rollen, store):
    dh, rw, pzh = rollen["dh"], rollen["rijswijk"], rollen["pzh"]
    staedion, vidomes, woonbron = rollen["staedion"], rollen["vidomes"], rollen["woonbron"]
    eigen = dh.voeg_agendapunt_toe(_punt(status="geagendeerd", trekkers=["gemeente"]))

    # a corporation does not edit the municipality's item, nor delete it
    melding = _geweigerd(staedion, staedion.wijzig_agendapunt, eigen.id, {"onderwerp": "x"}, 1)
    assert "alleen de gemeente en de voorsteller (gemeente)" in melding
    _geweigerd(staedion, staedion.verwijder_agendapunt, eigen.id, 1)
    # another municipality does not propose here, nor edit
    _geweigerd(rw, rw.voeg_agendapunt_toe, _punt(voorgesteld_door="gemeente"))
    _geweigerd(rw, rw.wijzig_agendapunt, eigen.id, {"onderwerp": "x"}, 1)
    # the municipality does not move an item to another municipality
    _geweigerd(dh, dh.wijzig_agendapunt, eigen.id, {"gemeente": "GM0603"}, 1)

    # the province proposes, in its own name, but cannot change the status
    voorstel = pzh.voeg_agendapunt_toe(_punt(onderwerp="Subsidie", voorgesteld_door="provincie"))
    assert voorstel.voorgesteld_door == "provincie"
    melding = _geweigerd(pzh, pzh.wijzig_agendapunt, voorstel.id, {"status": "geagendeerd"}, 1)
    assert "de status bepaalt de gemeente" in melding
    _geweigerd(
        pzh, pzh.voeg_agendapunt_toe, _punt(voorgesteld_door="provincie", status="besproken")
    )
    _geweigerd(pzh, pzh.voeg_agendapunt_toe, _punt(voorgesteld_door="gemeente"))
    _geweigerd(pzh, pzh.wijzig_agendapunt, voorstel.id, {"trekkers": ["provincie"]}, 1)
    _geweigerd(pzh, pzh.zet_startoverleg, Startoverleg("GM0518", date(2026, 1, 1)))
    # ... and withdraws its own proposal while it is one
    pzh.verwijder_agendapunt(voorstel.id, 1)

    # a corporation not involved in the municipality does not propose there
    melding = _geweigerd(woonbron, woonbron.voeg_agendapunt_toe, _punt(voorgesteld_door="Woonbron"))
    assert "niet betrokken bij GM0518" in melding
    # nor under another corporation's name
    _geweigerd(vidomes, vidomes.voeg_agendapunt_toe, _punt(voorgesteld_door="Staedion"))
    # a corporation's proposal is not another corporation's to edit
    sv = staedion.voeg_agendapunt_toe(_punt(voorgesteld_door="Staedion"))
    _geweigerd(vidomes, vidomes.wijzig_agendapunt, sv.id, {"onderwerp": "Van Vidomes"}, 1)

    # the tenants' organisation mark: only the corporation itself, when involved
    mark = Geinformeerd("GM0518", "Staedion", date(2026, 5, 1))
    for ander in ("vidomes", "dh", "pzh"):
        _geweigerd(rollen[ander], rollen[ander].zet_geinformeerd, mark)
    melding = _geweigerd(
        woonbron,
        woonbron.zet_geinformeerd,
        Geinformeerd("GM0518", "Woonbron", date(2026, 5, 1)),
    )
    assert "niet betrokken" in melding
    staedion.zet_geinformeerd(mark)
    vidomes.zet_geinformeerd(Geinformeerd("GM0518", "Vidomes", date(2026, 5, 2)))
    _geweigerd(
        staedion, staedion.zet_geinformeerd, Geinformeerd("GM0518", "Vidomes", date(2026, 6, 1)), 1
    )
    assert [m.corporatie for m in store.geinformeerd("GM0518")] == ["Staedion", "Vidomes"]


def test_samenvoegen_neemt_meldingen_mee(rollen, store):
    rollen["vidomes"].zet_geinformeerd(Geinformeerd("GM0603", "Vidomes", date(2026, 5, 2)))
    rollen["vidomes"].zet_geinformeerd(Geinformeerd("GM0518", "Vidomes", date(2026, 5, 3)))
    rollen["staedion"].zet_geinformeerd(Geinformeerd("GM0518", "Staedion", date(2026, 5, 1)))
    van = store.corporatie_met_naam("Vidomes")
    naar = store.corporatie_met_naam("Staedion")
    store.voeg_corporaties_samen(van.id, naar.id, [van.versie, naar.versie])
    # the target's own mark in GM0518 stays; the one in GM0603 moved
    assert [(m.gemeente, m.corporatie, m.datum) for m in store.geinformeerd()] == [
        ("GM0518", "Staedion", date(2026, 5, 1)),
        ("GM0603", "Staedion", date(2026, 5, 2)),
    ]


def test_peildatum_bevriest_de_agenda(rollen, store):
    dh = rollen["dh"]
    dh.zet_startoverleg(Startoverleg("GM0518", date(2026, 2, 3), ["gemeente", "Staedion"]))
    punt = dh.voeg_agendapunt_toe(_punt(trekkers=["gemeente", "Vidomes"], status="geagendeerd"))
    rollen["staedion"].zet_geinformeerd(Geinformeerd("GM0518", "Staedion", date(2026, 3, 1)))
    store.leg_peildatum_vast("Q1", date(2026, 3, 31))
    # later changes do not touch the frozen state
    dh.wijzig_agendapunt(punt.id, {"status": "afgerond", "uitkomst": "Klaar"}, 1)
    dh.zet_startoverleg(Startoverleg("GM0518", date(2026, 2, 9)), 1)
    stand = store.peilstand("Q1")
    assert [(p.id, p.status, p.trekkers) for p in stand.agendapunten("GM0518")] == [
        (punt.id, "geagendeerd", ["gemeente", "Vidomes"])
    ]
    assert stand.startoverleg("GM0518").datum == date(2026, 2, 3)  # type: ignore[union-attr]
    assert [m.corporatie for m in stand.geinformeerd("GM0518")] == ["Staedion"]
    assert stand.samenvatting()["aantallen"]["agendapunt"] == 1
