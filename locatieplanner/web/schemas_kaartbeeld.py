"""The map's view of the sites (``GET /api/v1/kaartbeeld``) as pydantic models (see
:mod:`.schemas` for the conventions)."""

from typing import ClassVar, Literal

from pydantic import BaseModel, Field

from .schemas import GEOJSON, Geometrie, LocatieFilters, Status, Vakvraag, geheel

__all__ = ["Kaartbeeld", "KaartbeeldVraag", "ZOOM_MAX"]

#: Highest zoom level of the map (Leaflet, web mercator tiles of 256 pixels).
ZOOM_MAX = 22
#: The zoom level without ``zoom``: the Netherlands on a screen.
ZOOM_STANDAARD = 7


class KaartbeeldVraag(LocatieFilters):
    bbox: Vakvraag = Field(
        None,
        description="Het kaartbeeld: minlon,minlat,maxlon,maxlat (EPSG:4326); standaard heel "
        "Nederland",
    )
    zoom: geheel(0, ZOOM_MAX) = Field(
        ZOOM_STANDAARD,
        description="Zoomniveau van de kaart (tegels van 256 pixels): bepaalt de detaillering",
    )


class KaartbeeldLocatie(BaseModel):
    soort: Literal["locatie"]
    id: int = Field(ge=1)
    naam: str
    gemeente: str | None
    status: Status
    hardheid: Literal["hard", "zacht"]
    fase: int | None
    daeb: int = Field(ge=0)
    daeb_nt: int = Field(description="DAEB-woningen die niet aan een corporatie zijn toegewezen")
    woningen: int = Field(ge=0, description="Alle woningen (de som van de segmenten)")
    corporaties: str = Field(description="Namen van de toegewezen corporaties, met '; ' ertussen")
    oplevering: int | None


class KaartbeeldCluster(BaseModel):
    soort: Literal["cluster"]
    aantal: int = Field(ge=2, description="Aantal locaties in het cluster")
    daeb: int = Field(ge=0)
    hard: int = Field(ge=0, description="Aantal harde locaties")
    zacht: int = Field(ge=0, description="Aantal zachte locaties")
    vak: list[float] = Field(
        min_length=4,
        max_length=4,
        description="minlon,minlat,maxlon,maxlat van de locaties (om op in te zoomen)",
    )


class KaartbeeldObject(BaseModel):
    type: Literal["Feature"]
    id: int | str = Field(description="Id van de locatie, of cluster-<cel>")
    geometry: Geometrie
    properties: KaartbeeldLocatie | KaartbeeldCluster = Field(discriminator="soort")


class Kaartbeeld(BaseModel):
    inhoudstype: ClassVar[str] = GEOJSON
    type: Literal["FeatureCollection"]
    numberMatched: int = Field(ge=0, description="Aantal locaties in het kaartbeeld")
    geaggregeerd: bool = Field(
        description="true: dichte delen als clusters (aantal, DAEB), losse locaties als punt; "
        "false: elke locatie met vereenvoudigde geometrie"
    )
    resolutie: float = Field(gt=0, description="Graden per pixel bij dit zoomniveau")
    features: list[KaartbeeldObject]
