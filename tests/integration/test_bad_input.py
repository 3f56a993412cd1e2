"""Bad input: the documented error, raised before any write, on both backends.

Each test tries many bad values in one unit of work, then *commits* it: if anything had been
written (or the transaction poisoned) the commit or the dump through `fresh` would show it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import (
    BakeLedgerError,
    FinishedGoodNotFound,
    FinishedUnitNotFound,
    IngredientNotFound,
    LotNotFound,
    ProductNotFound,
    RecipeNotFound,
    UnitConversionError,
    ValidationError,
)
from bakeledger.services import catalog, inventory
from tests.faults import fail_on_write
from tests.helpers import dump

Call = Callable[[Any, Any], Any]
NAN, INF = float("nan"), float("inf")
ZEROS = [0, "0", Decimal("0"), "0.000"]
NOT_NUMBERS = [NAN, INF, -INF, Decimal("NaN"), Decimal("-Infinity"), "NaN", "Infinity", "inf", "abc", ""]
NOT_NUMBERS += ["  ", "1,5", "1.2.3", "1e3", "1E3", "0x10", True, False, None, [2], {"q": 1}]
HUGE = [10**10, "10000000000", "1000000000.000001", Decimal("1E+30"), 1e300, -(10**10)]
BAD_PRICES = [-1, "-2.5", "0.0000001", *NOT_NUMBERS, *HUGE]
BAD_AMOUNTS = [*ZEROS, *BAD_PRICES]
BAD_COUNTS = [0, -1, "2.5", 2.5, 10**7, "1e3", NAN, INF, "abc", True, None]
BAD_NAMES = ["", "    ", "x" * 1000, None, 42, ["Flour"]]
BAD_UNITS = ["", "   ", "5kg", "cup!", "x" * 40, None, 5]


@pytest.fixture
def kitchen(ledger: Ledger) -> dict[str, Any]:
    """Flour in a 5 lb bag (one lot), ribbon, cookie and dough recipes, a cookie and a gift tin."""
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour", density="1 cup = 120 g")
        catalog.create_ingredient(uow, name="Ribbon")
        catalog.create_product(
            uow, ingredient="flour", brand="Mill", package_unit="lb", package_unit_quantity=5
        )
        catalog.create_product(
            uow, ingredient="ribbon", brand="Red", package_unit="each", package_unit_quantity=10
        )
        lot = inventory.add_purchase(uow, product="flour-mill", packages=2, price_per_package="3.50")
        catalog.create_recipe(
            uow, name="Cookies", ingredients=[{"ingredient": "flour", "quantity": 2, "unit": "cup"}]
        )
        catalog.create_recipe(uow, name="Dough")
        catalog.create_finished_unit(uow, recipe="cookies", name="Cookie", items_per_batch=24)
        catalog.create_finished_good(
            uow, name="Tin", components=[{"kind": "finished_unit", "slug": "cookie", "quantity": 12}]
        )
        uow.commit()
    return {"lot_id": lot.id}


def _refuses(ledger: Ledger, fresh: Engine, subtests: Any, values: list[Any], call: Call, error: Any) -> None:
    """Every value raises `error` before any write; committing afterwards changes nothing."""
    before = dump(fresh)
    with ledger.uow() as uow, fail_on_write(ledger.engine, None) as writes:
        for value in values:
            with subtests.test(value=repr(value)[:40]), pytest.raises(error):
                call(uow, value)
        uow.commit()
    assert writes.writes == 0
    assert dump(fresh) == before


def _line(quantity: Any = 1, unit: Any = "cup", ingredient: Any = "flour") -> list[dict[str, Any]]:
    return [{"ingredient": ingredient, "quantity": quantity, "unit": unit}]


QUANTITIES: dict[str, Call] = {
    "purchase packages": lambda uow, v: inventory.add_purchase(
        uow, product="flour-mill", packages=v, price_per_package=1
    ),
    "package_unit_quantity": lambda uow, v: catalog.create_product(
        uow, ingredient="flour", brand="Farm", package_unit="lb", package_unit_quantity=v
    ),
    "consume quantity": lambda uow, v: inventory.consume_fifo(uow, ingredient="flour", quantity=v, unit="lb"),
    "dry-run quantity": lambda uow, v: inventory.consume_fifo(
        uow, ingredient="flour", quantity=v, unit="lb", dry_run=True
    ),
    "deplete quantity": lambda uow, v: inventory.deplete_lot(uow, lot_id=1, quantity=v, reason="spoilage"),
    "recipe line quantity": lambda uow, v: catalog.create_recipe(uow, name="Scones", ingredients=_line(v)),
    "component multiplier": lambda uow, v: catalog.create_recipe(
        uow, name="Sandwich", components=[{"recipe": "cookies", "multiplier": v}]
    ),
    "added multiplier": lambda uow, v: catalog.add_recipe_component(
        uow, recipe="cookies", component="dough", multiplier=v
    ),
    "packaging quantity": lambda uow, v: catalog.create_finished_good(
        uow, name="Bag", components=[{"kind": "packaging", "slug": "ribbon-red", "quantity": v}]
    ),
}


@pytest.mark.parametrize("site", list(QUANTITIES))
def test_bad_quantities_are_refused(
    kitchen: Any, ledger: Ledger, fresh: Engine, subtests: Any, site: str
) -> None:
    _refuses(ledger, fresh, subtests, BAD_AMOUNTS, QUANTITIES[site], ValidationError)


def test_bad_prices_are_refused(kitchen: Any, ledger: Ledger, fresh: Engine, subtests: Any) -> None:
    def buy(uow: Any, price: Any) -> Any:
        return inventory.add_purchase(uow, product="flour-mill", packages=1, price_per_package=price)

    _refuses(ledger, fresh, subtests, BAD_PRICES, buy, ValidationError)


COUNTS: dict[str, Call] = {
    "items_per_batch": lambda uow, v: catalog.create_finished_unit(
        uow, recipe="cookies", name="Crumb", items_per_batch=v
    ),
    "aggregated batches": lambda uow, v: catalog.aggregated_ingredients(uow, recipe="cookies", batches=v),
    "finished unit quantity": lambda uow, v: catalog.create_finished_good(
        uow, name="Box", components=[{"kind": "finished_unit", "slug": "cookie", "quantity": v}]
    ),
    "package contents": lambda uow, v: catalog.create_package(
        uow, name="Hamper", contents=[{"finished_good": "tin", "quantity": v}]
    ),
}

BAD_IDS = [0, -1, "2.5", 2.5, "1e3", NAN, INF, "abc", True, None, 2**31]


@pytest.mark.parametrize("site", list(COUNTS))
def test_bad_counts_are_refused(
    kitchen: Any, ledger: Ledger, fresh: Engine, subtests: Any, site: str
) -> None:
    _refuses(ledger, fresh, subtests, BAD_COUNTS, COUNTS[site], ValidationError)


def test_bad_ids_are_refused_and_unknown_ids_are_not_found(
    kitchen: Any, ledger: Ledger, fresh: Engine, subtests: Any
) -> None:
    def deplete(uow: Any, lot_id: Any) -> Any:
        return inventory.deplete_lot(uow, lot_id=lot_id, quantity=1, reason="gift")

    _refuses(ledger, fresh, subtests, BAD_IDS, deplete, ValidationError)
    _refuses(ledger, fresh, subtests, [10**7, str(2**31 - 1)], deplete, LotNotFound)


UNKNOWN: list[tuple[Call, type[BakeLedgerError]]] = [
    (lambda uow, s: inventory.add_purchase(uow, product=s, packages=1, price_per_package=1), ProductNotFound),
    (
        lambda uow, s: catalog.create_product(
            uow, ingredient=s, brand="Farm", package_unit="lb", package_unit_quantity=1
        ),
        IngredientNotFound,
    ),
    (lambda uow, s: inventory.consume_fifo(uow, ingredient=s, quantity=1, unit="lb"), IngredientNotFound),
    (lambda uow, s: inventory.stock_on_hand(uow, ingredient=s, unit="lb"), IngredientNotFound),
    (lambda uow, s: inventory.list_lots(uow, ingredient=s), IngredientNotFound),
    (
        lambda uow, s: catalog.create_recipe(uow, name="Scones", ingredients=_line(ingredient=s)),
        IngredientNotFound,
    ),
    (lambda uow, s: catalog.create_recipe(uow, name="Scones", components=[{"recipe": s}]), RecipeNotFound),
    (lambda uow, s: catalog.add_recipe_component(uow, recipe="cookies", component=s), RecipeNotFound),
    (lambda uow, s: catalog.add_recipe_component(uow, recipe=s, component="cookies"), RecipeNotFound),
    (lambda uow, s: catalog.aggregated_ingredients(uow, recipe=s), RecipeNotFound),
    (
        lambda uow, s: catalog.create_finished_unit(uow, recipe=s, name="Crumb", items_per_batch=1),
        RecipeNotFound,
    ),
    (
        lambda uow, s: catalog.create_finished_good(
            uow, name="Box", components=[{"kind": "finished_unit", "slug": s}]
        ),
        FinishedUnitNotFound,
    ),
    (
        lambda uow, s: catalog.create_package(uow, name="Hamper", contents=[{"finished_good": s}]),
        FinishedGoodNotFound,
    ),
]


def test_unknown_slugs_are_not_found(kitchen: Any, ledger: Ledger, fresh: Engine, subtests: Any) -> None:
    for n, (call, error) in enumerate(UNKNOWN):
        with subtests.test(site=n):
            _refuses(ledger, fresh, subtests, ["no-such-thing", "", "FLOUR", 7], call, error)


def test_unknown_lot_ids_are_not_found(kitchen: Any, ledger: Ledger, fresh: Engine, subtests: Any) -> None:
    def deplete(uow: Any, lot_id: Any) -> Any:
        return inventory.deplete_lot(uow, lot_id=lot_id, quantity=1, reason="gift")

    _refuses(ledger, fresh, subtests, [kitchen["lot_id"] + 1, 99999, "12345"], deplete, LotNotFound)


UNITS: dict[str, Call] = {
    "package unit": lambda uow, u: catalog.create_product(
        uow, ingredient="flour", brand="Farm", package_unit=u, package_unit_quantity=1
    ),
    "consume unit": lambda uow, u: inventory.consume_fifo(uow, ingredient="flour", quantity=1, unit=u),
    "stock unit": lambda uow, u: inventory.stock_on_hand(uow, ingredient="flour", unit=u),
    "recipe line unit": lambda uow, u: catalog.create_recipe(uow, name="Scones", ingredients=_line(unit=u)),
}


@pytest.mark.parametrize("site", list(UNITS))
def test_malformed_units_are_refused(
    kitchen: Any, ledger: Ledger, fresh: Engine, subtests: Any, site: str
) -> None:
    _refuses(ledger, fresh, subtests, BAD_UNITS, UNITS[site], ValidationError)


def test_units_that_do_not_convert_to_the_lots_are_refused(
    kitchen: Any, ledger: Ledger, fresh: Engine, subtests: Any
) -> None:
    def consume(uow: Any, unit: str) -> Any:
        return inventory.consume_fifo(uow, ingredient="flour", quantity=1, unit=unit)

    def dry_run(uow: Any, unit: str) -> Any:
        return inventory.consume_fifo(uow, ingredient="flour", quantity=1, unit=unit, dry_run=True)

    def stock(uow: Any, unit: str) -> Any:
        return inventory.stock_on_hand(uow, ingredient="flour", unit=unit)

    for call in (consume, dry_run, stock):
        _refuses(ledger, fresh, subtests, ["each", "dozen", "box"], call, UnitConversionError)


NAMES: dict[str, Call] = {
    "ingredient name": lambda uow, n: catalog.create_ingredient(uow, name=n),
    "ingredient category": lambda uow, n: catalog.create_ingredient(uow, name="Salt", category=n),
    "product brand": lambda uow, n: catalog.create_product(
        uow, ingredient="flour", brand=n, package_unit="lb", package_unit_quantity=1
    ),
    "recipe name": lambda uow, n: catalog.create_recipe(uow, name=n),
    "finished unit name": lambda uow, n: catalog.create_finished_unit(
        uow, recipe="cookies", name=n, items_per_batch=1
    ),
    "finished good name": lambda uow, n: catalog.create_finished_good(
        uow, name=n, components=[{"kind": "finished_unit", "slug": "cookie"}]
    ),
    "package name": lambda uow, n: catalog.create_package(uow, name=n),
    "recipient name": lambda uow, n: catalog.create_recipient(uow, name=n),
}


@pytest.mark.parametrize("site", list(NAMES))
def test_empty_and_oversized_names_are_refused(
    kitchen: Any, ledger: Ledger, fresh: Engine, subtests: Any, site: str
) -> None:
    _refuses(ledger, fresh, subtests, BAD_NAMES, NAMES[site], ValidationError)


def _buying(field: str) -> Call:
    return lambda uow, v: inventory.add_purchase(
        uow, product="flour-mill", packages=1, price_per_package=1, **{field: v}
    )


TWICE = [{"recipe": "cookies"}, {"recipe": "cookies"}]
OTHER: dict[str, tuple[Call, list[Any]]] = {
    "density": (
        lambda uow, d: catalog.create_ingredient(uow, name="Salt", density=d),
        ["1 cup = 0 g", "cup = g", "1 g = 1 cup", "1 cup = 120 each", "1e3 cup = 1 g", 120],
    ),
    "purchased_on": (_buying("purchased_on"), ["2025-13-01", "yesterday", 20250101, "", 1.5]),
    "supplier": (_buying("supplier"), [5, "x" * 201]),
    "preferred": (
        lambda uow, p: catalog.create_product(
            uow, ingredient="flour", brand="Farm", package_unit="lb", package_unit_quantity=1, preferred=p
        ),
        ["yes", 1, None],
    ),
    "recipe lines": (
        lambda uow, lines: catalog.create_recipe(uow, name="Scones", ingredients=lines),
        ["flour", [("flour", 1, "cup")], {"ingredient": "flour"}],
    ),
    "component kind": (
        lambda uow, k: catalog.create_finished_good(
            uow, name="Box", components=[{"kind": k, "slug": "cookie"}]
        ),
        ["cake", None, ""],
    ),
    "no components": (lambda uow, c: catalog.create_finished_good(uow, name="Box", components=c), [[], None]),
    "repeated component": (lambda uow, c: catalog.create_recipe(uow, name="Double", components=c), [TWICE]),
}


@pytest.mark.parametrize("site", list(OTHER))
def test_other_bad_input_is_refused(
    kitchen: Any, ledger: Ledger, fresh: Engine, subtests: Any, site: str
) -> None:
    call, values = OTHER[site]
    _refuses(ledger, fresh, subtests, values, call, ValidationError)


def test_the_write_counter_does_see_a_good_purchase(kitchen: Any, ledger: Ledger) -> None:
    """Control for the tests above: the same counter counts a valid call's writes."""
    with ledger.uow() as uow, fail_on_write(ledger.engine, None) as writes:
        inventory.add_purchase(uow, product="flour-mill", packages=1, price_per_package="3.50")
        uow.rollback()
    assert writes.writes >= 1
