"""Spatial index on the sites: an R*Tree on SQLite (kept in step by triggers), GIST on PostGIS.

SQLite: the virtual table ``locatie_rtree(id, minx, maxx, miny, maxy)`` holds each site's
bounding box (the ``minx`` ... ``maxy`` columns of ``locatie``); triggers after insert, update and
delete on ``locatie`` keep it in step, so every writer (single edits, the bulk import, a restore)
maintains it without knowing of it, and a rolled-back write rolls the index back with it.
PostgreSQL needs nothing new: the native ``geometry`` column has had its GIST index
``ix_locatie_geom`` since revision 0001.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_SQLITE = [
    "CREATE VIRTUAL TABLE locatie_rtree USING rtree(id, minx, maxx, miny, maxy)",
    "INSERT INTO locatie_rtree (id, minx, maxx, miny, maxy) "
    "SELECT id, minx, maxx, miny, maxy FROM locatie",
    "CREATE TRIGGER locatie_rtree_toevoegen AFTER INSERT ON locatie BEGIN "
    "INSERT INTO locatie_rtree (id, minx, maxx, miny, maxy) "
    "VALUES (new.id, new.minx, new.maxx, new.miny, new.maxy); END",
    "CREATE TRIGGER locatie_rtree_wijzigen AFTER UPDATE OF id, minx, maxx, miny, maxy "
    "ON locatie BEGIN DELETE FROM locatie_rtree WHERE id = old.id; "
    "INSERT INTO locatie_rtree (id, minx, maxx, miny, maxy) "
    "VALUES (new.id, new.minx, new.maxx, new.miny, new.maxy); END",
    "CREATE TRIGGER locatie_rtree_verwijderen AFTER DELETE ON locatie BEGIN "
    "DELETE FROM locatie_rtree WHERE id = old.id; END",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        return  # GIST index ix_locatie_geom since 0001
    for opdracht in _SQLITE:
        op.execute(opdracht)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        return
    for trigger in ("toevoegen", "wijzigen", "verwijderen"):
        op.execute(f"DROP TRIGGER locatie_rtree_{trigger}")
    op.execute("DROP TABLE locatie_rtree")
