"""The cookie pantry: flour and sugar in cup lots, chocolate chip cookies; small readers for tests."""

from __future__ import annotations

from typing import Any

import attrs

from bakeledger.app.ledger import Ledger
from bakeledger.services import catalog, inventory, production
from bakeledger.uow.base import UnitOfWork

RECIPE = "chocolate-chip-cookies"
COOKIE = "chocolate-chip-cookie"


@attrs.frozen
class CookiePantry:
    flour_product: str
    sugar_product: str


def build_cookie_pantry(uow: UnitOfWork) -> CookiePantry:
    """flour 10 cup @ 0.50, sugar 5 cup @ 0.60; 2 cup flour + 1 cup sugar per batch; 48 cookies."""
    catalog.create_ingredient(uow, name="flour", density="1 cup = 120 g")
    catalog.create_ingredient(uow, name="sugar")
    flour = catalog.create_product(
        uow, ingredient="flour", brand="Cups", package_unit="cup", package_unit_quantity=1
    )
    sugar = catalog.create_product(
        uow, ingredient="sugar", brand="Cups", package_unit="cup", package_unit_quantity=1
    )
    inventory.add_purchase(
        uow, product=flour.slug, packages=10, price_per_package="0.50", purchased_on="2025-11-01"
    )
    inventory.add_purchase(
        uow, product=sugar.slug, packages=5, price_per_package="0.60", purchased_on="2025-11-01"
    )
    catalog.create_recipe(
        uow,
        name="Chocolate Chip Cookies",
        ingredients=[
            {"ingredient": "flour", "quantity": 2, "unit": "cup"},
            {"ingredient": "sugar", "quantity": 1, "unit": "cup"},
        ],
    )
    catalog.create_finished_unit(uow, recipe=RECIPE, name="Chocolate Chip Cookie", items_per_batch=48)
    return CookiePantry(flour.slug, sugar.slug)


def setup_cookie_pantry(ledger: Ledger) -> CookiePantry:
    with ledger.uow() as uow:
        fixture = build_cookie_pantry(uow)
        uow.commit()
    return fixture


def remaining(ledger: Ledger, ingredient: str) -> list[str]:
    """Remaining of every lot of an ingredient (empty ones too), oldest first."""
    with ledger.uow(read_only=True) as uow:
        return [lot.remaining for lot in inventory.list_lots(uow, ingredient=ingredient, include_empty=True)]


def all_lots(ledger: Ledger) -> dict[int, str]:
    """lot id -> remaining, for every lot."""
    with ledger.uow(read_only=True) as uow:
        return {lot.id: lot.remaining for lot in inventory.list_lots(uow, include_empty=True)}


def cookie_count(ledger: Ledger, slug: str = COOKIE) -> int:
    with ledger.uow(read_only=True) as uow:
        return inventory.finished_stock(uow, kind="finished_unit", slug=slug).count


def record(uow: UnitOfWork, **overrides: Any) -> Any:
    arguments: dict[str, Any] = {"recipe": RECIPE, "finished_unit": COOKIE, "batches": 1}
    arguments.update(overrides)
    return production.record_production(uow, **arguments)
