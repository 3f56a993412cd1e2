"""What a whole request would cost: the part on hand at its exact FIFO cost, plus the shortfall
priced as if bought now (an estimate), kept apart so a caller sees which part is which.

Shared by check_can_produce, check_can_assemble and plan_event.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from bakeledger.services.pricing import PriceBook
from bakeledger.services.standard_costs import StandardCosts
from bakeledger.uow.base import UnitOfWork


@attrs.frozen
class Estimate:
    """`on_hand`: exact, what recording would cost for the part in stock. `shortfall`: the rest at
    the latest purchase prices, None when something short was never bought (`unpriced`)."""

    on_hand: Decimal
    shortfall: Decimal | None
    unpriced: tuple[str, ...] = ()

    @property
    def whole(self) -> Decimal | None:
        return None if self.shortfall is None else self.on_hand + self.shortfall


class ShortfallPricer:
    """Prices what is short: ingredients at their latest purchase price, finished items at their
    standard cost (their recipe or bundle at those prices). Reads nothing until asked."""

    def __init__(self, uow: UnitOfWork, prices: PriceBook | None = None) -> None:
        self._uow = uow
        self._prices = prices

    def estimate(self, on_hand: Decimal, short: list[tuple[str, int, Decimal, str]]) -> Estimate:
        """`short`: (kind, id, quantity, unit) of each short item — kind "ingredient" (quantity in
        `unit`), "finished_unit" or "finished_good" (whole items)."""
        if not short:
            return Estimate(on_hand, Decimal(0))
        if self._prices is None:
            self._prices = PriceBook(self._uow)
        prices, total, unpriced = self._prices, Decimal(0), set[str]()
        for kind, item_id, quantity, unit in short:
            # a fresh record of unpriced ingredients (and fresh standard costs, which cache) per
            # item, so each estimate names exactly the ingredients it could not price
            saved, prices.unpriced = prices.unpriced, set()
            try:
                if kind == "ingredient":
                    total += quantity * prices.unit_cost(item_id, unit)
                elif kind == "finished_unit":
                    total += quantity * StandardCosts(self._uow, prices).finished_unit(item_id)
                else:
                    total += quantity * StandardCosts(self._uow, prices).bundle(item_id)
            finally:
                unpriced |= prices.unpriced
                prices.unpriced = saved | prices.unpriced
        return Estimate(on_hand, None if unpriced else total, tuple(sorted(unpriced)))
