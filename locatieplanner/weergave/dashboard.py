"""Figures of the province's distribution dashboard from one analysis: the table per
municipality, key figures, temporary dips, Meer Evenwicht and the SVG charts (no Flask).

Every number comes from :class:`~locatieplanner.analyse.Analyse` as is; this module only picks,
formats and draws (with :mod:`locatieplanner.weergave.grafiek`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..analyse import Analyse
from ..analyse.signalen import SOORTEN as SOORTEN_SIGNAAL
from ..analyse.toets import toelichtingsregel
from ..domein.casus import OPEN_STATUSSEN, SOORTEN_CASUS, Casus
from . import grafiek
from .grafiek import Markering, Reeks, Referentie, getal, procent

__all__ = [
    "STANDAARD_ZACHT_FACTOR",
    "KLEUR_HARD",
    "KLEUR_ZACHT",
    "Toetsuitslag",
    "Gemeenterij",
    "Daling",
    "Dalingsrij",
    "Evenwichtsrij",
    "SIGNAALNAMEN",
    "ERNSTEN",
    "Signaalregel",
    "Signaalblok",
    "Casusverwijzing",
    "Casusrij",
    "Dashboard",
    "maak_dashboard",
    "voorraadgrafieken",
    "signaalblokken",
]

#: Share of soft plans that the "realistic" scenario counts when the page does not say.
STANDAARD_ZACHT_FACTOR = 0.7
#: Colours of hard and soft plans (the same as on the map, see ``kaartlaag.STIJLEN``).
KLEUR_HARD = "#2171b5"
KLEUR_ZACHT = "#fd8d3c"
_KLEUR_TOTAAL = "#08306b"
_KLEUR_BETER = "#1a9850"
_KLEUR_SLECHTER = "#d73027"
_DECIMALEN_INDEX = 4


def _int(waarde: Any) -> int | None:
    if waarde is None or (not isinstance(waarde, str) and pd.isna(waarde)):
        return None
    return int(waarde)


def _float(waarde: Any) -> float | None:
    if waarde is None or pd.isna(waarde):
        return None
    return float(waarde)


@dataclass(frozen=True)
class Toetsuitslag:
    """One test of the province's assessment for one municipality."""

    naam: str
    voldoet: bool | None
    waarde: str
    norm: str

    @property
    def status(self) -> str:
        """CSS class: ``voldoet``, ``voldoet-niet`` or ``onbekend``."""
        if self.voldoet is None:
            return "onbekend"
        return "voldoet" if self.voldoet else "voldoet-niet"

    @property
    def tekst(self) -> str:
        if self.voldoet is None:
            return "niet te toetsen"
        return "voldoet" if self.voldoet else "voldoet niet"

    @property
    def teken(self) -> str:
        """Icon that says the same as the colour (for who cannot see the colour)."""
        return {"voldoet": "✓", "voldoet-niet": "✗", "onbekend": "–"}[self.status]


@dataclass(frozen=True)
class Gemeenterij:
    """A row of the table: one municipality, or the region (``gemeente`` None)."""

    gemeente: str | None
    naam: str
    bod: int | None
    daeb_hard: int
    daeb_zacht: int
    verschil_bod: int | None
    netto_daeb: int
    netto_doelgroep: int
    doelgroep_start: int | None
    doelgroep_eind: int | None
    aandeel_start: float | None
    aandeel_eind: float | None
    toetsen: tuple[Toetsuitslag, ...] = ()
    toelichting_nodig: bool = False
    redenen: tuple[str, ...] = ()
    #: Why an explanation is or is not needed, by the agreement's rule.
    toelichting_reden: str = ""
    #: The same without the verdict ("nodig: " / "niet nodig: "), for tables that show it apart.
    toelichting_uitleg: str = ""
    #: Scenario "met kansen": net target-group growth with the open opportunities.
    netto_met_kansen: int | None = None


@dataclass(frozen=True)
class Casusverwijzing:
    """One open case as the dashboard links it."""

    id: int
    soort: str
    titel: str
    categorie: str
    status: str


@dataclass(frozen=True)
class Casusrij:
    """A municipality's open opportunities and bottlenecks (status open or in gesprek) and how
    much of its gap to the bid the open opportunities would close (from the analysis)."""

    gemeente: str
    naam: str
    casussen: tuple[Casusverwijzing, ...]
    kansen_daeb: int
    kansen_overig: int
    tekort_bod: int | None
    tekort_bod_gesloten: int | None

    def aantal(self, soort: str) -> int:
        return sum(1 for c in self.casussen if c.soort == soort)

    @property
    def aantal_kansen(self) -> int:
        return self.aantal("kans")

    @property
    def aantal_knelpunten(self) -> int:
        return self.aantal("knelpunt")

    @property
    def per_categorie(self) -> list[tuple[str, int, int]]:
        """(category, open opportunities, open bottlenecks) of each category that occurs, by
        name."""
        categorieen = sorted({c.categorie for c in self.casussen})
        return [
            (
                k,
                sum(1 for c in self.casussen if c.categorie == k and c.soort == "kans"),
                sum(1 for c in self.casussen if c.categorie == k and c.soort == "knelpunt"),
            )
            for k in categorieen
        ]

    @property
    def tekort_na_kansen(self) -> int | None:
        if self.tekort_bod is None or self.tekort_bod_gesloten is None:
            return None
        return self.tekort_bod - self.tekort_bod_gesloten


@dataclass(frozen=True)
class Daling:
    """A temporary dip of a municipality's target-group stock."""

    gemeente: str
    naam: str
    scenario: str
    jaar: int
    daling: int
    diepte: int
    herstel: int | None


@dataclass(frozen=True)
class Dalingsrij:
    """A municipality's dip in one year, with plans hard + soft and with hard plans only
    (None: no dip in that scenario)."""

    gemeente: str
    naam: str
    jaar: int
    totaal: Daling | None
    hard: Daling | None


@dataclass(frozen=True)
class Evenwichtsrij:
    """A municipality's part of the Meer Evenwicht index at the start and the reference year."""

    gemeente: str | None
    naam: str
    start: float | None
    eind: float | None
    verandering: float | None


#: Dutch names of the kinds of signal (:data:`locatieplanner.analyse.signalen.SOORTEN`).
SIGNAALNAMEN = {
    "zonder_gemeente": "Locatie zonder gemeente",
    "toewijzing_te_groot": "Meer DAEB toegewezen dan de locatie heeft",
    "startvoorraad_ontbreekt": "Startvoorraad ontbreekt",
    "buiten_regio": "Locatie buiten de regio",
    "grens": "Locatie over een gemeentegrens",
    "overlap": "Overlappende locaties",
    "daeb_zonder_corporatie": "DAEB zonder corporatie",
    "oplevering_na_periode": "Oplevering na de periode",
    "geen_oplevering": "Geen opleveringsjaar",
    "peiljaar_startvoorraad": "Peiljaar startvoorraad wijkt af",
    "geen_bod": "Geen bod",
    "buiten_werkgebied": "Corporatie buiten haar werkgebied",
    "oplevering_voor_periode": "Oplevering vóór de periode",
    "onttrekking_buiten_periode": "Onttrekking buiten de periode",
    "onttrekking_buiten_regio": "Onttrekking buiten de regio",
}
#: The severities, most serious first, with their Dutch names.
ERNSTEN = {"fout": "fout", "waarschuwing": "waarschuwing", "info": "ter informatie"}


@dataclass(frozen=True)
class Signaalregel:
    """One signal of the analysis as the dashboard lists it."""

    soort: str
    ernst: str
    melding: str
    locaties: tuple[int, ...]

    @property
    def naam(self) -> str:
        return SIGNAALNAMEN.get(self.soort, self.soort)


#: Signals listed per municipality on the dashboard page; the rest is counted (the page must stay
#: small with 100,000 sites).
MAX_SIGNALEN_GETOOND = 25


@dataclass(frozen=True)
class Signaalblok:
    """The signals of one municipality (``gemeente`` None: sites and removals outside the
    region or without municipality): the ones the page lists and the number of each kind (a
    national region has hundreds of thousands of signals: no object per signal)."""

    gemeente: str | None
    naam: str
    #: The signals the page lists: the first :data:`MAX_SIGNALEN_GETOOND` (the counts cover all,
    #: the analysis lists every one).
    getoond: tuple[Signaalregel, ...]
    #: Number of signals per kind, of all of them.
    aantallen: dict[str, int] = field(default_factory=dict)

    @property
    def aantal(self) -> int:
        """Number of signals."""
        return sum(self.aantallen.values())

    @property
    def niet_getoond(self) -> int:
        """How many signals the page does not list."""
        return max(0, self.aantal - len(self.getoond))

    @property
    def per_ernst(self) -> dict[str, int]:
        """Number of signals per severity (every severity, also 0), most serious first."""
        uit = dict.fromkeys(ERNSTEN, 0)
        for soort, n in self.aantallen.items():
            uit[SOORTEN_SIGNAAL[soort]] += n
        return uit

    @property
    def per_soort(self) -> list[tuple[str, str, str, int]]:
        """(kind, its Dutch name, severity, number) of each kind that occurs, in reporting
        order."""
        return [
            (soort, SIGNAALNAMEN.get(soort, soort), ernst, n)
            for soort, ernst in SOORTEN_SIGNAAL.items()
            if (n := self.aantallen.get(soort, 0))
        ]


@dataclass
class Dashboard:
    """Everything the dashboard page shows; ``grafieken`` and ``voorraadgrafieken`` are SVG."""

    analyse: Analyse
    rijen: list[Gemeenterij]
    regio: Gemeenterij
    dalingen: list[Daling]
    evenwicht: list[Evenwichtsrij]
    evenwicht_regio: Evenwichtsrij
    grafieken: dict[str, str] = field(default_factory=dict)
    voorraadgrafieken: list[tuple[str, str, str]] = field(default_factory=list)
    #: The signals per member municipality (each one, in the order of the table), then those
    #: outside the region when there are any.
    signalen: list[Signaalblok] = field(default_factory=list)
    #: The open cases per member municipality, in the order of the table.
    casussen: list[Casusrij] = field(default_factory=list)

    @property
    def periode(self) -> str:
        """The period every total of the dashboard counts, e.g. "2021–2030"."""
        return f"{self.analyse.regio.van}–{self.analyse.peiljaar}"

    @property
    def daeb_telt_niet(self) -> list[tuple[str, str, int]]:
        """DAEB in plans that does not count in :attr:`periode`, by why: (id, label, count); the
        delivery after the period always, the others only when there is any."""
        t = self.analyse.daeb
        rijen = [
            ("daeb-na", f"na {t.tot}", t.na_periode),
            ("daeb-zonder-jaar", "zonder opleverjaar", t.zonder_jaar),
            ("daeb-voor", f"vóór {t.van}", t.voor_periode),
            ("daeb-buiten", "buiten de regio", t.buiten_regio),
        ]
        return [r for r in rijen if r[0] == "daeb-na" or r[2]]

    @property
    def toelichtingsregel(self) -> str:
        """The agreement's explanation rule with this analysis' thresholds."""
        return toelichtingsregel(self.analyse.drempels)

    @property
    def dalingsrijen(self) -> list[Dalingsrij]:
        """The dips per municipality and year, in the order of the table, both scenarios in
        one row."""
        volgorde = {str(c): i for i, c in enumerate(self.analyse.gemeenten.index)}
        rijen: dict[tuple[str, int], dict[str, Daling]] = {}
        for d in self.dalingen:
            rijen.setdefault((d.gemeente, d.jaar), {})[d.scenario] = d
        uit = []
        for (code, jaar), paar in sorted(
            rijen.items(), key=lambda x: (volgorde.get(x[0][0], len(volgorde)), x[0][1])
        ):
            naam = next(iter(paar.values())).naam
            uit.append(Dalingsrij(code, naam, jaar, paar.get("totaal"), paar.get("hard")))
        return uit

    @property
    def toelichting_nodig(self) -> list[Gemeenterij]:
        return [r for r in self.rijen if r.toelichting_nodig]


def _toetsen(analyse: Analyse, code: str) -> tuple[Toetsuitslag, ...]:
    t = analyse.toets.loc[code]
    d = analyse.drempels
    eind = _float(t["voorraad_eind"])
    richting = t["voorraad_richting"] or "onbekend"
    return (
        Toetsuitslag(
            "Betaalbaar",
            t["betaalbaar_voldoet"],
            procent(_float(t["betaalbaar_aandeel"])),
            f"minimaal {procent(d.betaalbaar)} betaalbaar in de nieuwbouw",
        ),
        Toetsuitslag(
            "Sociaal",
            t["sociaal_voldoet"],
            procent(_float(t["sociaal_aandeel"])),
            f"minimaal {procent(d.sociaal)} sociale huur in de nieuwbouw",
        ),
        Toetsuitslag(
            f"Richting {procent(d.voorraad, 0)}",
            t["voorraad_voldoet"],
            richting
            + (f" · ≥ {procent(d.voorraad, 0)}" if eind is not None and eind >= d.voorraad else ""),
            f"aandeel sociaal in de voorraad is minstens {procent(d.voorraad, 0)} of stijgt",
        ),
    )


def _rijen(analyse: Analyse) -> list[Gemeenterij]:
    rijen = []
    for code, g in analyse.gemeenten.iterrows():
        t = analyse.toets.loc[code]
        rijen.append(
            Gemeenterij(
                gemeente=str(code),
                naam=str(g["naam"]),
                bod=_int(g["bod"]),
                daeb_hard=int(g["daeb_hard"]),
                daeb_zacht=int(g["daeb_zacht"]),
                verschil_bod=_int(g["verschil_bod"]),
                netto_daeb=int(g["netto_daeb_totaal"]),
                netto_doelgroep=int(g["netto_totaal"]),
                doelgroep_start=_int(g["doelgroep_start"]),
                doelgroep_eind=_int(g["doelgroep_eind"]),
                aandeel_start=_float(g["aandeel_sociaal_start"]),
                aandeel_eind=_float(g["aandeel_sociaal_eind"]),
                toetsen=_toetsen(analyse, str(code)),
                toelichting_nodig=bool(t["toelichting_nodig"]),
                redenen=tuple(str(r) for r in t["redenen"]),
                toelichting_reden=str(t["toelichting_reden"]),
                toelichting_uitleg=str(t["toelichting_uitleg"]),
                netto_met_kansen=_int(g.get("netto_met_kansen")),
            )
        )
    return rijen


def _regio(analyse: Analyse) -> Gemeenterij:
    t = analyse.totalen
    voorraad = analyse.voorraad.sum(axis=0, skipna=False)
    jaren = list(analyse.voorraad.columns)
    return Gemeenterij(
        gemeente=None,
        naam=f"Regio {analyse.regio.naam}",
        bod=_int(t["bod"]),
        daeb_hard=int(t["daeb_hard"]),
        daeb_zacht=int(t["daeb_zacht"]),
        verschil_bod=_int(t["verschil_bod"]),
        netto_daeb=int(t["netto_daeb_totaal"]),
        netto_doelgroep=int(t["netto_totaal"]),
        doelgroep_start=_int(voorraad[jaren[0]]) if jaren else None,
        doelgroep_eind=_int(voorraad[jaren[-1]]) if jaren else None,
        aandeel_start=_float(t["aandeel_sociaal_start"]),
        aandeel_eind=_float(t["aandeel_sociaal_eind"]),
        netto_met_kansen=_int(t.get("netto_met_kansen")),
    )


def _dalingen(analyse: Analyse) -> list[Daling]:
    namen = analyse.gemeenten["naam"]
    return [
        Daling(
            gemeente=str(r.gemeente),
            naam=str(namen.get(r.gemeente, r.gemeente)),
            scenario=str(r.scenario),
            jaar=int(r.jaar),
            daling=int(r.daling),
            diepte=int(r.diepte),
            herstel=_int(r.herstel),
        )
        for r in analyse.dalingen.itertuples(index=False)
    ]


def _evenwicht(analyse: Analyse) -> tuple[list[Evenwichtsrij], Evenwichtsrij]:
    e = analyse.evenwicht
    b = e.bijdragen
    rijen = [
        Evenwichtsrij(
            str(code),
            str(analyse.gemeenten.at[code, "naam"]),
            _float(b.at[code, "start"]) if code in b.index else None,
            _float(b.at[code, "eind"]) if code in b.index else None,
            _float(b.at[code, "verandering"]) if code in b.index else None,
        )
        for code in analyse.gemeenten.index
    ]
    regio = Evenwichtsrij(None, f"Regio {analyse.regio.naam}", e.start, e.eind, e.verandering)
    return rijen, regio


def _dalingtekst(d: Daling) -> str:
    herstel = f"herstel in {d.herstel}" if d.herstel else "geen herstel binnen de periode"
    return f"daling {getal(d.daling)}, diepte {getal(d.diepte)}, {herstel}"


def _voorraadgrafieken(
    analyse: Analyse, dalingen: list[Daling], gemeenten: Iterable[str] | None = None
) -> list[tuple[str, str, str]]:
    """(code, name, SVG) of each municipality's stock chart, in the order of the table;
    ``gemeenten``: only these (the page fetches its charts when they come into view)."""
    jaren = [int(j) for j in analyse.voorraad.columns]
    gevraagd = None if gemeenten is None else set(gemeenten)
    uit = []
    for volgnummer, code in enumerate(analyse.gemeenten.index):
        if gevraagd is not None and code not in gevraagd:
            continue
        naam = str(analyse.gemeenten.at[code, "naam"])
        totaal = [_int(v) for v in analyse.voorraad.loc[code]]
        hard = [_int(v) for v in analyse.voorraad_hard.loc[code]]
        eigen = [d for d in dalingen if d.gemeente == code]
        jaren_totaal = {d.jaar for d in eigen if d.scenario == "totaal"}
        markeringen = [
            Markering(
                0 if d.scenario == "totaal" else 1,
                jaren.index(d.jaar),
                getal(-d.daling),
                ("" if d.scenario == "totaal" else "alleen harde plannen: ") + _dalingtekst(d),
            )
            for d in eigen
            if d.jaar in jaren and (d.scenario == "totaal" or d.jaar not in jaren_totaal)
        ]
        svg = grafiek.lijndiagram(
            naam,
            jaren,
            [
                Reeks("Hard + zacht", totaal, _KLEUR_TOTAAL),
                Reeks("Alleen hard", hard, KLEUR_HARD, gestreept=True),
            ],
            markeringen=markeringen,
            breedte=400,
            hoogte=190,
            legenda=False,
            ident=f"grafiek-voorraad-{volgnummer}",
        )
        uit.append((str(code), naam, svg))
    return uit


def _grafieken(analyse: Analyse, evenwicht: list[Evenwichtsrij]) -> dict[str, str]:
    t = analyse.totalen
    doel = int(t["doel_netto"])

    def metaandeel(n: int | None) -> str:
        if n is None:
            return "–"
        return f"{getal(n)} ({procent(n / doel, 0)} van het doel)" if doel else getal(n)

    labels = ["Hard", "Hard + zacht"]
    waarden: list[int | None] = [int(t["netto_hard"]), int(t["netto_totaal"])]
    kleuren = ["#08519c", "#6baed6"]
    if analyse.zacht_factor is not None:
        labels.append(f"Realistisch ({procent(analyse.zacht_factor, 0)} zacht)")
        waarden.append(_int(t["netto_realistisch"]))
        kleuren.append("#3182bd")
    if t.get("netto_met_kansen") is not None:
        labels.append("Met kansen (hard + zacht + open kansen)")
        waarden.append(_int(t["netto_met_kansen"]))
        kleuren.append("#1a7f5a")
    voortgang = grafiek.balkdiagram(
        f"Netto groei doelgroepvoorraad {analyse.regio.van}–{analyse.peiljaar} naar het doel "
        f"+{getal(doel)}",
        labels,
        waarden,
        kleuren=kleuren,
        waardelabels=[metaandeel(w) for w in waarden],
        referentie=Referentie(doel, f"Doel +{getal(doel)}"),
        waardekolom=True,
        as_titel="netto extra doelgroepwoningen",
        breedte=620,
        rijhoogte=40,
        toon_titel=False,
        ident="grafiek-voortgang",
    )
    jaren = [int(j) for j in analyse.jaren.index]
    per_jaar = grafiek.staafdiagram(
        f"DAEB-nieuwbouw per opleverjaar, hard en zacht ({analyse.regio.van}–{analyse.peiljaar})",
        jaren,
        [
            Reeks("Hard", [int(v) for v in analyse.jaren["daeb_hard"]], KLEUR_HARD),
            Reeks("Zacht", [int(v) for v in analyse.jaren["daeb_zacht"]], KLEUR_ZACHT),
        ],
        as_titel="DAEB-woningen",
        eenheid="woningen",
        breedte=620,
        hoogte=300,
        toon_titel=False,
        ident="grafiek-daeb-per-jaar",
    )
    bekend = [r for r in evenwicht if r.verandering is not None]
    if not bekend:
        return {"voortgang": voortgang, "daeb_per_jaar": per_jaar, "evenwicht": ""}
    bijdragen = grafiek.balkdiagram(
        "Bijdrage per gemeente aan de verandering van de Meer Evenwicht-index",
        [r.naam for r in bekend],
        [r.verandering for r in bekend],
        kleuren=[_KLEUR_BETER if (r.verandering or 0) < 0 else _KLEUR_SLECHTER for r in bekend],
        waardelabels=[getal(r.verandering, _DECIMALEN_INDEX, teken=True) for r in bekend],
        decimalen=_DECIMALEN_INDEX,
        as_titel="verandering van het deel van de index (negatief = meer evenwicht)",
        breedte=620,
        rijhoogte=26,
        toon_titel=False,
        ident="grafiek-evenwicht",
    )
    return {"voortgang": voortgang, "daeb_per_jaar": per_jaar, "evenwicht": bijdragen}


def _signalen(analyse: Analyse) -> list[Signaalblok]:
    codes = [str(c) for c in analyse.gemeenten.index]
    per_gemeente: dict[str | None, list[Any]] = {c: [] for c in codes}
    for s in analyse.signalen:
        lijst = per_gemeente.get(s.gemeente)
        if lijst is None:
            lijst = per_gemeente.setdefault(None, [])
        lijst.append(s)

    def blok(sleutel: str | None, naam: str) -> Signaalblok:
        eigen = per_gemeente.get(sleutel, [])
        getoond = tuple(
            Signaalregel(s.soort, s.ernst, s.melding, tuple(s.locaties))
            for s in eigen[:MAX_SIGNALEN_GETOOND]
        )
        return Signaalblok(sleutel, naam, getoond, dict(Counter(s.soort for s in eigen)))

    blokken = [blok(c, str(analyse.gemeenten.at[c, "naam"])) for c in codes]
    if per_gemeente.get(None):
        blokken.append(blok(None, f"Buiten regio {analyse.regio.naam} of zonder gemeente"))
    return blokken


def _casussen(analyse: Analyse, casussen: list[Casus]) -> list[Casusrij]:
    g = analyse.gemeenten
    volgorde = {s: i for i, s in enumerate(SOORTEN_CASUS)}
    uit = []
    for code in g.index:
        eigen = sorted(
            (c for c in casussen if c.gemeente == code and c.status in OPEN_STATUSSEN),
            key=lambda c: (volgorde.get(c.soort, 9), c.id or 0),
        )
        uit.append(
            Casusrij(
                gemeente=str(code),
                naam=str(g.at[code, "naam"]),
                casussen=tuple(
                    Casusverwijzing(c.id or 0, c.soort, c.titel, c.categorie, c.status)
                    for c in eigen
                ),
                kansen_daeb=_int(g.at[code, "kansen_daeb"]) or 0,
                kansen_overig=_int(g.at[code, "kansen_overig"]) or 0,
                tekort_bod=_int(g.at[code, "tekort_bod"]),
                tekort_bod_gesloten=_int(g.at[code, "tekort_bod_gesloten"]),
            )
        )
    return uit


def signaalblokken(analyse: Analyse) -> list[Signaalblok]:
    """The signals per member municipality, then those outside the region (as
    :attr:`Dashboard.signalen`)."""
    return _signalen(analyse)


def voorraadgrafieken(analyse: Analyse, gemeenten: Iterable[str]) -> list[tuple[str, str, str]]:
    """(code, name, SVG) of the stock charts of these municipalities (unknown codes are left
    out), the same charts as :attr:`Dashboard.voorraadgrafieken`."""
    return _voorraadgrafieken(analyse, _dalingen(analyse), gemeenten)


def maak_dashboard(
    analyse: Analyse, casussen: Iterable[Casus] = (), *, met_voorraadgrafieken: bool = True
) -> Dashboard:
    """All figures and charts of the dashboard for this analysis; ``casussen``: the cases
    (the open ones are listed per municipality). Without ``met_voorraadgrafieken`` the stock
    chart of each municipality is left out (the web page fetches them one by one)."""
    dalingen = _dalingen(analyse)
    evenwicht, evenwicht_regio = _evenwicht(analyse)
    return Dashboard(
        analyse=analyse,
        rijen=_rijen(analyse),
        regio=_regio(analyse),
        dalingen=dalingen,
        evenwicht=evenwicht,
        evenwicht_regio=evenwicht_regio,
        grafieken=_grafieken(analyse, evenwicht),
        voorraadgrafieken=_voorraadgrafieken(analyse, dalingen) if met_voorraadgrafieken else [],
        signalen=_signalen(analyse),
        casussen=_casussen(analyse, list(casussen)),
    )
