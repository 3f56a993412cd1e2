"""An ingredient's stock over time: purchases add, runs and depletions remove, reversals put back."""

from __future__ import annotations

import pytest

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import IngredientNotFound, ValidationError
from bakeledger.domain.numbers import utcnow
from bakeledger.services import catalog, inventory, production
from tests.integration.cookie_pantry import COOKIE, RECIPE, setup_cookie_pantry


def _timeline(ledger: Ledger, ingredient: str) -> list[tuple[str, str, str, str, str]]:
    with ledger.uow(read_only=True) as uow:
        found = inventory.stock_timeline(uow, ingredient=ingredient)
    assert found.ingredient == ingredient
    return [(d.day, d.unit, d.added, d.removed, d.on_hand) for d in found.days]


def test_purchases_add_on_their_day_and_runs_remove_on_theirs(ledger: Ledger) -> None:
    pantry = setup_cookie_pantry(ledger)
    today = utcnow().date().isoformat()
    with ledger.uow() as uow:
        inventory.add_purchase(
            uow, product=pantry.flour_product, packages=3, price_per_package="0.70", purchased_on="2025-11-03"
        )
        run = production.record_production(
            uow, recipe=RECIPE, finished_unit=COOKIE, batches=2, produced_at="2025-11-05T10:00:00"
        )
        production.record_production(
            uow, recipe=RECIPE, finished_unit=COOKIE, batches=1, produced_at="2025-11-05T15:00:00"
        )
        uow.commit()
    assert _timeline(ledger, "flour") == [
        ("2025-11-01", "cup", "10", "0", "10"),
        ("2025-11-03", "cup", "3", "0", "13"),
        ("2025-11-05", "cup", "0", "6", "7"),
    ]
    with ledger.uow() as uow:
        lot = inventory.list_lots(uow, ingredient="flour")[0]
        inventory.deplete_lot(uow, lot_id=lot.id, quantity="1.5", reason="spoilage")
        production.reverse_production(uow, run_id=run.id, reason="burnt")
        uow.commit()
    timeline = _timeline(ledger, "flour")
    assert timeline[-1] == (today, "cup", "4", "1.5", "9.5")
    with ledger.uow(read_only=True) as uow:
        assert timeline[-1][-1] == inventory.stock_on_hand(uow, ingredient="flour", unit="cup")


def test_each_unit_of_lots_has_its_own_line(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour", density="1 cup = 120 g")
        catalog.create_product(
            uow, ingredient="flour", brand="Mill", package_unit="lb", package_unit_quantity="2.5"
        )
        catalog.create_product(
            uow, ingredient="flour", brand="Box", package_unit="oz", package_unit_quantity=16
        )
        inventory.add_purchase(
            uow, product="flour-mill", packages=2, price_per_package="4", purchased_on="2025-11-02"
        )
        inventory.add_purchase(
            uow, product="flour-box", packages=1, price_per_package="3", purchased_on="2025-11-01"
        )
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        found = inventory.stock_timeline(uow, ingredient="flour")
    assert found.units == ["lb", "oz"]
    assert [(d.day, d.unit, d.on_hand) for d in found.days] == [
        ("2025-11-02", "lb", "5"),
        ("2025-11-01", "oz", "16"),
    ]


def test_an_ingredient_never_bought_has_no_days_and_an_unknown_one_is_not_found(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Salt")
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        assert inventory.stock_timeline(uow, ingredient="salt").days == []
        with pytest.raises(IngredientNotFound):
            inventory.stock_timeline(uow, ingredient="nutmeg")
        with pytest.raises(ValidationError):
            inventory.stock_timeline(uow, ingredient=" ")
