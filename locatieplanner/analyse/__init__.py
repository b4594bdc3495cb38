"""Analysis: distribution over municipalities, progress to the regional goal, dips, the province's
assessment, Meer Evenwicht and data-quality signals (library API; no Flask, no click).

Every figure follows the definitions in :mod:`.definities`; the computations are pure functions
of an :class:`Invoer` (DataFrames), and the functions below that take a store only read it once
with :func:`lees_invoer`. ``peiljaar`` (reference year) defaults to the last year of the region's
period (2030 for Haaglanden); new build and removals count from the first year of the period up
to and including it. ``zacht_factor`` (0..1) adds a realistic estimate in which only that share
of soft plans is built. Example::

    from locatieplanner import analyse
    a = analyse.analyseer(store, zacht_factor=0.7)
    a.gemeenten[["daeb_hard", "daeb_zacht", "netto_totaal"]]
    json.dumps(a.als_dict())
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from .definities import BETAALBAAR, DOELGROEP, SOCIALE_HUUR, UIT_WONINGVOORRAAD, Drempels
from .evenwicht import Evenwicht
from .invoer import Invoer, lees_invoer, maak_invoer
from .nieuwbouw import opleveringen
from .resultaat import SCHEMA_ID, Analyse, bereken
from .schema import als_json, laad_schema
from .signalen import Signaal
from .signalen import signalen as _signalen

__all__ = [
    "Analyse",
    "Drempels",
    "Evenwicht",
    "Invoer",
    "Signaal",
    "SCHEMA_ID",
    "DOELGROEP",
    "SOCIALE_HUUR",
    "BETAALBAAR",
    "UIT_WONINGVOORRAAD",
    "analyseer",
    "bereken",
    "lees_invoer",
    "maak_invoer",
    "per_gemeente",
    "per_corporatie",
    "per_jaar",
    "doelgroepvoorraad",
    "tijdelijke_dalingen",
    "provinciale_toets",
    "meer_evenwicht",
    "signalen",
    "laad_schema",
    "als_json",
    "leg_peildatum_vast",
    "vergelijk_peildata",
]


def analyseer(
    store: Any,
    peiljaar: int | None = None,
    zacht_factor: float | None = None,
    drempels: Drempels | None = None,
    datum: date | None = None,
    bod_versie: str | None = None,
) -> Analyse:
    """The whole analysis of the store's data (see :class:`Analyse` and ``schema.json``)."""
    return bereken(lees_invoer(store), peiljaar, zacht_factor, drempels, datum, bod_versie)


def per_gemeente(
    store: Any, peiljaar: int | None = None, zacht_factor: float | None = None
) -> pd.DataFrame:
    """Per member municipality: bid, DAEB hard/soft/unassigned, removals, net growth, shares."""
    return analyseer(store, peiljaar, zacht_factor).gemeenten


def per_corporatie(store: Any, peiljaar: int | None = None) -> pd.DataFrame:
    """DAEB per corporation, hard and soft, and its removals (unassigned DAEB is in the totals)."""
    return analyseer(store, peiljaar).corporaties


def per_jaar(store: Any, peiljaar: int | None = None) -> pd.DataFrame:
    """DAEB, target-group new build, removals and net growth per delivery year."""
    return analyseer(store, peiljaar).jaren


def doelgroepvoorraad(store: Any, peiljaar: int | None = None, hard: bool = False) -> pd.DataFrame:
    """Target-group stock per municipality (rows) per year (columns); plans hard + soft, or only
    hard plans with ``hard=True``."""
    a = analyseer(store, peiljaar)
    return a.voorraad_hard if hard else a.voorraad


def tijdelijke_dalingen(store: Any, peiljaar: int | None = None) -> pd.DataFrame:
    """Every year in which a municipality's target-group stock falls, with depth and causes."""
    return analyseer(store, peiljaar).dalingen


def provinciale_toets(
    store: Any, peiljaar: int | None = None, drempels: Drempels | None = None
) -> pd.DataFrame:
    """The province's assessment per municipality (2/3 affordable, 1/3 social, towards 30%)."""
    return analyseer(store, peiljaar, drempels=drempels).toets


def meer_evenwicht(store: Any, peiljaar: int | None = None) -> Evenwicht:
    """The Meer Evenwicht index at the start and the reference year, with municipal parts."""
    return analyseer(store, peiljaar).evenwicht


def signalen(store: Any, locatie: int | None = None) -> list[Signaal]:
    """Data-quality signals (sites without municipality, on a border, overlapping, ...), the
    same as :func:`analyseer`'s without computing the rest; with ``locatie`` only those that
    name that site."""
    invoer = lees_invoer(store)
    alle = _signalen(invoer, opleveringen(invoer.locaties, invoer.toewijzingen))
    return alle if locatie is None else [s for s in alle if locatie in s.locaties]


def leg_peildatum_vast(
    store: Any,
    naam: str,
    datum: date,
    opmerking: str | None = None,
    zacht_factor: float | None = None,
) -> Any:
    """Freeze the store's plan data as ``naam`` at ``datum`` with its analysis (dated ``datum``,
    so a report of the frozen state is the same whenever it is made); see
    :meth:`Store.leg_peildatum_vast`."""

    def bereken_stand(stand: Any) -> dict[str, Any]:
        return bereken(lees_invoer(stand), zacht_factor=zacht_factor, datum=stand.datum).als_dict()

    return store.leg_peildatum_vast(naam, datum, bereken_stand, opmerking)


def vergelijk_peildata(store: Any, voor: str, na: str | None = None) -> Any:
    """Compare frozen state ``voor`` with frozen state ``na`` (None: the current data)."""
    from .vergelijking import vergelijk_standen

    def stand(naam: str | None) -> tuple[tuple[str, Invoer, Analyse], list[Any]]:
        if naam is None:
            invoer = lees_invoer(store)
            return ("nu", invoer, bereken(invoer)), store.casussen()
        ps = store.peilstand(naam)
        invoer = lees_invoer(ps)
        return (ps.naam, invoer, bereken(invoer, datum=ps.datum)), ps.casussen()

    (stand_voor, casussen_voor), (stand_na, casussen_na) = stand(voor), stand(na)
    return vergelijk_standen(stand_voor, stand_na, (casussen_voor, casussen_na))
