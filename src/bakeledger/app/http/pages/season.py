"""The season at a glance: the dashboard, an event's page with its forms, its shopping list."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from bakeledger.app.http.auth import BAKER
from bakeledger.app.http.pages.common import Form, back, filled, page, refused
from bakeledger.app.http.units import ledger_of, write
from bakeledger.domain.errors import BakeLedgerError
from bakeledger.services import assembly, catalog, events, production
from bakeledger.uow.base import UnitOfWork

NEXT_STATUS = {"pending": "ready", "ready": "delivered"}
# the dashboard plans the next few events only: its cost stays flat however many events there are
DASHBOARD_EVENTS = 10
BAKE_FIELDS = ("finished_unit", "batches", "actual_yield")
ASSEMBLE_FIELDS = ("quantity",)


def _dashboard(uow: UnitOfWork) -> dict[str, Any]:
    upcoming = events.get_events_with_progress(uow)[:DASHBOARD_EVENTS]
    shortages = {}
    for item in upcoming:
        plan = events.plan_event(uow, event=item.event_id)
        shortages[item.event_id] = [m for t in plan.targets for m in t.missing]
    return {"events": upcoming, "shortages": shortages}


@get("/", sync_to_thread=True, include_in_schema=False)
def dashboard(request: Request[Any, Any, Any]) -> Template:
    with ledger_of(request).uow(read_only=True) as uow:
        return page(request, "dashboard.html", **_dashboard(uow))


def _event(uow: UnitOfWork, event_id: int) -> dict[str, Any]:
    units: dict[str, list[Any]] = {}
    for unit in catalog.list_finished_units(uow):
        units.setdefault(unit.recipe, []).append(unit)
    return {
        "event": events.get_event(uow, event_id=event_id),
        "production": events.get_production_progress(uow, event=event_id),
        "assembly": events.get_assembly_progress(uow, event=event_id),
        "overall": events.get_overall_progress(uow, event=event_id),
        "assignments": events.list_assignments(uow, event=event_id),
        "costs": events.get_event_cost_analysis(uow, event=event_id),
        "plan": events.plan_event(uow, event=event_id),
        "shopping": events.get_shopping_list(uow, event=event_id),
        "units_by_recipe": units,
        "next_status": NEXT_STATUS,
    }


def event_page(request: Request[Any, Any, Any], event_id: int, **extra: Any) -> Template:
    with ledger_of(request).uow(read_only=True) as uow:
        context = _event(uow, event_id)
    return page(request, "event.html", **context, **extra)


@get("/events/{event_id:int}", sync_to_thread=True, include_in_schema=False)
def show_event(request: Request[Any, Any, Any], event_id: FromPath[int]) -> Template:
    return event_page(request, event_id)


@post("/events/{event_id:int}/bake", opt=BAKER, sync_to_thread=True, include_in_schema=False)
def bake(request: Request[Any, Any, Any], event_id: FromPath[int], data: Form) -> Response[Any]:
    recipe = data.get("recipe", "")
    try:
        write(
            request,
            production.record_production,
            recipe=recipe,
            event=event_id,
            **filled(data, "finished_unit", "batches", "actual_yield", "idempotency_key"),
        )
    except BakeLedgerError as error:
        render = _again(event_id)
        return refused(request, error, f"bake-{recipe}", data, BAKE_FIELDS, render)
    return back(f"/events/{event_id}#bake-{recipe}")


@post("/events/{event_id:int}/assemble", opt=BAKER, sync_to_thread=True, include_in_schema=False)
def assemble(request: Request[Any, Any, Any], event_id: FromPath[int], data: Form) -> Response[Any]:
    good = data.get("finished_good", "")
    try:
        write(
            request,
            assembly.record_assembly,
            finished_good=good,
            event=event_id,
            **filled(data, "quantity", "idempotency_key"),
        )
    except BakeLedgerError as error:
        return refused(request, error, f"assemble-{good}", data, ASSEMBLE_FIELDS, _again(event_id))
    return back(f"/events/{event_id}#assemble-{good}")


@post(
    "/events/{event_id:int}/assignments/{assignment_id:int}/advance",
    opt=BAKER,
    sync_to_thread=True,
    include_in_schema=False,
)
def advance(
    request: Request[Any, Any, Any], event_id: FromPath[int], assignment_id: FromPath[int], data: Form
) -> Redirect:
    write(request, events.advance_fulfillment, assignment_id=assignment_id, status=data.get("status", ""))
    return back(f"/events/{event_id}")


@get("/events/{event_id:int}/shopping-list", sync_to_thread=True, include_in_schema=False)
def shopping_page(request: Request[Any, Any, Any], event_id: FromPath[int]) -> Template:
    with ledger_of(request).uow(read_only=True) as uow:
        event = events.get_event(uow, event_id=event_id)
        shopping = events.get_shopping_list(uow, event=event_id)
    return page(request, "shopping.html", event=event, shopping=shopping)


@get("/events/{event_id:int}/shopping-list.csv", sync_to_thread=True, include_in_schema=False)
def shopping_csv(request: Request[Any, Any, Any], event_id: FromPath[int]) -> Response[str]:
    with ledger_of(request).uow(read_only=True) as uow:
        text = events.shopping_list_csv(uow, event=event_id)
    return Response(
        text,
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="shopping-list-event-{event_id}.csv"'},
    )


def _again(event_id: int) -> Any:
    def render(request: Request[Any, Any, Any], *, forms: dict[str, Any], status: int) -> Template:
        return event_page(request, event_id, forms=forms, status=status)

    return render


ROUTES = [dashboard, show_event, bake, assemble, advance, shopping_page, shopping_csv]
