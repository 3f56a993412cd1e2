"""The PostgreSQL baseline: psycopg 3 directly on the database bakeledger.open created.

Writers run in READ COMMITTED with `SELECT … FOR UPDATE` on the lots they read (as bakeledger);
readers in a READ ONLY, REPEATABLE READ transaction (as a read-only unit of work).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from bench.raw import Raw


@functools.cache
def _pg_sql(text: str) -> str:
    return text.replace("?", "%s")


def conninfo(url: str) -> str:
    """A libpq URL from a SQLAlchemy one (postgresql+psycopg://… → postgresql://…)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class PgRaw(Raw):
    backend = "postgresql"
    lock = " FOR UPDATE"

    @classmethod
    def connect(cls, url: str, *, read_only: bool = False) -> PgRaw:
        connection = psycopg.connect(conninfo(url))
        connection.isolation_level = (
            psycopg.IsolationLevel.REPEATABLE_READ if read_only else psycopg.IsolationLevel.READ_COMMITTED
        )
        connection.read_only = read_only
        return cls(connection)

    def sql(self, text: str) -> str:
        return _pg_sql(text)

    def insert_id(self, text: str, params: Any) -> int:
        self.execute(text + " RETURNING id", params)
        return int(self.cursor.fetchone()[0])

    def begin(self, *, write: bool) -> None:
        """psycopg opens the transaction itself at the first statement."""

    def bulk_insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        with self.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def analyze(self) -> None:
        # autovacuum would do this shortly after a real bulk load; the benchmark cannot wait for it
        self.cursor.execute("ANALYZE")
        self.connection.commit()
