"""Bad values for the catalogue services (see bad_calls.py)."""

from __future__ import annotations

from typing import Any

from bakeledger.services import catalog
from tests.reliability import corpus as bad
from tests.reliability import world
from tests.reliability.bad_calls_case import Case
from tests.reliability.stage import Stage


def _line(**change: Any) -> list[dict[str, Any]]:
    return [{"ingredient": world.FLOUR, "quantity": 1, "unit": "cup", **change}]


def _lines() -> list[Any]:
    return [
        "flour",
        [("flour", 1, "cup")],
        {"ingredient": "flour"},
        [None],
        _line(quantity=0),
        _line(quantity="1e3"),
        _line(unit="cup!"),
        _line(unit=None),
        _line(ingredient="no-such-thing"),
        _line(ingredient=None),
        _line(ingredient=["flour"]),
        [{"quantity": 1, "unit": "cup"}],
        *bad.wrong_types(),
    ]


def _recipe_parts() -> list[Any]:
    return [
        "dough",
        [{"recipe": "no-such-thing"}],
        [{"recipe": None}],
        [{"recipe": world.DOUGH, "multiplier": 0}],
        [{"recipe": world.DOUGH, "multiplier": "NaN"}],
        [{"recipe": world.DOUGH}, {"recipe": world.DOUGH}],
        [{"multiplier": 1}],
        *bad.wrong_types(),
    ]


def _good_parts() -> list[Any]:
    return [
        None,
        [],
        "cookie",
        [{"kind": "cake", "slug": world.COOKIE}],
        [{"kind": None, "slug": world.COOKIE}],
        [{"kind": ["finished_unit"], "slug": world.COOKIE}],
        [{"kind": "finished_unit", "slug": world.COOKIE, "quantity": 0}],
        [{"kind": "finished_unit", "slug": world.COOKIE, "quantity": "1.5"}],
        [{"kind": "packaging", "slug": world.BAG_PRODUCT, "quantity": -1}],
        [{"kind": "finished_unit", "slug": "no-such-thing"}],
        [{"kind": "finished_good", "slug": None}],
        [{"kind": "packaging", "slug": world.COOKIE}],
        *bad.wrong_types(),
    ]


def _contents() -> list[Any]:
    return [
        "gift-bag",
        [{"finished_good": "no-such-thing"}],
        [{"finished_good": None}],
        [{"finished_good": world.GIFT_BAG, "quantity": 0}],
        [{"finished_good": world.GIFT_BAG, "quantity": 2.5}],
        *bad.wrong_types(),
    ]


def catalog_cases(s: Stage) -> list[Case]:
    return [
        Case(
            "catalog.create_ingredient",
            catalog.create_ingredient,
            {"name": "Butter"},
            {
                "name": bad.names(),
                "category": bad.names(),
                "density": [
                    "1 cup = 0 g",
                    "cup = g",
                    "1 g = 1 cup",
                    "1 cup = 120 each",
                    "1e3 cup = 1 g",
                    120,
                    "",
                ]
                + bad.wrong_types(),
            },
        ),
        Case(
            "catalog.create_product",
            catalog.create_product,
            {"ingredient": world.FLOUR, "brand": "Farm", "package_unit": "lb", "package_unit_quantity": 5},
            {
                "ingredient": bad.slugs(),
                "brand": bad.names(),
                "package_unit": bad.units(),
                "package_unit_quantity": bad.quantities(),
                "name": [n for n in bad.names() if n is not None],
                "preferred": bad.booleans(),
            },
        ),
        Case(
            "catalog.create_recipe",
            catalog.create_recipe,
            {"name": "Scones", "ingredients": _line()},
            {
                "name": bad.names(),
                "category": bad.names(),
                "ingredients": _lines(),
                "components": _recipe_parts(),
            },
        ),
        Case(
            "catalog.add_recipe_component",
            catalog.add_recipe_component,
            {"recipe": world.COOKIES, "component": "glaze"},
            {
                "recipe": bad.slugs(),
                "component": [*bad.slugs(), world.COOKIES, world.DOUGH],  # itself; already a component
                "multiplier": bad.quantities(),
            },
        ),
        Case(
            "catalog.aggregated_ingredients",
            catalog.aggregated_ingredients,
            {"recipe": world.COOKIES},
            {"recipe": bad.slugs(), "batches": bad.counts()},
        ),
        Case(
            "catalog.create_finished_unit",
            catalog.create_finished_unit,
            {"recipe": world.COOKIES, "name": "Crumb", "items_per_batch": 10},
            {"recipe": bad.slugs(), "name": bad.names(), "items_per_batch": bad.counts()},
        ),
        Case(
            "catalog.create_finished_good",
            catalog.create_finished_good,
            {"name": "Tin", "components": [{"kind": "finished_unit", "slug": world.COOKIE, "quantity": 4}]},
            {"name": bad.names(), "components": _good_parts()},
        ),
        Case(
            "catalog.create_package",
            catalog.create_package,
            {"name": "Crate", "contents": [{"finished_good": world.GIFT_BAG, "quantity": 1}]},
            {"name": bad.names(), "contents": _contents()},
        ),
        Case(
            "catalog.create_recipient",
            catalog.create_recipient,
            {"name": "Bob"},
            {"name": bad.names(), "household": [n for n in bad.names() if n is not None]},
        ),
    ]
