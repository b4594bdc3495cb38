"""Choropleth of the dashboard: municipalities coloured by one of three indicators, switched in
the browser without a reload (net DAEB growth, social share at the reference year, gap to bid).

Built on :func:`locatieplanner.weergave.kaartlaag.bouw_kaart` (basemap, hard and soft sites, boundaries,
legend of the sites, layer control, local assets); net DAEB growth uses the classes of the static
meeting map (:func:`locatieplanner.weergave.analysekaart.klassen`). The package's module
``keuzekaart.js`` fetches the boundaries from a URL; the indicator values, classes and colours are
embedded as escaped JSON and every text the browser shows is set with ``textContent``. A set of
radio buttons in the page (``name`` = ``keuze``) chooses the indicator.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd

from ..analyse import Analyse
from ..domein.model import Gemeente
from . import kaartlaag
from .analysekaart import klassen
from .grafiek import getal, procent
from .scripts import Module, sjabloon

__all__ = [
    "Kleurklasse",
    "Indicator",
    "INDICATOREN",
    "ONBEKEND",
    "indicatoren",
    "Keuzekaart",
    "bouw_spreidingskaart",
]

#: Codes of the indicators, in the order of the radio buttons.
INDICATOREN = ("netto_daeb", "aandeel_sociaal", "verschil_bod")
#: Fill of a municipality whose value is unknown.
ONBEKEND = "#bdbdbd"
_ONDER_DREMPEL = ("#b35806", "#f1a340", "#fee0b6")
_BOVEN_DREMPEL = ("#d8daeb", "#998ec3", "#542788")
_TEKORT = ("#fcbba1", "#fb6a4a", "#de2d26", "#a50f15")
_BOD_GEHAALD = "#4393c3"


@dataclass(frozen=True)
class Kleurklasse:
    """A legend entry: label and fill."""

    label: str
    kleur: str


@dataclass(frozen=True)
class Indicator:
    """One way to colour the municipalities: per municipality code the value as text and the
    index of its class in ``klassen``."""

    code: str
    titel: str
    kort: str
    uitleg: str
    klassen: tuple[Kleurklasse, ...]
    waarden: Mapping[str, tuple[str, int]]

    def als_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "titel": self.titel,
            "uitleg": self.uitleg,
            "klassen": [{"label": k.label, "kleur": k.kleur} for k in self.klassen],
        }


def _onbekend(waarde: Any) -> bool:
    return waarde is None or bool(pd.isna(waarde))


def _met_onbekend(
    klassen_: list[Kleurklasse], waarden: dict[str, tuple[str, int | None]]
) -> tuple[tuple[Kleurklasse, ...], dict[str, tuple[str, int]]]:
    """Add the class "onbekend" when a value is unknown (class None)."""
    if any(k is None for _, k in waarden.values()):
        klassen_ = [*klassen_, Kleurklasse("onbekend", ONBEKEND)]
    laatste = len(klassen_) - 1
    return tuple(klassen_), {c: (t, laatste if k is None else k) for c, (t, k) in waarden.items()}


def _netto_daeb(analyse: Analyse) -> Indicator:
    kolom = analyse.gemeenten["netto_daeb_totaal"]
    indeling = klassen([int(v) for v in kolom])
    waarden: dict[str, tuple[str, int | None]] = {}
    for code, v in kolom.items():
        waarde = int(v)
        index = next(i for i, k in enumerate(indeling) if k.bevat(waarde))
        waarden[str(code)] = (getal(waarde, teken=True), index)
    kleurklassen = [Kleurklasse(k.label, k.kleur) for k in indeling]
    klassen_, w = _met_onbekend(kleurklassen, waarden)
    return Indicator(
        "netto_daeb",
        "Netto groei DAEB (hard + zacht)",
        "Netto groei DAEB",
        f"DAEB-nieuwbouw min onttrekkingen door corporaties, {analyse.regio.van}–{analyse.peiljaar}",
        klassen_,
        w,
    )


def _aandeel_sociaal(analyse: Analyse) -> Indicator:
    d = analyse.drempels.voorraad
    grenzen = [d - 0.10, d - 0.05, d, d + 0.05, d + 0.10]
    kleuren = [*_ONDER_DREMPEL, *_BOVEN_DREMPEL]
    labels = [f"minder dan {procent(grenzen[0], 0)}"]
    labels += [
        f"{procent(a, 0)} tot {procent(b, 0)}" for a, b in zip(grenzen, grenzen[1:], strict=False)
    ]
    labels.append(f"{procent(grenzen[-1], 0)} of meer")
    kleurklassen = [Kleurklasse(lbl, k) for lbl, k in zip(labels, kleuren, strict=True)]
    waarden: dict[str, tuple[str, int | None]] = {}
    for code, v in analyse.gemeenten["aandeel_sociaal_eind"].items():
        if _onbekend(v):
            waarden[str(code)] = (procent(None), None)
            continue
        index = sum(1 for g in grenzen if float(v) >= g - 1e-12)
        waarden[str(code)] = (procent(float(v)), index)
    klassen_, w = _met_onbekend(kleurklassen, waarden)
    return Indicator(
        "aandeel_sociaal",
        f"Aandeel sociaal in de woningvoorraad {analyse.peiljaar}",
        f"Aandeel sociaal {analyse.peiljaar}",
        f"Doelgroepvoorraad gedeeld door alle woningen, plannen hard + zacht; de provincie "
        f"vraagt een stap richting {procent(d, 0)}",
        klassen_,
        w,
    )


def _verschil_bod(analyse: Analyse) -> Indicator:
    kolom = analyse.gemeenten["verschil_bod"]
    bekend = [int(v) for v in kolom if not _onbekend(v)]
    tekortklassen = klassen([-v for v in bekend])[1:]  # classes of the shortfall, > 0
    kleurklassen = [Kleurklasse("bod gehaald (0 of meer)", _BOD_GEHAALD)]
    for i, k in enumerate(tekortklassen):
        kleurklassen.append(
            Kleurklasse(f"tekort {getal(k.onder + 1)} – {getal(k.boven)}", _TEKORT[i])
        )
    waarden: dict[str, tuple[str, int | None]] = {}
    for code, v in kolom.items():
        if _onbekend(v):
            waarden[str(code)] = ("geen bod", None)
            continue
        waarde = int(v)
        if waarde >= 0:
            index = 0
        else:
            index = 1 + next(i for i, k in enumerate(tekortklassen) if k.bevat(-waarde))
        waarden[str(code)] = (getal(waarde, teken=True), index)
    if any(k is None for _, k in waarden.values()):
        kleurklassen.append(Kleurklasse("geen bod", ONBEKEND))
    laatste = len(kleurklassen) - 1
    return Indicator(
        "verschil_bod",
        "Verschil DAEB-plannen met het bod",
        "Verschil met bod",
        "DAEB in plannen (hard + zacht) min het bod van de gemeente; negatief is een tekort",
        tuple(kleurklassen),
        {c: (t, laatste if k is None else k) for c, (t, k) in waarden.items()},
    )


def indicatoren(analyse: Analyse) -> list[Indicator]:
    """The three indicators of the choropleth for this analysis (order of
    :data:`INDICATOREN`)."""
    return [_netto_daeb(analyse), _aandeel_sociaal(analyse), _verschil_bod(analyse)]


_KEUZEKAART_STIJL = """
<style>
.lp-kleurlegenda { background: rgba(255, 255, 255, 0.95); padding: 0.5rem 0.75rem; border-radius: 4px;
  box-shadow: 0 1px 5px rgba(0, 0, 0, 0.4); font-size: 0.8rem; line-height: 1.3; color: #212529;
  max-width: 17rem; }
.lp-kleurlegenda .lp-kl-titel { font-weight: 600; margin-bottom: 0.1rem; }
.lp-kleurlegenda .lp-kl-uitleg { color: #495057; margin-bottom: 0.3rem; }
.lp-kleurlegenda .lp-kl-rij { display: flex; align-items: center; gap: 0.4rem; margin: 0.12rem 0; }
.lp-kleurlegenda .lp-kl-vak { display: inline-block; width: 1.4rem; height: 0.9rem; flex: none;
  border: 1px solid #495057; }
.lp-spreiding-tip { font-size: 0.82rem; line-height: 1.35; }
.lp-spreiding-tip strong { display: block; font-size: 0.9rem; margin-bottom: 0.15rem; }
.lp-spreiding-tip .lp-actief { font-weight: 600; }
.lp-spreiding-melding { background: #fff3cd; color: #664d03; border: 1px solid #ffe69c;
  padding: 0.4rem 0.6rem; border-radius: 4px; max-width: 22rem; font-size: 0.85rem; }
</style>
"""


class Keuzekaart(Module):
    """Fetches the municipalities into ``groep`` and colours them by the indicator chosen with
    the page's radio buttons (``keuzekaart.js``). After loading,
    ``window.locatieplanner_spreiding`` holds ``geladen``, ``aantal`` and ``indicator`` (and
    ``kies(code)``); the map container gets ``data-spreiding="geladen"`` and
    ``data-indicator``."""

    _template = sjabloon(_KEUZEKAART_STIJL)
    module = "keuzekaart.js"

    def __init__(
        self,
        groep: folium.FeatureGroup,
        bron: str,
        indicatoren_: list[Indicator],
        namen: Mapping[str, str],
        keuze: str = "indicator",
        rij_prefix: str = "gemeente-",
    ) -> None:
        super().__init__()
        self._name = "Keuzekaart"
        self.groep = groep
        gemeenten = {
            code: {"naam": naam, "waarden": {i.code: i.waarden[code] for i in indicatoren_}}
            for code, naam in namen.items()
        }
        self.opties = {
            "bron": bron,
            "indicatoren": [i.als_dict() for i in indicatoren_],
            "gemeenten": gemeenten,
            "standaard": indicatoren_[0].code,
            "keuze": keuze,
            "rijPrefix": rij_prefix,
        }

    def gegevens(self) -> dict[str, Any]:
        return {"kaart": self._parent.get_name(), "groep": self.groep.get_name(), **self.opties}


class _Dashboardkaart(folium.Map):
    """folium's map with only the assets the dashboard's map uses: Leaflet and Bootstrap's CSS
    (the page's look). Not jQuery, Bootstrap's JS or the awesome markers with their icon font:
    the map has no folium popups, markers or widgets, and they would cost five blocking
    requests (about 80 KB) before the page's load event."""

    default_js = [a for a in folium.Map.default_js if a[0] == "leaflet"]
    default_css = [a for a in folium.Map.default_css if a[0] in ("leaflet_css", "bootstrap_css")]


def bouw_spreidingskaart(
    analyse: Analyse,
    gemeenten: Iterable[Gemeente],
    gemeenten_bron: str,
    locaties_bron: str | Mapping[str, Any],
    *,
    asset_basis: str = kaartlaag.VENDOR_URL,
    basiskaart: str | None = kaartlaag.BRT_URL,
    keuze: str = "indicator",
    toon_locaties: bool = False,
) -> folium.Map:
    """The dashboard map: the region's map of :func:`kaartlaag.bouw_kaart` (sites hidden unless
    ``toon_locaties``, the plain boundaries hidden; they can be switched on in the layer control
    and are fetched only then) plus the choropleth layer
    "Gemeenten gekleurd". ``gemeenten`` (with boundaries, EPSG:28992) set the initial view;
    ``gemeenten_bron`` is the URL of their GeoJSON."""
    leden = [g for g in gemeenten if g.gemeente in analyse.regio.gemeenten]
    kaart = kaartlaag.bouw_kaart(
        locaties_bron,
        gemeenten_bron,
        kaartlaag.kaartgrenzen(leden),
        asset_basis=asset_basis,
        basiskaart=basiskaart,
    )
    kaart.__class__ = _Dashboardkaart  # the same map, fewer assets (also after lokaliseer)
    kaart.options["zoom_snap"] = 0.25  # fit the region closely
    # hidden layers are fetched only when switched on (kaartlagen.js): the sites unless
    # ``toon_locaties``, and always the plain boundaries (the coloured layer draws them)
    verborgen = {kaartlaag.LAAGNAMEN["gemeenten"]}
    if not toon_locaties:
        verborgen |= {kaartlaag.LAAGNAMEN["hard"], kaartlaag.LAAGNAMEN["zacht"]}
    for kind in kaart._children.values():
        if isinstance(kind, folium.FeatureGroup) and kind.layer_name in verborgen:
            kind.show = False
    groep = folium.FeatureGroup(name="Gemeenten gekleurd", show=True).add_to(kaart)
    namen = {str(c): str(n) for c, n in analyse.gemeenten["naam"].items()}
    Keuzekaart(groep, gemeenten_bron, indicatoren(analyse), namen, keuze=keuze).add_to(kaart)
    # the layer control must come after the new layer in the script
    for naam, kind in list(kaart._children.items()):
        if isinstance(kind, folium.LayerControl):
            del kaart._children[naam]
            kaart.add_child(kind, name=naam)
    kaartlaag.lokaliseer(kaart.get_root(), asset_basis)
    return kaart
