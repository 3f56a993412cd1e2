"""Exact numbers in and out (domain/numbers.py): parsing caller input and the DTO string formats."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakeledger.domain.errors import ValidationError
from bakeledger.domain.numbers import (
    fmt_money,
    fmt_percent,
    fmt_quantity,
    fmt_unit_cost,
    parse_count,
    parse_date,
    parse_datetime,
    parse_id,
    parse_quantity,
)


# --- formats --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("12.345", "12.35"),  # half up, not half even
        ("12.335", "12.34"),
        ("3.2", "3.20"),
        ("0.004999", "0.00"),
        ("-0.001", "0.00"),  # no "-0.00"
        ("1E+2", "100.00"),
        ("123456789.995", "123456790.00"),
    ],
)
def test_money_has_two_places_rounded_half_up(value: str, text: str) -> None:
    assert fmt_money(Decimal(value)) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("0.034783", "0.0348"),
        ("0.03475", "0.0348"),
        ("0.03465", "0.0347"),
        ("2", "2.0000"),
        ("1E+1", "10.0000"),
    ],
)
def test_unit_cost_has_four_places_rounded_half_up(value: str, text: str) -> None:
    assert fmt_unit_cost(Decimal(value)) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("1E+2", "100"),
        ("13.500000", "13.5"),
        ("120", "120"),
        ("0.0000004", "0"),
        ("0.0000005", "0.000001"),
        ("11.550000", "11.55"),
        ("-0.0000001", "0"),
        ("1234567.1234565", "1234567.123457"),
        ("0E-6", "0"),
    ],
)
def test_quantity_is_plain_with_trailing_zeros_stripped(value: str, text: str) -> None:
    assert fmt_quantity(Decimal(value)) == text


def test_percent_has_two_places() -> None:
    assert (fmt_percent(Decimal(400) / Decimal(7)), fmt_percent(Decimal(125))) == ("57.14", "125.00")


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=8, allow_nan=False, allow_infinity=False))
def test_quantity_text_never_has_an_exponent_and_reads_back_within_half_a_millionth(value: Decimal) -> None:
    text = fmt_quantity(value)
    assert "E" not in text.upper()
    assert not text.endswith(".") and not (("." in text) and text.endswith("0"))
    assert abs(Decimal(text) - value) <= Decimal("0.0000005")


# --- parsing --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "exact"),
    [
        (2, "2"),
        ("2.50", "2.5"),
        (" 3 ", "3"),
        (2.5, "2.5"),  # floats through their shortest repr
        (0.1, "0.1"),
        (1e-05, "0.00001"),
        (Decimal("1E+3"), "1000"),
        ("+7", "7"),
        (".5", "0.5"),
        ("1000000000", "1000000000"),
        ("0.000001", "0.000001"),
    ],
)
def test_quantities_accept_ints_decimals_strings_and_floats(value: Any, exact: str) -> None:
    parsed = parse_quantity(value, "quantity")
    assert parsed == Decimal(exact)
    assert parsed.as_tuple().exponent == -6  # always stored with six places


@pytest.mark.parametrize(
    "value",
    [
        "1e3", "1E3", "NaN", "nan", "Infinity", "-inf", "abc", "", "   ", "1,000", "1.2.3", "0x1A", "½",
        float("nan"), float("inf"), Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity"),
        True, False, None, [1], b"1",
        0, "0", "-1", -0.5, "0.0000001",  # zero, negative, more than 6 places
        10**10, "1000000000.000001", Decimal("1E+30"), Decimal("1E+999999999"), 1e300, 10**100,
    ],
)  # fmt: skip
def test_quantities_refuse_everything_else_with_a_validation_error(value: Any) -> None:
    with pytest.raises(ValidationError) as info:
        parse_quantity(value, "quantity")
    assert info.value.field == "quantity"


def test_prices_may_be_zero_and_adjustments_negative() -> None:
    assert parse_quantity("0", "price", allow_zero=True) == 0
    assert parse_quantity("-2.5", "delta", allow_negative=True) == Decimal("-2.5")
    with pytest.raises(ValidationError):
        parse_quantity("-0.01", "price", allow_zero=True)


@pytest.mark.parametrize(
    ("value", "count"), [(3, 3), ("12", 12), (Decimal("4.000"), 4), (2.0, 2), (10**6, 10**6)]
)
def test_counts_are_whole_numbers(value: Any, count: int) -> None:
    assert parse_count(value, "batches") == count
    assert type(parse_count(value, "batches")) is int


@pytest.mark.parametrize(
    "value", [2.5, "2.5", 0, -1, 10**6 + 1, "1e3", True, None, float("nan"), Decimal("1E+999999999")]
)
def test_counts_refuse_fractions_zero_huge_and_non_numbers(value: Any) -> None:
    with pytest.raises(ValidationError):
        parse_count(value, "batches")


def test_dates_and_datetimes() -> None:
    assert parse_date("2025-12-24", "on") == dt.date(2025, 12, 24)
    assert parse_date(dt.datetime(2025, 12, 24, 18, 30), "on") == dt.date(2025, 12, 24)
    aware = dt.datetime(2025, 12, 24, 18, 30, 15, 999, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert parse_datetime(aware, "at") == dt.datetime(2025, 12, 24, 23, 30, 15)  # naive UTC, whole seconds
    assert parse_datetime("2025-12-24", "at") == dt.datetime(2025, 12, 24)
    for bad in ("24/12/2025", "", 20251224, None):
        with pytest.raises(ValidationError):
            parse_date(bad, "on")


@pytest.mark.parametrize("text", ["\u0661\u0660", "\uff11\uff10", "1\u0660", "\u0967.5", "\u00b2"])
def test_numbers_are_ascii_digits_only(text: str) -> None:
    """Arabic-Indic, fullwidth, Devanagari or superscript digits are not read as numbers."""
    for parse in (parse_quantity, parse_count):
        with pytest.raises(ValidationError):
            parse(text, "quantity")
    with pytest.raises(ValidationError):
        parse_id(text, "lot_id")


def test_dates_are_ascii_digits_only() -> None:
    with pytest.raises(ValidationError):
        parse_date("\u0662\u0660\u0662\u0666-\u0661\u0662-\u0662\u0664", "purchased_on")
