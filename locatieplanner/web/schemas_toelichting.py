"""Request and response shapes of the explanation endpoints (:mod:`.api_toelichting`)."""

from datetime import datetime

from pydantic import BaseModel, Field

from ..domein.toelichting import MAX_TEKST
from .schemas import Invoer, beschreven
from .schemas import tekst as _tekst

__all__ = ["ToelichtingInvoer", "Toelichting"]


class ToelichtingInvoer(Invoer):
    model_config = beschreven(
        "De toelichting of het handelingsperspectief van een gemeente (vervangt de vorige)"
    )
    geen_object = "moet een object zijn met tekst"
    tekst: _tekst(MAX_TEKST, verplicht=True) = Field(  # type: ignore[valid-type]
        description="De toelichting of het handelingsperspectief"
    )


class Toelichting(BaseModel):
    gemeente: str = Field(description="CBS-code van de gemeente")
    tekst: str | None = Field(description="De toelichting; null als er nog geen is")
    versie: int = Field(
        description="Versie (optimistische vergrendeling; 0: nog geen toelichting); de ETag is "
        "deze waarde tussen aanhalingstekens"
    )
    gewijzigd: datetime | None = Field(description="Laatst opgeslagen")
    door: str | None = Field(description="Wie haar laatst opsloeg")
