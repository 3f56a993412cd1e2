"""FIFO consumption across lots: oldest first by purchase date, dry runs, all or nothing, unit
conversion through density, exact remainders — on both backends."""

from __future__ import annotations

import datetime as dt

import pytest

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import InsufficientStock, UnitConversionError
from bakeledger.services import catalog, inventory


def _setup(ledger: Ledger, lots: list[tuple[str, str]], density: str | None = None) -> str:
    """Ingredient `flour` with a lb product (qty 1); lots as (price, date) of 5 lb each."""
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="flour", density=density)
        product = catalog.create_product(
            uow, ingredient="flour", brand="Mill", package_unit="lb", package_unit_quantity=1
        )
        for price, day in lots:
            inventory.add_purchase(
                uow, product=product.slug, packages=5, price_per_package=price, purchased_on=day
            )
        uow.commit()
    return product.slug


def _remaining(ledger: Ledger) -> list[str]:
    with ledger.uow(read_only=True) as uow:
        return [lot.remaining for lot in inventory.list_lots(uow, ingredient="flour", include_empty=True)]


def test_dry_run_costs_across_lots_and_changes_nothing(ledger: Ledger) -> None:
    _setup(ledger, [("2", "2025-01-01"), ("3", "2025-02-01")])
    with ledger.uow() as uow:
        result = inventory.consume_fifo(uow, ingredient="flour", quantity=7, unit="lb", dry_run=True)
        uow.commit()
    assert result.total_cost == "16.00"
    assert result.satisfied is True
    assert _remaining(ledger) == ["5", "5"]


def test_consume_takes_oldest_first(ledger: Ledger) -> None:
    _setup(ledger, [("2", "2025-01-01"), ("3", "2025-02-01")])
    with ledger.uow() as uow:
        inventory.consume_fifo(uow, ingredient="flour", quantity=7, unit="lb")
        uow.commit()
    assert _remaining(ledger) == ["0", "3"]


def test_dry_run_reports_shortfall(ledger: Ledger) -> None:
    _setup(ledger, [("2", "2025-01-01")])
    with ledger.uow(read_only=True) as uow:
        result = inventory.consume_fifo(uow, ingredient="flour", quantity=8, unit="lb", dry_run=True)
    assert (result.satisfied, result.consumed, result.shortfall, result.total_cost) == (
        False,
        "5",
        "3",
        "10.00",
    )


def test_real_consumption_is_all_or_nothing(ledger: Ledger) -> None:
    _setup(ledger, [("2", "2025-01-01")])
    with ledger.uow() as uow:
        with pytest.raises(InsufficientStock) as info:
            inventory.consume_fifo(uow, ingredient="flour", quantity=8, unit="lb")
        uow.rollback()
    assert (info.value.needed, info.value.available) == ("8", "5")
    assert _remaining(ledger) == ["5"]


def test_order_is_by_purchase_date_not_insertion(ledger: Ledger) -> None:
    _setup(ledger, [("3", "2025-02-01"), ("2", "2025-01-01")])
    with ledger.uow(read_only=True) as uow:
        result = inventory.consume_fifo(uow, ingredient="flour", quantity=3, unit="lb", dry_run=True)
        january = inventory.list_lots(uow, ingredient="flour")[0]
    assert len(result.lines) == 1
    assert result.lines[0].lot_id == january.id
    assert result.lines[0].unit_cost == "2.0000"


def test_volume_drawn_from_weight_lots_through_density(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="flour", density="1 cup = 4 oz")
        p10 = catalog.create_product(
            uow, ingredient="flour", brand="Mill", name="10lb", package_unit="lb", package_unit_quantity=10
        )
        p15 = catalog.create_product(
            uow, ingredient="flour", brand="Mill", name="15lb", package_unit="lb", package_unit_quantity=15
        )
        inventory.add_purchase(
            uow, product=p10.slug, packages=1, price_per_package="8.99", purchased_on=dt.date(2025, 1, 1)
        )
        inventory.add_purchase(
            uow, product=p15.slug, packages=1, price_per_package="9.49", purchased_on=dt.date(2025, 1, 15)
        )
        result = inventory.consume_fifo(uow, ingredient="flour", quantity=48, unit="cup")
        uow.commit()
    assert result.total_cost == "10.26"
    assert _remaining(ledger) == ["0", "13"]


def test_exact_decimal_remaining(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="chocolate")
        product = catalog.create_product(
            uow, ingredient="chocolate", brand="Dark", package_unit="oz", package_unit_quantity="17.3"
        )
        inventory.add_purchase(uow, product=product.slug, packages=1, price_per_package="5.00")
        inventory.consume_fifo(uow, ingredient="chocolate", quantity="5.75", unit="oz")
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        assert [lot.remaining for lot in inventory.list_lots(uow, ingredient="chocolate")] == ["11.55"]


def test_volume_without_density_cannot_convert(ledger: Ledger) -> None:
    _setup(ledger, [("2", "2025-01-01")])
    with ledger.uow() as uow:
        with pytest.raises(UnitConversionError):
            inventory.consume_fifo(uow, ingredient="flour", quantity=2, unit="cup")
        uow.rollback()
    assert _remaining(ledger) == ["5"]


def test_shortage_errors_read_their_numbers_like_the_results(ledger: Ledger) -> None:
    """Whoever runs short — a FIFO draw, a lot depletion — the error shows plain quantities."""
    _setup(ledger, [("2", "2025-01-01")])
    with ledger.uow() as uow:
        with pytest.raises(InsufficientStock) as drawn:
            inventory.consume_fifo(uow, ingredient="flour", quantity="8.50", unit="lb")
        lot = inventory.list_lots(uow, ingredient="flour")[0]
        with pytest.raises(InsufficientStock) as depleted:
            inventory.deplete_lot(uow, lot_id=lot.id, quantity="6.000", reason="spoilage")
        uow.rollback()
    assert drawn.value.to_dict()["message"] == "not enough flour: need 8.5 lb, have 5 lb"
    assert (depleted.value.needed, depleted.value.available) == ("6", "5")
