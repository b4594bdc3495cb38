"""The 5a overview: per municipality the DAEB units per site and corporation, hard/soft, year, status."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ..domein.model import STATUSSEN, Bod, Locatie, hardheid

__all__ = [
    "KOLOMMEN_5A",
    "KOLOMMEN_REGIO",
    "NIET_TOEGEWEZEN",
    "overzicht_5a",
    "regio_overzicht",
]

#: Columns of the 5a overview, one row per assignment plus one per unassigned remainder.
KOLOMMEN_5A = [
    "gemeente",
    "gemeentenaam",
    "bron_id",
    "locatie",
    "corporatie",
    "daeb",
    "hardheid",
    "oplevering",
    "status",
    "statusomschrijving",
]
#: Columns of the regional summary (one row per municipality plus a total row).
KOLOMMEN_REGIO = [
    "gemeente",
    "gemeentenaam",
    "locaties",
    "daeb_hard",
    "daeb_zacht",
    "daeb_totaal",
    "toegewezen",
    "niet_toegewezen",
    "bod_daeb",
    "bod_versie",
]
#: Corporation of the remainder row of a site whose DAEB units are not all assigned.
NIET_TOEGEWEZEN = "(nog niet toegewezen)"


def overzicht_5a(locaties: Iterable[Locatie], namen: Mapping[str, str]) -> pd.DataFrame:
    """One row per assignment (delivery year: the assignment's, else the site's) and one per
    unassigned remainder, for sites with DAEB units; sorted by municipality, site, corporation."""
    rijen = []
    for loc in locaties:
        if loc.daeb <= 0 and not loc.toewijzingen:
            continue
        basis = {
            "gemeente": loc.gemeente,
            "gemeentenaam": namen.get(loc.gemeente or "", ""),
            "bron_id": loc.bron_id,
            "locatie": loc.naam,
            "hardheid": hardheid(loc.status),
            "status": loc.status,
            "statusomschrijving": STATUSSEN.get(loc.status, ""),
        }
        for tw in loc.toewijzingen:
            rijen.append(
                basis
                | {
                    "corporatie": tw.corporatie,
                    "daeb": tw.daeb,
                    "oplevering": tw.oplevering if tw.oplevering is not None else loc.oplevering,
                }
            )
        if loc.daeb_niet_toegewezen > 0:
            rijen.append(
                basis
                | {
                    "corporatie": NIET_TOEGEWEZEN,
                    "daeb": loc.daeb_niet_toegewezen,
                    "oplevering": loc.oplevering,
                }
            )
    frame = pd.DataFrame(rijen, columns=KOLOMMEN_5A)
    frame["daeb"] = frame["daeb"].astype("int64")
    frame["oplevering"] = frame["oplevering"].astype("Int64")
    if len(frame):
        volgorde = frame.assign(
            _rest=frame["corporatie"] == NIET_TOEGEWEZEN,
            _jaar=frame["oplevering"].fillna(0),
        ).fillna({"gemeente": "", "bron_id": ""})
        volgorde = volgorde.sort_values(
            ["gemeente", "locatie", "bron_id", "_rest", "corporatie", "_jaar"], kind="stable"
        )
        frame = frame.loc[volgorde.index].reset_index(drop=True)
    return frame


def regio_overzicht(
    locaties: Iterable[Locatie],
    namen: Mapping[str, str],
    biedingen: Mapping[str, Bod] | None = None,
) -> pd.DataFrame:
    """Per municipality (in the order of ``namen``): sites with DAEB, DAEB hard/soft/total,
    assigned and not assigned, and the current bid; a last row ``Totaal``."""
    biedingen = biedingen or {}
    per: dict[str, dict[str, int]] = {
        code: {
            "locaties": 0,
            "daeb_hard": 0,
            "daeb_zacht": 0,
            "toegewezen": 0,
            "niet_toegewezen": 0,
        }
        for code in namen
    }
    for loc in locaties:
        if loc.gemeente is None or loc.daeb <= 0:
            continue
        r = per.setdefault(
            loc.gemeente,
            {"locaties": 0, "daeb_hard": 0, "daeb_zacht": 0, "toegewezen": 0, "niet_toegewezen": 0},
        )
        r["locaties"] += 1
        r["daeb_hard" if hardheid(loc.status) == "hard" else "daeb_zacht"] += loc.daeb
        r["toegewezen"] += loc.daeb_toegewezen
        r["niet_toegewezen"] += max(loc.daeb_niet_toegewezen, 0)
    rijen = []
    for code, r in per.items():
        bod = biedingen.get(code)
        rijen.append(
            {
                "gemeente": code,
                "gemeentenaam": namen.get(code, ""),
                **r,
                "daeb_totaal": r["daeb_hard"] + r["daeb_zacht"],
                "bod_daeb": None if bod is None else bod.daeb,
                "bod_versie": None if bod is None else bod.versie,
            }
        )
    frame = pd.DataFrame(rijen, columns=KOLOMMEN_REGIO)
    totaal = {k: int(frame[k].sum()) for k in KOLOMMEN_REGIO[2:8]}
    bod_totaal = frame["bod_daeb"].dropna()
    totaal_rij = {
        "gemeente": "Totaal",
        "gemeentenaam": "regio",
        **totaal,
        "bod_daeb": int(bod_totaal.sum()) if len(bod_totaal) else None,
        "bod_versie": None,
    }
    frame = pd.concat([frame, pd.DataFrame([totaal_rij], columns=KOLOMMEN_REGIO)])
    frame["bod_daeb"] = frame["bod_daeb"].astype("Int64")
    return frame.reset_index(drop=True)
