"""Planning pages: an event's plan (batch options, decisions, its states, amendments with reasons, the
snapshot against the live plan) and the season's plan (every scheduled event against one stock)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from bakeledger.app.http.auth import BAKER
from bakeledger.app.http.pages.common import Form, back, filled, page, refused
from bakeledger.app.http.units import ledger_of, write
from bakeledger.domain.errors import BakeLedgerError
from bakeledger.services import catalog, dto, events, planning
from bakeledger.uow.base import UnitOfWork

# each step of a plan's life: the service, and the form fields it reads
STEPS: dict[str, tuple[Callable[..., Any], tuple[str, ...]]] = {
    "lock": (planning.lock_plan, ()),
    "start": (planning.start_production, ()),
    "complete": (planning.complete_plan, ("reason",)),
}
# the step each state offers next
NEXT_STEP = {"draft": "lock", "locked": "start", "in_production": "complete"}
AMENDMENTS = ("set_batches", "add_assignment", "set_assignment_quantity", "remove_assignment")
SEASON_FIELDS = ("from", "to")
# a decision's field as the service names it: decisions[i].batches, change.decisions[i].accept_shortfall
_INDEXED = re.compile(r"^(?:change\.)?decisions\[(\d+)\]\.(\w+)$")


def _plan(uow: UnitOfWork, event_id: int) -> dict[str, Any]:
    plan = planning.get_plan(uow, event=event_id)
    return {
        "event": events.get_event(uow, event_id=event_id),
        "plan": plan,
        "options": planning.batch_options(uow, event=event_id),
        "decided": {u.finished_unit: u for u in plan.units},
        "orphans": [u for u in plan.units if u.needed == 0 and u.batches is not None],
        "changed": [c for c in plan.comparison if c.change != "unchanged"],
        "amendments": [(a, _amendment_rows(a)) for a in reversed(plan.amendments)],
        "assignments": events.list_assignments(uow, event=event_id),
        "recipients": catalog.list_recipients(uow),
        "packages": catalog.list_packages(uow),
        "next_step": NEXT_STEP.get(plan.state),
    }


def _amendment_rows(amendment: dto.PlanAmendmentDTO) -> list[tuple[str, str, str]]:
    """What an amendment touched, one row per assignment, decision and target: before and after."""
    rows: dict[str, list[str]] = {}

    def put(values: dto.PlanValuesDTO, side: int) -> None:
        for a in values.assignments:
            rows.setdefault(f"assignment #{a.id} ({a.recipient}, {a.package})", ["—", "—"])[side] = (
                f"{a.quantity}"
            )
        for d in values.decisions:
            shown = f"{d.batches} batches" + (" (short accepted)" if d.accept_shortfall else "")
            rows.setdefault(f"decision {d.finished_unit}", ["—", "—"])[side] = shown
        for t in values.targets:
            rows.setdefault(f"target {t.recipe}", ["—", "—"])[side] = f"{t.batches} batches"

    put(amendment.before, 0)
    put(amendment.after, 1)
    return [(what, before, after) for what, (before, after) in rows.items()]


def plan_page(request: Request[Any, Any, Any], event_id: int, **extra: Any) -> Template:
    with ledger_of(request).uow(read_only=True) as uow:
        context = _plan(uow, event_id)
    return page(request, "plan.html", **context, **extra)


@get("/events/{event_id:int}/plan", sync_to_thread=True, include_in_schema=False)
def show_plan(request: Request[Any, Any, Any], event_id: FromPath[int]) -> Template:
    return plan_page(request, event_id)


@post("/events/{event_id:int}/plan/decisions", opt=BAKER, sync_to_thread=True, include_in_schema=False)
def decide(request: Request[Any, Any, Any], event_id: FromPath[int], data: Form) -> Response[Any]:
    decisions = _decisions(data)
    try:
        write(request, planning.decide_batches, event=event_id, decisions=decisions)
    except BakeLedgerError as error:
        return _refused(request, error, "decide", data, event_id, decisions)
    return back(f"/events/{event_id}/plan#decide")


@post("/events/{event_id:int}/plan/{step:str}", opt=BAKER, sync_to_thread=True, include_in_schema=False)
def move(
    request: Request[Any, Any, Any], event_id: FromPath[int], step: FromPath[str], data: Form
) -> Response[Any]:
    if step not in STEPS:
        raise NotFoundException(detail=f"a plan cannot {step}: lock, start or complete")
    service, fields = STEPS[step]
    try:
        write(request, service, event=event_id, **filled(data, *fields))
    except BakeLedgerError as error:
        return refused(request, error, step, data, fields, _again(event_id))
    return back(f"/events/{event_id}/plan")


@post("/events/{event_id:int}/plan/amendments", opt=BAKER, sync_to_thread=True, include_in_schema=False)
def amend(request: Request[Any, Any, Any], event_id: FromPath[int], data: Form) -> Response[Any]:
    kind = data.get("kind", "")
    decisions = _decisions(data)
    change = _change(kind, data, decisions)
    try:
        write(request, planning.amend_plan, event=event_id, change=change, reason=data.get("reason", ""))
    except BakeLedgerError as error:
        return _refused(request, error, f"amend-{kind}", data, event_id, decisions)
    return back(f"/events/{event_id}/plan#amendments")


def _change(kind: str, form: dict[str, str], decisions: list[dict[str, Any]]) -> dict[str, Any]:
    """The change an amendment form asks for (the service checks every value)."""
    if kind == "set_batches":
        return {
            "kind": kind,
            **filled(form, "finished_unit", "batches"),
            "accept_shortfall": "accept_shortfall" in form,
        }
    change: dict[str, Any] = {
        "kind": kind,
        **filled(form, "recipient", "package", "assignment_id", "quantity"),
    }
    if kind in ("add_assignment", "set_assignment_quantity"):
        change["decisions"] = decisions
    return change


def _decisions(form: dict[str, str]) -> list[dict[str, Any]]:
    """One decision per finished unit whose batches were typed in (`batches-<slug>`, `accept-<slug>`)."""
    return [
        {"finished_unit": unit, "batches": value.strip(), "accept_shortfall": f"accept-{unit}" in form}
        for name, value in form.items()
        if name.startswith("batches-") and value.strip()
        for unit in [name.removeprefix("batches-")]
    ]


def _refused(
    request: Request[Any, Any, Any],
    error: BakeLedgerError,
    form_id: str,
    form: dict[str, str],
    event_id: int,
    decisions: list[dict[str, Any]],
) -> Template:
    """A refused plan form, its error beside the finished unit's batches when it names one."""
    field = getattr(error, "field", None) or ""
    indexed = _INDEXED.match(field)
    unit = getattr(error, "finished_unit", None)
    if indexed and int(indexed.group(1)) < len(decisions):
        unit = decisions[int(indexed.group(1))]["finished_unit"]
        field = f"accept-{unit}" if indexed.group(2) == "accept_shortfall" else f"batches-{unit}"
    elif unit and f"batches-{unit}" in form:
        field = f"batches-{unit}"
    else:
        field = field.removeprefix("change.").removeprefix("change[0].")
    return refused(request, error, form_id, form, tuple(form), _again(event_id), field=field)


def _again(event_id: int) -> Callable[..., Template]:
    def render(request: Request[Any, Any, Any], *, forms: dict[str, Any], status: int) -> Template:
        return plan_page(request, event_id, forms=forms, status=status)

    return render


def season_page(request: Request[Any, Any, Any], date_from: str, date_to: str, **extra: Any) -> Template:
    with ledger_of(request).uow(read_only=True) as uow:
        season = planning.plan_season(uow, date_from=date_from or None, date_to=date_to or None)
    return page(request, "season.html", season=season, **extra)


@get("/season", sync_to_thread=True, include_in_schema=False)
def show_season(
    request: Request[Any, Any, Any],
    date_from: Annotated[str, QueryParameter(name="from")] = "",
    date_to: Annotated[str, QueryParameter(name="to")] = "",
) -> Template:
    values = {"from": date_from, "to": date_to, "_form": "season"}
    try:
        return season_page(request, date_from, date_to, forms={"season": {"values": values, "errors": {}}})
    except BakeLedgerError as error:
        field = {"date_from": "from", "date_to": "to"}.get(getattr(error, "field", None) or "")
        return refused(request, error, "season", values, SEASON_FIELDS, _whole_season, field=field)


def _whole_season(request: Request[Any, Any, Any], *, forms: dict[str, Any], status: int) -> Template:
    """The season page for every date, under a window that was refused."""
    return season_page(request, "", "", forms=forms, status=status)


ROUTES = [show_plan, decide, amend, move, show_season]
