"""The SQLite baseline: Python's sqlite3 module on the very file bakeledger.open created.

Same connection settings as bakeledger's engine (WAL, synchronous=FULL, foreign keys, busy
timeout), `BEGIN IMMEDIATE` for writers, dates stored as SQLAlchemy stores them on SQLite.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from bench.raw import Raw

_MOMENT = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's DateTime storage format on SQLite


class SqliteRaw(Raw):
    backend = "sqlite"

    @classmethod
    def connect(cls, path: str) -> SqliteRaw:
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        for pragma in ("foreign_keys=ON", "busy_timeout=10000", "journal_mode=WAL", "synchronous=FULL"):
            connection.execute(f"PRAGMA {pragma}")
        return cls(connection)

    def insert_id(self, text: str, params: Any) -> int:
        self.execute(text, params)
        return int(self.cursor.lastrowid)

    def begin(self, *, write: bool) -> None:
        self.cursor.execute("BEGIN IMMEDIATE" if write else "BEGIN")

    def rollback(self) -> None:
        self.cursor.execute("ROLLBACK")

    def commit(self) -> None:
        self.cursor.execute("COMMIT")

    def date_in(self, value: dt.date) -> Any:
        return value.isoformat()

    def moment_in(self, value: dt.datetime) -> Any:
        return value.strftime(_MOMENT)

    def date_out(self, value: Any) -> str:
        return str(value)

    def moment_out(self, value: Any) -> str:
        return dt.datetime.fromisoformat(value).isoformat()
