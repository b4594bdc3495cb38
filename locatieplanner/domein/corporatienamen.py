"""Names of corporations in imported files: the closest registered name for an unknown one, and
the one message every import gives for it.

Suppliers write names by hand ("Staedion" as "staedion ", "Woonstichting Vidomes" as
"Vidomes"); an unknown name is compared with the registered ones (including former names, as the
store's ``ids`` gives them) after normalising both, and the closest is offered as a suggestion.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from ..errors import Probleem

__all__ = [
    "ONBEKENDE_CORPORATIE",
    "normaliseer_naam",
    "naaste_naam",
    "onbekende_corporatie",
]

#: How every import's problem for an unknown corporation begins (the report groups on it).
ONBEKENDE_CORPORATIE = "onbekende corporatie"

#: Words that say nothing about which corporation it is.
_VULWOORDEN = frozenset({"stichting", "woonstichting", "woningstichting", "de", "het"})
#: Similarity (0..1, difflib's ratio of the normalised names) from which a name is suggested.
_DREMPEL = 0.6


def normaliseer_naam(naam: str) -> str:
    """``naam`` for comparing: lower case, without accents, punctuation and filler words."""
    zonder = unicodedata.normalize("NFKD", naam)
    zonder = "".join(c for c in zonder if not unicodedata.combining(c)).casefold()
    woorden = re.findall(r"[a-z0-9]+", zonder)
    kern = [w for w in woorden if w not in _VULWOORDEN]
    return " ".join(kern or woorden)


def naaste_naam(naam: str, bekend: Iterable[str]) -> str | None:
    """The registered name closest to ``naam`` (None when none is close enough)."""
    doel = normaliseer_naam(naam)
    per_norm: dict[str, str] = {}
    for kandidaat in sorted(bekend):
        per_norm.setdefault(normaliseer_naam(kandidaat), kandidaat)
    if doel in per_norm:
        return per_norm[doel]
    beste = difflib.get_close_matches(doel, list(per_norm), n=1, cutoff=_DREMPEL)
    return per_norm[beste[0]] if beste else None


def onbekende_corporatie(naam: str, bekend: Iterable[str], item: str | None = None) -> Probleem:
    """The problem of an import row that names a corporation that is not registered: with the
    closest registered name as a suggestion, and what is allowed."""
    bekend = list(bekend)
    suggestie = naaste_naam(naam, bekend)
    if suggestie is not None:
        probleem = f"{ONBEKENDE_CORPORATIE}, bedoelt u {suggestie!r}?"
    elif not bekend:
        probleem = f"{ONBEKENDE_CORPORATIE}: er zijn nog geen corporaties geregistreerd"
    else:
        probleem = ONBEKENDE_CORPORATIE
    toegestaan = "een geregistreerde corporatie"
    if bekend and len(bekend) <= 12:
        toegestaan += " (" + ", ".join(sorted(bekend)) + ")"
    toegestaan += ", of registreer de nieuwe corporatie bij de import"
    return Probleem("corporatie", naam, f"{probleem}; toegestaan is {toegestaan}", item)
