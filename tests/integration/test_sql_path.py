"""The one way repositories run SQL — Core statements through the unit of work's session — keeps its
promises on both backends: one transaction with savepoints, read-only refusal before the write, driver
errors translated, values stored and read back by the column types alone, and a unit of work that
always gives its connection back."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from loguru import logger
from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.engine import Engine

import bakeledger
from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import Conflict, ReadOnlyError, RetryableError
from bakeledger.domain.production import ProductionRun
from bakeledger.services import assembly, catalog, inventory, production
from tests.faults import assert_unchanged_when_write_fails
from tests.helpers import dump
from tests.integration.cookie_pantry import record, remaining, setup_cookie_pantry
from tests.integration.gift_bag_kitchen import GIFT_BAG, setup_gift_bag_kitchen


def test_a_run_as_returned_is_the_run_as_read_back(ledger: Ledger) -> None:
    """record_production builds its DTO from what it wrote: reading the run back must give the same,
    with awkward values (scale 1.5, costs of many places, a produced_at with microseconds)."""
    setup_cookie_pantry(ledger)
    produced_at = dt.datetime(2025, 12, 1, 9, 30, 15, 123456)
    with ledger.uow() as uow:
        made = record(uow, scale="1.5", actual_yield=70, produced_at=produced_at, notes="n")
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        read = production.get_production_run(uow, run_id=made.id)
    assert made == read
    assert (made.scale, made.total_ingredient_cost, made.per_unit_cost) == ("1.5", "2.40", "0.0343")
    assert made.produced_at == "2025-12-01T09:30:15"  # the ledger keeps whole seconds
    assert [len(c.lots) for c in made.consumptions] == [1, 1]


def test_an_assembly_as_returned_is_the_assembly_as_read_back(ledger: Ledger) -> None:
    setup_gift_bag_kitchen(ledger)
    with ledger.uow() as uow:
        made = assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=3)
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        read = assembly.get_assembly_run(uow, run_id=made.id)
    assert made == read
    assert (made.total_component_cost, made.per_unit_cost) == ("0.30", "0.1000")


def test_writes_roll_back_with_the_unit_of_work(ledger: Ledger, fresh: Engine) -> None:
    setup_cookie_pantry(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        inventory.consume_fifo(uow, ingredient="flour", quantity="2.5", unit="cup")
        record(uow, actual_yield=40)
        uow.rollback()
    assert dump(fresh) == before


def test_a_savepoint_undoes_its_own_writes_only(ledger: Ledger) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        inventory.consume_fifo(uow, ingredient="sugar", quantity="1", unit="cup")
        with uow.savepoint() as sp:
            inventory.consume_fifo(uow, ingredient="flour", quantity="3", unit="cup")
            sp.rollback()
        uow.commit()
    assert remaining(ledger, "flour") == ["10"]
    assert remaining(ledger, "sugar") == ["4"]


def test_a_read_only_unit_of_work_refuses_a_write_before_it_runs(ledger: Ledger, fresh: Engine) -> None:
    setup_cookie_pantry(ledger)
    before = dump(fresh)
    with pytest.raises(ReadOnlyError), ledger.uow(read_only=True) as uow:
        inventory.consume_fifo(uow, ingredient="flour", quantity="1", unit="cup")
    with pytest.raises(ReadOnlyError), ledger.uow(read_only=True) as uow:
        record(uow, actual_yield=40)
    assert dump(fresh) == before


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_a_failing_write_leaves_nothing(ledger: Ledger, fresh: Engine, k: int) -> None:
    """The engine's statement listeners see every statement, so a fault can fail any write."""
    setup_cookie_pantry(ledger)

    def bake() -> None:
        with ledger.uow() as uow:
            record(uow, actual_yield=40)
            uow.commit()

    assert_unchanged_when_write_fails(ledger.engine, fresh, k, bake)


def test_a_constraint_violation_is_a_conflict(ledger: Ledger, fresh: Engine) -> None:
    setup_cookie_pantry(ledger)
    before = dump(fresh)
    values = {
        "recipe_id": 1,
        "recipe_slug": "chocolate-chip-cookies",
        "finished_unit_id": 1,
        "finished_unit_slug": "chocolate-chip-cookie",
        "event_id": None,
        "batches": 1,
        "scale": Decimal(1),
        "expected_yield": 48,
        "actual_yield": 48,
        "loss_quantity": 0,
        "status": "complete",
        "loss_category": None,
        "loss_notes": None,
        "notes": None,
        "total_ingredient_cost": Decimal("1.6"),
        "per_unit_cost": Decimal("0.0333"),
        "loss_cost": Decimal(0),
        "recipe_snapshot": "{}",
        "produced_at": dt.datetime(2025, 12, 1),
        "idempotency_key": None,
        "request_fingerprint": None,
        "uuid": "0b5e7c2a-the-same-uuid",
    }
    with pytest.raises(Conflict), ledger.uow() as uow:
        uow.production_runs.add(ProductionRun(**values))
        uow.production_runs.add(ProductionRun(**values))  # the same uuid: UNIQUE refuses it
    assert dump(fresh) == before


def test_other_driver_errors_surface_as_sqlalchemy_errors(ledger: Ledger) -> None:
    with ledger.uow(read_only=True) as uow:
        session: Any = uow._session  # reaching inside on purpose: services never see the session
        with pytest.raises(sa_exc.DBAPIError):
            session.execute(text("SELECT nothing FROM no_such_table"))


@pytest.mark.parametrize("end", ["release", "rollback"])
def test_the_session_keeps_working_after_a_savepoint_ends(ledger: Ledger, fresh: Engine, end: str) -> None:
    with ledger.uow() as uow:
        with uow.savepoint() as sp:
            catalog.create_ingredient(uow, name="Flour")
            if end == "rollback":
                sp.rollback()
        catalog.create_ingredient(uow, name="Sugar")
        uow.commit()
    expected = ["Flour", "Sugar"] if end == "release" else ["Sugar"]
    with fresh.connect() as conn:
        assert sorted(conn.execute(text("SELECT name FROM ingredients")).scalars()) == expected


def test_a_unit_of_work_counts_its_statements_and_writes_and_nothing_after_it(ledger: Ledger) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        inventory.consume_fifo(uow, ingredient="flour", quantity="1", unit="cup")
        counted = uow.statements
        uow.commit()
    assert counted == 4  # the ingredient, its FIFO lots, the lot update, the ledger line
    with ledger.engine.connect() as conn:  # the same pooled connection, now someone else's
        conn.execute(text("SELECT count(*) FROM lots")).scalar()
    assert uow.statements == counted


def test_leaving_always_gives_the_connection_back_even_when_rollback_fails(
    ledger: Ledger, fresh: Engine
) -> None:
    """A rollback that raises (a dropped connection) must not leak the pooled connection or leave
    the unit of work's id in the log context."""
    setup_cookie_pantry(ledger)
    before = dump(fresh)
    seen: list[Any] = []
    handler = logger.add(lambda m: seen.append(m.record["extra"].get("uow_id")), level="DEBUG")
    logger.enable("bakeledger")
    try:
        with pytest.raises(ConnectionError), ledger.uow() as uow:
            inventory.consume_fifo(uow, ingredient="flour", quantity="1", unit="cup")
            session: Any = uow._session
            real_close, calls = session.close, []

            def close_failing_once() -> None:
                calls.append(1)
                if len(calls) == 1:  # ending the transaction fails once, as a dropped connection would
                    raise ConnectionError("the server went away")
                real_close()

            session.close = close_failing_once
            raise RuntimeError("leave by an exception")
        assert ledger.engine.pool.checkedout() == 0
        logger.info("after the unit of work")
    finally:
        logger.remove(handler)
        logger.disable("bakeledger")
    assert seen[-1] is None  # the uow_id context was left
    assert dump(fresh) == before


def test_a_writer_that_cannot_begin_gives_its_connection_back(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE refused (another writer holds the lock): a RetryableError at entry, and the
    pooled connection is back in the pool, not leaked."""
    path = f"{tmp_path}/busy.db"
    ledger = bakeledger.open(f"sqlite:///{path}", sqlite_busy_timeout_ms=20)
    blocker = sqlite3.connect(path, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        for _ in range(3):
            with pytest.raises(RetryableError), ledger.uow():
                pass
            assert ledger.engine.pool.checkedout() == 0
        blocker.execute("ROLLBACK")
        with ledger.uow() as uow:
            catalog.create_ingredient(uow, name="Flour")
            uow.commit()
        assert ledger.engine.pool.checkedout() == 0
    finally:
        blocker.close()
        ledger.dispose()
