"""The conversation agenda of working agreement 5b: start meetings, agenda items and the
corporations' marks "huurdersorganisatie geïnformeerd".

Revision ID: 0007
Revises: 0008
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0008"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _gemeente_fk(tabel: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["gemeente"], ["gemeente.gemeente"], name=f"fk_{tabel}_gemeente_gemeente"
    )


def upgrade() -> None:
    op.create_table(
        "startoverleg",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("gemeente", sa.String(10), nullable=False),
        sa.Column("datum", sa.Date, nullable=True),
        sa.Column("deelnemers", sa.Text, nullable=False),
        sa.Column("opmerking", sa.Text, nullable=True),
        sa.Column("gewijzigd", TZ, nullable=False),
        sa.Column("versie", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_startoverleg"),
        _gemeente_fk("startoverleg"),
        sa.UniqueConstraint("gemeente", name="uq_startoverleg_gemeente"),
    )
    op.create_table(
        "agendapunt",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("gemeente", sa.String(10), nullable=False),
        sa.Column("onderwerp", sa.String(300), nullable=False),
        sa.Column("toelichting", sa.Text, nullable=True),
        sa.Column("voorgesteld_door", sa.String(100), nullable=False),
        sa.Column("casussen", sa.Text, nullable=False),
        sa.Column("trekkers", sa.Text, nullable=False),
        sa.Column("datum", sa.Date, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("uitkomst", sa.Text, nullable=True),
        sa.Column("aangemaakt", TZ, nullable=False),
        sa.Column("gewijzigd", TZ, nullable=False),
        sa.Column("versie", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_agendapunt"),
        _gemeente_fk("agendapunt"),
    )
    op.create_index("ix_agendapunt_gemeente", "agendapunt", ["gemeente"])
    op.create_table(
        "geinformeerd",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("gemeente", sa.String(10), nullable=False),
        sa.Column("corporatie", sa.Integer, nullable=False),
        sa.Column("datum", sa.Date, nullable=False),
        sa.Column("notitie", sa.Text, nullable=True),
        sa.Column("gewijzigd", TZ, nullable=False),
        sa.Column("versie", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_geinformeerd"),
        _gemeente_fk("geinformeerd"),
        sa.ForeignKeyConstraint(
            ["corporatie"], ["corporatie.id"], name="fk_geinformeerd_corporatie_corporatie"
        ),
        sa.UniqueConstraint("gemeente", "corporatie", name="uq_geinformeerd_gemeente_corporatie"),
    )
    op.create_index("ix_geinformeerd_corporatie", "geinformeerd", ["corporatie"])


def downgrade() -> None:
    op.drop_table("geinformeerd")
    op.drop_table("agendapunt")
    op.drop_table("startoverleg")
