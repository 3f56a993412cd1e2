"""The benchmark's data: a small catalogue made through the services, then lots and finished lots
inserted in bulk (executemany / COPY), grown step by step to each size (runs and events: seed_runs).

Lots: the measured ingredients (flour, sugar, cellophane bags) each have two live lots, bought
last; the rest of the table is older lots of the same ingredients that were used up (with their
ledger line) and live lots of twenty other ingredients. Finished lots: three live lots of cookies,
then used-up cookie lots and live lots of another finished unit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bakeledger.services import catalog
from bench.database import BenchDatabase
from bench.raw import Q, Raw, line_cost, scaled, to_steps

TODAY = dt.date(2026, 11, 1)
CREATED = dt.datetime(2025, 11, 1, 12, 0)
OTHER_INGREDIENTS = 20
RECIPE, COOKIE, GIFT_BAG = "chocolate-chip-cookies", "chocolate-chip-cookie", "cookie-gift-bag"
# (ingredient, quantity, unit cost) of the live lots FIFO draws from, oldest first
LIVE_LOTS = [("flour", "1.5", "0.50"), ("flour", "1.5", "0.55"), ("sugar", "1.5", "0.60")]
LIVE_LOTS += [("sugar", "1.5", "0.65"), ("cellophane-bag", "1", "0.10"), ("cellophane-bag", "1", "0.12")]
LIVE_COOKIE_LOTS = (("10", "0.0333"), ("10", "0.04"), ("10", "0.05"))

LOT_COLUMNS = [
    "uuid",
    "product_id",
    "ingredient_id",
    "packages",
    "price_per_package",
    "quantity",
    "remaining",
    "unit",
    "unit_cost",
    "cost",
    "remaining_cost",
    "purchased_on",
    "created_at",
]
FINISHED_COLUMNS = [
    "uuid",
    "kind",
    "finished_unit_id",
    "quantity",
    "remaining",
    "unit_cost",
    "source",
    "reason",
    "created_at",
]


@dataclass
class Catalogue:
    """Ids of what the benchmark uses, and how far each table has been grown."""

    ingredients: dict[str, int]
    products: dict[str, tuple[int, str]]  # ingredient slug -> (product id, package unit)
    recipes: dict[str, int]
    finished_units: dict[str, int]
    good_id: int
    recipients: tuple[int, int]
    package_id: int
    lots: int = 0
    finished_lots: int = 0
    runs: int = 0
    events: int = 0
    history_lots: tuple[int, int] = (0, 0)


def seed_catalogue(db: BenchDatabase) -> Catalogue:
    """Ingredients, products, two recipes, their finished units, a gift bag, recipients, a package."""
    with db.ledger.uow() as uow:
        ingredients = {"flour": catalog.create_ingredient(uow, name="Flour", density="1 cup = 120 g").id}
        ingredients["sugar"] = catalog.create_ingredient(uow, name="Sugar").id
        ingredients["cellophane-bag"] = catalog.create_ingredient(
            uow, name="Cellophane Bag", category="packaging"
        ).id
        for n in range(OTHER_INGREDIENTS):
            ingredients[f"spice-{n:02d}"] = catalog.create_ingredient(uow, name=f"Spice {n:02d}").id
        products = {}
        for slug in ingredients:
            unit, brand = {"flour": ("cup", "Cups"), "sugar": ("cup", "Cups")}.get(slug, ("g", "Jar"))
            if slug == "cellophane-bag":
                unit, brand = "bag", "Wrap Co"
            made = catalog.create_product(
                uow, ingredient=slug, brand=brand, package_unit=unit, package_unit_quantity=1
            )
            products[slug] = (made.id, unit)
        recipes = {
            RECIPE: catalog.create_recipe(
                uow,
                name="Chocolate Chip Cookies",
                ingredients=[
                    {"ingredient": "flour", "quantity": 2, "unit": "cup"},
                    {"ingredient": "sugar", "quantity": 1, "unit": "cup"},
                ],
            ).id,
            "sugar-cookies": catalog.create_recipe(
                uow,
                name="Sugar Cookies",
                ingredients=[
                    {"ingredient": "flour", "quantity": 1, "unit": "cup"},
                    {"ingredient": "sugar", "quantity": 1, "unit": "cup"},
                ],
            ).id,
        }
        units = {
            COOKIE: catalog.create_finished_unit(
                uow, recipe=RECIPE, name="Chocolate Chip Cookie", items_per_batch=48
            ).id,
            "sugar-cookie": catalog.create_finished_unit(
                uow, recipe="sugar-cookies", name="Sugar Cookie", items_per_batch=24
            ).id,
        }
        good = catalog.create_finished_good(
            uow,
            name="Cookie Gift Bag",
            components=[
                {"kind": "finished_unit", "slug": COOKIE, "quantity": 12},
                {"kind": "packaging", "slug": "cellophane-bag-wrap-co", "quantity": 1},
            ],
        )
        ann = catalog.create_recipient(uow, name="Ann").id
        bob = catalog.create_recipient(uow, name="Bob").id
        package = catalog.create_package(
            uow, name="Small Gift", contents=[{"finished_good": GIFT_BAG, "quantity": 1}]
        )
        uow.commit()
    return Catalogue(ingredients, products, recipes, units, good.id, (ann, bob), package.id)


# --- lots ------------------------------------------------------------------------------------
def grow_lots(db: BenchDatabase, cat: Catalogue, total: int) -> None:
    """Bring both the lots and the finished lots tables to `total` rows each."""
    raw = db.writer
    raw.begin(write=True)
    first_new = max_id(raw, "lots")
    raw.bulk_insert("lots", LOT_COLUMNS, _lot_rows(raw, cat, total))
    # the ledger line that emptied each used-up lot
    raw.cursor.execute(
        raw.sql(
            "INSERT INTO lot_movements (lot_id, kind, quantity, unit_cost, cost, reason, created_at) "
            "SELECT id, 'consume', quantity, unit_cost, cost, "
            "'consume_fifo', created_at FROM lots WHERE id > ? AND remaining = 0"
        ),
        (first_new,),
    )
    first_new = max_id(raw, "finished_lots")
    raw.bulk_insert("finished_lots", FINISHED_COLUMNS, _finished_rows(raw, cat, total))
    raw.cursor.execute(
        raw.sql(
            "INSERT INTO finished_movements (finished_lot_id, kind, quantity, unit_cost, cost, reason, "
            "created_at) SELECT id, 'consume', quantity, unit_cost, (quantity * unit_cost + 50) / 100, "
            "'gift', created_at FROM finished_lots WHERE id > ? AND remaining = 0"
        ),
        (first_new,),
    )
    raw.commit()
    raw.analyze()
    cat.lots = cat.finished_lots = total


def _lot_rows(raw: Raw, cat: Catalogue, total: int) -> Iterator[tuple[Any, ...]]:
    created = raw.moment_in(CREATED)
    if cat.lots == 0:
        for day, (slug, quantity, cost) in enumerate(LIVE_LOTS):
            yield lot_row(
                raw, cat, slug, scaled(quantity), scaled(quantity), scaled(cost), 300 + day, created
            )
    measured = ("flour", "sugar", "cellophane-bag")
    for n in range(max(cat.lots, len(LIVE_LOTS)), total):
        if n % 2:  # an older lot of a measured ingredient, used up long ago
            yield lot_row(raw, cat, measured[n % 3], Q, 0, 450_000 + n % 7 * 10_000, -(n % 600), created)
        else:  # a live lot of some other ingredient
            slug = f"spice-{n % OTHER_INGREDIENTS:02d}"
            yield lot_row(raw, cat, slug, 100 * Q, 100 * Q, 20_000, n % 300, created)


def lot_row(
    raw: Raw, cat: Catalogue, slug: str, quantity: int, left: int, cost: int, day: int, created: Any
) -> tuple[Any, ...]:
    """One lot of a one-unit product: packages = quantity, price per package = unit cost; its
    quantities kept in grid steps of its stock unit, its money at 4 places."""
    product_id, unit = cat.products[slug]
    bought = raw.date_in(dt.date(2025, 1, 1) + dt.timedelta(days=day))
    paid = line_cost(quantity, cost)
    return (
        str(uuid.uuid4()),
        product_id,
        cat.ingredients[slug],
        quantity,
        cost,
        to_steps(quantity, unit),
        to_steps(left, unit),
        unit,
        cost,
        paid,
        paid if left else 0,
        bought,
        created,
    )


def _finished_rows(raw: Raw, cat: Catalogue, total: int) -> Iterator[tuple[Any, ...]]:
    created = raw.moment_in(CREATED)
    cookie, other = cat.finished_units[COOKIE], cat.finished_units["sugar-cookie"]
    if cat.finished_lots == 0:
        for count, cost in LIVE_COOKIE_LOTS:
            yield _finished(cookie, int(count), int(count), scaled(cost), created)
    for n in range(max(cat.finished_lots, len(LIVE_COOKIE_LOTS)), total):
        if n % 2:
            yield _finished(cookie, 10, 0, 40_000, created)
        else:
            yield _finished(other, 24, 24, 30_000, created)


def _finished(unit_id: int, quantity: int, left: int, cost: int, created: Any) -> tuple[Any, ...]:
    return (str(uuid.uuid4()), "finished_unit", unit_id, quantity, left, cost, "adjustment", "found", created)


def max_id(raw: Raw, table: str) -> int:
    raw.cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    return int(raw.cursor.fetchone()[0])


def ids_after(raw: Raw, table: str, after: int) -> Sequence[int]:
    raw.cursor.execute(raw.sql(f"SELECT id FROM {table} WHERE id > ? ORDER BY id"), (after,))
    return [int(row[0]) for row in raw.cursor.fetchall()]
