"""Exact numbers in and out: parsing caller input, fixed scales, and the DTO string formats."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bakeledger.domain.errors import ValidationError

QUANTITY_PLACES = 6
UNIT_COST_PLACES = 6
MONEY_PLACES = 4
MAX_MAGNITUDE = Decimal(10) ** 9
MAX_COUNT = 10**6
# Unit costs and money computed from entered numbers (a unit cost, a ledger line, a run's total):
# stored as 64-bit integers at 6 and 4 places they could hold about 9.2 × 10^12 and 9.2 × 10^14;
# one round limit for both leaves SQL room to add many of them up.
MAX_DERIVED = Decimal(10) ** 12

_Q6 = Decimal(1).scaleb(-6)
_Q4 = Decimal(1).scaleb(-4)
_DECIMAL_TEXT = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
_MAX_DIGITS = 20  # far beyond any allowed magnitude, well within the default 28-digit precision


def to_decimal(value: Any, field: str) -> Decimal:
    """Turn int, Decimal, decimal string or float (by shortest repr) into a finite Decimal."""
    if isinstance(value, bool):
        raise ValidationError(field=field, value=value, message=f"{field} must be a number, not a bool")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))  # the shortest repr: 2.5 -> 2.5, 1e-05 -> 0.00001
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        if not _DECIMAL_TEXT.match(value.strip()):
            raise ValidationError(
                field=field, value=value, message=f"{field} must be a plain decimal number, got {value!r}"
            )
        number = Decimal(value.strip())
    else:
        raise ValidationError(
            field=field, value=repr(value), message=f"{field} must be a number, got {type(value).__name__}"
        )
    if not number.is_finite():
        raise ValidationError(field=field, value=str(value), message=f"{field} must be finite")
    # Arithmetic on a Decimal this large would overflow the context (or be exact only by accident).
    if number and number.adjusted() >= _MAX_DIGITS:
        raise ValidationError(field=field, value=str(number)[:40], message=f"{field} is far too large")
    if number.as_tuple().exponent > 0:  # type: ignore[operator]
        number = number.quantize(Decimal(1))  # 1E+3 -> 1000
    return number


def parse_quantity(
    value: Any, field: str, *, allow_zero: bool = False, allow_negative: bool = False
) -> Decimal:
    """A quantity or price: at most 10^9 in size, 6 decimal places kept exactly."""
    number = to_decimal(value, field)
    if abs(number) > MAX_MAGNITUDE:
        raise ValidationError(field=field, value=str(value), message=f"{field} must be at most 10^9")
    if number < 0 and not allow_negative:
        raise ValidationError(field=field, value=str(value), message=f"{field} must not be negative")
    if number == 0 and not allow_zero:
        raise ValidationError(field=field, value=str(value), message=f"{field} must be greater than 0")
    if number != number.quantize(_Q6, rounding=ROUND_HALF_UP):
        raise ValidationError(
            field=field, value=str(value), message=f"{field} allows at most 6 decimal places"
        )
    return number.quantize(_Q6)


def parse_count(value: Any, field: str, *, allow_zero: bool = False, allow_negative: bool = False) -> int:
    """A whole count (batches, yields, finished items): an int up to 10^6."""
    if isinstance(value, bool):
        raise ValidationError(field=field, value=value, message=f"{field} must be a whole number")
    number = to_decimal(value, field)
    if number != number.to_integral_value():
        raise ValidationError(field=field, value=str(value), message=f"{field} must be a whole number")
    if abs(number) > MAX_COUNT:
        raise ValidationError(field=field, value=str(value), message=f"{field} must be at most 10^6")
    count = int(number)
    if count < 0 and not allow_negative:
        raise ValidationError(field=field, value=str(value), message=f"{field} must not be negative")
    if count == 0 and not allow_zero:
        raise ValidationError(field=field, value=str(value), message=f"{field} must be greater than 0")
    return count


def parse_id(value: Any, field: str) -> int:
    """A row id (event, run, lot, assignment): a whole number from 1 to 2^31 − 1 (INTEGER keys)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValidationError(field=field, value=repr(value), message=f"{field} must be an integer id")
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) < 2**31:
        raise ValidationError(field=field, value=str(value), message=f"{field} must be a positive integer id")
    return int(text)


def parse_date(value: Any, field: str) -> dt.date:
    """A `date` or an ISO-8601 date string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValidationError(field=field, value=value, message=f"{field} must be an ISO date") from exc
    raise ValidationError(field=field, value=repr(value), message=f"{field} must be a date")


def parse_datetime(value: Any, field: str) -> dt.datetime:
    """A naive-UTC datetime from a datetime, date or ISO string."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValidationError(field=field, value=value, message=f"{field} must be ISO-8601") from exc
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.replace(microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    raise ValidationError(field=field, value=repr(value), message=f"{field} must be a datetime")


def utcnow() -> dt.datetime:
    """Now, naive UTC, whole seconds (what the ledger stores)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def check_derived(value: Decimal, field: str, *, money: bool = True) -> Decimal:
    """`value` when the ledger can store it (at most 10^12 either way); else a ValidationError
    naming the field and the limit, the figure formatted as its DTO would show it."""
    if abs(value) > MAX_DERIVED:
        shown = fmt_money(value) if money else fmt_unit_cost(value)
        raise ValidationError(
            field=field,
            value=shown,
            message=f"{field} would be {shown}, more than the ledger stores (at most 10^12)",
        )
    return value


def quantize_quantity(value: Decimal) -> Decimal:
    return value.quantize(_Q6, rounding=ROUND_HALF_UP)


def quantize_money(value: Decimal) -> Decimal:
    return value.quantize(_Q4, rounding=ROUND_HALF_UP)


# --- the DTO formats (docs/conventions.md) --------------------------------------------------
_Q2 = Decimal("0.01")


def fmt_money(value: Decimal) -> str:
    """Money total: 2 places, half up ("12.35")."""
    return format(value.quantize(_Q2, rounding=ROUND_HALF_UP) + 0, "f")


def fmt_unit_cost(value: Decimal) -> str:
    """Unit or per-unit cost: 4 places, half up ("0.0348")."""
    return format(value.quantize(_Q4, rounding=ROUND_HALF_UP) + 0, "f")


def fmt_percent(value: Decimal) -> str:
    """Percentage: 2 places, half up ("57.14")."""
    return fmt_money(value)


def fmt_quantity(value: Decimal) -> str:
    """Quantity: plain decimal, at most 6 places, trailing zeros stripped ("13.5")."""
    text = format(value.quantize(_Q6, rounding=ROUND_HALF_UP) + 0, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
