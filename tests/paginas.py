"""The web pages of the app, generated from its route table, for the tests that look at every page
(test_paginas.py: layout and text; test_paginas_browser.py: screenshots in Chromium).

Every GET route is a candidate: one without parameters is requested and is a page when it answers
HTML; a route with parameters needs sample values in :data:`VOORBEELDEN` or a reason in
:data:`OVERGESLAGEN` (the tests check that both lists are still accurate), except the routes of the
JSON API (:data:`JSON_BLUEPRINTS`). A page added later is covered without changing these tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from locatieplanner.web.toegang import regel_van

__all__ = [
    "VOORBEELDEN",
    "OVERGESLAGEN",
    "JSON_BLUEPRINTS",
    "Route",
    "get_routes",
    "routes_met_parameters",
    "html_paginas",
    "zichtbare_tekst",
    "CLI_OPTIE",
]

#: Sample values of the parameters of page routes: endpoint -> values for ``url_for``.
VOORBEELDEN: dict[str, dict[str, Any]] = {
    # the example data's first bid version and removal
    "biedingen.bod": {"bod_id": 1},
    "onttrekkingen.onttrekking": {"onttrekking_id": 1},
    # the example data's first case
    "casussen.casus": {"casus_id": 1},
    "casussen.bewerken": {"casus_id": 1},
    # the conversation agenda of a municipality of the example data, and its printable page
    "agenda.gemeente": {"gemeente": "GM0518"},
    "agenda.afdrukken": {"gemeente": "GM0518"},
    # the documents of 's-Gravenhage (downloads as XLSX: no page) and its explanation's form
    "documenten.overzicht": {"gemeente": "GM0518", "formaat": "xlsx"},
    "documenten.bijlage": {"gemeente": "GM0518", "corporatie_id": 1, "formaat": "xlsx"},
    "documenten.toelichting": {"gemeente": "GM0518"},
}
#: GET routes with parameters that are no page, and why.
OVERGESLAGEN: dict[str, str] = {
    "static": "bestanden (CSS, JavaScript, vendor), geen pagina",
    "spreiding.signalen": "een HTML-fragment dat /spreiding ophaalt, geen pagina "
    "(test_spreiding.py, test_signalen.py)",
    "spreiding.deel": "een HTML-fragment dat /spreiding ophaalt, geen pagina (test_spreiding.py)",
    "agenda.bewerken": "de voorbeelddata hebben nog geen agendapunten (issue 11 punt 7); het "
    "formulier wordt getest in test_api_agenda.py en test_agenda_browser.py",
}
#: Blueprints that answer JSON only (the REST API); their routes with parameters are skipped.
JSON_BLUEPRINTS = frozenset({"api"})
#: A command-line option name as a person would type it (``--peiljaar``), not an en dash.
CLI_OPTIE = re.compile(r"(?<![\w-])--[a-z]")


@dataclass(frozen=True)
class Route:
    endpoint: str
    url: str


def _blueprint(endpoint: str) -> str | None:
    return endpoint.rsplit(".", 1)[0] if "." in endpoint else None


def routes_met_parameters(app: Any) -> dict[str, list[str]]:
    """GET routes with parameters outside the JSON API: endpoint -> parameter names."""
    uit: dict[str, list[str]] = {}
    for regel in app.url_map.iter_rules():
        json_route = _blueprint(regel.endpoint) in JSON_BLUEPRINTS
        if "GET" in regel.methods and regel.arguments and not json_route:
            uit[regel.endpoint] = sorted(regel.arguments)
    return uit


def get_routes(app: Any) -> list[Route]:
    """Every GET route that can be requested as is: those without parameters and those with
    sample values, each with its URL, sorted by endpoint."""
    adapter = app.url_map.bind("localhost")
    uit = []
    for regel in app.url_map.iter_rules():
        if "GET" not in regel.methods or regel.endpoint in OVERGESLAGEN:
            continue
        if regel.arguments:
            if regel.endpoint not in VOORBEELDEN:
                continue  # a JSON route, or a page without sample values (a test fails then)
            url = adapter.build(regel.endpoint, VOORBEELDEN[regel.endpoint])
        else:
            url = regel.rule
        uit.append(Route(regel.endpoint, url))
    return sorted(uit, key=lambda r: r.endpoint)


def html_paginas(app: Any, client: Any, alleen_openbaar: bool = False) -> dict[Route, str]:
    """The routes of :func:`get_routes` that answer ``client`` (following redirects) with an HTML
    page, and that page; every route must answer 200. ``alleen_openbaar``: only the routes open
    to anonymous visitors (the login page), for a client that is not logged in."""
    uit = {}
    for route in get_routes(app):
        if alleen_openbaar and regel_van(app, route.endpoint) != "openbaar":
            continue
        antwoord = client.get(route.url, follow_redirects=True)
        assert antwoord.status_code == 200, (route, antwoord.status_code, antwoord.text[:500])
        if antwoord.mimetype == "text/html":
            uit[route] = antwoord.text
    return uit


class _Tekstlezer(HTMLParser):
    """The text a visitor sees or hears: text outside script/style and the attributes that are
    shown or read aloud (title, placeholder, alt, aria-label, value of buttons)."""

    _ONZICHTBAAR = frozenset({"script", "style"})
    _ATTRIBUTEN = ("title", "placeholder", "alt", "aria-label")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.delen: list[str] = []
        self.verborgen = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._ONZICHTBAAR:
            self.verborgen += 1
            return
        a = dict(attrs)
        self.delen.extend(str(a[k]) for k in self._ATTRIBUTEN if a.get(k))
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.delen.append(str(a["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._ONZICHTBAAR and self.verborgen:
            self.verborgen -= 1

    def handle_data(self, data: str) -> None:
        if not self.verborgen:
            self.delen.append(data)


def zichtbare_tekst(html: str) -> str:
    lezer = _Tekstlezer()
    lezer.feed(html)
    lezer.close()
    return " ".join(" ".join(lezer.delen).split())
