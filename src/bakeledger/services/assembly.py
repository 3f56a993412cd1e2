"""Assembly use cases: check a bundle, record it (all or nothing), reverse it.

Planning lives in services/assembly_plan.py and history reads in services/assembly_history.py;
both are re-exported here.
"""

from __future__ import annotations

from typing import Any

from bakeledger.domain.errors import (
    BakeLedgerError,
    InsufficientFinishedStock,
    InsufficientStock,
    InvalidTransition,
)
from bakeledger.domain.numbers import parse_count, parse_id, utcnow
from bakeledger.domain.slugs import clean_name
from bakeledger.services import dto
from bakeledger.services.assembly_history import get_assembly_history, get_assembly_run, run_dto, run_dtos
from bakeledger.services.assembly_plan import (
    AssemblyPlan,
    PlannedComponent,
    most_assemblable,
    plan_assembly,
)
from bakeledger.services.assembly_request import AssemblyRequest, parse_request, slug_argument
from bakeledger.services.dto import build
from bakeledger.services.outcome import logged, replayed_run_id
from bakeledger.uow.base import UnitOfWork

__all__ = [
    "AssemblyPlan",
    "PlannedComponent",
    "check_can_assemble",
    "get_assembly_history",
    "get_assembly_run",
    "plan_assembly",
    "record_assembly",
    "reverse_assembly",
]


def check_can_assemble(uow: UnitOfWork, *, finished_good: str, quantity: Any) -> dto.AssemblyCheckDTO:
    """Could `quantity` bundles be assembled now? What is short, and how many stock allows."""
    slug = slug_argument(finished_good, "finished_good")
    count = parse_count(quantity, "quantity")
    uow.ensure_active()
    plan = plan_assembly(uow, uow.finished_goods.get(slug), count, lock=False)
    return build(
        dto.AssemblyCheckDTO,
        finished_good=plan.good.slug,
        quantity=count,
        can_assemble=plan.satisfied,
        missing=[
            build(
                dto.AssemblyMissingDTO,
                kind=c.need.kind,
                slug=c.need.slug,
                needed=c.needed,
                available=c.allocation.consumed,
                unit=c.need.unit,
            )
            for c in plan.missing
        ],
        max_assemblable=most_assemblable(uow, plan),
    )


def record_assembly(
    uow: UnitOfWork,
    *,
    finished_good: str,
    quantity: Any,
    event: Any = None,
    packaging_bypassed: bool = False,
    bypass_notes: str | None = None,
    notes: str | None = None,
    assembled_at: Any = None,
    idempotency_key: str | None = None,
) -> dto.AssemblyRunDTO:
    """Assemble: take finished items (FIFO over finished lots) and packaging (ingredient FIFO),
    add the bundle's finished lot — all or nothing. A repeated idempotency_key with the same
    arguments returns the first run and consumes nothing."""
    log: dict[str, Any] = {"op": "record_assembly", "finished_good": finished_good, "quantity": quantity}
    with logged("assembly recorded", log):
        request = parse_request(
            finished_good=finished_good,
            quantity=quantity,
            event=event,
            packaging_bypassed=packaging_bypassed,
            bypass_notes=bypass_notes,
            notes=notes,
            assembled_at=assembled_at,
            idempotency_key=idempotency_key,
        )
        run = _record(uow, request, log)
    return run


def _replayed(uow: UnitOfWork, run_id: int, log: dict[str, Any]) -> dto.AssemblyRunDTO:
    """The run an idempotency key already made, returned again; nothing is consumed."""
    log.update(assembly_run_id=run_id, replayed=True)
    return get_assembly_run(uow, run_id=run_id)


def _record(uow: UnitOfWork, request: AssemblyRequest, log: dict[str, Any]) -> dto.AssemblyRunDTO:
    log.update(event_id=request.event_id, quantity=request.quantity)
    uow.ensure_active()
    fingerprint = request.fingerprint  # sha256 of the arguments: computed once
    earlier = replayed_run_id(uow.assembly_runs, request.idempotency_key, fingerprint)
    if earlier is not None:
        return _replayed(uow, earlier, log)
    good = uow.finished_goods.get(request.finished_good)
    if request.event_id is not None:
        uow.events.get(request.event_id)
    plan = plan_assembly(
        uow, good, request.quantity, lock=True, with_packaging=not request.packaging_bypassed
    )
    if plan.missing:
        raise _shortage(plan.missing[0])
    total, per_unit = plan.total_cost, plan.per_unit_cost
    log.update(total_component_cost=format(total, "f"), per_unit_cost=format(per_unit, "f"))
    run = uow.assembly_runs.add(
        finished_good_id=good.id,
        finished_good_slug=good.slug,
        event_id=request.event_id,
        quantity=request.quantity,
        total_component_cost=total,
        per_unit_cost=per_unit,
        assembled_at=request.assembled_at or utcnow(),
        packaging_bypassed=request.packaging_bypassed,
        bypass_notes=request.bypass_notes,
        notes=request.notes,
        idempotency_key=request.idempotency_key,
        request_fingerprint=fingerprint,
    )
    if run is None:  # a concurrent unit of work committed this idempotency key after our check
        earlier = replayed_run_id(uow.assembly_runs, request.idempotency_key, fingerprint)
        assert earlier is not None, "the key that refused the run is there now"
        return _replayed(uow, earlier, log)
    log.update(assembly_run_id=run.id)
    uow.finished_lots.consume(plan.finished_lines, reason="assembly", assembly_run_id=run.id)
    uow.lots.consume(plan.packaging_lines, assembly_run_id=run.id, reason="assembly")
    uow.finished_lots.add(
        kind="finished_good",
        item_id=good.id,
        quantity=request.quantity,
        unit_cost=per_unit,
        source="assembly",
        assembly_run_id=run.id,
    )
    # Built from the plan (what was just written), equal to what get_assembly_run reads back.
    consumptions = [
        build(
            dto.AssemblyConsumptionDTO,
            kind=c.need.kind,
            slug=c.need.slug,
            quantity=c.needed,
            unit=c.need.unit,
            cost=c.cost,
        )
        for c in plan.components
    ]
    return run_dto(run, consumptions)


def _shortage(short: PlannedComponent) -> BakeLedgerError:
    """The error naming the first short component (finished items are planned before packaging)."""
    need = short.need
    if need.is_packaging:
        return InsufficientStock(
            ingredient=need.ingredient_slug or need.slug,
            needed=short.needed,
            available=short.allocation.consumed,
            unit=need.unit,
        )
    return InsufficientFinishedStock(
        kind=need.kind, slug=need.slug, needed=int(short.needed), available=int(short.allocation.consumed)
    )


def reverse_assembly(uow: UnitOfWork, *, run_id: Any, reason: str) -> dto.AssemblyRunDTO:
    """Undo a run: every finished lot and packaging lot gets back exactly what it gave, the bundle's
    finished lot is emptied, the run is marked reversed (it stays in history). Refused if some of
    the bundles were already used."""
    log: dict[str, Any] = {"op": "reverse_assembly", "assembly_run_id": run_id}
    with logged("assembly reversed", log):
        run = _reverse(uow, parse_id(run_id, "run_id"), clean_name(reason, "reason"))
        log.update(
            finished_good=run.finished_good,
            event_id=run.event_id,
            quantity=run.quantity,
            total_component_cost=run.total_component_cost,
        )
    return run


def _reverse(uow: UnitOfWork, run_id: int, reason: str) -> dto.AssemblyRunDTO:
    uow.ensure_active()
    run = uow.assembly_runs.get(run_id, for_update=True)
    if run.reversed:
        raise InvalidTransition(
            current="reversed",
            requested="reversed",
            allowed=[],
            message=f"assembly run {run.id} is already reversed",
        )
    bundle = uow.finished_lots.lot_for_run(assembly_run_id=run.id, for_update=True)
    if bundle is not None and bundle.remaining < bundle.quantity:
        used_by = [f"assembly run {i}" for i in uow.finished_lots.users_of_lot(bundle.id)]
        raise InsufficientFinishedStock(
            kind="finished_good",
            slug=run.finished_good_slug,
            needed=bundle.quantity,
            available=bundle.remaining,
            used_by=used_by or ["manual adjustments (gift, spoilage, correction)"],
        )
    uow.finished_lots.restore_for_assembly(run.id, notes=reason)
    taken = [movement for movement, _slug in uow.lots.movements_for_runs(assembly_run_ids=[run.id])]
    uow.lots.restore(taken, notes=reason)
    if bundle is not None:
        uow.finished_lots.empty_lot(bundle.id)
    uow.assembly_runs.mark_reversed(run.id, reason=reason, at=utcnow())
    (reversed_run,) = run_dtos(uow, [uow.assembly_runs.get(run.id)], include_consumptions=True)
    return reversed_run
