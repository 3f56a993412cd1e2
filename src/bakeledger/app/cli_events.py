"""CLI commands for events (`bakeledger event …`) and the shopping list."""

from __future__ import annotations

from pathlib import Path

import typer

from bakeledger.app.cli_support import (
    JSON_OPTION,
    show,
    show_record,
    show_rows,
    show_shopping_items,
    state,
)
from bakeledger.app.files import write_atomically
from bakeledger.services import events

app = typer.Typer()


@app.callback(invoke_without_command=True)
def _group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        ctx.fail("missing event command")


def register(root: typer.Typer) -> None:
    """Add the root-level event command `shopping-list`."""
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
    show_rows(
        rows, ["id", "name", "event_date", "notes"], title="Events", empty="No events.", as_json=as_json
    )


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
        empty="No production targets.",
    )
    show_rows(
        assembled,
        ["finished_good", "target_quantity", "assembled_quantity", "remaining", "percent"],
        title="Assembly",
        empty="No assembly targets.",
    )


@app.command("untarget")
def untarget(ctx: typer.Context, event_id: int, recipe: str, as_json: bool = JSON_OPTION) -> None:
    """Remove a recipe's production target from this event."""
    removed = state(ctx).write(events.delete_production_target, event=event_id, recipe=recipe)
    show({"event_id": event_id, "recipe": recipe, "removed": removed}, as_json)


@app.command("unassemble-target")
def unassemble_target(ctx: typer.Context, event_id: int, bundle: str, as_json: bool = JSON_OPTION) -> None:
    """Remove a bundle's assembly target from this event."""
    removed = state(ctx).write(events.delete_assembly_target, event=event_id, finished_good=bundle)
    show({"event_id": event_id, "bundle": bundle, "removed": removed}, as_json)


@app.command("assignments")
def assignments(
    ctx: typer.Context,
    event_id: int,
    status: str | None = typer.Option(None, "--status", help="pending, ready or delivered."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Who gets what at this event, with the ids `event advance` takes."""
    rows = state(ctx).read(events.list_assignments, event=event_id, status=status)
    columns = ["id", "recipient", "package", "quantity", "status", "notes"]
    show_rows(rows, columns, title="Assignments", empty="No assignments.", as_json=as_json)


@app.command("costs")
def costs(ctx: typer.Context, event_id: int, as_json: bool = JSON_OPTION) -> None:
    """What the event's runs cost, what remains to spend, and the variance against estimate."""
    analysis = state(ctx).read(events.get_event_cost_analysis, event=event_id)
    if as_json:
        show(analysis, True)
        return
    show_rows(
        analysis.production,
        ["recipe", "target_batches", "produced_batches", "actual_cost", "estimated_cost", "variance"],
        title="Baking",
        empty="No baking targets or runs.",
    )
    show_rows(
        analysis.assembly,
        [
            "finished_good",
            "target_quantity",
            "assembled_quantity",
            "actual_cost",
            "estimated_cost",
            "variance",
        ],
        title="Assembly",
        empty="No assembly targets or runs.",
    )
    totals = ["actual_cost", "estimated_cost", "variance", "remaining_cost", "unpriced"]
    show_record({key: getattr(analysis, key) for key in totals}, title="Totals")


@app.command("summary")
def summary(ctx: typer.Context, event_id: int, as_json: bool = JSON_OPTION) -> None:
    """Recipients, packages and what each recipient's gifts cost."""
    result = state(ctx).read(events.get_event_summary, event=event_id)
    if as_json:
        show(result, True)
        return
    show_rows(
        result.recipients,
        ["recipient", "name", "assignments", "packages", "cost"],
        title=f"{result.event.name} — recipients",
        empty="No recipients yet.",
    )
    show_rows(
        result.packages,
        ["package", "name", "assignments", "quantity", "unit_cost"],
        title="Packages",
        empty="No packages assigned.",
    )
    totals = ["packages_pending", "packages_ready", "packages_delivered", "total_cost", "cost_per_recipient"]
    show_record({key: getattr(result, key) for key in totals}, title="Totals")


@app.command("clone")
def clone(
    ctx: typer.Context,
    event_id: int,
    name: str,
    event_date: str,
    without_targets: bool = typer.Option(False, "--without-targets", help="Copy assignments only."),
    as_json: bool = JSON_OPTION,
) -> None:
    """A new event like this one (next year's Christmas): its targets and assignments, all pending."""
    copy = state(ctx).write(
        events.clone_event,
        event_id=event_id,
        name=name,
        event_date=event_date,
        include_targets=not without_targets,
    )
    show(copy, as_json)


@app.command("edit")
def edit(
    ctx: typer.Context,
    event_id: int,
    name: str | None = typer.Option(None, "--name"),
    event_date: str | None = typer.Option(None, "--date", help="A new date (ISO)."),
    notes: str | None = typer.Option(None, "--notes"),
    no_notes: bool = typer.Option(False, "--no-notes", help="Remove the notes."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Change an event's name, date or notes."""
    changes: dict[str, str | None] = {
        key: value for key, value in (("name", name), ("event_date", event_date), ("notes", notes)) if value
    }
    if no_notes:
        if notes is not None:
            raise typer.BadParameter("give either --notes or --no-notes, not both", param_hint="--notes")
        changes["notes"] = None
    if not changes:
        raise typer.BadParameter("nothing to change: give at least one option", param_hint="options")
    show(state(ctx).write(events.update_event, event_id=event_id, **changes), as_json)


@app.command("delete")
def delete(
    ctx: typer.Context,
    event_id: int,
    cascade: bool = typer.Option(False, "--cascade"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete an event (refused while runs reference it)."""
    show({"deleted": state(ctx).write(events.delete_event, event_id=event_id, cascade=cascade)}, as_json)


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
        write_atomically(csv_file, st.read(events.shopping_list_csv, event=event_id).encode("utf-8"))
    show(result, as_json, lambda r: show_shopping_items(r.items))
