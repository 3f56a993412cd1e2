"""A repeated record_production with the same idempotency key bakes nothing twice."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import IdempotencyConflict
from tests.helpers import count, dump
from tests.integration.cookie_pantry import cookie_count, record, remaining, setup_cookie_pantry


def test_same_key_and_same_arguments_returns_the_first_run(ledger: Ledger, fresh: Engine) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        first = record(uow, batches=2, actual_yield=90, loss_category="dropped", idempotency_key="bake-1")
        uow.commit()
    before = dump(fresh)
    with ledger.uow() as uow:
        # the same arguments, spelled differently ("2" = 2, "1.0" = 1)
        again = record(
            uow,
            batches="2",
            actual_yield="90",
            loss_category="dropped",
            scale="1.0",
            idempotency_key="bake-1",
        )
        uow.commit()
    assert again == first
    assert dump(fresh) == before
    assert count(fresh, "production_runs") == 1
    assert remaining(ledger, "flour") == ["6"]
    assert cookie_count(ledger) == 90


def test_a_replay_inside_the_same_unit_of_work_consumes_nothing(ledger: Ledger) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        first = record(uow, batches=1, idempotency_key="bake-2")
        assert record(uow, batches=1, idempotency_key="bake-2") == first
        uow.commit()
    assert remaining(ledger, "flour") == ["8"]


def test_same_key_with_different_arguments_is_a_conflict(ledger: Ledger, fresh: Engine) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        record(uow, batches=1, idempotency_key="bake-3")
        uow.commit()
    before = dump(fresh)
    for changed in ({"batches": 2}, {"actual_yield": 40}, {"notes": "extra chips"}, {"scale": "1.5"}):
        with ledger.uow() as uow:
            with pytest.raises(IdempotencyConflict) as info:
                record(uow, **{"batches": 1, "idempotency_key": "bake-3", **changed})
            uow.rollback()
        assert info.value.key == "bake-3"
    assert dump(fresh) == before


def test_the_fingerprint_is_stored_with_the_run(ledger: Ledger, fresh: Engine) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        run = record(uow, batches=1, idempotency_key="bake-4")
        plain = record(uow, batches=1)
        uow.commit()
    with fresh.connect() as conn:
        rows = dict(
            conn.execute(text("SELECT id, request_fingerprint FROM production_runs ORDER BY id")).all()
        )
    assert len(rows[run.id]) == 64 and int(rows[run.id], 16) >= 0
    assert rows[run.id] != hashlib.sha256(b"").hexdigest()
    assert rows[plain.id] == rows[run.id]  # same arguments, key aside: same fingerprint
