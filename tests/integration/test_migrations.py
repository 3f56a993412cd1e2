"""Migrations: they build exactly the models' schema, and `open` brings any database to head.

These tests drop and rebuild the schema, so each gets a scratch database of its own (a new SQLite
file, or a new PostgreSQL database) instead of the shared test database.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine

import bakeledger
from bakeledger.domain.errors import DuplicateName
from bakeledger.repositories.tables import metadata
from bakeledger.services import catalog
from bakeledger.uow.migrate import alembic_config, head_revision
from tests.helpers import dump


@pytest.fixture
def probe(scratch_url: str) -> Iterator[Engine]:
    engine = create_engine(scratch_url)
    yield engine
    engine.dispose()


def _open(url: str) -> None:
    bakeledger.open(url).dispose()


def _schema_drift(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


def _version(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _downgrade_to_base(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_migrations_build_exactly_the_models_schema(scratch_url: str, probe: Engine) -> None:
    _open(scratch_url)
    assert _schema_drift(probe) == []
    assert _tables(probe) == set(metadata.tables)
    assert _version(probe) == [head_revision()]


def test_opening_a_migrated_database_again_changes_nothing(scratch_url: str, probe: Engine) -> None:
    ledger = bakeledger.open(scratch_url)
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour", density="1 cup = 120 g")
        uow.commit()
    ledger.dispose()
    before = (dump(probe), _version(probe), inspect(probe).get_table_names())
    _open(scratch_url)
    probe.dispose()  # forget cached reflection
    assert (dump(probe), _version(probe), inspect(probe).get_table_names()) == before


def test_an_older_database_is_brought_to_head(scratch_url: str, probe: Engine) -> None:
    _open(scratch_url)
    _downgrade_to_base(probe)
    assert (_tables(probe), _version(probe)) == (set(), [])
    _open(scratch_url)
    assert _version(probe) == [head_revision()]
    assert _schema_drift(probe) == []


def test_migrations_run_down_and_up_again(scratch_url: str, probe: Engine) -> None:
    """The downgrade is real: after it and a second upgrade the schema is still exact."""
    for _ in range(2):
        _open(scratch_url)
        _downgrade_to_base(probe)
    _open(scratch_url)
    assert _schema_drift(probe) == []


def test_the_schema_check_has_teeth(scratch_url: str, probe: Engine) -> None:
    """Control: a database that differs from the models (an index dropped) is reported."""
    _open(scratch_url)
    with probe.begin() as conn:
        conn.execute(text("DROP INDEX ix_lots_fifo"))
    drift = _schema_drift(probe)
    assert [d[0] for d in drift] == ["add_index"]
    assert drift[0][1].name == "ix_lots_fifo"


def _migrate(engine: Engine, verb: str, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        getattr(command, verb)(config, revision)


def test_names_that_became_one_name_are_kept_and_the_oldest_keeps_it(scratch_url: str, probe: Engine) -> None:
    """Given a database from before names had one identity, holding "Flour" and "FLOUR",
    when it is brought to head, then both rows stay and a new "flour" is a duplicate."""
    _open(scratch_url)
    _migrate(probe, "downgrade", "0001")
    with probe.begin() as conn:
        for i, name in enumerate(("Flour", "FLOUR", "Sugar"), start=1):
            conn.execute(
                text(
                    "INSERT INTO ingredients (id, uuid, name, slug, category) "
                    f"VALUES ({i}, '{uuid.UUID(int=i)}', '{name}', 'slug-{i}', 'general')"
                )
            )
    ledger = bakeledger.open(scratch_url)
    with probe.connect() as conn:
        keys = conn.execute(text("SELECT id, name, name_key FROM ingredients ORDER BY id")).all()
    assert [tuple(k) for k in keys] == [
        (1, "Flour", "flour"),
        (2, "FLOUR", "flour\x1f2"),
        (3, "Sugar", "sugar"),
    ]
    with ledger.uow() as uow, pytest.raises(DuplicateName):
        catalog.create_ingredient(uow, name="flour")
    ledger.dispose()
