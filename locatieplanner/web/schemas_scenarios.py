"""The shapes of the re-phasing API (5b question 4) as pydantic models (see :mod:`.schemas` for
the conventions): the steps of a scenario, a computation without saving, saved scenarios and
the comparison. The rules of the steps against the plan stay in
:mod:`locatieplanner.domein.scenario` and the store."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from ..domein.scenario import MAX_STAPPEN, SOORTEN_STAP, STATUSSEN_SCENARIO
from .schemas import (
    MAX_ID,
    EenGemeente,
    Genegeerd,
    Invoer,
    Zoekvraag,
    beschreven,
    merge_patch,
)
from .schemas import tekst as _tekst

__all__ = [
    "StapInvoer",
    "HerfaseringInvoer",
    "ScenarioInvoer",
    "ScenarioPatch",
    "Scenario",
    "Herfasering",
    "ScenarioZoekvraag",
]

_VERSIE = "Versie (optimistische vergrendeling); de ETag is deze waarde tussen aanhalingstekens"
StapJaar = Annotated[int, Field(ge=2000, le=2100)]


class VerdelingInvoer(Invoer):
    model_config = beschreven("Eén jaar van een gesplitste oplevering")
    jaar: StapJaar = Field(description="Opleverjaar")
    aantal: Annotated[int, Field(ge=1, le=1_000_000)] = Field(description="Woningen in dat jaar")


class StapInvoer(Invoer):
    model_config = beschreven(
        "Eén stap van een herfaseringsscenario: een onttrekking of oplevering verschuiven, of een "
        "oplevering over jaren splitsen"
    )
    geen_object = "moet een object zijn (een stap)"
    geen_object_ctx = {"item": None}
    soort: Literal[SOORTEN_STAP] = Field(  # type: ignore[valid-type]
        description="onttrekking_verschuiven, oplevering_verschuiven of oplevering_splitsen"
    )
    doel: Annotated[int, Field(ge=1, le=MAX_ID)] = Field(
        description="Id van de onttrekking of van de locatie"
    )
    jaar: StapJaar | None = Field(None, description="Nieuw jaar (bij verschuiven)")
    verdeling: list[VerdelingInvoer] = Field(
        default_factory=list, max_length=MAX_STAPPEN, description="Jaren en aantallen (splitsen)"
    )
    corporatie: _tekst(100) = Field(
        None, description="Alleen de toegewezen DAEB-woningen van deze corporatie (oplevering)"
    )


class HerfaseringInvoer(Invoer):
    model_config = beschreven("Stappen om door te rekenen, zonder iets op te slaan")
    stappen: list[StapInvoer] = Field(max_length=MAX_STAPPEN)
    peiljaar: StapJaar | None = Field(
        None, description="Peiljaar (standaard het eind van de periode)"
    )


class ScenarioInvoer(Invoer):
    model_config = beschreven(
        "Een opgeslagen herfaseringsscenario van een gemeente, eventueel als oplossing van een casus"
    )
    geen_object = "moet een object zijn (een scenario)"
    geen_object_ctx = {"item": None}
    alleen_lezen = frozenset(
        {"id", "versie", "auteur", "doelversies", "aangemaakt", "gewijzigd", "toegepast"}
    )
    id: Genegeerd = None
    versie: Genegeerd = None
    naam: _tekst(200, verplicht=True)
    gemeente: _tekst(10, verplicht=True) = Field(description="Gemeentecode (GM....)")
    stappen: list[StapInvoer] = Field(min_length=1, max_length=MAX_STAPPEN)
    toelichting: _tekst(8000) = None
    casus: Annotated[int, Field(ge=1, le=MAX_ID)] | None = Field(
        None,
        description="Id van de casus (zelfde gemeente) waarvan dit de voorgestelde oplossing is",
    )
    status: Literal[STATUSSEN_SCENARIO[:2] + STATUSSEN_SCENARIO[3:]] = Field(  # type: ignore[valid-type]
        "concept", description="concept, voorgesteld of vervallen (toegepast zet het toepassen)"
    )


ScenarioPatch = merge_patch(ScenarioInvoer)


class ScenarioZoekvraag(Zoekvraag):
    gemeente: EenGemeente = None
    status: Literal[STATUSSEN_SCENARIO] = Field(None, description="Status")  # type: ignore[valid-type]


class Stap(BaseModel):
    soort: str
    doel: int
    jaar: int | None = None
    verdeling: list[dict[str, int]] = Field(default_factory=list)
    corporatie: str | None = None


class Scenario(BaseModel):
    id: int = Field(ge=1)
    versie: int = Field(ge=1, description=_VERSIE)
    naam: str
    gemeente: str
    stappen: list[Stap]
    toelichting: str | None
    casus: int | None
    status: str
    auteur: str | None
    doelversies: dict[str, int] = Field(
        description="Versie van elke geraakte locatie/onttrekking bij het opslaan"
    )
    aangemaakt: datetime | None
    gewijzigd: datetime | None
    toegepast: datetime | None


class Dal(BaseModel):
    diepte: int
    duur: int
    jaren: list[int]


class GemeenteVergelijking(BaseModel):
    voorraad_zonder: dict[str, int | None]
    voorraad_met: dict[str, int | None]
    dal_zonder: Dal
    dal_met: Dal
    netto_zonder: int
    netto_met: int


class Herfasering(BaseModel):
    peiljaar: int
    stappen: list[Stap]
    gemeenten: dict[str, GemeenteVergelijking] = Field(
        description="Per gemeente de doelgroepvoorraad zonder en met het scenario"
    )
    regio: dict[str, int] = Field(description="Netto groei van de regio zonder en met, verschil")
    gewijzigd: list[str] = Field(description="Gemeenten waarvan de curve verandert")


def als_dict(sc: Any) -> dict[str, Any]:
    """A domain scenario as the fields of :class:`Scenario`."""
    uit = {k: getattr(sc, k) for k in Scenario.model_fields}
    uit["stappen"] = [s.als_dict() for s in sc.stappen]
    return uit
