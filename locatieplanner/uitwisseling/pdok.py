"""Download official municipal boundaries from PDOK (OGC API Features) with urllib only."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from datetime import date
from http.client import HTTPException
from importlib import metadata
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urljoin, urlsplit
from urllib.request import ProxyHandler, Request, build_opener

import shapely
from shapely.errors import ShapelyError
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from ..domein.gemeentecode import normaliseer_code
from ..errors import BestandFout, DownloadFout
from .gemeenten import GemeentenRapport, verwerk_gemeenten

__all__ = [
    "download_gemeenten",
    "PDOK_URL",
    "PDOK_COLLECTIE",
    "CBS_URL",
    "CBS_COLLECTIE",
    "RD_URI",
    "CRS84_URI",
    "PAGINA_GROOTTE",
]

#: OGC API Features of Kadaster "Bestuurlijke gebieden" (current boundaries, from the BRK).
PDOK_URL = "https://api.pdok.nl/kadaster/brk-bestuurlijke-gebieden/ogc/v1"
PDOK_COLLECTIE = "gemeentegebied"
#: OGC API Features of CBS "Gebiedsindelingen": boundaries per year (``jaarcode``), used for ``jaar``.
CBS_URL = "https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1"
CBS_COLLECTIE = "gemeente_niet_gegeneraliseerd"

RD_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
_EPSG4326_URI = "http://www.opengis.net/def/crs/EPSG/0/4326"

#: Features asked per page (the server may return fewer; ``next`` links are followed).
PAGINA_GROOTTE = 1000
#: Up to this many codes are fetched one by one with a server-side filter, more in one sweep.
_MAX_GEFILTERD = 25
_MAX_PAGINAS = 1000
_MAX_ANTWOORD = 256 * 1024 * 1024

_HINT = "importeer de grenzen uit een bestand met 'locatieplanner gemeenten importeer PAD'"


class _Bron:
    """Which API and how its properties are called."""

    def __init__(self, basis: str, collectie: str, filterveld: str, jaar: int | None) -> None:
        self.basis = basis
        self.collectie = collectie
        self.filterveld = filterveld
        self.jaar = jaar


def download_gemeenten(
    store: Any,
    codes: Iterable[str] | None = None,
    url: str | None = None,
    jaar: int | None = None,
    timeout: float = 30.0,
) -> GemeentenRapport:
    """Fetch boundaries from PDOK and store them like :func:`~locatieplanner.uitwisseling.gemeenten.importeer_gemeenten`.

    Without ``jaar``: Kadaster Bestuurlijke gebieden, collection ``gemeentegebied`` (current).
    With ``jaar``: CBS Gebiedsindelingen, collection ``gemeente_niet_gegeneraliseerd`` of that
    ``jaarcode``. ``url`` replaces the base URL of the API (a mirror, or a test server).
    ``codes`` defaults to the region members. Geometries are requested in EPSG:28992
    (``crs`` parameter, checked with the ``Content-Crs`` header); pages are followed through
    their ``next`` links. Raises :class:`DownloadFout` with a Dutch message when PDOK cannot
    be reached, times out, answers with an HTTP error or with something that is not usable.
    """
    regio = store.regio()
    try:
        gevraagd = [normaliseer_code(c) for c in codes] if codes is not None else regio.codes
    except ValueError as e:
        raise DownloadFout(f"Ongeldige gemeentecode in {list(codes or [])}: {e}") from e
    gevraagd = list(dict.fromkeys(gevraagd))
    if not gevraagd:
        raise DownloadFout("Geen gemeentecodes opgegeven; geef er minstens één, bijv. GM0518")
    if jaar is not None and (
        not isinstance(jaar, int) or not 1900 <= jaar <= date.today().year + 1
    ):
        raise DownloadFout(f"jaar = {jaar!r}: geef een jaartal tot en met {date.today().year + 1}")
    if jaar is None:
        bron = _Bron((url or PDOK_URL).rstrip("/"), PDOK_COLLECTIE, "identificatie", None)
    else:
        bron = _Bron((url or CBS_URL).rstrip("/"), CBS_COLLECTIE, "statcode", jaar)
    scheme = urlsplit(bron.basis).scheme
    if scheme not in ("http", "https") or not urlsplit(bron.basis).netloc:
        raise DownloadFout(f"{bron.basis!r} is geen http(s)-URL van een OGC API Features")
    client = _Client(bron.basis, timeout)

    meta = client.collectie(bron.collectie)
    ondersteund = meta.get("crs")
    crs_param = RD_URI if not isinstance(ondersteund, list) or RD_URI in ondersteund else None

    features, crs_uri, paginas = _ophalen(client, bron, gevraagd, crs_param)
    if not features:
        jaartekst = f" voor peiljaar {jaar}" if jaar is not None else ""
        raise DownloadFout(
            f"PDOK ({bron.basis}) gaf geen van de gevraagde gemeenten{jaartekst}: "
            f"{', '.join(gevraagd)}; controleer de codes of {_HINT}"
        )
    rijen, geometrieen, kolommen = _tabel(features, crs_uri)
    omschrijving = (
        f"PDOK {bron.collectie} ({'peiljaar ' + str(jaar) if jaar else 'actueel'}, {bron.basis})"
    )
    opmerkingen = []
    if crs_param is None:
        opmerkingen.append(f"de server biedt geen EPSG:28992; ontvangen in {crs_uri} en omgezet")
    try:
        rapport = verwerk_gemeenten(
            store,
            rijen,
            geometrieen,
            _crs_van_uri(crs_uri),
            omschrijving,
            aanwezig=kolommen,
            codes=gevraagd,
            opmerkingen=opmerkingen,
        )
    except BestandFout as e:
        raise DownloadFout(f"Het antwoord van PDOK is niet bruikbaar: {e.melding}") from e
    rapport.opmerkingen.append(f"{len(features)} objecten opgehaald in {paginas} verzoek(en)")
    return rapport


# --------------------------------------------------------------------------- fetching


def _ophalen(
    client: _Client, bron: _Bron, gevraagd: list[str], crs_param: str | None
) -> tuple[list[dict[str, Any]], str, int]:
    """All features of the requested codes; filtered server-side where the API allows it."""
    basis_params: dict[str, Any] = {"f": "json", "limit": PAGINA_GROOTTE}
    if crs_param:
        basis_params["crs"] = crs_param
    if bron.jaar is not None:
        basis_params["jaarcode"] = bron.jaar
    items = f"{bron.basis}/collections/{bron.collectie}/items"
    gewenst = set(gevraagd)
    gevonden: list[dict[str, Any]] = []
    crs_uri: str | None = None
    paginas = 0

    def verzamel(url: str, alleen: set[str]) -> bool:
        """Follow pages from ``url``; False when the server ignored the code filter."""
        nonlocal crs_uri, paginas
        for data, header_crs in client.paginas(url):
            paginas += 1
            if crs_uri is None:
                crs_uri = header_crs
            elif header_crs != crs_uri:
                raise DownloadFout(
                    f"PDOK gaf pagina's in verschillende CRS ({crs_uri}, {header_crs}); {_HINT}"
                )
            for f in data["features"]:
                code = _code(f)
                if bron.jaar is not None and not _jaar_past(f, bron.jaar):
                    continue
                if code in alleen:
                    gevonden.append(f)
                elif len(alleen) == 1:
                    return False  # a filtered request returned another municipality
        return True

    if len(gevraagd) <= _MAX_GEFILTERD:
        for code in gevraagd:
            url = f"{items}?{urlencode({**basis_params, bron.filterveld: code})}"
            if not verzamel(url, {code}):
                gevonden.clear()
                break
        else:
            return gevonden, crs_uri or CRS84_URI, paginas
    verzamel(f"{items}?{urlencode(basis_params)}", gewenst)
    return gevonden, crs_uri or CRS84_URI, paginas


def _eigenschappen(feature: Mapping[str, Any]) -> dict[str, Any]:
    props = feature.get("properties")
    return dict(props) if isinstance(props, dict) else {}


def _code(feature: Mapping[str, Any]) -> str | None:
    props = _eigenschappen(feature)
    for veld in ("identificatie", "statcode", "gemeentecode", "code"):
        if props.get(veld) not in (None, ""):
            try:
                return normaliseer_code(props[veld])
            except ValueError:
                return None
    return None


def _jaar_past(feature: Mapping[str, Any], jaar: int) -> bool:
    waarde = _eigenschappen(feature).get("jaarcode")
    if waarde is None:
        return True
    try:
        return int(waarde) == jaar
    except (TypeError, ValueError):
        return False


def _tabel(
    features: list[dict[str, Any]], crs_uri: str
) -> tuple[list[dict[str, Any]], list[BaseGeometry | None], list[str]]:
    """Attribute rows, shapely geometries (None when unreadable) and the column names."""
    rijen: list[dict[str, Any]] = []
    geometrieen: list[BaseGeometry | None] = []
    kolommen: dict[str, None] = {}
    wissel = crs_uri == _EPSG4326_URI  # EPSG:4326 is latitude, longitude in OGC API Part 2
    for f in features:
        props = _eigenschappen(f)
        rijen.append(props)
        kolommen.update(dict.fromkeys(props))
        geometrieen.append(_geometrie(f.get("geometry"), wissel))
    return rijen, geometrieen, list(kolommen)


def _geometrie(data: Any, wissel: bool) -> BaseGeometry | None:
    if not isinstance(data, dict):
        return None
    try:
        geometrie = shape(data)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, ShapelyError):
        return None
    if wissel:
        geometrie = shapely.transform(geometrie, lambda xy: xy[:, ::-1])
    return geometrie


def _crs_van_uri(uri: str) -> str:
    if uri == CRS84_URI:
        return "OGC:CRS84"
    deel = uri.rstrip("/").split("/")
    if len(deel) >= 3 and deel[-3] == "EPSG":
        return f"EPSG:{deel[-1]}"
    return uri


class _Client:
    """GET JSON over http(s) with urllib; every failure becomes a Dutch :class:`DownloadFout`."""

    def __init__(self, basis: str, timeout: float) -> None:
        self.basis = basis
        self.timeout = timeout
        self.herkomst = urlsplit(basis)[:2]
        host = urlsplit(basis).hostname or ""
        # Never send loopback traffic (a local mirror or test server) through a proxy.
        lokaal = host in ("localhost", "127.0.0.1", "::1")
        self.opener = build_opener(ProxyHandler({})) if lokaal else build_opener()

    def json(self, url: str) -> tuple[Any, Mapping[str, str]]:
        if urlsplit(url)[:2] != self.herkomst:
            raise DownloadFout(f"PDOK verwees naar een andere server ({url}); geweigerd. {_HINT}")
        verzoek = Request(
            url,
            headers={
                "Accept": "application/geo+json, application/json;q=0.9",
                "User-Agent": f"locatieplanner/{_versie()}",
            },
        )
        host = urlsplit(url).netloc
        try:
            with self.opener.open(verzoek, timeout=self.timeout) as antwoord:
                inhoud = antwoord.read(_MAX_ANTWOORD + 1)
                headers = antwoord.headers
        except HTTPError as e:
            e.close()  # the error carries the open response; do not leak its socket
            raise DownloadFout(
                f"PDOK antwoordde met HTTP {e.code} ({e.reason}) op {url}; probeer het later "
                f"opnieuw of {_HINT}"
            ) from e
        except URLError as e:
            reden = e.reason
            if isinstance(reden, TimeoutError):
                raise DownloadFout(self._te_laat(host)) from e
            raise DownloadFout(
                f"PDOK is niet bereikbaar ({host}: {getattr(reden, 'strerror', None) or reden}); "
                f"{_HINT}"
            ) from e
        except TimeoutError as e:
            raise DownloadFout(self._te_laat(host)) from e
        except (OSError, HTTPException) as e:
            raise DownloadFout(f"PDOK is niet bereikbaar ({host}: {e}); {_HINT}") from e
        if len(inhoud) > _MAX_ANTWOORD:
            raise DownloadFout(
                f"PDOK stuurde meer dan {_MAX_ANTWOORD // (1024 * 1024)} MB op {url}; geweigerd"
            )
        try:
            data = json.loads(
                inhoud.decode("utf-8"), parse_constant=_geen_getal, parse_float=_eindig
            )
        except (ValueError, RecursionError) as e:
            raise DownloadFout(f"PDOK gaf geen geldige JSON op {url} ({e}); {_HINT}") from e
        return data, headers

    def _te_laat(self, host: str) -> str:
        return f"PDOK is niet bereikbaar: {host} antwoordde niet binnen {self.timeout:g} s; {_HINT}"

    def collectie(self, collectie: str) -> dict[str, Any]:
        url = f"{self.basis}/collections/{collectie}?f=json"
        try:
            data, _headers = self.json(url)
        except DownloadFout as e:
            if isinstance(e.__cause__, HTTPError) and e.__cause__.code == 404:
                raise DownloadFout(
                    f"{self.basis} heeft geen collectie {collectie!r}"
                    f"{self._beschikbaar()}; controleer de URL (standaard {PDOK_URL}) of {_HINT}"
                ) from e
            raise
        if not isinstance(data, dict):
            raise DownloadFout(f"Onverwacht antwoord op {url}: geen JSON-object; {_HINT}")
        return data

    def _beschikbaar(self) -> str:
        try:
            data, _headers = self.json(f"{self.basis}/collections?f=json")
            ids = [c.get("id") for c in data.get("collections", []) if isinstance(c, dict)]
        except (DownloadFout, AttributeError):
            return ""
        return f" (wel: {', '.join(str(i) for i in ids)})" if ids else ""

    def paginas(self, url: str) -> Iterable[tuple[dict[str, Any], str]]:
        """Each page as ``(feature collection, Content-Crs URI)``, following ``next`` links."""
        gezien: set[str] = set()
        aantal_gezien = 0
        totaal: int | None = None
        for _ in range(_MAX_PAGINAS):
            gezien.add(url)
            data, headers = self.json(url)
            if (
                not isinstance(data, dict)
                or data.get("type") != "FeatureCollection"
                or not isinstance(data.get("features"), list)
                or not all(isinstance(f, dict) for f in data["features"])
            ):
                raise DownloadFout(
                    f"Onverwacht antwoord op {url}: geen GeoJSON FeatureCollection; {_HINT}"
                )
            terug = data.get("numberReturned")
            if isinstance(terug, int) and terug != len(data["features"]):
                raise DownloadFout(
                    f"PDOK meldt numberReturned {terug} maar stuurde {len(data['features'])} "
                    f"objecten op {url}; {_HINT}"
                )
            if isinstance(data.get("numberMatched"), int):
                totaal = data["numberMatched"]
            aantal_gezien += len(data["features"])
            yield data, _content_crs(headers)
            volgende = _volgende(data, url)
            if volgende is None:
                if totaal is not None and aantal_gezien < totaal:
                    raise DownloadFout(
                        f"PDOK stuurde {aantal_gezien} van {totaal} objecten (numberMatched) "
                        f"zonder link naar de volgende pagina; {_HINT}"
                    )
                return
            if volgende in gezien:
                raise DownloadFout(f"PDOK verwijst in een kringetje naar {volgende}; {_HINT}")
            url = volgende
        raise DownloadFout(f"PDOK gaf meer dan {_MAX_PAGINAS} pagina's; afgebroken. {_HINT}")


def _versie() -> str:
    try:
        return metadata.version("locatieplanner")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a plain checkout
        return "dev"


def _eindig(tekst: str) -> float:
    waarde = float(tekst)
    if not math.isfinite(waarde):
        raise ValueError(f"{tekst} is geen eindig getal")
    return waarde


def _geen_getal(waarde: str) -> float:
    raise ValueError(f"{waarde} is geen geldig JSON-getal")


def _content_crs(headers: Mapping[str, str]) -> str:
    """The CRS URI of a response; GeoJSON without the header is CRS84 (OGC API Part 2)."""
    waarde = headers.get("Content-Crs") or ""
    return waarde.strip().strip("<>").strip() or CRS84_URI


def _volgende(data: Mapping[str, Any], huidig: str) -> str | None:
    kandidaten = [
        link
        for link in data.get("links") or []
        if isinstance(link, dict) and link.get("rel") == "next" and link.get("href")
    ]
    if not kandidaten:
        return None
    json_typen = ("application/geo+json", "application/json")
    kandidaten.sort(key=lambda link: link.get("type") not in json_typen)
    return urljoin(huidig, str(kandidaten[0]["href"]))
