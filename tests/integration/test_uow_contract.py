"""The Unit of Work contract (docs/architecture.md), proven on SQLite and PostgreSQL with a fresh engine."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import nullcontext
from typing import Any

import pytest
from loguru import logger
from sqlalchemy import text
from sqlalchemy.engine import Engine

import bakeledger
from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import (
    ConcurrencyError,
    Conflict,
    NoActiveTransactionError,
    ReadOnlyError,
    UncommittedWorkError,
    UnitOfWorkStateError,
)
from bakeledger.services import catalog
from tests.helpers import count, dump


class Spilled(Exception):
    """Something went wrong in the kitchen (a failure the test raises on purpose)."""


def _names(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.execute(text("SELECT name FROM ingredients")).scalars())


# --- commit, rollback and the forgotten commit ----------------------------------------------------
def test_commit_makes_the_work_durable(ledger: Ledger, fresh: Engine) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour")
        uow.commit()
    assert _names(fresh) == ["Flour"]


def test_leaving_after_only_reading_is_quiet(ledger: Ledger, fresh: Engine) -> None:
    with ledger.uow() as uow:
        assert uow.ingredients.list_all() == []
    assert count(fresh, "ingredients") == 0


def test_an_exception_rolls_back_and_is_re_raised(ledger: Ledger, fresh: Engine) -> None:
    with pytest.raises(Spilled), ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour")
        raise Spilled()
    assert count(fresh, "ingredients") == 0


def test_a_forgotten_commit_after_a_write_raises_and_keeps_nothing(ledger: Ledger, fresh: Engine) -> None:
    with pytest.raises(UncommittedWorkError), ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour")
    assert count(fresh, "ingredients") == 0


def test_explicit_rollback_discards_without_error(ledger: Ledger, fresh: Engine) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour")
        uow.rollback()
    assert count(fresh, "ingredients") == 0


def test_reads_inside_a_uow_see_its_own_pending_writes(ledger: Ledger, fresh: Engine) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Brown Sugar")
        assert uow.ingredients.get("brown-sugar").name == "Brown Sugar"
        assert count(fresh, "ingredients") == 0  # not visible to anyone else yet
        uow.rollback()


# --- savepoints ---------------------------------------------------------------------------------
def test_an_exception_in_a_savepoint_undoes_only_that_part(ledger: Ledger, fresh: Engine) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour")
        with pytest.raises(Spilled), uow.savepoint():
            catalog.create_ingredient(uow, name="Sugar")
            raise Spilled()
        catalog.create_ingredient(uow, name="Butter")
        uow.commit()
    assert _names(fresh) == ["Butter", "Flour"]


def test_savepoint_rollback_on_purpose(ledger: Ledger, fresh: Engine) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour")
        with uow.savepoint() as sp:
            catalog.create_ingredient(uow, name="Sugar")
            sp.rollback()
        uow.commit()
    assert _names(fresh) == ["Flour"]


def test_writes_undone_by_a_savepoint_do_not_count_as_written(ledger: Ledger, fresh: Engine) -> None:
    with ledger.uow() as uow:
        with uow.savepoint() as sp:
            catalog.create_ingredient(uow, name="Sugar")
            sp.rollback()
        with pytest.raises(Spilled), uow.savepoint():
            catalog.create_ingredient(uow, name="Salt")
            raise Spilled()
    # no UncommittedWorkError: everything written was already undone
    assert count(fresh, "ingredients") == 0


def test_writes_kept_by_a_released_savepoint_still_need_a_commit(ledger: Ledger, fresh: Engine) -> None:
    with pytest.raises(UncommittedWorkError), ledger.uow() as uow, uow.savepoint():
        catalog.create_ingredient(uow, name="Sugar")
    assert count(fresh, "ingredients") == 0


def test_a_database_error_inside_a_savepoint_leaves_the_transaction_usable(
    ledger: Ledger, fresh: Engine
) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour")
        with pytest.raises(Conflict), uow.savepoint():  # the same slug again: a unique violation
            uow.ingredients.add(name="Flour again", slug="flour", category="general", density=None)
        catalog.create_ingredient(uow, name="Sugar")
        uow.commit()
    assert _names(fresh) == ["Flour", "Sugar"]


# --- read-only units of work -------------------------------------------------------------------
def test_read_only_uow_refuses_the_first_write(ledger: Ledger, fresh: Engine) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour")
        uow.commit()
    before = dump(fresh)
    with ledger.uow(read_only=True) as uow:
        assert uow.ingredients.get("flour").name == "Flour"
        with pytest.raises(ReadOnlyError):
            catalog.create_ingredient(uow, name="Sugar")
    assert dump(fresh) == before


def test_postgresql_read_only_uow_runs_a_read_only_transaction(ledger: Ledger) -> None:
    if ledger.backend != "postgresql":
        pytest.skip("READ ONLY transactions are a PostgreSQL feature")
    with ledger.uow(read_only=True) as uow:
        session: Any = uow._session  # reaching inside on purpose: the Protocol exposes no session
        assert session.execute(text("SHOW transaction_read_only")).scalar() == "on"


# --- single use ---------------------------------------------------------------------------------
def test_a_uow_cannot_be_entered_twice(ledger: Ledger) -> None:
    uow = ledger.uow()
    with uow:
        pass
    with pytest.raises(UnitOfWorkStateError), uow:
        pass


def test_a_uow_cannot_be_re_entered(ledger: Ledger, fresh: Engine) -> None:
    with pytest.raises(UnitOfWorkStateError), ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour")
        with uow:
            pass
    assert count(fresh, "ingredients") == 0


def test_a_uow_cannot_be_used_after_exit(ledger: Ledger, fresh: Engine) -> None:
    with ledger.uow() as uow:
        uow.commit()
    with pytest.raises(UnitOfWorkStateError):
        catalog.create_ingredient(uow, name="Flour")
    with pytest.raises(UnitOfWorkStateError):
        uow.commit()
    assert count(fresh, "ingredients") == 0


def test_a_service_outside_the_with_block_touches_nothing(ledger: Ledger, fresh: Engine) -> None:
    uow = ledger.uow()
    with pytest.raises(NoActiveTransactionError):
        catalog.create_ingredient(uow, name="Flour")
    assert count(fresh, "ingredients") == 0


def test_each_call_makes_a_new_uow(ledger: Ledger) -> None:
    assert ledger.uow() is not ledger.uow()


# --- on_commit ----------------------------------------------------------------------------------
def test_on_commit_runs_after_the_commit_is_visible(ledger: Ledger, fresh: Engine) -> None:
    seen: list[list[str]] = []
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour")
        uow.on_commit(lambda: seen.append(_names(fresh)))
        assert seen == []
        uow.commit()
    assert seen == [["Flour"]]


@pytest.mark.parametrize("ending", ["rollback", "exception"])
def test_on_commit_is_dropped_on_rollback(ledger: Ledger, ending: str) -> None:
    calls: list[str] = []
    with pytest.raises(Spilled) if ending == "exception" else nullcontext(), ledger.uow() as uow:
        uow.on_commit(lambda: calls.append("sent"))
        if ending == "exception":
            raise Spilled()
        uow.rollback()
    assert calls == []


# --- logging ------------------------------------------------------------------------------------
@pytest.fixture
def log_records() -> Any:
    records: list[Any] = []
    logger.enable("bakeledger")
    sink = logger.add(lambda message: records.append(message.record), level="DEBUG")
    yield records
    logger.remove(sink)
    logger.disable("bakeledger")


def test_begin_commit_and_rollback_are_logged_with_the_uow_id(ledger: Ledger, log_records: Any) -> None:
    with ledger.uow() as committed:
        committed.commit()
    with ledger.uow() as discarded:
        discarded.rollback()
    mine = {
        (r["message"], r["extra"].get("uow_id"))
        for r in log_records
        if r["message"] in ("uow begin", "uow commit", "uow rollback")
    }
    assert mine == {
        ("uow begin", committed.id),
        ("uow commit", committed.id),
        ("uow begin", discarded.id),
        ("uow rollback", discarded.id),
    }
    rollback = next(r for r in log_records if r["message"] == "uow rollback")
    assert rollback["extra"]["reason"] == "explicit rollback"


# --- ledger.run: commit, retry, give up --------------------------------------------------------
def test_run_commits_and_returns_the_result(ledger: Ledger, fresh: Engine) -> None:
    made = ledger.run(catalog.create_ingredient, name="Flour", category="dry goods")
    assert made.slug == "flour"
    assert _names(fresh) == ["Flour"]


def test_run_does_not_retry_a_real_error(ledger: Ledger, fresh: Engine) -> None:
    calls: list[int] = []

    def bake(uow: Any) -> None:
        calls.append(1)
        catalog.create_ingredient(uow, name="Flour")
        raise Spilled()

    with pytest.raises(Spilled):
        ledger.run(bake, retries=3)
    assert (len(calls), count(fresh, "ingredients")) == (1, 0)


@pytest.fixture
def impatient_ledger(tmp_path: Any) -> Any:
    """A SQLite ledger whose writers wait only 50 ms for the lock, and a raw connection to block it."""
    path = tmp_path / "busy.db"
    opened = bakeledger.open(f"sqlite:///{path}", sqlite_busy_timeout_ms=50)
    blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    yield opened, blocker
    blocker.close()
    opened.dispose()


def test_run_retries_a_busy_sqlite_database_until_it_frees(impatient_ledger: Any, log_records: Any) -> None:
    ledger, blocker = impatient_ledger
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock for 0.3 s
    release = threading.Timer(0.3, lambda: blocker.execute("ROLLBACK"))
    release.start()
    try:
        made = ledger.run(catalog.create_ingredient, name="Flour", retries=20)
    finally:
        release.join()
    assert made.slug == "flour"
    assert any(r["message"] == "retrying after a transient conflict" for r in log_records)
    with ledger.uow(read_only=True) as uow:
        assert uow.ingredients.get("flour").name == "Flour"


def test_run_gives_up_with_concurrency_error_when_retries_are_used_up(impatient_ledger: Any) -> None:
    ledger, blocker = impatient_ledger
    blocker.execute("BEGIN IMMEDIATE")  # held for the whole test
    with pytest.raises(ConcurrencyError) as info:
        ledger.run(catalog.create_ingredient, name="Flour", retries=2)
    blocker.execute("ROLLBACK")
    assert info.value.attempts == 3
    assert info.value.to_dict()["type"] == "ConcurrencyError"
    with ledger.uow(read_only=True) as uow:
        assert uow.ingredients.find("flour") is None
