"""Bad values for the catalogue services (see bad_calls.py)."""

from __future__ import annotations

from typing import Any

from bakeledger.services import catalog
from tests.reliability import corpus as bad
from tests.reliability import world
from tests.reliability.bad_calls_case import Case
from tests.reliability.stage import Stage


def _densities() -> list[Any]:
    return [
        "1 cup = 0 g",
        "cup = g",
        "1 g = 1 cup",
        "1 cup = 120 each",
        "1e3 cup = 1 g",
        120,
        "",
        *bad.wrong_types(),
    ]


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
                "density": _densities(),
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
        *reading_cases(),
        *editing_cases(),
        *deleting_cases(),
    ]


def reading_cases() -> list[Case]:
    """get_* by a bad slug; list_* take no arguments but the products' ingredient."""
    gets = [
        ("ingredient", world.FLOUR),
        ("product", world.FLOUR_PRODUCT),
        ("recipe", world.COOKIES),
        ("finished_unit", world.COOKIE),
        ("finished_good", world.GIFT_BAG),
        ("package", "family-box"),
        ("recipient", "ann"),
    ]
    lists = ["ingredients", "recipes", "finished_units", "finished_goods", "packages", "recipients"]
    return [
        *(
            Case(f"catalog.get_{kind}", getattr(catalog, f"get_{kind}"), {kind: slug}, {kind: bad.slugs()})
            for kind, slug in gets
        ),
        *(Case(f"catalog.list_{kind}", getattr(catalog, f"list_{kind}"), {}, {}) for kind in lists),
        Case("catalog.list_products", catalog.list_products, {}, {"ingredient": bad.slugs(optional=True)}),
    ]


def editing_cases() -> list[Case]:
    """update_* with one bad change at a time; a field left out stays, so None is bad only where it
    cannot clear the field."""
    some_names = [n for n in bad.names() if n is not None]
    return [
        Case(
            "catalog.update_ingredient",
            catalog.update_ingredient,
            {"ingredient": world.FLOUR, "category": "baking"},
            {
                "ingredient": bad.slugs(),
                "name": bad.names(),
                "category": bad.names(),
                "density": _densities(),
            },
        ),
        Case(
            "catalog.update_product",
            catalog.update_product,
            {"product": world.FLOUR_PRODUCT, "brand": "Mill"},
            {"product": bad.slugs(), "brand": bad.names(), "name": some_names, "preferred": bad.booleans()},
        ),
        Case(
            "catalog.update_recipe",
            catalog.update_recipe,
            {"recipe": world.COOKIES, "category": "general"},
            {
                "recipe": bad.slugs(),
                "name": bad.names(),
                "category": bad.names(),
                "ingredients": _lines(),
                "components": [*_recipe_parts(), [{"recipe": world.COOKIES}]],
            },
        ),
        Case(
            "catalog.update_finished_unit",
            catalog.update_finished_unit,
            {"finished_unit": world.COOKIE, "name": "Cookie"},
            {"finished_unit": bad.slugs(), "name": bad.names(), "items_per_batch": bad.counts()},
        ),
        Case(
            "catalog.update_finished_good",
            catalog.update_finished_good,
            {"finished_good": world.HAMPER, "name": "Hamper"},
            {
                "finished_good": bad.slugs(),
                "name": bad.names(),
                "components": [*_good_parts(), [{"kind": "finished_good", "slug": world.HAMPER}]],
            },
        ),
        Case(
            "catalog.update_package",
            catalog.update_package,
            {"package": "family-box", "name": "Family Box"},
            {"package": bad.slugs(), "name": bad.names(), "contents": _contents()},
        ),
        Case(
            "catalog.update_recipient",
            catalog.update_recipient,
            {"recipient": "ann", "name": "Ann"},
            {"recipient": bad.slugs(), "name": bad.names(), "household": some_names},
        ),
    ]


def deleting_cases() -> list[Case]:
    """delete_* of a bad slug, or of an entry the stage uses."""
    used = [
        ("ingredient", [world.FLOUR, world.SUGAR, world.BAG]),
        ("product", [world.FLOUR_PRODUCT, world.BAG_PRODUCT]),
        ("recipe", [world.DOUGH, world.COOKIES]),
        ("finished_unit", [world.COOKIE, world.DOUGH_BALL]),
        ("finished_good", [world.GIFT_BAG, world.HAMPER]),
        ("package", ["family-box"]),
        ("recipient", ["ann"]),
    ]
    return [
        Case(
            f"catalog.delete_{kind}",
            getattr(catalog, f"delete_{kind}"),
            {kind: slugs[0]},
            {kind: [*bad.slugs(), *slugs]},
        )
        for kind, slugs in used
    ]
