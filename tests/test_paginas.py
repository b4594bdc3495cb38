"""Every web page of the route table (generated, see paginas.py) and the error pages share the
layout of basis.html (header with the main navigation, main, footer, the app's CSS) and show no
command-line option names; rendered as the administrator on the example data in a real SQLite
file."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from aanmelding import client_als
from conftest import database_url
from paginas import (
    CLI_OPTIE,
    OVERGESLAGEN,
    VOORBEELDEN,
    Route,
    html_paginas,
    routes_met_parameters,
    zichtbare_tekst,
)

from locatieplanner.uitwisseling.demo import laad_demo
from locatieplanner.web import create_app

#: The pages that exist today: the generated list must hold at least these (a broken generator
#: must not pass by finding nothing).
BEKENDE_PAGINAS = {
    "aanmelden.welkom",
    "aanmelden.account",
    "aanmelden.aanmelden",
    "kaart.index",
    "spreiding.index",
    "uitwisseling.exporteer",
    "uitwisseling.importeer_pagina",
}


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    """The app on the example data (with its shipped boundaries, offline)."""
    url = database_url(tmp_path_factory.mktemp("paginas"))
    laad_demo(url, download=False)
    return create_app({"TESTING": True, "DATABASE_URL": url, "BASISKAART": False})


@pytest.fixture(scope="module")
def paginas(demo_app):
    """Every page as the administrator, and the pages open to anonymous visitors as one."""
    pagina = html_paginas(demo_app, client_als(demo_app))
    anoniem = html_paginas(demo_app, demo_app.test_client(), alleen_openbaar=True)
    return pagina | {replace(r, endpoint=r.endpoint + " (anoniem)"): h for r, h in anoniem.items()}


def _foutpaginas(app) -> dict[int, str]:
    """An error page of each status a visitor meets: 400, 403, 404, 405."""
    html = {"Accept": "text/html"}
    beheerder = client_als(app)
    antwoorden = {
        400: beheerder.post(
            "/importeer",
            data={"soort": "verkeerd"},
            content_type="multipart/form-data",
            headers=html,
        ),
        # a write with a session (here: none yet) but without an Origin header
        403: app.test_client().post("/aanmelden", data={"naam": "x"}, headers=html),
        404: beheerder.get("/bestaat-niet", headers=html),
        405: beheerder.delete("/welkom", headers=html),
    }
    for status, antwoord in antwoorden.items():
        assert antwoord.status_code == status, (status, antwoord.text[:500])
        assert antwoord.mimetype == "text/html"
    return {status: a.text for status, a in antwoorden.items()}


def _landmarks(html: str) -> None:
    """The layout of basis.html: one header with the main navigation, one main, one footer
    (outside main) and the app's stylesheet."""
    assert len(re.findall(r'<header class="lp-navigatie"', html)) == 1
    assert len(re.findall(r'<nav aria-label="Hoofdmenu">', html)) == 1
    assert len(re.findall(r"<main\b", html)) == 1
    assert len(re.findall(r'<footer class="lp-voet"', html)) == 1
    assert html.index("</main>") < html.index('<footer class="lp-voet"')
    assert 'href="/static/css/app.css"' in html


def test_de_lijst_met_parameters_klopt_nog(demo_app):
    """Each GET route with parameters outside the JSON API has sample values or a reason to be
    skipped, and both lists name only routes that still exist with parameters."""
    met = routes_met_parameters(demo_app)
    zonder_uitleg = set(met) - set(VOORBEELDEN) - set(OVERGESLAGEN)
    assert not zonder_uitleg, f"geef voorbeeldwaarden in paginas.VOORBEELDEN: {zonder_uitleg}"
    verouderd = (set(VOORBEELDEN) | set(OVERGESLAGEN)) - set(met)
    assert not verouderd, f"bestaan niet (meer) met parameters: {verouderd}"
    for endpoint, waarden in VOORBEELDEN.items():
        # every path parameter has a value; extra values go in the query string (``formaat``)
        assert set(met[endpoint]) <= set(waarden), endpoint


def test_elke_pagina_heeft_de_gemeenschappelijke_opmaak(paginas):
    assert {r.endpoint for r in paginas} >= BEKENDE_PAGINAS
    # the login form itself, not only the redirect of a logged-in visitor to the welcome page
    assert 'id="aanmeldformulier"' in paginas[Route("aanmelden.aanmelden (anoniem)", "/aanmelden")]
    for route, html in paginas.items():
        try:
            _landmarks(html)
        except AssertionError as fout:
            raise AssertionError(f"{route.endpoint} ({route.url}): {fout}") from fout


def test_geen_pagina_noemt_opties_van_de_opdrachtregel(paginas, demo_app):
    teksten = {r.endpoint: zichtbare_tekst(h) for r, h in paginas.items()}
    teksten |= {f"fout {s}": zichtbare_tekst(h) for s, h in _foutpaginas(demo_app).items()}
    gevonden = {
        naam: CLI_OPTIE.findall(tekst) for naam, tekst in teksten.items() if CLI_OPTIE.search(tekst)
    }
    assert gevonden == {}


def test_foutpaginas_hebben_de_gemeenschappelijke_opmaak(demo_app):
    for status, html in _foutpaginas(demo_app).items():
        _landmarks(html)
        assert f'data-status="{status}"' in html


def test_tekstlezer_ziet_wat_een_bezoeker_ziet():
    """The check itself: option names in text and titles are found, en dashes, CSS and scripts
    are not."""
    html = (
        '<style>:root { --lp-blauw: #000; }</style><p title="met --peiljaar">2021–2030</p>'
        "<script>const x = '--zacht';</script><code>locatieplanner analyse --json</code>"
    )
    assert CLI_OPTIE.findall(zichtbare_tekst(html)) == ["--p", "--j"]
