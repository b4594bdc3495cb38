"""Cases and contributions of working agreement 5b; the region's categories of cases.

Tables ``casus`` (with ``casus_locatie``, ``oplossingsrichting``, ``casus_potentieel``) and
``bijdrage``; column ``regio.categorieen`` (NULL: the default list).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from locatieplanner.store.geometrie import Geometrie

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _casus_fk(tabel: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["casus"], ["casus.id"], name=f"fk_{tabel}_casus_casus", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.add_column("regio", sa.Column("categorieen", sa.Text, nullable=True))
    op.create_table(
        "casus",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("gemeente", sa.String(10), nullable=False),
        sa.Column("soort", sa.String(10), nullable=False),
        sa.Column("titel", sa.String(200), nullable=False),
        sa.Column("beschrijving", sa.Text, nullable=True),
        sa.Column("categorie", sa.String(100), nullable=False),
        sa.Column("vragen", sa.String(20), nullable=False),
        sa.Column("gebied", Geometrie(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("eigenaar", sa.String(100), nullable=False),
        sa.Column("streefdatum", sa.Date, nullable=True),
        sa.Column("aangemaakt", TZ, nullable=False),
        sa.Column("gewijzigd", TZ, nullable=False),
        sa.Column("versie", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_casus"),
        sa.ForeignKeyConstraint(
            ["gemeente"], ["gemeente.gemeente"], name="fk_casus_gemeente_gemeente"
        ),
    )
    op.create_index("ix_casus_gemeente", "casus", ["gemeente"])
    op.create_table(
        "casus_locatie",
        sa.Column("casus", sa.Integer, nullable=False),
        sa.Column("locatie", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("casus", "locatie", name="pk_casus_locatie"),
        _casus_fk("casus_locatie"),
        sa.ForeignKeyConstraint(
            ["locatie"],
            ["locatie.id"],
            name="fk_casus_locatie_locatie_locatie",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_casus_locatie_locatie", "casus_locatie", ["locatie"])
    op.create_table(
        "oplossingsrichting",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("casus", sa.Integer, nullable=False),
        sa.Column("volgorde", sa.Integer, nullable=False),
        sa.Column("tekst", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_oplossingsrichting"),
        _casus_fk("oplossingsrichting"),
    )
    op.create_index("ix_oplossingsrichting_casus", "oplossingsrichting", ["casus"])
    op.create_table(
        "casus_potentieel",
        sa.Column("casus", sa.Integer, nullable=False),
        sa.Column("jaar", sa.Integer, nullable=False),
        sa.Column("daeb", sa.Integer, nullable=False),
        sa.Column("overig", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("casus", "jaar", name="pk_casus_potentieel"),
        _casus_fk("casus_potentieel"),
    )
    op.create_table(
        "bijdrage",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("casus", sa.Integer, nullable=False),
        sa.Column("partij", sa.String(20), nullable=False),
        sa.Column("corporatie", sa.Integer, nullable=True),
        sa.Column("partijsleutel", sa.String(40), nullable=False),
        sa.Column("wat", sa.Text, nullable=False),
        sa.Column("soort", sa.String(30), nullable=False),
        sa.Column("bedrag", sa.Float, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("gewijzigd", TZ, nullable=False),
        sa.Column("versie", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_bijdrage"),
        _casus_fk("bijdrage"),
        sa.ForeignKeyConstraint(
            ["corporatie"], ["corporatie.id"], name="fk_bijdrage_corporatie_corporatie"
        ),
        sa.UniqueConstraint("casus", "partijsleutel", name="uq_bijdrage_casus_partijsleutel"),
    )
    op.create_index("ix_bijdrage_casus", "bijdrage", ["casus"])
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_casus_gebied", "casus", ["gebied"], postgresql_using="gist")


def downgrade() -> None:
    op.drop_table("bijdrage")
    op.drop_table("casus_potentieel")
    op.drop_table("oplossingsrichting")
    op.drop_table("casus_locatie")
    op.drop_table("casus")
    with op.batch_alter_table("regio") as batch:
        batch.drop_column("categorieen")
