"""The authorization rules of the domain (``locatieplanner.domein.rechten``), role by role."""

from __future__ import annotations

from dataclasses import replace

import pytest
from shapely.geometry import box

from locatieplanner.domein.model import Locatie, Onttrekking, Toewijzing
from locatieplanner.domein.rechten import (
    ROLLEN,
    Account,
    Actie,
    eis,
    eis_locatie,
    eis_onttrekking,
    eis_wijziging_locatie,
    mag,
    valideer_account,
)
from locatieplanner.errors import GeenToegang

DELFT = Account("anna", "gemeente", gemeenten=("GM0503",))
STAEDION = Account("bram", "corporatie", corporatie="Staedion")
PZH = Account("carla", "provincie")
BEHEER = Account("dirk", "beheerder")


def _locatie(**k) -> Locatie:
    basis = dict(
        naam="Schieoevers",
        geometry=box(84000, 446000, 84100, 446100),
        status="1A",
        gemeente="GM0503",
        daeb=40,
        id=7,
        toewijzingen=[Toewijzing("Staedion", 20, 2027), Toewijzing("Woonbron", 10, 2028)],
    )
    basis.update(k)
    return Locatie(**basis)


@pytest.mark.parametrize("account", [DELFT, STAEDION, PZH, BEHEER])
def test_iedereen_leest_en_exporteert_de_hele_regio(account):
    assert mag(account, Actie.LEZEN, gemeenten=["GM0518"])
    assert mag(account, Actie.EXPORTEREN, gemeenten=["GM0518", "GM0503"])


def test_gemeente_alleen_eigen_gemeente():
    assert mag(DELFT, Actie.LOCATIE, gemeenten=["GM0503"])
    assert mag(DELFT, Actie.BOD, gemeenten=["GM0503"])
    assert not mag(DELFT, Actie.LOCATIE, gemeenten=["GM0518"])
    assert not mag(DELFT, Actie.LOCATIE, gemeenten=["GM0503", "GM0518"])
    assert not mag(DELFT, Actie.LOCATIE, gemeenten=[None])
    assert not mag(DELFT, Actie.CORPORATIES)
    assert not mag(DELFT, Actie.ACCOUNTS)
    with pytest.raises(GeenToegang) as e:
        eis(DELFT, Actie.BOD, gemeenten=["GM0518"], item="bod van GM0518")
    assert str(e.value) == (
        "Account 'anna' (gemeente GM0503) mag niet: bod bewerken (bod van GM0518); dit account "
        "werkt alleen voor GM0503, niet voor GM0518"
    )


def test_gemeente_verplaatst_geen_locatie_naar_andere_gemeente():
    oud = _locatie()
    eis_wijziging_locatie(DELFT, oud, replace(oud, naam="Schieoevers Noord"))
    with pytest.raises(GeenToegang, match="niet voor GM0518"):
        eis_wijziging_locatie(DELFT, oud, replace(oud, gemeente="GM0518"))
    with pytest.raises(GeenToegang, match="niet voor GM0518"):
        eis_wijziging_locatie(DELFT, replace(oud, gemeente="GM0518"), oud)


def test_corporatie_wijzigt_alleen_eigen_toewijzingen():
    oud = _locatie()
    eigen = replace(oud, toewijzingen=[Toewijzing("Staedion", 25, 2028), oud.toewijzingen[1]])
    eis_wijziging_locatie(STAEDION, oud, eigen)
    ander = replace(oud, toewijzingen=[oud.toewijzingen[0], Toewijzing("Woonbron", 5, 2028)])
    with pytest.raises(GeenToegang, match="niet voor corporatie Woonbron"):
        eis_wijziging_locatie(STAEDION, oud, ander)
    with pytest.raises(GeenToegang, match="alleen de eigen toewijzingen wijzigen, niet daeb"):
        eis_wijziging_locatie(STAEDION, oud, replace(eigen, daeb=60))
    with pytest.raises(GeenToegang, match="niet geometrie"):
        eis_wijziging_locatie(
            STAEDION, oud, replace(eigen, geometry=box(84000, 446000, 84200, 446100))
        )
    with pytest.raises(GeenToegang, match="corporatie-account bewerkt alleen"):
        eis_locatie(STAEDION, oud)


def test_onttrekkingen_van_gemeente_of_eigen_corporatie():
    sloop = Onttrekking("GM0503", 2026, 30, "sloop", corporatie="Staedion")
    eis_onttrekking(DELFT, sloop)
    eis_onttrekking(STAEDION, sloop)
    with pytest.raises(GeenToegang):
        eis_onttrekking(STAEDION, replace(sloop, corporatie="Vestia"))
    with pytest.raises(GeenToegang):
        eis_onttrekking(replace(DELFT, gemeenten=("GM0518",)), sloop)
    with pytest.raises(GeenToegang, match="wijzigt geen plangegevens"):
        eis_onttrekking(PZH, sloop)


def test_provincie_beoordeelt_maar_wijzigt_geen_plan():
    assert mag(PZH, Actie.BEOORDELEN, gemeenten=["GM0518"])
    for actie in (Actie.LOCATIE, Actie.TOEWIJZING, Actie.BOD, Actie.IMPORTEREN, Actie.GRENZEN):
        assert not mag(PZH, actie, gemeenten=["GM0518"], corporatie="Staedion")


def test_beheerder_mag_alles_en_een_geblokkeerd_account_niets():
    for actie in Actie:
        assert mag(BEHEER, actie, gemeenten=["GM0518"], corporatie="Staedion")
    geblokkeerd = replace(BEHEER, actief=False)
    assert not mag(geblokkeerd, Actie.LEZEN)


def test_valideer_account_noemt_veld_waarde_en_toegestaan():
    assert valideer_account(DELFT) == []
    assert valideer_account(STAEDION) == []
    (p,) = valideer_account(Account("eva", "wethouder"))
    assert p.veld == "rol" and p.waarde == "wethouder" and "gemeente" in p.melding
    velden = {p.veld for p in valideer_account(Account("f", "gemeente", gemeenten=("X1",)))}
    assert velden == {"naam", "gemeenten"}
    assert [p.veld for p in valideer_account(Account("gijs", "corporatie"))] == ["corporatie"]
    assert set(ROLLEN) == {"gemeente", "corporatie", "provincie", "beheerder"}
