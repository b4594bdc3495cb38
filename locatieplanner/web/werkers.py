"""Gunicorn workers that spread keep-alive connections evenly over a server's processes.

gunicorn's threaded workers (``gthread``) all accept on the one listening socket; whichever
process wakes first takes the connection. A burst of clients that keep their connections (a
reverse proxy's pool, API clients, a load test) can so end up 40 against 10 on two workers, and
since a connection stays with its worker, the busy one's requests wait several times longer
while the other has cores to spare. :class:`Verdeling` is a small table in shared memory, made
before the fork, where each worker notes how many connections it holds; a worker of
:func:`werkerklasse` takes a new connection only while it holds no more than the least busy
other living worker (the others take it meanwhile), so the counts stay within about one of
each other. With one worker, or the others gone, it accepts as gunicorn does.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

__all__ = ["Verdeling", "werkerklasse"]


def _leeft(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - another user's process took the pid
        return False
    return True


class Verdeling:
    """Per worker (``plaatsen`` at most, a restarted worker takes a freed place): its process id
    and the connections it holds, in memory shared by the processes forked after it is made."""

    def __init__(self, plaatsen: int) -> None:
        if plaatsen < 1:
            raise ValueError(f"plaatsen is {plaatsen}; toegestaan is 1 of meer")
        self.plaatsen = plaatsen
        # (pid, connections) per place; the lock only for taking and freeing a place
        self._rij = multiprocessing.Array("q", 2 * plaatsen)

    def neem(self, pid: int) -> int | None:
        """Take a free place (one never used, or of a process that is gone) for ``pid``."""
        with self._rij.get_lock():
            for plek in range(self.plaatsen):
                bezitter = self._rij[2 * plek]
                if bezitter == 0 or not _leeft(bezitter):
                    self._rij[2 * plek] = pid
                    self._rij[2 * plek + 1] = 0
                    return plek
        return None

    def geef_vrij(self, plek: int) -> None:
        with self._rij.get_lock():
            self._rij[2 * plek] = 0
            self._rij[2 * plek + 1] = 0

    def zet(self, plek: int, verbindingen: int) -> None:
        """Note that the worker at ``plek`` holds ``verbindingen`` connections."""
        self._rij[2 * plek + 1] = verbindingen

    def minste_van_anderen(self, plek: int) -> int | None:
        """The fewest connections a living worker other than ``plek`` holds (None: none)."""
        minste = None
        for ander in range(self.plaatsen):
            pid = self._rij[2 * ander]
            if ander == plek or pid == 0 or not _leeft(pid):
                continue
            aantal = self._rij[2 * ander + 1]
            minste = aantal if minste is None else min(minste, aantal)
        return minste


def werkerklasse(verdeling: Verdeling) -> type:
    """gunicorn's ``gthread`` worker that accepts only while it holds no more connections than
    the least busy other worker of ``verdeling`` (see the module)."""
    from gunicorn.workers.gthread import ThreadWorker

    class GelijkVerdeeld(ThreadWorker):  # type: ignore[misc]
        _plek: int | None = None
        _grens: int = 1000

        @property  # type: ignore[override]
        def worker_connections(self) -> int:
            # read once per turn of the worker's loop: "accept while nr_conns < this"
            if self._plek is None:
                return self._grens
            verdeling.zet(self._plek, self.nr_conns)
            minste = verdeling.minste_van_anderen(self._plek)
            if minste is None or self.nr_conns <= minste:
                return self._grens
            return self.nr_conns  # the others take the next one

        @worker_connections.setter
        def worker_connections(self, waarde: int) -> None:
            self._grens = waarde

        def init_process(self) -> None:
            self._plek = verdeling.neem(os.getpid())
            super().init_process()

        def run(self) -> Any:
            try:
                return super().run()
            finally:
                if self._plek is not None:
                    verdeling.geef_vrij(self._plek)

    return GelijkVerdeeld
