"""Honest estimates: a check reports what the whole request would cost — the part on hand at its
exact FIFO cost plus the shortfall at the latest purchase price — with the two parts apart."""

from __future__ import annotations

from typing import Any

from bakeledger.app.ledger import Ledger
from bakeledger.services import assembly, catalog, events, inventory, production


def _bakery(uow: Any) -> None:
    """One batch of shortbread: 6 cups of flour at 0.50 and 3 cups of sugar at 0.70 = 5.10."""
    for name, price, bought in (("Flour", "0.50", 100), ("Sugar", "0.70", 60)):
        slug = name.lower()
        catalog.create_ingredient(uow, name=name)
        catalog.create_product(
            uow, ingredient=slug, brand="Mill", package_unit="cup", package_unit_quantity=1
        )
        inventory.add_purchase(uow, product=f"{slug}-mill", packages=bought, price_per_package=price)
    lines = [
        {"ingredient": "flour", "quantity": 6, "unit": "cup"},
        {"ingredient": "sugar", "quantity": 3, "unit": "cup"},
    ]
    catalog.create_recipe(uow, name="Shortbread", ingredients=lines)
    catalog.create_finished_unit(uow, recipe="shortbread", name="Finger", items_per_batch=10)


def test_thirty_batches_cost_thirty_batches_even_when_only_part_is_on_hand(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _bakery(uow)
        check = production.check_can_produce(uow, recipe="shortbread", batches=30)
        uow.commit()
    assert check.can_produce is False
    assert check.on_hand_cost == "92.00"  # 100 cups of flour × 0.50 + 60 cups of sugar × 0.70
    assert check.shortfall_cost == "61.00"  # 80 cups of flour × 0.50 + 30 cups of sugar × 0.70
    assert check.estimated_cost == "153.00"  # 30 × 5.10
    assert check.unpriced == []


def test_what_is_all_on_hand_costs_exactly_what_recording_it_records(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _bakery(uow)
        check = production.check_can_produce(uow, recipe="shortbread", batches=2)
        run = production.record_production(uow, recipe="shortbread", finished_unit="finger", batches=2)
        uow.commit()
    assert (check.estimated_cost, check.on_hand_cost, check.shortfall_cost) == ("10.20", "10.20", "0.00")
    assert run.total_ingredient_cost == check.estimated_cost


def test_an_ingredient_never_bought_leaves_the_estimate_open(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _bakery(uow)
        catalog.create_ingredient(uow, name="Vanilla")
        catalog.create_recipe(
            uow,
            name="Vanilla Shortbread",
            ingredients=[{"ingredient": "vanilla", "quantity": 1, "unit": "tsp"}],
        )
        check = production.check_can_produce(uow, recipe="vanilla-shortbread", batches=1)
        uow.commit()
    assert (check.estimated_cost, check.on_hand_cost, check.shortfall_cost) == (None, "0.00", None)
    assert check.unpriced == ["vanilla"]


def test_bundles_short_of_cookies_are_estimated_at_what_baking_them_costs(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _bakery(uow)
        catalog.create_finished_good(
            uow, name="Tin", components=[{"kind": "finished_unit", "slug": "finger", "quantity": 5}]
        )
        production.record_production(uow, recipe="shortbread", finished_unit="finger", batches=1)
        check = assembly.check_can_assemble(uow, finished_good="tin", quantity=4)
        uow.commit()
    # 10 fingers on hand at 0.51 each; 10 more at a batch's standard cost (5.10 / 10)
    assert (check.on_hand_cost, check.shortfall_cost, check.estimated_cost) == ("5.10", "5.10", "10.20")


def test_the_whole_plan_counts_the_shortfall_too(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _bakery(uow)
        event = events.create_event(uow, name="Hogmanay", event_date="2026-12-31")
        events.set_production_target(uow, event=event.id, recipe="shortbread", batches=30)
        plan = events.plan_event(uow, event=event.id)
        uow.commit()
    assert (plan.targets[0].on_hand_cost, plan.targets[0].shortfall_cost, plan.targets[0].cost) == (
        "92.00",
        "61.00",
        "153.00",
    )
    assert (plan.on_hand_cost, plan.shortfall_cost, plan.total_cost) == ("92.00", "61.00", "153.00")
