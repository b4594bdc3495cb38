"""Saved re-phasing scenarios (working agreement 5b, question 4) and their steps.

Tables ``scenario`` (optionally linked to a case) and ``scenario_stap`` (the steps in order,
each with the row version of the site or removal it touches at saving).

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "scenario",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("gemeente", sa.String(10), nullable=False),
        sa.Column("naam", sa.String(200), nullable=False),
        sa.Column("toelichting", sa.Text, nullable=True),
        sa.Column("casus", sa.Integer, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("auteur", sa.String(100), nullable=False),
        sa.Column("aangemaakt", TZ, nullable=False),
        sa.Column("gewijzigd", TZ, nullable=False),
        sa.Column("toegepast", TZ, nullable=True),
        sa.Column("versie", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_scenario"),
        sa.ForeignKeyConstraint(
            ["gemeente"], ["gemeente.gemeente"], name="fk_scenario_gemeente_gemeente"
        ),
        sa.ForeignKeyConstraint(
            ["casus"], ["casus.id"], name="fk_scenario_casus_casus", ondelete="SET NULL"
        ),
    )
    op.create_index("ix_scenario_gemeente", "scenario", ["gemeente"])
    op.create_index("ix_scenario_casus", "scenario", ["casus"])
    op.create_table(
        "scenario_stap",
        sa.Column("scenario", sa.Integer, nullable=False),
        sa.Column("volgorde", sa.Integer, nullable=False),
        sa.Column("soort", sa.String(30), nullable=False),
        sa.Column("doel", sa.Integer, nullable=False),
        sa.Column("jaar", sa.Integer, nullable=True),
        sa.Column("verdeling", sa.Text, nullable=True),
        sa.Column("corporatie", sa.String(100), nullable=True),
        sa.Column("doelversie", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("scenario", "volgorde", name="pk_scenario_stap"),
        sa.ForeignKeyConstraint(
            ["scenario"],
            ["scenario.id"],
            name="fk_scenario_stap_scenario_scenario",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("scenario_stap")
    op.drop_index("ix_scenario_casus", table_name="scenario")
    op.drop_index("ix_scenario_gemeente", table_name="scenario")
    op.drop_table("scenario")
