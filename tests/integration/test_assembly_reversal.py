"""reverse_assembly: every lot gets back exactly what it gave; refused while the bundles are in use."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import (
    AssemblyRunNotFound,
    InsufficientFinishedStock,
    InvalidTransition,
    ValidationError,
)
from bakeledger.services import assembly, catalog, inventory
from tests.helpers import dump
from tests.integration.gift_bag_kitchen import GIFT_BAG, add_cookies, counts, setup_gift_bag_kitchen

HAMPER = "family-hamper"


def _remainders(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            "lots": [tuple(r) for r in conn.execute(text("SELECT id, remaining FROM lots ORDER BY id"))],
            "finished_lots": [
                tuple(r) for r in conn.execute(text("SELECT id, remaining FROM finished_lots ORDER BY id"))
            ],
        }


def _conservation_holds(engine: Engine) -> bool:
    """quantity = remaining + Σ consumed − Σ restored, for every lot and every finished lot."""
    checks = [
        ("lots", "lot_movements", "lot_id"),
        ("finished_lots", "finished_movements", "finished_lot_id"),
    ]
    with engine.connect() as conn:
        for lots, moves, key in checks:
            broken = conn.execute(
                text(
                    f"SELECT l.id FROM {lots} l LEFT JOIN {moves} m ON m.{key} = l.id "
                    "GROUP BY l.id, l.quantity, l.remaining "
                    "HAVING l.quantity <> l.remaining "
                    "+ COALESCE(SUM(CASE WHEN m.kind = 'restore' THEN -m.quantity ELSE m.quantity END), 0)"
                )
            ).all()
            if broken:
                return False
    return True


def _with_hamper(ledger: Ledger) -> None:
    """The gift-bag kitchen, a second dearer cookie lot, a second bag lot, a hamper of 2 gift bags + a box."""
    fixture = setup_gift_bag_kitchen(ledger, bags=4)
    with ledger.uow() as uow:
        add_cookies(uow, 50, "0.20")
        inventory.add_purchase(uow, product=fixture.bag_product, packages=10, price_per_package="0.15")
        catalog.create_ingredient(uow, name="Gift Box", category="packaging")
        box = catalog.create_product(
            uow, ingredient="gift-box", brand="Kraft", package_unit="box", package_unit_quantity=1
        )
        inventory.add_purchase(uow, product=box.slug, packages=5, price_per_package="2.00")
        catalog.create_finished_good(
            uow,
            name="Family Hamper",
            components=[
                {"kind": "finished_good", "slug": GIFT_BAG, "quantity": 2},
                {"kind": "packaging", "slug": box.slug, "quantity": 1},
            ],
        )
        uow.commit()


def _record(ledger: Ledger, good: str, quantity: int) -> int:
    with ledger.uow() as uow:
        run_id = assembly.record_assembly(uow, finished_good=good, quantity=quantity).id
        uow.commit()
    return run_id


def _reverse(ledger: Ledger, run_id: int) -> Any:
    with ledger.uow() as uow:
        run = assembly.reverse_assembly(uow, run_id=run_id, reason="assembled the wrong bundle")
        uow.commit()
    return run


def test_reversal_restores_every_lot_it_drew_from_exactly(ledger: Ledger, fresh: Engine) -> None:
    _with_hamper(ledger)
    before = _remainders(fresh)
    run_id = _record(ledger, GIFT_BAG, 10)  # 120 cookies over two lots, 10 bags over two lots
    assert counts(ledger) == (30, 10, "4")
    reversed_run = _reverse(ledger, run_id)
    after = _remainders(fresh)
    assert after["lots"] == before["lots"]
    bundle_lot = after["finished_lots"].pop()
    assert after["finished_lots"] == before["finished_lots"]
    assert bundle_lot[1] == 0
    assert counts(ledger) == (150, 0, "14")
    assert reversed_run.reversed is True
    assert reversed_run.reversal_reason == "assembled the wrong bundle"
    assert reversed_run.total_component_cost == "5.30"  # 100 × 0 + 20 × 0.20 + 4 × 0.10 + 6 × 0.15
    assert _conservation_holds(fresh)


def test_reversal_is_refused_while_the_bundles_are_used_and_allowed_after(
    ledger: Ledger, fresh: Engine
) -> None:
    _with_hamper(ledger)
    start = _remainders(fresh)
    bags_run = _record(ledger, GIFT_BAG, 4)
    hamper_run = _record(ledger, HAMPER, 1)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(InsufficientFinishedStock) as info:
            assembly.reverse_assembly(uow, run_id=bags_run, reason="oops")
        uow.rollback()
    assert info.value.used_by == [f"assembly run {hamper_run}"]
    assert (info.value.slug, info.value.needed, info.value.available) == (GIFT_BAG, 4, 2)
    assert dump(fresh) == before
    _reverse(ledger, hamper_run)
    _reverse(ledger, bags_run)
    after = _remainders(fresh)
    assert after["lots"] == start["lots"]
    assert after["finished_lots"][: len(start["finished_lots"])] == start["finished_lots"]
    assert all(remaining == 0 for _id, remaining in after["finished_lots"][len(start["finished_lots"]) :])
    assert _conservation_holds(fresh)


def test_reversal_is_refused_when_bundles_were_given_away(ledger: Ledger) -> None:
    setup_gift_bag_kitchen(ledger)
    run_id = _record(ledger, GIFT_BAG, 2)
    with ledger.uow() as uow:
        inventory.adjust_finished_stock(uow, kind="finished_good", slug=GIFT_BAG, delta=-1, reason="gift")
        with pytest.raises(InsufficientFinishedStock) as info:
            assembly.reverse_assembly(uow, run_id=run_id, reason="oops")
        uow.rollback()
    assert info.value.used_by == ["manual adjustments (gift, spoilage, correction)"]


def test_reversing_twice_is_an_invalid_transition(ledger: Ledger, fresh: Engine) -> None:
    setup_gift_bag_kitchen(ledger)
    run_id = _record(ledger, GIFT_BAG, 1)
    _reverse(ledger, run_id)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(InvalidTransition):
            assembly.reverse_assembly(uow, run_id=run_id, reason="again")
        uow.rollback()
    assert dump(fresh) == before


def test_reversed_run_stays_in_history(ledger: Ledger) -> None:
    setup_gift_bag_kitchen(ledger)
    run_id = _record(ledger, GIFT_BAG, 1)
    _reverse(ledger, run_id)
    with ledger.uow(read_only=True) as uow:
        (run,) = assembly.get_assembly_history(uow, include_consumptions=True)
    assert (run.id, run.reversed, run.total_component_cost) == (run_id, True, "0.10")
    assert [c.quantity for c in run.consumptions] == ["12", "1"]


@pytest.mark.parametrize(
    ("run_id", "reason", "error"),
    [(99999, "why", AssemblyRunNotFound), (0, "why", ValidationError), (1, "  ", ValidationError)],
)
def test_reversal_bad_input(ledger: Ledger, fresh: Engine, run_id: int, reason: str, error: type) -> None:
    setup_gift_bag_kitchen(ledger)
    _record(ledger, GIFT_BAG, 1)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(error):
            assembly.reverse_assembly(uow, run_id=run_id, reason=reason)
        uow.rollback()
    assert dump(fresh) == before
