"""Migration 0003: a database whose lots were kept at 6 places in each lot's own unit is brought
to exact stock without changing a figure a user saw, except the rounding artefacts it removes.

Each test gets a scratch database (a new SQLite file, or a new PostgreSQL database)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

import bakeledger
from bakeledger.domain.units import STOCK_GRID, in_lot_unit
from bakeledger.services import inventory
from bakeledger.uow.migrate import alembic_config

LB = Decimal("453.59237")
SIX = Decimal("0.000001")


@pytest.fixture
def probe(scratch_url: str) -> Iterator[Engine]:
    engine = create_engine(scratch_url)
    yield engine
    engine.dispose()


def _migrate(engine: Engine, verb: str, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        getattr(command, verb)(config, revision)


def _old(value: Decimal) -> int:
    """A figure as revision 0002 stored it: value × 10^6, rounded half up."""
    return int((value / SIX).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class _OldLedger:
    """Writes rows the way revision 0002 kept them."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.ids = {"ingredients": 0, "products": 0, "lots": 0}

    def _next(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def product(self, name: str, unit: str, density: str | None = None) -> tuple[int, int]:
        ingredient, product = self._next("ingredients"), self._next("products")
        self.conn.execute(
            text(
                "INSERT INTO ingredients (id, uuid, name, name_key, slug, category, density) "
                "VALUES (:id, :uuid, :name, :key, :slug, 'general', :density)"
            ),
            {
                "id": ingredient,
                "uuid": str(uuid.uuid4()),
                "name": name,
                "key": name.lower(),
                "slug": name.lower(),
                "density": density,
            },
        )
        self.conn.execute(
            text(
                "INSERT INTO products (id, uuid, ingredient_id, brand, slug, package_unit, "
                "package_unit_quantity, preferred) "
                "VALUES (:id, :uuid, :i, 'House', :slug, :unit, 1000000, false)"
            ),
            {
                "id": product,
                "uuid": str(uuid.uuid4()),
                "i": ingredient,
                "slug": f"{name.lower()}-house",
                "unit": unit,
            },
        )
        return ingredient, product

    def lot(self, product: tuple[int, int], unit: str, price: str, draws: list[tuple[str, Decimal]]) -> int:
        """One package of 1 `unit` at `price`, then its ledger lines (kind, quantity in `unit`,
        rounded to 6 places as the old code did); remaining as the old code left it."""
        lot_id, unit_cost = self._next("lots"), _old(Decimal(price))
        held = 1_000_000
        lines = []
        for kind, quantity in draws:
            stored = _old(quantity)
            cost = int((Decimal(stored) * Decimal(price) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            lines.append((kind, stored, cost))
            held += stored if kind == "restore" else -stored
        self.conn.execute(
            text(
                "INSERT INTO lots (id, uuid, product_id, ingredient_id, packages, price_per_package, "
                "quantity, remaining, unit, unit_cost, purchased_on, created_at) "
                "VALUES (:id, :uuid, :p, :i, 1000000, :price, 1000000, :held, :unit, :price, :day, :now)"
            ),
            {
                "id": lot_id,
                "uuid": str(uuid.uuid4()),
                "p": product[1],
                "i": product[0],
                "price": unit_cost,
                "held": held,
                "unit": unit,
                "day": dt.date(2026, 11, lot_id),
                "now": dt.datetime(2026, 11, 30),
            },
        )
        for kind, stored, cost in lines:
            self.conn.execute(
                text(
                    "INSERT INTO lot_movements (lot_id, kind, quantity, unit_cost, cost, reason, created_at) "
                    "VALUES (:lot, :kind, :q, :uc, :cost, 'consume_fifo', :now)"
                ),
                {
                    "lot": lot_id,
                    "kind": kind,
                    "q": stored,
                    "uc": unit_cost,
                    "cost": cost,
                    "now": dt.datetime(2026, 11, 30),
                },
            )
        return lot_id


EGG = Decimal(1) / 12  # one egg of a dozen


def _season_at_0002(engine: Engine) -> dict[str, int]:
    with engine.begin() as conn:
        old = _OldLedger(conn)
        eggs = old.product("Eggs", "dozen")
        butter = old.product("Butter", "lb", "1 cup = 227 g")
        flour = old.product("Flour", "lb", "1 cup = 125 g")
        return {
            # five 2-egg bakes: 0.166667 dozen each, 0.166665 left (the sixth was refused)
            "five_pairs": old.lot(eggs, "dozen", "3.99", [("consume", 2 * EGG)] * 5),
            # twelve 1-egg bakes: 0.083333 each, 0.000004 dozen (0.000048 eggs) stranded
            "twelve_singles": old.lot(eggs, "dozen", "3.99", [("consume", EGG)] * 12),
            # butter by the cup, tbsp and gram through its density, with a reversal
            "butter": old.lot(
                butter,
                "lb",
                "4.99",
                [
                    ("consume", 227 / LB),
                    ("consume", Decimal("14.1875") / LB),
                    ("consume", Decimal("28.375") / LB),
                    ("restore", Decimal("28.375") / LB),
                    ("consume", 5 / LB),
                ],
            ),
            # a lot emptied by a draw that was exact already
            "flour": old.lot(flour, "lb", "2.00", [("consume", Decimal("0.25"))] * 4),
        }


def _figures(engine: Engine, lot_id: int) -> tuple[Any, ...]:
    with engine.connect() as conn:
        lot = conn.execute(
            text("SELECT quantity, remaining, cost, remaining_cost, unit FROM lots WHERE id = :i"),
            {"i": lot_id},
        ).one()
        lines = conn.execute(
            text("SELECT kind, quantity, cost FROM lot_movements WHERE lot_id = :i ORDER BY id"),
            {"i": lot_id},
        ).all()
    return tuple(lot), [tuple(line) for line in lines]


def _old_lines(engine: Engine, lot_id: int) -> list[tuple[str, int, int]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT kind, quantity, cost FROM lot_movements WHERE lot_id = :i ORDER BY id"),
            {"i": lot_id},
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_old_lots_become_exact_and_reconcile(scratch_url: str, probe: Engine) -> None:
    bakeledger.open(scratch_url).dispose()
    _migrate(probe, "downgrade", "0003")
    lots = _season_at_0002(probe)
    before = {name: _old_lines(probe, lot_id) for name, lot_id in lots.items()}
    ledger = bakeledger.open(scratch_url)  # brings it to head
    try:
        steps_of = {name: _figures(probe, lot_id) for name, lot_id in lots.items()}
        for name, ((quantity, remaining, cost, remaining_cost, unit), lines) in steps_of.items():
            taken = sum(q for kind, q, _ in lines if kind != "restore")
            restored = sum(q for kind, q, _ in lines if kind == "restore")
            money = sum(-c if kind == "restore" else c for kind, _, c in lines)
            assert quantity == remaining + taken - restored, name  # reconciles exactly
            assert cost == remaining_cost + money or (remaining_cost == 0 and remaining == 0), name
            # every ledger line reads as it did, at 6 places of the lot's unit, with its old cost
            for (kind, new_q, new_cost), (old_kind, old_q, old_cost) in zip(lines, before[name], strict=True):
                shown = in_lot_unit(Decimal(new_q) / STOCK_GRID, unit).quantize(SIX, rounding=ROUND_HALF_UP)
                assert (kind, shown, new_cost) == (old_kind, Decimal(old_q) * SIX, old_cost), name

        pairs, singles = steps_of["five_pairs"], steps_of["twelve_singles"]
        assert [q for _, q, _ in pairs[1]] == [2 * STOCK_GRID] * 5  # 0.166667 dozen was 2 eggs
        assert pairs[0][:4] == (12 * STOCK_GRID, 2 * STOCK_GRID, 39_900, 39_900 - 5 * 6_650)
        assert singles[0][1:4] == (0, 39_900, 0)  # the stranded 0.000048 eggs are gone
        butter = steps_of["butter"][0]
        assert butter[1] == int((LB - 227 - Decimal("14.1875") - 5) * STOCK_GRID)  # 207.40487 g exactly
        assert steps_of["flour"][0][1:4] == (0, 20_000, 0)

        with ledger.uow() as uow:
            assert inventory.stock_on_hand(uow, ingredient="eggs", unit="each") == "2"
            assert inventory.stock_on_hand(uow, ingredient="butter", unit="g") == "207.40487"
            shown = {lot.id: lot.remaining for lot in inventory.list_lots(uow, include_empty=True)}
            assert shown[lots["five_pairs"]] == "0.166667"  # was 0.166665: the artefact is gone
            # the sixth 2-egg bake now fits, empties the lot and takes exactly the money left
            inventory.consume_fifo(uow, ingredient="eggs", quantity=2, unit="each")
            uow.commit()
        assert _figures(probe, lots["five_pairs"])[0][1:4] == (0, 39_900, 0)
    finally:
        ledger.dispose()


def test_down_and_up_again_keeps_the_figures(scratch_url: str, probe: Engine) -> None:
    bakeledger.open(scratch_url).dispose()
    _migrate(probe, "downgrade", "0003")
    lots = _season_at_0002(probe)
    bakeledger.open(scratch_url).dispose()
    first = {name: _figures(probe, lot_id) for name, lot_id in lots.items()}
    _migrate(probe, "downgrade", "0003")
    _migrate(probe, "upgrade", "head")
    assert {name: _figures(probe, lot_id) for name, lot_id in lots.items()} == first
