"""Catalogue rules: names, slugs, recipe nesting, aggregation, references."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import (
    CycleError,
    DuplicateName,
    FinishedGoodNotFound,
    FinishedUnitNotFound,
    ProductNotFound,
    RecipeNotFound,
)
from bakeledger.services import catalog
from tests.helpers import dump


def _commit(ledger: Ledger, work: Any) -> Any:
    with ledger.uow() as uow:
        result = work(uow)
        uow.commit()
    return result


def _recipe(uow: Any, name: str, **kwargs: Any) -> str:
    return str(catalog.create_recipe(uow, name=name, **kwargs).slug)


# --- names and slugs ------------------------------------------------------------------------------
def test_slug_is_made_from_the_name(ledger: Ledger) -> None:
    made = _commit(ledger, lambda uow: catalog.create_recipe(uow, name="  Chocolate   Chip Cookies "))
    assert (made.name, made.slug) == ("Chocolate Chip Cookies", "chocolate-chip-cookies")


def test_accents_and_punctuation_leave_plain_ascii_words(ledger: Ledger) -> None:
    made = _commit(ledger, lambda uow: catalog.create_ingredient(uow, name="Crème Fraîche (30%)"))
    assert made.slug == "creme-fraiche-30"


def test_a_slug_clash_gets_a_number(ledger: Ledger) -> None:
    def two_aunts(uow: Any) -> list[str]:
        return [catalog.create_recipient(uow, name="Aunt May").slug for _ in range(3)]

    assert _commit(ledger, two_aunts) == ["aunt-may", "aunt-may-2", "aunt-may-3"]


def test_product_slug_is_ingredient_brand_and_name(ledger: Ledger) -> None:
    def flour_products(uow: Any) -> list[str]:
        catalog.create_ingredient(uow, name="Flour")
        return [
            catalog.create_product(
                uow, ingredient="flour", brand="Mill", name=name, package_unit="cup", package_unit_quantity=1
            ).slug
            for name in ("Cups", None, "Cups")
        ]

    assert _commit(ledger, flour_products) == ["flour-mill-cups", "flour-mill", "flour-mill-cups-2"]


@pytest.mark.parametrize(
    "create",
    [
        lambda uow: catalog.create_ingredient(uow, name="Flour"),
        lambda uow: catalog.create_recipe(uow, name="Flour"),
        lambda uow: catalog.create_package(uow, name="Flour"),
    ],
    ids=["ingredient", "recipe", "package"],
)
def test_duplicate_names_are_refused(ledger: Ledger, fresh: Engine, create: Any) -> None:
    _commit(ledger, create)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(DuplicateName) as info:
            create(uow)
        uow.commit()
    assert info.value.name == "Flour"
    assert dump(fresh) == before


def test_duplicate_finished_good_name_is_refused(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Ribbon")
        catalog.create_product(
            uow, ingredient="ribbon", brand="Red", package_unit="each", package_unit_quantity=10
        )
        bundle = [{"kind": "packaging", "slug": "ribbon-red", "quantity": 1}]
        catalog.create_finished_good(uow, name="Gift Tin", components=bundle)
        with pytest.raises(DuplicateName):
            catalog.create_finished_good(uow, name="Gift Tin", components=bundle)
        uow.rollback()


# --- recipe nesting -------------------------------------------------------------------------------
def test_a_recipe_cannot_contain_itself(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _recipe(uow, "Shortbread")
        with pytest.raises(CycleError):
            catalog.add_recipe_component(uow, recipe="shortbread", component="shortbread")
        uow.rollback()


def test_a_two_recipe_loop_is_refused_and_nothing_is_written(ledger: Ledger, fresh: Engine) -> None:
    def pair(uow: Any) -> None:
        _recipe(uow, "Dough")
        _recipe(uow, "Cookies")
        catalog.add_recipe_component(uow, recipe="cookies", component="dough", multiplier=2)

    _commit(ledger, pair)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(CycleError) as info:
            catalog.add_recipe_component(uow, recipe="dough", component="cookies")
        uow.commit()
    assert "cookies" in info.value.path and "dough" in info.value.path
    assert dump(fresh) == before


def _chain(uow: Any, size: int) -> list[str]:
    """Recipes r1 ⊃ r2 ⊃ … ⊃ r<size>, built bottom up."""
    slugs: list[str] = []
    for n in range(size, 0, -1):
        parts = [{"recipe": slugs[-1], "multiplier": 1}] if slugs else []
        slugs.append(_recipe(uow, f"r{n}", components=parts))
    return slugs[::-1]


def test_nesting_three_levels_deep_is_allowed(ledger: Ledger) -> None:
    slugs = _commit(ledger, lambda uow: _chain(uow, 4))
    assert slugs == ["r1", "r2", "r3", "r4"]


def test_a_fourth_level_is_refused_when_creating(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _chain(uow, 4)
        with pytest.raises(CycleError):
            _recipe(uow, "r0", components=[{"recipe": "r1"}])
        uow.rollback()


def test_a_fourth_level_is_refused_when_linking_two_trees(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _chain(uow, 3)  # r1 ⊃ r2 ⊃ r3
        _recipe(uow, "Glaze")
        _recipe(uow, "Icing", components=[{"recipe": "glaze"}])
        catalog.add_recipe_component(uow, recipe="r2", component="icing")  # r1 ⊃ r2 ⊃ icing ⊃ glaze
        with pytest.raises(CycleError):
            catalog.add_recipe_component(uow, recipe="r3", component="icing")  # … r3 ⊃ icing ⊃ glaze
        uow.rollback()


# --- aggregated ingredients -----------------------------------------------------------------------
def _cookie_kitchen(uow: Any) -> None:
    catalog.create_ingredient(uow, name="Flour", density="1 cup = 120 g")
    catalog.create_ingredient(uow, name="Sugar")
    catalog.create_ingredient(uow, name="Eggs")
    _recipe(
        uow,
        "Dough",
        ingredients=[
            {"ingredient": "flour", "quantity": "240", "unit": "g"},
            {"ingredient": "sugar", "quantity": "100", "unit": "g"},
            {"ingredient": "eggs", "quantity": 1, "unit": "each"},
        ],
    )
    _recipe(
        uow,
        "Cookies",
        ingredients=[
            {"ingredient": "flour", "quantity": "0.5", "unit": "cup"},
            {"ingredient": "sugar", "quantity": "2", "unit": "oz"},
        ],
        components=[{"recipe": "dough", "multiplier": "1.5"}],
    )


def _lines(uow: Any, recipe: str, batches: int = 1) -> list[tuple[str, str, str]]:
    lines = catalog.aggregated_ingredients(uow, recipe=recipe, batches=batches)
    return [(ln.ingredient, ln.quantity, ln.unit) for ln in lines]


def test_nested_components_merge_into_the_first_lines_unit(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _cookie_kitchen(uow)
        # flour: 0.5 cup + 1.5 × 240 g (= 3 cup at 120 g/cup); sugar: 2 oz + 150 g (= 5.29109... oz)
        assert _lines(uow, "cookies") == [
            ("flour", "3.5", "cup"),
            ("sugar", "7.291094", "oz"),
            ("eggs", "1.5", "each"),
        ]
        uow.rollback()


def test_aggregation_scales_with_batches(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _cookie_kitchen(uow)
        assert _lines(uow, "cookies", batches=4)[0] == ("flour", "14", "cup")
        assert _lines(uow, "dough", batches=2) == [
            ("flour", "480", "g"),
            ("sugar", "200", "g"),
            ("eggs", "2", "each"),
        ]
        uow.rollback()


# --- references and products ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("finished_unit", FinishedUnitNotFound),
        ("finished_good", FinishedGoodNotFound),
        ("packaging", ProductNotFound),
    ],
)
def test_finished_good_with_an_unknown_component_is_refused(
    ledger: Ledger, fresh: Engine, kind: str, error: type[Exception]
) -> None:
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(error):
            catalog.create_finished_good(
                uow, name="Mystery Box", components=[{"kind": kind, "slug": "no-such-thing", "quantity": 1}]
            )
        uow.commit()
    assert dump(fresh) == before


def test_recipe_with_an_unknown_component_is_refused(ledger: Ledger) -> None:
    with ledger.uow() as uow, pytest.raises(RecipeNotFound):
        _recipe(uow, "Cookies", components=[{"recipe": "no-such-dough"}])


def test_at_most_one_preferred_product_per_ingredient(ledger: Ledger, fresh: Engine) -> None:
    def three_flours(uow: Any) -> None:
        catalog.create_ingredient(uow, name="Flour")
        catalog.create_ingredient(uow, name="Sugar")
        for brand in ("Mill", "Farm", "Store"):
            catalog.create_product(
                uow,
                ingredient="flour",
                brand=brand,
                package_unit="lb",
                package_unit_quantity=5,
                preferred=True,
            )
        catalog.create_product(
            uow, ingredient="sugar", brand="Cane", package_unit="lb", package_unit_quantity=2, preferred=True
        )

    _commit(ledger, three_flours)
    with fresh.connect() as conn:
        preferred = conn.execute(text("SELECT slug FROM products WHERE preferred ORDER BY slug"))
        assert list(preferred.scalars()) == ["flour-store", "sugar-cane"]
