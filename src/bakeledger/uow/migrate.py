"""The schema: what state a database is in, and bringing a bakeledger database to head with the
Alembic migrations shipped in the package."""

from __future__ import annotations

import enum

import attrs
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from loguru import logger
from sqlalchemy import Connection, Engine, inspect

from bakeledger.repositories.tables import metadata

VERSION_TABLE = "alembic_version"


class SchemaState(enum.Enum):
    EMPTY = "empty"  # no tables at all: `init` may create the schema
    FOREIGN = "foreign"  # tables, but not bakeledger's: never touched
    OLDER = "older"  # a bakeledger schema that migrations bring to head
    CURRENT = "current"
    NEWER = "newer"  # a revision this code does not know: written by a newer bakeledger


@attrs.frozen
class Schema:
    state: SchemaState
    revision: str | None  # the database's revision, when it has one
    head: str  # the latest revision this code knows


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "bakeledger:migrations")
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def inspect_schema(connection: Connection) -> Schema:
    """Classify the database behind `connection` without changing anything."""
    head = head_revision()
    tables = set(inspect(connection).get_table_names())
    revision = (
        MigrationContext.configure(connection).get_current_revision() if VERSION_TABLE in tables else None
    )
    if revision is None:  # never migrated, or migrated all the way down: empty unless others' tables
        empty = not tables - {VERSION_TABLE}
        return Schema(SchemaState.EMPTY if empty else SchemaState.FOREIGN, None, head)
    if revision == head:
        return Schema(SchemaState.CURRENT, revision, head)
    if _known(revision):
        return Schema(SchemaState.OLDER, revision, head)
    ours = tables & set(metadata.tables)
    # another program's Alembic history shares none of our tables
    return Schema(SchemaState.NEWER if ours else SchemaState.FOREIGN, revision, head)


def _known(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(engine: Engine) -> None:
    """Apply every pending migration in one transaction."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    logger.debug("schema at head", backend=engine.dialect.name)
