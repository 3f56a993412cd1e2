"""Checking whether bundles can be assembled, and recording an assembly: all of it or nothing."""

from __future__ import annotations

from typing import Any

from bakeledger.domain.assembly import AssemblyRun
from bakeledger.domain.errors import BakeLedgerError, InsufficientFinishedStock, InsufficientStock
from bakeledger.domain.numbers import utcnow
from bakeledger.services import arguments, dto
from bakeledger.services.assembly.history import get_assembly_run, run_dto
from bakeledger.services.assembly.plan import PlannedComponent, most_assemblable, plan_assembly
from bakeledger.services.assembly.request import AssemblyRequest, parse_request
from bakeledger.services.dto import build
from bakeledger.services.estimates import ShortfallPricer
from bakeledger.services.outcome import Recorded, logged, replayed_run_id, value_only
from bakeledger.uow.base import UnitOfWork


def check_can_assemble(uow: UnitOfWork, *, finished_good: str, quantity: Any) -> dto.AssemblyCheckDTO:
    """Could `quantity` bundles be assembled now? What is short, and how many stock allows."""
    slug = arguments.slug(finished_good, "finished_good")
    count = arguments.parse_count(quantity, "quantity")
    uow.ensure_active()
    plan = plan_assembly(uow, uow.finished_goods.get(slug), count, lock=False)
    if plan.satisfied:  # refused as record_assembly would refuse it
        plan.check_limits()
    short = [
        (
            "ingredient" if c.need.is_packaging else c.need.kind,
            c.need.ref_id,
            c.allocation.shortfall,
            c.need.unit,
        )
        for c in plan.missing
    ]
    estimate = ShortfallPricer(uow).estimate(plan.total_cost, short)
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
        estimated_cost=estimate.whole,
        on_hand_cost=estimate.on_hand,
        shortfall_cost=estimate.shortfall,
        unpriced=list(estimate.unpriced),
    )


def record_assembly_outcome(
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
) -> Recorded[dto.AssemblyRunDTO]:
    """Assemble: take finished items (FIFO over finished lots) and packaging (ingredient FIFO),
    add the bundle's finished lot — all or nothing. A repeated idempotency_key with the same
    arguments returns the first run and consumes nothing (`replayed` says so)."""
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


record_assembly = value_only(record_assembly_outcome, "record_assembly")


def _replayed(uow: UnitOfWork, run_id: int, log: dict[str, Any]) -> Recorded[dto.AssemblyRunDTO]:
    """The run an idempotency key already made, returned again; nothing is consumed."""
    log.update(assembly_run_id=run_id, replayed=True)
    return Recorded(get_assembly_run(uow, run_id=run_id), replayed=True)


def _record(uow: UnitOfWork, request: AssemblyRequest, log: dict[str, Any]) -> Recorded[dto.AssemblyRunDTO]:
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
    plan.check_limits()
    total, per_unit = plan.total_cost, plan.per_unit_cost
    log.update(total_component_cost=format(total, "f"), per_unit_cost=format(per_unit, "f"))
    new_run = AssemblyRun(
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
    run = uow.assembly_runs.add(new_run)
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
    return Recorded(run_dto(run, consumptions))


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
