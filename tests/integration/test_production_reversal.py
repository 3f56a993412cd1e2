"""Nested recipes are baked from their sub-recipes' ingredients; reversal gives every lot back."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import InsufficientFinishedStock, InvalidTransition, ProductionRunNotFound
from bakeledger.services import catalog, inventory, production
from bakeledger.uow.base import UnitOfWork
from tests.helpers import dump
from tests.integration.cookie_pantry import (
    COOKIE,
    all_lots,
    build_cookie_pantry,
    cookie_count,
    record,
    remaining,
    setup_cookie_pantry,
)


def _nested_tray(uow: UnitOfWork) -> None:
    """The cookie pantry, butter 4 cup @ 2.00, later lots (flour @ 0.70, sugar @ 0.80) and a cookie tray.

    tray = 0.5 cup butter + 2 × chocolate-chip-cookies + frosting (1 cup sugar + 0.25 cup butter).
    """
    fixture = build_cookie_pantry(uow)
    catalog.create_ingredient(uow, name="butter")
    butter = catalog.create_product(
        uow, ingredient="butter", brand="Dairy", package_unit="cup", package_unit_quantity=1
    )
    inventory.add_purchase(
        uow, product=butter.slug, packages=4, price_per_package="2.00", purchased_on="2025-11-01"
    )
    for product, price in ((fixture.flour_product, "0.70"), (fixture.sugar_product, "0.80")):
        inventory.add_purchase(
            uow, product=product, packages=10, price_per_package=price, purchased_on="2025-11-20"
        )
    catalog.create_recipe(
        uow,
        name="Frosting",
        ingredients=[
            {"ingredient": "sugar", "quantity": 1, "unit": "cup"},
            {"ingredient": "butter", "quantity": "0.25", "unit": "cup"},
        ],
    )
    catalog.create_recipe(
        uow,
        name="Cookie Tray",
        ingredients=[{"ingredient": "butter", "quantity": "0.5", "unit": "cup"}],
        components=[
            {"recipe": "chocolate-chip-cookies", "multiplier": 2},
            {"recipe": "frosting", "multiplier": 1},
        ],
    )
    catalog.create_finished_unit(uow, recipe="cookie-tray", name="Cookie Tray", items_per_batch=2)


def _tray(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _nested_tray(uow)
        uow.commit()


def test_nested_recipe_consumes_every_sub_recipe_ingredient(ledger: Ledger) -> None:
    _tray(ledger)
    with ledger.uow() as uow:
        check = production.check_can_produce(uow, recipe="cookie-tray", batches=3)
        run = production.record_production(uow, recipe="cookie-tray", finished_unit="cookie-tray", batches=3)
        uow.commit()
    # a tray batch: 0.5 + 0.25 cup butter, 2 × 2 cup flour, 2 × 1 + 1 cup sugar
    assert [(c.ingredient, c.quantity, c.unit, c.cost) for c in run.consumptions] == [
        ("butter", "2.25", "cup", "4.50"),
        ("flour", "12", "cup", "6.40"),  # 10 @ 0.50 + 2 @ 0.70
        ("sugar", "9", "cup", "6.20"),  # 5 @ 0.60 + 4 @ 0.80
    ]
    assert [len(c.lots) for c in run.consumptions] == [1, 2, 2]
    assert (check.can_produce, check.estimated_cost) == (True, "17.10")
    assert (run.total_ingredient_cost, run.expected_yield, run.per_unit_cost) == ("17.10", 6, "2.8500")
    assert remaining(ledger, "flour") == ["0", "8"]
    assert remaining(ledger, "sugar") == ["0", "6"]
    assert remaining(ledger, "butter") == ["1.75"]
    assert cookie_count(ledger, "cookie-tray") == 6


def test_reversal_restores_every_lot_exactly_and_keeps_the_run_in_history(ledger: Ledger) -> None:
    _tray(ledger)
    before = all_lots(ledger)
    with ledger.uow() as uow:
        run = production.record_production(
            uow, recipe="cookie-tray", finished_unit="cookie-tray", batches=3, actual_yield=5
        )
        uow.commit()
    assert all_lots(ledger) != before
    with ledger.uow() as uow:
        reversed_run = production.reverse_production(uow, run_id=run.id, reason="counted twice")
        uow.commit()
    assert all_lots(ledger) == before
    assert cookie_count(ledger, "cookie-tray") == 0
    assert (reversed_run.reversed, reversed_run.reversal_reason) == (True, "counted twice")
    assert reversed_run.consumptions == run.consumptions  # what the run took stays on record
    with ledger.uow(read_only=True) as uow:
        history = production.get_production_history(uow)
    assert [(r.id, r.reversed) for r in history] == [(run.id, True)]


def test_reversing_twice_is_an_invalid_transition(ledger: Ledger, fresh: Engine) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        run = record(uow, batches=2)
        production.reverse_production(uow, run_id=run.id, reason="mistake")
        uow.commit()
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(InvalidTransition):
            production.reverse_production(uow, run_id=run.id, reason="again")
        uow.rollback()
    assert dump(fresh) == before
    assert remaining(ledger, "flour") == ["10"]


def test_reversing_an_unknown_run_is_not_found(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        with pytest.raises(ProductionRunNotFound):
            production.reverse_production(uow, run_id=4242, reason="typo")
        with pytest.raises(ProductionRunNotFound):
            production.get_production_run(uow, run_id=4242)
        uow.rollback()


def test_reversal_is_refused_once_some_of_the_bake_was_given_away(ledger: Ledger, fresh: Engine) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        run = record(uow, batches=1)
        inventory.adjust_finished_stock(uow, kind="finished_unit", slug=COOKIE, delta=-1, reason="gift")
        uow.commit()
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(InsufficientFinishedStock) as info:
            production.reverse_production(uow, run_id=run.id, reason="too late")
        uow.rollback()
    assert (info.value.slug, info.value.needed, info.value.available, info.value.used_by) == (
        COOKIE,
        48,
        47,
        [],
    )
    assert dump(fresh) == before
    assert cookie_count(ledger) == 47


def test_reversing_a_total_loss_restores_the_lots(ledger: Ledger) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        run = record(uow, batches=2, actual_yield=0)
        production.reverse_production(uow, run_id=run.id, reason="never happened")
        uow.commit()
    assert (remaining(ledger, "flour"), remaining(ledger, "sugar")) == (["10"], ["5"])
    assert cookie_count(ledger) == 0
