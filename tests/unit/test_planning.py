"""Planning arithmetic without a database: demand through nested bundles, batch options."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakeledger.domain.catalog import FinishedGood, FinishedGoodComponent
from bakeledger.domain.errors import CycleError, ValidationError
from bakeledger.domain.planning import batch_options, derive_demand

COOKIE, BROWNIE, RIBBON = 1, 2, 7


def _good(good_id: int, *parts: tuple[str, int, int | str]) -> FinishedGood:
    components = tuple(FinishedGoodComponent(kind, ref, f"x{ref}", Decimal(q)) for kind, ref, q in parts)
    return FinishedGood(good_id, f"u{good_id}", f"G{good_id}", f"g{good_id}", components)


def test_nested_bundles_combine_per_finished_unit() -> None:
    goods = {
        10: _good(10, ("finished_unit", COOKIE, 3), ("finished_unit", BROWNIE, 2), ("finished_good", 11, 1)),
        11: _good(11, ("finished_unit", COOKIE, 2), ("packaging", RIBBON, "0.25")),
    }
    demand = derive_demand({10: 10}, {}, goods)
    assert demand.bundles == {10: 10, 11: 10}
    assert demand.units == {COOKIE: 50, BROWNIE: 20}
    assert demand.packaging == {RIBBON: Decimal("2.5")}


def test_a_bundle_reached_twice_is_counted_once_per_path() -> None:
    # 11 reached directly (5) and through 10 (2 each of 4): 13 bundles, 26 cookies
    goods = {10: _good(10, ("finished_good", 11, 2)), 11: _good(11, ("finished_unit", COOKIE, 2))}
    demand = derive_demand({10: 4, 11: 5}, {}, goods)
    assert (demand.bundles, demand.units) == ({10: 4, 11: 13}, {COOKIE: 26})


def test_targets_count_only_for_bundles_assignments_do_not_reach() -> None:
    goods = {
        10: _good(10, ("finished_good", 11, 1)),
        11: _good(11, ("finished_unit", COOKIE, 2)),
        12: _good(12, ("finished_unit", BROWNIE, 12)),
    }
    demand = derive_demand({10: 3}, {11: 50, 12: 4}, goods)
    assert demand.units == {COOKIE: 6, BROWNIE: 48}


def test_a_cycle_is_refused_with_its_path() -> None:
    goods = {10: _good(10, ("finished_good", 11, 1)), 11: _good(11, ("finished_good", 10, 1))}
    with pytest.raises(CycleError) as caught:
        derive_demand({10: 1}, {}, goods)
    assert caught.value.path == ["g10", "g11", "g10"]


def test_a_bundle_without_content_is_refused() -> None:
    with pytest.raises(ValidationError, match="holds nothing"):
        derive_demand({10: 1}, {}, {10: _good(10)})


@pytest.mark.parametrize(
    ("need", "per_batch", "expected", "recommended"),
    [
        (300, 48, [("floor", 6, 288, 12, 0), ("ceil", 7, 336, 0, 36)], ("ceil", False)),
        (72, 24, [("exact", 3, 72, 0, 0)], ("exact", False)),
        (0, 24, [("exact", 0, 0, 0, 0)], ("exact", False)),
        (10, 24, [("ceil", 1, 24, 0, 14)], ("ceil", True)),  # 140 % waste and nothing smaller
        (204, 48, [("floor", 4, 192, 12, 0), ("ceil", 5, 240, 0, 36)], ("floor", True)),
    ],
)
def test_batch_options(
    need: int, per_batch: int, expected: list[tuple[str, int, int, int, int]], recommended: tuple[str, bool]
) -> None:
    choice = batch_options(need, per_batch, Fraction(15))
    assert [(o.kind, o.batches, o.items, o.shortfall, o.extra) for o in choice.options] == expected
    assert (choice.recommended, choice.flagged) == recommended


def test_waste_at_the_threshold_recommends_the_ceil() -> None:
    choice = batch_options(300, 48, Fraction(12))  # exactly 12 % waste
    assert (choice.recommended, choice.flagged, choice.options[-1].waste_percent) == ("ceil", False, 12)


@given(st.integers(0, 10**6), st.integers(1, 500), st.integers(0, 200))
def test_options_bracket_the_need(need: int, per_batch: int, threshold: int) -> None:
    choice = batch_options(need, per_batch, Fraction(threshold))
    for option in choice.options:
        assert option.items == option.batches * per_batch
        assert option.items + option.shortfall - option.extra == need
    assert choice.options[-1].items >= need
    assert choice.options[-1].items - need < per_batch
    assert choice.recommended in {o.kind for o in choice.options}
