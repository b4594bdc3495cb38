"""Safe reading of files from outside (forced drivers, no OGR VRT, safe zips, limits) and atomic writes.

Files from suppliers are untrusted. GDAL opens a file by its content, so a ``plan.geojson`` that
is really an OGR VRT would read other local files or URLs: the VRT driver is skipped before GDAL
loads, every file must have the content its extension promises (magic bytes), the GDAL driver is
forced where GDAL allows it and checked after opening. Zips are never read in place by name:
the wanted entries are copied into a private temporary folder under sanitised names while the
bytes are counted (a lying zip header cannot hide a zip bomb); entries with ``..``, absolute
paths or symbolic links make the whole zip refused. Limits cap bytes, zip entries, objects and
vertices per geometry. Tables (CSV, Excel) are read with Python, not GDAL.
"""

from __future__ import annotations

# ``locatieplanner/__init__.py`` sets GDAL_SKIP=OGR_VRT before GDAL loads; the forced drivers and
# content checks below still protect when GDAL was loaded earlier by someone else.
import codecs
import csv
import io
import json
import math
import os
import secrets
import shutil
import stat
import struct
import tempfile
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pyogrio
import shapely

from ..crs import ProjCRS
from ..errors import BestandFout, ConfiguratieFout

__all__ = [
    "Limieten",
    "STANDAARD_LIMIETEN",
    "INSTELLINGEN",
    "GEO_SOORTEN",
    "TABEL_SOORTEN",
    "EXTENSIES",
    "Gegevensbron",
    "Bestand",
    "Laag",
    "Tabel",
    "open_bestand",
    "kies_bron",
    "lagen",
    "lees_laag",
    "lees_laag_in_delen",
    "lees_tabel",
    "lees_json",
    "codering_van",
    "detecteer_codering",
    "schrijf_atomair",
]


# --------------------------------------------------------------------------- limits


@dataclass(frozen=True)
class Limieten:
    """Upper bounds for one file from outside; exceeding one refuses the file with a message."""

    #: Bytes of one data file, and of everything a zip unpacks to together.
    max_bytes: int = 512 * 1024 * 1024
    #: Entries in a zip (an .xlsx is a zip too).
    max_zip_entries: int = 1_000
    #: Objects (features, table rows) in one layer or table: the national dataset (100,000
    #: sites with a few hundred thousand assignment rows) fits with room to spare.
    max_objecten: int = 1_000_000
    #: Vertices of one geometry (a site or municipality needs hundreds, not millions).
    max_hoekpunten: int = 100_000
    #: Columns of a table.
    max_kolommen: int = 500
    #: Nesting depth of a JSON value inside a field (e.g. a list of assignments).
    max_json_diepte: int = 20

    @classmethod
    def uit_instellingen(cls, instellingen: Mapping[str, Any]) -> Limieten:
        """The limits of an installation: the defaults, changed by the settings of
        :data:`INSTELLINGEN` (``config.py`` in the instance folder or ``LOCATIEPLANNER_*``
        environment variables, for the CLI and the web app alike). A value that is not a
        positive whole number is a :class:`ConfiguratieFout` naming the setting."""
        waarden: dict[str, int] = {}
        for naam, (veld, factor) in INSTELLINGEN.items():
            ruw = instellingen.get(naam)
            if ruw is None:
                continue
            getal = _positief_geheel(ruw)
            if getal is None:
                raise ConfiguratieFout(
                    f"De instelling {naam} (LOCATIEPLANNER_{naam}) is {ruw!r}; toegestaan is "
                    "een geheel getal groter dan 0"
                )
            waarden[veld] = getal * factor
        return cls(**waarden)


STANDAARD_LIMIETEN = Limieten()

#: Settings of an installation that change a limit: name -> (field of :class:`Limieten`,
#: factor from the setting's unit to the field's).
INSTELLINGEN: dict[str, tuple[str, int]] = {
    "MAX_OBJECTEN": ("max_objecten", 1),
    "MAX_BESTAND_MB": ("max_bytes", 1024 * 1024),
    "MAX_ZIP_BESTANDEN": ("max_zip_entries", 1),
    "MAX_HOEKPUNTEN": ("max_hoekpunten", 1),
    "MAX_KOLOMMEN": ("max_kolommen", 1),
}


def _positief_geheel(waarde: Any) -> int | None:
    """``waarde`` as a whole number above 0 (also written as text, e.g. from the environment),
    else None."""
    if isinstance(waarde, bool):
        return None
    if isinstance(waarde, str) and waarde.strip().isdigit():
        waarde = int(waarde.strip())
    if isinstance(waarde, float) and waarde.is_integer():
        waarde = int(waarde)
    return waarde if isinstance(waarde, int) and waarde > 0 else None


#: Kind of dataset -> (GDAL driver, prefix that forces the driver or "", magic bytes or None).
_GDAL: dict[str, tuple[str, str, bytes | None]] = {
    "geojson": ("GeoJSON", "GeoJSON:", None),
    "gpkg": ("GPKG", "GPKG:", b"SQLite format 3\x00"),
    "shp": ("ESRI Shapefile", "", b"\x00\x00\x27\x0a"),
    "dbf": ("ESRI Shapefile", "", None),
}
EXTENSIES: dict[str, str] = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".gpkg": "gpkg",
    ".shp": "shp",
    ".dbf": "dbf",
    ".csv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
}
#: Files that belong to a shapefile (copied out of a zip next to it).
_BIJ_SHAPEFILE = {".shx", ".prj", ".cpg", ".dbf"}
GEO_SOORTEN = frozenset({"geojson", "gpkg", "shp"})
TOEGESTAAN_GEO = "GeoJSON (.geojson/.json), GeoPackage (.gpkg), shapefile (.shp) of een zip daarmee"
TABEL_SOORTEN = frozenset({"dbf", "csv", "xlsx"})
TOEGESTAAN = (
    "GeoJSON (.geojson/.json), GeoPackage (.gpkg), shapefile (.shp met .shx/.dbf/.prj, los of "
    "in een .zip), CSV (.csv) of Excel (.xlsx)"
)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


# --------------------------------------------------------------------------- opening


@dataclass(frozen=True)
class Gegevensbron:
    """One dataset found in a file: local ``pad``, ``soort`` (see :data:`EXTENSIES`) and
    ``naam`` for messages (``plan.zip/locaties.shp``)."""

    pad: Path
    soort: str
    naam: str

    @property
    def stam(self) -> str:
        """The name without folder and extension, lower case (``locaties``)."""
        return PurePosixPath(self.naam).stem.lower()

    @property
    def is_geo(self) -> bool:
        return self.soort in GEO_SOORTEN


@dataclass
class Bestand:
    """An opened file from outside: its datasets (one for a plain file, several for a zip)."""

    naam: str
    bronnen: list[Gegevensbron] = field(default_factory=list)
    genegeerd: list[str] = field(default_factory=list)

    def geo(self) -> list[Gegevensbron]:
        return [b for b in self.bronnen if b.is_geo]

    def tabellen(self) -> list[Gegevensbron]:
        return [b for b in self.bronnen if not b.is_geo]


def kies_bron(
    bestand: Bestand, laag: str | None, soorten: frozenset[str] = GEO_SOORTEN
) -> tuple[Gegevensbron, str | None]:
    """One dataset of ``bestand`` and the layer to read in it.

    ``laag`` names a file in a zip or folder (by name or stem) or, when there is one dataset,
    a layer inside it (GeoPackage). Several datasets without a choice, or none of an allowed
    kind (``soorten``), is a :class:`BestandFout` that lists what there is.
    """
    bruikbaar = [b for b in bestand.bronnen if b.soort in soorten]
    if not bruikbaar:
        anders = [b for b in bestand.bronnen if b.soort not in soorten]
        if len(anders) == 1 and anders[0].naam == bestand.naam:
            ext = PurePosixPath(bestand.naam).suffix
            raise BestandFout(
                f"{bestand.naam}: onbekend bestandstype {ext}; lever {TOEGESTAAN_GEO}"
            )
        raise BestandFout(f"{bestand.naam} bevat geen gegevensbestand; lever {TOEGESTAAN_GEO}")
    if laag is not None:
        passend = [
            b
            for b in bruikbaar
            if laag.lower() in (b.stam, PurePosixPath(b.naam).name.lower(), b.naam.lower())
        ]
        if len(passend) == 1:
            return passend[0], None
    if len(bruikbaar) == 1:
        return bruikbaar[0], laag
    namen = ", ".join(PurePosixPath(b.naam).name for b in bruikbaar)
    raise BestandFout(
        f"{bestand.naam} bevat meerdere gegevensbestanden: {namen}; kies er één met "
        f"de instelling 'Laag' (bijv. {bruikbaar[0].stam})"
    )


def _soort(naam: str) -> str | None:
    return EXTENSIES.get(PurePosixPath(naam).suffix.lower())


def _controleer_inhoud(pad: Path, soort: str, naam: str) -> None:
    """Refuse content that does not fit the extension (e.g. an OGR VRT named .geojson)."""
    try:
        with pad.open("rb") as f:
            begin = f.read(64)
    except OSError as e:
        raise BestandFout(f"{naam} kan niet worden gelezen: {e.strerror}") from e
    if soort in _GDAL:
        driver, _prefix, magie = _GDAL[soort]
        if magie is not None and not begin.startswith(magie):
            raise BestandFout(
                f"{naam} is geen echt {driver}-bestand (de inhoud past niet bij de extensie "
                f"{pad.suffix}); geweigerd. Lever {TOEGESTAAN}"
            )
    if soort == "shp":
        opgegeven = struct.unpack(">i", begin[24:28])[0] * 2 if len(begin) >= 28 else -1
        werkelijk = pad.stat().st_size
        if opgegeven != werkelijk:
            raise BestandFout(
                f"{naam} is beschadigd of afgekapt: de kop noemt {opgegeven} bytes, het bestand "
                f"heeft er {werkelijk}; lever het volledige bestand opnieuw"
            )
    if soort == "geojson" and not begin.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        raise BestandFout(
            f"{naam} is geen GeoJSON (de inhoud begint niet met '{{'); geweigerd. Lever {TOEGESTAAN}"
        )
    if soort == "xlsx" and not begin.startswith(b"PK\x03\x04"):
        raise BestandFout(f"{naam} is geen Excel-bestand (.xlsx); geweigerd")
    if soort == "dbf" and (not begin or begin[0] not in (0x02, 0x03, 0x30, 0x31, 0x83, 0x8B, 0xF5)):
        raise BestandFout(f"{naam} is geen dBASE-tabel (.dbf); geweigerd")


def _controleer_grootte(pad: Path, naam: str, limieten: Limieten) -> None:
    grootte = pad.stat().st_size
    if grootte > limieten.max_bytes:
        raise BestandFout(
            f"{naam} is {_mb(grootte)}; hoogstens {_mb(limieten.max_bytes)} wordt gelezen "
            "(instelling MAX_BESTAND_MB)"
        )


def _onveilig(info: zipfile.ZipInfo) -> str | None:
    """Why a zip entry name or type is unsafe, or None."""
    naam = info.filename
    if "\x00" in naam:
        return "bevat een NUL-teken"
    if naam.startswith(("/", "\\")) or (len(naam) > 1 and naam[1] == ":"):
        return "is een absoluut pad"
    delen = naam.replace("\\", "/").split("/")
    if ".." in delen:
        return "verwijst met '..' naar een map buiten het zip-bestand"
    modus = info.external_attr >> 16
    if stat.S_ISLNK(modus):
        return "is een symbolische koppeling"
    return None


def _pak_uit(pad: Path, map_: Path, limieten: Limieten) -> Bestand:
    """Copy the useful entries of a zip into ``map_`` under safe names, counting bytes."""
    naam = pad.name
    bestand = Bestand(naam)
    try:
        with zipfile.ZipFile(pad) as zf:
            entries = zf.infolist()
            if len(entries) > limieten.max_zip_entries:
                raise BestandFout(
                    f"{naam} bevat {len(entries)} bestanden; hoogstens "
                    f"{limieten.max_zip_entries} toegestaan"
                )
            for info in entries:
                reden = _onveilig(info)
                if reden:
                    raise BestandFout(
                        f"{naam} bevat een onveilige bestandsnaam {info.filename!r}: die {reden}; "
                        "het zip-bestand is geweigerd en niets is uitgepakt"
                    )
            opgegeven = sum(i.file_size for i in entries)
            if opgegeven > limieten.max_bytes:
                raise BestandFout(
                    f"{naam} pakt uit tot {_mb(opgegeven)}; hoogstens "
                    f"{_mb(limieten.max_bytes)} toegestaan (mogelijk een zip-bom)"
                )
            totaal = 0
            gebruikt: set[str] = set()
            for info in entries:
                binnen = info.filename.replace("\\", "/")
                if info.is_dir() or binnen.startswith("__MACOSX/") or "/." in f"/{binnen}":
                    continue
                ext = PurePosixPath(binnen).suffix.lower()
                if ext not in EXTENSIES and ext not in _BIJ_SHAPEFILE:
                    bestand.genegeerd.append(binnen)
                    continue
                # Safe local name: the folders joined with "__", only harmless characters.
                veilig = "__".join(
                    "".join(c if c.isalnum() or c in "-_." else "_" for c in deel)
                    for deel in binnen.split("/")
                )
                if veilig.lower() in gebruikt:
                    raise BestandFout(f"{naam} bevat {binnen!r} twee keer")
                gebruikt.add(veilig.lower())
                doel = map_ / veilig
                if doel.resolve().parent != map_.resolve():  # pragma: no cover - sanitised above
                    raise BestandFout(f"{naam}: onveilige bestandsnaam {binnen!r}")
                with zf.open(info) as bron, doel.open("xb") as uit:
                    while True:
                        blok = bron.read(1024 * 1024)
                        if not blok:
                            break
                        totaal += len(blok)
                        if totaal > limieten.max_bytes:
                            raise BestandFout(
                                f"{naam} pakt uit tot meer dan {_mb(limieten.max_bytes)} "
                                "(een zip-bom?); geweigerd"
                            )
                        uit.write(blok)
                soort = _soort(binnen)
                if soort is not None:
                    bestand.bronnen.append(Gegevensbron(doel, soort, f"{naam}/{binnen}"))
    except zipfile.BadZipFile as e:
        raise BestandFout(f"{naam} is geen geldig zip-bestand: {e}") from e
    except (RuntimeError, NotImplementedError) as e:  # encrypted, unknown compression
        raise BestandFout(f"{naam} kan niet worden uitgepakt: {e}") from e
    except (OSError, EOFError) as e:
        if isinstance(e, BestandFout):  # pragma: no cover - BestandFout is no OSError
            raise
        raise BestandFout(f"{naam} kan niet worden uitgepakt: {e}") from e
    # A .dbf that belongs to a shapefile is not a table of its own.
    shp = {b.pad.with_suffix("").name.lower() for b in bestand.bronnen if b.soort == "shp"}
    bestand.bronnen = [
        b
        for b in bestand.bronnen
        if not (b.soort == "dbf" and b.pad.with_suffix("").name.lower() in shp)
    ]
    bestand.bronnen.sort(key=lambda b: b.naam)
    for b in bestand.bronnen:
        _controleer_inhoud(b.pad, b.soort, b.naam)
    return bestand


@contextmanager
def open_bestand(
    pad: str | os.PathLike[str], limieten: Limieten = STANDAARD_LIMIETEN
) -> Iterator[Bestand]:
    """Open a file from outside: a data file, a zip with data files, or a folder.

    Yields a :class:`Bestand` whose datasets are checked (size, content fits the extension);
    a zip is unpacked into a private temporary folder that is removed afterwards. Raises
    :class:`BestandFout` with a Dutch message for anything unacceptable.
    """
    pad = Path(pad)
    naam = pad.name
    if not pad.exists():
        raise BestandFout(f"Bestand {pad} bestaat niet")
    if pad.is_dir():
        bestand = Bestand(naam)
        for kind in sorted(pad.iterdir()):
            soort = _soort(kind.name)
            if kind.is_file() and soort is not None:
                bestand.bronnen.append(Gegevensbron(kind, soort, f"{naam}/{kind.name}"))
        shp = {b.pad.stem.lower() for b in bestand.bronnen if b.soort == "shp"}
        bestand.bronnen = [
            b for b in bestand.bronnen if not (b.soort == "dbf" and b.pad.stem.lower() in shp)
        ]
        for b in bestand.bronnen:
            _controleer_grootte(b.pad, b.naam, limieten)
            _controleer_inhoud(b.pad, b.soort, b.naam)
        yield bestand
        return
    ext = pad.suffix.lower()
    if ext == ".zip":
        _controleer_grootte(pad, naam, limieten)
        with tempfile.TemporaryDirectory(prefix="locatieplanner-zip-") as tmp:
            yield _pak_uit(pad, Path(tmp), limieten)
        return
    soort = _soort(naam)
    if soort is None:
        raise BestandFout(
            f"{naam}: onbekend bestandstype {ext or '(geen extensie)'}; lever {TOEGESTAAN}"
        )
    _controleer_grootte(pad, naam, limieten)
    _controleer_inhoud(pad, soort, naam)
    yield Bestand(naam, [Gegevensbron(pad, soort, naam)])


# --------------------------------------------------------------------------- encodings

_CPG = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "65001": "utf-8",
    "1252": "cp1252",
    "ansi 1252": "cp1252",
    "windows-1252": "cp1252",
    "88591": "latin-1",
    "8859_1": "latin-1",
    "iso-8859-1": "latin-1",
    "iso88591": "latin-1",
    "latin1": "latin-1",
}


def codering_van(waarde: str) -> str:
    """Python codec name for an encoding name as users and ``.cpg`` files write it."""
    sleutel = waarde.strip().lower()
    if sleutel in _CPG:
        return _CPG[sleutel]
    if sleutel.isdigit():
        sleutel = f"cp{sleutel}"
    try:
        return codecs.lookup(sleutel).name
    except LookupError as e:
        raise BestandFout(
            f"onbekende tekencodering {waarde!r}; gebruik bijv. utf-8 of cp1252 (Windows)"
        ) from e


def detecteer_codering(data: bytes) -> str:
    """``utf-8`` when ``data`` is valid UTF-8, else ``cp1252`` (Windows, what Excel and older
    GIS write); cp1252 bytes that happen to be valid UTF-8 are practically nonexistent."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _dbf_codering(dbf: Path) -> str:
    """Encoding of a .dbf without .cpg, detected from its records."""
    with dbf.open("rb") as f:
        kop = f.read(32)
        if len(kop) < 32:
            return "utf-8"
        kop_lengte = struct.unpack("<H", kop[8:10])[0]
        f.seek(kop_lengte)
        return detecteer_codering(f.read())


# --------------------------------------------------------------------------- GDAL layers


def _gdal_pad(bron: Gegevensbron) -> str:
    prefix = _GDAL[bron.soort][1]
    if prefix == "GPKG:" and ":" in str(bron.pad):
        # "GPKG:a:b.gpkg" would mean table "b.gpkg" of "a": go without the prefix; the content
        # check (SQLite magic bytes) and the driver check after opening still hold.
        prefix = ""
    return f"{prefix}{bron.pad}"


def lagen(bron: Gegevensbron) -> list[tuple[str, str | None]]:
    """Layers of a GDAL dataset as (name, geometry type or None for attribute tables)."""
    if bron.soort not in _GDAL:
        return [(bron.stam, None)]
    try:
        return [
            (str(n), None if t is None else str(t)) for n, t in pyogrio.list_layers(_gdal_pad(bron))
        ]
    except pyogrio.errors.DataSourceError as e:
        raise BestandFout(f"{bron.naam} kan niet worden gelezen: {_gdal_melding(e)}") from e


def _gdal_melding(fout: Exception) -> str:
    tekst = str(fout).split("; It might help", 1)[0]
    return tekst if len(tekst) <= 300 else tekst[:300] + "…"


@dataclass
class Laag:
    """A layer read from a GDAL dataset: the frame (GeoDataFrame when it has geometry), its
    CRS as the file gives it, the encoding used and GDAL's warnings."""

    naam: str
    tabel: Any
    crs: ProjCRS | None
    codering: str | None
    meldingen: list[str] = field(default_factory=list)
    #: True when the encoding was detected (shapefile/dbf without .cpg and without --codering).
    codering_herkend: bool = False

    @property
    def heeft_geometrie(self) -> bool:
        return hasattr(self.tabel, "geometry")


@dataclass(frozen=True)
class _Laagplan:
    """A checked GDAL layer, ready to read: path, layer, Python encoding, number of objects."""

    bron: Gegevensbron
    gdal_pad: str
    laag: str
    codering: str | None
    herkend: bool
    objecten: int
    met_geometrie: bool


def _plan_laag(
    bron: Gegevensbron, laag: str | None, codering: str | None, limieten: Limieten
) -> _Laagplan:
    """Choose the layer and encoding, check the driver and the number of objects."""
    driver = _GDAL[bron.soort][0]
    gdal_pad = _gdal_pad(bron)
    gevonden = lagen(bron)
    namen = [n for n, _t in gevonden]
    if not namen:
        raise BestandFout(f"{bron.naam} bevat geen lagen")
    if laag is None:
        if len(namen) > 1:
            raise BestandFout(
                f"{bron.naam} heeft {len(namen)} lagen: {', '.join(namen)}; kies er één met "
                f"de instelling 'Laag' (bijv. {namen[0]})"
            )
        laag = namen[0]
    elif laag not in namen:
        raise BestandFout(f"{bron.naam} heeft geen laag {laag!r}; aanwezig: {', '.join(namen)}")
    python_codering: str | None = None
    herkend = False
    if bron.soort in ("shp", "dbf"):
        cpg = bron.pad.with_suffix(".cpg")
        if not cpg.exists():
            cpg = next(
                (
                    p
                    for p in bron.pad.parent.glob(bron.pad.stem + ".*")
                    if p.suffix.lower() == ".cpg"
                ),
                cpg,
            )
        if codering is not None:
            python_codering = codering_van(codering)
        elif cpg.exists():
            python_codering = codering_van(cpg.read_text("ascii", errors="replace")[:40])
        else:
            dbf = next(
                (
                    p
                    for p in bron.pad.parent.glob(bron.pad.stem + ".*")
                    if p.suffix.lower() == ".dbf"
                ),
                None,
            )
            python_codering = _dbf_codering(dbf) if dbf is not None else "utf-8"
            herkend = True
    try:
        info = pyogrio.read_info(gdal_pad, layer=laag)
        if info["features"] < 0:
            info = pyogrio.read_info(gdal_pad, layer=laag, force_feature_count=True)
    except pyogrio.errors.DataSourceError as e:
        raise BestandFout(f"{bron.naam} kan niet worden gelezen: {_gdal_melding(e)}") from e
    if info["driver"] != driver:
        raise BestandFout(
            f"{bron.naam} werd gelezen als {info['driver']} in plaats van {driver}; geweigerd"
        )
    if info["features"] > limieten.max_objecten:
        raise BestandFout(
            f"{bron.naam} (laag {laag}) bevat {info['features']} objecten; hoogstens "
            f"{limieten.max_objecten} toegestaan (instelling MAX_OBJECTEN)"
        )
    return _Laagplan(
        bron,
        gdal_pad,
        laag,
        python_codering,
        herkend,
        info["features"],
        info["geometry_type"] is not None,
    )


def _lees_deel(
    plan: _Laagplan, limieten: Limieten, begin: int = 0, aantal: int | None = None
) -> Laag:
    """Objects ``begin`` .. ``begin + aantal`` of a planned layer (all without ``aantal``),
    checked against the column and vertex limits."""
    bron = plan.bron
    with warnings.catch_warnings(record=True) as gevangen:
        warnings.simplefilter("always")
        try:
            tabel = pyogrio.read_dataframe(
                plan.gdal_pad,
                layer=plan.laag,
                encoding=plan.codering,
                on_invalid="ignore",
                read_geometry=plan.met_geometrie,
                skip_features=begin,
                max_features=aantal,
                # the same frame several times faster; not for GeoJSON and shapefiles, whose
                # geometries with NaN coordinates would come through Arrow as empty ones
                use_arrow=bron.soort == "gpkg" or not plan.met_geometrie,
            )
        except (pyogrio.errors.DataSourceError, pyogrio.errors.FieldError, ValueError) as e:
            raise BestandFout(f"{bron.naam} kan niet worden gelezen: {_gdal_melding(e)}") from e
        except UnicodeDecodeError as e:
            raise BestandFout(
                f"{bron.naam}: tekst is geen {plan.codering} (byte {e.start}); geef de juiste "
                "codering op met de instelling 'Tekencodering', bijv. cp1252"
            ) from e
    meldingen = [f"{bron.naam}: {w.message}" for w in gevangen]
    if begin + len(tabel) > limieten.max_objecten:  # pragma: no cover - read_info counted
        raise BestandFout(f"{bron.naam} bevat te veel objecten")
    if len(tabel.columns) > limieten.max_kolommen:
        raise BestandFout(
            f"{bron.naam} heeft {len(tabel.columns)} kolommen; hoogstens {limieten.max_kolommen}"
        )
    crs = None
    if hasattr(tabel, "geometry"):
        aantallen = shapely.get_num_coordinates(np.asarray(tabel.geometry.array, dtype=object))
        if len(aantallen) and int(aantallen.max()) > limieten.max_hoekpunten:
            i = int(aantallen.argmax())
            raise BestandFout(
                f"{bron.naam}: object {begin + i + 1} heeft {int(aantallen[i]):,} hoekpunten; "
                f"hoogstens {limieten.max_hoekpunten:,} per geometrie toegestaan. Vereenvoudig "
                "de geometrie (bijv. in QGIS: Vector > Geometrie > Vereenvoudigen)".replace(
                    ",", "."
                )
            )
        crs = None if tabel.crs is None else ProjCRS.from_user_input(tabel.crs)
    return Laag(plan.laag, tabel, crs, plan.codering, meldingen, plan.herkend)


def lees_laag(
    bron: Gegevensbron,
    laag: str | None = None,
    codering: str | None = None,
    limieten: Limieten = STANDAARD_LIMIETEN,
) -> Laag:
    """Read one layer of a GeoJSON, GeoPackage, shapefile or .dbf with the driver forced.

    ``codering`` (shapefile/dbf only) overrides the ``.cpg``; without both the encoding is
    detected (UTF-8 or cp1252). Refuses other drivers, too many objects and geometries with
    too many vertices. Unreadable geometries become None (reported by the caller).
    """
    return _lees_deel(_plan_laag(bron, laag, codering, limieten), limieten)


#: Bytes of the source file per batch of :func:`lees_laag_in_delen` at least: a few MB of
#: objects at a time keep the memory of a large upload small.
BYTES_PER_DEEL = 4 * 1024 * 1024
#: Batches per layer at most: every batch costs GDAL a pass over a GeoJSON file.
MAX_DELEN = 5
#: Fewest objects per batch.
MIN_DEEL = 2_000


def lees_laag_in_delen(
    bron: Gegevensbron,
    laag: str | None = None,
    codering: str | None = None,
    limieten: Limieten = STANDAARD_LIMIETEN,
) -> Iterator[Laag]:
    """Read one layer like :func:`lees_laag`, in consecutive batches of objects (each a
    :class:`Laag` with a frame of :data:`BYTES_PER_DEEL` of the file or more, at most
    :data:`MAX_DELEN` batches), so that a large file never becomes one big table in memory.
    An empty layer gives one empty batch."""
    plan = _plan_laag(bron, laag, codering, limieten)
    grootte = max(bron.pad.stat().st_size, 1)
    per_deel = max(BYTES_PER_DEEL, grootte / MAX_DELEN)
    deel = max(MIN_DEEL, math.ceil(plan.objecten * per_deel / grootte))
    begin = 0
    while True:
        gelezen = _lees_deel(plan, limieten, begin, deel)
        yield gelezen
        begin += len(gelezen.tabel)
        if len(gelezen.tabel) < deel or begin >= plan.objecten:
            return


# --------------------------------------------------------------------------- tables


@dataclass
class Tabel:
    """Rows of a CSV or Excel sheet: ``kolommen`` (header as written) and ``rijen`` as
    (row number as the user sees it, {kolom: waarde})."""

    naam: str
    kolommen: list[str]
    rijen: list[tuple[int, dict[str, Any]]]
    codering: str | None = None
    meldingen: list[str] = field(default_factory=list)


def _koppen(ruw: list[Any], naam: str) -> list[str]:
    koppen = ["" if k is None else str(k).strip().lstrip("\ufeff") for k in ruw]
    while koppen and not koppen[-1]:
        koppen.pop()
    if not koppen:
        raise BestandFout(f"{naam} heeft geen kopregel met kolomnamen")
    leeg = [i + 1 for i, k in enumerate(koppen) if not k]
    if leeg:
        raise BestandFout(f"{naam}: kolom {leeg[0]} in de kopregel heeft geen naam")
    dubbel = sorted({k for k in koppen if [x.lower() for x in koppen].count(k.lower()) > 1})
    if dubbel:
        raise BestandFout(f"{naam}: kolomnaam {dubbel[0]!r} staat meer dan eens in de kopregel")
    return koppen


def _lees_csv(bron: Gegevensbron, codering: str | None, limieten: Limieten) -> Tabel:
    data = bron.pad.read_bytes()
    meldingen: list[str] = []
    if codering is not None:
        gekozen = codering_van(codering)
    elif data.startswith(codecs.BOM_UTF8):
        gekozen = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        gekozen = "utf-16"  # Excel's "Unicode text"
    else:
        gekozen = detecteer_codering(data)
        if gekozen != "utf-8":
            meldingen.append(
                f"{bron.naam}: geen UTF-8; gelezen als {gekozen} (geef zo nodig de instelling 'Tekencodering' op)"
            )
    try:
        tekst = data.decode(gekozen)
    except UnicodeDecodeError as e:
        raise BestandFout(
            f"{bron.naam} is geen {gekozen}-tekst (byte {e.start}); geef de juiste codering op "
            "met de instelling 'Tekencodering', bijv. cp1252"
        ) from e
    tekst = tekst.lstrip("\ufeff")
    eerste = tekst.split("\n", 1)[0]
    scheiding = max((";", ",", "\t"), key=eerste.count) if eerste.strip() else ";"
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
    try:
        koppen = _koppen(next(lezer, []), bron.naam)
        if len(koppen) > limieten.max_kolommen:
            raise BestandFout(f"{bron.naam} heeft meer dan {limieten.max_kolommen} kolommen")
        rijen: list[tuple[int, dict[str, Any]]] = []
        for cellen in lezer:
            regel = lezer.line_num
            if not any(c.strip() for c in cellen):
                continue
            if len(rijen) >= limieten.max_objecten:
                raise BestandFout(
                    f"{bron.naam} bevat meer dan {limieten.max_objecten} rijen; hoogstens "
                    f"{limieten.max_objecten} toegestaan (instelling MAX_OBJECTEN)"
                )
            extra = cellen[len(koppen) :]
            if any(c.strip() for c in extra):
                raise BestandFout(
                    f"{bron.naam} regel {regel}: {len(cellen)} waarden, maar de kopregel heeft "
                    f"{len(koppen)} kolommen (scheidingsteken {scheiding!r})"
                )
            rij = {k: (cellen[i].strip() if i < len(cellen) else "") for i, k in enumerate(koppen)}
            rijen.append((regel, rij))
    except csv.Error as e:
        raise BestandFout(f"{bron.naam} regel {lezer.line_num}: geen geldige CSV ({e})") from e
    return Tabel(bron.naam, koppen, rijen, gekozen.replace("-sig", ""), meldingen)


def _lees_xlsx(bron: Gegevensbron, blad: str | None, limieten: Limieten) -> Tabel:
    try:
        with zipfile.ZipFile(bron.pad) as zf:
            entries = zf.infolist()
            if len(entries) > limieten.max_zip_entries:
                raise BestandFout(f"{bron.naam} bevat te veel onderdelen ({len(entries)})")
            if sum(i.file_size for i in entries) > limieten.max_bytes:
                raise BestandFout(
                    f"{bron.naam} pakt uit tot meer dan {_mb(limieten.max_bytes)}; geweigerd"
                )
    except zipfile.BadZipFile as e:
        raise BestandFout(f"{bron.naam} is geen geldig Excel-bestand: {e}") from e
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unknown extensions/styles
            boek = openpyxl.load_workbook(bron.pad, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for broken files
        raise BestandFout(f"{bron.naam} is geen leesbaar Excel-bestand: {e}") from e
    try:
        namen = boek.sheetnames
        if blad is None:
            blad = namen[0]
        elif blad not in namen:
            raise BestandFout(f"{bron.naam} heeft geen blad {blad!r}; aanwezig: {', '.join(namen)}")
        ws = boek[blad]
        rijen_iter = ws.iter_rows(values_only=True)
        koppen = _koppen(list(next(rijen_iter, ())), f"{bron.naam} (blad {blad})")
        if len(koppen) > limieten.max_kolommen:
            raise BestandFout(f"{bron.naam} heeft meer dan {limieten.max_kolommen} kolommen")
        rijen: list[tuple[int, dict[str, Any]]] = []
        for nummer, cellen in enumerate(rijen_iter, start=2):
            if not any(c is not None and str(c).strip() for c in cellen):
                continue
            if len(rijen) >= limieten.max_objecten:
                raise BestandFout(
                    f"{bron.naam} bevat meer dan {limieten.max_objecten} rijen; hoogstens "
                    f"{limieten.max_objecten} toegestaan (instelling MAX_OBJECTEN)"
                )
            rij = {
                k: (cellen[i].strip() if isinstance(cellen[i], str) else cellen[i])
                if i < len(cellen)
                else None
                for i, k in enumerate(koppen)
            }
            rijen.append((nummer, rij))
    finally:
        boek.close()
    return Tabel(f"{bron.naam} (blad {blad})", koppen, rijen, None)


def lees_tabel(
    bron: Gegevensbron,
    codering: str | None = None,
    limieten: Limieten = STANDAARD_LIMIETEN,
    blad: str | None = None,
) -> Tabel:
    """Read a CSV (``;``, ``,`` or tab separated; UTF-8 with or without BOM, else cp1252 or
    ``codering``), an Excel sheet (``blad``, default the first) or a .dbf table."""
    if bron.soort == "csv":
        return _lees_csv(bron, codering, limieten)
    if bron.soort == "xlsx":
        return _lees_xlsx(bron, blad, limieten)
    if bron.soort in ("dbf", "gpkg", "geojson", "shp"):
        laag = lees_laag(bron, blad, codering, limieten)
        frame = laag.tabel
        if laag.heeft_geometrie:
            frame = frame.drop(columns=frame.geometry.name)
        kolommen = [str(k) for k in frame.columns]
        rijen = list(enumerate(_als_dicts(frame), start=1))
        return Tabel(bron.naam, kolommen, rijen, laag.codering, laag.meldingen)
    raise BestandFout(f"{bron.naam} is geen tabel; lever CSV, Excel (.xlsx) of .dbf")


def _als_dicts(frame: Any) -> list[dict[Any, Any]]:
    """``frame.to_dict("records")``: the same values, made column by column when every column
    is a NumPy column or a text column with NaN for missing (there a column's ``tolist`` gives
    what ``to_dict`` gives, a few times faster); with other columns (pandas' own NA) by
    ``to_dict`` itself."""
    import pandas as pd  # loaded with the frame already

    gewoon = (
        len(frame.columns) > 0
        and frame.columns.is_unique
        and all(
            isinstance(d, np.dtype) or (isinstance(d, pd.StringDtype) and d.na_value is np.nan)
            for d in frame.dtypes
        )
    )
    if not gewoon:
        return frame.to_dict("records")
    kolommen = list(frame.columns)
    waarden = [frame[k].tolist() for k in kolommen]
    return [dict(zip(kolommen, rij, strict=True)) for rij in zip(*waarden, strict=True)]


def lees_json(tekst: str, wat: str, limieten: Limieten = STANDAARD_LIMIETEN) -> Any:
    """Parse a JSON value from a field, refusing deep nesting and NaN/Infinity."""
    diepte = 0
    hoogste = 0
    in_tekst = False
    escape = False
    for teken in tekst:  # cheap pre-scan: Python's json would raise RecursionError
        if in_tekst:
            if escape:
                escape = False
            elif teken == "\\":
                escape = True
            elif teken == '"':
                in_tekst = False
        elif teken == '"':
            in_tekst = True
        elif teken in "[{":
            diepte += 1
            hoogste = max(hoogste, diepte)
            if hoogste > limieten.max_json_diepte:
                raise BestandFout(
                    f"{wat}: JSON is dieper genest dan {limieten.max_json_diepte} niveaus; geweigerd"
                )
        elif teken in "]}":
            diepte -= 1

    def geen_nan(waarde: str) -> Any:
        raise ValueError(f"{waarde} is geen geldig getal")

    try:
        return json.loads(tekst, parse_constant=geen_nan)
    except (ValueError, RecursionError) as e:
        raise BestandFout(f"{wat}: geen geldige JSON ({e})") from e


# --------------------------------------------------------------------------- CRS


# --------------------------------------------------------------------------- atomic writes


@contextmanager
def schrijf_atomair(doel: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``doel`` (same extension); on success it replaces ``doel``
    atomically (``os.replace``), on any error it is removed: never a half-written ``doel``."""
    doel = Path(doel)
    if doel.is_dir():
        raise BestandFout(f"{doel} is een map; geef een bestandsnaam")
    if not doel.parent.is_dir():
        raise BestandFout(f"De map {doel.parent} bestaat niet")
    tijdelijk = doel.with_name(f".{doel.stem}.{secrets.token_hex(6)}.tmp{doel.suffix}")
    try:
        yield tijdelijk
        os.replace(tijdelijk, doel)
    except BaseException:
        for rest in doel.parent.glob(tijdelijk.name + "*"):
            if rest.is_dir():
                shutil.rmtree(rest, ignore_errors=True)
            else:
                rest.unlink(missing_ok=True)
        raise
