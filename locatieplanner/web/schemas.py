"""The shapes of the REST API ``/api/v1``, declared once as pydantic models: request bodies, query
parameters and answers.

The validation of a request (:mod:`.verzoek`, messages by :mod:`.meldingen`) and the OpenAPI
document (:mod:`.openapi`) are both derived from these models. Domain rules (assignments within
the site's DAEB, known corporations, start before delivery, ...) stay in
:mod:`locatieplanner.domein.model`; here are only the types and ranges the document states, and
the checks of the request itself (a GeoJSON geometry, a known municipality in a query).

Request models (:class:`Invoer`) are strict: ``"12"`` is no integer and ``true`` no count.
Query models (:class:`Zoekvraag`) read strings. Descriptions are Dutch: they are the document.
"""

import re
from collections.abc import Callable
from copy import copy
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    SkipValidation,
    ValidationError,
    ValidationInfo,
    WrapValidator,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticKnownError

from ..analyse import laad_schema
from ..crs import RD, WGS84
from ..domein.model import (
    AANTAL_MAX,
    FASEN,
    JAAR_MAX,
    JAAR_MIN,
    LIGGINGEN,
    SEGMENTEN,
    SOORTEN_ONTTREKKING,
    STATUSSEN,
)
from ..domein.waarschuwingen import SOORTEN as SOORTEN_WAARSCHUWING
from .geojson_invoer import LOCATIE_TYPEN, MAX_HOEKPUNTEN, NL_WGS84, lees_geometrie
from .meldingen import samen, weiger

#: Largest id (the id columns are 32-bit integers on PostgreSQL).
MAX_ID = 2**31 - 1
#: Most assignments of one site.
MAX_TOEWIJZINGEN = 200
#: Coordinate reference systems of geometries in the API (query parameter ``crs``).
CRSSEN = (WGS84, RD)
#: Content type of Features and FeatureCollections (RFC 7946).
GEOJSON = "application/geo+json"
#: Page size of ``GET /locaties`` without ``limit``, and its maximum.
LIMIET_STANDAARD = 1000
LIMIET_MAX = 5000


def beschreven(beschrijving: str, *aanpassingen: Callable[[dict[str, Any]], None]) -> ConfigDict:
    """A model's config: its (Dutch) description in the document, and changes to its schema."""

    def schema(s: dict[str, Any]) -> None:
        s["description"] = beschrijving
        for aanpassing in aanpassingen:
            aanpassing(s)

    return ConfigDict(json_schema_extra=schema)


# --------------------------------------------------------------------------- field types


def _niet_leeg(waarde: Any) -> Any:
    if isinstance(waarde, str) and not waarde.strip():
        raise PydanticKnownError("string_too_short", {"min_length": 1})
    return waarde


def tekst(maximum: int, verplicht: bool = False) -> Any:
    """A text of at most ``maximum`` characters; ``verplicht``: not blank, else also null."""
    if verplicht:
        return Annotated[str, Field(min_length=1, max_length=maximum), BeforeValidator(_niet_leeg)]
    return Annotated[str, Field(max_length=maximum)] | None


def _geen_bool_of_float(waarde: Any) -> Any:
    if isinstance(waarde, bool | float):  # a Literal of integers takes true for 1
        raise PydanticKnownError("int_type")
    return waarde


Aantal = Annotated[int, Field(ge=0, le=AANTAL_MAX)]
Jaar = Annotated[int, Field(ge=JAAR_MIN, le=JAAR_MAX)]
Status = Literal[tuple(STATUSSEN)]  # type: ignore[valid-type]
Fase = Annotated[Literal[tuple(FASEN)], BeforeValidator(_geen_bool_of_float)]  # type: ignore[valid-type]
Hardheid = Literal["hard", "zacht"]
Crs = Annotated[
    Literal[CRSSEN],  # type: ignore[valid-type]
    Field(description="Coördinatenstelsel van geometrieën (en bbox) in verzoek en antwoord"),
]


def _bestaande_datum(waarde: str) -> date:
    # after the pattern: JJJJ-MM-DD within the years, and a day that exists
    try:
        datum = date.fromisoformat(waarde)
    except ValueError:
        datum = None
    if datum is None or not JAAR_MIN <= datum.year <= JAAR_MAX:
        weiger(f"moet een bestaande datum JJJJ-MM-DD van {JAAR_MIN} tot en met {JAAR_MAX} zijn")
    return datum


#: A date in a request: text ``JJJJ-MM-DD``, read as a :class:`datetime.date`.
Datum = Annotated[
    str,
    Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", json_schema_extra={"format": "date"}),
    AfterValidator(_bestaande_datum),
]
Gemeentecode = Annotated[tekst(10, verplicht=True), Field(description="Gemeentecode (GM....)")]
Opmerking = Annotated[tekst(4000), Field(description="Vrije toelichting")]
#: A field of a request that is accepted and ignored (the id of an item read and sent back).
Genegeerd = Annotated[
    SkipValidation[int | None],
    Field(json_schema_extra={"readOnly": True}, description="Wordt genegeerd"),
]


# --------------------------------------------------------------------------- GeoJSON geometries

Positie = Annotated[
    list[float],
    Field(
        min_length=2,
        max_length=3,
        description="[lon, lat] in EPSG:4326 (binnen Nederland: lon "
        f"{NL_WGS84[0]}..{NL_WGS84[2]}, lat {NL_WGS84[1]}..{NL_WGS84[3]}), "
        "of [x, y] in EPSG:28992 met crs=EPSG:28992",
    ),
]
Ring = Annotated[list[Positie], Field(min_length=4)]
Bbox = list[float] | None


class Punt(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["Point"]
    coordinates: Positie
    bbox: Bbox = None


class Polygoon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["Polygon"]
    coordinates: list[Ring] = Field(
        min_length=1,
        description="Gesloten ringen; de eerste is de buitenrand. Zichzelf snijdende polygonen "
        "worden geweigerd (422)",
    )
    bbox: Bbox = None


class MultiPolygoon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["MultiPolygon"]
    coordinates: list[Annotated[list[Ring], Field(min_length=1)]] = Field(min_length=1)
    bbox: Bbox = None


Geometrie = Annotated[
    Punt | Polygoon | MultiPolygoon,
    Field(
        discriminator="type",
        description=f"GeoJSON-geometrie ({', '.join(LOCATIE_TYPEN)}), hoogstens "
        f"{MAX_HOEKPUNTEN} posities, binnen Nederland",
    ),
]
Vlak = Annotated[Polygoon | MultiPolygoon, Field(discriminator="type")]


def _lees_geometrie(waarde: Any, _vorm: Any, info: ValidationInfo) -> Any:
    # the shapes above document the geometry; the hand-written reader checks it
    return lees_geometrie(waarde, (info.context or {}).get("crs", WGS84))


#: A site's geometry in a request, read in the ``crs`` of the validation context into RD New.
GeometrieInvoer = Annotated[Geometrie, WrapValidator(_lees_geometrie)]


# --------------------------------------------------------------------------- request bodies


class Invoer(BaseModel):
    """Base of the request bodies: strict JSON types, unknown fields refused. The class
    variables word the refusals that differ from :mod:`.meldingen`'s general ones."""

    model_config = ConfigDict(
        strict=True, extra="forbid", json_schema_serialization_defaults_required=True
    )
    #: Message when the value is no JSON object (default: "moet een object zijn", and for null
    #: "mag niet null zijn; ..."), and what else the problem says (its item).
    geen_object: ClassVar[str | None] = None
    geen_object_ctx: ClassVar[dict[str, Any]] = {}
    #: Message for an unknown field (default: the allowed fields are listed).
    onbekend_veld: ClassVar[str | None] = None
    #: Fields whose name the path of a problem inside them leaves out (a Feature's
    #: ``properties``: ``daeb``, not ``properties.daeb``).
    plat: ClassVar[frozenset[str]] = frozenset()
    #: Fields of an item as read that a request may send back, and that are ignored (the id,
    #: the row version).
    alleen_lezen: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _object(cls, data: Any) -> Any:
        if not isinstance(data, dict) and cls.geen_object:
            weiger(cls.geen_object, **cls.geen_object_ctx)
        return data


class Toewijzing(Invoer):
    model_config = beschreven("Deel van de DAEB-woningen van de locatie voor één corporatie")
    corporatie: tekst(100, verplicht=True) = Field(
        description="Naam van een bekende corporatie (GET /corporaties)"
    )
    daeb: Aantal = Field(description="Aantal DAEB-woningen voor deze corporatie")
    oplevering: Jaar | None = Field(
        None, description="Opleveringsjaar van dit deel (null: dat van de locatie)"
    )


class LocatieVelden(Invoer):
    """The properties of a site a client writes, with their value when a PUT leaves them out."""

    bron_id: tekst(100) = Field(
        None, description="Id bij de leverancier (gemeente); uniek per gemeente"
    )
    naam: tekst(200, verplicht=True) = Field(description="Naam van de locatie")
    gemeente: tekst(10) = Field(
        None,
        description="Gemeentecode (GM....); wordt afgeleid uit de geometrie zodra er "
        "gemeentegrenzen geladen zijn, en alleen zonder grenzen overgenomen",
    )
    status: Status = Field(
        description="Planstatus: " + "; ".join(f"{k} {v}" for k, v in STATUSSEN.items())
    )
    fase: Fase | None = Field(
        None, description="Projectfase: " + "; ".join(f"{k} {v}" for k, v in FASEN.items())
    )
    daeb: Aantal = Field(0, description=SEGMENTEN["daeb"])
    soc_huur: Aantal = Field(0, description=SEGMENTEN["soc_huur"])
    goedk_koop: Aantal = Field(0, description=SEGMENTEN["goedk_koop"])
    midden: Aantal = Field(0, description=SEGMENTEN["midden"])
    bet_koop: Aantal = Field(0, description=SEGMENTEN["bet_koop"])
    overig: Aantal = Field(0, description=SEGMENTEN["overig"])
    start: Jaar | None = Field(None, description="Startjaar van de bouw")
    oplevering: Jaar | None = Field(None, description="Opleveringsjaar")
    opmerking: Opmerking = None
    toewijzingen: list[Toewijzing] = Field(
        default_factory=list,
        max_length=MAX_TOEWIJZINGEN,
        description="Toewijzingen aan corporaties; vervangt bij wijzigen alle bestaande",
    )


_EIGENSCHAPPEN = (
    "Eigenschappen van een locatie (onbekende velden worden geweigerd; alleen-lezen velden "
    "genegeerd)"
)


def _alleen_lezen(schema: dict[str, Any]) -> None:
    schema["properties"].update(
        dict.fromkeys(
            sorted(ALLEEN_LEZEN),
            {"readOnly": True, "description": "Alleen-lezen; wordt in een verzoek genegeerd"},
        )
    )


def _zonder_standaard(schema: dict[str, Any]) -> None:
    for eigenschap in schema["properties"].values():
        eigenschap.pop("default", None)


class LocatieInvoerEigenschappen(LocatieVelden):
    # the read-only properties of an answer are accepted and ignored, so a Feature as read can
    # be sent back
    model_config = beschreven(_EIGENSCHAPPEN, _alleen_lezen)
    geen_object = "moet een object zijn met de eigenschappen van de locatie"

    @model_validator(mode="before")
    @classmethod
    def _zonder_alleen_lezen(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k not in ALLEEN_LEZEN}
        return data


class LocatiePatchEigenschappen(LocatieInvoerEigenschappen):
    # a merge patch: only what is given changes
    model_config = beschreven(_EIGENSCHAPPEN, _alleen_lezen, _zonder_standaard)
    naam: tekst(200, verplicht=True) = Field(
        None, description=LocatieVelden.model_fields["naam"].description
    )
    status: Status = Field(None, description=LocatieVelden.model_fields["status"].description)


class LocatiePatch(Invoer):
    model_config = beschreven(
        "JSON merge patch (RFC 7396) van een Feature: alleen de gegeven eigenschappen (en "
        "eventueel de geometrie) veranderen; toewijzingen vervangt alle",
        _zonder_standaard,
    )
    geen_object = "moet een GeoJSON Feature (object) zijn"
    onbekend_veld = (
        "onbekend veld in de Feature; toegestaan zijn type, id, geometry, properties en bbox"
    )
    plat = frozenset({"properties"})

    type: Literal["Feature"] = None
    id: Any = Field(
        None, json_schema_extra={"readOnly": True}, description="Genegeerd (gelijk aan de URL)"
    )
    bbox: SkipValidation[Bbox] = None
    geometry: GeometrieInvoer = None
    properties: LocatiePatchEigenschappen = Field(default_factory=LocatiePatchEigenschappen)

    @field_validator("properties", mode="wrap")
    @classmethod
    def _geen_object_is_leeg(cls, waarde: Any, lees: Any) -> Any:
        # properties that are no object are refused and read as none (a PUT misses naam too)
        if isinstance(waarde, dict):
            return lees(waarde)
        fouten = []
        for poging in (waarde, {}):
            try:
                lees(poging)
            except ValidationError as fout:
                fouten.append(fout)
        raise samen(fouten)

    @field_validator("id")
    @classmethod
    def _id_van_de_url(cls, waarde: Any, info: ValidationInfo) -> Any:
        locatie_id = (info.context or {}).get("locatie_id")
        if locatie_id is not None and waarde is not None and waarde != locatie_id:
            weiger(f"verschilt van de locatie in de URL ({locatie_id})")
        return waarde


class LocatieInvoer(LocatiePatch):
    model_config = beschreven(
        "Een GeoJSON Feature; bij PUT vervangt ze de hele locatie (afwezige eigenschappen "
        "krijgen hun standaardwaarde)"
    )
    type: Literal["Feature"]
    geometry: GeometrieInvoer
    properties: LocatieInvoerEigenschappen

    @model_validator(mode="before")
    @classmethod
    def _afwezig_is_null(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {**dict.fromkeys(("type", "geometry", "properties")), **data}
        return data


class OnttrekkingInvoer(Invoer):
    model_config = beschreven("Een onttrekking; bij PUT vervangt ze de hele onttrekking")
    geen_object = "moet een object zijn (een onttrekking)"
    geen_object_ctx = {"item": None}  # the message names it
    alleen_lezen = frozenset({"id", "versie"})
    id: Genegeerd = None
    versie: Genegeerd = None
    gemeente: Gemeentecode
    jaar: Jaar = Field(description="Jaar van de onttrekking")
    aantal: Aantal = Field(description="Aantal woningen dat uit de doelgroepvoorraad verdwijnt")
    soort: Literal[SOORTEN_ONTTREKKING]  # type: ignore[valid-type]
    corporatie: tekst(100) = Field(None, description="Naam van een bekende corporatie")
    locatie: Annotated[int, Field(ge=1, le=MAX_ID)] | None = Field(
        None, description="Id van de locatie waar de woningen verdwijnen"
    )
    opmerking: Opmerking = None


class BodInvoer(Invoer):
    model_config = beschreven("Een versie van het bod van een gemeente")
    geen_object = "moet een object zijn (een bod)"
    geen_object_ctx = {"item": None}  # the message names it
    alleen_lezen = frozenset({"id", "rijversie"})
    id: Genegeerd = None
    rijversie: Genegeerd = None
    gemeente: Gemeentecode
    versie: tekst(40, verplicht=True) = Field(
        description="Versie van het bod, bijvoorbeeld origineel of aangescherpt (uniek per "
        "gemeente)"
    )
    datum: Datum = Field(description=f"Datum van het bod (JJJJ-MM-DD, {JAAR_MIN}-{JAAR_MAX})")
    daeb: Aantal = Field(description="Geboden aantal DAEB-woningen 2021-2030")
    opmerking: Opmerking = None


class CorporatieInvoer(Invoer):
    geen_object = "moet een object zijn (een corporatie)"
    geen_object_ctx = {"item": None}  # the message names it
    alleen_lezen = frozenset({"id", "versie"})
    id: Genegeerd = None
    versie: Genegeerd = None
    naam: tekst(100, verplicht=True) = Field(description="Naam van de corporatie (uniek)")
    code: tekst(20) = Field(None, description="Korte code, bijvoorbeeld STA")
    gemeenten: list[Gemeentecode] = Field(
        default_factory=list,
        max_length=500,
        description="Werkgebied: gemeentecodes; vervangt bij wijzigen het hele werkgebied",
    )


class MergePatch(Invoer):
    """Base of the merge patches of :func:`merge_patch`."""

    model_config = beschreven(
        "JSON merge patch (RFC 7396): alleen de gegeven velden veranderen; null maakt een veld "
        "leeg waar dat mag",
        _zonder_standaard,
    )


def merge_patch(model: type[Invoer]) -> type[Invoer]:
    """The JSON merge patch of the record ``model`` describes: the same fields, rules and
    messages, each field optional (absent: unchanged; null only where the field allows it)."""
    velden: dict[str, Any] = {}
    for naam, info in model.model_fields.items():
        optioneel = copy(info)
        optioneel.default, optioneel.default_factory = None, None
        velden[naam] = (info.annotation, optioneel)
    return create_model(  # type: ignore[call-overload,no-any-return]
        model.__name__.removesuffix("Invoer") + "Patch",
        __base__=(model, MergePatch),  # the later base's config (description) wins
        __module__=__name__,
        **velden,
    )


OnttrekkingPatch = merge_patch(OnttrekkingInvoer)
BodPatch = merge_patch(BodInvoer)
CorporatiePatch = merge_patch(CorporatieInvoer)


# --------------------------------------------------------------------------- query parameters

_GETAL = r"[+-]?([0-9]{1,15}(\.[0-9]{0,15})?|\.[0-9]{1,15})"


def _patroon(patroon: str, fout: str) -> BeforeValidator:
    """A number as a query parameter is digits (and a point): no spaces, exponents or nan."""

    def controleer(waarde: Any) -> Any:
        if isinstance(waarde, str) and not re.fullmatch(patroon, waarde):
            raise PydanticKnownError(fout)  # type: ignore[arg-type]
        return waarde

    return BeforeValidator(controleer)


def geheel(minimum: int, maximum: int) -> Any:
    """An integer query parameter from ``minimum`` to ``maximum``."""
    return Annotated[
        int, Field(ge=minimum, le=maximum), _patroon(r"[+-]?[0-9]{1,15}", "int_parsing")
    ]


def getal(minimum: float, maximum: float) -> Any:
    """A number query parameter (decimal point) from ``minimum`` to ``maximum``."""
    return Annotated[float, Field(ge=minimum, le=maximum), _patroon(_GETAL, "float_parsing")]


def _bbox(waarde: str, info: ValidationInfo) -> tuple[float, float, float, float]:
    delen = waarde.split(",")
    if len(delen) != 4 or not all(re.fullmatch(_GETAL, d) for d in delen):
        weiger(
            "moet vier getallen zijn: minx,miny,maxx,maxy (in EPSG:4326: minlon,minlat,maxlon,maxlat)"
        )
    x0, y0, x1, y1 = (float(d) for d in delen)
    if info.data.get("crs", WGS84) == WGS84 and not (
        -180 <= x0 <= 180 and -180 <= x1 <= 180 and -90 <= y0 <= 90 and -90 <= y1 <= 90
    ):
        weiger(
            "lengtegraden moeten -180..180 en breedtegraden -90..90 zijn (EPSG:4326); voor RD-coördinaten: crs=EPSG:28992"
        )
    if x0 > x1 or y0 > y1:
        weiger("minx moet ≤ maxx en miny ≤ maxy zijn")
    return (x0, y0, x1, y1)


def _statussen(waarde: str) -> list[str]:
    delen = waarde.split(",")
    fout = [d for d in delen if d not in STATUSSEN]
    if fout:
        weiger(
            "niet toegestaan: "
            + ", ".join(repr(d) for d in fout)
            + "; toegestaan zijn (kommagescheiden, zonder spaties) "
            + ", ".join(STATUSSEN)
        )
    return list(dict.fromkeys(delen))


def _bekende_gemeenten(waarde: str, info: ValidationInfo) -> list[str]:
    store = info.context["store"]()  # type: ignore[index]
    bekend = [g.gemeente for g in store.gemeenten()]
    onbekend = [c for c in dict.fromkeys(waarde.split(",")) if c not in bekend]
    if onbekend:
        regio = store.regio().codes
        weiger(
            "onbekende gemeentecode "
            + ", ".join(repr(c) for c in onbekend)[:200]
            + "; bekend zijn (kommagescheiden, zonder spaties) "
            + ", ".join(regio)
            + (f" en {len(bekend) - len(regio)} andere" if len(bekend) > len(regio) else "")
        )
    return list(dict.fromkeys(waarde.split(",")))


def _een(codes: list[str]) -> str:
    if len(codes) > 1:
        weiger("hier is één gemeentecode toegestaan", waarde=",".join(codes))
    return codes[0]


def _bekende_corporatie(waarde: str, info: ValidationInfo) -> str:
    bekend = [c.naam for c in info.context["store"]().corporaties()]  # type: ignore[index]
    if waarde not in bekend:
        weiger(
            "onbekende corporatie; bekend zijn " + (", ".join(bekend) or "(nog geen)"),
            waarde=waarde,
        )
    return waarde


Gemeenten = Annotated[
    str,
    Field(
        max_length=2000, description="Gemeentecode(s), kommagescheiden, bijvoorbeeld GM0518,GM0603"
    ),
    AfterValidator(_bekende_gemeenten),
]
EenGemeente = Annotated[
    Gemeenten, AfterValidator(_een), Field(description="Eén gemeentecode, bijvoorbeeld GM0518")
]
Corporatienaam = Annotated[
    str,
    Field(max_length=100, description="Naam van een bekende corporatie"),
    AfterValidator(_bekende_corporatie),
]
Jaartal = geheel(JAAR_MIN, JAAR_MAX)


class Zoekvraag(BaseModel):
    """Base of the query parameters: each a string, read as its type; absent is the default."""

    model_config = ConfigDict(extra="forbid")


class CrsVraag(Zoekvraag):
    crs: Crs = WGS84


#: A box in a query: four numbers, in the ``crs`` read before it (default lon/lat).
Vakvraag = Annotated[
    str,
    AfterValidator(_bbox),
    Field(json_schema_extra={"pattern": f"^{_GETAL}(,{_GETAL}){{3}}$"}),
]


class LocatieFilters(Zoekvraag):
    """The filters of a site search, shared by ``GET /locaties`` and ``GET /kaartbeeld``."""

    gemeente: Gemeenten = None
    corporatie: Corporatienaam = None
    hardheid: Hardheid = Field(None, description="Harde of zachte plannen")
    status: Annotated[
        str,
        AfterValidator(_statussen),
        Field(json_schema_extra={"pattern": "^({0})(,({0}))*$".format("|".join(STATUSSEN))}),
    ] = Field(None, description="Planstatus(sen), kommagescheiden, bijvoorbeeld 1A,1B")
    oplevering_van: Jaartal = Field(
        None,
        description="Locaties met een opleveringsjaar (van de locatie of een toewijzing) vanaf "
        "dit jaar",
    )
    oplevering_tot: Jaartal = Field(None, description="... tot en met dit jaar")

    @field_validator("oplevering_tot")
    @classmethod
    def _na_van(cls, tot: int, info: ValidationInfo) -> int:
        van = info.data.get("oplevering_van")
        if van is not None and van > tot:
            weiger(f"moet gelijk aan of na oplevering_van ({van}) zijn", waarde=tot)
        return tot


class LocatieZoekvraag(LocatieFilters):
    # crs is read first (the bbox is in it), but documented after the bbox; both before the
    # filters
    model_config = ConfigDict(
        json_schema_extra=lambda s: s.update(
            properties={
                "bbox": s["properties"].pop("bbox"),
                "crs": s["properties"].pop("crs"),
                **s["properties"],
            }
        )
    )
    crs: Crs = WGS84
    bbox: Vakvraag = Field(
        None,
        description="minx,miny,maxx,maxy in crs (standaard minlon,minlat,maxlon,maxlat); "
        "locaties die het vak raken",
    )
    q: Annotated[str, Field(max_length=200)] = Field(
        None, description="Zoektekst in naam of bron_id (hoofdletterongevoelig)"
    )
    limit: geheel(1, LIMIET_MAX) = Field(LIMIET_STANDAARD, description="Aantal locaties per pagina")
    offset: geheel(0, MAX_ID) = Field(0, description="Aantal over te slaan locaties")


class GemeentenVraag(Zoekvraag):
    gemeente: Gemeenten = None
    corporatie: Corporatienaam = None


class GemeenteVraag(Zoekvraag):
    gemeente: EenGemeente = None


class AnalyseVraag(Zoekvraag):
    peiljaar: Jaartal = Field(
        None,
        description="Peiljaar binnen de periode van de regio (standaard het laatste jaar); "
        "daarbuiten 400",
    )
    zacht_factor: getal(0, 1) = Field(
        None, description="Deel van de zachte plannen dat gebouwd wordt (realistische schatting)"
    )


# --------------------------------------------------------------------------- answers


class Probleem(BaseModel):
    item: str | None = Field(None, description="Welk item")
    veld: str = Field(description="Veld, parameter of header")
    waarde: Any = Field(None, description="De geweigerde waarde (ingekort)")
    melding: str = Field(description="Wat er mis is en wat mag")


class Link(BaseModel):
    rel: str
    href: str
    type: str


class Index(BaseModel):
    titel: str
    versie: str
    links: list[Link]


class Waarschuwing(BaseModel):
    soort: Literal[SOORTEN_WAARSCHUWING]  # type: ignore[valid-type]
    melding: str
    locatie: int | None = Field(None, description="Bij overlap: de andere locatie")
    oppervlakte_m2: float | None = Field(
        None, description="Bij overlap: gedeelde oppervlakte (0 bij een punt)"
    )
    aantal: int | None = Field(
        None,
        description="Bij oplevering buiten de periode, buiten het werkgebied of DAEB zonder "
        "corporatie: het aantal woningen",
    )
    jaren: list[int] | None = Field(
        None, description="Bij oplevering buiten de periode: de opleverjaren"
    )
    corporatie: str | None = Field(None, description="Bij buiten_werkgebied: de corporatie")
    gemeente: str | None = Field(
        None, description="Bij buiten_werkgebied: de gemeente van de locatie"
    )


#: Description of the row version of every kind of record.
_VERSIE = "Versie (optimistische vergrendeling); de ETag is deze waarde tussen aanhalingstekens"


class LocatieEigenschappen(LocatieVelden):
    id: int = Field(ge=1, description="Id van de locatie (als Feature.id)")
    gemeentenaam: str | None = Field(description="Naam van de gemeente")
    ligging: Literal[tuple(LIGGINGEN)] = Field(  # type: ignore[valid-type]
        description="; ".join(f"{k}: {v}" for k, v in LIGGINGEN.items())
    )
    hardheid: Hardheid = Field(description="hard bij status 1A, 1B, 2A, 2B; anders zacht")
    versie: int = Field(ge=1, description=_VERSIE)
    aangemaakt: datetime
    gewijzigd: datetime
    daeb_nt: int = Field(description="DAEB-woningen zonder corporatie")
    corporaties: str = Field(description="Namen van de corporaties, gescheiden door '; '")


#: Properties of an answer that a request may carry but does not change.
ALLEEN_LEZEN = frozenset(LocatieEigenschappen.model_fields) - frozenset(LocatieVelden.model_fields)


class Locatie(BaseModel):
    inhoudstype: ClassVar[str] = GEOJSON
    type: Literal["Feature"]
    id: int = Field(ge=1)
    geometry: Geometrie
    properties: LocatieEigenschappen


class LocatieOpgeslagen(Locatie):
    waarschuwingen: list[Waarschuwing]


class Samenvatting(BaseModel):
    model_config = beschreven(
        "Over alle gevonden locaties (niet alleen deze pagina), met de definities van de "
        "analyse: DAEB telt mee als het van 'van' tot en met 'tot' (de periode van de regio) "
        "wordt opgeleverd in een gemeente van de regio; per toewijzing het opleverjaar van de "
        "toewijzing. Met het filter corporatie: alleen het aan die corporatie toegewezen deel."
    )
    locaties: int = Field(ge=0)
    van: int = Field(description="Eerste jaar van de periode (regio-instelling)")
    tot: int = Field(description="Laatste jaar van de periode (regio-instelling)")
    corporatie: str | None = Field(
        description="De corporatie waarvan het toegewezen deel is geteld; null: alle DAEB"
    )
    daeb: int = Field(ge=0, description="DAEB opgeleverd in de periode (hard + zacht)")
    daeb_hard: int = Field(ge=0, description="Daarvan in harde plannen")
    daeb_zacht: int = Field(ge=0, description="Daarvan in zachte plannen")
    daeb_na_periode: int = Field(ge=0, description="Opgeleverd na 'tot' (telt niet mee)")
    daeb_voor_periode: int = Field(ge=0, description="Opgeleverd vóór 'van' (telt niet mee)")
    daeb_zonder_jaar: int = Field(ge=0, description="Zonder opleverjaar (telt niet mee)")
    daeb_buiten_regio: int = Field(
        ge=0, description="Op locaties buiten de gemeenten van de regio (telt niet mee)"
    )


class LocatieCollectie(BaseModel):
    inhoudstype: ClassVar[str] = GEOJSON
    type: Literal["FeatureCollection"]
    numberMatched: int = Field(ge=0)
    numberReturned: int = Field(ge=0)
    links: list[Link]
    samenvatting: Samenvatting
    features: list[Locatie]


class Geschiedenisregel(BaseModel):
    tijd: datetime
    gebruiker: str
    actie: str = Field(description="toegevoegd, gewijzigd, verwijderd of herberekend")
    oud: dict[str, Any] | None = Field(
        description="Velden vóór de wijziging (geometrie als WKT in EPSG:28992)"
    )
    nieuw: dict[str, Any] | None = Field(description="Velden na de wijziging")


class GemeenteEigenschappen(BaseModel):
    gemeente: str
    naam: str
    woningen: int | None
    doelgroep: int | None
    peiljaar: int | None
    bod: int | None = Field(description="DAEB van het nieuwste bod")


class Gemeente(BaseModel):
    type: Literal["Feature"]
    id: str
    geometry: Vlak | None = Field(description="null als de grens niet geladen is")
    properties: GemeenteEigenschappen


class GemeenteCollectie(BaseModel):
    inhoudstype: ClassVar[str] = GEOJSON
    type: Literal["FeatureCollection"]
    features: list[Gemeente]


class Corporatie(BaseModel):
    id: int
    naam: str
    code: str | None
    gemeenten: list[str] = Field(description="Werkgebied (gemeentecodes)")
    versie: int = Field(ge=1, description=_VERSIE)


class ToewijzingRij(BaseModel):
    locatie: int
    bron_id: str | None
    naam: str
    gemeente: str | None
    corporatie: str
    daeb: int = Field(ge=0)
    oplevering: int | None
    hardheid: Hardheid


class Onttrekking(OnttrekkingInvoer):
    id: int = Field(ge=1)
    versie: int = Field(ge=1, description=_VERSIE)


class Bod(BodInvoer):
    id: int = Field(ge=1)
    rijversie: int = Field(
        ge=1, description=_VERSIE + "; versie is de naam van de versie van het bod"
    )


class Fout(BaseModel):
    fout: str = Field(description="Nederlandse foutmelding")
    details: list[Probleem]
    huidig: Locatie | Onttrekking | Bod | Corporatie | dict[str, Any] | None = Field(
        None,
        description="Bij 412: de huidige versie van het item (een locatie als Feature, een "
        "onttrekking, bod, corporatie, casus of bijdrage); bij 409: het item dat al bestaat",
    )


class Analyse(RootModel[dict[str, Any]]):
    # the analysis documents itself (schema locatieplanner-analyse/1)
    model_config = ConfigDict(
        json_schema_extra=lambda s: s.update(
            {k: v for k, v in laad_schema().items() if k != "$schema"}
        )
    )
