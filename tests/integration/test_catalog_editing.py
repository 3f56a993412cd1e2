"""Editing the catalogue: only the fields given change, slugs stay, replaced parts pass the
creation checks, refusals write nothing, and runs already recorded never change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import (
    BakeLedgerError,
    CycleError,
    DuplicateName,
    FinishedGoodNotFound,
    IngredientNotFound,
    InUse,
    RecipeNotFound,
    ValidationError,
)
from bakeledger.services import assembly, catalog, production
from bakeledger.services.dto import to_dict
from tests.helpers import dump
from tests.reliability import world
from tests.reliability.stage import Stage, setup_stage


def _edit(ledger: Ledger, call: Callable[..., Any], **kwargs: Any) -> Any:
    with ledger.uow() as uow:
        result = call(uow, **kwargs)
        uow.commit()
    return result


def test_a_renamed_ingredient_keeps_its_slug(ledger: Ledger) -> None:
    setup_stage(ledger)
    renamed = _edit(ledger, catalog.update_ingredient, ingredient=world.FLOUR, name="Plain Flour")
    assert (renamed.slug, renamed.name, renamed.category) == ("flour", "Plain Flour", "baking")
    with ledger.uow(read_only=True) as uow:
        assert catalog.get_ingredient(uow, ingredient="flour").name == "Plain Flour"
        assert catalog.get_product(uow, product=world.FLOUR_PRODUCT).ingredient == "flour"


def test_an_ingredient_density_is_set_then_cleared(ledger: Ledger) -> None:
    setup_stage(ledger)
    dense = _edit(ledger, catalog.update_ingredient, ingredient=world.SUGAR, density="1 cup = 200 g")
    assert (dense.density, dense.category) == ("1 cup = 200 g", "baking")
    cleared = _edit(ledger, catalog.update_ingredient, ingredient=world.SUGAR, density=None, category="sweet")
    assert (cleared.density, cleared.category) == (None, "sweet")


def test_preferring_a_product_demotes_the_ingredients_other_product(ledger: Ledger) -> None:
    setup_stage(ledger)
    with ledger.uow() as uow:
        catalog.create_product(
            uow,
            ingredient=world.FLOUR,
            brand="Acme",
            package_unit="cup",
            package_unit_quantity=1,
            preferred=True,
        )
        chosen = catalog.update_product(uow, product=world.FLOUR_PRODUCT, preferred=True, brand="Old Mill")
        others = {p.slug: p.preferred for p in catalog.list_products(uow)}
        uow.commit()
    assert (chosen.slug, chosen.brand, chosen.preferred) == ("flour-mill", "Old Mill", True)
    assert others == {
        "cellophane-bag-wrap": False,
        "flour-acme": False,
        "flour-mill": True,
        "sugar-sweet": False,
    }


def test_a_product_name_is_set_then_cleared(ledger: Ledger) -> None:
    setup_stage(ledger)
    named = _edit(ledger, catalog.update_product, product=world.SUGAR_PRODUCT, name="Caster")
    cleared = _edit(ledger, catalog.update_product, product=world.SUGAR_PRODUCT, name=None)
    assert (named.name, cleared.name, cleared.slug) == ("Caster", None, "sugar-sweet")


def test_a_recipe_gets_new_lines_and_components(ledger: Ledger) -> None:
    setup_stage(ledger)
    edited = _edit(
        ledger,
        catalog.update_recipe,
        recipe=world.COOKIES,
        name="Butter Cookies",
        category="biscuits",
        ingredients=[{"ingredient": world.FLOUR, "quantity": "1.50", "unit": "cup"}],
        components=[{"recipe": "glaze", "multiplier": "0.25"}],
    )
    assert (edited.slug, edited.name, edited.category) == ("cookies", "Butter Cookies", "biscuits")
    assert to_dict(edited)["ingredients"] == [{"ingredient": "flour", "quantity": "1.5", "unit": "cup"}]
    assert to_dict(edited)["components"] == [{"recipe": "glaze", "multiplier": "0.25"}]
    with ledger.uow(read_only=True) as uow:
        merged = catalog.aggregated_ingredients(uow, recipe=world.COOKIES)
    assert to_dict(merged) == [
        {"ingredient": "flour", "quantity": "1.5", "unit": "cup"},
        {"ingredient": "sugar", "quantity": "0.25", "unit": "cup"},
    ]


def test_a_recipe_that_would_hold_itself_is_refused(ledger: Ledger, fresh: Engine) -> None:
    setup_stage(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(CycleError) as info:
            catalog.update_recipe(uow, recipe=world.DOUGH, components=[{"recipe": world.COOKIES}])
        assert info.value.path[:2] == ["dough", "cookies"]
        with pytest.raises(CycleError):
            catalog.update_recipe(uow, recipe=world.DOUGH, components=[{"recipe": world.DOUGH}])
        uow.commit()
    assert dump(fresh) == before


def test_a_recipe_nested_deeper_than_three_levels_is_refused(ledger: Ledger, fresh: Engine) -> None:
    with ledger.uow() as uow:
        for name in ("A", "B", "C", "D", "E"):
            catalog.create_recipe(uow, name=name)
        for parent, child in (("a", "b"), ("b", "c"), ("d", "e")):
            catalog.add_recipe_component(uow, recipe=parent, component=child)
        uow.commit()
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(CycleError, match="deeper than 3"):  # a > b > c > d > e
            catalog.update_recipe(uow, recipe="c", components=[{"recipe": "d"}])
        uow.commit()
    assert dump(fresh) == before


def test_replacing_components_frees_the_old_ones(ledger: Ledger) -> None:
    """Cookies nested dough; once cookies stop nesting it, dough may nest cookies."""
    setup_stage(ledger)
    with ledger.uow() as uow:
        catalog.update_recipe(uow, recipe=world.COOKIES, components=[])
        dough = catalog.update_recipe(uow, recipe=world.DOUGH, components=[{"recipe": world.COOKIES}])
        uow.commit()
    assert to_dict(dough)["components"] == [{"recipe": "cookies", "multiplier": "1"}]


def test_a_finished_unit_changes_name_and_items_per_batch(ledger: Ledger) -> None:
    setup_stage(ledger)
    unit = _edit(
        ledger, catalog.update_finished_unit, finished_unit=world.COOKIE, name="Big Cookie", items_per_batch=8
    )
    assert (unit.slug, unit.name, unit.items_per_batch, unit.recipe) == ("cookie", "Big Cookie", 8, "cookies")


def test_a_finished_good_gets_new_components(ledger: Ledger) -> None:
    setup_stage(ledger)
    good = _edit(
        ledger,
        catalog.update_finished_good,
        finished_good=world.HAMPER,
        name="Big Hamper",
        components=[
            {"kind": "finished_unit", "slug": world.COOKIE, "quantity": 10},
            {"kind": "packaging", "slug": world.BAG_PRODUCT, "quantity": "2"},
        ],
    )
    assert (good.slug, good.name) == ("hamper", "Big Hamper")
    assert to_dict(good)["components"] == [
        {"kind": "finished_unit", "slug": "cookie", "quantity": "10"},
        {"kind": "packaging", "slug": "cellophane-bag-wrap", "quantity": "2"},
    ]


def test_a_finished_good_that_would_hold_itself_is_refused(ledger: Ledger, fresh: Engine) -> None:
    setup_stage(ledger)
    crate = [{"kind": "finished_good", "slug": world.HAMPER}]
    _edit(ledger, catalog.create_finished_good, name="Crate", components=crate)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(CycleError) as info:
            catalog.update_finished_good(
                uow, finished_good=world.HAMPER, components=[{"kind": "finished_good", "slug": "crate"}]
            )
        assert info.value.path == ["hamper", "crate", "hamper"]
        uow.commit()
    assert dump(fresh) == before


def test_a_package_gets_new_contents_and_a_recipient_a_new_household(ledger: Ledger) -> None:
    setup_stage(ledger)
    with ledger.uow() as uow:
        box = catalog.update_package(
            uow,
            package="family-box",
            name="Big Box",
            contents=[{"finished_good": world.GIFT_BAG, "quantity": 3}],
        )
        ann = catalog.update_recipient(uow, recipient="ann", name="Ann Smith", household=None)
        uow.commit()
    assert (box.slug, box.name, to_dict(box)["contents"]) == (
        "family-box",
        "Big Box",
        [{"finished_good": "gift-bag", "quantity": 3}],
    )
    assert (ann.slug, ann.name, ann.household) == ("ann", "Ann Smith", None)


def test_nothing_given_changes_nothing(ledger: Ledger, fresh: Engine) -> None:
    setup_stage(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        same = catalog.update_recipe(uow, recipe=world.COOKIES)
        assert same == catalog.get_recipe(uow, recipe=world.COOKIES)
        uow.commit()
    assert dump(fresh) == before


# --- history ---------------------------------------------------------------------------------------
def _history(ledger: Ledger, stage: Stage) -> list[Any]:
    with ledger.uow(read_only=True) as uow:
        return [
            production.get_production_run(uow, run_id=stage.cookie_run),
            production.get_production_run(uow, run_id=stage.dough_run),
            production.get_production_history(uow),
            assembly.get_assembly_run(uow, run_id=stage.gift_run),
            assembly.get_assembly_history(uow),
        ]


def test_runs_keep_what_they_used_when_the_catalogue_is_edited(ledger: Ledger) -> None:
    stage = setup_stage(ledger)
    before = _history(ledger, stage)
    with ledger.uow() as uow:
        catalog.update_recipe(
            uow,
            recipe=world.COOKIES,
            name="Other Cookies",
            ingredients=[{"ingredient": world.FLOUR, "quantity": 9, "unit": "cup"}],
            components=[],
        )
        catalog.update_recipe(uow, recipe=world.DOUGH, ingredients=[])
        catalog.update_finished_unit(uow, finished_unit=world.COOKIE, items_per_batch=1)
        catalog.update_finished_good(uow, finished_good=world.GIFT_BAG, name="Cookie Bag")
        uow.commit()
    assert _history(ledger, stage) == before
    with ledger.uow() as uow:  # a reversal restores what the run consumed, not what the recipe says now
        reversed_run = production.reverse_production(uow, run_id=stage.dough_run, reason="test")
        uow.commit()
    assert reversed_run.consumptions == before[1].consumptions


# --- refusals write nothing ------------------------------------------------------------------------
REFUSED = [
    (catalog.update_ingredient, {"ingredient": world.FLOUR, "name": "Sugar"}, DuplicateName),
    (catalog.update_ingredient, {"ingredient": world.FLOUR, "density": "1 g = 1 cup"}, ValidationError),
    (catalog.update_ingredient, {"ingredient": "no-such-thing", "name": "X"}, IngredientNotFound),
    (catalog.update_ingredient, {"ingredient": world.FLOUR, "colour": "white"}, ValidationError),
    (catalog.update_product, {"product": world.FLOUR_PRODUCT, "preferred": "yes"}, ValidationError),
    (catalog.update_product, {"product": world.FLOUR_PRODUCT, "package_unit": "kg"}, ValidationError),
    (catalog.update_recipe, {"recipe": world.COOKIES, "name": "Dough"}, DuplicateName),
    (
        catalog.update_recipe,
        {
            "recipe": world.COOKIES,
            "ingredients": [{"ingredient": "no-such-thing", "quantity": 1, "unit": "cup"}],
        },
        IngredientNotFound,
    ),
    (
        catalog.update_recipe,
        {"recipe": world.COOKIES, "ingredients": [{"ingredient": world.FLOUR, "quantity": 0, "unit": "cup"}]},
        ValidationError,
    ),
    (catalog.update_recipe, {"recipe": world.COOKIES, "components": [{"recipe": "nope"}]}, RecipeNotFound),
    (catalog.update_finished_unit, {"finished_unit": world.COOKIE, "items_per_batch": 0}, ValidationError),
    (catalog.update_finished_good, {"finished_good": world.HAMPER, "name": "Gift Bag"}, DuplicateName),
    (catalog.update_finished_good, {"finished_good": world.HAMPER, "components": []}, ValidationError),
    (
        catalog.update_finished_good,  # assembled already: its runs read these components
        {"finished_good": world.GIFT_BAG, "components": [{"kind": "finished_unit", "slug": world.COOKIE}]},
        InUse,
    ),
    (
        catalog.update_package,
        {"package": "family-box", "contents": [{"finished_good": "nope"}]},
        FinishedGoodNotFound,
    ),
    (
        catalog.update_package,
        {"package": "family-box", "contents": [{"finished_good": world.HAMPER, "quantity": 0}]},
        ValidationError,
    ),
    (catalog.update_recipient, {"recipient": "ann", "name": ""}, ValidationError),
    (catalog.update_recipient, {"recipient": "ann", "slug": "anne"}, ValidationError),
]


@pytest.mark.parametrize(("call", "kwargs", "error"), REFUSED, ids=lambda v: getattr(v, "__name__", None))
def test_a_refused_edit_writes_nothing(
    ledger: Ledger, fresh: Engine, call: Any, kwargs: dict[str, Any], error: type[BakeLedgerError]
) -> None:
    setup_stage(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(error):
            call(uow, **kwargs)
        uow.commit()
    assert dump(fresh) == before


def test_a_rename_keeps_one_identity_per_name(ledger: Ledger) -> None:
    """Respelling one's own name is allowed; the renamed entry then owns the new name's identity,
    and another entry cannot take it however it is typed."""
    setup_stage(ledger)
    with ledger.uow() as uow:
        assert catalog.update_ingredient(uow, ingredient=world.FLOUR, name="FLOUR").name == "FLOUR"
        catalog.update_ingredient(uow, ingredient=world.FLOUR, name="Spelt Flour")
        catalog.create_ingredient(uow, name="Flour")  # the old identity is free again
        with pytest.raises(DuplicateName):
            catalog.create_ingredient(uow, name="ＳＰＥＬＴ  flour")
        with pytest.raises(DuplicateName):
            catalog.update_ingredient(uow, ingredient="flour-2", name="spelt FLOUR")
        uow.commit()
