"""The export's zip writer: members compressed in threads, the same archive as zipfile writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import zipfile

import pytest

from locatieplanner.uitwisseling import zippen
from locatieplanner.uitwisseling.zippen import Zip


def _inhoud(tmp_path):
    bestanden = tmp_path / "in"
    bestanden.mkdir()
    groot = bytes(range(256)) * 40_000 + b"einde"  # 10 MB: the worker compresses in blocks
    (bestanden / "b.dbf").write_bytes(groot)
    (bestanden / "a.shp").write_bytes(b"")
    os.utime(bestanden / "a.shp", (1_700_000_000, 1_700_000_000))
    (bestanden / "a.shp").chmod(0o640)
    return {
        "b.dbf": bestanden / "b.dbf",
        "a.shp": bestanden / "a.shp",
        "LEESMIJ.txt": "Coördinaten in EPSG:28992\r\n".encode(),
        "c.csv": b"id;naam\r\n1;x\r\n" * 1000,
    }


def _zoals_zipfile(pad, leden):
    """The archive as the export wrote it before: zipfile, deflate level 1, name order."""
    with zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for naam in sorted(leden):
            if isinstance(leden[naam], bytes):
                zf.writestr(naam, leden[naam])
            else:
                zf.write(leden[naam], naam)


def test_zelfde_archief_als_zipfile(tmp_path):
    leden = _inhoud(tmp_path)
    with Zip(tmp_path / "nieuw.zip", threads=2) as z:
        for naam, inhoud in leden.items():
            z.voeg_toe(naam, inhoud)
        z.sluit()
    _zoals_zipfile(tmp_path / "oud.zip", leden)
    with (
        zipfile.ZipFile(tmp_path / "nieuw.zip") as nieuw,
        zipfile.ZipFile(tmp_path / "oud.zip") as oud,
    ):
        assert nieuw.testzip() is None
        assert nieuw.namelist() == oud.namelist() == sorted(leden)
        for a, b in zip(nieuw.infolist(), oud.infolist(), strict=True):
            assert nieuw.read(a) == oud.read(b)
            velden = ("compress_type", "CRC", "compress_size", "file_size", "external_attr")
            velden += ("create_system", "create_version", "extract_version", "flag_bits")
            assert {k: getattr(a, k) for k in velden} == {k: getattr(b, k) for k in velden}
            if a.filename == "a.shp":  # a file: its own time (local, as zipfile)
                assert a.date_time == b.date_time == time.localtime(1_700_000_000)[:6]
                assert a.external_attr >> 16 & 0o777 == 0o640
        # the same bytes, apart from the times of the texts made in memory
        assert (tmp_path / "nieuw.zip").stat().st_size == (tmp_path / "oud.zip").stat().st_size


@pytest.mark.skipif(shutil.which("unzip") is None, reason="unzip is niet geïnstalleerd")
def test_unzip_leest_het(tmp_path):
    leden = _inhoud(tmp_path)
    with Zip(tmp_path / "x.zip") as z:
        for naam, inhoud in leden.items():
            z.voeg_toe(naam, inhoud)
        z.sluit()
    uit = subprocess.run(
        ["unzip", "-t", str(tmp_path / "x.zip")], capture_output=True, text=True, timeout=60
    )
    assert uit.returncode == 0, uit.stdout + uit.stderr
    assert "No errors detected" in uit.stdout


def test_naam_buiten_ascii(tmp_path):
    with Zip(tmp_path / "x.zip") as z:
        z.voeg_toe("bijdragen_één.csv", b"a")
        z.sluit()
    with zipfile.ZipFile(tmp_path / "x.zip") as zf:
        assert zf.namelist() == ["bijdragen_één.csv"]
        assert zf.infolist()[0].flag_bits & 0x800
        assert zf.read("bijdragen_één.csv") == b"a"


def test_leeg_archief(tmp_path):
    with Zip(tmp_path / "x.zip") as z:
        z.sluit()
    with zipfile.ZipFile(tmp_path / "x.zip") as zf:
        assert zf.namelist() == []


def test_dubbele_naam_geweigerd(tmp_path):
    with Zip(tmp_path / "x.zip") as z, pytest.raises(ValueError, match="a.txt staat al"):
        z.voeg_toe("a.txt", b"1")
        z.voeg_toe("a.txt", b"2")


def test_fout_voor_het_sluiten_schrijft_niets(tmp_path):
    with pytest.raises(RuntimeError), Zip(tmp_path / "x.zip") as z:
        z.voeg_toe("a.txt", b"1")
        raise RuntimeError("export mislukt")
    assert not (tmp_path / "x.zip").exists()


def test_ontbrekend_bestand_geeft_de_fout_bij_sluiten(tmp_path):
    with pytest.raises(FileNotFoundError), Zip(tmp_path / "x.zip") as z:
        z.voeg_toe("weg.dbf", tmp_path / "weg.dbf")
        z.sluit()
    assert not (tmp_path / "x.zip").exists()


def test_groot_archief_via_zipfile(tmp_path, monkeypatch):
    """Sizes beyond ZIP64's limit go through zipfile (the limit is lowered here)."""
    monkeypatch.setattr(zippen, "_GRENS", 1000)
    leden = _inhoud(tmp_path)
    with Zip(tmp_path / "x.zip") as z:
        for naam, inhoud in leden.items():
            z.voeg_toe(naam, inhoud)
        z.sluit()
    with zipfile.ZipFile(tmp_path / "x.zip") as zf:
        assert zf.testzip() is None
        assert zf.namelist() == sorted(leden)
        for naam, inhoud in leden.items():
            verwacht = inhoud if isinstance(inhoud, bytes) else inhoud.read_bytes()
            assert zf.read(naam) == verwacht
        assert zf.getinfo("a.shp").date_time == time.localtime(1_700_000_000)[:6]
