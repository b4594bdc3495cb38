"""``locatieplanner analyse``: every format on the hand-checked region (tests/analyse_testdata.py)."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from analyse_testdata import vul_store
from openpyxl import load_workbook

from locatieplanner import analyse
from locatieplanner.domein.model import Corporatie
from locatieplanner.store import Store


@pytest.fixture
def cli(runner):
    store = Store.open(runner.url)
    vul_store(store)
    store.bewaar_corporatie(Corporatie('=HYPERLINK("http://x")', "X", []))
    store.sluit()
    return runner


def test_json_naar_de_terminal_valideert(cli):
    res = cli.invoke(["analyse", "--formaat", "json", "--zacht-factor", "0.7"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    jsonschema.validate(d, analyse.laad_schema(), cls=jsonschema.Draft202012Validator)
    r = d["regio"]
    # hand-computed in tests/test_analyse.py
    assert (r["netto_hard"], r["netto_totaal"], r["netto_realistisch"]) == (440, 540, 510)
    assert (r["tekort_hard"], r["tekort_totaal"]) == (560, 460)
    assert d["zacht_factor"] == 0.7


def test_peiljaar_optie(cli):
    res = cli.invoke(["analyse", "--formaat", "json", "--peiljaar", "2025"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["peiljaar"] == 2025 and d["regio"]["daeb_hard"] == 100
    assert list(d["gemeenten"][0]["doelgroepvoorraad"]) == [str(j) for j in range(2020, 2026)]


def test_csv_bestand_is_leesbaar(cli, tmp_path):
    pad = tmp_path / "uit" / "analyse.csv"
    res = cli.invoke(["analyse", "--formaat", "csv", "--uitvoer", str(pad)])
    assert res.exit_code == 0, res.output
    assert "geschreven naar" in res.output
    assert pad.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rijen = list(csv.DictReader(io.StringIO(pad.read_text("utf-8-sig")), delimiter=";"))
    assert [r["gemeente"] for r in rijen] == ["GM9001", "GM9002", "GM9003", "REGIO"]
    regio = rijen[-1]
    assert (regio["daeb_hard"], regio["daeb_zacht"], regio["netto_totaal"]) == ("640", "100", "540")
    assert regio["woningen_start"] == str(10000 + 20000 + 5000)
    oost = rijen[2]
    assert oost["bod"] == "" and oost["toelichting_nodig"] == "ja"
    assert oost["aandeel_sociaal_eind"] == "0,0918"  # 470 / 5120 = 0.091797
    assert rijen[0]["tijdelijke_dalingen"] == "2024: -150"
    assert rijen[0]["netto_realistisch"] == ""  # no --zacht-factor


def test_xlsx_opent_met_openpyxl(cli, tmp_path):
    pad = tmp_path / "analyse.xlsx"
    res = cli.invoke(
        ["analyse", "--formaat", "xlsx", "--uitvoer", str(pad), "--zacht-factor", "0.7"]
    )
    assert res.exit_code == 0, res.output
    boek = load_workbook(pad)
    assert boek.sheetnames == [
        "Regio",
        "Gemeenten",
        "Toets",
        "Voorraad",
        "Dalingen",
        "Corporaties",
        "Jaren",
        "Evenwicht",
        "Signalen",
    ]
    gem = list(boek["Gemeenten"].values)
    kop = gem[0]
    regio = dict(zip(kop, gem[-1], strict=True))
    assert regio["gemeente"] == "REGIO" and regio["daeb_hard"] == 640
    assert regio["netto_realistisch"] == 510
    regio_blad = {k: v for k, v in boek["Regio"].values}
    assert regio_blad["tekort_totaal"] == 460 and regio_blad["doel_netto"] == 1000
    voorraad = list(boek["Voorraad"].values)
    assert voorraad[1][:3] == ("GM9001", "Westdorp", "hard+zacht") and voorraad[1][3 + 4] == 3850
    # a name that a spreadsheet would run as a formula is stored as text
    corp = [c for c in boek["Corporaties"]["A"] if str(c.value).startswith("'=")]
    assert len(corp) == 1 and corp[0].data_type == "s"
    assert not any(
        c.data_type == "f" for blad in boek.worksheets for rij in blad.iter_rows() for c in rij
    )


def test_tekst_toont_de_kerncijfers(cli):
    res = cli.invoke(["analyse", "--zacht-factor", "0.7"])
    assert res.exit_code == 0, res.output
    uit = res.output
    assert "Voortgang naar het regionale doel: netto +1.000 doelgroepwoningen" in uit
    regel = next(r for r in uit.splitlines() if r.strip().startswith("Netto groei doelgroep"))
    assert regel.split()[-3:] == ["440", "540", "510"]
    regel = next(r for r in uit.splitlines() if r.strip().startswith("Tekort op het doel"))
    assert regel.split()[-3:] == ["560", "460", "490"]
    assert "GM9001 Westdorp 2024: daling 150 (diepte 150, herstel in 2026)" in uit
    assert "late oplevering: locatie 1, 200 in 2026 (vervangt de onttrekking)" in uit
    assert "GM9003 Oosthoek: toelichting of handelingsperspectief" in uit
    assert "een stap naar meer evenwicht" in uit
    assert "overlappen 10.000 m²" in uit
    # the table is aligned: every row of the municipal table has the same length
    blok = uit.split("Per gemeente")[1].split("\n\n")[0].splitlines()[1:]
    assert len(blok) == 2 + 3 + 1
    assert len({len(r) for r in blok[:2]}) == 1


@pytest.mark.parametrize(
    ("args", "melding"),
    [
        (["--zacht-factor", "1.5"], "zacht_factor = 1.5: moet een getal van 0 tot en met 1 zijn"),
        (["--peiljaar", "2019"], "peiljaar = 2019: moet een jaartal van 2021 tot en met 2030 zijn"),
        (["--formaat", "xlsx"], "geef een pad op (--uitvoer analyse.xlsx)"),
    ],
)
def test_foute_opties_geven_een_nette_melding(cli, args, melding):
    res = cli.invoke(["analyse", *args])
    assert res.exit_code == 1
    assert melding in res.output
    assert "Traceback" not in res.output


def test_zonder_regio_een_duidelijke_melding(runner):
    res = runner.invoke(["analyse"])
    assert res.exit_code == 1
    assert "voer eerst 'locatieplanner init' uit" in res.output


def test_uitvoer_in_een_map_die_geen_map_is(cli, tmp_path):
    (tmp_path / "bestand").write_text("x")
    res = cli.invoke(
        ["analyse", "--formaat", "json", "--uitvoer", str(tmp_path / "bestand" / "a.json")]
    )
    assert res.exit_code == 1
    assert "Kan map" in res.output and "Traceback" not in res.output
