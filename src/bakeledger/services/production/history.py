"""Reading production runs back: one run, or a page of history, as run DTOs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from bakeledger.domain.production import ProductionRun, RunLotLine, snapshot_lines
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.uow.base import UnitOfWork


def get_production_run(
    uow: UnitOfWork, *, run_id: Any, include_consumptions: bool = True, include_losses: bool = True
) -> dto.ProductionRunDTO:
    """One run by id (ProductionRunNotFound otherwise), reversed or not."""
    key = arguments.parse_id(run_id, "run_id")
    uow.ensure_active()
    run = uow.production_runs.get(key)
    (found,) = run_dtos(uow, [run], include_consumptions=include_consumptions, include_losses=include_losses)
    return found


def get_production_history(
    uow: UnitOfWork,
    *,
    recipe: str | None = None,
    finished_unit: str | None = None,
    event: Any = None,
    start: Any = None,
    end: Any = None,
    limit: Any = 100,
    offset: Any = 0,
    include_consumptions: bool = False,
    include_losses: bool = False,
) -> list[dto.ProductionRunDTO]:
    """Runs newest first (produced_at, then id); `start`/`end` are inclusive (a date means the whole day).

    A page loads in a fixed number of queries whatever its size.
    """
    page_size = arguments.parse_count(limit, "limit")
    skip = arguments.parse_count(offset, "offset", allow_zero=True)
    event_id = arguments.optional_id(event, "event")
    since, before = arguments.history_bounds(start, end)
    uow.ensure_active()
    runs = uow.production_runs.history(
        recipe_id=uow.recipes.get(recipe).id if recipe is not None else None,
        finished_unit_id=uow.finished_units.get(finished_unit).id if finished_unit is not None else None,
        event_id=uow.events.get(event_id).id if event_id is not None else None,
        start=since,
        end=before,
        limit=page_size,
        offset=skip,
    )
    return run_dtos(uow, runs, include_consumptions=include_consumptions, include_losses=include_losses)


def run_dtos(
    uow: UnitOfWork,
    runs: Sequence[ProductionRun],
    *,
    include_consumptions: bool,
    include_losses: bool,
) -> list[dto.ProductionRunDTO]:
    """Run DTOs for `runs`; their lot lines come from one query for all of them."""
    arguments.flag(include_consumptions, "include_consumptions")
    arguments.flag(include_losses, "include_losses")
    taken: defaultdict[int, defaultdict[str, list[RunLotLine]]] = defaultdict(lambda: defaultdict(list))
    if include_consumptions and runs:
        for line in uow.production_runs.lot_lines([run.id for run in runs]):
            taken[line.production_run_id][line.ingredient_slug].append(line)
    return [
        run_dto(run, taken[run.id] if include_consumptions else None, include_losses=include_losses)
        for run in runs
    ]


def run_dto(
    run: ProductionRun, lot_lines: dict[str, list[RunLotLine]] | None, *, include_losses: bool
) -> dto.ProductionRunDTO:
    """The DTO of one run; consumptions only when its lot lines are given (one entry per ingredient)."""
    return build(
        dto.ProductionRunDTO,
        id=run.id,
        uuid=run.uuid,
        recipe=run.recipe_slug,
        finished_unit=run.finished_unit_slug,
        event_id=run.event_id,
        batches=run.batches,
        scale=run.scale,
        expected_yield=run.expected_yield,
        actual_yield=run.actual_yield,
        loss_quantity=run.loss_quantity,
        status=run.status,
        total_ingredient_cost=run.total_ingredient_cost,
        per_unit_cost=run.per_unit_cost,
        loss_cost=run.loss_cost,
        produced_at=run.produced_at,
        reversed=run.reversed,
        reversed_at=run.reversed_at,
        reversal_reason=run.reversal_reason,
        notes=run.notes,
        idempotency_key=run.idempotency_key,
        consumptions=_consumptions(run, lot_lines) if lot_lines is not None else [],
        losses=_losses(run) if include_losses else [],
    )


def _consumptions(run: ProductionRun, lot_lines: dict[str, list[RunLotLine]]) -> list[Any]:
    entries = []
    for line in snapshot_lines(run.recipe_snapshot):
        entries.append(
            build(
                dto.ProductionConsumptionDTO,
                ingredient=line.ingredient,
                quantity=line.quantity,
                unit=line.unit,
                cost=line.cost,
                lots=[
                    build(
                        dto.RunLotLineDTO,
                        lot_id=piece.lot_id,
                        quantity=piece.quantity,
                        unit=piece.unit,
                        unit_cost=piece.unit_cost,
                        cost=piece.cost,
                    )
                    # an ingredient listed twice (units that do not convert) keeps its lots once
                    for piece in lot_lines.pop(line.ingredient, [])
                ],
            )
        )
    return entries


def _losses(run: ProductionRun) -> list[Any]:
    if run.loss_quantity == 0:
        return []
    return [
        build(
            dto.ProductionLossDTO,
            category=run.loss_category or "other",
            quantity=run.loss_quantity,
            cost=run.loss_cost,
            notes=run.loss_notes,
        )
    ]
