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

:class:`Beurten` lets a worker keep more threads than work at the same time: a request works
only in one of ``threads`` turns, handed out in order of arrival, and gives its turn back while
it waits for another request's work (an answer another thread or worker computes, see
:class:`.antwoordcache.Eenmalig`). A request waiting for a new answer so no longer keeps a
request asking for a kept one from a thread, and the threads working at the same time stay as
few as the server's ``threads`` (more would mostly wait for each other for the interpreter's
lock).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterator
from typing import Any

__all__ = ["Beurten", "Verdeling", "beurt", "stel_beurten_in", "wacht_zonder_beurt", "werkerklasse"]

_log = logging.getLogger("locatieplanner.werkers")

#: Seconds a request waits at most for a turn (then it works without one: never stuck).
BEURT_WACHTTIJD = 60.0


class Beurten:
    """At most ``aantal`` threads of this process working at the same time, the turns handed
    out in order of arrival (see the module)."""

    def __init__(self, aantal: int, wachttijd: float = BEURT_WACHTTIJD) -> None:
        if aantal < 1:
            raise ValueError(f"aantal is {aantal}; toegestaan is 1 of meer")
        self.aantal = aantal
        self.wachttijd = wachttijd
        self._slot = threading.Lock()
        self._vrij = aantal
        self._rij: deque[threading.Event] = deque()
        self._lokaal = threading.local()

    @property
    def vrij(self) -> int:
        """Turns free now."""
        with self._slot:
            return self._vrij

    @property
    def wachtend(self) -> int:
        """Threads waiting for a turn now."""
        with self._slot:
            return len(self._rij)

    def heeft_beurt(self) -> bool:
        """Whether the calling thread holds a turn."""
        return bool(getattr(self._lokaal, "heeft", False))

    def neem(self) -> bool:
        """Take a turn for the calling thread (waiting behind those that asked first, at most
        :attr:`wachttijd`); False when the wait ran out (the thread then works without one)."""
        with self._slot:
            if self._vrij and not self._rij:
                self._vrij -= 1
                self._lokaal.heeft = True
                return True
            beurt = threading.Event()
            self._rij.append(beurt)
        if not beurt.wait(self.wachttijd):
            with self._slot:
                if beurt in self._rij:
                    self._rij.remove(beurt)
                    _log.warning("geen beurt binnen %s s: het verzoek werkt zonder", self.wachttijd)
                    self._lokaal.heeft = False
                    return False
        # handed over by geef()
        self._lokaal.heeft = True
        return True

    def geef(self) -> None:
        """Give the calling thread's turn back (to the first waiting, else free)."""
        if not self.heeft_beurt():
            return
        self._lokaal.heeft = False
        with self._slot:
            if self._rij:
                self._rij.popleft().set()
            else:
                self._vrij += 1


#: The turns of this worker process (:func:`stel_beurten_in`; None: no limit, as in tests and
#: the development server).
_BEURTEN: Beurten | None = None


def stel_beurten_in(aantal: int | None) -> Beurten | None:
    """Let at most ``aantal`` threads of this process work at the same time (None: no limit)."""
    global _BEURTEN
    _BEURTEN = Beurten(aantal) if aantal else None
    return _BEURTEN


@contextlib.contextmanager
def beurt() -> Iterator[None]:
    """Work in a turn of this process (at once without a limit, or when the thread has one)."""
    beurten = _BEURTEN
    if beurten is None or beurten.heeft_beurt():
        yield
        return
    beurten.neem()
    try:
        yield
    finally:
        beurten.geef()


@contextlib.contextmanager
def wacht_zonder_beurt() -> Iterator[None]:
    """Wait (for another request's work) without holding a turn: the calling thread's turn is
    given back meanwhile and taken again (in order) afterwards."""
    beurten = _BEURTEN
    if beurten is None or not beurten.heeft_beurt():
        yield
        return
    beurten.geef()
    try:
        yield
    finally:
        beurten.neem()


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
