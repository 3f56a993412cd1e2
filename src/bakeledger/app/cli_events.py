"""CLI commands for events (`bakeledger event …`), the whole-plan dry run and the shopping list."""

from __future__ import annotations

from pathlib import Path

import typer

from bakeledger.app.cli_support import JSON_OPTION, console, show, show_rows, state
from bakeledger.services import events

app = typer.Typer(no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Add the root-level event commands (plan, shopping-list)."""
    root.command("plan")(plan)
    root.command("shopping-list")(shopping_list)


@app.command("create")
def create(
    ctx: typer.Context,
    name: str,
    event_date: str,
    notes: str | None = typer.Option(None, "--notes"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Create an event on a date (ISO)."""
    show(state(ctx).write(events.create_event, name=name, event_date=event_date, notes=notes), as_json)


@app.command("list")
def list_command(
    ctx: typer.Context, year: int | None = typer.Option(None, "--year"), as_json: bool = JSON_OPTION
) -> None:
    """Events, newest first."""
    rows = state(ctx).read(events.list_events, year=year)
    if as_json:
        show(rows, True)
    else:
        show_rows(rows, ["id", "name", "event_date", "notes"], title="Events")


@app.command("show")
def show_event(ctx: typer.Context, event_id: int, as_json: bool = JSON_OPTION) -> None:
    """One event with its overall progress."""
    st = state(ctx)
    if as_json:
        show(
            {
                "event": st.read(events.get_event, event_id=event_id),
                "overall": st.read(events.get_overall_progress, event=event_id),
            },
            True,
        )
        return
    show(st.read(events.get_event, event_id=event_id), False)
    show(st.read(events.get_overall_progress, event=event_id), False)


@app.command("target")
def target(ctx: typer.Context, event_id: int, recipe: str, batches: int, as_json: bool = JSON_OPTION) -> None:
    """Set (or change) how many batches of a recipe this event needs."""
    show(
        state(ctx).write(events.set_production_target, event=event_id, recipe=recipe, batches=batches),
        as_json,
    )


@app.command("assembly-target")
def assembly_target(
    ctx: typer.Context, event_id: int, finished_good: str, quantity: int, as_json: bool = JSON_OPTION
) -> None:
    """Set (or change) how many of a bundle this event needs."""
    show(
        state(ctx).write(
            events.set_assembly_target, event=event_id, finished_good=finished_good, quantity=quantity
        ),
        as_json,
    )


@app.command("assign")
def assign(
    ctx: typer.Context,
    event_id: int,
    recipient: str,
    package: str,
    quantity: int = typer.Option(1, "--quantity"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Give a recipient a package at this event."""
    show(
        state(ctx).write(
            events.assign_package, event=event_id, recipient=recipient, package=package, quantity=quantity
        ),
        as_json,
    )


@app.command("advance")
def advance(ctx: typer.Context, assignment_id: int, status: str, as_json: bool = JSON_OPTION) -> None:
    """Move an assignment on: pending → ready → delivered."""
    show(state(ctx).write(events.advance_fulfillment, assignment_id=assignment_id, status=status), as_json)


@app.command("progress")
def progress(ctx: typer.Context, event_id: int, as_json: bool = JSON_OPTION) -> None:
    """Per-target production and assembly progress."""
    st = state(ctx)
    made = st.read(events.get_production_progress, event=event_id)
    assembled = st.read(events.get_assembly_progress, event=event_id)
    if as_json:
        show({"production": made, "assembly": assembled}, True)
        return
    show_rows(
        made,
        ["recipe", "target_batches", "produced_batches", "remaining_batches", "percent"],
        title="Production",
    )
    show_rows(
        assembled,
        ["finished_good", "target_quantity", "assembled_quantity", "remaining", "percent"],
        title="Assembly",
    )


@app.command("delete")
def delete(
    ctx: typer.Context,
    event_id: int,
    cascade: bool = typer.Option(False, "--cascade"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete an event (refused while runs reference it)."""
    show({"deleted": state(ctx).write(events.delete_event, event_id=event_id, cascade=cascade)}, as_json)


def plan(ctx: typer.Context, event_id: int, as_json: bool = JSON_OPTION) -> None:
    """Dry-run the whole remaining plan of an event: feasibility, exact cost, what to buy."""
    result = state(ctx).read(events.plan_event, event=event_id)
    if as_json:
        show(result, True)
        return
    total = result.total_cost or "unknown (never bought: " + ", ".join(result.unpriced) + ")"
    console.print(
        f"feasible: {'[green]yes' if result.feasible else '[red]no'}[/]  total cost {total}"
        f"  (on hand {result.on_hand_cost}, to buy {result.shortfall_cost or 'unknown'})"
    )
    columns = ["kind", "slug", "quantity", "feasible", "cost", "on_hand_cost", "shortfall_cost"]
    show_rows(result.targets, columns, title="Targets")


def shopping_list(
    ctx: typer.Context,
    event_id: int,
    csv_file: Path | None = typer.Option(None, "--csv", help="Also write the list as CSV."),
    as_json: bool = JSON_OPTION,
) -> None:
    """What to buy for an event's remaining targets."""
    st = state(ctx)
    result = st.read(events.get_shopping_list, event=event_id)
    if csv_file is not None:
        csv_file.write_text(st.read(events.shopping_list_csv, event=event_id))
    show(
        result,
        as_json,
        lambda r: show_rows(
            r.items,
            ["ingredient", "needed", "on_hand", "to_buy", "unit", "product", "packages", "estimated_cost"],
            title="Shopping list",
        ),
    )
