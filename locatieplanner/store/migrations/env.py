"""Alembic environment: runs on the connection handed over by ``Store.migreer``."""

from alembic import context

from locatieplanner.store.schema import metadata, neem_op

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when alembic is called by hand
    from sqlalchemy import create_engine

    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    connection = engine.connect()

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=neem_op,
)
with context.begin_transaction():
    context.run_migrations()
