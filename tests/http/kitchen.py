"""Catalogues for the run routes' tests, built through the services (stock is bought over HTTP)."""

from __future__ import annotations

from typing import Any

from bakeledger.app.ledger import Ledger
from bakeledger.services import catalog, inventory, production
from tests.http.conftest import Api
from tests.integration.gift_bag_kitchen import add_cookies, build_gift_bag_kitchen

FLOUR = "flour-mill"  # 5 lb bags
SUGAR = "sugar-cane"  # 1 lb bags
RECIPE = "shortbread"
FINGER = "shortbread-finger"  # 20 per batch


def setup_shortbread(ledger: Ledger) -> None:
    """Flour and sugar sold by the bag (nothing bought yet); shortbread: 2 lb flour + 1 lb sugar a
    batch, 20 fingers."""
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour")
        catalog.create_ingredient(uow, name="Sugar")
        catalog.create_product(
            uow, ingredient="flour", brand="Mill", package_unit="lb", package_unit_quantity=5
        )
        catalog.create_product(
            uow, ingredient="sugar", brand="Cane", package_unit="lb", package_unit_quantity=1
        )
        catalog.create_recipe(
            uow,
            name="Shortbread",
            ingredients=[
                {"ingredient": "flour", "quantity": 2, "unit": "lb"},
                {"ingredient": "sugar", "quantity": 1, "unit": "lb"},
            ],
        )
        catalog.create_finished_unit(uow, recipe=RECIPE, name="Shortbread Finger", items_per_batch=20)
        uow.commit()


def buy(api: Api, product: str, packages: Any, price: Any, **more: Any) -> dict[str, Any]:
    body = {
        "product": product,
        "packages": packages,
        "price_per_package": price,
        "purchased_on": "2025-11-01",
    }
    result: dict[str, Any] = api.ok("POST", "/purchases", {**body, **more}, status=201, role="baker")
    return result


def stocked_shortbread(ledger: Ledger, api: Api) -> None:
    """The shortbread catalogue with 10 lb of flour at 0.8580 and 3 lb of sugar at 0.9000."""
    setup_shortbread(ledger)
    buy(api, FLOUR, 2, "4.29")
    buy(api, SUGAR, 3, "0.90")


BAKE = {"recipe": RECIPE, "finished_unit": FINGER, "batches": 2, "actual_yield": 38, "loss_category": "burnt"}


def setup_gift_bags(ledger: Ledger) -> None:
    """100 sugar cookies at 0.25 each, 50 cellophane bags at 0.10; a gift bag = 12 cookies + 1 bag."""
    with ledger.uow() as uow:
        build_gift_bag_kitchen(uow, cookies=0)
        add_cookies(uow, 100, "0.25")
        uow.commit()


def stock(ledger: Ledger, ingredient: str, unit: str) -> str:
    """What is left of an ingredient, read through a fresh unit of work."""
    with ledger.uow(read_only=True) as uow:
        return inventory.stock_on_hand(uow, ingredient=ingredient, unit=unit)


def finished(ledger: Ledger, kind: str, slug: str) -> int:
    with ledger.uow(read_only=True) as uow:
        return inventory.finished_stock(uow, kind=kind, slug=slug).count


def production_runs(ledger: Ledger) -> list[Any]:
    with ledger.uow(read_only=True) as uow:
        return production.get_production_history(uow)
