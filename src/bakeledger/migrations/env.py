"""Alembic environment: runs on the connection handed over by `bakeledger.uow.migrate`."""

from __future__ import annotations

from alembic import context

from bakeledger.repositories.tables import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only used through bakeledger.uow.migrate
    raise RuntimeError("bakeledger migrations run through bakeledger.uow.migrate.upgrade()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
