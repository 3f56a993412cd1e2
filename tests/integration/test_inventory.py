"""Inventory: purchases, stock on hand, lots, depletion, the ledger and conservation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import InsufficientStock, ValidationError
from bakeledger.domain.inventory import LotMovement, latest_purchase
from bakeledger.domain.units import STOCK_GRID, to_stock
from bakeledger.repositories.tables import metadata
from bakeledger.repositories.types import ScaledDecimal
from bakeledger.services import catalog, inventory
from tests.helpers import dump


def _rows(engine: Engine, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


@pytest.fixture
def pantry(ledger: Ledger) -> Ledger:
    """Flour (1 cup = 120 g) sold as a 2.5 lb bag and a 16 oz box; sugar sold by the lb."""
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour", density="1 cup = 120 g")
        catalog.create_ingredient(uow, name="Sugar")
        catalog.create_product(
            uow, ingredient="flour", brand="Mill", package_unit="lb", package_unit_quantity="2.5"
        )
        catalog.create_product(
            uow, ingredient="flour", brand="Box", package_unit="oz", package_unit_quantity=16
        )
        catalog.create_product(
            uow, ingredient="sugar", brand="Cane", package_unit="lb", package_unit_quantity=1
        )
        uow.commit()
    return ledger


def _buy(ledger: Ledger, product: str, packages: Any, price: Any, day: str = "2025-11-01") -> Any:
    with ledger.uow() as uow:
        lot = inventory.add_purchase(
            uow, product=product, packages=packages, price_per_package=price, purchased_on=day
        )
        uow.commit()
    return lot


# --- purchases ------------------------------------------------------------------------------------
def test_a_purchase_makes_one_lot_at_its_own_unit_cost(pantry: Ledger, fresh: Engine) -> None:
    lot = _buy(pantry, "flour-mill", 3, "4.99")
    assert (lot.product, lot.ingredient, lot.quantity, lot.remaining, lot.unit) == (
        "flour-mill",
        "flour",
        "7.5",
        "7.5",
        "lb",
    )
    assert (lot.unit_cost, lot.purchased_on) == ("1.9960", "2025-11-01")
    stored = _rows(
        fresh, "SELECT packages, price_per_package, quantity, unit_cost FROM lots WHERE id = :i", i=lot.id
    )
    # quantity: 7.5 lb kept in grams on the stock grid (7.5 × 453.59237 × 256,000,000 steps)
    assert stored == [(3_000_000, 4_990_000, 870_897_350_400, 1_996_000)]


def test_unit_cost_keeps_six_places_and_the_dto_shows_four(pantry: Ledger, fresh: Engine) -> None:
    lot = _buy(pantry, "sugar-cane", 1, "0.10")
    thirds = _buy(pantry, "flour-box", 1, 10)  # 10 / 16 oz = 0.625 per oz
    assert (lot.unit_cost, thirds.unit_cost) == ("0.1000", "0.6250")
    cost = _rows(fresh, "SELECT unit_cost FROM lots WHERE id = :i", i=thirds.id)
    assert cost == [(625_000,)]


def test_purchase_date_defaults_to_today(pantry: Ledger) -> None:
    with pantry.uow() as uow:
        lot = inventory.add_purchase(uow, product="sugar-cane", packages=2, price_per_package="0.89")
        uow.commit()
    assert lot.purchased_on == dt.date.today().isoformat()


# --- stock on hand --------------------------------------------------------------------------------
def test_stock_on_hand_converts_every_lot_to_the_asked_unit(pantry: Ledger) -> None:
    _buy(pantry, "flour-mill", 3, "4.99")  # 7.5 lb = 120 oz
    _buy(pantry, "flour-box", 1, "2.49")  # 16 oz
    with pantry.uow(read_only=True) as uow:
        assert inventory.stock_on_hand(uow, ingredient="flour", unit="oz") == "136"
        assert inventory.stock_on_hand(uow, ingredient="flour", unit="LB") == "8.5"
        assert inventory.stock_on_hand(uow, ingredient="flour", unit="g") == "3855.535145"
        assert inventory.stock_on_hand(uow, ingredient="flour", unit="cup") == "32.12946"
        assert inventory.stock_on_hand(uow, ingredient="sugar", unit="lb") == "0"


# --- listing lots ---------------------------------------------------------------------------------
def test_lots_are_listed_oldest_first_and_empty_ones_only_when_asked(pantry: Ledger) -> None:
    february = _buy(pantry, "flour-mill", 1, 4, "2025-02-01")
    january = _buy(pantry, "flour-mill", 1, 3, "2025-01-15")
    january_box = _buy(pantry, "flour-box", 1, 2, "2025-01-15")
    sugar = _buy(pantry, "sugar-cane", 1, 1, "2024-12-01")
    with pantry.uow() as uow:
        inventory.deplete_lot(uow, lot_id=january.id, quantity="2.5", reason="spoilage")
        uow.commit()
    with pantry.uow(read_only=True) as uow:
        flour = [lot.id for lot in inventory.list_lots(uow, ingredient="flour")]
        every = [lot.id for lot in inventory.list_lots(uow, ingredient="flour", include_empty=True)]
        everything = [lot.id for lot in inventory.list_lots(uow, include_empty=True)]
    assert flour == [january_box.id, february.id]
    assert every == [january.id, january_box.id, february.id]
    assert everything == [january.id, january_box.id, february.id, sugar.id]


def _stock(quantity: str, unit: str) -> Decimal:
    """`quantity` `unit` in the stock unit a lot in that unit is kept in (g, ml, each)."""
    return to_stock(Decimal(quantity), unit, unit)


def _steps(quantity: str, unit: str) -> int:
    """What the database stores for `quantity` `unit` of a lot in that unit: grid steps."""
    return int(_stock(quantity, unit) * STOCK_GRID)


# --- depletion ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("reason", "notes"),
    [("spoilage", None), ("gift", None), ("correction", None), ("other", "mice got in")],
)
def test_depleting_a_lot_writes_a_ledger_line(pantry: Ledger, fresh: Engine, reason: str, notes: Any) -> None:
    lot = _buy(pantry, "flour-mill", 2, "4.99")  # 5 lb @ 1.996
    with pantry.uow() as uow:
        after = inventory.deplete_lot(uow, lot_id=lot.id, quantity="1.25", reason=reason, notes=notes)
        uow.commit()
    assert (after.quantity, after.remaining) == ("5", "3.75")
    ledger_lines = _rows(fresh, "SELECT kind, quantity, unit_cost, cost, reason, notes FROM lot_movements")
    # 1.25 lb kept in grams on the stock grid; cost 2.4950 = 9.98 × 1.25 / 5
    assert ledger_lines == [("deplete", _steps("1.25", "lb"), 1_996_000, 24_950, reason, notes)]


@pytest.mark.parametrize(
    ("reason", "notes"),
    [("other", None), ("other", "   "), ("stolen", "by elves"), ("", None), (None, None)],
)
def test_depletion_needs_a_known_reason_and_notes_for_other(
    pantry: Ledger, fresh: Engine, reason: Any, notes: Any
) -> None:
    lot = _buy(pantry, "flour-mill", 2, "4.99")
    before = dump(fresh)
    with pantry.uow() as uow:
        with pytest.raises(ValidationError):
            inventory.deplete_lot(uow, lot_id=lot.id, quantity=1, reason=reason, notes=notes)
        uow.commit()
    assert dump(fresh) == before


def test_depleting_more_than_remains_is_refused(pantry: Ledger, fresh: Engine) -> None:
    lot = _buy(pantry, "flour-mill", 2, "4.99")
    before = dump(fresh)
    with pantry.uow() as uow:
        with pytest.raises(InsufficientStock) as info:
            inventory.deplete_lot(uow, lot_id=lot.id, quantity="5.000001", reason="spoilage")
        uow.commit()
    assert (info.value.ingredient, info.value.unit) == ("flour", "lb")
    assert (info.value.needed, info.value.available) == ("5.000001", "5")
    assert dump(fresh) == before


def test_depleting_exactly_what_remains_empties_the_lot(pantry: Ledger) -> None:
    lot = _buy(pantry, "flour-mill", 2, "4.99")
    with pantry.uow() as uow:
        assert inventory.deplete_lot(uow, lot_id=lot.id, quantity=5, reason="gift").remaining == "0"
        uow.commit()


# --- conservation -----------------------------------------------------------------------------------
def test_every_lot_conserves_quantity(pantry: Ledger, fresh: Engine) -> None:
    """quantity = remaining + Σ consumed (and depleted) − Σ restored, for every lot, in the database."""
    first = _buy(pantry, "flour-mill", 2, "4.99", "2025-01-01")  # 5 lb
    _buy(pantry, "flour-box", 3, "2.49", "2025-01-10")  # 48 oz = 3 lb
    last = _buy(pantry, "flour-mill", 1, "5.29", "2025-02-01")  # 2.5 lb
    with pantry.uow() as uow:
        inventory.consume_fifo(uow, ingredient="flour", quantity=6, unit="lb")  # 5 lb + 16 oz
        inventory.consume_fifo(uow, ingredient="flour", quantity=4, unit="cup")  # 480 g from the box
        inventory.deplete_lot(uow, lot_id=last.id, quantity="0.5", reason="spoilage")
        uow.lots.restore(
            [LotMovement(first.id, "consume", _stock("1.5", "lb"), Decimal("1.996"), Decimal("2.994"))]
        )
        uow.commit()
    totals = _rows(
        fresh,
        """
        SELECT l.id, l.quantity, l.remaining,
               COALESCE(SUM(CASE WHEN m.kind IN ('consume', 'deplete') THEN m.quantity END), 0),
               COALESCE(SUM(CASE WHEN m.kind = 'restore' THEN m.quantity END), 0)
        FROM lots l LEFT JOIN lot_movements m ON m.lot_id = l.id
        GROUP BY l.id, l.quantity, l.remaining ORDER BY l.id
        """,
    )
    assert [(r[2], r[3], r[4]) for r in totals] == [  # grid steps of grams
        (_steps("1.5", "lb"), _steps("5", "lb"), _steps("1.5", "lb")),  # 5 lb: all taken, 1.5 put back
        (  # 48 oz: 16 oz + 480 g taken, exactly
            _steps("48", "oz") - _steps("16", "oz") - _steps("480", "g"),
            _steps("16", "oz") + _steps("480", "g"),
            0,
        ),
        (_steps("2", "lb"), _steps("0.5", "lb"), 0),  # 2.5 lb: 0.5 spoiled
    ]
    for _lot_id, quantity, remaining, taken, restored in totals:
        assert quantity == remaining + taken - restored


# --- exact storage ----------------------------------------------------------------------------------
def test_sql_sums_over_lots_are_exact(pantry: Ledger, fresh: Engine) -> None:
    """1000 lots of 0.1 oz sum to exactly 100 in SQL (a float sum gives 99.9999999999986)."""
    with pantry.uow() as uow:
        catalog.create_product(
            uow, ingredient="sugar", brand="Pinch", package_unit="oz", package_unit_quantity="0.1"
        )
        for _ in range(1000):
            inventory.add_purchase(uow, product="sugar-pinch", packages=1, price_per_package="0.03")
        uow.commit()
    sums = _rows(fresh, "SELECT SUM(quantity), SUM(remaining), SUM(unit_cost), COUNT(*) FROM lots")
    hundred = _steps("100", "oz")  # in grams on the stock grid
    assert sums == [(hundred, hundred, 300_000_000, 1000)]  # 100 oz, 100 oz, 1000 × 0.30
    with pantry.uow(read_only=True) as uow:
        assert inventory.stock_on_hand(uow, ingredient="sugar", unit="oz") == "100"


def test_money_and_quantity_columns_are_integers_in_the_database(pantry: Ledger, fresh: Engine) -> None:
    _buy(pantry, "flour-mill", "1.5", "4.99")
    scaled = {
        (table.name, column.name)
        for table in metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, ScaledDecimal)
    }
    assert ("lots", "unit_cost") in scaled and ("production_runs", "total_ingredient_cost") in scaled
    columns = {
        (table, c["name"]): c["type"]
        for table in {t for t, _ in scaled}
        for c in inspect(fresh).get_columns(table)
    }
    assert {key: type(columns[key]).__name__ for key in scaled} == {key: "BIGINT" for key in scaled}
    stored = _rows(fresh, "SELECT packages, price_per_package, quantity, remaining, unit_cost FROM lots")
    held = _steps("3.75", "lb")  # 3.75 lb in grams on the stock grid
    assert stored == [(1_500_000, 4_990_000, held, held, 1_996_000)]
    assert all(type(value) is int for value in stored[0])


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"purchased_on": "1999-12-31"}, "purchased_on"),
        ({"purchased_on": dt.date.today() + dt.timedelta(days=367)}, "purchased_on"),
        ({"purchased_on": "2026-11-30", "expires_on": "2026-11-29"}, "expires_on"),
        ({"packages": "\u0661\u0660"}, "packages"),
    ],
    ids=["before 2000", "more than a year ahead", "expires before bought", "arabic-indic digits"],
)
def test_a_purchase_with_an_impossible_date_or_foreign_digits_is_refused(
    pantry: Ledger, fresh: Engine, dates: dict[str, Any], field: str
) -> None:
    before = dump(fresh)
    arguments = {"product": "flour-mill", "packages": 1, "price_per_package": "2.50", **dates}
    with pantry.uow() as uow, pytest.raises(ValidationError) as info:
        inventory.add_purchase(uow, **arguments)
    assert info.value.field == field
    assert dump(fresh) == before


def test_a_purchase_a_year_ahead_and_expiring_the_same_day_is_accepted(pantry: Ledger) -> None:
    ahead = latest_purchase(dt.date.today())
    with pantry.uow() as uow:
        lot = inventory.add_purchase(
            uow,
            product="flour-mill",
            packages=1,
            price_per_package="2.50",
            purchased_on=ahead,
            expires_on=ahead,
        )
        uow.rollback()
    assert lot.purchased_on == ahead.isoformat()
