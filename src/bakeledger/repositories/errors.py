"""Driver errors become bakeledger errors here, by error class, SQLSTATE and SQLite's error codes.

The engine's `handle_error` hook calls `translate_driver_error` for every statement, commit and
BEGIN, so no caller ever sees a `sqlite3` or `psycopg` exception for these cases.
"""

from __future__ import annotations

from loguru import logger

from bakeledger.domain.errors import (
    ConcurrencyError,
    Conflict,
    ReadOnlyError,
    RetryableError,
    ValidationError,
)

# PostgreSQL: serialization failure, deadlock, lock not available: the block can simply run again.
_RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
_READ_ONLY_SQLSTATE = "25006"  # a write (or a locking read) in a READ ONLY transaction
_INTEGRITY_SQLSTATE_CLASS = "23"  # unique, foreign key, check, not null violations
# SQLite primary result codes (the low byte of the extended code the driver reports).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CONSTRAINT = 5, 6, 19


def translate_driver_error(original: BaseException) -> BaseException | None:
    """Our error for a driver error, or None to let SQLAlchemy raise its own."""
    if isinstance(original, ConcurrencyError | Conflict | ReadOnlyError):
        return None  # already ours (raised inside a statement listener)
    first_line = str(original).splitlines()[0] if str(original) else type(original).__name__
    sqlstate: str | None = getattr(original, "sqlstate", None)
    sqlite_code: int | None = getattr(original, "sqlite_errorcode", None)
    primary = None if sqlite_code is None else sqlite_code & 0xFF
    if sqlstate in _RETRYABLE_SQLSTATES or primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        logger.debug("retryable database conflict", sqlstate=sqlstate, sqlite_code=sqlite_code)
        return RetryableError(message=f"transient database conflict: {first_line}")
    if (sqlstate or "").startswith(_INTEGRITY_SQLSTATE_CLASS) or primary == _SQLITE_CONSTRAINT:
        return Conflict(message=f"database refused the change: {first_line}")
    if sqlstate == _READ_ONLY_SQLSTATE:
        return ReadOnlyError()
    if sqlstate is None and type(original).__name__ == "DataError" and "NUL (0x00)" in first_line:
        # psycopg refuses a NUL character before sending anything, so no SQLSTATE comes with it
        return ValidationError(message="text must not contain NUL characters (a slug or name with \\x00)")
    return None
