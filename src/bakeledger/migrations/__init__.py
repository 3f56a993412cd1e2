"""Alembic migrations (package resource bakeledger:migrations)."""
