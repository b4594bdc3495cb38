"""Export of sites, assignments, removals and bids to GeoPackage, shapefile (zip), GeoJSON, CSV, Excel.

The GeoPackage and the shapefile zip also hold the cases (*casussen*) of working agreement 5b,
their potential per delivery year and the parties' contributions (*bijdragen*): attribute tables
(``.dbf`` and ``.csv`` in the zip), and in the GeoPackage the cases' own areas as geometry layers.

Every export is written to a temporary file beside the target and renamed into place
(:func:`locatieplanner.uitwisseling.bestanden.schrijf_atomair`): a failure never leaves a half-written file.
Geometries stay in EPSG:28992 except for RFC 7946 GeoJSON, which is reprojected by the one
function for that (:func:`locatieplanner.crs.naar_wgs84`) with enough decimals (1e-9 degree)
for a round trip within a millimetre.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, mapping
from shapely.geometry.base import BaseGeometry

from ..crs import DECIMALEN_EXACT, naar_wgs84
from ..domein.casus import Bijdrage, Casus
from ..domein.model import (
    CRS,
    FASEN,
    SEGMENTEN,
    STATUSSEN,
    Bod,
    Gemeente,
    Locatie,
    Onttrekking,
    hardheid,
)
from ..errors import BestandFout, NietGevonden, Probleem, ValidatieFout
from ..store.kolommen import Locatietabellen, locatietabellen_wkb
from .bestanden import schrijf_atomair
from .zippen import Zip

__all__ = [
    "FORMATEN",
    "LOCATIE_KOLOMMEN",
    "VELDUITLEG",
    "ExportRapport",
    "Download",
    "formaat_voor",
    "exporteer",
    "exporteer_download",
    "neutraliseer",
]


@dataclass(frozen=True)
class Formaat:
    extensie: str
    mimetype: str
    omschrijving: str


FORMATEN: dict[str, Formaat] = {
    "gpkg": Formaat(".gpkg", "application/geopackage+sqlite3", "GeoPackage"),
    "shp": Formaat(".zip", "application/zip", "shapefile (zip)"),
    "geojson": Formaat(".geojson", "application/geo+json", "GeoJSON"),
    "csv": Formaat(".csv", "text/csv; charset=utf-8", "CSV (overzicht 5a)"),
    "xlsx": Formaat(
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel (overzicht 5a)",
    ),
}
_EXTENSIE_FORMAAT = {".gpkg": "gpkg", ".zip": "shp", ".shp": "shp", ".geojson": "geojson"}
_EXTENSIE_FORMAAT |= {".json": "geojson", ".csv": "csv", ".xlsx": "xlsx"}

#: Attribute columns of a site in every geographic export (all at most 10 characters).
LOCATIE_KOLOMMEN = [
    "id",
    "bron_id",
    "naam",
    "gemeente",
    "ligging",
    "status",
    "hardheid",
    "fase",
    *SEGMENTEN,
    "start",
    "oplevering",
    "opmerking",
    "corporatie",
    "versie",
]
_GEHEEL = {"id", "daeb", *SEGMENTEN, "versie"}
_GEHEEL_LEEG = {"fase", "start", "oplevering"}

TOEWIJZING_KOLOMMEN = ["locatie", "bron_id", "gemeente", "corporatie", "daeb", "oplevering"]
ONTTREKKING_KOLOMMEN = [
    "gemeente",
    "jaar",
    "aantal",
    "soort",
    "corporatie",
    "locatie",
    "bron_id",
    "opmerking",
]
BOD_KOLOMMEN = ["gemeente", "versie", "datum", "daeb", "opmerking"]
#: Columns of the cases (at most 10 characters: also a shapefile's .dbf).
CASUS_KOLOMMEN = [
    "id",
    "gemeente",
    "soort",
    "titel",
    "beschrijv",
    "categorie",
    "vragen",
    "status",
    "eigenaar",
    "streefdat",
    "locaties",
    "gebied",
    "oplossing",
    "pot_daeb",
    "pot_overig",
    "versie",
]
CASUSGEBIED_KOLOMMEN = ["casus", "gemeente", "soort", "titel", "status"]
POTENTIEEL_KOLOMMEN = ["casus", "jaar", "daeb", "overig"]
BIJDRAGE_KOLOMMEN = [
    "id",
    "casus",
    "partij",
    "corporatie",
    "wat",
    "soort",
    "bedrag",
    "status",
    "versie",
]
#: Dutch explanation of the fields of the cases, their potential and the contributions.
CASUSUITLEG: dict[str, str] = {
    "id": "Nummer van de casus (bij bijdragen: van de bijdrage) in locatieplanner",
    "gemeente": "CBS-gemeentecode van de casus",
    "soort": "Casus: kans of knelpunt; bijdrage: grond, financiering/subsidie, procedure, "
    "capaciteit, lobby of anders",
    "titel": "Titel van de casus",
    "beschrijv": "Beschrijving van de casus",
    "categorie": "Categorie (lijst van de regio)",
    "vragen": "De vragen van werkafspraak 5b (1-4) die de casus beantwoordt, gescheiden door ','",
    "status": "Casus: open, in gesprek, opgelost of vervallen; bijdrage: toegezegd, in "
    "uitvoering, geleverd of vervallen",
    "eigenaar": "Partij die de casus trekt: gemeente, provincie of de naam van een corporatie",
    "streefdat": "Streefdatum (JJJJ-MM-DD)",
    "locaties": "Nummers (id) van de gekoppelde locaties, gescheiden door '; '",
    "gebied": "ja: de casus heeft een eigen gebied (laag casusgebieden of casusgebieden_punten "
    "van de GeoPackage); nee: geen",
    "oplossing": "Oplossingsrichtingen met hun status, gescheiden door '; '",
    "pot_daeb": "Extra DAEB-woningen als de casus slaagt (som over de opleverjaren)",
    "pot_overig": "Extra andere doelgroepwoningen als de casus slaagt (som over de opleverjaren)",
    "versie": "Versienummer in locatieplanner (telt op bij elke wijziging)",
    "casus": "Nummer (id) van de casus",
    "jaar": "Opleverjaar van het potentieel",
    "daeb": "Extra DAEB-woningen in dat jaar",
    "overig": "Extra andere doelgroepwoningen in dat jaar",
    "partij": "gemeente, corporatie of provincie",
    "corporatie": "Naam van de corporatie (bij partij corporatie)",
    "wat": "Wat de partij doet",
    "bedrag": "Bedrag in euro's (leeg: geen)",
}
GEMEENTE_KOLOMMEN = ["gemeente", "naam", "woningen", "doelgroep", "peiljaar"]

#: Dutch explanation of every exported field (LEESMIJ.txt, Excel).
VELDUITLEG: dict[str, str] = {
    "id": "Nummer van de locatie in locatieplanner (alleen ter verwijzing; niet om te importeren)",
    "bron_id": "Kenmerk van de locatie bij de leverancier (gemeente); uniek per gemeente",
    "naam": "Naam van de locatie",
    "gemeente": "CBS-gemeentecode (GM gevolgd door vier cijfers), afgeleid uit de ligging",
    "ligging": "binnen (één gemeente), grens (over een gemeentegrens), buiten (buiten de regio) "
    "of onbekend (geen gemeentegrenzen geladen)",
    "status": "Planstatus van de provincie Zuid-Holland: "
    + "; ".join(f"{k} = {v}" for k, v in STATUSSEN.items()),
    "hardheid": "hard (status 1A, 1B, 2A, 2B) of zacht (1C, 2C, 3, 4A, 4B)",
    "fase": "Projectfase: " + "; ".join(f"{k} = {v}" for k, v in FASEN.items()),
    **{k: f"Aantal woningen: {v}" for k, v in SEGMENTEN.items()},
    "start": "Startjaar van de bouw",
    "oplevering": "Jaar van (de laatste) oplevering",
    "opmerking": "Vrije opmerking",
    "corporatie": "Corporatie(s) waaraan DAEB-woningen zijn toegewezen, gescheiden door '; ' "
    "(de verdeling staat in de tabel toewijzingen)",
    "versie": "Versienummer van de locatie in locatieplanner (telt op bij elke wijziging)",
    "locatie": "Nummer (id) van de locatie waar de regel bij hoort",
    "jaar": "Jaar van de onttrekking",
    "aantal": "Aantal onttrokken woningen",
    "soort": "Soort onttrekking: sloop, verkoop, liberalisatie, samenvoeging of overig",
    "datum": "Datum van de versie van het bod (JJJJ-MM-DD)",
}

#: Bytes a shapefile (dBASE) text field can hold.
DBF_TEKST_MAX = 254


@dataclass
class ExportRapport:
    """What an export wrote; ``regels()`` gives the Dutch lines for the CLI and the web page."""

    pad: str
    formaat: str
    crs: str | None = None
    locaties: int = 0
    vlakken: int = 0
    punten: int = 0
    toewijzingen: int = 0
    gemeenten: int = 0
    onttrekkingen: int = 0
    biedingen: int = 0
    casussen: int = 0
    bijdragen: int = 0
    rijen: int = 0
    lagen: list[str] = field(default_factory=list)
    waarschuwingen: list[str] = field(default_factory=list)

    def regels(self) -> list[str]:
        f = FORMATEN[self.formaat]
        crs = f" in {self.crs}" if self.crs else ""
        if self.formaat in ("csv", "xlsx"):
            uit = [
                f"{f.omschrijving} geschreven naar {self.pad}: {self.rijen} regels over "
                f"{self.locaties} locaties met DAEB-woningen."
            ]
        else:
            uit = [
                f"{f.omschrijving} geschreven naar {self.pad}{crs}: {self.locaties} locaties "
                f"({self.vlakken} vlakken, {self.punten} punten), {self.toewijzingen} toewijzingen"
                + (
                    f", {self.gemeenten} gemeenten, {self.onttrekkingen} onttrekkingen, "
                    f"{self.biedingen} biedingen"
                    if self.formaat == "gpkg"
                    else ""
                )
                + (
                    f", {self.casussen} casussen, {self.bijdragen} bijdragen"
                    if self.formaat in ("gpkg", "shp")
                    else ""
                )
                + "."
            ]
        if self.lagen:
            uit.append("Lagen/bestanden: " + ", ".join(self.lagen))
        uit.extend(f"Let op: {w}" for w in self.waarschuwingen)
        return uit


@dataclass
class Download:
    """An export in memory for the web app: bytes, file name, MIME type and the report."""

    inhoud: bytes
    bestandsnaam: str
    mimetype: str
    rapport: ExportRapport


def formaat_voor(pad: str | os.PathLike[str], formaat: str | None = None) -> str:
    """The format: ``formaat`` when given, else from the extension of ``pad``."""
    if formaat is not None:
        formaat = formaat.lower().lstrip(".")
        if formaat not in FORMATEN:
            raise ValidatieFout(
                [
                    Probleem(
                        "formaat",
                        formaat,
                        "onbekend formaat; toegestaan zijn " + ", ".join(FORMATEN),
                    )
                ]
            )
        return formaat
    ext = Path(pad).suffix.lower()
    if ext not in _EXTENSIE_FORMAAT:
        raise ValidatieFout(
            [
                Probleem(
                    "formaat",
                    ext or Path(pad).name,
                    "kan niet uit de extensie worden afgeleid; gebruik .gpkg, .zip (shapefile), "
                    ".geojson, .csv of .xlsx, of geef --formaat",
                )
            ]
        )
    return _EXTENSIE_FORMAAT[ext]


# --------------------------------------------------------------------------- collecting


#: Formats written from the columnar read (no object per site).
_KOLOMSGEWIJS = ("gpkg", "shp")
#: The site columns they read (not the times, which no export holds).
_GELEZEN = [k for k in LOCATIE_KOLOMMEN if k not in ("hardheid", "corporatie")]
#: A layer to write: its attributes, and its geometries as WKB (None: a table without).
_Laag = tuple[pd.DataFrame, "np.ndarray | None"]


@dataclass
class _Gegevens:
    """What one export writes. The sites are either objects (``locaties``: GeoJSON, CSV, Excel)
    or columns (``tabellen``: GeoPackage, shapefile), read once."""

    locaties: list[Locatie]
    tabellen: Locatietabellen | None
    gemeenten: list[Gemeente]
    onttrekkingen: list[Onttrekking]
    biedingen: list[Bod]
    namen: dict[str, str]
    actuele_biedingen: dict[str, Bod]
    casussen: list[Casus] = field(default_factory=list)
    bijdragen: list[Bijdrage] = field(default_factory=list)
    #: With ``tabellen``: which sites have a point (:func:`_punten`).
    puntmasker: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


def _codes(gemeente: str | Iterable[str] | None) -> list[str] | None:
    if gemeente is None:
        return None
    from ..domein.gemeentecode import normaliseer_code

    lijst = [gemeente] if isinstance(gemeente, str) else list(gemeente)
    uit = []
    for code in (c.strip() for item in lijst for c in item.split(",") if c.strip()):
        try:
            uit.append(normaliseer_code(code))
        except ValueError:
            uit.append(code.upper())  # reported as unknown municipality by _verzamel
    return uit or None


def _verzamel(
    store: Any,
    gemeente: str | Iterable[str] | None,
    corporatie: str | None,
    hardheid_: str | None,
    kolomsgewijs: bool = False,
) -> _Gegevens:
    codes = _codes(gemeente)
    regio = store.regio()
    if codes is not None:
        bekend = {g.gemeente for g in store.gemeenten(codes)}
        onbekend = [c for c in codes if c not in bekend]
        if onbekend:
            raise NietGevonden(
                f"Gemeente {', '.join(onbekend)} bestaat niet in deze database; bekend zijn "
                + ", ".join(regio.codes)
            )
    if corporatie is not None and corporatie not in {c.naam for c in store.corporaties()}:
        raise NietGevonden(
            f"Corporatie {corporatie!r} bestaat niet; bekend zijn "
            + ", ".join(c.naam for c in store.corporaties())
        )
    filters = {"gemeente": codes, "corporatie": corporatie, "hardheid": hardheid_}
    tabellen = locatietabellen_wkb(store, **filters, alleen=_GELEZEN) if kolomsgewijs else None
    locaties = [] if kolomsgewijs else store.locaties(**filters)
    gemeenten = store.gemeenten(codes) if codes else store.gemeenten(alleen_regio=True)
    namen = {g.gemeente: g.naam for g in gemeenten}
    onttrekkingen = [
        o
        for o in store.onttrekkingen()
        if (codes is None or o.gemeente in codes)
        and (corporatie is None or o.corporatie == corporatie)
    ]
    biedingen = [b for b in store.biedingen() if codes is None or b.gemeente in codes]
    actueel = {k: v for k, v in store.actuele_biedingen().items() if k in namen}
    casussen = [c for c in store.casussen() if codes is None or c.gemeente in codes]
    ids = {c.id for c in casussen}
    bijdragen = [b for b in store.bijdragen() if b.casus in ids]
    g = _Gegevens(
        locaties, tabellen, gemeenten, onttrekkingen, biedingen, namen, actueel, casussen, bijdragen
    )
    if tabellen is not None:
        g.puntmasker = _punten(tabellen)
    return g


def _locatie_rij(loc: Locatie) -> dict[str, Any]:
    rij: dict[str, Any] = {k: getattr(loc, k) for k in LOCATIE_KOLOMMEN if hasattr(loc, k)}
    rij["hardheid"] = hardheid(loc.status)
    rij["corporatie"] = "; ".join(dict.fromkeys(tw.corporatie for tw in loc.toewijzingen)) or None
    return rij


def _typen(
    frame: pd.DataFrame, geheel: Iterable[str] = (), leeg: Iterable[str] = ()
) -> pd.DataFrame:
    """Integer columns ``geheel`` (int64), ``leeg`` (nullable Int64); the rest text or None."""
    geheel, leeg = set(geheel), set(leeg)
    for k in frame.columns:
        if k in geheel:
            frame[k] = frame[k].astype("int64")
        elif k in leeg:
            frame[k] = frame[k].astype("Int64")
        elif k != "geometry":
            frame[k] = frame[k].astype(object).where(frame[k].notna(), None)
    return frame


#: Geometry type codes of (ISO, 2D) WKB.
_WKB_PUNT, _WKB_VLAK = 1, 3
#: A little-endian WKB MultiPolygon of one part, up to that part (which follows as its own WKB).
_WKB_MULTIVLAK_KOP = b"\x01\x06\x00\x00\x00\x01\x00\x00\x00"


def _wkb_typen(wkb: np.ndarray) -> np.ndarray:
    """The geometry type code of each WKB value (either byte order), read from the first five
    bytes of each without decoding the geometries."""
    if not len(wkb):
        return np.zeros(0, dtype=np.int64)
    lengtes = np.fromiter(map(len, wkb), dtype=np.int64, count=len(wkb))
    begin = np.cumsum(lengtes) - lengtes
    kop = np.frombuffer(b"".join(wkb), dtype=np.uint8)[begin[:, None] + np.arange(5)]
    kop = kop.astype(np.int64)
    klein = kop[:, 1] | kop[:, 2] << 8 | kop[:, 3] << 16 | kop[:, 4] << 24
    groot = kop[:, 4] | kop[:, 3] << 8 | kop[:, 2] << 16 | kop[:, 1] << 24
    return np.where(kop[:, 0] == 1, klein, groot) % 1000  # 1000s: Z, M, ZM variants


def _punten(tabellen: Locatietabellen) -> np.ndarray:
    """Which sites have a point (not an area), as a boolean array (geometry: WKB)."""
    return _wkb_typen(tabellen.locaties["geometry"].to_numpy()) == _WKB_PUNT


def _als_multi(wkb: np.ndarray) -> np.ndarray:
    """Polygons as MultiPolygons of one part: a WKB header before the polygon's own WKB (the
    coordinates are copied as bytes, nothing is decoded); other geometries as they are."""
    vlak = _wkb_typen(wkb) == _WKB_VLAK
    uit = np.empty(len(wkb), dtype=object)
    uit[:] = [_WKB_MULTIVLAK_KOP + w if v else w for w, v in zip(wkb, vlak, strict=True)]
    return uit


def _corporatienamen(tabellen: Locatietabellen) -> pd.Series:
    """Per site id: the names of its corporations in the order of its assignments, each once,
    joined by ``; `` (sites without assignments are absent)."""
    tw = tabellen.toewijzingen
    if not len(tw):
        return pd.Series({}, dtype=object)
    # each (site, corporation) once, in assignment order, grouped by site (a stable sort); the
    # names of a site are joined over whole arrays: the k-th name of every site at once
    paren = tw[["locatie", "corporatie"]].drop_duplicates()
    volgorde = np.argsort(paren["locatie"].to_numpy(dtype="int64"), kind="stable")
    locaties = paren["locatie"].to_numpy(dtype="int64")[volgorde]
    namen = paren["corporatie"].to_numpy(dtype=object)[volgorde]
    begin = np.flatnonzero(np.r_[True, locaties[1:] != locaties[:-1]])
    aantal = np.diff(np.r_[begin, len(locaties)])
    tekst = namen[begin].copy()
    for k in range(1, int(aantal.max())):
        meer = aantal > k
        tekst[meer] = tekst[meer] + "; " + namen[begin[meer] + k]
    return pd.Series(tekst, index=locaties[begin], dtype=object)


def _locaties_kolomframe(
    tabellen: Locatietabellen, puntmasker: np.ndarray, namen: pd.Series, punten: bool
) -> tuple[pd.DataFrame, np.ndarray]:
    """The attributes of the sites with a point (``punten``) or an area, and their geometries
    as WKB (areas as MultiPolygon), from the columnar read; ``puntmasker``: :func:`_punten`,
    ``namen``: :func:`_corporatienamen`."""
    loc = tabellen.locaties[puntmasker == punten]
    frame = pd.DataFrame(
        {
            k: (
                loc["status"].map(hardheid)
                if k == "hardheid"
                else loc["id"].map(namen)
                if k == "corporatie"
                else loc[k]
            )
            for k in LOCATIE_KOLOMMEN
        },
        columns=LOCATIE_KOLOMMEN,
    ).reset_index(drop=True)
    geoms = loc["geometry"].to_numpy()
    return _typen(frame, _GEHEEL, _GEHEEL_LEEG), geoms if punten else _als_multi(geoms)


def _toewijzingen_kolomframe(tabellen: Locatietabellen) -> pd.DataFrame:
    """The assignments (one row each, with their site's bron_id and municipality) from the
    columnar read."""
    tw = tabellen.toewijzingen
    loc = tabellen.locaties.set_index("id")
    frame = pd.DataFrame(
        {
            "locatie": tw["locatie"].astype("int64"),
            "bron_id": tw["locatie"].map(loc["bron_id"]),
            "gemeente": tw["locatie"].map(loc["gemeente"]),
            "corporatie": tw["corporatie"],
            "daeb": tw["daeb"].astype("int64"),
            "oplevering": tw["oplevering"].astype("Int64"),
        },
        columns=TOEWIJZING_KOLOMMEN,
    ).reset_index(drop=True)
    return _typen(frame, ("locatie", "daeb"), ("oplevering",))


def _bron_ids(g: _Gegevens) -> dict[int, str]:
    if g.tabellen is not None:
        loc = g.tabellen.locaties
        return dict(zip(loc["id"].tolist(), loc["bron_id"], strict=True))
    return {loc.id: loc.bron_id for loc in g.locaties if loc.id is not None}


def _vlakken_en_punten(g: _Gegevens) -> tuple[_Laag, _Laag]:
    if g.tabellen is not None:
        t, m, n = g.tabellen, g.puntmasker, _corporatienamen(g.tabellen)
        return _locaties_kolomframe(t, m, n, False), _locaties_kolomframe(t, m, n, True)
    return _locaties_frame(g.locaties, punten=False), _locaties_frame(g.locaties, punten=True)


def _toewijzingen(g: _Gegevens) -> pd.DataFrame:
    if g.tabellen is not None:
        return _toewijzingen_kolomframe(g.tabellen)
    return _toewijzingen_frame(g.locaties)


def _locaties_frame(locaties: Sequence[Locatie], punten: bool) -> _Laag:
    """:func:`_locaties_kolomframe` from site objects (the reference the columnar path is
    tested against)."""
    gekozen = [loc for loc in locaties if (loc.geometry.geom_type == "Point") == punten]
    geoms: list[BaseGeometry] = [
        loc.geometry
        if punten or loc.geometry.geom_type == "MultiPolygon"
        else MultiPolygon([loc.geometry])
        for loc in gekozen
    ]
    frame = pd.DataFrame([_locatie_rij(loc) for loc in gekozen], columns=LOCATIE_KOLOMMEN)
    return _typen(frame, _GEHEEL, _GEHEEL_LEEG), shapely.to_wkb(geoms)


def _toewijzingen_frame(locaties: Sequence[Locatie]) -> pd.DataFrame:
    rijen = [
        {
            "locatie": loc.id,
            "bron_id": loc.bron_id,
            "gemeente": loc.gemeente,
            "corporatie": tw.corporatie,
            "daeb": tw.daeb,
            "oplevering": tw.oplevering,
        }
        for loc in locaties
        for tw in loc.toewijzingen
    ]
    frame = pd.DataFrame(rijen, columns=TOEWIJZING_KOLOMMEN)
    return _typen(frame, ("locatie", "daeb"), ("oplevering",))


def _onttrekkingen_frame(onttrekkingen: Sequence[Onttrekking], bron_ids: dict[int, str]) -> Any:
    rijen = [
        {
            "gemeente": o.gemeente,
            "jaar": o.jaar,
            "aantal": o.aantal,
            "soort": o.soort,
            "corporatie": o.corporatie,
            "locatie": o.locatie,
            "bron_id": bron_ids.get(o.locatie) if o.locatie is not None else None,
            "opmerking": o.opmerking,
        }
        for o in onttrekkingen
    ]
    return _typen(
        pd.DataFrame(rijen, columns=ONTTREKKING_KOLOMMEN), ("jaar", "aantal"), ("locatie",)
    )


def _biedingen_frame(biedingen: Sequence[Bod]) -> pd.DataFrame:
    rijen = [
        {
            "gemeente": b.gemeente,
            "versie": b.versie,
            "datum": b.datum.isoformat() if isinstance(b.datum, date) else str(b.datum),
            "daeb": b.daeb,
            "opmerking": b.opmerking,
        }
        for b in biedingen
    ]
    return _typen(pd.DataFrame(rijen, columns=BOD_KOLOMMEN), ("daeb",))


def _casussen_frame(casussen: Sequence[Casus]) -> pd.DataFrame:
    rijen = [
        {
            "id": c.id,
            "gemeente": c.gemeente,
            "soort": c.soort,
            "titel": c.titel,
            "beschrijv": c.beschrijving,
            "categorie": c.categorie,
            "vragen": ",".join(str(v) for v in c.vragen) or None,
            "status": c.status,
            "eigenaar": c.eigenaar,
            "streefdat": c.streefdatum.isoformat() if isinstance(c.streefdatum, date) else None,
            "locaties": "; ".join(str(i) for i in c.locaties) or None,
            "gebied": "nee" if c.gebied is None else "ja",
            "oplossing": "; ".join(f"{o.tekst} ({o.status})" for o in c.oplossingsrichtingen)
            or None,
            "pot_daeb": c.potentieel_daeb,
            "pot_overig": c.potentieel_overig,
            "versie": c.versie,
        }
        for c in casussen
    ]
    return _typen(
        pd.DataFrame(rijen, columns=CASUS_KOLOMMEN), ("id", "pot_daeb", "pot_overig", "versie")
    )


def _potentieel_frame(casussen: Sequence[Casus]) -> pd.DataFrame:
    rijen = [
        {"casus": c.id, "jaar": p.jaar, "daeb": p.daeb, "overig": p.overig}
        for c in casussen
        for p in c.potentieel
    ]
    return _typen(pd.DataFrame(rijen, columns=POTENTIEEL_KOLOMMEN), POTENTIEEL_KOLOMMEN)


def _bijdragen_frame(bijdragen: Sequence[Bijdrage]) -> pd.DataFrame:
    rijen = [{k: getattr(b, k) for k in BIJDRAGE_KOLOMMEN} for b in bijdragen]
    frame = _typen(pd.DataFrame(rijen, columns=BIJDRAGE_KOLOMMEN), ("id", "casus", "versie"))
    frame["bedrag"] = pd.to_numeric(frame["bedrag"], errors="coerce").astype("float64")
    return frame


def _casusgebieden_frame(casussen: Sequence[Casus], punten: bool) -> _Laag:
    """The cases' own areas: polygons (as MultiPolygon, counter-clockwise) or points."""
    gekozen = [
        c for c in casussen if c.gebied is not None and (c.gebied.geom_type == "Point") == punten
    ]
    frame = _typen(
        pd.DataFrame(
            [
                {"casus": c.id, **{k: getattr(c, k) for k in CASUSGEBIED_KOLOMMEN[1:]}}
                for c in gekozen
            ],
            columns=CASUSGEBIED_KOLOMMEN,
        ),
        ("casus",),
    )
    geoms: list[Any] = [c.gebied for c in gekozen]
    if not punten:
        geoms = [g if g.geom_type == "MultiPolygon" else MultiPolygon([g]) for g in geoms]
        geoms = list(shapely.orient_polygons(geoms, exterior_cw=False)) if geoms else []
    return frame, shapely.to_wkb(geoms)


def _gemeenten_frame(gemeenten: Sequence[Gemeente]) -> _Laag:
    met = [g for g in gemeenten if g.geometry is not None]
    frame = _typen(
        pd.DataFrame(
            [{k: getattr(g, k) for k in GEMEENTE_KOLOMMEN} for g in met], columns=GEMEENTE_KOLOMMEN
        ),
        (),
        ("woningen", "doelgroep", "peiljaar"),
    )
    geoms = [
        g.geometry if g.geometry.geom_type == "MultiPolygon" else MultiPolygon([g.geometry])
        for g in met
    ]
    geoms = list(shapely.orient_polygons(geoms, exterior_cw=False)) if geoms else []
    return frame, shapely.to_wkb(geoms)


# --------------------------------------------------------------------------- writers


def _arrow(frame: pd.DataFrame, geometrie: np.ndarray | None = None) -> Any:
    """``frame`` as an Arrow table with the export's field types: int64 and nullable Int64 as
    64-bit integers, float64 as doubles, every other column as text (None and NaN: empty); and
    ``geometrie`` (WKB) as the geometry column ``geom``."""
    import pyarrow as pa

    kolommen, velden = [], []
    for k in frame.columns:
        reeks = frame[k]
        soort = (
            pa.int64()
            if reeks.dtype in ("int64", "Int64")
            else pa.float64()
            if reeks.dtype == "float64"
            else pa.string()
        )
        kolommen.append(pa.array(reeks, soort, from_pandas=True))
        velden.append(pa.field(k, soort))
    if geometrie is not None:
        kolommen.append(pa.array(geometrie, pa.binary()))
        velden.append(
            pa.field("geom", pa.binary(), metadata={"ARROW:extension:name": "geoarrow.wkb"})
        )
    return pa.Table.from_arrays(kolommen, schema=pa.schema(velden))


def _te_lang(tabel: Any) -> bool:
    """Whether a text in the Arrow table ``tabel`` is longer than :data:`DBF_TEKST_MAX` bytes
    (the byte lengths in C, from the table that is written anyway)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for kolom in tabel.itercolumns():
        if pa.types.is_string(kolom.type):
            langste = pc.max(pc.binary_length(kolom)).as_py()
            if langste is not None and langste > DBF_TEKST_MAX:
                return True
    return False


def _schrijf_laag(
    pad: Path,
    laag: _Laag,
    naam: str | None = None,
    soort: str | None = None,
    afkappen: tuple[str, ExportRapport] | None = None,
    **opties: Any,
) -> None:
    """Write one layer with GDAL's Arrow interface: the geometries go as WKB, undecoded.
    ``soort``: the layer's geometry type (``Point``, ``MultiPolygon``). ``afkappen``: (what a
    row is, report) for a shapefile: texts longer than a .dbf field are cut by
    :func:`_afkappen` (on a copy; ``laag`` stays as it is), which is asked only when the
    table holds such a text."""
    import pyogrio

    frame, geometrie = laag
    if geometrie is not None:
        opties |= {"geometry_name": "geom", "geometry_type": soort, "crs": CRS}
    tabel = _arrow(frame, geometrie)
    if afkappen is not None and _te_lang(tabel):
        tabel = _arrow(_afkappen(frame.copy(), *afkappen), geometrie)
    pyogrio.write_arrow(tabel, str(pad), layer=naam, **opties)


@contextmanager
def _zonder_wachten_op_schijf() -> Iterator[None]:
    """GDAL's SQLite writes (the GeoPackage) without a sync to disk at each commit: the file is
    a temporary one that :func:`schrijf_atomair` renames into place only when it is complete,
    so a failure never leaves a half-written export under the target name."""
    import pyogrio

    oud = pyogrio.get_gdal_config_option("OGR_SQLITE_SYNCHRONOUS")
    pyogrio.set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": "OFF"})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": oud})


def _schrijf_gpkg(pad: Path, g: _Gegevens, rapport: ExportRapport) -> None:
    opties: dict[str, Any] = {"dataset_options": {"VERSION": "1.2"}}

    def schrijf(frame: pd.DataFrame | _Laag, laag: str, soort: str | None = None) -> None:
        nonlocal opties
        inhoud = frame if isinstance(frame, tuple) else (frame, None)
        _schrijf_laag(pad, inhoud, laag, soort, driver="GPKG", append=not opties, **opties)
        opties = {}
        rapport.lagen.append(laag)

    vlakken, punten = _vlakken_en_punten(g)
    grenzen = _gemeenten_frame(g.gemeenten)
    with _zonder_wachten_op_schijf():
        for frame, laag, soort, wat in (
            (vlakken, "locaties", "MultiPolygon", "locaties met een vlak"),
            (punten, "locaties_punten", "Point", "locaties met een punt"),
            (grenzen, "gemeenten", "MultiPolygon", "gemeentegrenzen"),
        ):
            if len(frame[0]):
                schrijf(frame, laag, soort)
            else:
                rapport.waarschuwingen.append(
                    f"laag {laag} is niet opgenomen: geen {wat} (een lege kaartlaag keurt de "
                    "PDOK-validator af)"
                )
        zonder = [x.gemeente for x in g.gemeenten if x.geometry is None]
        if zonder:
            rapport.waarschuwingen.append(
                "gemeenten zonder grens staan niet in laag gemeenten: " + ", ".join(zonder)
            )
        schrijf(_toewijzingen(g), "toewijzingen")
        schrijf(_onttrekkingen_frame(g.onttrekkingen, _bron_ids(g)), "onttrekkingen")
        schrijf(_biedingen_frame(g.biedingen), "biedingen")
        schrijf(_casussen_frame(g.casussen), "casussen")
        for soort, laag in (("MultiPolygon", "casusgebieden"), ("Point", "casusgebieden_punten")):
            gebieden = _casusgebieden_frame(g.casussen, soort == "Point")
            if len(gebieden[0]):  # an empty map layer fails PDOK's validator; no area is common
                schrijf(gebieden, laag, soort)
        schrijf(_potentieel_frame(g.casussen), "casus_potentieel")
        schrijf(_bijdragen_frame(g.bijdragen), "bijdragen")
    rapport.casussen = len(g.casussen)
    rapport.bijdragen = len(g.bijdragen)
    rapport.gemeenten = len(grenzen[0])
    rapport.onttrekkingen = len(g.onttrekkingen)
    rapport.biedingen = len(g.biedingen)


def _afkappen(frame: pd.DataFrame, wat: str, rapport: ExportRapport) -> pd.DataFrame:
    """Cut text longer than :data:`DBF_TEKST_MAX` bytes at a character boundary, and say so."""
    for k in frame.columns:
        if frame[k].dtype != object:
            continue
        # a text of at most DBF_TEKST_MAX // 4 characters fits in any case (UTF-8: <= 4 bytes)
        waarden = frame[k].tolist()
        lang = np.fromiter(
            (type(w) is str and len(w) > DBF_TEKST_MAX // 4 for w in waarden),
            dtype=bool,
            count=len(waarden),
        )
        if not lang.any():
            continue
        for i, waarde in frame.loc[lang, k].items():
            ruw = waarde.encode("utf-8")
            if len(ruw) <= DBF_TEKST_MAX:
                continue
            kort = ruw[:DBF_TEKST_MAX].decode("utf-8", errors="ignore")
            frame.at[i, k] = kort
            wie = frame.at[i, "bron_id"] if "bron_id" in frame.columns else None
            sleutel = next(k for k in ("id", "locatie", "casus") if k in frame.columns)
            nummer = frame.at[i, sleutel]
            rapport.waarschuwingen.append(
                f"{wat} {nummer}{f' ({wie})' if wie else ''}: veld {k} is {len(ruw)} bytes; een "
                f"shapefile bewaart hoogstens {DBF_TEKST_MAX} bytes, dus afgekapt tot "
                f"{kort[-20:]!r}. De volledige tekst staat in de GeoPackage- en GeoJSON-export"
            )
    return frame


def _leesmij(g: _Gegevens, rapport: ExportRapport) -> str:
    regels = [
        "LEESMIJ - export uit locatieplanner",
        "",
        f"Datum: {date.today().isoformat()}",
        "Coördinatenstelsel: EPSG:28992 (Amersfoort / RD New), zie de .prj-bestanden.",
        "Tekencodering: UTF-8 (zie de .cpg-bestanden); CSV met ';' als scheidingsteken.",
        "",
        "Bestanden:",
        "  locaties.shp (.shx .dbf .prj .cpg)         locaties met een vlak (polygoon)",
        "  locaties_punten.shp (.shx .dbf .prj .cpg)  locaties met een punt",
        "  toewijzingen.dbf en toewijzingen.csv       verdeling van DAEB-woningen per corporatie",
        "  casussen.dbf en casussen.csv               kansen en knelpunten (werkafspraak 5b)",
        "  casus_potentieel.dbf en .csv               potentieel van de casussen per opleverjaar",
        "  bijdragen.dbf en bijdragen.csv             bijdragen van de partijen aan de casussen",
        "  LEESMIJ.txt                                dit bestand",
        "",
        "Velden van locaties en locaties_punten:",
    ]
    regels += [f"  {k:<10}  {VELDUITLEG[k]}" for k in LOCATIE_KOLOMMEN]
    regels += ["", "Velden van toewijzingen (één regel per corporatie en opleverjaar):"]
    uitleg = VELDUITLEG | {
        "bron_id": "Kenmerk (bron_id) van de locatie",
        "gemeente": "Gemeentecode van de locatie",
        "corporatie": "Naam van de corporatie",
        "daeb": "Aantal DAEB-woningen (sociale huur) voor deze corporatie",
        "oplevering": "Opleverjaar van dit deel (leeg: dat van de locatie)",
    }
    regels += [f"  {k:<10}  {uitleg[k]}" for k in TOEWIJZING_KOLOMMEN]
    for kop, kolommen in (
        ("casussen (één regel per casus)", CASUS_KOLOMMEN),
        ("casus_potentieel (één regel per casus en opleverjaar)", POTENTIEEL_KOLOMMEN),
        ("bijdragen (één regel per partij en casus)", BIJDRAGE_KOLOMMEN),
    ):
        regels += ["", f"Velden van {kop}:"]
        regels += [f"  {k:<10}  {CASUSUITLEG[k]}" for k in kolommen]
    regels += [
        "",
        "Alle veldnamen zijn hoogstens 10 tekens; teksten langer dan 254 bytes passen niet in een",
        "shapefile en zijn afgekapt (zie hieronder). Importeren kan met",
        "'locatieplanner locaties importeer BESTAND.zip'.",
    ]
    if rapport.waarschuwingen:
        regels += ["", "Opmerkingen bij deze export:"] + [
            f"  - {w}" for w in rapport.waarschuwingen
        ]
    return "\r\n".join(regels) + "\r\n"


def _schrijf_shp(pad: Path, g: _Gegevens, rapport: ExportRapport) -> None:
    shp = {"driver": "ESRI Shapefile", "encoding": "UTF-8"}
    with tempfile.TemporaryDirectory(prefix="locatieplanner-shp-") as tmp, Zip(pad) as zip_:
        map_ = Path(tmp)

        def klaar() -> None:
            """Start compressing the files GDAL has finished (it writes one layer at a time)."""
            for bestand in sorted(map_.iterdir()):
                if bestand.name not in toegevoegd:
                    toegevoegd.add(bestand.name)
                    zip_.voeg_toe(bestand.name, bestand)

        toegevoegd: set[str] = set()
        vlakken, punten_ = _vlakken_en_punten(g)
        for (frame, geometrie), soort, laag in (
            (vlakken, "MultiPolygon", "locaties"),
            (punten_, "Point", "locaties_punten"),
        ):
            if not len(frame):
                rapport.waarschuwingen.append(
                    f"{laag}.shp is niet opgenomen: geen locaties met een "
                    f"{'punt' if soort == 'Point' else 'vlak'}"
                )
                continue
            laag_ = (frame, geometrie)
            _schrijf_laag(map_ / f"{laag}.shp", laag_, laag, soort, ("locatie", rapport), **shp)
            klaar()
            rapport.lagen.append(f"{laag}.shp")
        for frame, naam, wat in (
            (_toewijzingen(g), "toewijzingen", "toewijzing van locatie"),
            (_casussen_frame(g.casussen), "casussen", "casus"),
            (_potentieel_frame(g.casussen), "casus_potentieel", "potentieel van casus"),
            (_bijdragen_frame(g.bijdragen), "bijdragen", "bijdrage"),
        ):
            # the .csv keeps the full text; the .dbf holds at most 254 bytes per field
            zip_.voeg_toe(f"{naam}.csv", _csv_bytes(frame))
            _schrijf_laag(map_ / f"{naam}.dbf", (frame, None), afkappen=(wat, rapport), **shp)
            klaar()
            rapport.lagen += [f"{naam}.dbf", f"{naam}.csv"]
        rapport.lagen.append("LEESMIJ.txt")
        rapport.casussen = len(g.casussen)
        rapport.bijdragen = len(g.bijdragen)
        zip_.voeg_toe("LEESMIJ.txt", _leesmij(g, rapport).encode("utf-8"))
        # each file compressed once, in worker threads while the next layers were made; the
        # zip holds them in name order
        zip_.sluit()


def _geojson(g: _Gegevens, crs: str) -> dict[str, Any]:
    locs = g.locaties
    if crs == CRS:
        geoms: list[BaseGeometry | None] = [loc.geometry for loc in locs]
    else:
        geoms = naar_wgs84([loc.geometry for loc in locs], decimalen=DECIMALEN_EXACT)
    features = []
    for loc, geom in zip(locs, geoms, strict=True):
        eigenschappen = _locatie_rij(loc)
        eigenschappen["toewijzingen"] = [
            {"corporatie": tw.corporatie, "daeb": tw.daeb, "oplevering": tw.oplevering}
            for tw in loc.toewijzingen
        ]
        features.append({"type": "Feature", "properties": eigenschappen, "geometry": mapping(geom)})
    data: dict[str, Any] = {"type": "FeatureCollection", "name": "locaties"}
    if crs == CRS:
        data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    data["features"] = features
    return data


def _schrijf_geojson(pad: Path, g: _Gegevens, crs: str) -> None:
    tekst = json.dumps(_geojson(g, crs), ensure_ascii=False, allow_nan=False)
    pad.write_text(tekst, encoding="utf-8")


#: First characters that make a spreadsheet cell a formula (or DDE) when opened.
_GEVAARLIJK = ("=", "+", "-", "@", "\t", "\r")


def neutraliseer(waarde: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(waarde, str) and waarde.startswith(_GEVAARLIJK):
        return "'" + waarde
    return waarde


def _cel(waarde: Any) -> Any:
    if waarde is None or waarde is pd.NA:
        return None
    if isinstance(waarde, float) and waarde != waarde:
        return None
    if hasattr(waarde, "item") and not isinstance(waarde, str):
        waarde = waarde.item()
    return neutraliseer(waarde)


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    uit = io.StringIO(newline="")
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(frame.columns)
    kolommen = []
    for k in frame.columns:
        reeks = frame[k]
        if reeks.dtype == "int64":  # plain integers: nothing to neutralise or leave empty
            kolommen.append(reeks.tolist())
        elif reeks.dtype in ("Int64", "float64"):  # numbers, or empty when missing
            kolommen.append(reeks.astype(object).where(reeks.notna(), "").tolist())
        else:  # a text needs a check only when it starts like a formula; the rest via _cel
            kolommen.append(
                [
                    v
                    if type(v) is str and not v.startswith(_GEVAARLIJK)
                    else ("" if (c := _cel(v)) is None else c)
                    for v in reeks.tolist()
                ]
            )
    schrijver.writerows(zip(*kolommen, strict=True))
    return uit.getvalue().encode("utf-8-sig")


def _schrijf_csv(pad: Path, g: _Gegevens, rapport: ExportRapport) -> None:
    from ..analyse.tabellen import overzicht_5a

    frame = overzicht_5a(g.locaties, g.namen)
    pad.write_bytes(_csv_bytes(frame))
    rapport.rijen = len(frame)


def _bladnaam(tekst: str, gebruikt: set[str]) -> str:
    naam = "".join("_" if c in "[]:*?/\\" else c for c in tekst).strip("'")[:31]
    basis, n = naam, 2
    while naam.lower() in gebruikt:
        naam = f"{basis[:28]} {n}"
        n += 1
    gebruikt.add(naam.lower())
    return naam


def _schrijf_xlsx(pad: Path, g: _Gegevens, rapport: ExportRapport) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    from ..analyse.tabellen import KOLOMMEN_5A, KOLOMMEN_REGIO, overzicht_5a, regio_overzicht

    def schoon(waarde: Any) -> Any:
        waarde = _cel(waarde)
        if isinstance(waarde, str):
            return ILLEGAL_CHARACTERS_RE.sub("", waarde)
        return waarde

    def blad(ws: Any, frame: pd.DataFrame, kolommen: list[str]) -> None:
        ws.append(kolommen)
        for cel in ws[1]:
            cel.font = Font(bold=True)
        for rij in frame[kolommen].itertuples(index=False):
            ws.append([schoon(v) for v in rij])
        ws.freeze_panes = "A2"
        for i, k in enumerate(kolommen, start=1):
            breedte = max([len(k), *(len(str(v)) for v in frame[k].head(500) if v is not None)])
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(breedte + 2, 60)

    overzicht = overzicht_5a(g.locaties, g.namen)
    boek = Workbook()
    regio = boek.active
    regio.title = "Regio"
    blad(regio, regio_overzicht(g.locaties, g.namen, g.actuele_biedingen), KOLOMMEN_REGIO)
    gebruikt = {"regio"}
    codes = list(g.namen) + sorted({c for c in overzicht["gemeente"].dropna() if c not in g.namen})
    for code in codes:
        deel = overzicht[overzicht["gemeente"] == code]
        ws = boek.create_sheet(_bladnaam(f"{code} {g.namen.get(code, '')}".strip(), gebruikt))
        blad(ws, deel, KOLOMMEN_5A)
    uitleg = boek.create_sheet("Toelichting")
    uitleg.append(["veld", "betekenis"])
    for k in KOLOMMEN_5A:
        uitleg.append([k, _UITLEG_5A.get(k, VELDUITLEG.get(k, ""))])
    boek.save(pad)
    rapport.rijen = len(overzicht)
    rapport.lagen = boek.sheetnames


_UITLEG_5A = {
    "gemeentenaam": "Naam van de gemeente",
    "locatie": "Naam van de locatie",
    "corporatie": "Corporatie waaraan de DAEB-woningen zijn toegewezen, of "
    "'(nog niet toegewezen)' voor het restant",
    "daeb": "Aantal DAEB-woningen (sociale huur door een corporatie) in deze regel",
    "oplevering": "Opleverjaar van dit deel (anders dat van de locatie)",
    "statusomschrijving": "Betekenis van de planstatus",
}


# --------------------------------------------------------------------------- public API


def _normaliseer_crs(crs: str | None, formaat: str) -> str | None:
    if crs is None:
        return (
            "EPSG:4326" if formaat == "geojson" else (CRS if formaat in ("gpkg", "shp") else None)
        )
    tekst = crs.strip().upper()
    if tekst in ("4326", "EPSG:4326", "WGS84"):
        tekst = "EPSG:4326"
    elif tekst in ("28992", "EPSG:28992", "RD"):
        tekst = CRS
    else:
        raise ValidatieFout(
            [
                Probleem(
                    "crs", crs, "toegestaan zijn EPSG:4326 (standaard voor GeoJSON) en EPSG:28992"
                )
            ]
        )
    if formaat != "geojson" and tekst != CRS:
        raise ValidatieFout(
            [
                Probleem(
                    "crs",
                    crs,
                    f"{FORMATEN[formaat].omschrijving} wordt altijd in EPSG:28992 (RD New) "
                    "geschreven; alleen GeoJSON kan ook EPSG:4326",
                )
            ]
        )
    return tekst


def exporteer(
    store: Any,
    pad: str | os.PathLike[str],
    formaat: str | None = None,
    *,
    gemeente: str | Iterable[str] | None = None,
    corporatie: str | None = None,
    hardheid: str | None = None,
    crs: str | None = None,
) -> ExportRapport:
    """Write the sites (filtered by municipality code(s), corporation, ``hard``/``zacht``) to
    ``pad`` as GeoPackage, shapefile zip, GeoJSON, CSV or Excel (``formaat``, else from the
    extension). ``crs`` only for GeoJSON: EPSG:4326 (RFC 7946, default) or EPSG:28992."""
    pad = Path(pad)
    formaat = formaat_voor(pad, formaat)
    crs = _normaliseer_crs(crs, formaat)
    if formaat == "shp" and pad.suffix.lower() == ".shp":
        raise ValidatieFout(
            [
                Probleem(
                    "pad",
                    pad.name,
                    "een shapefile-export is één .zip (met .shp, .shx, .dbf, .prj, .cpg per "
                    f"laag); geef bijvoorbeeld {pad.with_suffix('.zip').name}",
                )
            ]
        )
    g = _verzamel(store, gemeente, corporatie, hardheid, kolomsgewijs=formaat in _KOLOMSGEWIJS)
    rapport = ExportRapport(str(pad), formaat, crs)
    if g.tabellen is not None:
        rapport.locaties = len(g.tabellen.locaties)
        rapport.punten = int(g.puntmasker.sum())
        rapport.toewijzingen = len(g.tabellen.toewijzingen)
    else:
        rapport.locaties = len(g.locaties)
        rapport.punten = sum(loc.geometry.geom_type == "Point" for loc in g.locaties)
        rapport.toewijzingen = sum(len(loc.toewijzingen) for loc in g.locaties)
    rapport.vlakken = rapport.locaties - rapport.punten
    schrijvers = {
        "gpkg": lambda p: _schrijf_gpkg(p, g, rapport),
        "shp": lambda p: _schrijf_shp(p, g, rapport),
        "geojson": lambda p: _schrijf_geojson(p, g, crs or "EPSG:4326"),
        "csv": lambda p: _schrijf_csv(p, g, rapport),
        "xlsx": lambda p: _schrijf_xlsx(p, g, rapport),
    }
    try:
        with schrijf_atomair(pad) as tijdelijk:
            schrijvers[formaat](tijdelijk)
    except OSError as e:
        raise BestandFout(f"{pad} kan niet worden geschreven: {e.strerror or e}") from e
    return rapport


def exporteer_download(
    store: Any,
    formaat: str,
    *,
    gemeente: str | Iterable[str] | None = None,
    corporatie: str | None = None,
    hardheid: str | None = None,
    crs: str | None = None,
) -> Download:
    """The same export as :func:`exporteer`, in memory for a download."""
    formaat = formaat_voor("", formaat)
    delen = ["locatieplanner", date.today().isoformat()]
    codes = _codes(gemeente)
    if codes:
        delen.append("-".join(codes))
    if hardheid:
        delen.append(hardheid)
    if corporatie:
        delen.append("".join(c if c.isalnum() else "_" for c in corporatie)[:40])
    naam = "_".join(delen) + FORMATEN[formaat].extensie
    with tempfile.TemporaryDirectory(prefix="locatieplanner-export-") as tmp:
        pad = Path(tmp) / naam
        rapport = exporteer(
            store,
            pad,
            formaat,
            gemeente=gemeente,
            corporatie=corporatie,
            hardheid=hardheid,
            crs=crs,
        )
        inhoud = pad.read_bytes()
    rapport.pad = naam
    return Download(inhoud, naam, FORMATEN[formaat].mimetype, rapport)
