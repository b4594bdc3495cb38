"""Settings of one installation, read once for the CLI and the web app alike.

Order (later wins): defaults, ``config.py`` in the instance folder, environment variables
``LOCATIEPLANNER_*`` (values parsed as JSON where they are JSON, e.g. ``false``), explicit overrides.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfiguratieFout

__all__ = [
    "PREFIX",
    "Instellingen",
    "geheime_sleutel",
    "laad_instellingen",
    "standaard_database_url",
]

#: Prefix of the environment variables, e.g. ``LOCATIEPLANNER_DATABASE_URL``.
PREFIX = "LOCATIEPLANNER_"

_STANDAARD: dict[str, Any] = {
    "DATABASE_URL": None,
    # PDOK BRT-Achtergrondkaart as basemap; the browser falls back to a blank map offline.
    "BASISKAART": True,
    "GEBRUIKER": "planner",
}


def standaard_instance_map() -> Path:
    """The instance folder: ``instance/`` beside the source tree, or ``<prefix>/var/...`` when
    installed into site-packages (the same place Flask picks)."""
    if "LOCATIEPLANNER_INSTANCE" in os.environ:
        return Path(os.environ["LOCATIEPLANNER_INSTANCE"])
    pakket = Path(__file__).resolve().parent
    if "site-packages" in pakket.parts:
        return Path(sys.prefix) / "var" / "locatieplanner.web-instance"
    return pakket.parent / "instance"


def geheime_sleutel(instance_map: Path) -> str:
    """The secret key that signs sessions: read from ``geheime_sleutel`` in the instance folder,
    generated there (mode 0600) on first use, so that every worker process and restart shares it.
    Never printed or logged. App servers on several machines share ``SECRET_KEY`` instead
    (``LOCATIEPLANNER_SECRET_KEY`` or ``config.py``): a generated file is one machine's own."""
    pad = instance_map / "geheime_sleutel"
    instance_map.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    sleutel = pad.read_text("ascii").strip()
    if len(sleutel) < 32:
        raise ConfiguratieFout(
            f"{pad} bevat geen bruikbare geheime sleutel (minstens 32 tekens); verwijder het "
            "bestand, dan wordt een nieuwe gemaakt"
        )
    return sleutel


def standaard_database_url(instance_map: str | os.PathLike[str]) -> str:
    """The embedded SQLite file in the instance folder."""
    return f"sqlite:///{Path(instance_map) / 'locatieplanner.sqlite'}"


@dataclass(frozen=True)
class Instellingen:
    """The settings; ``overig`` holds every other upper-case setting (passed on to Flask)."""

    instance_map: Path
    database_url: str
    basiskaart: bool = True
    gebruiker: str = "planner"
    overig: dict[str, Any] = field(default_factory=dict, repr=False)

    def als_mapping(self) -> dict[str, Any]:
        """Upper-case keys as the web app's config expects them."""
        return {
            **self.overig,
            "DATABASE_URL": self.database_url,
            "BASISKAART": self.basiskaart,
            "GEBRUIKER": self.gebruiker,
        }


def _lees_configbestand(pad: Path) -> dict[str, Any]:
    if not pad.is_file():
        return {}
    naamruimte: dict[str, Any] = {"__file__": str(pad)}
    exec(compile(pad.read_bytes(), str(pad), "exec"), naamruimte)  # noqa: S102 - own settings file
    return {k: v for k, v in naamruimte.items() if k.isupper()}


#: Settings whose environment value is always text (a secret of digits is not a number).
_TEKST = frozenset({"SECRET_KEY", "DATABASE_URL"})
#: Shortest secret key accepted (characters).
MIN_SLEUTEL = 32


def _lees_omgeving() -> dict[str, Any]:
    uit: dict[str, Any] = {}
    for sleutel in sorted(os.environ):
        if not sleutel.startswith(PREFIX) or sleutel == "LOCATIEPLANNER_INSTANCE":
            continue
        naam = sleutel.removeprefix(PREFIX)
        waarde: Any = os.environ[sleutel]
        if naam not in _TEKST:
            with contextlib.suppress(ValueError):
                waarde = json.loads(waarde)
        uit[naam] = waarde
    return uit


#: Most reverse proxies ``VERTROUWDE_PROXIES`` may name (a longer chain is a mistake).
MAX_PROXIES = 5


def _controleer_proxies(waarde: Any) -> int:
    """``VERTROUWDE_PROXIES``: how many reverse proxies stand before the app servers (0-5)."""
    if isinstance(waarde, bool) or not isinstance(waarde, int) or not 0 <= waarde <= MAX_PROXIES:
        raise ConfiguratieFout(
            f"De instelling VERTROUWDE_PROXIES is {waarde!r}; toegestaan is een geheel getal van "
            f"0 tot en met {MAX_PROXIES}: het aantal reverse proxies vóór de app-servers"
        )
    return waarde


def _controleer_sleutel(waarde: Any) -> str:
    """A secret key given in ``config.py`` or ``LOCATIEPLANNER_SECRET_KEY``: text of at least
    :data:`MIN_SLEUTEL` characters (its value is never named in the message)."""
    if not isinstance(waarde, str) or len(waarde.strip()) < MIN_SLEUTEL:
        lengte = len(waarde.strip()) if isinstance(waarde, str) else 0
        raise ConfiguratieFout(
            f"De instelling SECRET_KEY (LOCATIEPLANNER_SECRET_KEY) is {lengte} tekens lang; "
            f"nodig is tekst van minstens {MIN_SLEUTEL} tekens, op elke app-server dezelfde "
            "(maak er een met: python -c 'import secrets; print(secrets.token_hex(32))')"
        )
    return waarde.strip()


def laad_instellingen(
    overrides: dict[str, Any] | None = None,
    *,
    instance_map: str | os.PathLike[str] | None = None,
    omgeving: bool = True,
) -> Instellingen:
    """Read the settings. ``omgeving=False`` skips ``config.py`` and the environment (tests)."""
    map_ = Path(instance_map) if instance_map is not None else standaard_instance_map()
    waarden = dict(_STANDAARD)
    if omgeving:
        waarden.update(_lees_configbestand(map_ / "config.py"))
        waarden.update(_lees_omgeving())
    waarden.update(overrides or {})
    if waarden.get("SECRET_KEY") in (None, ""):
        waarden["SECRET_KEY"] = geheime_sleutel(map_) if omgeving else secrets.token_hex(32)
    elif omgeving:
        # several app servers share one key (sessions and CSRF tokens signed on one are valid
        # on the others): set it from outside; a short one is refused
        waarden["SECRET_KEY"] = _controleer_sleutel(waarden["SECRET_KEY"])
    waarden["VERTROUWDE_PROXIES"] = _controleer_proxies(waarden.get("VERTROUWDE_PROXIES", 0))
    url = waarden.pop("DATABASE_URL") or None
    if url is None:
        map_.mkdir(parents=True, exist_ok=True)
        url = standaard_database_url(map_)
    return Instellingen(
        instance_map=map_,
        database_url=str(url),
        basiskaart=bool(waarden.pop("BASISKAART")),
        gebruiker=str(waarden.pop("GEBRUIKER")),
        overig=waarden,
    )
