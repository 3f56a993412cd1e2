"""Fresh databases for tests that need many of them (one per hypothesis example, one per race).

Function-scoped pytest fixtures are not reset between hypothesis examples, so the state machine
asks a factory for a new database in its own __init__: on SQLite a new file (a copy of a migrated
template, made with tempfile), on PostgreSQL the session's database, truncated.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

import bakeledger
from bakeledger.app.ledger import Ledger

PG_ENV = "BAKELEDGER_TEST_PG_URL"


@attrs.define
class Database:
    """A ledger and a separate engine on the same, empty database (the engine sees only commits)."""

    backend: str
    url: str
    ledger: Ledger
    engine: Engine
    _cleanup: Callable[[], None]

    def close(self) -> None:
        self._cleanup()


class DatabaseFactory:
    backend: str

    def fresh(self) -> Database:
        raise NotImplementedError

    def close(self) -> None:
        """Release what the factory holds."""


class SqliteFactory(DatabaseFactory):
    """A new SQLite file per database: a copy of one migrated template (migrating takes longer)."""

    backend = "sqlite"

    def __init__(self, directory: Path) -> None:
        self._template = directory / "template.db"
        bakeledger.open(f"sqlite:///{self._template}").dispose()
        assert not Path(f"{self._template}-wal").exists(), "the template must be checkpointed"

    def fresh(self) -> Database:
        directory = tempfile.mkdtemp(prefix="bakeledger-")
        path = Path(directory) / "ledger.db"
        shutil.copyfile(self._template, path)
        url = f"sqlite:///{path}"
        ledger, engine = bakeledger.open(url), create_engine(url)

        def cleanup() -> None:
            ledger.dispose()
            engine.dispose()
            shutil.rmtree(directory, ignore_errors=True)

        return Database(self.backend, url, ledger, engine, cleanup)


class PostgresFactory(DatabaseFactory):
    """The session's PostgreSQL database, truncated for each new use; one ledger for all of them."""

    backend = "postgresql"

    def __init__(self, url: str) -> None:
        self._url = url
        self._ledger = bakeledger.open(url)
        self._engine = create_engine(url)

    def fresh(self) -> Database:
        truncate_all(self._engine)
        return Database(self.backend, self._url, self._ledger, self._engine, lambda: None)

    def close(self) -> None:
        self._ledger.dispose()
        self._engine.dispose()


def truncate_all(engine: Engine) -> None:
    """Empty every table (identities restarted) of a PostgreSQL database."""
    with engine.begin() as conn:
        tables = conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"),
        ).scalars()
        names = ", ".join(f'"{table}"' for table in tables if table != "alembic_version")
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@contextmanager
def own_postgres_database(prefix: str) -> Iterator[str]:
    """A PostgreSQL database of its own (migrated), dropped afterwards; skips without PostgreSQL."""
    import pytest

    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {PG_ENV}")
    admin_url = make_url(base)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    try:
        bakeledger.open(url).dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
