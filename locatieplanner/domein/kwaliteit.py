"""Rules of data quality shared by the analysis' signals (:mod:`locatieplanner.analyse.signalen`)
and the warnings on saving a site (:mod:`.waarschuwingen`): one definition of "outside the
agreement's period", "outside the working area" and "DAEB not (or too much) assigned", so both
say the same about the same data.
"""

from __future__ import annotations

from collections.abc import Collection

from .model import Locatie
from .regio import Regio

__all__ = [
    "GEEN_OPLEVERING",
    "VOOR_PERIODE",
    "NA_PERIODE",
    "ZONDER_CORPORATIE",
    "TE_GROOT",
    "periode_soort",
    "buiten_werkgebied",
    "toewijzing_soort",
    "opleveringen",
]

#: Kinds (the names of the analysis' signals) of a delivery that does not count.
GEEN_OPLEVERING = "geen_oplevering"
VOOR_PERIODE = "oplevering_voor_periode"
NA_PERIODE = "oplevering_na_periode"
#: Kinds of a site's assignments that do not match its DAEB.
ZONDER_CORPORATIE = "daeb_zonder_corporatie"
TE_GROOT = "toewijzing_te_groot"


def periode_soort(jaar: int | None, regio: Regio) -> str | None:
    """Why dwellings delivered in ``jaar`` do not count in the region's period ``van``..``tot``:
    :data:`GEEN_OPLEVERING` (no year), :data:`VOOR_PERIODE` (already in the start stock),
    :data:`NA_PERIODE`; None when the year is within the period."""
    if jaar is None:
        return GEEN_OPLEVERING
    if jaar > regio.tot:
        return NA_PERIODE
    if jaar < regio.van:
        return VOOR_PERIODE
    return None


def buiten_werkgebied(werkgebied: Collection[str], gemeente: str | None) -> bool:
    """Whether an assignment in ``gemeente`` lies outside a corporation's working area (codes).
    A corporation without a stated working area, or a site without municipality, is never
    outside it."""
    return bool(werkgebied) and gemeente is not None and gemeente not in werkgebied


def toewijzing_soort(daeb: int, toegewezen: int) -> str | None:
    """:data:`TE_GROOT` when more DAEB is assigned than a site has, :data:`ZONDER_CORPORATIE`
    when less (part is assigned to no corporation), None when all of it is assigned."""
    if toegewezen > daeb:
        return TE_GROOT
    if toegewezen < daeb:
        return ZONDER_CORPORATIE
    return None


def opleveringen(loc: Locatie) -> dict[int | None, int]:
    """Dwellings of one site per delivery year (None: no year), by the analysis' timing rule
    (:mod:`locatieplanner.analyse.nieuwbouw`): assigned DAEB in its assignment's year (else the
    site's), the rest in the site's ``oplevering``; only positive counts."""
    uit: dict[int | None, int] = {}
    for t in loc.toewijzingen:
        jaar = t.oplevering if t.oplevering is not None else loc.oplevering
        uit[jaar] = uit.get(jaar, 0) + t.daeb
    rest = loc.totaal - loc.daeb + max(loc.daeb_niet_toegewezen, 0)
    uit[loc.oplevering] = uit.get(loc.oplevering, 0) + rest
    return {jaar: n for jaar, n in uit.items() if n > 0}
