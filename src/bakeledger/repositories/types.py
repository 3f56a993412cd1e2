"""Exact column types: decimals stored as scaled integers so SQL sums are exact on every backend."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


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


Quantity = ScaledDecimal(6)
UnitCost = ScaledDecimal(6)
Money = ScaledDecimal(4)
