"""Limits before writes: a cost the ledger could not store is refused with a ValidationError
naming the field and the limit, before anything is written, and every dry run refuses exactly
what the matching commit refuses."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import ValidationError
from bakeledger.services import assembly, catalog, events, inventory, production
from tests.helpers import dump

TOO_COSTLY = "total_ingredient_cost would be 2000000000000.00, more than the ledger stores (at most 10^12)"


def _costly_bakery(ledger: Ledger) -> None:
    """Two lots of a million grams of flour at a million per gram, each costing the most a lot may
    cost (10^12), and a bread that uses both: one batch would cost 2 × 10^12."""
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Saffron Flour")
        catalog.create_product(
            uow, ingredient="saffron-flour", brand="Gold", package_unit="g", package_unit_quantity=1000
        )
        for _ in range(2):
            inventory.add_purchase(uow, product="saffron-flour-gold", packages=10**3, price_per_package=10**9)
        line = {"ingredient": "saffron-flour", "quantity": 2 * 10**6, "unit": "g"}
        catalog.create_recipe(uow, name="Gilded Bread", ingredients=[line])
        catalog.create_finished_unit(uow, recipe="gilded-bread", name="Gilded Loaf", items_per_batch=1)
        uow.commit()


def _refusal(ledger: Ledger, fresh: Engine, call: Any) -> ValidationError:
    before = dump(fresh)
    with ledger.uow() as uow, pytest.raises(ValidationError) as info:
        call(uow)
    assert dump(fresh) == before
    return info.value


def test_a_bake_too_costly_to_store_is_refused_by_the_check_and_the_commit_alike(
    ledger: Ledger, fresh: Engine
) -> None:
    _costly_bakery(ledger)
    checked = _refusal(
        ledger, fresh, lambda uow: production.check_can_produce(uow, recipe="gilded-bread", batches=1)
    )
    recorded = _refusal(
        ledger,
        fresh,
        lambda uow: production.record_production(
            uow, recipe="gilded-bread", finished_unit="gilded-loaf", batches=1
        ),
    )
    assert checked.to_dict() == recorded.to_dict()
    assert (recorded.field, recorded.message) == ("total_ingredient_cost", TOO_COSTLY)


def test_the_whole_plan_refuses_the_same_bake(ledger: Ledger, fresh: Engine) -> None:
    _costly_bakery(ledger)
    with ledger.uow() as uow:
        event = events.create_event(uow, name="Feast", event_date="2026-12-24")
        events.set_production_target(uow, event=event.id, recipe="gilded-bread", batches=1)
        uow.commit()
    planned = _refusal(ledger, fresh, lambda uow: events.plan_event(uow, event=event.id))
    assert planned.message == TOO_COSTLY


def test_taking_the_flour_by_hand_is_refused_too(ledger: Ledger, fresh: Engine) -> None:
    _costly_bakery(ledger)
    error = _refusal(
        ledger,
        fresh,
        lambda uow: inventory.consume_fifo(uow, ingredient="saffron-flour", quantity=2 * 10**6, unit="g"),
    )
    assert error.field == "total_cost"
    # a depletion takes a share of one lot's cost, which is within the limit: it is recorded
    with ledger.uow() as uow:
        assert inventory.deplete_lot(uow, lot_id=1, quantity=10**6, reason="spoilage").remaining == "0"
        uow.commit()


def test_a_purchase_whose_cost_cannot_be_stored_is_refused(ledger: Ledger, fresh: Engine) -> None:
    """A lot's cost (packages × price) is a figure the ledger stores: at most 10^12."""
    _costly_bakery(ledger)
    error = _refusal(
        ledger,
        fresh,
        lambda uow: inventory.add_purchase(
            uow, product="saffron-flour-gold", packages=10**6, price_per_package=10**9
        ),
    )
    assert (error.field, error.message) == (
        "cost",
        "cost would be 1000000000000000.00, more than the ledger stores (at most 10^12)",
    )


def test_a_purchase_whose_unit_cost_cannot_be_stored_is_refused(ledger: Ledger, fresh: Engine) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Vanilla")
        catalog.create_product(
            uow, ingredient="vanilla", brand="Pod", package_unit="g", package_unit_quantity="0.000001"
        )
        uow.commit()
    error = _refusal(
        ledger,
        fresh,
        lambda uow: inventory.add_purchase(
            uow, product="vanilla-pod", packages=1, price_per_package=100_000_000
        ),
    )
    assert (error.field, error.message) == (
        "unit_cost",
        "unit_cost would be 100000000000000.0000, more than the ledger stores (at most 10^12)",
    )


def test_an_assembly_too_costly_to_store_is_refused_by_the_check_and_the_commit_alike(
    ledger: Ledger, fresh: Engine
) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Gold Leaf")
        catalog.create_product(
            uow, ingredient="gold-leaf", brand="Foil", package_unit="sheet", package_unit_quantity=1
        )
        for _ in range(2):  # each lot costs 10^12, the most a lot may cost
            inventory.add_purchase(uow, product="gold-leaf-foil", packages=10**3, price_per_package=10**9)
        bundle = [{"kind": "packaging", "slug": "gold-leaf-foil", "quantity": 1001}]
        catalog.create_finished_good(uow, name="Gilded Box", components=bundle)
        uow.commit()
    checked = _refusal(
        ledger, fresh, lambda uow: assembly.check_can_assemble(uow, finished_good="gilded-box", quantity=1)
    )
    recorded = _refusal(
        ledger, fresh, lambda uow: assembly.record_assembly(uow, finished_good="gilded-box", quantity=1)
    )
    assert checked.to_dict() == recorded.to_dict()
    assert recorded.field == "total_component_cost"


def test_a_cost_just_within_the_limit_is_recorded(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Truffle")
        catalog.create_product(
            uow, ingredient="truffle", brand="Perigord", package_unit="g", package_unit_quantity=1
        )
        inventory.add_purchase(uow, product="truffle-perigord", packages=1000, price_per_package=10**9)
        catalog.create_recipe(
            uow, name="Truffle Cake", ingredients=[{"ingredient": "truffle", "quantity": 1000, "unit": "g"}]
        )
        catalog.create_finished_unit(uow, recipe="truffle-cake", name="Slice", items_per_batch=1)
        assert (
            production.check_can_produce(uow, recipe="truffle-cake", batches=1).estimated_cost
            == "1000000000000.00"
        )
        run = production.record_production(uow, recipe="truffle-cake", finished_unit="slice", batches=1)
        assert run.total_ingredient_cost == "1000000000000.00"
        uow.commit()
