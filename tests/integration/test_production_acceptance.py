"""Baking in the cookie pantry: checking, recording (yields, losses, refusals) and listing production,
on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import (
    EventNotFound,
    InsufficientStock,
    ValidationError,
    YieldExceedsExpected,
)
from bakeledger.services import catalog, production
from tests.helpers import count, dump
from tests.integration.cookie_pantry import (
    COOKIE,
    RECIPE,
    cookie_count,
    record,
    remaining,
    setup_cookie_pantry,
)


def test_two_batches_can_be_produced(ledger: Ledger) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow(read_only=True) as uow:
        check = production.check_can_produce(uow, recipe=RECIPE, batches=2)
    assert (check.can_produce, check.missing, check.estimated_cost) == (True, [], "3.20")


def test_ten_batches_are_short_of_both_ingredients(ledger: Ledger) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow(read_only=True) as uow:
        check = production.check_can_produce(uow, recipe=RECIPE, batches=10)
    assert check.can_produce is False
    assert [(m.ingredient, m.needed, m.available, m.unit) for m in check.missing] == [
        ("flour", "20", "10", "cup"),
        ("sugar", "10", "5", "cup"),
    ]
    # on hand, exactly: 10 × 0.50 + 5 × 0.60; short, at the latest prices: the same again
    assert (check.on_hand_cost, check.shortfall_cost, check.estimated_cost) == ("8.00", "8.00", "16.00")


def test_partial_loss_run(ledger: Ledger) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        run = record(uow, batches=2, actual_yield=92)
        uow.commit()
    assert (run.expected_yield, run.actual_yield, run.loss_quantity, run.status) == (
        96,
        92,
        4,
        "partial_loss",
    )
    assert (run.total_ingredient_cost, run.per_unit_cost, run.loss_cost) == ("3.20", "0.0348", "0.13")
    assert cookie_count(ledger) == 92
    assert remaining(ledger, "flour") == ["6"]
    assert remaining(ledger, "sugar") == ["3"]
    assert [(c.ingredient, c.quantity, c.unit, c.cost) for c in run.consumptions] == [
        ("flour", "4", "cup", "2.00"),
        ("sugar", "2", "cup", "1.20"),
    ]
    assert [(loss.category, loss.quantity, loss.cost) for loss in run.losses] == [("other", 4, "0.13")]


def test_total_loss_still_consumes_everything(ledger: Ledger) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        run = record(uow, batches=1, actual_yield=0, loss_category="burnt", loss_notes="oven too hot")
        uow.commit()
    assert (run.status, run.per_unit_cost, run.loss_cost) == ("total_loss", "0.0000", "1.60")
    assert [(loss.category, loss.quantity, loss.notes) for loss in run.losses] == [
        ("burnt", 48, "oven too hot")
    ]
    assert cookie_count(ledger) == 0
    assert remaining(ledger, "flour") == ["8"]
    assert remaining(ledger, "sugar") == ["4"]


def test_yield_above_expected_is_refused(ledger: Ledger, fresh: Engine) -> None:
    setup_cookie_pantry(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(YieldExceedsExpected) as info:
            record(uow, batches=1, actual_yield=60)
        uow.rollback()
    assert (info.value.actual, info.value.expected) == (60, 48)
    assert dump(fresh) == before


def test_not_enough_stock_writes_nothing(ledger: Ledger, fresh: Engine) -> None:
    setup_cookie_pantry(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(InsufficientStock) as info:
            record(uow, batches=100)
        assert uow.statements > 0
        uow.rollback()
    assert (info.value.ingredient, info.value.needed, info.value.available, info.value.unit) == (
        "flour",
        "200",
        "10",
        "cup",
    )
    assert dump(fresh) == before
    assert count(fresh, "production_runs") == 0
    assert cookie_count(ledger) == 0
    assert remaining(ledger, "flour") == ["10"]


def test_finished_unit_of_another_recipe_is_refused(ledger: Ledger, fresh: Engine) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        catalog.create_recipe(
            uow, name="Sugar Cookies", ingredients=[{"ingredient": "sugar", "quantity": 1, "unit": "cup"}]
        )
        catalog.create_finished_unit(uow, recipe="sugar-cookies", name="Sugar Cookie", items_per_batch=24)
        uow.commit()
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(ValidationError) as info:
            record(uow, finished_unit="sugar-cookie")
        uow.rollback()
    assert "sugar-cookie" in info.value.message and RECIPE in info.value.message
    assert dump(fresh) == before


def test_unknown_event_is_refused(ledger: Ledger, fresh: Engine) -> None:
    setup_cookie_pantry(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(EventNotFound):
            record(uow, event=99999)
        uow.rollback()
    assert dump(fresh) == before


def test_history_pages_newest_first(ledger: Ledger) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        ids = [
            record(uow, produced_at=f"2025-12-0{day}T10:00:00").id
            for day in (1, 3, 2)  # recorded out of date order on purpose
        ]
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        page = production.get_production_history(uow, limit=2, offset=1)
        everything = production.get_production_history(uow)
    assert [run.id for run in everything] == [ids[1], ids[2], ids[0]]
    assert [run.id for run in page] == [ids[2], ids[0]]
    assert [run.produced_at for run in page] == ["2025-12-02T10:00:00", "2025-12-01T10:00:00"]


def test_history_sees_the_uncommitted_run_until_rollback(ledger: Ledger) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        run = record(uow, batches=2)
        seen = production.get_production_history(uow, include_consumptions=True)
        assert [r.id for r in seen] == [run.id]
        assert seen[0] == run
        uow.rollback()
    with ledger.uow(read_only=True) as uow:
        assert production.get_production_history(uow) == []
    assert cookie_count(ledger, COOKIE) == 0
