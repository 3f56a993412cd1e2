"""Finished stock: finished lots, reasons and signs, FIFO costing, never negative."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import (
    FinishedGoodNotFound,
    FinishedUnitNotFound,
    InsufficientFinishedStock,
    ValidationError,
)
from bakeledger.services import catalog, inventory
from tests.faults import InjectedFault, fail_on_write
from tests.helpers import dump

COOKIE = "gingerbread-man"


def _catalogue(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="flour")
        catalog.create_recipe(
            uow, name="Gingerbread", ingredients=[{"ingredient": "flour", "quantity": 3, "unit": "cup"}]
        )
        catalog.create_finished_unit(uow, recipe="gingerbread", name="Gingerbread Man", items_per_batch=20)
        catalog.create_finished_good(
            uow,
            name="Gingerbread Pair",
            components=[{"kind": "finished_unit", "slug": COOKIE, "quantity": 2}],
        )
        uow.commit()


def _adjust(ledger: Ledger, **kwargs: Any) -> Any:
    with ledger.uow() as uow:
        stock = inventory.adjust_finished_stock(uow, **{"kind": "finished_unit", "slug": COOKIE, **kwargs})
        uow.commit()
    return stock


def _stock(ledger: Ledger, kind: str = "finished_unit", slug: str = COOKIE) -> tuple[int, str]:
    with ledger.uow(read_only=True) as uow:
        stock = inventory.finished_stock(uow, kind=kind, slug=slug)
    return stock.count, stock.value


def test_empty_stock_is_zero(ledger: Ledger) -> None:
    _catalogue(ledger)
    assert _stock(ledger) == (0, "0.00")
    assert _stock(ledger, "finished_good", "gingerbread-pair") == (0, "0.00")


def test_found_adds_a_finished_lot_at_its_unit_cost(ledger: Ledger, fresh: Engine) -> None:
    _catalogue(ledger)
    _adjust(ledger, delta=12, reason="found", unit_cost="0.25")
    stock = _adjust(ledger, delta="10", reason="found", unit_cost="0.1", notes="back of the pantry")
    assert (stock.kind, stock.slug, stock.count, stock.value) == ("finished_unit", COOKIE, 22, "4.00")
    with fresh.connect() as conn:
        lots = conn.execute(
            text(
                "SELECT quantity, remaining, unit_cost, source, reason, notes FROM finished_lots ORDER BY id"
            )
        ).all()
    assert [tuple(r) for r in lots] == [
        (12, 12, 250000, "adjustment", "found", None),
        (10, 10, 100000, "adjustment", "found", "back of the pantry"),
    ]


def test_taking_is_fifo_over_finished_lots_with_ledger_lines_carrying_the_reason(
    ledger: Ledger, fresh: Engine
) -> None:
    _catalogue(ledger)
    _adjust(ledger, delta=12, reason="found", unit_cost="0.25")
    _adjust(ledger, delta=10, reason="found", unit_cost="0.10")
    stock = _adjust(ledger, delta=-15, reason="gift")  # all 12 old ones, then 3 of the new
    assert (stock.count, stock.value) == (7, "0.70")
    stock = _adjust(ledger, delta=-2, reason="correction", notes="miscounted")
    assert (stock.count, stock.value) == (5, "0.50")
    with fresh.connect() as conn:
        remaining = conn.execute(text("SELECT remaining FROM finished_lots ORDER BY id")).scalars().all()
        lines = conn.execute(
            text(
                "SELECT finished_lot_id, kind, quantity, cost, reason, notes "
                "FROM finished_movements ORDER BY id"
            )
        ).all()
    assert remaining == [0, 5]
    assert [tuple(r) for r in lines] == [
        (1, "consume", 12, 30000, "gift", None),  # cost 3.00 stored ×10^4
        (2, "consume", 3, 3000, "gift", None),
        (2, "consume", 2, 2000, "correction", "miscounted"),
    ]


def test_counts_never_go_negative(ledger: Ledger, fresh: Engine) -> None:
    _catalogue(ledger)
    _adjust(ledger, delta=4, reason="found")
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(InsufficientFinishedStock) as info:
            inventory.adjust_finished_stock(
                uow, kind="finished_unit", slug=COOKIE, delta=-5, reason="spoilage"
            )
        uow.rollback()
    assert (info.value.kind, info.value.slug, info.value.needed, info.value.available) == (
        "finished_unit",
        COOKIE,
        5,
        4,
    )
    assert dump(fresh) == before
    assert _stock(ledger) == (4, "0.00")


@pytest.mark.parametrize(
    ("delta", "reason", "notes"),
    [
        (3, "found", None),
        (3, "correction", "recount"),
        (-1, "correction", "recount"),
        (3, "adjustment", "stock take"),
        (-1, "adjustment", "stock take"),
        (-1, "gift", None),
        (-1, "spoilage", None),
    ],
)
def test_allowed_reasons_and_signs(ledger: Ledger, delta: int, reason: str, notes: str | None) -> None:
    _catalogue(ledger)
    _adjust(ledger, delta=5, reason="found")
    assert _adjust(ledger, delta=delta, reason=reason, notes=notes).count == 5 + delta


@pytest.mark.parametrize(
    "arguments",
    [
        {"delta": -1, "reason": "found"},
        {"delta": 1, "reason": "gift"},
        {"delta": 1, "reason": "spoilage"},
        {"delta": 1, "reason": "correction"},
        {"delta": -1, "reason": "adjustment", "notes": "  "},
        {"delta": 1, "reason": "production"},
        {"delta": 1, "reason": "assembly"},
        {"delta": 1, "reason": "stolen"},
        {"delta": 0, "reason": "found"},
        {"delta": "2.5", "reason": "found"},
        {"delta": True, "reason": "found"},
        {"delta": 10**7, "reason": "found"},
        {"delta": 1, "reason": "found", "unit_cost": "-1"},
        {"delta": 1, "reason": "found", "unit_cost": "nan"},
        {"delta": -1, "reason": "gift", "unit_cost": "0.50"},
        {"delta": 1, "reason": "found", "notes": 42},
        {"delta": 1, "reason": "found", "kind": "cookie"},
        {"delta": 1, "reason": "found", "slug": None},
    ],
)
def test_bad_adjustments_are_rejected_before_anything_is_written(
    ledger: Ledger, fresh: Engine, arguments: dict[str, Any]
) -> None:
    _catalogue(ledger)
    _adjust(ledger, delta=5, reason="found")
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(ValidationError):
            inventory.adjust_finished_stock(uow, **{"kind": "finished_unit", "slug": COOKIE, **arguments})
        uow.rollback()
    assert dump(fresh) == before


def test_unknown_items_are_not_found(ledger: Ledger) -> None:
    _catalogue(ledger)
    with ledger.uow(read_only=True) as uow:
        with pytest.raises(FinishedUnitNotFound):
            inventory.finished_stock(uow, kind="finished_unit", slug="stollen")
        with pytest.raises(FinishedGoodNotFound):
            inventory.finished_stock(uow, kind="finished_good", slug=COOKIE)


def test_finished_goods_adjust_like_finished_units(ledger: Ledger) -> None:
    _catalogue(ledger)
    _adjust(ledger, kind="finished_good", slug="gingerbread-pair", delta=3, reason="found", unit_cost="1.5")
    _adjust(ledger, kind="finished_good", slug="gingerbread-pair", delta=-1, reason="gift")
    assert _stock(ledger, "finished_good", "gingerbread-pair") == (2, "3.00")
    assert _stock(ledger) == (0, "0.00")


def test_value_is_exact_for_large_counts_and_costs(ledger: Ledger) -> None:
    _catalogue(ledger)
    _adjust(ledger, delta=10**6, reason="found", unit_cost="999999999.999999")
    _adjust(ledger, delta=10**6, reason="found", unit_cost="0.000001")
    # 10^6 × 999999999.999999 + 10^6 × 0.000001 = 999999999999999 + 1
    assert _stock(ledger) == (2 * 10**6, "1000000000000000.00")


@pytest.mark.parametrize("k", [1, 2])
def test_a_failed_write_while_taking_leaves_nothing(ledger: Ledger, fresh: Engine, k: int) -> None:
    _catalogue(ledger)
    _adjust(ledger, delta=2, reason="found")
    _adjust(ledger, delta=2, reason="found")
    before = dump(fresh)
    with fail_on_write(ledger.engine, None) as counter, ledger.uow() as uow:
        inventory.adjust_finished_stock(uow, kind="finished_unit", slug=COOKIE, delta=-3, reason="spoilage")
        uow.rollback()
    assert counter.writes == 2  # update both lots · insert both ledger lines
    with fail_on_write(ledger.engine, k) as failing, pytest.raises(InjectedFault):
        _adjust(ledger, delta=-3, reason="spoilage")
    assert failing.fired
    assert dump(fresh) == before
