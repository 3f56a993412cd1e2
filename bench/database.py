"""A fresh benchmark database per backend, made by bakeledger.open and dropped afterwards, with
the ledger and the two raw baseline connections (one writer, one reader) on it, and a third raw
connection, neither side's, for durable mode's restore step."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import bakeledger
from bakeledger.app.ledger import Ledger
from bench.baseline_pg import PgRaw
from bench.baseline_sqlite import SqliteRaw
from bench.raw import Raw

PG_ENVS = ("BAKELEDGER_BENCH_PG_URL", "BAKELEDGER_TEST_PG_URL")


@dataclass
class BenchDatabase:
    backend: str
    ledger: Ledger
    writer: Raw  # also used for seeding
    reader: Raw
    # durable mode's restore step (bench/restore.py): a connection of its own, so that its writes
    # reach bakeledger's and the baseline's connections alike (on SQLite a connection keeps its
    # page cache across its own writes and drops it after another connection's)
    keeper: Raw

    def raw(self, *, write: bool) -> Raw:
        return self.writer if write else self.reader


SETTINGS = {
    "sqlite": ("PRAGMA journal_mode", "PRAGMA synchronous", "PRAGMA foreign_keys"),
    "postgresql": ("SHOW synchronous_commit", "SHOW fsync", "SHOW transaction_isolation"),
}


def durability(db: BenchDatabase) -> dict[str, tuple[str, str]]:
    """The settings that decide what a commit costs, as (bakeledger's connection, the baseline
    writer's): journal mode and synchronous on SQLite, synchronous_commit and isolation on
    PostgreSQL. Durable mode compares like with like only if each pair is equal."""
    found: dict[str, tuple[str, str]] = {}
    with db.ledger.engine.connect() as conn:
        ours = {query: str(conn.exec_driver_sql(query).scalar()) for query in SETTINGS[db.backend]}
        conn.rollback()
    raw = db.writer
    raw.begin(write=True)
    try:
        for query in SETTINGS[db.backend]:
            raw.cursor.execute(query)
            found[query] = (ours[query], str(raw.cursor.fetchone()[0]))
    finally:
        raw.rollback()
    return found


def pg_base_url() -> str | None:
    """The PostgreSQL server to benchmark on, if one is offered."""
    return next((os.environ[name] for name in PG_ENVS if os.environ.get(name)), None)


@contextmanager
def sqlite_database(directory: str | None = None) -> Iterator[BenchDatabase]:
    """A new SQLite file (in `directory`, else a temporary directory removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="bakeledger-bench-", dir=directory) as folder:
        path = Path(folder) / "bench.db"
        ledger = bakeledger.open(f"sqlite:///{path}")
        writer, reader = SqliteRaw.connect(str(path)), SqliteRaw.connect(str(path))
        keeper = SqliteRaw.connect(str(path))
        try:
            yield BenchDatabase("sqlite", ledger, writer, reader, keeper)
        finally:
            for raw in (writer, reader, keeper):
                raw.close()
            ledger.dispose()


@contextmanager
def pg_database(base_url: str) -> Iterator[BenchDatabase]:
    """A new PostgreSQL database on the server of `base_url`, dropped (WITH FORCE) afterwards."""
    admin_url = make_url(base_url)
    if admin_url.drivername == "postgresql":
        admin_url = admin_url.set(drivername="postgresql+psycopg")
    name = f"bakeledger_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    try:
        ledger = bakeledger.open(url)
        writer, reader = PgRaw.connect(url), PgRaw.connect(url, read_only=True)
        keeper = PgRaw.connect(url)
        try:
            yield BenchDatabase("postgresql", ledger, writer, reader, keeper)
        finally:
            for raw in (writer, reader, keeper):
                raw.close()
            ledger.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
