"""Reversing an assembly run: every lot gets back exactly what it gave, the bundle's lot is emptied."""

from __future__ import annotations

from typing import Any

from bakeledger.domain.errors import InsufficientFinishedStock
from bakeledger.domain.numbers import utcnow
from bakeledger.services import arguments, dto
from bakeledger.services.assembly.history import run_dtos
from bakeledger.services.outcome import logged, refuse_second_reversal
from bakeledger.uow.base import UnitOfWork


def reverse_assembly(uow: UnitOfWork, *, run_id: Any, reason: str) -> dto.AssemblyRunDTO:
    """Undo a run: every finished lot and packaging lot gets back exactly what it gave, the bundle's
    finished lot is emptied, the run is marked reversed (it stays in history). Refused if some of
    the bundles were already used."""
    log: dict[str, Any] = {"op": "reverse_assembly", "assembly_run_id": run_id}
    with logged("assembly reversed", log):
        run = _reverse(uow, arguments.parse_id(run_id, "run_id"), arguments.name(reason, "reason"))
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
    refuse_second_reversal("assembly run", run.id, reversed=run.reversed)
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
