"""First schema: regio, gemeente, corporatie, locatie, toewijzing, onttrekking, bod, wijziging.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from locatieplanner.store.geometrie import Geometrie

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    postgis = op.get_bind().dialect.name == "postgresql"
    if postgis:
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.create_table(
        "regio",
        sa.Column("naam", sa.String(100), nullable=False),
        sa.Column("van", sa.Integer, nullable=False),
        sa.Column("tot", sa.Integer, nullable=False),
        sa.Column("doel_netto", sa.Integer, nullable=False),
        sa.Column("gemeenten", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("naam", name="pk_regio"),
    )
    op.create_table(
        "gemeente",
        sa.Column("gemeente", sa.String(10), nullable=False),
        sa.Column("naam", sa.String(200), nullable=False),
        sa.Column("geom", Geometrie(), nullable=True),
        sa.Column("woningen", sa.Integer, nullable=True),
        sa.Column("doelgroep", sa.Integer, nullable=True),
        sa.Column("peiljaar", sa.Integer, nullable=True),
        sa.Column("bron", sa.String(200), nullable=True),
        sa.Column("gewijzigd", TZ, nullable=False),
        sa.PrimaryKeyConstraint("gemeente", name="pk_gemeente"),
    )
    op.create_table(
        "corporatie",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("naam", sa.String(100), nullable=False),
        sa.Column("code", sa.String(20), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_corporatie"),
        sa.UniqueConstraint("naam", name="uq_corporatie_naam"),
    )
    op.create_table(
        "werkgebied",
        sa.Column("corporatie", sa.Integer, nullable=False),
        sa.Column("gemeente", sa.String(10), nullable=False),
        sa.ForeignKeyConstraint(
            ["corporatie"],
            ["corporatie.id"],
            name="fk_werkgebied_corporatie_corporatie",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["gemeente"], ["gemeente.gemeente"], name="fk_werkgebied_gemeente_gemeente"
        ),
        sa.PrimaryKeyConstraint("corporatie", "gemeente", name="pk_werkgebied"),
    )
    op.create_table(
        "locatie",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("bron_id", sa.String(100), nullable=True),
        sa.Column("naam", sa.String(200), nullable=False),
        sa.Column("gemeente", sa.String(10), nullable=True),
        sa.Column("ligging", sa.String(10), nullable=False),
        sa.Column("geom", Geometrie(), nullable=False),
        sa.Column("minx", sa.Float, nullable=False),
        sa.Column("miny", sa.Float, nullable=False),
        sa.Column("maxx", sa.Float, nullable=False),
        sa.Column("maxy", sa.Float, nullable=False),
        sa.Column("status", sa.String(2), nullable=False),
        sa.Column("fase", sa.Integer, nullable=True),
        sa.Column("daeb", sa.Integer, nullable=False),
        sa.Column("soc_huur", sa.Integer, nullable=False),
        sa.Column("goedk_koop", sa.Integer, nullable=False),
        sa.Column("midden", sa.Integer, nullable=False),
        sa.Column("bet_koop", sa.Integer, nullable=False),
        sa.Column("overig", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=True),
        sa.Column("oplevering", sa.Integer, nullable=True),
        sa.Column("opmerking", sa.Text, nullable=True),
        sa.Column("aangemaakt", TZ, nullable=False),
        sa.Column("gewijzigd", TZ, nullable=False),
        sa.Column("versie", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["gemeente"], ["gemeente.gemeente"], name="fk_locatie_gemeente_gemeente"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_locatie"),
        sa.UniqueConstraint("gemeente", "bron_id", name="uq_locatie_gemeente_bron_id"),
    )
    op.create_index("ix_locatie_gemeente", "locatie", ["gemeente"])
    op.create_index("ix_locatie_bbox", "locatie", ["minx", "maxx", "miny", "maxy"])
    if postgis:
        op.create_index("ix_locatie_geom", "locatie", ["geom"], postgresql_using="gist")
        op.create_index("ix_gemeente_geom", "gemeente", ["geom"], postgresql_using="gist")
    op.create_table(
        "toewijzing",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("locatie", sa.Integer, nullable=False),
        sa.Column("corporatie", sa.Integer, nullable=False),
        sa.Column("daeb", sa.Integer, nullable=False),
        sa.Column("oplevering", sa.Integer, nullable=True),
        sa.ForeignKeyConstraint(
            ["locatie"], ["locatie.id"], name="fk_toewijzing_locatie_locatie", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["corporatie"], ["corporatie.id"], name="fk_toewijzing_corporatie_corporatie"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_toewijzing"),
    )
    op.create_index("ix_toewijzing_locatie", "toewijzing", ["locatie"])
    op.create_index("ix_toewijzing_corporatie", "toewijzing", ["corporatie"])
    op.create_table(
        "onttrekking",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("gemeente", sa.String(10), nullable=False),
        sa.Column("locatie", sa.Integer, nullable=True),
        sa.Column("corporatie", sa.Integer, nullable=True),
        sa.Column("jaar", sa.Integer, nullable=False),
        sa.Column("aantal", sa.Integer, nullable=False),
        sa.Column("soort", sa.String(20), nullable=False),
        sa.Column("opmerking", sa.Text, nullable=True),
        sa.Column("versie", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["gemeente"], ["gemeente.gemeente"], name="fk_onttrekking_gemeente_gemeente"
        ),
        sa.ForeignKeyConstraint(
            ["locatie"], ["locatie.id"], name="fk_onttrekking_locatie_locatie", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["corporatie"], ["corporatie.id"], name="fk_onttrekking_corporatie_corporatie"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_onttrekking"),
    )
    op.create_index("ix_onttrekking_gemeente", "onttrekking", ["gemeente"])
    op.create_table(
        "bod",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("gemeente", sa.String(10), nullable=False),
        sa.Column("versie", sa.String(40), nullable=False),
        sa.Column("datum", sa.Date, nullable=False),
        sa.Column("daeb", sa.Integer, nullable=False),
        sa.Column("opmerking", sa.Text, nullable=True),
        sa.Column("aangemaakt", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["gemeente"], ["gemeente.gemeente"], name="fk_bod_gemeente_gemeente"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_bod"),
        sa.UniqueConstraint("gemeente", "versie", name="uq_bod_gemeente_versie"),
    )
    op.create_index("ix_bod_gemeente", "bod", ["gemeente"])
    op.create_table(
        "wijziging",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("tijd", TZ, nullable=False),
        sa.Column("gebruiker", sa.String(100), nullable=False),
        sa.Column("tabel", sa.String(40), nullable=False),
        sa.Column("sleutel", sa.String(100), nullable=False),
        sa.Column("actie", sa.String(20), nullable=False),
        sa.Column("oud", sa.Text, nullable=True),
        sa.Column("nieuw", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_wijziging"),
    )
    op.create_index("ix_wijziging_tabel_sleutel", "wijziging", ["tabel", "sleutel"])


def downgrade() -> None:
    for tabel in (
        "wijziging",
        "bod",
        "onttrekking",
        "toewijzing",
        "locatie",
        "werkgebied",
        "corporatie",
        "gemeente",
        "regio",
    ):
        op.drop_table(tabel)
