"""Shared by the exchange tests: a realistic season built through the services, and target databases."""

from __future__ import annotations

from typing import Any

from bakeledger.app.ledger import Ledger
from bakeledger.services import assembly, catalog, events, exchange, inventory, production
from bakeledger.uow.base import UnitOfWork

PG_ENV = "BAKELEDGER_TEST_PG_URL"


def build_season(uow: UnitOfWork) -> None:
    """Catalogue with nesting, purchases, FIFO, depletion, runs (some reversed), events and plans."""
    catalog.create_ingredient(uow, name="Flour", category="baking", density="1 cup = 120 g")
    catalog.create_ingredient(uow, name="Sugar", category="baking")
    catalog.create_ingredient(uow, name="Chocolate", category="baking")
    catalog.create_ingredient(uow, name="Cellophane Bag", category="packaging")
    flour = catalog.create_product(
        uow,
        ingredient="flour",
        brand="Mill",
        name="10lb",
        package_unit="lb",
        package_unit_quantity=10,
        preferred=True,
    )
    flour_cups = catalog.create_product(
        uow, ingredient="flour", brand="Cups", package_unit="cup", package_unit_quantity=1
    )
    sugar = catalog.create_product(
        uow, ingredient="sugar", brand="Sweet", package_unit="cup", package_unit_quantity="2.5"
    )
    chocolate = catalog.create_product(
        uow, ingredient="chocolate", brand="Dark", package_unit="oz", package_unit_quantity="17.3"
    )
    bag = catalog.create_product(
        uow, ingredient="cellophane-bag", brand="Wrap", package_unit="bag", package_unit_quantity=1
    )
    # Same purchase date twice: FIFO breaks the tie by creation order, which an import must keep.
    first = inventory.add_purchase(
        uow, product=flour_cups.slug, packages=10, price_per_package="0.50", purchased_on="2025-11-01"
    )
    inventory.add_purchase(
        uow,
        product=flour_cups.slug,
        packages=6,
        price_per_package="0.55",
        purchased_on="2025-11-01",
        supplier="Corner shop",
    )
    inventory.add_purchase(
        uow,
        product=flour.slug,
        packages=1,
        price_per_package="8.99",
        purchased_on="2025-11-03",
        expires_on="2026-05-01",
    )
    inventory.add_purchase(
        uow, product=sugar.slug, packages=4, price_per_package="1", purchased_on="2025-11-02"
    )
    inventory.add_purchase(
        uow, product=chocolate.slug, packages=2, price_per_package="5.00", purchased_on="2025-11-02"
    )
    inventory.add_purchase(
        uow, product=bag.slug, packages=50, price_per_package="0.10", purchased_on="2025-11-04"
    )
    inventory.consume_fifo(uow, ingredient="chocolate", quantity="5.75", unit="oz")
    inventory.deplete_lot(uow, lot_id=first.id, quantity="0.5", reason="spoilage")
    catalog.create_recipe(
        uow,
        name="Cookie Dough",
        category="doughs",
        ingredients=[
            {"ingredient": "flour", "quantity": 1, "unit": "cup"},
            {"ingredient": "sugar", "quantity": "0.5", "unit": "cup"},
        ],
    )
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
    catalog.create_finished_good(
        uow,
        name="Cookie Bag",
        components=[
            {"kind": "finished_unit", "slug": "chocolate-chip-cookie", "quantity": 6},
            {"kind": "packaging", "slug": bag.slug, "quantity": 1},
        ],
    )
    catalog.create_finished_good(
        uow,
        name="Big Hamper",
        components=[
            {"kind": "finished_good", "slug": "cookie-bag", "quantity": 2},
            {"kind": "finished_unit", "slug": "dough-ball", "quantity": 3},
        ],
    )
    catalog.create_package(uow, name="Family Box", contents=[{"finished_good": "big-hamper", "quantity": 1}])
    catalog.create_recipient(uow, name="Aunt May", household="Parker")
    catalog.create_recipient(uow, name="Ben")
    party = events.create_event(uow, name="Christmas 2025", event_date="2025-12-24", notes="at home")
    fair = events.create_event(uow, name="School Fair", event_date="2025-12-05")
    events.set_production_target(uow, event=party.id, recipe="chocolate-chip-cookies", batches=3)
    events.set_assembly_target(
        uow, event=party.id, finished_good="cookie-bag", quantity=4, notes="for the kids"
    )
    events.set_production_target(uow, event=fair.id, recipe="cookie-dough", batches=1)
    _assign(uow, party.id)
    production.record_production(
        uow,
        recipe="chocolate-chip-cookies",
        finished_unit="chocolate-chip-cookie",
        batches=2,
        actual_yield=45,
        loss_category="burnt",
        loss_notes="oven",
        event=party.id,
        produced_at="2025-12-01T10:00:00",
        idempotency_key="bake-1",
    )
    dropped = production.record_production(
        uow,
        recipe="cookie-dough",
        finished_unit="dough-ball",
        batches=1,
        event=fair.id,
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
        event=party.id,
        assembled_at="2025-12-03T15:00:00",
        idempotency_key="bags-1",
    )
    assembly.reverse_assembly(uow, run_id=bags.id, reason="wrong bags")
    assembly.record_assembly(
        uow, finished_good="cookie-bag", quantity=2, event=party.id, assembled_at="2025-12-03T16:00:00"
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


def _assign(uow: UnitOfWork, event_id: int) -> None:
    assignment = events.assign_package(uow, event=event_id, recipient="aunt-may", package="family-box")
    events.assign_package(uow, event=event_id, recipient="ben", package="family-box", quantity=2, notes="two")
    events.advance_fulfillment(uow, assignment_id=assignment.id, status="ready")


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
