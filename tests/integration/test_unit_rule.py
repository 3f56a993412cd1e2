"""An ingredient's units are checked when they first appear: a product's package unit and a
recipe line's unit must convert to every unit the ingredient already uses, or be the one package
word it uses throughout; nothing is written otherwise."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import ValidationError
from bakeledger.services import catalog, inventory, production
from tests.helpers import dump


def _flour(uow: Any, density: str | None = None) -> None:
    catalog.create_ingredient(uow, name="Flour", density=density)
    catalog.create_product(uow, ingredient="flour", brand="Mill", package_unit="kg", package_unit_quantity=1)


def _refused(ledger: Ledger, fresh: Engine, work: Any) -> ValidationError:
    with ledger.uow() as uow:
        _flour(uow)
        uow.commit()
    before = dump(fresh)
    with ledger.uow() as uow, pytest.raises(ValidationError) as info:
        work(uow)
    assert dump(fresh) == before
    return info.value


@pytest.mark.parametrize("unit", ["cupz", "parsec", "each", "furlong", "bag", "lbs", "grams"])
def test_a_product_in_a_unit_flour_cannot_use_is_refused(ledger: Ledger, fresh: Engine, unit: str) -> None:
    error = _refused(
        ledger,
        fresh,
        lambda uow: catalog.create_product(
            uow, ingredient="flour", brand="Other", package_unit=unit, package_unit_quantity=1
        ),
    )
    assert error.field == "package_unit"
    assert "g, kg, oz, lb" in error.message or "did you mean" in error.message


def test_the_refusal_names_the_units_it_accepts(ledger: Ledger, fresh: Engine) -> None:
    error = _refused(
        ledger,
        fresh,
        lambda uow: catalog.create_product(
            uow, ingredient="flour", brand="Other", package_unit="parsec", package_unit_quantity=1
        ),
    )
    assert error.message == (
        "package_unit 'parsec' does not convert to the units 'flour' already uses (kg); "
        "use one of: g, kg, oz, lb"
    )


def test_a_misspelled_unit_gets_a_suggestion(ledger: Ledger, fresh: Engine) -> None:
    error = _refused(
        ledger,
        fresh,
        lambda uow: catalog.create_product(
            uow, ingredient="flour", brand="Other", package_unit="cupz", package_unit_quantity=1
        ),
    )
    assert error.message == "package_unit 'cupz' is not a unit; did you mean 'cup'?"


def _refused_line(ledger: Ledger, fresh: Engine, unit: str) -> ValidationError:
    line = {"ingredient": "flour", "quantity": 2, "unit": unit}
    return _refused(ledger, fresh, lambda uow: catalog.create_recipe(uow, name="Bread", ingredients=[line]))


def test_a_recipe_line_in_furlongs_is_refused_and_no_recipe_is_written(ledger: Ledger, fresh: Engine) -> None:
    assert _refused_line(ledger, fresh, "furlong").field == "unit"


def test_volume_needs_the_density_to_join_weight(ledger: Ledger, fresh: Engine) -> None:
    error = _refused_line(ledger, fresh, "cup")
    assert "has no density" in error.message
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Sugar", density="1 cup = 200 g")
        catalog.create_product(
            uow, ingredient="sugar", brand="Cane", package_unit="lb", package_unit_quantity=4
        )
        recipe = catalog.create_recipe(
            uow, name="Syrup", ingredients=[{"ingredient": "sugar", "quantity": 1, "unit": "cup"}]
        )
        assert recipe.ingredients[0].unit == "cup"
        uow.commit()


def test_two_lines_of_one_recipe_must_agree_too(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Butter")
        lines = [
            {"ingredient": "butter", "quantity": 2, "unit": "stick"},
            {"ingredient": "butter", "quantity": 50, "unit": "g"},
        ]
        with pytest.raises(ValidationError) as info:
            catalog.create_recipe(uow, name="Tart", ingredients=lines)
        assert info.value.message.endswith("use one of: stick")
        uow.rollback()


def test_a_package_word_used_throughout_works_end_to_end(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Ribbon", category="packaging")
        catalog.create_product(
            uow, ingredient="ribbon", brand="Bow", package_unit="Roll", package_unit_quantity=3
        )
        catalog.create_recipe(
            uow, name="Wrapped", ingredients=[{"ingredient": "ribbon", "quantity": 1, "unit": "roll"}]
        )
        catalog.create_finished_unit(uow, recipe="wrapped", name="Wrapped loaf", items_per_batch=1)
        inventory.add_purchase(uow, product="ribbon-bow", packages=1, price_per_package="6")
        assert inventory.stock_on_hand(uow, ingredient="ribbon", unit="roll") == "3"
        run = production.record_production(uow, recipe="wrapped", finished_unit="wrapped-loaf", batches=2)
        assert run.total_ingredient_cost == "4.00"
        uow.commit()


def test_every_unit_of_an_ingredient_keeps_stock_and_baking_working(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _flour(uow, density="1 cup = 120 g")
        catalog.create_product(
            uow, ingredient="flour", brand="Bulk", package_unit="lb", package_unit_quantity=5
        )
        catalog.create_recipe(
            uow, name="Bread", ingredients=[{"ingredient": "flour", "quantity": 2, "unit": "cup"}]
        )
        catalog.create_finished_unit(uow, recipe="bread", name="Loaf", items_per_batch=1)
        inventory.add_purchase(uow, product="flour-mill", packages=1, price_per_package="2")
        assert inventory.stock_on_hand(uow, ingredient="flour", unit="g") == "1000"
        assert production.check_can_produce(uow, recipe="bread", batches=1).can_produce
        production.record_production(uow, recipe="bread", finished_unit="loaf", batches=1)
        uow.commit()
