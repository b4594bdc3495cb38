"""Reading HTML forms of the pages that edit records (bids, removals): text from the form into
typed values, every problem at once as a :class:`ValidatieFout` naming field, value and what is
allowed, and the outcome of a write as a status and a message for the page.

The pages post ordinary forms (Flask-WTF CSRF token, Origin checked by :mod:`.toegang`); the
store decides rights and rules, so a form only turns text into values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import request

from ..domein.model import AANTAL_MAX
from ..errors import (
    Bezet,
    Conflict,
    GeenToegang,
    LocatieplannerError,
    NietAangemeld,
    Probleem,
    ValidatieFout,
)
from ..store import Store
from . import get_store
from .fouten import http_status

__all__ = [
    "Formulier",
    "Itemformulier",
    "formulierstatus",
    "problemen_van",
    "DATUM_UITLEG",
    "VELDNAMEN",
]

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
    (:class:`GeenToegang`, :class:`NietAangemeld`) or a busy database (:class:`Bezet`) is no
    problem of the form: it is raised again, so the app's handler answers it (a refusal logged
    like every refusal, a busy database with 503 and ``Retry-After``)."""
    if isinstance(fout, GeenToegang | NietAangemeld | Bezet):
        raise fout
    if isinstance(fout, Conflict):
        return 409
    return http_status(fout)


def problemen_van(fout: LocatieplannerError) -> list[Any]:
    """The problems a page lists under the message of ``fout``."""
    return list(getattr(fout, "problemen", []))


@dataclass(frozen=True)
class Itemformulier:
    """The page of one stored item of a kind (a bid version, a removal) with a form to change it
    and one to delete it, both carrying the row version (field ``versieveld``) the page was read
    at. A stale form gives 409 with the message and what is stored now in the form; other
    problems give their status with the posted text kept."""

    #: Store methods: read one item, change fields at a version, delete at a version.
    lees: Callable[[Store, int], Any]
    wijzig: Callable[[Store, int, dict[str, Any], int], Any]
    verwijder: Callable[[Store, int, int], None]
    #: The item from the posted form (:class:`ValidatieFout` with every problem).
    uit_formulier: Callable[[Any], Any]
    #: A stored item as the form's text fields (with its version).
    als_invoer: Callable[[Any], dict[str, str]]
    #: The page: ``pagina(item, invoer, status, fout)``.
    pagina: Callable[[Any, dict[str, str], int, LocatieplannerError | None], Any]
    #: The fields the form changes, and the hidden field of the row version.
    velden: tuple[str, ...]
    versieveld: str
    #: Names the kind in messages (``bod``).
    item: str

    def versie(self) -> int:
        """The posted row version."""
        f = Formulier(request.form, self.item)
        versie = f.geheel(self.versieveld, 1, 2**31 - 1, wat="een versienummer")
        f.controleer()
        return versie  # type: ignore[return-value]

    def _mislukt(self, item_id: int, opgeslagen: Any, invoer: dict[str, str], fout: Any) -> Any:
        status = formulierstatus(fout)
        if status == 409:
            # stale: show what is stored now (and its version), with the message
            huidig = self.lees(get_store(), item_id)
            return self.pagina(huidig, self.als_invoer(huidig), status, fout)
        return self.pagina(opgeslagen, invoer, status, fout)

    def voeg_toe(
        self,
        bewaar: Callable[[Store, Any], Any],
        lijstpagina: Callable[[int, dict[str, str], LocatieplannerError], Any],
        klaar: Callable[[Any], Any],
    ) -> Any:
        """Store a new item from the posted form with ``bewaar`` and then ``klaar(item)`` (a
        redirect); when that fails ``lijstpagina(status, posted text, fout)``."""
        invoer = {k: request.form.get(k, "") for k in self.velden}
        try:
            item = bewaar(get_store(), self.uit_formulier(request.form))
        except LocatieplannerError as fout:
            return lijstpagina(formulierstatus(fout), invoer, fout)
        return klaar(item)

    def bewerk(self, item_id: int, klaar: Callable[[Any], Any]) -> Any:
        """GET: the page with the form; POST: save the change if nobody changed the item
        meanwhile, then ``klaar(bewaard item)`` (a redirect)."""
        store = get_store()
        opgeslagen = self.lees(store, item_id)
        if request.method == "GET":
            return self.pagina(opgeslagen, self.als_invoer(opgeslagen), 200, None)
        invoer = {k: request.form.get(k, "") for k in (*self.velden, self.versieveld)}
        try:
            versie = self.versie()
            nieuw = self.uit_formulier(request.form)
            bewaard = self.wijzig(
                store, item_id, {k: getattr(nieuw, k) for k in self.velden}, versie
            )
        except LocatieplannerError as fout:
            return self._mislukt(item_id, opgeslagen, invoer, fout)
        return klaar(bewaard)

    def verwijder_item(self, item_id: int, klaar: Callable[[Any], Any]) -> Any:
        """Delete the item if it is still at the posted version, then ``klaar(verwijderd)``."""
        store = get_store()
        opgeslagen = self.lees(store, item_id)
        try:
            self.verwijder(store, item_id, self.versie())
        except LocatieplannerError as fout:
            return self._mislukt(item_id, opgeslagen, self.als_invoer(opgeslagen), fout)
        return klaar(opgeslagen)
