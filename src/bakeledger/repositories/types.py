"""Exact column types: decimals stored as scaled integers so SQL sums are exact on every backend."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from bakeledger.domain.units import STOCK_GRID


class ScaledDecimal(TypeDecorator[Decimal]):
    """A Decimal with `places` decimal places, stored as the integer value × 10^places."""

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int) -> None:
        super().__init__()
        self.places = places
        self._unit = Decimal(1).scaleb(-places)

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = Decimal(value)
        if not isinstance(value, Decimal):
            raise TypeError(f"ScaledDecimal takes Decimal or int, not {type(value).__name__}")
        return int(value.quantize(self._unit, rounding=ROUND_HALF_UP).scaleb(self.places))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.places)

    def coerce_compared_value(self, op: Any, value: Any) -> Any:
        return self


class GridDecimal(TypeDecorator[Decimal]):
    """A Decimal on a grid of 1/`steps` (not a power of ten), stored as the integer number of steps.

    Lot quantities use it: amounts in a lot's stock unit (g, ml, each) on the stock grid, where
    every kitchen unit is a whole number of steps. A value off the grid is refused, not rounded:
    the domain rounds (and says so) before anything reaches a column."""

    impl = BigInteger
    cache_ok = True

    def __init__(self, steps: int) -> None:
        super().__init__()
        self.steps = steps

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = Decimal(value)
        if not isinstance(value, Decimal):
            raise TypeError(f"GridDecimal takes Decimal or int, not {type(value).__name__}")
        scaled = value * self.steps
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} is not a whole number of 1/{self.steps} steps")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        with localcontext(Context(prec=60)):
            return _plain(Decimal(int(value)) / self.steps)

    def coerce_compared_value(self, op: Any, value: Any) -> Any:
        return self


def _plain(value: Decimal) -> Decimal:
    """`value` without trailing fractional zeros (2.50000 -> 2.5, 12 -> 12)."""
    return value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1))


Quantity = ScaledDecimal(6)
StockQuantity = GridDecimal(STOCK_GRID)
UnitCost = ScaledDecimal(6)
Money = ScaledDecimal(4)
