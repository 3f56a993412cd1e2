"""Whole-batch options for each finished unit an event needs, and what a waste threshold recommends."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from bakeledger.domain import planning
from bakeledger.domain.progress import round_percent
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.services.planning.demand import read_demand
from bakeledger.uow.base import UnitOfWork


def batch_options(uow: UnitOfWork, *, event: Any, waste_threshold: Any = "15") -> dto.EventBatchOptionsDTO:
    """Per finished unit, the floor and ceil batch options for what is still needed (need − produced
    for the event, never below 0), or the one exact option, and the threshold's recommendation.
    Nothing is chosen or written."""
    event_id = arguments.parse_id(event, "event")
    threshold = arguments.parse_quantity(waste_threshold, "waste_threshold", allow_zero=True)
    found = read_demand(uow, event_id)
    decided = {d.finished_unit_id: d for d in uow.plans.decisions(event_id)}
    units = []
    for unit_id, needed in found.demand.units.items():
        unit, produced = found.units[unit_id], found.produced_items(unit_id)
        decision = decided.get(unit_id)
        remaining = max(0, needed - produced)
        choice = planning.batch_options(remaining, unit.items_per_batch, Fraction(threshold))
        units.append(
            build(
                dto.UnitBatchOptionsDTO,
                finished_unit=unit.slug,
                recipe=unit.recipe_slug,
                needed=needed,
                produced=produced,
                remaining=remaining,
                items_per_batch=unit.items_per_batch,
                options=[
                    build(
                        dto.BatchOptionDTO,
                        kind=o.kind,
                        batches=o.batches,
                        items=o.items,
                        event_batches=o.batches + found.produced_batches(unit_id),
                        shortfall=o.shortfall,
                        extra=o.extra,
                        waste_percent=round_percent(o.waste_percent),
                    )
                    for o in choice.options
                ],
                recommended=choice.recommended,
                flagged=choice.flagged,
                decided_batches=None if decision is None else decision.batches,
                stale=decision is not None and planning.is_stale(decision, needed, unit.items_per_batch),
                decided_need=None if decision is None else decision.need,
            )
        )
    return build(
        dto.EventBatchOptionsDTO,
        event_id=event_id,
        waste_threshold=threshold,
        units=sorted(units, key=lambda u: u.finished_unit),
    )
