"""Exceptions of locatieplanner: one small tree, every message in Dutch.

    LocatieplannerError            base of everything this package raises on purpose
    ├── ValidatieFout              input breaks a domain rule; carries a list of Probleem
    ├── NietGevonden               a requested item does not exist
    ├── Conflict                   optimistic lock: the item changed since it was read
    ├── NietAangemeld              no (valid) login or API token
    ├── GeenToegang                the account's role does not allow this
    ├── Bezet                      the database or the import slot is busy: try again later
    │   └── TeVeelPogingen         too many failed logins: try again later
    ├── BestandFout                a file cannot be read/written or is not acceptable
    │   └── CrsFout                a file has no or a wrong coordinate reference system
    ├── DownloadFout               an online source (PDOK) could not be reached or answered badly
    ├── ConfiguratieFout           settings (environment, region file) are wrong
    └── OnderdeelOntbreekt         a system component (e.g. a PDF renderer) is not installed

The web layer maps these to HTTP status codes (``web/fouten.py``) and the CLI to
``click.ClickException``; anything else is a bug and may surface as a 500.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "LocatieplannerError",
    "Probleem",
    "ValidatieFout",
    "NietGevonden",
    "Conflict",
    "NietAangemeld",
    "GeenToegang",
    "Bezet",
    "TeVeelPogingen",
    "BestandFout",
    "CrsFout",
    "DownloadFout",
    "ConfiguratieFout",
    "OnderdeelOntbreekt",
]


class LocatieplannerError(Exception):
    """Base class of every exception the library raises on purpose."""

    def __init__(self, melding: str) -> None:
        super().__init__(melding)
        self.melding = melding

    def als_dict(self) -> dict[str, Any]:
        """JSON form used by the API: ``{"fout": ..., "details": [...]}``."""
        return {"fout": self.melding, "details": []}


@dataclass(frozen=True)
class Probleem:
    """One broken rule: which item and field, the offending value and what is allowed."""

    veld: str
    waarde: Any
    melding: str
    item: str | None = None

    def __str__(self) -> str:
        voor = f"{self.item}: " if self.item else ""
        return f"{voor}{self.veld} = {self.waarde!r}: {self.melding}"

    def als_dict(self) -> dict[str, Any]:
        waarde = self.waarde
        if not isinstance(waarde, str | int | float | bool | type(None)):
            waarde = str(waarde)
        return {"item": self.item, "veld": self.veld, "waarde": waarde, "melding": self.melding}


class ValidatieFout(LocatieplannerError):
    """Input breaks one or more domain rules; nothing has been stored."""

    def __init__(self, problemen: list[Probleem], melding: str | None = None) -> None:
        self.problemen = list(problemen)
        if melding is None:
            melding = "Ongeldige invoer: " + "; ".join(str(p) for p in self.problemen)
        super().__init__(melding)

    def als_dict(self) -> dict[str, Any]:
        return {"fout": self.melding, "details": [p.als_dict() for p in self.problemen]}


class NietGevonden(LocatieplannerError):
    """The requested item does not exist."""


class Conflict(LocatieplannerError):
    """The item was changed by someone else since the given version was read."""

    def __init__(self, melding: str, huidig: dict[str, Any] | None = None) -> None:
        super().__init__(melding)
        self.huidig = huidig

    def als_dict(self) -> dict[str, Any]:
        d = super().als_dict()
        if self.huidig is not None:
            d["huidig"] = self.huidig
        return d


class NietAangemeld(LocatieplannerError):
    """No login, an expired session or an unknown API token."""


class GeenToegang(LocatieplannerError):
    """The account is known, but its role does not allow the action; nothing was changed.

    ``problemen`` names the refused items of a bulk action (e.g. import rows of another
    municipality)."""

    def __init__(self, melding: str, problemen: list[Probleem] | None = None) -> None:
        super().__init__(melding)
        self.problemen = list(problemen or [])

    def als_dict(self) -> dict[str, Any]:
        return {"fout": self.melding, "details": [p.als_dict() for p in self.problemen]}


class Bezet(LocatieplannerError):
    """The database is locked by another writer, or the import slot is taken: try again later.

    ``opnieuw_na`` is the suggested wait in seconds (``Retry-After``)."""

    def __init__(self, melding: str, opnieuw_na: int = 5) -> None:
        super().__init__(melding)
        self.opnieuw_na = opnieuw_na


class TeVeelPogingen(Bezet):
    """Too many failed logins for a name or an address: wait until the window has passed."""


class BestandFout(LocatieplannerError):
    """A file cannot be read or written, or its content is not acceptable."""


class CrsFout(BestandFout):
    """A file has no coordinate reference system, or coordinates that do not fit it."""


class DownloadFout(LocatieplannerError):
    """An online source (e.g. PDOK) could not be reached or gave an unusable answer."""


class ConfiguratieFout(LocatieplannerError):
    """Settings (environment variables, region file) are invalid."""


class OnderdeelOntbreekt(LocatieplannerError):
    """A system component the request needs (e.g. a PDF renderer) is not installed here."""
