"""Shared machinery of the browser tests: headless Chromium via Playwright, the real app served by
werkzeug on 127.0.0.1 in a thread, and page visits that record requests, errors and dialogs.

tests/conftest.py wraps these generators in the fixtures ``chromium`` (one browser per test
module), ``serveer`` and ``bezoek``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conftest import PROJECT, database_url, vereist
from shapely.geometry import Point, box
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from locatieplanner.domein.model import Corporatie, Gemeente, Locatie, Onttrekking, Toewijzing
from locatieplanner.domein.regio import Regio
from locatieplanner.store import Store
from locatieplanner.web import create_app

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "ARTEFACTEN",
    "XSS",
    "Server",
    "Bezoek",
    "playwright",
    "chromium",
    "maak_app",
    "draai",
    "serveer",
    "xss_store",
    "bezoek",
    "wacht",
    "pagina_als",
    "schermafdruk",
]

CHROMIUM = Path("/usr/bin/chromium")
ARTEFACTEN = PROJECT / "test-artefacten"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: The payloads of the field notes: each must stay literal text and open no dialog.
XSS = [
    "<img src=x onerror=alert(1)>",
    "${alert(2)}",
    "x\\`);alert(3);//",
    "</script><script>alert(4)</script>",
]


def playwright() -> Any:
    """Playwright's ``sync_playwright()`` (a context manager), or a skip (a failure under CI=true)
    without Chromium or Playwright."""
    vereist(CHROMIUM.exists(), f"Chromium ontbreekt: {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the machine
        vereist(False, "Playwright ontbreekt (pip install playwright)")
    return sync_playwright()


def chromium() -> Iterator[Any]:
    """A headless Chromium (Playwright), or a skip (a failure under CI=true) without one."""
    with playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@dataclass
class Server:
    url: str
    extra: dict[str, Callable[[], Response]] = field(default_factory=dict)


def maak_app(url: str, **extra: Any) -> Any:
    """The app for a test against the store at ``url``: no base map (no tile requests); the
    test accounts exist, so pages can log in."""
    from aanmelding import zorg_voor_account

    zorg_voor_account(url)
    return create_app({"TESTING": True, "DATABASE_URL": url, "BASISKAART": False, **extra})


@contextmanager
def draai(wsgi: Any) -> Iterator[str]:
    """Serve ``wsgi`` on 127.0.0.1 at a free port in a thread; gives its base URL and stops the
    server afterwards."""
    srv = make_server("127.0.0.1", 0, wsgi, threaded=True)
    draad = threading.Thread(target=srv.serve_forever, daemon=True)
    draad.start()
    try:
        yield f"http://127.0.0.1:{srv.server_port}"
    finally:
        srv.shutdown()
        srv.server_close()
        draad.join(timeout=5)


def serveer() -> Iterator[Callable[..., Server]]:
    """``start(app, extra)``: serve the app (with optional extra pages) on 127.0.0.1 at a free
    port in a thread; all servers stop afterwards."""
    with ExitStack() as gestart:

        def start(app: Any, extra: dict[str, Callable[[], Response]] | None = None) -> Server:
            pagina = dict(extra or {})

            def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
                maker = pagina.get(environ.get("PATH_INFO", ""))
                if maker is not None:
                    return maker()(environ, start_response)
                return app(environ, start_response)

            return Server(gestart.enter_context(draai(wsgi)), pagina)

        yield start


@dataclass
class Bezoek:
    """A page with everything it did recorded."""

    page: Any
    origin: str
    context: Any = None
    verzoeken: list[str] = field(default_factory=list)
    mislukt: list[str] = field(default_factory=list)
    console_fouten: list[str] = field(default_factory=list)
    dialogen: list[str] = field(default_factory=list)

    def extern(self) -> list[str]:
        return [
            u
            for u in self.verzoeken
            if not (u.startswith(self.origin + "/") or u.startswith("data:"))
        ]


def pagina_als(chromium: Any, origin: str, account: Any) -> Any:
    """A new page logged in as ``account`` through the real login form; the dialogs it opens
    (``page.dialogen``, dismissed) and its script errors (``page.fouten``) are recorded."""
    from aanmelding import meld_aan

    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10000)
    page.dialogen = []
    page.fouten = []
    page.on("dialog", lambda d: (page.dialogen.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.fouten.append(str(e)))
    page.on("console", lambda m: page.fouten.append(m.text) if m.type == "error" else None)
    meld_aan(page, origin, account)
    return page


def schermafdruk(page: Any, naam: str) -> None:
    """A full-page screenshot in test-artefacten/."""
    ARTEFACTEN.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTEN / naam), full_page=True)


def wacht(page: Any, functie: str, arg: Any = None, timeout: float = 10000) -> Any:
    """``page.wait_for_function`` with a function (a JS arrow function as text): an expression
    string would be evaluated with ``eval``, which a strict Content-Security-Policy forbids."""
    return page.wait_for_function(functie, arg=arg, timeout=timeout)


def bezoek(browser: Any, viewport: dict[str, int] | None = None) -> Iterator[Callable[..., Bezoek]]:
    """``open_pagina(url, origin, klaar=...)``: a new browser context and page at ``url`` that
    waits until ``klaar`` (a JS function) is true (``voor(page)`` runs before it is opened);
    contexts close afterwards."""
    contexten: list[Any] = []
    sessies: dict[str, Any] = {}

    def sessie(origin: str) -> Any:
        """Cookies of a session of the test administrator at ``origin``: logged in once through
        the real login form, then reused by every page of this test."""
        if origin not in sessies:
            from aanmelding import meld_aan

            context = browser.new_context()
            try:
                meld_aan(context.new_page(), origin)
                sessies[origin] = context.storage_state()
            finally:
                context.close()
        return sessies[origin]

    def open_pagina(
        url: str,
        origin: str,
        klaar: str | None = "() => window.locatieplanner && window.locatieplanner.geladen",
        aangemeld: bool = True,
        voor: Callable[[Any], None] | None = None,
    ) -> Bezoek:
        context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 860},
            storage_state=sessie(origin) if aangemeld else None,
        )
        contexten.append(context)
        # a safety net: whatever the page asks of another address is recorded, never sent
        # (a regular expression is matched inside Playwright; a Python function would make
        # every request wait for this process)
        context.route(
            re.compile("^(?!" + re.escape(origin) + "/|data:)"),
            lambda route: route.abort("blockedbyclient"),
        )
        page = context.new_page()
        page.set_default_timeout(10000)
        b = Bezoek(page, origin, context)
        page.on("request", lambda r: b.verzoeken.append(r.url))
        page.on(
            "requestfailed",
            # a view request the planner aborted itself (the map moved on before its answer
            # came, AbortController in filters.js) is not a failure
            lambda r: (
                None
                if "/api/v1/kaartbeeld" in r.url and r.failure == "net::ERR_ABORTED"
                else b.mislukt.append(f"{r.url}: {r.failure}")
            ),
        )
        page.on(
            "response",
            lambda r: b.mislukt.append(f"{r.url}: HTTP {r.status}") if r.status >= 400 else None,
        )
        page.on("console", lambda m: b.console_fouten.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: b.console_fouten.append(f"pageerror: {e}"))

        def dialoog(d: Any) -> None:
            b.dialogen.append(d.message)
            d.dismiss()

        page.on("dialog", dialoog)
        if voor:
            voor(page)  # e.g. routes that hold back an answer
        page.goto(url)
        if klaar:
            wacht(page, klaar, timeout=15000)
        return b

    yield open_pagina
    for c in contexten:
        c.close()


def xss_store(tmp_path: Path, *, uitgebreid: bool = False) -> Store:
    """A store whose region, municipality, corporations and sites are named after the payloads of
    :data:`XSS`: two hard points and two soft polygons. ``uitgebreid``: each payload is also the
    remark of its site and the reason and remark of a removal."""
    store = Store.open(database_url(tmp_path))
    store.zet_regio(
        Regio(
            "<script>alert(5)</script>",
            2021,
            2030,
            1000,
            {"GM0518": "<img src=x onerror=alert(6)>"},
        )
    )
    store.bewaar_gemeenten(
        [Gemeente("GM0518", "<img src=x onerror=alert(6)>", box(70000, 440000, 95000, 465000))]
    )
    for i, payload in enumerate(XSS):
        store.bewaar_corporatie(Corporatie(payload, f"C{i}", ["GM0518"]))
        store.voeg_locatie_toe(
            Locatie(
                payload,
                Point(74000 + i * 5000, 452000)
                if i % 2
                else box(74000 + i * 5000, 452000, 75500 + i * 5000, 453500),
                "1A" if i % 2 else "3",
                daeb=10,
                opmerking=payload if uitgebreid else None,
                toewijzingen=[Toewijzing(payload, 5)],
            )
        )
        if uitgebreid:
            store.voeg_onttrekking_toe(
                Onttrekking("GM0518", 2025, 3, "sloop", payload, None, payload)
            )
    return store
