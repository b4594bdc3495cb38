"""Definitions of the analysis: segment groups, removal kinds, thresholds and rounding.

These are the rules every figure of :mod:`locatieplanner.analyse` follows; the README repeats them.

- Doelgroep (target group): ``daeb + soc_huur + goedk_koop``.
- Sociale huur (social rent): ``daeb + soc_huur``.
- Betaalbaar (affordable): sociale huur ``+ goedk_koop + midden + bet_koop``.
- Nieuwbouw (all new build): every segment including ``overig``.
- Onttrekkingen remove dwellings from the target-group stock. ``sloop`` and ``samenvoeging``
  also remove them from the total dwelling stock; after ``verkoop``, ``liberalisatie`` and
  ``overig`` the dwelling still exists (it just no longer serves the target group), so it stays
  in the total stock. For ``overig`` that is the conservative choice: a smaller total stock would
  make the social share look better.
- An onttrekking with a corporation is a removal from the DAEB stock (it counts against net DAEB
  growth); one without a corporation is a removal from other target-group stock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import Probleem, ValidatieFout

__all__ = [
    "DOELGROEP",
    "SOCIALE_HUUR",
    "BETAALBAAR",
    "ALLE_SEGMENTEN",
    "UIT_WONINGVOORRAAD",
    "Drempels",
    "afronden",
    "aandeel",
    "controleer_zacht_factor",
]

#: Target-group segments.
DOELGROEP: tuple[str, ...] = ("daeb", "soc_huur", "goedk_koop")
#: Social-rent segments.
SOCIALE_HUUR: tuple[str, ...] = ("daeb", "soc_huur")
#: Affordable segments (the province's "betaalbaar").
BETAALBAAR: tuple[str, ...] = ("daeb", "soc_huur", "goedk_koop", "midden", "bet_koop")
#: All segments of a site.
ALLE_SEGMENTEN: tuple[str, ...] = ("daeb", "soc_huur", "goedk_koop", "midden", "bet_koop", "overig")
#: Kinds of removal after which the dwelling no longer exists (it leaves the total stock too).
UIT_WONINGVOORRAAD: frozenset[str] = frozenset({"sloop", "samenvoeging"})


@dataclass(frozen=True)
class Drempels:
    """Thresholds of the province's assessment; defaults of the province of Zuid-Holland.

    ``betaalbaar``: minimum share of affordable dwellings in new build (2/3);
    ``sociaal``: minimum share of social rent in new build (1/3);
    ``voorraad``: the social share of the total stock a municipality grows towards (30%);
    ``stap``: what counts as a *substantial* step towards Meer Evenwicht in the agreement's
    explanation rule: the social share of the stock rises by at least this much over the period
    (default 0.005, half a percentage point), unless it is already at ``voorraad`` or above.
    """

    betaalbaar: float = 2 / 3
    sociaal: float = 1 / 3
    voorraad: float = 0.30
    stap: float = 0.005

    def __post_init__(self) -> None:
        problemen = [
            Probleem(veld, waarde, "moet een getal van 0 tot en met 1 zijn", "drempels")
            for veld, waarde in (
                ("betaalbaar", self.betaalbaar),
                ("sociaal", self.sociaal),
                ("voorraad", self.voorraad),
                ("stap", self.stap),
            )
            if not _is_fractie(waarde)
        ]
        if problemen:
            raise ValidatieFout(problemen)


def _is_fractie(waarde: object) -> bool:
    return (
        isinstance(waarde, int | float)
        and not isinstance(waarde, bool)
        and math.isfinite(waarde)
        and 0 <= waarde <= 1
    )


def controleer_zacht_factor(factor: float | None) -> float | None:
    """The realism factor for soft plans: None (not used) or a number from 0 to 1."""
    if factor is None:
        return None
    if not _is_fractie(factor):
        raise ValidatieFout(
            [
                Probleem(
                    "zacht_factor",
                    factor,
                    "moet een getal van 0 tot en met 1 zijn (bijv. 0.7: 30% van de zachte "
                    "plannen valt af)",
                )
            ]
        )
    return float(factor)


def afronden(waarde: float) -> int:
    """Round half away from zero (2.5 -> 3), not Python's banker's rounding (2.5 -> 2).

    The value is first rounded to 9 decimals so that ``0.7 * 5`` (3.4999999999999996 in binary
    floating point) counts as 3.5 and becomes 4, as a person computing by hand would expect."""
    vast = round(abs(waarde), 9)
    return int(math.floor(vast + 0.5)) * (1 if waarde >= 0 else -1)


def aandeel(teller: float | None, noemer: float | None) -> float | None:
    """``teller / noemer``, or None when either is unknown or the denominator is not positive."""
    if teller is None or noemer is None or noemer <= 0:
        return None
    if isinstance(teller, float) and math.isnan(teller):
        return None
    if isinstance(noemer, float) and math.isnan(noemer):
        return None
    return teller / noemer
