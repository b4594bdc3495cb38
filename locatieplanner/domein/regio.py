"""The housing-market region: member municipalities, agreement period and regional goal."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import ConfiguratieFout
from .casus import STANDAARD_CATEGORIEEN

__all__ = ["Regio", "laad_regio", "STANDAARD_REGIO"]

#: The region file shipped with the package (Haaglanden).
STANDAARD_REGIO = "regio_haaglanden.toml"


@dataclass
class Regio:
    """A region: ``naam``, period ``van``..``tot`` (inclusive), ``doel_netto`` and members."""

    naam: str
    van: int
    tot: int
    doel_netto: int
    gemeenten: dict[str, str] = field(default_factory=dict)
    #: Categories of cases (working agreement 5b), configurable per region.
    categorieen: list[str] = field(default_factory=lambda: list(STANDAARD_CATEGORIEEN))

    @property
    def codes(self) -> list[str]:
        return list(self.gemeenten)

    @property
    def jaren(self) -> range:
        return range(self.van, self.tot + 1)


def laad_regio(pad: str | Path | None = None) -> Regio:
    """Read a region TOML file; without ``pad`` the shipped Haaglanden file."""
    try:
        if pad is None:
            tekst = (
                resources.files("locatieplanner.domein")
                .joinpath(STANDAARD_REGIO)
                .read_text("utf-8")
            )
            bron = STANDAARD_REGIO
        else:
            tekst = Path(pad).read_text("utf-8")
            bron = str(pad)
        data = tomllib.loads(tekst)
    except OSError as e:
        raise ConfiguratieFout(f"Regiobestand {pad} kan niet worden gelezen: {e.strerror}") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfiguratieFout(f"Regiobestand {pad} is geen geldige TOML: {e}") from e
    ontbreekt = [k for k in ("naam", "van", "tot", "doel_netto", "gemeenten") if k not in data]
    if ontbreekt:
        raise ConfiguratieFout(f"Regiobestand {bron} mist de sleutel(s): {', '.join(ontbreekt)}")
    for k in ("van", "tot", "doel_netto"):
        if not isinstance(data[k], int) or isinstance(data[k], bool):
            raise ConfiguratieFout(
                f"Regiobestand {bron}: {k} = {data[k]!r} moet een geheel getal zijn"
            )
    if data["tot"] < data["van"]:
        raise ConfiguratieFout(
            f"Regiobestand {bron}: tot = {data['tot']} ligt vóór van = {data['van']}"
        )
    gemeenten = data["gemeenten"]
    if not isinstance(gemeenten, dict) or not gemeenten:
        raise ConfiguratieFout(
            f'Regiobestand {bron}: [gemeenten] moet codes met namen bevatten, bijv. GM0518 = "\'s-Gravenhage"'
        )
    categorieen = data.get("categorieen", list(STANDAARD_CATEGORIEEN))
    if (
        not isinstance(categorieen, list)
        or not categorieen
        or not all(isinstance(c, str) and c.strip() and len(c) <= 100 for c in categorieen)
        or len(set(categorieen)) != len(categorieen)
    ):
        raise ConfiguratieFout(
            f"Regiobestand {bron}: categorieen moet een lijst van verschillende, niet-lege teksten "
            '(hoogstens 100 tekens) zijn, bijv. categorieen = ["grondpositie", "overig"]'
        )
    return Regio(
        naam=str(data["naam"]),
        van=data["van"],
        tot=data["tot"],
        doel_netto=data["doel_netto"],
        gemeenten={str(k): str(v) for k, v in gemeenten.items()},
        categorieen=list(categorieen),
    )
