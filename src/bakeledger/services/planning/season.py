"""The season dry run: every scheduled plan (locked or in production) in a date window, simulated
together against one snapshot of stock, so two events never both count the same flour."""

from __future__ import annotations

from typing import Any

from bakeledger.domain import planning
from bakeledger.domain.errors import ValidationError
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.services.events.planning import Simulation, totals
from bakeledger.uow.base import UnitOfWork


def plan_season(uow: UnitOfWork, *, date_from: Any = None, date_to: Any = None) -> dto.SeasonPlanDTO:
    """Simulate the remaining targets of every event whose plan is locked or in production, in date
    order, each drawing FIFO from what the earlier events left: per event feasible or short with
    what is missing and its exact cost, and one shopping list for the whole season. Writes nothing."""
    start = arguments.optional_date(date_from, "date_from")
    end = arguments.optional_date(date_to, "date_to")
    if start is not None and end is not None and end < start:
        raise ValidationError(field="date_to", value=end.isoformat(), message="date_to is before date_from")
    uow.ensure_active()
    simulation = Simulation(uow)
    events, every_cost = [], []
    for event_id, name, day, state in uow.plans.scheduled(planning.SCHEDULED_STATES, start, end):
        targets, costs, bundled = simulation.event(event_id)
        every_cost += costs
        events.append(
            build(
                dto.SeasonEventDTO,
                event_id=event_id,
                name=name,
                event_date=day,
                state=state,
                feasible=all(t.feasible for t in targets),
                targets=targets,
                **totals(costs, bundled).fields(),
            )
        )
    return build(
        dto.SeasonPlanDTO,
        date_from=start,
        date_to=end,
        feasible=all(e.feasible for e in events),
        events=events,
        shopping_list=simulation.shopping_list(),
        **totals(every_cost, simulation.bundled).fields(),
    )
