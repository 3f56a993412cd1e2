"""What every repository shares: its session, the hot-path SQL runner, a uuid factory."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import Insert, Table, exists, select
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from bakeledger.repositories.sql import Sql


class SqlRepository:
    """A repository over one session; it never commits."""

    def __init__(self, session: Callable[[], Session], sql: Sql) -> None:
        self._open_session = session
        self._sql = sql  # hand-written hot-path statements on the same connection (ADR 0024)

    @property
    def _session(self) -> Session:
        """The unit of work's session for Core statements (made when first needed)."""
        return self._open_session()

    def _insert(self, statement: Insert) -> int:
        """Run one INSERT and return the new row's id."""
        result: CursorResult[Any] = self._session.execute(statement)  # type: ignore[assignment]
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def _exists(self, table: Table, **where: Any) -> bool:
        clause = exists().where(*(table.c[k] == v for k, v in where.items()))
        return bool(self._session.execute(select(clause)).scalar())


def new_uuid() -> str:
    return str(uuid.uuid4())
