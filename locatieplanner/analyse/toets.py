"""The province's assessment per municipality (thresholds configurable, Zuid-Holland defaults).

Over all new build in plans (hard + soft) within the period:

- ``betaalbaar``: affordable share ``(daeb + soc_huur + goedk_koop + midden + bet_koop) /
  all new build`` at least ``drempels.betaalbaar`` (2/3);
- ``sociaal``: social-rent share ``(daeb + soc_huur) / all new build`` at least
  ``drempels.sociaal`` (1/3);
- ``voorraad_30``: the social share of the total stock grows towards ``drempels.voorraad``
  (30%): met when the share at the reference year is at least 30%, or is below 30% but higher
  than at the start (a step towards 30%). ``richting`` is ``stijgt``, ``daalt`` or ``gelijk``.

Without new build a share cannot be tested (``voldoet`` is None).

Apart from these three tests, the agreement's own rule decides whether a municipality must add
an explanation or an action perspective ("toelichting of handelingsperspectief"): when its plans
show **no extra target-group stock** (net growth hard + soft of 0 or less) or **no substantial
step towards Meer Evenwicht**: the social share of its stock rises by less than
``drempels.stap`` (default half a percentage point) while it is below ``drempels.voorraad``
(30%), or cannot be computed because the start stock is unknown. ``toelichting_reden`` says in
Dutch whether and why it is needed ("nodig: ..." / "niet nodig: ..."), for every municipality;
``toelichting_uitleg`` is the same explanation without the verdict (for documents that state the
verdict apart).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .definities import Drempels, aandeel

__all__ = ["provinciale_toets", "toelichtingsregel"]


def toelichtingsregel(drempels: Drempels) -> str:
    """The explanation rule with its thresholds, as the dashboard shows it."""
    return (
        "Een gemeente geeft een toelichting of handelingsperspectief als haar plannen (hard + "
        "zacht, tot en met het peiljaar) geen extra doelgroepvoorraad opleveren of geen "
        "substantiële stap richting Meer Evenwicht zetten: het aandeel sociale huur in de "
        f"woningvoorraad stijgt minder dan {_procentpunt(drempels.stap)} terwijl het onder "
        f"{_procent(drempels.voorraad)} ligt. Dit staat los van de drie toetsen van de provincie."
    )


def _procentpunt(waarde: float) -> str:
    return f"{waarde * 100:.1f}".replace(".", ",") + " procentpunt"


def _procent(waarde: float | None) -> str:
    return "onbekend" if waarde is None else f"{waarde * 100:.1f}%".replace(".", ",")


def _richting(start: float | None, eind: float | None) -> str | None:
    if start is None or eind is None:
        return None
    if abs(eind - start) < 1e-12:
        return "gelijk"
    return "stijgt" if eind > start else "daalt"


def provinciale_toets(gemeenten: pd.DataFrame, drempels: Drempels | None = None) -> pd.DataFrame:
    """Assessment per municipality, indexed like ``gemeenten`` (the table of
    :func:`~.verdeling.per_gemeente`). Columns: betaalbaar_aandeel, betaalbaar_voldoet,
    sociaal_aandeel, sociaal_voldoet, voorraad_start, voorraad_eind, voorraad_richting,
    voorraad_voldoet, extra_doelgroep, stap, toelichting_nodig, redenen (list of Dutch texts),
    toelichting_reden (whether and why it is needed), toelichting_uitleg (why, without the
    verdict)."""
    drempels = drempels or Drempels()
    rijen: list[dict[str, Any]] = []
    for code, g in gemeenten.iterrows():
        totaal = int(g["nieuwbouw_totaal"])
        betaalbaar = aandeel(int(g["betaalbaar_nieuw"]), totaal)
        sociaal = aandeel(int(g["sociaal_nieuw"]), totaal)
        start = g["aandeel_sociaal_start"]
        eind = g["aandeel_sociaal_eind"]
        start = None if start is None or pd.isna(start) else float(start)
        eind = None if eind is None or pd.isna(eind) else float(eind)
        richting = _richting(start, eind)
        if start is None or eind is None:
            voorraad_voldoet = None
            stap = False
        else:
            voorraad_voldoet = eind >= drempels.voorraad or eind > start
            stap = eind >= drempels.voorraad or eind - start >= drempels.stap - 1e-12
        netto = int(g["netto_totaal"])
        extra = netto > 0
        redenen = []
        if not extra:
            redenen.append(f"geen extra doelgroepvoorraad: netto groei (hard + zacht) is {netto}")
        if start is None or eind is None:
            redenen.append(
                "geen stap aantoonbaar: de startvoorraad (woningen, doelgroep) ontbreekt"
            )
        elif not stap:
            redenen.append(
                f"geen substantiële stap richting Meer Evenwicht: aandeel sociaal "
                f"{_procent(start)} bij de start, {_procent(eind)} aan het eind (minder dan "
                f"+{_procentpunt(drempels.stap)} en onder {_procent(drempels.voorraad)})"
            )
        if redenen:
            uitleg = "; ".join(redenen)
        else:
            hoe = (
                f"aandeel sociaal al {_procent(eind)}, niet onder {_procent(drempels.voorraad)}"
                if eind >= drempels.voorraad  # type: ignore[operator]
                else f"aandeel sociaal {_procent(start)} → {_procent(eind)}, minstens "
                f"+{_procentpunt(drempels.stap)}"
            )
            uitleg = (
                f"extra doelgroepvoorraad (netto +{netto}) en een substantiële stap "
                f"richting Meer Evenwicht ({hoe})"
            )
        rijen.append(
            {
                "gemeente": code,
                "betaalbaar_aandeel": betaalbaar,
                "betaalbaar_voldoet": None
                if betaalbaar is None
                else betaalbaar >= drempels.betaalbaar - 1e-12,
                "sociaal_aandeel": sociaal,
                "sociaal_voldoet": None if sociaal is None else sociaal >= drempels.sociaal - 1e-12,
                "voorraad_start": start,
                "voorraad_eind": eind,
                "voorraad_richting": richting,
                "voorraad_voldoet": voorraad_voldoet,
                "extra_doelgroep": extra,
                "stap": stap,
                "toelichting_nodig": bool(redenen),
                "redenen": redenen,
                "toelichting_reden": ("nodig: " if redenen else "niet nodig: ") + uitleg,
                "toelichting_uitleg": uitleg,
            }
        )
    return pd.DataFrame(rijen, dtype=object).set_index("gemeente")
