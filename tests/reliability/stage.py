"""A ledger with something of everything, for tests that try every service on it.

The bakery of world.py with stock, a production run for the event (cookies, nested recipe, two
flour lots), a dough run nobody used, a gift bag assembled from its cookies, finished stock
found, a glaze recipe nothing uses yet, a second event with targets and an assignment
(deletable: no runs use it).
"""

from __future__ import annotations

import attrs

from bakeledger.app.ledger import Ledger
from bakeledger.services import assembly, catalog, events, inventory, production
from bakeledger.uow.base import UnitOfWork
from tests.reliability import world


@attrs.frozen
class Stage:
    event_id: int
    fair_id: int
    flour_lot: int
    cookie_run: int
    dough_run: int
    gift_run: int
    assignment_id: int


def build_stage(uow: UnitOfWork) -> Stage:
    event_id = world.build_catalogue(uow)
    first = inventory.add_purchase(
        uow, product=world.FLOUR_PRODUCT, packages=3, price_per_package="0.50", purchased_on="2025-11-01"
    )
    inventory.add_purchase(
        uow, product=world.FLOUR_PRODUCT, packages=20, price_per_package="0.55", purchased_on="2025-11-03"
    )
    inventory.add_purchase(
        uow, product=world.SUGAR_PRODUCT, packages=6, price_per_package="1.00", purchased_on="2025-11-02"
    )
    inventory.add_purchase(
        uow, product=world.BAG_PRODUCT, packages=20, price_per_package="0.10", purchased_on="2025-11-02"
    )
    cookies = production.record_production(
        uow, recipe=world.COOKIES, finished_unit=world.COOKIE, batches=2, event=event_id, actual_yield=22
    )
    dough = production.record_production(uow, recipe=world.DOUGH, finished_unit=world.DOUGH_BALL, batches=1)
    gift = assembly.record_assembly(uow, finished_good=world.GIFT_BAG, quantity=2, event=event_id)
    inventory.adjust_finished_stock(
        uow, kind="finished_unit", slug=world.COOKIE, delta=30, reason="found", unit_cost="0.125"
    )
    catalog.create_recipe(
        uow, name="Glaze", ingredients=[{"ingredient": world.SUGAR, "quantity": 1, "unit": "cup"}]
    )
    fair = events.create_event(uow, name="School Fair", event_date="2026-12-05", notes="stall")
    events.set_production_target(uow, event=fair.id, recipe=world.DOUGH, batches=2)
    events.set_assembly_target(uow, event=fair.id, finished_good=world.HAMPER, quantity=1)
    given = events.assign_package(uow, event=fair.id, recipient="ann", package="family-box")
    return Stage(event_id, fair.id, first.id, cookies.id, dough.id, gift.id, given.id)


def setup_stage(ledger: Ledger) -> Stage:
    with ledger.uow() as uow:
        stage = build_stage(uow)
        uow.commit()
    return stage
