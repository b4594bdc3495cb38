"""Blueprint ``spreiding``: the province's dashboard of the distribution over the municipalities.

``GET /spreiding?peiljaar=2030&zacht_factor=0.7&stand=<peildatum>&bod_versie=origineel``: the
analysis of the chosen state (the current data, or a frozen reference date) with the chosen bid
version (default each municipality's newest); the choropleth (three indicators, switched in
the browser), the table per municipality with the province's assessment, the charts (SVG made on
the server), Meer Evenwicht and the data-quality signals per municipality (each linked to its
site on the planner's map, ``/?locatie=<id>``), all from one :func:`locatieplanner.analyse.analyseer`. A bad
``peiljaar``, ``zacht_factor``, ``stand`` or ``bod_versie`` gives 400 with a Dutch message on the same page.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, current_app, json, render_template, request, url_for
from werkzeug.routing import BuildError

from ..analyse import analyseer
from ..analyse.definities import controleer_zacht_factor
from ..analyse.resultaat import controleer_peiljaar
from ..domein.casus import OPEN_STATUSSEN
from ..domein.regio import Regio
from ..errors import Probleem, ValidatieFout
from ..store import Store
from ..weergave import kaartlaag
from ..weergave.dashboard import ERNSTEN, STANDAARD_ZACHT_FACTOR, maak_dashboard
from ..weergave.datum import datum_tekst
from ..weergave.grafiek import getal, procent
from ..weergave.spreidingskaart import bouw_spreidingskaart, indicatoren
from . import get_store
from .standen import Stand, bodversies, kies_stand
from .toegang import regel

__all__ = ["bp"]

bp = Blueprint("spreiding", __name__)

_JAARTAL = re.compile(r"^[0-9]{4}$")
_FRACTIE = re.compile(r"^([0-9]+([.,][0-9]+)?|[.,][0-9]+)$")


def _peiljaar(regio: Regio) -> int:
    tekst = (request.args.get("peiljaar") or "").strip()
    if not tekst:
        return regio.tot
    if not _JAARTAL.match(tekst):
        raise ValidatieFout(
            [
                Probleem(
                    "peiljaar",
                    tekst[:40],
                    f"moet een jaartal van {regio.van} tot en met {regio.tot} zijn "
                    f"(de periode van regio {regio.naam})",
                )
            ]
        )
    return controleer_peiljaar(int(tekst), regio)


def _zacht_factor() -> float:
    tekst = (request.args.get("zacht_factor") or "").strip()
    if not tekst:
        return STANDAARD_ZACHT_FACTOR
    fout = ValidatieFout(
        [
            Probleem(
                "zacht_factor",
                tekst[:40],
                "moet een getal van 0 tot en met 1 zijn (bijv. 0,7: 70% van de zachte plannen "
                "telt mee in het realistische scenario)",
            )
        ]
    )
    if not _FRACTIE.match(tekst):
        raise fout
    try:
        factor = controleer_zacht_factor(float(tekst.replace(",", ".")))
    except ValidatieFout as e:
        raise fout from e
    return STANDAARD_ZACHT_FACTOR if factor is None else factor


def _instellingen(store: Store, regio: Regio) -> tuple[int, float, Stand]:
    """The query parameters (also the state and bid version, :func:`.standen.kies_stand`),
    every problem in one :class:`ValidatieFout`."""
    problemen: list[Probleem] = []
    peiljaar, factor = regio.tot, STANDAARD_ZACHT_FACTOR
    stand = Stand(store, None, None, None, store.peildata(), bodversies(store))
    try:
        stand = kies_stand(store)
    except ValidatieFout as fout:
        problemen.extend(fout.problemen)
    try:
        peiljaar = _peiljaar(regio)
    except ValidatieFout as fout:
        problemen.extend(fout.problemen)
    try:
        factor = _zacht_factor()
    except ValidatieFout as fout:
        problemen.extend(fout.problemen)
    if problemen:
        raise ValidatieFout(problemen, "Ongeldige instelling van het dashboard")
    return peiljaar, factor, stand


def _url(endpoint: str) -> str | None:
    """URL of an endpoint of another blueprint, None when the app does not have it."""
    try:
        return url_for(endpoint)
    except BuildError:
        return None


def _basiskaart() -> str | None:
    if not current_app.config.get("BASISKAART", True):
        return None
    return current_app.config.get("BASISKAART_URL") or kaartlaag.BRT_URL


@bp.get("/spreiding")
@regel("aangemeld")
def index() -> Any:
    store = get_store()
    regio = store.regio()
    context: dict[str, Any] = {
        "regio": regio,
        "getal": getal,
        "procent": procent,
        "standaard_zacht_factor": STANDAARD_ZACHT_FACTOR,
    }
    try:
        peiljaar, factor, stand = _instellingen(store, regio)
    except ValidatieFout as fout:
        ruw = {k: (request.args.get(k) or "")[:40] for k in ("peiljaar", "zacht_factor")}
        keuze = Stand(store, None, None, None, store.peildata(), bodversies(store))
        return render_template(
            "spreiding.html", fout=fout, invoer=ruw, dashboard=None, stand=keuze, **context
        ), 400
    analyse = analyseer(
        stand.bron,
        peiljaar=peiljaar,
        zacht_factor=factor,
        datum=stand.datum,
        bod_versie=stand.bod_versie,
    )
    kaart = None
    heeft_grenzen = store.heeft_grenzen()
    if heeft_grenzen:
        vendor = url_for("static", filename="vendor/")
        # the sites (hidden at first) come from the planner's map when the app has it
        locaties = _url("kaart.locaties_geojson") or {"type": "FeatureCollection", "features": []}
        folium_kaart = bouw_spreidingskaart(
            analyse,
            store.gemeenten(alleen_regio=True),
            url_for("spreiding.gemeenten_geojson"),
            locaties,
            asset_basis=vendor,
            basiskaart=_basiskaart(),
        )
        kaart = kaartlaag.kaart_onderdelen(folium_kaart, vendor)
    return render_template(
        "spreiding.html",
        fout=None,
        invoer={"peiljaar": str(peiljaar), "zacht_factor": f"{factor:g}"},
        stand=stand,
        dashboard=maak_dashboard(analyse, stand.bron.casussen(status=sorted(OPEN_STATUSSEN))),
        a=analyse,
        datum=datum_tekst(analyse.datum),
        kaart=kaart,
        heeft_grenzen=heeft_grenzen,
        indicatoren=indicatoren(analyse),
        ernsten=ERNSTEN,
        # the signals link to their sites on the planner's map when the app has it
        kaart_url=_url("kaart.index"),
        casussen_url=_url("casussen.lijst"),
        **context,
    )


@bp.get("/spreiding/gemeenten.geojson")
@regel("aangemeld")
def gemeenten_geojson() -> Response:
    """The region's municipalities with a boundary as GeoJSON (EPSG:4326) for the choropleth."""
    data = kaartlaag.gemeenten_geojson(get_store().gemeenten(alleen_regio=True))
    return Response(json.dumps(data, ensure_ascii=False), mimetype="application/geo+json")
