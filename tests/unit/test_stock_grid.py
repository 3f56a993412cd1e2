"""The stock grid lots are kept on (domain/units.py, ADR 0030): which amounts are exact on it,
how the rest is rounded, and the column type that stores it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakeledger.domain.inventory import draw_cost, lot_cost
from bakeledger.domain.units import (
    STOCK_GRID,
    in_lot_unit,
    is_known_unit,
    on_grid,
    parse_density,
    stock_unit,
    to_grid,
    to_stock,
)
from bakeledger.repositories.types import StockQuantity

KITCHEN = [
    "g",
    "kg",
    "oz",
    "lb",
    "ml",
    "l",
    "tsp",
    "tbsp",
    "fl oz",
    "cup",
    "pt",
    "qt",
    "gal",
    "each",
    "dozen",
]


@pytest.mark.parametrize("unit", KITCHEN)
def test_every_kitchen_unit_is_a_whole_number_of_steps(unit: str) -> None:
    assert is_known_unit(unit) and on_grid(to_stock(Decimal(1), unit, unit))


@pytest.mark.parametrize(("unit", "stock"), [("lb", "g"), ("cup", "ml"), ("dozen", "each"), ("bag", "bag")])
def test_a_lot_is_kept_in_the_stock_unit_of_its_dimension(unit: str, stock: str) -> None:
    assert stock_unit(unit) == stock


@given(
    amount=st.decimals(min_value=Decimal("0.000001"), max_value=10**6, places=6),
    unit=st.sampled_from(["g", "kg", "ml", "l", "each", "piece", "dozen", "bag"]),
)
def test_six_place_metric_and_count_quantities_are_exact(amount: Decimal, unit: str) -> None:
    kept = to_stock(amount, unit, unit)
    assert in_lot_unit(kept, unit) == amount


@given(eighths=st.integers(min_value=1, max_value=10**6), unit=st.sampled_from(["tsp", "tbsp", "cup"]))
def test_eighths_of_us_volume_units_are_exact(eighths: int, unit: str) -> None:
    amount = Decimal(eighths) / 8
    assert in_lot_unit(to_stock(amount, unit, unit), unit) == amount


@given(sixteenths=st.integers(min_value=1, max_value=10**6), unit=st.sampled_from(["oz", "lb"]))
def test_sixteenths_of_ounces_and_pounds_are_exact(sixteenths: int, unit: str) -> None:
    amount = Decimal(sixteenths) / 16
    assert in_lot_unit(to_stock(amount, unit, unit), unit) == amount


def test_a_density_draw_is_rounded_half_up_to_one_step() -> None:
    """1 cup = 125 g makes 1 tsp = 2.6041666… g: kept as the nearest step."""
    density = parse_density("1 cup = 125 g")
    kept = to_stock(Decimal(1), "tsp", "g", density)
    assert on_grid(kept) and abs(kept - Decimal(125) / 48) <= Decimal(1) / STOCK_GRID / 2
    assert to_grid(Decimal(1) / STOCK_GRID / 2) == Decimal(1) / STOCK_GRID  # half up


def test_the_column_stores_whole_steps_and_refuses_anything_between() -> None:
    one_tsp = to_stock(Decimal(1), "tsp", "tsp")
    assert StockQuantity.process_bind_param(one_tsp, None) == 1_261_803_928  # type: ignore[arg-type]
    assert StockQuantity.process_result_value(1_261_803_928, None) == Decimal("4.92892159375")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a whole number"):
        StockQuantity.process_bind_param(Decimal("0.000000001"), None)  # type: ignore[arg-type]


@given(
    draws=st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=30),
    price=st.decimals(min_value=0, max_value=1000, places=2),
)
def test_the_draws_that_empty_a_lot_add_up_to_its_cost(draws: list[int], price: Decimal) -> None:
    quantity = Decimal(sum(draws))
    cost = lot_cost(Decimal(1), price)
    remaining, left, spent = quantity, cost, Decimal(0)
    for draw in draws:
        share = draw_cost(Decimal(draw), remaining, quantity, cost, left)
        assert 0 <= share <= left
        remaining, left, spent = remaining - draw, left - share, spent + share
    assert (remaining, left, spent) == (0, 0, cost)
