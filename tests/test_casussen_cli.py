"""CLI ``locatieplanner casussen``: import, export (CSV and Excel) and the round trip
import -> export -> import on real temporary SQLite databases; refusals store nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from conftest import KLEINE_GEMEENTEN
from shapely.geometry import box

from locatieplanner.cli import main
from locatieplanner.domein.model import Corporatie, Locatie
from locatieplanner.domein.rechten import Account
from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store

CASUSSEN = (
    "id;gemeente;soort;titel;beschrijving;categorie;vragen;status;eigenaar;streefdatum;"
    "locaties;oplossingsrichtingen;potentieel;gebied\r\n"
    '7;GM0518;kans;=SOM(1) extra;"Twee regels\nen ; puntkomma";grondpositie;1,3;open;gemeente;'
    '2026-06-01;{loc};"[{{""tekst"": ""Grondruil"", ""status"": ""gekozen""}}]";'
    '"[{{""jaar"": 2028, ""daeb"": 20, ""overig"": 5}}]";\r\n'
    "8;GM0603;knelpunt;Stikstof Rijswijk;;stikstof;2;in gesprek;Vidomes;;;;;"
    "POLYGON ((86000 450000, 86500 450000, 86500 450500, 86000 450000))\r\n"
)
BIJDRAGEN = (
    "id;casus;partij;corporatie;wat;soort;bedrag;status\r\n"
    "1;7;gemeente;;Procedure versnellen;procedure;;toegezegd\r\n"
    "2;7;corporatie;Staedion;Grond inbrengen;grond;250000,5;in uitvoering\r\n"
    "3;8;provincie;;Subsidie;financiering/subsidie;100000;toegezegd\r\n"
)


def _database(pad: Path) -> tuple[str, int]:
    url = f"sqlite:///{pad}"
    store = Store.open(url)
    store.zet_regio(laad_regio())
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
    store.bewaar_corporatie(Corporatie("Vidomes", "VID", ["GM0603"]))
    loc = store.voeg_locatie_toe(
        Locatie("Binckhorst", box(80000, 452000, 80100, 452100), "1A", daeb=9)
    )
    store.sluit()
    return url, loc.id  # type: ignore[return-value]


def _cli(url: str, *args: str):
    return CliRunner().invoke(main, ["--database", url, *args])


def _inhoud(url: str) -> list[tuple]:
    """What the cases and contributions say, without ids, versions and times."""
    store = Store.open(url, migreer=False)
    try:
        titels = {c.id: c.titel for c in store.casussen()}
        casussen = sorted(
            (c.gemeente, c.titel, c.beschrijving, c.vragen, c.status, c.eigenaar, c.streefdatum,
             len(c.locaties), [(o.tekst, o.status) for o in c.oplossingsrichtingen],
             [(p.jaar, p.daeb, p.overig) for p in c.potentieel],
             None if c.gebied is None else c.gebied.wkt)
            for c in store.casussen()
        )  # fmt: skip
        bijdragen = sorted(
            (titels[b.casus], b.partij, b.corporatie, b.wat, b.soort, b.bedrag, b.status)
            for b in store.bijdragen()
        )
        return [*casussen, *bijdragen]
    finally:
        store.sluit()


def test_rondje_importeren_exporteren_importeren(tmp_path):
    url, loc = _database(tmp_path / "a.sqlite")
    (tmp_path / "plan.csv").write_text(CASUSSEN.format(loc=loc), encoding="utf-8")
    (tmp_path / "plan_bijdragen.csv").write_text(BIJDRAGEN, encoding="utf-8")

    r = _cli(url, "casussen", "importeer", str(tmp_path / "plan.csv"))
    assert r.exit_code == 0, r.output
    assert "casussen: toegevoegd 2, gewijzigd 0, ongewijzigd 0" in r.output
    assert "bijdragen: toegevoegd 3" in r.output
    eerste = _inhoud(url)
    assert eerste[0][:3] == ("GM0518", "=SOM(1) extra", "Twee regels\nen ; puntkomma")

    for naam in ("uit.xlsx", "uit.csv"):
        r = _cli(url, "casussen", "exporteer", str(tmp_path / naam))
        assert r.exit_code == 0, r.output
    boek = openpyxl.load_workbook(tmp_path / "uit.xlsx")
    assert boek.sheetnames == ["casussen", "bijdragen"]
    titels = [rij[3] for rij in boek["casussen"].iter_rows(min_row=2, values_only=True)]
    assert "'=SOM(1) extra" in titels  # a formula stays text in a spreadsheet
    rijen = list(
        csv.reader(
            io.StringIO((tmp_path / "uit_bijdragen.csv").read_text("utf-8-sig")), delimiter=";"
        )
    )
    assert rijen[0] == ["id", "casus", "partij", "corporatie", "wat", "soort", "bedrag", "status"]
    assert len(rijen) == 4

    # the same file again into the same database changes nothing
    for naam in ("uit.xlsx", "uit.csv"):
        r = _cli(url, "casussen", "importeer", str(tmp_path / naam))
        assert r.exit_code == 0, r.output
        assert "casussen: toegevoegd 0, gewijzigd 0, ongewijzigd 2" in r.output
        assert "bijdragen: toegevoegd 0, gewijzigd 0, ongewijzigd 3" in r.output
    assert _inhoud(url) == eerste

    # into another database: added, and exported again the same
    ander, _ = _database(tmp_path / "b.sqlite")
    r = _cli(ander, "casussen", "importeer", str(tmp_path / "uit.xlsx"))
    assert r.exit_code == 0, r.output
    assert _inhoud(ander) == eerste
    r = _cli(ander, "casussen", "lijst", "--gemeente", "GM0603")
    assert "Stikstof Rijswijk" in r.output and "=SOM" not in r.output
    assert "nog geen antwoord: gemeente, Vidomes" in r.output


def test_fouten_in_het_bestand_slaan_niets_op(tmp_path):
    url, loc = _database(tmp_path / "a.sqlite")
    slecht = (
        CASUSSEN.format(loc=loc).replace("grondpositie", "weer").replace("2026-06-01", "morgen")
    )
    (tmp_path / "plan.csv").write_text(slecht, encoding="utf-8")
    (tmp_path / "plan_bijdragen.csv").write_text(
        BIJDRAGEN.replace("procedure;", "geld;"), encoding="utf-8"
    )
    r = _cli(url, "casussen", "importeer", str(tmp_path / "plan.csv"))
    assert r.exit_code == 1
    assert "casussen regel" in r.output and "streefdatum = 'morgen'" in r.output
    (tmp_path / "plan.csv").write_text(
        CASUSSEN.format(loc=loc).replace("grondpositie", "weer"), encoding="utf-8"
    )
    r = _cli(url, "casussen", "importeer", str(tmp_path / "plan.csv"))
    assert r.exit_code == 1 and "categorie = 'weer'" in r.output
    store = Store.open(url, migreer=False)
    assert store.tellingen()["casus"] == 0 and store.tellingen()["bijdrage"] == 0
    store.sluit()
    r = _cli(url, "casussen", "exporteer", str(tmp_path / "uit.txt"))
    assert r.exit_code == 1 and ".csv of .xlsx" in r.output


def test_corporatie_importeert_geen_casussen(tmp_path):
    url, loc = _database(tmp_path / "a.sqlite")
    store = Store.open(url, migreer=False)
    store.accounts_repo.maak(
        Account("corp", "corporatie", corporatie="Staedion"), "wachtwoord-lang-genoeg"
    )
    store.sluit()
    (tmp_path / "plan.csv").write_text(CASUSSEN.format(loc=loc), encoding="utf-8")
    r = CliRunner().invoke(
        main,
        ["--database", url, "--als", "corp", "casussen", "importeer", str(tmp_path / "plan.csv")],
    )
    assert r.exit_code == 1 and "mag niet: casus bewerken" in r.output
    store = Store.open(url, migreer=False)
    assert store.tellingen()["casus"] == 0
    store.sluit()
