"""The complete analysis (:class:`Analyse`), computed from an :class:`~.invoer.Invoer` by
:func:`bereken`, and its stable JSON form (:meth:`Analyse.als_dict`, see ``schema.json``)."""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from ..domein.overlap import Overlap
from ..domein.regio import Regio
from ..errors import Probleem, ValidatieFout
from .bodversie import kies_bodversie
from .definities import Drempels, controleer_zacht_factor
from .evenwicht import Evenwicht, meer_evenwicht
from .invoer import Invoer
from .kansen import KOLOMMEN as KANS_KOLOMMEN
from .kansen import kansen_binnen_periode, met_kansen
from .nieuwbouw import DaebTelling, binnen_periode, daeb_telling, opleveringen
from .signalen import Signaal, overlappen_van, signalen
from .toets import provinciale_toets
from .verdeling import (
    TELLINGEN,
    corporatie_details,
    onttrekkingen_binnen_periode,
    per_corporatie,
    per_gemeente,
    per_jaar,
    regiototalen,
)
from .voorraad import doelgroepvoorraad, mutaties, tijdelijke_dalingen

__all__ = ["Analyse", "bereken", "controleer_peiljaar", "SCHEMA_ID"]

#: Identifier of the JSON form; the number goes up when a key is removed or changes meaning.
SCHEMA_ID = "locatieplanner-analyse/1"

#: Decimals of shares and of the Meer Evenwicht index in the JSON.
DECIMALEN_AANDEEL = 4
DECIMALEN_INDEX = 6


@dataclass
class Analyse:
    """All figures of one analysis. DataFrames are indexed by ``gemeente``, ``corporatie`` or
    ``jaar``; :meth:`als_dict` gives the stable JSON form."""

    regio: Regio
    peiljaar: int
    zacht_factor: float | None
    drempels: Drempels
    datum: date
    totalen: dict[str, Any]
    gemeenten: pd.DataFrame
    corporaties: pd.DataFrame
    jaren: pd.DataFrame
    voorraad: pd.DataFrame
    voorraad_hard: pd.DataFrame
    dalingen: pd.DataFrame
    toets: pd.DataFrame
    evenwicht: Evenwicht
    signalen: list[Signaal]
    opleveringen: pd.DataFrame
    #: All DAEB of the plans counted by :func:`~.nieuwbouw.daeb_telling`: what counts up to
    #: ``peiljaar`` and what does not (after it, without a year, ...).
    daeb: DaebTelling
    corporatie_details: dict[str, dict[str, dict[Any, int]]] = field(default_factory=dict)
    bod_versie: str | None = None

    @property
    def jaren_voorraad(self) -> list[int]:
        return [int(j) for j in self.voorraad.columns]

    def als_dict(self) -> dict[str, Any]:
        """The stable JSON form (integers for counts, fractions 0..1 for shares, None as null)."""
        regio = {
            "naam": self.regio.naam,
            "van": self.regio.van,
            "tot": self.regio.tot,
            **{k: _json(v) for k, v in self.totalen.items()},
            "evenwicht_start": _rond(self.evenwicht.start, DECIMALEN_INDEX),
            "evenwicht_eind": _rond(self.evenwicht.eind, DECIMALEN_INDEX),
            "evenwicht_verandering": _rond(self.evenwicht.verandering, DECIMALEN_INDEX),
            "stap_naar_evenwicht": self.evenwicht.stap,
            "doelgroepvoorraad": _reeks(self.voorraad.sum(axis=0, skipna=False)),
            "doelgroepvoorraad_hard": _reeks(self.voorraad_hard.sum(axis=0, skipna=False)),
            "gemeenten_toelichting_nodig": [
                str(c)
                for c, nodig in zip(
                    self.toets.index, self.toets["toelichting_nodig"].tolist(), strict=True
                )
                if nodig
            ],
        }
        for k in ("aandeel_sociaal_start", "aandeel_sociaal_eind", "aandeel_sociaal_eind_hard"):
            regio[k] = _rond(self.totalen[k], DECIMALEN_AANDEEL)
        # one pass over the dips: a filter per municipality costs seconds with hundreds of them
        dalingen: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for r in self.dalingen.itertuples(index=False):
            dalingen.setdefault((r.gemeente, r.scenario), []).append(
                {
                    "jaar": int(r.jaar),
                    "daling": int(r.daling),
                    "diepte": int(r.diepte),
                    "herstel": _json(r.herstel),
                    "onttrekkingen": r.onttrekkingen,
                    "late_opleveringen": r.late_opleveringen,
                }
            )
        # plain rows, read once from the columns (a Series per municipality costs seconds)
        voorraden = (_reeksen(self.voorraad), _reeksen(self.voorraad_hard))
        e = self.evenwicht.bijdragen
        bijdragen = dict(zip(e.index, _rijen(e[["start", "eind", "verandering"]]), strict=True))
        return {
            "schema": SCHEMA_ID,
            "datum": self.datum.isoformat(),
            "peiljaar": self.peiljaar,
            "zacht_factor": self.zacht_factor,
            "bod_versie": self.bod_versie,
            "drempels": asdict(self.drempels),
            "regio": regio,
            "gemeenten": [
                self._gemeente(code, dalingen, g, t, voorraden, bijdragen.get(code))
                for code, g, t in zip(
                    self.gemeenten.index,
                    _rijen(self.gemeenten),
                    _rijen(self.toets.loc[self.gemeenten.index]),
                    strict=True,
                )
            ],
            "corporaties": [
                {
                    "corporatie": str(naam),
                    **{k: int(v) for k, v in rij.items()},
                    "gemeenten": self.corporatie_details.get(naam, {}).get("gemeenten", {}),
                    "jaren": {
                        str(j): n
                        for j, n in sorted(
                            self.corporatie_details.get(naam, {}).get("jaren", {}).items()
                        )
                    },
                }
                for naam, rij in zip(self.corporaties.index, _rijen(self.corporaties), strict=True)
            ],
            "jaren": [
                {"jaar": int(jaar), **{k: int(v) for k, v in rij.items()}}
                for jaar, rij in self.jaren.iterrows()
            ],
            "signalen": [s.als_dict() for s in self.signalen],
        }

    def _gemeente(
        self,
        code: str,
        dalingen: dict[tuple[str, str], list[dict[str, Any]]],
        g: dict[str, Any],
        t: dict[str, Any],
        voorraden: tuple[dict[Any, dict[str, Any]], dict[Any, dict[str, Any]]],
        bijdrage: dict[str, Any] | None,
    ) -> dict[str, Any]:
        """One municipality; ``g`` and ``t`` its rows of the municipalities and the assessment,
        ``voorraden`` the stock series (all plans, hard plans) of every municipality,
        ``bijdrage`` its part of the Meer Evenwicht index (None when it has none)."""
        d = {"gemeente": code, "naam": g["naam"]}
        for k in (
            "woningen_start",
            "doelgroep_start",
            "bod",
            "bod_origineel",
            "bod_versie",
            *TELLINGEN,
            "daeb_realistisch",
            "netto_realistisch",
            "netto_daeb_realistisch",
            "verschil_bod",
            "verschil_bod_hard",
            *KANS_KOLOMMEN,
            "doelgroep_eind",
            "woningen_eind",
        ):
            d[k] = _json(g[k])
        d["doelgroepvoorraad"] = dict(voorraden[0][code])
        d["doelgroepvoorraad_hard"] = dict(voorraden[1][code])
        for scenario, sleutel in (
            ("totaal", "tijdelijke_daling"),
            ("hard", "tijdelijke_daling_hard"),
        ):
            d[sleutel] = dalingen.get((code, scenario), [])
        for k in ("aandeel_sociaal_start", "aandeel_sociaal_eind", "aandeel_sociaal_eind_hard"):
            d[k] = _rond(g[k], DECIMALEN_AANDEEL)
        d["evenwicht"] = {
            k: _rond(bijdrage[k], DECIMALEN_INDEX) if bijdrage is not None else None
            for k in ("start", "eind", "verandering")
        }
        d["toets"] = {
            "betaalbaar": {
                "aandeel": _rond(t["betaalbaar_aandeel"], DECIMALEN_AANDEEL),
                "drempel": _rond(self.drempels.betaalbaar, DECIMALEN_AANDEEL),
                "voldoet": t["betaalbaar_voldoet"],
            },
            "sociaal": {
                "aandeel": _rond(t["sociaal_aandeel"], DECIMALEN_AANDEEL),
                "drempel": _rond(self.drempels.sociaal, DECIMALEN_AANDEEL),
                "voldoet": t["sociaal_voldoet"],
            },
            "voorraad_30": {
                "start": _rond(t["voorraad_start"], DECIMALEN_AANDEEL),
                "eind": _rond(t["voorraad_eind"], DECIMALEN_AANDEEL),
                "drempel": _rond(self.drempels.voorraad, DECIMALEN_AANDEEL),
                "richting": t["voorraad_richting"],
                "voldoet": t["voorraad_voldoet"],
            },
            "extra_doelgroep": bool(t["extra_doelgroep"]),
            "stap": bool(t["stap"]),
            "toelichting_nodig": bool(t["toelichting_nodig"]),
            "redenen": list(t["redenen"]),
            "toelichting_reden": str(t["toelichting_reden"]),
            "toelichting_uitleg": str(t["toelichting_uitleg"]),
        }
        return d


def _rijen(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``df`` as dicts holding the values ``df.loc[label]`` gives (numpy and pandas
    scalars), read from the columns' arrays: a Series per row and a lookup per value cost more
    than the rest of the JSON."""
    kolommen = {k: df[k].array for k in df.columns}
    return [{k: a[i] for k, a in kolommen.items()} for i in range(len(df))]


def _json(waarde: Any) -> Any:
    """A plain JSON value: numpy/pandas integers to int, NA/NaN to None."""
    if waarde is None:
        return None
    soort = type(waarde)
    if soort is int:  # the common case first
        return waarde
    if soort is float:
        return None if waarde != waarde else waarde
    if isinstance(waarde, str | bool):
        return waarde
    try:
        if pd.isna(waarde):
            return None
    except (TypeError, ValueError):
        return waarde
    if isinstance(waarde, float) or hasattr(waarde, "dtype") and waarde.dtype.kind == "f":
        return float(waarde)
    if hasattr(waarde, "__int__"):
        return int(waarde)
    return waarde


def _rond(waarde: Any, decimalen: int) -> float | None:
    if waarde is None or pd.isna(waarde) or not math.isfinite(float(waarde)):
        return None
    return round(float(waarde), decimalen)


def _reeks(reeks: pd.Series) -> dict[str, int | None]:
    return {str(int(j)): _json(v) for j, v in reeks.items()}


def _reeksen(df: pd.DataFrame) -> dict[Any, dict[str, int | None]]:
    """:func:`_reeks` of every row of ``df`` (a year per column), by its index label."""
    jaren = [str(int(j)) for j in df.columns]
    return {
        label: {j: _json(v) for j, v in zip(jaren, rij.values(), strict=True)}
        for label, rij in zip(df.index, _rijen(df), strict=True)
    }


def controleer_peiljaar(peiljaar: int | None, regio: Regio) -> int:
    """The reference year: ``regio.tot`` when None, else a year within the period."""
    if peiljaar is None:
        return regio.tot
    if (
        isinstance(peiljaar, bool)
        or not isinstance(peiljaar, int)
        or not (regio.van <= peiljaar <= regio.tot)
    ):
        raise ValidatieFout(
            [
                Probleem(
                    "peiljaar",
                    peiljaar,
                    f"moet een jaartal van {regio.van} tot en met {regio.tot} zijn "
                    f"(de periode van regio {regio.naam})",
                )
            ]
        )
    return peiljaar


def bereken(
    invoer: Invoer,
    peiljaar: int | None = None,
    zacht_factor: float | None = None,
    drempels: Drempels | None = None,
    datum: date | None = None,
    bod_versie: str | None = None,
) -> Analyse:
    """The whole analysis from the input (a pure function: no store, no files); ``bod_versie``
    chooses the bid version (see :mod:`.bodversie`; default the newest)."""
    regio = invoer.regio
    peiljaar = controleer_peiljaar(peiljaar, regio)
    zacht_factor = controleer_zacht_factor(zacht_factor)
    drempels = drempels or Drempels()
    # the overlapping sites (shapely's tree and intersections, without the GIL) in a thread
    # while the tables below are computed: a second core does a sixth of the analysis
    with ThreadPoolExecutor(1, thread_name_prefix="overlappen") as pool:
        paren = pool.submit(overlappen_van, invoer.locaties)
        return _bereken(invoer, peiljaar, zacht_factor, drempels, datum, bod_versie, paren.result)


def _bereken(
    invoer: Invoer,
    peiljaar: int,
    zacht_factor: float | None,
    drempels: Drempels,
    datum: date | None,
    bod_versie: str | None,
    paren: Callable[[], list[Overlap]],
) -> Analyse:
    regio = invoer.regio
    nb_alle = opleveringen(invoer.locaties, invoer.toewijzingen)
    nb = binnen_periode(nb_alle, regio, peiljaar)
    ontt = onttrekkingen_binnen_periode(invoer.onttrekkingen, regio, peiljaar)
    biedingen = kies_bodversie(invoer.biedingen, bod_versie)
    gem = per_gemeente(nb, ontt, invoer.gemeenten, biedingen, regio, zacht_factor)
    gem = gem.join(met_kansen(gem, kansen_binnen_periode(invoer.kansen, regio, peiljaar)))
    mut = mutaties(nb, ontt, regio, peiljaar, "totaal")
    mut_hard = mutaties(nb, ontt, regio, peiljaar, "hard")
    dalingen = pd.concat(
        [
            tijdelijke_dalingen(mut, nb_alle, ontt, "totaal"),
            tijdelijke_dalingen(mut_hard, nb_alle, ontt, "hard"),
        ],
        ignore_index=True,
    )
    return Analyse(
        regio=regio,
        peiljaar=peiljaar,
        bod_versie=bod_versie,
        zacht_factor=zacht_factor,
        drempels=drempels,
        datum=datum or date.today(),
        totalen=regiototalen(gem, regio),
        gemeenten=gem,
        corporaties=per_corporatie(nb, ontt, invoer.werkgebieden),
        jaren=per_jaar(nb, ontt, range(regio.van, peiljaar + 1)),
        voorraad=doelgroepvoorraad(mut, gem["doelgroep_start"], regio),
        voorraad_hard=doelgroepvoorraad(mut_hard, gem["doelgroep_start"], regio),
        dalingen=dalingen,
        toets=provinciale_toets(gem, drempels),
        evenwicht=meer_evenwicht(gem),
        signalen=signalen(invoer, nb_alle, paren()),
        opleveringen=nb,
        daeb=daeb_telling(nb_alle, regio, peiljaar),
        corporatie_details=corporatie_details(nb),
    )
