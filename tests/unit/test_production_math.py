"""Production math without a database: yields, status, per-unit and loss cost, categories, fingerprints."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakeledger.domain.errors import ValidationError, YieldExceedsExpected
from bakeledger.domain.fifo import AllocationLine
from bakeledger.domain.production import (
    LOSS_CATEGORIES,
    SnapshotLine,
    check_actual_yield,
    check_loss_category,
    expected_yield,
    ledger_cost,
    loss_cost,
    per_unit_cost,
    request_fingerprint,
    run_figures,
    run_status,
    snapshot_json,
    snapshot_lines,
)

money = st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False)
scales = st.decimals(min_value=Decimal("0.000001"), max_value=100, places=6)


def test_partial_loss_figures() -> None:
    figures = run_figures(96, 92, Decimal("3.20"))
    assert (figures.loss_quantity, figures.status) == (4, "partial_loss")
    assert figures.per_unit_cost == Decimal("0.034783")
    assert figures.loss_cost == Decimal("0.1333")


def test_total_loss_figures() -> None:
    figures = run_figures(48, 0, Decimal("1.60"))
    assert (figures.status, figures.per_unit_cost, figures.loss_cost) == (
        "total_loss",
        Decimal(0),
        Decimal("1.60"),
    )


def test_expected_yield_floors_fractional_items() -> None:
    assert expected_yield(48, Decimal("1"), 2) == 96
    assert expected_yield(48, Decimal("0.5"), 3) == 72
    assert expected_yield(10, Decimal("0.33"), 1) == 3
    assert expected_yield(7, Decimal("0.1"), 1) == 0


@given(st.integers(1, 1000), scales, st.integers(1, 1000))
def test_expected_yield_is_the_floor_of_the_exact_product(items: int, scale: Decimal, batches: int) -> None:
    exact = Decimal(items) * scale * batches
    found = expected_yield(items, scale, batches)
    assert found <= exact < found + 1


def test_actual_yield_defaults_to_expected_and_stays_in_range() -> None:
    assert check_actual_yield(None, 48) == 48
    assert check_actual_yield(0, 48) == 0
    with pytest.raises(YieldExceedsExpected) as info:
        check_actual_yield(60, 48)
    assert (info.value.actual, info.value.expected) == (60, 48)
    with pytest.raises(ValidationError):
        check_actual_yield(-1, 48)


@given(st.integers(1, 10**6), st.data())
def test_status_follows_the_loss(expected: int, data: st.DataObject) -> None:
    actual = data.draw(st.integers(0, expected))
    status = run_status(expected, actual)
    if actual == expected:
        assert status == "complete"
    elif actual == 0:
        assert status == "total_loss"
    else:
        assert status == "partial_loss"


@given(money, st.integers(1, 10**4), st.data())
def test_loss_and_kept_costs_add_up_to_the_total(total: Decimal, expected: int, data: st.DataObject) -> None:
    actual = data.draw(st.integers(0, expected))
    lost = loss_cost(total, expected - actual, expected)
    assert 0 <= lost <= total
    assert abs(lost - total * (expected - actual) / expected) <= Decimal("0.00005")
    unit = per_unit_cost(total, actual)
    if actual:
        assert abs(unit * actual - total) <= Decimal("0.0000005") * actual
    else:
        assert unit == 0


def test_loss_categories() -> None:
    assert LOSS_CATEGORIES == ("burnt", "broken", "contaminated", "dropped", "wrong_ingredients", "other")
    assert check_loss_category(None, 4) == "other"
    assert check_loss_category("dropped", 4) == "dropped"
    assert check_loss_category(None, 0) is None
    with pytest.raises(ValidationError):
        check_loss_category("eaten", 4)
    with pytest.raises(ValidationError):
        check_loss_category("burnt", 0)


def test_ledger_cost_sums_each_line_as_stored() -> None:
    lines = [
        AllocationLine(1, Decimal("1"), "cup", Decimal("0.333333"), Decimal("0.333333"), Decimal(0)),
        AllocationLine(2, Decimal("1"), "cup", Decimal("0.333333"), Decimal("0.333333"), Decimal(0)),
    ]
    assert ledger_cost(lines) == Decimal("0.6666")


def test_snapshot_round_trips_exactly() -> None:
    lines = [SnapshotLine("flour", Decimal("4.000000"), "cup", Decimal("2.0000"))]
    text = snapshot_json("cookies", 2, Decimal("1.000000"), lines)
    assert snapshot_lines(text) == lines
    assert '"scale":"1"' in text


def test_fingerprint_normalises_numbers_and_dates() -> None:
    base = {"recipe": "cookies", "batches": 2, "scale": Decimal("1"), "at": dt.datetime(2025, 12, 1)}
    same = {"at": dt.datetime(2025, 12, 1), "scale": Decimal("1.000000"), "batches": 2, "recipe": "cookies"}
    assert request_fingerprint(base) == request_fingerprint(same)
    assert len(request_fingerprint(base)) == 64
    assert request_fingerprint(base) != request_fingerprint({**base, "batches": 3})
