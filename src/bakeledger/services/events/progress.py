"""Event progress: per target, per kind and overall, from the event's non-reversed runs.

Every read is a fixed number of SQL statements: the sums are made in SQL, grouped over all the
events asked for at once, and the percent math is the pure code in domain/progress.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from bakeledger.domain.events import EventScope, event_window
from bakeledger.domain.progress import (
    TargetProgress,
    TargetTally,
    overall_progress,
    round_percent,
    target_progress,
)
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.uow.base import UnitOfWork


def _progress(tally: TargetTally) -> tuple[TargetTally, TargetProgress]:
    return tally, target_progress(tally.target, tally.done)


def _production_dto(tally: TargetTally, p: TargetProgress) -> dto.ProductionProgressDTO:
    return build(
        dto.ProductionProgressDTO,
        recipe=tally.slug,
        target_batches=p.target,
        produced_batches=p.done,
        produced_yield=tally.done_yield,
        remaining_batches=p.remaining,
        overage_batches=p.overage,
        percent=round_percent(p.percent),
        complete=p.complete,
    )


def _assembly_dto(tally: TargetTally, p: TargetProgress) -> dto.AssemblyProgressDTO:
    return build(
        dto.AssemblyProgressDTO,
        finished_good=tally.slug,
        target_quantity=p.target,
        assembled_quantity=p.done,
        remaining=p.remaining,
        overage=p.overage,
        percent=round_percent(p.percent),
        complete=p.complete,
    )


def _overall_dto(
    production: Sequence[tuple[TargetTally, TargetProgress]],
    assembly: Sequence[tuple[TargetTally, TargetProgress]],
    statuses: dict[str, int],
) -> dto.OverallProgressDTO:
    o = overall_progress([p for _t, p in production], [p for _t, p in assembly])
    return build(
        dto.OverallProgressDTO,
        production_percent=round_percent(o.production_percent),
        assembly_percent=round_percent(o.assembly_percent),
        overall_percent=round_percent(o.overall_percent),
        status=o.status,
        production_targets=o.production_targets,
        production_complete=o.production_complete,
        assembly_targets=o.assembly_targets,
        assembly_complete=o.assembly_complete,
        packages_pending=statuses.get("pending", 0),
        packages_ready=statuses.get("ready", 0),
        packages_delivered=statuses.get("delivered", 0),
        packages_total=sum(statuses.values()),
    )


def _one_event(uow: UnitOfWork, event: Any) -> EventScope:
    event_id = arguments.parse_id(event, "event")
    uow.ensure_active()
    uow.events.get(event_id)
    return EventScope.one(event_id)


def get_production_progress(uow: UnitOfWork, *, event: Any) -> list[dto.ProductionProgressDTO]:
    """Each production target of the event, in creation order, with what was baked for it."""
    scope = _one_event(uow, event)
    return [_production_dto(*_progress(t)) for t in uow.events.production_tallies(scope)]


def get_assembly_progress(uow: UnitOfWork, *, event: Any) -> list[dto.AssemblyProgressDTO]:
    """Each assembly target of the event, in creation order, with what was assembled for it."""
    scope = _one_event(uow, event)
    return [_assembly_dto(*_progress(t)) for t in uow.events.assembly_tallies(scope)]


def get_overall_progress(uow: UnitOfWork, *, event: Any) -> dto.OverallProgressDTO:
    """Both kinds of targets combined, plus assignment counts by fulfillment status."""
    scope = _one_event(uow, event)
    statuses = uow.events.assignment_counts(scope).get(scope.event_id or 0, {})
    production = [_progress(t) for t in uow.events.production_tallies(scope)]
    return _overall_dto(production, [_progress(t) for t in uow.events.assembly_tallies(scope)], statuses)


def get_events_with_progress(
    uow: UnitOfWork,
    *,
    filter: str = "active_future",
    date_from: Any = None,
    date_to: Any = None,
    today: Any = None,
) -> list[dto.EventProgressDTO]:
    """Events by date then name, each with its progress — four SQL statements however many events."""
    first = arguments.parse_date(date_from, "date_from") if date_from is not None else None
    last = arguments.parse_date(date_to, "date_to") if date_to is not None else None
    day = arguments.parse_date(today, "today") if today is not None else dt.date.today()
    first, last = event_window(filter, first, last, day)
    uow.ensure_active()
    events = uow.events.list_window(first=first, last=last)
    scope = EventScope(first=first, last=last)
    production: defaultdict[int, list[tuple[TargetTally, TargetProgress]]] = defaultdict(list)
    for tally in uow.events.production_tallies(scope):
        production[tally.event_id].append(_progress(tally))
    assembly: defaultdict[int, list[tuple[TargetTally, TargetProgress]]] = defaultdict(list)
    for tally in uow.events.assembly_tallies(scope):
        assembly[tally.event_id].append(_progress(tally))
    statuses = uow.events.assignment_counts(scope)
    return [
        build(
            dto.EventProgressDTO,
            event_id=e.id,
            name=e.name,
            event_date=e.event_date,
            production=[_production_dto(t, p) for t, p in production[e.id]],
            assembly=[_assembly_dto(t, p) for t, p in assembly[e.id]],
            overall=_overall_dto(production[e.id], assembly[e.id], statuses.get(e.id, {})),
        )
        for e in events
    ]
