"""The package's browser modules on folium maps (:mod:`locatieplanner.weergave.scripts`): script
tags, JSON blocks, inlining into a self-contained file, and data that stays data."""

from __future__ import annotations

import base64
import json
import re

import folium
import pytest

from locatieplanner.errors import ConfiguratieFout
from locatieplanner.weergave import kaartlaag, scripts

LEEG = {"type": "FeatureCollection", "features": []}


def _locaties(naam: str) -> dict:
    eigenschappen = {"id": 1, "naam": naam, "hardheid": "hard"}
    punt = {"type": "Point", "coordinates": [4.3, 52.0]}
    return {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "id": 1, "geometry": punt, "properties": eigenschappen}],
    }


def _blok(html: str, module: str) -> dict:
    patroon = rf'<script type="application/json" data-lp-module="{module}">(.*?)</script>'
    return json.loads(re.search(patroon, html, re.S).group(1))


def test_modules_en_hun_imports_bestaan():
    for module in ("kaartlagen.js", "legenda.js", "keuzekaart.js", "choropleet.js", "planner.js"):
        bron = scripts.js_bron(module)
        for dep in scripts.js_imports(bron):
            assert scripts.js_bron(dep)
    assert scripts.js_imports(scripts.js_bron("kaartlagen.js")) == ["gedeeld.js"]
    assert scripts.js_imports(scripts.js_bron("gedeeld.js")) == []
    with pytest.raises(ConfiguratieFout, match="bestaat-niet.js ontbreekt"):
        scripts.js_bron("bestaat-niet.js")


def test_kaart_laadt_modules_met_gegevens_als_json():
    kaart = kaartlaag.bouw_kaart("/l.geojson", "/g.geojson", basiskaart=None)
    d = kaartlaag.kaart_onderdelen(kaart, "/app/static/vendor/")
    assert '<script type="module" src="/app/static/js/kaartlagen.js"></script>' in d["header"]
    assert '<script type="module" src="/app/static/js/legenda.js"></script>' in d["header"]
    gegevens = _blok(d["html"], "kaartlagen")
    assert gegevens["bronnen"] == {"locaties": "/l.geojson", "gemeenten": "/g.geojson"}
    assert gegevens["kaart"] == kaart.get_name()
    assert f"var {gegevens['kaart']} = L.map(" in d["script"]
    for laag in gegevens["lagen"].values():
        assert f"var {laag} = L.featureGroup(" in d["script"]
    legenda = _blok(d["html"], "legenda")
    assert f'id="{legenda["id"]}"' in d["html"]


@pytest.mark.parametrize("naam", ["{{ 7*7 }}", "{% if true %}x{% endif %}", "{# weg #}"])
def test_namen_worden_geen_sjabloon(naam):
    """folium parses a rendered macro as a template once more; a Module adds it as it is, so
    Jinja in data (template injection) stays text."""
    kaart = kaartlaag.bouw_kaart(_locaties(naam), LEEG, basiskaart=None)
    html = kaartlaag.kaart_onderdelen(kaart)["html"]
    locaties = _blok(html, "kaartlagen")["bronnen"]["locaties"]
    assert locaties["features"][0]["properties"]["naam"] == naam


def test_veilig_inline_kan_script_niet_afsluiten():
    bron = 'const a = "</script><!-- <SCRIPT>"; // </Script>\n'
    veilig = scripts.veilig_inline(bron)
    assert "</script" not in veilig.lower() and "<!--" not in veilig
    assert veilig == 'const a = "<\\/script><\\!-- <SCRIPT>"; // <\\/Script>\n'


def test_inline_modules_met_importmap():
    kaart = kaartlaag.bouw_kaart(_locaties("</script><!--"), LEEG, basiskaart=None)
    kaartlaag.Legenda().add_to(kaart)  # a second element with the same module
    figuur = kaart.get_root()
    assert scripts.inline_modules(figuur) == ["kaartlagen.js", "legenda.js"]
    html = figuur.render()
    assert '<script type="module" src' not in html
    # each module once, as written in the package (made safe for the script element)
    for module in ("kaartlagen.js", "legenda.js"):
        assert html.count(scripts.veilig_inline(scripts.js_bron(module))) == 1
    # the import map comes before the modules and maps the import to the package's source
    kaartje = re.search(r'<script type="importmap">(.*?)</script>', html, re.S)
    assert kaartje.start() < html.index('<script type="module">')
    (doel,) = json.loads(kaartje.group(1))["imports"].values()
    assert list(json.loads(kaartje.group(1))["imports"]) == ["./gedeeld.js"]
    inhoud = base64.b64decode(doel.removeprefix("data:text/javascript;base64,")).decode("utf-8")
    assert inhoud == scripts.js_bron("gedeeld.js")


def test_inline_weigert_diepere_imports(monkeypatch):
    echt = scripts.js_bron
    nep = {"kaartlagen.js": 'import {a} from "./a.js";\n', "a.js": 'import "./b.js";\n'}
    monkeypatch.setattr(scripts, "js_bron", lambda naam: nep.get(naam) or echt(naam))
    kaart = folium.Map(tiles=None)
    groep = folium.FeatureGroup().add_to(kaart)
    kaartlaag.Kaartlagen(groep, groep, groep, "/l", "/g").add_to(kaart)
    with pytest.raises(ConfiguratieFout, match="a.js .*importeert zelf modules"):
        scripts.inline_modules(kaart.get_root())
