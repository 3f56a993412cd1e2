"""First-in-first-out allocation of a requested quantity over lots (pure, no database)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

import attrs

from bakeledger.domain.numbers import quantize_quantity


@attrs.frozen
class LotView:
    """What FIFO needs of a lot: its remaining quantity and unit cost, both in the lot's unit."""

    lot_id: int
    remaining: Decimal
    unit: str
    unit_cost: Decimal


@attrs.frozen
class AllocationLine:
    """One piece taken from one lot, in the lot's own unit; cost = quantity × unit_cost."""

    lot_id: int
    quantity: Decimal
    unit: str
    unit_cost: Decimal
    cost: Decimal
    remaining_after: Decimal


@attrs.frozen
class Allocation:
    """Result of allocating `requested` (in `unit`): what was covered, the pieces, the cost."""

    requested: Decimal
    unit: str
    consumed: Decimal
    shortfall: Decimal
    lines: tuple[AllocationLine, ...]

    @property
    def satisfied(self) -> bool:
        return self.shortfall == 0

    @property
    def total_cost(self) -> Decimal:
        return sum((line.cost for line in self.lines), Decimal(0))


Converter = Callable[[Decimal, str, str], Decimal]


def allocate(lots: Iterable[LotView], requested: Decimal, unit: str, convert: Converter) -> Allocation:
    """Take `requested` from `lots` in the order given (oldest first), each costed at its own price.

    `convert(q, from_unit, to_unit)` converts exactly; each piece is rounded to 6 places in the
    lot's unit, and a lot that is taken whole is taken exactly.
    """
    need = requested
    lines: list[AllocationLine] = []
    for lot in lots:
        if need <= 0:
            break
        if lot.remaining <= 0:
            continue
        available = convert(lot.remaining, lot.unit, unit)
        if available <= need:
            taken = lot.remaining
            need -= available
        else:
            taken = min(quantize_quantity(convert(need, unit, lot.unit)), lot.remaining)
            need = Decimal(0)
        if taken <= 0:
            continue
        lines.append(
            AllocationLine(
                lot_id=lot.lot_id,
                quantity=taken,
                unit=lot.unit,
                unit_cost=lot.unit_cost,
                cost=taken * lot.unit_cost,
                remaining_after=lot.remaining - taken,
            )
        )
        if need <= 0:  # stop before asking `lots` for one more: it may be a database read
            break
    shortfall = quantize_quantity(max(need, Decimal(0)))
    return Allocation(
        requested=requested,
        unit=unit,
        consumed=requested - shortfall,
        shortfall=shortfall,
        lines=tuple(lines),
    )
