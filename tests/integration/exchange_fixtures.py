"""Fixtures for the exchange tests (loaded with `pytest_plugins`): a second, empty ledger to import into."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import bakeledger
from bakeledger.app.ledger import Ledger

PG_ENV = "BAKELEDGER_TEST_PG_URL"


@pytest.fixture(scope="session")
def pg_import_database() -> Iterator[str]:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {PG_ENV}")
    admin_url = make_url(base)
    name = f"bakeledger_target_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    bakeledger.open(url).dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_pg(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        names = conn.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'"
            )
        ).scalars()
        tables = ", ".join(f'"{n}"' for n in names)
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def import_target(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Ledger]:
    """A second empty ledger, on each backend, to import into."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/target.db"
    else:
        url = request.getfixturevalue("pg_import_database")
        _empty_pg(url)
    opened = bakeledger.open(url)
    yield opened
    opened.dispose()
