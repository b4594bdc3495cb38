"""Import municipal boundaries (any file GDAL reads) and start stocks (CSV) into the store."""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

# bestanden reads files from outside safely
# (content checks, forced drivers, safe zips, limits).
from ..crs import ProjCRS, crs_naam, grenzen_naar_rd, lees_crs, past_in_rd
from ..domein.gemeentecode import normaliseer_code
from ..domein.model import CRS, Gemeente, valideer_gemeente
from ..errors import BestandFout, CrsFout, Probleem, ValidatieFout
from .bestanden import Limieten, kies_bron, lees_laag, open_bestand
from .kolommen import eis_kolommen, koppel_kolommen

__all__ = [
    "Bevinding",
    "GemeentenRapport",
    "VoorraadRapport",
    "importeer_gemeenten",
    "importeer_voorraad",
    "verwerk_gemeenten",
    "normaliseer_code",
    "herstel_geometrie",
    "VELDEN",
    "MAX_OBJECTEN",
    "MAX_BYTES",
]

#: Canonical fields of a municipality row; ``gemeente`` and ``naam`` are required.
VELDEN: tuple[str, ...] = ("gemeente", "naam", "woningen", "doelgroep", "peiljaar")
_VERPLICHT = ("gemeente", "naam")

#: Column names recognised per field, in order of preference (compared case-insensitively):
#: canonical, CBS (wijk- en buurtkaart, gebiedsindelingen), PDOK Kadaster bestuurlijke gebieden
#: (``identificatie`` "GM0518", ``code`` "0518", ``naam``) and shapefile-truncated forms.
_ALIASSEN: dict[str, tuple[str, ...]] = {
    "gemeente": (
        "gemeente",
        "gemeentecode",
        "gemeenteco",
        "statcode",
        "identificatie",
        "gm_code",
        "code",
    ),
    "naam": ("naam", "gemeentenaam", "gemeentena", "statnaam", "gm_naam"),
    "woningen": ("woningen",),
    "doelgroep": ("doelgroep",),
    "peiljaar": ("peiljaar",),
}

#: More objects than this is not a municipality file (the Netherlands has about 340).
MAX_OBJECTEN = 10_000
#: Largest (uncompressed) data file accepted, in bytes.
MAX_BYTES = 1024 * 1024 * 1024
#: Most entries accepted in a zip file.
MAX_ZIP_ENTRIES = 10_000
#: Largest stock CSV accepted, in bytes.
MAX_CSV_BYTES = 5 * 1024 * 1024

#: Vertices of one boundary (detailed Kadaster boundaries have tens of thousands).
MAX_HOEKPUNTEN = 2_000_000


# --------------------------------------------------------------------------- rapporten


@dataclass(frozen=True)
class Bevinding:
    """A remark about one municipality (repaired, skipped): code, name and reason."""

    gemeente: str | None
    naam: str | None
    reden: str

    def __str__(self) -> str:
        wie = " ".join(w for w in (self.gemeente, self.naam) if w) or "(zonder code)"
        return f"{wie}: {self.reden}"


@dataclass
class GemeentenRapport:
    """Outcome of a boundary import; ``regels()`` gives the Dutch lines for the CLI.

    ``ontbrekend`` are the requested codes (``codes``, else the region members) that the source
    did not contain; ``namen`` maps every code mentioned to its name where known.
    """

    bron: str
    crs: str | None = None
    toegevoegd: int = 0
    gewijzigd: int = 0
    ongewijzigd: int = 0
    gemeenten: list[str] = field(default_factory=list)
    hersteld: list[Bevinding] = field(default_factory=list)
    overgeslagen: list[Bevinding] = field(default_factory=list)
    ontbrekend: list[str] = field(default_factory=list)
    samengevoegd: list[str] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)
    namen: dict[str, str] = field(default_factory=dict)

    @property
    def aantal(self) -> int:
        """Municipalities stored (added, changed or unchanged)."""
        return self.toegevoegd + self.gewijzigd + self.ongewijzigd

    def regels(self) -> list[str]:
        crs = f" (CRS {self.crs}, opgeslagen in {CRS})" if self.crs else ""
        uit = [
            f"Gemeentegrenzen uit {self.bron}{crs}: {self.aantal} gemeenten "
            f"({self.toegevoegd} toegevoegd, {self.gewijzigd} gewijzigd, "
            f"{self.ongewijzigd} ongewijzigd)."
        ]
        if self.hersteld:
            uit.append(f"Hersteld ({len(self.hersteld)} ongeldige geometrieën gerepareerd):")
            uit.extend(f"  {b}" for b in self.hersteld)
        if self.overgeslagen:
            uit.append(f"Overgeslagen ({len(self.overgeslagen)}, niet opgeslagen):")
            uit.extend(f"  {b}" for b in self.overgeslagen)
        if self.samengevoegd:
            uit.append(
                "Uit meerdere objecten samengevoegd: "
                + ", ".join(self._met_naam(self.samengevoegd))
            )
        if self.ontbrekend:
            uit.append(
                f"Ontbreekt in de bron ({len(self.ontbrekend)}): "
                + ", ".join(self._met_naam(self.ontbrekend))
            )
        uit.extend(f"Let op: {o}" for o in self.opmerkingen)
        return uit

    def _met_naam(self, codes: Iterable[str]) -> list[str]:
        return [f"{c} {self.namen[c]}" if c in self.namen else c for c in codes]


@dataclass
class VoorraadRapport:
    """Outcome of a stock import; ``regels()`` gives the Dutch lines for the CLI."""

    bron: str
    gewijzigd: int = 0
    ongewijzigd: int = 0
    gemeenten: list[str] = field(default_factory=list)

    @property
    def aantal(self) -> int:
        return self.gewijzigd + self.ongewijzigd

    def regels(self) -> list[str]:
        return [
            f"Startvoorraden uit {self.bron}: {self.aantal} gemeenten "
            f"({self.gewijzigd} gewijzigd, {self.ongewijzigd} ongewijzigd)."
        ]


# --------------------------------------------------------------------------- codes and values


def _code_probleem(waarde: Any, item: str | None) -> Probleem:
    return Probleem(
        "gemeente",
        waarde,
        "is geen gemeentecode; verwacht GM gevolgd door vier cijfers (bijv. GM0518, 0518 of 518)",
        item,
    )


def _normaliseer_codes(codes: Iterable[str] | None) -> list[str] | None:
    if codes is None:
        return None
    codes = list(codes)
    if not codes:
        raise ValidatieFout([Probleem("codes", [], "geef minstens één gemeentecode, bijv. GM0518")])
    uit: list[str] = []
    problemen = []
    for c in codes:
        try:
            code = normaliseer_code(c)
        except ValueError:
            problemen.append(_code_probleem(c, "codes"))
            continue
        if code not in uit:
            uit.append(code)
    if problemen:
        raise ValidatieFout(problemen)
    return uit


def _is_leeg(waarde: Any) -> bool:
    if waarde is None:
        return True
    if isinstance(waarde, float | np.floating) and math.isnan(waarde):
        return True
    return isinstance(waarde, str) and not waarde.strip()


def _geheel(waarde: Any) -> Any:
    """An int for integral numbers and digit strings (also "265.959"); else the value itself."""
    if _is_leeg(waarde):
        return None
    if isinstance(waarde, bool):
        return waarde
    if isinstance(waarde, int | np.integer):
        return int(waarde)
    if isinstance(waarde, float | np.floating):
        return int(waarde) if math.isfinite(waarde) and waarde == int(waarde) else float(waarde)
    if isinstance(waarde, str):
        tekst = waarde.strip().replace("\u00a0", "").replace(" ", "").replace("_", "")
        if re.fullmatch(r"-?\d+", tekst):
            return int(tekst)
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", tekst):  # Dutch thousands separator
            return int(tekst.replace(".", ""))
    return waarde


# --------------------------------------------------------------------------- geometry


def _vlakken(geometrie: BaseGeometry) -> list[Polygon]:
    """The non-empty polygons in a geometry of any type (collections are searched)."""
    uit: list[Polygon] = []
    for deel in shapely.get_parts(geometrie):
        if deel.geom_type == "Polygon":
            if not deel.is_empty and deel.area > 0:
                uit.append(deel)
        elif deel.geom_type in ("MultiPolygon", "GeometryCollection"):
            uit.extend(_vlakken(deel))
    return uit


def _als_multi(vlakken: list[Polygon]) -> MultiPolygon:
    if len(vlakken) == 1:
        return MultiPolygon(vlakken)
    samen = shapely.union_all(vlakken)
    return MultiPolygon([p for p in shapely.get_parts(samen) if p.geom_type == "Polygon"])


def herstel_geometrie(
    geometrie: BaseGeometry | None,
) -> tuple[MultiPolygon | None, str | None, str | None]:
    """Make a municipality boundary usable: ``(multipolygon, hersteld_reden, onbruikbaar_reden)``.

    Valid polygons become a MultiPolygon unchanged (``hersteld_reden`` None). Invalid ones are
    repaired with shapely ``make_valid`` keeping only the polygonal parts; ``hersteld_reden`` is
    GEOS' explanation of what was wrong. When nothing usable remains the geometry is None and
    ``onbruikbaar_reden`` says why.
    """
    if geometrie is None or geometrie.is_empty:
        return None, None, "geen geometrie"
    coords = shapely.get_coordinates(geometrie)
    if not np.isfinite(coords).all():
        return None, None, "ongeldige coördinaten (NaN of oneindig)"
    geometrie = shapely.force_2d(geometrie)
    if geometrie.geom_type not in ("Polygon", "MultiPolygon", "GeometryCollection"):
        return None, None, f"geometrietype {geometrie.geom_type} is geen vlak"
    if geometrie.is_valid:
        vlakken = _vlakken(geometrie)
        if not vlakken:
            return None, None, f"geometrie ({geometrie.geom_type}) bevat geen vlak met oppervlakte"
        return _als_multi(vlakken), None, None
    reden = explain_validity(geometrie)
    try:
        gerepareerd = shapely.make_valid(geometrie)
    except shapely.errors.GEOSException as e:  # pragma: no cover - GEOS rarely refuses
        return None, None, f"ongeldig ({reden}) en niet te herstellen: {e}"
    vlakken = _vlakken(gerepareerd)
    if not vlakken:
        return None, None, f"ongeldig ({reden}); na herstel blijft geen vlak over"
    uit = _als_multi(vlakken)
    if not uit.is_valid:  # pragma: no cover - make_valid output is valid by contract
        return None, None, f"ongeldig ({reden}) en niet te herstellen"
    return uit, reden, None


# --------------------------------------------------------------------------- reading files


def _heeft_niet_ascii(tabel: Any) -> bool:
    """Whether any text value holds a non-ASCII character."""
    return any(
        isinstance(w, str) and not w.isascii()
        for k in tabel.columns
        if k != tabel.geometry.name
        for w in tabel[k]
    )


# --------------------------------------------------------------------------- columns


def _kolommen_kiezen(
    aanwezig: list[str], kolommen: Mapping[str, str] | None, bron: str
) -> dict[str, str]:
    """Field -> source column: explicit mapping first, then canonical and known names."""
    gekozen = koppel_kolommen(aanwezig, VELDEN, _ALIASSEN, kolommen, bron)
    uitleg = {"gemeente": "de gemeentecode, bijv. GM0518", "naam": "de gemeentenaam"}
    eis_kolommen(gekozen, _VERPLICHT, aanwezig, _ALIASSEN, bron, uitleg)
    return gekozen


# --------------------------------------------------------------------------- CRS


# --------------------------------------------------------------------------- shared pipeline


def verwerk_gemeenten(
    store: Any,
    rijen: Iterable[Mapping[str, Any]],
    geometrieen: Iterable[BaseGeometry | None],
    bron_crs: Any,
    bron: str,
    *,
    aanwezig: list[str],
    codes: Iterable[str] | None = None,
    kolommen: Mapping[str, str] | None = None,
    alleen_regio: bool = True,
    opmerkingen: Iterable[str] = (),
) -> GemeentenRapport:
    """Normalise, filter, reproject, repair and store municipality rows (one transaction).

    ``rijen`` are attribute mappings with the source column names ``aanwezig``; ``geometrieen``
    the matching shapely geometries in ``bron_crs`` (None: refused with :class:`CrsFout`).
    Used by :func:`importeer_gemeenten` and :func:`locatieplanner.uitwisseling.pdok.download_gemeenten`.
    """
    rijen = list(rijen)
    geoms = np.array(list(geometrieen), dtype=object)
    regio = store.regio()
    kol = _kolommen_kiezen(aanwezig, kolommen, bron)
    gevraagd = _normaliseer_codes(codes)
    if gevraagd is None and alleen_regio:
        gevraagd = list(regio.codes)
    rapport = GemeentenRapport(bron=bron, opmerkingen=list(opmerkingen))
    rapport.namen.update(regio.gemeenten)

    # codes, filter, merge duplicates
    problemen: list[Probleem] = []
    per_code: dict[str, list[int]] = {}
    for i, rij in enumerate(rijen):
        ruw = rij.get(kol["gemeente"])
        try:
            code = normaliseer_code(ruw)
        except ValueError:
            problemen.append(_code_probleem(ruw, f"object {i + 1} (kolom {kol['gemeente']})"))
            continue
        per_code.setdefault(code, []).append(i)
    if problemen:
        raise ValidatieFout(
            problemen,
            f"{bron}: {len(problemen)} objecten zonder geldige gemeentecode in kolom "
            f"{kol['gemeente']!r}: "
            + "; ".join(str(p) for p in problemen[:5])
            + (f"; en nog {len(problemen) - 5}" if len(problemen) > 5 else "")
            + ". Koppel zo nodig een andere kolom met --kolom gemeente=KOLOM",
        )
    if gevraagd is None:
        gekozen = sorted(per_code)
        ontbrekend = [c for c in regio.codes if c not in per_code]
    else:
        gekozen = [c for c in gevraagd if c in per_code]
        ontbrekend = [c for c in gevraagd if c not in per_code]
    if not per_code:
        raise BestandFout(f"{bron} bevat geen gemeenten (geen enkel object); niets opgeslagen")
    if not gekozen:
        voorbeeld = ", ".join(sorted(per_code)[:5]) or "geen enkele"
        raise BestandFout(
            f"{bron} bevat geen van de gevraagde gemeenten ({', '.join(gevraagd or [])}); "
            f"wel bijvoorbeeld {voorbeeld}. Importeer alle gemeenten met --alle, kies codes "
            "met --codes of koppel de juiste codekolom met --kolom gemeente=KOLOM"
        )
    rapport.ontbrekend = ontbrekend

    # CRS: required, plausible, then everything in RD New
    if bron_crs is None:
        raise CrsFout(
            f"{bron} heeft geen coördinatenstelsel (CRS); geef het op met --crs, "
            "bijv. --crs EPSG:28992 (RD New, meters) of --crs EPSG:4326 (lengte/breedtegraden)"
        )
    crs = lees_crs(bron_crs, bron)
    rapport.crs = crs_naam(crs)
    indexen = [i for c in gekozen for i in per_code[c]]
    rd = dict(zip(indexen, grenzen_naar_rd(geoms[indexen], crs, bron), strict=True))

    # per municipality: attributes, repair, validation
    gemeenten: list[Gemeente] = []
    problemen = []
    for code in gekozen:
        eerste = rijen[per_code[code][0]]
        naam_ruw = eerste.get(kol["naam"])
        naam = None if _is_leeg(naam_ruw) else str(naam_ruw).strip()
        naam = naam or regio.gemeenten.get(code)  # a region member is known by name anyway
        if naam:
            rapport.namen[code] = naam
        if len(per_code[code]) > 1:
            rapport.samengevoegd.append(code)
        delen, redenen, fouten = [], [], []
        for i in per_code[code]:
            g = rd[i]
            if g is not None and not g.is_empty and not past_in_rd(g):
                fouten.append("valt (deels) buiten Nederland in EPSG:28992 (RD New)")
                continue
            goed, hersteld, onbruikbaar = herstel_geometrie(g)
            if onbruikbaar:
                fouten.append(onbruikbaar)
                continue
            delen.extend(goed.geoms)
            if hersteld:
                redenen.append(hersteld)
        if fouten or not delen:
            rapport.overgeslagen.append(
                Bevinding(code, naam, "; ".join(fouten) or "geen geometrie")
            )
            continue
        geometrie = _als_multi(delen) if len(per_code[code]) > 1 else MultiPolygon(delen)
        if redenen:
            rapport.hersteld.append(Bevinding(code, naam, "; ".join(redenen)))
        g = Gemeente(
            gemeente=code,
            naam=naam,  # type: ignore[arg-type]
            geometry=geometrie,
            woningen=_geheel(eerste.get(kol["woningen"])) if "woningen" in kol else None,
            doelgroep=_geheel(eerste.get(kol["doelgroep"])) if "doelgroep" in kol else None,
            peiljaar=_geheel(eerste.get(kol["peiljaar"])) if "peiljaar" in kol else None,
        )
        eigen = valideer_gemeente(g)
        geo = [p for p in eigen if p.veld == "geometry"]
        if geo:
            rapport.overgeslagen.append(
                Bevinding(code, naam, "; ".join(f"{p.waarde}: {p.melding}" for p in geo))
            )
            rapport.hersteld = [h for h in rapport.hersteld if h.gemeente != code]
            continue
        problemen.extend(eigen)
        gemeenten.append(g)
    if problemen:
        raise ValidatieFout(
            problemen, f"{bron}: niets opgeslagen. " + "; ".join(str(p) for p in problemen)
        )
    if not gemeenten:
        raise BestandFout(
            f"{bron}: geen enkele bruikbare gemeentegrens; niets opgeslagen. "
            + "; ".join(str(b) for b in rapport.overgeslagen)
        )
    telling = store.bewaar_gemeenten(gemeenten, bron=bron[:200])
    rapport.toegevoegd = telling["toegevoegd"]
    rapport.gewijzigd = telling["gewijzigd"]
    rapport.ongewijzigd = telling["ongewijzigd"]
    rapport.gemeenten = [g.gemeente for g in gemeenten]
    return rapport


# --------------------------------------------------------------------------- public API


def importeer_gemeenten(
    store: Any,
    pad: str | os.PathLike[str],
    codes: Iterable[str] | None = None,
    crs: str | None = None,
    laag: str | None = None,
    kolommen: Mapping[str, str] | None = None,
    alleen_regio: bool = True,
) -> GemeentenRapport:
    """Import municipal boundaries from a GeoJSON, GeoPackage or (zipped) shapefile.

    By default only the region members are imported (``alleen_regio=False``: everything in the
    file; ``codes``: just these). ``crs`` gives (or overrides) the file's CRS, ``laag`` the
    layer of a GeoPackage or the file within a zip/folder, ``kolommen`` maps fields to source
    columns, e.g. ``{"naam": "GM_NAAM"}``. Invalid polygons are repaired and reported; unusable
    ones are skipped and reported. Raises :class:`BestandFout`, :class:`CrsFout` or
    :class:`ValidatieFout`; nothing is stored then.
    """
    limieten = Limieten(
        max_bytes=MAX_BYTES,
        max_zip_entries=MAX_ZIP_ENTRIES,
        max_objecten=MAX_OBJECTEN,
        max_hoekpunten=MAX_HOEKPUNTEN,
    )
    with open_bestand(pad, limieten) as bestand:
        bron, binnen = kies_bron(bestand, laag)
        gelezen = lees_laag(bron, binnen, limieten=limieten)
    tabel = gelezen.tabel
    if not gelezen.heeft_geometrie:
        raise BestandFout(f"{bron.naam} (laag {gelezen.naam}) heeft geen geometrie")
    aanwezig = [str(k) for k in tabel.columns if k != tabel.geometry.name]
    kol = _kolommen_kiezen(aanwezig, kolommen, bron.naam)
    opmerkingen = [m.removeprefix(f"{bron.naam}: ") for m in gelezen.meldingen]
    if gelezen.codering_herkend and _heeft_niet_ascii(tabel):
        naam = "UTF-8" if gelezen.codering == "utf-8" else gelezen.codering
        opmerkingen.append(f"tekst in de DBF gelezen als {naam} (het .cpg-bestand ontbreekt)")
    bestands_crs = None if tabel.crs is None else tabel.crs
    if crs is not None:
        opgegeven = lees_crs(crs, f"--crs {crs}")
        if bestands_crs is not None and not opgegeven.equals(bestands_crs):
            opmerkingen.append(
                f"het bestand noemt CRS {crs_naam(ProjCRS.from_user_input(bestands_crs))}; "
                f"op verzoek gelezen als {crs_naam(opgegeven)}"
            )
        bestands_crs = opgegeven
    rijen = tabel.drop(columns=tabel.geometry.name).to_dict("records")
    return verwerk_gemeenten(
        store,
        rijen,
        tabel.geometry.array,
        bestands_crs,
        bron.naam,
        aanwezig=aanwezig,
        codes=codes,
        kolommen=kol,
        alleen_regio=alleen_regio,
        opmerkingen=opmerkingen,
    )


_VOORRAAD_VELDEN = ("gemeente", "woningen", "doelgroep", "peiljaar")


def importeer_voorraad(store: Any, pad: str | os.PathLike[str]) -> VoorraadRapport:
    """Set start stocks from a CSV with header ``gemeente;woningen;doelgroep;peiljaar``.

    ``;`` or ``,`` separated, UTF-8 with or without BOM. ``gemeente`` and ``woningen`` are
    required columns, ``doelgroep`` and ``peiljaar`` optional (an empty cell keeps the stored
    value). Every row is checked (known code, whole numbers of 0 or more, doelgroep not above
    woningen, plausible year) with its line number; one bad row stores nothing.
    """
    pad = Path(pad)
    naam = pad.name
    try:
        if pad.stat().st_size > MAX_CSV_BYTES:
            raise BestandFout(f"{naam} is groter dan {MAX_CSV_BYTES // (1024 * 1024)} MB")
        tekst = pad.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BestandFout(
            f"{naam} is geen UTF-8-tekst (byte {e.start}); sla het op als 'CSV UTF-8'"
        ) from e
    except OSError as e:
        raise BestandFout(f"{naam} kan niet worden gelezen: {e.strerror}") from e
    kop = tekst.splitlines()[0] if tekst.strip() else ""
    if not kop.strip():
        raise BestandFout(
            f"{naam} is leeg; verwacht een kopregel gemeente;woningen;doelgroep;peiljaar"
        )
    scheiding = ";" if ";" in kop else ","
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
    try:
        koppen = [k.strip().lower() for k in next(lezer)]
        onbekend = [k for k in koppen if k not in _VOORRAAD_VELDEN]
        ontbreekt = [k for k in ("gemeente", "woningen") if k not in koppen]
        dubbel = sorted({k for k in koppen if koppen.count(k) > 1})
        if onbekend or ontbreekt or dubbel:
            delen = []
            if ontbreekt:
                delen.append("ontbrekende kolom(men): " + ", ".join(ontbreekt))
            if onbekend:
                delen.append("onbekende kolom(men): " + ", ".join(repr(k) for k in onbekend))
            if dubbel:
                delen.append("dubbele kolom(men): " + ", ".join(dubbel))
            raise BestandFout(
                f"{naam}: kopregel {kop!r} klopt niet ({'; '.join(delen)}); verwacht "
                "gemeente;woningen;doelgroep;peiljaar (doelgroep en peiljaar mogen ontbreken)"
            )
        rijen = [(lezer.line_num, r) for r in lezer if any(c.strip() for c in r)]
    except csv.Error as e:
        raise BestandFout(f"{naam} regel {lezer.line_num}: geen geldige CSV ({e})") from e

    bestaand = {g.gemeente: g for g in store.gemeenten()}
    problemen: list[Probleem] = []
    gemeenten: list[Gemeente] = []
    gezien: dict[str, int] = {}
    for regel, cellen in rijen:
        item = f"regel {regel}"
        if len(cellen) != len(koppen):
            problemen.append(
                Probleem(
                    "kolommen",
                    len(cellen),
                    f"verwacht {len(koppen)} waarden gescheiden door {scheiding!r}",
                    item,
                )
            )
            continue
        waarden = dict(zip(koppen, (c.strip() for c in cellen), strict=True))
        try:
            code = normaliseer_code(waarden["gemeente"])
        except ValueError:
            problemen.append(_code_probleem(waarden["gemeente"], item))
            continue
        item = f"regel {regel} ({code})"
        if code not in bestaand:
            problemen.append(
                Probleem(
                    "gemeente",
                    code,
                    "onbekende gemeente in deze database; bekend zijn "
                    + ", ".join(sorted(bestaand)),
                    item,
                )
            )
            continue
        if code in gezien:
            problemen.append(Probleem("gemeente", code, f"staat al op regel {gezien[code]}", item))
            continue
        gezien[code] = regel
        getallen: dict[str, int | None] = {}
        for veld in ("woningen", "doelgroep", "peiljaar"):
            ruw = waarden.get(veld, "")
            if veld == "woningen" and not ruw:
                problemen.append(
                    Probleem(veld, ruw, "is verplicht: een geheel getal van 0 of meer", item)
                )
                continue
            waarde = _geheel(ruw)
            if waarde is not None and not isinstance(waarde, int):
                problemen.append(Probleem(veld, ruw, "moet een geheel getal zijn", item))
                continue
            getallen[veld] = waarde
        oud = bestaand[code]
        g = Gemeente(code, oud.naam, None, *(getallen.get(v) for v in _VOORRAAD_VELDEN[1:]))
        controle = Gemeente(
            code,
            oud.naam,
            None,
            g.woningen if g.woningen is not None else oud.woningen,
            g.doelgroep if g.doelgroep is not None else oud.doelgroep,
            g.peiljaar,
        )
        eigen = valideer_gemeente(controle)
        if any(p.veld == "woningen" for p in eigen):  # no "doelgroep > woningen" on top of it
            eigen = [p for p in eigen if p.veld != "doelgroep" or "groter" not in p.melding]
        problemen.extend(_met_item(p, item) for p in eigen)
        gemeenten.append(g)
    if problemen:
        raise ValidatieFout(
            problemen, f"{naam}: niets opgeslagen. " + "; ".join(str(p) for p in problemen)
        )
    if not gemeenten:
        raise BestandFout(f"{naam} bevat geen gegevensregels onder de kopregel")
    telling = store.bewaar_gemeenten(gemeenten)
    return VoorraadRapport(
        bron=naam,
        gewijzigd=telling["gewijzigd"] + telling["toegevoegd"],
        ongewijzigd=telling["ongewijzigd"],
        gemeenten=[g.gemeente for g in gemeenten],
    )


def _met_item(probleem: Probleem, item: str) -> Probleem:
    """The same problem, attributed to ``item`` (a CSV line)."""
    return Probleem(probleem.veld, probleem.waarde, probleem.melding, item)
