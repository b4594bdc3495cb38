"""The places of many sites at once (``GET /api/v1/locaties/plekken``) as pydantic models (see
:mod:`.schemas` for the conventions)."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from .meldingen import weiger
from .schemas import MAX_ID

__all__ = ["PLEKKEN_MAX", "Plekken", "PlekkenVraag"]

#: Most sites per request.
PLEKKEN_MAX = 1000


def _ids(waarde: str) -> list[int]:
    delen = waarde.split(",")
    if not all(d.isascii() and d.isdigit() and len(d) <= 15 for d in delen):
        weiger("moet locatie-id's zijn, kommagescheiden zonder spaties, bijvoorbeeld 3,17,42")
    ids = list(dict.fromkeys(int(d) for d in delen))
    if len(ids) > PLEKKEN_MAX:
        weiger(f"{len(ids)} locaties; hoogstens {PLEKKEN_MAX} per verzoek")
    return [i for i in ids if 1 <= i <= MAX_ID]


class PlekkenVraag(BaseModel):
    ids: Annotated[str, Field(min_length=1, max_length=20000), AfterValidator(_ids)] = Field(
        None, description=f"Locatie-id's, kommagescheiden (hoogstens {PLEKKEN_MAX}); zonder: geen"
    )


class Plek(BaseModel):
    id: int = Field(ge=1)
    naam: str
    bbox: tuple[float, float, float, float] = Field(
        description="Omhullende van de geometrie: minlon,minlat,maxlon,maxlat (EPSG:4326)"
    )


class Plekken(BaseModel):
    plekken: list[Plek] = Field(description="De bestaande locaties van de vraag, op id")
