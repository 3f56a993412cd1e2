"""Durable mode's step between repetitions: a committed write leaves behind its run, its ledger
lines, the finished lot it made, and lots it drew down. After each committed repetition, outside
the timed region and for both sides alike, the stock it drew is given back and every row it added
is deleted, so the next repetition sees the database the first one saw: the size on the axis is
the size measured, and every repetition draws the same lots and writes the same rows.

It runs as a committed transaction on a connection of its own, neither bakeledger's nor the
baseline's: on SQLite the connection that writes keeps its page cache and the others drop theirs,
so both sides must be among the others. Which tables grew is found per call (the last id of every
table, in one statement), so the step follows whatever a write adds; a block of repetitions ends
with `check`, which also compares the stock left.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from bench.database import BenchDatabase

# (stock table, its ledger, the ledger column naming the stock row)
STOCK = (("lots", "lot_movements", "lot_id"), ("finished_lots", "finished_movements", "finished_lot_id"))

# what the ledger lines written after `mark` took from each stock row, given back
_GIVE_BACK = (
    "UPDATE {stock} SET remaining = remaining + (SELECT SUM(m.quantity) FROM {ledger} m "
    "WHERE m.{ref} = {stock}.id AND m.kind = 'consume' AND m.id > ?){money} "
    "WHERE id IN (SELECT m.{ref} FROM {ledger} m WHERE m.kind = 'consume' AND m.id > ?)"
)
# ingredient lots also get back the money their lines took
_MONEY = {
    "lots": ", remaining_cost = remaining_cost + (SELECT SUM(m.cost) FROM lot_movements m "
    "WHERE m.lot_id = lots.id AND m.kind = 'consume' AND m.id > ?)",
    "finished_lots": "",
}


@dataclass(frozen=True)
class State:
    """What a committed repetition must leave as it found it."""

    last_ids: tuple[int, ...]  # the highest id of every table (Restorer.tables order)
    stock: tuple[int, ...]  # per stock table: rows with something left, and the sum left


class Restorer:
    """Brings the database back to a State after committed repetitions."""

    def __init__(self, db: BenchDatabase) -> None:
        schema = sa.inspect(db.ledger.engine)
        # children first, so that no delete breaks a foreign key
        self.tables = [
            name
            for name, _constraints in reversed(schema.get_sorted_table_and_fkc_names())
            if name is not None and schema.get_pk_constraint(name)["constrained_columns"] == ["id"]
        ]
        self.raw = db.keeper
        self._last_ids = "SELECT " + ", ".join(
            f"(SELECT COALESCE(MAX(id), 0) FROM {table})" for table in self.tables
        )
        self._stock = "SELECT " + ", ".join(
            f"(SELECT COUNT(*) FROM {stock} WHERE remaining > 0), (SELECT COALESCE(SUM(remaining), 0) "
            f"FROM {stock})"
            for stock, _ledger, _ref in STOCK
        )

    def _row(self, text: str) -> tuple[int, ...]:
        self.raw.cursor.execute(self.raw.sql(text))
        return tuple(int(value) for value in self.raw.cursor.fetchone())

    def state(self) -> State:
        """The current state (a committed read; the stock sums scan the stock tables)."""
        self.raw.begin(write=False)
        try:
            return State(self._row(self._last_ids), self._row(self._stock))
        finally:
            self.raw.rollback()

    def restore(self, before: State) -> None:
        """Give back the stock drawn since `before` and delete the rows added since, committed."""
        raw = self.raw
        raw.begin(write=True)
        try:
            marks = dict(zip(self.tables, before.last_ids, strict=True))
            grown = {
                table: mark
                for (table, mark), now in zip(marks.items(), self._row(self._last_ids), strict=True)
                if now > mark
            }
            for stock, ledger, ref in STOCK:
                if ledger in grown:
                    money = _MONEY[stock]
                    raw.cursor.execute(
                        raw.sql(_GIVE_BACK.format(stock=stock, ledger=ledger, ref=ref, money=money)),
                        (grown[ledger],) * (3 if money else 2),
                    )
            for table, mark in grown.items():  # in self.tables order: children first
                raw.cursor.execute(raw.sql(f"DELETE FROM {table} WHERE id > ?"), (mark,))
        except BaseException:
            raw.rollback()
            raise
        raw.commit()

    def check(self, before: State, what: str) -> None:
        """Fail unless the database is back at `before` (every table's last id, the stock left)."""
        after = self.state()
        if after != before:
            changed = [
                table
                for table, old, new in zip(self.tables, before.last_ids, after.last_ids, strict=True)
                if old != new
            ]
            raise AssertionError(
                f"{what}: restoring did not bring the database back "
                f"(tables {changed}, stock {before.stock} -> {after.stock})"
            )
