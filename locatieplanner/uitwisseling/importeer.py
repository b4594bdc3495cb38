"""Import of sites (with assignments), removals and bids from files of municipal GIS staff.

Reads shapefiles (zip, folder or loose ``.shp``), GeoPackage layers, GeoJSON and CSV/Excel with
``x``/``y`` (RD), ``lon``/``lat`` or ``wkt`` columns, through the safe reader
(:mod:`locatieplanner.uitwisseling.bestanden`). Columns are mapped from the supplier's names to the canonical
fields; unknown columns are reported. Every row is checked by the domain rules; the result is a
report per row (row number, ``bron_id``, problem, value). Without ``droog`` everything is stored
in one transaction or nothing is (the store's bulk methods); re-importing the same ``bron_id``\\s
updates those sites.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from itertools import repeat, starmap
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from ..crs import crs_naam, lees_crs, naar_rd
from ..domein.corporatienamen import ONBEKENDE_CORPORATIE, naaste_naam
from ..domein.model import LOCATIE_INVOERVELDEN, SEGMENTEN, Bod, Locatie, Onttrekking, Toewijzing
from ..errors import BestandFout, CrsFout, Probleem, ValidatieFout
from ..geheugen import zonder_gc
from .bestanden import (
    STANDAARD_LIMIETEN,
    Bestand,
    Gegevensbron,
    Limieten,
    lagen,
    lees_json,
    lees_laag_in_delen,
    lees_tabel,
    open_bestand,
)
from .kolommen import eis_kolommen, koppel_kolommen

__all__ = [
    "VELDEN_LOCATIE",
    "VELDEN_TOEWIJZING",
    "VELDEN_ONTTREKKING",
    "VELDEN_BOD",
    "Melding",
    "ImportRapport",
    "ImportAfgekeurd",
    "importeer_locaties",
    "importeer_onttrekkingen",
    "importeer_biedingen",
]

#: Fields a site file may give (``corporatie``: all DAEB units to that corporation).
VELDEN_LOCATIE: tuple[str, ...] = (*LOCATIE_INVOERVELDEN, "corporatie")
VELDEN_TOEWIJZING: tuple[str, ...] = (
    "bron_id",
    "gemeente",
    "locatie",
    "corporatie",
    "daeb",
    "oplevering",
)
VELDEN_ONTTREKKING: tuple[str, ...] = (
    "gemeente",
    "jaar",
    "aantal",
    "soort",
    "corporatie",
    "bron_id",
    "opmerking",
)
VELDEN_BOD: tuple[str, ...] = ("gemeente", "versie", "datum", "daeb", "opmerking")

#: Other names suppliers use, compared case-insensitively (canonical name first).
_ALIASSEN: dict[str, tuple[str, ...]] = {
    "bron_id": ("bron_id", "bronid", "plan_id", "planid", "projectid", "project_id", "projectnr"),
    "naam": ("naam", "plannaam", "projectnaam", "locatienaam", "name"),
    "gemeente": ("gemeente", "gemeentecode", "gm_code", "statcode"),
    "status": ("status", "planstatus"),
    "fase": ("fase", "projectfase"),
    "daeb": ("daeb", "daeb_huur"),
    "soc_huur": ("soc_huur", "sociale_huur"),
    "goedk_koop": ("goedk_koop", "goedkope_koop"),
    "midden": ("midden", "middenhuur"),
    "bet_koop": ("bet_koop", "betaalbare_koop"),
    "overig": ("overig", "overige"),
    "start": ("start", "startjaar", "start_bouw"),
    "oplevering": ("oplevering", "opleverjaar"),
    "opmerking": ("opmerking", "opmerkingen", "toelichting"),
    "corporatie": ("corporatie", "corporaties", "woningcorporatie"),
    "locatie": ("locatie", "locatie_id"),
    "jaar": ("jaar",),
    "aantal": ("aantal",),
    "soort": ("soort",),
    "versie": ("versie",),
    "datum": ("datum",),
}
#: Columns our own exports add that are derived, not imported (listed as such, not unknown).
_AFGELEID = {"id", "versie", "ligging", "hardheid", "daeb_nt", "toewijzingen", "fid"}
_COORD_KOLOMMEN = {
    "x": ("x", "x_rd", "rd_x"),
    "y": ("y", "y_rd", "rd_y"),
    "lon": ("lon", "lng", "longitude", "lengtegraad"),
    "lat": ("lat", "latitude", "breedtegraad"),
    "wkt": ("wkt", "geometry", "geometrie", "geom", "wkt_geom"),
}


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Melding:
    """One problem (or, with ``ernst`` "waarschuwing", one warning) of one row: row number (as
    the user sees it), ``bron_id``, field, value."""

    rij: int | None
    bron_id: str | None
    veld: str
    waarde: Any
    probleem: str
    laag: str | None = None
    ernst: str = "fout"

    @property
    def delen(self) -> tuple[str, str]:
        """(what is wrong, what is allowed): the message split at its first "; " (the domain's
        messages say the problem first, then what is allowed); a warning is not split."""
        if self.ernst != "fout":
            return self.probleem, ""
        wat, _scheiding, toegestaan = self.probleem.partition("; ")
        return wat, re.sub(r"^toegestaan (is|zijn):? ", "", toegestaan)

    @property
    def plek(self) -> str:
        delen = []
        if self.laag:
            delen.append(self.laag)
        if self.rij is not None:
            delen.append(f"rij {self.rij}")
        if self.bron_id:
            delen.append(f"bron_id {self.bron_id!r}")
        return ", ".join(delen) or "bestand"

    def __str__(self) -> str:
        return f"{self.plek}: {self.veld} = {_kort(self.waarde)}: {self.probleem}"

    def als_dict(self) -> dict[str, Any]:
        waarde = self.waarde
        if not isinstance(waarde, str | int | float | bool | type(None)):
            waarde = str(waarde)
        return {
            "rij": self.rij,
            "laag": self.laag,
            "bron_id": self.bron_id,
            "veld": self.veld,
            "waarde": waarde,
            "probleem": self.probleem,
            "ernst": self.ernst,
        }


def _kort(waarde: Any) -> str:
    tekst = repr(waarde)
    return tekst if len(tekst) <= 80 else tekst[:77] + "…"


_SOORT_NAAM = {"locaties": "locaties", "onttrekkingen": "onttrekkingen", "biedingen": "biedingen"}


@dataclass
class ImportRapport:
    """Outcome of an import; ``regels()`` gives the Dutch lines for the CLI and the web page."""

    bron: str
    soort: str = "locaties"
    droog: bool = False
    lagen: list[str] = field(default_factory=list)
    crs: str | None = None
    codering: str | None = None
    kolommen: dict[str, str] = field(default_factory=dict)
    onbekende_kolommen: list[str] = field(default_factory=list)
    genegeerde_kolommen: list[str] = field(default_factory=list)
    gelezen: int = 0
    toewijzingen: int = 0
    toegevoegd: int = 0
    gewijzigd: int = 0
    ongewijzigd: int = 0
    problemen: list[Melding] = field(default_factory=list)
    waarschuwingen: list[str] = field(default_factory=list)
    opgeslagen: bool = False
    #: Seconds the import held the database's write transaction (None: nothing written).
    slotduur: float | None = None
    #: Corporations the import registered (a dry run: would register).
    nieuwe_corporaties: list[str] = field(default_factory=list)
    #: Unknown corporations once each: ``{"naam", "rijen", "suggestie"}``.
    onbekende_corporaties: list[dict[str, Any]] = field(default_factory=list)
    #: Non-blocking warnings per stored site (``ernst`` "waarschuwing").
    locatiewaarschuwingen: list[Melding] = field(default_factory=list)

    @property
    def geslaagd(self) -> bool:
        return not self.problemen

    def regels(self) -> list[str]:
        bron = self.bron + (f", lagen {', '.join(self.lagen)}" if self.lagen else "")
        extra = []
        if self.crs:
            extra.append(f"CRS {self.crs}")
        if self.codering:
            extra.append(f"codering {self.codering}")
        uit = [
            f"Import van {_SOORT_NAAM[self.soort]} uit {bron}"
            + (f" ({', '.join(extra)})" if extra else "")
            + f": {self.gelezen} rijen gelezen"
            + (f", {self.toewijzingen} toewijzingen" if self.toewijzingen else "")
            + "."
        ]
        if self.kolommen:
            uit.append("Kolommen: " + ", ".join(f"{v} ← {k}" for v, k in self.kolommen.items()))
        if self.onbekende_kolommen:
            uit.append(
                "Onbekende kolommen (niet geïmporteerd; koppel ze zo nodig met de instelling "
                "'Kolomkoppeling'): " + ", ".join(self.onbekende_kolommen)
            )
        if self.genegeerde_kolommen:
            uit.append(
                "Afgeleide kolommen (worden opnieuw berekend, niet geïmporteerd): "
                + ", ".join(self.genegeerde_kolommen)
            )
        telling = (
            f"{self.toegevoegd} toegevoegd, {self.gewijzigd} gewijzigd, "
            f"{self.ongewijzigd} ongewijzigd"
        )
        if self.problemen:
            uit.append(f"NIETS OPGESLAGEN: {len(self.problemen)} problemen gevonden:")
            uit.extend(f"  {m}" for m in self.problemen)
        elif self.droog:
            uit.append(f"Proefimport, niets opgeslagen. Zou geven: {telling}.")
        else:
            uit.append(f"Opgeslagen in één transactie: {telling}.")
        if self.onbekende_corporaties:
            uit.append(
                "Onbekende corporaties: "
                + "; ".join(_onbekende_corporatie_tekst(c) for c in self.onbekende_corporaties)
                + ". Verbeter de namen, of registreer ze bij de import met de instelling "
                "'Nieuwe corporaties registreren'."
            )
        if self.nieuwe_corporaties:
            wat = (
                "Zou als nieuwe corporaties registreren"
                if self.droog
                else ("Nieuwe corporaties geregistreerd")
            )
            uit.append(f"{wat}: {', '.join(self.nieuwe_corporaties)}.")
        if self.locatiewaarschuwingen:
            uit.append(
                f"{len(self.locatiewaarschuwingen)} waarschuwingen bij de locaties (niet "
                "blokkerend; zie de tabel)."
            )
        uit.extend(f"Let op: {w}" for w in self.waarschuwingen)
        return uit

    def tabel(self) -> list[dict[str, Any]]:
        """The report as table rows, problems and warnings by row: ``laag``, ``rij``,
        ``bron_id``, ``veld``, ``kolom`` (the file's column, when it differs), ``waarde``,
        ``ernst`` (fout or waarschuwing), ``probleem``, ``toegestaan``."""
        kolom_van = self.kolommen
        rijen = []
        for m in sorted(
            [*self.problemen, *self.locatiewaarschuwingen],
            key=lambda m: (m.laag or "", m.rij if m.rij is not None else -1, m.ernst != "fout"),
        ):
            probleem, toegestaan = m.delen
            kolom = kolom_van.get(m.veld)
            rijen.append(
                {
                    "laag": m.laag,
                    "rij": m.rij,
                    "bron_id": m.bron_id,
                    "veld": m.veld,
                    "kolom": kolom if kolom and kolom != m.veld else None,
                    "waarde": m.als_dict()["waarde"],
                    "ernst": m.ernst,
                    "probleem": probleem,
                    "toegestaan": toegestaan,
                }
            )
        return rijen

    def tekst_tabel(self, breedte: int = 40) -> list[str]:
        """The table as aligned text lines (for a terminal); a value longer than ``breedte``
        characters is cut."""
        koppen = ["rij", "bron_id", "kolom/veld", "waarde", "ernst", "probleem", "toegestaan"]
        cellen = []
        for r in self.tabel():
            waarde = "" if r["waarde"] is None else _kort(r["waarde"])
            if len(waarde) > breedte:
                waarde = waarde[: breedte - 1] + "…"
            cellen.append(
                [
                    _rijtekst(r),
                    r["bron_id"] or "",
                    _kolomtekst(r),
                    waarde,
                    r["ernst"],
                    r["probleem"],
                    r["toegestaan"],
                ]
            )
        if not cellen:
            return []
        maten = [max(len(k), *(len(r[i]) for r in cellen)) for i, k in enumerate(koppen)]

        def regel(waarden: Sequence[str]) -> str:
            return "  ".join(w.ljust(m) for w, m in zip(waarden, maten, strict=True)).rstrip()

        return [regel(koppen), regel(["-" * m for m in maten]), *(regel(r) for r in cellen)]

    def als_csv(self) -> str:
        """The table as CSV (``;``-separated, with a BOM so that Excel reads UTF-8); cells
        that a spreadsheet would run as a formula start with ``'``."""
        uit = io.StringIO()
        uit.write("\ufeff")
        schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
        koppen = [
            "laag",
            "rij",
            "bron_id",
            "veld",
            "kolom",
            "waarde",
            "ernst",
            "probleem",
            "toegestaan",
        ]
        schrijver.writerow(koppen)
        for r in self.tabel():
            schrijver.writerow([_csv_cel(r[k]) for k in koppen])
        return uit.getvalue()

    def als_dict(self) -> dict[str, Any]:
        return {
            "bron": self.bron,
            "soort": self.soort,
            "droog": self.droog,
            "lagen": self.lagen,
            "crs": self.crs,
            "codering": self.codering,
            "kolommen": self.kolommen,
            "onbekende_kolommen": self.onbekende_kolommen,
            "gelezen": self.gelezen,
            "toegevoegd": self.toegevoegd,
            "gewijzigd": self.gewijzigd,
            "ongewijzigd": self.ongewijzigd,
            "opgeslagen": self.opgeslagen,
            "slotduur_s": None if self.slotduur is None else round(self.slotduur, 3),
            "problemen": [m.als_dict() for m in self.problemen],
            "waarschuwingen": self.waarschuwingen,
            "nieuwe_corporaties": self.nieuwe_corporaties,
            "onbekende_corporaties": self.onbekende_corporaties,
            "locatiewaarschuwingen": [m.als_dict() for m in self.locatiewaarschuwingen],
        }


def _onbekende_corporatie_tekst(c: Mapping[str, Any]) -> str:
    rijen = ", ".join(str(r) for r in c["rijen"][:20]) + (" …" if len(c["rijen"]) > 20 else "")
    tekst = f"{c['naam']!r} (rij {rijen})" if rijen else repr(c["naam"])
    if c["suggestie"]:
        tekst += f", bedoelt u {c['suggestie']!r}?"
    return tekst


def _rijtekst(r: Mapping[str, Any]) -> str:
    rij = "" if r["rij"] is None else str(r["rij"])
    return f"{r['laag']} {rij}".strip() if r["laag"] else rij


def _kolomtekst(r: Mapping[str, Any]) -> str:
    return f"{r['veld']} ({r['kolom']})" if r["kolom"] else r["veld"]


def _csv_cel(waarde: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if isinstance(waarde, str) and waarde[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + waarde
    return "" if waarde is None else waarde


class ImportAfgekeurd(ValidatieFout):
    """One or more rows break the rules: nothing was stored; ``rapport`` has every problem."""

    def __init__(self, rapport: ImportRapport) -> None:
        self.rapport = rapport
        problemen = [Probleem(m.veld, m.waarde, m.probleem, m.plek) for m in rapport.problemen]
        super().__init__(problemen, "\n".join(rapport.regels()))


# --------------------------------------------------------------------------- values


def _leeg(waarde: Any) -> bool:
    if waarde is None:
        return True
    if waarde is pd.NA or waarde is pd.NaT:
        return True
    if isinstance(waarde, float | np.floating) and math.isnan(waarde):
        return True
    return isinstance(waarde, str) and not waarde.strip()


def _geheel(waarde: Any) -> Any:
    """An int for whole numbers ("12", 12.0, "1.234" with Dutch thousands dots); None when
    empty; otherwise the value itself, so the validation reports it as it was written."""
    if _leeg(waarde):
        return None
    if isinstance(waarde, bool | np.bool_):
        return waarde
    if isinstance(waarde, int | np.integer):
        return int(waarde)
    if isinstance(waarde, float | np.floating):
        return int(waarde) if math.isfinite(waarde) and waarde == int(waarde) else float(waarde)
    if isinstance(waarde, str):
        tekst = waarde.strip().replace("\u00a0", "").replace(" ", "")
        if re.fullmatch(r"[+-]?\d+", tekst):
            return int(tekst)
        if re.fullmatch(r"[+-]?\d+[.,]0+", tekst):
            return int(re.split(r"[.,]", tekst)[0])
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", tekst):
            return int(tekst.replace(".", ""))
        return waarde.strip()
    return waarde


def _tekst(waarde: Any) -> str | None:
    if type(waarde) is str:  # most values: the same as below, without the checks
        return waarde.strip() or None
    if _leeg(waarde):
        return None
    if isinstance(waarde, float | np.floating) and math.isfinite(waarde) and waarde == int(waarde):
        return str(int(waarde))
    if isinstance(waarde, np.integer):
        return str(int(waarde))
    return str(waarde).strip()


def _status(waarde: Any) -> Any:
    tekst = _tekst(waarde)
    return None if tekst is None else sys.intern(tekst.upper())  # a few values, many rows


def _gemeente(waarde: Any) -> str | None:
    from ..domein.gemeentecode import normaliseer_code

    if _leeg(waarde):
        return None
    try:
        return normaliseer_code(waarde)
    except ValueError:
        return str(waarde).strip()


def _datum(waarde: Any) -> Any:
    if _leeg(waarde):
        return None
    if isinstance(waarde, datetime):
        return waarde.date()
    if isinstance(waarde, date):
        return waarde
    tekst = str(waarde).strip()
    for patroon in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(tekst, patroon).date()
        except ValueError:
            continue
    return tekst


# --------------------------------------------------------------------------- columns


def _kolommen_kiezen(
    aanwezig: Sequence[str],
    velden: Sequence[str],
    kolommen: Mapping[str, str] | None,
    bron: str,
    extra_bekend: Iterable[str] = (),
) -> tuple[dict[str, str], list[str], list[str]]:
    """(field -> source column, unknown columns, derived columns): the explicit mapping first,
    then canonical and known names (case-insensitive)."""
    gekozen = koppel_kolommen(aanwezig, velden, _ALIASSEN, kolommen, bron)
    bekend = {k.lower() for k in extra_bekend}
    gebruikt = set(gekozen.values())
    afgeleid = [k for k in aanwezig if k not in gebruikt and k.lower() in _AFGELEID]
    onbekend = [
        k
        for k in aanwezig
        if k not in gebruikt and k.lower() not in _AFGELEID and k.lower() not in bekend
    ]
    return gekozen, onbekend, afgeleid


def _vereist(
    gekozen: Mapping[str, str], velden: Iterable[str], aanwezig: Sequence[str], bron: str
) -> None:
    eis_kolommen(gekozen, velden, aanwezig, _ALIASSEN, bron)


# --------------------------------------------------------------------------- reading rows


@dataclass(slots=True)
class _Rij:
    """One row of a source: number as the user sees it, attributes, geometry (RD) and layer."""

    nummer: int
    waarden: Mapping[str, Any]
    geometrie: BaseGeometry | None
    laag: str | None


class _Kolomrij(Mapping[str, Any]):
    """Row ``i`` of a batch read as columns, as a read-only mapping column -> value (Python
    values, as ``DataFrame.to_dict`` gives them): no dictionary per row, which for a large
    file costs more than the data itself."""

    __slots__ = ("_kolommen", "_i")

    def __init__(self, kolommen: dict[str, Any], i: int) -> None:
        self._kolommen = kolommen
        self._i = i

    def __getitem__(self, kolom: str) -> Any:
        waarde = self._kolommen[kolom][self._i]
        return waarde.item() if isinstance(waarde, np.generic) else waarde

    def __iter__(self) -> Iterator[str]:
        return iter(self._kolommen)

    def __len__(self) -> int:
        return len(self._kolommen)


def _kolom(reeks: Any) -> Any:
    """A column's values for :class:`_Kolomrij`: a NumPy array (fast to index) for plain
    numbers, booleans and objects, else pandas' array (dates as ``Timestamp``)."""
    if isinstance(reeks.dtype, np.dtype) and reeks.dtype.kind in "biufO":
        return reeks.to_numpy()
    return reeks.array


def _als_python(reeks: Any) -> list[Any]:
    """A column's values as Python values (as :class:`_Kolomrij` gives them one by one)."""
    waarden = reeks.tolist()
    if getattr(getattr(reeks, "dtype", None), "kind", "") == "O":
        return [w.item() if isinstance(w, np.generic) else w for w in waarden]
    return waarden


def _kolomwaarden(rijen: Sequence[_Rij], kolom: str) -> list[Any]:
    """Column ``kolom`` of all ``rijen``: a batch read as columns is taken as a slice of its
    arrays at once, other rows (CSV, Excel) one by one."""
    uit: list[Any] = []
    i, n = 0, len(rijen)
    while i < n:
        w = rijen[i].waarden
        if not isinstance(w, _Kolomrij):
            uit.append(w.get(kolom))
            i += 1
            continue
        kolommen, begin, j = w._kolommen, w._i, i + 1
        while j < n:
            v = rijen[j].waarden
            if not isinstance(v, _Kolomrij) or v._kolommen is not kolommen:
                break
            j += 1
        reeks = kolommen.get(kolom)
        if reeks is None:
            uit.extend([None] * (j - i))
        else:
            uit.extend(_als_python(reeks[begin : begin + j - i]))
        i = j
    return uit


def _onthoudend(functie: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``functie`` computed once per distinct value (by type and value: 1, 1.0 and True
    differ): a column repeats its statuses, municipalities, corporations and counts."""
    gezien: dict[tuple[type, Any], Any] = {}

    def omgezet(waarde: Any) -> Any:
        try:
            sleutel = (type(waarde), waarde)
            return gezien[sleutel]
        except KeyError:
            uitkomst = gezien[sleutel] = functie(waarde)
            return uitkomst
        except TypeError:  # unhashable (a list from a GeoJSON property)
            return functie(waarde)

    return omgezet


def _omgezet(waarden: Iterable[Any], functie: Callable[[Any], Any]) -> list[Any]:
    """``functie`` of every value, computed once per distinct value (a column of one plain
    type, as most are, by one dict of its distinct values)."""
    waarden = list(waarden)
    typen = set(map(type, waarden))
    if len(typen) == 1 and typen <= _EENVOUDIG:  # one type: its values are the keys
        uniek = dict.fromkeys(waarden)
        for w in uniek:
            uniek[w] = functie(w)
        return list(map(uniek.__getitem__, waarden))
    return list(map(_onthoudend(functie), waarden))


#: Value types :func:`_omgezet` may key by value alone (hashable, equal only within the type).
_EENVOUDIG = frozenset({str, int, float, type(None)})


#: The attributes of a row once they are no longer needed (shared, never changed).
_GEEN_WAARDEN: dict[str, Any] = {}


@dataclass
class _Gelezen:
    rijen: list[_Rij]
    kolommen: list[str]
    crs: str | None
    codering: str | None
    meldingen: list[str]


def _kandidaten(bestand: Bestand, soort_geo: bool) -> list[tuple[Gegevensbron, str | None, bool]]:
    """(source, layer, has geometry) for every layer/table in the file."""
    uit = []
    for bron in bestand.bronnen:
        if bron.soort in ("gpkg", "geojson", "shp", "dbf"):
            for naam, geom in lagen(bron):
                uit.append((bron, naam, geom is not None))
        else:
            uit.append((bron, None, False))
    if soort_geo:
        return uit
    return [k for k in uit if not k[2]] or uit


def _naam(k: tuple[Gegevensbron, str | None, bool]) -> str:
    bron, laag, _geo = k
    if bron.soort == "gpkg" and laag is not None:
        return laag
    return bron.stam


def _kies(
    kandidaten: list[tuple[Gegevensbron, str | None, bool]],
    gevraagd: Sequence[str] | None,
    voorkeur: str,
    bestand: str,
    alleen_geo: bool,
) -> list[tuple[Gegevensbron, str | None, bool]]:
    """The layers to read: the requested ones, else the only one, else those named
    ``voorkeur*``; ambiguity is an error that lists the layers."""
    if alleen_geo and any(k[2] for k in kandidaten):
        bruikbaar = [k for k in kandidaten if k[2]]
    elif alleen_geo:
        bruikbaar = [k for k in kandidaten if k[0].soort in ("csv", "xlsx")]
    else:
        bruikbaar = kandidaten
    namen = [_naam(k) for k in bruikbaar]
    if gevraagd:
        gekozen = []
        for naam in gevraagd:
            passend = [k for k in bruikbaar if _naam(k).lower() == naam.lower()]
            if not passend:
                raise BestandFout(
                    f"{bestand} heeft geen laag {naam!r}; aanwezig: {', '.join(namen) or '(geen)'}"
                )
            gekozen.extend(passend)
        return gekozen
    if len(bruikbaar) == 1:
        return bruikbaar
    passend = [k for k in bruikbaar if _naam(k).lower().startswith(voorkeur)]
    if passend:
        return passend
    if not bruikbaar:
        raise BestandFout(f"{bestand} bevat geen bruikbare laag of tabel")
    raise BestandFout(
        f"{bestand} bevat meerdere lagen: {', '.join(namen)}; kies er één met "
        f"de instelling 'Laag' (bijv. {namen[0]})"
    )


def _coord_kolom(kolommen: Sequence[str], soort: str) -> str | None:
    klein = {k.lower(): k for k in kolommen}
    return next((klein[a] for a in _COORD_KOLOMMEN[soort] if a in klein), None)


def _getal(waarde: Any) -> float:
    if isinstance(waarde, str):
        waarde = waarde.strip().replace(",", ".")
    try:
        return float(waarde)
    except (TypeError, ValueError):
        return math.nan


def _tabel_geometrieen(
    tabel_rijen: list[tuple[int, dict[str, Any]]],
    kolommen: Sequence[str],
    crs: str | None,
    bron: str,
) -> tuple[list[BaseGeometry | None], Any, list[str], list[str]]:
    """Geometries from x/y, lon/lat or wkt columns: (geometries, CRS, used columns, notes)."""
    x, y = _coord_kolom(kolommen, "x"), _coord_kolom(kolommen, "y")
    lon, lat = _coord_kolom(kolommen, "lon"), _coord_kolom(kolommen, "lat")
    wkt = _coord_kolom(kolommen, "wkt")
    meldingen: list[str] = []
    if x and y:
        kol, standaard = (x, y), "EPSG:28992"
    elif lon and lat:
        kol, standaard = (lon, lat), "EPSG:4326"
    elif wkt:
        kol, standaard = (wkt,), None
    else:
        raise BestandFout(
            f"{bron} heeft geen coördinaten: geef kolommen x en y (RD New, meters), lon en lat "
            f"(graden) of wkt. Aanwezige kolommen: {', '.join(kolommen)}"
        )
    if crs is None and standaard is None:
        raise CrsFout(
            f"{bron}: de kolom {wkt!r} (WKT) zegt niet in welk coördinatenstelsel hij staat; geef "
            "het op met de instelling 'CRS', bijv. EPSG:28992 (RD New) of EPSG:4326"
        )
    geoms: list[BaseGeometry | None] = []
    for _nummer, rij in tabel_rijen:
        if len(kol) == 2:
            vx, vy = _getal(rij.get(kol[0])), _getal(rij.get(kol[1]))
            if _leeg(rij.get(kol[0])) and _leeg(rij.get(kol[1])):
                geoms.append(None)
            else:
                geoms.append(shapely.Point(vx, vy))
        else:
            tekst = rij.get(kol[0])
            if _leeg(tekst):
                geoms.append(None)
                continue
            try:
                geoms.append(shapely.from_wkt(str(tekst)))
            except shapely.errors.GEOSException:
                geoms.append(shapely.GeometryCollection())  # reported as unreadable below
                meldingen.append(f"{bron}: onleesbare WKT {str(tekst)[:40]!r}")
    return geoms, crs or standaard, list(kol), meldingen


def _lees_geolaag(
    bron: Gegevensbron,
    laag: str | None,
    laagnaam: str | None,
    codering: str | None,
    opgegeven: Any,
    limieten: Limieten,
    rijen: list[_Rij],
    meldingen: list[str],
) -> tuple[list[str], Any, str | None]:
    """Read a GIS layer in batches (a large file never becomes one big table) into ``rijen``
    with RD geometries; notes go to ``meldingen``. Returns the columns, the CRS the file was
    read in and the text encoding used (shapefile/dbf only, else None)."""
    kolommen: list[str] = []
    bestands_crs = None
    gebruikte_codering = None
    nummer = 0
    for deel in lees_laag_in_delen(bron, laag, codering, limieten):
        meldingen.extend(m for m in deel.meldingen if m not in meldingen)
        frame = deel.tabel
        if nummer == 0:
            if deel.codering_herkend:
                meldingen.append(
                    f"{bron.naam}: geen .cpg-bestand; tekencodering herkend als "
                    f"{deel.codering} (geef zo nodig de instelling 'Tekencodering' op)"
                )
            gebruikte_codering = deel.codering
            kolommen = [str(k) for k in frame.columns if k != frame.geometry.name]
            bestands_crs = deel.crs
            if opgegeven is not None:
                if bestands_crs is not None and not opgegeven.equals(bestands_crs):
                    meldingen.append(
                        f"{bron.naam}: het bestand noemt CRS {crs_naam(bestands_crs)}; op verzoek "
                        f"gelezen als {crs_naam(opgegeven)}"
                    )
                bestands_crs = opgegeven
            if bestands_crs is None:
                raise CrsFout(
                    f"{bron.naam} heeft geen coördinatenstelsel (CRS; bij een shapefile ontbreekt "
                    "het .prj-bestand); geef het op met de instelling 'CRS', bijv. EPSG:28992 "
                    "(RD New, meters) of EPSG:4326 (lengte/breedtegraden)"
                )
        geoms = naar_rd(frame.geometry.array, bestands_crs, bron.naam)
        kolomwaarden = {str(k): _kolom(frame[k]) for k in frame.columns if k != frame.geometry.name}
        del frame, deel
        for i, g in enumerate(geoms):
            nummer += 1
            rijen.append(_Rij(nummer, _Kolomrij(kolomwaarden, i), g, laagnaam))
    return kolommen, bestands_crs, gebruikte_codering


def _lees_bronnen(
    gekozen: list[tuple[Gegevensbron, str | None, bool]],
    crs: str | None,
    codering: str | None,
    limieten: Limieten,
    met_geometrie: bool,
) -> _Gelezen:
    rijen: list[_Rij] = []
    kolommen: list[str] = []
    crs_namen: list[str] = []
    coderingen: list[str] = []
    meldingen: list[str] = []
    meerdere = len(gekozen) > 1
    opgegeven = lees_crs(crs, f"CRS {crs}") if crs is not None else None
    for bron, laag, geo in gekozen:
        laagnaam = _naam((bron, laag, geo)) if meerdere else None
        if geo:
            nieuwe_kolommen, bestands_crs, gebruikt = _lees_geolaag(
                bron, laag, laagnaam, codering, opgegeven, limieten, rijen, meldingen
            )
            crs_namen.append(crs_naam(bestands_crs))
            if gebruikt:
                coderingen.append(gebruikt)
        else:
            tabel = lees_tabel(
                bron, codering, limieten, blad=laag if bron.soort == "gpkg" else None
            )
            meldingen.extend(tabel.meldingen)
            if tabel.codering:
                coderingen.append(tabel.codering)
            nieuwe_kolommen = list(tabel.kolommen)
            if met_geometrie:
                geoms, gebruikt_crs, gebruikt, notities = _tabel_geometrieen(
                    tabel.rijen, tabel.kolommen, crs, tabel.naam
                )
                meldingen.extend(notities)
                rd_crs = lees_crs(gebruikt_crs, f"CRS {gebruikt_crs}")
                geoms_rd = naar_rd(geoms, rd_crs, tabel.naam)
                crs_namen.append(crs_naam(rd_crs))
                nieuwe_kolommen = [k for k in nieuwe_kolommen if k not in gebruikt]
                for (nummer, waarden), g in zip(tabel.rijen, geoms_rd, strict=True):
                    rijen.append(_Rij(nummer, waarden, g, laagnaam))
            else:
                for nummer, waarden in tabel.rijen:
                    rijen.append(_Rij(nummer, waarden, None, laagnaam))
        kolommen.extend(k for k in nieuwe_kolommen if k not in kolommen)
    return _Gelezen(
        rijen,
        kolommen,
        ", ".join(dict.fromkeys(crs_namen)) or None,
        ", ".join(dict.fromkeys(coderingen)) or None,
        meldingen,
    )


def _aantal_of_nul(waarde: Any) -> Any:
    """A dwelling count: as :func:`_geheel`, empty is 0."""
    uitkomst = _geheel(waarde)
    return 0 if uitkomst is None else uitkomst


def _normaliseer_alle(geometrieen: Sequence[BaseGeometry | None]) -> list[BaseGeometry | None]:
    """:func:`_normaliseer` of many geometries: 2D and single-part at once (vectorised), the
    few others one by one."""
    reeks = np.empty(len(geometrieen), dtype=object)
    reeks[:] = list(geometrieen)
    is_geometrie = np.fromiter(
        (isinstance(g, BaseGeometry) for g in reeks), dtype=bool, count=len(reeks)
    )
    if is_geometrie.all():
        typen = shapely.get_type_id(reeks)
        eenvoudig = (
            ~shapely.has_z(reeks) & ~shapely.is_empty(reeks) & np.isin(typen, (0, 1, 2, 3, 7))
        )
        if eenvoudig.all():
            return reeks.tolist()
        # a 2D multi-polygon or multi-point of one part: that part (as _normaliseer), at once
        een_deel = np.flatnonzero(
            ~eenvoudig
            & np.isin(typen, (4, 6))
            & ~shapely.has_z(reeks)
            & (shapely.get_num_geometries(reeks) == 1)
        )
        reeks[een_deel] = shapely.get_geometry(reeks[een_deel], 0)
        eenvoudig[een_deel] = True
        uit = reeks.tolist()
        for i in np.flatnonzero(~eenvoudig).tolist():
            uit[i] = _normaliseer(uit[i])
        return uit
    return [_normaliseer(g) for g in reeks.tolist()]


def _normaliseer(geometrie: BaseGeometry | None) -> BaseGeometry | None:
    """2D; a multi-geometry of one part becomes that part (a site is one polygon or point)."""
    if geometrie is None or geometrie.is_empty:
        return geometrie
    if shapely.has_z(geometrie):
        geometrie = shapely.force_2d(geometrie)
    if geometrie.geom_type in ("MultiPolygon", "MultiPoint") and len(geometrie.geoms) == 1:
        return geometrie.geoms[0]
    return geometrie


# --------------------------------------------------------------------------- sites


def _lees_toewijzingen_tabel(
    pad: str | os.PathLike[str] | None,
    bestand: Bestand,
    codering: str | None,
    limieten: Limieten,
    rapport: ImportRapport,
) -> tuple[list[tuple[int, dict[str, Any]]], str] | None:
    """Rows of the assignments table: ``--toewijzingen PAD``, else a layer or file named
    ``toewijzingen`` in the file (a .dbf is preferred over a .csv with the same content)."""
    if pad is not None:
        with open_bestand(pad, limieten) as apart:
            kandidaten = _kandidaten(apart, soort_geo=False)
            gekozen = _kies(kandidaten, None, "toewijzingen", apart.naam, alleen_geo=False)[0]
            tabel = lees_tabel(
                gekozen[0],
                codering,
                limieten,
                blad=gekozen[1] if gekozen[0].soort == "gpkg" else None,
            )
            rapport.waarschuwingen.extend(tabel.meldingen)
            return tabel.rijen, tabel.naam
    kandidaten = [
        k for k in _kandidaten(bestand, soort_geo=True) if not k[2] and _naam(k) == "toewijzingen"
    ]
    if not kandidaten:
        return None
    volgorde = {"gpkg": 0, "dbf": 1, "xlsx": 2, "csv": 3}
    bron, laag, _geo = sorted(kandidaten, key=lambda k: volgorde.get(k[0].soort, 9))[0]
    tabel = lees_tabel(bron, codering, limieten, blad=laag if bron.soort == "gpkg" else None)
    rapport.waarschuwingen.extend(tabel.meldingen)
    return tabel.rijen, tabel.naam + (f" (laag {laag})" if bron.soort == "gpkg" else "")


@zonder_gc()
def importeer_locaties(
    store: Any,
    pad: str | os.PathLike[str],
    *,
    laag: str | Sequence[str] | None = None,
    crs: str | None = None,
    kolommen: Mapping[str, str] | None = None,
    codering: str | None = None,
    droog: bool = False,
    toewijzingen: str | os.PathLike[str] | None = None,
    limieten: Limieten = STANDAARD_LIMIETEN,
    nieuwe_corporaties: bool = False,
) -> ImportRapport:
    """Import sites from a file; returns the report.

    ``laag``: layer(s) of a GeoPackage or file(s) in a zip (default: the only one, else those
    named ``locaties*``); ``crs`` for a file without (or with a wrong) CRS; ``kolommen`` maps
    fields to source columns; ``codering`` for a shapefile/CSV without .cpg/BOM; ``toewijzingen``
    a separate table with ``bron_id;corporatie;daeb;oplevering``. Row problems raise
    :class:`ImportAfgekeurd` (nothing stored) unless ``droog``, which only reports; every row
    is checked against every rule, so the report has all problems at once.
    ``nieuwe_corporaties``: corporations the file names that are not registered are registered
    in the import's transaction (only for an account that may add corporations). The report
    lists the warnings of every stored site. File-level problems raise :class:`BestandFout` /
    :class:`CrsFout`.
    """
    rapport = ImportRapport(Path(pad).name, "locaties", droog)
    gevraagd = [laag] if isinstance(laag, str) else (list(laag) if laag else None)
    with open_bestand(pad, limieten) as bestand:
        if bestand.genegeerd:
            rapport.waarschuwingen.append(
                "overgeslagen bestanden in de zip: " + ", ".join(bestand.genegeerd)
            )
        kandidaten = _kandidaten(bestand, soort_geo=True)
        gekozen = _kies(kandidaten, gevraagd, "locaties", bestand.naam, alleen_geo=True)
        rapport.lagen = [_naam(k) for k in gekozen] if len(kandidaten) > 1 else []
        gelezen = _lees_bronnen(gekozen, crs, codering, limieten, met_geometrie=True)
        tabel_toew = _lees_toewijzingen_tabel(toewijzingen, bestand, codering, limieten, rapport)
    rapport.crs = gelezen.crs
    rapport.codering = gelezen.codering
    rapport.waarschuwingen.extend(gelezen.meldingen)
    rapport.gelezen = len(gelezen.rijen)
    kol, onbekend, afgeleid = _kolommen_kiezen(
        gelezen.kolommen, VELDEN_LOCATIE, kolommen, bestand.naam
    )
    _vereist(kol, ("naam", "status"), gelezen.kolommen, bestand.naam)
    rapport.kolommen = kol
    rapport.onbekende_kolommen = onbekend
    rapport.genegeerde_kolommen = [k for k in afgeleid if k.lower() != "toewijzingen"]
    heeft_json = any(k.lower() == "toewijzingen" for k in gelezen.kolommen)
    json_kolom = next((k for k in gelezen.kolommen if k.lower() == "toewijzingen"), None)
    id_kolom = next((k for k in gelezen.kolommen if k.lower() == "id"), None)
    problemen: list[Melding] = []

    # rows -> sites
    # every field converted column by column (once per distinct value), then one site per row
    n = len(gelezen.rijen)
    ruwe = {veld: _kolomwaarden(gelezen.rijen, bron) for veld, bron in kol.items()}

    def kolom(veld: str, functie: Callable[[Any], Any]) -> list[Any]:
        return _omgezet(ruwe[veld], functie) if veld in ruwe else [functie(None)] * n

    omzetting: dict[str, Callable[[Any], Any]] = {
        "bron_id": _tekst,
        "naam": _tekst,
        "gemeente": _gemeente,
        "status": _status,
        "fase": _geheel,
        "start": _geheel,
        "oplevering": _geheel,
        "opmerking": _tekst,
        **{seg: _aantal_of_nul for seg in SEGMENTEN},
    }
    per_veld = {veld: kolom(veld, functie) for veld, functie in omzetting.items()}
    corporaties_kolom = kolom("corporatie", _tekst)
    ruwe.clear()
    geometrieen = _normaliseer_alle([rij.geometrie for rij in gelezen.rijen])
    for rij in gelezen.rijen:
        rij.geometrie = None  # the site holds it now
    locaties = _locaties_uit_kolommen(geometrieen, per_veld)
    del per_veld, geometrieen

    # assignments: table rows, else the GeoJSON property, else the corporatie column
    per_locatie: dict[int, list[Toewijzing]] = {}
    if tabel_toew is not None:
        trijen, tnaam = tabel_toew
        tkol, tonbekend, _ = _kolommen_kiezen(
            sorted({k for _n, r in trijen for k in r}), VELDEN_TOEWIJZING, None, tnaam
        )
        if tonbekend:
            rapport.waarschuwingen.append(
                f"{tnaam}: onbekende kolommen (niet geïmporteerd): {', '.join(tonbekend)}"
            )
        _vereist(tkol, ("corporatie", "daeb"), sorted({k for _n, r in trijen for k in r}), tnaam)
        tekst, gemeente_van, geheel = (
            _onthoudend(_tekst),
            _onthoudend(_gemeente),
            _onthoudend(_geheel),
        )
        op_bron: dict[str, list[int]] = {}
        op_id: dict[str, int] = {}
        for i, loc in enumerate(locaties):
            if loc.bron_id:
                op_bron.setdefault(loc.bron_id, []).append(i)
            if id_kolom is not None and not _leeg(gelezen.rijen[i].waarden.get(id_kolom)):
                op_id[str(_tekst(gelezen.rijen[i].waarden.get(id_kolom)))] = i
        for nummer, r in trijen:
            bron_id = _tekst(r.get(tkol["bron_id"])) if "bron_id" in tkol else None
            gemeente = gemeente_van(r.get(tkol["gemeente"])) if "gemeente" in tkol else None
            doelen: list[int] = []
            if bron_id:
                doelen = op_bron.get(bron_id, [])
                if len(doelen) > 1 and gemeente:
                    doelen = [i for i in doelen if locaties[i].gemeente == gemeente]
            elif "locatie" in tkol and not _leeg(r.get(tkol["locatie"])):
                ref = _tekst(r.get(tkol["locatie"]))
                doelen = [op_id[ref]] if ref in op_id else []
            if len(doelen) != 1:
                reden = (
                    "geen locatie met dit bron_id in het bestand"
                    if not doelen
                    else "meerdere locaties met dit bron_id; geef ook de kolom gemeente"
                )
                problemen.append(
                    Melding(nummer, bron_id, "bron_id", bron_id, reden, f"toewijzingen ({tnaam})")
                )
                continue
            per_locatie.setdefault(doelen[0], []).append(
                Toewijzing(
                    corporatie=tekst(r.get(tkol["corporatie"])),
                    daeb=geheel(r.get(tkol["daeb"])),
                    oplevering=geheel(r.get(tkol["oplevering"])) if "oplevering" in tkol else None,
                )
            )
    for i, (loc, rij) in enumerate(zip(locaties, gelezen.rijen, strict=True)):
        if i in per_locatie:
            loc.toewijzingen = per_locatie[i]
            continue
        ruw = rij.waarden.get(json_kolom) if json_kolom else None
        if heeft_json and not _leeg(ruw):
            try:
                lijst = (
                    lees_json(ruw, f"rij {rij.nummer} toewijzingen", limieten)
                    if isinstance(ruw, str)
                    else ruw
                )
                if not isinstance(lijst, list) or not all(isinstance(t, dict) for t in lijst):
                    raise BestandFout("verwacht een lijst van {corporatie, daeb, oplevering}")
                loc.toewijzingen = [
                    Toewijzing(
                        corporatie=_tekst(t.get("corporatie")),  # type: ignore[arg-type]
                        daeb=_geheel(t.get("daeb")),
                        oplevering=_geheel(t.get("oplevering")),
                    )
                    for t in lijst
                ]
            except BestandFout as fout:
                problemen.append(
                    Melding(
                        rij.nummer, loc.bron_id, "toewijzingen", _kort(ruw), fout.melding, rij.laag
                    )
                )
            continue
        corp = corporaties_kolom[i]
        if corp is None:
            continue
        if ";" in corp:
            problemen.append(
                Melding(
                    rij.nummer,
                    loc.bron_id,
                    "corporatie",
                    corp,
                    "meerdere corporaties: geef de verdeling in een toewijzingen-tabel "
                    "(bron_id;corporatie;daeb;oplevering) met de instelling 'Toewijzingen'",
                    rij.laag,
                )
            )
            continue
        if isinstance(loc.daeb, int) and loc.daeb > 0:
            loc.toewijzingen = [Toewijzing(corp, loc.daeb)]
        elif loc.daeb == 0:
            rapport.waarschuwingen.append(
                f"rij {rij.nummer}: corporatie {corp!r} genegeerd; de locatie heeft geen DAEB-woningen"
            )
    rapport.toewijzingen = sum(len(loc.toewijzingen) for loc in locaties)
    if not any(loc.bron_id for loc in locaties) and locaties:
        rapport.waarschuwingen.append(
            "geen enkele rij heeft een bron_id: bij opnieuw importeren worden de locaties "
            "dubbel toegevoegd in plaats van bijgewerkt"
        )

    for rij in gelezen.rijen:  # the sites hold everything now: free the memory of the rows
        rij.waarden = _GEEN_WAARDEN
    # which fields the file gives (the rest of an existing site is kept)
    velden = {v for v in kol if v != "corporatie"} | {"geometry"}
    if tabel_toew is not None or heeft_json or "corporatie" in kol:
        velden.add("toewijzingen")
    uitslag = _naar_store(
        rapport,
        problemen,
        gelezen.rijen,
        [loc.bron_id for loc in locaties],
        store.importeer_locaties,
        droog,
        store.corporaties_repo.bekende_namen,
        locaties=locaties,
        velden=velden,
        nieuwe_corporaties=nieuwe_corporaties,
    )
    if uitslag is not None:
        _locatiewaarschuwingen(store, rapport, gelezen.rijen, locaties, uitslag, droog)
        anders = [
            (rij, loc, afgeleid)
            for rij, loc, afgeleid, ligging in zip(
                gelezen.rijen, locaties, uitslag["gemeenten"], uitslag["liggingen"], strict=True
            )
            if loc.gemeente and ligging != "onbekend" and afgeleid != loc.gemeente
        ]
        for rij, loc, afgeleid in anders[:20]:
            rapport.waarschuwingen.append(
                f"rij {rij.nummer}{f' ({loc.bron_id})' if loc.bron_id else ''}: het bestand noemt "
                f"gemeente {loc.gemeente}, maar de locatie ligt (grotendeels) in {afgeleid}; "
                f"opgeslagen bij {afgeleid}"
            )
        if len(anders) > 20:
            rapport.waarschuwingen.append(
                f"en nog {len(anders) - 20} locaties met een andere gemeente"
            )
    return rapport


def _locaties_uit_kolommen(
    geometrieen: Sequence[BaseGeometry | None], per_veld: Mapping[str, Sequence[Any]]
) -> list[Locatie]:
    """``Locatie(geometry=geometrieen[i], **{veld: per_veld[veld][i]})`` of every row, with
    the fields given by position (a national file has 100,000 rows; naming them costs more than
    making the site). Fields without a column keep their defaults."""
    aantal = len(geometrieen)
    kolommen: list[Iterable[Any]] = []
    for f in _LOCATIE_POSITIONEEL:
        if f.name == "geometry":
            kolommen.append(geometrieen)
        elif f.name in per_veld:
            kolommen.append(per_veld[f.name])
        else:
            kolommen.append(repeat(f.default, aantal))
    return list(starmap(Locatie, zip(*kolommen, strict=True)))


#: The fields of :class:`Locatie` a file gives, in the constructor's order: those up to the
#: assignments, each with a plain default except the required ones (columns of every import).
_LOCATIE_POSITIONEEL = tuple(fields(Locatie))[
    : [f.name for f in fields(Locatie)].index("toewijzingen")
]


def _naar_store(
    rapport: ImportRapport,
    problemen: list[Melding],
    rijen: Sequence[_Rij],
    bron_ids: Sequence[str | None],
    importeer: Callable[..., dict[str, Any]],
    droog: bool,
    namen: Callable[[], Iterable[str]],
    /,
    **argumenten: Any,
) -> dict[str, Any] | None:
    """Hand all rows at once to the store's bulk import ``importeer(**argumenten)``, which owns
    the transaction: it begins it, checks everything, and commits or rolls back. It only checks
    (a dry run) with ``droog`` or when reading the file already gave ``problemen``; its own
    problems come back per row through the labels ``#i``; unknown corporations are also listed
    once each with the closest of the registered ``namen()``. Returns the store's result
    (None when there were problems)."""
    labels = [f"#{i}" for i in range(len(rijen))]
    try:
        uitslag = importeer(droog=droog or bool(problemen), labels=labels, **argumenten)
    except ValidatieFout as fout:

        def rijnummer(m: re.Match[str]) -> str:
            i = int(m.group(1))
            return f"rij {rijen[i].nummer}" if 0 <= i < len(rijen) else m.group(0)

        for p in fout.problemen:
            if p.item and p.item.startswith("#"):
                i = int(p.item[1:])
                melding = re.sub(r"#(\d+)", rijnummer, p.melding)
                problemen.append(
                    Melding(rijen[i].nummer, bron_ids[i], p.veld, p.waarde, melding, rijen[i].laag)
                )
            else:
                problemen.append(Melding(None, None, p.veld, p.waarde, p.melding))
        uitslag = None
    problemen.sort(key=lambda m: (m.laag or "", m.rij if m.rij is not None else -1))
    rapport.problemen = problemen
    rapport.onbekende_corporaties = _onbekende_corporaties(problemen, namen)
    if uitslag is not None:
        rapport.toegevoegd = uitslag["toegevoegd"]
        rapport.gewijzigd = uitslag["gewijzigd"]
        rapport.ongewijzigd = uitslag["ongewijzigd"]
        rapport.slotduur = uitslag.get("slotduur")
        rapport.nieuwe_corporaties = list(uitslag.get("nieuwe_corporaties", []))
    if problemen:
        rapport.toegevoegd = rapport.gewijzigd = rapport.ongewijzigd = 0
        if not droog:
            raise ImportAfgekeurd(rapport)
        return None
    rapport.opgeslagen = not droog
    return uitslag


def _onbekende_corporaties(
    problemen: Sequence[Melding], namen: Callable[[], Iterable[str]]
) -> list[dict[str, Any]]:
    """Each unknown corporation of ``problemen`` once: its name, the rows that give it and the
    closest registered name."""
    rijen: dict[str, list[int]] = {}
    for m in problemen:
        if m.veld == "corporatie" and m.probleem.startswith(ONBEKENDE_CORPORATIE):
            lijst = rijen.setdefault(str(m.waarde), [])
            if m.rij is not None and m.rij not in lijst:
                lijst.append(m.rij)
    if not rijen:
        return []
    bekend = list(namen())
    return [
        {"naam": naam, "rijen": sorted(r), "suggestie": naaste_naam(naam, bekend)}
        for naam, r in sorted(rijen.items())
    ]


#: Warnings are determined for at most this many sites of one import (one query each).
MAX_WAARSCHUWINGEN_LOCATIES = 500
#: The field a kind of warning is about (the rest: the geometry).
_WAARSCHUWING_VELD = {
    "oplevering": "oplevering",
    "oplevering_na_periode": "oplevering",
    "oplevering_voor_periode": "oplevering",
    "buiten_werkgebied": "corporatie",
    "werkgebied": "corporatie",
    "daeb_zonder_corporatie": "daeb",
    "daeb_niet_toegewezen": "daeb",
}


class _Buur(NamedTuple):
    """A stored site as the overlap warning reads it."""

    id: int
    naam: str | None
    geometry: BaseGeometry


class _Waarschuwingsbron:
    """The store as :func:`~locatieplanner.domein.waarschuwingen.waarschuwingen` reads it for
    the sites of one import: region and corporations read once, the stored sites around all of
    them in one query (with a spatial index in memory), not a few queries per site."""

    def __init__(self, store: Any, geometrieen: Sequence[BaseGeometry]) -> None:
        self._store = store
        self._regio = store.regio()
        self._corporaties: list[Any] | None = None
        self._buren: list[_Buur] = []
        self._boom: shapely.STRtree | None = None
        if geometrieen:
            vakken = shapely.bounds(np.asarray(geometrieen, dtype=object))
            vak = (*vakken[:, :2].min(axis=0).tolist(), *vakken[:, 2:].max(axis=0).tolist())
            self._buren = [_Buur(*r) for r in store.locaties_repo.in_vak(tuple(vak))]
            self._boom = shapely.STRtree([b.geometry for b in self._buren])

    def ligging(self, geometrie: BaseGeometry, gemeente: str | None = None) -> Any:
        return self._store.ligging(geometrie, gemeente)

    def regio(self) -> Any:
        return self._regio

    def corporaties(self) -> list[Any]:
        if self._corporaties is None:
            self._corporaties = self._store.corporaties()
        return self._corporaties

    def locaties(self, *, bbox: tuple[float, float, float, float] | None = None) -> list[_Buur]:
        """The stored sites whose bounding box meets ``bbox`` (as the store's bbox filter)."""
        if self._boom is None or bbox is None:
            return list(self._buren)
        treffers = self._boom.query(shapely.box(*bbox))
        return [self._buren[i] for i in sorted(treffers.tolist())]


def _locatiewaarschuwingen(
    store: Any,
    rapport: ImportRapport,
    rijen: Sequence[_Rij],
    locaties: Sequence[Locatie],
    uitslag: Mapping[str, Any],
    droog: bool,
) -> None:
    """The non-blocking warnings (:func:`~locatieplanner.domein.waarschuwingen.waarschuwingen`)
    of each site the import stores (a dry run: would store), into ``rapport``."""
    from ..domein.waarschuwingen import waarschuwingen

    geraakt = [
        i
        for i, uitkomst in enumerate(uitslag["uitkomsten"])
        if uitkomst in ("toegevoegd", "gewijzigd")
    ]
    if len(geraakt) > MAX_WAARSCHUWINGEN_LOCATIES:
        rapport.waarschuwingen.append(
            f"waarschuwingen per locatie alleen bepaald voor de eerste "
            f"{MAX_WAARSCHUWINGEN_LOCATIES} van {len(geraakt)} locaties"
        )
        geraakt = geraakt[:MAX_WAARSCHUWINGEN_LOCATIES]
    if droog:
        opgeslagen = {
            i: replace(
                locaties[i],
                id=uitslag["ids"][i],
                gemeente=uitslag["gemeenten"][i],
                ligging=uitslag["liggingen"][i],
            )
            for i in geraakt
        }
    else:
        per_id = {loc.id: loc for loc in store.locaties(ids=[uitslag["ids"][i] for i in geraakt])}
        opgeslagen = {i: per_id[uitslag["ids"][i]] for i in geraakt if uitslag["ids"][i] in per_id}
    bron = _Waarschuwingsbron(store, [loc.geometry for loc in opgeslagen.values()])
    for i, loc in opgeslagen.items():
        for w in waarschuwingen(bron, loc):
            veld = _WAARSCHUWING_VELD.get(w["soort"], "geometry")
            rapport.locatiewaarschuwingen.append(
                Melding(
                    rijen[i].nummer,
                    loc.bron_id,
                    veld,
                    getattr(loc, veld, None) if veld != "geometry" else w["soort"],
                    w["melding"],
                    rijen[i].laag,
                    ernst="waarschuwing",
                )
            )


# --------------------------------------------------------------------------- tables


def _lees_tabelbestand(
    pad: str | os.PathLike[str],
    soort: str,
    laag: str | Sequence[str] | None,
    codering: str | None,
    limieten: Limieten,
    rapport: ImportRapport,
) -> _Gelezen:
    gevraagd = [laag] if isinstance(laag, str) else (list(laag) if laag else None)
    with open_bestand(pad, limieten) as bestand:
        kandidaten = _kandidaten(bestand, soort_geo=False)
        gekozen = _kies(kandidaten, gevraagd, soort, bestand.naam, alleen_geo=False)
        if len(gekozen) > 1:
            namen = ", ".join(_naam(k) for k in gekozen)
            raise BestandFout(f"{bestand.naam}: kies één tabel met de instelling 'Laag' ({namen})")
        rapport.lagen = [_naam(gekozen[0])] if len(kandidaten) > 1 else []
        gekozen = [(gekozen[0][0], gekozen[0][1], False)]
        return _lees_bronnen(gekozen, None, codering, limieten, met_geometrie=False)


def _tabel_kolommen(
    gelezen: _Gelezen,
    velden: Sequence[str],
    verplicht: Iterable[str],
    kolommen: Mapping[str, str] | None,
    rapport: ImportRapport,
    extra_bekend: Iterable[str] = (),
) -> dict[str, str]:
    """Field -> column of a table that was read; what was read and the columns chosen and
    unknown go into ``rapport``. A missing required column is a :class:`BestandFout`."""
    rapport.codering = gelezen.codering
    rapport.waarschuwingen.extend(gelezen.meldingen)
    rapport.gelezen = len(gelezen.rijen)
    kol, onbekend, _afgeleid = _kolommen_kiezen(
        gelezen.kolommen, velden, kolommen, rapport.bron, extra_bekend
    )
    _vereist(kol, verplicht, gelezen.kolommen, rapport.bron)
    rapport.kolommen = kol
    rapport.onbekende_kolommen = onbekend
    return kol


def importeer_onttrekkingen(
    store: Any,
    pad: str | os.PathLike[str],
    *,
    laag: str | None = None,
    kolommen: Mapping[str, str] | None = None,
    codering: str | None = None,
    droog: bool = False,
    limieten: Limieten = STANDAARD_LIMIETEN,
    nieuwe_corporaties: bool = False,
) -> ImportRapport:
    """Import removals from a CSV/Excel/.dbf table or a GeoPackage table ``onttrekkingen``
    (``gemeente;jaar;aantal;soort;corporatie;bron_id;opmerking``; ``bron_id`` links to a site).
    Rows equal to a stored removal count as unchanged. Problems: :class:`ImportAfgekeurd`.
    ``nieuwe_corporaties`` as in :func:`importeer_locaties`."""
    rapport = ImportRapport(Path(pad).name, "onttrekkingen", droog)
    gelezen = _lees_tabelbestand(pad, "onttrekkingen", laag, codering, limieten, rapport)
    kol = _tabel_kolommen(
        gelezen,
        VELDEN_ONTTREKKING,
        ("gemeente", "jaar", "aantal", "soort"),
        kolommen,
        rapport,
        extra_bekend=("locatie",),
    )
    onttrekkingen: list[Onttrekking] = []
    bron_ids: list[str | None] = []
    for rij in gelezen.rijen:
        w = rij.waarden

        def veld(naam: str, w: Mapping[str, Any] = w) -> Any:
            return w.get(kol[naam]) if naam in kol else None

        soort = _tekst(veld("soort"))
        onttrekkingen.append(
            Onttrekking(
                gemeente=_gemeente(veld("gemeente")),  # type: ignore[arg-type]
                jaar=_geheel(veld("jaar")),
                aantal=_geheel(veld("aantal")),
                soort=soort.lower() if soort else soort,  # type: ignore[arg-type]
                corporatie=_tekst(veld("corporatie")),
                opmerking=_tekst(veld("opmerking")),
            )
        )
        bron_ids.append(_tekst(veld("bron_id")))
    # The store finds the site of each bron_id in the import's own transaction.
    _naar_store(
        rapport,
        [],
        gelezen.rijen,
        bron_ids,
        store.onttrekkingen_repo.importeer,
        droog,
        store.corporaties_repo.bekende_namen,
        onttrekkingen=onttrekkingen,
        bron_ids=bron_ids,
        nieuwe_corporaties=nieuwe_corporaties,
    )
    return rapport


def importeer_biedingen(
    store: Any,
    pad: str | os.PathLike[str],
    *,
    laag: str | None = None,
    kolommen: Mapping[str, str] | None = None,
    codering: str | None = None,
    droog: bool = False,
    limieten: Limieten = STANDAARD_LIMIETEN,
) -> ImportRapport:
    """Import bid versions from a CSV/Excel/.dbf table or a GeoPackage table ``biedingen``
    (``gemeente;versie;datum;daeb;opmerking``); the same (gemeente, versie) is updated.
    Problems: :class:`ImportAfgekeurd`."""
    rapport = ImportRapport(Path(pad).name, "biedingen", droog)
    gelezen = _lees_tabelbestand(pad, "biedingen", laag, codering, limieten, rapport)
    kol = _tabel_kolommen(
        gelezen, VELDEN_BOD, ("gemeente", "versie", "datum", "daeb"), kolommen, rapport
    )
    biedingen = []
    for rij in gelezen.rijen:
        w = rij.waarden
        biedingen.append(
            Bod(
                gemeente=_gemeente(w.get(kol["gemeente"])),  # type: ignore[arg-type]
                versie=_tekst(w.get(kol["versie"])),  # type: ignore[arg-type]
                datum=_datum(w.get(kol["datum"])),
                daeb=_geheel(w.get(kol["daeb"])),
                opmerking=_tekst(w.get(kol["opmerking"])) if "opmerking" in kol else None,
            )
        )
    _naar_store(
        rapport,
        [],
        gelezen.rijen,
        [None] * len(biedingen),
        store.importeer_biedingen,
        droog,
        list,
        biedingen=biedingen,
    )
    return rapport
