"""PostgreSQL: a data version that changes only with a committed write of the plan data, in
commit order (the key of the answer caches).

Audit ids come from a sequence, so concurrent writers can commit them out of order: the newest
visible id alone is no safe cache key, and the database's snapshot (the key before this
revision) changes with every transaction anywhere, so caches missed nearly always.

Now every transaction that writes the audit log ``wijziging`` raises the one-row counter
``dataversie`` by one when it commits:

- a statement trigger on ``wijziging`` (so a bulk ``COPY`` costs one call, not one per row)
  notes the transaction in ``dataversie_open`` (one row per transaction, so concurrent writers
  do not wait on each other there);
- a deferred constraint trigger on that row raises the counter at commit and removes the row.
  The counter's row lock is taken last, while committing: writers serialise on it only for
  their commit (no deadlock: a transaction holding it asks for no other lock), so the counter
  becomes visible in commit order. A reader that sees version N sees every write up to N.

SQLite needs nothing: its writers are serialised, so the newest audit id is visible in order.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_POSTGRESQL = [
    "CREATE TABLE dataversie (id integer PRIMARY KEY CHECK (id = 1), versie bigint NOT NULL)",
    "INSERT INTO dataversie (id, versie) VALUES (1, 0)",
    "CREATE TABLE dataversie_open (transactie xid8 PRIMARY KEY)",
    """CREATE FUNCTION dataversie_noteer() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO dataversie_open (transactie) VALUES (pg_current_xact_id())
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION dataversie_verhoog() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE dataversie SET versie = versie + 1 WHERE id = 1;
        DELETE FROM dataversie_open WHERE transactie = NEW.transactie;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER dataversie_noteer AFTER INSERT ON wijziging "
    "FOR EACH STATEMENT EXECUTE FUNCTION dataversie_noteer()",
    "CREATE CONSTRAINT TRIGGER dataversie_verhoog AFTER INSERT ON dataversie_open "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dataversie_verhoog()",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite: the newest audit id (writers are serialised)
    for opdracht in _POSTGRESQL:
        op.execute(opdracht)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER dataversie_noteer ON wijziging")
    op.execute("DROP TABLE dataversie_open")
    op.execute("DROP TABLE dataversie")
    op.execute("DROP FUNCTION dataversie_noteer()")
    op.execute("DROP FUNCTION dataversie_verhoog()")
