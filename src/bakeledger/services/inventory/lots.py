"""Ingredient lots: buying (one lot per purchase), listing, and depleting a lot by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from loguru import logger

from bakeledger.domain.errors import InsufficientStock, ValidationError
from bakeledger.domain.fifo import LotView, take
from bakeledger.domain.inventory import (
    Lot,
    check_depletion_reason,
    check_purchase_dates,
    lot_cost,
    lot_unit_cost,
)
from bakeledger.domain.numbers import MAX_MAGNITUDE, check_derived, fmt_quantity, quantize_quantity
from bakeledger.domain.production import request_fingerprint
from bakeledger.domain.units import MAX_STOCK, stock_unit, to_stock
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.services.outcome import Recorded, logs_rejection, replayed_run_id, value_only
from bakeledger.uow.base import UnitOfWork


def lot_dto(lot: Lot) -> dto.LotDTO:
    return build(
        dto.LotDTO,
        id=lot.id,
        uuid=lot.uuid,
        product=lot.product_slug,
        ingredient=lot.ingredient_slug,
        quantity=lot.shown_quantity,
        remaining=lot.shown_remaining,
        unit=lot.unit,
        unit_cost=lot.unit_cost,
        purchased_on=lot.purchased_on,
        supplier=lot.supplier,
        expires_on=lot.expires_on,
    )


@logs_rejection("purchase", op="add_purchase")
def add_purchase_outcome(
    uow: UnitOfWork,
    *,
    product: str,
    packages: Any,
    price_per_package: Any,
    purchased_on: Any = None,
    supplier: str | None = None,
    expires_on: Any = None,
    idempotency_key: str | None = None,
) -> Recorded[dto.LotDTO]:
    """Buy `packages` of a product at `price_per_package`: one new lot at its own unit cost.

    A repeated idempotency_key with the same arguments returns the first purchase's lot and buys
    nothing (`replayed` says so); other arguments are an IdempotencyConflict.
    """
    count = arguments.parse_quantity(packages, "packages")
    price = arguments.parse_quantity(price_per_package, "price_per_package", allow_zero=True)
    today = dt.date.today()
    asked_on = arguments.optional_date(purchased_on, "purchased_on")
    bought = asked_on or today
    expires = arguments.optional_date(expires_on, "expires_on")
    check_purchase_dates(bought, expires, today)
    supplier = arguments.optional_name(supplier, "supplier")
    key = arguments.key(idempotency_key)
    # what the caller asked for; a purchase date left to default (today) is not part of it
    fingerprint = request_fingerprint(
        {
            "op": "add_purchase",
            "product": str(product),
            "packages": count,
            "price_per_package": price,
            "purchased_on": asked_on,
            "supplier": supplier,
            "expires_on": expires,
        }
    )
    uow.ensure_active()
    earlier = replayed_run_id(uow.lots, key, fingerprint)
    if earlier is not None:
        return _replayed_purchase(uow, earlier, product)
    item = uow.products.get(product)
    quantity = quantize_quantity(count * item.package_unit_quantity)
    if quantity > MAX_MAGNITUDE:
        message = "a lot may hold at most 10^9 units"
        raise ValidationError(field="packages", value=fmt_quantity(count), message=message)
    held = to_stock(quantity, item.package_unit, item.package_unit)
    if held > MAX_STOCK:
        message = f"a lot may hold at most 10^10 {stock_unit(item.package_unit)}"
        raise ValidationError(field="packages", value=fmt_quantity(count), message=message)
    unit_cost = lot_unit_cost(price, item.package_unit_quantity)
    check_derived(unit_cost, "unit_cost", money=False)
    cost = check_derived(lot_cost(count, price), "cost")
    lot = uow.lots.add(
        product_id=item.id,
        ingredient_id=item.ingredient_id,
        packages=count,
        price_per_package=price,
        quantity=held,
        unit=item.package_unit,
        unit_cost=unit_cost,
        cost=cost,
        purchased_on=bought,
        supplier=supplier,
        expires_on=expires,
        idempotency_key=key,
        request_fingerprint=fingerprint if key is not None else None,
    )
    if lot is None:  # a concurrent unit of work committed this idempotency key after our check
        earlier = replayed_run_id(uow.lots, key, fingerprint)
        assert earlier is not None, "the key that refused the lot is there now"
        return _replayed_purchase(uow, earlier, product)
    logger.info(
        "purchase",
        op="add_purchase",
        lot_id=lot.id,
        product=product,
        quantity=str(quantity),
        outcome="success",
    )
    return Recorded(lot_dto(lot))


add_purchase = value_only(add_purchase_outcome, "add_purchase")


def _replayed_purchase(uow: UnitOfWork, lot_id: int, product: str) -> Recorded[dto.LotDTO]:
    """The lot an idempotency key already bought, returned again as it is now; nothing is bought."""
    logger.info(
        "purchase", op="add_purchase", lot_id=lot_id, product=product, replayed=True, outcome="success"
    )
    return Recorded(lot_dto(uow.lots.get(lot_id)), replayed=True)


def get_lot(uow: UnitOfWork, *, lot_id: Any) -> dto.LotDTO:
    """One lot by id (LotNotFound otherwise), empty or not."""
    key = arguments.parse_id(lot_id, "lot_id")
    uow.ensure_active()
    return lot_dto(uow.lots.get(key))


def list_lots(
    uow: UnitOfWork, *, ingredient: str | None = None, include_empty: bool = False
) -> list[dto.LotDTO]:
    """Lots (oldest first per ingredient); empty ones only when asked."""
    arguments.flag(include_empty, "include_empty")
    uow.ensure_active()
    ingredient_id = uow.ingredients.get(ingredient).id if ingredient is not None else None
    return [lot_dto(lot) for lot in uow.lots.list(ingredient_id=ingredient_id, include_empty=include_empty)]


def deplete_lot(
    uow: UnitOfWork, *, lot_id: int, quantity: Any, reason: str, notes: str | None = None
) -> dto.LotDTO:
    """Remove part of one lot by hand (spoilage, gift, correction, other — other needs notes)."""
    amount = arguments.parse_quantity(quantity, "quantity")
    notes = arguments.notes(notes)
    reason = check_depletion_reason(reason, notes)
    lot_key = arguments.parse_id(lot_id, "lot_id")
    uow.ensure_active()
    lot = uow.lots.get(lot_key, for_update=True)
    taken = to_stock(amount, lot.unit, lot.unit)
    if taken > lot.remaining:
        raise InsufficientStock(
            ingredient=lot.ingredient_slug, needed=amount, available=lot.shown_remaining, unit=lot.unit
        )
    view = LotView(lot.id, lot.remaining, lot.unit, lot.unit_cost, lot.quantity, lot.cost, lot.remaining_cost)
    line = take(view, taken)
    check_derived(line.cost, "cost")
    uow.lots.consume([line], kind="deplete", reason=reason, notes=notes)
    return lot_dto(uow.lots.get(lot.id))
