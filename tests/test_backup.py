"""Backup of a live database while writers run, and restore with every acknowledged write."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date

import pytest
from conftest import KLEINE_GEMEENTEN, database_url
from shapely.geometry import box

from locatieplanner.domein.model import Bod, Locatie
from locatieplanner.domein.regio import laad_regio
from locatieplanner.errors import BestandFout, ValidatieFout
from locatieplanner.store import Store
from locatieplanner.store.backup import herstel_backup, is_leeg, maak_backup


class Schrijvers:
    """Threads that add sites until stopped; ``bevestigd`` holds the names of acknowledged ones."""

    def __init__(self, url: str, aantal: int = 3) -> None:
        self.url = url
        self.stop = threading.Event()
        self.slot = threading.Lock()
        self.bevestigd: list[str] = []
        self.fouten: list[BaseException] = []
        self.draden = [threading.Thread(target=self._schrijf, args=(i,)) for i in range(aantal)]

    def _schrijf(self, nummer: int) -> None:
        store = Store.open(self.url, gebruiker=f"schrijver-{nummer}", migreer=False)
        try:
            i = 0
            while not self.stop.is_set() and i < 2000:
                naam = f"s{nummer}-{i}"
                x = 76000 + (nummer * 2000) + (i % 40) * 40
                y = 451000 + (i // 40) * 40
                store.voeg_locatie_toe(Locatie(naam, box(x, y, x + 20, y + 20), "1A", daeb=1))
                with self.slot:
                    self.bevestigd.append(naam)
                i += 1
        except BaseException as e:  # noqa: BLE001 - reported by the test
            self.fouten.append(e)
        finally:
            store.sluit()

    def __enter__(self) -> Schrijvers:
        for d in self.draden:
            d.start()
        return self

    def momentopname(self, minstens: int) -> set[str]:
        """Wait until at least ``minstens`` writes are acknowledged; the acknowledged names."""
        while True:
            with self.slot:
                if len(self.bevestigd) >= minstens or self.fouten:
                    return set(self.bevestigd)
            self.stop.wait(0.01)

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for d in self.draden:
            d.join(timeout=120)
        assert not self.fouten, self.fouten


def _namen(store: Store) -> set[str]:
    return {loc.naam for loc in store.locaties()}


def _gevulde_store(url: str) -> Store:
    store = Store.open(url)
    store.zet_regio(laad_regio())
    store.bewaar_gemeenten(KLEINE_GEMEENTEN)
    store.bewaar_bod(Bod("GM0518", "origineel", date(2021, 12, 15), 1200))
    return store


def _backup_tijdens_schrijven(url: str, pad) -> set[str]:
    """Back up while three writers run; the names acknowledged before the backup started."""
    with Schrijvers(url) as schrijvers:
        voor = schrijvers.momentopname(30)
        maak_backup(url, pad)
        schrijvers.momentopname(len(voor) + 10)  # writers kept going during and after
    return voor


def test_sqlite_backup_tijdens_schrijven_en_herstel(tmp_path):
    url = database_url(tmp_path)
    _gevulde_store(url).sluit()
    pad = tmp_path / "backup.sqlite"
    voor = _backup_tijdens_schrijven(url, pad)

    with sqlite3.connect(pad) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()

    leeg = Store.open(f"sqlite:///{tmp_path / 'hersteld.sqlite'}")
    assert is_leeg(leeg)
    rapport = herstel_backup(leeg, pad)
    hersteld = Store.open(leeg.url)
    assert voor <= _namen(hersteld), "elke bevestigde schrijfactie van vóór de backup is terug"
    assert rapport.tellingen["locatie"] == len(_namen(hersteld)) >= len(voor)
    assert hersteld.actuele_biedingen()["GM0518"].daeb == 1200
    assert hersteld.regio().naam == "Haaglanden"
    hersteld.sluit()
    leeg.sluit()


def test_herstel_weigert_gevulde_database_zonder_overschrijf(tmp_path):
    url = database_url(tmp_path)
    store = _gevulde_store(url)
    pad = maak_backup(url, tmp_path / "b.sqlite")
    store.voeg_locatie_toe(Locatie("later", box(76000, 451000, 76050, 451050), "1A", daeb=5))
    with pytest.raises(ValidatieFout, match="niet leeg .*--overschrijf"):
        herstel_backup(store, pad)
    assert "later" in _namen(store), "een geweigerd herstel verandert niets"
    herstel_backup(store, pad, overschrijf=True)
    assert "later" not in _namen(Store.open(url))


def test_backup_overschrijft_geen_bestaand_bestand(tmp_path):
    url = database_url(tmp_path)
    _gevulde_store(url).sluit()
    bestaand = tmp_path / "b.sqlite"
    bestaand.write_bytes(b"belangrijk")
    with pytest.raises(BestandFout, match="bestaat al"):
        maak_backup(url, bestaand)
    assert bestaand.read_bytes() == b"belangrijk"
    assert not list(tmp_path.glob(".*.bezig"))


def test_herstel_weigert_beschadigde_backup(tmp_path):
    url = database_url(tmp_path)
    store = Store.open(url)
    kapot = tmp_path / "kapot.sqlite"
    kapot.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(BestandFout, match="kapot.sqlite"):
        herstel_backup(store, kapot)


def test_cli_backup_en_herstel(runner, tmp_path):
    _gevulde_store(runner.url).sluit()
    pad = tmp_path / "cli-backup.sqlite"
    r = runner.invoke(["backup", str(pad)])
    assert r.exit_code == 0, r.output
    assert "Backup geschreven" in r.output and pad.exists()
    r = runner.invoke(["herstel", str(pad)])
    assert r.exit_code == 1 and "--overschrijf" in r.output
    r = runner.invoke(["herstel", str(pad), "--overschrijf"])
    assert r.exit_code == 0, r.output
    assert "Hersteld uit" in r.output and "1 bod" in r.output


@pytest.mark.postgis
def test_postgis_backup_tijdens_schrijven_en_herstel(postgis_url, tmp_path):
    _gevulde_store(postgis_url).sluit()
    pad = tmp_path / "backup.dump"
    voor = _backup_tijdens_schrijven(postgis_url, pad)
    doel = Store.open(postgis_url)
    herstel_backup(doel, pad, overschrijf=True)
    hersteld = Store.open(postgis_url)
    try:
        assert voor <= _namen(hersteld)
        assert hersteld.actuele_biedingen()["GM0518"].daeb == 1200
    finally:
        hersteld.sluit()
        doel.sluit()
