"""The shape of the cases on the planner's map (``GET /api/v1/casussen.geojson``) as pydantic
models (see :mod:`.schemas` for the conventions)."""

from typing import ClassVar, Literal

from pydantic import BaseModel, Field

from ..domein.casus import SOORTEN_CASUS, STATUSSEN_CASUS
from .schemas import GEOJSON, Geometrie

__all__ = ["CasuskaartEigenschappen", "Casuskaartobject", "Casuskaart"]


class CasuskaartEigenschappen(BaseModel):
    casus: int = Field(ge=1, description="Id van de casus")
    soort: Literal[SOORTEN_CASUS] = Field(description="kans of knelpunt")  # type: ignore[valid-type]
    titel: str
    status: Literal[STATUSSEN_CASUS]  # type: ignore[valid-type]
    categorie: str
    gemeente: str = Field(description="Gemeentecode van de casus")
    plaats: Literal["locatie", "gebied"] = Field(
        description="locatie: een punt op een gekoppelde locatie; gebied: het eigen gebied "
        "van de casus"
    )
    locatie: int | None = Field(description="Id van de gekoppelde locatie (bij plaats locatie)")
    url: str = Field(description="De pagina van de casus")


class Casuskaartobject(BaseModel):
    type: Literal["Feature"]
    id: str = Field(description="casus-<id>-locatie-<id> of casus-<id>-gebied")
    geometry: Geometrie
    properties: CasuskaartEigenschappen


class Casuskaart(BaseModel):
    inhoudstype: ClassVar[str] = GEOJSON
    type: Literal["FeatureCollection"]
    features: list[Casuskaartobject]
