"""First-in-first-out allocation of a requested quantity over lots (pure, no database)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

import attrs

from bakeledger.domain.inventory import draw_cost
from bakeledger.domain.numbers import quantize_quantity
from bakeledger.domain.units import in_lot_unit, stock_unit, to_grid


@attrs.frozen
class LotView:
    """What FIFO needs of a lot: what is left of it and what it held (exact, in its stock unit:
    g, ml, each or its package word), its own unit, and the money it cost and has left.

    A finished lot (whole items, each at its unit cost) has no `cost`: a piece of it costs its
    count × unit cost."""

    lot_id: int
    remaining: Decimal
    unit: str
    unit_cost: Decimal
    quantity: Decimal | None = None
    cost: Decimal | None = None
    remaining_cost: Decimal | None = None


@attrs.frozen
class AllocationLine:
    """One piece taken from one lot: `quantity` and `remaining_after` in the lot's stock unit,
    `cost` its exact share of the lot's money (`draw_cost`); `unit` is the lot's own unit."""

    lot_id: int
    quantity: Decimal
    unit: str
    unit_cost: Decimal
    cost: Decimal
    remaining_after: Decimal

    @property
    def shown_quantity(self) -> Decimal:
        """The quantity in the lot's own unit (what a DTO shows, before formatting)."""
        return in_lot_unit(self.quantity, self.unit)

    @property
    def shown_remaining_after(self) -> Decimal:
        return in_lot_unit(self.remaining_after, self.unit)


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


def take(lot: LotView, amount: Decimal) -> AllocationLine:
    """The ledger line drawing `amount` (stock unit, on the grid, at most what is left) from `lot`."""
    if lot.cost is None or lot.quantity is None or lot.remaining_cost is None:
        cost = amount * lot.unit_cost
    else:
        cost = draw_cost(amount, lot.remaining, lot.quantity, lot.cost, lot.remaining_cost)
    return AllocationLine(lot.lot_id, amount, lot.unit, lot.unit_cost, cost, lot.remaining - amount)


def allocate(lots: Iterable[LotView], requested: Decimal, unit: str, convert: Converter) -> Allocation:
    """Take `requested` from `lots` in the order given (oldest first), each costed at its own price.

    `convert(q, from_unit, to_unit)` converts exactly (to 50 digits). A lot's quantities are kept
    in its stock unit on the stock grid: a piece that falls between two grid steps is rounded half
    up to the grid, and such a rounded piece that would leave less than a millionth of the lot's
    own unit (less than a DTO can show) takes that rest too, so no unusable dust is left behind.
    """
    need = requested
    lines: list[AllocationLine] = []
    for lot in lots:
        if need <= 0:
            break
        if lot.remaining <= 0:
            continue
        base = stock_unit(lot.unit)
        exact = convert(need, unit, base)
        wanted = to_grid(exact)
        if wanted <= 0:  # less than a grid step is still needed: nothing left to take
            need = Decimal(0)
            break
        if wanted >= lot.remaining:
            taken = lot.remaining
            need = need - convert(taken, base, unit) if wanted > lot.remaining else Decimal(0)
        else:
            taken = wanted
            dust = convert(_SHOWN, lot.unit, base)
            if wanted != exact and lot.remaining - taken < dust:
                taken = lot.remaining
            need = Decimal(0)
        lines.append(take(lot, taken))
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


_SHOWN = Decimal("0.000001")  # the smallest quantity a DTO shows (6 places)
