"""Hot-path SQL: statements written once, run straight on the unit of work's DBAPI connection.

SQLAlchemy Core spends 30–100 µs of Python on every statement; the driver needs about 5 µs on
SQLite. The statements on the write paths and the progress reads are therefore hand-written here
(ADR 0024) and run through `Sql`, which keeps every promise Core gave them:

- same connection, same transaction (and savepoints) as the session's Core statements;
- the engine's `before_cursor_execute` listeners (those registered when the unit of work began)
  still see every statement: statement counts, read-only refusal, the tests' fault injection;
- driver errors are translated exactly as for Core (`Conflict`, `RetryableError`, ...), and the
  others are wrapped as SQLAlchemy's `DBAPIError`, as Core would;
- values are encoded as the Core column types encode them (scaled integers, ISO dates on SQLite).

Statements are written with `?` placeholders; `Statement` renders the PostgreSQL (`%s`) text once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from loguru import logger
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from sqlalchemy.pool import PoolProxiedConnection

from bakeledger.domain.errors import ConcurrencyError, Conflict, ReadOnlyError, ValidationError

_WRITE_VERBS = frozenset({"INSERT", "UPDATE", "DELETE"})
# A transaction that can simply be run again: busy SQLite, serialization failure, deadlock.
_RETRYABLE_SQLSTATES = {"40001", "40P01", "55P03"}
_READ_ONLY_TRANSACTION = "25006"


class RetryableError(ConcurrencyError):
    """A transient conflict with another writer; orchestration may run the whole block again."""


def translate_driver_error(original: BaseException) -> BaseException | None:
    """Our error for a driver error (for Core's handle_error and for `Sql`), or None to keep it."""
    if isinstance(original, ConcurrencyError | Conflict | ReadOnlyError):
        return None
    sqlstate = getattr(original, "sqlstate", None)
    text = str(original).lower()
    if sqlstate in _RETRYABLE_SQLSTATES or "database is locked" in text or "database is busy" in text:
        logger.debug("retryable database conflict", sqlstate=sqlstate)
        return RetryableError(message=f"transient database conflict: {str(original).splitlines()[0]}")
    name = type(original).__name__
    if name in ("IntegrityError", "UniqueViolation", "ForeignKeyViolation", "CheckViolation"):
        return Conflict(message=f"database refused the change: {str(original).splitlines()[0]}")
    if sqlstate == _READ_ONLY_TRANSACTION:  # a locking read in a READ ONLY transaction (PostgreSQL)
        return ReadOnlyError()
    if name == "DataError" and "nul (0x00)" in text:  # psycopg refuses it before sending anything
        return ValidationError(message="text must not contain NUL characters (a slug or name with \\x00)")
    return None


class Statement:
    """One hand-written statement: `?` placeholders; `for_update` (True, or the table alias to lock)
    adds FOR UPDATE on PostgreSQL only (SQLite writers hold the database lock from BEGIN IMMEDIATE)."""

    __slots__ = ("sqlite", "postgresql", "writes")

    def __init__(self, text: str, *, for_update: bool | str = False) -> None:
        text = " ".join(text.split())
        self.sqlite = text
        lock = (
            "" if not for_update else " FOR UPDATE" if for_update is True else f" FOR UPDATE OF {for_update}"
        )
        self.postgresql = text.replace("%", "%%").replace("?", "%s") + lock
        self.writes = text.split(None, 1)[0].upper() in _WRITE_VERBS


class Sql:
    """Runs `Statement`s on one pooled DBAPI connection (one per unit of work)."""

    def __init__(self, connection: PoolProxiedConnection, engine: Engine) -> None:
        self._connection = connection  # listeners get it as their `conn`: its `.info` is Core's
        self.postgresql = engine.dialect.name == "postgresql"
        self._driver: Any = connection.driver_connection
        self._dbapi_error: type[Exception] = engine.dialect.dbapi.Error  # type: ignore[union-attr]
        self._cursor: Any = None
        # read once: listeners added while a unit of work runs see its Core statements only
        self._listeners = tuple(engine.dispatch.before_cursor_execute)

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None

    def end(self, *, commit: bool) -> None:
        """COMMIT or ROLLBACK straight on the driver (a unit of work that never needed Core)."""
        try:
            self._driver.commit() if commit else self._driver.rollback()
        except self._dbapi_error as error:
            raise self._translated(error, "COMMIT" if commit else "ROLLBACK", ()) from error

    # --- running ---------------------------------------------------------------------------------
    def rows(self, statement: Statement, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = self._run(statement, params, False).fetchall()
        return rows

    def first(self, statement: Statement, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self._run(statement, params, False).fetchone()
        return row

    def execute(self, statement: Statement, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the number of rows it changed."""
        return int(self._run(statement, params, False).rowcount)

    def many(self, statement: Statement, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._run(statement, rows, True)

    def insert(self, statement: Statement, params: Sequence[Any]) -> int:
        """Run an `INSERT ... RETURNING id`; returns the new id."""
        new_id = self.insert_if_new(statement, params)
        assert new_id is not None, "an INSERT without ON CONFLICT returns its row"
        return new_id

    def insert_if_new(self, statement: Statement, params: Sequence[Any]) -> int | None:
        """Run an `INSERT ... ON CONFLICT DO NOTHING RETURNING id`: the new id, or None if the row
        was already there (on PostgreSQL, also when a concurrent transaction committed it first)."""
        row = self._run(statement, params, False).fetchone()
        return None if row is None else int(row[0])

    def _run(self, statement: Statement, params: Any, many: bool) -> Any:
        text = statement.postgresql if self.postgresql else statement.sqlite
        cursor = self._cursor
        if cursor is None:
            cursor = self._cursor = self._driver.cursor()
        connection = self._connection
        for listener in self._listeners:
            listener(connection, cursor, text, params, None, many)
        try:
            if many:
                cursor.executemany(text, params)
            else:
                cursor.execute(text, params)
        except self._dbapi_error as error:
            raise self._translated(error, text, params) from error
        return cursor

    def _translated(self, error: Exception, text: str, params: Any) -> BaseException:
        """Our error for a driver error, else SQLAlchemy's `DBAPIError` as Core would raise."""
        translated = translate_driver_error(error)
        if translated is not None:
            return translated
        return sa_exc.DBAPIError.instance(text, params, error, self._dbapi_error)

    # --- values as the Core column types store them ------------------------------------------------
    def day(self, value: dt.date | None) -> Any:
        return value.isoformat() if value is not None and not self.postgresql else value

    def moment(self, value: dt.datetime | None) -> Any:
        if value is None or self.postgresql:
            return value
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")


_SHAPED: dict[tuple[str, str], Statement] = {}


def shaped(template: str, where: str) -> Statement:
    """`template` with its `{where}` filled: a statement made once per shape of the condition."""
    key = (template, where)
    statement = _SHAPED.get(key)
    if statement is None:
        if len(_SHAPED) > 1024:
            _SHAPED.clear()
        statement = _SHAPED[key] = Statement(template.format(where=where))
    return statement


_IN_LISTS: dict[tuple[str, int], Statement] = {}


def in_list(template: str, count: int) -> Statement:
    """`template` with its `{}` filled by `count` placeholders (statements cached per count)."""
    key = (template, count)
    statement = _IN_LISTS.get(key)
    if statement is None:
        if len(_IN_LISTS) > 4096:
            _IN_LISTS.clear()
        statement = _IN_LISTS[key] = Statement(template.format(", ".join("?" * count)))
    return statement


def scaled(value: Decimal | int, places: int) -> int:
    """A decimal as the scaled integer the Quantity/UnitCost (6) and Money (4) columns store."""
    if isinstance(value, int):
        return value * 10**places
    return int(value.scaleb(places).to_integral_value(rounding=ROUND_HALF_UP))


def as_stored(value: Decimal, places: int) -> Decimal:
    """`value` as a column of `places` decimal places gives it back (rounded half up)."""
    return Decimal(scaled(value, places)).scaleb(-places)


def unscaled(value: int | None, places: int) -> Decimal | None:
    return None if value is None else Decimal(int(value)).scaleb(-places)


def read_day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def read_moment(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else value
