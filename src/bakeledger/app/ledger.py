"""The composition root: one engine, a factory of single-use units of work, and retries."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

from loguru import logger
from sqlalchemy import Engine

from bakeledger.app.database import (
    CREATING,
    SchemaPolicy,
    check_sqlite_file,
    engine_url,
    parse_url,
    settle_schema,
    shown_url,
)
from bakeledger.domain.errors import ConcurrencyError, RetryableError
from bakeledger.uow.engine import SQLITE_BUSY_TIMEOUT_MS, create_ledger_engine, default_url
from bakeledger.uow.sqlalchemy import SqlAlchemyUnitOfWork

T = TypeVar("T")


class Ledger:
    """Holds the engine; hands out a new UnitOfWork per `uow()` call."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @property
    def shown_url(self) -> str:
        """The URL as it may be printed (password hidden)."""
        return shown_url(self.url)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def uow(self, *, read_only: bool = False) -> SqlAlchemyUnitOfWork:
        """A new, single-use unit of work: `with ledger.uow() as uow: ...; uow.commit()`."""
        return SqlAlchemyUnitOfWork(self.engine, read_only=read_only)

    def run(self, fn: Callable[..., T], *args: Any, retries: int = 3, **kwargs: Any) -> T:
        """Open a UoW, call `fn(uow, *args, **kwargs)`, commit; re-run on transient conflicts."""
        attempt = 0
        while True:
            attempt += 1
            try:
                with self.uow() as uow:
                    result = fn(uow, *args, **kwargs)
                    uow.commit()
                return result
            except RetryableError as exc:
                if attempt > retries:
                    raise ConcurrencyError(attempts=attempt) from exc
                logger.info("retrying after a transient conflict", attempt=attempt, error=exc.message)
                time.sleep(min(0.5, 0.01 * 2**attempt) * (0.5 + random.random()))

    def dispose(self) -> None:
        self.engine.dispose()


def open_ledger(
    url: str | None = None,
    *,
    schema: SchemaPolicy = "create_or_upgrade",
    migrate_schema: bool = True,
    sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
) -> Ledger:
    """Build the engine once and settle the schema, then return the Ledger.

    By default an empty or older bakeledger database is brought to head; a database holding
    anything else, or a newer schema, is refused untouched (`migrate_schema=False` skips the check).
    """
    url = url or default_url()
    parsed = parse_url(url)
    policy: SchemaPolicy = schema if migrate_schema else "trust"
    check_sqlite_file(parsed, may_create=policy in CREATING)
    engine = create_ledger_engine(engine_url(parsed), sqlite_busy_timeout_ms=sqlite_busy_timeout_ms)
    try:
        settle_schema(engine, shown_url(parsed), policy)
    except BaseException:
        engine.dispose()
        raise
    return Ledger(engine, url)
