"""The production server: gunicorn with several worker processes and threads, JSON request logs.

``locatieplanner serve`` runs this; Werkzeug's development server only with ``--debug``. Every
worker builds its own app (and database engine) after the fork; the secret key comes from the
instance folder or the environment, so all workers sign sessions alike.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import logging
import sys
import time
from typing import Any

from flask import Flask, g, request

__all__ = [
    "JsonFormatter",
    "logvelden",
    "start_productieserver",
    "registreer_verzoeklog",
    "verzoekvelden",
]

#: Logger of one JSON line per request.
LOGGER = "locatieplanner.verzoeken"
#: The interpreter's switch interval (s) in a worker process: how long a thread holds the
#: interpreter's lock while another asks for it.
SCHAKELINTERVAL = 0.001
#: glibc's malloc arenas per worker process: its threads (requests, warming, the shared
#: cache's) would otherwise each take an arena of their own and keep its freed memory.
MALLOC_ARENAS = 2


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message and the fields
    passed as ``extra={"velden": {...}}``."""

    def format(self, record: logging.LogRecord) -> str:
        regel: dict[str, Any] = {
            "tijd": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "niveau": record.levelname.lower(),
            "logger": record.name,
            "melding": record.getMessage(),
        }
        regel.update(getattr(record, "velden", {}))
        if record.exc_info:
            regel["fout"] = self.formatException(record.exc_info)
        return json.dumps(regel, ensure_ascii=False, default=str)


def verzoekvelden(**extra: Any) -> dict[str, Any]:
    """The fields of a log line about this request: method, path, account, address."""
    return logvelden(request.method, request.path, g.get("account"), request.remote_addr, **extra)


def logvelden(
    methode: str, pad: str, account: Any, adres: str | None, **extra: Any
) -> dict[str, Any]:
    """The fields of a log line about a request (``account``: an Account or None)."""
    return {
        "methode": methode,
        "pad": pad,
        "account": getattr(account, "naam", None),
        "adres": adres,
        **extra,
    }


def registreer_verzoeklog(app: Flask) -> None:
    """Log every request as one JSON line (method, path, status, bytes, duration, account)."""
    logger = logging.getLogger(LOGGER)

    @app.before_request
    def _begin() -> None:
        g._begin = time.perf_counter()

    @app.after_request
    def _log(antwoord: Any) -> Any:
        begin = g.get("_begin")
        duur = round((time.perf_counter() - begin) * 1000, 1) if begin else None
        velden = verzoekvelden(
            status=antwoord.status_code, bytes=antwoord.calculate_content_length(), duur_ms=duur
        )
        herkomst = g.get("_lp_antwoord")
        if herkomst is not None:  # a kept operation: "bewaard", "gewacht" or "berekend"
            velden["antwoord"] = herkomst
        logger.info("verzoek", extra={"velden": velden})
        return antwoord


def _logging_instellen() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for naam in ("locatieplanner", "gunicorn.error"):
        logger = logging.getLogger(naam)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


def _beperk_malloc_arenas(aantal: int) -> bool:
    """Let glibc's malloc use at most ``aantal`` arenas in this process (as the environment
    variable ``MALLOC_ARENA_MAX`` would; for threads started after this call); False where that
    is not available (another C library)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_ARENA_MAX, aantal))


#: ``M_ARENA_MAX`` of glibc's ``mallopt``.
_M_ARENA_MAX = -8


def start_productieserver(
    maak_app: Any, host: str, port: int, workers: int = 2, threads: int = 4, timeout: int = 120
) -> None:
    """Run gunicorn (``gthread`` workers that spread keep-alive connections evenly,
    :mod:`.werkers`) in the foreground until stopped (SIGTERM/Ctrl+C).
    ``maak_app`` is called in every worker after the fork; the workers share one answer cache
    (:func:`.antwoordcache.deel_tussen_werkprocessen`), removed when the server exits."""
    from gunicorn.app.base import BaseApplication
    from gunicorn.glogging import Logger

    from .antwoordcache import deel_tussen_werkprocessen
    from .werkers import Verdeling, werkerklasse

    opruimen = deel_tussen_werkprocessen()
    # keep-alive connections spread evenly over the workers (room for restarted ones)
    werker = werkerklasse(Verdeling(2 * workers))

    class _JsonLogger(Logger):
        def setup(self, cfg: Any) -> None:
            super().setup(cfg)
            _logging_instellen()

    class _App(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for sleutel, waarde in {
                "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
                "workers": workers,
                "threads": threads,
                "worker_class": werker,
                "timeout": timeout,
                "graceful_timeout": 30,
                "accesslog": None,
                "logger_class": _JsonLogger,
                "proc_name": "locatieplanner",
                "forwarded_allow_ips": "127.0.0.1,::1",
                "on_exit": lambda _server: opruimen(),
            }.items():
                self.cfg.set(sleutel, waarde)
            # gunicorn >= 25.1 opens a control socket at one path per user
            # (~/.gunicorn/gunicorn.ctl): two instances would take over each other's
            if "control_socket_disable" in self.cfg.settings:
                self.cfg.set("control_socket_disable", True)

        def load(self) -> Any:
            _logging_instellen()
            # a thread serving a kept answer gets the interpreter's lock back sooner from one
            # computing a new answer (the default is 5 ms per hand-over)
            sys.setswitchinterval(SCHAKELINTERVAL)
            _beperk_malloc_arenas(MALLOC_ARENAS)
            app = maak_app()
            # the worker's warming in one background thread (see .voorverwarmen): the first
            # view's work, and the distribution page's analysis (computed, or read from the
            # workers' shared store) that /gereed waits for
            from .voorverwarmen import start

            start(app)
            return app

    try:
        _App().run()
    finally:
        opruimen()
