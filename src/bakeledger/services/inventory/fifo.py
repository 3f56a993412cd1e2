"""Drawing an ingredient oldest-lot-first (FIFO), and what is left of it across its lots."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bakeledger.domain.errors import InsufficientStock
from bakeledger.domain.fifo import Allocation
from bakeledger.domain.numbers import check_derived
from bakeledger.domain.units import convert, normalize_unit
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.services.stock import allocate_ingredient
from bakeledger.uow.base import UnitOfWork


def consume_fifo(
    uow: UnitOfWork, *, ingredient: str, quantity: Any, unit: str, dry_run: bool = False
) -> dto.FifoResultDTO:
    """Take `quantity` `unit` oldest-first, all or nothing; a dry run only reports the allocation."""
    amount = arguments.parse_quantity(quantity, "quantity")
    unit = normalize_unit(unit)
    arguments.flag(dry_run, "dry_run")
    uow.ensure_active()
    base = uow.ingredients.get(ingredient)
    allocation = allocate_ingredient(uow, base, amount, unit, lock=not dry_run)
    if not dry_run:
        if not allocation.satisfied:
            raise InsufficientStock(
                ingredient=base.slug, needed=amount, available=allocation.consumed, unit=unit
            )
        check_derived(allocation.total_cost, "total_cost")
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
                quantity=ln.shown_quantity,
                unit=ln.unit,
                unit_cost=ln.unit_cost,
                cost=ln.cost,
                remaining_after=ln.shown_remaining_after,
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


def ingredient_stock(uow: UnitOfWork, *, ingredient: str, unit: str) -> dto.IngredientStockDTO:
    """stock_on_hand with what it is of: the ingredient's slug, the unit (normalised), the quantity."""
    quantity = stock_on_hand(uow, ingredient=ingredient, unit=unit)
    slug = uow.ingredients.get(ingredient).slug
    return build(dto.IngredientStockDTO, ingredient=slug, unit=normalize_unit(unit), quantity=quantity)
