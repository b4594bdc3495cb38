"""A municipality's explanation or course of action (toelichting of handelingsperspectief).

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "toelichting",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("gemeente", sa.String(10), nullable=False),
        sa.Column("tekst", sa.Text, nullable=False),
        sa.Column("gewijzigd", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(100), nullable=False),
        sa.Column("versie", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_toelichting"),
        sa.UniqueConstraint("gemeente", name="uq_toelichting_gemeente"),
        sa.ForeignKeyConstraint(
            ["gemeente"], ["gemeente.gemeente"], name="fk_toelichting_gemeente_gemeente"
        ),
    )


def downgrade() -> None:
    op.drop_table("toelichting")
