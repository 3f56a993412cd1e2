"""An ingredient's stock over time: purchases add on the day bought, runs and depletions remove on
their day, reversals put back on the day they were made."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from bakeledger.domain.units import in_lot_unit
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.uow.base import UnitOfWork

ZERO = Decimal(0)


def stock_timeline(uow: UnitOfWork, *, ingredient: str) -> dto.StockTimelineDTO:
    """Per unit of the ingredient's lots, one entry per day something changed, oldest first; the
    last day's on-hand figure is the stock on hand now (the sum of the lots' remaining)."""
    slug = arguments.slug(ingredient, "ingredient")
    uow.ensure_active()
    found = uow.ingredients.get(slug)
    changes: defaultdict[tuple[str, dt.date], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for lot in uow.lots.list(ingredient_id=found.id, include_empty=True):
        changes[(lot.unit, lot.purchased_on)][0] += in_lot_unit(lot.quantity, lot.unit)
    for kind, stored, unit, when in uow.lots.movements_of_ingredient(found.id):
        quantity = in_lot_unit(stored, unit)  # lots keep their stock in a base unit (g, ml, each)
        if kind == "restore":
            changes[(unit, when.date())][0] += quantity
        else:  # consume | deplete
            changes[(unit, when.date())][1] += quantity
    units = sorted({unit for unit, _day in changes})
    days = []
    for unit in units:
        on_hand = ZERO
        for day in sorted(day for of, day in changes if of == unit):
            added, removed = changes[(unit, day)]
            on_hand += added - removed
            days.append(
                build(dto.StockDayDTO, day=day, unit=unit, added=added, removed=removed, on_hand=on_hand)
            )
    return build(dto.StockTimelineDTO, ingredient=found.slug, units=units, days=days)
