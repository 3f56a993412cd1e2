"""Assembly runs: history and get-run, event tagging, idempotency, bad input, and the log record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import (
    AssemblyRunNotFound,
    EventNotFound,
    FinishedGoodNotFound,
    IdempotencyConflict,
    InsufficientFinishedStock,
    ValidationError,
)
from bakeledger.services import assembly, events
from bakeledger.services.dto import to_dict
from tests.helpers import count, dump
from tests.integration.gift_bag_kitchen import GIFT_BAG, counts, setup_gift_bag_kitchen


def _event(ledger: Ledger) -> int:
    with ledger.uow() as uow:
        event_id = events.create_event(uow, name="Christmas 2026", event_date="2026-12-24").id
        uow.commit()
    return event_id


def _record(ledger: Ledger, **kwargs: Any) -> Any:
    with ledger.uow() as uow:
        run = assembly.record_assembly(uow, finished_good=GIFT_BAG, **kwargs)
        uow.commit()
    return run


def test_recorded_run_reads_back_identically(ledger: Ledger) -> None:
    setup_gift_bag_kitchen(ledger)
    event_id = _event(ledger)
    recorded = _record(ledger, quantity=3, event=event_id, notes="for the neighbours")
    with ledger.uow(read_only=True) as uow:
        again = assembly.get_assembly_run(uow, run_id=recorded.id)
        bare = assembly.get_assembly_run(uow, run_id=recorded.id, include_consumptions=False)
    assert again == recorded
    assert (again.event_id, again.notes) == (event_id, "for the neighbours")
    assert bare.consumptions == []
    assert to_dict(again)["consumptions"][1] == {
        "kind": "packaging",
        "slug": recorded.consumptions[1].slug,
        "quantity": "3",
        "unit": "bag",
        "cost": "0.30",
    }


def test_history_is_newest_first_by_assembled_at_then_id_and_filters(ledger: Ledger) -> None:
    setup_gift_bag_kitchen(ledger)
    event_id = _event(ledger)
    early = _record(ledger, quantity=1, assembled_at="2026-12-01T10:00:00")
    late_a = _record(ledger, quantity=1, assembled_at="2026-12-03T10:00:00", event=event_id)
    late_b = _record(ledger, quantity=2, assembled_at="2026-12-03T10:00:00")
    middle = _record(ledger, quantity=1, assembled_at=dt.datetime(2026, 12, 2, 9, 30))
    with ledger.uow(read_only=True) as uow:
        everything = assembly.get_assembly_history(uow)
        page = assembly.get_assembly_history(uow, limit=2, offset=1)
        for_event = assembly.get_assembly_history(uow, event=event_id)
        december_2 = assembly.get_assembly_history(uow, start="2026-12-02", end="2026-12-02")
        until = assembly.get_assembly_history(uow, end=dt.datetime(2026, 12, 2, 9, 30))
        by_good = assembly.get_assembly_history(uow, finished_good=GIFT_BAG, include_consumptions=True)
    assert [r.id for r in everything] == [late_b.id, late_a.id, middle.id, early.id]
    assert [r.id for r in page] == [late_a.id, middle.id]
    assert [r.id for r in for_event] == [late_a.id]
    assert [r.id for r in december_2] == [middle.id]
    assert [r.id for r in until] == [middle.id, early.id]
    assert everything[0].consumptions == []
    assert [r.consumptions[0].quantity for r in by_good] == ["24", "12", "12", "12"]


def test_history_and_get_run_see_the_uows_uncommitted_runs(ledger: Ledger, fresh: Engine) -> None:
    setup_gift_bag_kitchen(ledger)
    with ledger.uow() as uow:
        run = assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=2)
        assert [r.id for r in assembly.get_assembly_history(uow)] == [run.id]
        assert assembly.get_assembly_run(uow, run_id=run.id) == run
        uow.rollback()
    assert count(fresh, "assembly_runs") == 0
    with ledger.uow(read_only=True) as uow:
        assert assembly.get_assembly_history(uow) == []
        with pytest.raises(AssemblyRunNotFound):
            assembly.get_assembly_run(uow, run_id=run.id)


def test_history_page_uses_a_fixed_number_of_statements(ledger: Ledger) -> None:
    setup_gift_bag_kitchen(ledger, cookies=1000, bags=500)

    def statements(page: int) -> int:
        with ledger.uow(read_only=True) as uow:
            before = uow.statements
            runs = assembly.get_assembly_history(uow, limit=page, include_consumptions=True)
            assert len(runs) == page
            return uow.statements - before

    with ledger.uow() as uow:
        for _ in range(40):
            assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=2)
        uow.commit()
    assert statements(2) == statements(40)


def test_record_with_unknown_event_writes_nothing(ledger: Ledger, fresh: Engine) -> None:
    setup_gift_bag_kitchen(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(EventNotFound):
            assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=1, event=99999)
        uow.rollback()
    assert dump(fresh) == before


def test_same_key_and_arguments_return_the_first_run_and_consume_nothing(
    ledger: Ledger, fresh: Engine
) -> None:
    setup_gift_bag_kitchen(ledger)
    first = _record(ledger, quantity=2, idempotency_key="bags-for-school")
    before = dump(fresh)
    again = _record(ledger, quantity="2", idempotency_key="bags-for-school")  # "2" = 2
    assert again == first
    assert dump(fresh) == before
    assert counts(ledger) == (76, 2, "48")


@pytest.mark.parametrize(
    "changed",
    [{"quantity": 3}, {"notes": "different"}, {"packaging_bypassed": True, "bypass_notes": "no bags"}],
)
def test_same_key_with_different_arguments_conflicts(
    ledger: Ledger, fresh: Engine, changed: dict[str, Any]
) -> None:
    setup_gift_bag_kitchen(ledger)
    _record(ledger, quantity=2, idempotency_key="k1")
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(IdempotencyConflict):
            assembly.record_assembly(
                uow, finished_good=GIFT_BAG, **{"quantity": 2, **changed}, idempotency_key="k1"
            )
        uow.rollback()
    assert dump(fresh) == before


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"quantity": 0}, ValidationError),
        ({"quantity": -1}, ValidationError),
        ({"quantity": "2.5"}, ValidationError),
        ({"quantity": "1e3"}, ValidationError),
        ({"quantity": float("nan")}, ValidationError),
        ({"quantity": 10**7}, ValidationError),
        ({"quantity": 1, "packaging_bypassed": True}, ValidationError),
        ({"quantity": 1, "packaging_bypassed": True, "bypass_notes": "   "}, ValidationError),
        ({"quantity": 1, "bypass_notes": "not bypassed"}, ValidationError),
        ({"quantity": 1, "packaging_bypassed": "yes", "bypass_notes": "x"}, ValidationError),
        ({"quantity": 1, "event": "abc"}, ValidationError),
        ({"quantity": 1, "assembled_at": "yesterday"}, ValidationError),
        ({"quantity": 1, "idempotency_key": ""}, ValidationError),
        ({"quantity": 1, "finished_good": "no-such-bundle"}, FinishedGoodNotFound),
        ({"quantity": 1, "finished_good": 7}, ValidationError),
    ],
)
def test_bad_input_is_rejected_before_anything_is_written(
    ledger: Ledger, fresh: Engine, arguments: dict[str, Any], error: type
) -> None:
    setup_gift_bag_kitchen(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(error):
            assembly.record_assembly(uow, **{"finished_good": GIFT_BAG, **arguments})
        uow.rollback()
    assert dump(fresh) == before


def test_each_outcome_logs_one_structured_record(ledger: Ledger, outcome_log: list[dict[str, Any]]) -> None:
    setup_gift_bag_kitchen(ledger)
    event_id = _event(ledger)
    run = _record(ledger, quantity=5, event=event_id)
    with ledger.uow() as uow:
        with pytest.raises(InsufficientFinishedStock):
            assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=50)
        uow.rollback()
    recorded = [r for r in outcome_log if r.get("op") == "record_assembly"]
    assert len(recorded) == 2
    success, rejected = recorded
    assert success["outcome"] == "success"
    assert (success["assembly_run_id"], success["finished_good"], success["event_id"]) == (
        run.id,
        GIFT_BAG,
        event_id,
    )
    assert (success["quantity"], success["total_component_cost"], success["per_unit_cost"]) == (
        5,
        "0.5000",
        "0.100000",
    )
    assert rejected["outcome"] == "rejected:InsufficientFinishedStock"
    assert "assembly_run_id" not in rejected


def test_history_filters_on_unknown_good_or_event_are_not_found(ledger: Ledger) -> None:
    setup_gift_bag_kitchen(ledger)
    with ledger.uow(read_only=True) as uow:
        with pytest.raises(FinishedGoodNotFound):
            assembly.get_assembly_history(uow, finished_good="no-such-bundle")
        with pytest.raises(EventNotFound):
            assembly.get_assembly_history(uow, event=99999)
        with pytest.raises(ValidationError):
            assembly.get_assembly_history(uow, limit=0)
