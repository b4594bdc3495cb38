"""The shapes of the conversation agenda (*gespreksagenda*) of the REST API, as pydantic models
(see :mod:`.schemas` for the conventions): request bodies, query parameters and answers. The
rules against what is stored (known parties and cases of the same municipality) and the rights
stay in :mod:`locatieplanner.domein` and the store."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from ..domein.agenda import MAX_DEELNEMERS, STATUSSEN_AGENDAPUNT
from .schemas import MAX_ID, Datum, Gemeenten, Genegeerd, Invoer, Zoekvraag, beschreven, merge_patch
from .schemas import tekst as _tekst
from .schemas_casussen import _partij, _zonder

__all__ = [
    "AgendapuntInvoer",
    "AgendapuntPatch",
    "Agendapunt",
    "AgendaZoekvraag",
    "StartoverlegInvoer",
    "Startoverleg",
    "GeinformeerdInvoer",
    "Geinformeerd",
    "Agenda",
]

_VERSIE = "Versie (optimistische vergrendeling); de ETag is deze waarde tussen aanhalingstekens"
_PARTIJ = "gemeente, provincie of de naam van een corporatie"


class AgendapuntInvoer(Invoer):
    model_config = beschreven(
        "Een punt van de gespreksagenda van een gemeente (werkafspraak 5b). Een andere partij dan "
        "de gemeente stelt voor: status voorgesteld, zonder trekkers of uitkomst"
    )
    geen_object = "moet een object zijn (een agendapunt)"
    geen_object_ctx = {"item": None}
    alleen_lezen = frozenset({"id", "versie", "aangemaakt", "gewijzigd"})
    id: Genegeerd = None
    versie: Genegeerd = None
    _gelezen = _zonder("aangemaakt", "gewijzigd")
    gemeente: Annotated[_tekst(10, verplicht=True), Field(description="Gemeentecode (GM....)")]
    onderwerp: _tekst(300, verplicht=True) = Field(description="Het onderwerp van gesprek")
    toelichting: _tekst(4000) = None
    voorgesteld_door: _tekst(100) = Field(
        None, description=f"Voorstellende partij ({_PARTIJ}); standaard de eigen partij"
    )
    casussen: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list,
        max_length=MAX_DEELNEMERS,
        description="Ids van gekoppelde casussen (van dezelfde gemeente)",
    )
    trekkers: list[_tekst(100, verplicht=True)] = Field(  # type: ignore[valid-type]
        default_factory=list,
        max_length=MAX_DEELNEMERS,
        description=f"Partijen die het gesprek voortzetten ({_PARTIJ}); bepaalt de gemeente",
    )
    datum: Datum | None = Field(None, description="Geplande datum (JJJJ-MM-DD)")
    status: Literal[STATUSSEN_AGENDAPUNT] = "voorgesteld"  # type: ignore[valid-type]
    uitkomst: _tekst(2000) = Field(None, description="Korte uitkomst van het gesprek")


AgendapuntPatch = merge_patch(AgendapuntInvoer)


class AgendaZoekvraag(Zoekvraag):
    gemeente: Gemeenten = None
    status: Literal[STATUSSEN_AGENDAPUNT] = Field(None, description="Status")  # type: ignore[valid-type]
    partij: Annotated[str, Field(max_length=100), AfterValidator(_partij)] = Field(
        None, description=f"Punten die deze partij voorstelde of trekt ({_PARTIJ})"
    )


class StartoverlegInvoer(Invoer):
    model_config = beschreven("Het startoverleg van de gespreksagenda van een gemeente")
    geen_object = "moet een object zijn (een startoverleg)"
    geen_object_ctx = {"item": None}
    alleen_lezen = frozenset({"id", "versie", "gemeente", "gewijzigd"})
    id: Genegeerd = None
    versie: Genegeerd = None
    _gelezen = _zonder("gemeente", "gewijzigd")
    datum: Datum | None = Field(None, description="Datum van het startoverleg (JJJJ-MM-DD)")
    deelnemers: list[_tekst(200, verplicht=True)] = Field(  # type: ignore[valid-type]
        default_factory=list,
        max_length=MAX_DEELNEMERS,
        description="Deelnemers: vrije tekst of partijen (gemeente, corporaties, provincie)",
    )
    opmerking: _tekst(4000) = None


class GeinformeerdInvoer(Invoer):
    model_config = beschreven(
        "De melding van een corporatie dat zij haar huurdersorganisatie informeerde"
    )
    geen_object = "moet een object zijn (een melding huurdersorganisatie geïnformeerd)"
    geen_object_ctx = {"item": None}
    alleen_lezen = frozenset({"id", "versie", "gemeente", "corporatie", "gewijzigd"})
    id: Genegeerd = None
    versie: Genegeerd = None
    _gelezen = _zonder("gemeente", "corporatie", "gewijzigd")
    datum: Datum = Field(description="Datum waarop de huurdersorganisatie is geïnformeerd")
    notitie: _tekst(2000) = None


# --------------------------------------------------------------------------- answers


class Agendapunt(BaseModel):
    id: int = Field(ge=1)
    versie: int = Field(ge=1, description=_VERSIE)
    gemeente: str
    onderwerp: str
    toelichting: str | None
    voorgesteld_door: str
    casussen: list[int]
    trekkers: list[str]
    datum: str | None = Field(description="JJJJ-MM-DD of null")
    status: str
    uitkomst: str | None
    aangemaakt: datetime | None
    gewijzigd: datetime | None


class Startoverleg(BaseModel):
    id: int = Field(ge=1)
    versie: int = Field(ge=1, description=_VERSIE)
    gemeente: str
    datum: str | None = Field(description="JJJJ-MM-DD of null")
    deelnemers: list[str]
    opmerking: str | None
    gewijzigd: datetime | None


class Geinformeerd(BaseModel):
    id: int = Field(ge=1)
    versie: int = Field(ge=1, description=_VERSIE)
    gemeente: str
    corporatie: str
    datum: str = Field(description="JJJJ-MM-DD")
    notitie: str | None
    gewijzigd: datetime | None


class Agenda(BaseModel):
    gemeente: str
    naam: str = Field(description="Naam van de gemeente")
    startoverleg: Startoverleg | None
    agendapunten: list[Agendapunt]
    geinformeerd: list[Geinformeerd] = Field(
        description="Meldingen huurdersorganisatie geïnformeerd, per corporatie"
    )
    betrokken: list[str] = Field(
        description="Betrokken corporaties (werkgebied of toewijzing in de gemeente)"
    )
