"""What both hand-written baselines share: one DB-API connection, a statement counter, and the
integer arithmetic of the scaled columns (quantity and unit cost × 10^6, money × 10^4).

The backend modules (baseline_sqlite.py, baseline_pg.py) say how to connect, how a transaction
begins, how dates travel and how a new id comes back; the scenario modules hold the SQL itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from bakeledger.domain.units import STOCK_GRID, to_stock

Q = 10**6  # quantity and unit cost scale
M = 10**4  # money scale


class Raw:
    """A raw connection for the baseline: SQL is written with `?` placeholders, counted per call."""

    backend = ""
    lock = ""  # appended to FIFO reads in a writing transaction

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.cursor = connection.cursor()
        self.statements = 0

    # --- statements -----------------------------------------------------------------------
    def sql(self, text: str) -> str:
        return text

    def execute(self, text: str, params: Sequence[Any] = ()) -> Any:
        self.statements += 1
        return self.cursor.execute(self.sql(text), params)

    def executemany(self, text: str, rows: Sequence[Sequence[Any]]) -> None:
        self.statements += 1
        self.cursor.executemany(self.sql(text), rows)

    def rows(self, text: str, params: Sequence[Any] = ()) -> list[Any]:
        self.execute(text, params)
        return list(self.cursor.fetchall())

    def insert_id(self, text: str, params: Sequence[Any]) -> int:
        """Run one INSERT and return the new row's id."""
        raise NotImplementedError

    # --- transactions (not counted: bakeledger does not count BEGIN/COMMIT either) ---------
    def begin(self, *, write: bool) -> None:
        raise NotImplementedError

    def rollback(self) -> None:
        self.connection.rollback()

    def commit(self) -> None:
        self.connection.commit()

    def close(self) -> None:
        self.connection.close()

    # --- values ----------------------------------------------------------------------------
    def date_in(self, value: dt.date) -> Any:
        return value

    def moment_in(self, value: dt.datetime) -> Any:
        return value

    def date_out(self, value: Any) -> str:
        return str(value.isoformat())

    def moment_out(self, value: Any) -> str:
        return str(value.isoformat())

    # --- seeding -----------------------------------------------------------------------------
    def bulk_insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Insert many rows at once (not counted: seeding is not measured)."""
        marks = ", ".join("?" for _ in columns)
        self.cursor.executemany(
            self.sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"), list(rows)
        )

    def analyze(self) -> None:
        """Refresh planner statistics after a bulk load, if the backend keeps them up to date itself."""


def fingerprint(asked: dict[str, Any]) -> str:
    """sha256 of the arguments a caller passed (stored for idempotent replays)."""
    return hashlib.sha256(json.dumps(asked, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


# --- the integer arithmetic of the scaled columns --------------------------------------------
def scaled(text: str, scale: int = Q) -> int:
    """A decimal string as an integer × scale ("2.5" → 2_500_000)."""
    return int(Decimal(text).scaleb(len(str(scale)) - 1))


def div_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half away from zero (ROUND_HALF_UP on Decimals)."""
    quotient, rest = divmod(abs(numerator), denominator)
    if 2 * rest >= denominator:
        quotient += 1
    return -quotient if numerator < 0 else quotient


def steps_per(unit: str) -> int:
    """Grid steps of one `unit` in the stock unit a lot in that unit is kept in (ADR 0030)."""
    return int(to_stock(Decimal(1), unit, unit) * STOCK_GRID)


def to_steps(value: int, unit: str) -> int:
    """A quantity of a lot's unit × 10^6 as the lot's grid steps (the baseline's quantities are
    whole steps: it draws only in the lot's own unit)."""
    steps, rest = divmod(value * steps_per(unit), Q)
    if rest:
        raise NotImplementedError("the baseline draws only quantities that are whole grid steps")
    return steps


def from_steps(steps: int, unit: str) -> int:
    """Grid steps of a lot as its own unit × 10^6, half up (what a DTO shows)."""
    return div_half_up(steps * Q, steps_per(unit))


def draw_cost(taken: int, remaining: int, quantity: int, cost: int, remaining_cost: int) -> int:
    """The money (× 10^4) a draw costs: a share of the lot's cost, half up and at most what is
    left; the draw that empties the lot takes whatever money is left."""
    if taken >= remaining:
        return remaining_cost
    return min(div_half_up(cost * taken, quantity), remaining_cost)


def line_cost(quantity: int, unit_cost: int) -> int:
    """quantity × unit cost, both × 10^6, as stored money (× 10^4, half up)."""
    return div_half_up(quantity * unit_cost, Q * Q // M)


def fixed(value: int, scale: int, places: int) -> str:
    """A scaled integer (value / scale) as a string with exactly `places` places, half up."""
    units = div_half_up(value * 10**places, scale)
    sign = "-" if units < 0 else ""
    whole, part = divmod(abs(units), 10**places)
    return f"{sign}{whole}.{part:0{places}d}" if places else f"{sign}{whole}"


def money(value: int, scale: int = M) -> str:
    """Money total "3.20" from a scaled integer."""
    return fixed(value, scale, 2)


def unit_cost(value: int, scale: int = Q) -> str:
    """Unit cost "0.0348" from a scaled integer."""
    return fixed(value, scale, 4)


def quantity(value: int) -> str:
    """Quantity "13.5" from a value × 10^6: at most 6 places, trailing zeros stripped."""
    text = fixed(value, Q, 6).rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def decimal_text(value: int, scale: int) -> str:
    """A scaled integer as a plain decimal string keeping every place ("2.000000")."""
    places = len(str(scale)) - 1
    return fixed(value, scale, places)
