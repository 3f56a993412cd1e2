"""Reversing a production run: lots get back exactly what they gave, the finished lot is emptied."""

from __future__ import annotations

from typing import Any

from bakeledger.domain.errors import InsufficientFinishedStock
from bakeledger.domain.numbers import utcnow
from bakeledger.services import arguments, dto
from bakeledger.services.outcome import logged, refuse_second_reversal
from bakeledger.services.production.history import run_dtos
from bakeledger.uow.base import UnitOfWork


def reverse_production(uow: UnitOfWork, *, run_id: Any, reason: str) -> dto.ProductionRunDTO:
    """Undo a run: every lot gets back exactly what it gave, the finished lot is emptied, the run
    is marked reversed (it stays in history). Refused if its finished items were already used."""
    log: dict[str, Any] = {"op": "reverse_production", "production_run_id": run_id}
    with logged("production reversed", log):
        run = _reverse(uow, arguments.parse_id(run_id, "run_id"), arguments.name(reason, "reason"))
        log.update(
            recipe=run.recipe,
            finished_unit=run.finished_unit,
            event_id=run.event_id,
            total_ingredient_cost=run.total_ingredient_cost,
        )
    return run


def _reverse(uow: UnitOfWork, run_id: int, reason: str) -> dto.ProductionRunDTO:
    uow.ensure_active()
    run = uow.production_runs.get(run_id, for_update=True)
    refuse_second_reversal("production run", run.id, reversed=run.reversed)
    made = uow.finished_lots.lot_for_run(production_run_id=run.id, for_update=True)
    if made is not None and made.remaining < made.quantity:
        raise InsufficientFinishedStock(
            kind="finished_unit",
            slug=run.finished_unit_slug,
            needed=made.quantity,
            available=made.remaining,
            used_by=[f"assembly run {i}" for i in uow.finished_lots.users_of_lot(made.id)],
        )
    taken = [movement for movement, _slug in uow.lots.movements_for_runs(production_run_ids=[run.id])]
    uow.lots.restore(taken, notes=reason)
    if made is not None:
        uow.finished_lots.empty_lot(made.id)
    uow.production_runs.mark_reversed(run.id, reason=reason, at=utcnow())
    (reversed_run,) = run_dtos(
        uow, [uow.production_runs.get(run.id)], include_consumptions=True, include_losses=True
    )
    return reversed_run
