"""Accounts in the store: argon2 passwords, throttling in the database, sessions, API tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import database_url
from sqlalchemy import select, update

from locatieplanner.domein.model import Corporatie
from locatieplanner.domein.rechten import Account
from locatieplanner.errors import (
    Bezet,
    Conflict,
    GeenToegang,
    NietAangemeld,
    NietGevonden,
    ValidatieFout,
)
from locatieplanner.store import Store
from locatieplanner.store import accounts as acc
from locatieplanner.store import schema as t

WW = "correct paard batterij"


@pytest.fixture
def repo(kleine_store):
    return kleine_store.accounts_repo


def test_maak_en_aanmelden_met_argon2(repo, kleine_store):
    a = repo.maak(Account("anna", "gemeente", gemeenten=("GM0518",)), WW)
    assert a.id and a.rol == "gemeente" and a.gemeenten == ("GM0518",) and a.sessieversie == 1
    with kleine_store.engine.connect() as c:
        opgeslagen = c.execute(select(t.account.c.wachtwoord)).scalar_one()
    assert opgeslagen.startswith("$argon2id$") and WW not in opgeslagen
    assert repo.aanmelden("anna", WW, "127.0.0.1") == a
    geschiedenis = kleine_store.geschiedenis("account")
    assert geschiedenis[-1]["actie"] == "toegevoegd"
    assert "wachtwoord" not in str(geschiedenis)


def test_corporatie_account_hoort_bij_bekende_corporatie(repo):
    b = repo.maak(Account("bram", "corporatie", corporatie="Staedion"), WW)
    assert repo.haal("bram").corporatie == "Staedion" == b.corporatie
    with pytest.raises(ValidatieFout, match="onbekende corporatie; bekend zijn Staedion, Vidomes"):
        repo.maak(Account("cor", "corporatie", corporatie="Woonbron"), WW)


def test_ongeldige_accounts_en_wachtwoorden_geweigerd(repo):
    with pytest.raises(ValidatieFout, match="minstens 12 tekens"):
        repo.maak(Account("anna", "provincie"), "kort")
    with pytest.raises(ValidatieFout, match="onbekende rol"):
        repo.maak(Account("anna", "wethouder"), WW)
    repo.maak(Account("anna", "provincie"), WW)
    with pytest.raises(ValidatieFout, match="bestaat al"):
        repo.maak(Account("ANNA", "provincie"), WW)
    assert [a.naam for a in repo.lijst()] == ["anna"]


def test_mislukte_aanmelding_zegt_niet_of_de_naam_bestaat(repo):
    repo.maak(Account("anna", "provincie"), WW)
    with pytest.raises(NietAangemeld) as fout_ww:
        repo.aanmelden("anna", "verkeerd wachtwoord", "10.0.0.1")
    with pytest.raises(NietAangemeld) as fout_naam:
        repo.aanmelden("niemand", WW, "10.0.0.1")
    assert str(fout_ww.value) == str(fout_naam.value) == acc.MISLUKT


def test_geblokkeerd_account_meldt_niet_aan(repo):
    repo.maak(Account("anna", "provincie"), WW)
    geblokkeerd = repo.wijzig("anna", actief=False)
    assert geblokkeerd.sessieversie == 2, "blokkeren beëindigt de sessies"
    with pytest.raises(NietAangemeld):
        repo.aanmelden("anna", WW)


def test_throttling_per_naam_geldt_voor_elke_store_op_dezelfde_database(tmp_path, repo):
    repo.maak(Account("anna", "provincie"), WW)
    for _ in range(acc.MAX_POGINGEN_NAAM):
        with pytest.raises(NietAangemeld):
            repo.aanmelden("anna", "fout fout fout", "10.0.0.2")
    # another process would open its own store on the same database
    ander = Store.open(database_url(tmp_path))
    with pytest.raises(Bezet, match="Te veel mislukte aanmeldpogingen") as e:
        ander.accounts_repo.aanmelden("anna", WW, "10.0.0.3")
    assert e.value.opnieuw_na == 15 * 60
    # once the attempts are older than the window, the right password works again
    with ander.engine.begin() as c:
        c.execute(
            update(t.aanmeldpoging).values(tijd=t.aanmeldpoging.c.tijd - timedelta(minutes=16))
        )
    assert ander.accounts_repo.aanmelden("anna", WW, "10.0.0.3").naam == "anna"
    assert ander.accounts_repo.vergeet_pogingen() == acc.MAX_POGINGEN_NAAM
    ander.sluit()


def test_throttling_per_adres(repo):
    repo.maak(Account("anna", "provincie"), WW)
    for i in range(acc.MAX_POGINGEN_ADRES):
        with pytest.raises(NietAangemeld):
            repo.aanmelden(f"gok{i}", "fout fout fout", "10.9.9.9")
    with pytest.raises(Bezet):
        repo.aanmelden("anna", WW, "10.9.9.9")
    assert repo.aanmelden("anna", WW, "10.0.0.1").naam == "anna"


def test_wachtwoord_wijzigen_en_afmelden_verhogen_sessieversie(repo):
    repo.maak(Account("anna", "provincie"), WW)
    with pytest.raises(ValidatieFout, match="huidige wachtwoord klopt niet"):
        repo.zet_wachtwoord("anna", "een nieuw lang wachtwoord", oud="fout")
    a = repo.zet_wachtwoord("anna", "een nieuw lang wachtwoord", oud=WW)
    assert a.sessieversie == 2
    with pytest.raises(NietAangemeld):
        repo.aanmelden("anna", WW)
    assert repo.beeindig_sessies("anna").sessieversie == 3


def test_api_tokens_gehasht_eenmaal_getoond_en_intrekbaar(repo, kleine_store):
    anna = repo.maak(Account("anna", "gemeente", gemeenten=("GM0518",)), WW)
    with pytest.raises(GeenToegang, match="alleen de houder"):
        repo.maak_token("anna", "door de beheerder")
    eigen = kleine_store.als(anna).accounts_repo
    tekst, token = eigen.maak_token("anna", "QGIS-script")
    assert tekst.startswith("lp_") and len(tekst) > 40 and token.begin == tekst[:10]
    with kleine_store.engine.connect() as c:
        opgeslagen = c.execute(select(t.api_token.c.hash)).scalar_one()
    assert tekst not in opgeslagen and len(opgeslagen) == 64
    assert repo.via_token(tekst).naam == "anna"
    assert eigen.tokens("anna")[0].laatst_gebruikt is not None
    with pytest.raises(NietAangemeld):
        repo.via_token(tekst[:-1] + ("A" if tekst[-1] != "A" else "B"))
    eigen.trek_in("anna", token.id)
    with pytest.raises(NietAangemeld, match="ingetrokken"):
        repo.via_token(tekst)
    with pytest.raises(Conflict):
        eigen.trek_in("anna", token.id)
    with pytest.raises(NietGevonden):
        eigen.trek_in("anna", 999)
    bram = repo.maak(Account("bram", "provincie"), WW)
    with pytest.raises(GeenToegang):
        kleine_store.als(bram).accounts_repo.tokens("anna")


def test_verwijderen_van_account_en_zijn_tokens(repo, kleine_store):
    kleine_store.bewaar_corporatie(Corporatie("Woonbron", "WB", ["GM0603"]))
    bram = repo.maak(Account("bram", "corporatie", corporatie="Woonbron"), WW)
    tekst, _ = kleine_store.als(bram).accounts_repo.maak_token("bram", "script")
    repo.verwijder("bram")
    with pytest.raises(NietAangemeld):
        repo.via_token(tekst)
    with pytest.raises(NietGevonden):
        repo.haal("bram")
    assert kleine_store.tellingen()["api_token"] == 0


def test_alleen_beheerder_beheert_accounts(repo, kleine_store):
    anna = repo.maak(Account("anna", "gemeente", gemeenten=("GM0518",)), WW)
    als_anna = kleine_store.als(anna).accounts_repo
    with pytest.raises(GeenToegang, match="accounts beheren"):
        als_anna.maak(Account("eva", "provincie"), WW)
    with pytest.raises(GeenToegang):
        als_anna.wijzig("anna", rol="beheerder")
    assert repo.haal("anna").rol == "gemeente"
    assert als_anna.zet_wachtwoord("anna", "mijn eigen nieuwe wachtwoord", oud=WW).sessieversie == 2
