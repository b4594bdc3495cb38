"""The overview per municipality (overzicht 5a en 5b) as a document a municipality can hand in:
HTML with print CSS (A4 landscape, running header, page numbers, repeated table headers), PDF
rendered from that HTML (:mod:`.pdf`), and XLSX with the same tables.

Every number comes from the analysis of the chosen state (the live data or a frozen reference
date) and the chosen bid version: the 5a table from :func:`~locatieplanner.analyse.overzicht.
overzicht_5a`, the stock curve and dips from :class:`~locatieplanner.analyse.Analyse`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from ..analyse import Analyse, bereken, lees_invoer
from ..analyse.invoer import Invoer
from ..analyse.overzicht import Overzicht5a, overzicht_5a
from ..analyse.signalen import SOORTEN as SOORTEN_SIGNAAL
from ..analyse.toets import toelichtingsregel
from ..domein.model import FASEN
from ..errors import NietGevonden, Probleem, ValidatieFout
from . import dashboard
from .datum import datum_tekst
from .grafiek import getal, procent
from .kaartsvg import Kaartlocatie, kaart_svg
from .pdf import schrijf_pdf

__all__ = [
    "FORMATEN",
    "Gemeenterapport",
    "maak_gemeenterapport",
    "gemeenterapport_van",
    "rapport_html",
    "schrijf_rapport",
    "schrijf_werkboek",
    "casusblokken",
    "lees_casussen",
]

#: Formats of :func:`schrijf_rapport`.
FORMATEN = ("html", "pdf", "xlsx")
#: The province, always a party to the agreement.
PROVINCIE = "provincie Zuid-Holland"


@dataclass
class Gemeenterapport:
    """Everything one municipality's overview shows (see the module docstring)."""

    regio: str
    van: int
    tot: int
    peiljaar: int
    gemeente: str
    naam: str
    peildatum: date
    peildatum_naam: str | None
    overzicht: Overzicht5a
    partijen: list[str]
    biedingen: list[dict[str, Any]]
    kaart: str
    voorraadgrafiek: str
    dalingen: list[dict[str, Any]]
    regel: str
    toelichting_nodig: bool
    toelichting_uitleg: str
    toetsen: list[dict[str, str]]
    signalen: list[dict[str, Any]]
    toelichting: str | None = None
    fictief: bool = False
    #: Scenarios of the municipality (naam, daeb, netto): hard, hard + soft, met kansen.
    scenarios: list[dict[str, Any]] = field(default_factory=list)
    tekort_bod: int | None = None
    tekort_bod_gesloten: int | None = None
    #: The municipality's cases with their contributions (see :func:`casusblokken`).
    casussen: list[dict[str, Any]] = field(default_factory=list)
    #: Extra HTML for the 5b chapter and the agenda.
    extra_5b: str = ""
    extra_agenda: str = ""
    fasen: dict[int, str] = field(default_factory=lambda: dict(FASEN))

    @property
    def titel(self) -> str:
        return f"Overzicht 5a en 5b {self.naam} ({datum_tekst(self.peildatum)})"


def _oorzaken(d: Any) -> str:
    delen = [
        f"{o['soort']} {getal(o['aantal'])}" + (f" ({o['corporatie']})" if o["corporatie"] else "")
        for o in d.onttrekkingen
    ]
    late = [
        f"locatie {x['locatie']}: {getal(x['aantal'])} in {x['jaar'] or 'onbekend jaar'}"
        for x in d.late_opleveringen
    ]
    tekst = "onttrekking " + ", ".join(delen) if delen else "geen onttrekking"
    if late:
        tekst += "; later opgeleverd: " + "; ".join(late)
    return tekst


def _bedrag(bedrag: float | None) -> str:
    return "" if bedrag is None else "€ " + getal(round(bedrag))


def casusblokken(
    casussen: list[Any], bijdragen: list[Any], open_partijen: dict[int, list[str]] | None = None
) -> list[dict[str, Any]]:
    """The cases (:class:`~locatieplanner.domein.casus.Casus`) as the documents show them, each
    with its contributions side by side and the parties that have not answered yet."""
    per_casus: dict[int, list[Any]] = {}
    for b in bijdragen:
        per_casus.setdefault(b.casus, []).append(b)
    uit = []
    for c in sorted(casussen, key=lambda c: (c.soort != "knelpunt", c.titel, c.id or 0)):
        potentieel = [p for p in c.potentieel if p.daeb or p.overig]
        uit.append(
            {
                "id": c.id,
                "titel": c.titel,
                "soort_tekst": "Knelpunt" if c.soort == "knelpunt" else "Kans",
                "categorie": c.categorie,
                "status": c.status,
                "vragen": ", ".join(str(v) for v in c.vragen) or "–",
                "locaties": ", ".join(str(i) for i in c.locaties),
                "potentieel": "; ".join(
                    f"{p.jaar}: {getal(p.daeb)} DAEB + {getal(p.overig)} overig" for p in potentieel
                ),
                "beschrijving": c.beschrijving,
                "oplossingsrichtingen": list(c.oplossingsrichtingen),
                "bijdragen": [
                    {
                        "partij": b.partijnaam,
                        "wat": b.wat,
                        "soort": b.soort,
                        "bedrag": _bedrag(b.bedrag),
                        "status": b.status,
                    }
                    for b in per_casus.get(c.id, [])
                ],
                "open_partijen": (open_partijen or {}).get(c.id, []),
            }
        )
    return uit


def maak_gemeenterapport(
    invoer: Invoer,
    analyse: Analyse,
    gemeente: str,
    *,
    peildatum_naam: str | None = None,
    toelichting: str | None = None,
    fictief: bool = False,
    casussen: tuple[list[Any], list[Any], dict[int, list[str]]] | None = None,
) -> Gemeenterapport:
    """The overview of member municipality ``gemeente`` from an analysis and its input;
    ``casussen``: the municipality's cases, their contributions and per case the parties that
    have not answered (see :func:`casusblokken`)."""
    regio = analyse.regio
    if gemeente not in regio.gemeenten:
        leden = ", ".join(f"{c} ({n})" for c, n in regio.gemeenten.items())
        raise NietGevonden(f"Gemeente {gemeente!r} hoort niet bij regio {regio.naam}; wel: {leden}")
    o = overzicht_5a(invoer, analyse, gemeente)
    grens = next(
        (g for g in invoer.gemeenten.itertuples(index=False) if g.gemeente == gemeente), None
    )
    eigen = invoer.locaties[invoer.locaties["gemeente"] == gemeente]
    kaart = kaart_svg(
        None if grens is None else grens.geometry,
        [
            Kaartlocatie(int(r.id), r.geometry, str(r.hardheid))
            for r in eigen.itertuples(index=False)
            if r.daeb > 0 or any(getattr(r, s) for s in ("soc_huur", "goedk_koop"))
        ],
        f"Kaart van de locaties in {o.naam}",
    )
    werk = [c for c, gebied in sorted(invoer.werkgebieden.items()) if gemeente in gebied]
    corporaties = [c for c in o.per_corporatie() if c != "niet toegewezen"]
    partijen = [f"gemeente {o.naam}", *dict.fromkeys([*corporaties, *werk]), PROVINCIE]
    bod = invoer.biedingen[invoer.biedingen["gemeente"] == gemeente]
    eerste = int(bod["daeb"].iloc[0]) if len(bod) else None
    biedingen = [
        {
            "versie": b.versie,
            "datum": b.datum,
            "daeb": int(b.daeb),
            "verschil": int(b.daeb) - eerste if eerste is not None else None,
            "opmerking": getattr(b, "opmerking", None),
        }
        for b in bod.itertuples(index=False)
    ]
    dalingen = [
        {
            "jaar": int(d.jaar),
            "daling": int(d.daling),
            "diepte": int(d.diepte),
            "herstel": None if pd.isna(d.herstel) else int(d.herstel),
            "oorzaken": _oorzaken(d),
        }
        for d in analyse.dalingen.itertuples(index=False)
        if d.gemeente == gemeente and d.scenario == "totaal"
    ]
    grafieken = dashboard._voorraadgrafieken(analyse, dashboard._dalingen(analyse))
    grafiek = next((svg for code, _, svg in grafieken if code == gemeente), "")
    t = analyse.toets.loc[gemeente]
    toetsen = [
        {"naam": u.naam, "uitkomst": f"{u.teken} {u.tekst} ({u.waarde})", "reden": u.norm}
        for u in dashboard._toetsen(analyse, gemeente)
    ]
    signalen = [
        {
            "ernst": s.ernst,
            "soort": s.soort,
            "soort_tekst": s.soort.replace("_", " "),
            "melding": s.melding,
            "locaties": list(s.locaties),
        }
        for s in analyse.signalen
        if s.gemeente == gemeente
    ]
    volgorde = list(dict.fromkeys(SOORTEN_SIGNAAL.values()))
    signalen.sort(key=lambda s: volgorde.index(s["ernst"]) if s["ernst"] in volgorde else 9)
    g = analyse.gemeenten.loc[gemeente]
    scenarios = [
        {"naam": "Harde plannen", "daeb": int(g["daeb_hard"]), "netto": int(g["netto_hard"])},
        {"naam": "Hard + zacht", "daeb": int(g["daeb_totaal"]), "netto": int(g["netto_totaal"])},
        {
            "naam": "Met kansen (hard + zacht + open kansen)",
            "daeb": int(g["daeb_met_kansen"]),
            "netto": int(g["netto_met_kansen"]),
        },
    ]
    return Gemeenterapport(
        regio=regio.naam,
        van=regio.van,
        tot=regio.tot,
        peiljaar=analyse.peiljaar,
        gemeente=gemeente,
        naam=o.naam,
        peildatum=analyse.datum,
        peildatum_naam=peildatum_naam,
        overzicht=o,
        partijen=partijen,
        biedingen=biedingen,
        kaart=kaart,
        voorraadgrafiek=grafiek,
        dalingen=dalingen,
        regel=toelichtingsregel(analyse.drempels),
        toelichting_nodig=bool(t["toelichting_nodig"]),
        toelichting_uitleg=str(t["toelichting_uitleg"]),
        toetsen=toetsen,
        signalen=signalen,
        toelichting=toelichting,
        fictief=fictief,
        scenarios=scenarios,
        tekort_bod=None if pd.isna(g["tekort_bod"]) else int(g["tekort_bod"]),
        tekort_bod_gesloten=None
        if pd.isna(g["tekort_bod_gesloten"])
        else int(g["tekort_bod_gesloten"]),
        casussen=casusblokken(*casussen) if casussen else [],
    )


def _getal(waarde: Any, teken: bool = False, nul: str | None = None) -> str:
    if waarde is None:
        return "–"
    if nul is not None and waarde == 0:
        return nul
    return getal(waarde, teken=teken)


def _datum(waarde: date | None) -> str:
    return "–" if waarde is None else datum_tekst(waarde)


@cache
def _omgeving() -> Environment:
    omgeving = Environment(
        loader=PackageLoader("locatieplanner.weergave", "sjablonen"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    omgeving.filters["getal"] = _getal
    omgeving.filters["getal4"] = lambda w, teken=False: (
        "–" if w is None else getal(w, 4, teken=teken)
    )
    omgeving.filters["procent"] = lambda w: "–" if w is None else procent(w)
    omgeving.filters["datum"] = _datum
    return omgeving


def _css() -> str:
    return (
        resources.files("locatieplanner.weergave")
        .joinpath("sjablonen/rapport.css")
        .read_text("utf-8")
    )


def _css_tekst(tekst: str) -> str:
    """``tekst`` as a CSS string literal (safe inside a ``<style>`` element)."""
    veilig = "".join(c if c.isalnum() or c in " .,-·()'" else f"\\{ord(c):x} " for c in tekst)
    return f'"{veilig}"'


def paginakoppen(links: str, rechts: str, onder: str) -> str:
    """CSS for the running header (left and right) and the footer's left text of a document."""
    return (
        f"@page {{ @top-left {{ content: {_css_tekst(links)} }} "
        f"@top-right {{ content: {_css_tekst(rechts)} }} "
        f"@bottom-left {{ content: {_css_tekst(onder)} }} }}"
        "@page :first { @top-left { content: none } @top-right { content: none } }"
    )


def _document(
    sjabloon: str,
    *,
    titel: str,
    kop: str,
    peildatum: date,
    regio: str,
    ondertitel: str,
    kopregels: list[str],
    kenmerken: list[tuple[str, str]],
    fictief: bool = False,
    **context: Any,
) -> str:
    """A document of :data:`sjablonen <locatieplanner.weergave.sjablonen>`: title page, running
    header ``kop`` and the date, footer with the region, and the template's content."""
    css = _css() + paginakoppen(
        kop, f"Peildatum {datum_tekst(peildatum)}", f"locatieplanner · {regio}"
    )
    return (
        _omgeving()
        .get_template(sjabloon)
        .render(
            titel=titel,
            css=css,
            ondertitel=ondertitel,
            kopregels=kopregels,
            kenmerken=kenmerken,
            fictief=fictief,
            **context,
        )
    )


def _peildatumtekst(peildatum: date, naam: str | None) -> str:
    return datum_tekst(peildatum) + (f" ({naam})" if naam else "")


def rapport_html(r: Gemeenterapport) -> str:
    """The overview as one self-contained HTML document (CSS inline, no scripts)."""
    o = r.overzicht
    bod = (
        "geen bod vastgelegd"
        if o.bod is None
        else f"{getal(o.bod)} DAEB-woningen, versie {o.bod_versie}"
    )
    return _document(
        "gemeenterapport.html",
        titel=r.titel,
        kop=f"{r.regio} · {r.naam} · Overzicht 5a en 5b",
        peildatum=r.peildatum,
        regio=r.regio,
        ondertitel=f"Samenwerken aan een solide woningmarkt in {r.regio} {r.van}-{r.tot}",
        kopregels=["Overzicht 5a en 5b", r.naam],
        kenmerken=[
            ("Regio", r.regio),
            ("Gemeente", f"{r.naam} ({r.gemeente})"),
            ("Peildatum", _peildatumtekst(r.peildatum, r.peildatum_naam)),
            ("Bod", bod),
            ("Partijen", ", ".join(r.partijen)),
        ],
        fictief=r.fictief,
        r=r,
        o=o,
    )


def schrijf_werkboek(bladen: dict[str, tuple[list[str], list[list[Any]]]], pad: str | Path) -> None:
    """An Excel workbook with one sheet per table: bold, filled, frozen header row, autofilter,
    column widths that fit the content (at most 50)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    boek = Workbook()
    boek.remove(boek.active)
    kop = Font(bold=True)
    vulling = PatternFill("solid", fgColor="E8EEF5")
    for titel, (koppen, rijen) in bladen.items():
        b = boek.create_sheet(titel[:31])
        b.append(koppen)
        for c in b[1]:
            c.font = kop
            c.fill = vulling
            c.alignment = Alignment(wrap_text=True, vertical="top")
        for rij in rijen:
            b.append(rij)
        b.freeze_panes = "A2"
        b.auto_filter.ref = b.dimensions
        for i, k in enumerate(koppen, start=1):
            breedte = max(
                [len(str(k)), *(len("" if x[i - 1] is None else str(x[i - 1])) for x in rijen)]
            )
            b.column_dimensions[b.cell(1, i).column_letter].width = min(50, max(8, breedte + 2))
    Path(pad).parent.mkdir(parents=True, exist_ok=True)
    boek.save(pad)


def regels_5a(r: Any, o: Overzicht5a) -> tuple[list[str], list[list[Any]]]:
    """The 5a table per site and corporation as a sheet (headers and rows)."""
    return (
        [
            "Nr.",
            "Locatie",
            "Corporatie",
            "Hard/zacht",
            "Status",
            "Fase",
            *map(str, o.jaren),
            f"Totaal {r.van}-{r.peiljaar}",
            f"Na {r.peiljaar}",
            "Zonder jaar",
        ],
        [
            [
                g.locatie,
                g.naam,
                g.corporatie,
                g.hardheid,
                g.status,
                FASEN.get(g.fase) if g.fase is not None else None,
                *(g.jaren[j] for j in o.jaren),
                g.in_periode,
                g.na_periode,
                g.zonder_jaar,
            ]
            for g in o.regels
        ],
    )


def _xlsx(r: Gemeenterapport, pad: Path) -> None:
    o = r.overzicht
    schrijf_werkboek(
        {
            "5a per locatie": regels_5a(r, o),
            "5a per jaar": (
                ["Plannen", *map(str, o.jaren), "Totaal"],
                [
                    [label, *(rij := o.per_jaar(soort)).values(), sum(rij.values())]
                    for label, soort in (
                        ("Hard", "hard"),
                        ("Zacht", "zacht"),
                        ("Hard + zacht", None),
                    )
                ],
            ),
            "5a totalen": (
                ["Onderdeel", "DAEB-woningen"],
                [
                    ["Harde plannen", o.daeb_hard],
                    ["Zachte plannen", o.daeb_zacht],
                    [f"Hard + zacht {r.van}-{r.peiljaar}", o.daeb_totaal],
                    [f"Bod ({o.bod_versie or 'geen'})", o.bod],
                    ["Verschil met het bod", o.verschil_bod],
                    ["Niet toegewezen", o.niet_toegewezen],
                    [f"Na {r.peiljaar} (telt niet mee)", o.na_periode],
                    ["Zonder opleverjaar (telt niet mee)", o.zonder_jaar],
                    *([c, n] for c, n in o.per_corporatie().items()),
                ],
            ),
            "Dalingen": (
                ["Jaar", "Daling", "Diepte", "Herstel", "Oorzaken"],
                [
                    [d["jaar"], d["daling"], d["diepte"], d["herstel"], d["oorzaken"]]
                    for d in r.dalingen
                ],
            ),
            "Signalen": (
                ["Ernst", "Soort", "Melding", "Locaties"],
                [
                    [s["ernst"], s["soort_tekst"], s["melding"], ", ".join(map(str, s["locaties"]))]
                    for s in r.signalen
                ],
            ),
        },
        pad,
    )


def controleer_formaat(formaat: str) -> None:
    """:class:`ValidatieFout` unless ``formaat`` is one of :data:`FORMATEN`."""
    if formaat not in FORMATEN:
        raise ValidatieFout(
            [Probleem("formaat", formaat, "toegestaan zijn " + ", ".join(FORMATEN))]
        )


def schrijf_html(html: str, formaat: str, pad: str | Path) -> str:
    """A document's HTML to ``pad`` as ``html`` or rendered as ``pdf``; returns ``html`` or the
    PDF renderer used."""
    if formaat == "pdf":
        return schrijf_pdf(html, pad)
    Path(pad).parent.mkdir(parents=True, exist_ok=True)
    Path(pad).write_text(html, encoding="utf-8")
    return "html"


def schrijf_rapport(r: Gemeenterapport, formaat: str, pad: str | Path) -> str:
    """Write the overview as ``html``, ``pdf`` or ``xlsx`` to ``pad``; returns what was used
    (``html``, ``xlsx``, or the PDF renderer)."""
    controleer_formaat(formaat)
    if formaat == "xlsx":
        _xlsx(r, Path(pad))
        return "xlsx"
    return schrijf_html(rapport_html(r), formaat, pad)


def gemeenterapport_van(
    bron: Any,
    gemeente: str,
    *,
    bod_versie: str | None = None,
    peildatum_naam: str | None = None,
    datum: date | None = None,
    toelichting: str | None = None,
    fictief: bool = False,
) -> Gemeenterapport:
    """Read ``bron`` (the store or a frozen :class:`~locatieplanner.store.peildata.Peilstand`)
    once and build the overview of ``gemeente``. Without ``toelichting`` the municipality's
    explanation is read from ``bron`` (the one stored, or the one frozen with the state)."""
    invoer = lees_invoer(bron)
    analyse = bereken(invoer, datum=datum, bod_versie=bod_versie)
    rapport = maak_gemeenterapport(
        invoer,
        analyse,
        gemeente,
        peildatum_naam=peildatum_naam,
        toelichting=toelichting,
        fictief=fictief,
        casussen=lees_casussen(bron, gemeente),
    )
    if toelichting is None and hasattr(bron, "toelichting"):
        opgeslagen = bron.toelichting(gemeente)
        rapport.toelichting = None if opgeslagen is None else opgeslagen.tekst
    return rapport


def lees_casussen(
    bron: Any, gemeente: str
) -> tuple[list[Any], list[Any], dict[int, list[str]]] | None:
    """The cases of ``gemeente``, their contributions and who has not answered, from the store
    or a frozen state (None when ``bron`` holds no cases)."""
    if not hasattr(bron, "casussen"):
        return None
    casussen = bron.casussen(gemeente=gemeente)
    bijdragen = bron.bijdragen([c.id for c in casussen]) if casussen else []
    return casussen, bijdragen, {c.id: bron.open_partijen(c.id) for c in casussen}
