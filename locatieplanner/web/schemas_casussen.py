"""The shapes of the cases (*casussen*) and contributions (*bijdragen*) of the REST API, as
pydantic models (see :mod:`.schemas` for the conventions): request bodies, query parameters and
answers. The domain rules (the region's categories, known sites of the case's municipality, one
contribution per party) stay in :mod:`locatieplanner.domein.casus` and the store."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, ValidationInfo, model_validator

from ..domein.casus import (
    BEDRAG_MAX,
    MAX_ITEMS,
    PARTIJEN,
    SOORTEN_BIJDRAGE,
    SOORTEN_CASUS,
    STATUSSEN_BIJDRAGE,
    STATUSSEN_CASUS,
    STATUSSEN_OPLOSSING,
)
from .meldingen import weiger
from .schemas import (
    MAX_ID,
    Aantal,
    Datum,
    Gemeenten,
    Genegeerd,
    Geometrie,
    GeometrieInvoer,
    Invoer,
    Jaar,
    Zoekvraag,
    beschreven,
    merge_patch,
)
from .schemas import (
    tekst as _tekst,
)

__all__ = [
    "CasusInvoer",
    "CasusPatch",
    "Casus",
    "CasusMetBijdragen",
    "CasusZoekvraag",
    "BijdrageInvoer",
    "BijdragePatch",
    "Bijdrage",
]

_VERSIE = "Versie (optimistische vergrendeling); de ETag is deze waarde tussen aanhalingstekens"


def _zonder(*velden: str) -> Any:
    """A before-validator that drops the fields of an item as read that a request may send
    back and that are ignored (times, contributions): not part of the request's schema."""

    def zonder(cls: Any, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: w for k, w in data.items() if k not in velden}
        return data

    return model_validator(mode="before")(classmethod(zonder))  # type: ignore[arg-type]


class OplossingsrichtingInvoer(Invoer):
    model_config = beschreven("Een mogelijke oplossingsrichting met haar status")
    tekst: _tekst(2000, verplicht=True) = Field(description="Wat de oplossing is")
    status: Literal[STATUSSEN_OPLOSSING] = "voorgesteld"  # type: ignore[valid-type]


class PotentieelInvoer(Invoer):
    model_config = beschreven(
        "Extra woningen als de casus slaagt, opgeleverd in één jaar (elk jaar hoogstens één keer)"
    )
    jaar: Jaar = Field(description="Opleverjaar")
    daeb: Aantal = Field(0, description="Extra DAEB-woningen (sociale huur)")
    overig: Aantal = Field(0, description="Extra andere doelgroepwoningen")


_ALLEEN_LEZEN = frozenset(
    {"id", "versie", "aangemaakt", "gewijzigd", "bijdragen", "open_partijen", "betrokken"}
)


class CasusInvoer(Invoer):
    model_config = beschreven(
        "Een casus (kans of knelpunt) van een gemeente, werkafspraak 5b; gebied is GeoJSON in "
        "EPSG:4326"
    )
    geen_object = "moet een object zijn (een casus)"
    geen_object_ctx = {"item": None}  # the message names it
    alleen_lezen = _ALLEEN_LEZEN
    id: Genegeerd = None
    versie: Genegeerd = None
    _gelezen = _zonder("aangemaakt", "gewijzigd", "bijdragen", "betrokken", "open_partijen")
    gemeente: Annotated[_tekst(10, verplicht=True), Field(description="Gemeentecode (GM....)")]
    soort: Literal[SOORTEN_CASUS]  # type: ignore[valid-type]
    titel: _tekst(200, verplicht=True)
    beschrijving: _tekst(8000) = None
    categorie: _tekst(100, verplicht=True) = Field(
        description="Categorie uit de lijst van de regio (bijv. grondpositie, stikstof, overig)"
    )
    vragen: list[Literal[1, 2, 3, 4]] = Field(
        default_factory=list, max_length=4, description="Welke van de vier vragen van 5b"
    )
    locaties: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Ids van gekoppelde locaties (van de gemeente van de casus)",
    )
    gebied: GeometrieInvoer | None = Field(
        None, description="Eigen gebied (nog niet getekend plan)"
    )
    oplossingsrichtingen: list[OplossingsrichtingInvoer] = Field(
        default_factory=list, max_length=MAX_ITEMS
    )
    potentieel: list[PotentieelInvoer] = Field(default_factory=list, max_length=MAX_ITEMS)
    status: Literal[STATUSSEN_CASUS] = "open"  # type: ignore[valid-type]
    eigenaar: _tekst(100, verplicht=True) = Field(
        "gemeente", description="Partij die de casus trekt: gemeente, provincie of een corporatie"
    )
    streefdatum: Datum | None = Field(None, description="Streefdatum (JJJJ-MM-DD)")


CasusPatch = merge_patch(CasusInvoer)


class BijdrageInvoer(Invoer):
    model_config = beschreven("De bijdrage van één partij aan een casus")
    geen_object = "moet een object zijn (een bijdrage)"
    geen_object_ctx = {"item": None}
    alleen_lezen = frozenset({"id", "versie", "casus", "gewijzigd"})
    id: Genegeerd = None
    versie: Genegeerd = None
    casus: Genegeerd = None
    _gelezen = _zonder("gewijzigd")
    partij: Literal[PARTIJEN] = Field(  # type: ignore[valid-type]
        description="gemeente, corporatie of provincie; ligt vast na het aanmaken"
    )
    corporatie: _tekst(100) = Field(
        None, description="Naam van de corporatie (bij partij corporatie)"
    )
    wat: _tekst(4000, verplicht=True) = Field(description="Wat de partij doet")
    soort: Literal[SOORTEN_BIJDRAGE]  # type: ignore[valid-type]
    bedrag: Annotated[float, Field(ge=0, le=BEDRAG_MAX)] | None = Field(
        None, description="Bedrag in euro's (optioneel)"
    )
    status: Literal[STATUSSEN_BIJDRAGE] = "toegezegd"  # type: ignore[valid-type]


BijdragePatch = merge_patch(BijdrageInvoer)


# --------------------------------------------------------------------------- query


def _partij(waarde: str, info: ValidationInfo) -> str:
    if waarde in ("gemeente", "provincie"):
        return waarde
    bekend = [c.naam for c in info.context["store"]().corporaties()]  # type: ignore[index]
    if waarde not in bekend:
        weiger(
            "onbekende partij; toegestaan zijn gemeente, provincie of een corporatie ("
            + (", ".join(bekend) or "nog geen")
            + ")",
            waarde=waarde,
        )
    return waarde


class CasusZoekvraag(Zoekvraag):
    gemeente: Gemeenten = None
    categorie: Annotated[str, Field(max_length=100)] = Field(None, description="Categorie")
    status: Literal[STATUSSEN_CASUS] = Field(None, description="Status")  # type: ignore[valid-type]
    soort: Literal[SOORTEN_CASUS] = Field(None, description="kans of knelpunt")  # type: ignore[valid-type]
    partij: Annotated[str, Field(max_length=100), AfterValidator(_partij)] = Field(
        None,
        description="Casussen met een bijdrage van deze partij (gemeente, provincie of "
        "de naam van een corporatie)",
    )


# --------------------------------------------------------------------------- answers


class Oplossingsrichting(BaseModel):
    tekst: str
    status: str


class Potentieel(BaseModel):
    jaar: int
    daeb: int
    overig: int


class Bijdrage(BaseModel):
    id: int = Field(ge=1)
    versie: int = Field(ge=1, description=_VERSIE)
    casus: int
    partij: str
    corporatie: str | None
    wat: str
    soort: str
    bedrag: float | None
    status: str
    gewijzigd: datetime | None


class Casus(BaseModel):
    id: int = Field(ge=1)
    versie: int = Field(ge=1, description=_VERSIE)
    gemeente: str
    soort: str
    titel: str
    beschrijving: str | None
    categorie: str
    vragen: list[int]
    locaties: list[int]
    gebied: Geometrie | None = Field(description="Eigen gebied in EPSG:4326, of null")
    oplossingsrichtingen: list[Oplossingsrichting]
    potentieel: list[Potentieel]
    status: str
    eigenaar: str
    streefdatum: str | None = Field(description="JJJJ-MM-DD of null")
    aangemaakt: datetime | None
    gewijzigd: datetime | None


class CasusMetBijdragen(Casus):
    bijdragen: list[Bijdrage] = Field(description="De bijdragen van de partijen")
    betrokken: list[str] = Field(
        description="Betrokken corporaties: toewijzing op een gekoppelde locatie of werkgebied "
        "in de gemeente"
    )
    open_partijen: list[str] = Field(
        description="Partijen die nog niet hebben geantwoord (gemeente, corporaties, provincie)"
    )


def als_dict(model: type[BaseModel], item: Any, **extra: Any) -> dict[str, Any]:
    """The fields of ``model`` read from the domain object ``item`` (nested dataclasses as
    dicts), with ``extra`` over them."""
    from dataclasses import asdict, is_dataclass

    uit: dict[str, Any] = {}
    for k in model.model_fields:
        if k in extra:
            uit[k] = extra[k]
            continue
        w = getattr(item, k)
        if isinstance(w, list):
            w = [asdict(x) if is_dataclass(x) else x for x in w]
        uit[k] = w
    return uit
