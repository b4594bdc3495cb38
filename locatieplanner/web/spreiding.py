"""Blueprint ``spreiding``: the province's dashboard of the distribution over the municipalities.

``GET /spreiding?peiljaar=2030&zacht_factor=0.7&stand=<peildatum>&bod_versie=origineel``: the
analysis of the chosen state (the current data, or a frozen reference date) with the chosen bid
version (default each municipality's newest); the choropleth (three indicators, switched in
the browser), the table per municipality with the province's assessment, the charts (SVG made on
the server), Meer Evenwicht and the data-quality signals per municipality (each linked to its
site on the planner's map, ``/?locatie=<id>``), all from one :func:`locatieplanner.analyse.analyseer`. A bad
``peiljaar``, ``zacht_factor``, ``stand`` or ``bod_versie`` gives 400 with a Dutch message on the same page.

The analysis and the dashboard built from it are kept per worker process and in a store the
server's workers share (:mod:`.analysecache`, keyed by the data version and the caller's read
scope), so the page and the parts it fetches compute them once per data version for the whole
server; the production server computes the page's default settings when a worker starts
(:func:`bereken_vooraf`, a step of :mod:`.voorverwarmen` that ``/gereed`` waits for). With many
municipalities the table per municipality and the signal overview are parts fetched when
opened. The page goes out gzipped
with its CSRF token outside the compression (:mod:`.geheimvrij`).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    g,
    json,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import generate_csrf
from werkzeug.routing import BuildError

from ..analyse import analyseer
from ..analyse.definities import controleer_zacht_factor
from ..analyse.resultaat import controleer_peiljaar
from ..domein.casus import OPEN_STATUSSEN
from ..domein.rechten import SYSTEEM
from ..domein.regio import Regio
from ..errors import NietGevonden, Probleem, ValidatieFout
from ..store import Store
from ..weergave import kaartlaag
from ..weergave.dashboard import (
    ERNSTEN,
    STANDAARD_ZACHT_FACTOR,
    maak_dashboard,
    voorraadgrafieken,
)
from ..weergave.datum import datum_tekst
from ..weergave.grafiek import getal, procent
from ..weergave.spreidingskaart import bouw_spreidingskaart, indicatoren
from . import get_store
from .analysecache import STANDAARD_GROOTTE, STANDAARD_MB, Analysecache, Gedeeld, leessleutel
from .geheimvrij import gzip_buiten_geheimen
from .standen import Stand, bodversies, kies_stand
from .toegang import regel

__all__ = ["STANDAARD_VOORAF_WACHT", "bereken_vooraf", "bp"]

bp = Blueprint("spreiding", __name__)
LOGGER = logging.getLogger(__name__)

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


def _gedeeld(app: Flask) -> Gedeeld | None:
    """The store the server's workers share their analyses in: in the folder
    ``ANALYSECACHE_MAP`` (False or empty: none), by default ``analysecache`` in the instance
    folder (none in tests), within ``ANALYSECACHE_MAP_MB`` megabytes."""
    map_ = app.config.get("ANALYSECACHE_MAP")
    if map_ is None:
        map_ = False if app.testing else Path(app.instance_path) / "analysecache"
    if not map_:
        return None
    return Gedeeld(map_, float(app.config.get("ANALYSECACHE_MAP_MB", STANDAARD_MB)))


def _cache() -> Analysecache:
    """This process' cache of the page's analyses and dashboards (made on first use)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    cache = app.extensions.get("locatieplanner.analysecache")
    if cache is None:
        grootte = int(app.config.get("ANALYSECACHE_GROOTTE", STANDAARD_GROOTTE))
        cache = app.extensions.setdefault(
            "locatieplanner.analysecache", Analysecache(grootte, _gedeeld(app))
        )
    return cache


def _dashboard(peiljaar: int, factor: float, stand: Stand) -> Any:
    """The page's dashboard (with the open cases, without the stock charts) of these settings,
    computed once per data version and caller's scope; also the source of the parts, signal
    lists and charts fetched later. Its analysis is kept without the rows per delivery
    (``opleveringen``, tens of MB at national scale), which nothing of the page shows."""

    def maak() -> Any:
        analyse = analyseer(
            stand.bron,
            peiljaar=peiljaar,
            zacht_factor=factor,
            datum=stand.datum,
            bod_versie=stand.bod_versie,
        )
        casussen = stand.bron.casussen(status=sorted(OPEN_STATUSSEN))
        dashboard = maak_dashboard(analyse, casussen, met_voorraadgrafieken=False)
        dashboard.analyse = replace(analyse, opleveringen=analyse.opleveringen.iloc[:0].copy())
        return dashboard

    instelling = (peiljaar, factor, stand.naam, stand.datum, stand.bod_versie)
    store = get_store()
    gemeenten = store.regio().gemeenten
    return _cache().geef(leessleutel(store, gemeenten, "spreiding", *instelling), maak)


def _analyse(peiljaar: int, factor: float, stand: Stand) -> Any:
    """The analysis of these settings (that of :func:`_dashboard`)."""
    return _dashboard(peiljaar, factor, stand).analyse


def _instellingen_van_verzoek() -> tuple[int, float, Stand]:
    """The settings the page's query asks for (400 with every problem when they are wrong)."""
    store = get_store()
    return _instellingen(store, store.regio())


def _analyse_van_verzoek() -> Any:
    """The analysis the page's query asks for (400 with every problem when it is wrong)."""
    return _analyse(*_instellingen_van_verzoek())


#: Municipalities the key figure of the province's assessment names on screen (all in print).
MAX_NAMEN = 12
#: Most municipalities whose table and signal overview are in the page itself; with more, the
#: page fetches them when they are opened (:data:`DELEN`), so that it stays quick to show (the
#: print version always has them).
MAX_INLINE = 60
#: Most municipalities one request for stock charts may name.
MAX_GRAFIEKEN = 60
_CODE = re.compile(r"^GM[0-9]{4}$")


def _met_etag(inhoud: str, mimetype: str) -> Response:
    """``inhoud`` with an ETag derived from it (the analysis' figures): 304 when the browser
    has it already. The browser asks again each time (``no-cache``), the answer is private."""
    etag = hashlib.sha256(inhoud.encode()).hexdigest()[:32]
    # the compression adds ":br"/":gzip" to the ETag of what it compressed
    if any(t.split(":", 1)[0] == etag for t in request.if_none_match.as_set()):
        antwoord = make_response("", 304)
    elif mimetype == "text/html" and "gzip" in request.accept_encodings:
        # the app compresses no HTML (pages carry the CSRF token, BREACH); these fragments
        # carry no secret and nothing from the request, so they are compressed here
        antwoord = Response(gzip.compress(inhoud.encode(), 6), mimetype=mimetype)
        antwoord.headers["Content-Encoding"] = "gzip"
        etag += ":gzip"
    else:
        antwoord = Response(inhoud, mimetype=mimetype)
    antwoord.vary.add("Accept-Encoding")
    antwoord.set_etag(etag)
    antwoord.headers["Cache-Control"] = "private, no-cache"
    antwoord.vary.add("Cookie")
    antwoord.vary.add("Authorization")
    return antwoord


def _gemeenten_uit_verzoek() -> list[str] | None:
    """The codes in ``gemeenten`` (comma-separated); None when it is absent: all."""
    tekst = (request.args.get("gemeenten") or "").strip()
    if "gemeenten" not in request.args:
        return None
    codes = [c.strip() for c in tekst.split(",") if c.strip()]
    fout = [c[:40] for c in codes if not _CODE.match(c)]
    if not codes or fout or len(codes) > MAX_GRAFIEKEN:
        raise ValidatieFout(
            [
                Probleem(
                    "gemeenten",
                    (fout[0] if fout else tekst[:40]),
                    f"moet 1 tot en met {MAX_GRAFIEKEN} CBS-gemeentecodes zijn, gescheiden "
                    "door komma's (bijv. GM0518,GM0603), of ontbreken (alle gemeenten)",
                )
            ],
            "Ongeldige vraag naar grafieken",
        )
    return list(dict.fromkeys(codes))


@bp.get("/spreiding/voorraad.json")
@regel("aangemeld")
def voorraad_json() -> Response:
    """The stock charts (SVG) of the municipalities in ``gemeenten`` (comma-separated codes; all
    without it) for the page's settings, as JSON ``{"grafieken": {code: svg}}``, with an ETag of
    its content; the page fetches them when their place comes into view."""
    analyse = _analyse_van_verzoek()
    gevraagd = _gemeenten_uit_verzoek()
    codes = [str(c) for c in analyse.gemeenten.index] if gevraagd is None else gevraagd
    onbekend = [c for c in codes if c not in analyse.gemeenten.index]
    if onbekend:
        raise NietGevonden(
            f"Gemeente {onbekend[0]} hoort niet bij regio {analyse.regio.naam}; "
            "vraag grafieken van de gemeenten in de tabel"
        )
    grafieken = {code: svg for code, _naam, svg in voorraadgrafieken(analyse, codes)}
    return _met_etag(json.dumps({"grafieken": grafieken}, ensure_ascii=False), "application/json")


@bp.get("/spreiding/signalen/<gemeente>")
@regel("aangemeld")
def signalen(gemeente: str) -> Response:
    """The signal list of one municipality (``gemeente`` its code, or ``overig`` for the sites
    outside the region) as an HTML fragment, with an ETag of its content; the page fetches it
    when its section is opened."""
    sleutel = gemeente
    if sleutel != "overig" and not _CODE.match(sleutel):
        raise ValidatieFout(
            [
                Probleem(
                    "gemeente",
                    sleutel[:40],
                    "moet een CBS-gemeentecode (bijv. GM0518) of 'overig' zijn",
                )
            ]
        )
    dashboard = _dashboard(*_instellingen_van_verzoek())
    analyse = dashboard.analyse
    blok = next((b for b in dashboard.signalen if (b.gemeente or "overig") == sleutel), None)
    if blok is None:
        raise NietGevonden(
            f"Gemeente {sleutel} hoort niet bij regio {analyse.regio.naam} en heeft geen signalen"
        )
    html = render_template(
        "_spreiding_signalen.html", blok=blok, ernsten=ERNSTEN, kaart_url=_url("kaart.index")
    )
    return _met_etag(html, "text/html")


def _pagina(alles: bool) -> Any:
    """The page; ``alles``: the print version, with every chart, table and signal list inline
    (the page itself fetches those when they are opened or come into view)."""
    store = get_store()
    regio = store.regio()
    context: dict[str, Any] = {
        "regio": regio,
        "getal": getal,
        "procent": procent,
        "standaard_zacht_factor": STANDAARD_ZACHT_FACTOR,
        "alles": alles,
        "max_namen": MAX_NAMEN,
        "max_inline": MAX_INLINE,
    }
    try:
        peiljaar, factor, stand = _instellingen(store, regio)
    except ValidatieFout as fout:
        ruw = {k: (request.args.get(k) or "")[:40] for k in ("peiljaar", "zacht_factor")}
        keuze = Stand(store, None, None, None, store.peildata(), bodversies(store))
        return render_template(
            "spreiding.html", fout=fout, invoer=ruw, dashboard=None, stand=keuze, **context
        ), 400
    if alles:  # the print version (with every chart) is rare: not kept
        analyse = _analyse(peiljaar, factor, stand)
        casussen = stand.bron.casussen(status=sorted(OPEN_STATUSSEN))
        dashboard = maak_dashboard(analyse, casussen, met_voorraadgrafieken=True)
    else:
        dashboard = _dashboard(peiljaar, factor, stand)
        analyse = dashboard.analyse
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
    zoekvraag = request.query_string.decode("latin-1")
    return _pagina_antwoord(
        render_template(
            "spreiding.html",
            fout=None,
            invoer={"peiljaar": str(peiljaar), "zacht_factor": f"{factor:g}"},
            stand=stand,
            dashboard=dashboard,
            a=analyse,
            datum=datum_tekst(analyse.datum),
            kaart=kaart,
            heeft_grenzen=heeft_grenzen,
            indicatoren=indicatoren(analyse),
            ernsten=ERNSTEN,
            # the signals link to their sites on the planner's map when the app has it
            kaart_url=_url("kaart.index"),
            casussen_url=_url("casussen.lijst"),
            signalen_url=_signalen_url(),
            afdruk_url=url_for("spreiding.afdrukken") + (f"?{zoekvraag}" if zoekvraag else ""),
            **context,
        )
    )


def _pagina_antwoord(html: str) -> Response:
    """The page, gzipped when the browser takes it. The app compresses no HTML because of the
    CSRF token (BREACH); here the token is kept out of the compression
    (:func:`.geheimvrij.gzip_buiten_geheimen`), which shrinks the page about tenfold."""
    if "gzip" not in request.accept_encodings:
        antwoord = Response(html, mimetype="text/html")
    else:
        antwoord = Response(gzip_buiten_geheimen(html, [generate_csrf()]), mimetype="text/html")
        antwoord.headers["Content-Encoding"] = "gzip"
    antwoord.vary.add("Accept-Encoding")
    return antwoord


@bp.get("/spreiding")
@regel("aangemeld")
def index() -> Any:
    return _pagina(alles=False)


@bp.get("/spreiding/afdrukken")
@regel("aangemeld")
def afdrukken() -> Any:
    """The print version: the page with every chart, table and signal list inline."""
    return _pagina(alles=True)


#: The parts of the page with a row per municipality that it fetches when they are opened (the
#: table per municipality and the signal overview only above :data:`MAX_INLINE` municipalities).
DELEN = ("casussen", "dalingen", "evenwicht", "gemeenten", "signaaloverzicht")


def _signalen_url() -> str:
    """The start of a municipality's signal-list URL (built once: url_for per municipality
    costs more than the rest of a row)."""
    return url_for("spreiding.signalen", gemeente="overig")[: -len("overig")]


@bp.get("/spreiding/deel/<deel>")
@regel("aangemeld")
def deel(deel: str) -> Response:
    """One part of the page (:data:`DELEN`) for the page's settings as an HTML fragment, with an
    ETag of its content."""
    naam = deel
    if naam not in DELEN:
        raise NietGevonden(f"De pagina heeft geen deel '{naam[:40]}'; er zijn: {', '.join(DELEN)}")
    dashboard = _dashboard(*_instellingen_van_verzoek())
    analyse = dashboard.analyse
    html = render_template(
        f"_spreiding_{naam}.html",
        dashboard=dashboard,
        a=analyse,
        regio=analyse.regio,
        getal=getal,
        procent=procent,
        casussen_url=_url("casussen.lijst"),
        ernsten=ERNSTEN,
        kaart_url=_url("kaart.index"),
        signalen_url=_signalen_url(),
        alles=False,
    )
    return _met_etag(html, "text/html")


@bp.get("/spreiding/gemeenten.geojson")
@regel("aangemeld")
def gemeenten_geojson() -> Response:
    """The region's municipalities with a boundary as GeoJSON (EPSG:4326) for the choropleth."""
    data = kaartlaag.gemeenten_geojson(get_store().gemeenten(alleen_regio=True))
    return Response(json.dumps(data, ensure_ascii=False), mimetype="application/geo+json")


# --------------------------------------------------------------------------- computed ahead

#: Seconds ``/gereed`` waits at most for :func:`bereken_vooraf` (then the worker serves anyway).
STANDAARD_VOORAF_WACHT = 120


def bereken_vooraf(app: Flask) -> bool:
    """Compute the page's dashboard with its default settings (the current data, the last
    year, each municipality's newest bid) into the caches, so the first visit finds it (with
    several workers one computes, the others read it from the shared store); a step of a
    worker's warming (:mod:`.voorverwarmen`, ``/gereed`` waits for it at most
    ``ANALYSE_VOORAF_WACHT`` seconds). Whether it was computed: a failure (no region yet, no
    database) is logged, and the page computes on its first visit as without it."""
    try:
        with app.test_request_context("/spreiding"):
            g.account = SYSTEEM  # reads like every account (the read scope all share)
            _dashboard(*_instellingen_van_verzoek())
    except Exception as fout:  # noqa: BLE001 - the page computes on its first visit
        LOGGER.warning("analyse vooraf niet berekend: %s: %s", type(fout).__name__, fout)
        return False
    return True
