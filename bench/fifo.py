"""consume_fifo: take 2.5 cups of flour oldest-first (1.5 from one lot, 1 from the next)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from bakeledger.services import inventory
from bakeledger.uow.base import UnitOfWork
from bench.raw import Raw, draw_cost, from_steps, money, quantity, scaled, to_steps, unit_cost
from bench.scenario import Scenario

INGREDIENT, AMOUNT, UNIT = "flour", "2.5", "cup"
CHUNK = 32

_LOT = "SELECT id, remaining, unit, unit_cost, purchased_on, quantity, cost, remaining_cost FROM lots "
_FIRST = _LOT + "WHERE ingredient_id = ? AND remaining > 0 ORDER BY purchased_on, id LIMIT 32"
_NEXT = (
    _LOT + ""
    "WHERE ingredient_id = ? AND remaining > 0 AND (purchased_on > ? OR (purchased_on = ? AND id > ?)) "
    "ORDER BY purchased_on, id LIMIT 32"
)
_TAKE = "UPDATE lots SET remaining = remaining - ?, remaining_cost = remaining_cost - ? WHERE id = ?"
_LEDGER = (
    "INSERT INTO lot_movements (lot_id, kind, quantity, unit_cost, cost, production_run_id, "
    "assembly_run_id, reason, created_at) VALUES (?, 'consume', ?, ?, ?, ?, ?, ?, ?)"
)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def live_lots(raw: Raw, ingredient_id: int, *, lock: bool) -> Iterator[tuple[Any, ...]]:
    """Non-empty lots of one ingredient, oldest first, read 32 at a time as they are needed."""
    suffix = raw.lock if lock else ""
    rows = raw.rows(_FIRST + suffix, (ingredient_id,))
    while True:
        yield from rows
        if len(rows) < CHUNK:
            return
        last = rows[-1]
        rows = raw.rows(_NEXT + suffix, (ingredient_id, last[4], last[4], last[0]))


def take(raw: Raw, ingredient_id: int, need: int, unit: str, *, lock: bool = True) -> list[tuple[Any, ...]]:
    """FIFO pieces (lot id, grid steps taken, unit, unit cost, steps left after, money) covering
    `need` (× 10^6 of `unit`)."""
    pieces = []
    need = to_steps(need, unit)
    for lot_id, remaining, lot_unit, cost, _bought, held, paid, money_left in live_lots(
        raw, ingredient_id, lock=lock
    ):
        if lot_unit != unit:
            raise NotImplementedError("the baseline only draws lots kept in the unit asked for")
        taken = min(remaining, need)
        share = draw_cost(taken, remaining, held, paid, money_left)
        pieces.append((lot_id, taken, lot_unit, cost, remaining - taken, share))
        need -= taken
        if need == 0:
            return pieces
    raise LookupError(f"not enough stock of ingredient {ingredient_id}")


def consume(
    raw: Raw,
    pieces: list[tuple[Any, ...]],
    *,
    reason: str | None,
    production_run_id: int | None = None,
    assembly_run_id: int | None = None,
) -> None:
    """Take the pieces from their lots and write their ledger lines (two statements)."""
    raw.executemany(_TAKE, [(p[1], p[5], p[0]) for p in pieces])
    at = raw.moment_in(now())
    raw.executemany(
        _LEDGER,
        [(p[0], p[1], p[3], p[5], production_run_id, assembly_run_id, reason, at) for p in pieces],
    )


def ours(uow: UnitOfWork) -> Any:
    return inventory.consume_fifo(uow, ingredient=INGREDIENT, quantity=AMOUNT, unit=UNIT)


def theirs(raw: Raw) -> dict[str, Any]:
    need = scaled(AMOUNT)
    (ingredient_id,) = raw.rows("SELECT id FROM ingredients WHERE slug = ?", (INGREDIENT,))[0]
    pieces = take(raw, ingredient_id, need, UNIT)
    consume(raw, pieces, reason="consume_fifo")
    exact = sum(p[5] for p in pieces)
    return {
        "ingredient": INGREDIENT,
        "unit": UNIT,
        "requested": quantity(need),
        "consumed": quantity(need),
        "shortfall": "0",
        "satisfied": True,
        "total_cost": money(exact),
        "lines": [
            {
                "lot_id": p[0],
                "quantity": quantity(from_steps(p[1], p[2])),
                "unit": p[2],
                "unit_cost": unit_cost(p[3]),
                "cost": money(p[5]),
                "remaining_after": quantity(from_steps(p[4], p[2])),
            }
            for p in pieces
        ],
    }


SCENARIO = Scenario("consume_fifo", "lots", True, ours, theirs)
