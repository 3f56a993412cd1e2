"""Bring any database to the schema head with the Alembic migrations shipped in the package."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from loguru import logger
from sqlalchemy import Engine


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "bakeledger:migrations")
    return config


def upgrade(engine: Engine) -> None:
    """Apply every pending migration in one transaction."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    logger.debug("schema at head", backend=engine.dialect.name)
