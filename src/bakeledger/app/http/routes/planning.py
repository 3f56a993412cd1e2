"""Planning: an event's demand and batch options, its plan (decisions, states, amendments), and the
season of every scheduled plan run against one stock."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import attrs
from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from bakeledger.app.http.body import StrictBody
from bakeledger.app.http.units import created, read, write
from bakeledger.services import planning
from bakeledger.services.dto import EventBatchOptionsDTO, EventDemandDTO, PlanDTO, SeasonPlanDTO

TAGS = ["planning"]

# the season's window, inclusive: ISO dates of the events
From = Annotated[str | None, QueryParameter(name="from", required=False)]
To = Annotated[str | None, QueryParameter(name="to", required=False)]


@attrs.frozen(kw_only=True)
class BatchDecision:
    finished_unit: str
    batches: int
    accept_shortfall: bool = False  # true: fewer items than needed, on purpose


@attrs.frozen(kw_only=True)
class Decisions:
    decisions: list[BatchDecision]


@attrs.frozen(kw_only=True)
class Completion:
    reason: str | None = None  # needed when a target is not met


@attrs.frozen(kw_only=True)
class PlanChange:
    """One change to a plan; the fields each kind takes (a field another kind takes is refused):
    set_batches: finished_unit, batches, accept_shortfall;
    add_assignment: recipient, package, quantity (1 when left out), decisions;
    remove_assignment: assignment_id;
    set_assignment_quantity: assignment_id, quantity, decisions.
    `decisions` decide the finished units whose need the change raises."""

    kind: Literal["set_batches", "add_assignment", "remove_assignment", "set_assignment_quantity"]
    finished_unit: str | None = None
    batches: int | None = None
    accept_shortfall: bool | None = None
    recipient: str | None = None
    package: str | None = None
    quantity: int | None = None
    assignment_id: int | None = None
    decisions: list[BatchDecision] | None = None


@attrs.frozen(kw_only=True)
class Amendment:
    change: PlanChange
    reason: str


def _change(change: PlanChange) -> dict[str, Any]:
    """The change as the service reads it: only the fields given (rows as dicts)."""
    return {name: value for name, value in attrs.asdict(change).items() if value is not None}


@get("/events/{event_id:int}/plan", sync_to_thread=True, tags=TAGS)
def get_plan(request: Request[Any, Any, Any], event_id: FromPath[int]) -> PlanDTO:
    """The event's plan: its state, the live demand with each decision, the targets they make, the
    snapshot taken when it was locked and how the live plan compares with it, and every amendment."""
    return read(request, planning.get_plan, event=event_id)


@get("/events/{event_id:int}/plan/demand", sync_to_thread=True, tags=TAGS)
def get_demand(request: Request[Any, Any, Any], event_id: FromPath[int]) -> EventDemandDTO:
    """What the event's assignments and assembly targets need: bundles, finished units (combined
    before any rounding) and packaging."""
    return read(request, planning.derive_demand, event=event_id)


@get("/events/{event_id:int}/plan/options", sync_to_thread=True, tags=TAGS)
def get_batch_options(
    request: Request[Any, Any, Any],
    event_id: FromPath[int],
    waste_threshold: FromQuery[str] = "15",
) -> EventBatchOptionsDTO:
    """Per finished unit, the whole-batch options for what is still needed and the one the waste
    threshold (a percent) recommends; nothing is chosen."""
    return read(request, planning.batch_options, event=event_id, waste_threshold=waste_threshold)


@post(
    "/events/{event_id:int}/plan/decisions",
    dto=StrictBody[Decisions],
    status_code=200,
    sync_to_thread=True,
    tags=TAGS,
)
def decide_batches(
    request: Request[Any, Any, Any], event_id: FromPath[int], data: JSONBody[Decisions]
) -> PlanDTO:
    """Choose the batches of a draft plan's finished units, all or nothing; they become the event's
    production targets. Batches yielding fewer items than needed are refused (422) unless the
    decision accepts the shortfall."""
    return write(request, planning.decide_batches, event=event_id, **attrs.asdict(data))


@post("/events/{event_id:int}/plan/lock", status_code=200, sync_to_thread=True, tags=TAGS)
def lock_plan(request: Request[Any, Any, Any], event_id: FromPath[int]) -> PlanDTO:
    """Lock a draft plan and keep its snapshot; refused (409) while a needed finished unit has no
    decision or a stale one. From then on, the plan changes only through amendments."""
    return write(request, planning.lock_plan, event=event_id)


@post("/events/{event_id:int}/plan/start", status_code=200, sync_to_thread=True, tags=TAGS)
def start_production(request: Request[Any, Any, Any], event_id: FromPath[int]) -> PlanDTO:
    """A locked plan goes into production."""
    return write(request, planning.start_production, event=event_id)


@post(
    "/events/{event_id:int}/plan/complete",
    dto=StrictBody[Completion],
    status_code=200,
    sync_to_thread=True,
    tags=TAGS,
)
def complete_plan(
    request: Request[Any, Any, Any], event_id: FromPath[int], data: JSONBody[Completion | None] = None
) -> PlanDTO:
    """Complete a plan in production: every target met, or a reason why not (the body is optional)."""
    reason = None if data is None else data.reason
    return write(request, planning.complete_plan, event=event_id, reason=reason)


@post("/events/{event_id:int}/plan/amendments", dto=StrictBody[Amendment], sync_to_thread=True, tags=TAGS)
def amend_plan(
    request: Request[Any, Any, Any], event_id: FromPath[int], data: JSONBody[Amendment]
) -> Response[PlanDTO]:
    """Change a locked plan (or one in production), with a reason; the amendment is kept with the
    values before and after it. A change that raises a need brings the decisions for it."""
    plan = write(
        request, planning.amend_plan, event=event_id, change=_change(data.change), reason=data.reason
    )
    return created(request, plan, f"/api/v1/events/{event_id}/plan")


@get("/season", sync_to_thread=True, tags=TAGS)
def get_season(request: Request[Any, Any, Any], date_from: From = None, date_to: To = None) -> SeasonPlanDTO:
    """Every locked plan and plan in production of events in the window (`from`, `to`: ISO dates),
    by date, run one after the other against one stock: what each can make, what it costs, and what
    to buy for the whole season. Writes nothing."""
    return read(request, planning.plan_season, date_from=date_from, date_to=date_to)


ROUTES = [
    get_plan,
    get_demand,
    get_batch_options,
    decide_batches,
    lock_plan,
    start_production,
    complete_plan,
    amend_plan,
    get_season,
]
