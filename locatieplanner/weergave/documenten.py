"""The other documents the agreement asks for, in the overview's layout (:mod:`.rapport`):

- the **annex to the local performance agreements** per municipality x corporation: the sites,
  units and delivery years that corporation builds there and its removals (and, with the 5b
  records, its contributions);
- the **regional progress report** for the Bestuurlijke Tafel Wonen: progress to the regional goal
  in every scenario, the distribution and Meer Evenwicht with the dashboard's charts, the
  province's tests and the explanation rule per municipality, and the changes since the previous
  reference date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ..analyse import Analyse, bereken, lees_invoer
from ..analyse.invoer import Invoer
from ..analyse.overzicht import Overzicht5a, overzicht_5a
from ..analyse.vergelijking import Vergelijking
from ..domein.casus import OPEN_STATUSSEN
from ..domein.model import FASEN
from ..errors import NietGevonden
from .dashboard import STANDAARD_ZACHT_FACTOR, Dashboard, maak_dashboard
from .grafiek import getal, procent
from .rapport import (
    PROVINCIE,
    _document,
    _peildatumtekst,
    casusblokken,
    controleer_formaat,
    lees_casussen,
    regels_5a,
    schrijf_html,
    schrijf_werkboek,
)

__all__ = [
    "Corporatiebijlage",
    "Regiorapport",
    "maak_corporatiebijlage",
    "maak_regiorapport",
    "corporatiebijlage_html",
    "regiorapport_html",
    "schrijf_document",
    "corporatiebijlage_van",
    "regiorapport_van",
]


@dataclass
class Corporatiebijlage:
    """The LPA annex of one corporation in one municipality."""

    regio: str
    van: int
    tot: int
    peiljaar: int
    gemeente: str
    naam: str
    corporatie: str
    peildatum: date
    peildatum_naam: str | None
    overzicht: Overzicht5a
    gemeente_totaal: int
    onttrekkingen: list[dict[str, Any]]
    #: The cases the corporation contributes to, with only its own contribution.
    casussen: list[dict[str, Any]] = field(default_factory=list)
    extra_5b: str = ""
    fasen: dict[int, str] = field(default_factory=lambda: dict(FASEN))

    @property
    def aandeel(self) -> str:
        if not self.gemeente_totaal:
            return "–"
        return procent(self.overzicht.daeb_totaal / self.gemeente_totaal, 0)


def maak_corporatiebijlage(
    invoer: Invoer,
    analyse: Analyse,
    gemeente: str,
    corporatie: str,
    *,
    peildatum_naam: str | None = None,
    casussen: tuple[list[Any], list[Any], dict[int, list[str]]] | None = None,
) -> Corporatiebijlage:
    """The annex of ``corporatie`` (its name) in member municipality ``gemeente``; ``casussen``
    as for :func:`~.rapport.maak_gemeenterapport` (only the corporation's contributions show)."""
    bekend = sorted(invoer.werkgebieden)
    if corporatie not in invoer.werkgebieden:
        raise NietGevonden(
            f"Corporatie {corporatie!r} is onbekend; bekend zijn "
            + (", ".join(bekend) or "(nog geen)")
        )
    if gemeente not in analyse.regio.gemeenten:
        raise NietGevonden(f"Gemeente {gemeente!r} hoort niet bij regio {analyse.regio.naam}")
    geheel = overzicht_5a(invoer, analyse, gemeente)
    ontt = invoer.onttrekkingen
    eigen = ontt[(ontt["gemeente"] == gemeente) & (ontt["corporatie"] == corporatie)]
    return Corporatiebijlage(
        regio=analyse.regio.naam,
        van=analyse.regio.van,
        tot=analyse.regio.tot,
        peiljaar=analyse.peiljaar,
        gemeente=gemeente,
        naam=geheel.naam,
        corporatie=corporatie,
        peildatum=analyse.datum,
        peildatum_naam=peildatum_naam,
        overzicht=geheel.van_corporatie(corporatie),
        gemeente_totaal=geheel.daeb_totaal,
        onttrekkingen=[
            {
                "jaar": int(o.jaar),
                "soort": o.soort,
                "aantal": int(o.aantal),
                "locatie": None if pd.isna(o.locatie) else int(o.locatie),
                "opmerking": None,
            }
            for o in eigen.sort_values(["jaar", "id"]).itertuples(index=False)
        ],
        casussen=_eigen_bijdragen(casussen, corporatie),
    )


def _eigen_bijdragen(
    casussen: tuple[list[Any], list[Any], dict[int, list[str]]] | None, corporatie: str
) -> list[dict[str, Any]]:
    if not casussen:
        return []
    lijst, bijdragen, _open = casussen
    eigen = [b for b in bijdragen if b.partij == "corporatie" and b.corporatie == corporatie]
    met = {b.casus for b in eigen}
    return casusblokken([c for c in lijst if c.id in met], eigen)


def corporatiebijlage_html(b: Corporatiebijlage) -> str:
    """The annex as one self-contained HTML document."""
    return _document(
        "corporatiebijlage.html",
        titel=f"Bijlage prestatieafspraken {b.naam} – {b.corporatie}",
        kop=f"{b.regio} · {b.naam} · {b.corporatie} · bijlage prestatieafspraken",
        peildatum=b.peildatum,
        regio=b.regio,
        ondertitel=f"Bijlage bij de lokale prestatieafspraken · {b.regio} {b.van}-{b.tot}",
        kopregels=[b.corporatie, f"in {b.naam}"],
        kenmerken=[
            ("Gemeente", f"{b.naam} ({b.gemeente})"),
            ("Corporatie", b.corporatie),
            ("Peildatum", _peildatumtekst(b.peildatum, b.peildatum_naam)),
            ("DAEB-woningen", f"{getal(b.overzicht.daeb_totaal)} in {b.van}-{b.peiljaar}"),
        ],
        b=b,
        o=b.overzicht,
    )


@dataclass
class Regiorapport:
    """The regional progress report (see the module docstring)."""

    dashboard: Dashboard
    peildatum: date
    peildatum_naam: str | None
    vergelijking: Vergelijking | None = None
    #: Open bottlenecks per category: category -> [(municipality name, title, status)].
    knelpunten: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    extra_knelpunten: str = ""

    @property
    def analyse(self) -> Analyse:
        return self.dashboard.analyse

    def scenarios(self) -> list[dict[str, Any]]:
        t = self.analyse.totalen
        doel = int(t["doel_netto"])
        uit = [
            ("Harde plannen", t["netto_hard"]),
            ("Hard + zacht", t["netto_totaal"]),
        ]
        if t.get("netto_realistisch") is not None:
            uit.append(
                (
                    f"Realistisch ({procent(self.analyse.zacht_factor, 0)} van zacht)",
                    t["netto_realistisch"],
                )
            )
        if t.get("netto_met_kansen") is not None:
            uit.append(("Met kansen (hard + zacht + open kansen)", t["netto_met_kansen"]))
        return [
            {
                "naam": naam,
                "netto": int(n),
                "deel": procent(int(n) / doel, 0) if doel else "–",
                "tekort": max(0, doel - int(n)),
            }
            for naam, n in uit
        ]


def maak_regiorapport(
    analyse: Analyse,
    *,
    peildatum_naam: str | None = None,
    vergelijking: Vergelijking | None = None,
) -> Regiorapport:
    """The progress report from one analysis (with ``zacht_factor`` for the realistic scenario)
    and, optionally, the comparison with the previous reference date."""
    return Regiorapport(maak_dashboard(analyse), analyse.datum, peildatum_naam, vergelijking)


def regiorapport_html(r: Regiorapport) -> str:
    """The progress report as one self-contained HTML document."""
    a = r.analyse
    t = a.totalen
    d = {
        "regio_doel": int(t["doel_netto"]),
        "van": a.regio.van,
        "peiljaar": a.peiljaar,
        "scenarios": r.scenarios(),
        "stap": bool(a.evenwicht.stap),
        "vorige": r.vergelijking.voor if r.vergelijking else None,
        "extra_knelpunten": r.extra_knelpunten,
        "knelpunten": r.knelpunten,
    }
    return _document(
        "regiorapport.html",
        titel=f"Voortgangsrapportage {a.regio.naam}",
        kop=f"{a.regio.naam} · Voortgang sociale woningbouw",
        peildatum=r.peildatum,
        regio=a.regio.naam,
        ondertitel=f"Bestuurlijke Tafel Wonen · {a.regio.naam} {a.regio.van}-{a.regio.tot}",
        kopregels=["Voortgangsrapportage", f"regio {a.regio.naam}"],
        kenmerken=[
            ("Regio", f"{a.regio.naam}, {len(a.regio.gemeenten)} gemeenten"),
            ("Peildatum", _peildatumtekst(r.peildatum, r.peildatum_naam)),
            (
                "Doel",
                f"netto +{getal(int(t['doel_netto']))} doelgroepwoningen in {a.regio.van}-{a.regio.tot}",
            ),
            (
                "Partijen",
                f"de {len(a.regio.gemeenten)} gemeenten, de woningcorporaties en de {PROVINCIE}",
            ),
        ],
        d=d,
        db=r.dashboard,
        v=r.vergelijking,
    )


def _regiobladen(r: Regiorapport) -> dict[str, tuple[list[str], list[list[Any]]]]:
    db = r.dashboard
    bladen: dict[str, tuple[list[str], list[list[Any]]]] = {
        "Voortgang": (
            ["Scenario", "Netto groei", "Deel van het doel", "Tekort"],
            [[s["naam"], s["netto"], s["deel"], s["tekort"]] for s in r.scenarios()],
        ),
        "Verdeling": (
            [
                "Gemeente",
                "Bod",
                "DAEB hard",
                "DAEB zacht",
                "Verschil met bod",
                "Netto DAEB",
                "Netto doelgroep",
            ],
            [
                [
                    g.naam,
                    g.bod,
                    g.daeb_hard,
                    g.daeb_zacht,
                    g.verschil_bod,
                    g.netto_daeb,
                    g.netto_doelgroep,
                ]
                for g in [*db.rijen, db.regio]
            ],
        ),
        "Toetsen": (
            ["Gemeente", *(t.naam for t in db.rijen[0].toetsen), "Toelichting nodig", "Reden"]
            if db.rijen
            else ["Gemeente"],
            [
                [
                    g.naam,
                    *(f"{t.tekst} ({t.waarde})" for t in g.toetsen),
                    "ja" if g.toelichting_nodig else "nee",
                    g.toelichting_uitleg,
                ]
                for g in db.rijen
            ],
        ),
    }
    bladen["Knelpunten"] = (
        ["Categorie", "Gemeente", "Knelpunt", "Status"],
        [[k, g, titel, status] for k, rijen in r.knelpunten.items() for g, titel, status in rijen],
    )
    if r.vergelijking is not None:
        v = r.vergelijking
        bladen["Veranderingen"] = (
            ["Gemeente", f"DAEB {v.voor}", f"DAEB {v.na}", "Verschil"],
            [[g["naam"], g["voor"], g["na"], g["verschil"]] for g in v.gemeenten],
        )
    return bladen


def schrijf_document(
    document: Corporatiebijlage | Regiorapport, formaat: str, pad: str | Path
) -> str:
    """Write the annex or the progress report as ``html``, ``pdf`` or ``xlsx``; returns what was
    used (the PDF renderer for ``pdf``)."""
    controleer_formaat(formaat)
    if formaat == "xlsx":
        if isinstance(document, Corporatiebijlage):
            o = document.overzicht
            bladen = {
                "Locaties": regels_5a(document, o),
                "Onttrekkingen": (
                    ["Jaar", "Soort", "Woningen", "Voor locatie"],
                    [
                        [x["jaar"], x["soort"], x["aantal"], x["locatie"]]
                        for x in document.onttrekkingen
                    ],
                ),
            }
        else:
            bladen = _regiobladen(document)
        schrijf_werkboek(bladen, pad)
        return "xlsx"
    html = (
        corporatiebijlage_html(document)
        if isinstance(document, Corporatiebijlage)
        else regiorapport_html(document)
    )
    return schrijf_html(html, formaat, pad)


def corporatiebijlage_van(
    bron: Any,
    gemeente: str,
    corporatie: str,
    *,
    bod_versie: str | None = None,
    peildatum_naam: str | None = None,
    datum: date | None = None,
) -> Corporatiebijlage:
    """Read ``bron`` (store or frozen state) once and build the annex."""
    invoer = lees_invoer(bron)
    analyse = bereken(invoer, datum=datum, bod_versie=bod_versie)
    return maak_corporatiebijlage(
        invoer,
        analyse,
        gemeente,
        corporatie,
        peildatum_naam=peildatum_naam,
        casussen=lees_casussen(bron, gemeente),
    )


def regiorapport_van(
    bron: Any,
    *,
    bod_versie: str | None = None,
    peildatum_naam: str | None = None,
    datum: date | None = None,
    vergelijking: Vergelijking | None = None,
    zacht_factor: float | None = STANDAARD_ZACHT_FACTOR,
) -> Regiorapport:
    """Read ``bron`` (store or frozen state) once and build the progress report."""
    analyse = bereken(
        lees_invoer(bron), zacht_factor=zacht_factor, datum=datum, bod_versie=bod_versie
    )
    r = maak_regiorapport(analyse, peildatum_naam=peildatum_naam, vergelijking=vergelijking)
    if hasattr(bron, "casussen"):
        r.knelpunten = open_knelpunten(bron.casussen(), analyse.regio.gemeenten)
    return r


def open_knelpunten(
    casussen: list[Any], namen: dict[str, str]
) -> dict[str, list[tuple[str, str, str]]]:
    """The open bottlenecks (kind knelpunt, status open or in gesprek) per category, categories
    by number of bottlenecks then name, each with municipality name, title and status."""
    uit: dict[str, list[tuple[str, str, str]]] = {}
    for c in casussen:
        if c.soort == "knelpunt" and c.status in OPEN_STATUSSEN:
            uit.setdefault(c.categorie, []).append(
                (namen.get(c.gemeente, c.gemeente), c.titel, c.status)
            )
    return {k: sorted(v) for k, v in sorted(uit.items(), key=lambda kv: (-len(kv[1]), kv[0]))}
