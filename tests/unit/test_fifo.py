"""FIFO allocation (domain/fifo.allocate) as properties over lots in one unit, plus worked examples.

A lot's remaining is in its stock unit (g, ml, each or its package word)."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from bakeledger.domain.fifo import LotView, allocate
from bakeledger.domain.units import convert, on_grid, parse_density, to_stock


def six_places(low: Decimal | int, high: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=low, max_value=high, places=6, allow_nan=False, allow_infinity=False)


remaining = six_places(0, 500)
unit_costs = six_places(0, 50)
requests = six_places(Decimal("0.000001"), 2000)
lot_lists = st.lists(st.tuples(remaining, unit_costs), max_size=12).map(
    lambda pairs: [LotView(n, left, "g", cost) for n, (left, cost) in enumerate(pairs, start=1)]
)


def same_unit(quantity: Decimal, _from: str, _to: str) -> Decimal:
    return quantity


@given(lots=lot_lists, requested=requests)
def test_allocates_what_is_asked_or_everything_there_is(lots: list[LotView], requested: Decimal) -> None:
    available = sum((lot.remaining for lot in lots), Decimal(0))
    result = allocate(lots, requested, "g", same_unit)
    assert result.consumed == min(requested, available)
    assert result.shortfall == max(Decimal(0), requested - available)
    assert sum((line.quantity for line in result.lines), Decimal(0)) == result.consumed
    assert result.satisfied == (available >= requested)


@given(lots=lot_lists, requested=requests)
def test_takes_oldest_first_and_empties_every_lot_before_the_last_touched(
    lots: list[LotView], requested: Decimal
) -> None:
    result = allocate(lots, requested, "g", same_unit)
    touched = [line.lot_id for line in result.lines]
    non_empty = [lot.lot_id for lot in lots if lot.remaining > 0]
    assert touched == non_empty[: len(touched)]  # in the order given, skipping only empty lots
    assert all(line.remaining_after == 0 for line in result.lines[:-1])
    if not result.satisfied:
        assert touched == non_empty and all(line.remaining_after == 0 for line in result.lines)


@given(lots=lot_lists, requested=requests)
def test_each_piece_is_costed_at_its_own_lot_price(lots: list[LotView], requested: Decimal) -> None:
    by_id = {lot.lot_id: lot for lot in lots}
    result = allocate(lots, requested, "g", same_unit)
    for line in result.lines:
        lot = by_id[line.lot_id]
        assert (line.unit_cost, line.unit) == (lot.unit_cost, lot.unit)
        assert line.cost == line.quantity * lot.unit_cost
        assert line.remaining_after == lot.remaining - line.quantity >= 0
        assert line.quantity > 0
    assert result.total_cost == sum(
        (line.quantity * by_id[line.lot_id].unit_cost for line in result.lines), 0
    )


@given(lots=lot_lists)
def test_asking_for_exactly_everything_empties_every_lot(lots: list[LotView]) -> None:
    available = sum((lot.remaining for lot in lots), Decimal(0))
    if available == 0:
        return
    result = allocate(lots, available, "g", same_unit)
    assert result.satisfied and result.shortfall == 0
    assert all(line.remaining_after == 0 for line in result.lines)


mixed_lots = st.lists(
    st.tuples(remaining, unit_costs, st.sampled_from(["g", "kg", "oz", "lb"])), max_size=8
).map(lambda rows: [LotView(n, left, unit, cost) for n, (left, cost, unit) in enumerate(rows, start=1)])


@given(lots=mixed_lots, requested=requests)
def test_mixed_units_never_leave_a_lot_negative(lots: list[LotView], requested: Decimal) -> None:
    by_id = {lot.lot_id: lot for lot in lots}
    result = allocate(lots, requested, "g", lambda q, a, b: convert(q, a, b))
    for line in result.lines:
        assert line.unit == by_id[line.lot_id].unit
        assert 0 < line.quantity <= by_id[line.lot_id].remaining
        assert line.remaining_after >= 0
        assert on_grid(line.quantity)  # storable exactly
    assert all(line.remaining_after == 0 for line in result.lines[:-1])
    assert 0 <= result.consumed <= requested


def test_two_lots_at_different_prices() -> None:
    """5 lb @ 2 then 5 lb @ 3; 7 lb cost 5 × 2 + 2 × 3 = 16."""
    lots = [LotView(1, Decimal(5), "lb", Decimal(2)), LotView(2, Decimal(5), "lb", Decimal(3))]
    result = allocate(lots, Decimal(7), "lb", same_unit)
    assert [(ln.lot_id, ln.quantity, ln.remaining_after) for ln in result.lines] == [
        (1, Decimal(5), Decimal(0)),
        (2, Decimal(2), Decimal(3)),
    ]
    assert result.total_cost == Decimal(16)


def _lot(lot_id: int, quantity: str, unit: str, cost: str, left: str | None = None) -> LotView:
    """A lot of `quantity` `unit` bought for `cost`, `left` of it (same unit) remaining."""
    held = to_stock(Decimal(quantity), unit, unit)
    remaining = held if left is None else to_stock(Decimal(left), unit, unit)
    unit_cost = Decimal(cost) / Decimal(quantity)
    return LotView(lot_id, remaining, unit, unit_cost, held, Decimal(cost), Decimal(cost))


def test_lots_in_another_unit_are_kept_in_their_stock_unit_and_drawn_exactly() -> None:
    """Asking 100 g from a 10 lb lot takes exactly 100 g (a lb lot is kept in grams), costing its
    share of the lot's 25.00: 25 × 100 / 4535.9237 = 0.5512 (4 places, half up)."""
    lots = [_lot(1, "10", "lb", "25")]
    result = allocate(lots, Decimal(100), "g", lambda q, a, b: convert(q, a, b))
    (line,) = result.lines
    assert (line.quantity, line.unit, line.remaining_after) == (
        Decimal(100),
        "lb",
        Decimal("4435.9237"),
    )
    assert line.cost == Decimal("0.5512")
    assert line.shown_quantity.quantize(Decimal("0.000001")) == Decimal("0.220462")
    assert result.satisfied


def test_a_lot_taken_whole_is_taken_exactly_even_across_units() -> None:
    """17.3 oz asked in g takes the lot whole, leaving exactly 0 and taking all of its money."""
    lots = [_lot(1, "17.3", "oz", "3"), _lot(2, "1", "lb", "1")]
    asked = convert(Decimal("17.3"), "oz", "g")
    result = allocate(lots, asked, "g", lambda q, a, b: convert(q, a, b))
    assert [(ln.lot_id, ln.quantity, ln.remaining_after, ln.cost) for ln in result.lines] == [
        (1, Decimal("490.4467500625"), Decimal(0), Decimal(3))
    ]


def test_six_two_egg_draws_empty_a_dozen_exactly() -> None:
    """A dozen is kept as 12 each: six draws of 2 each all succeed and leave exactly nothing, and
    their costs add up to exactly what the dozen cost."""
    lot = _lot(1, "1", "dozen", "3.99")
    costs = []
    for _ in range(6):
        result = allocate([lot], Decimal(2), "each", lambda q, a, b: convert(q, a, b))
        assert result.satisfied
        (line,) = result.lines
        costs.append(line.cost)
        lot = attrs.evolve(lot, remaining=line.remaining_after, remaining_cost=lot.remaining_cost - line.cost)
    assert lot.remaining == 0 and lot.remaining_cost == 0
    assert sum(costs) == Decimal("3.99") and costs[0] == Decimal("0.6650")


@given(
    draws=st.lists(st.sampled_from(["1 tsp", "1 tbsp", "0.5 cup", "1 cup", "3 g", "0.25 oz"]), max_size=40)
)
def test_the_draws_that_empty_a_lot_cost_exactly_what_it_cost(draws: list[str]) -> None:
    """Whatever the draw sizes, a lot's draws never take more than it holds or cost more than it
    cost, and the draws that empty it cost exactly its price."""
    density = parse_density("1 cup = 227 g")
    lot = _lot(1, "1", "lb", "4.99")
    spent = Decimal(0)
    for draw in [*draws, "1 lb"]:
        amount, unit = draw.split(" ", 1)
        result = allocate([lot], Decimal(amount), unit, lambda q, a, b: convert(q, a, b, density))
        for line in result.lines:
            assert 0 < line.quantity <= lot.remaining and on_grid(line.quantity)
            assert 0 <= line.cost <= lot.remaining_cost
            spent += line.cost
            lot = attrs.evolve(
                lot, remaining=line.remaining_after, remaining_cost=lot.remaining_cost - line.cost
            )
        if lot.remaining == 0:
            break
    assert lot.remaining == 0 and lot.remaining_cost == 0 and spent == Decimal("4.99")


def test_no_lots_means_everything_is_short() -> None:
    result = allocate([], Decimal(3), "cup", same_unit)
    assert (result.consumed, result.shortfall, result.lines, result.total_cost) == (
        Decimal(0),
        Decimal(3),
        (),
        Decimal(0),
    )
