"""Reading HTML forms of the pages that edit records (bids, removals): text from the form into
typed values, every problem at once as a :class:`ValidatieFout` naming field, value and what is
allowed, and the outcome of a write as a status and a message for the page.

The pages post ordinary forms (Flask-WTF CSRF token, Origin checked by :mod:`.toegang`); the
store decides rights and rules, so a form only turns text into values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..domein.model import AANTAL_MAX
from ..errors import (
    Conflict,
    GeenToegang,
    LocatieplannerError,
    NietAangemeld,
    Probleem,
    ValidatieFout,
)
from .fouten import http_status

__all__ = ["Formulier", "formulierstatus", "problemen_van", "DATUM_UITLEG", "VELDNAMEN"]

_GEHEEL = re.compile(r"^[0-9]{1,9}$")
_DATUM_NL = re.compile(r"^([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})$")
_DATUM_ISO = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
#: What a date field accepts, for messages and placeholders.
DATUM_UITLEG = "een datum als dd-mm-jjjj, bijvoorbeeld 10-12-2025"
#: How the pages name the fields of their forms in messages.
VELDNAMEN = {
    "gemeente": "Gemeente",
    "versie": "Versie",
    "datum": "Datum",
    "daeb": "DAEB-woningen",
    "opmerking": "Opmerking",
    "rijversie": "Versie van het formulier",
    "jaar": "Jaar",
    "aantal": "Aantal woningen",
    "soort": "Soort",
    "corporatie": "Corporatie",
    "locatie": "Locatie-id",
}
#: Longest value repeated in a message (a pasted essay is cut).
_TOON = 60


def _kort(tekst: str) -> str:
    return tekst if len(tekst) <= _TOON else tekst[:_TOON] + "…"


def _nl(n: int) -> str:
    """A bound in messages: ``1.000.000``, but a year as ``2050``."""
    return f"{n:,}".replace(",", ".") if n >= 10_000 else str(n)


class Formulier:
    """The posted fields of one form; each reader records its problems, :meth:`controleer`
    raises them all at once."""

    def __init__(self, velden: Mapping[str, str], item: str) -> None:
        self.velden = velden
        self.item = item
        self.problemen: list[Probleem] = []

    def ruw(self, veld: str) -> str:
        """The field's text as posted, without surrounding spaces (empty when absent)."""
        return (self.velden.get(veld) or "").strip()

    def _fout(self, veld: str, waarde: str, melding: str) -> None:
        self.problemen.append(Probleem(veld, _kort(waarde), melding, self.item))

    def tekst(self, veld: str, verplicht: bool = False) -> str | None:
        """Text; None when empty (a problem when ``verplicht``)."""
        waarde = self.ruw(veld)
        if not waarde:
            if verplicht:
                self._fout(veld, waarde, "is verplicht")
            return None
        return waarde

    def geheel(
        self,
        veld: str,
        minimum: int = 0,
        maximum: int = AANTAL_MAX,
        verplicht: bool = True,
        wat: str = "een geheel getal",
    ) -> int | None:
        """A whole number from ``minimum`` to ``maximum`` (written without dots: 1200)."""
        waarde = self.ruw(veld)
        if not waarde and not verplicht:
            return None
        allowed = f"moet {wat} van {_nl(minimum)} tot en met {_nl(maximum)} zijn"
        if not _GEHEEL.match(waarde):
            self._fout(veld, waarde, allowed)
            return None
        getal = int(waarde)
        if not minimum <= getal <= maximum:
            self._fout(veld, waarde, allowed)
            return None
        return getal

    def datum(self, veld: str) -> date | None:
        """A date written dd-mm-jjjj (or jjjj-mm-dd, as a date input sends it)."""
        waarde = self.ruw(veld)
        nl, iso = _DATUM_NL.match(waarde), _DATUM_ISO.match(waarde)
        try:
            if nl:
                return date(int(nl.group(3)), int(nl.group(2)), int(nl.group(1)))
            if iso:
                return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            self._fout(veld, waarde, f"bestaat niet; verwacht {DATUM_UITLEG}")
            return None
        self._fout(veld, waarde, f"moet {DATUM_UITLEG} zijn")
        return None

    def keuze(
        self, veld: str, toegestaan: Mapping[str, str] | list[str], verplicht: bool
    ) -> str | None:
        """One of ``toegestaan`` (empty: None, a problem when ``verplicht``)."""
        waarde = self.ruw(veld)
        if not waarde and not verplicht:
            return None
        if waarde not in toegestaan:
            namen = ", ".join(toegestaan)
            self._fout(veld, waarde, f"onbekende keuze; toegestaan zijn {namen}")
            return None
        return waarde

    def controleer(self) -> None:
        """:class:`ValidatieFout` with every problem found so far."""
        if self.problemen:
            raise ValidatieFout(self.problemen, "Niet opgeslagen: de invoer is ongeldig")


def formulierstatus(fout: LocatieplannerError) -> int:
    """The status of a page whose form write failed: 409 for a stale or duplicate item (a form
    sends no If-Match, so not 412), else the web layer's status of the error. A refusal
    (:class:`GeenToegang`, :class:`NietAangemeld`) is no problem of the form: it is raised again,
    so the app's handler answers it, and logs it like every refusal."""
    if isinstance(fout, GeenToegang | NietAangemeld):
        raise fout
    if isinstance(fout, Conflict):
        return 409
    return http_status(fout)


def problemen_van(fout: LocatieplannerError) -> list[Any]:
    """The problems a page lists under the message of ``fout``."""
    return list(getattr(fout, "problemen", []))
