"""Shared by the exchange tests: a realistic season built through the services, and target databases."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import ImportRejected
from bakeledger.services import assembly, catalog, events, exchange, inventory, production
from bakeledger.uow.base import UnitOfWork
from tests.faults import fail_on_write
from tests.helpers import dump

PG_ENV = "BAKELEDGER_TEST_PG_URL"


BAG = "cellophane-bag-wrap"


def build_catalogue(uow: UnitOfWork) -> None:
    """Ingredients and products, nested recipes, finished units and goods, a package, recipients."""
    catalog.create_ingredient(uow, name="Flour", category="baking", density="1 cup = 120 g")
    catalog.create_ingredient(uow, name="Sugar", category="baking")
    catalog.create_ingredient(uow, name="Chocolate", category="baking")
    catalog.create_ingredient(uow, name="Cellophane Bag", category="packaging")
    for ingredient, brand, name, unit, size, preferred in [
        ("flour", "Mill", "10lb", "lb", 10, True),
        ("flour", "Cups", None, "cup", 1, False),
        ("sugar", "Sweet", None, "cup", "2.5", False),
        ("chocolate", "Dark", None, "oz", "17.3", False),
        ("cellophane-bag", "Wrap", None, "bag", 1, False),
    ]:
        catalog.create_product(
            uow,
            ingredient=ingredient,
            brand=brand,
            name=name,
            package_unit=unit,
            package_unit_quantity=size,
            preferred=preferred,
        )
    dough = [
        {"ingredient": "flour", "quantity": 1, "unit": "cup"},
        {"ingredient": "sugar", "quantity": "0.5", "unit": "cup"},
    ]
    catalog.create_recipe(uow, name="Cookie Dough", category="doughs", ingredients=dough)
    catalog.create_recipe(
        uow,
        name="Chocolate Chip Cookies",
        ingredients=[{"ingredient": "chocolate", "quantity": "1.5", "unit": "oz"}],
        components=[{"recipe": "cookie-dough", "multiplier": "1.5"}],
    )
    catalog.create_finished_unit(
        uow, recipe="chocolate-chip-cookies", name="Chocolate Chip Cookie", items_per_batch=24
    )
    catalog.create_finished_unit(uow, recipe="cookie-dough", name="Dough Ball", items_per_batch=10)
    bag = [
        {"kind": "finished_unit", "slug": "chocolate-chip-cookie", "quantity": 6},
        {"kind": "packaging", "slug": BAG, "quantity": 1},
    ]
    catalog.create_finished_good(uow, name="Cookie Bag", components=bag)
    hamper = [
        {"kind": "finished_good", "slug": "cookie-bag", "quantity": 2},
        {"kind": "finished_unit", "slug": "dough-ball", "quantity": 3},
    ]
    catalog.create_finished_good(uow, name="Big Hamper", components=hamper)
    catalog.create_package(uow, name="Family Box", contents=[{"finished_good": "big-hamper", "quantity": 1}])
    catalog.create_recipient(uow, name="Aunt May", household="Parker")
    catalog.create_recipient(uow, name="Ben")


def buy_stock(uow: UnitOfWork) -> None:
    """Purchases (two on the same day: FIFO breaks that tie by creation order, which an import
    must keep), a FIFO consumption and a depletion."""
    first = inventory.add_purchase(
        uow, product="flour-cups", packages=10, price_per_package="0.50", purchased_on="2025-11-01"
    )
    inventory.add_purchase(
        uow,
        product="flour-cups",
        packages=6,
        price_per_package="0.55",
        purchased_on="2025-11-01",
        supplier="Corner shop",
    )
    inventory.add_purchase(
        uow,
        product="flour-mill-10lb",
        packages=1,
        price_per_package="8.99",
        purchased_on="2025-11-03",
        expires_on="2026-05-01",
    )
    for product, packages, price in [
        ("sugar-sweet", 4, "1"),
        ("chocolate-dark", 2, "5.00"),
        (BAG, 50, "0.10"),
    ]:
        inventory.add_purchase(
            uow, product=product, packages=packages, price_per_package=price, purchased_on="2025-11-02"
        )
    inventory.consume_fifo(uow, ingredient="chocolate", quantity="5.75", unit="oz")
    inventory.deplete_lot(uow, lot_id=first.id, quantity="0.5", reason="spoilage")


def plan_events(uow: UnitOfWork) -> tuple[int, int]:
    """Two events with production and assembly targets and assignments; returns their ids."""
    party = events.create_event(uow, name="Christmas 2025", event_date="2025-12-24", notes="at home")
    fair = events.create_event(uow, name="School Fair", event_date="2025-12-05")
    events.set_production_target(uow, event=party.id, recipe="chocolate-chip-cookies", batches=3)
    events.set_assembly_target(
        uow, event=party.id, finished_good="cookie-bag", quantity=4, notes="for the kids"
    )
    events.set_production_target(uow, event=fair.id, recipe="cookie-dough", batches=1)
    assignment = events.assign_package(uow, event=party.id, recipient="aunt-may", package="family-box")
    events.assign_package(uow, event=party.id, recipient="ben", package="family-box", quantity=2, notes="two")
    events.advance_fulfillment(uow, assignment_id=assignment.id, status="ready")
    return party.id, fair.id


def build_season(uow: UnitOfWork) -> None:
    """Catalogue, stock, events, runs (some reversed, some for events) and finished-stock changes."""
    build_catalogue(uow)
    buy_stock(uow)
    party, fair = plan_events(uow)
    production.record_production(
        uow,
        recipe="chocolate-chip-cookies",
        finished_unit="chocolate-chip-cookie",
        batches=2,
        actual_yield=45,
        loss_category="burnt",
        loss_notes="oven",
        event=party,
        produced_at="2025-12-01T10:00:00",
        idempotency_key="bake-1",
    )
    dropped = production.record_production(
        uow,
        recipe="cookie-dough",
        finished_unit="dough-ball",
        batches=1,
        event=fair,
        produced_at="2025-12-02T09:30:00",
    )
    production.reverse_production(uow, run_id=dropped.id, reason="dropped the tray")
    production.record_production(
        uow,
        recipe="cookie-dough",
        finished_unit="dough-ball",
        batches=1,
        scale="0.5",
        produced_at="2025-12-02T11:00:00",
        notes="half batch",
    )
    bags = assembly.record_assembly(
        uow,
        finished_good="cookie-bag",
        quantity=3,
        event=party,
        assembled_at="2025-12-03T15:00:00",
        idempotency_key="bags-1",
    )
    assembly.reverse_assembly(uow, run_id=bags.id, reason="wrong bags")
    assembly.record_assembly(
        uow, finished_good="cookie-bag", quantity=2, event=party, assembled_at="2025-12-03T16:00:00"
    )
    assembly.record_assembly(
        uow,
        finished_good="big-hamper",
        quantity=1,
        packaging_bypassed=True,
        bypass_notes="no ribbon needed",
        assembled_at="2025-12-04T08:00:00",
    )
    inventory.adjust_finished_stock(
        uow, kind="finished_unit", slug="chocolate-chip-cookie", delta=12, reason="found", unit_cost="0.125"
    )
    inventory.adjust_finished_stock(
        uow, kind="finished_unit", slug="chocolate-chip-cookie", delta=-4, reason="gift"
    )


def seed(ledger: Ledger, builder: Any = build_season) -> dict[str, Any]:
    """Build a ledger through the services, commit, and return its export."""
    with ledger.uow() as uow:
        builder(uow)
        uow.commit()
    return export(ledger)


def export(ledger: Ledger) -> dict[str, Any]:
    with ledger.uow(read_only=True) as uow:
        return exchange.export_all(uow)


def digest(ledger: Ledger) -> str:
    with ledger.uow(read_only=True) as uow:
        return exchange.state_digest(uow)


def import_into(ledger: Ledger, document: Any) -> Any:
    with ledger.uow() as uow:
        report = exchange.import_all(uow, document=document)
        uow.commit()
    return report


def rejected(ledger: Ledger, fresh: Engine, document: Any) -> list[str]:
    """Import `document`, expect ImportRejected, prove nothing was written; return the problems."""
    before = dump(fresh)
    with (
        fail_on_write(ledger.engine, None) as writes,
        ledger.uow() as uow,
        pytest.raises(ImportRejected) as info,
    ):
        exchange.import_all(uow, document=document)
    assert writes.writes == 0 and dump(fresh) == before
    return info.value.problems
