"""Row versions (optimistic locking) for corporations and bids; existing rows get version 1.

``onttrekking.versie`` exists since 0001. A bid's ``versie`` is its name (``origineel``), so its
row version is ``bod.rijversie``.

The columns are added with ``ALTER TABLE ... ADD COLUMN ... DEFAULT 1`` on both SQLite and
PostgreSQL (no batch copy of the table: on SQLite a copy of ``corporatie`` would drop and
recreate a table that ``werkgebied`` references with ON DELETE CASCADE), and keep that default.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: (table, column) of the new row versions.
KOLOMMEN = (("corporatie", "versie"), ("bod", "rijversie"))


def upgrade() -> None:
    for tabel, kolom in KOLOMMEN:
        op.add_column(
            tabel, sa.Column(kolom, sa.Integer, nullable=False, server_default=sa.text("1"))
        )


def downgrade() -> None:
    for tabel, kolom in KOLOMMEN:
        op.drop_column(tabel, kolom)
