"""SQL statements per check_can_assemble / record_assembly do not grow with lots or prior runs."""

from __future__ import annotations

import pytest

from bakeledger.app.ledger import Ledger
from bakeledger.services import assembly, events, inventory
from tests.integration.gift_bag_kitchen import GIFT_BAG, add_cookies, setup_gift_bag_kitchen

# good (1: with its components) · packaging components · their ingredients · FIFO cookies ·
# FIFO bags · stock (2)
CHECK_STATEMENTS = 7
# idempotency key · good · event · packaging components · ingredients · FIFO (2) · 6 writes
RECORD_STATEMENTS = 13


def _stock(ledger: Ledger, lots: int, prior_runs: int) -> int:
    """`lots` cookie lots of 5 and `lots` bag lots of 1, then `prior_runs` runs; returns an event id."""
    fixture = setup_gift_bag_kitchen(ledger, cookies=0, bags=1)
    with ledger.uow() as uow:
        for _ in range(lots):
            add_cookies(uow, 5, "0.05")
        for _ in range(lots - 1):
            inventory.add_purchase(uow, product=fixture.bag_product, packages=1, price_per_package="0.10")
        for _ in range(prior_runs):
            assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=1)
        event_id = events.create_event(uow, name="Christmas 2026", event_date="2026-12-24").id
        uow.commit()
    return event_id


@pytest.mark.parametrize(("lots", "prior_runs"), [(10, 0), (1000, 0), (1000, 50)])
def test_statements_do_not_grow_with_lots_or_runs(ledger: Ledger, lots: int, prior_runs: int) -> None:
    event_id = _stock(ledger, lots, prior_runs)
    with ledger.uow() as uow:
        start = uow.statements
        # 2 bundles: 24 cookies from 5 lots, 2 bags from 2 lots
        assert assembly.check_can_assemble(uow, finished_good=GIFT_BAG, quantity=2).can_assemble
        checked = uow.statements
        assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=2, event=event_id, idempotency_key="k")
        recorded = uow.statements
        uow.rollback()
    assert (checked - start, recorded - checked) == (CHECK_STATEMENTS, RECORD_STATEMENTS)
