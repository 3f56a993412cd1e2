"""Older full exports, read as the current version: version 1 as version 2, version 2 as version 3.

Version 2 → 3: a version 2 document knew no plans, so it is read with empty plan sections (every
event's plan a draft without decisions, as the database migration leaves events).

Version 1 → 2: lots exact in their stock unit, with their money.

A version 1 document kept each lot's figures at 6 places of the lot's own unit, so its ledger
lines are draws rounded there. They are read the way migration 0003 converts a database: a lot's
quantity exactly; each ledger line as the simplest amount that showed as its figure (the value with
the fewest decimal places, in any unit of the lot's dimension, strictly within half a millionth of
the lot's unit of it); `remaining` from the ledger, a lot that was empty staying empty; `cost`
from packages and price, `remaining_cost` that less the money of its lines, within 0 and `cost`.
Anything that cannot be read so (a missing or malformed value) is left as it is, for the
document's checks to report.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from bakeledger.domain.errors import ValidationError
from bakeledger.domain.inventory import lot_cost
from bakeledger.domain.units import convert, dimension, is_known_unit, on_grid, to_stock
from bakeledger.services.exchange.shape import exact
from bakeledger.services.exchange.values import EXPORT_FORMAT, EXPORT_VERSION

PLAN_SECTIONS = ("event_plans", "plan_decisions", "plan_amendments")  # new in version 3

_KNOWN_UNITS: tuple[str, ...] = ("g", "kg", "oz", "lb", "ml", "l", "tsp", "tbsp", "fl oz", "cup", "pt")
_KNOWN_UNITS += ("qt", "gal", "each", "piece", "dozen")
_SIX = Decimal("0.000001")


def upgrade(document: Any) -> Any:
    """The current reading of a version 1 or 2 full export; any other document as it is."""
    return from_version_2(from_version_1(document))


def _is_version(document: Any, version: int) -> bool:
    return (
        isinstance(document, dict)
        and document.get("format") == EXPORT_FORMAT
        and type(document.get("version")) is int
        and document["version"] == version
    )


def from_version_2(document: Any) -> Any:
    """The version 3 reading of a version 2 full export: no plans; any other document as it is."""
    if not _is_version(document, 2):
        return document
    return {**{section: [] for section in PLAN_SECTIONS}, **document, "version": EXPORT_VERSION}


def from_version_1(document: Any) -> Any:
    """The version 2 reading of a version 1 full export; any other document as it is."""
    if not _is_version(document, 1):
        return document
    lots, lines = document.get("lots"), document.get("lot_movements")
    if not isinstance(lots, list) or not isinstance(lines, list):
        return {**document, "version": 2}
    by_lot: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in lines:
        if isinstance(line, dict) and isinstance(line.get("lot"), str):
            by_lot[line["lot"]].append(line)
    new_lots, new_lines = [], {}
    for lot in lots:
        converted = _lot(lot, by_lot.get(lot.get("uuid", ""), []) if isinstance(lot, dict) else [])
        if converted is None:
            new_lots.append(lot)
            continue
        new_lots.append(converted[0])
        new_lines.update(converted[1])
    return {
        **document,
        "version": 2,
        "lots": new_lots,
        "lot_movements": [new_lines.get(id(line), line) for line in lines],
    }


def simplest_stock(shown: Decimal, unit: str) -> Decimal:
    """The simplest amount (in `unit`'s stock unit, on the grid) that showed as the 6-place
    figure `shown` of `unit`."""
    stock = convert(shown, unit, _stock_of(unit))
    tolerance = convert(_SIX / 2, unit, _stock_of(unit))
    same = [u for u in _KNOWN_UNITS if dimension(u) == dimension(unit) and u != unit]
    for places in range(7):
        for candidate in [unit, *same] if is_known_unit(unit) else [unit]:
            amount = convert(stock, _stock_of(unit), candidate).quantize(
                Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
            )
            kept = convert(amount, candidate, _stock_of(unit))
            if amount > 0 and on_grid(kept) and abs(kept - stock) < tolerance:
                return kept
    return to_stock(shown, unit, unit)


def _stock_of(unit: str) -> str:
    return {"weight": "g", "volume": "ml", "count": "each"}.get(dimension(unit), unit)


def _lot(lot: Any, lines: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[int, dict[str, Any]]] | None:
    try:
        unit = lot["unit"]
        held = to_stock(Decimal(lot["quantity"]), unit, unit)
        was_empty = Decimal(lot["remaining"]) == 0
        cost = lot_cost(Decimal(lot["packages"]), Decimal(lot["price_per_package"]))
        attempts = (
            [simplest_stock(Decimal(line["quantity"]), unit) for line in lines],
            [to_stock(Decimal(line["quantity"]), unit, unit) for line in lines],
        )
        spent = sum(
            (
                -Decimal(line["cost"]) if line["kind"] == "restore" else Decimal(line["cost"])
                for line in lines
            ),
            Decimal(0),
        )
    except (KeyError, TypeError, ValueError, InvalidOperation, ValidationError):
        return None
    drawn = [i for i, line in enumerate(lines) if line.get("kind") != "restore"]
    for amounts in attempts:
        net = sum(
            (a if line["kind"] == "restore" else -a for a, line in zip(amounts, lines, strict=True)),
            Decimal(0),
        )
        remaining = held + net
        if was_empty and remaining != 0 and drawn and amounts[drawn[-1]] + remaining > 0:
            amounts = [*amounts]
            amounts[drawn[-1]] += remaining
            remaining = Decimal(0)
        if 0 <= remaining <= held:
            break
    left = Decimal(0) if remaining == 0 else min(max(cost - spent, Decimal(0)), cost)
    new_lot = {
        **lot,
        "quantity": exact(held),
        "remaining": exact(remaining),
        "cost": exact(cost),
        "remaining_cost": exact(left),
    }
    return new_lot, {
        id(line): {**line, "quantity": exact(amount)} for line, amount in zip(lines, amounts, strict=True)
    }
