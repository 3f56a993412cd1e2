"""Inventory entities: ingredient lots, their ledger lines, finished lots and their ledger."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import ROUND_HALF_UP, Decimal

import attrs

from bakeledger.domain.errors import ValidationError
from bakeledger.domain.units import in_lot_unit

DEPLETION_REASONS = ("spoilage", "gift", "correction", "other")
# Finished-stock reasons and the signs they allow: found adds, gift and spoilage take,
# correction and adjustment go either way.
FINISHED_REASON_SIGNS = {
    "found": (1,),
    "correction": (1, -1),
    "adjustment": (1, -1),
    "gift": (-1,),
    "spoilage": (-1,),
}
FINISHED_KINDS = ("finished_unit", "finished_good")


@attrs.frozen
class Lot:
    id: int
    uuid: str
    product_id: int
    product_slug: str
    ingredient_id: int
    ingredient_slug: str
    quantity: Decimal  # in the lot's stock unit (g, ml, each or its package word), exact
    remaining: Decimal
    unit: str  # the lot's own unit (its product's package unit)
    unit_cost: Decimal
    purchased_on: dt.date
    packages: Decimal = Decimal(0)
    price_per_package: Decimal = Decimal(0)
    supplier: str | None = None
    expires_on: dt.date | None = None
    cost: Decimal = Decimal(0)
    remaining_cost: Decimal = Decimal(0)

    @property
    def shown_quantity(self) -> Decimal:
        """`quantity` (kept in the lot's stock unit) in the lot's own unit."""
        return in_lot_unit(self.quantity, self.unit)

    @property
    def shown_remaining(self) -> Decimal:
        return in_lot_unit(self.remaining, self.unit)


@attrs.frozen
class LotMovement:
    """One line of the ingredient ledger (quantity in the lot's stock unit: g, ml, each or its
    package word)."""

    lot_id: int
    kind: str  # consume | restore | deplete
    quantity: Decimal
    unit_cost: Decimal
    cost: Decimal
    production_run_id: int | None = None
    assembly_run_id: int | None = None
    reason: str | None = None
    notes: str | None = None


@attrs.frozen
class FinishedLot:
    id: int
    kind: str
    item_id: int
    quantity: int
    remaining: int
    unit_cost: Decimal
    source: str


def check_depletion_reason(reason: object, notes: str | None) -> str:
    """A lot depletion names one of the known reasons; `other` needs notes."""
    if reason not in DEPLETION_REASONS:
        raise ValidationError(
            field="reason", value=reason, message=f"reason must be one of {', '.join(DEPLETION_REASONS)}"
        )
    if reason == "other" and not (notes and notes.strip()):
        raise ValidationError(field="notes", value=notes, message="reason 'other' needs notes")
    return str(reason)


def check_finished_reason(reason: object, delta: int, notes: str | None) -> str:
    """A finished-stock change uses a known reason with an allowed sign; some need notes."""
    if not isinstance(reason, str) or reason not in FINISHED_REASON_SIGNS:
        raise ValidationError(
            field="reason",
            value=reason,
            message=f"reason must be one of {', '.join(FINISHED_REASON_SIGNS)}",
        )
    sign = 1 if delta > 0 else -1
    if sign not in FINISHED_REASON_SIGNS[str(reason)]:
        raise ValidationError(
            field="delta",
            value=delta,
            message=f"reason {reason!r} does not allow a {'positive' if sign > 0 else 'negative'} change",
        )
    if reason in ("correction", "adjustment") and not (notes and notes.strip()):
        raise ValidationError(field="notes", value=notes, message=f"reason {reason!r} needs notes")
    return str(reason)


EARLIEST_PURCHASE = dt.date(2000, 1, 1)


def latest_purchase(today: dt.date) -> dt.date:
    """A year from `today` (28 February when today is 29 February): the latest purchase date."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def check_purchase_dates(purchased_on: dt.date, expires_on: dt.date | None, today: dt.date) -> None:
    """A purchase is dated from 2000-01-01 to a year from today, and expires no earlier than it
    was bought: anything else is a typo that would reorder FIFO or hide spoiled stock."""
    latest = latest_purchase(today)
    if not EARLIEST_PURCHASE <= purchased_on <= latest:
        raise ValidationError(
            field="purchased_on",
            value=purchased_on.isoformat(),
            message=(
                f"purchased_on must be between {EARLIEST_PURCHASE.isoformat()} and {latest.isoformat()} "
                f"(a year from today), not {purchased_on.isoformat()}"
            ),
        )
    if expires_on is not None and expires_on < purchased_on:
        raise ValidationError(
            field="expires_on",
            value=expires_on.isoformat(),
            message=(
                f"expires_on ({expires_on.isoformat()}) must not be before purchased_on "
                f"({purchased_on.isoformat()})"
            ),
        )


def lot_unit_cost(price_per_package: Decimal, package_unit_quantity: Decimal) -> Decimal:
    """What one package unit of a purchase costs: price ÷ package size, at 6 places (half up)."""
    return (price_per_package / package_unit_quantity).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


_MONEY_STEP = Decimal("0.0001")


def lot_cost(packages: Decimal, price_per_package: Decimal) -> Decimal:
    """What a lot cost: packages × price per package, at the money scale (4 places, half up)."""
    return (packages * price_per_package).quantize(_MONEY_STEP, rounding=ROUND_HALF_UP)


def draw_cost(
    taken: Decimal, remaining: Decimal, quantity: Decimal, cost: Decimal, remaining_cost: Decimal
) -> Decimal:
    """The money a draw of `taken` (of a lot holding `quantity`, `remaining` of it left) costs.

    A draw that empties the lot takes whatever money is left, so the draws that empty a lot add
    up to exactly what it cost. Any other draw costs its proportional share of the lot's cost,
    rounded half up to the money scale, and never more than the money left."""
    if taken >= remaining:
        return remaining_cost
    with decimal.localcontext(decimal.Context(prec=60)):
        share = (cost * taken / quantity).quantize(_MONEY_STEP, rounding=ROUND_HALF_UP)
    return min(share, remaining_cost)
