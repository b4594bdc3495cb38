"""The explanation or course of action (*toelichting of handelingsperspectief*) a municipality
adds to its overview when its bid shows no extra target-group stock or no substantial step towards
Meer Evenwicht (the province's rule, :func:`locatieplanner.analyse.toets.toelichtingsregel`).

One text per municipality; the municipality (its own) and the administrator write it, every
other role reads it. It is frozen with the rest of the plan at a reference date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..errors import Probleem

__all__ = ["MAX_TEKST", "Toelichting", "valideer_toelichting"]

#: Longest explanation text (characters).
MAX_TEKST = 20_000


@dataclass
class Toelichting:
    """A municipality's explanation; ``versie`` is its row version (optimistic lock)."""

    gemeente: str
    tekst: str
    id: int | None = None
    versie: int | None = None
    gewijzigd: datetime | None = None
    door: str | None = None


def valideer_toelichting(t: Toelichting) -> list[Probleem]:
    """The rules of an explanation: a text of 1 to :data:`MAX_TEKST` characters."""
    item = f"toelichting van {t.gemeente}"
    tekst = t.tekst if isinstance(t.tekst, str) else ""
    if not tekst.strip():
        return [Probleem("tekst", t.tekst, "geef een toelichting of handelingsperspectief", item)]
    if len(tekst) > MAX_TEKST:
        return [
            Probleem(
                "tekst",
                f"{len(tekst)} tekens",
                f"hoogstens {MAX_TEKST:_} tekens toegestaan".replace("_", "."),
                item,
            )
        ]
    return []
