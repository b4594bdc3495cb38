"""Import of corporations from a table: ``naam;code;gemeenten`` (CSV with ``;``, or ``,`` with the
municipalities quoted, or an Excel sheet). ``gemeenten`` is the working area: CBS codes or names
of municipalities, separated by commas. Every row is checked first and every problem is reported
at once (row, column, value, what is allowed); nothing is stored when any row is wrong. A name
that exists (now or as a former name) gets the row's working area instead of a double."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domein.gemeentecode import normaliseer_code
from ..domein.model import Corporatie, Gemeente
from ..errors import BestandFout, Probleem, ValidatieFout
from .bestanden import STANDAARD_LIMIETEN, Limieten, lees_tabel, open_bestand
from .exporteer import neutraliseer

__all__ = [
    "KOLOMMEN",
    "OVERZICHT",
    "Corporatieimport",
    "lees_corporaties",
    "importeer_corporaties",
    "gemeentecodes",
    "overzicht",
    "schrijf_overzicht",
]

#: The columns of the file (any case) with the names they may also have.
KOLOMMEN: dict[str, tuple[str, ...]] = {
    "naam": ("naam", "corporatie", "corporatienaam"),
    "code": ("code", "afkorting"),
    "gemeenten": ("gemeenten", "werkgebied", "gemeente"),
}
_SCHEIDING = re.compile(r"[,;|]")


@dataclass
class Corporatieimport:
    """What an import read and did (``uitslag``: counts ``toegevoegd``, ``gewijzigd``,
    ``ongewijzigd``)."""

    bron: str
    gelezen: int
    uitslag: dict[str, int] = field(default_factory=dict)
    droog: bool = False

    def regels(self) -> list[str]:
        """Dutch lines for the CLI."""
        telling = ", ".join(f"{self.uitslag.get(k, 0)} {k}" for k in _UITKOMSTEN)
        slot = (
            f"Proefimport (--droog), niets opgeslagen. Zou geven: {telling}."
            if self.droog
            else f"Opgeslagen in één transactie: {telling}."
        )
        return [f"Import van corporaties uit {self.bron}: {self.gelezen} rijen gelezen.", slot]


_UITKOMSTEN = ("toegevoegd", "gewijzigd", "ongewijzigd")


def _kolommen(koppen: Iterable[str], naam: str) -> tuple[dict[str, str], list[Probleem]]:
    """Field -> column of the header, and the problems of the header."""
    kol: dict[str, str] = {}
    problemen: list[Probleem] = []
    toegestaan = ", ".join(KOLOMMEN)
    for kop in koppen:
        veld = next((v for v, namen in KOLOMMEN.items() if kop.strip().lower() in namen), None)
        if veld is None or veld in kol:
            reden = "onbekende kolom" if veld is None else f"tweede kolom voor {veld}"
            problemen.append(
                Probleem("kolom", kop, f"{reden}; toegestaan zijn {toegestaan}", f"{naam} kopregel")
            )
        else:
            kol[veld] = kop
    if "naam" not in kol:
        problemen.append(
            Probleem(
                "kolom",
                None,
                f"de kolom naam ontbreekt; de kopregel is {toegestaan}",
                f"{naam} kopregel",
            )
        )
    return kol, problemen


class _Gemeenten:
    """Municipality codes by what a file may write: a CBS code in any usual form or a name."""

    def __init__(self, gemeenten: Iterable[Gemeente], regio: Iterable[str]) -> None:
        self.codes = {g.gemeente for g in gemeenten}
        self.namen = {g.naam.strip().lower(): g.gemeente for g in gemeenten}
        voorbeelden = [f"{g.gemeente} ({g.naam})" for g in gemeenten if g.gemeente in set(regio)]
        self.toegestaan = (
            "een gemeentecode of -naam uit de database, komma-gescheiden; in de regio: "
            + (", ".join(sorted(voorbeelden)) or "(nog geen gemeenten)")
        )

    def code(self, waarde: str) -> str | None:
        try:
            code = normaliseer_code(waarde)
        except ValueError:
            return self.namen.get(waarde.strip().lower())
        return code if code in self.codes else None

    def lees(
        self, waarde: Any, veld: str, item: str | None, problemen: list[Probleem]
    ) -> list[str]:
        """The codes of ``waarde`` (codes or names separated by commas); an unknown one goes
        into ``problemen``."""
        codes: set[str] = set()
        for deel in _SCHEIDING.split("" if waarde is None else str(waarde)):
            if not deel.strip():
                continue
            code = self.code(deel)
            if code is None:
                problemen.append(
                    Probleem(
                        veld,
                        deel.strip(),
                        "onbekende gemeente; toegestaan is " + self.toegestaan,
                        item,
                    )
                )
            else:
                codes.add(code)
        return sorted(codes)


def _tekst(waarde: Any) -> str | None:
    if waarde is None:
        return None
    tekst = str(waarde).strip()
    return tekst or None


def lees_corporaties(
    pad: str | os.PathLike[str],
    gemeenten: Iterable[Gemeente],
    regio: Iterable[str] = (),
    limieten: Limieten = STANDAARD_LIMIETEN,
) -> tuple[list[Corporatie], list[str], list[Probleem]]:
    """The corporations of the file at ``pad``, a label (``rij N``) for each, and every problem
    of the header and of the municipalities (``gemeenten``: those stored; ``regio``: the codes
    named in messages). A row's unknown municipality is left out of its working area and
    reported; the rules of names and codes are the store's."""
    with open_bestand(pad, limieten) as bestand:
        tabellen = bestand.tabellen()
        if len(tabellen) != 1:
            raise BestandFout(
                f"{bestand.naam}: lever één tabel (CSV of Excel) met naam;code;gemeenten"
            )
        tabel = lees_tabel(tabellen[0], limieten=limieten)
    kol, problemen = _kolommen(tabel.kolommen, tabel.naam)
    bekend = _Gemeenten(list(gemeenten), list(regio))
    corporaties: list[Corporatie] = []
    labels: list[str] = []
    for nummer, rij in tabel.rijen:
        label = f"rij {nummer}"
        veld = f"gemeenten (kolom {kol.get('gemeenten')})"
        codes = bekend.lees(rij.get(kol.get("gemeenten", "")), veld, label, problemen)
        naam = _tekst(rij.get(kol.get("naam", ""))) or ""
        code = _tekst(rij.get(kol["code"])) if "code" in kol else None
        corporaties.append(Corporatie(naam, code, codes))
        labels.append(label)
    return corporaties, labels, problemen


def _rijnummer(probleem: Probleem) -> int:
    gevonden = re.fullmatch(r"rij (\d+)", probleem.item or "")
    return int(gevonden.group(1)) if gevonden else 0


def importeer_corporaties(
    store: Any,
    pad: str | os.PathLike[str],
    *,
    droog: bool = False,
    limieten: Limieten = STANDAARD_LIMIETEN,
) -> Corporatieimport:
    """Import corporations from the table at ``pad`` into ``store`` (all or nothing). Every
    problem of every row at once: :class:`ValidatieFout` whose message lists them (row,
    column, value, what is allowed)."""
    naam = Path(pad).name
    corporaties, labels, problemen = lees_corporaties(
        pad, store.gemeenten(), store.regio().codes, limieten
    )
    uitslag: Mapping[str, int] = {}
    try:
        uitslag = store.importeer_corporaties(corporaties, labels, droog=droog or bool(problemen))
    except ValidatieFout as fout:
        problemen.extend(fout.problemen)
    if problemen:
        problemen.sort(key=_rijnummer)
        regels = "\n".join(f"  {p}" for p in problemen)
        raise ValidatieFout(
            problemen,
            f"Import van corporaties uit {naam}: NIETS OPGESLAGEN, {len(problemen)} "
            f"probleem/problemen:\n{regels}",
        )
    return Corporatieimport(naam, len(corporaties), dict(uitslag), droog)


def gemeentecodes(store: Any, waarden: Iterable[str]) -> list[str]:
    """The municipality codes of ``waarden`` (codes or names, each may hold several separated
    by commas), sorted; :class:`ValidatieFout` naming every unknown one."""
    bekend = _Gemeenten(store.gemeenten(), store.regio().codes)
    problemen: list[Probleem] = []
    codes = {c for w in waarden for c in bekend.lees(w, "gemeente", None, problemen)}
    if problemen:
        raise ValidatieFout(problemen)
    return sorted(codes)


#: Columns of :func:`overzicht`.
OVERZICHT = ("naam", "code", "werkgebied", "eerdere_namen", "locaties", "onttrekkingen")


def overzicht(store: Any) -> list[dict[str, Any]]:
    """Every corporation: name, code, working area (codes), former names and the number of
    sites it has assignments on and of its removals."""
    gebruik = store.corporaties_repo.gebruik()
    return [
        {
            "id": c.id,
            "naam": c.naam,
            "code": c.code,
            "werkgebied": list(c.gemeenten),
            "eerdere_namen": list(c.eerdere_namen),
            "locaties": gebruik.get(c.id, {}).get("locaties", 0),
            "onttrekkingen": gebruik.get(c.id, {}).get("onttrekkingen", 0),
            "versie": c.versie,
        }
        for c in store.corporaties()
    ]


def _cel(waarde: Any) -> str:
    if isinstance(waarde, list):
        return ", ".join(waarde)
    return "" if waarde is None else str(waarde)


def schrijf_overzicht(rijen: list[dict[str, Any]], formaat: str) -> str:
    """:func:`overzicht` as ``tekst`` (aligned table), ``csv`` (``;``, lists comma-separated,
    no formulas) or ``json``."""
    if formaat == "json":
        return json.dumps(rijen, ensure_ascii=False, indent=2) + "\n"
    if formaat == "csv":
        uit = io.StringIO(newline="")
        schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
        schrijver.writerow(OVERZICHT)
        for rij in rijen:
            schrijver.writerow([neutraliseer(_cel(rij[k])) for k in OVERZICHT])
        return uit.getvalue()
    if formaat != "tekst":
        raise ValidatieFout([Probleem("formaat", formaat, "toegestaan zijn tekst, csv, json")])
    if not rijen:
        return "Nog geen corporaties.\n"
    cellen = [list(OVERZICHT)] + [[_cel(r[k]) for k in OVERZICHT] for r in rijen]
    breedte = [max(len(c[i]) for c in cellen) for i in range(len(OVERZICHT))]
    return "".join(
        "  ".join(c.ljust(b) for c, b in zip(rij, breedte, strict=True)).rstrip() + "\n"
        for rij in cellen
    )
