"""Inventory use cases: purchases, FIFO consumption, stock on hand, depletion, finished stock.

Finished stock lives in services/finished_stock.py and is re-exported here.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from loguru import logger

from bakeledger.domain.errors import InsufficientStock, ValidationError
from bakeledger.domain.fifo import Allocation, AllocationLine
from bakeledger.domain.inventory import Lot, check_depletion_reason
from bakeledger.domain.numbers import MAX_MAGNITUDE, parse_date, parse_id, parse_quantity
from bakeledger.domain.units import convert, normalize_unit
from bakeledger.services import dto
from bakeledger.services.dto import build
from bakeledger.services.finished_stock import MAX_NOTES_LENGTH, adjust_finished_stock, finished_stock
from bakeledger.services.outcome import logs_rejection
from bakeledger.services.stock import allocate_ingredient
from bakeledger.uow.base import UnitOfWork

__all__ = [
    "add_purchase",
    "adjust_finished_stock",
    "consume_fifo",
    "deplete_lot",
    "finished_stock",
    "list_lots",
    "stock_on_hand",
]


def lot_dto(lot: Lot) -> dto.LotDTO:
    return build(
        dto.LotDTO,
        id=lot.id,
        uuid=lot.uuid,
        product=lot.product_slug,
        ingredient=lot.ingredient_slug,
        quantity=lot.quantity,
        remaining=lot.remaining,
        unit=lot.unit,
        unit_cost=lot.unit_cost,
        purchased_on=lot.purchased_on,
        supplier=lot.supplier,
        expires_on=lot.expires_on,
    )


@logs_rejection("purchase", op="add_purchase")
def add_purchase(
    uow: UnitOfWork,
    *,
    product: str,
    packages: Any,
    price_per_package: Any,
    purchased_on: Any = None,
    supplier: str | None = None,
    expires_on: Any = None,
) -> dto.LotDTO:
    """Buy `packages` of a product at `price_per_package`: one new lot at its own unit cost."""
    count = parse_quantity(packages, "packages")
    price = parse_quantity(price_per_package, "price_per_package", allow_zero=True)
    bought = parse_date(purchased_on, "purchased_on") if purchased_on is not None else dt.date.today()
    expires = parse_date(expires_on, "expires_on") if expires_on is not None else None
    _check_text(supplier, "supplier", 200)
    uow.ensure_active()
    item = uow.products.get(product)
    quantity = count * item.package_unit_quantity
    if quantity > MAX_MAGNITUDE:
        raise ValidationError(field="packages", value=str(count), message="a lot may hold at most 10^9 units")
    unit_cost = (price / item.package_unit_quantity).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    lot = uow.lots.add(
        product_id=item.id,
        ingredient_id=item.ingredient_id,
        packages=count,
        price_per_package=price,
        quantity=quantity,
        unit=item.package_unit,
        unit_cost=unit_cost,
        purchased_on=bought,
        supplier=supplier,
        expires_on=expires,
    )
    logger.info(
        "purchase",
        op="add_purchase",
        lot_id=lot.id,
        product=product,
        quantity=str(quantity),
        outcome="success",
    )
    return lot_dto(lot)


def consume_fifo(
    uow: UnitOfWork, *, ingredient: str, quantity: Any, unit: str, dry_run: bool = False
) -> dto.FifoResultDTO:
    """Take `quantity` `unit` oldest-first, all or nothing; a dry run only reports the allocation."""
    amount = parse_quantity(quantity, "quantity")
    unit = normalize_unit(unit)
    _check_flag(dry_run, "dry_run")
    uow.ensure_active()
    base = uow.ingredients.get(ingredient)
    allocation = allocate_ingredient(uow, base, amount, unit, lock=not dry_run)
    if not dry_run:
        if not allocation.satisfied:
            raise InsufficientStock(
                ingredient=base.slug, needed=amount, available=allocation.consumed, unit=unit
            )
        uow.lots.consume(allocation.lines, reason="consume_fifo")
    return fifo_result_dto(base.slug, allocation)


def fifo_result_dto(ingredient: str, allocation: Allocation) -> dto.FifoResultDTO:
    """What a FIFO allocation of an ingredient took (or would take), lot by lot."""
    return build(
        dto.FifoResultDTO,
        ingredient=ingredient,
        unit=allocation.unit,
        requested=allocation.requested,
        consumed=allocation.consumed,
        shortfall=allocation.shortfall,
        satisfied=allocation.satisfied,
        total_cost=allocation.total_cost,
        lines=[
            build(
                dto.FifoLineDTO,
                lot_id=ln.lot_id,
                quantity=ln.quantity,
                unit=ln.unit,
                unit_cost=ln.unit_cost,
                cost=ln.cost,
                remaining_after=ln.remaining_after,
            )
            for ln in allocation.lines
        ],
    )


def stock_on_hand(uow: UnitOfWork, *, ingredient: str, unit: str) -> dto.QuantityStr:
    """Everything left of an ingredient, across all its lots, in `unit`."""
    unit = normalize_unit(unit)
    uow.ensure_active()
    base = uow.ingredients.get(ingredient)
    total = sum((convert(q, u, unit, base.density) for u, q in uow.lots.stock_by_unit(base.id)), Decimal(0))
    return dto.QuantityStr(dto.FORMATS[dto.QuantityStr](total))


def list_lots(
    uow: UnitOfWork, *, ingredient: str | None = None, include_empty: bool = False
) -> list[dto.LotDTO]:
    """Lots (oldest first per ingredient); empty ones only when asked."""
    _check_flag(include_empty, "include_empty")
    uow.ensure_active()
    ingredient_id = uow.ingredients.get(ingredient).id if ingredient is not None else None
    return [lot_dto(lot) for lot in uow.lots.list(ingredient_id=ingredient_id, include_empty=include_empty)]


def deplete_lot(
    uow: UnitOfWork, *, lot_id: int, quantity: Any, reason: str, notes: str | None = None
) -> dto.LotDTO:
    """Remove part of one lot by hand (spoilage, gift, correction, other — other needs notes)."""
    amount = parse_quantity(quantity, "quantity")
    _check_text(notes, "notes", MAX_NOTES_LENGTH)
    reason = check_depletion_reason(reason, notes)
    lot_key = parse_id(lot_id, "lot_id")
    uow.ensure_active()
    lot = uow.lots.get(lot_key, for_update=True)
    if amount > lot.remaining:
        raise InsufficientStock(
            ingredient=lot.ingredient_slug, needed=amount, available=lot.remaining, unit=lot.unit
        )
    line = AllocationLine(
        lot.id, amount, lot.unit, lot.unit_cost, amount * lot.unit_cost, lot.remaining - amount
    )
    uow.lots.consume([line], kind="deplete", reason=reason, notes=notes)
    return lot_dto(uow.lots.get(lot.id))


def _check_flag(value: object, field: str) -> None:
    if not isinstance(value, bool):
        raise ValidationError(field=field, value=repr(value)[:40], message=f"{field} must be true or false")


def _check_text(value: object, field: str, limit: int) -> None:
    """Optional text: None, or a string of at most `limit` characters without NUL (PostgreSQL refuses it)."""
    if value is not None and (not isinstance(value, str) or len(value) > limit or "\x00" in value):
        raise ValidationError(
            field=field, value=repr(value)[:40], message=f"{field} must be text of at most {limit} characters"
        )
