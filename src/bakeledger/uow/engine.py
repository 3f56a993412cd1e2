"""Engine factory: SQLite (embedded default) and PostgreSQL, with driver errors translated here."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url

from bakeledger.repositories.errors import translate_driver_error

ENV_URL = "BAKELEDGER_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 10_000
TRACKER = "bakeledger.tracker"  # key in a connection's info: the unit of work counting its statements


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


_SQLITE_BEGIN = "bakeledger_sqlite_begin"  # execution option: DEFERRED (readers) or IMMEDIATE
WRITE_VERBS = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER"})
_BINDS: WeakKeyDictionary[Engine, dict[bool, Engine]] = WeakKeyDictionary()


def transaction_bind(engine: Engine, read_only: bool) -> Engine:
    """The engine with a writer's or a reader's transaction options (made once per engine).

    SQLite writers BEGIN IMMEDIATE (they take the write lock up front, so two writers never
    deadlock half way); PostgreSQL readers run REPEATABLE READ READ ONLY, writers READ COMMITTED
    with row locks. The options are reset when the connection goes back to the pool.
    """
    binds = _BINDS.get(engine)
    if binds is None:
        reader: Engine
        writer: Engine
        if engine.dialect.name == "sqlite":
            reader = engine.execution_options(**{_SQLITE_BEGIN: "DEFERRED"})
            writer = engine.execution_options(**{_SQLITE_BEGIN: "IMMEDIATE"})
        else:
            reader = engine.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            writer = engine
        binds = _BINDS[engine] = {True: reader, False: writer}
    return binds[read_only]


def _sqlite_engine(url: str, busy_timeout_ms: int) -> Engine:
    parsed = make_url(url)
    memory = parsed.database in (None, "", ":memory:")
    engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's legacy transaction handling breaks SAVEPOINT and transactional DDL:
        # switch it off and emit BEGIN ourselves below. The pragmas configure each new
        # connection once, before SQLAlchemy hands it out (connection settings, not queries).
        dbapi_connection.isolation_level = None
        pragmas = ["foreign_keys=ON", f"busy_timeout={busy_timeout_ms}"]
        if not memory:
            pragmas += ["journal_mode=WAL", "synchronous=FULL"]
        for pragma in pragmas:
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(_SQLITE_BEGIN, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _track_statement(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
    tracker = conn.info.get(TRACKER)
    if tracker is not None:
        verb = statement.lstrip()[:7].split(None, 1)
        tracker.on_statement(writes=bool(verb) and verb[0].upper() in WRITE_VERBS)


def _translate_error(context: ExceptionContext) -> BaseException | None:
    if context.sqlalchemy_exception is None:
        return None
    return translate_driver_error(context.original_exception)
