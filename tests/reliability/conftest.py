"""Reliability fixtures: a fresh database per hypothesis example, and the figures report."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability import figures
from tests.reliability.databases import DatabaseFactory, PostgresFactory, SqliteFactory

# `make soak` (HYPOTHESIS_PROFILE=soak) keeps its own report, so a soak never hides the CI figures.
REPORT = Path("build") / (
    "reliability-soak.json" if os.environ.get("HYPOTHESIS_PROFILE") == "soak" else "reliability.json"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DatabaseFactory]:
    """Hands out a fresh, migrated, empty database per call to `fresh()`, on each backend."""
    factory: DatabaseFactory
    if request.param == "sqlite":
        factory = SqliteFactory(tmp_path)
    else:
        factory = PostgresFactory(request.getfixturevalue("pg_database"))
    yield factory
    factory.close()


@pytest.fixture(scope="session", autouse=True)
def reliability_report(request: pytest.FixtureRequest) -> Iterator[None]:
    started = time.monotonic()
    yield
    figures.write(request.config.rootpath / REPORT, seconds=time.monotonic() - started)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    counts = figures.collected()
    if counts:
        terminalreporter.write_sep("-", f"reliability figures (also in {REPORT})")
        for key, values in counts.items():
            terminalreporter.write_line(f"{key}: " + ", ".join(f"{k}={v}" for k, v in values.items()))
