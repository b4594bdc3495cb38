"""Cases and contributions (working agreement 5b) to and from CSV and Excel.

Two tables: ``casussen`` (one row per case) and ``bijdragen`` (one row per contribution, its
``casus`` the ``id`` of a case in the first table). In Excel they are the sheets ``casussen``
and ``bijdragen`` of one workbook; as CSV two files, ``PAD`` and ``<stam>_bijdragen.csv`` beside
it (``;``-separated, UTF-8 with BOM). Lists are written as text: ``vragen`` and ``locaties``
comma-separated (``1,3``), ``oplossingsrichtingen`` and ``potentieel`` as JSON
(``[{"tekst": ..., "status": ...}]``, ``[{"jaar": 2028, "daeb": 20, "overig": 5}]``), the own
area ``gebied`` as WKT in EPSG:28992. Text a spreadsheet would run as a formula is written with
a leading apostrophe, which the import removes again.

An import is all or nothing (:meth:`locatieplanner.store.Store.importeer_casussen`): a case whose
``id`` is a stored case of the same municipality updates it, any other row adds a case (so a file
exported from another database adds its cases); the contribution of a party that has one is
updated. Importing the same file again changes nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from ..domein.casus import Bijdrage, Casus, Oplossingsrichting, Potentieel
from ..errors import BestandFout, Probleem, ValidatieFout
from .bestanden import STANDAARD_LIMIETEN, Limieten, lees_tabel, open_bestand, schrijf_atomair
from .exporteer import _csv_bytes, neutraliseer

__all__ = [
    "KOLOMMEN_CASUS",
    "KOLOMMEN_BIJDRAGE",
    "Casusrapport",
    "bijdragenbestand",
    "exporteer_casussen",
    "importeer_casussen",
    "schrijf_tabellen",
]

KOLOMMEN_CASUS = (
    "id",
    "gemeente",
    "soort",
    "titel",
    "beschrijving",
    "categorie",
    "vragen",
    "status",
    "eigenaar",
    "streefdatum",
    "locaties",
    "oplossingsrichtingen",
    "potentieel",
    "gebied",
)
KOLOMMEN_BIJDRAGE = ("id", "casus", "partij", "corporatie", "wat", "soort", "bedrag", "status")
_VERPLICHT_CASUS = ("gemeente", "soort", "titel", "categorie")
_VERPLICHT_BIJDRAGE = ("casus", "partij", "wat", "soort")


@dataclass
class Casusrapport:
    """What an export or import did: the files, the counts per table."""

    bestanden: list[str] = field(default_factory=list)
    casussen: dict[str, int] = field(default_factory=dict)
    bijdragen: dict[str, int] = field(default_factory=dict)
    droog: bool = False

    def regels(self) -> list[str]:
        """The report as Dutch lines for the command line."""
        uit = [f"Bestand: {b}" for b in self.bestanden]
        for wat, telling in (("casussen", self.casussen), ("bijdragen", self.bijdragen)):
            uit.append(f"{wat}: " + ", ".join(f"{k} {v}" for k, v in telling.items()))
        if self.droog:
            uit.append("Droog: niets opgeslagen")
        return uit


def bijdragenbestand(pad: str | os.PathLike[str]) -> Path:
    """The CSV file of the contributions beside the cases' CSV ``pad``."""
    pad = Path(pad)
    return pad.with_name(f"{pad.stem}_bijdragen{pad.suffix}")


# --------------------------------------------------------------------------- export


def _casusrij(c: Casus) -> list[Any]:
    return [
        c.id,
        c.gemeente,
        c.soort,
        c.titel,
        c.beschrijving,
        c.categorie,
        ",".join(str(v) for v in c.vragen),
        c.status,
        c.eigenaar,
        c.streefdatum.isoformat() if c.streefdatum else None,
        ",".join(str(i) for i in c.locaties),
        json.dumps([o.__dict__ for o in c.oplossingsrichtingen], ensure_ascii=False)
        if c.oplossingsrichtingen
        else None,
        json.dumps([p.__dict__ for p in c.potentieel]) if c.potentieel else None,
        shapely.to_wkt(c.gebied, rounding_precision=3) if c.gebied is not None else None,
    ]


def _bijdragerij(b: Bijdrage) -> list[Any]:
    return [b.id, b.casus, b.partij, b.corporatie, b.wat, b.soort, b.bedrag, b.status]


def exporteer_casussen(
    store: Any, pad: str | os.PathLike[str], gemeente: str | None = None
) -> Casusrapport:
    """Write the cases (of one municipality) and their contributions to ``pad`` (``.xlsx``:
    two sheets; ``.csv``: two files)."""

    pad = Path(pad)
    soort = pad.suffix.lower()
    if soort not in (".csv", ".xlsx"):
        raise BestandFout(
            f"{pad.name}: exporteer casussen naar .csv of .xlsx, niet {soort or '(geen extensie)'}"
        )
    casussen = store.casussen(gemeente=gemeente)
    bijdragen = store.bijdragen([c.id for c in casussen])
    rapport = Casusrapport(
        casussen={"geëxporteerd": len(casussen)}, bijdragen={"geëxporteerd": len(bijdragen)}
    )
    rapport.bestanden = schrijf_tabellen(
        pad,
        [
            ("casussen", KOLOMMEN_CASUS, [_casusrij(c) for c in casussen]),
            ("bijdragen", KOLOMMEN_BIJDRAGE, [_bijdragerij(b) for b in bijdragen]),
        ],
    )
    return rapport


def schrijf_tabellen(
    pad: str | os.PathLike[str], tabellen: list[tuple[str, tuple[str, ...], list[list[Any]]]]
) -> list[str]:
    """Write ``tabellen`` (name, columns, rows) to ``pad``: ``.xlsx`` one sheet per table;
    ``.csv`` the first table in ``pad`` and each other in ``<stam>_<name>.csv`` beside it
    (``;``-separated, UTF-8 with BOM). Text a spreadsheet would run as a formula gets a leading
    apostrophe. Each file is written atomically; the files written."""
    import pandas as pd

    pad = Path(pad)
    if pad.suffix.lower() == ".csv":
        bestanden = []
        for i, (naam, kolommen, rijen) in enumerate(tabellen):
            doel = pad if i == 0 else pad.with_name(f"{pad.stem}_{naam}{pad.suffix}")
            frame = pd.DataFrame(rijen, columns=list(kolommen), dtype=object)
            with schrijf_atomair(doel) as tijdelijk:
                tijdelijk.write_bytes(_csv_bytes(frame))
            bestanden.append(str(doel))
        return bestanden
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cel(waarde: Any) -> Any:
        waarde = neutraliseer(waarde)
        return ILLEGAL_CHARACTERS_RE.sub("", waarde) if isinstance(waarde, str) else waarde

    boek = Workbook()
    for i, (naam, kolommen, rijen) in enumerate(tabellen):
        ws = boek.active if i == 0 else boek.create_sheet(naam)
        ws.title = naam
        ws.append(list(kolommen))
        for rij in rijen:
            ws.append([cel(w) for w in rij])
    with schrijf_atomair(pad) as tijdelijk:
        boek.save(tijdelijk)
    return [str(pad)]


# --------------------------------------------------------------------------- import


def _tekst(waarde: Any) -> str | None:
    """A cell as text (None when empty); a formula-guarding apostrophe is removed."""
    if waarde is None:
        return None
    if isinstance(waarde, float) and waarde.is_integer():
        waarde = int(waarde)
    tekst = str(waarde).strip()
    if tekst.startswith("'") and tekst[1:2] in ("=", "+", "-", "@"):
        tekst = tekst[1:]
    return tekst or None


class _Rij:
    """One row being read: its values and the problems found, named by table and row."""

    def __init__(
        self, tabel: str, nummer: int, waarden: dict[str, Any], problemen: list[Probleem]
    ) -> None:
        self.item = f"{tabel} regel {nummer}"
        self.waarden = {k.strip().lower(): v for k, v in waarden.items()}
        self.problemen = problemen

    def tekst(self, veld: str) -> str | None:
        return _tekst(self.waarden.get(veld))

    def fout(self, veld: str, waarde: Any, melding: str) -> None:
        self.problemen.append(Probleem(veld, waarde, melding, self.item))

    def geheel(self, veld: str) -> int | None:
        tekst = self.tekst(veld)
        if tekst is None:
            return None
        try:
            return int(tekst)
        except ValueError:
            self.fout(veld, tekst[:40], "moet een geheel getal zijn")
            return None

    def getal(self, veld: str) -> float | None:
        tekst = self.tekst(veld)
        if tekst is None:
            return None
        try:
            return float(tekst.replace(",", "."))
        except ValueError:
            self.fout(veld, tekst[:40], "moet een getal zijn (bedrag in euro's)")
            return None

    def gehelen(self, veld: str) -> list[int]:
        tekst = self.tekst(veld)
        if tekst is None:
            return []
        try:
            return [int(d) for d in tekst.replace(";", ",").split(",") if d.strip()]
        except ValueError:
            self.fout(veld, tekst[:40], "moet gehele getallen zijn, kommagescheiden (bijv. 1,3)")
            return []

    def json(self, veld: str, maak: Callable[..., Any], uitleg: str) -> list[Any]:
        tekst = self.tekst(veld)
        if tekst is None:
            return []
        try:
            data = json.loads(tekst)
            if not isinstance(data, list):
                raise TypeError
            return [maak(**d) for d in data]
        except (ValueError, TypeError):
            self.fout(veld, tekst[:40], f"moet een JSON-lijst zijn, bijv. {uitleg}")
            return []

    def datum(self, veld: str) -> date | None:
        waarde = self.waarden.get(veld)
        if isinstance(waarde, datetime):
            return waarde.date()
        tekst = _tekst(waarde)
        if tekst is None:
            return None
        try:
            return date.fromisoformat(tekst[:10])
        except ValueError:
            self.fout(veld, tekst[:40], "moet een datum JJJJ-MM-DD zijn")
            return None

    def geometrie(self, veld: str) -> BaseGeometry | None:
        tekst = self.tekst(veld)
        if tekst is None:
            return None
        try:
            return shapely.from_wkt(tekst)
        except shapely.errors.GEOSException:
            self.fout(veld, tekst[:40], "moet WKT in EPSG:28992 zijn, bijv. POLYGON ((...))")
            return None


def _tabel(
    bron: Any,
    blad: str | None,
    codering: str | None,
    limieten: Limieten,
    verplicht: tuple[str, ...],
) -> Any:
    tabel = lees_tabel(bron, codering, limieten, blad)
    kolommen = {k.strip().lower() for k in tabel.kolommen}
    ontbreekt = [k for k in verplicht if k not in kolommen]
    if ontbreekt:
        raise BestandFout(
            f"{tabel.naam} mist de kolom(men) {', '.join(ontbreekt)}; verwacht zijn "
            + ";".join(KOLOMMEN_CASUS if "titel" in verplicht else KOLOMMEN_BIJDRAGE)
        )
    return tabel


def _lees(pad: Path, codering: str | None, limieten: Limieten) -> tuple[Any, Any | None]:
    """The tables of cases and (if there is one) of contributions."""
    bijdragen = None
    with open_bestand(pad, limieten) as bestand:
        bron = bestand.bronnen[0]
        if bron.soort == "xlsx":
            import openpyxl

            boek = openpyxl.load_workbook(bron.pad, read_only=True)
            namen = boek.sheetnames
            boek.close()
            if "casussen" not in namen:
                raise BestandFout(
                    f"{bron.naam} heeft geen blad casussen; aanwezig: {', '.join(namen)}"
                )
            casussen = _tabel(bron, "casussen", None, limieten, _VERPLICHT_CASUS)
            if "bijdragen" in namen:
                bijdragen = _tabel(bron, "bijdragen", None, limieten, _VERPLICHT_BIJDRAGE)
            return casussen, bijdragen
        if bron.soort != "csv":
            raise BestandFout(f"{bron.naam}: importeer casussen uit .csv of .xlsx")
        casussen = _tabel(bron, None, codering, limieten, _VERPLICHT_CASUS)
    naast = bijdragenbestand(pad)
    if naast.exists():
        with open_bestand(naast, limieten) as bestand:
            bijdragen = _tabel(bestand.bronnen[0], None, codering, limieten, _VERPLICHT_BIJDRAGE)
    return casussen, bijdragen


def importeer_casussen(
    store: Any,
    pad: str | os.PathLike[str],
    *,
    codering: str | None = None,
    droog: bool = False,
    limieten: Limieten = STANDAARD_LIMIETEN,
) -> Casusrapport:
    """Import cases and contributions from ``pad`` (see the module's description); every
    problem of every row at once as :class:`ValidatieFout`, nothing stored."""
    pad = Path(pad)
    casustabel, bijdragetabel = _lees(pad, codering, limieten)
    problemen: list[Probleem] = []
    casussen = []
    for nummer, waarden in casustabel.rijen:
        r = _Rij("casussen", nummer, waarden, problemen)
        casussen.append(
            Casus(
                id=r.geheel("id"),
                gemeente=r.tekst("gemeente") or "",
                soort=r.tekst("soort") or "",
                titel=r.tekst("titel") or "",
                beschrijving=r.tekst("beschrijving"),
                categorie=r.tekst("categorie") or "",
                vragen=r.gehelen("vragen"),
                status=r.tekst("status") or "open",
                eigenaar=r.tekst("eigenaar") or "gemeente",
                streefdatum=r.datum("streefdatum"),
                locaties=r.gehelen("locaties"),
                oplossingsrichtingen=r.json(
                    "oplossingsrichtingen",
                    Oplossingsrichting,
                    '[{"tekst": "Grondruil", "status": "voorgesteld"}]',
                ),
                potentieel=r.json(
                    "potentieel", Potentieel, '[{"jaar": 2028, "daeb": 20, "overig": 5}]'
                ),
                gebied=r.geometrie("gebied"),
            )
        )
    bijdragen = []
    for nummer, waarden in bijdragetabel.rijen if bijdragetabel is not None else []:
        r = _Rij("bijdragen", nummer, waarden, problemen)
        casus = r.geheel("casus")
        if casus is None:
            r.fout("casus", None, "is verplicht: het id van een casus in het bestand")
        bijdragen.append(
            Bijdrage(
                casus=casus or 0,
                partij=r.tekst("partij") or "",
                corporatie=r.tekst("corporatie"),
                wat=r.tekst("wat") or "",
                soort=r.tekst("soort") or "",
                bedrag=r.getal("bedrag"),
                status=r.tekst("status") or "toegezegd",
            )
        )
    if problemen:
        raise ValidatieFout(problemen)
    uitslag = store.importeer_casussen(casussen, bijdragen, droog=droog)
    bestanden = [casustabel.naam] + ([bijdragetabel.naam] if bijdragetabel is not None else [])
    return Casusrapport(bestanden, uitslag.casussen, uitslag.bijdragen, droog)
