"""Every write step of record_assembly and reverse_assembly can fail: then nothing persists."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.services import assembly, inventory
from tests.faults import InjectedFault, assert_unchanged_when_write_fails, fail_on_write
from tests.helpers import dump
from tests.integration.gift_bag_kitchen import GIFT_BAG, add_cookies, setup_gift_bag_kitchen

# insert run · update finished lots · insert finished ledger lines · update lots · insert lot ledger
# lines · insert the bundle's finished lot
RECORD_WRITES = 6
# update finished lots · insert finished restore lines · update lots · insert restore lines ·
# empty the bundle's finished lot · mark the run reversed
REVERSE_WRITES = 6


def _setup(ledger: Ledger) -> None:
    """The gift-bag kitchen plus a second cookie lot and a second bag lot, so a run draws from two of each."""
    fixture = setup_gift_bag_kitchen(ledger, cookies=30, bags=2)
    with ledger.uow() as uow:
        add_cookies(uow, 100, "0.08")
        inventory.add_purchase(uow, product=fixture.bag_product, packages=10, price_per_package="0.12")
        uow.commit()


def _record(ledger: Ledger) -> int:
    with ledger.uow() as uow:
        run_id = assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=4).id  # 48 cookies, 4 bags
        uow.commit()
    return run_id


def _reverse(ledger: Ledger, run_id: int) -> None:
    with ledger.uow() as uow:
        assembly.reverse_assembly(uow, run_id=run_id, reason="wrong bundle")
        uow.commit()


def test_record_assembly_writes_in_six_statements(ledger: Ledger) -> None:
    _setup(ledger)
    with fail_on_write(ledger.engine, None) as counter:
        _record(ledger)
    assert counter.writes == RECORD_WRITES


@pytest.mark.parametrize("k", range(1, RECORD_WRITES + 1))
def test_record_assembly_failing_at_any_write_leaves_nothing(ledger: Ledger, fresh: Engine, k: int) -> None:
    _setup(ledger)
    assert_unchanged_when_write_fails(ledger.engine, fresh, k, lambda: _record(ledger))


def test_reverse_assembly_writes_in_six_statements(ledger: Ledger) -> None:
    _setup(ledger)
    run_id = _record(ledger)
    with fail_on_write(ledger.engine, None) as counter:
        _reverse(ledger, run_id)
    assert counter.writes == REVERSE_WRITES


@pytest.mark.parametrize("k", range(1, REVERSE_WRITES + 1))
def test_reverse_assembly_failing_at_any_write_leaves_nothing(ledger: Ledger, fresh: Engine, k: int) -> None:
    _setup(ledger)
    run_id = _record(ledger)
    assert_unchanged_when_write_fails(ledger.engine, fresh, k, lambda: _reverse(ledger, run_id))
    _reverse(ledger, run_id)  # and the failed attempt left the run reversible


def test_a_bypassed_run_is_atomic_too(ledger: Ledger, fresh: Engine) -> None:
    _setup(ledger)
    with fail_on_write(ledger.engine, None) as counter, ledger.uow() as uow:
        assembly.record_assembly(
            uow, finished_good=GIFT_BAG, quantity=1, packaging_bypassed=True, bypass_notes="x"
        )
        uow.rollback()
    assert counter.writes == RECORD_WRITES - 2  # no lot update, no lot ledger lines
    before = dump(fresh)
    for k in range(1, counter.writes + 1):
        with fail_on_write(ledger.engine, k), pytest.raises(InjectedFault), ledger.uow() as uow:
            assembly.record_assembly(
                uow, finished_good=GIFT_BAG, quantity=1, packaging_bypassed=True, bypass_notes="x"
            )
            uow.commit()
        assert dump(fresh) == before
