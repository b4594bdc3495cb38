"""The store enforces the rights of the account it acts for, on every write; a refusal changes
nothing (counts and audit log unchanged)."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import box

from locatieplanner.domein.model import Bod, Corporatie, Locatie, Onttrekking, Toewijzing
from locatieplanner.domein.regio import laad_regio
from locatieplanner.errors import GeenToegang, ValidatieFout

# KLEINE_GEMEENTEN: GM0518 west of x=85000, GM0603 east of it
IN_0518 = box(80000, 452000, 80100, 452100)
IN_0603 = box(86000, 450000, 86100, 450100)

DH = "gemeente-dh"


@pytest.fixture
def rollen(kleine_store):
    """One store per role, acting for that account, on the same small database."""
    from locatieplanner.domein.rechten import Account

    accounts = {
        DH: Account(DH, "gemeente", gemeenten=("GM0518",)),
        "staedion": Account("staedion", "corporatie", corporatie="Staedion"),
        "pzh": Account("pzh", "provincie"),
        "beheer": Account("beheer", "beheerder"),
    }
    return {naam: kleine_store.als(a) for naam, a in accounts.items()}


def _stand(store):
    return store.tellingen(), len(store.geschiedenis())


def _geweigerd(store, actie, *args, **kw):
    voor = _stand(store)
    with pytest.raises(GeenToegang) as e:
        actie(*args, **kw)
    assert _stand(store) == voor, "een weigering verandert niets"
    return str(e.value)


def _locatie(geom=IN_0518, **kw):
    basis = dict(
        naam="Proefveld",
        geometry=geom,
        status="1A",
        daeb=40,
        toewijzingen=[Toewijzing("Staedion", 30, 2027)],
    )
    basis.update(kw)
    return Locatie(**basis)


def test_gemeente_bewerkt_alleen_eigen_locaties(rollen):
    dh = rollen[DH]
    eigen = dh.voeg_locatie_toe(_locatie())
    assert eigen.gemeente == "GM0518"
    assert dh.geschiedenis("locatie", eigen.id)[-1]["gebruiker"] == DH
    melding = _geweigerd(dh, dh.voeg_locatie_toe, _locatie(IN_0603))
    assert "niet voor GM0603" in melding
    # moving its own site into another municipality is refused, by geometry or by field
    _geweigerd(dh, dh.wijzig_locatie, eigen.id, {"geometry": IN_0603}, eigen.versie)
    vreemd = rollen["beheer"].voeg_locatie_toe(_locatie(IN_0603, naam="Rijswijk"))
    _geweigerd(dh, dh.wijzig_locatie, vreemd.id, {"naam": "Van mij"}, vreemd.versie)
    _geweigerd(dh, dh.verwijder_locatie, vreemd.id, vreemd.versie)
    gewijzigd = dh.wijzig_locatie(eigen.id, {"naam": "Proefveld Noord"}, eigen.versie)
    dh.verwijder_locatie(gewijzigd.id, gewijzigd.versie)


def test_corporatie_alleen_eigen_toewijzingen(rollen):
    loc = rollen[DH].voeg_locatie_toe(
        _locatie(
            daeb=50,
            toewijzingen=[Toewijzing("Staedion", 30, 2027), Toewijzing("Vidomes", 20, 2028)],
        )
    )
    st = rollen["staedion"]
    _geweigerd(st, st.voeg_locatie_toe, _locatie())
    _geweigerd(st, st.wijzig_locatie, loc.id, {"daeb": 60}, loc.versie)
    _geweigerd(
        st,
        st.wijzig_locatie,
        loc.id,
        {"toewijzingen": [Toewijzing("Staedion", 30, 2027), Toewijzing("Vidomes", 10, 2028)]},
        loc.versie,
    )
    nieuw = st.wijzig_locatie(
        loc.id,
        {"toewijzingen": [Toewijzing("Staedion", 25, 2029), Toewijzing("Vidomes", 20, 2028)]},
        loc.versie,
    )
    assert [(t.corporatie, t.daeb, t.oplevering) for t in nieuw.toewijzingen] == [
        ("Staedion", 25, 2029),
        ("Vidomes", 20, 2028),
    ]
    _geweigerd(st, st.verwijder_locatie, nieuw.id, nieuw.versie)


def test_onttrekkingen_biedingen_per_rol(rollen):
    dh, st, pzh = rollen[DH], rollen["staedion"], rollen["pzh"]
    dh.voeg_onttrekking_toe(Onttrekking("GM0518", 2026, 20, "sloop", corporatie="Vidomes"))
    st.voeg_onttrekking_toe(Onttrekking("GM0603", 2027, 10, "verkoop", corporatie="Staedion"))
    _geweigerd(
        st, st.voeg_onttrekking_toe, Onttrekking("GM0518", 2026, 5, "sloop", corporatie="Vidomes")
    )
    _geweigerd(dh, dh.voeg_onttrekking_toe, Onttrekking("GM0603", 2026, 5, "sloop"))
    _geweigerd(pzh, pzh.voeg_onttrekking_toe, Onttrekking("GM0518", 2026, 5, "sloop"))
    vreemd = next(o for o in dh.onttrekkingen() if o.gemeente == "GM0603")
    _geweigerd(dh, dh.verwijder_onttrekking, vreemd.id, vreemd.versie)
    st.verwijder_onttrekking(vreemd.id, vreemd.versie)

    dh.bewaar_bod(Bod("GM0518", "origineel", date(2021, 12, 15), 1200))
    _geweigerd(dh, dh.bewaar_bod, Bod("GM0603", "origineel", date(2021, 12, 15), 300))
    _geweigerd(st, st.bewaar_bod, Bod("GM0518", "aangescherpt", date(2022, 3, 1), 1300))
    _geweigerd(pzh, pzh.bewaar_bod, Bod("GM0518", "aangescherpt", date(2022, 3, 1), 1300))


def test_alleen_beheerder_beheert_regio_grenzen_en_corporaties(rollen, kleine_store):
    for naam in (DH, "staedion", "pzh"):
        s = rollen[naam]
        _geweigerd(s, s.zet_regio, laad_regio())
        _geweigerd(s, s.bewaar_gemeenten, [kleine_store.gemeente("GM0518")])
        _geweigerd(s, s.bewaar_corporatie, Corporatie("Nieuw", "NW", ["GM0518"]))
    rollen["beheer"].bewaar_corporatie(Corporatie("Nieuw", "NW", ["GM0518"]))


def test_import_van_andere_gemeente_geweigerd_met_alle_rijen(rollen):
    dh = rollen[DH]
    rijen = [
        _locatie(IN_0518, naam="Eigen", bron_id="E1"),
        _locatie(IN_0603, naam="Vreemd", bron_id="V1"),
        _locatie(IN_0603, naam="Ook vreemd", bron_id="V2"),
    ]
    voor = _stand(dh)
    with pytest.raises(GeenToegang) as e:
        dh.importeer_locaties(rijen, labels=["rij 1", "rij 2", "rij 3"])
    assert [p.item for p in e.value.problemen] == ["rij 2", "rij 3"]
    assert all(p.waarde == "GM0603" for p in e.value.problemen)
    assert _stand(dh) == voor
    uitslag = dh.importeer_locaties(rijen[:1])
    assert uitslag["toegevoegd"] == 1
    # a validation problem and a rights problem: the refusal names the rights first
    with pytest.raises(GeenToegang):
        dh.importeer_biedingen(
            [Bod("GM0603", "origineel", date(2021, 12, 15), 10)], labels=["rij 1"]
        )
    with pytest.raises(ValidatieFout):
        dh.importeer_biedingen([Bod("GM0518", "origineel", date(2021, 12, 15), -1)])
