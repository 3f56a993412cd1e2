"""Engine factory: SQLite (embedded default) and PostgreSQL, with driver errors translated here."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url

from bakeledger.repositories.sql import RetryableError, translate_driver_error

__all__ = [
    "ENV_URL",
    "SQLITE_BUSY_TIMEOUT_MS",
    "RetryableError",
    "begin_sqlite",
    "create_ledger_engine",
    "default_url",
]

ENV_URL = "BAKELEDGER_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def default_url() -> str:
    """`BAKELEDGER_DATABASE_URL`, else an embedded SQLite file in the user data directory."""
    url = os.environ.get(ENV_URL)
    if url:
        return url
    from platformdirs import user_data_dir

    directory = Path(user_data_dir("bakeledger", appauthor=False))
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory / 'bakeledger.db'}"


def create_ledger_engine(url: str, *, sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Engine:
    """Build the one engine a Ledger uses; statements are tracked per unit of work.

    `sqlite_busy_timeout_ms` is how many milliseconds a SQLite writer waits for the lock before giving up.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(url, sqlite_busy_timeout_ms)
    elif parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(parsed, pool_pre_ping=True, isolation_level="READ COMMITTED")
    else:
        raise ValueError(f"unsupported database URL: {parsed.get_backend_name()}")
    event.listen(engine, "before_cursor_execute", _track_statement)
    event.listen(engine, "handle_error", _translate_error)
    return engine


_BEGIN = {mode: f"BEGIN {mode}" for mode in ("DEFERRED", "IMMEDIATE")}


def _sqlite_engine(url: str, busy_timeout_ms: int) -> Engine:
    parsed = make_url(url)
    memory = parsed.database in (None, "", ":memory:")
    engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's legacy transaction handling breaks SAVEPOINT and transactional DDL:
        # switch it off and emit BEGIN ourselves below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        driver = conn.connection.driver_connection
        # a unit of work began its transaction on the driver before Core came in; other Core
        # connections (migrations, the demo's reset) begin here
        if not driver.in_transaction:
            begin_sqlite(driver, "DEFERRED")

    return engine


def begin_sqlite(driver: Any, mode: str) -> None:
    """BEGIN straight on the driver (Core's execution path would cost more than BEGIN itself);
    `mode` is DEFERRED (readers) or IMMEDIATE (writers take the write lock up front)."""
    try:
        driver.execute(_BEGIN[mode])
    except sqlite3.Error as error:
        translated = translate_driver_error(error)
        if translated is not None:
            raise translated from error
        raise


def _track_statement(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    tracker = conn.info.get("bakeledger.tracker")
    if tracker is not None:
        tracker.on_statement(statement)


def _translate_error(context: ExceptionContext) -> BaseException | None:
    if context.sqlalchemy_exception is None:
        return None
    return translate_driver_error(context.original_exception)
