"""The API's shapes of the analysis' data-quality signals (``GET /locaties/<id>/signalen``)."""

from typing import Literal

from pydantic import BaseModel, Field

from ..analyse.signalen import SOORTEN as SOORTEN_SIGNAAL

__all__ = ["Signaal"]


class Signaal(BaseModel):
    soort: Literal[tuple(SOORTEN_SIGNAAL)] = Field(  # type: ignore[valid-type]
        description="Soort signaal (zoals in locatieplanner analyse)"
    )
    ernst: Literal["fout", "waarschuwing", "info"]
    melding: str = Field(description="Nederlandse melding")
    gemeente: str | None = Field(description="Gemeente waarover het signaal gaat")
    locaties: list[int] = Field(description="Ids van de locaties die het signaal noemt")
    onttrekking: int | None
    aantal: int | None = Field(description="Aantal woningen waarover het signaal gaat")
    oppervlakte_m2: float | None = Field(description="Bij overlap: gedeelde oppervlakte")
    aandelen: dict[str, float] | None = Field(
        description="Bij grens: aandeel van de oppervlakte per gemeente"
    )
