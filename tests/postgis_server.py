"""Start a throw-away PostgreSQL/PostGIS server on 127.0.0.1 for the tests (no system service)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

__all__ = ["PostgisServer", "zoek_pg_bin"]


def zoek_pg_bin() -> Path | None:
    """Directory with initdb/pg_ctl of the newest installed PostgreSQL that has PostGIS."""
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        versie = Path(bindir).parent.name
        if Path(bindir, "initdb").exists() and glob.glob(
            f"/usr/share/postgresql/{versie}/extension/postgis.control"
        ):
            return Path(bindir)
    return None


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgisServer:
    """initdb + pg_ctl start in a temp dir; as root the server runs as user ``postgres``."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.map = Path(tempfile.mkdtemp(prefix="lp-postgis-"))
        self.data = self.map / "data"
        self.poort = _vrije_poort()
        self._als_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self._als_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        if self._als_root:
            shutil.chown(self.map, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        opties = (
            f"-p {self.poort} -c listen_addresses=127.0.0.1 -k {self.map} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", opties, "-l", str(self.map / "log"), "-w", "start"
        )
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.poort}/postgres"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.map, ignore_errors=True)
