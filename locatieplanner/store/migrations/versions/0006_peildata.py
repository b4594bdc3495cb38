"""Frozen states at a reference date (peildata): states, their tables, shared geometries.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "peilstand",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("naam", sa.String(100), nullable=False),
        sa.Column("datum", sa.Date, nullable=False),
        sa.Column("aangemaakt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(100), nullable=False),
        sa.Column("opmerking", sa.Text, nullable=True),
        sa.Column("analyse", sa.LargeBinary, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_peilstand"),
        sa.UniqueConstraint("naam", name="uq_peilstand_naam"),
    )
    op.create_table(
        "peilstand_tabel",
        sa.Column("peilstand", sa.Integer, nullable=False),
        sa.Column("tabel", sa.String(40), nullable=False),
        sa.Column("aantal", sa.Integer, nullable=False),
        sa.Column("inhoud", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("peilstand", "tabel", name="pk_peilstand_tabel"),
        sa.ForeignKeyConstraint(
            ["peilstand"],
            ["peilstand.id"],
            name="fk_peilstand_tabel_peilstand_peilstand",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "peilstand_geometrie",
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("wkb", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("hash", name="pk_peilstand_geometrie"),
    )


def downgrade() -> None:
    op.drop_table("peilstand_geometrie")
    op.drop_table("peilstand_tabel")
    op.drop_table("peilstand")
