"""Every write service, failed at each of its writes in turn, leaves the committed state unchanged.

For each operation the writes are first counted (tests/faults.fail_on_write with k=None, then
rolled back), then the operation runs once per k = 1..writes with the k-th write failing, and a
separate engine's dump proves nothing of it was committed: a unit of work that fails leaves
nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.services import assembly, catalog, events, exchange, inventory, production
from bakeledger.uow.base import UnitOfWork
from tests.faults import InjectedFault, fail_on_write
from tests.helpers import dump
from tests.reliability import figures, world
from tests.reliability.databases import DatabaseFactory
from tests.reliability.stage import Stage, setup_stage

Operation = Callable[[UnitOfWork, Stage], Any]


def _season(uow: UnitOfWork, s: Stage) -> None:
    """A whole afternoon in one unit of work: buy, bake, wrap, give some away, undo a mistake."""
    inventory.add_purchase(uow, product=world.SUGAR_PRODUCT, packages=2, price_per_package="1.10")
    production.record_production(uow, recipe=world.COOKIES, finished_unit=world.COOKIE, batches=1)
    assembly.record_assembly(uow, finished_good=world.GIFT_BAG, quantity=1, event=s.event_id)
    inventory.adjust_finished_stock(uow, kind="finished_unit", slug=world.COOKIE, delta=-2, reason="gift")
    production.reverse_production(uow, run_id=s.dough_run, reason="dropped")
    events.set_production_target(uow, event=s.event_id, recipe=world.COOKIES, batches=5)


OPERATIONS: dict[str, Operation] = {
    "catalog.create_ingredient": lambda uow, s: catalog.create_ingredient(
        uow, name="Butter", density="1 cup = 227 g"
    ),
    "catalog.create_product": lambda uow, s: catalog.create_product(
        uow, ingredient=world.FLOUR, brand="Farm", package_unit="cup", package_unit_quantity=9, preferred=True
    ),
    "catalog.create_recipe": lambda uow, s: catalog.create_recipe(
        uow,
        name="Cookie Tray",
        ingredients=[{"ingredient": world.SUGAR, "quantity": "0.25", "unit": "cup"}],
        components=[{"recipe": world.COOKIES, "multiplier": 2}],
    ),
    "catalog.add_recipe_component": lambda uow, s: catalog.add_recipe_component(
        uow, recipe=world.COOKIES, component="glaze", multiplier="0.5"
    ),
    "catalog.create_finished_unit": lambda uow, s: catalog.create_finished_unit(
        uow, recipe=world.COOKIES, name="Cookie Crumb", items_per_batch=100
    ),
    "catalog.create_finished_good": lambda uow, s: catalog.create_finished_good(
        uow,
        name="Tin",
        components=[
            {"kind": "finished_unit", "slug": world.COOKIE, "quantity": 4},
            {"kind": "finished_good", "slug": world.GIFT_BAG, "quantity": 1},
            {"kind": "packaging", "slug": world.BAG_PRODUCT, "quantity": 2},
        ],
    ),
    "catalog.create_package": lambda uow, s: catalog.create_package(
        uow, name="Small Box", contents=[{"finished_good": world.GIFT_BAG, "quantity": 2}]
    ),
    "catalog.create_recipient": lambda uow, s: catalog.create_recipient(uow, name="Bob", household="Jones"),
    "inventory.add_purchase": lambda uow, s: inventory.add_purchase(
        uow, product=world.SUGAR_PRODUCT, packages=2, price_per_package="1.10", supplier="Market"
    ),
    "inventory.consume_fifo": lambda uow, s: inventory.consume_fifo(
        uow, ingredient=world.FLOUR, quantity="4.5", unit="cup"
    ),
    "inventory.deplete_lot": lambda uow, s: inventory.deplete_lot(
        uow, lot_id=s.flour_lot + 1, quantity="0.5", reason="other", notes="mice"
    ),
    "inventory.adjust_finished_stock +": lambda uow, s: inventory.adjust_finished_stock(
        uow, kind="finished_good", slug=world.GIFT_BAG, delta=3, reason="found", unit_cost="0.8"
    ),
    "inventory.adjust_finished_stock -": lambda uow, s: inventory.adjust_finished_stock(
        uow, kind="finished_unit", slug=world.COOKIE, delta=-25, reason="spoilage"
    ),
    "production.record_production": lambda uow, s: production.record_production(
        uow,
        recipe=world.COOKIES,
        finished_unit=world.COOKIE,
        batches=2,
        actual_yield=20,
        loss_category="burnt",
        loss_notes="oven",
        event=s.event_id,
        idempotency_key="bake-twice",
    ),
    "production.reverse_production": lambda uow, s: production.reverse_production(
        uow, run_id=s.dough_run, reason="dropped"
    ),
    "assembly.record_assembly": lambda uow, s: assembly.record_assembly(
        uow, finished_good=world.GIFT_BAG, quantity=3, event=s.event_id, idempotency_key="wrap"
    ),
    "assembly.record_assembly nested": lambda uow, s: (
        production.record_production(uow, recipe=world.DOUGH, finished_unit=world.DOUGH_BALL, batches=1),
        assembly.record_assembly(uow, finished_good=world.HAMPER, quantity=1),
    ),
    "assembly.reverse_assembly": lambda uow, s: assembly.reverse_assembly(
        uow, run_id=s.gift_run, reason="wrong ribbon"
    ),
    "events.create_event": lambda uow, s: events.create_event(
        uow, name="New Year", event_date="2026-12-31", notes="party"
    ),
    "events.update_event": lambda uow, s: events.update_event(
        uow, event_id=s.fair_id, name="Winter Fair", event_date="2026-12-06"
    ),
    "events.delete_event": lambda uow, s: events.delete_event(uow, event_id=s.fair_id, cascade=True),
    "events.clone_event": lambda uow, s: events.clone_event(
        uow, event_id=s.fair_id, name="Fair 2027", event_date="2027-12-04"
    ),
    "events.set_production_target": lambda uow, s: (
        events.set_production_target(uow, event=s.fair_id, recipe=world.DOUGH, batches=4, notes="more"),
        events.set_production_target(uow, event=s.fair_id, recipe=world.COOKIES, batches=1),
    ),
    "events.set_assembly_target": lambda uow, s: events.set_assembly_target(
        uow, event=s.fair_id, finished_good=world.GIFT_BAG, quantity=6
    ),
    "events.delete_production_target": lambda uow, s: events.delete_production_target(
        uow, event=s.fair_id, recipe=world.DOUGH
    ),
    "events.delete_assembly_target": lambda uow, s: events.delete_assembly_target(
        uow, event=s.fair_id, finished_good=world.HAMPER
    ),
    "events.remove_production_target": lambda uow, s: events.remove_production_target(
        uow, event=s.fair_id, recipe=world.DOUGH
    ),
    "events.remove_assembly_target": lambda uow, s: events.remove_assembly_target(
        uow, event=s.fair_id, finished_good=world.HAMPER
    ),
    "events.assign_package": lambda uow, s: events.assign_package(
        uow, event=s.event_id, recipient="ann", package="family-box", quantity=2, notes="twins"
    ),
    "events.advance_fulfillment": lambda uow, s: events.advance_fulfillment(
        uow, assignment_id=s.assignment_id, status="ready"
    ),
    "a season in one unit of work": _season,
}


def _on(stage: Stage, operation: Operation) -> Callable[[UnitOfWork], Any]:
    return lambda uow: operation(uow, stage)


def _fail_each_write(ledger: Ledger, engine: Engine, operation: Callable[[UnitOfWork], Any]) -> int:
    """Count the operation's writes, then fail each one in turn; the dump never changes."""
    before = dump(engine)
    with fail_on_write(ledger.engine, None) as counter, ledger.uow() as uow:
        operation(uow)
        uow.rollback()
    assert counter.writes >= 1, "the operation should write something"
    for k in range(1, counter.writes + 1):
        with fail_on_write(ledger.engine, k) as fault, pytest.raises(InjectedFault), ledger.uow() as uow:
            operation(uow)
            uow.commit()
        assert fault.fired
        assert dump(engine) == before, f"failing write {k} of {counter.writes} left something behind"
    return counter.writes


def test_every_write_service_fails_cleanly_at_every_write(
    database_factory: DatabaseFactory, subtests: Any
) -> None:
    db = database_factory.fresh()
    try:
        stage = setup_stage(db.ledger)
        for name, operation in OPERATIONS.items():
            with subtests.test(operation=name):
                writes = _fail_each_write(db.ledger, db.engine, _on(stage, operation))
                figures.add("fault_injection", db.backend, operations=1, faults_injected=writes)
    finally:
        db.close()


def test_import_all_fails_cleanly_at_every_write(database_factory: DatabaseFactory) -> None:
    source = database_factory.fresh()
    try:
        setup_stage(source.ledger)
        with source.ledger.uow(read_only=True) as uow:
            document = exchange.export_all(uow)
    finally:
        source.close()
    target = database_factory.fresh()  # empty (on PostgreSQL: the same database, truncated)
    try:
        writes = _fail_each_write(
            target.ledger, target.engine, lambda uow: exchange.import_all(uow, document=document)
        )
        figures.add("fault_injection", target.backend, operations=1, faults_injected=writes)
    finally:
        target.close()


def test_import_history_fails_cleanly_at_every_write(database_factory: DatabaseFactory) -> None:
    source = database_factory.fresh()
    try:
        setup_stage(source.ledger)
        with source.ledger.uow(read_only=True) as uow:
            history = exchange.export_history(uow)
    finally:
        source.close()
    target = database_factory.fresh()
    try:
        with target.ledger.uow() as uow:
            world.build_catalogue(uow)
            uow.commit()
        writes = _fail_each_write(
            target.ledger, target.engine, lambda uow: exchange.import_history(uow, document=history)
        )
        figures.add("fault_injection", target.backend, operations=1, faults_injected=writes)
    finally:
        target.close()
