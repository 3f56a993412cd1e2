"""The gift-bag kitchen: sugar cookies in cellophane gift bags, and helpers to read its state."""

from __future__ import annotations

from typing import Any

import attrs

from bakeledger.app.ledger import Ledger
from bakeledger.services import catalog, inventory
from bakeledger.uow.base import UnitOfWork

COOKIE = "sugar-cookie"
BAG_INGREDIENT = "cellophane-bag"
GIFT_BAG = "cookie-gift-bag"


@attrs.frozen
class GiftBagKitchen:
    bag_product: str
    bag_lot: int


def build_gift_bag_kitchen(uow: UnitOfWork, *, cookies: int = 100, bags: int = 50) -> GiftBagKitchen:
    """100 sugar cookies at cost 0, 50 cellophane bags @ 0.10, and the gift bag = 12 cookies + 1 bag."""
    catalog.create_ingredient(uow, name="flour")
    catalog.create_recipe(
        uow, name="Sugar Cookies", ingredients=[{"ingredient": "flour", "quantity": 2, "unit": "cup"}]
    )
    catalog.create_finished_unit(uow, recipe="sugar-cookies", name="Sugar Cookie", items_per_batch=24)
    if cookies:
        add_cookies(uow, cookies, "0")
    catalog.create_ingredient(uow, name="Cellophane Bag", category="packaging")
    bag = catalog.create_product(
        uow, ingredient=BAG_INGREDIENT, brand="Wrap Co", package_unit="bag", package_unit_quantity=1
    )
    lot = inventory.add_purchase(
        uow, product=bag.slug, packages=bags, price_per_package="0.10", purchased_on="2025-11-01"
    )
    catalog.create_finished_good(
        uow,
        name="Cookie Gift Bag",
        components=[
            {"kind": "finished_unit", "slug": COOKIE, "quantity": 12},
            {"kind": "packaging", "slug": bag.slug, "quantity": 1},
        ],
    )
    return GiftBagKitchen(bag_product=bag.slug, bag_lot=lot.id)


def add_cookies(uow: UnitOfWork, count: int, unit_cost: str) -> None:
    inventory.adjust_finished_stock(
        uow, kind="finished_unit", slug=COOKIE, delta=count, reason="found", unit_cost=unit_cost
    )


def setup_gift_bag_kitchen(ledger: Ledger, **kwargs: Any) -> GiftBagKitchen:
    with ledger.uow() as uow:
        fixture = build_gift_bag_kitchen(uow, **kwargs)
        uow.commit()
    return fixture


def counts(ledger: Ledger) -> tuple[int, int, str]:
    """(sugar cookies, gift bags, cellophane bags remaining) as committed."""
    with ledger.uow(read_only=True) as uow:
        cookies = inventory.finished_stock(uow, kind="finished_unit", slug=COOKIE).count
        gift_bags = inventory.finished_stock(uow, kind="finished_good", slug=GIFT_BAG).count
        bags = inventory.stock_on_hand(uow, ingredient=BAG_INGREDIENT, unit="bag")
    return cookies, gift_bags, bags
