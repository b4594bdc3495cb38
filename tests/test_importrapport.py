"""The import report in one pass: every row against every rule at once, unknown corporations
once each with the closest registered name, registering new corporations inside the import's
transaction (administrators only), warnings per stored site, the report as a table (CLI text,
web HTML, CSV) and web pages that name settings, never CLI options."""

from __future__ import annotations

import ast
import csv
import io
import re
from pathlib import Path

import pytest
from aanmelding import ROLLEN, client_als
from conftest import KLEINE_GEMEENTEN, PROJECT

from locatieplanner.domein.corporatienamen import naaste_naam, normaliseer_naam
from locatieplanner.domein.model import Corporatie
from locatieplanner.domein.regio import laad_regio
from locatieplanner.errors import GeenToegang
from locatieplanner.store import Store
from locatieplanner.uitwisseling.importeer import (
    ImportAfgekeurd,
    importeer_locaties,
    importeer_onttrekkingen,
)

KOP = "bron_id;naam;status;daeb;start;oplevering;corporatie;x;y"
#: Four rows with, together, every kind of problem (row numbers 2-5 as the user sees them):
#: row 2 misses its name, has a bad year and a misspelt corporation; row 3 lies outside the
#: Netherlands and names a misspelt corporation; row 4 lies in no municipality; row 5 is fine.
VIER_RIJEN = [
    KOP,
    "R1;;1A;10;2024;20x6;staedon;80500;455000",
    "R2;Twee;1A;5;2024;2026;Vidome;400000;455000",
    "R3;Drie;1A;5;2024;2026;Staedion;70000;455000",
    "R4;Vier;1A;5;2024;2026;Staedion;80600;455000",
]


def _csv(pad: Path, regels: list[str]) -> Path:
    pad.write_bytes(("\r\n".join(regels) + "\r\n").encode("utf-8"))
    return pad


# --------------------------------------------------------------------------- names


def test_naaste_naam_op_genormaliseerde_namen():
    bekend = ["Staedion", "Vidomes", "Woonstichting Haag Wonen"]
    assert normaliseer_naam(" Woonstichting  Haag-Wonen ") == "haag wonen"
    assert naaste_naam("staedon", bekend) == "Staedion"
    assert naaste_naam("STAEDION ", bekend) == "Staedion"
    assert naaste_naam("Haag Wonen", bekend) == "Woonstichting Haag Wonen"
    assert naaste_naam("Vidomés", bekend) == "Vidomes"
    assert naaste_naam("Woonbron", bekend) is None
    assert naaste_naam("Staedion", []) is None


# --------------------------------------------------------------------------- one pass


def test_een_rapport_met_alle_problemen_van_alle_rijen(kleine_store, tmp_path):
    pad = _csv(tmp_path / "plan.csv", VIER_RIJEN)
    with pytest.raises(ImportAfgekeurd) as fout:
        importeer_locaties(kleine_store, pad)
    rapport = fout.value.rapport
    assert kleine_store.locaties() == []
    per_rij: dict[int, dict[str, str]] = {}
    for m in rapport.problemen:
        per_rij.setdefault(m.rij, {})[m.veld] = m.probleem
    # row 2: a missing field, a bad year and an unknown corporation, all at once
    assert "verplicht" in per_rij[2]["naam"]
    assert "jaartal" in per_rij[2]["oplevering"]
    assert per_rij[2]["corporatie"].startswith("onbekende corporatie, bedoelt u 'Staedion'?")
    # row 3: outside the Netherlands and an unknown corporation
    assert "buiten Nederland" in per_rij[3]["geometry"]
    assert "bedoelt u 'Vidomes'?" in per_rij[3]["corporatie"]
    # row 4: in no municipality
    assert "buiten de regio" in per_rij[4]["geometry"]
    assert set(per_rij) == {2, 3, 4}
    # the unknown corporations once each, with rows and suggestion
    assert rapport.onbekende_corporaties == [
        {"naam": "Vidome", "rijen": [3], "suggestie": "Vidomes"},
        {"naam": "staedon", "rijen": [2], "suggestie": "Staedion"},
    ]
    tekst = "\n".join(rapport.regels())
    assert "'staedon' (rij 2), bedoelt u 'Staedion'?" in tekst
    assert "instelling 'Nieuwe corporaties registreren'" in tekst
    # the table: what is wrong and what is allowed apart
    tabel = rapport.tabel()
    corp = next(r for r in tabel if r["rij"] == 2 and r["veld"] == "corporatie")
    assert corp["probleem"] == "onbekende corporatie, bedoelt u 'Staedion'?"
    assert corp["toegestaan"].startswith("een geregistreerde corporatie (Staedion, Vidomes)")
    assert corp["ernst"] == "fout" and corp["waarde"] == "staedon"
    assert [r["rij"] for r in tabel] == sorted(r["rij"] for r in tabel)


def test_verse_database_noemt_geen_lege_lijst(store, tmp_path):
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    pad = _csv(tmp_path / "p.csv", [KOP, "A1;Een;1A;10;2024;2026;Staedion;80500;455000"])
    with pytest.raises(ImportAfgekeurd) as fout:
        importeer_locaties(store, pad)
    (m,) = fout.value.rapport.problemen
    assert "er zijn nog geen corporaties geregistreerd" in m.probleem
    assert "bekend zijn" not in m.probleem


# --------------------------------------------------------------------------- new corporations


def test_nieuwe_corporaties_in_dezelfde_transactie(kleine_store, tmp_path):
    regels = [
        KOP,
        "N1;Een;1A;10;2024;2026;Haag Wonen;80500;455000",
        "N2;Twee;1A;4;2024;2026;Haag Wonen;80700;455000",
        "N3;Drie;1A;3;2024;2026;Staedion;80900;455000",
    ]
    pad = _csv(tmp_path / "p.csv", regels)
    proef = importeer_locaties(kleine_store, pad, droog=True, nieuwe_corporaties=True)
    assert proef.nieuwe_corporaties == ["Haag Wonen"] and proef.toegevoegd == 3
    assert [c.naam for c in kleine_store.corporaties()] == ["Staedion", "Vidomes"]
    assert "Zou als nieuwe corporaties registreren: Haag Wonen." in proef.regels()

    rapport = importeer_locaties(kleine_store, pad, nieuwe_corporaties=True)
    assert rapport.nieuwe_corporaties == ["Haag Wonen"] and rapport.toegevoegd == 3
    assert "Nieuwe corporaties geregistreerd: Haag Wonen." in rapport.regels()
    haag = next(c for c in kleine_store.corporaties() if c.naam == "Haag Wonen")
    assert (haag.versie, haag.gemeenten, haag.code) == (1, [], None)
    assert kleine_store.geschiedenis("corporatie", haag.id)[0]["actie"] == "toegevoegd"
    n1 = kleine_store.locaties(bron_id="N1")[0]
    assert [(t.corporatie, t.daeb) for t in n1.toewijzingen] == [("Haag Wonen", 10)]
    # a second run: known now, nothing new
    opnieuw = importeer_locaties(kleine_store, pad, nieuwe_corporaties=True)
    assert opnieuw.nieuwe_corporaties == [] and opnieuw.ongewijzigd == 3


def test_nieuwe_corporaties_rollen_terug_met_een_fout_elders(kleine_store, tmp_path):
    regels = [
        KOP,
        "N1;Een;1A;10;2024;2026;Haag Wonen;80500;455000",
        "N2;Fout;ZZ;4;2024;2026;Staedion;80700;455000",
    ]
    with pytest.raises(ImportAfgekeurd) as fout:
        importeer_locaties(kleine_store, _csv(tmp_path / "p.csv", regels), nieuwe_corporaties=True)
    assert [m.veld for m in fout.value.rapport.problemen] == ["status"]
    assert [c.naam for c in kleine_store.corporaties()] == ["Staedion", "Vidomes"]
    assert kleine_store.locaties() == []


def test_nieuwe_corporaties_alleen_voor_beheerders(kleine_store, tmp_path):
    pad = _csv(tmp_path / "p.csv", [KOP, "N1;Een;1A;10;2024;2026;Haag Wonen;80500;455000"])
    gemeente = kleine_store.als(ROLLEN["gemeente"])
    with pytest.raises(GeenToegang, match="mag niet: corporaties beheren.*'Haag Wonen'"):
        importeer_locaties(gemeente, pad, nieuwe_corporaties=True)
    assert [c.naam for c in kleine_store.corporaties()] == ["Staedion", "Vidomes"]
    # without new names the option changes nothing for a municipality
    pad = _csv(tmp_path / "q.csv", [KOP, "N2;Twee;1A;10;2024;2026;Staedion;80500;455000"])
    assert importeer_locaties(gemeente, pad, nieuwe_corporaties=True).toegevoegd == 1


def test_onttrekkingen_met_nieuwe_corporatie(kleine_store, tmp_path):
    pad = _csv(
        tmp_path / "o.csv",
        [
            "gemeente;jaar;aantal;soort;corporatie",
            "GM0518;2024;3;sloop;Vidmes",
            "GM0518;2025;2;verkoop;Woonbron",
        ],
    )
    with pytest.raises(ImportAfgekeurd) as fout:
        importeer_onttrekkingen(kleine_store, pad)
    rapport = fout.value.rapport
    assert {c["naam"]: c["suggestie"] for c in rapport.onbekende_corporaties} == {
        "Vidmes": "Vidomes",
        "Woonbron": None,
    }
    rapport = importeer_onttrekkingen(kleine_store, pad, nieuwe_corporaties=True)
    assert rapport.toegevoegd == 2 and rapport.nieuwe_corporaties == ["Vidmes", "Woonbron"]
    assert sorted(o.corporatie for o in kleine_store.onttrekkingen()) == ["Vidmes", "Woonbron"]


# --------------------------------------------------------------------------- warnings


def test_waarschuwingen_per_opgeslagen_locatie(kleine_store, tmp_path):
    regels = [
        KOP,
        "W1;Een;1A;10;2024;2026;Staedion;80500;455000",
        "W2;Twee;1A;4;2024;2026;Staedion;80500;455000",
        "W3;Drie;1A;4;2024;2026;Staedion;82000;455000",
    ]
    rapport = importeer_locaties(kleine_store, _csv(tmp_path / "p.csv", regels))
    assert rapport.opgeslagen and rapport.toegevoegd == 3 and not rapport.problemen
    waarschuwingen = {(m.rij, m.veld, m.ernst) for m in rapport.locatiewaarschuwingen}
    assert waarschuwingen == {(2, "geometry", "waarschuwing"), (3, "geometry", "waarschuwing")}
    assert all("dubbel geteld" in m.probleem for m in rapport.locatiewaarschuwingen)
    tabel = rapport.tabel()
    assert {r["ernst"] for r in tabel} == {"waarschuwing"} and tabel[0]["toegestaan"] == ""
    assert "2 waarschuwingen bij de locaties (niet blokkerend; zie de tabel)." in rapport.regels()


# --------------------------------------------------------------------------- CLI


def test_cli_nieuwe_corporaties_en_rapport(runner, tmp_path):
    assert runner.invoke(["init"]).exit_code == 0
    store = Store.open(runner.url)
    store.bewaar_corporatie(Corporatie("Staedion"))
    store.sluit()
    pad = _csv(
        tmp_path / "p.csv",
        [KOP, "C1;;1A;10;2024;2026;Staedon;80500;455000", "C2;Twee;1A;3;;;Woonbron;80600;455000"],
    )
    csv_pad = tmp_path / "rapport.csv"
    uit = runner.invoke(["locaties", "importeer", str(pad), "--rapport", str(csv_pad)])
    assert uit.exit_code == 1
    assert "'Staedon' (rij 2), bedoelt u 'Staedion'?" in uit.output
    assert "--nieuwe-corporaties" in uit.output  # the setting in the CLI's words
    kop = next(r for r in uit.output.splitlines() if r.startswith("rij "))
    assert kop.split() == [
        "rij",
        "bron_id",
        "kolom/veld",
        "waarde",
        "ernst",
        "probleem",
        "toegestaan",
    ]
    rijen = list(csv.DictReader(io.StringIO(csv_pad.read_text("utf-8-sig")), delimiter=";"))
    assert [(r["rij"], r["veld"], r["waarde"]) for r in rijen] == [
        ("2", "naam", ""),
        ("2", "corporatie", "Staedon"),
        ("3", "corporatie", "Woonbron"),
    ]
    assert rijen[1]["probleem"] == "onbekende corporatie, bedoelt u 'Staedion'?"
    assert rijen[1]["toegestaan"].startswith("een geregistreerde corporatie (Staedion)")

    goed = _csv(tmp_path / "g.csv", [KOP, "C2;Twee;1A;3;;;Woonbron;80600;455000"])
    uit = runner.invoke(["locaties", "importeer", str(goed), "--nieuwe-corporaties"])
    assert uit.exit_code == 0, uit.output
    assert "Nieuwe corporaties geregistreerd: Woonbron." in uit.output
    ontt = _csv(
        tmp_path / "o.csv", ["gemeente;jaar;aantal;soort;corporatie", "GM0518;2024;3;sloop;Vestia"]
    )
    uit = runner.invoke(["onttrekkingen", "importeer", str(ontt), "--droog"])
    assert uit.exit_code == 1 and "'Vestia'" in uit.output
    uit = runner.invoke(
        ["onttrekkingen", "importeer", str(ontt), "--nieuwe-corporaties", "--rapport", str(csv_pad)]
    )
    assert uit.exit_code == 0 and "Nieuwe corporaties geregistreerd: Vestia." in uit.output
    assert csv_pad.read_text("utf-8-sig").splitlines() == [
        "laag;rij;bron_id;veld;kolom;waarde;ernst;probleem;toegestaan"
    ]


# --------------------------------------------------------------------------- web


def _post(client, inhoud: bytes, naam: str = "plan.csv", **velden):
    data = {"soort": "locaties", "bestand": (io.BytesIO(inhoud), naam), **velden}
    return client.post("/importeer", data=data, content_type="multipart/form-data")


def _geen_cli_opties(html: bytes) -> None:
    tekst = html.decode()
    tekst = re.sub(r"<style.*?</style>", "", tekst, flags=re.S)  # CSS custom properties
    assert re.search(r"--[a-z]", tekst) is None, re.search(r".{60}--[a-z].{40}", tekst)


def test_web_vinkje_nieuwe_corporaties_en_csv_rapport(client, kleine_store, app):
    inhoud = ("\r\n".join(VIER_RIJEN) + "\r\n").encode()
    antwoord = _post(client, inhoud)
    assert antwoord.status_code == 422
    html = antwoord.data.decode()
    assert 'id="problemen"' in html and "bedoelt u &#39;Staedion&#39;?" in html
    assert "<th>toegestaan</th>" in html and 'id="nieuwe_corporaties"' in html
    _geen_cli_opties(antwoord.data)

    antwoord = _post(client, inhoud, formaat="csv")
    assert antwoord.status_code == 200 and antwoord.mimetype == "text/csv"
    assert 'filename="importrapport-plan.csv"' in antwoord.headers["Content-Disposition"]
    rijen = list(csv.DictReader(io.StringIO(antwoord.data.decode("utf-8-sig")), delimiter=";"))
    assert {(r["rij"], r["veld"]) for r in rijen} >= {
        ("2", "naam"),
        ("2", "oplevering"),
        ("2", "corporatie"),
        ("3", "geometry"),
        ("4", "geometry"),
    }
    assert kleine_store.locaties() == []

    goed = (KOP + "\r\nN1;Een;1A;10;2024;2026;Haag Wonen;80500;455000\r\n").encode()
    antwoord = _post(client, goed, formaat="csv", nieuwe_corporaties="1")
    assert antwoord.status_code == 200 and kleine_store.locaties() == []  # only checked
    assert "Haag Wonen" not in [c.naam for c in kleine_store.corporaties()]
    antwoord = _post(client, goed, nieuwe_corporaties="1")
    assert antwoord.status_code == 200, antwoord.data
    assert b"Nieuwe corporaties geregistreerd: Haag Wonen." in antwoord.data
    assert "Haag Wonen" in [c.naam for c in kleine_store.corporaties()]
    _geen_cli_opties(antwoord.data)

    gemeente = client_als(app, ROLLEN["gemeente"])
    nog = (KOP + "\r\nN2;Twee;1A;10;2024;2026;Woonbron;80500;455000\r\n").encode()
    antwoord = _post(gemeente, nog, nieuwe_corporaties="1")
    assert antwoord.status_code == 403 and "corporaties beheren" in antwoord.data.decode()
    antwoord = _post(client, inhoud, formaat="pdf")
    assert antwoord.status_code == 400 and "onbekend rapportformaat" in antwoord.data.decode()


def test_web_importmeldingen_noemen_geen_cli_opties(client, kleine_store, tmp_path):
    """Every kind of file-level message the upload page can give names the page's settings."""
    import geopandas as gpd
    from shapely.geometry import Point

    gpkg = tmp_path / "twee.gpkg"
    laag = gpd.GeoDataFrame({"naam": ["A"], "status": ["1A"]}, geometry=[Point(80500, 455000)])
    laag.set_crs(28992).to_file(gpkg, layer="plannen")
    laag.set_crs(28992).to_file(gpkg, layer="zoekgebieden")
    gevallen = [
        (gpkg.read_bytes(), "twee.gpkg", {}, "instelling &#39;Laag&#39;"),
        (b"naam;status;wkt\r\nA;1A;POINT (80500 455000)\r\n", "w.csv", {}, "&#39;CRS&#39;"),
        (b"OMSCHR;x;y\r\nA;80500;455000\r\n", "k.csv", {}, "&#39;Kolomkoppeling&#39;"),
        (
            b"naam;status;x;y\r\nA;1A;80500;455000\r\n",
            "k.csv",
            {"kolommen": "naam=X"},
            "kolomkoppeling naam=X",
        ),
        (
            b"naam;status;extra;x;y\r\nA;1A;1;80500;455000\r\n",
            "e.csv",
            {"droog": "1"},
            "Onbekende kolommen",
        ),
        (
            "naam;status;x;y\r\nCaf\u00e9;1A;80500;455000\r\n".encode("cp1252"),
            "c.csv",
            {"droog": "1"},
            "Tekencodering",
        ),
        (
            b"naam,status,daeb,corporatie,x,y\r\nA,1A,4,Staedion; Vidomes,80500,455000\r\n",
            "m.csv",
            {},
            "instelling &#39;Toewijzingen&#39;",
        ),
    ]
    for inhoud, naam, velden, verwacht in gevallen:
        antwoord = _post(client, inhoud, naam, **velden)
        assert antwoord.status_code in (200, 400, 422), (naam, antwoord.status_code)
        assert verwacht in antwoord.data.decode(), (naam, antwoord.data[:3000])
        _geen_cli_opties(antwoord.data)


#: Modules whose messages the upload page can show.
_WEBMODULES = [
    "locatieplanner/uitwisseling/importeer.py",
    "locatieplanner/uitwisseling/bestanden.py",
    "locatieplanner/uitwisseling/kolommen.py",
    "locatieplanner/crs.py",
    "locatieplanner/domein/corporatienamen.py",
    "locatieplanner/domein/model.py",
    "locatieplanner/store/locaties.py",
    "locatieplanner/store/onttrekkingen.py",
    "locatieplanner/store/biedingen.py",
    "locatieplanner/store/corporaties.py",
    "locatieplanner/web/uitwisseling.py",
    "locatieplanner/web/templates/uitwisseling.html",
]


def test_geen_cli_optie_in_teksten_van_de_importpagina():
    """No string (docstrings aside) of the modules behind the upload page names a CLI option:
    the library names the setting, the CLI puts its option in its place."""
    gevonden = []
    for naam in _WEBMODULES:
        bron = (PROJECT / naam).read_text("utf-8")
        if naam.endswith(".html"):
            gevonden += [naam for _ in re.finditer(r"--[a-z]", bron)]
            continue
        boom = ast.parse(bron)
        docstrings = {
            id(knoop.body[0].value)
            for knoop in ast.walk(boom)
            if isinstance(knoop, ast.Module | ast.ClassDef | ast.FunctionDef)
            and knoop.body
            and isinstance(knoop.body[0], ast.Expr)
            and isinstance(knoop.body[0].value, ast.Constant)
        }
        for knoop in ast.walk(boom):
            if (
                isinstance(knoop, ast.Constant)
                and isinstance(knoop.value, str)
                and id(knoop) not in docstrings
                and re.search(r"(^|[\s(])--[a-z]", knoop.value)
            ):
                gevonden.append(f"{naam}:{knoop.lineno}: {knoop.value[:60]!r}")
    assert gevonden == []


# --------------------------------------------------------------------------- PostGIS


@pytest.mark.postgis
def test_nieuwe_corporaties_op_postgis(postgis_url, tmp_path):
    store = Store.open(postgis_url)
    try:
        store.zet_regio(laad_regio())
        store.bewaar_gemeenten(KLEINE_GEMEENTEN)
        store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
        regels = [
            KOP,
            *(
                f"P{i};Plek {i};1A;{i + 1};2024;2026;Haag Wonen;{80100 + i * 10};455000"
                for i in range(5)
            ),
        ]
        pad = _csv(tmp_path / "p.csv", [*regels, "PX;Fout;ZZ;1;;;Woonbron;80900;455000"])
        with pytest.raises(ImportAfgekeurd):
            importeer_locaties(store, pad, nieuwe_corporaties=True)
        assert [c.naam for c in store.corporaties()] == ["Staedion"]
        with pytest.raises(ImportAfgekeurd) as fout:
            importeer_locaties(store, pad)
        assert {c["naam"] for c in fout.value.rapport.onbekende_corporaties} == {
            "Haag Wonen",
            "Woonbron",
        }
        rapport = importeer_locaties(store, _csv(pad, regels), nieuwe_corporaties=True)
        assert rapport.toegevoegd == 5 and rapport.nieuwe_corporaties == ["Haag Wonen"]
        assert [c.naam for c in store.corporaties()] == ["Haag Wonen", "Staedion"]
        assert len(store.locaties(corporatie="Haag Wonen")) == 5
    finally:
        store.sluit()
