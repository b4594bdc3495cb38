"""The production server and the CLI under fire, really started as processes on 127.0.0.1:

- a lost update: two accounts PATCH the same version of a site at the same moment against
  ``serve --workers 2`` on SQLite and on PostGIS; exactly one wins, the other gets 412;
- SIGKILL of the whole server process group during writes, 10 rounds on one SQLite file: every
  acknowledged write survives, nothing is half written;
- SIGKILL of ``locaties importeer`` inside its write transaction, 10 rounds: all or nothing;
- login throttling counted in the database, so it holds across two server processes, also for
  attempts that arrive at the same moment (SQLite and PostGIS).

Every wait is bounded in count and time; nothing asserts how long something took.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from aanmelding import ROLLEN, WACHTWOORD, token_voor, zorg_voor_account
from conftest import KLEINE_GEMEENTEN, database_url, vereist
from server_proces import Serverproces
from shapely.geometry import box

from locatieplanner.domein.model import Corporatie, Locatie, Toewijzing
from locatieplanner.domein.regio import laad_regio
from locatieplanner.store import Store

API = "/api/v1"
#: Seconds any single HTTP request may take before the test fails (a bound, not a measurement).
WACHTTIJD = 60
#: The assignments of every site the writers post: a site is whole when it has exactly these.
VERDELING = [("Staedion", 6, 2026), ("Vidomes", 4, 2027)]


def _init(url: str) -> str:
    """Initialise the database at ``url``: region, two municipalities, two corporations."""
    store = Store.open(url)
    try:
        store.zet_regio(laad_regio())
        store.bewaar_gemeenten(KLEINE_GEMEENTEN)
        store.bewaar_corporatie(Corporatie("Staedion", "STA", ["GM0518"]))
        store.bewaar_corporatie(Corporatie("Vidomes", "VID", ["GM0518", "GM0603"]))
    finally:
        store.sluit()
    return url


def _sqlite_pad(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _integriteit(pad: Path) -> None:
    """``integrity_check`` is ok and no foreign key points nowhere."""
    with contextlib.closing(sqlite3.connect(pad)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def _verdeling(loc: Locatie) -> list[tuple[str, int, int | None]]:
    return sorted((t.corporatie, t.daeb, t.oplevering) for t in loc.toewijzingen)


def _kop(token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **extra}


def _tegelijk_wijzigen(
    url: str,
    sessies: list[requests.Session],
    tokens: list[str],
    namen: list[str],
    etag: str,
) -> list[requests.Response]:
    """Each client PATCHes its own name with the same If-Match, released together by a barrier."""
    barriere = threading.Barrier(len(sessies))

    def wijzig(i: int) -> requests.Response:
        barriere.wait(timeout=WACHTTIJD)
        return sessies[i].patch(
            url,
            json={"type": "Feature", "properties": {"naam": namen[i]}},
            headers=_kop(tokens[i], **{"If-Match": etag}),
            timeout=WACHTTIJD,
        )

    with ThreadPoolExecutor(len(sessies)) as pool:
        return list(pool.map(wijzig, range(len(sessies))))


@pytest.fixture(params=["sqlite", pytest.param("postgis", marks=pytest.mark.postgis)])
def db_url(request, tmp_path) -> str:
    """An initialised database: a SQLite file, or a fresh PostGIS database of the fixtures."""
    if request.param == "sqlite":
        return _init(database_url(tmp_path))
    return _init(request.getfixturevalue("postgis_url"))


# --------------------------------------------------------------------------- lost update

#: Races per database: each starts from the version the previous one left.
WEDLOPEN = 4


def test_gelijktijdige_patch_op_dezelfde_versie_een_wint_de_ander_krijgt_412(db_url, tmp_path):
    accounts = [ROLLEN["beheerder"], ROLLEN["gemeente"]]
    tokens = [token_voor(db_url, a) for a in accounts]
    store = Store.open(db_url, migreer=False)
    try:
        loc = store.voeg_locatie_toe(
            Locatie(
                "Racebaan",
                box(80000, 452000, 80100, 452100),
                "1A",
                daeb=20,
                toewijzingen=[Toewijzing("Staedion", 20, 2026)],
            )
        )
        pad = f"{API}/locaties/{loc.id}"
        winnaars: list[tuple[str, str]] = []
        with (
            Serverproces(
                tmp_path / "instance", db_url, "--workers", "2", "--threads", "4"
            ) as server,
            requests.Session() as eerste,
            requests.Session() as tweede,
        ):
            sessies = [eerste, tweede]
            for ronde in range(WEDLOPEN):
                gelezen = [
                    s.get(server.url + pad, headers=_kop(t), timeout=WACHTTIJD)
                    for s, t in zip(sessies, tokens, strict=True)
                ]
                assert [r.status_code for r in gelezen] == [200, 200]
                etag = gelezen[0].headers["ETag"]
                assert gelezen[1].headers["ETag"] == etag == f'"{ronde + 1}"'
                namen = [f"ronde {ronde} door {account.naam}" for account in accounts]
                antwoorden = _tegelijk_wijzigen(server.url + pad, sessies, tokens, namen, etag)
                statussen = sorted(r.status_code for r in antwoorden)
                assert statussen == [200, 412], [r.text[:300] for r in antwoorden]
                gewonnen = next(r for r in antwoorden if r.status_code == 200)
                verloren = next(r for r in antwoorden if r.status_code == 412)
                naam = gewonnen.json()["properties"]["naam"]
                # the loser gets the current item (the winner's change) and its ETag
                fout = verloren.json()
                assert "intussen gewijzigd" in fout["fout"]
                assert fout["huidig"]["id"] == loc.id
                assert fout["huidig"]["properties"]["naam"] == naam
                assert verloren.headers["ETag"] == gewonnen.headers["ETag"] == f'"{ronde + 2}"'
                winnaars.append((naam, naam.rsplit(" door ", 1)[1]))
        # exactly one audit row per race, by the winner, with the winner's value
        gewijzigd = [w for w in store.geschiedenis("locatie", loc.id) if w["actie"] == "gewijzigd"]
        assert [(w["nieuw"]["naam"], w["gebruiker"]) for w in gewijzigd] == winnaars
        assert [w["nieuw"]["versie"] for w in gewijzigd] == list(range(2, WEDLOPEN + 2))
        opgeslagen = store.locatie(loc.id)
        assert (opgeslagen.naam, opgeslagen.versie) == (winnaars[-1][0], WEDLOPEN + 1)
        assert _verdeling(opgeslagen) == [("Staedion", 20, 2026)]
    finally:
        store.sluit()


# --------------------------------------------------------------------------- SIGKILL: server

#: Rounds of start, write, SIGKILL on one database file.
RONDES = 10
#: Writers per round (threads, each with its own account's API token).
SCHRIJVERS = (ROLLEN["beheerder"], ROLLEN["gemeente"], ROLLEN["beheerder"])
#: Most posts one writer makes in a round (a bound; the kill comes long before).
MAX_POSTS = 200


@dataclass
class _Ronde:
    """The writers of one round: what the server acknowledged, and what went wrong before the kill."""

    server: Serverproces
    ronde: int
    bevestigd: dict[int, str] = field(default_factory=dict)
    fouten: list[str] = field(default_factory=list)
    gedood: threading.Event = field(default_factory=threading.Event)
    klaar: threading.Condition = field(default_factory=threading.Condition)
    gestopt: int = 0

    def schrijf(self, nummer: int, token: str) -> None:
        try:
            with requests.Session() as sessie:
                self._schrijf(sessie, nummer, token)
        except Exception as e:  # noqa: BLE001 - reported to the test, never lost in a thread
            if not self.gedood.is_set():
                self.fouten.append(f"schrijver {nummer}: {e!r}")
        finally:
            with self.klaar:
                self.gestopt += 1
                self.klaar.notify_all()

    def _schrijf(self, sessie: requests.Session, nummer: int, token: str) -> None:
        for volgnummer in range(MAX_POSTS):
            if self.gedood.is_set():
                return
            naam = f"r{self.ronde}-s{nummer}-{volgnummer}"
            x = 76000 + 8000 * (volgnummer % 100) / 100
            body = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [x, 451000 + 1000 * nummer]},
                "properties": {
                    "naam": naam,
                    "status": "1A",
                    "daeb": 10,
                    "toewijzingen": [
                        {"corporatie": c, "daeb": d, "oplevering": o} for c, d, o in VERDELING
                    ],
                },
            }
            try:
                r = sessie.post(
                    f"{self.server.url}{API}/locaties?crs=EPSG:28992",
                    json=body,
                    headers=_kop(token),
                    timeout=WACHTTIJD,
                )
            except requests.RequestException:
                if self.gedood.is_set():
                    return  # the server is gone: this write's outcome is unknown
                raise
            if r.status_code != 201:
                raise AssertionError(f"{naam}: {r.status_code} {r.text[:300]}")
            with self.klaar:
                self.bevestigd[r.json()["id"]] = naam
                self.klaar.notify_all()

    def wacht_op(self, aantal: int) -> None:
        """Until ``aantal`` writes are acknowledged (or every writer stopped)."""
        with self.klaar:
            self.klaar.wait_for(
                lambda: len(self.bevestigd) >= aantal or self.gestopt == len(SCHRIJVERS),
                timeout=120,
            )
        assert not self.fouten, self.fouten
        assert len(self.bevestigd) >= aantal, f"ronde {self.ronde}: {len(self.bevestigd)} bevestigd"


def _controleer_na_kill(url: str, bevestigd: dict[int, str]) -> None:
    """Every acknowledged site is there, whole; every site is whole and has its audit row."""
    _integriteit(_sqlite_pad(url))
    store = Store.open(url, migreer=False)
    try:
        locaties = {loc.id: loc for loc in store.locaties()}
        toegevoegd = [w for w in store.geschiedenis("locatie") if w["actie"] == "toegevoegd"]
    finally:
        store.sluit()
    ontbreekt = sorted(set(bevestigd) - set(locaties))
    assert not ontbreekt, f"bevestigde locaties verloren: {ontbreekt}"
    assert {i: locaties[i].naam for i in bevestigd} == bevestigd
    half = {i: _verdeling(loc) for i, loc in locaties.items() if _verdeling(loc) != VERDELING}
    assert not half, f"half geschreven locaties: {half}"
    assert sorted(int(w["sleutel"]) for w in toegevoegd) == sorted(locaties)


def test_sigkill_van_de_server_tijdens_schrijven_verliest_niets_bevestigds(tmp_path):
    url = _init(database_url(tmp_path))
    tokens = [token_voor(url, a) for a in SCHRIJVERS]
    server = Serverproces(tmp_path / "instance", url, "--workers", "2", "--threads", "4")
    alle: dict[int, str] = {}
    for ronde in range(RONDES):
        server.start()
        schrijvers = _Ronde(server, ronde)
        draden = [
            threading.Thread(target=schrijvers.schrijf, args=(i, t), daemon=True)
            for i, t in enumerate(tokens)
        ]
        try:
            for d in draden:
                d.start()
            # a count-based moment: after 3..7 acknowledged writes, with the writers still busy
            schrijvers.wacht_op(3 + ronde % 5)
        finally:
            schrijvers.gedood.set()
            assert server.stop(signal.SIGKILL) == -signal.SIGKILL
            for d in draden:
                d.join(timeout=WACHTTIJD)
        assert not any(d.is_alive() for d in draden)
        assert not schrijvers.fouten, schrijvers.fouten
        alle.update(schrijvers.bevestigd)
        _controleer_na_kill(url, alle)
    # the database still takes writes after the last kill
    with server:
        r = requests.get(f"{server.url}{API}/locaties?limit=1", headers=_kop(tokens[0]), timeout=30)
        assert r.status_code == 200
        assert r.json()["numberMatched"] >= len(alle) >= RONDES * 3


# --------------------------------------------------------------------------- SIGKILL: CLI import

#: Sites per import file; with long remarks the write does not fit SQLite's page cache, so pages
#: spill to the WAL while the transaction is still open.
IMPORT_LOCATIES = 1000
OPMERKING = "x" * 2000
#: Looks at the frozen import per round (a bound; after each it runs on for a moment).
MAX_PEILINGEN = 50_000


def _importbestand(pad: Path, voorvoegsel: str) -> Path:
    """A CSV of :data:`IMPORT_LOCATIES` points in GM0518, each with its DAEB for Staedion."""
    regels = ["bron_id;naam;status;daeb;start;oplevering;corporatie;opmerking;x;y"]
    for i in range(IMPORT_LOCATIES):
        x, y = 75100 + (i % 90) * 100, 450100 + (i // 90) * 100
        regels.append(f"{voorvoegsel}{i};Import {i};1A;10;2024;2026;Staedion;{OPMERKING};{x};{y}")
    pad.write_text("\n".join(regels) + "\n", encoding="utf-8")
    return pad


def _importeer(url: str, bestand: Path, log: Path) -> subprocess.Popen:
    """``python -m locatieplanner locaties importeer`` in its own process group."""
    with log.open("wb") as fout:
        return subprocess.Popen(
            [sys.executable, "-m", "locatieplanner", "--database", url]
            + ["locaties", "importeer", str(bestand)],
            stdout=subprocess.DEVNULL,
            stderr=fout,
            start_new_session=True,
        )


def _schrijfslot_bezet(conn: sqlite3.Connection) -> bool:
    """Whether another connection holds the database's write lock (tried without waiting)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            return True
        raise
    conn.execute("ROLLBACK")
    return False


def _bevries(proces: subprocess.Popen) -> bool:
    """SIGSTOP the process group; True once the process has stopped, False when it had ended."""
    os.killpg(proces.pid, signal.SIGSTOP)
    _pid, status = os.waitpid(proces.pid, os.WUNTRACED)
    if os.WIFSTOPPED(status):
        return True
    proces.returncode = os.waitstatus_to_exitcode(status)
    return False


def _dood_in_schrijftransactie(proces: subprocess.Popen, pad: Path) -> bool:
    """Freeze the import again and again (SIGSTOP) and look: once the frozen import holds the
    write lock and has written to the WAL, it is inside its write transaction: SIGKILL it there.
    Otherwise let it go on (SIGCONT) for a moment. False when it ended before that."""
    conn = sqlite3.connect(pad, timeout=0, isolation_level=None)
    try:
        for _ in range(MAX_PEILINGEN):
            if not _bevries(proces):
                return False
            if _schrijfslot_bezet(conn) and _wal_grootte(pad) > 0:
                os.killpg(proces.pid, signal.SIGKILL)
                return True
            os.killpg(proces.pid, signal.SIGCONT)
            time.sleep(0.002)
        return False
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proces.pid, signal.SIGKILL)
        proces.wait(timeout=WACHTTIJD)
        conn.close()


def _wal_grootte(pad: Path) -> int:
    wal = Path(f"{pad}-wal")
    return wal.stat().st_size if wal.exists() else 0


def _leeg_wal(pad: Path) -> None:
    """Checkpoint everything and truncate the WAL: it grows again only when someone writes."""
    with contextlib.closing(sqlite3.connect(pad, isolation_level=None)) as conn:
        assert conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    assert _wal_grootte(pad) == 0


def _geimporteerd(pad: Path, voorvoegsel: str) -> tuple[int, int, int]:
    """Sites of one import file, their assignments, and their audit rows."""
    with contextlib.closing(sqlite3.connect(pad)) as conn:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM locatie WHERE bron_id LIKE ? || '%'", (voorvoegsel,)
            )
        ]
        lijst = ",".join(map(str, ids)) or "NULL"
        toewijzingen = conn.execute(
            f"SELECT count(*) FROM toewijzing WHERE locatie IN ({lijst})"
        ).fetchone()[0]
        audit = conn.execute(
            "SELECT count(*) FROM wijziging WHERE tabel = 'locatie' AND actie = 'toegevoegd' "
            f"AND sleutel IN ({','.join(repr(str(i)) for i in ids) or 'NULL'})"
        ).fetchone()[0]
    return len(ids), toewijzingen, audit


def test_sigkill_van_de_import_in_zijn_transactie_laat_alles_of_niets(tmp_path):
    vereist(hasattr(signal, "SIGSTOP"), "SIGSTOP/SIGKILL ontbreken op dit systeem")
    url = _init(database_url(tmp_path))
    pad = _sqlite_pad(url)
    uitkomsten = []
    for ronde in range(RONDES):
        _leeg_wal(pad)
        voorvoegsel = f"K{ronde}-"
        bestand = _importbestand(tmp_path / f"plan{ronde}.csv", voorvoegsel)
        log = tmp_path / f"import{ronde}.err"
        proces = _importeer(url, bestand, log)
        binnen = _dood_in_schrijftransactie(proces, pad)
        fout = log.read_text(errors="replace")
        assert binnen, f"ronde {ronde}: niet binnen de schrijftransactie gedood ({fout[-500:]})"
        assert proces.returncode == -signal.SIGKILL
        _integriteit(pad)
        aantal, toewijzingen, audit = _geimporteerd(pad, voorvoegsel)
        assert aantal in (0, IMPORT_LOCATIES), (
            f"ronde {ronde}: {aantal} locaties: half geïmporteerd"
        )
        assert toewijzingen == audit == aantal
        uitkomsten.append(aantal)
    # a rerun of the last file succeeds and stores all of it
    klaar = subprocess.run(
        [sys.executable, "-m", "locatieplanner", "--database", url]
        + ["locaties", "importeer", str(bestand)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert klaar.returncode == 0, klaar.stderr[-2000:]
    verwacht = "0 toegevoegd" if uitkomsten[-1] else f"{IMPORT_LOCATIES} toegevoegd"
    assert verwacht in klaar.stdout
    assert _geimporteerd(pad, voorvoegsel) == (IMPORT_LOCATIES,) * 3
    _integriteit(pad)


# --------------------------------------------------------------------------- throttling


def _csrf(sessie: requests.Session, server: Serverproces) -> str:
    """The CSRF token of the login form of ``server`` (for this session)."""
    formulier = sessie.get(f"{server.url}/aanmelden", timeout=WACHTTIJD)
    assert formulier.status_code == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', formulier.text)
    assert csrf is not None, formulier.text[:500]
    return csrf.group(1)


def _post_aanmelden(
    sessie: requests.Session, server: Serverproces, csrf: str, naam: str, wachtwoord: str
) -> requests.Response:
    """Post the login form of ``server`` with that server's Origin."""
    return sessie.post(
        f"{server.url}/aanmelden",
        data={"naam": naam, "wachtwoord": wachtwoord, "csrf_token": csrf},
        headers={"Origin": server.url},
        allow_redirects=False,
        timeout=WACHTTIJD,
    )


def _aanmelden(
    sessie: requests.Session, server: Serverproces, naam: str, wachtwoord: str
) -> requests.Response:
    """The login form of ``server``: its CSRF token, posted with that server's Origin."""
    return _post_aanmelden(sessie, server, _csrf(sessie, server), naam, wachtwoord)


def test_aanmeldremming_geldt_over_twee_serverprocessen(tmp_path):
    url = _init(database_url(tmp_path))
    doelwit, ander = ROLLEN["gemeente"], ROLLEN["corporatie"]
    for account in (doelwit, ander):
        zorg_voor_account(url, account)
    # both servers get one runtime folder, where gunicorn would put its control socket
    run = tmp_path / "run"
    run.mkdir()
    omgeving = {"XDG_RUNTIME_DIR": str(run)}
    with (
        Serverproces(tmp_path / "a", url, "--workers", "1", omgeving=omgeving) as a,
        Serverproces(tmp_path / "b", url, "--workers", "1", omgeving=omgeving) as b,
    ):
        # two instances on one machine share no control socket (one would take the other's)
        assert list(run.iterdir()) == []
        with requests.Session() as op_a:
            for poging in range(5):
                r = _aanmelden(op_a, a, doelwit.naam, f"fout-wachtwoord-{poging}")
                assert r.status_code == 401, r.text[:300]
                assert "Onbekende accountnaam of onjuist wachtwoord" in r.text
        with requests.Session() as op_b:
            r = _aanmelden(op_b, b, doelwit.naam, WACHTWOORD)
            assert r.status_code == 429, r.text[:300]
            assert int(r.headers["Retry-After"]) > 0
            assert "Te veel mislukte aanmeldpogingen" in r.text
            niet = op_b.get(f"{b.url}/welkom", allow_redirects=False, timeout=WACHTTIJD)
            assert niet.status_code != 200
        with requests.Session() as ander_op_b:
            r = _aanmelden(ander_op_b, b, ander.naam, WACHTWOORD)
            assert r.status_code == 302, r.text[:300]
            welkom = ander_op_b.get(f"{b.url}/welkom", allow_redirects=False, timeout=WACHTTIJD)
            assert welkom.status_code == 200
            assert ander.naam in welkom.text


#: Wrong passwords sent at once, spread over two servers: more than the limit.
GELIJKTIJDIG = 12


def test_aanmeldremming_houdt_stand_bij_gelijktijdige_pogingen(db_url, tmp_path):
    from locatieplanner.store.accounts import MAX_POGINGEN_NAAM

    doelwit = ROLLEN["gemeente"]
    zorg_voor_account(db_url, doelwit)
    with (
        Serverproces(tmp_path / "a", db_url, "--workers", "1", "--threads", "8") as a,
        Serverproces(tmp_path / "b", db_url, "--workers", "1", "--threads", "8") as b,
    ):
        sessies = [requests.Session() for _ in range(GELIJKTIJDIG)]
        try:
            servers = [a if i % 2 else b for i in range(GELIJKTIJDIG)]
            tokens = [_csrf(s, server) for s, server in zip(sessies, servers, strict=True)]
            barriere = threading.Barrier(GELIJKTIJDIG)

            def poging(i: int) -> int:
                barriere.wait(timeout=WACHTTIJD)
                return _post_aanmelden(
                    sessies[i], servers[i], tokens[i], doelwit.naam, f"fout-{i}-wachtwoord"
                ).status_code

            with ThreadPoolExecutor(GELIJKTIJDIG) as pool:
                statussen = sorted(pool.map(poging, range(GELIJKTIJDIG)))
        finally:
            for s in sessies:
                s.close()
        # each attempt is counted before the next one is judged: no more than the limit get
        # through to the password check, whichever server they reach
        assert statussen == [401] * MAX_POGINGEN_NAAM + [429] * (GELIJKTIJDIG - MAX_POGINGEN_NAAM)
        with requests.Session() as s:
            assert _aanmelden(s, a, doelwit.naam, WACHTWOORD).status_code == 429
