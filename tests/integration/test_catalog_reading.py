"""Reading the catalogue: one entry by slug with its parts, every entry of a kind by slug, and a
fixed number of statements per list however large the catalogue grows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import NotFound, ValidationError
from bakeledger.services import catalog
from bakeledger.services.dto import to_dict
from bakeledger.uow.base import UnitOfWork
from tests.reliability import world
from tests.reliability.stage import setup_stage


def _read(ledger: Ledger, call: Callable[..., Any], **kwargs: Any) -> Any:
    with ledger.uow(read_only=True) as uow:
        return call(uow, **kwargs)


def test_a_recipe_reads_back_with_its_lines_and_components(ledger: Ledger) -> None:
    setup_stage(ledger)
    cookies = _read(ledger, catalog.get_recipe, recipe=world.COOKIES)
    assert to_dict(cookies)["ingredients"] == [{"ingredient": "sugar", "quantity": "0.5", "unit": "cup"}]
    assert to_dict(cookies)["components"] == [{"recipe": "dough", "multiplier": "2"}]
    assert (cookies.name, cookies.category) == ("Cookies", "general")


def test_each_kind_reads_back_by_slug(ledger: Ledger) -> None:
    setup_stage(ledger)
    with ledger.uow(read_only=True) as uow:
        flour = catalog.get_ingredient(uow, ingredient=world.FLOUR)
        sugar = catalog.get_product(uow, product=world.SUGAR_PRODUCT)
        cookie = catalog.get_finished_unit(uow, finished_unit=world.COOKIE)
        hamper = catalog.get_finished_good(uow, finished_good=world.HAMPER)
        box = catalog.get_package(uow, package="family-box")
        ann = catalog.get_recipient(uow, recipient="ann")
    assert (flour.name, flour.category, flour.density) == ("Flour", "baking", None)
    assert (sugar.ingredient, sugar.brand, sugar.package_unit, sugar.package_unit_quantity) == (
        "sugar",
        "Sweet",
        "cup",
        "3",
    )
    assert (cookie.recipe, cookie.items_per_batch) == ("cookies", 12)
    assert to_dict(hamper)["components"] == [
        {"kind": "finished_good", "slug": "gift-bag", "quantity": "2"},
        {"kind": "finished_unit", "slug": "dough-ball", "quantity": "3"},
    ]
    assert to_dict(box)["contents"] == [{"finished_good": "hamper", "quantity": 1}]
    assert (ann.name, ann.household) == ("Ann", "Smith")


def test_lists_are_ordered_by_slug(ledger: Ledger) -> None:
    setup_stage(ledger)
    with ledger.uow(read_only=True) as uow:
        slugs = {
            "ingredients": [i.slug for i in catalog.list_ingredients(uow)],
            "products": [p.slug for p in catalog.list_products(uow)],
            "recipes": [r.slug for r in catalog.list_recipes(uow)],
            "finished units": [u.slug for u in catalog.list_finished_units(uow)],
            "finished goods": [g.slug for g in catalog.list_finished_goods(uow)],
            "packages": [p.slug for p in catalog.list_packages(uow)],
            "recipients": [r.slug for r in catalog.list_recipients(uow)],
        }
    assert slugs == {
        "ingredients": ["cellophane-bag", "flour", "sugar"],
        "products": ["cellophane-bag-wrap", "flour-mill", "sugar-sweet"],
        "recipes": ["cookies", "dough", "glaze"],
        "finished units": ["cookie", "dough-ball"],
        "finished goods": ["gift-bag", "hamper"],
        "packages": ["family-box"],
        "recipients": ["ann"],
    }


def test_products_of_one_ingredient(ledger: Ledger) -> None:
    setup_stage(ledger)
    with ledger.uow() as uow:
        catalog.create_product(
            uow, ingredient=world.FLOUR, brand="Acme", package_unit="cup", package_unit_quantity=1
        )
        products = catalog.list_products(uow, ingredient=world.FLOUR)
        uow.commit()
    assert [p.slug for p in products] == ["flour-acme", "flour-mill"]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (catalog.get_ingredient, "ingredient"),
        (catalog.get_product, "product"),
        (catalog.get_recipe, "recipe"),
        (catalog.get_finished_unit, "finished_unit"),
        (catalog.get_finished_good, "finished_good"),
        (catalog.get_package, "package"),
        (catalog.get_recipient, "recipient"),
        (catalog.list_products, "ingredient"),
    ],
)
def test_an_unknown_slug_is_not_found_and_a_non_slug_is_invalid(
    ledger: Ledger, call: Any, field: str
) -> None:
    with ledger.uow(read_only=True) as uow:
        with pytest.raises(NotFound) as info:
            call(uow, **{field: "no-such-thing"})
        assert info.value.key == "no-such-thing"
        with pytest.raises(ValidationError):
            call(uow, **{field: 7})


# --- statements per list ---------------------------------------------------------------------------
LISTS = [
    catalog.list_ingredients,
    catalog.list_products,
    catalog.list_recipes,
    catalog.list_finished_units,
    catalog.list_finished_goods,
    catalog.list_packages,
    catalog.list_recipients,
]


def _grow(uow: UnitOfWork, first: int, last: int) -> None:
    """Items first..last-1 of every kind, each with parts: a recipe nesting the previous one, a
    bundle of the unit and the previous bundle, a package of two bundles."""
    for n in range(first, last):
        catalog.create_ingredient(uow, name=f"Spice {n}", density="1 tsp = 2 g")
        catalog.create_product(
            uow, ingredient=f"spice-{n}", brand="Jar", package_unit="g", package_unit_quantity=50
        )
        nested = [{"recipe": f"bake-{n - 1}", "multiplier": "0.5"}] if n % 2 else []
        lines = [{"ingredient": f"spice-{n}", "quantity": 2, "unit": "tsp"}]
        catalog.create_recipe(uow, name=f"Bake {n}", ingredients=lines, components=nested)
        catalog.create_finished_unit(uow, recipe=f"bake-{n}", name=f"Bun {n}", items_per_batch=6)
        parts = [{"kind": "finished_unit", "slug": f"bun-{n}", "quantity": 2}]
        parts += [{"kind": "finished_good", "slug": f"box-{n - 1}", "quantity": 1}] if n > first else []
        catalog.create_finished_good(uow, name=f"Box {n}", components=parts)
        catalog.create_package(
            uow, name=f"Parcel {n}", contents=[{"finished_good": f"box-{n}", "quantity": 2}]
        )
        catalog.create_recipient(uow, name=f"Guest {n}", household="Next door")


def _statements_per_list(ledger: Ledger) -> list[tuple[int, int]]:
    """(statements, entries) of each list."""
    measured = []
    with ledger.uow(read_only=True) as uow:
        for call in LISTS:
            before = uow.statements
            entries = len(call(uow))
            measured.append((uow.statements - before, entries))
    return measured


def test_lists_run_the_same_statements_for_2_and_20_entries(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _grow(uow, 0, 2)
        uow.commit()
    small = _statements_per_list(ledger)
    with ledger.uow() as uow:
        _grow(uow, 2, 20)
        uow.commit()
    large = _statements_per_list(ledger)
    assert [n for n, _ in small] == [n for n, _ in large] == [1, 1, 1, 1, 1, 2, 1]
    assert {entries for _, entries in small} == {2}
    assert {entries for _, entries in large} == {20}
