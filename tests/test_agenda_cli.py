"""CLI ``locatieplanner agenda``: the list per municipality and the export to CSV and Excel on a
real temporary SQLite database; formulas in text stay text, bad input is a Dutch error."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from conftest import KLEINE_GEMEENTEN

from locatieplanner.cli import main
from locatieplanner.domein.agenda import Agendapunt, Geinformeerd, Startoverleg
from locatieplanner.domein.casus import Casus
from locatieplanner.domein.model import Corporatie
from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store


def _database(pad: Path) -> str:
    url = f"sqlite:///{pad}"
    store = Store.open(url)
    try:
        store.zet_regio(laad_regio())
        store.bewaar_gemeenten(KLEINE_GEMEENTEN)
        store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
        casus = store.voeg_casus_toe(Casus("GM0518", "knelpunt", "Stikstof", "stikstof"))
        store.zet_startoverleg(Startoverleg("GM0518", date(2026, 2, 3), ["gemeente", "Staedion"]))
        store.voeg_agendapunt_toe(
            Agendapunt(
                "GM0518",
                "=SOM(1) grondruil",
                "Staedion",
                casussen=[casus.id],
                trekkers=["gemeente", "Staedion"],
                datum=date(2026, 3, 10),
                status="besproken",
                uitkomst="Ruil onderzoeken",
            )
        )
        store.voeg_agendapunt_toe(Agendapunt("GM0603", "Parkeren", "provincie"))
        store.zet_geinformeerd(Geinformeerd("GM0518", "Staedion", date(2026, 3, 20), "Brief"))
    finally:
        store.sluit()
    return url


def _cli(url: str, *args: str):
    return CliRunner().invoke(main, ["--database", url, *args])


def test_lijst(tmp_path):
    url = _database(tmp_path / "a.sqlite")
    r = _cli(url, "agenda", "lijst", "--gemeente", "GM0518")
    assert r.exit_code == 0, r.output
    assert "GM0518  startoverleg 2026-02-03" in r.output
    assert "besproken" in r.output and "trekkers: gemeente, Staedion" in r.output
    assert "huurdersorganisatie Staedion: geïnformeerd op 2026-03-20" in r.output
    assert "Parkeren" not in r.output and r.output.rstrip().endswith("1 agendapunt(en)")
    r = _cli(url, "agenda", "lijst")
    assert r.exit_code == 0 and "Parkeren" in r.output and "2 agendapunt(en)" in r.output
    r = _cli(url, "agenda", "lijst", "--gemeente", "GM9999")
    assert r.exit_code != 0 and "GM9999" in r.output and "Traceback" not in r.output


def test_exporteer_csv_en_excel(tmp_path):
    url = _database(tmp_path / "a.sqlite")
    r = _cli(url, "agenda", "exporteer", str(tmp_path / "agenda.csv"), "--gemeente", "GM0518")
    assert r.exit_code == 0, r.output
    assert "agendapunten: 1 geëxporteerd" in r.output
    tekst = (tmp_path / "agenda.csv").read_bytes().decode("utf-8-sig")
    rijen = list(csv.DictReader(io.StringIO(tekst), delimiter=";"))
    assert [(x["onderwerp"], x["trekkers"], x["datum"], x["status"]) for x in rijen] == [
        ("'=SOM(1) grondruil", "gemeente; Staedion", "2026-03-10", "besproken")
    ]
    start = (tmp_path / "agenda_startoverleg.csv").read_bytes().decode("utf-8-sig")
    assert 'GM0518;2026-02-03;"gemeente; Staedion"' in start
    huurders = (tmp_path / "agenda_huurdersorganisaties.csv").read_bytes().decode("utf-8-sig")
    assert "GM0518;Staedion;2026-03-20;Brief" in huurders

    r = _cli(url, "agenda", "exporteer", str(tmp_path / "agenda.xlsx"))
    assert r.exit_code == 0, r.output
    boek = openpyxl.load_workbook(tmp_path / "agenda.xlsx")
    assert boek.sheetnames == ["agendapunten", "startoverleg", "huurdersorganisaties"]
    onderwerpen = [rij[2] for rij in boek["agendapunten"].iter_rows(min_row=2, values_only=True)]
    assert sorted(onderwerpen) == ["'=SOM(1) grondruil", "Parkeren"]

    r = _cli(url, "agenda", "exporteer", str(tmp_path / "agenda.txt"))
    assert r.exit_code != 0 and ".csv of .xlsx" in r.output
    assert not (tmp_path / "agenda.txt").exists()
