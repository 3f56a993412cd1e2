"""What the state machine compares with its model: committed rows, and what the services report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.units import STOCK_GRID, in_lot_unit
from bakeledger.services import events, inventory
from tests.reliability import world

Lots = dict[int, Decimal]
FinishedLots = list[tuple[int, int, Decimal]]
Runs = dict[tuple[str, int], tuple[bool, Decimal]]
_FINISHED = "finished_lots"


def _scaled(value: Any, places: int) -> Decimal:
    return Decimal(int(value)).scaleb(-places)


def committed(engine: Engine) -> tuple[Lots, FinishedLots, Runs]:
    """Lot id → remaining; finished lots (quantity, remaining, unit cost) in creation order;
    (kind, run id) → (reversed, exact cost) — read with SQL through a separate engine."""
    with engine.connect() as conn:
        lots = {  # kept in each lot's stock unit on the stock grid: read back in the lot's own unit
            r.id: in_lot_unit(Decimal(int(r.remaining)) / STOCK_GRID, r.unit)
            for r in conn.execute(text("SELECT id, remaining, unit FROM lots"))
        }
        finished = [
            (r.quantity, r.remaining, _scaled(r.unit_cost, 6))
            for r in conn.execute(
                text("SELECT quantity, remaining, unit_cost FROM finished_lots ORDER BY id")
            )
        ]
        runs = {
            (kind, r.id): (bool(r.reversed), _scaled(r.total, 4))
            for kind, table, column in (
                ("production", "production_runs", "total_ingredient_cost"),
                ("assembly", "assembly_runs", "total_component_cost"),
            )
            for r in conn.execute(text(f"SELECT id, reversed, {column} AS total FROM {table}"))
        }
    return lots, finished, runs


def through_the_services(ledger: Ledger) -> tuple[dict[tuple[str, str], int], dict[str, Any]]:
    """Finished counts and the event's progress as the services report them (one read-only UoW)."""
    with ledger.uow(read_only=True) as uow:
        counts = {
            (kind, slug): inventory.finished_stock(uow, kind=kind, slug=slug).count
            for kind, slug in world.FINISHED_ITEMS
        }
        (event,) = events.get_events_with_progress(uow, filter="all")
    overall = event.overall
    return counts, {
        "production": [
            (p.recipe, p.produced_batches, p.produced_yield, p.percent, p.complete) for p in event.production
        ],
        "assembly": [(p.finished_good, p.assembled_quantity, p.percent, p.complete) for p in event.assembly],
        "overall": (
            overall.production_percent,
            overall.assembly_percent,
            overall.overall_percent,
            overall.status,
        ),
    }
