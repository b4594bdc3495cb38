"""Start the real production server (``locatieplanner serve``) as a process on 127.0.0.1."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["Serverproces", "vrije_poort"]


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serverproces:
    """``python -m locatieplanner serve`` with its own instance folder; logs go to files."""

    def __init__(
        self, instance: Path, database_url: str, *args: str, omgeving: dict | None = None
    ) -> None:
        self.instance = instance
        self.poort = vrije_poort()
        self.url = f"http://127.0.0.1:{self.poort}"
        self.stdout = instance / "server.out"
        self.stderr = instance / "server.err"
        self.omgeving = {
            **os.environ,
            "LOCATIEPLANNER_INSTANCE": str(instance),
            "LOCATIEPLANNER_DATABASE_URL": database_url,
            "LOCATIEPLANNER_BASISKAART": "false",
            **(omgeving or {}),
        }
        self.args = args
        self.proces: subprocess.Popen | None = None

    def start(self, wacht: float = 60) -> Serverproces:
        instance = self.instance
        instance.mkdir(parents=True, exist_ok=True)
        with self.stdout.open("ab") as uit, self.stderr.open("ab") as fout:
            self.proces = subprocess.Popen(
                [sys.executable, "-m", "locatieplanner", "serve", "--port", str(self.poort)]
                + list(self.args),
                env=self.omgeving,
                stdout=uit,
                stderr=fout,
                start_new_session=True,
            )
        grens = time.monotonic() + wacht
        while time.monotonic() < grens:
            if self.proces.poll() is not None:
                raise RuntimeError(f"server gestopt: {self.stderr.read_text(errors='replace')}")
            if self._gereed():
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server niet gereed binnen {wacht} s")

    def _gereed(self) -> bool:
        """Whether a worker answers ``GET /gereed`` with 200 (the app is built and its database
        answers): the port alone opens before the workers are ready."""
        verbinding = http.client.HTTPConnection("127.0.0.1", self.poort, timeout=5)
        try:
            verbinding.request("GET", "/gereed")
            return verbinding.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            verbinding.close()

    def stop(self, sig: int = signal.SIGTERM) -> int | None:
        """Signal the whole process group (master and workers) and wait until the master has
        ended and nothing listens on the port any more (after SIGKILL a worker may still be
        closing its copy of the listening socket, which would take the next start's calls)."""
        if self.proces is None:
            return None
        if self.proces.poll() is None:
            os.killpg(self.proces.pid, sig)
        try:
            return self.proces.wait(timeout=60)
        finally:
            self.proces = None
            self._wacht_tot_poort_vrij()

    def _wacht_tot_poort_vrij(self, wacht: float = 60) -> None:
        grens = time.monotonic() + wacht
        while time.monotonic() < grens:
            try:
                with socket.create_connection(("127.0.0.1", self.poort), timeout=0.5):
                    pass
            except OSError:
                return
            time.sleep(0.05)
        raise RuntimeError(f"poort {self.poort} is {wacht} s na het stoppen nog in gebruik")

    def __enter__(self) -> Serverproces:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
