"""Output of an analysis: JSON (stable keys, ``schema.json``), CSV, XLSX and a Dutch text table.

- ``json``: :meth:`Analyse.als_dict`, UTF-8, validates against :func:`laad_schema`.
- ``csv``: the table per municipality plus a row ``REGIO``; separator ``;`` and decimal comma
  (as Dutch Excel and CBS StatLine expect); UTF-8 with BOM when written to a file.
- ``xlsx``: one sheet per table (Regio, Gemeenten, Toets, Voorraad, Dalingen, Corporaties, Jaren,
  Evenwicht, Signalen).
- ``tekst``: aligned tables for the terminal.

Text cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab or CR) get a
leading apostrophe in CSV and XLSX.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..analyse.resultaat import Analyse
from ..analyse.schema import als_json, laad_schema
from ..errors import BestandFout, Probleem, ValidatieFout

__all__ = [
    "FORMATEN",
    "laad_schema",
    "als_json",
    "als_tekst",
    "als_csv",
    "als_xlsx",
    "schrijf",
    "getal",
    "procent",
]

FORMATEN = ("tekst", "json", "csv", "xlsx")

_CSV_KOLOMMEN = [
    "gemeente",
    "naam",
    "woningen_start",
    "doelgroep_start",
    "bod",
    "bod_origineel",
    "daeb_hard",
    "daeb_zacht",
    "daeb_totaal",
    "daeb_niet_toegewezen",
    "daeb_realistisch",
    "doelgroep_nieuw_hard",
    "doelgroep_nieuw_zacht",
    "sociaal_nieuw",
    "betaalbaar_nieuw",
    "nieuwbouw_hard",
    "nieuwbouw_totaal",
    "onttrekkingen",
    "onttrekkingen_daeb",
    "onttrekkingen_uit_voorraad",
    "netto_hard",
    "netto_totaal",
    "netto_realistisch",
    "netto_daeb_hard",
    "netto_daeb_totaal",
    "netto_daeb_realistisch",
    "verschil_bod",
    "verschil_bod_hard",
    "doelgroep_eind",
    "woningen_eind",
    "aandeel_sociaal_start",
    "aandeel_sociaal_eind",
    "aandeel_sociaal_eind_hard",
    "betaalbaar_aandeel",
    "betaalbaar_voldoet",
    "sociaal_aandeel",
    "sociaal_voldoet",
    "voorraad_richting",
    "voorraad_voldoet",
    "toelichting_nodig",
    "tijdelijke_dalingen",
]


# --------------------------------------------------------------------------- formatting


def getal(waarde: Any) -> str:
    """Dutch number: ``11.550``, ``-240``; ``-`` when unknown."""
    if waarde is None:
        return "-"
    return f"{int(waarde):,}".replace(",", ".")


def procent(waarde: Any, decimalen: int = 1) -> str:
    """Dutch percentage of a fraction: ``0.3333`` -> ``33,3%``; ``-`` when unknown."""
    if waarde is None:
        return "-"
    return f"{float(waarde) * 100:.{decimalen}f}%".replace(".", ",")


def _ja_nee(waarde: Any) -> str:
    return "-" if waarde is None else ("ja" if waarde else "nee")


def _tabel(koppen: Sequence[str], rijen: Sequence[Sequence[Any]], links: int = 1) -> list[str]:
    """Aligned text table: the first ``links`` columns left-aligned, the rest right-aligned."""
    tekst = [[str(k) for k in koppen], *[[str(c) for c in r] for r in rijen]]
    breedte = [max(len(r[i]) for r in tekst) for i in range(len(koppen))]

    def regel(r: list[str]) -> str:
        cellen = [
            c.ljust(breedte[i]) if i < links else c.rjust(breedte[i]) for i, c in enumerate(r)
        ]
        return "  " + "  ".join(cellen).rstrip()

    uit = [regel(tekst[0]), "  " + "  ".join("-" * b for b in breedte)]
    uit.extend(regel(r) for r in tekst[1:])
    return uit


def als_tekst(analyse: Analyse) -> str:
    """Readable Dutch tables for the terminal."""
    d = analyse.als_dict()
    r = d["regio"]
    realistisch = analyse.zacht_factor is not None
    uit = [
        f"Analyse regio {r['naam']} {r['van']}-{r['tot']} (peiljaar {d['peiljaar']}, "
        f"gemaakt {d['datum']})",
    ]
    if realistisch:
        uit.append(
            f"Realistisch: {procent(analyse.zacht_factor, 0)} van de zachte plannen telt mee"
        )
    uit += [
        "",
        f"Voortgang naar het regionale doel: netto +{getal(r['doel_netto'])} doelgroepwoningen",
    ]
    koppen = ["", "hard", "hard+zacht"] + (["realistisch"] if realistisch else [])

    def drie(hard: Any, totaal: Any, real: Any) -> list[str]:
        return [getal(hard), getal(totaal)] + ([getal(real)] if realistisch else [])

    rijen = [
        ["DAEB-nieuwbouw", *drie(r["daeb_hard"], r["daeb_totaal"], r["daeb_realistisch"])],
        [
            "Doelgroep-nieuwbouw",
            *drie(
                r["doelgroep_nieuw_hard"],
                r["doelgroep_nieuw_hard"] + r["doelgroep_nieuw_zacht"],
                None
                if r["netto_realistisch"] is None
                else r["netto_realistisch"] + r["onttrekkingen"],
            ),
        ],
        ["Onttrekkingen", *drie(r["onttrekkingen"], r["onttrekkingen"], r["onttrekkingen"])],
        [
            "Netto groei doelgroep",
            *drie(r["netto_hard"], r["netto_totaal"], r["netto_realistisch"]),
        ],
        [
            "Tekort op het doel",
            *drie(r["tekort_hard"], r["tekort_totaal"], r["tekort_realistisch"]),
        ],
        [
            "Netto groei DAEB",
            *drie(r["netto_daeb_hard"], r["netto_daeb_totaal"], r["netto_daeb_realistisch"]),
        ],
    ]
    uit += _tabel(koppen, rijen)
    uit.append(
        f"  DAEB niet toegewezen aan een corporatie: {getal(r['daeb_niet_toegewezen'])}; "
        f"bod {getal(r['bod'])} (origineel {getal(r['bod_origineel'])})"
    )
    uit.append("")
    if r["evenwicht_start"] is None or r["evenwicht_eind"] is None:
        uit.append("Meer Evenwicht: niet te berekenen (startvoorraden ontbreken)")
    else:
        stap = (
            "een stap naar meer evenwicht"
            if r["stap_naar_evenwicht"]
            else "geen stap naar meer evenwicht"
        )
        uit.append(
            f"Meer Evenwicht (dissimilariteitsindex, 0 = gelijk verdeeld): "
            f"{r['evenwicht_start']:.4f} bij de start, {r['evenwicht_eind']:.4f} in "
            f"{d['peiljaar']}: {stap}".replace(".", ",")
        )
    uit.append(
        f"Aandeel sociaal (doelgroep) in de voorraad: {procent(r['aandeel_sociaal_start'])} bij de "
        f"start, {procent(r['aandeel_sociaal_eind'])} in {d['peiljaar']}"
    )

    uit += ["", "Per gemeente (hard+zacht tenzij anders vermeld)"]
    koppen = [
        "gemeente",
        "naam",
        "bod",
        "DAEB hard",
        "DAEB zacht",
        "niet toegew.",
        "verschil bod",
        "onttr.",
        "netto hard",
        "netto",
        "sociaal start",
        "sociaal eind",
    ]
    rijen = [
        [
            g["gemeente"],
            g["naam"],
            getal(g["bod"]),
            getal(g["daeb_hard"]),
            getal(g["daeb_zacht"]),
            getal(g["daeb_niet_toegewezen"]),
            getal(g["verschil_bod"]),
            getal(g["onttrekkingen"]),
            getal(g["netto_hard"]),
            getal(g["netto_totaal"]),
            procent(g["aandeel_sociaal_start"]),
            procent(g["aandeel_sociaal_eind"]),
        ]
        for g in d["gemeenten"]
    ]
    rijen.append(
        [
            "REGIO",
            r["naam"],
            getal(r["bod"]),
            getal(r["daeb_hard"]),
            getal(r["daeb_zacht"]),
            getal(r["daeb_niet_toegewezen"]),
            getal(r["verschil_bod"]),
            getal(r["onttrekkingen"]),
            getal(r["netto_hard"]),
            getal(r["netto_totaal"]),
            procent(r["aandeel_sociaal_start"]),
            procent(r["aandeel_sociaal_eind"]),
        ]
    )
    uit += _tabel(koppen, rijen, links=2)

    uit += ["", "Provinciale toets (nieuwbouw hard+zacht)"]
    koppen = [
        "gemeente",
        "naam",
        "betaalbaar",
        "≥2/3",
        "sociaal",
        "≥1/3",
        "naar 30%",
        "toelichting",
    ]
    rijen = []
    for g in d["gemeenten"]:
        t = g["toets"]
        rijen.append(
            [
                g["gemeente"],
                g["naam"],
                procent(t["betaalbaar"]["aandeel"]),
                _ja_nee(t["betaalbaar"]["voldoet"]),
                procent(t["sociaal"]["aandeel"]),
                _ja_nee(t["sociaal"]["voldoet"]),
                f"{t['voorraad_30']['richting'] or '-'} ({_ja_nee(t['voorraad_30']['voldoet'])})",
                "NODIG" if t["toelichting_nodig"] else "-",
            ]
        )
    koppen[3] = f"≥{procent(analyse.drempels.betaalbaar, 0)}"
    koppen[5] = f"≥{procent(analyse.drempels.sociaal, 0)}"
    koppen[6] = f"naar {procent(analyse.drempels.voorraad, 0)}"
    uit += _tabel(koppen, rijen, links=2)
    for g in d["gemeenten"]:
        for reden in g["toets"]["redenen"]:
            uit.append(
                f"  {g['gemeente']} {g['naam']}: toelichting of handelingsperspectief: {reden}"
            )

    uit += ["", "Tijdelijke dalingen van de doelgroepvoorraad (hard+zacht)"]
    dalingen = [(g, x) for g in d["gemeenten"] for x in g["tijdelijke_daling"]]
    if not dalingen:
        uit.append("  geen")
    for g, x in dalingen:
        herstel = f"herstel in {x['herstel']}" if x["herstel"] else "geen herstel binnen de periode"
        uit.append(
            f"  {g['gemeente']} {g['naam']} {x['jaar']}: daling {getal(x['daling'])} "
            f"(diepte {getal(x['diepte'])}, {herstel})"
        )
        for o in x["onttrekkingen"]:
            wie = f", {o['corporatie']}" if o["corporatie"] else ""
            waar = f", voor locatie {o['locatie']}" if o["locatie"] else ""
            uit.append(f"      onttrekking: {o['soort']} {getal(o['aantal'])}{wie}{waar}")
        for lo in x["late_opleveringen"]:
            wanneer = f"in {lo['jaar']}" if lo["jaar"] else "zonder opleveringsjaar"
            koppeling = " (vervangt de onttrekking)" if lo["gekoppeld"] else ""
            uit.append(
                f"      late oplevering: locatie {lo['locatie']}, {getal(lo['aantal'])} {wanneer}{koppeling}"
            )

    uit += ["", "Per corporatie (DAEB)"]
    rijen = [
        [
            c["corporatie"],
            getal(c["daeb_hard"]),
            getal(c["daeb_zacht"]),
            getal(c["daeb_totaal"]),
            getal(c["onttrekkingen"]),
            getal(c["netto_daeb_totaal"]),
        ]
        for c in d["corporaties"]
    ]
    rijen.append(["(niet toegewezen)", "", "", getal(r["daeb_niet_toegewezen"]), "", ""])
    uit += _tabel(["corporatie", "hard", "zacht", "totaal", "onttr.", "netto"], rijen)

    uit += ["", "Per jaar"]
    rijen = [
        [
            j["jaar"],
            getal(j["daeb_hard"]),
            getal(j["daeb_zacht"]),
            getal(j["doelgroep_nieuw_hard"] + j["doelgroep_nieuw_zacht"]),
            getal(j["onttrekkingen"]),
            getal(j["netto_totaal"]),
            getal(j["netto_totaal_cumulatief"]),
        ]
        for j in d["jaren"]
    ]
    uit += _tabel(
        ["jaar", "DAEB hard", "DAEB zacht", "doelgroep", "onttr.", "netto", "cumulatief"], rijen
    )

    uit += ["", f"Signalen ({len(d['signalen'])})"]
    if not d["signalen"]:
        uit.append("  geen")
    for s in d["signalen"]:
        uit.append(f"  [{s['ernst']}] {s['soort']}: {s['melding']}")
    return "\n".join(uit) + "\n"


def _veilig(waarde: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(waarde, str) and waarde[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + waarde
    return waarde


def _csv_waarde(waarde: Any) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, float):
        return f"{waarde:.4f}".replace(".", ",")
    return str(_veilig(waarde))


def _platte_gemeenten(analyse: Analyse) -> list[dict[str, Any]]:
    d = analyse.als_dict()
    rijen = []
    for g in d["gemeenten"]:
        t = g["toets"]
        rij = {k: g.get(k) for k in _CSV_KOLOMMEN}
        rij.update(
            betaalbaar_aandeel=t["betaalbaar"]["aandeel"],
            betaalbaar_voldoet=t["betaalbaar"]["voldoet"],
            sociaal_aandeel=t["sociaal"]["aandeel"],
            sociaal_voldoet=t["sociaal"]["voldoet"],
            voorraad_richting=t["voorraad_30"]["richting"],
            voorraad_voldoet=t["voorraad_30"]["voldoet"],
            toelichting_nodig=t["toelichting_nodig"],
            tijdelijke_dalingen=", ".join(
                f"{x['jaar']}: -{x['daling']}" for x in g["tijdelijke_daling"]
            ),
        )
        rijen.append(rij)
    r = d["regio"]
    regio = {k: r.get(k) for k in _CSV_KOLOMMEN}
    regio.update(
        gemeente="REGIO",
        naam=r["naam"],
        woningen_start=_som_of_none([g["woningen_start"] for g in d["gemeenten"]]),
        doelgroep_start=_som_of_none([g["doelgroep_start"] for g in d["gemeenten"]]),
        doelgroep_eind=_som_of_none([g["doelgroep_eind"] for g in d["gemeenten"]]),
        woningen_eind=_som_of_none([g["woningen_eind"] for g in d["gemeenten"]]),
        toelichting_nodig=None,
        tijdelijke_dalingen=None,
    )
    rijen.append(regio)
    return rijen


def _som_of_none(waarden: list[Any]) -> int | None:
    """Sum, or None when any value is unknown."""
    return None if any(w is None for w in waarden) else sum(waarden)


def als_csv(analyse: Analyse) -> str:
    """The table per municipality plus a ``REGIO`` row, ``;``-separated, decimal comma."""
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\n")
    schrijver.writerow(_CSV_KOLOMMEN)
    for rij in _platte_gemeenten(analyse):
        schrijver.writerow([_csv_waarde(rij[k]) for k in _CSV_KOLOMMEN])
    return buffer.getvalue()


def als_xlsx(analyse: Analyse, pad: str | Path) -> None:
    """Write an Excel workbook with one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    d = analyse.als_dict()
    boek = Workbook()
    bladen: dict[str, tuple[list[str], list[list[Any]]]] = {}
    r = d["regio"]
    bladen["Regio"] = (
        ["kenmerk", "waarde"],
        [[k, v] for k, v in r.items() if not isinstance(v, dict | list)]
        + [["peiljaar", d["peiljaar"]], ["zacht_factor", d["zacht_factor"]], ["datum", d["datum"]]]
        + [[f"drempel_{k}", v] for k, v in d["drempels"].items()],
    )
    platte = _platte_gemeenten(analyse)
    bladen["Gemeenten"] = (_CSV_KOLOMMEN, [[rij[k] for k in _CSV_KOLOMMEN] for rij in platte])
    bladen["Toets"] = (
        [
            "gemeente",
            "naam",
            "betaalbaar",
            "voldoet",
            "sociaal",
            "voldoet",
            "aandeel start",
            "aandeel eind",
            "richting",
            "voldoet",
            "toelichting nodig",
            "redenen",
        ],
        [
            [
                g["gemeente"],
                g["naam"],
                g["toets"]["betaalbaar"]["aandeel"],
                _ja_nee(g["toets"]["betaalbaar"]["voldoet"]),
                g["toets"]["sociaal"]["aandeel"],
                _ja_nee(g["toets"]["sociaal"]["voldoet"]),
                g["toets"]["voorraad_30"]["start"],
                g["toets"]["voorraad_30"]["eind"],
                g["toets"]["voorraad_30"]["richting"],
                _ja_nee(g["toets"]["voorraad_30"]["voldoet"]),
                _ja_nee(g["toets"]["toelichting_nodig"]),
                "; ".join(g["toets"]["redenen"]),
            ]
            for g in d["gemeenten"]
        ],
    )
    jaren = list(r["doelgroepvoorraad"])
    bladen["Voorraad"] = (
        ["gemeente", "naam", "scenario", *jaren],
        [
            [g["gemeente"], g["naam"], scenario, *[g[sleutel][j] for j in jaren]]
            for g in d["gemeenten"]
            for scenario, sleutel in (
                ("hard+zacht", "doelgroepvoorraad"),
                ("hard", "doelgroepvoorraad_hard"),
            )
        ],
    )
    bladen["Dalingen"] = (
        [
            "gemeente",
            "naam",
            "scenario",
            "jaar",
            "daling",
            "diepte",
            "herstel",
            "onttrekkingen",
            "late opleveringen",
        ],
        [
            [
                g["gemeente"],
                g["naam"],
                scenario,
                x["jaar"],
                x["daling"],
                x["diepte"],
                x["herstel"],
                "; ".join(
                    f"{o['soort']} {o['aantal']}"
                    + (f" ({o['corporatie']})" if o["corporatie"] else "")
                    for o in x["onttrekkingen"]
                ),
                "; ".join(
                    f"locatie {lo['locatie']}: {lo['aantal']} in {lo['jaar']}"
                    for lo in x["late_opleveringen"]
                ),
            ]
            for g in d["gemeenten"]
            for scenario, sleutel in (
                ("hard+zacht", "tijdelijke_daling"),
                ("hard", "tijdelijke_daling_hard"),
            )
            for x in g[sleutel]
        ],
    )
    ckol = ["daeb_hard", "daeb_zacht", "daeb_totaal", "onttrekkingen", "netto_daeb_totaal"]
    bladen["Corporaties"] = (
        ["corporatie", *ckol],
        [[c["corporatie"], *[c[k] for k in ckol]] for c in d["corporaties"]]
        + [["(niet toegewezen)", None, None, r["daeb_niet_toegewezen"], None, None]],
    )
    jkol = [k for k in d["jaren"][0] if k != "jaar"] if d["jaren"] else []
    bladen["Jaren"] = (["jaar", *jkol], [[j["jaar"], *[j[k] for k in jkol]] for j in d["jaren"]])
    bladen["Evenwicht"] = (
        ["gemeente", "naam", "bijdrage start", "bijdrage eind", "verandering"],
        [
            [
                g["gemeente"],
                g["naam"],
                g["evenwicht"]["start"],
                g["evenwicht"]["eind"],
                g["evenwicht"]["verandering"],
            ]
            for g in d["gemeenten"]
        ]
        + [
            [
                "REGIO",
                r["naam"],
                r["evenwicht_start"],
                r["evenwicht_eind"],
                r["evenwicht_verandering"],
            ]
        ],
    )
    bladen["Signalen"] = (
        ["ernst", "soort", "gemeente", "locaties", "aantal", "oppervlakte_m2", "melding"],
        [
            [
                s["ernst"],
                s["soort"],
                s["gemeente"],
                ", ".join(map(str, s["locaties"])),
                s["aantal"],
                s["oppervlakte_m2"],
                s["melding"],
            ]
            for s in d["signalen"]
        ],
    )
    boek.remove(boek.active)
    for naam, (koppen, rijen) in bladen.items():
        blad = boek.create_sheet(naam)
        blad.append([str(k) for k in koppen])
        for cel in blad[1]:
            cel.font = Font(bold=True)
        for rij in rijen:
            blad.append([_veilig(w) for w in rij])
        blad.freeze_panes = "A2"
        for i, kop in enumerate(koppen, start=1):
            breedte = max([len(str(kop))] + [len(str(rij[i - 1] or "")) for rij in rijen])
            blad.column_dimensions[blad.cell(1, i).column_letter].width = min(60, breedte + 2)
    try:
        boek.save(pad)
    except OSError as e:
        raise BestandFout(f"Kan {pad} niet schrijven: {e.strerror or e}") from e


def schrijf(analyse: Analyse, formaat: str = "tekst", pad: str | Path | None = None) -> str | None:
    """Render in ``formaat`` (:data:`FORMATEN`); with ``pad`` write the file (parent folders are
    made) and return None, without ``pad`` return the text (not for xlsx)."""
    if formaat not in FORMATEN:
        raise ValidatieFout(
            [
                Probleem(
                    "formaat", formaat, "onbekend formaat; toegestaan zijn " + ", ".join(FORMATEN)
                )
            ]
        )
    if formaat == "xlsx" and pad is None:
        raise ValidatieFout(
            [
                Probleem(
                    "formaat",
                    formaat,
                    "is een binair bestand en kan niet naar de terminal: geef een pad op "
                    "(--uitvoer analyse.xlsx)",
                )
            ]
        )
    if pad is not None:
        pad = Path(pad)
        try:
            pad.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise BestandFout(f"Kan map {pad.parent} niet maken: {e.strerror or e}") from e
    if formaat == "xlsx":
        als_xlsx(analyse, pad)
        return None
    tekst = {"tekst": als_tekst, "json": als_json, "csv": als_csv}[formaat](analyse)
    if pad is None:
        return tekst
    try:
        pad.write_text(tekst, encoding="utf-8-sig" if formaat == "csv" else "utf-8")
    except OSError as e:
        raise BestandFout(f"Kan {pad} niet schrijven: {e.strerror or e}") from e
    return None
