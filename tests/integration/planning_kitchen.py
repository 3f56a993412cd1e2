"""A kitchen for planning tests: the cookie pantry (48 cookies a batch), brownies and truffles at 24
a batch, a ribbon for packaging, and Ann to give gift bags to."""

from __future__ import annotations

from typing import Any

from bakeledger.app.ledger import Ledger
from bakeledger.services import catalog, events, planning
from bakeledger.uow.base import UnitOfWork
from tests.integration.cookie_pantry import COOKIE, build_cookie_pantry

BROWNIE, TRUFFLE = "brownie", "truffle"


def planning_kitchen(uow: UnitOfWork) -> None:
    """The cookie pantry (48 cookies a batch), brownies and truffles at 24 a batch, a ribbon, Ann."""
    build_cookie_pantry(uow)
    for name in ("Brownies", "Truffles"):
        catalog.create_recipe(
            uow, name=name, ingredients=[{"ingredient": "sugar", "quantity": 1, "unit": "cup"}]
        )
        catalog.create_finished_unit(uow, recipe=name.lower(), name=name[:-1], items_per_batch=24)
    catalog.create_ingredient(uow, name="Ribbon", category="packaging")
    catalog.create_product(
        uow, ingredient="ribbon", brand="Wrap Co", package_unit="m", package_unit_quantity=10
    )
    catalog.create_recipient(uow, name="Ann")


def bundle(uow: UnitOfWork, name: str, **parts: int) -> str:
    """A bundle of finished units (by slug) and, under `good_<slug>`, finished goods."""
    components = [
        {"kind": "finished_good", "slug": slug.removeprefix("good_"), "quantity": n}
        if slug.startswith("good_")
        else {"kind": "finished_unit", "slug": slug.replace("_", "-"), "quantity": n}
        for slug, n in parts.items()
    ]
    return catalog.create_finished_good(uow, name=name, components=components).slug


def give(uow: UnitOfWork, event_id: int, good: str, bags: int) -> None:
    package = catalog.create_package(uow, name=f"{good} gift", contents=[{"finished_good": good}]).slug
    events.assign_package(uow, event=event_id, recipient="ann", package=package, quantity=bags)


def kitchen_event(ledger: Ledger, build: Any) -> int:
    with ledger.uow() as uow:
        planning_kitchen(uow)
        event_id = events.create_event(uow, name="Christmas", event_date="2026-12-24").id
        build(uow, event_id)
        uow.commit()
    return event_id


def fifty_gift_bags(uow: UnitOfWork, event_id: int) -> None:
    bag = catalog.create_finished_good(
        uow,
        name="Gift Bag",
        components=[
            {"kind": "finished_unit", "slug": COOKIE, "quantity": 6},
            {"kind": "finished_unit", "slug": BROWNIE, "quantity": 3},
            {"kind": "packaging", "slug": "ribbon-wrap-co", "quantity": "0.5"},
        ],
    ).slug
    give(uow, event_id, bag, 50)


def two_plans(uow: UnitOfWork) -> tuple[int, int]:
    """The kitchen with two events; returns their ids. Christmas: 50 gift bags, 7 and 7 batches decided,
    locked, then 8 brownie batches by amendment. New Year: 10 gift bags, 2 and 2 batches decided, a draft."""
    planning_kitchen(uow)
    christmas = events.create_event(uow, name="Christmas", event_date="2026-12-24").id
    fifty_gift_bags(uow, christmas)
    planning.decide_batches(
        uow,
        event=christmas,
        decisions=[{"finished_unit": COOKIE, "batches": 7}, {"finished_unit": BROWNIE, "batches": 7}],
    )
    planning.lock_plan(uow, event=christmas)
    planning.amend_plan(
        uow,
        event=christmas,
        change={"kind": "set_batches", "finished_unit": BROWNIE, "batches": 8},
        reason="the neighbours asked for brownies",
    )
    new_year = events.create_event(uow, name="New Year", event_date="2026-12-31").id
    events.assign_package(uow, event=new_year, recipient="ann", package="gift-bag-gift", quantity=10)
    planning.decide_batches(
        uow,
        event=new_year,
        decisions=[{"finished_unit": COOKIE, "batches": 2}, {"finished_unit": BROWNIE, "batches": 2}],
    )
    return christmas, new_year


def bread_kitchen(uow: UnitOfWork) -> None:
    """The cookie pantry (10 cups of flour at 0.50) and bread: a loaf is one batch of 7 cups of
    flour; a loaf bag holds one loaf, a loaf gift one bag; Ann to give it to."""
    build_cookie_pantry(uow)
    catalog.create_recipe(
        uow, name="Bread", ingredients=[{"ingredient": "flour", "quantity": 7, "unit": "cup"}]
    )
    catalog.create_finished_unit(uow, recipe="bread", name="Loaf", items_per_batch=1)
    catalog.create_finished_good(
        uow, name="Loaf Bag", components=[{"kind": "finished_unit", "slug": "loaf", "quantity": 1}]
    )
    catalog.create_package(uow, name="Loaf Gift", contents=[{"finished_good": "loaf-bag"}])
    catalog.create_recipient(uow, name="Ann")
