"""Tables of the store (SQLAlchemy Core); Alembic migrations create and evolve them."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from .geometrie import Geometrie

__all__ = [
    "metadata",
    "regio",
    "gemeente",
    "corporatie",
    "werkgebied",
    "corporatienaam",
    "locatie",
    "toewijzing",
    "onttrekking",
    "bod",
    "casus",
    "casus_locatie",
    "oplossingsrichting",
    "casus_potentieel",
    "bijdrage",
    "scenario",
    "scenario_stap",
    "startoverleg",
    "agendapunt",
    "geinformeerd",
    "wijziging",
    "account",
    "api_token",
    "aanmeldpoging",
    "peilstand",
    "peilstand_tabel",
    "peilstand_geometrie",
    "toelichting",
    "RUIMTELIJKE_INDEX",
    "DATAVERSIE",
    "neem_op",
]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

regio = Table(
    "regio",
    metadata,
    Column("naam", String(100), primary_key=True),
    Column("van", Integer, nullable=False),
    Column("tot", Integer, nullable=False),
    Column("doel_netto", Integer, nullable=False),
    # Member municipalities as "GM0518=naam" lines, in order.
    Column("gemeenten", Text, nullable=False),
    # Categories of cases, one per line; NULL (older databases): the default list.
    Column("categorieen", Text, nullable=True),
)

gemeente = Table(
    "gemeente",
    metadata,
    Column("gemeente", String(10), primary_key=True),
    Column("naam", String(200), nullable=False),
    Column("geom", Geometrie(), nullable=True),
    Column("woningen", Integer, nullable=True),
    Column("doelgroep", Integer, nullable=True),
    Column("peiljaar", Integer, nullable=True),
    Column("bron", String(200), nullable=True),
    Column("gewijzigd", DateTime(timezone=True), nullable=False),
)

corporatie = Table(
    "corporatie",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("naam", String(100), nullable=False, unique=True),
    Column("code", String(20), nullable=True),
    # Row version (optimistic lock, store/versies.py); rows older than migration 0003 start at 1.
    Column("versie", Integer, nullable=False, server_default=text("1")),
)

werkgebied = Table(
    "werkgebied",
    metadata,
    Column(
        "corporatie",
        Integer,
        ForeignKey("corporatie.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("gemeente", String(10), ForeignKey("gemeente.gemeente"), primary_key=True),
)

# Former names of corporations (renamed or merged into another): imports naming an old name land
# on the corporation that has it now. A name is the former name of at most one corporation.
corporatienaam = Table(
    "corporatienaam",
    metadata,
    Column("naam", String(100), primary_key=True),
    Column(
        "corporatie",
        Integer,
        ForeignKey("corporatie.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    # When it stopped being the corporation's name.
    Column("tot", DateTime(timezone=True), nullable=False),
)

locatie = Table(
    "locatie",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("bron_id", String(100), nullable=True),
    Column("naam", String(200), nullable=False),
    Column("gemeente", String(10), ForeignKey("gemeente.gemeente"), nullable=True, index=True),
    Column("ligging", String(10), nullable=False),
    Column("geom", Geometrie(), nullable=False),
    Column("minx", Float, nullable=False),
    Column("miny", Float, nullable=False),
    Column("maxx", Float, nullable=False),
    Column("maxy", Float, nullable=False),
    Column("status", String(2), nullable=False),
    Column("fase", Integer, nullable=True),
    Column("daeb", Integer, nullable=False),
    Column("soc_huur", Integer, nullable=False),
    Column("goedk_koop", Integer, nullable=False),
    Column("midden", Integer, nullable=False),
    Column("bet_koop", Integer, nullable=False),
    Column("overig", Integer, nullable=False),
    Column("start", Integer, nullable=True),
    Column("oplevering", Integer, nullable=True),
    Column("opmerking", Text, nullable=True),
    Column("aangemaakt", DateTime(timezone=True), nullable=False),
    Column("gewijzigd", DateTime(timezone=True), nullable=False),
    Column("versie", Integer, nullable=False),
    UniqueConstraint("gemeente", "bron_id"),
    Index("ix_locatie_bbox", "minx", "maxx", "miny", "maxy"),
)

#: The spatial index of ``locatie`` per dialect (migration 0010), outside this metadata because
#: each database has its own kind: on SQLite the R*Tree virtual table ``locatie_rtree(id, minx,
#: maxx, miny, maxy)`` over the bbox columns, kept in step by triggers on ``locatie`` (a later
#: migration that rebuilds ``locatie`` in batch mode must create them again); on PostgreSQL
#: the GIST index ``ix_locatie_geom`` on ``geom`` (since migration 0001).
RUIMTELIJKE_INDEX = {"sqlite": "locatie_rtree", "postgresql": "ix_locatie_geom"}

#: PostgreSQL only (migration 0011), outside this metadata: the one-row counter
#: ``dataversie(id = 1, versie)`` that every transaction writing the audit log ``wijziging``
#: raises by one when it commits (in commit order), and ``dataversie_open(transactie)``, where
#: a statement trigger on ``wijziging`` notes such a transaction until a deferred trigger
#: raises the counter. SQLite's writers are serialised, so there the newest audit id serves.
DATAVERSIE = ("dataversie", "dataversie_open")


def neem_op(naam: str | None, soort: str, ouder: dict[str, str | None]) -> bool:
    """Whether Alembic compares database object ``naam`` with this metadata (its
    ``include_name`` hook): not the spatial index, nor the R*Tree's shadow tables, nor
    PostgreSQL's data version (:data:`DATAVERSIE`)."""
    if naam is None:
        return True
    return (
        naam not in RUIMTELIJKE_INDEX.values()
        and naam not in DATAVERSIE
        and not naam.startswith("locatie_rtree_")
    )


toewijzing = Table(
    "toewijzing",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "locatie",
        Integer,
        ForeignKey("locatie.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("corporatie", Integer, ForeignKey("corporatie.id"), nullable=False, index=True),
    Column("daeb", Integer, nullable=False),
    Column("oplevering", Integer, nullable=True),
)

onttrekking = Table(
    "onttrekking",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("gemeente", String(10), ForeignKey("gemeente.gemeente"), nullable=False, index=True),
    Column(
        "locatie",
        Integer,
        ForeignKey("locatie.id", ondelete="SET NULL"),
        nullable=True,
    ),
    Column("corporatie", Integer, ForeignKey("corporatie.id"), nullable=True),
    Column("jaar", Integer, nullable=False),
    Column("aantal", Integer, nullable=False),
    Column("soort", String(20), nullable=False),
    Column("opmerking", Text, nullable=True),
    Column("versie", Integer, nullable=False),
)

bod = Table(
    "bod",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("gemeente", String(10), ForeignKey("gemeente.gemeente"), nullable=False, index=True),
    Column("versie", String(40), nullable=False),
    Column("datum", Date, nullable=False),
    Column("daeb", Integer, nullable=False),
    Column("opmerking", Text, nullable=True),
    Column("aangemaakt", DateTime(timezone=True), nullable=False),
    # Row version (optimistic lock, store/versies.py): ``versie`` is the bid version's name.
    Column("rijversie", Integer, nullable=False, server_default=text("1")),
    UniqueConstraint("gemeente", "versie"),
)

# Cases (working agreement 5b): an opportunity or bottleneck of one municipality.
casus = Table(
    "casus",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("gemeente", String(10), ForeignKey("gemeente.gemeente"), nullable=False, index=True),
    Column("soort", String(10), nullable=False),
    Column("titel", String(200), nullable=False),
    Column("beschrijving", Text, nullable=True),
    Column("categorie", String(100), nullable=False),
    # The questions 1-4 it answers, comma separated ("1,2").
    Column("vragen", String(20), nullable=False),
    Column("gebied", Geometrie(), nullable=True),
    Column("status", String(20), nullable=False),
    Column("eigenaar", String(100), nullable=False),
    Column("streefdatum", Date, nullable=True),
    Column("aangemaakt", DateTime(timezone=True), nullable=False),
    Column("gewijzigd", DateTime(timezone=True), nullable=False),
    Column("versie", Integer, nullable=False),
)

# The sites a case is about (a deleted site drops out).
casus_locatie = Table(
    "casus_locatie",
    metadata,
    Column("casus", Integer, ForeignKey("casus.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "locatie",
        Integer,
        ForeignKey("locatie.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

oplossingsrichting = Table(
    "oplossingsrichting",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "casus", Integer, ForeignKey("casus.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("volgorde", Integer, nullable=False),
    Column("tekst", Text, nullable=False),
    Column("status", String(20), nullable=False),
)

# Potential of a case per delivery year: extra DAEB and other target-group dwellings.
casus_potentieel = Table(
    "casus_potentieel",
    metadata,
    Column("casus", Integer, ForeignKey("casus.id", ondelete="CASCADE"), primary_key=True),
    Column("jaar", Integer, primary_key=True),
    Column("daeb", Integer, nullable=False),
    Column("overig", Integer, nullable=False),
)

# Contributions: at most one per party per case (partijsleutel: gemeente, provincie or
# corporatie:<id>).
bijdrage = Table(
    "bijdrage",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "casus", Integer, ForeignKey("casus.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("partij", String(20), nullable=False),
    Column("corporatie", Integer, ForeignKey("corporatie.id"), nullable=True),
    Column("partijsleutel", String(40), nullable=False),
    Column("wat", Text, nullable=False),
    Column("soort", String(30), nullable=False),
    Column("bedrag", Float, nullable=True),
    Column("status", String(20), nullable=False),
    Column("gewijzigd", DateTime(timezone=True), nullable=False),
    Column("versie", Integer, nullable=False),
    UniqueConstraint("casus", "partijsleutel"),
)

# Saved re-phasing scenarios (5b question 4), optionally the proposed solution of a case.
scenario = Table(
    "scenario",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("gemeente", String(10), ForeignKey("gemeente.gemeente"), nullable=False, index=True),
    Column("naam", String(200), nullable=False),
    Column("toelichting", Text, nullable=True),
    Column(
        "casus", Integer, ForeignKey("casus.id", ondelete="SET NULL"), nullable=True, index=True
    ),
    Column("status", String(20), nullable=False),
    Column("auteur", String(100), nullable=False),
    Column("aangemaakt", DateTime(timezone=True), nullable=False),
    Column("gewijzigd", DateTime(timezone=True), nullable=False),
    Column("toegepast", DateTime(timezone=True), nullable=True),
    Column("versie", Integer, nullable=False),
)

# The steps of a scenario in order; ``verdeling`` as "jaar:aantal,jaar:aantal"; ``doelversie``:
# the row version of the site or removal the step touches, at saving.
scenario_stap = Table(
    "scenario_stap",
    metadata,
    Column("scenario", Integer, ForeignKey("scenario.id", ondelete="CASCADE"), primary_key=True),
    Column("volgorde", Integer, primary_key=True),
    Column("soort", String(30), nullable=False),
    Column("doel", Integer, nullable=False),
    Column("jaar", Integer, nullable=True),
    Column("verdeling", Text, nullable=True),
    Column("corporatie", String(100), nullable=True),
    Column("doelversie", Integer, nullable=True),
)

# The conversation agenda (working agreement 5b) of a municipality: its start meeting (one per
# municipality; participants as a JSON list of texts) ...
startoverleg = Table(
    "startoverleg",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("gemeente", String(10), ForeignKey("gemeente.gemeente"), nullable=False, unique=True),
    Column("datum", Date, nullable=True),
    Column("deelnemers", Text, nullable=False),
    Column("opmerking", Text, nullable=True),
    Column("gewijzigd", DateTime(timezone=True), nullable=False),
    Column("versie", Integer, nullable=False),
)

# ... its items (linked case ids and carrying parties as JSON lists) ...
agendapunt = Table(
    "agendapunt",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("gemeente", String(10), ForeignKey("gemeente.gemeente"), nullable=False, index=True),
    Column("onderwerp", String(300), nullable=False),
    Column("toelichting", Text, nullable=True),
    Column("voorgesteld_door", String(100), nullable=False),
    Column("casussen", Text, nullable=False),
    Column("trekkers", Text, nullable=False),
    Column("datum", Date, nullable=True),
    Column("status", String(20), nullable=False),
    Column("uitkomst", Text, nullable=True),
    Column("aangemaakt", DateTime(timezone=True), nullable=False),
    Column("gewijzigd", DateTime(timezone=True), nullable=False),
    Column("versie", Integer, nullable=False),
)

# ... and per corporation the mark "huurdersorganisatie geïnformeerd" (one per municipality).
geinformeerd = Table(
    "geinformeerd",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("gemeente", String(10), ForeignKey("gemeente.gemeente"), nullable=False),
    Column("corporatie", Integer, ForeignKey("corporatie.id"), nullable=False, index=True),
    Column("datum", Date, nullable=False),
    Column("notitie", Text, nullable=True),
    Column("gewijzigd", DateTime(timezone=True), nullable=False),
    Column("versie", Integer, nullable=False),
    UniqueConstraint("gemeente", "corporatie"),
)

# Audit log: every write, with who, when and the values before and after (JSON).
wijziging = Table(
    "wijziging",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("tijd", DateTime(timezone=True), nullable=False),
    Column("gebruiker", String(100), nullable=False),
    Column("tabel", String(40), nullable=False),
    Column("sleutel", String(100), nullable=False),
    Column("actie", String(20), nullable=False),
    Column("oud", Text, nullable=True),
    Column("nieuw", Text, nullable=True),
    Index("ix_wijziging_tabel_sleutel", "tabel", "sleutel"),
)

# Accounts (roles of domein/rechten.py); passwords as argon2 hashes, never in the audit log.
account = Table(
    "account",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("naam", String(60), nullable=False, unique=True),
    Column("rol", String(20), nullable=False),
    # Municipality codes of a ``gemeente`` account, comma separated.
    Column("gemeenten", Text, nullable=False, default=""),
    Column("corporatie", Integer, ForeignKey("corporatie.id"), nullable=True),
    Column("weergavenaam", String(200), nullable=True),
    Column("wachtwoord", String(200), nullable=False),
    Column("actief", Boolean, nullable=False),
    # Raised by logout and password change: sessions of an older version are no longer valid.
    Column("sessieversie", Integer, nullable=False),
    Column("aangemaakt", DateTime(timezone=True), nullable=False),
    Column("gewijzigd", DateTime(timezone=True), nullable=False),
    Column("versie", Integer, nullable=False),
)

# API tokens: only the SHA-256 of the (random, 256-bit) token is stored; shown once.
api_token = Table(
    "api_token",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "account", Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("naam", String(100), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
    Column("begin", String(12), nullable=False),
    Column("aangemaakt", DateTime(timezone=True), nullable=False),
    Column("laatst_gebruikt", DateTime(timezone=True), nullable=True),
    Column("ingetrokken", DateTime(timezone=True), nullable=True),
)

# Failed logins per account name and per address, for throttling across server processes.
aanmeldpoging = Table(
    "aanmeldpoging",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("naam", String(60), nullable=False),
    Column("adres", String(64), nullable=False),
    Column("tijd", DateTime(timezone=True), nullable=False),
    Index("ix_aanmeldpoging_naam_tijd", "naam", "tijd"),
    Index("ix_aanmeldpoging_adres_tijd", "adres", "tijd"),
)

# Frozen states at a reference date (store/peildata.py): per state one compressed JSON document
# per plan table; geometries once per content (SHA-256 of the WKB), shared by all states.
peilstand = Table(
    "peilstand",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("naam", String(100), nullable=False, unique=True),
    Column("datum", Date, nullable=False),
    Column("aangemaakt", DateTime(timezone=True), nullable=False),
    Column("door", String(100), nullable=False),
    Column("opmerking", Text, nullable=True),
    Column("analyse", LargeBinary, nullable=True),
)

peilstand_tabel = Table(
    "peilstand_tabel",
    metadata,
    Column(
        "peilstand",
        Integer,
        ForeignKey("peilstand.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("tabel", String(40), primary_key=True),
    Column("aantal", Integer, nullable=False),
    Column("inhoud", LargeBinary, nullable=False),
)

peilstand_geometrie = Table(
    "peilstand_geometrie",
    metadata,
    Column("hash", String(64), primary_key=True),
    Column("wkb", LargeBinary, nullable=False),
)

# A municipality's explanation or course of action (toelichting of handelingsperspectief).
toelichting = Table(
    "toelichting",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("gemeente", String(10), ForeignKey("gemeente.gemeente"), nullable=False, unique=True),
    Column("tekst", Text, nullable=False),
    Column("gewijzigd", DateTime(timezone=True), nullable=False),
    Column("door", String(100), nullable=False),
    Column("versie", Integer, nullable=False),
)
