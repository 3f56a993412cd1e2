"""The hand-written hot-path statements (repositories/sql.py, ADR 0024) keep every promise Core kept:
same transaction and savepoints, read-only refusal before the write, driver errors translated, and
values stored exactly as the Core column types store them. Proven on both backends."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.engine import Engine

import bakeledger
from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import Conflict, ReadOnlyError
from bakeledger.repositories.sql import RetryableError, Statement
from bakeledger.services import assembly, catalog, inventory, production
from tests.faults import assert_unchanged_when_write_fails
from tests.helpers import dump
from tests.integration.assembly_fixture import GIFT_BAG, setup_fixture_a
from tests.integration.production_fixture import record, remaining, setup_fixture_p


def test_a_run_as_returned_is_the_run_as_read_back(ledger: Ledger) -> None:
    """record_production builds its DTO from what it wrote: reading the run back must give the same,
    with awkward values (scale 1.5, costs of many places, a produced_at with microseconds)."""
    setup_fixture_p(ledger)
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
    setup_fixture_a(ledger)
    with ledger.uow() as uow:
        made = assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=3)
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        read = assembly.get_assembly_run(uow, run_id=made.id)
    assert made == read
    assert (made.total_component_cost, made.per_unit_cost) == ("0.30", "0.1000")


def test_hot_path_writes_roll_back_with_the_unit_of_work(ledger: Ledger, fresh: Engine) -> None:
    setup_fixture_p(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        inventory.consume_fifo(uow, ingredient="flour", quantity="2.5", unit="cup")
        record(uow, actual_yield=40)
        uow.rollback()
    assert dump(fresh) == before


def test_a_savepoint_undoes_hot_path_writes_only(ledger: Ledger) -> None:
    setup_fixture_p(ledger)
    with ledger.uow() as uow:
        inventory.consume_fifo(uow, ingredient="sugar", quantity="1", unit="cup")
        with uow.savepoint() as sp:
            inventory.consume_fifo(uow, ingredient="flour", quantity="3", unit="cup")
            sp.rollback()
        uow.commit()
    assert remaining(ledger, "flour") == ["10"]
    assert remaining(ledger, "sugar") == ["4"]


def test_a_read_only_unit_of_work_refuses_a_hot_path_write_before_it_runs(
    ledger: Ledger, fresh: Engine
) -> None:
    setup_fixture_p(ledger)
    before = dump(fresh)
    with pytest.raises(ReadOnlyError), ledger.uow(read_only=True) as uow:
        inventory.consume_fifo(uow, ingredient="flour", quantity="1", unit="cup")
    with pytest.raises(ReadOnlyError), ledger.uow(read_only=True) as uow:
        record(uow, actual_yield=40)
    assert dump(fresh) == before


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_a_failing_hot_path_write_leaves_nothing(ledger: Ledger, fresh: Engine, k: int) -> None:
    """The engine's statement listeners see hot-path statements too, so faults can be injected."""
    setup_fixture_p(ledger)

    def bake() -> None:
        with ledger.uow() as uow:
            record(uow, actual_yield=40)
            uow.commit()

    assert_unchanged_when_write_fails(ledger.engine, fresh, k, bake)


def test_a_constraint_violation_on_the_hot_path_is_a_conflict(ledger: Ledger, fresh: Engine) -> None:
    setup_fixture_p(ledger)
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
        uow.production_runs.add(**values)
        uow.production_runs.add(**values)  # the same uuid: UNIQUE refuses it
    assert dump(fresh) == before


def test_other_driver_errors_surface_as_sqlalchemy_errors(ledger: Ledger) -> None:
    with ledger.uow(read_only=True) as uow:
        sql = uow._sql  # reaching inside on purpose: services never see the runner
        assert sql is not None
        with pytest.raises(sa_exc.DBAPIError):
            sql.rows(Statement("SELECT nothing FROM no_such_table"))


def test_statements_render_for_each_backend() -> None:
    statement = Statement("SELECT id FROM lots WHERE slug LIKE '%a' AND id = ?", for_update=True)
    assert statement.sqlite == "SELECT id FROM lots WHERE slug LIKE '%a' AND id = ?"
    assert statement.postgresql == "SELECT id FROM lots WHERE slug LIKE '%%a' AND id = %s FOR UPDATE"
    assert not statement.writes
    assert Statement("SELECT 1 FROM lots l", for_update="l").postgresql.endswith("FOR UPDATE OF l")
    assert Statement(" update lots SET remaining = 0").writes


@pytest.mark.parametrize("end", ["release", "rollback"])
def test_the_session_made_inside_a_savepoint_outlives_it(ledger: Ledger, fresh: Engine, end: str) -> None:
    """The ORM session is made when a Core statement first needs it — here inside a savepoint; it
    must keep working after the savepoint is released or rolled back, in the same transaction."""
    with ledger.uow() as uow:
        with uow.savepoint() as sp:
            catalog.create_ingredient(uow, name="Flour")  # Core: the session is made here
            if end == "rollback":
                sp.rollback()
        catalog.create_ingredient(uow, name="Sugar")
        uow.commit()
    expected = ["Flour", "Sugar"] if end == "release" else ["Sugar"]
    with fresh.connect() as conn:
        assert sorted(conn.execute(text("SELECT name FROM ingredients")).scalars()) == expected


@pytest.mark.parametrize("ending", ["commit", "failure"])
def test_core_statements_join_the_transaction_the_hot_path_began(
    ledger: Ledger, fresh: Engine, ending: str
) -> None:
    """On SQLite a unit of work begins on the pooled driver connection and makes Core's connection
    only when a Core statement comes (ADR 0024): a hot-path write, then a Core write, then the end —
    both land on commit, neither after a failure."""
    setup_fixture_p(ledger)
    before = dump(fresh)
    with pytest.raises(RuntimeError) if ending == "failure" else _nothing(), ledger.uow() as uow:
        first = inventory.consume_fifo(uow, ingredient="flour", quantity="2.5", unit="cup")  # hot path
        catalog.create_ingredient(uow, name="Cardamom")  # Core: its connection is made here
        with uow.savepoint():
            second = inventory.consume_fifo(uow, ingredient="flour", quantity="1", unit="cup")
        if ending == "failure":
            raise RuntimeError("crash after both writes")
        uow.commit()
    with fresh.connect() as conn:
        names = set(conn.execute(text("SELECT slug FROM ingredients")).scalars())
        consumed = conn.execute(text("SELECT count(*) FROM lot_movements WHERE kind = 'consume'")).scalar()
    if ending == "failure":
        assert dump(fresh) == before
    else:
        assert "cardamom" in names
        assert consumed == len(first.lines) + len(second.lines) >= 2


def test_a_writer_that_cannot_begin_gives_its_connection_back(tmp_path: object) -> None:
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


@contextmanager
def _nothing() -> Iterator[None]:
    yield
