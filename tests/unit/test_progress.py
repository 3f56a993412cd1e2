"""Tests for the pure event rules: progress math, fulfillment steps, listing windows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakeledger.domain.errors import InvalidTransition, ValidationError
from bakeledger.domain.events import check_transition, event_window
from bakeledger.domain.progress import (
    kind_percent,
    overall_progress,
    round_percent,
    target_progress,
)

counts = st.integers(min_value=0, max_value=10**6)
targets = st.integers(min_value=1, max_value=10**6)
progress_lists = st.lists(st.builds(target_progress, targets, counts), max_size=8)


def test_half_done_target() -> None:
    p = target_progress(4, 2)
    assert (p.remaining, p.overage, round_percent(p.percent), p.complete) == (2, 0, Decimal("50.00"), False)


def test_overproduction_is_not_capped_per_target() -> None:
    p = target_progress(4, 5)
    assert (p.remaining, p.overage, round_percent(p.percent), p.complete) == (0, 1, Decimal("125.00"), True)


def test_overall_is_mean_of_kinds_with_targets() -> None:
    production = [target_progress(10, 10), target_progress(10, 4)]  # 100, 40
    assembly = [target_progress(5, 5), target_progress(5, 0)]  # 100, 0
    o = overall_progress(production, assembly)
    assert [round_percent(x) for x in (o.production_percent, o.assembly_percent, o.overall_percent)] == [
        Decimal("70.00"),
        Decimal("50.00"),
        Decimal("60.00"),
    ]
    assert o.status == "in_progress"
    assert (o.production_targets, o.production_complete, o.assembly_targets, o.assembly_complete) == (
        2,
        1,
        2,
        1,
    )


def test_capped_at_100_before_the_mean() -> None:
    o = overall_progress([target_progress(5, 10)], [target_progress(50, 25)])
    assert round_percent(o.production_percent) == Decimal("100.00")
    assert round_percent(o.overall_percent) == Decimal("75.00")


def test_no_targets_is_not_started_at_zero() -> None:
    o = overall_progress([], [])
    assert (o.status, o.production_percent, o.assembly_percent, o.overall_percent) == ("not_started", 0, 0, 0)


def test_targets_with_nothing_done_are_not_started_and_one_kind_alone_is_the_overall() -> None:
    assert overall_progress([target_progress(3, 0)], []).status == "not_started"
    o = overall_progress([], [target_progress(4, 1)])
    assert (o.status, round_percent(o.overall_percent)) == ("in_progress", Decimal("25.00"))


def test_every_target_complete_is_complete() -> None:
    assert overall_progress([target_progress(1, 1)], [target_progress(2, 3)]).status == "complete"


def test_overall_percent_is_rounded_once_from_the_exact_mean() -> None:
    # 1/3 and 2/3 of 100: rounding each first (33.33, 66.67) would also give 50, so use thirds of 1/3
    o = overall_progress([target_progress(3, 1)], [target_progress(3, 1), target_progress(6, 1)])
    exact = (Fraction(100, 3) + (Fraction(100, 3) + Fraction(100, 6)) / 2) / 2
    assert o.overall_percent == exact
    assert round_percent(o.overall_percent) == Decimal("29.17")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(1, 3) * 100, "33.33"),
        (Fraction(2, 3) * 100, "66.67"),
        (Fraction(100125, 1000), "100.13"),  # exactly half: up
        (Fraction(1001249999, 10**7), "100.12"),
        (Fraction(0), "0.00"),
    ],
)
def test_round_percent_half_up(value: Fraction, expected: str) -> None:
    assert round_percent(value) == Decimal(expected)
    assert format(round_percent(value), "f") == expected


@given(targets, counts)
def test_target_progress_identities(target: int, done: int) -> None:
    p = target_progress(target, done)
    assert p.remaining - p.overage == target - done
    assert min(p.remaining, p.overage) == 0
    assert p.complete == (p.percent >= 100) == (p.remaining == 0)
    assert p.percent * target == done * 100


@given(progress_lists, progress_lists)
def test_overall_bounds_and_status(production: list, assembly: list) -> None:  # type: ignore[type-arg]
    o = overall_progress(production, assembly)
    kinds = [kind_percent(k) for k in (production, assembly) if k]
    assert all(0 <= k <= 100 for k in kinds)
    if kinds:
        assert min(kinds) <= o.overall_percent <= max(kinds)
    else:
        assert o.overall_percent == 0 and o.status == "not_started"
    if o.status == "complete":
        assert o.overall_percent == 100
    if o.overall_percent == 100 and kinds:
        assert o.status == "complete"
    assert o.production_complete <= o.production_targets == len(production)


@given(st.fractions(min_value=0, max_value=10**8))
def test_round_percent_is_the_nearest_hundredth(value: Fraction) -> None:
    rounded = Fraction(round_percent(value))
    assert abs(rounded - value) <= Fraction(1, 200)
    assert rounded * 100 == int(rounded * 100)


def test_fulfillment_goes_one_step_at_a_time() -> None:
    assert check_transition("pending", "ready") == "ready"
    assert check_transition("ready", "delivered") == "delivered"


@pytest.mark.parametrize(
    ("current", "requested", "allowed"),
    [
        ("pending", "delivered", ["ready"]),  # skipping a step names the one allowed
        ("ready", "pending", ["delivered"]),
        ("delivered", "ready", []),
        ("pending", "pending", ["ready"]),
        ("pending", "shipped", ["ready"]),
    ],
)
def test_other_transitions_name_the_allowed_next_states(
    current: str, requested: str, allowed: list[str]
) -> None:
    with pytest.raises(InvalidTransition) as info:
        check_transition(current, requested)
    assert info.value.allowed == allowed
    assert info.value.to_dict()["allowed"] == allowed
    assert all(f"allowed: {', '.join(allowed)}" in info.value.message for _ in allowed)


def test_windows_of_the_event_filters() -> None:
    today = dt.date(2026, 12, 1)
    assert event_window("active_future", None, None, today) == (today, None)
    assert event_window("past", None, None, today) == (None, dt.date(2026, 11, 30))
    assert event_window("all", None, None, today) == (None, None)
    assert event_window("active_future", dt.date(2026, 1, 1), dt.date(2026, 12, 24), today) == (
        today,
        dt.date(2026, 12, 24),
    )
    with pytest.raises(ValidationError):
        event_window("soon", None, None, today)
