"""Corporations managed in the tool: renames keep former names (which imports still recognise),
merging two corporations, the working area, the rights, the import from a table and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import box

from locatieplanner.domein.model import Corporatie, Locatie, Onttrekking, Toewijzing
from locatieplanner.domein.rechten import Account
from locatieplanner.errors import Conflict, GeenToegang, NietGevonden, ValidatieFout
from locatieplanner.store import Store

A, B = "GM0518", "GM0603"


def _id(store: Store, naam: str) -> int:
    return store.corporatie_met_naam(naam).id


def _ids(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return store.corporaties_repo.ids(conn)


def _locatie(store: Store, naam: str, toewijzingen: list[Toewijzing], x: float = 80000) -> Locatie:
    return store.voeg_locatie_toe(
        Locatie(naam, box(x, 452000, x + 100, 452100), "1A", daeb=40, toewijzingen=toewijzingen)
    )


def stand(store: Store) -> tuple:
    """Everything a refused or failed write must leave as it was."""
    return (
        store.tellingen(),
        len(store.geschiedenis()),
        [
            (c.id, c.naam, c.code, c.gemeenten, c.eerdere_namen, c.versie)
            for c in store.corporaties()
        ],
        [
            (loc.id, loc.versie, [(t.corporatie, t.daeb, t.oplevering) for t in loc.toewijzingen])
            for loc in store.locaties(met_geometrie=False)
        ],
        [(o.id, o.corporatie, o.versie) for o in store.onttrekkingen()],
        [(a.naam, a.corporatie) for a in store.accounts_repo.lijst()],
    )


@pytest.fixture
def gevuld(kleine_store: Store) -> Store:
    """Staedion (GM0518) and Vidomes (GM0518, GM0603) with assignments on two sites (one site
    has both, same delivery year), a removal each and a corporation account of Staedion."""
    s = kleine_store
    _locatie(s, "Samen", [Toewijzing("Staedion", 10, 2027), Toewijzing("Vidomes", 5, 2027)])
    _locatie(s, "Alleen", [Toewijzing("Staedion", 8, 2028)], x=81000)
    s.voeg_onttrekking_toe(Onttrekking(A, 2026, 4, "sloop", "Staedion"))
    s.voeg_onttrekking_toe(Onttrekking(B, 2026, 2, "verkoop", "Vidomes"))
    s.accounts_repo.maak(
        Account("sta", "corporatie", corporatie="Staedion"), "wachtwoord-lang-genoeg"
    )
    return s


# --------------------------------------------------------------------------- rename


def test_hernoemen_bewaart_de_oude_naam_en_ids_vindt_hem(gevuld):
    s = gevuld
    sta = s.corporatie_met_naam("Staedion")
    nieuw = s.wijzig_corporatie(sta.id, {"naam": "Staedion Wonen"}, sta.versie)
    assert (nieuw.naam, nieuw.eerdere_namen, nieuw.versie) == ("Staedion Wonen", ["Staedion"], 2)
    assert _ids(s)["Staedion"] == _ids(s)["Staedion Wonen"] == sta.id
    assert s.corporatie_met_naam("Staedion").id == sta.id
    # what names the old name lands on the renamed corporation
    o = s.voeg_onttrekking_toe(Onttrekking(A, 2027, 1, "sloop", "Staedion"))
    assert s.onttrekking(o.id).corporatie == "Staedion Wonen"
    loc = _locatie(s, "Later", [Toewijzing("Staedion", 3, 2029)], x=82000)
    assert [t.corporatie for t in s.locatie(loc.id).toewijzingen] == ["Staedion Wonen"]
    # the audit log shows the rename with the former names
    laatste = s.geschiedenis("corporatie", sta.id)[-1]
    assert laatste["oud"]["naam"] == "Staedion" and laatste["nieuw"]["naam"] == "Staedion Wonen"
    assert laatste["nieuw"]["eerdere_namen"] == ["Staedion"]


def test_een_import_met_de_oude_naam_komt_bij_de_hernoemde_corporatie(gevuld, tmp_path):
    from locatieplanner.uitwisseling.importeer import importeer_onttrekkingen

    s = gevuld
    sta = s.corporatie_met_naam("Staedion")
    s.wijzig_corporatie(sta.id, {"naam": "Staedion Wonen"}, sta.versie)
    pad = tmp_path / "ott.csv"
    pad.write_text("gemeente;jaar;aantal;soort;corporatie\nGM0518;2028;6;sloop;Staedion\n")
    rapport = importeer_onttrekkingen(s, pad)
    assert rapport.problemen == [] and rapport.toegevoegd == 1
    nieuw = [o for o in s.onttrekkingen() if o.jaar == 2028]
    assert [o.corporatie for o in nieuw] == ["Staedion Wonen"]


def test_een_eerdere_naam_is_niet_vrij_behalve_voor_de_eigen_corporatie(gevuld):
    s = gevuld
    sta = s.corporatie_met_naam("Staedion")
    sta = s.wijzig_corporatie(sta.id, {"naam": "Staedion Wonen"}, sta.versie)
    with pytest.raises(Conflict, match="bestaat al als eerdere naam van 'Staedion Wonen'") as e:
        s.bewaar_corporatie(Corporatie("Staedion", "X", []))
    assert e.value.huidig["id"] == sta.id
    vid = s.corporatie_met_naam("Vidomes")
    with pytest.raises(ValidatieFout, match="is een eerdere naam van corporatie 'Staedion Wonen'"):
        s.wijzig_corporatie(vid.id, {"naam": "Staedion"}, vid.versie)
    with pytest.raises(ValidatieFout, match="er is al een corporatie met deze naam"):
        s.wijzig_corporatie(vid.id, {"naam": "Staedion Wonen"}, vid.versie)
    terug = s.wijzig_corporatie(sta.id, {"naam": "Staedion"}, sta.versie)
    assert (terug.naam, terug.eerdere_namen) == ("Staedion", ["Staedion Wonen"])
    assert _ids(s)["Staedion Wonen"] == sta.id and s.tellingen()["corporatienaam"] == 1


def test_werkgebied_zetten_en_onbekende_gemeente(gevuld):
    s = gevuld
    sta = s.corporatie_met_naam("Staedion")
    nieuw = s.wijzig_corporatie(sta.id, {"gemeenten": [B, A, B]}, sta.versie)
    assert nieuw.gemeenten == [A, B] and nieuw.eerdere_namen == []
    voor = stand(s)
    with pytest.raises(ValidatieFout, match="gemeenten = 'GM9999': onbekende gemeentecode"):
        s.wijzig_corporatie(sta.id, {"gemeenten": ["GM9999"]}, nieuw.versie)
    with pytest.raises(ValidatieFout, match="eerdere_namen = .*kan niet worden gewijzigd"):
        s.wijzig_corporatie(sta.id, {"eerdere_namen": ["X"]}, nieuw.versie)
    assert stand(s) == voor


# --------------------------------------------------------------------------- merge


def test_samenvoegen_verplaatst_alles_en_logt_het(gevuld):
    s = gevuld
    sta, vid = s.corporatie_met_naam("Staedion"), s.corporatie_met_naam("Vidomes")
    oude_toewijzingen = [
        t.id for loc in s.locaties() for t in loc.toewijzingen if t.corporatie == "Staedion"
    ]
    uit = s.voeg_corporaties_samen(sta.id, vid.id, (sta.versie, vid.versie))
    assert [c.naam for c in s.corporaties()] == ["Vidomes"]
    doel = s.corporatie(vid.id)
    assert doel == uit.corporatie
    assert (doel.gemeenten, doel.eerdere_namen, doel.versie) == ([A, B], ["Staedion"], 2)
    toewijzingen = {
        loc.naam: [(t.corporatie, t.daeb, t.oplevering) for t in loc.toewijzingen]
        for loc in s.locaties()
    }
    # one assignment per corporation and year: Staedion's 10 are added to Vidomes' 5
    assert toewijzingen == {"Samen": [("Vidomes", 15, 2027)], "Alleen": [("Vidomes", 8, 2028)]}
    assert sorted(uit.toewijzingen) == sorted(oude_toewijzingen)
    assert [o.corporatie for o in s.onttrekkingen()] == ["Vidomes", "Vidomes"]
    assert s.accounts_repo.haal("sta").corporatie == "Vidomes" and len(uit.accounts) == 1
    assert _ids(s)["Staedion"] == vid.id
    with pytest.raises(NietGevonden):
        s.corporatie(sta.id)
    log = s.geschiedenis()
    assert [e["actie"] for e in log if e["tabel"] == "corporatie"][-2:] == [
        "verwijderd",
        "gewijzigd",
    ]
    samen = {e["tabel"]: e for e in log if e["actie"] == "samengevoegd"}
    assert set(samen) == {"toewijzing", "onttrekking", "account"}
    assert samen["onttrekking"]["oud"]["corporatie"] == "Staedion"
    assert samen["onttrekking"]["nieuw"] == {
        "corporatie": "Vidomes",
        "corporatie_id": vid.id,
        "ids": uit.onttrekkingen,
    }
    assert all(e["gebruiker"] == s.gebruiker for e in samen.values())


def test_samenvoegen_met_een_oude_versie_verandert_niets(gevuld):
    s = gevuld
    sta, vid = s.corporatie_met_naam("Staedion"), s.corporatie_met_naam("Vidomes")
    vid2 = s.wijzig_corporatie(vid.id, {"code": "VD"}, vid.versie)
    voor = stand(s)
    with pytest.raises(Conflict, match="intussen gewijzigd") as e:
        s.voeg_corporaties_samen(sta.id, vid.id, (sta.versie, vid.versie))
    assert e.value.huidig["versie"] == vid2.versie
    with pytest.raises(ValidatieFout, match="niet met zichzelf"):
        s.voeg_corporaties_samen(sta.id, sta.id, (sta.versie, sta.versie))
    with pytest.raises(NietGevonden):
        s.voeg_corporaties_samen(sta.id, 999, (sta.versie, 1))
    assert stand(s) == voor


def test_samenvoegen_dat_halverwege_faalt_laat_niets_half_staan(gevuld, monkeypatch):
    s = gevuld
    sta, vid = s.corporatie_met_naam("Staedion"), s.corporatie_met_naam("Vidomes")
    voor = stand(s)

    def stuk(*args, **kw):
        raise RuntimeError("schijf vol")

    # everything has moved by then; the failure must roll it all back
    monkeypatch.setattr(s.corporaties_repo, "_schrijf_werkgebied", stuk)
    with pytest.raises(RuntimeError, match="schijf vol"):
        s.voeg_corporaties_samen(sta.id, vid.id, (sta.versie, vid.versie))
    assert stand(s) == voor


# --------------------------------------------------------------------------- rights


def test_rechten_van_corporaties(gevuld):
    s = gevuld
    sta, vid = s.corporatie_met_naam("Staedion"), s.corporatie_met_naam("Vidomes")
    eigen = s.als(s.accounts_repo.haal("sta"))
    gemeente = s.als(Account("gem", "gemeente", gemeenten=(A,)))
    provincie = s.als(Account("prov", "provincie"))
    voor = stand(s)
    for ander in (gemeente, provincie):
        with pytest.raises(GeenToegang, match="mag niet: corporatie wijzigen"):
            ander.wijzig_corporatie(sta.id, {"naam": "X"}, sta.versie)
        with pytest.raises(GeenToegang, match="corporaties beheren"):
            ander.bewaar_corporatie(Corporatie("Nieuw", None, []))
        with pytest.raises(GeenToegang, match="corporaties beheren"):
            ander.voeg_corporaties_samen(sta.id, vid.id, (sta.versie, vid.versie))
    with pytest.raises(
        GeenToegang, match="alleen voor corporatie Staedion, niet voor corporatie Vidomes"
    ):
        eigen.wijzig_corporatie(vid.id, {"gemeenten": [A]}, vid.versie)
    with pytest.raises(GeenToegang, match="alleen naam en werkgebied wijzigen, niet de code"):
        eigen.wijzig_corporatie(sta.id, {"code": "ST"}, sta.versie)
    with pytest.raises(GeenToegang, match="corporaties beheren"):
        eigen.voeg_corporaties_samen(sta.id, vid.id, (sta.versie, vid.versie))
    with pytest.raises(GeenToegang, match="corporaties beheren"):
        eigen.importeer_corporaties([Corporatie("Nieuw", None, [])])
    assert stand(s) == voor
    # its own name and working area: allowed
    nieuw = eigen.wijzig_corporatie(sta.id, {"naam": "Staedion NV", "gemeenten": [A, B]}, 1)
    assert (nieuw.naam, nieuw.gemeenten) == ("Staedion NV", [A, B])
    assert s.geschiedenis("corporatie", sta.id)[-1]["gebruiker"] == "sta"


# --------------------------------------------------------------------------- import


def _bestand(tmp_path: Path, tekst: str, naam: str = "corporaties.csv") -> Path:
    pad = tmp_path / naam
    pad.write_text(tekst, encoding="utf-8")
    return pad


def test_importeer_meldt_alle_problemen_tegelijk_en_slaat_niets_op(gevuld, tmp_path):
    from locatieplanner.uitwisseling.corporaties import importeer_corporaties

    s = gevuld
    pad = _bestand(
        tmp_path,
        "naam;code;gemeenten\n"
        "Haag Wonen;HW;GM0518, Rijswijk\n"
        ";X;GM0518\n"
        "Woonbron;WB;Atlantis,GM0518\n"
        "Haag Wonen;HW2;\n"
        f"Lang;{'C' * 30};9999\n",
    )
    voor = stand(s)
    with pytest.raises(ValidatieFout) as e:
        importeer_corporaties(s, pad)
    regels = e.value.melding.splitlines()
    assert "NIETS OPGESLAGEN, 5 probleem/problemen" in regels[0]
    teksten = [str(p) for p in e.value.problemen]
    assert teksten[0].startswith("rij 3: naam = '': is verplicht")
    assert teksten[1].startswith(
        "rij 4: gemeenten (kolom gemeenten) = 'Atlantis': onbekende gemeente; toegestaan is een "
        "gemeentecode of -naam"
    )
    assert "GM0518 ('s-Gravenhage)" in teksten[1]
    assert teksten[2].startswith("rij 5: naam = 'Haag Wonen': dezelfde corporatie als rij 2")
    assert any(t.startswith("rij 6: code = 'CCCC") for t in teksten)
    assert any(t.startswith("rij 6: gemeenten (kolom gemeenten) = '9999'") for t in teksten)
    assert stand(s) == voor


def test_importeer_voegt_toe_en_werkt_bestaande_namen_bij(gevuld, tmp_path):
    from locatieplanner.uitwisseling.corporaties import importeer_corporaties

    s = gevuld
    sta = s.corporatie_met_naam("Staedion")
    s.wijzig_corporatie(sta.id, {"naam": "Staedion Wonen"}, sta.versie)
    pad = _bestand(
        tmp_path,
        'naam,code,gemeenten\n"Haag Wonen",HW,"GM0518,Rijswijk"\n'
        '"Staedion",,"GM0603"\nVidomes,VID,"0518, 603"\n',
    )
    uit = importeer_corporaties(s, pad)
    assert uit.uitslag == {"toegevoegd": 1, "gewijzigd": 1, "ongewijzigd": 1}
    assert (
        uit.regels()[-1]
        == "Opgeslagen in één transactie: 1 toegevoegd, 1 gewijzigd, 1 ongewijzigd."
    )
    naar_naam = {c.naam: (c.code, c.gemeenten) for c in s.corporaties()}
    assert naar_naam == {
        "Haag Wonen": ("HW", [A, B]),
        "Staedion Wonen": ("STA", [B]),  # the former name: updated, not doubled
        "Vidomes": ("VID", [A, B]),
    }


def test_importeer_uit_excel(gevuld, tmp_path):
    import openpyxl

    from locatieplanner.uitwisseling.corporaties import importeer_corporaties

    boek = openpyxl.Workbook()
    blad = boek.active
    blad.append(["Naam", "Code", "Werkgebied"])
    blad.append(["Woonbron", "WB", "Rijswijk"])
    boek.save(tmp_path / "c.xlsx")
    uit = importeer_corporaties(gevuld, tmp_path / "c.xlsx", droog=True)
    assert uit.uitslag["toegevoegd"] == 1 and "Proefimport" in uit.regels()[-1]
    assert "Woonbron" not in [c.naam for c in gevuld.corporaties()]


# --------------------------------------------------------------------------- CLI


def test_cli_importeer_met_fouten_en_daarna_goed(gevuld, runner, tmp_path):
    fout = _bestand(tmp_path, "naam;gemeenten;kleur\nA;Atlantis;rood\n", "fout.csv")
    res = runner.invoke(["corporaties", "importeer", str(fout)])
    assert res.exit_code == 1
    assert "NIETS OPGESLAGEN, 2 probleem/problemen" in res.output
    assert (
        "kopregel: kolom = 'kleur': onbekende kolom; toegestaan zijn naam, code, gemeenten"
        in res.output
    )
    assert "rij 2: gemeenten (kolom gemeenten) = 'Atlantis': onbekende gemeente" in res.output
    goed = _bestand(tmp_path, "naam;code;gemeenten\nHaag Wonen;HW;GM0518,GM0603\n", "goed.csv")
    res = runner.invoke(["corporaties", "importeer", str(goed)])
    assert res.exit_code == 0, res.output
    assert "1 rijen gelezen" in res.output and "1 toegevoegd" in res.output
    assert gevuld.corporatie_met_naam("Haag Wonen").gemeenten == [A, B]


def test_cli_lijst_hernoem_werkgebied_samenvoegen(gevuld, runner):
    res = runner.invoke(["corporaties", "hernoem", "Staedion", "Staedion Wonen"])
    assert res.exit_code == 0, res.output
    assert "Staedion Wonen (eerder: Staedion): GM0518 (versie 2)" in res.output
    res = runner.invoke(["corporaties", "werkgebied", "Staedion", "Rijswijk", "GM0518"])
    assert res.exit_code == 0, res.output
    assert "Staedion Wonen (eerder: Staedion): GM0518, GM0603 (versie 3)" in res.output
    res = runner.invoke(["corporaties", "werkgebied", "Vidomes", "Atlantis"])
    assert res.exit_code == 1 and "gemeente = 'Atlantis': onbekende gemeente" in res.output

    res = runner.invoke(["corporaties", "lijst"])
    assert res.exit_code == 0, res.output
    regels = res.output.splitlines()
    assert regels[0].split() == [
        "naam",
        "code",
        "werkgebied",
        "eerdere_namen",
        "locaties",
        "onttrekkingen",
    ]
    assert " ".join(regels[1].split()) == "Staedion Wonen STA GM0518, GM0603 Staedion 2 1"
    # aligned: each value starts under its column's name
    assert regels[1].index("GM0518") == regels[0].index("werkgebied")
    assert regels[1][regels[0].index("locaties")] == "2"
    res = runner.invoke(["corporaties", "lijst", "--formaat", "json"])
    rijen = json.loads(res.output)
    assert [(r["naam"], r["eerdere_namen"], r["locaties"], r["onttrekkingen"]) for r in rijen] == [
        ("Staedion Wonen", ["Staedion"], 2, 1),
        ("Vidomes", [], 1, 1),
    ]
    res = runner.invoke(["corporaties", "lijst", "--formaat", "csv"])
    assert res.output.splitlines()[1] == "Staedion Wonen;STA;GM0518, GM0603;Staedion;2;1"

    res = runner.invoke(["corporaties", "samenvoegen", "Staedion", "Vidomes"], input="n\n")
    assert res.exit_code == 1 and len(gevuld.corporaties()) == 2
    res = runner.invoke(["corporaties", "samenvoegen", "Staedion", "Vidomes", "--yes"])
    assert res.exit_code == 0, res.output
    assert (
        "Staedion Wonen is opgegaan in Vidomes: 2 toewijzingen, 1 onttrekkingen en 1 accounts"
        in res.output
    )
    assert "Vidomes (eerder: Staedion, Staedion Wonen): GM0518, GM0603 (versie 2)" in res.output
    res = runner.invoke(["corporaties", "hernoem", "Onbekend", "X"])
    assert (
        res.exit_code == 1
        and "Corporatie 'Onbekend' bestaat niet; bekend zijn Vidomes" in res.output
    )


def test_cli_corporatie_account_hernoemt_alleen_de_eigen(gevuld, runner):
    res = runner.invoke(["--als", "sta", "corporaties", "hernoem", "Vidomes", "X"])
    assert res.exit_code == 1 and "niet voor corporatie Vidomes" in res.output
    res = runner.invoke(
        ["--als", "sta", "corporaties", "samenvoegen", "Staedion", "Vidomes", "--yes"]
    )
    assert res.exit_code == 1 and "alleen voor beheerders" in res.output
    res = runner.invoke(["--als", "sta", "corporaties", "hernoem", "Staedion", "Staedion NV"])
    assert res.exit_code == 0, res.output


# --------------------------------------------------------------------------- API

API = "/api/v1"


def test_api_corporatie_toevoegen_en_dubbele_naam(kleine_store, client):
    r = client.post(
        f"{API}/corporaties", json={"naam": "Haag Wonen", "code": "HW", "gemeenten": [A]}
    )
    assert r.status_code == 201, r.get_json()
    nieuw = r.get_json()
    assert (
        r.headers["ETag"] == '"1"' and r.headers["Location"] == f"{API}/corporaties/{nieuw['id']}"
    )
    assert (nieuw["naam"], nieuw["gemeenten"]) == ("Haag Wonen", [A])
    r = client.post(f"{API}/corporaties", json={"naam": "Haag Wonen"})
    assert r.status_code == 409
    assert r.get_json()["huidig"]["id"] == nieuw["id"] and r.headers["Location"].endswith(
        str(nieuw["id"])
    )
    assert "wijzig die met PATCH" in r.get_json()["details"][0]["melding"]
    r = client.post(f"{API}/corporaties", json={"naam": "Atlantis Wonen", "gemeenten": ["GM9999"]})
    assert r.status_code == 422 and "onbekende gemeentecode" in r.get_json()["fout"]
    r = client.post(f"{API}/corporaties", json={"naam": " ", "kleur": "rood"})
    assert r.status_code == 422
    assert {d["veld"] for d in r.get_json()["details"]} == {"naam", "kleur"}


def test_api_hernoemen_en_geschiedenis(kleine_store, client):
    sta = kleine_store.corporatie_met_naam("Staedion")
    r = client.patch(
        f"{API}/corporaties/{sta.id}", json={"naam": "Staedion Wonen"}, headers={"If-Match": '"1"'}
    )
    assert r.status_code == 200 and r.headers["ETag"] == '"2"', r.get_json()
    r = client.post(f"{API}/corporaties", json={"naam": "Staedion"})
    assert r.status_code == 409 and "eerdere naam van 'Staedion Wonen'" in r.get_json()["fout"]
    r = client.get(f"{API}/corporaties/{sta.id}/geschiedenis")
    assert r.status_code == 200
    data = r.get_json()
    assert data["corporatie"]["naam"] == "Staedion Wonen"
    assert [n["naam"] for n in data["eerdere_namen"]] == ["Staedion"]
    assert data["eerdere_namen"][0]["tot"].endswith("+00:00")
    assert [w["actie"] for w in data["wijzigingen"]] == ["toegevoegd", "gewijzigd"]
    assert data["wijzigingen"][1]["oud"]["naam"] == "Staedion"
    assert client.get(f"{API}/corporaties/999/geschiedenis").status_code == 404


def test_api_samenvoegen(kleine_store, client):
    s = kleine_store
    _locatie(s, "Samen", [Toewijzing("Staedion", 10, 2027), Toewijzing("Vidomes", 5, 2027)])
    sta, vid = s.corporatie_met_naam("Staedion"), s.corporatie_met_naam("Vidomes")
    url = f"{API}/corporaties/{sta.id}/samenvoegen"
    voor = stand(s)
    for body, status, fragment in [
        ({"naar": vid.id, "versie": 1, "naar_versie": 7}, 412, "intussen gewijzigd"),
        ({"naar": sta.id, "versie": 1, "naar_versie": 1}, 422, "niet met zichzelf"),
        ({"naar": 999, "versie": 1, "naar_versie": 1}, 404, "Corporatie 999 bestaat niet"),
        ({"naar": "Vidomes", "versie": 1, "naar_versie": 1}, 422, "naar"),
        ({"naar": vid.id}, 422, "versie"),
    ]:
        r = client.post(url, json=body)
        assert r.status_code == status, (body, r.get_json())
        assert fragment in str(r.get_json()), r.get_json()
    assert stand(s) == voor
    r = client.post(url, json={"naar": vid.id, "versie": sta.versie, "naar_versie": vid.versie})
    assert r.status_code == 200, r.get_json()
    data = r.get_json()
    assert r.headers["ETag"] == '"2"' and data["corporatie"]["naam"] == "Vidomes"
    assert len(data["toewijzingen"]) == 1 and data["onttrekkingen"] == data["accounts"] == []
    assert [c["naam"] for c in client.get(f"{API}/corporaties").get_json()] == ["Vidomes"]
    assert client.post(url, json={"naar": vid.id, "versie": 1, "naar_versie": 2}).status_code == 404


def test_api_corporatie_account_wijzigt_alleen_de_eigen(kleine_store, app):
    from aanmelding import ROLLEN, client_als

    c = client_als(app, ROLLEN["corporatie"])  # Staedion
    sta, vid = (
        kleine_store.corporatie_met_naam("Staedion"),
        kleine_store.corporatie_met_naam("Vidomes"),
    )
    r = c.patch(f"{API}/corporaties/{vid.id}", json={"naam": "X"}, headers={"If-Match": '"1"'})
    assert r.status_code == 403 and "niet voor corporatie Vidomes" in r.get_json()["fout"]
    r = c.patch(
        f"{API}/corporaties/{sta.id}", json={"gemeenten": [A, B]}, headers={"If-Match": '"1"'}
    )
    assert r.status_code == 200 and r.get_json()["gemeenten"] == [A, B]
    r = c.post(f"{API}/corporaties", json={"naam": "Eigen Wonen"})
    assert r.status_code == 403


def test_openapi_beschrijft_de_nieuwe_operaties(kleine_store, client):
    doc = client.get(f"{API}/openapi.json").get_json()
    assert "post" in doc["paths"]["/corporaties"]
    assert "post" in doc["paths"]["/corporaties/{corporatie_id}/samenvoegen"]
    assert "get" in doc["paths"]["/corporaties/{corporatie_id}/geschiedenis"]


# --------------------------------------------------------------------------- page


def test_pagina_toont_fouten_in_het_nederlands_zonder_500(gevuld, client):
    sta, vid = gevuld.corporatie_met_naam("Staedion"), gevuld.corporatie_met_naam("Vidomes")
    pagina = client.get("/corporaties")
    assert pagina.status_code == 200
    tekst = pagina.get_data(as_text=True)
    assert 'data-naam="Staedion"' in tekst and "Nieuwe corporatie" in tekst
    for data, status, fragment in [
        (
            {"actie": "hernoem", "corporatie": sta.id, "versie": 1, "naam": "Vidomes"},
            422,
            "er is al een corporatie met deze naam",
        ),
        (
            {"actie": "hernoem", "corporatie": "x", "versie": 1, "naam": "Y"},
            422,
            "corporatie = &#39;x&#39; moet een geheel getal",
        ),
        (
            {"actie": "werkgebied", "corporatie": sta.id, "versie": 9, "gemeenten": [A]},
            412,
            "intussen gewijzigd",
        ),
        (
            {
                "actie": "samenvoegen",
                "corporatie": sta.id,
                "versie": 1,
                "naar": vid.id,
                f"versie_{vid.id}": 1,
            },
            422,
            "niet bevestigd",
        ),
        ({"actie": "toevoegen", "naam": "", "gemeenten": ["GM9999"]}, 422, "is verplicht"),
        ({"actie": "weg"}, 422, "Onbekende actie"),
    ]:
        r = client.post("/corporaties", data=data)
        assert r.status_code == status, (data, r.status_code)
        assert fragment in r.get_data(as_text=True), data
    r = client.post(
        "/corporaties",
        data={"actie": "werkgebied", "corporatie": sta.id, "versie": 1, "gemeenten": [A, B]},
    )
    assert r.status_code == 302
    assert "Werkgebied van &#39;Staedion&#39;: GM0518, GM0603." in client.get(
        "/corporaties"
    ).get_data(as_text=True)


def test_samenvoegen_neemt_bijdragen_aan_casussen_mee(gevuld):
    from locatieplanner.domein.casus import Bijdrage, Casus

    s = gevuld
    sta, vid = s.corporatie_met_naam("Staedion"), s.corporatie_met_naam("Vidomes")
    een = s.voeg_casus_toe(Casus(A, "kans", "Grondruil", "grondpositie"))
    twee = s.voeg_casus_toe(Casus(A, "knelpunt", "Stikstof", "stikstof"))
    s.voeg_bijdrage_toe(
        Bijdrage(een.id, "corporatie", "Bouwt 20", "grond", corporatie="Staedion", bedrag=100.0)
    )
    s.voeg_bijdrage_toe(
        Bijdrage(een.id, "corporatie", "Bouwt 10", "grond", corporatie="Vidomes", bedrag=50.0)
    )
    s.voeg_bijdrage_toe(
        Bijdrage(twee.id, "corporatie", "Onderzoek", "capaciteit", corporatie="Staedion")
    )
    s.voeg_corporaties_samen(sta.id, vid.id, (sta.versie, vid.versie))
    per_casus = {
        c.id: [(b.corporatie, b.wat, b.bedrag) for b in s.bijdragen(c.id)] for c in (een, twee)
    }
    # one contribution per party per case: the two on the same case are joined
    assert per_casus == {
        een.id: [("Vidomes", "Bouwt 10\nBouwt 20", 150.0)],
        twee.id: [("Vidomes", "Onderzoek", None)],
    }
    samen = [e for e in s.geschiedenis("bijdrage") if e["actie"] == "samengevoegd"]
    assert len(samen) == 1 and len(samen[0]["nieuw"]["ids"]) == 2
