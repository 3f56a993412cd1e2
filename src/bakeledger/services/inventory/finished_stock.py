"""Finished stock: counts and value of finished units and goods, and changes made by hand."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bakeledger.domain.errors import InsufficientFinishedStock, ValidationError
from bakeledger.domain.inventory import FINISHED_KINDS, check_finished_reason
from bakeledger.domain.numbers import check_derived, fmt_unit_cost
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.services.outcome import logged
from bakeledger.services.stock import allocate_finished
from bakeledger.uow.base import UnitOfWork


def finished_stock(uow: UnitOfWork, *, kind: str, slug: str) -> dto.FinishedStockDTO:
    """How many of a finished unit or good are on hand (Σ remaining of its lots), and their value at cost."""
    kind, slug = _kind(kind), arguments.slug(slug, "slug")
    uow.ensure_active()
    count, value = uow.finished_lots.stock(kind, _item_id(uow, kind, slug))
    return build(dto.FinishedStockDTO, kind=kind, slug=slug, count=count, value=value)


def list_finished_stock(uow: UnitOfWork) -> list[dto.FinishedStockDTO]:
    """Every finished unit, then every finished good (by slug), with its count and value at cost."""
    uow.ensure_active()
    items: list[tuple[str, list[tuple[str, int]]]] = [
        ("finished_unit", [(u.slug, u.id) for u in uow.finished_units.list_all()]),
        ("finished_good", [(g.slug, g.id) for g in uow.finished_goods.list_all()]),
    ]
    result = []
    for kind, entries in items:
        stock = uow.finished_lots.stock_all(kind)
        for slug, item_id in sorted(entries):
            count, value = stock.get(item_id, (0, Decimal(0)))
            result.append(build(dto.FinishedStockDTO, kind=kind, slug=slug, count=count, value=value))
    return result


def adjust_finished_stock(
    uow: UnitOfWork,
    *,
    kind: str,
    slug: str,
    delta: Any,
    reason: str,
    notes: str | None = None,
    unit_cost: Any = 0,
) -> dto.FinishedStockDTO:
    """Change finished stock by hand, never below zero.

    + adds a finished lot at `unit_cost` (the lot records the reason); − takes FIFO over finished
    lots, costed at their unit cost, with ledger lines carrying the reason. Reasons and signs:
    found +, correction ±, adjustment ±, gift −, spoilage −; correction and adjustment need notes.
    """
    log: dict[str, Any] = {"op": "adjust_finished_stock", "kind": kind, "slug": slug, "reason": reason}
    with logged("finished stock adjusted", log):
        kind, slug = _kind(kind), arguments.slug(slug, "slug")
        change = arguments.parse_count(delta, "delta", allow_negative=True)
        notes = arguments.notes(notes)
        reason = check_finished_reason(reason, change, notes)
        cost = arguments.parse_quantity(unit_cost, "unit_cost", allow_zero=True)
        if change < 0 and cost != 0:
            raise ValidationError(
                field="unit_cost",
                value=fmt_unit_cost(cost),
                message="unit_cost applies to additions only: what is taken is costed from its lots",
            )
        log.update(delta=change, unit_cost=format(cost, "f"))
        uow.ensure_active()
        item_id = _item_id(uow, kind, slug)
        if change > 0:
            uow.finished_lots.add(
                kind=kind,
                item_id=item_id,
                quantity=change,
                unit_cost=cost,
                source="adjustment",
                reason=reason,
                notes=notes,
            )
        else:
            allocation = allocate_finished(uow, kind, item_id, -change, lock=True)
            if not allocation.satisfied:
                raise InsufficientFinishedStock(
                    kind=kind, slug=slug, needed=-change, available=int(allocation.consumed)
                )
            check_derived(allocation.total_cost, "cost")
            uow.finished_lots.consume(allocation.lines, reason=reason, notes=notes)
        stock = finished_stock(uow, kind=kind, slug=slug)
        log.update(count=stock.count)
    return stock


def _kind(kind: object) -> str:
    if kind not in FINISHED_KINDS:
        raise ValidationError(
            field="kind", value=repr(kind)[:40], message=f"kind must be one of {', '.join(FINISHED_KINDS)}"
        )
    return str(kind)


def _item_id(uow: UnitOfWork, kind: str, slug: str) -> int:
    repo = uow.finished_units if kind == "finished_unit" else uow.finished_goods
    return int(repo.get(slug).id)
