"""Reading assembly runs back: one run, or a page of history, as run DTOs."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from bakeledger.domain.assembly import AssemblyRun, component_needs
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.uow.base import UnitOfWork


def get_assembly_run(
    uow: UnitOfWork, *, run_id: Any, include_consumptions: bool = True
) -> dto.AssemblyRunDTO:
    """One run by id (AssemblyRunNotFound otherwise), reversed or not."""
    key = arguments.parse_id(run_id, "run_id")
    uow.ensure_active()
    (found,) = run_dtos(uow, [uow.assembly_runs.get(key)], include_consumptions=include_consumptions)
    return found


def get_assembly_history(
    uow: UnitOfWork,
    *,
    finished_good: str | None = None,
    event: Any = None,
    start: Any = None,
    end: Any = None,
    limit: Any = 100,
    offset: Any = 0,
    include_consumptions: bool = False,
) -> list[dto.AssemblyRunDTO]:
    """Runs newest first (assembled_at, then id); `start`/`end` inclusive (a date means the whole day).

    A page loads in a fixed number of queries whatever its size.
    """
    good_slug = arguments.optional_slug(finished_good, "finished_good")
    event_id = arguments.optional_id(event, "event")
    since, until = arguments.history_bounds(start, end)
    page_size = arguments.parse_count(limit, "limit")
    skip = arguments.parse_count(offset, "offset", allow_zero=True)
    uow.ensure_active()
    runs = uow.assembly_runs.history(
        finished_good_id=uow.finished_goods.get(good_slug).id if good_slug is not None else None,
        event_id=uow.events.get(event_id).id if event_id is not None else None,
        start=since,
        end=until,
        limit=page_size,
        offset=skip,
    )
    return run_dtos(uow, runs, include_consumptions=include_consumptions)


def run_dtos(
    uow: UnitOfWork, runs: Sequence[AssemblyRun], *, include_consumptions: bool
) -> list[dto.AssemblyRunDTO]:
    """Run DTOs; consumptions (one entry per component) come from a fixed number of queries for all runs."""
    arguments.flag(include_consumptions, "include_consumptions")
    if not (include_consumptions and runs):
        return [run_dto(run, []) for run in runs]
    good_ids = {run.finished_good_id for run in runs}
    goods = uow.finished_goods.get_many(good_ids)
    packaging = uow.assembly_runs.packaging_of(good_ids)
    ingredient_ids = {p.ingredient_id for parts in packaging.values() for p in parts}
    ingredients = uow.ingredients.get_many(ingredient_ids) if ingredient_ids else {}
    densities = {i: ing.density for i, ing in ingredients.items()}
    costs = uow.assembly_runs.consumed_costs({run.id for run in runs})
    result = []
    for run in runs:
        needs = component_needs(
            goods[run.finished_good_id],
            packaging[run.finished_good_id],
            densities,
            with_packaging=not run.packaging_bypassed,
        )
        consumptions = [
            build(
                dto.AssemblyConsumptionDTO,
                kind=need.kind,
                slug=need.slug,
                quantity=need.per_bundle * run.quantity,
                unit=need.unit,
                cost=costs.get((run.id, need.kind, need.ref_id), Decimal(0)),
            )
            for need in needs
        ]
        result.append(run_dto(run, consumptions))
    return result


def run_dto(run: AssemblyRun, consumptions: list[dto.AssemblyConsumptionDTO]) -> dto.AssemblyRunDTO:
    return build(
        dto.AssemblyRunDTO,
        id=run.id,
        uuid=run.uuid,
        finished_good=run.finished_good_slug,
        event_id=run.event_id,
        quantity=run.quantity,
        total_component_cost=run.total_component_cost,
        per_unit_cost=run.per_unit_cost,
        assembled_at=run.assembled_at,
        packaging_bypassed=run.packaging_bypassed,
        bypass_notes=run.bypass_notes,
        reversed=run.reversed,
        reversed_at=run.reversed_at,
        reversal_reason=run.reversal_reason,
        consumptions=consumptions,
        notes=run.notes,
        idempotency_key=run.idempotency_key,
    )
