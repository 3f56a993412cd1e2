"""Reading assembly runs back: one run, or a page of history, as run DTOs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from bakeledger.domain.assembly import AssemblyRun, component_needs
from bakeledger.domain.errors import ValidationError
from bakeledger.domain.numbers import parse_count, parse_datetime, parse_id
from bakeledger.services import dto
from bakeledger.services.assembly_request import slug_argument
from bakeledger.services.dto import build
from bakeledger.uow.base import UnitOfWork

_DATE_ONLY_LENGTH = 10  # "2026-12-24"


def get_assembly_run(
    uow: UnitOfWork, *, run_id: Any, include_consumptions: bool = True
) -> dto.AssemblyRunDTO:
    """One run by id (AssemblyRunNotFound otherwise), reversed or not."""
    key = parse_id(run_id, "run_id")
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
    good_slug = slug_argument(finished_good, "finished_good") if finished_good is not None else None
    event_id = parse_id(event, "event") if event is not None else None
    since = _bound(start, "start", end=False) if start is not None else None
    until = _bound(end, "end", end=True) if end is not None else None
    page_size = parse_count(limit, "limit")
    skip = parse_count(offset, "offset", allow_zero=True)
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


def _bound(value: Any, field: str, *, end: bool) -> dt.datetime:
    """A history bound as a datetime: `start` inclusive; `end` turned into an exclusive limit."""
    whole_day = (isinstance(value, dt.date) and not isinstance(value, dt.datetime)) or (
        isinstance(value, str) and len(value.strip()) == _DATE_ONLY_LENGTH
    )
    moment = parse_datetime(value, field)
    if not end:
        return moment
    return moment + (dt.timedelta(days=1) if whole_day else dt.timedelta(seconds=1))


def run_dtos(
    uow: UnitOfWork, runs: Sequence[AssemblyRun], *, include_consumptions: bool
) -> list[dto.AssemblyRunDTO]:
    """Run DTOs; consumptions (one entry per component) come from a fixed number of queries for all runs."""
    if not isinstance(include_consumptions, bool):
        raise ValidationError(field="include_consumptions", message="include_consumptions must be a boolean")
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
