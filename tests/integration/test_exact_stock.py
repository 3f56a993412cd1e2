"""Exact stock in every unit an ingredient uses: a lot is kept in its stock unit (g, ml, each) on
the stock grid, so draws in any unit of its dimension are exact, lots empty to exactly nothing,
the ledger reconciles exactly, and the draws that empty a lot cost exactly what it cost."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import InsufficientStock
from bakeledger.domain.units import STOCK_GRID
from bakeledger.services import catalog, inventory, production


def _kitchen(ledger: Ledger, ingredient: str, density: str | None, unit: str, size: str, price: str) -> int:
    """One ingredient, one product of `size` `unit`, one package bought at `price`: the lot id."""
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name=ingredient, density=density)
        slug = ingredient.lower()
        catalog.create_product(
            uow, ingredient=slug, brand="House", package_unit=unit, package_unit_quantity=size
        )
        lot = inventory.add_purchase(uow, product=f"{slug}-house", packages=1, price_per_package=price)
        uow.commit()
    return lot.id


def _recipe(ledger: Ledger, name: str, ingredient: str, quantity: str, unit: str) -> str:
    """A recipe using `quantity` `unit` of one ingredient, making one item a batch: its slug."""
    with ledger.uow() as uow:
        recipe = catalog.create_recipe(
            uow, name=name, ingredients=[{"ingredient": ingredient, "quantity": quantity, "unit": unit}]
        )
        catalog.create_finished_unit(uow, recipe=recipe.slug, name=f"{name} Item", items_per_batch=1)
        uow.commit()
    return recipe.slug


def _bake(ledger: Ledger, recipe: str) -> Any:
    with ledger.uow() as uow:
        run = production.record_production(uow, recipe=recipe, finished_unit=f"{recipe}-item", batches=1)
        uow.commit()
    return run


def _lot(ledger: Ledger, lot_id: int) -> Any:
    with ledger.uow(read_only=True) as uow:
        (lot,) = [lot for lot in inventory.list_lots(uow, include_empty=True) if lot.id == lot_id]
    return lot


def _stock(ledger: Ledger, ingredient: str, unit: str) -> str:
    with ledger.uow(read_only=True) as uow:
        return inventory.stock_on_hand(uow, ingredient=ingredient, unit=unit)


def _ledger_of(fresh: Engine, lot_id: int) -> tuple[int, int, int, int, int, int, int]:
    """A lot's stored quantity, remaining, cost, remaining cost, and its ledger's Σ taken,
    Σ restored and net money taken (all as stored integers)."""
    with fresh.connect() as conn:
        lot = conn.execute(
            text("SELECT quantity, remaining, cost, remaining_cost FROM lots WHERE id = :i"), {"i": lot_id}
        ).one()
        taken, restored, money = conn.execute(
            text(
                """
                SELECT COALESCE(SUM(CASE WHEN kind <> 'restore' THEN quantity END), 0),
                       COALESCE(SUM(CASE WHEN kind = 'restore' THEN quantity END), 0),
                       COALESCE(SUM(CASE WHEN kind = 'restore' THEN -cost ELSE cost END), 0)
                FROM lot_movements WHERE lot_id = :i
                """
            ),
            {"i": lot_id},
        ).one()
    return (*tuple(lot), int(taken), int(restored), int(money))  # type: ignore[return-value]


def _reconciles(fresh: Engine, lot_id: int) -> tuple[int, int, int, int, int, int, int]:
    figures = quantity, remaining, cost, remaining_cost, taken, restored, money = _ledger_of(fresh, lot_id)
    assert quantity == remaining + taken - restored
    assert cost == remaining_cost + money
    return figures


# --- eggs: a dozen drawn by the egg ---------------------------------------------------------------
def test_six_two_egg_bakes_take_a_dozen_to_exactly_nothing(ledger: Ledger, fresh: Engine) -> None:
    lot_id = _kitchen(ledger, "Eggs", None, "dozen", "1", "3.99")
    recipe = _recipe(ledger, "Omelette", "eggs", "2", "each")
    for _ in range(6):
        _bake(ledger, recipe)
    lot = _lot(ledger, lot_id)
    assert (lot.quantity, lot.remaining) == ("1", "0")
    assert _stock(ledger, "eggs", "each") == "0"
    # twelve eggs, nothing left; six shares of 0.665 took exactly the 3.99 the dozen cost
    figures = _reconciles(fresh, lot_id)
    assert figures == (12 * STOCK_GRID, 0, 39_900, 0, 12 * STOCK_GRID, 0, 39_900)
    with ledger.uow() as uow, pytest.raises(InsufficientStock):
        production.record_production(uow, recipe=recipe, finished_unit=f"{recipe}-item", batches=1)


def test_twelve_one_egg_bakes_leave_exactly_nothing(ledger: Ledger, fresh: Engine) -> None:
    lot_id = _kitchen(ledger, "Eggs", None, "dozen", "1", "4.00")
    recipe = _recipe(ledger, "Custard", "eggs", "1", "each")
    for made in range(1, 13):
        _bake(ledger, recipe)
        assert _stock(ledger, "eggs", "each") == str(12 - made)
    assert _lot(ledger, lot_id).remaining == "0"
    assert _reconciles(fresh, lot_id)[1:4] == (0, 40_000, 0)


def test_three_dozen_less_seven_eggs_is_exactly_twenty_nine(ledger: Ledger) -> None:
    """What the demo showed as 29.000004 each."""
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Eggs")
        catalog.create_product(
            uow, ingredient="eggs", brand="Farm", package_unit="dozen", package_unit_quantity=1
        )
        inventory.add_purchase(uow, product="eggs-farm", packages=3, price_per_package="3.99")
        uow.commit()
    for quantity in ("2", "2", "1", "2"):
        with ledger.uow() as uow:
            inventory.consume_fifo(uow, ingredient="eggs", quantity=quantity, unit="each")
            uow.commit()
    assert _stock(ledger, "eggs", "each") == "29"
    assert _stock(ledger, "eggs", "dozen") == "2.416667"  # 29/12, shown at 6 places


# --- butter: a pound drawn in tbsp, cups and grams ------------------------------------------------
def test_a_pound_of_butter_drawn_in_tbsp_cups_and_grams_leaves_exactly_the_hand_figure(
    ledger: Ledger, fresh: Engine
) -> None:
    """1 lb = 453.59237 g; 1 cup = 227 g, so 1 tbsp = 14.1875 g and ⅛ cup = 28.375 g.
    Twenty bakes, in turn 1 tbsp, ⅛ cup and 5 g: 7 × 14.1875 + 7 × 28.375 + 6 × 5 = 327.9375 g,
    leaving 453.59237 − 327.9375 = 125.65487 g exactly."""
    lot_id = _kitchen(ledger, "Butter", "1 cup = 227 g", "lb", "1", "4.99")
    recipes = [
        _recipe(ledger, "Shortbread", "butter", "1", "tbsp"),
        _recipe(ledger, "Brioche", "butter", "0.125", "cup"),
        _recipe(ledger, "Roux", "butter", "5", "g"),
    ]
    runs = [_bake(ledger, recipes[i % 3]) for i in range(20)]
    assert _stock(ledger, "butter", "g") == "125.65487"
    assert _stock(ledger, "butter", "tbsp") == "8.856731"  # 125.65487 / 14.1875
    assert _lot(ledger, lot_id).remaining == "0.277022"  # 125.65487 / 453.59237 lb
    quantity, remaining, cost, remaining_cost, taken, restored, money = _reconciles(fresh, lot_id)
    assert (quantity, remaining, taken, restored) == (
        int(Decimal("453.59237") * STOCK_GRID),
        int(Decimal("125.65487") * STOCK_GRID),
        int(Decimal("327.9375") * STOCK_GRID),
        0,
    )
    assert 0 < money < cost == 49_900 and remaining_cost == cost - money
    # a reversal puts back exactly what its bake took, quantity and money
    with ledger.uow() as uow:
        production.reverse_production(uow, run_id=runs[-1].id, reason="dropped")
        uow.commit()
    assert _stock(ledger, "butter", "g") == "154.02987"  # the last bake took ⅛ cup = 28.375 g
    after = _reconciles(fresh, lot_id)
    assert after[1] - remaining == after[5] and after[3] - remaining_cost == money - after[6]
    # the rest, taken in grams, empties it and takes exactly the money left
    with ledger.uow() as uow:
        inventory.consume_fifo(uow, ingredient="butter", quantity=_stock(ledger, "butter", "g"), unit="g")
        uow.commit()
    final = _reconciles(fresh, lot_id)
    assert (final[1], final[3], final[6]) == (0, 0, cost)


# --- money: the draws that empty a lot cost what it cost ------------------------------------------
def test_three_one_cup_draws_cost_what_one_three_cup_draw_costs(ledger: Ledger, fresh: Engine) -> None:
    _kitchen(ledger, "Milk", None, "cup", "3", "1.00")
    with ledger.uow() as uow:
        catalog.create_product(
            uow, ingredient="milk", brand="Jug", package_unit="cup", package_unit_quantity=3
        )
        inventory.add_purchase(uow, product="milk-jug", packages=1, price_per_package="1.00")
        uow.commit()
    draws = []
    for _ in range(3):
        with ledger.uow() as uow:
            draws.append(inventory.consume_fifo(uow, ingredient="milk", quantity=1, unit="cup"))
            uow.commit()
    with ledger.uow() as uow:
        whole = inventory.consume_fifo(uow, ingredient="milk", quantity=3, unit="cup")
        uow.commit()
    assert [d.lines[0].lot_id for d in draws] == [1, 1, 1] and whole.lines[0].lot_id == 2
    with fresh.connect() as conn:
        stored = conn.execute(text("SELECT lot_id, cost FROM lot_movements ORDER BY id")).all()
    # shares of 1.00 at the money scale: 0.3333, 0.3333, and the rest 0.3334; the whole: 1.0000
    assert [tuple(row) for row in stored] == [(1, 3_333), (1, 3_333), (1, 3_334), (2, 10_000)]
    assert whole.total_cost == "1.00"


def test_a_density_draw_rounds_on_the_grid_and_strands_nothing(ledger: Ledger, fresh: Engine) -> None:
    """1 cup = 125 g, so 1 tsp = 2.6041666… g: each draw is rounded to the stock grid (the one
    inexact conversion). Forty-eight of them empty a 125 g lot: all succeed, nothing is left, and
    they cost exactly its price."""
    lot_id = _kitchen(ledger, "Flour", "1 cup = 125 g", "g", "125", "0.50")
    for _ in range(48):
        with ledger.uow() as uow:
            result = inventory.consume_fifo(uow, ingredient="flour", quantity=1, unit="tsp")
            uow.commit()
        assert result.satisfied
    assert _lot(ledger, lot_id).remaining == "0"
    figures = _reconciles(fresh, lot_id)
    assert (figures[1], figures[3], figures[6]) == (0, 0, 5_000)
