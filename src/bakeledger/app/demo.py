"""`bakeledger demo`: a realistic holiday season, recorded through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bakeledger.app.cli_support import CliState, show_shopping_items
from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import Conflict
from bakeledger.services import assembly, catalog, events, inventory, production
from bakeledger.uow.base import UnitOfWork
from bakeledger.uow.sqlalchemy import SqlAlchemyUnitOfWork

# (name, category, density, [(brand, name, unit, qty per package, [(days ago, packages, price)])])
PANTRY: list[
    tuple[str, str, str | None, list[tuple[str, str | None, str, str, list[tuple[int, str, str]]]]]
] = [
    (
        "Flour",
        "baking",
        "1 cup = 125 g",
        [
            ("Mill", "5lb", "lb", "5", [(40, "2", "4.29"), (12, "2", "4.79")]),
            ("Mill", "cups", "cup", "1", [(5, "10", "0.55")]),
        ],
    ),
    ("Sugar", "baking", "1 cup = 200 g", [("Sweet", None, "lb", "4", [(30, "2", "3.49")])]),
    (
        "Butter",
        "dairy",
        "1 cup = 227 g",
        [("Dairy Co", None, "lb", "1", [(20, "4", "4.99"), (3, "4", "5.49")])],
    ),
    ("Eggs", "dairy", None, [("Farm", None, "dozen", "1", [(6, "3", "3.99")])]),
    ("Chocolate Chips", "baking", "1 cup = 170 g", [("Cocoa", None, "oz", "12", [(15, "4", "3.79")])]),
    ("Molasses", "baking", "1 cup = 330 g", [("Dark", None, "fl oz", "12", [(25, "1", "4.49")])]),
    ("Ground Ginger", "spice", "1 tbsp = 5.5 g", [("Spice", None, "oz", "1.5", [(60, "1", "5.99")])]),
    ("Sprinkles", "decor", "1 tbsp = 12 g", [("Rainbow", None, "oz", "3", [(10, "2", "2.99")])]),
    ("Cellophane Bag", "packaging", None, [("Wrap", "50 pack", "bag", "50", [(14, "1", "6.50")])]),
    ("Ribbon", "packaging", None, [("Satin", "10 pack", "piece", "10", [(14, "3", "2.00")])]),
    ("Gift Box", "packaging", None, [("Kraft", "6 pack", "box", "6", [(9, "2", "9.00")])]),
]

RECIPES: list[tuple[str, list[tuple[str, str, str]], list[tuple[str, str]]]] = [
    (
        "Sugar Cookie Dough",
        [("flour", "3", "cup"), ("butter", "1", "cup"), ("sugar", "1", "cup"), ("eggs", "2", "each")],
        [],
    ),
    ("Sugar Cookies", [("sprinkles", "2", "tbsp")], [("sugar-cookie-dough", "1")]),
    (
        "Chocolate Chip Cookies",
        [
            ("flour", "2.25", "cup"),
            ("butter", "1", "cup"),
            ("sugar", "0.75", "cup"),
            ("chocolate-chips", "2", "cup"),
            ("eggs", "2", "each"),
        ],
        [],
    ),
    (
        "Gingerbread",
        [
            ("flour", "3", "cup"),
            ("molasses", "0.5", "cup"),
            ("ground-ginger", "1", "tbsp"),
            ("butter", "0.5", "cup"),
            ("eggs", "1", "each"),
        ],
        [],
    ),
]


def has_data(ledger: Ledger) -> bool:
    with ledger.uow(read_only=True) as uow:
        return not uow.exchange.is_empty()


def run(ledger: Ledger, *, reset: bool, today: dt.date | None = None) -> dict[str, Any]:
    """Load the season in one transaction; a ledger that holds data is refused unless `reset`,
    which wipes it in that same transaction (a failure leaves the old data as it was)."""
    return ledger.run(_replace, reset=reset, today=today or dt.date.today())


def _replace(uow: SqlAlchemyUnitOfWork, *, reset: bool, today: dt.date) -> dict[str, Any]:
    if not uow.exchange.is_empty():
        if not reset:
            raise Conflict(message="the database already holds data; use `demo --reset` to replace it")
        uow.exchange.delete_all()
    return _season(uow, today=today)


def describe(summary: dict[str, Any], url: str) -> str:
    """One sentence saying what the demo loaded, and where."""
    counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in summary["counts"].items())
    return f"Demo season loaded into {url}: {counts}."


def _season(uow: UnitOfWork, *, today: dt.date) -> dict[str, Any]:
    for name, category, density, products in PANTRY:
        ingredient = catalog.create_ingredient(uow, name=name, category=category, density=density)
        for brand, pname, unit, per_package, purchases in products:
            product = catalog.create_product(
                uow,
                ingredient=ingredient.slug,
                brand=brand,
                name=pname,
                package_unit=unit,
                package_unit_quantity=per_package,
                preferred=True,
            )
            for days_ago, packages, price in purchases:
                inventory.add_purchase(
                    uow,
                    product=product.slug,
                    packages=packages,
                    price_per_package=price,
                    purchased_on=today - dt.timedelta(days=days_ago),
                )
    for name, lines, parts in RECIPES:
        catalog.create_recipe(
            uow,
            name=name,
            category="cookies",
            ingredients=[{"ingredient": i, "quantity": q, "unit": u} for i, q, u in lines],
            components=[{"recipe": r, "multiplier": m} for r, m in parts],
        )
    catalog.create_finished_unit(uow, recipe="sugar-cookies", name="Sugar Cookie", items_per_batch=36)
    catalog.create_finished_unit(
        uow, recipe="chocolate-chip-cookies", name="Chocolate Chip Cookie", items_per_batch=48
    )
    catalog.create_finished_unit(uow, recipe="gingerbread", name="Gingerbread Man", items_per_batch=24)
    bag = catalog.create_finished_good(
        uow,
        name="Cookie Gift Bag",
        components=[
            {"kind": "finished_unit", "slug": "sugar-cookie", "quantity": 6},
            {"kind": "finished_unit", "slug": "chocolate-chip-cookie", "quantity": 6},
            {"kind": "packaging", "slug": "cellophane-bag-wrap-50-pack", "quantity": 1},
            {"kind": "packaging", "slug": "ribbon-satin-10-pack", "quantity": 1},
        ],
    )
    box = catalog.create_finished_good(
        uow,
        name="Holiday Box",
        components=[
            {"kind": "finished_good", "slug": bag.slug, "quantity": 2},
            {"kind": "finished_unit", "slug": "gingerbread-man", "quantity": 4},
            {"kind": "packaging", "slug": "gift-box-kraft-6-pack", "quantity": 1},
        ],
    )
    family = catalog.create_package(
        uow, name="Family Box", contents=[{"finished_good": box.slug, "quantity": 1}]
    )
    neighbor = catalog.create_package(
        uow, name="Neighbor Bag", contents=[{"finished_good": bag.slug, "quantity": 1}]
    )
    christmas_day = dt.date(today.year, 12, 24)
    if christmas_day < today:
        christmas_day = dt.date(today.year + 1, 12, 24)
    christmas = events.create_event(
        uow, name=f"Christmas {christmas_day.year}", event_date=christmas_day, notes="Family and neighbours"
    )
    open_house = events.create_event(
        uow, name="New Year Open House", event_date=christmas_day + dt.timedelta(days=7)
    )
    events.create_event(uow, name="Thanksgiving Trial Bake", event_date=today - dt.timedelta(days=20))
    for recipe, batches in (("sugar-cookies", 8), ("chocolate-chip-cookies", 2), ("gingerbread", 1)):
        events.set_production_target(uow, event=christmas.id, recipe=recipe, batches=batches)
    events.set_assembly_target(uow, event=christmas.id, finished_good=bag.slug, quantity=12)
    events.set_assembly_target(uow, event=christmas.id, finished_good=box.slug, quantity=3)
    events.set_production_target(uow, event=open_house.id, recipe="chocolate-chip-cookies", batches=2)
    for who, household, package in (
        ("Grandma Rose", "Rose family", family),
        ("Uncle Tim", "Rose family", family),
        ("The Parkers", "next door", neighbor),
        ("Ms. Alvarez", "no. 12", neighbor),
        ("Mail Carrier", None, neighbor),
    ):
        recipient = catalog.create_recipient(uow, name=who, household=household)
        events.assign_package(uow, event=christmas.id, recipient=recipient.slug, package=package.slug)
    production.record_production(
        uow,
        recipe="sugar-cookies",
        finished_unit="sugar-cookie",
        batches=2,
        actual_yield=70,
        loss_category="broken",
        event=christmas.id,
    )
    production.record_production(
        uow,
        recipe="chocolate-chip-cookies",
        finished_unit="chocolate-chip-cookie",
        batches=1,
        event=christmas.id,
    )
    mistake = production.record_production(
        uow, recipe="gingerbread", finished_unit="gingerbread-man", batches=1, event=open_house.id
    )
    production.reverse_production(uow, run_id=mistake.id, reason="logged against the wrong event")
    production.record_production(
        uow,
        recipe="gingerbread",
        finished_unit="gingerbread-man",
        batches=1,
        actual_yield=22,
        loss_category="burnt",
        event=christmas.id,
    )
    assembly.record_assembly(uow, finished_good=bag.slug, quantity=6, event=christmas.id)
    assembly.record_assembly(uow, finished_good=box.slug, quantity=1, event=christmas.id)
    first = events.list_assignments(uow, event=christmas.id)[0]
    events.advance_fulfillment(uow, assignment_id=first.id, status="ready")
    counts = {
        "ingredients": len(PANTRY),
        "recipes": len(RECIPES),
        "events": 3,
        "production_runs": 4,
        "assembly_runs": 2,
    }
    return {"event_id": christmas.id, "counts": counts}


def show_shopping_list(st: CliState, event_id: int) -> None:
    result = st.read(events.get_shopping_list, event=event_id)
    show_shopping_items(
        result.items,
        title="Shopping list for the rest of Christmas",
        empty="Nothing left to buy for Christmas.",
    )
