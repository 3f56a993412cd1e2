"""SQL statements per production call do not grow with the lots on hand or the runs already made."""

from __future__ import annotations

from bakeledger.app.ledger import Ledger
from bakeledger.services import inventory, production
from tests.integration.cookie_pantry import RECIPE, CookiePantry, build_cookie_pantry, record

# idempotency key · recipe (with its lines and components) · finished unit · ingredients ·
# FIFO flour · FIFO sugar · 4 writes (run, lots, ledger lines, finished lot); nothing is read back
RECORD_STATEMENTS = 10


def _stock(ledger: Ledger, *, lots: int, prior_runs: int) -> CookiePantry:
    """The cookie pantry behind one big old lot per ingredient, more lots up to `lots`, `prior_runs` bakes."""
    with ledger.uow() as uow:
        fixture = build_cookie_pantry(uow)
        for product in (fixture.flour_product, fixture.sugar_product):
            inventory.add_purchase(
                uow, product=product, packages=1000, price_per_package="0.40", purchased_on="2025-10-01"
            )
        uow.commit()
    _buy_later_lots(ledger, fixture, lots - 4)
    _bake(ledger, prior_runs)
    return fixture


def _buy_later_lots(ledger: Ledger, fixture: CookiePantry, lots: int) -> None:
    """`lots` more one-cup lots, half flour, half sugar, all bought after the big ones."""
    with ledger.uow() as uow:
        for product in (fixture.flour_product, fixture.sugar_product):
            for n in range(lots // 2):
                inventory.add_purchase(
                    uow,
                    product=product,
                    packages=1,
                    price_per_package="0.90",
                    purchased_on=f"2025-12-{n % 28 + 1:02d}",
                )
        uow.commit()


def _bake(ledger: Ledger, runs: int) -> None:
    with ledger.uow() as uow:
        for _ in range(runs):
            record(uow, batches=1, actual_yield=40)
        uow.commit()


def _lot_count(ledger: Ledger) -> int:
    with ledger.uow(read_only=True) as uow:
        return len(inventory.list_lots(uow, include_empty=True))


def _statements_to_record(ledger: Ledger) -> int:
    with ledger.uow() as uow:
        before = uow.statements
        record(uow, batches=2, actual_yield=90, idempotency_key="measured")
        used = uow.statements - before
        uow.rollback()
    return used


def _statements_to_read_history(ledger: Ledger) -> int:
    with ledger.uow(read_only=True) as uow:
        before = uow.statements
        page = production.get_production_history(
            uow, recipe=RECIPE, limit=100, include_consumptions=True, include_losses=True
        )
        assert all(len(run.consumptions) == 2 and len(run.losses) == 1 for run in page)
        return uow.statements - before


def test_record_production_statements_do_not_depend_on_lots(ledger: Ledger) -> None:
    fixture = _stock(ledger, lots=10, prior_runs=0)
    assert _lot_count(ledger) == 10
    with_10_lots = _statements_to_record(ledger)
    assert with_10_lots == RECORD_STATEMENTS
    _buy_later_lots(ledger, fixture, 1990)
    assert _lot_count(ledger) == 2000
    assert _statements_to_record(ledger) == with_10_lots


def test_record_production_statements_do_not_depend_on_prior_runs(ledger: Ledger) -> None:
    _stock(ledger, lots=10, prior_runs=0)
    no_runs = _statements_to_record(ledger)
    _bake(ledger, 50)
    assert _statements_to_record(ledger) == no_runs


def test_history_with_consumptions_loads_in_a_fixed_number_of_statements(ledger: Ledger) -> None:
    _stock(ledger, lots=4, prior_runs=3)
    three_runs = _statements_to_read_history(ledger)
    _bake(ledger, 57)
    assert _statements_to_read_history(ledger) == three_runs
