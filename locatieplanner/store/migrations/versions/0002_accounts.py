"""Accounts with roles, API tokens and failed logins (throttling).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("naam", sa.String(60), nullable=False),
        sa.Column("rol", sa.String(20), nullable=False),
        sa.Column("gemeenten", sa.Text, nullable=False),
        sa.Column("corporatie", sa.Integer, nullable=True),
        sa.Column("weergavenaam", sa.String(200), nullable=True),
        sa.Column("wachtwoord", sa.String(200), nullable=False),
        sa.Column("actief", sa.Boolean, nullable=False),
        sa.Column("sessieversie", sa.Integer, nullable=False),
        sa.Column("aangemaakt", TZ, nullable=False),
        sa.Column("gewijzigd", TZ, nullable=False),
        sa.Column("versie", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_account"),
        sa.UniqueConstraint("naam", name="uq_account_naam"),
        sa.ForeignKeyConstraint(
            ["corporatie"], ["corporatie.id"], name="fk_account_corporatie_corporatie"
        ),
    )
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("account", sa.Integer, nullable=False),
        sa.Column("naam", sa.String(100), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("begin", sa.String(12), nullable=False),
        sa.Column("aangemaakt", TZ, nullable=False),
        sa.Column("laatst_gebruikt", TZ, nullable=True),
        sa.Column("ingetrokken", TZ, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_api_token"),
        sa.UniqueConstraint("hash", name="uq_api_token_hash"),
        sa.ForeignKeyConstraint(
            ["account"], ["account.id"], name="fk_api_token_account_account", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_api_token_account", "api_token", ["account"])
    op.create_table(
        "aanmeldpoging",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("naam", sa.String(60), nullable=False),
        sa.Column("adres", sa.String(64), nullable=False),
        sa.Column("tijd", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_aanmeldpoging"),
    )
    op.create_index("ix_aanmeldpoging_naam_tijd", "aanmeldpoging", ["naam", "tijd"])
    op.create_index("ix_aanmeldpoging_adres_tijd", "aanmeldpoging", ["adres", "tijd"])


def downgrade() -> None:
    op.drop_table("aanmeldpoging")
    op.drop_table("api_token")
    op.drop_table("account")
