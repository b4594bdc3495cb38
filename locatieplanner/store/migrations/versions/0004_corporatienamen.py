"""Former names of corporations (table ``corporatienaam``): a rename or a merge keeps the old name,
so imports that name it land on the corporation that has it now.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "corporatienaam",
        sa.Column("naam", sa.String(100), nullable=False),
        sa.Column("corporatie", sa.Integer, nullable=False),
        sa.Column("tot", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("naam", name="pk_corporatienaam"),
        sa.ForeignKeyConstraint(
            ["corporatie"],
            ["corporatie.id"],
            name="fk_corporatienaam_corporatie_corporatie",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_corporatienaam_corporatie", "corporatienaam", ["corporatie"])


def downgrade() -> None:
    op.drop_index("ix_corporatienaam_corporatie", "corporatienaam")
    op.drop_table("corporatienaam")
