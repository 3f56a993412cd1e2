"""Events: the events themselves, their targets and assignments, progress, costs, shopping and plans."""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Request, Response, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from bakeledger.app.http.auth import BAKER, VIEWER
from bakeledger.app.http.body import StrictBody
from bakeledger.app.http.units import DEFAULT_LIMIT, Page, created, given, page, read, write
from bakeledger.domain.errors import ValidationError
from bakeledger.services import events
from bakeledger.services.dto import (
    AssemblyProgressDTO,
    AssemblyTargetDTO,
    AssignmentDTO,
    EventCostAnalysisDTO,
    EventDTO,
    EventPlanDTO,
    EventProgressDTO,
    EventSummaryDTO,
    OverallProgressDTO,
    ProductionProgressDTO,
    ProductionTargetDTO,
    ShoppingListDTO,
)
from bakeledger.uow.base import UnitOfWork

CSV = "text/csv"
JSON = "application/json"
TAGS = ["events"]


@attrs.frozen(kw_only=True)
class NewEvent:
    name: str
    event_date: str  # ISO date, e.g. "2026-12-24"
    notes: str | None = None


@attrs.frozen(kw_only=True)
class EventChanges:
    name: str | None = None
    event_date: str | None = None
    notes: str | None = None  # null clears them


@attrs.frozen(kw_only=True)
class EventCopy:
    name: str
    event_date: str
    include_targets: bool = True  # false: assignments only


@attrs.frozen(kw_only=True)
class ProductionTargetBody:
    batches: int
    notes: str | None = None


@attrs.frozen(kw_only=True)
class AssemblyTargetBody:
    quantity: int
    notes: str | None = None


@attrs.frozen(kw_only=True)
class NewAssignment:
    recipient: str
    package: str
    quantity: int = 1
    notes: str | None = None


@attrs.frozen(kw_only=True)
class StatusChange:
    status: str  # one step along pending → ready → delivered


@attrs.frozen
class EventProgress:
    """One event's progress: each production and assembly target, and both combined."""

    event_id: int
    production: list[ProductionProgressDTO]
    assembly: list[AssemblyProgressDTO]
    overall: OverallProgressDTO


def event_progress(uow: UnitOfWork, *, event: int) -> EventProgress:
    """The three progress reads of one event, in one unit of work (one snapshot)."""
    return EventProgress(
        event_id=event,
        production=events.get_production_progress(uow, event=event),
        assembly=events.get_assembly_progress(uow, event=event),
        overall=events.get_overall_progress(uow, event=event),
    )


@get("/events", sync_to_thread=True, tags=TAGS)
def list_events(
    request: Request[Any, Any, Any],
    year: FromQuery[int | None] = None,
    with_progress: FromQuery[bool] = False,
    filter: FromQuery[str | None] = None,
    date_from: FromQuery[str | None] = None,
    date_to: FromQuery[str | None] = None,
    limit: FromQuery[int] = DEFAULT_LIMIT,
    offset: FromQuery[int] = 0,
) -> Page[EventDTO] | Page[EventProgressDTO]:
    """Events, newest first (`year` narrows them); with `with_progress=true`, events by date with their
    progress, narrowed by `filter` (active_future, the default; past; all) and `date_from`/`date_to`."""
    if not with_progress:
        for name, value in (("filter", filter), ("date_from", date_from), ("date_to", date_to)):
            if value is not None:
                raise ValidationError(field=name, value=value, message=f"{name} needs with_progress=true")
        return page(request, read(request, events.list_events, year=year), limit, offset)
    if year is not None:
        raise ValidationError(field="year", value=year, message="year is for the plain list; use date_from")
    window: dict[str, Any] = {"date_from": date_from, "date_to": date_to}
    if filter is not None:
        window["filter"] = filter
    return page(request, read(request, events.get_events_with_progress, **window), limit, offset)


@post("/events", dto=StrictBody[NewEvent], sync_to_thread=True, tags=TAGS)
def create_event(request: Request[Any, Any, Any], data: JSONBody[NewEvent]) -> Response[EventDTO]:
    made = write(request, events.create_event, **attrs.asdict(data))
    return created(request, made, f"/api/v1/events/{made.id}")


@get("/events/{event_id:int}", sync_to_thread=True, tags=TAGS)
def get_event(request: Request[Any, Any, Any], event_id: FromPath[int]) -> EventDTO:
    return read(request, events.get_event, event_id=event_id)


@patch("/events/{event_id:int}", dto=StrictBody[EventChanges], sync_to_thread=True, tags=TAGS)
def update_event(
    request: Request[Any, Any, Any], event_id: FromPath[int], data: JSONBody[EventChanges]
) -> EventDTO:
    return write(request, events.update_event, event_id=event_id, **given(request, data))


@delete("/events/{event_id:int}", status_code=200, sync_to_thread=True, tags=TAGS)
def delete_event(
    request: Request[Any, Any, Any], event_id: FromPath[int], cascade: FromQuery[bool] = False
) -> EventDTO:
    """Refused (409) while runs reference the event; its targets and assignments go only with cascade."""
    return write(request, events.delete_event, event_id=event_id, cascade=cascade)


@post("/events/{event_id:int}/clone", dto=StrictBody[EventCopy], sync_to_thread=True, tags=TAGS)
def clone_event(
    request: Request[Any, Any, Any], event_id: FromPath[int], data: JSONBody[EventCopy]
) -> Response[EventDTO]:
    copy = write(request, events.clone_event, event_id=event_id, **attrs.asdict(data))
    return created(request, copy, f"/api/v1/events/{copy.id}")


@put(
    "/events/{event_id:int}/production-targets/{recipe:str}",
    dto=StrictBody[ProductionTargetBody],
    sync_to_thread=True,
    tags=TAGS,
)
def set_production_target(
    request: Request[Any, Any, Any],
    event_id: FromPath[int],
    recipe: FromPath[str],
    data: JSONBody[ProductionTargetBody],
) -> ProductionTargetDTO:
    return write(request, events.set_production_target, event=event_id, recipe=recipe, **attrs.asdict(data))


@delete(
    "/events/{event_id:int}/production-targets/{recipe:str}", status_code=200, sync_to_thread=True, tags=TAGS
)
def delete_production_target(
    request: Request[Any, Any, Any], event_id: FromPath[int], recipe: FromPath[str]
) -> ProductionTargetDTO:
    return write(request, events.remove_production_target, event=event_id, recipe=recipe)


@put(
    "/events/{event_id:int}/assembly-targets/{finished_good:str}",
    dto=StrictBody[AssemblyTargetBody],
    sync_to_thread=True,
    tags=TAGS,
)
def set_assembly_target(
    request: Request[Any, Any, Any],
    event_id: FromPath[int],
    finished_good: FromPath[str],
    data: JSONBody[AssemblyTargetBody],
) -> AssemblyTargetDTO:
    return write(
        request, events.set_assembly_target, event=event_id, finished_good=finished_good, **attrs.asdict(data)
    )


@delete(
    "/events/{event_id:int}/assembly-targets/{finished_good:str}",
    status_code=200,
    sync_to_thread=True,
    tags=TAGS,
)
def delete_assembly_target(
    request: Request[Any, Any, Any], event_id: FromPath[int], finished_good: FromPath[str]
) -> AssemblyTargetDTO:
    return write(request, events.remove_assembly_target, event=event_id, finished_good=finished_good)


@get("/events/{event_id:int}/assignments", sync_to_thread=True, tags=TAGS)
def list_assignments(
    request: Request[Any, Any, Any],
    event_id: FromPath[int],
    status: FromQuery[str | None] = None,
    limit: FromQuery[int] = DEFAULT_LIMIT,
    offset: FromQuery[int] = 0,
) -> Page[AssignmentDTO]:
    return page(request, read(request, events.list_assignments, event=event_id, status=status), limit, offset)


@post("/events/{event_id:int}/assignments", dto=StrictBody[NewAssignment], sync_to_thread=True, tags=TAGS)
def assign_package(
    request: Request[Any, Any, Any], event_id: FromPath[int], data: JSONBody[NewAssignment]
) -> Response[AssignmentDTO]:
    made = write(request, events.assign_package, event=event_id, **attrs.asdict(data))
    return created(request, made, f"/api/v1/events/{event_id}/assignments/{made.id}")


@patch(
    "/events/{event_id:int}/assignments/{assignment_id:int}",
    dto=StrictBody[StatusChange],
    sync_to_thread=True,
    opt=BAKER,
    tags=TAGS,
)
def advance_fulfillment(
    request: Request[Any, Any, Any],
    event_id: FromPath[int],
    assignment_id: FromPath[int],
    data: JSONBody[StatusChange],
) -> AssignmentDTO:
    """Move the assignment one step along pending → ready → delivered (409 for any other step)."""
    return write(
        request, events.advance_fulfillment, event=event_id, assignment_id=assignment_id, status=data.status
    )


@get("/events/{event_id:int}/progress", sync_to_thread=True, tags=TAGS)
def get_progress(request: Request[Any, Any, Any], event_id: FromPath[int]) -> EventProgress:
    return read(request, event_progress, event=event_id)


@get("/events/{event_id:int}/summary", sync_to_thread=True, tags=TAGS)
def get_summary(request: Request[Any, Any, Any], event_id: FromPath[int]) -> EventSummaryDTO:
    return read(request, events.get_event_summary, event=event_id)


@get("/events/{event_id:int}/costs", sync_to_thread=True, tags=TAGS)
def get_costs(request: Request[Any, Any, Any], event_id: FromPath[int]) -> EventCostAnalysisDTO:
    return read(request, events.get_event_cost_analysis, event=event_id)


@get(
    "/events/{event_id:int}/shopping-list",
    sync_to_thread=True,
    tags=TAGS,
    response_description="The shopping list as JSON, or as CSV when the request accepts text/csv",
)
def get_shopping_list(request: Request[Any, Any, Any], event_id: FromPath[int]) -> Response[ShoppingListDTO]:
    """What to buy for the event's remaining targets; `Accept: text/csv` gives it as CSV."""
    if request.accept.best_match([JSON, CSV], default=JSON) == CSV:
        text = read(request, events.shopping_list_csv, event=event_id)
        return Response(text, media_type=CSV)  # type: ignore[arg-type]
    return Response(read(request, events.get_shopping_list, event=event_id))


@post("/events/{event_id:int}/plan", status_code=200, sync_to_thread=True, opt=VIEWER, tags=TAGS)
def plan_event(request: Request[Any, Any, Any], event_id: FromPath[int]) -> EventPlanDTO:
    """The whole remaining plan as a dry run: feasibility, exact cost, what to buy; writes nothing."""
    return read(request, events.plan_event, event=event_id)


ROUTES = [
    list_events,
    create_event,
    get_event,
    update_event,
    delete_event,
    clone_event,
    set_production_target,
    delete_production_target,
    set_assembly_target,
    delete_assembly_target,
    list_assignments,
    assign_package,
    advance_fulfillment,
    get_progress,
    get_summary,
    get_costs,
    get_shopping_list,
    plan_event,
]
