"""Request and response shapes of the corporation endpoints (:mod:`.api_corporaties`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from .schemas import MAX_ID, Corporatie, Geschiedenisregel, Invoer, beschreven

__all__ = ["Samenvoegen", "Samenvoeging", "EerdereNaam", "CorporatieGeschiedenis"]

_Id = Annotated[int, Field(ge=1, le=MAX_ID)]
_Versie = Annotated[int, Field(ge=1, le=MAX_ID)]


class Samenvoegen(Invoer):
    model_config = beschreven(
        "Voeg deze corporatie (de bron) samen met corporatie naar: toewijzingen, onttrekkingen "
        "en accounts gaan naar naar, de werkgebieden worden samengevoegd, de naam van de bron "
        "wordt een eerdere naam van naar en de bron verdwijnt"
    )
    geen_object = "moet een object zijn met naar, versie en naar_versie"
    naar: _Id = Field(description="Id van de corporatie waarin de bron opgaat")
    versie: _Versie = Field(description="Versie van de bron (zoals gelezen)")
    naar_versie: _Versie = Field(description="Versie van corporatie naar (zoals gelezen)")


class Samenvoeging(BaseModel):
    corporatie: Corporatie = Field(description="Corporatie naar na het samenvoegen")
    toewijzingen: list[int] = Field(description="Ids van de verplaatste toewijzingen")
    onttrekkingen: list[int] = Field(description="Ids van de verplaatste onttrekkingen")
    accounts: list[int] = Field(description="Ids van de verplaatste accounts")


class EerdereNaam(BaseModel):
    naam: str
    tot: datetime = Field(description="Tot wanneer de corporatie zo heette")


class CorporatieGeschiedenis(BaseModel):
    corporatie: Corporatie
    eerdere_namen: list[EerdereNaam] = Field(
        description="Eerdere namen (hernoemd of samengevoegd), oudste eerst; imports die zo'n "
        "naam noemen komen bij deze corporatie uit"
    )
    wijzigingen: list[Geschiedenisregel] = Field(description="Wijzigingslog, oudste eerst")
