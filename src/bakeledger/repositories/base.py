"""What every repository shares: the unit of work's session and a uuid factory."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Insert, Table, exists, func, lambda_stmt, literal_column, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session
from sqlalchemy.sql.lambdas import StatementLambdaElement

from bakeledger.repositories import tables as t


class SqlRepository:
    """A repository over the unit of work's one session; it runs Core statements and never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @property
    def _dialect(self) -> str:
        """`sqlite` or `postgresql`: for the few statements whose form differs (ON CONFLICT)."""
        return self._session.get_bind().dialect.name

    def _insert(self, statement: Insert) -> int:
        """Run one INSERT and return the new row's id."""
        result: CursorResult[Any] = self._session.execute(statement)  # type: ignore[assignment]
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def _update_row(self, table: Table, row_id: int, values: dict[str, Any]) -> None:
        """Set `values` on the row `row_id` of `table` (nothing is run when there is nothing to set);
        a new name brings its new name key where the table has one."""
        if "name" in values and "name_key" in table.c:
            values = {**values, **t.renamed(values["name"])}
        if values:
            self._session.execute(update(table).where(table.c.id == row_id).values(**values))

    def lock_catalogue(self) -> None:
        """Hold the catalogue for an edit until the transaction ends: checks that read several
        entries (no nesting cycle, not in use) then stay true until the edit commits. PostgreSQL:
        a transaction-scoped advisory lock; SQLite writers hold the database from BEGIN IMMEDIATE."""
        if self._dialect == "postgresql":
            self._session.execute(_LOCK_CATALOGUE)

    def _exists(self, table: Table, **where: Any) -> bool:
        clause = exists().where(*(table.c[k] == v for k, v in where.items()))
        return bool(self._session.execute(select(clause)).scalar())


# one lock for every catalogue edit, whatever the kind: edits are rare, and a nesting check spans kinds
_LOCK_CATALOGUE = select(func.pg_advisory_xact_lock(literal_column("7106500101")))


def new_uuid() -> str:
    return str(uuid.uuid4())


def insert_unless_key_taken(table: Table) -> dict[str, StatementLambdaElement]:
    """Per dialect: INSERT a run unless its idempotency key is taken, RETURNING the stored row.

    No row comes back when the key exists already (on PostgreSQL, also when a concurrent
    transaction committed it first): the caller then replays the recorded run. Lambda statements:
    SQLAlchemy 2.0 does not cache the compiled form of a dialect `insert()` (its ON CONFLICT
    clause has no cache key), and a lambda statement is cached by where it is written.
    """
    return {
        "sqlite": lambda_stmt(
            lambda: (
                sqlite.insert(table)
                .on_conflict_do_nothing(index_elements=[table.c.idempotency_key])
                .returning(*table.c)
            )
        ),
        "postgresql": lambda_stmt(
            lambda: (
                postgresql.insert(table)
                .on_conflict_do_nothing(index_elements=[table.c.idempotency_key])
                .returning(*table.c)
            )
        ),
    }
