"""The small bakery every reliability test works in: its catalogue, built through the services.

Flour (cup lots), sugar (3-cup packages, so unit costs like 0.333333), cellophane bags; dough,
and cookies made of sugar plus two doughs (a nested recipe); a gift bag of 6 cookies and a bag,
and a hamper of 2 gift bags and 3 dough balls (a nested finished good). The per-batch and
per-bundle needs below are what the plain-Python model (model.py) works with.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bakeledger.services import catalog, events
from bakeledger.uow.base import UnitOfWork

FLOUR, SUGAR, BAG = "flour", "sugar", "cellophane-bag"
FLOUR_PRODUCT, SUGAR_PRODUCT, BAG_PRODUCT = "flour-mill", "sugar-sweet", "cellophane-bag-wrap"
# product -> (ingredient, how much of the package unit one package holds)
PRODUCTS: dict[str, tuple[str, Decimal]] = {
    FLOUR_PRODUCT: (FLOUR, Decimal(1)),
    SUGAR_PRODUCT: (SUGAR, Decimal(3)),
    BAG_PRODUCT: (BAG, Decimal(1)),
}

DOUGH, COOKIES = "dough", "cookies"
DOUGH_BALL, COOKIE = "dough-ball", "cookie"
GIFT_BAG, HAMPER = "gift-bag", "hamper"
BOX = "family-box"  # a package of one hamper
# recipe -> (its finished unit, items per batch, aggregated ingredients per batch)
RECIPES: dict[str, tuple[str, int, dict[str, Decimal]]] = {
    DOUGH: (DOUGH_BALL, 10, {FLOUR: Decimal(1), SUGAR: Decimal("0.5")}),
    COOKIES: (COOKIE, 12, {SUGAR: Decimal("1.5"), FLOUR: Decimal(2)}),
}
# finished good -> finished components per bundle (in listed order), packaging ingredient per bundle
BUNDLES: dict[str, tuple[list[tuple[str, str, int]], dict[str, Decimal]]] = {
    GIFT_BAG: ([("finished_unit", COOKIE, 6)], {BAG: Decimal(1)}),
    HAMPER: ([("finished_good", GIFT_BAG, 2), ("finished_unit", DOUGH_BALL, 3)], {}),
}
FINISHED_ITEMS = [
    ("finished_unit", COOKIE),
    ("finished_unit", DOUGH_BALL),
    ("finished_good", GIFT_BAG),
    ("finished_good", HAMPER),
]

EVENT_DAY = dt.date(2026, 12, 24)
PRODUCTION_TARGETS = [(COOKIES, 3), (DOUGH, 2)]
ASSEMBLY_TARGETS = [(GIFT_BAG, 4), (HAMPER, 1)]


def build_catalogue(uow: UnitOfWork) -> int:
    """Ingredients, products, recipes, finished units and goods, and the event; returns the event id."""
    catalog.create_ingredient(uow, name="Flour", category="baking")
    catalog.create_ingredient(uow, name="Sugar", category="baking")
    catalog.create_ingredient(uow, name="Cellophane Bag", category="packaging")
    catalog.create_product(uow, ingredient=FLOUR, brand="Mill", package_unit="cup", package_unit_quantity=1)
    catalog.create_product(uow, ingredient=SUGAR, brand="Sweet", package_unit="cup", package_unit_quantity=3)
    catalog.create_product(uow, ingredient=BAG, brand="Wrap", package_unit="bag", package_unit_quantity=1)
    catalog.create_recipe(
        uow,
        name="Dough",
        ingredients=[
            {"ingredient": FLOUR, "quantity": 1, "unit": "cup"},
            {"ingredient": SUGAR, "quantity": "0.5", "unit": "cup"},
        ],
    )
    catalog.create_recipe(
        uow,
        name="Cookies",
        ingredients=[{"ingredient": SUGAR, "quantity": "0.5", "unit": "cup"}],
        components=[{"recipe": DOUGH, "multiplier": 2}],
    )
    catalog.create_finished_unit(uow, recipe=DOUGH, name="Dough Ball", items_per_batch=10)
    catalog.create_finished_unit(uow, recipe=COOKIES, name="Cookie", items_per_batch=12)
    catalog.create_finished_good(
        uow,
        name="Gift Bag",
        components=[
            {"kind": "finished_unit", "slug": COOKIE, "quantity": 6},
            {"kind": "packaging", "slug": BAG_PRODUCT, "quantity": 1},
        ],
    )
    catalog.create_finished_good(
        uow,
        name="Hamper",
        components=[
            {"kind": "finished_good", "slug": GIFT_BAG, "quantity": 2},
            {"kind": "finished_unit", "slug": DOUGH_BALL, "quantity": 3},
        ],
    )
    event = events.create_event(uow, name="Christmas", event_date=EVENT_DAY)
    for recipe, batches in PRODUCTION_TARGETS:
        events.set_production_target(uow, event=event.id, recipe=recipe, batches=batches)
    for good, quantity in ASSEMBLY_TARGETS:
        events.set_assembly_target(uow, event=event.id, finished_good=good, quantity=quantity)
    catalog.create_package(uow, name="Family Box", contents=[{"finished_good": HAMPER, "quantity": 1}])
    catalog.create_recipient(uow, name="Ann", household="Smith")
    return int(event.id)
