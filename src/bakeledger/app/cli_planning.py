"""CLI commands for event planning (`bakeledger plan …`) and the season dry run (`bakeledger season`).

`plan` is a group: the demand and batch options of an event, the batch decisions that become its
targets, the plan's states (draft → locked → in_production → complete), amendments with a reason,
the plan against its snapshot, and `plan dry-run` (feasibility and exact cost, writes nothing).
Decisions are `UNIT:BATCHES` values (`--batches cookie:7`); a value without its parts is a usage
error, before anything is opened or written.
"""

from __future__ import annotations

from typing import Any

import typer

from bakeledger.app.cli_catalog import command_group, parts
from bakeledger.app.cli_support import (
    JSON_OPTION,
    cell,
    console,
    plain,
    show,
    show_record,
    show_rows,
    show_shopping_items,
    state,
)
from bakeledger.services import dto, events, planning

app = command_group("Event plans: demand, batch options, decisions, states and amendments.")

BATCHES_HELP = "FINISHED_UNIT:BATCHES, repeatable."
ACCEPT_HELP = "A finished unit whose decided batches may yield fewer than needed, repeatable."


def register(root: typer.Typer) -> None:
    """Add the `plan` group and the root-level `season` command."""
    root.add_typer(app, name="plan")
    root.command("season")(season)


@app.command("demand")
def demand(ctx: typer.Context, event_id: int, as_json: bool = JSON_OPTION) -> None:
    """What the event's assignments and assembly targets need: bundles, finished units, packaging."""
    result = state(ctx).read(planning.derive_demand, event=event_id)
    if as_json:
        show(result, True)
        return
    show_rows(result.bundles, ["finished_good", "needed"], title="Bundles", empty="No bundles needed.")
    show_rows(
        result.units,
        ["finished_unit", "recipe", "needed", "items_per_batch", "produced"],
        title="Finished units",
        empty="No finished units needed.",
    )
    show_rows(
        result.packaging,
        ["product", "ingredient", "quantity", "unit"],
        title="Packaging",
        empty="No packaging needed.",
    )


@app.command("options")
def options(
    ctx: typer.Context,
    event_id: int,
    waste_threshold: str = typer.Option(
        "15", "--waste-threshold", help="Percent of extra items the ceil may waste and still be picked."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Batch options per finished unit for what is still needed: short (floor) or extra (ceil)."""
    result = state(ctx).read(planning.batch_options, event=event_id, waste_threshold=waste_threshold)
    if as_json:
        show(result, True)
        return
    if not result.units:
        console.print(plain("No finished units needed."))
    for unit in result.units:
        console.print(plain(_unit_heading(unit, result.waste_threshold), "bold"))
        rows = [_option_row(unit, option) for option in unit.options]
        columns = ["option", "batches", "items", "short", "extra", "waste", "decide", "pick"]
        show_rows(rows, columns, title=f"Options for {unit.finished_unit}", empty="No options.")


def _unit_heading(unit: dto.UnitBatchOptionsDTO, threshold: str) -> str:
    heading = (
        f"{unit.finished_unit} ({unit.recipe}, {unit.items_per_batch} a batch): need {unit.needed}, "
        f"made {unit.produced}, remaining {unit.remaining}"
    )
    if unit.flagged:
        heading += f"; every option wastes more than {threshold} % or is short"
    if unit.decided_batches is not None:
        heading += f"; decided {unit.decided_batches}" + (" (stale)" if unit.stale else "")
    return heading


def _option_row(unit: dto.UnitBatchOptionsDTO, option: dto.BatchOptionDTO) -> dict[str, Any]:
    return {
        "option": option.kind,
        "batches": option.batches,
        "items": option.items,
        "short": option.shortfall,
        "extra": option.extra,
        "waste": f"{option.waste_percent} %",
        "decide": option.event_batches,  # the batch count to give `plan decide`
        "pick": "yes" if option.kind == unit.recommended else "",
    }


@app.command("decide")
def decide(
    ctx: typer.Context,
    event_id: int,
    batches: list[str] = typer.Option(..., "--batches", help=BATCHES_HELP),
    accept_shortfall: list[str] | None = typer.Option(None, "--accept-shortfall", help=ACCEPT_HELP),
    as_json: bool = JSON_OPTION,
) -> None:
    """Decide the batches of finished units (a draft plan only); the decisions become the targets."""
    decisions = _decisions(batches, accept_shortfall, "--batches")
    _show_plan(state(ctx).write(planning.decide_batches, event=event_id, decisions=decisions), as_json)


def _decisions(batches: list[str] | None, accepted: list[str] | None, option: str) -> list[dict[str, Any]]:
    """`UNIT:BATCHES` values as decisions; `--accept-shortfall` must name one of their units."""
    decisions = [
        {"finished_unit": entry["finished_unit"], "batches": entry["batches"], "accept_shortfall": False}
        for entry in (parts(value, option, ("finished_unit", "batches")) for value in batches or [])
    ]
    decided = {d["finished_unit"] for d in decisions}
    for unit in accepted or []:
        if unit not in decided:
            raise typer.BadParameter(f"{unit!r} is not given with {option}", param_hint="--accept-shortfall")
    for decision in decisions:
        decision["accept_shortfall"] = decision["finished_unit"] in (accepted or [])
    return decisions


@app.command("lock")
def lock(ctx: typer.Context, event_id: int, as_json: bool = JSON_OPTION) -> None:
    """Lock a draft plan (every needed finished unit decided, none stale) and keep its snapshot."""
    _show_plan(state(ctx).write(planning.lock_plan, event=event_id), as_json)


@app.command("start")
def start(ctx: typer.Context, event_id: int, as_json: bool = JSON_OPTION) -> None:
    """Move a locked plan into production."""
    _show_plan(state(ctx).write(planning.start_production, event=event_id), as_json)


@app.command("complete")
def complete(
    ctx: typer.Context,
    event_id: int,
    reason: str | None = typer.Option(None, "--reason", help="Why, when targets are not all met."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Complete a plan in production (with a reason when its targets are not all met)."""
    _show_plan(state(ctx).write(planning.complete_plan, event=event_id, reason=reason), as_json)


@app.command("amend")
def amend(
    ctx: typer.Context,
    event_id: int,
    reason: str = typer.Option(..., "--reason", help="Why the locked plan changes (kept with it)."),
    set_batches: str | None = typer.Option(None, "--set-batches", help="FINISHED_UNIT:BATCHES."),
    add_assignment: str | None = typer.Option(
        None, "--add-assignment", help="RECIPIENT:PACKAGE:QUANTITY, with --batches for what it needs."
    ),
    remove_assignment: int | None = typer.Option(None, "--remove-assignment", help="An assignment id."),
    assignment_quantity: str | None = typer.Option(
        None, "--assignment-quantity", help="ASSIGNMENT_ID:QUANTITY, with --batches for what it needs."
    ),
    batches: list[str] | None = typer.Option(None, "--batches", help=BATCHES_HELP),
    accept_shortfall: list[str] | None = typer.Option(None, "--accept-shortfall", help=ACCEPT_HELP),
    as_json: bool = JSON_OPTION,
) -> None:
    """Change a locked or in-production plan: exactly one change, with a reason."""
    given = {
        "--set-batches": set_batches,
        "--add-assignment": add_assignment,
        "--remove-assignment": remove_assignment,
        "--assignment-quantity": assignment_quantity,
    }
    chosen = [option for option, value in given.items() if value is not None]
    if len(chosen) != 1:
        raise typer.BadParameter(
            "give exactly one of " + ", ".join(given), param_hint=", ".join(chosen) or "options"
        )
    change = _change(chosen[0], given[chosen[0]], batches, accept_shortfall)
    _show_plan(state(ctx).write(planning.amend_plan, event=event_id, change=change, reason=reason), as_json)


def _change(option: str, value: Any, batches: list[str] | None, accepted: list[str] | None) -> dict[str, Any]:
    if option in ("--set-batches", "--remove-assignment") and batches:
        raise typer.BadParameter(f"{option} takes no --batches", param_hint="--batches")
    if option == "--set-batches":
        (decision,) = _decisions([value], accepted, option)
        return {"kind": "set_batches", **decision}
    if option == "--remove-assignment":
        if accepted:
            raise typer.BadParameter(f"{option} takes no --accept-shortfall", param_hint="--accept-shortfall")
        return {"kind": "remove_assignment", "assignment_id": value}
    decisions = _decisions(batches, accepted, "--batches")
    if option == "--add-assignment":
        return {
            "kind": "add_assignment",
            **parts(value, option, ("recipient", "package", "quantity")),
            "decisions": decisions,
        }
    return {
        "kind": "set_assignment_quantity",
        **parts(value, option, ("assignment_id", "quantity")),
        "decisions": decisions,
    }


@app.command("show")
def show_plan(ctx: typer.Context, event_id: int, as_json: bool = JSON_OPTION) -> None:
    """The plan: its state, each finished unit's need and decision, the targets (baking and
    assembly), what changed since it was locked, and its amendments with their reasons."""
    _show_plan(state(ctx).read(planning.get_plan, event=event_id), as_json)


def _show_plan(plan: dto.PlanDTO, as_json: bool) -> None:
    if as_json:
        show(plan, True)
        return
    facts = {
        "event": plan.event_id,
        "state": plan.state,
        "ready": cell(plan.ready),
        "locked at": plan.locked_at,
        "started at": plan.started_at,
        "completed at": plan.completed_at,
        "completion reason": plan.completion_reason,
    }
    show_record({key: value for key, value in facts.items() if value is not None}, title="Plan")
    units = [
        {
            "unit": unit.finished_unit,
            "need": unit.needed,
            "batches": unit.batches,
            "yields": unit.yields,
            "short": unit.shortfall,
            "extra": unit.extra,
            "stale": unit.stale,
        }
        for unit in plan.units
    ]
    columns = ["unit", "need", "batches", "yields", "short", "extra", "stale"]
    show_rows(units, columns, title="Finished units", empty="No finished units needed.")
    show_rows(plan.targets, ["recipe", "batches"], title="Targets", empty="No targets.")
    show_rows(
        plan.assembly_targets,
        ["finished_good", "quantity"],
        title="Assembly targets",
        empty="No assembly targets.",
    )
    if plan.snapshot is not None:
        changed = [row for row in plan.comparison if row.change != "unchanged"]
        show_rows(
            changed,
            ["section", "key", "before", "after", "change"],
            title="Changed since locked",
            empty="Nothing changed since the plan was locked.",
        )
    show_rows(
        plan.amendments,
        ["id", "kind", "plan_state", "reason"],
        title="Amendments",
        empty="No amendments.",
    )


@app.command("dry-run")
def dry_run(ctx: typer.Context, event_id: int, as_json: bool = JSON_OPTION) -> None:
    """Dry-run the whole remaining plan of an event: feasibility, exact cost, what to buy."""
    result = state(ctx).read(events.plan_event, event=event_id)
    if as_json:
        show(result, True)
        return
    console.print(plain(_cost_line(result), "bold"))
    columns = ["kind", "slug", "quantity", "feasible", "cost", "on_hand_cost", "shortfall_cost"]
    show_rows(result.targets, columns, title="Targets", empty="No targets left to plan.")


def _cost_line(result: dto.EventPlanDTO | dto.SeasonPlanDTO | dto.SeasonEventDTO) -> str:
    """`feasible: yes  total cost 12.00  (on hand 8.00, to buy 4.00)`, saying why a cost is unknown."""
    total = result.total_cost or "unknown (never bought: " + ", ".join(result.unpriced) + ")"
    to_buy = result.shortfall_cost or "unknown"
    summary = f"feasible: {cell(result.feasible)}  total cost {total}"
    return summary + f"  (on hand {result.on_hand_cost}, to buy {to_buy})"


def season(
    ctx: typer.Context,
    date_from: str | None = typer.Option(None, "--from", help="First event date (ISO), inclusive."),
    date_to: str | None = typer.Option(None, "--to", help="Last event date (ISO), inclusive."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Dry-run every locked or in-production plan in date order against one stock: what each event
    can make after the earlier ones, the season's cost and what to buy."""
    result = state(ctx).read(planning.plan_season, date_from=date_from, date_to=date_to)
    if as_json:
        show(result, True)
        return
    console.print(plain(_cost_line(result), "bold"))
    scheduled = [
        {
            "id": event.event_id,
            "event": event.name,
            "date": event.event_date,
            "state": event.state,
            "feasible": event.feasible,
            "cost": event.total_cost or "unknown",
            "to_buy": event.shortfall_cost or "unknown",
        }
        for event in result.events
    ]
    show_rows(
        scheduled,
        ["id", "event", "date", "state", "feasible", "cost", "to_buy"],
        title="Events",
        empty="No locked or in-production plans in these dates.",
    )
    short = [
        {
            "event": event.event_id,
            "target": target.slug,
            "short_of": missing.slug,
            "needed": missing.needed,
            "available": missing.available,
            "unit": missing.unit,
        }
        for event in result.events
        for target in event.targets
        for missing in target.missing
    ]
    if short:
        columns = ["event", "target", "short_of", "needed", "available", "unit"]
        show_rows(short, columns, title="Short", empty="")
    show_shopping_items(result.shopping_list)
