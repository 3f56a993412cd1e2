"""Deleting catalogue entries: an entry nothing uses goes (with its own parts); an entry something
uses is refused with InUse naming what uses it, and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import InUse, NotFound, RecipeNotFound, ValidationError
from bakeledger.services import catalog
from tests.helpers import dump
from tests.reliability import world
from tests.reliability.stage import setup_stage

IN_USE = [
    (catalog.delete_ingredient, "ingredient", world.FLOUR, ["product flour-mill", "recipe dough", "2 lots"]),
    (catalog.delete_product, "product", world.BAG_PRODUCT, ["finished good gift-bag", "1 lot"]),
    (
        catalog.delete_recipe,
        "recipe",
        world.DOUGH,
        ["recipe cookies", "finished unit dough-ball", "2 production targets", "1 production run"],
    ),
    (
        catalog.delete_finished_unit,
        "finished_unit",
        world.COOKIE,
        ["finished good gift-bag", "1 production run", "2 finished lots"],
    ),
    (
        catalog.delete_finished_good,
        "finished_good",
        world.GIFT_BAG,
        ["finished good hamper", "1 assembly target", "1 assembly run", "1 finished lot"],
    ),
    (
        catalog.delete_finished_good,
        "finished_good",
        world.HAMPER,
        ["package family-box", "2 assembly targets"],
    ),
    (catalog.delete_package, "package", "family-box", ["1 assignment"]),
    (catalog.delete_recipient, "recipient", "ann", ["1 assignment"]),
]


@pytest.mark.parametrize(("call", "field", "slug", "used_by"), IN_USE, ids=[f"{c[1]}-{c[2]}" for c in IN_USE])
def test_an_entry_in_use_is_not_deleted(
    ledger: Ledger, fresh: Engine, call: Any, field: str, slug: str, used_by: list[str]
) -> None:
    setup_stage(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(InUse) as info:
            call(uow, **{field: slug})
        uow.commit()
    assert (info.value.kind, info.value.key, info.value.used_by) == (field.replace("_", " "), slug, used_by)
    assert dump(fresh) == before


def test_unused_entries_are_deleted_with_their_parts(ledger: Ledger, fresh: Engine) -> None:
    """Everything of a second, unused bakery goes, users first: the ledger is as it was before it."""
    setup_stage(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Oats")
        catalog.create_product(
            uow, ingredient="oats", brand="Mill", package_unit="kg", package_unit_quantity=1
        )
        catalog.create_recipe(
            uow, name="Porridge", ingredients=[{"ingredient": "oats", "quantity": "0.1", "unit": "kg"}]
        )
        catalog.create_recipe(uow, name="Flapjack", components=[{"recipe": "porridge", "multiplier": 2}])
        catalog.create_finished_unit(uow, recipe="flapjack", name="Flapjack Bar", items_per_batch=9)
        catalog.create_finished_good(
            uow, name="Bar Pack", components=[{"kind": "finished_unit", "slug": "flapjack-bar"}]
        )
        catalog.create_package(uow, name="Snack Box", contents=[{"finished_good": "bar-pack", "quantity": 2}])
        catalog.create_recipient(uow, name="Bob")
        uow.commit()
    with ledger.uow() as uow:
        deleted = [
            catalog.delete_package(uow, package="snack-box").slug,
            catalog.delete_finished_good(uow, finished_good="bar-pack").slug,
            catalog.delete_finished_unit(uow, finished_unit="flapjack-bar").slug,
            catalog.delete_recipe(uow, recipe="flapjack").slug,
            catalog.delete_recipe(uow, recipe="porridge").slug,
            catalog.delete_product(uow, product="oats-mill").slug,
            catalog.delete_ingredient(uow, ingredient="oats").slug,
            catalog.delete_recipient(uow, recipient="bob").slug,
        ]
        uow.commit()
    assert deleted == [
        "snack-box",
        "bar-pack",
        "flapjack-bar",
        "flapjack",
        "porridge",
        "oats-mill",
        "oats",
        "bob",
    ]
    assert dump(fresh) == before
    with ledger.uow(read_only=True) as uow, pytest.raises(RecipeNotFound):
        catalog.get_recipe(uow, recipe="porridge")


def test_a_deleted_entry_returns_what_it_was(ledger: Ledger) -> None:
    setup_stage(ledger)
    with ledger.uow() as uow:
        glaze = catalog.get_recipe(uow, recipe="glaze")
        assert catalog.delete_recipe(uow, recipe="glaze") == glaze
        uow.commit()


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (catalog.delete_ingredient, "ingredient"),
        (catalog.delete_product, "product"),
        (catalog.delete_recipe, "recipe"),
        (catalog.delete_finished_unit, "finished_unit"),
        (catalog.delete_finished_good, "finished_good"),
        (catalog.delete_package, "package"),
        (catalog.delete_recipient, "recipient"),
    ],
)
def test_deleting_what_does_not_exist_writes_nothing(
    ledger: Ledger, fresh: Engine, call: Any, field: str
) -> None:
    setup_stage(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(NotFound):
            call(uow, **{field: "no-such-thing"})
        with pytest.raises(ValidationError):
            call(uow, **{field: None})
        uow.commit()
    assert dump(fresh) == before
