"""Every write step of record_production and reverse_production can fail: then nothing persists."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.services import catalog, inventory, production
from tests.faults import InjectedFault, assert_unchanged_when_write_fails, fail_on_write
from tests.helpers import dump
from tests.integration.cookie_pantry import RECIPE, build_cookie_pantry, record

# insert run · update lots · insert ledger lines · insert finished lot
RECORD_WRITES = 4
# update lots · insert restore lines · empty the finished lot · mark the run reversed
REVERSE_WRITES = 4


def _setup(ledger: Ledger) -> None:
    """The cookie pantry plus a second, later flour lot, so one run draws from two flour lots."""
    with ledger.uow() as uow:
        fixture = build_cookie_pantry(uow)
        inventory.add_purchase(
            uow,
            product=fixture.flour_product,
            packages=10,
            price_per_package="0.70",
            purchased_on="2025-11-20",
        )
        uow.commit()


def _record(ledger: Ledger) -> int:
    with ledger.uow() as uow:
        run_id = int(record(uow, batches=3, actual_yield=140).id)  # 6 cup flour + 3 cup sugar
        uow.commit()
    return run_id


def _reverse(ledger: Ledger, run_id: int) -> None:
    with ledger.uow() as uow:
        production.reverse_production(uow, run_id=run_id, reason="wrong batch")
        uow.commit()


def test_record_production_writes_in_four_statements(ledger: Ledger) -> None:
    _setup(ledger)
    with fail_on_write(ledger.engine, None) as counter:
        _record(ledger)
    assert counter.writes == RECORD_WRITES


@pytest.mark.parametrize("k", range(1, RECORD_WRITES + 1))
def test_record_production_failing_at_any_write_leaves_nothing(ledger: Ledger, fresh: Engine, k: int) -> None:
    _setup(ledger)
    assert_unchanged_when_write_fails(ledger.engine, fresh, k, lambda: _record(ledger))


def test_reverse_production_writes_in_four_statements(ledger: Ledger) -> None:
    _setup(ledger)
    run_id = _record(ledger)
    with fail_on_write(ledger.engine, None) as counter:
        _reverse(ledger, run_id)
    assert counter.writes == REVERSE_WRITES


@pytest.mark.parametrize("k", range(1, REVERSE_WRITES + 1))
def test_reverse_production_failing_at_any_write_leaves_nothing(
    ledger: Ledger, fresh: Engine, k: int
) -> None:
    _setup(ledger)
    run_id = _record(ledger)
    assert_unchanged_when_write_fails(ledger.engine, fresh, k, lambda: _reverse(ledger, run_id))


def test_nested_recipe_production_failing_at_any_write_leaves_nothing(ledger: Ledger, fresh: Engine) -> None:
    _setup(ledger)
    with ledger.uow() as uow:
        catalog.create_recipe(
            uow,
            name="Cookie Tray",
            ingredients=[{"ingredient": "sugar", "quantity": "0.5", "unit": "cup"}],
            components=[{"recipe": RECIPE, "multiplier": 2}],
        )
        catalog.create_finished_unit(uow, recipe="cookie-tray", name="Tray", items_per_batch=1)
        uow.commit()
    before = dump(fresh)
    for k in range(1, RECORD_WRITES + 1):
        with fail_on_write(ledger.engine, k) as counter, pytest.raises(InjectedFault), ledger.uow() as uow:
            production.record_production(uow, recipe="cookie-tray", finished_unit="tray", batches=1)
            uow.commit()
        assert counter.fired
        assert dump(fresh) == before
