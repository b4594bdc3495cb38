"""Static meeting map: choropleth of net DAEB growth per municipality plus hard and soft sites.

One self-contained HTML file (Leaflet's JS and CSS inlined, its images as data URIs, the package's
modules inlined at build time, no background tiles), so it opens offline from a USB stick or an
e-mail. Built on :mod:`locatieplanner.weergave.kaartlaag` (the only module that reprojects to
EPSG:4326 and that draws the site layers and the legend of the sites); the choropleth is the
module ``choropleet.js``. All data is embedded as escaped JSON and every text the browser shows is
set with ``textContent``.

Colours: net DAEB growth (hard + soft, ``netto_daeb_totaal``) in classes of a "nice" width
(1, 2 or 5 times a power of ten) so that at most four green classes cover the largest growth;
growth of 0 or less is red.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import folium
from folium.elements import JSCSSMixin

from ..analyse.resultaat import Analyse
from ..errors import BestandFout, ConfiguratieFout
from . import kaartlaag
from .analyse_uitvoer import getal
from .datum import datum_tekst
from .scripts import Module, Tekst, boom, inline_modules, sjabloon

__all__ = [
    "Klasse",
    "klassen",
    "bouw_analysekaart",
    "schrijf_kaart",
    "standaard_kaartpad",
    "inline_leaflet",
    "LAAGNAAM",
]

#: Name of the choropleth in the layer control.
LAAGNAAM = "Netto groei DAEB (hard + zacht)"
#: Fill of municipalities whose DAEB stock does not grow.
KRIMP = "#de2d26"
#: Fills of the growth classes, light to dark.
GROEI = ("#c7e9c0", "#74c476", "#31a354", "#006d2c")


@dataclass(frozen=True)
class Klasse:
    """A colour class: values ``> onder`` and ``<= boven`` (None: unbounded) get ``kleur``."""

    onder: int | None
    boven: int | None
    kleur: str

    @property
    def label(self) -> str:
        if self.onder is None:
            return f"{getal(self.boven)} of minder"
        return f"{getal(self.onder + 1)} – {getal(self.boven)}"

    def bevat(self, waarde: int) -> bool:
        return (self.onder is None or waarde > self.onder) and (
            self.boven is None or waarde <= self.boven
        )


def _mooie_stap(waarde: float) -> int:
    """The smallest 1, 2 or 5 times a power of ten that is at least ``waarde`` (at least 1)."""
    stap = 1
    while True:
        for f in (1, 2, 5):
            if f * stap >= waarde:
                return f * stap
        stap *= 10


def klassen(waarden: list[int]) -> list[Klasse]:
    """The classes for these values: ``<= 0`` (red), then up to four green classes of a nice
    width up to the largest value."""
    uit = [Klasse(None, 0, KRIMP)]
    hoogste = max([w for w in waarden if w > 0], default=0)
    if hoogste <= 0:
        return uit
    stap = _mooie_stap(hoogste / len(GROEI))
    aantal = -(-hoogste // stap)  # ceil
    for i in range(aantal):
        uit.append(Klasse(i * stap, (i + 1) * stap, GROEI[i]))
    return uit


def _teken(n: int) -> str:
    """A change with its sign: ``+560``, ``-30``, ``0``."""
    return ("+" if n > 0 else "") + getal(n)


_CHOROPLEET_STIJL = """
<style>
.lp-titel { background: rgba(255, 255, 255, 0.95); padding: 0.5rem 0.8rem; border-radius: 4px;
  box-shadow: 0 1px 5px rgba(0, 0, 0, 0.4); color: #212529; max-width: 30rem; }
.lp-titel h1 { font-size: 1.05rem; margin: 0 0 0.2rem; font-weight: 600; }
.lp-titel p { font-size: 0.8rem; margin: 0; color: #495057; }
.lp-keuzelegenda { background: rgba(255, 255, 255, 0.94); padding: 0.5rem 0.75rem; border-radius: 4px;
  box-shadow: 0 1px 5px rgba(0, 0, 0, 0.4); font-size: 0.8rem; line-height: 1.3; color: #212529; }
.lp-keuzelegenda div.rij { display: flex; align-items: center; gap: 0.4rem; margin: 0.15rem 0; }
.lp-keuzelegenda span.vak { display: inline-block; width: 1.4rem; height: 0.9rem;
  border: 1px solid #495057; }
</style>
"""
_CHOROPLEET_HTML = """
<div id="{{ this.get_name() }}_titel" class="lp-titel" role="heading" aria-level="1">
  <h1>{{ this.titel }}</h1>
  <p>{{ this.ondertitel }}</p>
  <p>{{ this.regel_regio }}</p>
</div>
<div id="{{ this.get_name() }}_legenda" class="lp-keuzelegenda" role="region" aria-label="Legenda netto groei DAEB">
  <div><strong>Netto groei DAEB</strong> <small>(nieuwbouw - onttrekkingen)</small></div>
  {% for k in this.klassen %}<div class="rij"><span class="vak" style="background: {{ k.kleur }}"></span><span>{{ k.label }}</span></div>{% endfor %}
</div>
"""


class _Choropleet(Module):
    """Municipalities filled by class, with the title box and the class legend
    (``choropleet.js``)."""

    _template = sjabloon(_CHOROPLEET_STIJL, _CHOROPLEET_HTML)
    module = "choropleet.js"

    def __init__(
        self,
        groep: folium.FeatureGroup,
        data: dict[str, Any],
        klassen: list[Klasse],
        titel: str,
        ondertitel: str,
        regel_regio: str,
    ) -> None:
        super().__init__()
        self._name = "Choropleet"
        self.groep = groep
        self.data = data
        self.klassen = klassen
        self.titel = html.escape(titel)
        self.ondertitel = html.escape(ondertitel)
        self.regel_regio = html.escape(regel_regio)

    def gegevens(self) -> dict[str, Any]:
        naam = self.get_name()
        return {
            "kaart": self._parent.get_name(),
            "groep": self.groep.get_name(),
            "gemeenten": self.data,
            "titel": f"{naam}_titel",
            "legenda": f"{naam}_legenda",
        }


def _vendor(pad: str) -> Any:
    return resources.files("locatieplanner").joinpath("web/static/vendor").joinpath(pad)


def inline_leaflet(kaart: folium.Map) -> None:
    """Make the page self-contained: Leaflet's JS and CSS inlined (its images as data URIs),
    the package's modules inlined (:func:`~locatieplanner.weergave.scripts.inline_modules`) and
    every other asset link removed. The static map uses only Leaflet (no markers with icons, no
    Bootstrap or jQuery components); :class:`ConfiguratieFout` when it would need more."""
    figuur = kaart.get_root()
    for el in boom(figuur):
        if isinstance(el, JSCSSMixin):
            if not isinstance(el, folium.Map):
                raise ConfiguratieFout(
                    f"De statische kaart kan {type(el).__name__} niet zonder internet tonen"
                )
            el.default_js = []
            el.default_css = []
    try:
        js = _vendor("leaflet/leaflet.js").read_text("utf-8")
        css = _vendor("leaflet/leaflet.css").read_text("utf-8")
    except OSError as e:
        raise ConfiguratieFout(
            f"Leaflet ontbreekt in locatieplanner/web/static/vendor ({e}); voer scripts/vendor.sh uit"
        ) from e

    def data_uri(m: re.Match[str]) -> str:
        bestand = _vendor("leaflet/images").joinpath(m.group(1))
        if not bestand.is_file():
            return "url(data:,)"
        inhoud = base64.b64encode(bestand.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{inhoud})"

    css = re.sub(r"url\(\s*['\"]?images/([A-Za-z0-9_.-]+)['\"]?\s*\)", data_uri, css)
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.I)
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.I)
    figuur.header.add_child(
        Tekst(f"<style>\n{css}\n</style>\n<script>\n{js}\n</script>"), name="leaflet_inline"
    )
    inline_modules(figuur)


def bouw_analysekaart(analyse: Analyse, locaties: Any, gemeenten: list[Any]) -> folium.Map:
    """The folium map: ``locaties`` a GeoDataFrame from ``Store.locaties_gdf()`` (EPSG:28992),
    ``gemeenten`` the :class:`~locatieplanner.domein.model.Gemeente` objects with boundaries."""
    regio = analyse.regio
    leden = [g for g in gemeenten if g.gemeente in regio.gemeenten and g.geometry is not None]
    g = analyse.gemeenten
    waarden = [int(g.at[x.gemeente, "netto_daeb_totaal"]) for x in leden]
    indeling = klassen(waarden)
    fc = kaartlaag.gemeenten_geojson(leden)
    for feature in fc["features"]:
        code = feature["properties"]["gemeente"]
        rij = g.loc[code]
        waarde = int(rij["netto_daeb_totaal"])
        feature["properties"].update(
            naam=regio.gemeenten[code],
            netto_daeb=waarde,
            netto_daeb_hard=int(rij["netto_daeb_hard"]),
            daeb_totaal=int(rij["daeb_totaal"]),
            onttrekkingen_daeb=int(rij["onttrekkingen_daeb"]),
            kleur=next(k.kleur for k in indeling if k.bevat(waarde)),
        )
    namen = dict(regio.gemeenten)
    locaties_fc = kaartlaag.locaties_geojson(locaties, namen)
    grenzen = kaartlaag.kaartgrenzen(leden, locaties)
    kaart = kaartlaag.bouw_kaart(
        locaties_fc, kaartlaag.gemeenten_geojson(leden), grenzen, basiskaart=None
    )
    groep = folium.FeatureGroup(name=LAAGNAAM, show=True).add_to(kaart)
    t = analyse.totalen
    titel = f"Netto groei DAEB per gemeente, {regio.naam} {regio.van}-{analyse.peiljaar}"
    _Choropleet(
        groep,
        fc,
        indeling,
        titel,
        f"Plannen hard + zacht, stand {datum_tekst(analyse.datum)}",
        f"Regio: netto DAEB {_teken(t['netto_daeb_totaal'])} (hard {_teken(t['netto_daeb_hard'])}); "
        f"netto doelgroep {_teken(t['netto_totaal'])} van het doel {_teken(t['doel_netto'])}",
    ).add_to(kaart)
    # the layer control of kaartlaag.bouw_kaart must come after the new layer in the script
    for naam, kind in list(kaart._children.items()):
        if isinstance(kind, folium.LayerControl):
            del kaart._children[naam]
            kaart.add_child(kind, name=naam)
    kaart.get_root().title = html.escape(f"{titel} ({datum_tekst(analyse.datum)})")
    inline_leaflet(kaart)
    return kaart


def standaard_kaartpad(datum: date | None = None) -> Path:
    """``kaarten/netto-daeb-JJJJ-MM-DD.html`` in the working folder."""
    return Path("kaarten") / f"netto-daeb-{(datum or date.today()).isoformat()}.html"


def schrijf_kaart(
    store: Any,
    pad: str | Path | None = None,
    peiljaar: int | None = None,
    datum: date | None = None,
) -> Path:
    """Analyse the store and write the static map to ``pad`` (default
    :func:`standaard_kaartpad`); folders are made. Returns the path written."""
    from ..analyse import analyseer

    a = analyseer(store, peiljaar=peiljaar, datum=datum)
    kaart = bouw_analysekaart(a, store.locaties_gdf(), store.gemeenten())
    pad = Path(pad) if pad is not None else standaard_kaartpad(a.datum)
    if pad.suffix.lower() not in (".html", ".htm"):
        raise BestandFout(f"Kaartbestand {pad}: gebruik de extensie .html")
    try:
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_text(kaart.get_root().render(), encoding="utf-8")
    except OSError as e:
        raise BestandFout(f"Kan {pad} niet schrijven: {e.strerror or e}") from e
    return pad
